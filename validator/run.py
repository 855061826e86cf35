"""The check pipeline: discover files → load → validate records → build the corpus index → findings."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator import transfer
from validator.corpus import CorpusIndex, Shelf, build_index, shelved_index
from validator.findings import SEVERITY_RANK, Finding
from validator.guards import Limits
from validator.loader import DEFAULT_LIMITS, Document
from validator.records import ValidRecord
from validator.incremental import FileFacts, Increment
from validator.reviews import acknowledge
from validator.rules import run_rules
from validator.rules.engine import Keeping
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
    rechecked_ids: list[str] | None = None  # and the ids of the records they checked, where not every record

    def count(self, severity: str, *, acknowledged: bool = False) -> int:
        """How many findings of ``severity`` there are, not acknowledged (or only acknowledged ones)."""
        return sum(1 for f in self.findings if f.severity == severity and f.acknowledged == acknowledged)

    def failed(self, strict: bool = False) -> bool:
        """Whether the run fails: an error not acknowledged, or with ``strict`` a warning too."""
        return bool(self.count("error") or (strict and self.count("warning")))


def _display(absolute: str, cwd: Path) -> str:
    """An absolute path relative to the working directory when it lies below it, else as it is (in text:
    a walk of a corpus shows thousands)."""
    folder = str(cwd)
    if absolute == folder:
        return "."
    below = folder if folder.endswith(os.sep) else folder + os.sep
    return absolute[len(below):] if absolute.startswith(below) else absolute


def discover(paths: Iterable[Path], corpus_root: Path, extensions: tuple[str, ...]) -> list[Target]:
    """Files to check, in a stable order: given files as they are, directories walked for ``extensions``
    (hidden entries skipped). Raises ``FileNotFoundError`` for a path that does not exist."""
    corpus_root = corpus_root.resolve()
    cwd = Path.cwd()
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
                        targets.append(Target(path, root, _display(str(path), cwd)))
        elif absolute not in seen:
            seen.add(absolute)
            targets.append(Target(absolute, corpus_root if inside else absolute.parent, _display(str(absolute), cwd)))
    return targets


class _CachedFiles:
    """The per-file stage with a cache: every file's facts (``validator.incremental``), and its result when it
    was made now or once it is asked for (read from the cache, or made again if its entry is lost)."""

    def __init__(self, every: list[Target], limits: Limits, parser: str, jobs: int,
                 tell: Callable[[int], None] | None, cache: FileCache, compact: bool) -> None:
        self.files = [(target.path, target.display, target.root) for target in every]
        self.limits, self.parser, self.compact, self.cache = limits, parser, compact, cache
        keys = [FileCache.key(display, path, compact) for path, display, _ in self.files]
        self.digests = [cache.digest(key, path, limits.max_file_bytes) for key, (path, _, _) in zip(keys, self.files)]
        self.keys = [key if digest is not None else None for key, digest in zip(keys, self.digests)]
        facts = [cache.facts(key, digest) if key is not None and digest is not None else None
                 for key, digest in zip(self.keys, self.digests)]
        self.hits = [fact is not None for fact in facts]
        self.results: list[FileResult | None] = [None] * len(self.files)
        missing = [number for number, fact in enumerate(facts) if fact is None]
        made = per_file_for_cache([self.files[number] for number in missing], limits, parser, jobs, compact)
        for done, (position, blob) in enumerate(made, len(self.files) - len(missing) + 1):
            number = missing[position]
            facts[number] = self._made(number, blob).facts
            if tell is not None:
                tell(done)
        self.facts: list[FileFacts] = facts  # type: ignore[assignment]

    def _made(self, number: int, blob: bytes) -> FileResult:
        """File ``number``'s result just made (pickled): kept in the cache, and here."""
        result = self.results[number] = transfer.loads(blob)
        key, digest = self.keys[number], self.digests[number]
        if key is not None and digest is not None:
            self.cache.put(key, digest, blob, result.facts)  # type: ignore[arg-type]
        return result

    def result(self, number: int) -> FileResult:
        """File ``number``'s result: made this run, else the cache's, else made again (a lost entry)."""
        result = self.results[number]
        if result is None:
            result = self.cache.result(self.keys[number])  # type: ignore[arg-type]
            if result is None:
                _, blob = next(per_file_for_cache([self.files[number]], self.limits, self.parser, 1, self.compact))
                return self._made(number, blob)
            result.seconds = {"load": 0.0, "validate": 0.0}  # nothing was loaded this time
            self.results[number] = result
        return result

    def doc(self, number: int) -> Document:
        """File ``number``'s document: its result's if it is loaded, else one that stands for the file (it
        places findings by reading it again)."""
        result = self.results[number]
        if result is not None:
            return result.doc
        path, display, _ = self.files[number]
        facts = self.facts[number]
        return Document(display, None, single=facts.single, findings=list(facts.findings), file=path)


def _check_all(docs: list[tuple[Document, Path, list[Any]]], valid: list[ValidRecord],
               selected: Callable[[str], bool], result: CheckResult,
               progress: Callable[[int, int, str], None] | None, jobs: int) -> tuple[CorpusIndex, list[Finding]]:
    """Index every file's records and run the rules over them (a run without a cache); their findings."""
    clock = time.perf_counter
    start = clock()
    index, found = build_index(docs, valid)
    indexed = clock()
    found += run_rules(index, selected, result.rule_timings, progress,
                       jobs=_rule_jobs([doc for doc, _, _ in docs], jobs))
    result.timings.update(index=indexed - start, rules=clock() - indexed)
    return index, found


def _check_incrementally(every: list[Target], files: _CachedFiles, cache: FileCache, selected: Callable[[str], bool],
                         result: CheckResult, progress: Callable[[int, int, str], None] | None,
                         jobs: int) -> tuple[CorpusIndex, list[Finding]]:
    """``_check_all`` with a cache: records read as the rules need them, and the last run's findings where
    they stand (``validator.incremental``); what this run leaves for the next is handed to the cache."""
    clock = time.perf_counter
    start = clock()
    increment = Increment(cache.last_rules, selected, [t.display for t in every], files.keys, files.hits,
                          files.facts, cache.facts_then, lambda number: files.result(number).valid, cache.last,
                          cache.bucket, cache.write_bucket)
    index, found, records = _index(every, files, increment.everything)
    indexed = clock()
    increment.focus_on(index, records)
    whole = Keeping(increment.keep)  # what is kept of the rules with Groups that run whole
    ran = run_rules(index, lambda name: selected(name) and name not in increment.kept and name not in increment.again,
                    result.rule_timings, progress, focus=increment.focus,
                    jobs=_rule_jobs([r.doc for r in files.results if r is not None], jobs), keeping=whole)
    ran += increment.run_groups(result.rule_timings, whole)
    found += increment.complete(ran)
    cache.rules, cache.rules_changed = increment.ruled, increment.changed
    result.rechecked = [every[number].display for number in increment.rechecked]
    result.rechecked_ids = increment.rechecked_ids
    result.timings.update(index=indexed - start, rules=clock() - indexed)
    return index, found


def _rule_jobs(docs: list[Document], jobs: int) -> int:
    """How many processes the rules may fork: forked processes would copy, page by page, the node trees
    they walk to place findings, so they fork only where few files hold one (files with findings)."""
    return jobs if sum(doc.holds_nodes for doc in docs) * 20 <= len(docs) else 1


def _index(every: list[Target], files: _CachedFiles,
           everything: bool) -> tuple[CorpusIndex, list[Finding], Callable[[int], list[ValidRecord]]]:
    """The corpus index of a run with a cache, its findings, and each file's valid records by number: built
    over every file's records, or (``everything`` false) on a shelf that reads them from the cache when
    asked (a file's findings of its own are in its facts)."""
    if everything:
        stages = [files.result(number) for number in range(len(every))]
        index, findings = build_index([(stage.doc, t.root, stage.ids) for stage, t in zip(stages, every)],
                                      [entry for stage in stages for entry in stage.valid])
        return index, findings, lambda number: stages[number].valid
    shelf = Shelf([f.ids for f in files.facts], [f.kinds for f in files.facts],
                  lambda number: files.result(number).valid, [t.root for t in every], [f.provisions for f in files.facts],
                  [f.texts for f in files.facts])
    index, findings = shelved_index([(files.doc(n), t.root, list(files.facts[n].ids)) for n, t in enumerate(every)],
                                    shelf)
    return index, findings, shelf.records


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
    # Parsed records are acyclic: the cyclic collector only burns time on them (2x at 100k records).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    clock = time.perf_counter
    loading = validating = 0.0
    try:
        started = clock()
        tell = None if progress is None else (lambda done: progress(done, len(every), "files"))
        if cache is None:
            # Each result's parts are kept, not the result (with its dictionary of timings: 0.3 KB per file).
            parts: list[tuple[Document, Path, list[Any]]] = []
            valid: list[ValidRecord] = []
            for stage, target in zip(per_file([(t.path, t.display, t.root) for t in every], limits, parser, jobs,
                                              tell, compact), every):
                parts.append((stage.doc, target.root, stage.ids))
                valid.extend(stage.valid)
                loading += stage.seconds["load"]
                validating += stage.seconds["validate"]
                if target.display not in context_paths:
                    result.records += stage.items
            per_file_wall = clock() - started
            index, found = _check_all(parts, valid, selected, result, progress, jobs)
            docs = [doc for doc, _, _ in parts]
            del parts, valid
        else:
            files = _CachedFiles(every, limits, parser, jobs, tell, cache, compact)
            per_file_wall = clock() - started
            result.records = sum(len(f.ids) for f, t in zip(files.facts, every) if t.display not in context_paths)
            index, found = _check_incrementally(every, files, cache, selected, result, progress, jobs)
            for stage in files.results:
                if stage is not None:
                    loading += stage.seconds["load"]
                    validating += stage.seconds["validate"]
            docs = [files.doc(number) for number in range(len(every))]
        result.index = index
        ruled = clock()
        findings = [f for doc in docs for f in doc.findings] + found
        findings = acknowledge([f for f in findings if selected(f.code)], index, selected)
        findings = [f for f in findings if selected(f.code)]  # REV001/REV002 as chosen too
        # "files" is the wall time of the per-file stage; "load" and "validate" add up its processes' time.
        result.timings = {"files": per_file_wall, "load": loading, "validate": validating, **result.timings,
                          "reviews": clock() - ruled}
        if context_paths:
            findings = [f for f in findings if any(where.path not in context_paths for where in f.locations)]
        if cache is not None:
            cache.save()
        findings.sort(key=lambda f: (*f.sort_key(), SEVERITY_RANK[f.severity]))
        result.findings = findings
        by_path = {doc.path: doc for doc in docs}
        result.documents = {f.location.path: by_path[f.location.path] for f in findings
                            if f.location.path in by_path}
    finally:  # the collector back on only now: a collection would scan every record and node (seconds)
        if gc_was_enabled:
            gc.enable()
    return result
