"""DATE rules: do the dates that sources give for one event agree with each other and with the record?

Each report's date is compared with the record's curated value of the same property (a meeting's or a
statement's ``date``; a proposal's ``submitted`` or ``published``, as the report's ``event`` says), each
read in its own calendar (``CorpusIndex.zone``). Where the record has no value, its reports are compared
with each other. The verdicts (``compare``): values that cannot both hold are an error; values that
overlap but claim different extents a warning; a coarser value containing a finer one nothing; a day
apart only because of time zones an info. A planned date (a ``scheduled`` report published before the
event) that differs from the held one is a reschedule, not a contradiction; a planned date already past
when its source was published is neither (TIME004).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from schema.dates import FuzzyDate
from validator.corpus import CorpusIndex
from validator.findings import Finding
from validator.records import ValidRecord
from validator.rules.engine import finding, place, rule
from validator.rules.tense import plan_in_the_past

__all__ = ["Verdict", "compare", "Claim", "date_claims"]

_RANK = {"year": 0, "month": 1, "day": 2, "time": 3}


class Verdict(Enum):
    EQUAL = "equal"
    REFINES = "refines"  # a coarser value contains the finer one
    EXTENT = "extent"  # they overlap, but claim different extents
    ZONE = "zone"  # different calendar days, the same moment: explained by the time zones
    ZONE_UNKNOWN = "zone-unknown"  # one day apart, and a zone is unknown: it could be the zones
    CONFLICT = "conflict"  # they cannot both hold


def _days(value: FuzzyDate, zone: str | None) -> tuple[dt.date, dt.date]:
    """The calendar days a value spans in its zone (instants converted to local days)."""
    first, last = value.earliest, value.latest
    tz = dt.timezone.utc if zone is None else None
    if isinstance(first, dt.datetime):
        first = first.astimezone(tz or _zone(zone)).date()
    if isinstance(last, dt.datetime):
        last = last.astimezone(tz or _zone(zone)).date()
    return (first or dt.date.min, last or dt.date.max)


def _zone(name: str | None) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name) if name else dt.timezone.utc


def _coarser(container: FuzzyDate, contained: FuzzyDate) -> bool:
    """Whether ``container`` is a vaguer kind of value than ``contained`` (so containing it is a refinement)."""
    if (container.earliest is None or container.latest is None or container.approximate or container.one_of
            or "X" in container.text):
        return True
    return _RANK[container.precision] < _RANK[contained.precision]


def compare(a: FuzzyDate, zone_a: str | None, b: FuzzyDate, zone_b: str | None) -> Verdict:
    """How two values of the same property relate, each read in its own zone. Symmetric."""
    if a is b and zone_a == zone_b:  # equal dates are one shared object (schema.dates)
        return Verdict.EQUAL
    a0, a1 = a.instant_range(None if a.has_time else zone_a)
    b0, b1 = b.instant_range(None if b.has_time else zone_b)
    if not (a0 < b1 and b0 < a1):
        return Verdict.CONFLICT
    if a is b:  # one value in two zones that overlap: the same days, or the same instants
        return Verdict.EQUAL
    if not a.has_time and not b.has_time:
        (da0, da1), (db0, db1) = _days(a, zone_a), _days(b, zone_b)
        if (da0, da1) == (db0, db1):
            return Verdict.EQUAL
        if da1 < db0 or db1 < da0:  # different calendar days, yet the instants overlap
            return Verdict.ZONE if zone_a and zone_b else Verdict.ZONE_UNKNOWN
        if da0 <= db0 and db1 <= da1:
            return Verdict.REFINES if _coarser(a, b) else Verdict.EXTENT
        if db0 <= da0 and da1 <= db1:
            return Verdict.REFINES if _coarser(b, a) else Verdict.EXTENT
        return Verdict.EXTENT
    if (a0, a1) == (b0, b1):
        return Verdict.EQUAL
    if a.has_time and b.has_time:
        return Verdict.EXTENT
    timed, day, day_zone = (a, b, zone_b) if a.has_time else (b, a, zone_a)
    (t0, t1), (d0, d1) = (a0, a1) if a.has_time else (b0, b1), (b0, b1) if a.has_time else (a0, a1)
    if d0 <= t0 and t1 <= d1:
        return Verdict.REFINES  # the day (or span of days) contains the timed event
    if t0 <= d0 and d1 <= t1:
        return Verdict.EXTENT
    # The timed event crosses a day boundary of the day value's calendar.
    return Verdict.ZONE if day_zone else Verdict.ZONE_UNKNOWN


@dataclass(frozen=True, slots=True)
class Claim:
    """One value of a date property: the record's own (``report`` None) or one report's."""

    entry: ValidRecord
    prop: str  # "date", "submitted" or "published"
    value: FuzzyDate
    zone: str | None
    loc: tuple[Any, ...]  # where the value is inside the record
    report: Any = None

    @property
    def source(self) -> str | None:
        return None if self.report is None else self.report.source

    def describe(self) -> str:
        said = f" ({self.report.date_text!r})" if self.report is not None and self.report.date_text else ""
        zone = "" if self.value.has_time else f" in {self.zone or 'an unknown time zone'}"
        return f"{self.value}{said}{zone}"


def date_claims(index: CorpusIndex, entry: ValidRecord) -> dict[str, tuple[Claim | None, list[Claim]]]:
    """For each date property of an event record: the record's own claim and its reports' claims."""
    record = entry.record
    kind = record.kind
    out: dict[str, tuple[Claim | None, list[Claim]]] = {}
    props = ("date",) if kind in ("meeting", "statement") else ("submitted", "published") if kind == "proposal" else ()
    for prop in props:
        own_value = getattr(record, prop)
        own = Claim(entry, prop, own_value, index.zone(record), (prop,)) if own_value is not None else None
        reports = []
        for number, report in enumerate(record.reports):
            if report.date is None or (kind == "proposal" and report.event != prop):
                continue
            reports.append(Claim(entry, prop, report.date, index.zone(record, report),
                                 ("reports", number, "date"), report))
        out[prop] = (own, reports)
    return out


def _published_end(index: CorpusIndex, source_id: str | None) -> dt.datetime | None:
    entry = index.by_id.get(source_id) if source_id else None
    if entry is None or entry.record.kind != "source":
        return None
    return entry.record.published.instant_range(None if entry.record.published.has_time
                                                else entry.record.timezone)[1]


def _planned(index: CorpusIndex, claim: Claim, own: Claim) -> bool:
    """A scheduled report from a source published before the event, for a day still ahead then: a plan,
    not a statement of fact (a plan dated before its source is TIME004's)."""
    if claim.report is None or getattr(claim.report, "status", None) not in ("scheduled", "postponed"):
        return False
    published = _published_end(index, claim.source)
    event_start = own.value.instant_range(None if own.value.has_time else own.zone)[0]
    return published is not None and published <= event_start


_AGREE = (Verdict.EQUAL, Verdict.REFINES)  # verdicts that raise no finding
_CODES = {Verdict.CONFLICT: "DATE001", Verdict.EXTENT: "DATE002", Verdict.ZONE: "DATE003",
          Verdict.ZONE_UNKNOWN: "DATE007"}


class _Verdicts(dict[tuple[str, str | None, str, str | None], Verdict]):
    """``compare``, memoised for one pass by the values' texts (a date's meaning is its text) and zones: a
    corpus compares the same few pairs of values in the same few zones again and again."""

    def __call__(self, a: FuzzyDate, zone_a: str | None, b: FuzzyDate, zone_b: str | None) -> Verdict:
        key = (a.text, zone_a, b.text, zone_b)
        verdict = self.get(key)
        if verdict is None:
            verdict = self[key] = compare(a, zone_a, b, zone_b)
        return verdict


def _agreeing_origins(index: CorpusIndex, verdicts: _Verdicts, own: Claim, claims: list[Claim]) -> set[str]:
    return {index.origin(c.source) for c in claims
            if c.source and verdicts(c.value, c.zone, own.value, own.zone) in _AGREE}


def _agrees_throughout(index: CorpusIndex, verdicts: _Verdicts, record: Any) -> bool:
    """Whether every report's date agrees with the record's own value of that property (a proposal's as
    the report's ``event`` says): the common case, told without building claims (no finding can come of
    such a record)."""
    zone = index.zone(record)
    for report in record.reports:
        if report.date is None:
            continue
        own = getattr(record, report.event if record.kind == "proposal" else "date")
        if own is None or verdicts(report.date, index.zone(record, report), own, zone) not in _AGREE:
            return False
    return True


def _findings(index: CorpusIndex) -> dict[str, list[Finding]]:
    found: dict[str, list[Finding]] = {name: [] for name in (*_CODES.values(), "DATE006")}
    verdicts = _Verdicts()
    for entry in index.checked_events():
        record = entry.record
        if _agrees_throughout(index, verdicts, record):
            continue
        for prop, (own, claims) in date_claims(index, entry).items():
            # A plan dated before its source is TIME004's, not a date to compare.
            claims = [c for c in claims if c.report is None or not plan_in_the_past(index, record, c.report)]
            what = f"this {record.kind}'s {prop}" if prop != "date" else f"this {record.kind}'s date"
            if own is not None:
                agreeing: set[str] | None = None
                for claim in claims:
                    verdict = verdicts(claim.value, claim.zone, own.value, own.zone)
                    if verdict in _AGREE:
                        continue
                    if verdict is Verdict.CONFLICT and prop == "date" and _planned(index, claim, own):
                        found["DATE006"].append(finding(
                            "DATE006", f"rescheduled: {claim.source} planned {what} for {claim.describe()}; "
                                       f"the record has {own.describe()}",
                            place(entry, *claim.loc), place(entry, *own.loc), records=(record.id, claim.source)))
                        continue
                    if agreeing is None:
                        agreeing = _agreeing_origins(index, verdicts, own, claims)
                    others = agreeing - {index.origin(claim.source)}
                    support = (f"; {len(others)} independent source{' agrees' if len(others) == 1 else 's agree'} "
                               "with the record") if verdict is Verdict.CONFLICT else ""
                    found[_CODES[verdict]].append(finding(
                        _CODES[verdict], _message(verdict, claim, own, what) + support,
                        place(entry, *claim.loc), place(entry, *own.loc), records=(record.id, claim.source)))
            else:  # no curated value: the reports must agree among themselves
                for i, first in enumerate(claims):
                    for second in claims[i + 1:]:
                        verdict = verdicts(second.value, second.zone, first.value, first.zone)
                        if verdict in _CODES:
                            found[_CODES[verdict]].append(finding(
                                _CODES[verdict], _message(verdict, second, first, what),
                                place(entry, *second.loc), place(entry, *first.loc),
                                records=(record.id, *sorted({first.source, second.source}))))
    return found


def _message(verdict: Verdict, claim: Claim, other: Claim, what: str) -> str:
    theirs = f"the record has {other.describe()}" if other.report is None else \
        f"{other.source} gives {other.describe()}"
    mine = f"{claim.source} gives {claim.describe()} for {what}"
    if verdict is Verdict.CONFLICT:
        return f"{mine}, but {theirs}: they cannot both be right"
    if verdict is Verdict.EXTENT:
        return f"{mine}, but {theirs}: they overlap but claim different extents"
    if verdict is Verdict.ZONE and (claim.value.has_time or other.value.has_time):
        day = other if claim.value.has_time else claim
        return (f"{mine}, and {theirs}: the event runs over midnight in {day.zone}, so it falls on more than one "
                "calendar day there")
    if verdict is Verdict.ZONE:
        return f"{mine}, and {theirs}: a different calendar day for the same moment, explained by the time zones"
    return f"{mine}, and {theirs}: a day apart, which time zones could explain, but a time zone is unknown"


class _Cache:
    """The DATE rules share one pass over the corpus; each rule takes its own findings from it."""

    def __init__(self) -> None:
        self.index: CorpusIndex | None = None
        self.found: dict[str, list[Finding]] = {}

    def get(self, index: CorpusIndex, name: str) -> Iterable[Finding]:
        if self.index is not index:
            self.index, self.found = index, _findings(index)
        return self.found[name]


_cache = _Cache()

_EXAMPLE = """
    kind: meeting
    id: geneva-talks-2022-01-10
    date: '2022-01-10'
    timezone: Europe/Zurich
    reports:
      - source: tass-2022-01-10
        date: '{report}'
        date_text: {text}
"""


@rule("DATE001", "error", "sources give dates that cannot both be right",
      "check the source; fix the record or the report's reading, or keep both and review the finding", f"""
A report's date and the record's date (or two reports' dates, when the record has none) are disjoint, each
read in its own calendar: the report's `timezone`, else its source's; the record's `timezone`. The message
counts the independent sources (a reprint counts with its original) that agree with the record.

Bad:
{_EXAMPLE.format(report='2022-01-12', text='on Wednesday')}
Good: the report gives a date that overlaps the record's, or the disagreement is real and a `review`
record accepts it.
""", scope="record")
def date_conflict(index: CorpusIndex) -> Iterable[Finding]:
    return _cache.get(index, "DATE001")


@rule("DATE002", "warning", "dates overlap but claim different extents",
      "check whether the event spanned the longer period; keep both reports and review it if the sources differ",
      f"""
The values overlap, but neither is a vaguer value containing the other: "January 9-10" against
"January 10" claims a different extent (a two-day event against a one-day one). A coarser value that
contains the finer one ("2021-12", "mid-December" read as a month, or "2022") is not reported.

Bad (warning):
{_EXAMPLE.format(report='2022-01-09/2022-01-10', text='on January 9-10')}
Good (quiet):
{_EXAMPLE.format(report='2022-01', text='in January')}
""", scope="record")
def date_extent(index: CorpusIndex) -> Iterable[Finding]:
    return _cache.get(index, "DATE002")


@rule("DATE003", "info", "a different calendar day, explained by the time zones",
      "nothing to fix; review it to record that the curator has seen it", """
Two values name different calendar days but the same moment: a late-evening event in Washington is the
next day in Moscow, and a call that ran over midnight in Moscow is on two Moscow days. Both zones are
known, so the difference is explained, not a contradiction.

Reported (info): a call from 15:35 to 16:25 on 30 December in New York
(`2021-12-30T15:35-05:00/2021-12-30T16:25-05:00`) reported as "In the early hours on December 31" by a
source counting in Moscow time (`timezone: Europe/Moscow` on the report).
""", scope="record")
def date_zone(index: CorpusIndex) -> Iterable[Finding]:
    return _cache.get(index, "DATE003")


@rule("DATE006", "info", "a planned date changed: rescheduled",
      "nothing to fix if the meeting was moved; otherwise correct the report", """
A source published before a meeting gave a planned date (`status: scheduled` or `postponed`) that differs
from the date the record holds: the meeting was rescheduled, which is not a contradiction between
sources. The planned report is evidence of the earlier plan.

Reported (info): a report `status: scheduled, date: 2022-01-11` from a source of 2021-12-27, for a
meeting held on 2022-01-12.
""", scope="record")
def date_rescheduled(index: CorpusIndex) -> Iterable[Finding]:
    return _cache.get(index, "DATE006")


@rule("DATE007", "warning", "a day apart, and a time zone is unknown",
      "set `timezone` on the record (or the report) so that accord can tell", """
Two values are one calendar day apart, which time zones could explain, but the zone of one of them is not
known (the record has no `timezone`), so accord cannot tell a time-zone effect from a wrong date.

Bad:

    kind: statement
    date: '2021-12-30'        # no timezone: a day in which zone?
    reports:
      - source: tass-2022-01-10   # timezone Europe/Moscow
        date: '2021-12-31'

Good: add `timezone: America/New_York` to the statement.
""", scope="record")
def date_zone_unknown(index: CorpusIndex) -> Iterable[Finding]:
    return _cache.get(index, "DATE007")
