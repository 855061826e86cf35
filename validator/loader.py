"""Loading: a file's bytes in; its records, and a way to find where any value sits, out.

Files are built by yaml-rs when ``validator.fastpath`` finds that it reads them as PyYAML does; the
others by libyaml's C parser (``CSafeLoader``) with safe construction only, which keeps their node tree.
Positions are not collected when building: ``Document.locate`` composes with PyYAML the nodes of the
record asked about (or of the whole file) when a position is first asked for, which happens only for
findings, so positions are the same whichever parser built the data.

Two departures from PyYAML's defaults, both to lose nothing: duplicate mapping keys are reported (PyYAML
silently keeps the last one), and timestamps stay text (``date: 2022-01-10`` reads the same as
``date: '2022-01-10'``; the schema's date type parses it).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml_rs

from validator.codes import code
from validator.fastpath import fast_load
from validator.findings import Finding, Location
from validator.guards import FORBIDDEN_CHARACTER, Limits, might_be_risky, might_hold_forbidden, scan_events, scan_text

__all__ = ["Document", "load_bytes", "load_file", "DEFAULT_LIMITS"]

DEFAULT_LIMITS = Limits()

_FastLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR, _SEQ, _MAP, _VALUE = (f"tag:yaml.org,2002:{name}" for name in ("str", "seq", "map", "value"))
_LAST_WINS = yaml_rs.DuplicateKeyPolicy.LastWins  # duplicate keys are YAML002, reported with both places


class _Loader(_FastLoader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps timestamps as text and records duplicate keys instead of dropping them."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in _FastLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[Any, yaml.Node, yaml.Mark]] = []
        self.non_text_keys: list[tuple[Any, yaml.Node]] = []
        self.ambiguous_numbers: list[tuple[int, yaml.ScalarNode]] = []

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        value = super().construct_yaml_int(node)
        if not _SAME_IN_YAML_1_2.match(node.value):  # octal 0777, base-60 1:30, 1_000, 0b101
            self.ambiguous_numbers.append((value, node))
        return value

    def construct_document(self, node: yaml.Node) -> Any:
        # The guards have refused anchors, aliases, tags and merge keys before a file gets here, so the
        # nodes form a plain tree of untagged values: build it directly, without the generic machinery
        # (per-node memo, generators for recursive structures) that costs a third of the load.
        return self._build(node)

    def _build(self, node: yaml.Node) -> Any:
        kind = node.__class__
        if kind is yaml.ScalarNode:
            return node.value if node.tag == _STR else self.construct_object(node, deep=True)
        if kind is yaml.SequenceNode and node.tag == _SEQ:
            return [self._build(child) for child in node.value]
        if kind is yaml.MappingNode and node.tag == _MAP:
            return self._build_mapping(node)
        return self.construct_object(node, deep=True)  # anything else: PyYAML's constructors decide

    def _build_mapping(self, node: yaml.MappingNode) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        seen: dict[Any, yaml.Mark] = {}
        for key_node, value_node in node.value:
            if key_node.__class__ is not yaml.ScalarNode:
                self.non_text_keys.append((f"a {key_node.id}", key_node))
                continue
            if key_node.tag == _STR or key_node.tag == _VALUE:  # PyYAML reads a '=' key as the text '='
                key = key_node.value
            else:
                key = self.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    # Keep the key as written so that the record's other fields still get checked.
                    self.non_text_keys.append((key, key_node))
                    key = key_node.value
            first = seen.get(key)
            if first is not None:
                self.duplicate_keys.append((key, key_node, first))
            seen[key] = key_node.start_mark
            mapping[key] = self._build(value_node)
        return mapping


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_SAME_IN_YAML_1_2 = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z|0x[0-9a-fA-F]+\Z")


class _NodeLoader(_FastLoader):  # type: ignore[misc, valid-type]
    """Composer for positions: nodes only, and untyped. Their marks, and a scalar's text and style, are what
    is read of them, and these do not depend on the tags: PyYAML's resolvers tried their regexps on every
    scalar, a third of composing a record's lines."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> str:
        return _UNTYPED[kind]


_UNTYPED = {yaml.ScalarNode: yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
            yaml.SequenceNode: yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG,
            yaml.MappingNode: yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG}


def _location(path: str, mark: yaml.Mark | None, end: yaml.Mark | None = None, lines: int = 0) -> Location:
    """The place between two marks, in a text that starts after ``lines`` lines of the file."""
    if mark is None:
        return Location(path)
    line = lines + mark.line + 1
    if end is not None and end.line == mark.line and end.column > mark.column:
        return Location(path, line, mark.column + 1, line, end.column + 1)
    return Location(path, line, mark.column + 1)


_ITEM_START = re.compile(r"^-(?=[ \t\n]|\Z)", re.MULTILINE)  # a block sequence's entry in the first column
_OTHER_LINE_BREAKS = re.compile("[\r\x85\u2028\u2029]")  # YAML breaks lines there too


class _RecentItems:
    """The items last composed for positions (``Document._item``), of any document: findings are placed
    record after record, so a few hundred serve them, where keeping every item composed kept the node
    tree of every record that has a finding (3 GB at 100k records with unknown ids in each)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.held: OrderedDict[tuple[Document, Any], tuple[yaml.Node, int]] = OrderedDict()  # documents by identity

    def get(self, doc: Document, index: Any) -> tuple[yaml.Node, int] | None:
        held = self.held.get((doc, index))
        if held is not None:
            self.held.move_to_end((doc, index))
        return held

    def put(self, doc: Document, index: Any, item: tuple[yaml.Node, int]) -> None:
        self.held[(doc, index)] = item
        if len(self.held) > self.size:
            self.held.popitem(last=False)


_RECENT = _RecentItems(512)


@dataclass(eq=False)
class Document:
    """One loaded file: its top-level items (the candidate records) and positions on demand."""

    path: str
    text: str | None
    items: list[Any] = field(default_factory=list)
    single: bool = False  # the file held one mapping rather than a list
    findings: list[Finding] = field(default_factory=list)
    file: Path | None = None  # where to re-read the text after ``release``
    parser: str = "pyyaml"  # which parser built ``items``: "yaml-rs" (the fast path) or "pyyaml"
    _root: yaml.Node | None = field(default=None, repr=False)
    _composed: bool = field(default=False, repr=False)
    # How many top-level items the file held, where positions may come from each item's own lines (see
    # ``_item``): set when ``release`` drops them, or by ``place_by_item``.
    items_held: int | None = None
    _starts: list[tuple[int, int]] | None = field(default=None, repr=False)  # see ``_item_starts``

    def release(self) -> None:
        """Drop the text, data and nodes of a file without findings, or whose findings were placed item by
        item (``place_by_item``); positions and code frames re-read the file if ever needed."""
        if self.file is not None and (not self.findings or self.items_held is not None):
            self.items_held = len(self.items)
            self.text = None
            self.items = []
            self.drop_nodes()

    def place_by_item(self) -> None:
        """Place values by composing only the items asked about (``_item``), not the whole file: for a file
        that the fast path read, whose data is PyYAML's and gives PyYAML's path no finding of its own, so
        that only the positions of its records' findings need nodes."""
        self.items_held = len(self.items)

    @property
    def holds_nodes(self) -> bool:
        """Whether the file's node tree (for positions) is in memory."""
        return self._root is not None

    def drop_nodes(self) -> None:
        """Forget the node tree (positions compose it again if asked): not worth sending to another process."""
        self._root, self._composed, self._starts = None, False, None

    def _text(self) -> str:
        if self.text is None and self.file is not None:
            try:
                self.text = self.file.read_bytes().decode("utf-8-sig", errors="replace")
            except OSError:
                self.text = ""
        return self.text or ""

    def _node_root(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text(), Loader=_NodeLoader)
            except Exception:  # positions are best effort; the load already reported any parse problem
                self._root = None
        return self._root

    def node(self, loc: tuple[Any, ...]) -> tuple[yaml.Node | None, yaml.Node | None, bool]:
        """The deepest node along ``loc`` (item index, then keys and indexes), the key node that led to it,
        and whether the whole path was found."""
        value, key_node, found, _ = self._walk(loc)
        return value, key_node, found

    def _walk(self, loc: tuple[Any, ...]) -> tuple[yaml.Node | None, yaml.Node | None, bool, int]:
        """``node``, and how many lines of the file precede the text the nodes were composed from."""
        if not loc:
            return self._node_root(), None, True, 0
        index, *rest = loc
        current, lines = self._item(index)
        if current is None:
            return self._node_root(), None, False, 0
        key_node = None
        for step in rest:
            child = None
            if isinstance(current, yaml.MappingNode):
                for k, v in reversed(current.value):  # the last of duplicate keys is the one kept
                    if isinstance(k, yaml.ScalarNode) and k.value == str(step):
                        child, key_node = v, k
                        break
            elif isinstance(current, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(current.value):
                child, key_node = current.value[step], None
            if child is None:
                return current, key_node, False, lines
            current = child
        return current, key_node, True, lines

    def _item(self, index: Any) -> tuple[yaml.Node | None, int]:
        """Top-level item ``index`` (None if there is none) and the lines before the text it was composed
        from: only its own lines when that is sure to give the same nodes (``_item_lines``), so that a
        finding in a large clean file costs a few lines' composing, not the file's (and its whole tree)."""
        held = _RECENT.get(self, index)
        if held is not None:
            return held
        lines = self._item_lines(index) if not self._composed else None
        if lines is not None:
            try:
                root = yaml.compose(lines[1], Loader=_NodeLoader)
            except Exception:  # not expected (the file was read whole before); the whole file decides
                root = None
            if isinstance(root, yaml.SequenceNode) and len(root.value) == 1:
                held = root.value[0], lines[0]
                _RECENT.put(self, index, held)
                return held
        root = self._node_root()
        if self.single:
            return (root if index == 0 else None), 0
        if isinstance(root, yaml.SequenceNode) and isinstance(index, int) and 0 <= index < len(root.value):
            return root.value[index], 0
        return None, 0

    def _item_lines(self, index: Any) -> tuple[int, str] | None:
        """The number of lines before top-level item ``index`` and the text of its lines, if the file is a
        list whose items each start with a ``-`` in the first column, as many as it held (so that none of
        those is inside a quoted text), and it breaks lines with \\n only (so that lines count alike)."""
        if self.items_held is None or self.single or not isinstance(index, int):
            return None
        starts = self._item_starts()
        if not 0 <= index < len(starts):
            return None
        text = self._text()
        start, lines = starts[index]
        return lines, text[start:starts[index + 1][0] if index + 1 < len(starts) else len(text)]

    def _item_starts(self) -> list[tuple[int, int]]:
        """Where each top-level item starts and how many lines precede it, found once per file (a file whose
        every item has a finding would scan its text once per item); empty when the file does not qualify
        (see ``_item_lines``)."""
        if self._starts is None:
            text = self._text()
            starts: list[tuple[int, int]] = []
            if not _OTHER_LINE_BREAKS.search(text):
                lines = last = 0
                for match in _ITEM_START.finditer(text):
                    lines += text.count("\n", last, match.start())
                    last = match.start()
                    starts.append((last, lines))
            self._starts = starts if len(starts) == self.items_held else []
        return self._starts

    def locate(self, loc: tuple[Any, ...], *, key: bool = False) -> Location:
        """Where the value at ``loc`` is written (or its key, with ``key=True``); where the path stops
        (a missing field), the mapping that should hold it."""
        value, key_node, found, lines = self._walk(loc)
        target = key_node if key and found and key_node is not None else value
        if target is None:
            return Location(self.path)
        return _location(self.path, target.start_mark, target.end_mark, lines)

    def scalar_text(self, loc: tuple[Any, ...]) -> tuple[str, str | None] | None:
        """The raw text and quoting style of the scalar at ``loc``, as written in the file."""
        value, _, found = self.node(loc)
        if found and isinstance(value, yaml.ScalarNode):
            return value.value, value.style
        return None

    def line(self, number: int) -> str:
        """The text of a 1-based line, for code frames."""
        lines = self._text().split("\n")
        return lines[number - 1].rstrip("\r") if 0 < number <= len(lines) else ""


def _finding(name: str, message: str, where: Location) -> Finding:
    entry = code(name)
    return Finding(name, entry.severity, message, where, hint=entry.hint)


_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
              (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"))


def _decode(data: bytes, path: str) -> tuple[str | None, Finding | None]:
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return None, _finding("FILE002", f"the file is {name} (it starts with a {name} byte-order mark); "
                                             "accord reads UTF-8 only", Location(path))
    skipped = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    if skipped:
        data = data[skipped:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # columns count characters, as in every other finding; the bytes before the bad one on its line
        # decode (the error is the first one), so their character count is exact
        column = len(data[line_start:exc.start].decode("utf-8")) + 1
        message = f"byte {exc.start + skipped} (0x{data[exc.start]:02x}) is not valid UTF-8"
        return None, _finding("FILE002", message, Location(path, line, column))


def load_bytes(data: bytes, path: str, limits: Limits = DEFAULT_LIMITS, *, fast: bool = False) -> Document:
    """Parse one file's bytes. Problems become findings on the document; nothing is raised.

    With ``fast``, a file that passes the guards and that yaml-rs reads as PyYAML would is built by
    yaml-rs (``doc.parser`` says so): its data is PyYAML's, and PyYAML's path would find nothing in it
    (``validator.fastpath``); the positions of its records' findings come from nodes composed for their
    items only (``Document.place_by_item``)."""
    if len(data) > limits.max_file_bytes:
        return Document(path, "", findings=[_too_large(path, len(data), limits)])
    text, problem = _decode(data, path)
    if text is None:
        return Document(path, "", findings=[problem] if problem else [])
    doc = Document(path, text)
    doc.findings = scan_text(text, path) if might_hold_forbidden(data) else []
    risky = not doc.findings and might_be_risky(text, limits)
    if risky:
        doc.findings = scan_events(text, path, limits)
    if doc.findings:  # building objects from such a file is what the guards prevent
        return doc
    if fast and not risky:
        done, value = fast_load(text)
        if done:
            doc.parser = "yaml-rs"
            doc.items, doc.single = ([value], True) if isinstance(value, dict) else (value, False)
            return doc
    return _load_with_pyyaml(doc, text)


def _load_with_pyyaml(doc: Document, text: str) -> Document:
    path = doc.path
    loader = _Loader(text)
    try:
        root = loader.get_single_node()  # what get_single_data does, keeping the nodes: they give positions
        value = None if root is None else loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        name = "YAML003" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML001"
        if isinstance(exc, yaml.composer.ComposerError) and "single document" in (exc.context or ""):
            doc.findings.append(_finding("YAML004", "a second YAML document ('---'); a file holds one document",
                                         _location(path, mark)))
            return doc
        problem_text = exc.problem or str(exc)
        if exc.context and exc.problem:
            problem_text = f"{exc.problem} ({exc.context})"
        doc.findings.append(_finding(name, problem_text, _location(path, mark)))
        return doc
    except yaml.YAMLError as exc:
        doc.findings.append(_finding("YAML001", str(exc), Location(path)))
        return doc
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, RecursionError) as exc:
        # PyYAML's constructors raise these for values such as a 5,000-digit number.
        reason = str(exc)
        if "integer string conversion" in reason:
            reason = "a number too long to read (over 4,300 digits); if it is text, put it in quotes"
        doc.findings.append(_finding("YAML003", f"cannot read a value: {reason}", _failing_scalar(text, path)))
        return doc
    finally:
        loader.dispose()
    doc._root, doc._composed = root, True  # the nodes _node_root would compose (typed, with the same marks)
    strict = _spec_syntax_error(text, path)
    if strict is not None:
        doc.findings.append(strict)
        return doc
    for key, key_node in loader.non_text_keys:
        shown = key if isinstance(key, str) else f"{key_node.value!r}, which YAML reads as {key!r},"
        doc.findings.append(_finding(
            "YAML010", f"mapping key {shown} is not text", _location(path, key_node.start_mark, key_node.end_mark)))
    for number, node in loader.ambiguous_numbers:
        doc.findings.append(_finding(
            "YAML011", f"YAML 1.1 reads the unquoted {node.value!r} as the number {number} and YAML 1.2 tools "
                       f"read it otherwise; write the number plainly, or quote it if it is text: '{node.value}'",
            _location(path, node.start_mark, node.end_mark)))
    if "\\" in text:
        doc.findings.extend(_escaped_controls(text, path, value))
    for key, key_node, first in loader.duplicate_keys:
        doc.findings.append(_finding(
            "YAML002", f"key {key!r} appears twice in one mapping (first at line {first.line + 1}); "
                       "only this last value would be kept", _location(path, key_node.start_mark, key_node.end_mark)))
    if value is None:
        doc.findings.append(_finding("REC001", "the file holds no record (it is empty or only comments)",
                                     Location(path)))
    elif isinstance(value, dict):
        doc.items, doc.single = [value], True
    elif isinstance(value, list):
        doc.items = value
        if not value:
            doc.findings.append(_finding("REC001", "the file holds an empty list of records", Location(path)))
    else:
        doc.findings.append(_finding(
            "REC002", f"the file holds a single {type(value).__name__} value, not a record or a list of records",
            Location(path)))
    return doc


_RS_POSITION = re.compile(r"line (\d+), column (\d+)")


def _spec_syntax_error(text: str, path: str) -> Finding | None:
    """What libyaml let through but the YAML specification forbids, found by a conformant parser.

    libyaml accepts about a dozen of the YAML test suite's invalid documents (a comment without a space
    before it, a tab as indentation, a key with a second value, ...). ``yaml_rs`` wraps saphyr, which
    passes the whole suite; it runs only on files that PyYAML read (the guards have already bounded
    depth and refused aliases), costs about a tenth of the load, and its verdict is syntax only: duplicate
    keys and typing stay PyYAML's (YAML 1.1) business.
    """
    try:
        yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=_LAST_WINS)
    except yaml_rs.YAMLDecodeError as exc:
        message = str(exc)
        position = _RS_POSITION.search(message)
        reason = message.strip().splitlines()[-1].strip()
        where = Location(path, int(position[1]), int(position[2])) if position else Location(path)
        return _finding("YAML001", f"{reason} (the YAML specification forbids this, though some YAML "
                                   "tools accept it)", where)
    except (ValueError, TypeError, OverflowError):
        return None  # values, not syntax: PyYAML has read them already
    return None


def _failing_scalar(text: str, path: str) -> Location:
    """Where the scalar that the constructor could not build is (on the error path only)."""
    loader = _Loader(text)
    try:
        stack = [loader.get_single_node()]
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                try:
                    loader.construct_object(node)
                except Exception:
                    return _location(path, node.start_mark, node.end_mark)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                stack.extend(item for pair in reversed(node.value) for item in reversed(pair))
    except Exception:
        pass
    finally:
        loader.dispose()
    return Location(path)


def _too_large(path: str, size: int, limits: Limits) -> Finding:
    return _finding("FILE004", f"the file has {size:,} bytes, more than {limits.max_file_bytes:,} "
                               "(limit max_file_bytes)", Location(path))


_ESCAPE = re.compile(r"\\(?:[0abefvN_LP]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_NAMED_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "e": "\x1b", "f": "\x0c", "v": "\x0b",
                  "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def _escaped_controls(text: str, path: str, value: Any) -> list[Finding]:
    """Forbidden characters written as escapes (``"\\0"``, ``"\\e"``): found in the raw text, confirmed
    in the loaded values (a backslash in a plain scalar is no escape)."""
    candidates = []
    for match in _ESCAPE.finditer(text):
        body = match.group()[1:]
        char = _NAMED_ESCAPES.get(body) or chr(int(body[1:], 16))
        if FORBIDDEN_CHARACTER.match(char):
            candidates.append((match.start(), char))
    if not candidates or not _has_forbidden(value):
        return []
    findings = []
    for start, char in candidates[:20]:
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        findings.append(_finding("FILE003", f"forbidden character U+{ord(char):04X} written as an escape",
                                 Location(path, line, column)))
    return findings


def _has_forbidden(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if FORBIDDEN_CHARACTER.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def load_file(path: Path, display: str | None = None, root: Path | None = None,
              limits: Limits = DEFAULT_LIMITS, *, fast: bool = False) -> Document:
    """Read and parse one file, refusing what is not a regular file inside ``root`` (symbolic links that
    lead out, FIFOs, devices, directories) and files over the size limit, before reading a byte."""
    shown = display or str(path)

    def refuse(name: str, message: str) -> Document:
        return Document(shown, "", findings=[_finding(name, message, Location(shown))])

    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve(strict=True)
            if root is not None and not target.is_relative_to(root.resolve()):
                return refuse("FILE005", f"symbolic link to {str(target)!r}, outside the corpus {str(root)!r}")
            info = os.stat(target)
        if not stat.S_ISREG(info.st_mode):
            return refuse("FILE005", f"not a regular file ({_file_type(info.st_mode)})")
        if info.st_size > limits.max_file_bytes:
            return Document(shown, "", findings=[_too_large(shown, info.st_size, limits)])
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since lstat
                return refuse("FILE005", "not a regular file")
            data = handle.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        return refuse("FILE001", "cannot read the file: it does not exist (or is a broken symbolic link)")
    except RuntimeError:
        return refuse("FILE001", "cannot read the file: symbolic link loop")
    except OSError as exc:
        return refuse("FILE001", f"cannot read the file: {exc.strerror or exc}")
    doc = load_bytes(data, shown, limits, fast=fast)
    doc.file = path
    return doc


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"
