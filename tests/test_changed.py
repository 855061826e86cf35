"""`accord check --changed [REV]` in real git repositories: the files changed since REV (commits,
staged, unstaged, untracked, deleted) plus the records that refer to them or that they refer to, with
the findings a full run has for exactly those files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus_kit import base_actors, meeting, source, statement

# git is part of any machine that cloned the repository; in CI a missing git must fail, not skip
pytestmark = pytest.mark.skipif(shutil.which("git") is None and not os.environ.get("CI"), reason="needs git")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout


def put(folder: Path, name: str, record: object) -> None:
    path = folder / "corpus" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")


def repository(folder: Path, records: list[dict]) -> None:
    """A git repository with a pyproject.toml and one file per record (actors in actors.yaml), committed."""
    (folder / "pyproject.toml").write_text('[tool.accord]\ncorpus = "corpus"\n', encoding="utf-8")
    put(folder, "actors.yaml", base_actors())
    for record in records:
        put(folder, f"{record['kind']}s/{record['id']}.yaml", record)
        if record["kind"] == "source":
            (folder / "corpus" / record["text"]).parent.mkdir(parents=True, exist_ok=True)
            (folder / "corpus" / record["text"]).write_text("Talks in Geneva on January 10. talks will begin\n",
                                                             encoding="utf-8")
    git(folder, "init", "-q")
    git(folder, "add", "-A")
    git(folder, "commit", "-qm", "corpus")


def checked(accord, *args: str) -> tuple[set[str], list[tuple], int]:
    """The files a check covered (its JUnit cases) and its findings (from its JSON report)."""
    import xml.etree.ElementTree as ET

    junit = accord("check", "--format", "junit", *args)
    files = {case.get("name") for case in ET.fromstring(junit.out).iter("testcase")}
    report = accord("check", "--format", "json", *args)
    assert report.code in (0, 1), report.err
    found = [(f["code"], f["path"], f["line"], f["column"], f["message"], tuple(f["records"]),
              tuple(loc["path"] for loc in f["locations"])) for f in json.loads(report.out)["findings"]]
    return files, found, report.code


def restricted(findings: list[tuple], files: set[str]) -> list[tuple]:
    return [f for f in findings if any(path in files for path in f[-1])]


@pytest.fixture
def small(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two sources; a meeting reported by tass; a statement at that meeting; an unrelated meeting (ria)."""
    repository(tmp_path, [
        source("tass"), source("ria", publisher="ria-novosti"),
        meeting(), statement(meeting="geneva-talks"),
        meeting(id="vienna-talks", location="Vienna", date="2022-01-13",
                reports=[{"source": "ria", "date": "2022-01-13"}]),
    ])
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_nothing_changed_checks_nothing(small, accord):
    files, found, code = checked(accord, "--changed")
    assert (files, found, code) == (set(), [], 0)


def test_a_changed_record_brings_what_it_names_and_what_names_it(small, accord):
    meeting_file = small / "corpus/meetings/geneva-talks.yaml"
    meeting_file.write_text(meeting_file.read_text(encoding="utf-8").replace("date: '2022-01-10'\ntimezone",
                                                                             "date: '2022-01-12'\ntimezone"),
                            encoding="utf-8")
    files, found, code = checked(accord, "--changed")
    assert files == {"corpus/meetings/geneva-talks.yaml",  # changed
                     "corpus/sources/tass.yaml", "corpus/actors.yaml",  # what it names
                     "corpus/statements/lavrov-remark.yaml"}  # what names it
    # The meeting's reports now disagree (DATE001) and the statement made at it lies outside it (TIME006).
    assert code == 1 and [f[0] for f in found] == ["DATE001", "TIME006"]
    assert restricted(checked(accord)[1], files) == found


def test_a_deleted_record_brings_the_records_that_still_use_its_id(small, accord):
    (small / "corpus/sources/ria.yaml").unlink()
    files, found, code = checked(accord, "--changed")
    assert files == {"corpus/meetings/vienna-talks.yaml"}
    assert code == 1 and [(f[0], f[1]) for f in found] == [("REF001", "corpus/meetings/vienna-talks.yaml")]


def test_committed_changes_since_a_revision_and_untracked_files(small, accord):
    base = git(small, "rev-parse", "HEAD").strip()
    put(small, "states/france.yaml", {"kind": "state", "id": "france", "name": "France"})
    git(small, "add", "-A")
    git(small, "commit", "-qm", "france")
    put(small, "states/germany.yaml", {"kind": "state", "id": "germany", "name": "Germany", "bogus": 1})  # untracked
    assert checked(accord, "--changed")[0] == {"corpus/states/germany.yaml"}
    files, found, _ = checked(accord, "--changed", base)
    assert files == {"corpus/states/france.yaml", "corpus/states/germany.yaml"}
    assert [f[0] for f in found] == ["SCH001"]


def test_a_changed_source_text_counts_as_a_change_of_its_source(small, accord):
    (small / "corpus/sources/tass.txt").write_text("Nothing quotable here.\n", encoding="utf-8")
    files, found, _ = checked(accord, "--changed")
    assert "corpus/sources/tass.yaml" in files and "corpus/statements/lavrov-remark.yaml" in files
    assert "QUOTE001" in [f[0] for f in found]
    assert restricted(checked(accord)[1], files) == found


def test_changed_outside_a_git_repository_or_with_a_bad_revision_is_a_usage_error(project, accord, write):
    write("corpus/a.yaml", "kind: state\nid: a\nname: A\n")
    result = accord("check", "--changed")
    assert result.code == 2 and "--changed: git rev-parse" in result.err
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "x")
    result = accord("check", "--changed", "no-such-branch")
    assert result.code == 2 and "'no-such-branch' is not a revision" in result.err
    assert accord("check", "--changed", "corpus/a.yaml").code == 2  # a path is not a revision
    assert accord("check", "corpus/a.yaml", "--changed").code == 2  # paths and --changed do not mix


# --- the law, on generated corpora ---------------------------------------------------------------------

EDITS = st.sampled_from(["conflicting date", "rename id", "delete", "add duplicate", "break yaml", "unknown field",
                         "new statement", "change text"])


@st.composite
def corpora(draw):
    sources = [source(f"src{i}", publisher="tass-agency") for i in range(draw(st.integers(1, 3)))]
    meetings = []
    for i in range(draw(st.integers(1, 4))):
        cited = draw(st.lists(st.sampled_from([s["id"] for s in sources]), min_size=1, max_size=2, unique=True))
        day = draw(st.sampled_from(["2022-01-10", "2022-01-11"]))
        meetings.append(meeting(id=f"talks-{i}", date=day, location=f"City {i}",
                                reports=[{"source": s, "date": day} for s in cited]))
    statements = [statement(id=f"remark-{i}", meeting=draw(st.sampled_from([m["id"] for m in meetings])),
                            reports=[{"source": sources[0]["id"], "quote": "talks will begin"}])
                  for i in range(draw(st.integers(0, 2)))]
    records = sources + meetings + statements
    if draw(st.booleans()):  # a finding committed long ago, in a file no edit touches
        records.append({"kind": "state", "id": "unrelated-state", "name": "Elsewhere", "bogus_field": 1})
    edits = draw(st.lists(st.tuples(EDITS, st.sampled_from(sources + meetings + statements)), min_size=1,
                                max_size=3))
    return records, edits


def apply(folder: Path, records: list[dict], edits: list[tuple[str, dict]]) -> None:
    for what, record in edits:
        path = folder / "corpus" / f"{record['kind']}s/{record['id']}.yaml"
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if what == "conflicting date" and record["kind"] == "meeting":
            path.write_text(text.replace(f"date: '{record['date']}'\ntimezone", "date: '2022-03-01'\ntimezone"),
                            encoding="utf-8")
        elif what == "rename id":
            path.write_text(text.replace(f"id: {record['id']}\n", f"id: {record['id']}-renamed\n"), encoding="utf-8")
        elif what == "delete":
            path.unlink()
        elif what == "add duplicate":
            put(folder, f"extra/{record['id']}-copy.yaml", record)
        elif what == "break yaml":
            path.write_text(text + "oops: [\n", encoding="utf-8")
        elif what == "unknown field":
            path.write_text(text + "bogus_field: 1\n", encoding="utf-8")
        elif what == "new statement":
            put(folder, "statements/new.yaml", statement(id="new-remark", reports=[{"source": "missing"}]))
        elif what == "change text" and record["kind"] == "source":
            (folder / "corpus" / record["text"]).write_text("Something else.\n", encoding="utf-8")


# `accord` reads captured output afresh on each call, so sharing it between examples is safe
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=corpora())
def test_changed_findings_are_a_full_runs_findings_on_the_files_in_scope(tmp_path_factory, accord, case):
    records, edits = case
    folder = tmp_path_factory.mktemp("repo")
    repository(folder, records)
    apply(folder, records, edits)
    here = os.getcwd()
    os.chdir(folder)
    try:
        files, found, _ = checked(accord, "--changed")
        everything, full, _ = checked(accord)
    finally:
        os.chdir(here)
    changed = {line[3:] for line in git(folder, "status", "--porcelain", "--untracked-files=all").splitlines()}
    changed_yaml = {name for name in changed if name.endswith(".yaml") and (folder / name).exists()}
    assert changed_yaml <= files <= everything
    assert found == restricted(full, files)
    # every finding of the full run about a file that changed is there
    assert restricted(full, changed_yaml) == restricted(found, changed_yaml)
