"""The check pipeline: discover files → load → validate records → build the corpus index → findings."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator import transfer
from validator.corpus import CorpusIndex, build_index
from validator.findings import SEVERITY_RANK, Finding
from validator.guards import Limits
from validator.loader import DEFAULT_LIMITS, Document
from validator.records import ValidRecord
from validator.incremental import File, Increment
from validator.reviews import acknowledge
from validator.rules import run_rules
from validator.cache import FileCache
from validator.stage import FileResult, default_parser
from validator.workers import per_file, per_file_for_cache

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
    rechecked: list[str] = field(default_factory=list)  # with a cache: files the rules of records checked again

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


def _per_file_results(every: list[Target], limits: Limits, parser: str, jobs: int,
                      tell: Callable[[int], None] | None, cache: FileCache | None,
                      compact: bool) -> Iterator[tuple[FileResult, str | None, bool]]:
    """The per-file stage of every target, in order, with its cache key (None: not cached) and whether it
    came from the cache (its bytes are unchanged)."""
    files = [(target.path, target.display, target.root) for target in every]
    if cache is None:
        for result in per_file(files, limits, parser, jobs, tell, compact):
            yield result, None, False
        return
    keys = [FileCache.key(display, path, compact) for path, display, _ in files]
    digests = [cache.digest(key, path, limits.max_file_bytes) for key, (path, _, _) in zip(keys, files)]
    held = [cache.get(key, digest) if digest is not None else None for key, digest in zip(keys, digests)]
    missing = [n for n, result in enumerate(held) if result is None]
    computed = per_file_for_cache([files[n] for n in missing], limits, parser, jobs, compact)
    for done, (key, digest, result) in enumerate(zip(keys, digests, held), 1):
        hit = result is not None
        if result is None:
            blob = next(computed)
            result = transfer.loads(blob)
            if digest is not None:
                cache.put(key, digest, blob)
        else:
            result.seconds = {"load": 0.0, "validate": 0.0}  # nothing was loaded this time
        yield result, key if digest is not None else None, hit
        if tell is not None:
            tell(done)


def check(targets: list[Target], progress: Callable[[int, int, str], None] | None = None,
          limits: Limits = DEFAULT_LIMITS, selected: Callable[[str], bool] = lambda _: True,
          context: list[Target] | None = None, *, parser: str | None = None,
          jobs: int = 1, cache: FileCache | None = None, compact: bool = True) -> CheckResult:
    """Run every stage over ``targets`` and return the findings, sorted by place.

    ``progress(done, total, what)`` hears of each file read (``what`` is "files") and of each rule run
    (``what`` is its code). ``context`` is the whole corpus when only some of its files are checked (a
    pre-commit hook passes the changed ones): it is loaded and indexed so that references and
    cross-record rules see all of it, but only findings that involve a target are reported.
    ``parser`` is "auto" (the fast path where it reads a file as PyYAML does) or "pyyaml" (every file on
    PyYAML's path); the results are the same, and the default comes from ``stage.default_parser``.
    ``jobs`` is how many processes may run the per-file stage and the rules (the same results for any
    number; each stage decides whether the corpus is large enough to pay for them).
    With ``cache``, a file whose bytes are unchanged gets its per-file result from it (saved at the end).
    The records of the index are compact named tuples (``validator.compact``); ``compact=False`` keeps
    the models (for views that dump their fields). The findings are the same.
    """
    parser = parser or default_parser()
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
        started = clock()
        tell = None if progress is None else (lambda done: progress(done, len(every), "files"))
        files: list[File] = []  # what an incremental run needs of each file (with a cache only)
        for (stage, key, hit), target in zip(_per_file_results(every, limits, parser, jobs, tell, cache, compact),
                                             every):
            if cache is not None:
                files.append((stage.ids, stage.valid, stage.facts, key, hit))
            valid.extend(stage.valid)
            loading += stage.seconds["load"]
            validating += stage.seconds["validate"]
            if target.display not in context_paths:
                result.records += stage.items
            docs.append((stage.doc, target.root, stage.ids))
        per_file_wall = clock() - started
        start = clock()
        index, corpus_findings = build_index(docs, valid)
        indexed = clock()
        result.index = index
        # Forked processes would copy, page by page, the node trees they walk to place findings: the rules
        # fork only where few files hold one (files with findings of their own).
        few_trees = sum(doc.holds_nodes for doc, _, _ in docs) * 20 <= len(docs)
        increment = None if cache is None else Increment(index, cache.last_rules, selected,
                                                         [t.display for t in every], files, cache.last)
        rule_findings = run_rules(index, selected, result.rule_timings, progress, jobs=jobs if few_trees else 1,
                                  focus=None if increment is None else increment.focus)
        if increment is not None:
            rule_findings = increment.complete(rule_findings)
            cache.rules, cache.rules_changed = increment.ruled, increment.changed  # type: ignore[union-attr]
            result.rechecked = [every[n].display for n in increment.rechecked]
        ruled = clock()
        findings = [f for doc, _, _ in docs for f in doc.findings] + corpus_findings + rule_findings
        findings = acknowledge([f for f in findings if selected(f.code)], index, selected)
        findings = [f for f in findings if selected(f.code)]  # REV001/REV002 as chosen too
        # "files" is the wall time of the per-file stage; "load" and "validate" add up its processes' time.
        result.timings = {"files": per_file_wall, "load": loading, "validate": validating, "index": indexed - start,
                          "rules": ruled - indexed, "reviews": clock() - ruled}
        if context_paths:
            findings = [f for f in findings if any(where.path not in context_paths for where in f.locations)]
        if cache is not None:
            cache.save()
        findings.sort(key=lambda f: (*f.sort_key(), SEVERITY_RANK[f.severity]))
        result.findings = findings
        by_path = {doc.path: doc for doc, _, _ in docs}
        result.documents = {f.location.path: by_path[f.location.path] for f in findings
                            if f.location.path in by_path}
    finally:  # the collector back on only now: a collection would scan every record and node (seconds)
        if gc_was_enabled:
            gc.enable()
    return result
