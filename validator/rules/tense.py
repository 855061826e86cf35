"""TIME rules: what a source reports as past must lie before the source was published, what it reports
as planned must lie after, and what reacts to something must not precede it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from schema.dates import FuzzyDate
from validator.corpus import CorpusIndex
from validator.findings import Finding
from validator.records import ValidRecord
from validator.rules.engine import finding, place, rule


def _range(value: FuzzyDate, zone: str | None) -> tuple[dt.datetime, dt.datetime]:
    return value.instant_range(None if value.has_time else zone)


def _publication(source: Any) -> tuple[dt.datetime, dt.datetime]:
    return _range(source.published, source.timezone)


class _Publications(dict[str, tuple[dt.datetime, dt.datetime] | None]):
    """Each source's publication range by its id (``None``: no such source), worked out once per check: the
    reports of a corpus cite each source many times."""

    def __init__(self, index: CorpusIndex) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, source_id: str) -> tuple[dt.datetime, dt.datetime] | None:
        source = self.index.sources.get(source_id)
        found = self[source_id] = _publication(source) if source is not None else None
        return found


_PLANS = ("scheduled", "postponed")


def _reported_date(index: CorpusIndex, record: Any, report: Any) -> tuple[FuzzyDate, str | None]:
    """The date a report gives (its own, else the record's) and the zone it is a day in."""
    if report.date is not None:
        return report.date, index.zone(record, report)
    return record.date, index.zone(record)


def _reported_place(report: Any, number: int) -> tuple[Any, ...]:
    """Where the date a report gives (see ``_reported_date``) is written in its record."""
    return ("reports", number, "date") if report.date is not None else ("date",)


def plan_in_the_past(index: CorpusIndex, meeting: Any, report: Any) -> bool:
    """Whether ``report`` presents as planned (`scheduled`, `postponed`) a meeting whose date (the report's
    own, else the record's) ended before its source was published: a plan cannot be made for the past."""
    if getattr(report, "status", None) not in _PLANS:
        return False
    source = index.sources.get(report.source)
    if source is None:
        return False
    value, zone = _reported_date(index, meeting, report)
    return _range(value, zone)[1] <= _publication(source)[0]


@rule("TIME001", "error", "a source reports as held a meeting dated after its publication",
      "check the meeting's date, the report's status (scheduled?) or the source's publication date", """
A source cannot report that a meeting took place (`status: held`) if the meeting's date (the report's
own date, else the record's) begins after the source was published.

Bad:

    kind: meeting
    date: '2022-01-12'
    reports:
      - source: tass-2022-01-10      # published 2022-01-10
        status: held

Good: `status: scheduled` in that report.
""", scope="record")
def held_after_publication(index: CorpusIndex) -> Iterable[Finding]:
    publications = _Publications(index)
    for entry in index.checked("meeting"):
        meeting = entry.record
        for number, report in enumerate(meeting.reports):
            if report.status != "held" or (publication := publications[report.source]) is None:
                continue
            value, zone = _reported_date(index, meeting, report)
            if _range(value, zone)[0] >= publication[1]:
                source = index.sources[report.source]
                yield finding("TIME001", f"{report.source} (published {source.published}) reports this meeting "
                                         f"as held, but its date {value} begins after that",
                              place(entry, "reports", number, "status"),
                              place(entry, *_reported_place(report, number)), records=(meeting.id, report.source))


@rule("TIME004", "error", "a source reports as planned a meeting dated before its publication",
      "check the report's status (held?), its date, or the source's publication date", """
A source cannot present as a plan (`status: scheduled` or `postponed`) a meeting whose date (the report's
own date, else the record's) ended before the source was published: on the day it was written that day
was already past. It is not a reschedule (DATE006 needs a planned date still ahead at publication).

Bad:

    kind: meeting
    date: '2022-01-10'
    reports:
      - source: tass-2022-01-14      # published 2022-01-14
        status: scheduled
        date: '2022-01-10'

Good: `status: held` in that report, or `status: scheduled` from a source published by 2022-01-10.
""", scope="record")
def plan_dated_in_the_past(index: CorpusIndex) -> Iterable[Finding]:
    for entry in index.checked("meeting"):
        meeting = entry.record
        for number, report in enumerate(meeting.reports):
            if not plan_in_the_past(index, meeting, report):
                continue
            value, _ = _reported_date(index, meeting, report)
            published = index.by_id[report.source].record.published
            yield finding("TIME004", f"{report.source} (published {published}) reports this meeting as "
                                     f"{report.status} for {value}, which was over before that",
                          place(entry, "reports", number, "status"), place(entry, *_reported_place(report, number)),
                          records=(meeting.id, report.source))


@rule("TIME005", "error", "a source reports as done a proposal's submission or publication dated after it",
      "check the report's date and `event`, or the source's publication date", """
A source cannot report that a proposal was handed over (`event: submitted`) or made public
(`event: published`) on a date that begins after the source itself was published. A proposal has no
planned status: a source that announces a draft to come gives no `date` for it.

Bad:

    kind: proposal
    reports:
      - source: tass-2021-12-10      # published 2021-12-10
        event: submitted
        date: '2021-12-15'

Good: the report's date is on or before 2021-12-10, or the report gives no date.
""", scope="record")
def proposal_event_after_publication(index: CorpusIndex) -> Iterable[Finding]:
    publications = _Publications(index)
    for entry in index.checked("proposal"):
        proposal = entry.record
        for number, report in enumerate(proposal.reports):
            if report.date is None or (publication := publications[report.source]) is None:
                continue
            if _range(report.date, index.zone(proposal, report))[0] >= publication[1]:
                source = index.sources[report.source]
                yield finding("TIME005", f"{report.source} (published {source.published}) reports this proposal "
                                         f"as {report.event} on {report.date}, which begins after that",
                              place(entry, "reports", number, "date"), place(entry, "reports", number, "source"),
                              records=(proposal.id, report.source))


@rule("TIME002", "error", "a statement dated after the source that reports it",
      "check the statement's date or the source's publication date", """
A source cannot report a statement made after it was published: the statement's date (the report's own
date, else the record's) must begin before the source's publication ends.

Bad:

    kind: statement
    date: '2022-01-14'
    reports:
      - source: tass-2022-01-10      # published 2022-01-10

Good: the statement's date is on or before 2022-01-10.
""", scope="record")
def statement_after_publication(index: CorpusIndex) -> Iterable[Finding]:
    publications = _Publications(index)
    for entry in index.checked("statement"):
        statement = entry.record
        for number, report in enumerate(statement.reports):
            if (publication := publications[report.source]) is None:
                continue
            value, zone = _reported_date(index, statement, report)
            if _range(value, zone)[0] >= publication[1]:
                source = index.sources[report.source]
                yield finding("TIME002", f"{report.source} (published {source.published}) reports this statement, "
                                         f"but its date {value} begins after that",
                              place(entry, *_reported_place(report, number)), place(entry, "reports", number, "source"),
                              records=(statement.id, report.source))


@rule("TIME006", "error", "a statement dated outside the meeting it was made at",
      "check the statement's date, the meeting's date, or the statement's `meeting` link", """
A statement made at a meeting (`meeting`: the press conference, call or talks it was said at) must be
dated when that meeting took place: its date and the meeting's, each read in its own calendar (and at
their own precision: a month contains its days), must overlap.

Bad:

    kind: statement
    date: '2022-01-12'
    meeting: geneva-talks-2022-01-10

Good: the statement is dated 2022-01-10, or it belongs to another meeting (or none: use `about`).
""", scope="record")
def statement_outside_its_meeting(index: CorpusIndex) -> Iterable[Finding]:
    for entry in index.checked("statement"):
        statement = entry.record
        target = index.by_id.get(statement.meeting) if statement.meeting else None
        if target is None or target.record.kind != "meeting":
            continue  # REF001/REF002 report unknown or wrong ids
        mine = _range(statement.date, index.zone(statement))
        theirs = _range(target.record.date, index.zone(target.record))
        if mine[1] <= theirs[0] or theirs[1] <= mine[0]:
            yield finding("TIME006", f"this statement ({statement.date}) was made at {statement.meeting}, which is "
                                     f"dated {target.record.date}", place(entry, "date"), place(target, "date"),
                          records=(statement.id, statement.meeting))


def _before(a: FuzzyDate, b: FuzzyDate) -> bool:
    """Whether calendar value ``a`` ends before ``b`` begins, both read in one calendar."""
    return a.latest is not None and b.earliest is not None and a.latest < b.earliest


def _when(index: CorpusIndex, entry: ValidRecord) -> tuple[FuzzyDate, str | None, tuple[Any, ...]] | None:
    """The date an event record happened (a proposal: when it was first handed over or published)."""
    record = entry.record
    if record.kind in ("meeting", "statement"):
        return record.date, index.zone(record), ("date",)
    if record.kind == "proposal":
        for prop in ("submitted", "published"):
            if getattr(record, prop) is not None:
                return getattr(record, prop), index.zone(record), (prop,)
    return None


@rule("TIME003", "error", "a record precedes what it reacts to",
      "check the dates of both records, or the `responds_to` link", """
A statement or meeting that reacts to another record (`responds_to`) cannot end before that record
begins; and a proposal cannot be published before it was handed over (`submitted`).

Bad:

    kind: statement
    id: lavrov-comment-on-talks
    date: '2022-01-09'
    responds_to: [geneva-talks-2022-01-10]

Good: the statement is dated 2022-01-10 or later, or it does not respond to the talks.
""", scope="record")
def reaction_precedes_cause(index: CorpusIndex) -> Iterable[Finding]:
    for kind in ("meeting", "statement"):
        for entry in index.checked(kind):
            record = entry.record
            mine = _when(index, entry)
            for number, target_id in enumerate(record.responds_to):
                target = index.by_id.get(target_id)
                theirs = _when(index, target) if target is not None else None
                if mine is None or theirs is None:
                    continue  # REF001 reports unknown ids
                if _range(mine[0], mine[1])[1] <= _range(theirs[0], theirs[1])[0]:
                    yield finding("TIME003", f"this {kind} ({mine[0]}) responds to {target_id}, which is dated "
                                             f"{theirs[0]}, later", place(entry, "responds_to", number),
                                  place(target, *theirs[2]), records=(record.id, target_id))
    for entry in index.checked("proposal"):
        proposal = entry.record
        if proposal.submitted is None or proposal.published is None:
            continue
        zone = index.zone(proposal)
        if proposal.published.has_time or proposal.submitted.has_time:
            reversed_order = _range(proposal.published, zone)[1] <= _range(proposal.submitted, zone)[0]
        else:  # both days in the record's one calendar, known or not
            reversed_order = _before(proposal.published, proposal.submitted)
        if reversed_order:
            yield finding("TIME003", f"this proposal is published ({proposal.published}) before it was submitted "
                                     f"({proposal.submitted})", place(entry, "published"), place(entry, "submitted"),
                          records=(proposal.id,))


@rule("TIME007", "warning", "a statement about an event dated before it, or looking ahead to one already over",
      "move the id from `about` to `previews` if the statement looks ahead to the event; else check both dates", """
A statement `about` an event (a meeting, a proposal, another statement) comments on it, so it cannot
end before that event begins: one said ahead of talks looks ahead to them, and names them in `previews`.
Conversely, a statement cannot look ahead (`previews`) to an event that was over before it began. Both
dates are read at their own precision and in their own calendars (a statement of "January 2022" is not
certainly before talks of 10 January), and a proposal's date is when it was handed over (or published).

Bad (warning):

    kind: statement
    date: '2022-01-05'
    about: [geneva-talks-2022-01-10]

Good: `previews: [geneva-talks-2022-01-10]`, or the statement's date when it was really made (after the talks).
""", scope="record")
def statement_out_of_tense(index: CorpusIndex) -> Iterable[Finding]:
    for entry in index.checked("statement"):
        statement = entry.record
        if not statement.about and not statement.previews:
            continue
        mine = _range(statement.date, index.zone(statement))
        for field in ("about", "previews"):
            for number, target_id in enumerate(getattr(statement, field)):
                target = index.by_id.get(target_id)
                theirs = _when(index, target) if target is not None else None
                if theirs is None:
                    continue  # an actor (about), an unknown id (REF001) or a proposal with no date
                when = _range(theirs[0], theirs[1])
                if field == "about" and mine[1] <= when[0]:
                    message = (f"this statement ({statement.date}) is about {target_id}, which is dated "
                               f"{theirs[0]}, later: a statement ahead of it `previews` it")
                elif field == "previews" and when[1] <= mine[0]:
                    message = (f"this statement ({statement.date}) looks ahead to {target_id}, which is dated "
                               f"{theirs[0]} and was over by then: a comment on it is `about` it")
                else:
                    continue
                yield finding("TIME007", message, place(entry, field, number), place(target, *theirs[2]),
                              records=(statement.id, target_id))
