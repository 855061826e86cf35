"""The corpus index: every valid record by id and kind, built once, and the checks that need all files.

Checks here are grouped by key (a dict per id), never all-pairs, so they grow linearly with the corpus.
"""

from __future__ import annotations

import os
import stat
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from schema.dates import FuzzyDate
from schema.records import Source
from validator.codes import code
from validator.findings import Finding, Location
from validator.loader import Document
from validator.records import ValidRecord

__all__ = ["CorpusIndex", "build_index", "EVENT_KINDS"]

EVENT_KINDS = ("meeting", "proposal", "statement")  # the records that report events (their reports cite sources)


@dataclass
class CorpusIndex:
    """Valid records by id and by kind, with the corpus root each came from."""

    by_id: dict[str, ValidRecord] = field(default_factory=dict)
    by_kind: dict[str, list[ValidRecord]] = field(default_factory=lambda: defaultdict(list))
    roots: dict[int, Path] = field(default_factory=dict)  # id(doc) -> corpus root
    declared_ids: list[tuple[Document, list[Any]]] = field(default_factory=list)  # each file's raw ids: ``declared``
    _texts: dict[str, str | None] = field(default_factory=dict, repr=False)
    _text_files: dict[str, Path | None] = field(default_factory=dict, repr=False)  # by source id, once resolved
    _text_stats: dict[str, os.stat_result | None] = field(default_factory=dict, repr=False)  # and their status
    focus: dict[str, list[ValidRecord]] | None = field(default=None, repr=False)  # see ``focused``

    def declared(self) -> Iterator[tuple[str, Document, int]]:
        """Every id an item declares as text (valid record or not), with its file and item number, in the
        corpus's order. Kept as each file's list of ids: a tuple per id cost 80 MB at 1M records."""
        for doc, ids in self.declared_ids:
            for item, raw in enumerate(ids):
                if isinstance(raw, str):
                    yield raw, doc, item

    def checked(self, kind: str) -> list[ValidRecord]:
        """The records of ``kind`` that a rule of records (``scope="record"``) checks: all of them, or in a
        ``focused`` index only those whose findings may have changed since the last run."""
        return (self.by_kind if self.focus is None else self.focus).get(kind, [])

    def checked_events(self) -> Iterator[ValidRecord]:
        """The event records (meetings, proposals, statements, in that order) a rule of records checks."""
        for kind in EVENT_KINDS:
            yield from self.checked(kind)

    def focused(self, entries: list[ValidRecord]) -> CorpusIndex:
        """This index with its rules of records checking only ``entries`` (in their order): every record
        stays in ``by_id`` and ``by_kind`` for look-ups and corpus-wide tables. A separate object, so that
        the rule families' per-index passes run again."""
        focus: dict[str, list[ValidRecord]] = {}
        for entry in entries:
            focus.setdefault(entry.record.kind, []).append(entry)  # type: ignore[attr-defined]
        return replace(self, focus=focus)

    @cached_property
    def sources(self) -> dict[str, Any]:
        """The source records by id (an id's first record, as in ``by_id``), gathered once: the rules look up
        a report's source at every turn, and most records are not sources."""
        return {entry.record.id: entry.record for entry in self.by_kind.get("source", [])
                if self.by_id[entry.record.id] is entry}

    def source_text(self, source_id: str) -> str | None:
        """The text of a source's local copy (read once), or None when the source or its file is missing
        or leads outside the corpus (SRC001 reports that)."""
        if source_id not in self._texts:
            self._texts[source_id] = self.read_source_text(source_id)
        return self._texts[source_id]

    def read_source_text(self, source_id: str) -> str | None:
        """``source_text``, read now and not kept: for a pass that reads each text once (at 1M records the
        texts of 100k sources take 400 MB)."""
        entry = self.by_id.get(source_id)
        path = self._text_files.get(source_id)  # resolved by build_index, None where SRC001 reports it
        if entry is None or entry.record.kind != "source" or path is None:
            return None
        try:
            return path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            return None

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
            source = self.sources.get(report.source)
            return source.timezone if source is not None else None
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
    for doc, root, ids in docs:
        index.roots[id(doc)] = root
        index.declared_ids.append((doc, ids))
    findings = list(_reused_ids(index))
    for entry in valid:
        record_id = entry.record.id  # type: ignore[attr-defined]
        index.by_id.setdefault(record_id, entry)
        index.by_kind[entry.record.kind].append(entry)  # type: ignore[attr-defined]
    resolved: dict[Any, Path] = {}
    for entry in index.by_kind.get("source", []):
        path, problem, info = _text_file(entry, index.roots[id(entry.doc)], resolved)
        if entry.record.id not in index._text_files:  # the first record of an id, as in by_id
            index._text_files[entry.record.id] = path
            index._text_stats[entry.record.id] = info
        if problem is not None:
            entry_code = code("SRC001")
            findings.append(Finding("SRC001", entry_code.severity, problem, entry.doc.locate((entry.index, "text")),
                                    records=(entry.record.id,), hint=entry_code.hint))
    return index, findings


def _reused_ids(index: CorpusIndex) -> Iterator[Finding]:
    """ID001: an id declared again, at each later item, naming the first. The ids seen are a set, and the
    first places only of the ids declared twice are found, in a second pass (a place kept per id was a
    dictionary entry and a tuple for each of the 1.1M ids at 1M records)."""
    seen: set[str] = set()
    twice: set[str] = set()
    for raw, _, _ in index.declared():
        if raw in seen:
            twice.add(raw)
        seen.add(raw)
    if not twice:
        return
    del seen
    first_place: dict[str, Location] = {}
    entry = code("ID001")
    for raw, doc, item in index.declared():
        if raw not in twice:
            continue
        first = first_place.get(raw)
        if first is None:
            first_place[raw] = doc.locate((item, "id"))
            continue
        yield Finding("ID001", entry.severity, f"id {raw!r} is already used by the record at {first}",
                      doc.locate((item, "id")), records=(raw,), hint=entry.hint, related=(first,))


def _text_file(entry: ValidRecord, root: Path,
               resolved: dict[Any, Path]) -> tuple[Path | None, str | None, os.stat_result | None]:
    """Where a source's text file is, or what is wrong with its path (SRC001), and the file's status.

    The path is resolved as ``Path.resolve`` does, but each folder once (``resolved`` keeps them: the texts
    of a corpus share a few folders, and so texts that differ only by the file's name, as written, share
    theirs) and then only the file's own name is looked at, unless it is a link."""
    source: Source = entry.record  # type: ignore[assignment]
    try:
        name = source.text.rpartition("/")[2]
        if name in ("", ".", "..") or "\\" in name:
            real = (root / source.text).resolve()
        else:
            written = (root, source.text[:len(source.text) - len(name)])  # the folder as written
            if written not in resolved:
                resolved[written] = (root / source.text).parent.resolve()
            real = resolved[written] / name
        try:
            info: os.stat_result | None = os.lstat(real)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISLNK(info.st_mode):
            real = real.resolve()
            info = os.stat(real) if real.exists() else None
        if root not in resolved:
            resolved[root] = root.resolve()
        if not real.is_relative_to(resolved[root]):
            return None, f"text path {source.text!r} leads outside the corpus root {str(root)!r}", None
        if info is None or not stat.S_ISREG(info.st_mode):
            return None, f"text file {source.text!r} does not exist under the corpus root {str(root)!r}", None
    except (OSError, RuntimeError) as exc:
        return None, f"text path {source.text!r} cannot be resolved: {exc}", None
    return real, None, info
