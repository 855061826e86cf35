"""The fast path: yaml-rs builds the data of a file when it is known to read the file as PyYAML does.

PyYAML reads YAML 1.1 (``no`` is false, ``0777`` is 511, ``1:30`` is 90) and yaml-rs YAML 1.2; they also
differ on a few constructs (``[?x]``, trailing lines of keep-chomped block scalars, several documents,
which yaml-rs returns as a list). A file goes to PyYAML's path when any of these may be in it:

* constructs, found in the text with C-speed tests: a one-character substring first (a regex confirms
  only when it is there), or a regex that starts with a literal, which the regex engine scans for faster
  than ``in`` finds a text of two characters: tabs, flow mappings, keep chomping (``|+``), lines of only spaces, flow scalars
  or keys starting with ``?``/``:``, complex keys, a second document or an end marker, an escape that
  writes a forbidden character (libyaml refuses some of these where YAML 1.2 allows them);
* typed scalars, found in yaml-rs's data (cheaper than any regex over the text): a text value that
  PyYAML's resolvers would type (``no``, ``1:30``, ``-.5``, ``=``) unless each place it is written is
  quoted (``'2021'``), and any number, unless every number-like token in the text is a plain decimal
  both read alike.

Keys are tested like values (``no:`` is YAML010 on PyYAML's path). A false alarm costs a slower parse;
a miss would change data, so each test errs towards PyYAML. The findings of a file's records are made
from its data on either path (``validator.stage``). The law that both paths give the same records and
findings, with the same positions, is tested in ``tests/test_fastpath.py``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import yaml_rs

from validator.guards import FORBIDDEN_CHARACTER

__all__ = ["needs_pyyaml", "fast_load"]

_KEEP_CHOMPING = re.compile(r"[|>][1-9]?\+")
# In a flow sequence (flow mappings go to PyYAML whole): a scalar starting with an indicator ([?x], [:x]
# of test suite HM87, [|], [a, @b]) or any colon ([B:], [a: b]): libyaml differs. Starts with a literal
# '[', which the regex engine finds fast.
_FLOW_INDICATOR_SCALAR = re.compile(r"\[(?:[ \t]*[?:|>@`]|[^\]]*(?::|,[ \t]*[?|>@`]))")
_FLOW_MAPPING = re.compile(r"(?:^|[\s\[{,:])\{")
# {"key":value} (test suite 5T43); one regexp per quote, each starting with a literal, which the regex
# engine finds faster than ``in`` finds a two-character text
_ADJACENT_COLON = (re.compile(r'":[^\s]'), re.compile(r"':[^\s]"))
_BLANK_LINE_WITH_SPACES = re.compile(r"(?:^|\n)[ ]+(?:\r?\n|\Z)")  # in block scalars (test suite L24T)
_QUESTION_MARK = re.compile(r"\?(?:[ \t\r\n]|\Z)")  # a complex key, where it follows space or a flow start
_DOCUMENT_MARKER = re.compile(r"\n(?:---|\.\.\.)(?=[ \t\r\n]|\Z)")
_ESCAPE = re.compile(r"\\(?:[0abefvN_LP]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})")
_NAMED_ESCAPES = {"0": "\x00", "a": "\x07", "b": "\x08", "e": "\x1b", "f": "\x0c", "v": "\x0b",
                  "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}

# A number-like plain token where a scalar starts (after `key:`, a block indicator, a flow indicator, or
# as a key at a line's start) that is not a plain decimal of modest length, nor a date (text on both).
_END = r"(?=[ \t]*(?:\r?$|#|:(?:[ \t]|\r?$)|[,\]}]))"
_NUMBER_LIKE = r"(?!-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?" + _END + r")(?![0-9]{4}-[0-9])[-+]?[._0-9][^\s,\[\]{}]*?"
_ODD_NUMBER = re.compile(
    r"(?:[-?:](?:[ \t]|\r?$)|[\[{,])(?:\s|#[^\n]*)*" + _NUMBER_LIKE + _END
    + r"|^[ \t]*" + _NUMBER_LIKE + r"(?=[ \t]*:(?:[ \t]|\r?$))",
    re.MULTILINE,
)


@cache
def _pyyaml_resolvers() -> tuple[frozenset[str], re.Pattern[str]]:
    """The first characters of the plain scalars accord's PyYAML loader may type (and the line break
    that starts what an empty block scalar gives yaml-rs), and one regexp that matches what its
    resolvers type (theirs, joined)."""
    from validator.loader import _Loader  # here: validator.loader imports this module

    patterns: dict[str, None] = {}
    firsts = set()
    for first, found in _Loader.yaml_implicit_resolvers.items():
        for tag, regexp in found:
            if not tag.endswith(":str"):
                firsts.add(first)
                patterns[regexp.pattern] = None
    return frozenset({*firsts, "\n"}), re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.VERBOSE)


def _forbidden_escape(text: str) -> bool:
    """Whether an escape could write a forbidden character (PyYAML's path reports it as FILE003)."""
    for match in _ESCAPE.finditer(text):
        body = match.group()[1:]
        char = _NAMED_ESCAPES.get(body) or chr(min(int(body[1:], 16), 0x10FFFF))
        if FORBIDDEN_CHARACTER.match(char):
            return True
    return False


def _complex_key(text: str) -> bool:
    for match in _QUESTION_MARK.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] in " \t\n[{,":
            return True
    return False


def needs_pyyaml(text: str) -> bool:
    """Whether the text holds a construct that yaml-rs might read otherwise than PyYAML (over-approximate)."""
    return (
        "\t" in text  # libyaml refuses tabs in places YAML 1.2 allows them (test suite DK95, Y79Y, 96NN)
        or ("{" in text and _FLOW_MAPPING.search(text) is not None)  # libyaml's flow mappings differ (4MUZ, NJ66)
        or any(colon.search(text) is not None for colon in _ADJACENT_COLON)
        or ((" \n" in text or " \r" in text or text.endswith(" "))
            and _BLANK_LINE_WITH_SPACES.search(text) is not None)
        or ("+" in text and _KEEP_CHOMPING.search(text) is not None)
        or ("[" in text and _FLOW_INDICATOR_SCALAR.search(text) is not None)
        or ("?" in text and _complex_key(text))
        or _DOCUMENT_MARKER.search(text) is not None
        or text.startswith("...")
        or ("\\" in text and _forbidden_escape(text))
    )


_BEFORE_TOKEN = frozenset(" \t\n[{,:-?'\"")
_AFTER_TOKEN = frozenset(" \t\r\n,]}:#'\"")


def _written_plain(text: str, value: str) -> bool:
    """Whether ``value`` stands in the text as a whole token not in quotes (so it may be a plain scalar).

    A plain scalar that PyYAML types is one line and its value is its text, so it is found here; a quoted
    one (``'2021'``, ``"no"``) is text on both paths, and so is a double-quoted one built by escapes."""
    if not value:
        return True  # an empty plain scalar is null; yaml-rs gave text, which some quoting made
    start = text.find(value)
    while start >= 0:
        end = start + len(value)
        before = text[start - 1] if start else "\n"
        after = text[end] if end < len(text) else "\n"
        if before in _BEFORE_TOKEN and after in _AFTER_TOKEN and not (before in "'\"" and after == before):
            return True
        start = text.find(value, start + 1)
    return False


def _typed_differently(value: Any, text: str) -> bool:
    """Whether PyYAML might give a scalar of ``value`` another type or value than yaml-rs did.

    One pass over the containers collects the distinct texts that start as a typed scalar can (ids,
    dates, statuses repeat; most texts start otherwise, and set aside at once they cost no hashing), so
    that each is tested against the resolvers once."""
    firsts, typed = _pyyaml_resolvers()
    containers = [value]
    pop, push = containers.pop, containers.append
    numbers = False
    suspects: set[str] = set()
    add = suspects.add
    keys: set[Any] = set()
    while containers:
        item = pop()
        if type(item) is dict:
            keys.update(item)
            item = item.values()
        for child in item:
            kind = type(child)
            if kind is str:
                if child[:1] in firsts:
                    add(child)
            elif kind is dict or kind is list:
                push(child)
            elif kind is int or kind is float:
                numbers = True
            elif child is not None and kind is not bool:
                return True
    if "\n" in suspects:
        return True  # an empty block scalar: yaml-rs keeps a line break, PyYAML none
    for key in keys:
        if key.__class__ is not str:
            return True  # YAML010 on PyYAML's path
    suspects.update(key for key in keys if key[:1] in firsts)
    if any(_written_plain(text, suspect) for suspect in suspects if typed.match(suspect)):
        return True
    return numbers and _ODD_NUMBER.search(text) is not None


def fast_load(text: str) -> tuple[bool, Any]:
    """``(True, data)`` when yaml-rs read the text and PyYAML would have read the same data without a
    finding of the loader's; ``(False, None)`` when the file must take PyYAML's path. The guards have run."""
    if needs_pyyaml(text):
        return False, None
    try:
        value = yaml_rs.loads(text, parse_datetime=False)  # duplicate keys raise: YAML002 on PyYAML's path
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - a syntax error, or a panic in the extension: PyYAML reports it
        return False, None
    if not (isinstance(value, dict) or (isinstance(value, list) and value)):
        return False, None  # empty, or a scalar: REC001/REC002 are made on PyYAML's path
    if _typed_differently(value, text):
        return False, None
    return True, value

