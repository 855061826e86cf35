"""ID002: two different ids that a reader cannot tell apart.

Every id any item declares (valid record or not) is reduced to a *skeleton*: Unicode NFKC, invisible
format characters (category Cf: zero-width space, joiners, soft hyphen, bidi marks) removed, diacritics
removed, each non-ASCII letter that looks like an ASCII letter or digit replaced by it, case folded, and
'_' written as '-'. Ids are grouped by skeleton in one dictionary, so the cost is linear in the number of
ids (only the ids whose skeleton is that of an id written otherwise: the others look like no other id).
Identical ids are ID001; ID002 is two *different* spellings with one skeleton.

Look-alikes come from Unicode's confusables data (UTS #39, ``confusables.txt``) as packaged by
``confusable-homoglyphs``; its table maps a character to the characters it can be confused with, so the
skeleton takes, per character, the first homoglyph that is one ASCII letter or digit. The table is
visual and case-sensitive (Cyrillic 'К' looks like 'K', while lower-case 'к' is listed only against 'ĸ'),
and ids are compared without case, so a character is tried as written, case folded and upper-cased.
ASCII characters are never replaced: 'l' and '1' are different ids (that is a typo, not a look-alike
that a mixed keyboard or a paste from another script brings in).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import chain, compress, repeat
from typing import Any

from validator.corpus import CorpusIndex
from validator.findings import Finding
from validator.rules.engine import finding, rule

__all__ = ["skeleton", "latin_lookalike"]


@lru_cache(maxsize=None)
def latin_lookalike(char: str) -> str | None:
    """The lower-case ASCII letter or digit a non-ASCII character looks like, or None."""
    from confusable_homoglyphs.confusables import confusables_data  # here: 18 ms to import, for non-ASCII ids only

    for form in dict.fromkeys((char, char.casefold(), char.upper())):
        if len(form) != 1:
            continue
        for glyph in confusables_data.get(form, ()):
            candidate = glyph["c"]
            if len(candidate) == 1 and candidate.isascii() and candidate.isalnum():
                return candidate.lower()
    return None


def _fold(char: str) -> str:
    if char.isascii():
        return char.lower()
    if unicodedata.category(char) == "Cf":
        return ""
    look = latin_lookalike(char)
    if look is not None:
        return look
    # Diacritics: 'á' -> 'a' (decompose, drop the combining marks); then a look-alike of the base letter.
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and base != char:
        return "".join(_fold(c) for c in base)
    return "" if unicodedata.combining(char) else char.casefold()


def skeleton(raw: str) -> str:
    """The form under which two ids count as the same: see the module documentation."""
    if raw.isascii():
        return raw.lower().replace("_", "-")
    text = unicodedata.normalize("NFKC", raw)
    return "".join(_fold(c) for c in text).replace("_", "-")


def _near_duplicates(index: CorpusIndex) -> Iterator[Finding]:
    """ID002's findings. Two ids look the same only if one of them is not its own skeleton (two that are
    differ, or are one id: ID001), so only the ids whose skeleton is that of such an id are grouped (all
    of them took a dictionary entry and a tuple per id: 1.1M at 1M records). An ASCII id is its own
    skeleton unless it has an upper-case letter or '_', so the ids are first tested all at once, in C:
    most corpora have no such id (at 100k records, 0.023 s against 0.042 for a skeleton per id)."""
    ids = list(chain.from_iterable(ids for _, ids in index.declared_ids))
    texts = list(compress(ids, map(isinstance, ids, repeat(str))))
    every = "\n".join(texts)
    if every.isascii() and "_" not in every and every.lower() == every:
        return
    odd = {key for raw in texts if (key := skeleton(raw)) != raw}
    first: dict[str, tuple[str, object, int]] = {}
    reported: set[tuple[str, str]] = set()
    for raw, doc, item in index.declared() if odd else ():
        key = skeleton(raw)
        if key not in odd:
            continue
        seen = first.get(key)
        if seen is None:
            first[key] = (raw, doc, item)
            continue
        first_raw, first_doc, first_item = seen
        if raw == first_raw or (first_raw, raw) in reported:
            continue  # the same id twice is ID001
        reported.add((first_raw, raw))
        there = first_doc.locate((first_item, "id"))  # type: ignore[attr-defined]
        here = doc.locate((item, "id"))
        yield finding("ID002", f"id {raw!r} looks the same as {first_raw!r} at {there} "
                              f"(they differ by {_difference(first_raw, raw)})",
                      here, there, records=(first_raw, raw))


def _difference(a: str, b: str) -> str:
    """Name the characters that set two look-alike ids apart: all but plain lower-case ASCII and '-'."""
    parts = []
    for char in dict.fromkeys(a + b):
        if char.isascii() and (char.islower() or char.isdigit() or char == "-"):
            continue
        parts.append("'_' against '-'" if char == "_" else
                     f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}")
    return ", ".join(parts[:4]) if parts else "look-alike characters"


def _declared(ids: list[Any], records: list[Any]) -> list[str]:
    """What ID002 reads of a file: the ids its items declare (``reads``)."""
    return [raw for raw in ids if isinstance(raw, str)]


@rule("ID002", "error", "two ids that look the same",
      "use one spelling: plain lower-case ASCII letters and digits joined by '-'", """
Two records have different ids that a reader cannot tell apart: they differ only by case, by '_' against
'-', by an invisible character (zero-width space, soft hyphen...), by an accent, or by a letter of another
script that looks like a Latin one (Cyrillic 'а' for 'a', Greek 'ο' for 'o'). References to one of them
are then easily written with the other. Ids are compared after Unicode NFKC, removal of invisible
characters and accents, replacement of look-alike letters (Unicode's confusables data), case folding and
'_' as '-'; the finding is at the later id and names the earlier one. Ids that are merely similar
('lavrov-sergei', 'lavrov-sergey') are different ids and are not reported.

Bad (the second id has a Cyrillic 'а'):

    - kind: person
      id: lavrov-sergei
    - kind: person
      id: lаvrov-sergei

Good: one record, `id: lavrov-sergei`, and every reference spelled that way.
""", reads=_declared)
def near_duplicate_ids(index: CorpusIndex) -> Iterable[Finding]:
    return list(_near_duplicates(index))
