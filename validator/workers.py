"""Work across cores: the per-file stage in worker processes, and the rule families in forked ones.

Each file is read, guarded, parsed and validated on its own (``validator.stage.check_file``), so the
stage splits cleanly; chunks of files go to worker processes and results come back in the order of the
files, so findings do not depend on the number of workers. Workers start only when there is enough to
do to pay for them (``MIN_FILES_PER_WORKER``, ``MIN_BYTES_PER_WORKER``); below that, everything stays in
this process. Sending records back costs a pickle (~0.05 s per 10,000 compact records each way; the texts
they share are one object in this process: ``validator.transfer``), so two
workers on two cores take the stage at 100k records from 5.4 to 3.7 s. The worker function is a module-level
function with picklable arguments, so any start method works (spawn included).

The cross-record rules need the whole corpus index: ``fork_map`` forks processes that inherit it (Linux
only), so that only findings are pickled (``validator.rules.engine``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from validator import transfer
from validator.guards import Limits
from validator.stage import FileResult, check_file

__all__ = ["per_file", "per_file_for_cache", "fork_map", "can_fork", "forks_that_fit", "default_jobs", "MIN_FILES_PER_WORKER", "MIN_BYTES_PER_WORKER"]

Task = TypeVar("Task")
Result = TypeVar("Result")

# Below about this many files (of ~100 records each) per worker, starting processes costs more than it
# saves; one-record files are cheap, so a worker also needs this many records' worth (see bench/).
MIN_FILES_PER_WORKER = 8
MIN_BYTES_PER_WORKER = 2_000_000
_CHUNK_BYTES = 1_000_000  # about 900 records a chunk: few round trips, and progress that moves


def _chunk(files: list[tuple[Path, str, Path]], limits: Limits, parser: str, for_cache: bool,
           compact: bool) -> bytes | list[bytes]:
    """In a worker: the results of some files, as one pickle (``validator.transfer``), or one per file
    for a cache."""
    gc.disable()  # parsed records are acyclic (see validator.run)
    if for_cache:
        return [_file_bytes(path, display, root, limits, parser, compact) for path, display, root in files]
    shared: dict[str, str] = {}
    results = [check_file(path, display, root, limits, parser, False, compact, shared) for path, display, root in files]
    for result in results:
        result.doc.drop_nodes()  # pickling a node tree costs more than composing it again where it is needed
    return transfer.dumps(results, shared)


def _file_bytes(path: Path, display: str, root: Path, limits: Limits, parser: str, compact: bool) -> bytes:
    """One file's result with its facts, pickled for the cache (``validator.transfer``)."""
    shared: dict[str, str] = {}
    result = check_file(path, display, root, limits, parser, True, compact, shared)
    result.doc.drop_nodes()
    return transfer.dumps(result, shared)


def _sizes(files: Sequence[tuple[Path, str, Path]]) -> list[int]:
    sizes = []
    for path, _, _ in files:
        try:
            sizes.append(os.lstat(path).st_size)
        except OSError:
            sizes.append(0)
    return sizes


def per_file(files: Sequence[tuple[Path, str, Path]], limits: Limits, parser: str, jobs: int = 1,
             progress: Callable[[int], None] | None = None, compact: bool = True) -> Iterator[FileResult]:
    """The per-file stage of every ``(path, display, root)``, in that order, on up to ``jobs`` processes;
    ``progress(done)`` hears how many files are done; ``compact``: see ``check_file``."""
    return _per_file(files, limits, parser, jobs, progress, False, compact)  # type: ignore[return-value]


def per_file_for_cache(files: Sequence[tuple[Path, str, Path]], limits: Limits, parser: str, jobs: int = 1,
                       compact: bool = True) -> Iterator[bytes]:
    """``per_file`` for a cache: each result with its facts (``check_file``), pickled where it was made.
    The cache keeps the bytes and the caller unpickles them, so no result is pickled twice (workers pickle
    what they send anyway)."""
    return _per_file(files, limits, parser, jobs, None, True, compact)  # type: ignore[return-value]


def _per_file(files: Sequence[tuple[Path, str, Path]], limits: Limits, parser: str, jobs: int,
              progress: Callable[[int], None] | None, for_cache: bool,
              compact: bool) -> Iterator[FileResult | bytes]:
    sizes = _sizes(files) if jobs > 1 and len(files) >= 2 * MIN_FILES_PER_WORKER else []
    workers = min(jobs, len(files) // MIN_FILES_PER_WORKER, sum(sizes) // MIN_BYTES_PER_WORKER) if sizes else 1
    if workers <= 1:
        for done, (path, display, root) in enumerate(files, 1):
            yield (_file_bytes(path, display, root, limits, parser, compact) if for_cache
                   else check_file(path, display, root, limits, parser, False, compact))
            if progress is not None:
                progress(done)
        return
    chunks: list[list[tuple[Path, str, Path]]] = [[]]
    filled = 0
    for item, size in zip(files, sizes):
        if filled >= _CHUNK_BYTES:
            chunks.append([])
            filled = 0
        chunks[-1].append(item)
        filled += size
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for results in pool.map(_chunk, chunks, [limits] * len(chunks), [parser] * len(chunks),
                                [for_cache] * len(chunks), [compact] * len(chunks)):
            if not for_cache:
                results = transfer.loads(results)
            yield from results
            done += len(results)
            if progress is not None:
                progress(done)


def default_jobs() -> int:
    """The cores this process may use (at most 4: more processes copy more memory for little gain)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def can_fork() -> bool:
    """Whether worker processes can be forked (Linux): they then inherit this process's memory."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def forks_that_fit(jobs: int) -> int:
    """How many of ``jobs`` forked processes the free memory can hold: each may come to copy all of this
    process's pages (CPython writes reference counts into every object it reads), so a fork needs as much
    free memory as this process holds."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            held = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            free = next(int(line.split()[1]) * 1024 for line in meminfo if line.startswith("MemAvailable:"))
    except (OSError, ValueError, StopIteration):
        return 0
    return max(0, min(jobs, free // max(held, 1)))


def fork_map(function: Callable[[Task], Result], tasks: Sequence[Task], jobs: int) -> Iterator[Result]:
    """``function(task)`` for each task, in order, from up to ``jobs`` forked processes; tasks are handed out
    one by one as processes free up (give the longest first), and each result is yielded as soon as it and
    those before it are in. The processes inherit what this one holds (the corpus index of the cross-record
    rules) instead of receiving it; only tasks and results are pickled. ``function`` must be a module-level
    function."""
    gc.collect(0)  # less for the children to copy on write
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)),
                             mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(function, tasks)
