"""The chronology of a checked corpus, as plain data for ``accord report``: every event's curated dates,
each report's date beside them classed by agreement, how each date expression was resolved, where each
quote is in its source's text, and the findings.

It reads the result of ``validator.run.check`` (the findings and the corpus index of that run) and adds
no check of its own: a report's class comes from the DATE findings at its date (acknowledged ones by a
review), else from ``validator.rules.dates.compare``, the function the DATE rules use.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from schema.dates import FuzzyDate
from validator import __version__
from validator.codes import CODES
from validator.corpus import CorpusIndex
from validator.findings import Finding, Location
from validator.records import ValidRecord
from validator.rules.dates import Claim, Verdict, compare, date_claims
from validator.rules.engine import place
from validator.rules.expressions import agrees, report_resolutions
from validator.rules.quotes import _ELISION, SourceText, normalize
from validator.run import CheckResult

__all__ = ["AGREEMENT", "chronology", "EVENT_KINDS"]

EVENT_KINDS = ("meeting", "proposal", "statement")

#: The classes a report's date can have, against the record's curated value.
AGREEMENT = {
    "agrees": "agrees with the record",
    "coarser": "a coarser value containing the record's",
    "conflict": "disagrees with the record (a DATE finding)",
    "zone": "another calendar day, explained by the time zones",
    "acknowledged": "disagrees, and a review accepts it",
    "rescheduled": "an earlier plan (rescheduled)",
}

_DISAGREEING = {"DATE001", "DATE002", "DATE007"}
_DATE_CODES = _DISAGREEING | {"DATE003", "DATE006"}
_BY_VERDICT = {Verdict.CONFLICT: "conflict", Verdict.EXTENT: "conflict", Verdict.ZONE_UNKNOWN: "conflict",
               Verdict.ZONE: "zone"}
_OPEN_LIMIT = dt.datetime(1, 1, 2, tzinfo=dt.timezone.utc), dt.datetime(9999, 12, 30, tzinfo=dt.timezone.utc)


def _millis(moment: dt.datetime) -> int | None:
    """Milliseconds since 1970 (UTC), or ``None`` for an open end."""
    if moment <= _OPEN_LIMIT[0] or moment >= _OPEN_LIMIT[1]:
        return None
    return int(moment.timestamp() * 1000)


def _span(value: FuzzyDate, zone: str | None) -> dict[str, Any]:
    """A date as the timeline draws it: its text and the UTC range it can denote, read in ``zone``."""
    start, end = value.instant_range(None if value.has_time else zone)
    return {"text": value.text, "start": _millis(start), "end": _millis(end), "zone": zone,
            "vague": bool(value.approximate or value.uncertain or value.one_of or "X" in value.text)}


def _agreement(claim: Claim, own: Claim | None, found: list[Finding], where: Location | None) -> tuple[str, str | None]:
    """A report's class and the code of the finding that decided it (if any)."""
    hits = [f for f in found if where is not None and where in f.locations]
    disagreeing = [f for f in hits if f.code in _DISAGREEING]
    if disagreeing:
        worst = disagreeing[0]
        return ("acknowledged" if all(f.acknowledged for f in disagreeing) else "conflict"), worst.code
    for name, cls in (("DATE003", "zone"), ("DATE006", "rescheduled")):
        if any(f.code == name for f in hits):
            return cls, name
    if own is None:
        return "agrees", None
    verdict = compare(claim.value, claim.zone, own.value, own.zone)
    if verdict in _BY_VERDICT:  # a rule that was not selected: the same verdict, without a finding
        return _BY_VERDICT[verdict], None
    if verdict is Verdict.REFINES and claim.value.contains(own.value, claim.zone, own.zone):
        return "coarser", None
    return "agrees", None


class _Quotes:
    """Where a quote is in its source's text: offsets into the original text, found as QUOTE001 finds it."""

    def __init__(self, index: CorpusIndex) -> None:
        self.index = index
        self.texts: dict[str, SourceText | None] = {}

    def span(self, source_id: str, quote: str) -> list[int] | None:
        """The first and past-the-last character of the passage (from its first to its last piece when
        the quote elides words), or ``None`` when the text or the quote is not there."""
        if source_id not in self.texts:
            raw = self.index.source_text(source_id)
            self.texts[source_id] = SourceText.of(raw) if raw is not None else None
        text = self.texts[source_id]
        pieces = [normalize(p) for p in _ELISION.split(quote) if p.strip()]
        if text is None or not pieces or not text.contains(normalize(quote)):
            return None
        start = at = text.text.find(pieces[0])
        for piece in pieces:
            at = text.text.find(piece, at)
            end = at + len(piece)
        if start < 0 or at < 0 or end == 0:
            return None
        return [text.starts[start], text.starts[end - 1] + 1]


def _resolutions(index: CorpusIndex) -> dict[tuple[str, int], str]:
    """How each report's ``date_text`` reads against its source's publication date, as one sentence."""
    out: dict[tuple[str, int], str] = {}
    for entry, number, report, source, resolution, why in report_resolutions(index):
        read = (f"“{report.date_text}” read against the publication date {source.published} "
                f"({resolution.describe_anchor()} in {resolution.zone}) denotes {resolution.describe()}")
        if why:
            read += f" (a weekday read as {resolution.tense}: {why})" if resolution.tense else ""
        if report.date is not None:
            fits = agrees(resolution, report.date, resolution.zone)
            read += f"; the report's date {report.date} {'fits' if fits else 'does not fit'}"
        out[(entry.record.id, number)] = read
    return out


_SHOWN_APART = {"reports", "kind", "id", "title", "source", "date", "date_text", "quote", "note"}


def _fields(record: Any) -> dict[str, Any]:
    """The curated fields not shown apart (the id, title, a report's source, date and quote)."""
    return record.model_dump(mode="json", exclude=_SHOWN_APART, exclude_none=True, exclude_defaults=True)


def _actors(record: Any) -> list[str]:
    names: list[str] = []
    for name in ("participants", "speaker", "proposer", "addressees", "submitted_to", "audience", "publisher"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, list):
            names.extend(value)
    for report in getattr(record, "reports", ()):
        names.extend(getattr(report, "participants", ()))
    return list(dict.fromkeys(names))


def _title(record: Any) -> str:
    if record.kind == "statement":
        said = record.quote or record.summary or ""
        return f"{record.speaker}: “{said[:90]}{'…' if len(said) > 90 else ''}”"
    return getattr(record, "title", None) or getattr(record, "name", None) or record.id


def _event(entry: ValidRecord, index: CorpusIndex, found: list[Finding], quotes: _Quotes,
           resolutions: dict[tuple[str, int], str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The date rows of an event record and its reports."""
    record = entry.record
    dated = [f for f in found if f.code in _DATE_CODES]
    claims = date_claims(index, entry)
    rows: list[dict[str, Any]] = []
    by_report: dict[int, dict[str, Any]] = {}
    for prop, (own, reported) in claims.items():
        if own is None and not reported:
            continue
        row: dict[str, Any] = {"prop": prop, "own": _span(own.value, own.zone) if own else None, "reports": []}
        for claim in reported:
            number = claim.loc[1]
            where = place(entry, *claim.loc) if dated else None
            cls, decided_by = _agreement(claim, own, dated, where)
            row["reports"].append(number)
            by_report[number] = {"span": _span(claim.value, claim.zone), "cls": cls, "code": decided_by}
        rows.append(row)
    reports = []
    for number, report in enumerate(record.reports):
        item: dict[str, Any] = {"source": report.source, "date": report.date and report.date.text,
                                "date_text": report.date_text, "note": report.note,
                                "quote": report.quote, "fields": _fields(report)}
        item.update(by_report.get(number, {}))
        if report.quote:
            item["at"] = quotes.span(report.source, report.quote)
        read = resolutions.get((record.id, number))
        if read:
            item["resolved"] = read
        reports.append({k: v for k, v in item.items() if v is not None})
    return rows, reports


def chronology(result: CheckResult, progress: Callable[[int, int, str], None] | None = None) -> dict[str, Any]:
    """The report's data: records (events with their date rows and reports), sources' texts, findings, codes.

    ``progress(done, total, "records")`` hears of each record added.
    """
    index = result.index or CorpusIndex()
    first = next(iter(index.by_id.values()), None)
    if first is not None and not isinstance(first.record, BaseModel):
        raise ValueError("the report needs the records as models: check(..., compact=False)")
    findings = [_finding(f) for f in result.findings]
    by_record: dict[str, list[int]] = defaultdict(list)
    raw_by_record: dict[str, list[Finding]] = defaultdict(list)
    for number, found in enumerate(result.findings):
        for record_id in dict.fromkeys(found.records):
            by_record[record_id].append(number)
        if found.records:
            raw_by_record[found.records[0]].append(found)
    quotes = _Quotes(index)
    resolutions = _resolutions(index)
    records = []
    entries = list(index.by_id.values())
    for done, entry in enumerate(entries, 1):
        record = entry.record
        item: dict[str, Any] = {"id": record.id, "kind": record.kind, "title": _title(record),
                                "path": entry.doc.path, "fields": _fields(record), "actors": _actors(record),
                                "findings": by_record.get(record.id, [])}
        if record.kind in EVENT_KINDS:
            item["rows"], item["reports"] = _event(entry, index, raw_by_record.get(record.id, []), quotes,
                                                   resolutions)
        records.append(item)
        if progress is not None and (done % 500 == 0 or done == len(entries)):
            progress(done, len(entries), "records")
    texts = {source_id: text for source_id, text in
             ((e.record.id, index.source_text(e.record.id)) for e in index.by_kind.get("source", []))
             if text is not None}
    return {
        "version": __version__,
        "summary": {"files": result.files, "records": result.records, "errors": result.count("error"),
                    "warnings": result.count("warning"), "infos": result.count("info"),
                    "acknowledged": sum(1 for f in result.findings if f.acknowledged)},
        "agreement": AGREEMENT,
        "codes": {name: {"severity": c.severity, "summary": c.summary, "hint": c.hint, "doc": c.doc.strip()}
                  for name, c in sorted(CODES.items())},
        "records": records,
        "texts": texts,
        "findings": findings,
    }


def _finding(found: Finding) -> dict[str, Any]:
    return {"code": found.code, "severity": found.severity, "message": found.message,
            "where": str(found.location), "records": list(dict.fromkeys(found.records)),
            "acknowledged": found.acknowledged, "hint": found.hint}
