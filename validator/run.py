"""The check pipeline: discover files → load → validate records → build the corpus index → findings."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator.corpus import CorpusIndex, build_index
from validator.findings import SEVERITY_RANK, Finding
from validator.guards import Limits
from validator.loader import DEFAULT_LIMITS, Document, load_file
from validator.records import ValidRecord, validate_document
from validator.reviews import acknowledge
from validator.rules import run_rules

__all__ = ["Target", "CheckResult", "discover", "check"]


@dataclass(frozen=True, slots=True)
class Target:
    """A file to check, the corpus root its relative paths resolve against, and how to show its path."""

    path: Path
    root: Path
    display: str


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    records: int = 0
    documents: dict[str, Document] = field(default_factory=dict)  # files with findings, for code frames
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage ("load", ..., "rules")
    rule_timings: dict[str, float] = field(default_factory=dict)  # seconds per rule code
    index: CorpusIndex | None = None  # the valid records, for views of the same run (``accord report``)

    def count(self, severity: str, *, acknowledged: bool = False) -> int:
        """How many findings of ``severity`` there are, not acknowledged (or only acknowledged ones)."""
        return sum(1 for f in self.findings if f.severity == severity and f.acknowledged == acknowledged)

    def failed(self, strict: bool = False) -> bool:
        """Whether the run fails: an error not acknowledged, or with ``strict`` a warning too."""
        return bool(self.count("error") or (strict and self.count("warning")))


def _display(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else absolute."""
    absolute = path.absolute()
    cwd = Path.cwd()
    return str(absolute.relative_to(cwd)) if absolute.is_relative_to(cwd) else str(absolute)


def discover(paths: Iterable[Path], corpus_root: Path, extensions: tuple[str, ...]) -> list[Target]:
    """Files to check, in a stable order: given files as they are, directories walked for ``extensions``
    (hidden entries skipped). Raises ``FileNotFoundError`` for a path that does not exist."""
    corpus_root = corpus_root.resolve()
    targets: list[Target] = []
    seen: set[Path] = set()
    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise FileNotFoundError(str(given))
        absolute = given.absolute()
        inside = absolute.resolve().is_relative_to(corpus_root)
        if given.is_dir():
            root = corpus_root if inside else absolute
            for folder, dirs, files in os.walk(absolute):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or not name.endswith(extensions):
                        continue
                    path = Path(folder, name)
                    if path not in seen:
                        seen.add(path)
                        targets.append(Target(path, root, _display(path)))
        elif absolute not in seen:
            seen.add(absolute)
            targets.append(Target(absolute, corpus_root if inside else absolute.parent, _display(absolute)))
    return targets


def check(targets: list[Target], progress: Callable[[int, int, str], None] | None = None,
          limits: Limits = DEFAULT_LIMITS, selected: Callable[[str], bool] = lambda _: True,
          context: list[Target] | None = None) -> CheckResult:
    """Run every stage over ``targets`` and return the findings, sorted by place.

    ``progress(done, total, what)`` hears of each file read (``what`` is "files") and of each rule run
    (``what`` is its code). ``context`` is the whole corpus when only some of its files are checked (a
    pre-commit hook passes the changed ones): it is loaded and indexed so that references and
    cross-record rules see all of it, but only findings that involve a target are reported.
    """
    wanted = {t.path for t in targets}
    context = context or []
    # The corpus in its own order (so "first" and "second" of a duplicate read as in a full run), then any
    # target outside it.
    in_context = {c.path for c in context}
    every = context + [t for t in targets if t.path not in in_context]
    context_paths = {c.display for c in context if c.path not in wanted}
    result = CheckResult(files=len(targets))
    docs: list[tuple[Document, Path, list[Any]]] = []
    valid: list[ValidRecord] = []
    # Parsed records are acyclic: the cyclic collector only burns time on them (2x at 100k records).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    clock = time.perf_counter
    loading = validating = 0.0
    try:
        for done, target in enumerate(every, 1):
            start = clock()
            doc = load_file(target.path, target.display, target.root, limits)
            ids = [item.get("id") if isinstance(item, dict) else None for item in doc.items]
            loaded = clock()
            valid.extend(validate_document(doc))
            loading += loaded - start
            validating += clock() - loaded
            if target.display not in context_paths:
                result.records += len(doc.items)
            doc.items = []  # the models hold the data now
            doc.release()  # memory stays flat over many files: clean files keep no text
            docs.append((doc, target.root, ids))
            if progress is not None:
                progress(done, len(every), "files")
        start = clock()
        index, corpus_findings = build_index(docs, valid)
        indexed = clock()
        result.index = index
        rule_findings = run_rules(index, selected, result.rule_timings, progress)
        ruled = clock()
        findings = [f for doc, _, _ in docs for f in doc.findings] + corpus_findings + rule_findings
        findings = acknowledge([f for f in findings if selected(f.code)], index)
        result.timings = {"load": loading, "validate": validating, "index": indexed - start,
                          "rules": ruled - indexed, "reviews": clock() - ruled}
        if context_paths:
            findings = [f for f in findings if any(where.path not in context_paths for where in f.locations)]
    finally:
        if gc_was_enabled:
            gc.enable()
    findings.sort(key=lambda f: (*f.sort_key(), SEVERITY_RANK[f.severity]))
    result.findings = findings
    by_path = {doc.path: doc for doc, _, _ in docs}
    result.documents = {f.location.path: by_path[f.location.path] for f in findings if f.location.path in by_path}
    return result
