"""Export of the normalised corpus as JSON or JSON Lines, for analysis tools (pandas, jq, DuckDB).

Each valid record is written with every field (null where not given), and beside each date its UTC
range: ``date_earliest`` is the first instant the value can denote and ``date_latest`` the instant just
after the last (half-open, as ``FuzzyDate.instant_range``), read in the zone the rules use
(``CorpusIndex.zone``); null for an open end.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from schema.dates import FuzzyDate
from validator.corpus import CorpusIndex, build_index
from validator.loader import load_file
from validator.records import ValidRecord, validate_document
from validator.run import Target

__all__ = ["ExportResult", "export_records", "render"]

_OPEN_ENDS = (dt.datetime.min.replace(tzinfo=dt.timezone.utc), dt.datetime.max.replace(tzinfo=dt.timezone.utc))


class ExportResult:
    def __init__(self, records: list[dict[str, Any]], invalid_files: list[str]) -> None:
        self.records = records
        self.invalid_files = invalid_files  # files with errors; their invalid records are left out


def export_records(targets: list[Target]) -> ExportResult:
    """Load and validate ``targets``, index them, and return each valid record as a JSON-ready dict."""
    docs, valid, invalid = [], [], []
    for target in targets:
        doc = load_file(target.path, target.display, target.root)
        ids = [item.get("id") if isinstance(item, dict) else None for item in doc.items]
        valid.extend(validate_document(doc))
        if any(f.severity == "error" for f in doc.findings):
            invalid.append(target.display)
        docs.append((doc, target.root, ids))
    index, _ = build_index(docs, valid)
    return ExportResult([_record(entry, index) for entry in valid], invalid)


def _instant(moment: dt.datetime) -> str | None:
    if moment in _OPEN_ENDS:
        return None
    return moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def _record(entry: ValidRecord, index: CorpusIndex) -> dict[str, Any]:
    return _model(entry.record, entry.record, None, index)


def _model(model: BaseModel, record: BaseModel, report: BaseModel | None, index: CorpusIndex) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        out[name] = _value(value, record, report, index)
        if isinstance(value, FuzzyDate):
            start, end = index.instant_range(value, record, report)
            out[f"{name}_earliest"], out[f"{name}_latest"] = _instant(start), _instant(end)
        elif value is None and _is_date_field(model, name):
            out[f"{name}_earliest"] = out[f"{name}_latest"] = None
    return out


def _is_date_field(model: BaseModel, name: str) -> bool:
    annotation = type(model).model_fields[name].annotation
    return FuzzyDate in getattr(annotation, "__args__", ())


def _value(value: Any, record: BaseModel, report: BaseModel | None, index: CorpusIndex) -> Any:
    if isinstance(value, BaseModel):  # a report (it cites a `source`) dates in its own zone
        return _model(value, record, value if "source" in type(value).model_fields else report, index)
    if isinstance(value, list):
        return [_value(item, record, report, index) for item in value]
    if isinstance(value, FuzzyDate):
        return value.text
    return value


def render(records: list[dict[str, Any]], form: str) -> Iterator[str]:
    """The export as text: one JSON array (``json``) or one record per line (``jsonl``)."""
    if form == "jsonl":
        for record in records:
            yield json.dumps(record, ensure_ascii=False) + "\n"
    else:
        yield json.dumps(records, ensure_ascii=False, indent=2) + "\n"
