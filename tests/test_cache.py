"""Incremental runs: a cached run reports exactly what a full run reports, and the cache follows changes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import validator
from corpus_kit import SOURCE_TEXT, base_actors, meeting, source
from validator.findings import Acceptance, Finding, Location


@pytest.fixture
def corpus(project: Path) -> Path:
    """A corpus of one file per record: a source, the actors, a meeting that names them."""
    root = project / "corpus"
    (root / "sources").mkdir()
    (root / "sources" / "tass.txt").write_text(SOURCE_TEXT, encoding="utf-8")
    records = [source(), meeting(), *base_actors()]
    for record in records:
        (root / f"{record['id']}.yaml").write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    return root


def findings(accord, *args: str) -> tuple[int, list[tuple[str, str, int, int, str]]]:
    result = accord("check", "--format", "json", "--no-progress", *args)
    document = json.loads(result.out)
    return result.code, [(f["code"], f["path"], f["line"], f["column"], f["message"]) for f in document["findings"]]


def same_as_a_full_run(accord, cache: Path) -> tuple[int, list]:
    cached = findings(accord, "--cache-dir", cache)
    assert cached == findings(accord, "--no-cache")
    return cached


def cache_files(cache: Path) -> list[Path]:
    """The index of each set of settings' folder."""
    return sorted(cache.glob("files-*/index.pickle"))


def test_a_second_run_reads_the_cache_and_reports_the_same(accord, corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = same_as_a_full_run(accord, cache)
    [written] = cache_files(cache)
    stamp = written.stat().st_mtime_ns
    assert same_as_a_full_run(accord, cache) == first == (0, [])
    assert written.stat().st_mtime_ns == stamp  # nothing changed: the cache is not rewritten


def test_runs_from_two_folders_keep_a_cache_each(accord, corpus: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The paths a run shows are relative to where it runs: runs from the project's folder and from the
    corpus's keep a cache each, where each replaced the other's and checked everything again."""
    cache = tmp_path / "cache"
    for folder in (corpus.parent, corpus):
        monkeypatch.chdir(folder)
        same_as_a_full_run(accord, cache)
    assert len(cache_files(cache)) == 2
    stamps = {index: index.stat().st_mtime_ns for index in cache_files(cache)}
    for folder in (corpus.parent, corpus):
        monkeypatch.chdir(folder)
        same_as_a_full_run(accord, cache)
    assert {index: index.stat().st_mtime_ns for index in cache_files(cache)} == stamps  # each found its own


def test_a_changed_referenced_record_is_seen(accord, corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    same_as_a_full_run(accord, cache)
    person = corpus / "russia.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("id: russia", "id: russian-federation"),
                      encoding="utf-8")
    code, found = same_as_a_full_run(accord, cache)
    assert code == 1 and [f[0] for f in found] == ["REF001"] and found[0][1].endswith("geneva-talks.yaml")


def test_a_changed_file_gets_its_own_findings_with_positions(accord, corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    same_as_a_full_run(accord, cache)
    talks = corpus / "geneva-talks.yaml"
    talks.write_text(talks.read_text(encoding="utf-8").replace("date: '2022-01-10'", "date: '2022-02-30'", 1),
                     encoding="utf-8")
    code, found = same_as_a_full_run(accord, cache)
    assert code == 1 and "SCH005" in [f[0] for f in found]


def test_a_deleted_file_is_gone_from_the_results_and_the_cache(accord, corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    same_as_a_full_run(accord, cache)
    (corpus / "tass.yaml").unlink()
    code, found = same_as_a_full_run(accord, cache)
    assert code == 1 and {f[0] for f in found} == {"REF001"}
    import pickle

    [written] = cache_files(cache)
    _, entries, rules, _ = pickle.loads(written.read_bytes())
    assert not any("tass.yaml" in key for key in entries)
    assert not any("tass.yaml" in key for key in rules.files)
    # a result per file, the index, the shards of facts that hold some, and the buckets of groups (DUP001's,
    # QUOTE002's) that hold some
    buckets = [token for store in rules.groups.values() for token in store.tokens if token]
    assert 0 < len(buckets) < 20
    shards = list(written.parent.glob("facts-*.pickle"))
    assert 0 < len(shards) <= len(entries)
    assert len(list(written.parent.glob("*.pickle"))) == len(entries) + 1 + len(shards) + len(buckets)


def test_a_changed_configuration_is_another_cache(accord, corpus: Path, tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    assert same_as_a_full_run(accord, cache) == (0, [])
    (project / "pyproject.toml").write_text('[tool.accord]\ncorpus = "corpus"\nmax_scalar_chars = 10\n',
                                            encoding="utf-8")
    code, found = same_as_a_full_run(accord, cache)
    assert code == 1 and "YAML008" in {f[0] for f in found}
    assert len(cache_files(cache)) == 2


def test_a_new_accord_version_is_another_cache(accord, corpus: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    same_as_a_full_run(accord, cache)
    monkeypatch.setattr(validator, "__version__", "99.0.0")
    same_as_a_full_run(accord, cache)
    assert len(cache_files(cache)) == 2


@pytest.mark.parametrize("name", ["index.pickle", "facts-*.pickle"])
def test_a_damaged_cache_is_ignored(accord, corpus: Path, tmp_path: Path, name: str) -> None:
    cache = tmp_path / "cache"
    same_as_a_full_run(accord, cache)
    [written] = cache_files(cache)
    sorted(written.parent.glob(name))[0].write_bytes(b"not a pickle")
    assert same_as_a_full_run(accord, cache) == (0, [])


def test_damaged_or_missing_results_are_misses(accord, corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    same_as_a_full_run(accord, cache)
    [index] = cache_files(cache)
    results = sorted(p for p in index.parent.glob("*.pickle") if p.name != "index.pickle" and not p.name.startswith(
        ("facts-", "groups-")))
    results[0].write_bytes(b"not a pickle")
    results[1].unlink()
    assert same_as_a_full_run(accord, cache) == (0, [])


def test_an_edit_that_keeps_the_size_and_the_time_is_seen(accord, corpus: Path, tmp_path: Path) -> None:
    """The status of a file spares hashing it, except for one changed just before or during the last
    run: there a same-size edit within the clock's tick would keep its status."""
    cache = tmp_path / "cache"
    talks = corpus / "geneva-talks.yaml"
    same_as_a_full_run(accord, cache)  # the files are new: racy, so they will be hashed again
    info = talks.stat()
    talks.write_text(talks.read_text(encoding="utf-8").replace("2022-01-10", "2022-01-11", 1), encoding="utf-8")
    os.utime(talks, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert talks.stat().st_size == info.st_size
    code, found = same_as_a_full_run(accord, cache)
    assert code == 1 and "DATE001" in {f[0] for f in found}


def test_folders_of_other_settings_unused_for_a_month_are_removed(accord, corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    old, recent = cache / "files-old", cache / "files-recent"
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "index.pickle").write_bytes(b"")
    month = 31 * 24 * 3600
    os.utime(old, (old.stat().st_mtime - month, old.stat().st_mtime - month))
    same_as_a_full_run(accord, cache)
    assert not old.exists() and recent.exists() and len(cache_files(cache)) == 2


def test_no_cache_writes_nothing_and_a_cache_inside_the_corpus_is_refused(accord, corpus: Path,
                                                                           tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    findings(accord, "--no-cache", "--cache-dir", cache)
    assert not cache.exists()
    result = accord("check", "--no-progress", "--cache-dir", corpus / ".cache")
    assert result.code == 2 and "inside the corpus" in result.err
    assert not (corpus / ".cache").exists()


def test_accord_installed_again_keeps_its_cache_and_changed_code_does_not(tmp_path: Path) -> None:
    """The cache's settings name accord's code by its modules' bytes: a fresh checkout or install (new file
    times, as in CI with a restored cache) is the same cache; a changed module is another."""
    import shutil

    from validator.cache import _HOME, _code_fingerprint

    home = tmp_path / "accord"
    for package in ("validator", "schema"):
        shutil.copytree(_HOME / package, home / package, ignore=shutil.ignore_patterns("__pycache__"))
    assert _code_fingerprint(home) == _code_fingerprint()
    module = home / "validator" / "run.py"
    later = module.stat().st_mtime + 3600
    for path in home.rglob("*.py"):
        os.utime(path, (later, later))
    assert _code_fingerprint(home) == _code_fingerprint()
    module.write_bytes(module.read_bytes() + b"\n# changed\n")
    assert _code_fingerprint(home) != _code_fingerprint()


def test_the_default_cache_is_under_xdg_cache_home(accord, corpus: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    findings(accord)
    assert cache_files(tmp_path / "xdg" / "accord")


def test_unchanged_files_are_hits_and_a_changed_one_is_not(corpus: Path, tmp_path: Path) -> None:
    from validator.cache import FileCache, settings_salt
    from validator.guards import Limits
    from validator.run import check, discover

    targets = discover([corpus], corpus, (".yaml",))
    first = FileCache(tmp_path / "cache", settings_salt(Limits()))
    full = check(targets, cache=first)
    assert first.hits == 0
    again = FileCache(tmp_path / "cache", settings_salt(Limits()))
    assert check(targets, cache=again).findings == full.findings and again.hits == len(targets)
    (corpus / "tass.yaml").write_text((corpus / "tass.yaml").read_text(encoding="utf-8") + "# edited\n",
                                      encoding="utf-8")
    third = FileCache(tmp_path / "cache", settings_salt(Limits()))
    check(targets, cache=third)
    assert third.hits == len(targets) - 1


def test_a_file_whose_status_is_unchanged_is_not_read_again(corpus: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from validator.cache import FileCache, settings_salt
    from validator.guards import Limits
    from validator.run import check, discover

    for path in corpus.rglob("*"):  # dated a minute back: not racy
        past = path.stat().st_mtime - 60
        os.utime(path, (past, past))
    targets = discover([corpus], corpus, (".yaml",))
    full = check(targets, cache=FileCache(tmp_path / "cache", settings_salt(Limits())))

    def refuse(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    again = FileCache(tmp_path / "cache", settings_salt(Limits()))
    monkeypatch.setattr(Path, "read_bytes", refuse)
    digests = [again.digest(FileCache.key(t.display, t.path, True), t.path, Limits().max_file_bytes) for t in targets]
    monkeypatch.undo()
    assert None not in digests and again.hits == 0
    assert check(targets, cache=again).findings == full.findings and again.hits == len(targets)


def test_rules_chosen_anew_in_the_configuration_are_followed(accord, corpus: Path, tmp_path: Path,
                                                             project: Path) -> None:
    """Leaving rules out is not another cache, but what they did not make last time is made now."""
    cache = tmp_path / "cache"
    config = project / "pyproject.toml"
    (corpus / "tass.yaml").unlink()  # the meeting's report names it: REF001
    config.write_text('[tool.accord]\ncorpus = "corpus"\nignore = ["REF001", "DUP001"]\n', encoding="utf-8")
    assert same_as_a_full_run(accord, cache) == (0, [])
    config.write_text('[tool.accord]\ncorpus = "corpus"\n', encoding="utf-8")
    code, found = same_as_a_full_run(accord, cache)
    assert code == 1 and {f[0] for f in found} == {"REF001"}
    assert len(cache_files(cache)) == 1


def test_facts_of_another_run_are_not_taken(accord, corpus: Path, tmp_path: Path) -> None:
    """The facts are written apart from the index, in shards, which the index names: a run that stopped
    between the writes leaves facts that are not trusted. A run writes only the shards whose facts changed."""
    cache = tmp_path / "cache"
    same_as_a_full_run(accord, cache)
    [index] = cache_files(cache)
    before = {path: path.read_bytes() for path in index.parent.glob("facts-*.pickle")}
    person = corpus / "russia.yaml"
    person.write_text(person.read_text(encoding="utf-8").replace("id: russia", "id: russian-federation"),
                      encoding="utf-8")
    same_as_a_full_run(accord, cache)
    [changed] = [path for path, data in before.items() if path.read_bytes() != data]  # russia.yaml's shard
    changed.write_bytes(before[changed])  # the facts of the run before, under this run's index
    code, found = same_as_a_full_run(accord, cache)
    assert code == 1 and [f[0] for f in found] == ["REF001"]


_LOCATIONS = st.builds(Location, path=st.text(max_size=20), line=st.integers(1, 10**6), column=st.integers(1, 500),
                       end_line=st.none() | st.integers(1, 10**6), end_column=st.none() | st.integers(1, 500))


@given(st.builds(Finding, code=st.sampled_from(["REF001", "DATE001", "SCH005"]),
                 severity=st.sampled_from(["error", "warning", "info"]), message=st.text(), location=_LOCATIONS,
                 records=st.lists(st.text(max_size=12), max_size=3).map(tuple), hint=st.none() | st.text(),
                 related=st.lists(_LOCATIONS, max_size=2).map(tuple), acknowledged=st.booleans(),
                 accepted_by=st.none() | st.builds(Acceptance, kind=st.sampled_from(["review", "baseline"]),
                                                   source=st.text(max_size=12), reason=st.text(max_size=20))))
def test_a_finding_kept_in_the_cache_reads_back_equal(found: Finding) -> None:
    """Findings (and their places) pickle as their values: what the cache's index keeps of each file."""
    import pickle

    assert pickle.loads(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)) == found
