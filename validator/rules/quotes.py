"""QUOTE rules: every quote is in its source's text, and one quote has one speaker.

Quotes are compared with texts after a normalisation that forgives how a passage was retyped or
copied, but not what it says: Unicode NFKC, case, white space (any run of spaces, tabs, line breaks is one
space), typographic quotes (’ ‘ ‚ ′ → ', “ ” „ « » ″ → "), dashes (‐ ‑ ‒ – — ― − → -) and invisible
format characters (soft hyphen, zero-width space) removed. A quote with elisions ("...", "…", "[...]")
is found when its pieces occur in order.

A quote that is not found is shown with the closest passage of the text. That passage is found without
comparing the quote against every window of the text: the text's words are indexed once per source,
each word of the quote votes for the offset at which the quote would start, and only the three
best-voted windows are compared, word by word (``difflib.SequenceMatcher`` on the word sequences), so a
miss costs about the quote's length. The similarity shown is that of the word sequences.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Container, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress
from operator import not_
from typing import Any, NamedTuple

from validator.corpus import CorpusIndex
from validator.findings import Finding
from validator.records import ValidRecord
from validator.rules.engine import Groups, Members, SharedPass, finding, place, rule

__all__ = ["normalize", "normalize_with_map", "SourceText", "find_quote"]

_TRANSLATE = str.maketrans({
    **dict.fromkeys("’‘‚‛′`´‹›", "'"), **dict.fromkeys("“”„‟«»″〝〞", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃", "-"),
})
_ELISION = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\[…\]|\.\s?\.\s?\.|…)\s*")
_WORD = re.compile(r"\w+")
_MAY_JOIN = re.compile("[\u0300-\U0010ffff]")  # from the combining marks on: normalised with the character before
_MIN_QUOTE_WORDS = 6  # QUOTE002: shorter quotes ("important", "we will see") are common phrases


def _fold(cluster: str) -> str:
    """One character with its combining marks, normalised (NFKC, case folded, quotes and dashes unified)."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", cluster).casefold())
    text = text.translate(_TRANSLATE)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


_ASCII = frozenset(map(chr, range(128)))
_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")
_TOKENS = re.compile(r"\s+|\S+")


def _runs(text: str) -> list[tuple[int, int]]:
    """Spans of ASCII and of other characters; an ASCII letter followed by a combining mark goes with
    the other characters, so that it is normalised together with its mark ('e' + U+0301 as 'é')."""
    spans: list[tuple[int, int]] = []
    for run in _RUNS.finditer(text):
        start, end = run.span()
        if spans and not text[start].isascii() and unicodedata.combining(text[start]):
            last_start, last_end = spans[-1]
            if last_end - last_start > 1:
                spans[-1] = (last_start, last_end - 1)
                start = last_end - 1
            else:
                spans.pop()
                start = last_start
        spans.append((start, end))
    return spans


def _clusters(chunk: str) -> Iterator[tuple[int, str]]:
    """Each character of a non-ASCII run with the combining marks that follow it, and where it starts:
    a character and its marks are normalised together."""
    i, n = 0, len(chunk)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(chunk[j]):
            j += 1
        yield i, chunk[i:j]
        i = j


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """The normalised text, and for each of its characters the index in ``text`` it comes from."""
    out: list[str] = []
    starts: list[int] = []
    space = True  # at the start, white space is dropped
    for at, end in _runs(text):
        chunk = text[at:end]
        if chunk.isascii():  # ASCII: case and ` only, one character for one
            for token in _TOKENS.finditer(chunk.lower().replace("`", "'")):
                if token.group()[0].isspace():
                    if not space:
                        out.append(" ")
                        starts.append(at + token.start())
                        space = True
                else:
                    out.append(token.group())
                    starts.extend(range(at + token.start(), at + token.end()))
                    space = False
            continue
        for i, cluster in _clusters(chunk):
            for char in _fold(cluster):
                if char.isspace():
                    if space:
                        continue
                    char, space = " ", True
                else:
                    space = False
                out.append(char)
                starts.append(at + i)
    if out and out[-1] == " ":
        out.pop()
        starts.pop()
    return "".join(out), starts


def normalize(text: str) -> str:
    """The normalised form of a quote or text (see the module documentation)."""
    if text.isascii():  # the common case, in one go
        return " ".join(text.lower().replace("`", "'").split())
    folded = text.casefold()
    if unicodedata.is_normalized("NFKC", text) and unicodedata.is_normalized("NFKC", folded) and not any(
            ord(char) in _TRANSLATE or unicodedata.category(char) == "Cf" for char in set(folded) - _ASCII):
        # Already in its normal form but for case (most accented text): in one go too, same result.
        return " ".join(folded.replace("`", "'").split())
    # Without a map, white space can be collapsed at the end and ASCII runs folded in one go; only the
    # other characters go one by one (with their combining marks). Same result as ``normalize_with_map``.
    parts: list[str] = []
    for at, end in _runs(text):
        chunk = text[at:end]
        parts.append(chunk.lower().replace("`", "'") if chunk.isascii()
                     else "".join(_fold(cluster) for _, cluster in _clusters(chunk)))
    return " ".join("".join(parts).split())


@dataclass
class SourceText:
    """A source's text, normalised once (on first need: most quotes are copied as written), with its words
    indexed for finding near misses."""

    original: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    positions: dict[str, list[int]] = field(default_factory=dict)
    _normal: tuple[str, list[int]] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, original: str) -> SourceText:
        return cls(original)

    @property
    def text(self) -> str:
        """The normalised text (``normalize``)."""
        return self._normalised()[0]

    @property
    def starts(self) -> list[int]:
        """For each character of ``text``, where it starts in ``original``."""
        return self._normalised()[1]

    def _normalised(self) -> tuple[str, list[int]]:
        if self._normal is None:
            self._normal = normalize_with_map(self.original)
        return self._normal

    def contains_as_written(self, quote: str) -> bool:
        """Whether the quote, not normalised, is in the text as written, starting with an ASCII character
        and followed by one (or the end). Then ``contains(normalize(quote))`` holds, and the quote need not
        be normalised: the normalisation works character by character (a character with its combining
        marks) and collapses white space, and no ASCII character joins the character before it under
        NFKC, so the text's normal form holds the quote's."""
        original = self.original
        at = original.find(quote)
        if at < 0 or not quote[:1].isascii():
            return False
        end = at + len(quote)
        return end == len(original) or original[end].isascii()

    def contains(self, quote: str) -> bool:
        if quote in self.text:
            return True
        pieces = [p for p in _ELISION.split(quote) if p]
        if len(pieces) < 2:
            return False
        at = 0
        for piece in pieces:
            found = self.text.find(piece, at)
            if found < 0:
                return False
            at = found + len(piece)
        return True

    def _index_words(self) -> None:
        if self.spans or not self.text:
            return
        for number, match in enumerate(_WORD.finditer(self.text)):
            self.spans.append(match.span())
            self.positions.setdefault(match.group(), []).append(number)

    def closest(self, quote: str) -> tuple[float, str] | None:
        """The passage most like ``quote`` (similarity 0..1, the passage as the text writes it)."""
        self._index_words()
        words = _WORD.findall(quote)
        if not words or not self.spans:
            return None
        votes: Counter[int] = Counter()
        common = max(50, len(self.spans) // 20)
        for place_in_quote, word in enumerate(words):
            where = self.positions.get(word, ())
            if len(where) > common:
                continue  # "the", "and": they vote everywhere
            for place_in_text in where:
                votes[place_in_text - place_in_quote] += 1
        if not votes:
            for place_in_quote, word in enumerate(words):  # only common words shared: let them vote
                for place_in_text in self.positions.get(word, ()):
                    votes[place_in_text - place_in_quote] += 1
        if not votes:
            return None
        best: tuple[float, int, int] | None = None
        for offset, _ in votes.most_common(3):
            first = min(max(offset, 0), len(self.spans) - 1)
            last = min(max(offset + len(words), first + 1), len(self.spans))
            window = [self.text[a:b] for a, b in self.spans[first:last]]
            # Similarity of the word sequences: cheap (a quote has tens of words, not hundreds of
            # characters) and what a curator counts ("87%": about 13 words in 100 differ).
            matcher = difflib.SequenceMatcher(None, words, window, autojunk=False)
            if best is not None and matcher.quick_ratio() <= best[0]:
                continue  # an upper bound: this window cannot beat the best one
            ratio = matcher.ratio()
            if best is None or ratio > best[0]:
                best = (ratio, self.spans[first][0], self.spans[last - 1][1])
        ratio, start, end = best  # type: ignore[misc]
        if ratio == 1.0:  # the same words, other punctuation: say how close the characters are
            ratio = difflib.SequenceMatcher(None, quote, self.text[start:end], autojunk=False).ratio()
        passage = self.original[self.starts[start]:self.starts[end - 1] + 1]
        return ratio, passage


def _show(passage: str, limit: int = 160) -> str:
    passage = " ".join(passage.split())
    return repr(passage if len(passage) <= limit else passage[:limit - 1] + "…")


class _Texts(dict[str, SourceText | None]):
    """Source texts by source id (``None``: no text), each read and indexed at most once in a pass; after
    the first, a look-up in C."""

    def __init__(self, index: CorpusIndex) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, source_id: str) -> SourceText | None:
        raw = self.index.read_source_text(source_id)
        found = self[source_id] = SourceText.of(raw) if raw is not None else None
        return found


def find_quote(texts: list[tuple[str, SourceText]], quote: str) -> tuple[bool, str]:
    """Whether the normalised ``quote`` is in one of ``texts`` ((source id, text)); else a description of
    the closest passage among them."""
    if any(text.contains(quote) for _, text in texts):
        return True, ""
    best: tuple[float, str, str] | None = None
    for source_id, text in texts:
        near = text.closest(quote)
        if near is not None and (best is None or near[0] > best[0]):
            best = (near[0], near[1], source_id)
    if best is None:
        return False, "no passage of the text shares a word with it"
    ratio, passage, source_id = best
    where = f", in {source_id}" if len(texts) > 1 else ""
    percent = min(math.floor(ratio * 100), 99)  # a quote not found is never shown as 100% similar
    return False, f"closest passage ({percent}% similar{where}): {_show(passage)}"


def _absent(text: SourceText, source_id: str, written: str) -> str | None:
    """None when ``written``, normalised, is in the source's text; else a description of the closest
    passage. Callers first try ``contains_as_written``: most words are copied as the text has them, and
    then nothing is normalised."""
    found, near = find_quote([(source_id, text)], normalize(written))
    return None if found else near


def _missing(index: CorpusIndex) -> Iterator[Finding]:
    """QUOTE001's and QUOTE003's findings, from one pass: each report's quote and other words as written in
    its source's text, then the record's own quotes in its reports' texts. Most words are there as written
    (``_not_as_written`` finds the records with some that are not); only those records are checked here,
    in order."""
    events = list(index.checked_events())
    texts = _Texts(index)
    for position in sorted(_not_as_written(index, events)):
        yield from _record_missing(events[position], texts)


class _Cited:
    """What cites one source: its reports' words (a quote, a date expression...) with their records'
    positions, and the own quotes of those records with their numbers (``_not_as_written``)."""

    __slots__ = ("words", "positions", "quotes", "numbers")

    def __init__(self) -> None:
        self.words: list[str] = []
        self.positions = array("i")  # 4 bytes each, no int object (4M words at 1M records)
        self.quotes: list[str] = []
        self.numbers = array("i")


def _not_as_written(index: CorpusIndex, events: list[ValidRecord]) -> set[int]:
    """The positions in ``events`` of the records with a word (a report's quote or other words, or an own
    quote in none of the record's sources) not in its source's text as written (``contains_as_written``).
    The words are gathered by source, and each text is read, searched for all of its words and dropped:
    the texts are never all held (400 MB at 1M records)."""
    index.read_texts_ahead()  # while the words are gathered
    by_source: dict[str, _Cited] = {}
    # The own quotes are numbered in order: each one's record position, and whether it was found as written
    # (arrays, not a set of (position, number) tuples: 50 MB at 1M records).
    owners = array("i")
    for position, entry in enumerate(events):
        record = entry.record
        for report in record.reports:
            cited = by_source.get(report.source) or by_source.setdefault(report.source, _Cited())
            if report.quote is not None:
                cited.words.append(report.quote)
                cited.positions.append(position)
            for _, written in _words_as_written(report):
                cited.words.append(written)
                cited.positions.append(position)
        for _, quote, _ in _own_quotes_of(record):
            for source_id in {report.source for report in record.reports}:
                by_source[source_id].quotes.append(quote)
                by_source[source_id].numbers.append(len(owners))
            owners.append(position)
    found = bytearray(len(owners))
    suspects: set[int] = set()
    for source_id, cited in by_source.items():
        raw = index.read_source_text(source_id)
        if raw is None:
            continue  # no text (SRC001 / REF001): nothing is reported about its words
        # Below U+0300 no character is a combining mark, so each is normalised on its own, and a word in
        # such a text is in it once both are normalised: tested in C (most texts are Latin-1).
        contains = SourceText.of(raw).contains_as_written if _MAY_JOIN.search(raw) else raw.__contains__
        suspects.update(compress(cited.positions, map(not_, map(contains, cited.words))))
        for number in compress(cited.numbers, map(contains, cited.quotes)):
            found[number] = 1
    suspects.update(compress(owners, map(not_, found)))
    return suspects


def _record_missing(entry: ValidRecord, texts: _Texts) -> Iterator[Finding]:
    """One record's QUOTE001 and QUOTE003 findings (see ``_missing``)."""
    record = entry.record
    for number, report in enumerate(record.reports):
        if (text := texts[report.source]) is None:
            continue  # no text (SRC001 / REF001)
        if report.quote is not None and not text.contains_as_written(report.quote):
            near = _absent(text, report.source, report.quote)
            if near is not None:
                yield finding("QUOTE001", f"this quote is not in the text of {report.source}; {near}",
                              place(entry, "reports", number, "quote"), records=(record.id, report.source))
        for loc, written in _words_as_written(report):
            if text.contains_as_written(written):
                continue
            near = _absent(text, report.source, written)
            if near is not None:
                yield finding("QUOTE003", f"the report's {'.'.join(map(str, loc))} {written!r} is not in "
                                          f"the text of {report.source}; {near}",
                              place(entry, "reports", number, *loc), records=(record.id, report.source))
    own = _own_quotes_of(record)
    if own:
        yield from _own_quotes(entry, own, texts)


def _own_quotes_of(record: Any) -> list[tuple[tuple[Any, ...], str, str]]:
    """A statement's or proposal's own quotes (not its reports'): where each is, the quote, what it is."""
    own = []
    if record.kind == "statement" and record.quote is not None:
        own.append((("quote",), record.quote, "the statement's quote"))
    if record.kind == "proposal":
        own.extend((("provisions", i, "quote"), p.quote, f"provision {p.id!r}'s quote")
                   for i, p in enumerate(record.provisions) if p.quote is not None)
    return own


_MISSING = SharedPass(_missing)  # QUOTE001 and QUOTE003 come from one pass


def _own_quotes(entry: ValidRecord, own: list[tuple[tuple[Any, ...], str, str]], texts: _Texts) -> Iterator[Finding]:
    record = entry.record
    cited = sorted({r.source for r in record.reports})
    available = [(s, t) for s in cited if (t := texts[s]) is not None]
    if not available:
        return
    names = ", ".join(s for s, _ in available)
    for loc, quote, what in own:
        if any(text.contains_as_written(quote) for _, text in available):
            continue
        found, near = find_quote(available, normalize(quote))
        if not found:
            yield finding("QUOTE001", f"{what} is in none of its reports' source texts ({names}); {near}",
                          place(entry, *loc), records=(record.id, *(s for s, _ in available)))


def _words_as_written(report: Any) -> list[tuple[tuple[Any, ...], str]]:
    """The fields of a report that hold the source's own words (besides its quote), with their places (a
    list, not a generator: made for every report, it is mostly one date expression)."""
    words = [(("date_text",), report.date_text)] if report.date_text is not None else []
    if getattr(report, "duration_text", None) is not None:
        words.append((("duration_text",), report.duration_text))
    if report.counts:
        words.extend((("counts", what), text) for what, text in report.counts.items())
    return words


def _quote_keys(index: CorpusIndex, record: Any) -> Iterator[str]:
    """The group of a statement (``Groups.keys``): its quote, normalised, if it has enough words."""
    if record.quote is not None:
        key = normalize(record.quote).strip(" \"'.,;:")
        if len(_WORD.findall(key)) >= _MIN_QUOTE_WORDS:
            yield key


def _attributions(index: CorpusIndex, members: Members | None = None,
                  only: Container[Hashable] | None = None) -> Iterator[tuple[Hashable, Finding]]:
    """QUOTE002's findings, each with its group (the quote): of every statement (``members`` None), or of
    the groups in ``only``, given at least their members."""
    groups: dict[str, list[ValidRecord]] = {}
    for entry in (index.by_kind if members is None else members).get("statement", []):
        for key in _quote_keys(index, entry.record):
            groups.setdefault(key, []).append(entry)
    for key, members_of in groups.items():
        if len(members_of) < 2 or (only is not None and key not in only):
            continue
        by_speaker: dict[str, list[ValidRecord]] = {}
        for entry in members_of:
            statement = entry.record
            other = next((e for speaker, es in by_speaker.items() if speaker != statement.speaker for e in es), None)
            if other is not None:
                there = place(other, "quote")
                yield key, finding("QUOTE002", f"the same quote is attributed to {other.record.speaker} in "
                                               f"{other.record.id} at {there}, and here to {statement.speaker}",
                                   place(entry, "speaker"), there, place(entry, "quote"),
                                   records=(other.record.id, statement.id))
            else:
                same = by_speaker.get(statement.speaker, [])
                mine = index.instant_range(statement.date, statement)
                dated = [(e, index.instant_range(e.record.date, e.record)) for e in same]
                if same and not any(r[0] < mine[1] and mine[0] < r[1] for _, r in dated):
                    first = same[0]
                    there = place(first, "date")
                    yield key, finding("QUOTE002", f"the same quote by {statement.speaker} is dated "
                                                   f"{statement.date} here and {first.record.date} in "
                                                   f"{first.record.id} at {there}: one quote, one occasion",
                                       place(entry, "date"), there, place(entry, "quote"),
                                       records=(first.record.id, statement.id))
            by_speaker.setdefault(statement.speaker, []).append(entry)


@rule("QUOTE001", "error", "quote not found in the source's text",
      "copy the passage from the source text exactly (the message shows the closest passage)", """
Every `quote` must occur in the text of the source it cites: a report's quote in its `source`'s text; a
statement's own `quote` and a provision's `quote` in the text of at least one of the record's report
sources. Quotes are compared after normalising white space and line breaks, typographic quotes
(’ ‘ “ ” « » as ' and "), dashes (– — ‑ as -), case and Unicode compatibility forms (NFKC); elisions
("...", "…", "[...]") may join pieces that occur in that order. When the quote is not found, the message
shows the closest passage of the text and how similar it is. A source whose text is missing is skipped
(SRC001 reports it).

Bad (the source says "immediately after the New Year holiday"):

    reports:
      - source: fe-2021-12-27-lavrov-talks-after-holidays
        quote: talks will begin right after the New Year holiday

Good: `quote: will begin immediately after the New Year holiday`.
""", scope="record")
def quote_not_in_source(index: CorpusIndex) -> Iterable[Finding]:
    return _MISSING.findings(index, "QUOTE001")


class _Quoted(NamedTuple):
    """What QUOTE002 reads of a statement: what an incremental run keeps of it, by group, in the cache."""

    id: str
    quote: str | None
    speaker: str
    date: Any
    timezone: str | None
    kind: str = "statement"


def _quoted(record: Any) -> _Quoted | None:
    """What QUOTE002 reads of a statement, None for other records (``Groups.slim``)."""
    return _Quoted(record.id, record.quote, record.speaker, record.date, record.timezone) \
        if record.kind == "statement" else None


def _attributed(ids: list[Any], records: list[Any]) -> list[tuple[Any, ...]]:
    """What QUOTE002 reads of a file's records: each statement's quote, speaker and date (``reads``)."""
    return [tuple(_quoted(r))[:-1] for r in records if r.kind == "statement"]  # type: ignore[arg-type]


@rule("QUOTE002", "error", "one quote attributed to different speakers or occasions",
      "find out who said it and when; fix the speaker or date, or merge the statements", """
Statement records with the same `quote` (after the normalisation of QUOTE001, and at least six words, so
that common phrases do not count) must have the same `speaker`, and dates that can overlap: a quote is
said by one person on one occasion. The same quote by the same speaker on overlapping dates is a possible
duplicate (DUP001), not this.

Bad:

    - kind: statement
      id: lavrov-2022-01-14-balance-of-interests
      speaker: lavrov-sergei
      quote: We are for all this to be resolved on the basis of mutual respect
    - kind: statement
      id: ryabkov-2022-01-14-balance-of-interests
      speaker: ryabkov-sergei
      quote: We are for all this to be resolved on the basis of mutual respect

Good: one statement, with the speaker the sources name.
""", reads=_attributed, groups=Groups(_quoted, _quote_keys, _attributions, lambda index, found: found))
def quote_attribution(index: CorpusIndex) -> Iterable[Finding]:
    return [found for _, found in _attributions(index)]


@rule("QUOTE003", "warning", "a report's words not found in the source's text",
      "copy the words from the source text exactly (the message shows the closest passage)", """
The fields of a report that hold the source's own words, `date_text`, `duration_text` and the values of
`counts`, must occur in the text of the report's `source`, compared as QUOTE001 compares quotes (white
space, typographic quotes and dashes, case and compatibility forms do not matter). accord reads those
words (DATE004 resolves a date expression, ATTR004 and ATTR006 compare amounts), so words the source
does not have make those checks judge something the source never said. A source whose text is missing
is skipped (SRC001 reports it).

Bad (the source says "on Monday"):

    reports:
      - source: tass-2022-01-10
        date: '2022-01-10'
        date_text: on Tuesday

Good: `date_text: on Monday`, as the source writes it.
""", scope="record")
def words_not_in_source(index: CorpusIndex) -> Iterable[Finding]:
    return _MISSING.findings(index, "QUOTE003")
