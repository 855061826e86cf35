"""Work across cores: the per-file stage in worker processes, and the rule families in forked ones.

Each file is read, guarded, parsed and validated on its own (``validator.stage.check_file``), so the
stage splits cleanly into chunks of files: worker processes take them from the front, in order, and
this process takes them from the end, so that its share is never pickled (a worker's results cost a
pickle to send and another to read: ``validator.transfer``). Results come back in the order of the
files, so findings do not depend on the number of processes. Workers start only when there is enough
to do to pay for them (``MIN_FILES_PER_WORKER``, ``MIN_BYTES_PER_WORKER``); below that, everything stays
in this process. At 100k records on two cores, one worker beside this process takes the stage from 7.4
to 6.8 CPU seconds (two workers pickled every result, and this process read them all). The worker
function is a module-level function with picklable arguments, so any start method works (spawn included).

The cross-record rules need the whole corpus index: ``fork_map`` forks processes that inherit it (Linux
only), so that only findings are pickled, and this process takes a share (``validator.rules.engine``).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import accumulate
from pathlib import Path
from typing import Any, TypeVar

from validator import transfer
from validator.compact import SharedTexts
from validator.guards import Limits
from validator.stage import FileResult, check_file

__all__ = ["per_file", "per_file_for_cache", "fork_map", "can_fork", "forks_that_fit", "default_jobs", "MIN_FILES_PER_WORKER", "MIN_BYTES_PER_WORKER"]

Task = TypeVar("Task")
Result = TypeVar("Result")

# Below about this many files (of ~100 records each) per process, this one included, starting a worker
# costs more than it saves; one-record files are cheap, so each also needs this many records' worth.
MIN_FILES_PER_WORKER = 8
MIN_BYTES_PER_WORKER = 2_000_000
_CHUNK_BYTES = 500_000  # about 450 records: few round trips, and a short wait for the last chunk


def _chunk(files: list[tuple[Path, str, Path]], limits: Limits, parser: str, for_cache: bool,
           compact: bool) -> bytes | list[bytes]:
    """In a worker: the results of some files, as one pickle (``validator.transfer``), or one per file
    for a cache."""
    gc.disable()  # parsed records are acyclic (see validator.run)
    if for_cache:
        return [_file_bytes(path, display, root, limits, parser, compact) for path, display, root in files]
    shared = SharedTexts()
    results = [check_file(path, display, root, limits, parser, False, compact, shared) for path, display, root in files]
    for result in results:
        result.doc.drop_nodes()  # pickling a node tree costs more than composing it again where it is needed
    return transfer.dumps(results, shared)


def _file_bytes(path: Path, display: str, root: Path, limits: Limits, parser: str, compact: bool) -> bytes:
    """One file's result with its facts, pickled for the cache (``validator.transfer``)."""
    shared = SharedTexts()
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
    return (result for _, result in _per_file(files, limits, parser, jobs, progress, False, compact))  # type: ignore[misc]


def per_file_for_cache(files: Sequence[tuple[Path, str, Path]], limits: Limits, parser: str, jobs: int = 1,
                       compact: bool = True) -> Iterator[tuple[int, bytes]]:
    """``per_file`` for a cache: each result with its facts (``check_file``), pickled where it was made,
    with its number in ``files``, as soon as it is made (not in order). The cache keeps the bytes and the
    caller unpickles them, so no result is pickled twice (workers pickle what they send anyway); and this
    process's share, the last files, is not held as bytes until the workers are done (at 1M records the
    bytes of half the corpus, 600 MB, which the allocator kept once freed)."""
    return _per_file(files, limits, parser, jobs, None, True, compact)  # type: ignore[return-value]


def _per_file(files: Sequence[tuple[Path, str, Path]], limits: Limits, parser: str, jobs: int,
              progress: Callable[[int], None] | None, for_cache: bool,
              compact: bool) -> Iterator[tuple[int, FileResult | bytes]]:
    """Each file's number and result: in order, but for a cache (``per_file_for_cache``)."""
    sizes = _sizes(files) if jobs > 1 and len(files) >= 2 * MIN_FILES_PER_WORKER else []
    processes = min(jobs, len(files) // MIN_FILES_PER_WORKER, sum(sizes) // MIN_BYTES_PER_WORKER) if sizes else 1
    if processes <= 1:
        for number, item in enumerate(files):
            yield number, _check_here(item, limits, parser, for_cache, compact)
            if progress is not None:
                progress(number + 1)
        return
    # The workers take chunks from the front and this process from the end, until they meet: whichever
    # is slowed by other load does less.
    chunks = _chunks(files, sizes)
    starts = list(accumulate((len(chunk) for chunk in chunks), initial=0))  # each chunk's first file's number
    workers = processes - 1
    sent = 0  # chunks[:sent] went to the workers, in order
    kept = len(chunks)  # chunks[kept:] are this process's
    pending: deque[Future[bytes | list[bytes]]] = deque()
    ours: list[list[FileResult | bytes]] = []  # in order (not for a cache): the results of chunks[kept:], the last first
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        while pending or sent < kept:
            while sent < kept and len(pending) < 2 * workers:  # each worker has its next chunk at hand
                pending.append(pool.submit(_chunk, chunks[sent], limits, parser, for_cache, compact))
                sent += 1
            if pending and (pending[0].done() or sent == kept):
                first = starts[sent - len(pending)]  # the oldest chunk sent's first file
                results = pending.popleft().result()
                if not for_cache:
                    results = transfer.loads(results)
                yield from enumerate(results, first)
            else:
                kept -= 1
                results = [_check_here(item, limits, parser, for_cache, compact) for item in chunks[kept]]
                if for_cache:
                    yield from enumerate(results, starts[kept])
                else:
                    ours.append(results)
            done += len(results)
            if progress is not None:
                progress(done)
    for number, results in enumerate(reversed(ours), kept):
        yield from enumerate(results, starts[number])


def _chunks(files: Sequence[tuple[Path, str, Path]], sizes: list[int]) -> list[list[tuple[Path, str, Path]]]:
    """The files in runs of about ``_CHUNK_BYTES``, in order."""
    chunks: list[list[tuple[Path, str, Path]]] = [[]]
    filled = 0
    for item, size in zip(files, sizes):
        if filled >= _CHUNK_BYTES:
            chunks.append([])
            filled = 0
        chunks[-1].append(item)
        filled += size
    return chunks


def _check_here(item: tuple[Path, str, Path], limits: Limits, parser: str, for_cache: bool,
                compact: bool) -> FileResult | bytes:
    """One file's result made in this process (pickled for a cache)."""
    path, display, root = item
    return (_file_bytes(path, display, root, limits, parser, compact) if for_cache
            else check_file(path, display, root, limits, parser, False, compact))


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


def fork_map(function: Callable[[Task], Result], tasks: Sequence[Task], jobs: int) -> list[Result]:
    """``function(task)`` for each task, in order, from this process and up to ``jobs - 1`` forked ones.
    The forked processes take tasks from the front (give the longest first), each with its next one at
    hand (so that it never waits for this process to finish a task), and this process takes them from
    the end, until they meet. The forked processes inherit what this one holds (the corpus index of the
    cross-record rules) instead of receiving it; only their tasks and results are pickled. A process
    copies each page it writes to while another shares it (CPython writes reference counts into every
    object it reads): with this process working beside one fork, a page is copied once, not once per
    fork. ``function`` must be a module-level function."""
    results: list[Any] = [None] * len(tasks)
    front, back = 0, len(tasks)  # tasks[front:back] are left
    forks = max(1, min(jobs - 1, len(tasks) - 1))
    # Should a process collect garbage, it skips (and so does not copy) what this one holds. Frozen at
    # once, where a collection of the youngest generation scanned every record first (3.6 s at 1M).
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=forks, mp_context=multiprocessing.get_context("fork")) as pool:
            running: dict[Future[Result], int] = {}
            while front < back or running:
                while front < back - 1 and len(running) < 2 * forks:  # the last task left is this process's
                    running[pool.submit(function, tasks[front])] = front
                    front += 1
                if front < back:
                    back -= 1
                    results[back] = function(tasks[back])
                else:
                    wait(running, return_when=FIRST_COMPLETED)
                for future in [future for future in running if future.done()]:
                    results[running.pop(future)] = future.result()
    finally:
        gc.unfreeze()
    return results
