"""DUP001: two records that probably describe the same event (or name the same actor).

Actors are paired first (persons and organizations sharing a name once transliterations, and for an
organization the order of its words, are folded), so that two records of one event are found even when
they name its participants through the two records of one person. Candidates are grouped by key (a
meeting under its type and each of its participants; a statement under its speaker; a proposal under its
proposer), and within a group swept in order of start date, so that only records whose dates overlap
are ever compared, never all pairs of the corpus. Within a group, a record is compared with at most
``_NEAREST`` overlapping records, the nearest first, so that the work stays linear even in a crowded
group. Each group is swept on its own, so that its pairs depend on its members only (an incremental run
sweeps again only the groups an edit reaches: ``engine.Groups``); a record is then reported once, as a
possible duplicate of the earliest record it pairs with in any group. Records whose date spans more than
about two months (a year, an open interval) are too vague to suggest a duplicate and are left out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import heapq
import re
from array import array
from collections.abc import Callable, Container, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, islice
from operator import attrgetter, itemgetter, lt
from typing import Any, NamedTuple

from validator.corpus import CorpusIndex
from validator.findings import Finding
from validator.records import ValidRecord
from validator.rules.attributes import place_words
from validator.rules.engine import Groups, Tables, finding, place, rule
from validator.rules.quotes import normalize
from validator.rules.transliteration import fold_name, fold_word

__all__ = ["participants_overlap", "texts_alike", "titles_alike", "title_words"]

_MAX_SPAN = dt.timedelta(days=64)  # a month, approximate (~), with the zone margins
_SIMILAR = 0.9  # SequenceMatcher ratio of "near-identical" quotes or summaries
_MIN_CONTAINED_WORDS = 6
_NEAREST = 32  # comparisons per record, at most, among the records whose dates overlap its own


def participants_overlap(a: set[str], b: set[str]) -> bool:
    """Overlapping enough to be one event: one list contains the other, or they share half their union
    (so two interviews of one minister by different outlets do not count)."""
    if not a or not b:
        return False
    shared = len(a & b)
    return shared == len(a) or shared == len(b) or 2 * shared >= len(a | b)


def texts_alike(a: str | None, b: str | None) -> bool:
    """Near-identical after normalisation, or one (of six words or more) contained in the other."""
    if a is None or b is None:
        return False
    a, b = normalize(a), normalize(b)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) >= _MIN_CONTAINED_WORDS and short in long_:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= _SIMILAR and matcher.quick_ratio() >= _SIMILAR and \
        matcher.ratio() >= _SIMILAR


#: The records of one kind are numbered by their order in the corpus; a group holds the numbers of its
#: members (4 bytes each), and ``Spans`` each record's date range, the shared object that the record's date
#: memoises, or None (too vague to compare). At 1M records a tuple per candidate and its number, and the
#: groups' lists of them, took 100 MB at the peak of the run.
Spans = list["tuple[dt.datetime, dt.datetime] | None"]
Same = Callable[[Any, int, int], bool]
Grouped = tuple[Hashable, Finding]  # a finding, with the key of the group it comes from
_START, _END = itemgetter(0), itemgetter(1)


def _overlapping(ranges: list[tuple[dt.datetime, dt.datetime]]) -> bool:
    """Whether a range (sorted by start) begins before an earlier one has ended, told by iterators in C."""
    ended = accumulate(map(_END, ranges), max)  # when each range's predecessors have all ended
    return any(map(lt, map(_START, islice(ranges, 1, None)), ended))


def _add(groups: dict[Any, array[int]], key: Any, number: int) -> None:
    members = groups.get(key)
    if members is None:
        members = groups[key] = array("i")
    members.append(number)


def _sweep(groups: dict[Any, array[int]], spans: Spans, entries: Sequence[ValidRecord], same: Same,
           only: Container[Any] | None = None) -> Iterator[tuple[Any, ValidRecord, ValidRecord]]:
    """Pairs (earlier in the corpus, later) within a group whose dates overlap and that ``same(key, first,
    second)`` (their numbers) accepts, with the group's key; only the groups in ``only``, if given. Within
    a group, a record is reported at most once as the later of a pair, and is compared with at most
    ``_NEAREST`` of the records whose dates overlap its own, those that start nearest before it first, so
    that the work stays linear even where very many records overlap. A group's pairs depend on its members
    only (and on their order), so that an incremental run can sweep again just the groups an edit reaches;
    ``first_of_each`` keeps one pair per record across groups. ``same`` must accept a pair in one group
    only (the group a pair shares can be several)."""
    for key, members in groups.items():
        if len(members) < 2 or (only is not None and key not in only):
            continue
        numbers = sorted(members, key=lambda number: (spans[number][0], number))  # type: ignore[index]
        ranges: list[tuple[dt.datetime, dt.datetime]] = list(map(spans.__getitem__, numbers))  # type: ignore[arg-type]
        if not _overlapping(ranges):
            continue  # the common case: no dates of the group overlap
        reported: set[int] = set()
        live: dict[int, None] = {}  # the records whose dates are not over yet, in order of start
        ends: list[tuple[dt.datetime, int]] = []
        for number, (start, end) in zip(numbers, ranges):
            while ends and ends[0][0] <= start:
                live.pop(heapq.heappop(ends)[1], None)
            budget, looked = _NEAREST, 0
            for other in reversed(live):
                looked += 1
                if budget == 0 or looked > 4 * _NEAREST:
                    break
                first, second = (other, number) if other < number else (number, other)
                if second in reported or entries[first].record.id == entries[second].record.id:  # one id twice: ID001
                    continue
                budget -= 1
                if same(key, first, second):
                    reported.add(second)
                    yield key, entries[first], entries[second]
                    if second == number:
                        break
            live[number] = None
            heapq.heappush(ends, (end, number))


def first_of_each(index: CorpusIndex, found: Iterable[Finding]) -> list[Finding]:
    """One finding per later record (where a finding is placed): the one naming the earliest record in the
    corpus's order (files in the order of the run, then lines). A record can be the later of pairs in
    several groups, which are swept apart."""
    rank = {doc.path: number for number, (doc, _) in enumerate(index.declared_ids)}
    best: dict[tuple[str, int, int], tuple[tuple[int, int, int], Finding]] = {}
    for item in found:
        there, here = item.related[0], item.location
        order = (rank.get(there.path, len(rank)), there.line, there.column)
        held = best.get((here.path, here.line, here.column))
        if held is None or order < held[0]:
            best[(here.path, here.line, here.column)] = (order, item)
    return [item for _, item in best.values()]


def _features(memo: dict[int, tuple[frozenset[str], frozenset[str] | None]], canonical: dict[str, str],
              entries: list[ValidRecord], number: int) -> tuple[frozenset[str], frozenset[str] | None]:
    """A meeting's participants (each actor under its first record) and location words, computed once per
    ``memo`` (``_meetings`` keeps one for the group being swept)."""
    found = memo.get(number)
    if found is None:
        record = entries[number].record
        words = place_words(record.location) if record.location is not None else None
        found = memo[number] = (frozenset(canonical.get(p, p) for p in record.participants), words or None)
    return found


def _span(index: CorpusIndex, entry: ValidRecord, value: Any = None) -> tuple[dt.datetime, dt.datetime] | None:
    """The range of a record's date (or of ``value``), None when it is too vague to compare."""
    found = index.instant_range(entry.record.date if value is None else value, entry.record)
    return found if found[1] - found[0] <= _MAX_SPAN else None


def _meetings(index: CorpusIndex, entries: Sequence[ValidRecord], only: Container[Any] | None) -> Iterator[Grouped]:
    canonical = _actors(index).canonical
    spans: Spans = []
    groups: dict[tuple[str, str, str], array[int]] = {}
    for number, entry in enumerate(entries):
        span = _span(index, entry)
        spans.append(span)
        if span is None:
            continue
        for key in dict.fromkeys(_group_keys(canonical, entry.record)):  # each participant as its first record
            _add(groups, key, number)

    # Each compared meeting's features, for the group being swept only: a meeting is in a group per
    # participant, but at 1M records keeping them for all took 100 MB.
    features: dict[int, tuple[frozenset[str], frozenset[str] | None]] = {}
    swept: Any = None

    def same(key: tuple[str, str, str], a: int, b: int) -> bool:
        nonlocal swept
        if key is not swept:
            features.clear()
            swept = key
        x, y = entries[a].record, entries[b].record
        if x.part_of == y.id or y.part_of == x.id:
            return False  # a series and one of its parts
        (px, lx), (py, ly) = (_features(features, canonical, entries, n) for n in (a, b))
        if min(px & py) != key[2]:
            return False  # compared in the group of the first participant they share
        if lx is not None and ly is not None and not (lx <= ly or ly <= lx):
            return False
        return participants_overlap(px, py)

    for key, first, second in _sweep(groups, spans, entries, same, only):
        x, y = first.record, second.record
        there = place(first, "id")
        where = f" in {y.location}" if y.location else ""
        theirs = {canonical.get(p, p) for p in x.participants}
        shared = ", ".join(p for p in y.participants if canonical.get(p, p) in theirs)
        yield key, finding("DUP001", f"possible duplicate of {x.id} at {there}: both {y.meeting_type}{where}, "
                                     f"dated {x.date} and {y.date}, with {shared}{_series_hint(index, first, second)}",
                           place(second, "id"), there, records=(x.id, y.id))


def _series_hint(index: CorpusIndex, a: ValidRecord, b: ValidRecord) -> str:
    """When one meeting spans the other's dates and places and more (a series and a meeting of it), say
    that a `part_of` link is what is missing."""
    ra, rb = index.instant_range(a.record.date, a.record), index.instant_range(b.record.date, b.record)
    la, lb = (place_words(e.record.location) if e.record.location else frozenset() for e in (a, b))
    for big, small, rbig, rsmall, lbig, lsmall in ((a, b, ra, rb, la, lb), (b, a, rb, ra, lb, la)):
        if rbig[0] <= rsmall[0] and rsmall[1] <= rbig[1] and rbig != rsmall and lsmall < lbig:
            return f"; or, if {small.record.id} is one meeting of the series {big.record.id}, set its part_of"
    return ""


def _statements(index: CorpusIndex, entries: Sequence[ValidRecord], only: Container[Any] | None) -> Iterator[Grouped]:
    spans: Spans = []
    groups: dict[tuple[str, str], array[int]] = {}
    for number, entry in enumerate(entries):
        span = _span(index, entry)
        spans.append(span)
        for key in _group_keys({}, entry.record) if span is not None else ():  # speakers are not folded
            _add(groups, key, number)

    def same(key: tuple[str, str], a: int, b: int) -> bool:
        x, y = entries[a].record, entries[b].record
        return texts_alike(x.quote, y.quote) or texts_alike(x.summary, y.summary)

    for key, first, second in _sweep(groups, spans, entries, same, only):
        x, y = first.record, second.record
        there = place(first, "id")
        what = "quote" if texts_alike(x.quote, y.quote) else "summary"
        yield key, finding("DUP001", f"possible duplicate of {x.id} at {there}: {y.speaker}, dated {x.date} and "
                                     f"{y.date}, with a near-identical {what}",
                           place(second, "id"), there, records=(x.id, y.id))


# --- actors: one person or organization under two records --------------------------------------------

_WORDS = re.compile(r"[^\w]+")


def _name_key(kind: str, name: str) -> tuple[str, ...]:
    """A name as DUP001 compares it: transliterations folded, and an organization's words in any order
    ("NATO-Russia Council" and "Russia-NATO Council")."""
    words = fold_name(name)
    return tuple(sorted(words)) if kind == "organization" else words


@dataclass(frozen=True, slots=True)
class Actors:
    """The actor records that name one actor (the later record, the earlier one, the name they share),
    each such record's first record by id, and every actor name and alias as folded words, by actor."""

    twins: list[tuple[ValidRecord, ValidRecord, str]]
    canonical: dict[str, str]
    phrases: dict[tuple[str, ...], str]
    longest: int


_HELD: dict[int, tuple[CorpusIndex, Actors]] = {}


def _actors(index: CorpusIndex) -> Actors:
    held = _HELD.get(0)
    if held is None or held[0] is not index:
        twins: list[tuple[ValidRecord, ValidRecord, str]] = []
        for kind in ("person", "organization"):
            first_named: dict[tuple[str, ...], ValidRecord] = {}
            for entry in index.by_kind.get(kind, []):
                record = entry.record
                names = {_name_key(kind, n): n for n in (record.name, *record.aliases)}
                names.pop((), None)
                earlier = next(((first_named[k], names[k]) for k in names if k in first_named
                                and _may_be_one(first_named[k].record, record)), None)
                if earlier is not None and earlier[0].record.id != record.id:  # one id twice: ID001
                    twins.append((entry, *earlier))
                    continue
                for key in names:
                    first_named.setdefault(key, entry)
        canonical = {later.record.id: earlier.record.id for later, earlier, _ in twins}
        phrases: dict[tuple[str, ...], str] = {}
        for kind in ("state", "organization", "person"):
            for entry in index.by_kind.get(kind, []):
                for name in (entry.record.name, *entry.record.aliases):
                    words = tuple(fold_word(w) for w in _WORDS.split(name) if fold_word(w))
                    if words:
                        phrases.setdefault(words, canonical.get(entry.record.id, entry.record.id))
        _HELD[0] = held = (index, Actors(twins, canonical, phrases, max(map(len, phrases), default=0)))
    return held[1]


def _may_be_one(a: Any, b: Any) -> bool:
    """Two actors of one name can be one only if they do not belong to different states."""
    return a.state is None or b.state is None or a.state == b.state


def _actor_twins(index: CorpusIndex) -> Iterator[Finding]:
    """Two person or organization records sharing a name or alias once folded: Sergei/Sergey Lavrov."""
    for entry, other, name in _actors(index).twins:
        there = place(other, "id")
        yield finding("DUP001", f"possible duplicate of {other.record.id} at {there}: both {entry.record.kind}s are "
                                f"named {name!r} (transliterations{' and word order' * (entry.record.kind != 'person')}"
                                " folded)",
                      place(entry, "id"), there, records=(other.record.id, entry.record.id))


# --- proposals ---------------------------------------------------------------------------------------

_TITLE_STOP = frozenset({"the", "a", "an", "of", "on", "and", "between", "to", "for", "in", "with", "by", "its",
                         "draft", "about", "from", "at", "s"})  # "s": of a possessive, "Russia's"
_TITLE_SHARE = 0.6  # of the shorter title's words


def _folded_words(title: str) -> list[str]:
    """A title's words, folded like names (``title_words`` reads them, and the actors' names among them)."""
    return [word for word in map(fold_word, _WORDS.split(title)) if word]


def title_words(title: str, phrases: dict[tuple[str, ...], str], longest: int) -> frozenset[str]:
    """A title's words as DUP001 compares them: folded like names, without stop words or a plural -s, and
    every actor's name or alias (the longest first) read as that actor's id: "Russian Federation" and
    "Russia" are one word, "United States of America" and "US" another."""
    words = _folded_words(title)
    out: list[str] = []
    i = 0
    while i < len(words):
        for length in range(min(longest, len(words) - i), 0, -1):
            actor = phrases.get(tuple(words[i:i + length]))
            if actor is not None:
                out.append(actor)
                i += length
                break
        else:
            word = words[i]
            if word not in _TITLE_STOP:
                out.append(word.removesuffix("s") if len(word) > 3 else word)
            i += 1
    return frozenset(out)


def _title_looks(record: Any) -> list[str]:
    """What DUP001 looks up in the tables for a record (``Tables``): the words of a proposal's title, which
    may be in an actor's name."""
    if record.kind != "proposal":
        return []
    return [f"w:{word}" for word in _folded_words(record.title)]


def _phrases_with(index: CorpusIndex) -> Callable[[str], tuple[tuple[tuple[str, ...], str], ...]]:
    """The actors' names (as ``title_words`` reads them, with the actor each stands for) that hold a word: a
    title without any of a name's words reads the same with or without it."""
    holding: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, actor in _actors(index).phrases.items():
        for word in set(phrase):
            holding.setdefault(word, []).append((phrase, actor))
    return lambda key: tuple(sorted(holding.get(key[2:], ())))


def _twins(index: CorpusIndex) -> tuple[tuple[str, str], ...]:
    """Each actor's first record (``Actors.canonical``), by which events are grouped and compared."""
    return tuple(sorted(_actors(index).canonical.items()))


def titles_alike(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two titles' words (``title_words``) share at least two words and most of the shorter one's."""
    shared = len(a & b)
    return shared >= 2 and shared >= _TITLE_SHARE * min(len(a), len(b))


def _proposals(index: CorpusIndex, entries: Sequence[ValidRecord], only: Container[Any] | None) -> Iterator[Grouped]:
    actors = _actors(index)
    canonical = actors.canonical
    spans: Spans = []
    groups: dict[tuple[str, str], array[int]] = {}
    for number, entry in enumerate(entries):
        proposal = entry.record
        value = proposal.submitted or proposal.published
        span = _span(index, entry, value) if value is not None else None
        spans.append(span)
        for key in _group_keys(canonical, proposal) if span is not None else ():
            _add(groups, key, number)

    @functools.cache
    def words(title: str) -> frozenset[str]:
        return title_words(title, actors.phrases, actors.longest)

    def same(key: tuple[str, str], a: int, b: int) -> bool:
        x, y = entries[a].record, entries[b].record
        to_x, to_y = ({canonical.get(p, p) for p in r.addressees} for r in (x, y))
        return participants_overlap(to_x, to_y) and titles_alike(words(x.title), words(y.title))

    for key, first, second in _sweep(groups, spans, entries, same, only):
        x, y = first.record, second.record
        there = place(first, "id")
        yield key, finding("DUP001", f"possible duplicate of {x.id} at {there}: both proposals of {y.proposer} to "
                                     f"{', '.join(y.addressees)}, dated {x.submitted or x.published} and "
                                     f"{y.submitted or y.published}, with titles alike once word order, spelling "
                                     f"and the actors' names are folded",
                           place(second, "id"), there, records=(x.id, y.id))


class _Meeting(NamedTuple):
    """What DUP001 reads of a meeting: what an incremental run keeps of it, by group, in the cache."""

    id: str
    date: Any
    timezone: str | None
    meeting_type: str
    participants: Sequence[str]
    location: str | None
    part_of: str | None
    kind: str = "meeting"


class _Statement(NamedTuple):
    """What DUP001 reads of a statement."""

    id: str
    date: Any
    timezone: str | None
    speaker: str
    quote: str | None
    summary: str | None
    kind: str = "statement"


class _Proposal(NamedTuple):
    """What DUP001 reads of a proposal."""

    id: str
    submitted: Any
    published: Any
    timezone: str | None
    proposer: str
    addressees: Sequence[str]
    title: str
    kind: str = "proposal"


_SLIM: dict[str, Any] = {"meeting": _Meeting, "statement": _Statement, "proposal": _Proposal}

#: The fields DUP001 compares, by kind: the events' dates, zones, places, types and who took part, the
#: proposals' titles, the actors' names (pairs of actors, and the names read in titles).
_COMPARED = {**{kind: attrgetter(*slim._fields[:-1]) for kind, slim in _SLIM.items()},
             "person": attrgetter("id", "name", "aliases", "state"),
             "organization": attrgetter("id", "name", "aliases", "state"),
             "state": attrgetter("id", "name", "aliases")}


def _compared(ids: list[Any], records: list[Any]) -> list[tuple[str, Any]]:
    """What DUP001 reads of a file's records (``reads``: an incremental run keeps its findings while this
    is unchanged everywhere)."""
    return [(record.kind, _COMPARED[record.kind](record)) for record in records if record.kind in _COMPARED]


def _slim(record: Any) -> Any:
    """What DUP001 reads of an event, None for other records (``Groups.slim``)."""
    made = _SLIM.get(record.kind)
    return None if made is None else made(*_COMPARED[record.kind](record))


def _keys(index: CorpusIndex, record: Any) -> Iterator[Hashable]:
    """The groups of an event (``Groups.keys``)."""
    return _group_keys(_actors(index).canonical, record)


def _group_keys(canonical: dict[str, str], record: Any) -> Iterator[Hashable]:
    """The groups of an event, given each actor's first record: a meeting's type with each participant, a
    statement's speaker, a proposal's proposer (what ``_meetings``, ``_statements`` and ``_proposals``
    sweep)."""
    if record.kind == "meeting":
        for participant in record.participants:
            yield "meeting", record.meeting_type, canonical.get(participant, participant)
    elif record.kind == "statement":
        yield "statement", record.speaker
    else:
        yield "proposal", canonical.get(record.proposer, record.proposer)


def _grouped(index: CorpusIndex, members: Mapping[str, Sequence[ValidRecord]] | None,
             only: Container[Hashable] | None) -> Iterator[Grouped]:
    """The events' pairs, each with its group's key: of every event (``members`` None), or of the groups
    in ``only``, given at least their members (by kind, in the corpus's order)."""
    of_kind = index.by_kind if members is None else members
    yield from _meetings(index, of_kind.get("meeting", []), only)
    yield from _statements(index, of_kind.get("statement", []), only)
    yield from _proposals(index, of_kind.get("proposal", []), only)


def _finish(index: CorpusIndex, found: list[Finding]) -> list[Finding]:
    """DUP001's findings, given the groups' pairs: one per later record, and the pairs of actors."""
    return [*first_of_each(index, found), *_actor_twins(index)]


@rule("DUP001", "warning", "possible duplicate record",
      "merge the two records (keep every report), or review the finding if they are different events", """
Two records that probably describe one event, so that its reports are split between them:

* two meetings of the same `meeting_type`, with dates that can overlap, compatible locations (as for
  ATTR001; a missing location fits any) and participants that overlap (one list contains the other, or
  they share at least half of all the participants named), unless one is `part_of` the other (a series
  and its parts); a call and talks on one day between the same people are two events;
* two statements of the same `speaker`, with dates that can overlap and a near-identical `quote` or
  `summary` (90% similar after the normalisation of QUOTE001, or one of six words or more contained in
  the other);
* two proposals of the same `proposer`, with dates (`submitted`, else `published`) that can overlap,
  addressees that overlap as participants do, and titles alike: once folded like names, without stop
  words ("the", "on", "draft"...) and with every actor's name or alias read as that actor ("Russian
  Federation" and "Russia"; "US" and "United States of America"), they share most of the shorter
  title's words, in any order;
* two persons with a name or alias in common once transliterations are folded (Sergei Lavrov and Sergey
  Lavrov, Yuri/Yury, Dmitri/Dmitriy), or two organizations once the order of their words is folded too
  (NATO-Russia Council and Russia-NATO Council), unless they belong to different states: put the other
  spelling in `aliases` of one record.

Events are compared through such pairs: a meeting with `ushakov-yuri` and one with `ushakov-yury` share
a participant.

Records dated more vaguely than about two months are not compared. The finding is at the later record
(in the order of the files), once per record, naming the first earlier record it duplicates; where one
meeting spans the other's dates and places and more, the message suggests the `part_of` link instead.

Bad (warning):

    - kind: meeting
      id: geneva-talks-2022-01-10
      meeting_type: talks
      location: Geneva
      date: '2022-01-10'
      participants: [russia, united-states]
    - kind: meeting
      id: russia-us-talks-geneva
      meeting_type: talks
      location: geneva
      date: '2022-01-09/2022-01-10'
      participants: [united-states, russia]

Good: one record, with the reports of both.

Bad: `{kind: person, id: lavrov-sergei, name: Sergei Lavrov}` and `{kind: person, id: lavrov-sergey,
name: Sergey Lavrov}`. Good: one record, `name: Sergei Lavrov`, `aliases: [Sergey Lavrov]`.
""", reads=_compared, groups=Groups(_slim, _keys, _grouped, _finish),
      tables=Tables(_title_looks, _phrases_with, _twins))
def possible_duplicates(index: CorpusIndex) -> Iterable[Finding]:
    return _finish(index, [found for _, found in _grouped(index, None, None)])
