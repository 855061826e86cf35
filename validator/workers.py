"""The per-file stage across cores: chunks of files go to worker processes, results come back in order.

Each file is read, guarded, parsed and validated on its own (``validator.stage.check_file``), so the
stage splits cleanly; the cross-record rules run afterwards in the calling process. Results are merged
in the order of the files, so findings do not depend on the number of workers. Workers start only when
there is enough to do to pay for them (``MIN_FILES_PER_WORKER``, ``MIN_BYTES_PER_WORKER``); below that,
and with one job (the default of ``accord check --jobs``), everything stays in this process. On the
project's 2-vCPU machine two CPU-bound processes each run at half speed, so workers only add the cost
of sending records back (a pickle, ~0.2 s per 10,000 records); where cores are real, they divide the
stage's time. The worker function is a module-level
function with picklable arguments, so any start method works (spawn included).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from validator.guards import Limits
from validator.stage import FileResult, check_file

__all__ = ["per_file", "MIN_FILES_PER_WORKER", "MIN_BYTES_PER_WORKER"]

# Below about this many files (of ~100 records each) per worker, starting processes costs more than it
# saves; one-record files are cheap, so a worker also needs this many records' worth (see bench/).
MIN_FILES_PER_WORKER = 8
MIN_BYTES_PER_WORKER = 2_000_000
_CHUNK_BYTES = 1_000_000  # about 900 records a chunk: few round trips, and progress that moves


def _chunk(files: list[tuple[Path, str, Path]], limits: Limits, parser: str) -> list[FileResult]:
    gc.disable()  # parsed records are acyclic (see validator.run)
    return [check_file(path, display, root, limits, parser) for path, display, root in files]


def _sizes(files: Sequence[tuple[Path, str, Path]]) -> list[int]:
    sizes = []
    for path, _, _ in files:
        try:
            sizes.append(os.lstat(path).st_size)
        except OSError:
            sizes.append(0)
    return sizes


def per_file(files: Sequence[tuple[Path, str, Path]], limits: Limits, parser: str, jobs: int = 1,
             progress: Callable[[int], None] | None = None) -> Iterator[FileResult]:
    """The per-file stage of every ``(path, display, root)``, in that order, on up to ``jobs`` processes;
    ``progress(done)`` hears how many files are done."""
    sizes = _sizes(files) if jobs > 1 and len(files) >= 2 * MIN_FILES_PER_WORKER else []
    workers = min(jobs, len(files) // MIN_FILES_PER_WORKER, sum(sizes) // MIN_BYTES_PER_WORKER) if sizes else 1
    if workers <= 1:
        for done, (path, display, root) in enumerate(files, 1):
            yield check_file(path, display, root, limits, parser)
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
        for results in pool.map(_chunk, chunks, [limits] * len(chunks), [parser] * len(chunks)):
            yield from results
            done += len(results)
            if progress is not None:
                progress(done)
