"""The per-file stage in worker processes gives exactly what it gives in one process."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import validator.rules.engine as engine
import validator.workers as workers
from conftest import REPO_ROOT
from validator.cache import FileCache, settings_salt
from validator.loader import DEFAULT_LIMITS
from validator.run import check, discover


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The curated corpus, with a few broken files among it (findings with positions, a file error)."""
    root = tmp_path / "corpus"
    shutil.copytree(REPO_ROOT / "corpus_yaml", root)
    (root / "broken-syntax.yaml").write_text("kind: person\nid: p\nname: [a, b\n", encoding="utf-8")
    (root / "broken-schema.yaml").write_text("kind: person\nid: broken-person\nname: no\n", encoding="utf-8")
    (root / "broken-reference.yaml").write_text("kind: person\nid: lost-person\nname: L\nstate: nowhere\n",
                                                encoding="utf-8")
    (root / "broken-bytes.yaml").write_bytes(b"kind: person\nid: q\nname: caf\xe9\n")
    return root


def test_one_and_two_workers_give_the_same_findings(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    targets = discover([corpus], corpus, (".yaml", ".yml"))
    alone = check(targets, jobs=1)
    pools = []

    class Pool(workers.ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("max_workers"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(workers, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(workers, "MIN_FILES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "MIN_BYTES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "_CHUNK_BYTES", 2_000)  # many chunks, so order across chunks matters
    together = check(targets, jobs=2)
    assert pools == [1]  # one worker beside this process, which takes chunks from the end
    assert together.findings == alone.findings and together.records == alone.records
    assert {"FILE002", "YAML001", "SCH003", "REF001"} <= {f.code for f in together.findings}
    # Positions asked after the stage (code frames) come from the file, whichever process loaded it.
    for path, doc in together.documents.items():
        assert doc.line(1) == alone.documents[path].line(1)


def test_a_cache_filled_by_two_processes_gives_the_same_findings(corpus: Path, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    targets = discover([corpus], corpus, (".yaml", ".yml"))
    alone = check(targets, jobs=1)
    monkeypatch.setattr(workers, "MIN_FILES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "MIN_BYTES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "_CHUNK_BYTES", 2_000)
    for hits in (0, len(targets)):  # filled (by a worker and this process), then read back
        cache = FileCache(tmp_path / "cache", settings_salt(DEFAULT_LIMITS))
        together = check(targets, jobs=2, cache=cache)
        assert together.findings == alone.findings and together.records == alone.records
        assert cache.hits == hits


def test_a_cache_gets_each_file_once_with_its_number(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Results for a cache come as they are made (this process's share is not held back as bytes), each with
    its file's number."""
    from validator.transfer import loads

    monkeypatch.setattr(workers, "MIN_FILES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "MIN_BYTES_PER_WORKER", 1)
    monkeypatch.setattr(workers, "_CHUNK_BYTES", 2_000)
    files = [(t.path, t.display, t.root) for t in discover([corpus], corpus, (".yaml", ".yml"))]
    made = list(workers.per_file_for_cache(files, DEFAULT_LIMITS, "auto", jobs=2))
    assert sorted(number for number, _ in made) == list(range(len(files)))
    assert all(loads(blob).doc.path == files[number][1] for number, blob in made)


def test_few_files_stay_in_this_process(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "ProcessPoolExecutor", None)  # would fail if used
    targets = discover([corpus], corpus, (".yaml", ".yml"))
    assert check(targets, jobs=2).records == check(targets, jobs=1).records


def test_rules_in_forked_processes_give_the_same_findings(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    targets = discover([corpus], corpus, (".yaml", ".yml"))
    alone = check(targets, jobs=1)
    monkeypatch.setattr(engine, "MIN_RECORDS_TO_FORK", 1)
    forked: list[int] = []

    def counting(function, tasks, jobs):
        forked.append(len(tasks))
        return workers.fork_map(function, tasks, jobs)

    monkeypatch.setattr(engine, "fork_map", counting)
    heard: list[str] = []
    together = check(targets, lambda done, total, what: heard.append(what), jobs=2)
    assert forked == [len({rule.check.__module__ for rule in engine.RULES.values()})]  # one task per family
    assert together.findings == alone.findings  # the same findings, in the same order
    assert {"REF001", "DATE002", "DATE003"} <= {f.code for f in together.findings}
    assert set(together.rule_timings) == set(alone.rule_timings) == set(engine.RULES)
    assert heard[-1] == "done"
    # a selection of rules is honoured in the forked processes too
    some = check(targets, selected=lambda code: code.startswith("DATE"), jobs=2)
    assert some.findings == [f for f in alone.findings if f.code.startswith("DATE")]
    # and a selection of no rule at all (`--select SCH`) forks nothing
    forked.clear()
    schema_only = check(targets, selected=lambda code: code.startswith("SCH"), jobs=2)
    assert forked == [] and schema_only.findings == [f for f in alone.findings if f.code.startswith("SCH")]


def _pid_and_square(number: int) -> tuple[int, int]:
    return os.getpid(), number * number


@pytest.mark.skipif(not workers.can_fork(), reason="forks on Linux only")
@pytest.mark.parametrize(("tasks", "jobs"), [(0, 2), (1, 2), (2, 2), (7, 2), (7, 3)])
def test_fork_map_gives_every_result_in_order_this_process_taking_the_last(tasks: int, jobs: int) -> None:
    results = workers.fork_map(_pid_and_square, list(range(tasks)), jobs)
    assert [square for _, square in results] == [number * number for number in range(tasks)]
    assert not results or results[-1][0] == os.getpid()


def test_a_small_corpus_keeps_its_rules_in_this_process(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "fork_map", None)  # would fail if used
    targets = discover([corpus], corpus, (".yaml", ".yml"))
    assert check(targets, jobs=2).findings == check(targets, jobs=1).findings


def test_rules_stay_in_this_process_where_many_files_hold_positions(corpus: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Files with findings of their own keep their node trees for positions; forked processes would copy them.
    for number in range(10):
        (corpus / f"broken-{number}.yaml").write_text(f"kind: person\nid: p{number}\nname: no\n", encoding="utf-8")
    targets = discover([corpus], corpus, (".yaml", ".yml"))
    alone = check(targets, jobs=1)
    monkeypatch.setattr(engine, "MIN_RECORDS_TO_FORK", 1)
    monkeypatch.setattr(engine, "fork_map", None)  # would fail if used
    assert check(targets, jobs=2).findings == alone.findings


@pytest.mark.parametrize(("cores", "jobs"), [(1, 1), (2, 2), (4, 4), (16, 4)])
def test_the_default_number_of_jobs_is_the_usable_cores_up_to_four(monkeypatch: pytest.MonkeyPatch, cores: int,
                                                                   jobs: int) -> None:
    monkeypatch.setattr(workers.os, "sched_getaffinity", lambda _: set(range(cores)), raising=False)
    assert workers.default_jobs() == jobs


def test_rules_stay_in_this_process_without_memory_for_a_copy(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    targets = discover([corpus], corpus, (".yaml", ".yml"))
    alone = check(targets, jobs=1)
    monkeypatch.setattr(engine, "MIN_RECORDS_TO_FORK", 1)
    monkeypatch.setattr(engine, "forks_that_fit", lambda jobs: 0)  # no room for a copy of this process
    monkeypatch.setattr(engine, "fork_map", None)  # would fail if used
    assert check(targets, jobs=4).findings == alone.findings


@pytest.mark.parametrize(("free_kb", "jobs", "fits"), [(2560, 4, 2), (2560, 1, 1), (1023, 4, 0), (10**9, 4, 4)])
def test_a_fork_needs_free_memory_as_large_as_this_process(monkeypatch: pytest.MonkeyPatch, free_kb: int,
                                                            jobs: int, fits: int) -> None:
    import io
    import os
    pages = 1024 * 1024 // os.sysconf("SC_PAGE_SIZE")  # this process holds 1 MB
    files = {"/proc/self/statm": f"5000 {pages} 10 1 0 100 0\n",
             "/proc/meminfo": f"MemTotal: 99999999 kB\nMemFree: 1 kB\nMemAvailable: {free_kb} kB\n"}
    monkeypatch.setattr(workers, "open", lambda name, **_: io.StringIO(files[name]), raising=False)
    assert workers.forks_that_fit(jobs) == fits
