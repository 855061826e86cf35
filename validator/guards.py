"""Input guards: what must hold of a file before its YAML is built into Python objects.

libyaml's composer recurses on the C stack (deep nesting kills the process), aliases can expand a few
hundred bytes into gigabytes once anything walks the data, and tags make PyYAML's constructors raise or
build sets and bytes. So every file gets cheap C-speed scans (forbidden characters, in its bytes, and
whether anything risky could be present at all), and only a file those scans flag is walked event by
event, which stops at the first breach of a limit. Valid record files, which use none of these
features, pay ~2% (0.2 s of CPU at 100k records).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import islice

import yaml

from validator.codes import code
from validator.findings import Finding, Location

__all__ = ["Limits", "might_hold_forbidden", "scan_text", "might_be_risky", "scan_events", "FORBIDDEN_CHARACTER"]

_FastLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on one input file; configurable in ``[tool.accord]``."""

    max_file_bytes: int = 10 * 1024 * 1024
    max_depth: int = 64
    max_scalar_chars: int = 1_000_000


# C0/C1 controls but TAB, LF, CR; DEL; line/paragraph separators and NEL that YAML counts as line breaks;
# bidirectional overrides and isolates (text that displays in another order than it reads); a BOM past
# the start; lone surrogates.
FORBIDDEN_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]"
)


# The same characters in UTF-8: one byte each for the C0 controls and DEL; two or three, each sequence with
# a first byte of its own, for the others (C1 controls U+0080-009F, U+2028-202E, U+2066-2069, U+FEFF).
# Lone surrogates are not valid UTF-8, so no text decoded from bytes holds one.
_FORBIDDEN_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_FORBIDDEN_SEQUENCES = ((b"\xc2", re.compile(rb"\xc2[\x80-\x9f]")),
                        (b"\xe2", re.compile(rb"\xe2(?:\x80[\xa8-\xae]|\x81[\xa6-\xa9])")),
                        (b"\xef", re.compile(rb"\xef\xbb\xbf")))


def might_hold_forbidden(data: bytes) -> bool:
    """Whether UTF-8 bytes hold a forbidden character (a byte-order mark at the start counts): exact,
    and at C speed, where ``scan_text`` tests the regexp at every character (a tenth of the time)."""
    return len(data.translate(None, _FORBIDDEN_BYTES)) != len(data) or any(
        first in data and pattern.search(data) is not None for first, pattern in _FORBIDDEN_SEQUENCES)


def _finding(name: str, message: str, where: Location) -> Finding:
    entry = code(name)
    return Finding(name, entry.severity, message, where, hint=entry.hint)


def _character_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def scan_text(text: str, path: str) -> list[Finding]:
    """Forbidden characters in the raw text, each with its line and column (the first one per line)."""
    findings: list[Finding] = []
    last_line = -1
    for match in FORBIDDEN_CHARACTER.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        if line == last_line:
            continue
        last_line = line
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        hint = " (is the file UTF-16? save it as UTF-8)" if match.group() == "\x00" else ""
        findings.append(_finding("FILE003", f"forbidden character {_character_name(match.group())}{hint}",
                                 Location(path, line, column)))
        if len(findings) >= 20:
            break
    return findings


# Two compact indicators on one line (``- - x``, ``? - x``): one regexp per first indicator, each starting
# with a literal, which the regex engine finds fast (a character class makes it try every position).
_COMPACT_AFTER_DASH = re.compile(r"-[ \t]+[-?][ \t]")
_COMPACT_AFTER_QUESTION_MARK = re.compile(r"\?[ \t]+[-?][ \t]")


# A bracket that opens a flow collection which is not empty at once ("[" but not "[]"); each regexp starts
# with a literal, and the absent bracket is not searched for.
_FLOW_OPENINGS = (("[", re.compile(r"\[(?!\])")), ("{", re.compile(r"\{(?!\})")))


def _flow_openings(text: str, enough: int) -> int:
    """How many brackets open a non-empty flow collection, counted up to ``enough``."""
    found = 0
    for bracket, opening in _FLOW_OPENINGS:
        if bracket in text and found < enough:
            found += sum(1 for _ in islice(opening.finditer(text), enough - found))
    return found


def might_be_risky(text: str, limits: Limits) -> bool:
    """Whether the text could hold an alias, anchor, tag, directive, merge key, overlong scalar or nesting
    deeper than the limit. Over-approximate and cheap (C-speed ``str`` and ``re`` calls, ~2% of a load).

    The depth bound: flow nesting needs a non-empty ``[``/``{`` per level; block nesting needs more
    indentation per level (at most two levels per column: a mapping and a sequence as its value) or a
    compact ``- -`` on one line. With fewer than a quarter of the limit of each, the depth stays below it.
    """
    quarter = max(limits.max_depth // 4, 1)
    return (
        "&" in text or "*" in text or "!" in text or "%" in text or ("<" in text and "<<" in text)
        or len(text) > limits.max_scalar_chars
        or _flow_openings(text, quarter) >= quarter
        or ("\n" + " " * quarter) in text or text.startswith(" " * quarter)
        or _COMPACT_AFTER_DASH.search(text) is not None
        or ("?" in text and _COMPACT_AFTER_QUESTION_MARK.search(text) is not None)
    )


def _mark(path: str, mark: yaml.Mark | None) -> Location:
    return Location(path, mark.line + 1, mark.column + 1) if mark is not None else Location(path)


def scan_events(text: str, path: str, limits: Limits) -> list[Finding]:
    """Walk the event stream and report the first breach of each kind: depth (stops there), aliases and
    anchors, tags, directives, overlong scalars, merge keys, a second document. Syntax errors are left to
    the loader, which reports them with the same position."""
    findings: list[Finding] = []
    seen: set[str] = set()

    def once(name: str, message: str, mark: yaml.Mark | None) -> None:
        if name not in seen:
            seen.add(name)
            findings.append(_finding(name, message, _mark(path, mark)))

    try:
        _walk(yaml.parse(text, Loader=_FastLoader), limits, once)
    except yaml.YAMLError as exc:
        if getattr(exc, "problem", None) != _LIBYAML_DEPTH_PROBLEM:
            return findings  # the loader reports syntax errors
        # libyaml stops at its own nesting limit while scanning ahead, before it has emitted a single event
        # of the deep part; PyYAML's pure-Python parser has no such limit and yields events lazily, so the
        # walk reaches the configured limit and stops there.
        seen.clear()
        findings.clear()
        try:
            _walk(yaml.parse(text, Loader=yaml.SafeLoader), limits, once)
        except yaml.YAMLError:
            pass
        if "YAML007" not in seen:
            once("YAML007", "nesting deeper than 1,000 levels (the YAML parser's own limit)",
                 getattr(exc, "problem_mark", None))
    return findings


_LIBYAML_DEPTH_PROBLEM = "exceeded maximum nesting depth"


def _walk(events, limits: Limits, once) -> None:
    """Report each kind of breach once through ``once``; stop at the first nesting past the limit."""
    depth = 0
    documents = 0
    for event in events:
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limits.max_depth:
                once("YAML007", f"nesting deeper than {limits.max_depth} levels (limit max_depth)",
                     event.start_mark)
                break
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents == 2:
                once("YAML004", "a second YAML document ('---'); a file holds one document",
                     event.start_mark)
            if event.explicit and (event.version or event.tags):
                once("YAML006", "YAML directives (%YAML, %TAG) are not supported in records",
                     event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            once("YAML005", f"alias *{event.anchor}: anchors and aliases are not allowed in records",
                 event.start_mark)
            continue
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            once("YAML005", f"anchor &{anchor}: anchors and aliases are not allowed in records",
                 event.start_mark)
        tag = getattr(event, "tag", None)
        if tag is not None and isinstance(
                event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            once("YAML006", f"tag {tag}: tags are not allowed in records; write the value as plain text",
                 event.start_mark)
        if isinstance(event, yaml.ScalarEvent):
            if len(event.value) > limits.max_scalar_chars:
                once("YAML008", f"a value of {len(event.value):,} characters, more than "
                                f"{limits.max_scalar_chars:,} (limit max_scalar_chars)", event.start_mark)
            if event.value == "<<" and event.implicit[0]:
                once("YAML009", "merge key '<<' is not allowed in records: write the fields out",
                     event.start_mark)
