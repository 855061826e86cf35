"""Loading: a file's bytes in; its records, and a way to find where any value sits, out.

The fast path builds plain Python objects with libyaml's C parser (``CSafeLoader``) and safe
construction only. Positions are not collected on that path: ``Document.locate`` composes the file's
node tree the first time a position is asked for, which happens only for files that have findings.
A faster parser can later serve ``load_bytes`` without touching the rest.

Two departures from PyYAML's defaults, both to lose nothing: duplicate mapping keys are reported (PyYAML
silently keeps the last one), and timestamps stay text (``date: 2022-01-10`` reads the same as
``date: '2022-01-10'``; the schema's date type parses it).
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from validator.codes import code
from validator.findings import Finding, Location

__all__ = ["Document", "load_bytes", "load_file"]

_FastLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(_FastLoader):  # type: ignore[misc, valid-type]
    """Safe loader that keeps timestamps as text and records duplicate keys instead of dropping them."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in _FastLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[Any, yaml.Node, yaml.Mark]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping node, but found {node.id}", node.start_mark)
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        seen: dict[Any, yaml.Mark] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                first = seen.get(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    "found a mapping key that is not text (a list or a mapping)", key_node.start_mark) from None
            if first is not None:
                self.duplicate_keys.append((key, key_node, first))
            seen[key] = key_node.start_mark
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


class _NodeLoader(_FastLoader):  # type: ignore[misc, valid-type]
    """Composer for positions: the same resolution rules as ``_Loader``, nodes only."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _location(path: str, mark: yaml.Mark | None, end: yaml.Mark | None = None) -> Location:
    if mark is None:
        return Location(path)
    if end is not None and end.line == mark.line and end.column > mark.column:
        return Location(path, mark.line + 1, mark.column + 1, end.line + 1, end.column + 1)
    return Location(path, mark.line + 1, mark.column + 1)


@dataclass(eq=False)
class Document:
    """One loaded file: its top-level items (the candidate records) and positions on demand."""

    path: str
    text: str
    items: list[Any] = field(default_factory=list)
    single: bool = False  # the file held one mapping rather than a list
    findings: list[Finding] = field(default_factory=list)
    _root: yaml.Node | None = field(default=None, repr=False)
    _composed: bool = field(default=False, repr=False)

    def _node_root(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=_NodeLoader)
            except Exception:  # positions are best effort; the load already reported any parse problem
                self._root = None
        return self._root

    def node(self, loc: tuple[Any, ...]) -> tuple[yaml.Node | None, yaml.Node | None, bool]:
        """The deepest node along ``loc`` (item index, then keys and indexes), the key node that led to it,
        and whether the whole path was found."""
        root = self._node_root()
        if root is None or not loc:
            return root, None, not loc
        index, *rest = loc
        if self.single:
            if index != 0:
                return root, None, False
            current: yaml.Node = root
        elif isinstance(root, yaml.SequenceNode) and isinstance(index, int) and 0 <= index < len(root.value):
            current = root.value[index]
        else:
            return root, None, False
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
                return current, key_node, False
            current = child
        return current, key_node, True

    def locate(self, loc: tuple[Any, ...], *, key: bool = False) -> Location:
        """Where the value at ``loc`` is written (or its key, with ``key=True``); where the path stops
        (a missing field), the mapping that should hold it."""
        value, key_node, found = self.node(loc)
        target = key_node if key and found and key_node is not None else value
        if target is None:
            return Location(self.path)
        return _location(self.path, target.start_mark, target.end_mark)

    def scalar_text(self, loc: tuple[Any, ...]) -> tuple[str, str | None] | None:
        """The raw text and quoting style of the scalar at ``loc``, as written in the file."""
        value, _, found = self.node(loc)
        if found and isinstance(value, yaml.ScalarNode):
            return value.value, value.style
        return None

    def line(self, number: int) -> str:
        """The text of a 1-based line, for code frames."""
        lines = self.text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""


def _finding(name: str, message: str, where: Location) -> Finding:
    entry = code(name)
    return Finding(name, entry.severity, message, where, hint=entry.hint)


def _decode(data: bytes, path: str) -> tuple[str | None, Finding | None]:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"byte {exc.start} (0x{data[exc.start]:02x}) is not valid UTF-8"
        return None, _finding("FILE002", message, Location(path, line, column))


def load_bytes(data: bytes, path: str) -> Document:
    """Parse one file's bytes. Problems become findings on the document; nothing is raised."""
    text, problem = _decode(data, path)
    if text is None:
        return Document(path, "", findings=[problem] if problem else [])
    doc = Document(path, text)
    loader = _Loader(text)
    try:
        value = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        name = "YAML003" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML001"
        problem_text = exc.problem or str(exc)
        if exc.context and exc.problem:
            problem_text = f"{exc.problem} ({exc.context})"
        doc.findings.append(_finding(name, problem_text, _location(path, mark)))
        return doc
    except yaml.YAMLError as exc:
        doc.findings.append(_finding("YAML001", str(exc), Location(path)))
        return doc
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
        # PyYAML's constructors raise these for values such as `!!int x` or a 5,000-digit number.
        doc.findings.append(_finding("YAML003", f"cannot read a value: {exc}", Location(path)))
        return doc
    finally:
        loader.dispose()
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


def load_file(path: Path, display: str | None = None) -> Document:
    """Read and parse one file; an unreadable file becomes a ``FILE001`` finding."""
    shown = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Document(shown, "", findings=[_finding("FILE001", f"cannot read the file: {exc.strerror or exc}",
                                                      Location(shown))])
    return load_bytes(data, shown)
