"""The corpus index: every valid record by id and kind, built once, and the checks that need all files.

Checks here are grouped by key (a dict per id), never all-pairs, so they grow linearly with the corpus.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from schema.dates import FuzzyDate
from schema.records import Source
from validator.codes import code
from validator.findings import Finding, Location
from validator.loader import Document
from validator.records import ValidRecord

__all__ = ["CorpusIndex", "build_index"]


@dataclass
class CorpusIndex:
    """Valid records by id and by kind, with the corpus root each came from."""

    by_id: dict[str, ValidRecord] = field(default_factory=dict)
    by_kind: dict[str, list[ValidRecord]] = field(default_factory=lambda: defaultdict(list))
    roots: dict[int, Path] = field(default_factory=dict)  # id(doc) -> corpus root
    declared_ids: list[tuple[str, Document, int]] = field(default_factory=list)  # every item's raw id, valid or not
    _texts: dict[str, str | None] = field(default_factory=dict, repr=False)
    _text_files: dict[str, Path | None] = field(default_factory=dict, repr=False)  # by source id, once resolved

    def source_text(self, source_id: str) -> str | None:
        """The text of a source's local copy (read once), or None when the source or its file is missing
        or leads outside the corpus (SRC001 reports that)."""
        if source_id not in self._texts:
            entry = self.by_id.get(source_id)
            text = None
            path = self._text_files.get(source_id)  # resolved by build_index, None where SRC001 reports it
            if entry is not None and entry.record.kind == "source" and path is not None:
                try:
                    text = path.read_bytes().decode("utf-8", errors="replace")
                except OSError:
                    text = None
            self._texts[source_id] = text
        return self._texts[source_id]

    def origin(self, source_id: str) -> str:
        """Who originated a source's story: the organization it reprints, else its publisher. Sources of
        one origin are not independent confirmation of each other."""
        entry = self.by_id.get(source_id)
        if entry is None or entry.record.kind != "source":
            return source_id
        return entry.record.reprint_of or entry.record.publisher

    def zone(self, record: Any, report: Any = None) -> str | None:
        """The IANA zone in which a calendar date of ``record`` (or of one of its reports) is a day.

        A report's dates are counted in its own ``timezone`` if it names one, else in its source's calendar
        (the source's ``timezone``); a record's own dates in the record's ``timezone``. ``None`` when not
        known: the date then spans every zone.
        """
        if report is not None:
            if report.timezone is not None:
                return report.timezone
            entry = self.by_id.get(report.source)
            return entry.record.timezone if entry is not None and entry.record.kind == "source" else None
        return getattr(record, "timezone", None)

    def instant_range(self, value: FuzzyDate, record: Any, report: Any = None) -> tuple[datetime, datetime]:
        """The UTC range a date of ``record`` (or of its ``report``) can denote, read in its zone;
        a date-time carries its own offset. (The shared date object memoises its ranges by zone.)"""
        return value.instant_range(None if value.has_time else self.zone(record, report))


def build_index(docs: list[tuple[Document, Path, list[Any]]], valid: list[ValidRecord]) -> tuple[CorpusIndex, list[Finding]]:
    """Index the valid records and check what spans files: unique ids, source text files.

    ``docs`` holds each document with its corpus root and the ids its items declare (valid or not), so
    that a duplicate id is found even when one of the two records has other errors.
    """
    index = CorpusIndex()
    findings: list[Finding] = []
    first_place: dict[str, tuple[Document, int]] = {}
    for doc, root, ids in docs:
        index.roots[id(doc)] = root
        for item_index, record_id in enumerate(ids):
            if not isinstance(record_id, str):
                continue
            index.declared_ids.append((record_id, doc, item_index))
            if record_id in first_place:
                first_doc, first_index = first_place[record_id]
                first = first_doc.locate((first_index, "id"))
                entry = code("ID001")
                findings.append(Finding(
                    "ID001", entry.severity, f"id {record_id!r} is already used by the record at {first}",
                    doc.locate((item_index, "id")), records=(record_id,), hint=entry.hint, related=(first,)))
            else:
                first_place[record_id] = (doc, item_index)
    for entry in valid:
        record_id = entry.record.id  # type: ignore[attr-defined]
        index.by_id.setdefault(record_id, entry)
        index.by_kind[entry.record.kind].append(entry)  # type: ignore[attr-defined]
    resolved_roots: dict[Path, Path] = {}
    for entry in index.by_kind.get("source", []):
        path, problem = _text_file(entry, index.roots[id(entry.doc)], resolved_roots)
        index._text_files.setdefault(entry.record.id, path)  # the first record of an id, as in by_id
        if problem is not None:
            entry_code = code("SRC001")
            findings.append(Finding("SRC001", entry_code.severity, problem, entry.doc.locate((entry.index, "text")),
                                    records=(entry.record.id,), hint=entry_code.hint))
    return index, findings


def _text_file(entry: ValidRecord, root: Path, resolved_roots: dict[Path, Path]) -> tuple[Path | None, str | None]:
    """Where a source's text file is, or what is wrong with its path (SRC001). ``resolved_roots`` keeps
    each corpus root resolved once."""
    source: Source = entry.record  # type: ignore[assignment]
    try:
        resolved = (root / source.text).resolve()
        if root not in resolved_roots:
            resolved_roots[root] = root.resolve()
        if not resolved.is_relative_to(resolved_roots[root]):
            return None, f"text path {source.text!r} leads outside the corpus root {str(root)!r}"
        if not resolved.is_file():
            return None, f"text file {source.text!r} does not exist under the corpus root {str(root)!r}"
    except (OSError, RuntimeError) as exc:
        return None, f"text path {source.text!r} cannot be resolved: {exc}"
    return resolved, None
