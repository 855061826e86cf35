"""DATE rules on date expressions: does a report's ``date`` say what its ``date_text`` says?

Each report's ``date_text`` (the source's words: "on Monday", "mid-December", "Wednesday, January 12") is
resolved by ``validator.rules.resolve_dates.resolve`` against its source's publication date, in the
report's calendar (the report's ``timezone``, else its source's), and compared with the curator's
``date``. A bare weekday is read as past for a meeting the report says was ``held`` and for a statement
(it was said before it was reported), as future for a ``scheduled`` meeting, and either way otherwise.
Expressions the resolver does not read are left alone.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from schema.dates import FuzzyDate
from validator.corpus import CorpusIndex
from validator.findings import Finding
from validator.records import ValidRecord
from validator.rules.engine import finding, place, rule
from validator.rules.resolve_dates import WEEKDAYS, Resolution, Tense, resolve

__all__ = ["report_resolutions", "agrees", "local_days"]

_TENSE_OF_STATUS: dict[str | None, tuple[Tense, str]] = {
    "held": ("past", "the report's status is held"), "scheduled": ("future", "the report's status is scheduled")}
_STATEMENT_TENSE: tuple[Tense, str] = ("past", "a statement is reported after it is made")


def _tense(record: Any, report: Any) -> tuple[Tense | None, str]:
    """The tense that decides a bare weekday, and why."""
    if record.kind == "statement":
        return _STATEMENT_TENSE
    return _TENSE_OF_STATUS.get(getattr(report, "status", None), (None, ""))


def _anchor(source: Any, zone: str) -> FuzzyDate:
    """The source's publication date as days of ``zone``: a calendar date of the source's own zone is
    converted when the report counts in another zone (a Brussels day is partly the next Moscow day)."""
    return _anchor_in(source.published, source.timezone, zone)


@lru_cache(maxsize=1 << 14)  # a corpus has few sources and zones, and many reports
def _anchor_in(published: FuzzyDate, source_zone: str | None, zone: str) -> FuzzyDate:
    if zone == source_zone or published.has_time or published.earliest is None or published.latest is None:
        return published
    try:
        start, end = published.instant_range(source_zone)
        tz = ZoneInfo(zone)
        first, last = start.astimezone(tz).date(), (end - dt.timedelta(microseconds=1)).astimezone(tz).date()
    except (OverflowError, ValueError):  # at the edge of the calendar: keep the source's own days
        return published
    return FuzzyDate.parse(first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}")


class _Resolutions(dict[tuple[str, str, str | None, str, Tense | None], Resolution | None]):
    """``resolve``, memoised for one pass by what it depends on: the expression, the source's publication
    date and zone (the anchor), the report's zone and the tense. A corpus repeats few expressions against
    few publication days, and these keys hash in C (a date's meaning is its text)."""

    def __call__(self, date_text: str, source: Any, zone: str, tense: Tense | None) -> Resolution | None:
        key = (date_text, source.published.text, source.timezone, zone, tense)
        if key not in self:
            self[key] = resolve(date_text, _anchor(source, zone), zone, tense=tense)
        return self[key]


Resolved = tuple[ValidRecord, int, Any, Any, Resolution, str]  # a report, as ``report_resolutions`` gives it


def report_resolutions(index: CorpusIndex) -> Iterator[Resolved]:
    """Every report whose ``date_text`` resolves, with its record, number, source and the reason for the
    tense used (empty if none)."""
    resolutions = _Resolutions()
    for entry in index.checked_events():
        record = entry.record
        for number, report in enumerate(record.reports):
            if not report.date_text:
                continue
            source = index.sources.get(report.source)
            if source is None:
                continue
            zone = index.zone(record, report)
            if zone is None:
                continue
            tense, why = _tense(record, report)
            resolution = resolutions(report.date_text, source, zone, tense)
            if resolution is not None:
                yield entry, number, report, source, resolution, why


class _Cache:
    """DATE004 and DATE005 share one resolution of every report's expression per corpus index, which keeps
    the few reports each rule reports on: those whose date disagrees with their expression (``agrees``,
    memoised by what it depends on: a corpus repeats few dates against few resolutions) and those whose
    expression names a wrong weekday."""

    def __init__(self) -> None:
        self.index: CorpusIndex | None = None
        self.disagreeing: list[Resolved] = []
        self.misnamed: list[Resolved] = []

    def get(self, index: CorpusIndex) -> _Cache:
        if self.index is not index:
            self.index, self.disagreeing, self.misnamed = index, [], []
            agreeing: dict[tuple[tuple[tuple[dt.date, dt.date], ...], str, str], bool] = {}
            for item in report_resolutions(index):
                value, resolution = item[2].date, item[4]
                if value is not None:
                    key = (resolution.spans, value.text, resolution.zone)
                    if key not in agreeing:
                        agreeing[key] = agrees(resolution, value, resolution.zone)
                    if not agreeing[key]:
                        self.disagreeing.append(item)
                if resolution.wrong_weekday():
                    self.misnamed.append(item)
        return self


_cache = _Cache()


def local_days(value: FuzzyDate, zone: str) -> tuple[dt.date, dt.date] | None:
    """The first and last local day of ``value`` in ``zone`` (instants converted), ``None`` if open."""
    first, last = value.earliest, value.latest
    if first is None or last is None:
        return None
    tz = ZoneInfo(zone)
    try:
        if isinstance(first, dt.datetime):
            first = first.astimezone(tz).date()
        if isinstance(last, dt.datetime):
            last = last.astimezone(tz).date()
    except OverflowError:  # an instant at the edge of the calendar: its UTC day
        first = first.date() if isinstance(first, dt.datetime) else first
        last = last.date() if isinstance(last, dt.datetime) else last
    return first, last


def agrees(resolution: Resolution, value: FuzzyDate, zone: str) -> bool:
    """Whether a report's ``date`` is a reading of what its expression resolved to.

    It is when its days lie in one candidate span; when it is a whole month or year containing every
    candidate (a coarser reading: "mid-December" curated as ``2021-12``); when it is timed or
    approximate (``~``) and one of its days is a candidate (a call over midnight may be named by either
    day); and always when it has an open end (it claims no day).
    """
    days = local_days(value, zone)
    if days is None:
        return True
    first, last = days
    if value.has_time or value.approximate:
        return resolution.overlaps(first, last)
    if resolution.contains(first, last):
        return True
    coarse = value.precision in ("month", "year") and not value.interval
    return coarse and first <= resolution.first and resolution.last <= last


def _published(source: Any, resolution: Resolution) -> str:
    shown = f"{source.published} ({source.timezone}"
    if resolution.zone != source.timezone or source.published.has_time:
        shown += f"; {resolution.describe_anchor()} in {resolution.zone}"
    return shown + ")"


_EXAMPLE = """
    kind: meeting
    id: nrc-meeting-2022-01-12
    date: '2022-01-12'
    timezone: Europe/Brussels
    reports:
      - source: vpk-ria-2022-01-14     # published 2022-01-14, a Friday; timezone Europe/Moscow
        status: held
        date: '{date}'
        date_text: {text}
"""


@rule("DATE004", "error", "a report's date is not what its date expression says",
      "correct the report's `date` to the day(s) the expression denotes (or `date_text` to the source's words); "
      "if the source itself is wrong, keep both and review the finding", f"""
A report's `date_text` is resolved against its source's publication date, in the report's calendar (its
`timezone`, else its source's), and must contain the report's `date`: "on Monday" in a story of Monday 10
January 2022 is 2022-01-10, "last week" in a story of 27 December 2021 one day of 20-26 December,
"mid-December" 11-20 December. A weekday alone is the last such day on or before publication for what was
held or said, the next one on or after it for what is scheduled, either otherwise. A whole month or year
that contains the expression is a coarser reading, not an error ("mid-December" as `2021-12`); a timed
date agrees when one of its local days does.

accord reads: today, yesterday, tomorrow; weekdays ("on Monday", "Thursday's", "last Monday", "next
Monday"); this, last, next, earlier this, later this week / month / year; dates with or without a year
and day ranges ("January 10", "10 January", "Dec 31", "December 17, 2021", "January 9-10"; without a
year, the year nearest to publication); months ("in January", "in July 2019"); early (1-10), mid
(11-20), late or end of (21-last) a month; a year, and its thirds ("at the end of 2021", "the end of the
year": September-December). A time of day around a date is ignored ("In the early hours on December 31").
Other phrasing ("immediately after the New Year holidays") is not checked: it is never guessed.

Bad: Wednesday two days before a Friday story is 12 January, not 13 January.
{_EXAMPLE.format(date='2022-01-13', text='on Wednesday')}
Good:
{_EXAMPLE.format(date='2022-01-12', text='on Wednesday')}
""", scope="record")
def expression_mismatch(index: CorpusIndex) -> Iterable[Finding]:
    for entry, number, report, source, resolution, why in _cache.get(index).disagreeing:
        zone = resolution.zone
        tense = f" (read as {resolution.tense}: {why})" if resolution.tense else ""
        shown = str(report.date)
        if report.date.has_time:
            days = local_days(report.date, zone)
            if days is not None:
                there = days[0].isoformat() if days[0] == days[1] else f"{days[0]}..{days[1]}"
                shown += f" ({there} in {zone})"
        yield finding("DATE004", f"{report.date_text!r}{tense} in a source published {_published(source, resolution)} "
                                 f"means {resolution.describe()}, not {shown}",
                      place(entry, "reports", number, "date"), place(entry, "reports", number, "date_text"),
                      records=(entry.record.id, report.source))


_YEAR = re.compile(r"(?<![0-9])[0-9]{4}(?![0-9])")


@rule("DATE005", "error", "a weekday named beside a date is not that date's weekday",
      "check the source: correct `date_text` if it was mistyped; if the source prints it so, keep it and "
      "review the finding", """
When a `date_text` names a weekday beside an explicit date ("Wednesday, January 12", "Monday, 10 January
2022"), the date must fall on that weekday. A date without a year is taken in the year nearest to the
source's publication. A wrong weekday means the source or the transcription mixed up two days, so the
report's reading of the date cannot be trusted either.

Bad: 12 January 2022 was a Wednesday.

    reports:
      - source: tass-2022-01-10        # published 2022-01-10
        date: '2022-01-12'
        date_text: Monday, January 12

Good: `date_text: Wednesday, January 12`.
""", scope="record")
def weekday_mismatch(index: CorpusIndex) -> Iterable[Finding]:
    for entry, number, report, source, resolution, _ in _cache.get(index).misnamed:
        assert resolution.weekday is not None
        actual = " or ".join(f"{day.isoformat()} is a {WEEKDAYS[day.weekday()]}" for day in resolution.dated)
        nearest = "" if _YEAR.search(report.date_text) else \
            f" (the year nearest to publication {_published(source, resolution)})"
        yield finding("DATE005", f"{report.date_text!r} names a {WEEKDAYS[resolution.weekday]}, but {actual}{nearest}",
                      place(entry, "reports", number, "date_text"), records=(entry.record.id, report.source))
