"""A baseline as a team adopting accord uses it: write today's findings once, then only new findings
fail; lines moving do not matter; an entry whose finding was fixed is reported (BASE001)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from corpus_kit import base_actors, meeting, source


@pytest.fixture
def corpus(project: Path, write) -> Path:
    """Two findings today: a possible duplicate (DUP001, warning) and a wrong type (SCH003, error)."""
    write("corpus/actors.yaml", yaml.safe_dump(base_actors(), sort_keys=False))
    write("corpus/sources/tass.txt", "Talks in Geneva on January 10.\n")
    write("corpus/records.yaml", yaml.safe_dump([source("tass"), meeting(), meeting(id="geneva-talks-2")],
                                                sort_keys=False))
    write("corpus/state.yaml", "kind: state\nid: draft-state\nname: no\n")
    return project


def findings(accord, *args: str) -> list[dict]:
    result = accord("check", "--format", "json", *args)
    assert result.code in (0, 1), result.err
    return json.loads(result.out)["findings"]


def test_only_new_findings_fail(corpus, accord, write):
    written = accord("check", "--write-baseline", "baseline.json")
    assert written.code == 0 and "wrote 2 finding(s) to the baseline baseline.json" in written.err
    result = accord("check", "--baseline", "baseline.json", "--format", "concise")
    assert result.code == 0
    assert result.finding_lines() == [
        "corpus/records.yaml:24:7: DUP001 [warning, baseline] possible duplicate of geneva-talks at "
        "corpus/records.yaml:10:7: both talks in Geneva, dated 2022-01-10 and 2022-01-10, with russia, united-states",
        "corpus/state.yaml:3:7: SCH003 [baseline] `name` must be text, but YAML reads the unquoted 'no' as the "
        "boolean false"]
    assert result.lines[-1].endswith("no problems (2 more in the baseline).")
    write("corpus/new.yaml", "kind: state\nid: new-state\nname: yes\n")
    result = accord("check", "--baseline", "baseline.json", "--format", "concise")
    assert result.code == 1
    assert [line for line in result.finding_lines() if "baseline]" not in line] == [
        "corpus/new.yaml:3:7: SCH003 `name` must be text, but YAML reads the unquoted 'yes' as the boolean true"]


def test_entries_are_keyed_by_code_and_records_not_lines(corpus, accord, write):
    accord("check", "--write-baseline", "baseline.json")
    entries = json.loads(Path("baseline.json").read_text(encoding="utf-8"))["findings"]
    assert [(e["code"], e["records"], e["path"]) for e in entries] == [
        ("DUP001", ["geneva-talks", "geneva-talks-2"], "corpus/records.yaml"),
        ("SCH003", ["draft-state"], "corpus/state.yaml")]
    assert all("line" not in e for e in entries)
    records = Path("corpus/records.yaml")
    records.write_text("# a comment\n\n" + records.read_text(encoding="utf-8"), encoding="utf-8")
    found = findings(accord, "--baseline", "baseline.json")
    assert [(f["code"], f["line"], f["acknowledged"], f["accepted_by"]) for f in found] == [
        ("DUP001", 26, True, {"kind": "baseline", "id": "baseline.json", "reason": ""}),
        ("SCH003", 3, True, {"kind": "baseline", "id": "baseline.json", "reason": ""})]


def test_a_fixed_finding_leaves_a_stale_entry_reported_at_its_line(corpus, accord, write):
    accord("check", "--write-baseline", "baseline.json")
    write("corpus/state.yaml", "kind: state\nid: draft-state\nname: Draft\n")
    result = accord("check", "--baseline", "baseline.json", "--format", "concise")
    assert result.code == 0  # a warning
    assert "baseline.json:5:1: BASE001 [warning] baseline entry SCH003 on draft-state matches no finding any more" \
        in result.finding_lines()
    assert accord("check", "--baseline", "baseline.json", "--strict").code == 1
    # written again, the baseline drops the entry
    accord("check", "--write-baseline", "baseline.json")
    assert [f["code"] for f in findings(accord, "--baseline", "baseline.json")] == ["DUP001"]


def test_a_stale_entry_about_a_file_not_checked_is_not_reported(corpus, accord, write):
    accord("check", "--write-baseline", "baseline.json")
    write("corpus/state.yaml", "kind: state\nid: draft-state\nname: Draft\n")
    result = accord("check", "--baseline", "baseline.json", "corpus/records.yaml", "--format", "concise")
    assert result.code == 0 and not any("BASE001" in line for line in result.finding_lines())


def test_two_findings_of_one_identity_need_two_entries(project, write, accord):
    write("corpus/a.yaml", "kind: state\nid: a\nname: A\nbogus: 1\n")
    accord("check", "--write-baseline", "baseline.json")
    write("corpus/a.yaml", "kind: state\nid: a\nname: A\nbogus: 1\nother: 2\n")  # a second SCH001 on record a
    result = accord("check", "--baseline", "baseline.json", "--format", "concise")
    assert result.code == 1
    assert [line.split(" ")[:3] for line in result.finding_lines()] == [
        ["corpus/a.yaml:4:1:", "SCH001", "[baseline]"], ["corpus/a.yaml:5:1:", "SCH001", "unknown"]]


@pytest.mark.parametrize("content", ["not json", '{"findings": []}',
                                     '{"accord_baseline": 1, "findings": [{"code": 1}]}'])
def test_a_bad_baseline_is_a_usage_error(corpus, accord, write, content):
    write("baseline.json", content)
    result = accord("check", "--baseline", "baseline.json")
    assert result.code == 2 and "baseline.json" in result.err and result.out == ""


def test_a_missing_baseline_is_a_usage_error(corpus, accord):
    result = accord("check", "--baseline", "nope.json")
    assert result.code == 2 and "nope.json: cannot read the baseline" in result.err


def test_baseline_and_write_baseline_do_not_go_together(corpus, accord):
    assert accord("check", "--baseline", "a.json", "--write-baseline", "b.json").code == 2


def test_baselined_findings_are_suppressed_in_sarif_and_notices_in_github(corpus, accord):
    accord("check", "--write-baseline", "baseline.json")
    log = json.loads(accord("check", "--baseline", "baseline.json", "--format", "sarif").out)
    suppressions = [r.get("suppressions") for r in log["runs"][0]["results"]]
    assert suppressions == [[{"kind": "external", "status": "accepted",
                              "justification": "in the baseline baseline.json"}]] * 2
    annotations = accord("check", "--baseline", "baseline.json", "--format", "github").lines[:-1]
    assert [a.split(" ", 1)[0] for a in annotations] == ["::notice", "::notice"]
    assert all("(baseline)::" in a for a in annotations)
