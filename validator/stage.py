"""The per-file stage: read, guard, parse and validate one file, keeping what the cross-record stage needs.

Files take the fast path (yaml-rs builds the data, Pydantic validates it) where it reads them as PyYAML
would; a file it cannot judge so is built and validated by PyYAML's path. The findings of records are
made from the data either way, placed by nodes composed for the items that have them (the fast path) or
for the whole file (PyYAML's). ``parser="pyyaml"`` (or ``ACCORD_PARSER=pyyaml`` in the environment, for
tests) sends every file down PyYAML's path: results must not change.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from validator.compact import SharedTexts, compact as compact_record
from validator.guards import Limits
from validator.loader import DEFAULT_LIMITS, Document, load_file
from validator.records import ValidRecord, share_fields_sets, validate_document, validate_quietly

if TYPE_CHECKING:
    from validator.incremental import FileFacts

__all__ = ["FileResult", "check_file", "default_parser", "PARSERS"]

PARSERS = ("auto", "pyyaml")


def default_parser() -> str:
    """``auto`` unless the environment forces PyYAML's path (``ACCORD_PARSER=pyyaml``; for tests)."""
    chosen = os.environ.get("ACCORD_PARSER", "auto")
    return chosen if chosen in PARSERS else "auto"


@dataclass(slots=True)
class FileResult:
    """One file after the per-file stage: its document (findings, positions on demand), its valid
    records, the raw id of every item (valid or not, for duplicate ids), how many items it held, and for
    an incremental run what its records' findings depend on outside it (``validator.incremental``)."""

    doc: Document
    valid: list[ValidRecord]
    ids: list[Any]
    items: int
    seconds: dict[str, float] = field(default_factory=dict)  # "load" and "validate"
    facts: FileFacts | None = None  # (a forward reference: validator.incremental imports the rules)


def check_file(path: Path, display: str, root: Path, limits: Limits = DEFAULT_LIMITS,
               parser: str = "auto", with_facts: bool = False, compact: bool = True,
               shared: SharedTexts | None = None) -> FileResult:
    """Run the per-file stage on one file; nothing is raised for bad input. ``with_facts``: for a run with
    a cache, which keeps them for the next run. ``compact``: the records as named tuples
    (``validator.compact``), else as the models themselves; ``shared`` then holds the texts they
    share, for a result sent as bytes (``validator.transfer``)."""
    clock = time.perf_counter
    start = clock()
    doc = load_file(path, display, root, limits, fast=parser == "auto")
    loaded = clock()
    models = validate_quietly(doc) if doc.parser == "yaml-rs" else None
    if models is not None:
        records = list(enumerate(models))
    else:
        if doc.parser == "yaml-rs":
            doc.place_by_item()  # the findings are PyYAML's path's: the same data, and no finding of its own
        records = [(entry.index, entry.record) for entry in validate_document(doc)]
    if compact:
        valid = [ValidRecord(compact_record(record, shared), doc, index) for index, record in records]
    else:
        valid = [ValidRecord(record, doc, index) for index, record in records]
        share_fields_sets(valid)  # memory: see records.share_fields_sets
    ids = [item.get("id") if isinstance(item, dict) else None for item in doc.items]
    items = len(doc.items)
    doc.release()  # memory stays flat over many files: clean files keep no text
    doc.items = []  # the models hold the data now
    facts = None
    if with_facts:
        from validator.incremental import facts_of  # here: it needs the rules, which need this module

        facts = facts_of(ids, valid, doc.single, tuple(doc.findings))
    return FileResult(doc, valid, ids, items, {"load": loaded - start, "validate": clock() - loaded}, facts)
