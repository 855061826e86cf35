"""ATTR rules: what the reports of one meeting say about its place, participants, status and length must
agree with the record's curated value (and, where the record has none, with each other); the counts the
reports of any event give ("about 100,000 troops") must agree with each other.

Every comparison stays inside one record (its own value against each of its reports), so the cost is
linear in the number of reports. Where a message counts sources that agree, it counts independent
origins (``CorpusIndex.origin``): a reprint counts with the story it reprints.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from operator import attrgetter
from typing import Any, TypeVar

from validator.corpus import CorpusIndex
from validator.findings import Finding
from validator.records import ValidRecord
from validator.rules.engine import SharedPass, Tables, finding, place, rule
from validator.rules.places import Countries
from validator.rules.quantities import Span, exactly, read_count, read_duration

__all__ = ["place_words", "places_compatible", "corpus_countries", "Affiliations"]

Item = TypeVar("Item")

_PLACE_STOP = {"the", "in", "at", "of", "and", "near", "city"}


@functools.lru_cache(maxsize=1 << 16)  # a corpus names few places many times
def place_words(text: str) -> frozenset[str]:
    """The words of a place name, folded: case, accents and punctuation do not matter."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return frozenset(w for w in re.split(r"[^0-9a-z]+", text) if w and w not in _PLACE_STOP)


def places_compatible(a: str, b: str, countries: Countries | None = None) -> bool:
    """Whether two place names can name the same place: the words of one contain the other's ("Geneva"
    and "Geneva, Switzerland"; "Geneva, Brussels and Vienna" and "Vienna"), or one is a country and the
    other a city in it ("Switzerland" and "Geneva"; "Russia" and "Moscow, Kremlin")."""
    wa, wb = place_words(a), place_words(b)
    if not wa or not wb or wa <= wb or wb <= wa:
        return True
    return (countries or Countries(place_words)).contain(a, b)


def corpus_countries(index: CorpusIndex) -> Countries:
    """The gazetteer's countries and the corpus's states (with an ISO code) under all their names."""
    states = [((state.record.name, *state.record.aliases), state.record.iso_code)
              for state in index.by_kind.get("state", []) if state.record.iso_code]
    return Countries(place_words, states)


def _places(record: Any) -> Iterator[str]:
    """What ATTR001 looks up in the tables for a record (``Tables``): the words of a meeting's places, which
    may be a state's name."""
    if record.kind == "meeting":
        for where in (record.location, *(report.location for report in record.reports)):
            if where is not None:
                yield _place_key(where)


@functools.lru_cache(maxsize=1 << 16)
def _place_key(place: str) -> str:
    return "+".join(sorted(place_words(place)))


def _countries(index: CorpusIndex) -> Callable[[str], str | None]:
    """The country (ISO code) a place's words name among the corpus's states, if any (``Tables``)."""
    states = corpus_countries(index).states
    return lambda key: states.get(frozenset(key.split("+")) if key else frozenset())


def _participants_looked_up(record: Any) -> list[str]:
    """What ATTR002 looks up in the tables for a record (``Tables``): what each participant belongs to, for a
    meeting with a report naming a participant the record does not have (``_participants``; for any
    other record it reads nothing of them)."""
    if record.kind != "meeting" or not record.participants:
        return []
    mine = set(record.participants)
    if all(mine.issuperset(report.participants) for report in record.reports):
        return []
    return [f"a:{participant}" for participant in
            dict.fromkeys([*record.participants, *(p for report in record.reports for p in report.participants)])]


def _belongs_to(index: CorpusIndex) -> Callable[[str], frozenset[str]]:
    """What the actor of an ATTR002 key ("a:id") belongs to, up the chain (``Affiliations.up``)."""
    up = Affiliations(index).up
    return lambda key: up(key[2:])


class Affiliations:
    """What an actor belongs to: an organization's ``part_of`` and ``state``, a person's ``state`` and the
    organizations of the roles they held, transitively; memoised per index."""

    def __init__(self, index: CorpusIndex) -> None:
        self.index = index
        self.memo: dict[str, frozenset[str]] = {}

    def _parents(self, record_id: str) -> list[str]:
        entry = self.index.by_id.get(record_id)
        if entry is None:
            return []
        record = entry.record
        parents = [getattr(record, "part_of", None), getattr(record, "state", None)]
        if record.kind == "person":
            parents += [role.organization for role in record.roles]
        return [p for p in parents if p]

    def up(self, record_id: str) -> frozenset[str]:
        found = self.memo.get(record_id)
        if found is None:
            seen, todo = {record_id}, [record_id]
            while todo:
                for parent in self._parents(todo.pop()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            found = self.memo[record_id] = frozenset(seen)
        return found


def _published(index: CorpusIndex, source_id: str) -> tuple[dt.datetime, dt.datetime] | None:
    entry = index.by_id.get(source_id)
    if entry is None or entry.record.kind != "source":
        return None
    value = entry.record.published
    return value.instant_range(None if value.has_time else entry.record.timezone)


def _count(index: CorpusIndex, agree: set[str], what: str, *disagreeing: str) -> str:
    """How many independent origins back the other value: those of ``agree`` but the disagreeing sources'."""
    n = len(agree - {index.origin(source) for source in disagreeing})
    if n == 0:
        return f"no other independent source says {what}"
    return f"{n} independent source{'' if n == 1 else 's'} {'says' if n == 1 else 'say'} {what}"


# --- ATTR001 location --------------------------------------------------------------------------------

def _locations(index: CorpusIndex, entry: ValidRecord, countries: Countries) -> Iterator[Finding]:
    meeting = entry.record
    reports = [(n, r) for n, r in enumerate(meeting.reports) if r.location is not None]
    if meeting.location is not None:
        fits = [places_compatible(r.location, meeting.location, countries) for _, r in reports]
        if all(fits):  # the common case: every report fits
            return
        agree = {index.origin(r.source) for (_, r), fit in zip(reports, fits) if fit}
        for (number, report), fit in zip(reports, fits):
            if fit:
                continue
            yield finding("ATTR001", f"{report.source} gives the location {report.location!r}, but the record "
                                     f"has {meeting.location!r} ({_count(index, agree, 'so', report.source)})",
                          place(entry, "reports", number, "location"), place(entry, "location"),
                          records=(meeting.id, report.source))
        return
    for (number, report), (first_number, first) in _first_contradicted(
            reports, lambda a, b: places_compatible(a[1].location, b[1].location, countries)):
        there = place(entry, "reports", first_number, "location")
        yield finding("ATTR001", f"{report.source} gives the location {report.location!r}, but "
                                 f"{first.source} gives {first.location!r} at {there}",
                      place(entry, "reports", number, "location"), there,
                      records=(meeting.id, *sorted({report.source, first.source})))


# --- ATTR002 participants ----------------------------------------------------------------------------

def _participants(index: CorpusIndex, entry: ValidRecord, affiliations: Affiliations) -> Iterator[Finding]:
    meeting = entry.record
    mine = set(meeting.participants)
    if not mine or all(mine.issuperset(report.participants) for report in meeting.reports):
        return  # the common case: every report names some of the record's own participants
    around = frozenset().union(*(affiliations.up(p) for p in mine))  # what the participants belong to
    for number, report in enumerate(meeting.reports):
        strangers = [(i, p) for i, p in enumerate(report.participants)
                     if p not in around and not affiliations.up(p) & mine]
        if not strangers:
            continue
        names = ", ".join(p for _, p in strangers)
        listed = ", ".join(meeting.participants)
        if len(strangers) == len(report.participants):
            message = (f"{report.source} names the participants {names}, none of which is among the record's "
                       f"participants ({listed}) or what they belong to")
        else:
            message = (f"{report.source} names {names} as a participant, but the record's participants "
                       f"({listed}) do not include {'it' if len(strangers) == 1 else 'them'}")
        yield finding("ATTR002", message, place(entry, "reports", number, "participants", strangers[0][0]),
                      place(entry, "participants"), records=(meeting.id, report.source))


# --- ATTR003 status ----------------------------------------------------------------------------------

_DONE = {"held", "cancelled"}
_PLANS = {"scheduled", "postponed"}


def _statuses(index: CorpusIndex, entry: ValidRecord) -> Iterator[Finding]:
    meeting = entry.record
    mine = meeting.status
    if all(r.status is None or r.status == mine for r in meeting.reports):
        return  # the common case: no report says otherwise
    start = index.instant_range(meeting.date, meeting)[0]
    agree = {index.origin(r.source) for r in meeting.reports if r.status == mine}
    published = {r.source: _published(index, r.source) for r in meeting.reports if r.status is not None}
    for number, report in enumerate(meeting.reports):
        said = report.status
        when = published.get(report.source)
        if said is None or said == mine or when is None:
            continue
        why = None
        if said in _DONE and mine in _DONE:
            why = "the meeting cannot be both"
        elif mine in _PLANS and said == "held":
            if when[1] > start:  # published before the meeting: TIME001 reports that
                why = "the record should say held, or the source is wrong"
        elif mine in _PLANS and said == "cancelled":
            later = any(r.status in _PLANS and (p := published.get(r.source)) is not None and p[0] >= when[1]
                        for r in meeting.reports)
            if not later:  # no later source gives a new plan
                why = "no later source gives a new plan"
        if why is None:
            continue
        yield finding("ATTR003", f"{report.source} says {said}, but the record has {mine} "
                                 f"({_count(index, agree, mine, report.source)}): {why}",
                      place(entry, "reports", number, "status"), place(entry, "status"),
                      records=(meeting.id, report.source))


# --- ATTR004 numbers ---------------------------------------------------------------------------------

def _length(report: Any) -> tuple[Span, str, str] | None:
    """A report's duration as a span of minutes, what it says, and the field it is written in."""
    if report.duration_minutes is not None:
        return exactly(report.duration_minutes), f"{report.duration_minutes} minutes", "duration_minutes"
    if report.duration_text is not None:
        span = read_duration(report.duration_text)
        if span is not None:
            return span, repr(report.duration_text), "duration_text"
    return None


def _durations(index: CorpusIndex, entry: ValidRecord) -> Iterator[Finding]:
    meeting = entry.record
    reports = []
    for number, report in enumerate(meeting.reports):
        if report.duration_text is not None and read_duration(report.duration_text) is None:
            yield finding("ATTR005", f"accord cannot read the duration {report.duration_text!r} of {report.source}",
                          place(entry, "reports", number, "duration_text"), records=(meeting.id, report.source))
        if report.duration_minutes is not None and report.duration_text is not None:
            text = read_duration(report.duration_text)
            if text is not None and not text.meets(exactly(report.duration_minutes)):
                yield finding("ATTR004", f"{report.source} gives a duration of {report.duration_minutes} minutes, "
                                         f"but its own words {report.duration_text!r} allow {text}",
                              place(entry, "reports", number, "duration_minutes"),
                              place(entry, "reports", number, "duration_text"), records=(meeting.id, report.source))
        length = _length(report)
        if length is not None:
            reports.append((number, report, *length))
    if meeting.duration_minutes is not None:
        mine = exactly(meeting.duration_minutes)
        agree = {index.origin(r.source) for _, r, span, _, _ in reports if span.meets(mine)}
        for number, report, span, said, field in reports:
            if span.meets(mine):
                continue
            yield finding("ATTR004", f"{report.source} gives a duration of {said}{_allows(said, span)}, but the "
                                     f"record has {meeting.duration_minutes} "
                                     f"({_count(index, agree, str(meeting.duration_minutes), report.source)})",
                          place(entry, "reports", number, field), place(entry, "duration_minutes"),
                          records=(meeting.id, report.source))
        return
    for (number, report, span, said, field), (first_number, first, first_span, first_said, first_field) in \
            _first_contradicted(reports, lambda a, b: a[2].meets(b[2])):
        agree = {index.origin(r.source) for _, r, other, _, _ in reports if other.meets(first_span)}
        what = first_said.removesuffix(" minutes") if first_field == "duration_minutes" else first_said
        yield finding("ATTR004", f"{report.source} gives a duration of {said}{_allows(said, span)}, but "
                                 f"{first.source} gives {first_said}{_allows(first_said, first_span)} "
                                 f"({_count(index, agree, what, report.source)})",
                      place(entry, "reports", number, field), place(entry, "reports", first_number, first_field),
                      records=(meeting.id, *sorted({report.source, first.source})))


def _first_contradicted(items: list[Item], compatible: Callable[[Item, Item], bool]) -> Iterator[tuple[Item, Item]]:
    """Each item with the first earlier one it is not ``compatible`` with: the reports of a record compared
    among themselves, each reported once."""
    for i, item in enumerate(items):
        earlier = next((other for other in items[:i] if not compatible(item, other)), None)
        if earlier is not None:
            yield item, earlier


def _allows(said: str, span: Span) -> str:
    return "" if said == str(span) else f" ({span})"


# --- ATTR006 counts ----------------------------------------------------------------------------------

def _counts(index: CorpusIndex, entry: ValidRecord) -> Iterator[Finding]:
    """Each report's count of a thing against the first earlier report's count of it that it contradicts."""
    record = entry.record
    read: dict[str, list[tuple[int, Any, Span, str]]] = {}
    for number, report in enumerate(record.reports):
        for what, text in report.counts.items():
            span = read_count(text)
            if span is None:
                yield finding("ATTR007", f"accord cannot read the count {text!r} of {what} in {report.source}",
                              place(entry, "reports", number, "counts", what), records=(record.id, report.source))
                continue
            read.setdefault(what, []).append((number, report, span, text))
    for what, reports in read.items():
        for (number, report, span, text), (first_number, first, first_span, first_text) in \
                _first_contradicted(reports, lambda a, b: a[2].meets(b[2])):
            agree = {index.origin(r.source) for _, r, other, _ in reports if other.meets(first_span)}
            yield finding("ATTR006", f"{report.source} gives {text!r}{_allows(text, span)} for {what}, but "
                                     f"{first.source} gives {first_text!r}{_allows(first_text, first_span)} "
                                     f"({_count(index, agree, 'so', report.source, first.source)})",
                          place(entry, "reports", number, "counts", what),
                          place(entry, "reports", first_number, "counts", what),
                          records=(record.id, *sorted({report.source, first.source})))


# --- one pass, seven rules ---------------------------------------------------------------------------

_LOCATION, _STATUS, _PARTICIPANTS, _COUNTS = map(attrgetter, ("location", "status", "participants", "counts"))
_LENGTH = attrgetter("duration_text", "duration_minutes")


def _quiet(meeting: Any) -> bool:
    """Whether no finding of ATTR001 to ATTR005 can come of a meeting, told by set tests in C: the common
    case, where its reports give no location but the record's own (the same text), only participants the
    record has (or it has none), no status but its own, and no length."""
    reports = meeting.reports
    return ({None, meeting.location}.issuperset(map(_LOCATION, reports))
            and {None, meeting.status}.issuperset(map(_STATUS, reports))
            and {(None, None)}.issuperset(map(_LENGTH, reports))
            and (not meeting.participants
                 or set(meeting.participants).issuperset(chain.from_iterable(map(_PARTICIPANTS, reports)))))


def _pass(index: CorpusIndex) -> Iterator[Finding]:
    affiliations, countries = Affiliations(index), corpus_countries(index)
    for entry in index.checked("meeting"):
        if not _quiet(entry.record):
            yield from _locations(index, entry, countries)
            yield from _participants(index, entry, affiliations)
            yield from _statuses(index, entry)
            yield from _durations(index, entry)
    for entry in index.checked_events():
        if any(map(_COUNTS, entry.record.reports)):
            yield from _counts(index, entry)


_ATTRIBUTES = SharedPass(_pass)


@rule("ATTR001", "warning", "reports give incompatible locations",
      "check the sources; fix the record's `location` or the report's reading, or review the finding", """
A meeting report's `location` must be compatible with the record's (when the record has none, with the
other reports'). Case, accents and punctuation do not matter, and a name that contains the other is
compatible: "geneva" = "Geneva"; "Geneva" fits "Geneva, Switzerland" and "US mission in Geneva"; "Vienna"
fits "Geneva, Brussels and Vienna" (a series). A country fits a city in it ("Switzerland" and "Geneva",
from the GeoNames cities of 15,000 people or more and the corpus's `state` records with an `iso_code`);
two different cities do not. Different spellings of one city (Genève, Genf) are not
recognised: review such a finding.

Bad (warning):

    kind: meeting
    location: Geneva
    reports:
      - source: tass-2022-01-10
        location: Brussels

Good: `location: Geneva` or `location: Geneva, Switzerland` in the report.
""", scope="record", tables=Tables(_places, _countries))
def location_conflict(index: CorpusIndex) -> Iterable[Finding]:
    return _ATTRIBUTES.findings(index, "ATTR001")


@rule("ATTR002", "warning", "a report names participants the record does not have",
      "add the participant to the record, or fix the report; review it if the source is wrong", """
The participants a meeting report names must be among the record's `participants`. A report may name
fewer (a subset is fine), or name what a participant belongs to or who belongs to one ("Russia" for a
record with the Russian Foreign Ministry or Lavrov; "OSCE" for the OSCE Permanent Council; Stoltenberg,
NATO's Secretary General, for NATO): organizations' `part_of` and `state`, persons' `state` and their
roles' organizations. A report naming someone the record does not have, or none of the record's
participants at all, is reported. A record without participants is not checked.

Bad (warning):

    kind: meeting
    participants: [russia, united-states]
    reports:
      - source: tass-2022-01-10
        participants: [russia, nato]

Good: `participants: [russia, united-states, nato]` in the record if NATO took part; else fix the report.
""", scope="record", tables=Tables(_participants_looked_up, _belongs_to))
def participants_conflict(index: CorpusIndex) -> Iterable[Finding]:
    return _ATTRIBUTES.findings(index, "ATTR002")


@rule("ATTR003", "error", "reports give incompatible statuses",
      "check the sources and the publication dates; fix the record's `status` or the report", """
A meeting cannot be both `held` and `cancelled`. A report's status is what the source said when it was
published, so a plan (`scheduled`, `postponed`) in a source published before the meeting is compatible
with `held` later (the same plan in a source published after the meeting was over is TIME004's). A record still `scheduled` while a source says
`held` is out of date; `cancelled` against a record's plan is reported unless a later source gives a new
plan. The message counts the independent sources that agree with the record.

Bad:

    kind: meeting
    status: held
    reports:
      - source: tass-2022-01-14
        status: cancelled

Good: `status: scheduled` from a source of 2021-12-27, `status: held` from one of 2022-01-14.
""", scope="record")
def status_conflict(index: CorpusIndex) -> Iterable[Finding]:
    return _ATTRIBUTES.findings(index, "ATTR003")


@rule("ATTR004", "error", "reports give different numbers",
      "check the sources; fix the record's `duration_minutes` or the report, or review the finding", """
A meeting report's length must be compatible with the record's `duration_minutes` (when the record has
none, with the other reports'). A report gives it as `duration_minutes` (exact) or as `duration_text`,
the words of the source, read as the minutes they allow: "62 minutes" and "two hours" are exact; "about",
"some", "around" allow a quarter either way ("about an hour": 45 to 75 minutes); "nearly", "almost" a
quarter below; "more than", "over", "at least" and "less than", "under", "up to" bound one side; "two to
three hours" is a range. A report with both must agree with itself. "A 50-minute call" and "an hour-long
call" are different claims: keep both reports as written, and review the finding if the sources really
disagree. The message counts the independent sources that agree.

Bad:

    kind: meeting
    duration_minutes: 62
    reports:
      - source: tass-2022-01-10
        duration_text: two hours

Good (quiet): `duration_text: about an hour` or `duration_text: more than an hour` in the report.
""", scope="record")
def number_conflict(index: CorpusIndex) -> Iterable[Finding]:
    return _ATTRIBUTES.findings(index, "ATTR004")


@rule("ATTR005", "warning", "a report's duration text that accord cannot read",
      "write the length as the source does with a number and a unit, e.g. 'about two hours', or use "
      "`duration_minutes`", """
A report's `duration_text` must name a length accord can read (a number or a number word, and minutes
or hours, optionally with "about", "more than"...), else it cannot be compared with the other reports.

Bad (warning):

    reports:
      - source: tass-2022-01-10
        duration_text: several hours

Good: `duration_text: more than two hours`, as the source says it.
""", scope="record")
def unreadable_duration(index: CorpusIndex) -> Iterable[Finding]:
    return _ATTRIBUTES.findings(index, "ATTR005")


@rule("ATTR006", "error", "reports give incompatible counts",
      "check the sources; fix the report's reading, or review the finding if the sources really disagree", """
The reports of one event (a meeting, a proposal or a statement) that count the same thing (the same key
of `counts`) must give compatible numbers. Each is read as the range it allows: "100,000" and "1.5
million" are exact; "about", "some", "around" allow a quarter either way ("about 100,000": 75,000 to
125,000); "nearly", "almost" a quarter below; "more than", "over", "at least" and "up to", "fewer than"
bound one side; "90,000 to 100,000" and "between 2 and 3 million" are ranges; "dozens" is 24 to 144,
"hundreds" 200 to 999, "tens of thousands" 20,000 to 99,999, "several thousand" 3,000 to 9,000, "a few
hundred" 200 to 500. Each report is compared with the first earlier report it contradicts; the message
counts the other independent sources that agree with the earlier one.

Bad:

    kind: statement
    reports:
      - source: tass-2022-01-10
        counts: {troops: 'about 100,000'}
      - source: ria-2022-01-11
        counts: {troops: '175,000'}

Good (quiet): `counts: {troops: 'nearly 100,000'}` or `{troops: 'tens of thousands'}` in the second report.
""", scope="record")
def count_conflict(index: CorpusIndex) -> Iterable[Finding]:
    return _ATTRIBUTES.findings(index, "ATTR006")


@rule("ATTR007", "warning", "a report's count that accord cannot read",
      "write the number as the source does, one count per key, e.g. 'about 100,000'", """
A value of a report's `counts` must hold one number accord can read (a figure such as "100,000", "1.5
million" or "a dozen", a range, or words such as "dozens", "tens of thousands", "several hundred",
optionally with "about", "more than"...), else it cannot be compared with the other reports. Two numbers
in one value ("100,000 troops and 1,200 tanks") are two counts: give each its own key.

Bad (warning):

    reports:
      - source: tass-2022-01-10
        counts: {troops: a large force}

Good: `counts: {troops: 'more than 100,000'}`, as the source says it; or no count where the source gives none.
""", scope="record")
def unreadable_count(index: CorpusIndex) -> Iterable[Finding]:
    return _ATTRIBUTES.findings(index, "ATTR007")
