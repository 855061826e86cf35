"""The CI report formats as CI reads them: SARIF against the official SARIF 2.1.0 schema, JUnit against
its XSD, JSON against accord's published output schema, GitHub annotations that curated text cannot
break; `--output` and colour as a curator at a terminal sees them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import xmlschema
import yaml
from jsonschema import Draft4Validator, Draft202012Validator

from corpus_kit import base_actors, meeting, source

SCHEMAS = Path(__file__).parent / "schemas"
REVIEW_REASON = "Two records: the talks and their second day, kept apart on purpose."


@pytest.fixture
def findings_corpus(project: Path, write) -> Path:
    """An error with another place involved (DATE001), a warning acknowledged by a review (DUP001), a clean
    file, and a file with a syntax error (YAML001, no records)."""
    records = [source("tass"), source("ria", publisher="ria-novosti"),
               meeting(reports=[{"source": "tass", "date": "2022-01-10"}, {"source": "ria", "date": "2022-01-12"}]),
               meeting(id="geneva-talks-2", reports=[{"source": "tass", "date": "2022-01-10"}])]
    write("corpus/records.yaml", yaml.safe_dump(records, sort_keys=False))
    write("corpus/actors.yaml", yaml.safe_dump(base_actors(), sort_keys=False))
    for name in ("tass", "ria"):
        write(f"corpus/sources/{name}.txt", "Talks in Geneva on January 10.\n")
    write("corpus/review.yaml", yaml.safe_dump({
        "kind": "review", "id": "review-geneva-twice", "rule": "DUP001", "records": ["geneva-talks", "geneva-talks-2"],
        "reason": REVIEW_REASON, "reviewed_by": "curators", "reviewed": "2026-12-01"}, sort_keys=False))
    write("corpus/broken.yaml", "kind: state\nid: [oops\n")
    return project


def sarif_of(accord, *args: str) -> dict:
    result = accord("check", "--format", "sarif", *args)
    assert result.code == 1, result.err
    return json.loads(result.out)  # nothing else on standard output


def test_sarif_is_valid_against_the_official_schema(findings_corpus, accord):
    log = sarif_of(accord)
    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    errors = sorted(Draft4Validator(schema).iter_errors(log), key=str)
    assert not errors, errors[0]
    assert log["version"] == "2.1.0"


def test_sarif_rules_carry_the_documentation_of_accord_rule(findings_corpus, accord):
    run = sarif_of(accord)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    assert {"DATE001", "DUP001", "YAML001", "REV001"} <= set(by_id)
    documented = accord("rule", "DATE001").out
    date001 = by_id["DATE001"]
    assert date001["shortDescription"]["text"] in documented.splitlines()[0]
    assert date001["help"]["text"].split("\n\nFix: ")[1] in documented  # the same fix hint
    assert "Bad" in date001["help"]["text"] and "Good" in date001["help"]["text"]
    assert date001["defaultConfiguration"]["level"] == "error"
    assert by_id["DUP001"]["defaultConfiguration"]["level"] == "warning"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_point_at_the_place_and_the_other_side(findings_corpus, accord):
    results = {r["ruleId"]: r for r in sarif_of(accord)["runs"][0]["results"]}
    conflict = results["DATE001"]
    region = conflict["locations"][0]["physicalLocation"]["region"]
    assert conflict["level"] == "error"
    assert conflict["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "corpus/records.yaml", "uriBaseId": "%SRCROOT%"}
    assert (region["startLine"], region["startColumn"]) == (32, 11)
    [other] = conflict["relatedLocations"]
    assert other["physicalLocation"]["region"]["startLine"] == 25  # the record's own date
    assert results["YAML001"]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "corpus/broken.yaml"


def test_an_acknowledged_finding_is_a_suppressed_result_with_the_reviews_reason(findings_corpus, accord):
    results = {r["ruleId"]: r for r in sarif_of(accord)["runs"][0]["results"]}
    assert results["DUP001"]["suppressions"] == [{
        "kind": "external", "status": "accepted", "justification": f"review review-geneva-twice: {REVIEW_REASON}"}]
    assert "suppressions" not in results["DATE001"]


def test_sarif_fingerprints_survive_lines_added_above(findings_corpus, accord):
    before = {r["ruleId"]: r for r in sarif_of(accord)["runs"][0]["results"]}
    records = findings_corpus / "corpus/records.yaml"
    records.write_text("# curated by hand\n# second comment\n" + records.read_text(encoding="utf-8"), encoding="utf-8")
    after = {r["ruleId"]: r for r in sarif_of(accord)["runs"][0]["results"]}
    for code in ("DATE001", "DUP001"):
        line = lambda r: r["locations"][0]["physicalLocation"]["region"]["startLine"]  # noqa: E731
        assert line(after[code]) == line(before[code]) + 2
        assert after[code]["partialFingerprints"] == before[code]["partialFingerprints"]
    assert len({json.dumps(r["partialFingerprints"]) for r in after.values()}) == len(after)


def test_junit_is_valid_against_its_xsd_with_one_case_per_file(findings_corpus, accord):
    result = accord("check", "--format", "junit")
    assert result.code == 1
    xsd = xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd"))
    xsd.validate(result.out)
    document = xsd.to_dict(result.out)
    [suite] = document["testsuite"]
    cases = {case["@name"]: case for case in suite["testcase"]}
    assert set(cases) == {"corpus/actors.yaml", "corpus/broken.yaml", "corpus/records.yaml", "corpus/review.yaml"}
    assert (suite["@tests"], suite["@failures"]) == ("4", "2")
    assert [f["@type"] for f in cases["corpus/records.yaml"]["failure"]] == ["DATE001"]
    assert cases["corpus/records.yaml"]["failure"][0]["$"].startswith("corpus/records.yaml:32:11: DATE001 ")
    assert "DUP001 [warning, acknowledged]" in cases["corpus/records.yaml"]["system-out"][0]
    assert "failure" not in cases["corpus/actors.yaml"]


def test_junit_strict_fails_the_case_of_a_warning(project, write, accord):
    records = [source("tass"), meeting(), meeting(id="geneva-talks-2")]  # a possible duplicate: a warning only
    write("corpus/records.yaml", yaml.safe_dump(records, sort_keys=False))
    write("corpus/actors.yaml", yaml.safe_dump(base_actors(), sort_keys=False))
    write("corpus/sources/tass.txt", "Talks in Geneva on January 10.\n")
    relaxed = xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd")).to_dict(accord("check", "--format", "junit").out)
    strict = accord("check", "--format", "junit", "--strict")
    assert strict.code == 1
    xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd")).validate(strict.out)
    assert relaxed["testsuite"][0]["@failures"] == "0"
    assert xmlschema.XMLSchema(str(SCHEMAS / "junit-10.xsd")).to_dict(strict.out)["testsuite"][0]["@failures"] == "1"


def test_json_is_valid_against_the_published_output_schema(findings_corpus, accord):
    from importlib.resources import files

    schema = json.loads((files("validator") / "output.schema.json").read_text(encoding="utf-8"))  # as installed
    Draft202012Validator.check_schema(schema)
    document = json.loads(accord("check", "--format", "json").out)
    errors = list(Draft202012Validator(schema).iter_errors(document))
    assert not errors, errors[0]
    [dup] = [f for f in document["findings"] if f["code"] == "DUP001"]
    assert dup["acknowledged"] and dup["accepted_by"] == {"kind": "review", "id": "review-geneva-twice",
                                                         "reason": REVIEW_REASON}


def test_github_annotations_carry_file_line_column_and_title(findings_corpus, accord):
    result = accord("check", "--format", "github")
    assert result.code == 1
    *annotations, summary = result.lines
    assert summary.startswith("Found 2 errors")
    [conflict] = [a for a in annotations if "title=DATE001" in a]
    assert conflict.startswith(
        "::error file=corpus/records.yaml,line=32,col=11,endLine=32,endColumn=23,title=DATE001::")
    assert "%0Ahint: " in conflict
    [dup] = [a for a in annotations if "DUP001" in a]
    assert dup.startswith("::notice ") and "title=DUP001 (acknowledged)::" in dup


def test_curated_text_cannot_inject_a_workflow_command(project, write, accord):
    """A field name and a file name that try to end the command and start another are escaped."""
    write("corpus/a,b:c.yaml", 'kind: state\nid: russia\nname: Russia\n"x\\n::error file=evil::pwned %0A": 1\n')
    result = accord("check", "--format", "github")
    assert result.code == 1
    *annotations, summary = result.lines
    assert len(annotations) == 1 and not summary.startswith("::")
    [line] = annotations
    assert line.startswith("::error file=corpus/a%2Cb%3Ac.yaml,line=4,col=1,")
    assert "%0A::error file=evil::pwned %250A" in line
    # as the runner parses it: the properties end at the first '::', and split on ',' into key=value pairs
    properties = dict(pair.split("=", 1) for pair in line[len("::error "):line.index("::", 2)].split(","))
    assert properties == {"file": "corpus/a%2Cb%3Ac.yaml", "line": "4", "col": "1", "endLine": "4",
                          "endColumn": "34", "title": "SCH001"}


def test_output_writes_the_report_and_the_terminal_keeps_the_full_view(findings_corpus, accord, tmp_path):
    out = tmp_path / "accord.sarif"
    result = accord("check", "--format", "sarif", "--output", out)
    assert result.code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "corpus/records.yaml:32:11: DATE001 " in result.out
    assert "  = hint: " in result.out or " = hint: " in result.out  # the code frame's hint
    assert result.lines[-1].startswith("Found 2 errors")


def test_output_to_a_folder_that_does_not_exist_is_a_usage_error(findings_corpus, accord, tmp_path):
    result = accord("check", "--format", "junit", "--output", tmp_path / "no" / "such" / "x.xml")
    assert result.code == 2 and "cannot write the report" in result.err


@pytest.mark.parametrize(("choice", "tty", "no_color", "coloured"), [
    ("auto", True, None, True), ("auto", True, "1", False), ("auto", False, None, False),
    ("always", False, "1", True), ("never", True, None, False)])
def test_colour_only_on_a_terminal_and_never_under_no_color(findings_corpus, accord, monkeypatch,
                                                            choice, tty, no_color, coloured):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: tty, raising=False)
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    result = accord("check", "--color", choice)
    assert ("\x1b[" in result.out) is coloured
    if coloured:
        assert "\x1b[31;1mDATE001\x1b[0m" in result.out


def test_a_report_file_never_holds_colour(findings_corpus, accord, tmp_path):
    out = tmp_path / "report.txt"
    result = accord("check", "--color", "always", "--output", out)
    assert "\x1b[" in result.out and "\x1b[" not in out.read_text(encoding="utf-8")
