"""The ``accord`` command as a curator and CI use it: what is printed, where it points, how it exits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from schema.export import all_schemas, record_schema
from schema.records import RECORD_MODELS
from validator import __version__

ORGS = """\
- kind: organization
  id: ria-novosti
  name: RIA Novosti
- kind: state
  id: russia
  name: Russia
  iso_code: RU
- kind: state
  id: united-states
  name: United States
- kind: person
  id: lavrov-sergei
  name: Sergei Lavrov
  state: russia
"""

SOURCE = """\
kind: source
id: ria-2022-01-10
title: Russia-US talks begin in Geneva
publisher: ria-novosti
published: 2022-01-10
timezone: Europe/Moscow
language: en
text: sources/ria-2022-01-10.txt
"""

MEETING = """\
kind: meeting
id: geneva-talks
title: Russia-US security talks
meeting_type: talks
participants: [russia, united-states]
date: 2022-01-10
timezone: Europe/Zurich
status: held
reports:
  - source: ria-2022-01-10
    date: 2022-01-10
    quote: The talks began in Geneva.
"""

STATEMENT = """\
kind: statement
id: lavrov-on-talks
speaker: lavrov-sergei
date: 2022-01-10
timezone: Europe/Moscow
setting: press_conference
summary: Lavrov said the talks had begun.
reports:
  - source: ria-2022-01-10
"""


@pytest.fixture
def clean(project: Path, write) -> Path:
    """A clean corpus: one file holding a list, files holding one mapping, a source with its text."""
    write("corpus/actors.yaml", ORGS)
    write("corpus/sources/ria-2022-01-10.yaml", SOURCE)
    write("corpus/sources/ria-2022-01-10.txt", "GENEVA, January 10. The talks began in Geneva.\n")
    write("corpus/meetings/geneva-talks.yml", MEETING)
    write("corpus/statements/lavrov-on-talks.yaml", STATEMENT)
    return project


def concise(accord, *args: str):
    result = accord("check", "--format", "concise", *args)
    return result, result.finding_lines()


# --- a clean corpus ---------------------------------------------------------------------------------

def test_a_clean_corpus_exits_0(clean, accord):
    result = accord("check")
    assert result.code == 0, result.out
    assert result.lines == ["All good: checked 7 records in 4 files, no problems."]


def test_one_mapping_and_a_list_both_work(clean, accord):
    result = accord("check", "corpus/actors.yaml", "corpus/meetings/geneva-talks.yml", "corpus/sources")
    assert (result.code, result.lines) == (0, ["All good: checked 6 records in 3 files, no problems."])


def test_a_clean_corpus_as_json(clean, accord):
    result = accord("check", "--format", "json")
    assert result.code == 0
    document = json.loads(result.out)
    assert document["findings"] == []
    assert {k: document["summary"][k] for k in ("files", "records", "errors", "warnings")} == \
        {"files": 4, "records": 7, "errors": 0, "warnings": 0}


# --- the mistakes a curator makes, as the curator sees them ----------------------------------------

CASES = {
    "bad date": (
        {"corpus/m.yaml": MEETING.replace("date: 2022-01-10\ntimezone", "date: 2022-02-30\ntimezone")},
        ["corpus/m.yaml:6:7: SCH005 `date`: '2022-02-30': February 2022 has 28 days, so there is no day 30"]),
    "unknown field": (
        {"corpus/m.yaml": MEETING.replace("status: held", "stauts: held")},
        ["corpus/m.yaml:1:1: SCH002 missing required field `status` in this meeting",
         "corpus/m.yaml:8:1: SCH001 unknown field `stauts` in this meeting (did you mean 'status'?)"]),
    "wrong type": (
        {"corpus/m.yaml": MEETING.replace("title: Russia-US security talks", "title: no")},
        ["corpus/m.yaml:3:8: SCH003 `title` must be text, but YAML reads the unquoted 'no' as the boolean false"]),
    "duplicate key": (  # the record still validates, so the corpus rules see it: give it what it names
        {"corpus/m.yaml": MEETING.replace("status: held", "status: held\nlocation: Geneva\nstatus: scheduled"),
         "corpus/actors.yaml": ORGS, "corpus/src.yaml": SOURCE,
         "corpus/sources/ria-2022-01-10.txt": "The talks began in Geneva.\n"},
        ["corpus/m.yaml:10:1: YAML002 key 'status' appears twice in one mapping (first at line 8); "
         "only this last value would be kept"]),
    "missing required field": (
        {"corpus/m.yaml": MEETING.replace("meeting_type: talks\n", "")},
        ["corpus/m.yaml:1:1: SCH002 missing required field `meeting_type` in this meeting"]),
    "missing kind": (
        {"corpus/m.yaml": MEETING.replace("kind: meeting\n", "")},
        ["corpus/m.yaml:1:1: SCH006 the record has no `kind`; expected one of: "
         + ", ".join(RECORD_MODELS)]),
    "unknown kind": (
        {"corpus/m.yaml": MEETING.replace("kind: meeting", "kind: meetings")},
        ["corpus/m.yaml:1:7: SCH006 `kind` is the text 'meetings'; expected one of: "
         + ", ".join(RECORD_MODELS) + " (did you mean 'meeting'?)"]),
    "invalid id": (
        {"corpus/m.yaml": MEETING.replace("id: geneva-talks", "id: Geneva_Talks")},
        ["corpus/m.yaml:2:5: SCH004 `id` is the text 'Geneva_Talks', which is not an id (it contains U+0047 LATIN "
         "CAPITAL LETTER G, U+0054 LATIN CAPITAL LETTER T): ids are lower-case ASCII letters and digits joined by "
         "'-' or '_'"]),
    "statement without quote or summary": (
        {"corpus/s.yaml": STATEMENT.replace("summary: Lavrov said the talks had begun.\n", "")},
        ["corpus/s.yaml:1:1: SCH007 this statement is invalid: a statement needs a `quote` (verbatim), a `summary`, "
         "or both"]),
    "source text missing": (
        {"corpus/src.yaml": SOURCE, "corpus/actors.yaml": ORGS},
        ["corpus/src.yaml:8:7: SRC001 text file 'sources/ria-2022-01-10.txt' does not exist under the corpus root "
         "'{root}'"]),
    "yaml syntax error": (
        {"corpus/m.yaml": MEETING.replace("participants: [russia, united-states]", "participants: [russia, united-states")},
        ["corpus/m.yaml:6:5: YAML001 did not find expected ',' or ']' (while parsing a flow sequence)"]),
    "empty file": (
        {"corpus/empty.yaml": ""},
        ["corpus/empty.yaml:1:1: REC001 the file holds no record (it is empty or only comments)"]),
    "top-level scalar": (
        {"corpus/scalar.yaml": "just some text\n"},
        ["corpus/scalar.yaml:1:1: REC002 the file holds a single str value, not a record or a list of records"]),
    "invalid utf-8": (
        {"corpus/m.yaml": MEETING.replace("Russia-US security talks", "Russia-US talks \udcff").encode(
            "utf-8", "surrogateescape")},
        ["corpus/m.yaml:3:24: FILE002 byte 54 (0xff) is not valid UTF-8"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_mistake_is_one_line_with_its_code_and_place(case, project, write, accord):
    files, expected = CASES[case]
    for name, content in files.items():
        write(name, content)
    result, lines = concise(accord)
    root = str((project / "corpus").resolve())
    assert lines == [line.format(root=root) for line in expected], result.out
    assert result.code == 1
    assert result.lines[-1].startswith(f"Found {len(expected)} error")


def test_a_source_with_its_text_file_is_clean(project, write, accord):
    write("corpus/actors.yaml", ORGS)
    write("corpus/src.yaml", SOURCE)
    write("corpus/sources/ria-2022-01-10.txt", "text\n")
    result, lines = concise(accord)
    assert (result.code, lines) == (0, [])


def test_a_duplicate_id_across_two_files_names_both_places(project, write, accord):
    write("corpus/a.yaml", ORGS)
    write("corpus/b.yaml", "kind: organization\nid: russia\nname: Government of Russia\n")
    result, lines = concise(accord)
    assert result.code == 1
    assert lines == ["corpus/b.yaml:2:5: ID001 id 'russia' is already used by the record at corpus/a.yaml:5:7"]

    document = json.loads(accord("check", "--format", "json").out)
    [finding] = document["findings"]
    assert (finding["code"], finding["path"], finding["line"], finding["column"]) == ("ID001", "corpus/b.yaml", 2, 5)
    assert finding["records"] == ["russia"]
    assert finding["locations"] == [{"path": "corpus/b.yaml", "line": 2, "column": 5},
                                    {"path": "corpus/a.yaml", "line": 5, "column": 7}]


def test_a_duplicate_id_within_one_file_names_the_first(project, write, accord):
    write("corpus/a.yaml", ORGS + "- kind: organization\n  id: russia\n  name: Government of Russia\n")
    result, lines = concise(accord)
    assert (result.code, lines) == (1, ["corpus/a.yaml:16:7: ID001 id 'russia' is already used by the record at "
                                        "corpus/a.yaml:5:7"])


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_source_text_that_leads_outside_the_corpus_is_src001(project, write, accord):
    write("secret.txt", "not part of the corpus\n")
    write("corpus/actors.yaml", ORGS)
    write("corpus/src.yaml", SOURCE)
    (project / "corpus" / "sources").mkdir()
    (project / "corpus" / "sources" / "ria-2022-01-10.txt").symlink_to(project / "secret.txt")
    result, lines = concise(accord)
    assert result.code == 1
    assert lines == [f"corpus/src.yaml:8:7: SRC001 text path 'sources/ria-2022-01-10.txt' leads outside the corpus "
                     f"root '{(project / 'corpus').resolve()}'"]


def test_a_duplicate_id_is_found_even_when_one_record_has_other_errors(project, write, accord):
    write("corpus/a.yaml", "kind: state\nid: russia\nname: Russia\n")
    write("corpus/b.yaml", "kind: state\nid: russia\nname: no\n")
    _, lines = concise(accord)
    assert [line.split(" ")[:2] for line in lines] == [["corpus/b.yaml:2:5:", "ID001"], ["corpus/b.yaml:3:7:", "SCH003"]]


def test_the_full_format_shows_a_code_frame_and_a_hint(project, write, accord):
    write("corpus/m.yaml", MEETING.replace("title: Russia-US security talks", "title: no"))
    result = accord("check")
    assert result.code == 1
    assert result.out == (
        "corpus/m.yaml:3:8: SCH003 `title` must be text, but YAML reads the unquoted 'no' as the boolean false\n"
        "  |\n"
        "3 | title: no\n"
        "  |        ^^\n"
        "  = hint: put the value in quotes: 'no'\n"
        "\n"
        "Found 1 error in 1 record in 1 file.\n"
    )


def test_the_code_frame_of_a_crlf_file_shows_the_line_without_its_carriage_return(project, write, accord):
    write("corpus/m.yaml", "kind: state\r\nid: x\r\nname: no\r\n")
    lines = accord("check").out.split("\n")
    assert lines[0].startswith("corpus/m.yaml:3:7: SCH003 ")
    assert lines[1:4] == ["  |", "3 | name: no", "  |       ^^"]


def test_the_code_frame_underlines_a_bad_date(project, write, accord):
    write("corpus/m.yaml", MEETING.replace("date: 2022-01-10\ntimezone", "date: '2022-02-30'\ntimezone"))
    lines = accord("check").lines
    assert lines[1:4] == ["  |", "6 | date: '2022-02-30'", "  |       ^^^^^^^^^^^^"]


def test_findings_are_sorted_by_file_line_and_column(project, write, accord):
    write("corpus/b.yaml", "kind: state\nid: b\nname: no\nnmae: x\n")
    write("corpus/a.yaml", "kind: state\nid: A\nname: yes\n")
    _, lines = concise(accord)
    assert [line.split(" ")[0] for line in lines] == ["corpus/a.yaml:2:5:", "corpus/a.yaml:3:7:",
                                                      "corpus/b.yaml:3:7:", "corpus/b.yaml:4:1:"]


@pytest.mark.parametrize("date", ["9999-12-31T23:59Z", "0001-01-01T00:00+05:00"])
def test_a_valid_date_at_the_edge_of_the_calendar_does_not_crash_the_check(project, write, accord, date):
    write("corpus/src.yaml", SOURCE)
    write("corpus/sources/ria-2022-01-10.txt", "text\n")
    write("corpus/m.yaml", MEETING.replace("date: 2022-01-10", f"date: {date}"))
    try:
        result = accord("check", "--format", "concise")
    except Exception as exc:  # noqa: BLE001  (the finding is the crash itself)
        pytest.fail(f"accord check crashed: {type(exc).__name__}: {exc}")
    assert result.code in (0, 1)
    assert result.lines[-1].startswith(("All good", "Found"))
    assert not [line for line in result.finding_lines() if " SCH" in line]  # the value is valid


# --- JSON ------------------------------------------------------------------------------------------------

def test_the_json_document_shape(project, write, accord):
    write("corpus/m.yaml", MEETING.replace("status: held", "status: hled"))
    result = accord("check", "--format", "json")
    assert result.code == 1
    document = json.loads(result.out)
    assert set(document) >= {"findings", "summary"}
    [finding] = document["findings"]
    assert set(finding) >= {"code", "severity", "message", "path", "line", "column", "records", "hint", "locations"}
    assert (finding["code"], finding["severity"], finding["path"], finding["line"], finding["column"]) == \
        ("SCH004", "error", "corpus/m.yaml", 8, 9)
    assert finding["records"] == ["geneva-talks"]
    assert finding["message"].endswith("(did you mean 'held'?)")
    assert finding["locations"] == [{"path": "corpus/m.yaml", "line": 8, "column": 9}]
    summary = document["summary"]
    assert set(summary) >= {"files", "records", "errors", "warnings", "infos"}
    assert (summary["files"], summary["records"], summary["errors"]) == (1, 1, 1)


# --- usage and exit codes --------------------------------------------------------------------------------

def test_a_missing_path_exits_2(project, accord):
    result = accord("check", "corpus/nope.yaml")
    assert result.code == 2
    assert "no such file or directory: corpus/nope.yaml" in result.err
    assert result.out == ""


def test_a_missing_default_corpus_exits_2_with_a_hint(tmp_path, monkeypatch, accord):
    (tmp_path / "pyproject.toml").write_text('[tool.accord]\ncorpus = "records"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = accord("check")
    assert result.code == 2
    assert "[tool.accord] corpus" in result.err


@pytest.mark.parametrize("args", [("check", "--bogus"), ("--bogus",), ("check", "--format", "xml"), ("frobnicate",)])
def test_an_unknown_option_or_command_exits_2(project, accord, args):
    result = accord(*args)
    assert result.code == 2
    assert "usage: accord" in result.err


def test_no_subcommand_exits_2_with_usage(project, accord):
    result = accord()
    assert result.code == 2
    assert "usage: accord" in result.err


def test_version_is_the_project_version(accord, repo_root):
    """The version lives in validator/__init__.py, which the build reads (pyproject's dynamic version): the
    installed package's metadata says the same, and the command answers without reading it."""
    import tomllib
    from importlib.metadata import version

    project = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "validator.__version__"}
    result = accord("--version")
    assert result.code == 0
    assert result.out.strip() == f"accord {version('accord')}" == f"accord {__version__}"


def test_the_command_starts_without_the_pipeline():
    # `accord --version` and `--help` answer at once: the models, the parsers and the rules are imported
    # only by the commands that use them (lazy imports; start-up was 0.24 s with them, 0.07 s without).
    code = ("import sys, validator.cli; heavy = sorted(m for m in ('pydantic', 'yaml_rs', 'validator.run', "
            "'validator.rules', 'schema.records', 'importlib.metadata') if m in sys.modules); print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_bad_configuration_exits_2(tmp_path, monkeypatch, accord):
    (tmp_path / "pyproject.toml").write_text('[tool.accord]\ncorpus = "c"\ncorpuss = "d"\n', encoding="utf-8")
    (tmp_path / "c").mkdir()
    monkeypatch.chdir(tmp_path)
    result = accord("check")
    assert result.code == 2
    assert "unknown key(s) in [tool.accord]: corpuss" in result.err


# --- configuration and discovery -------------------------------------------------------------------------

def test_the_default_corpus_comes_from_the_nearest_pyproject(project, write, accord, monkeypatch):
    write("corpus/bad.yaml", "kind: state\nid: x\nname: no\n")
    write("elsewhere/also-bad.yaml", "kind: state\nid: y\nname: no\n")  # not in the corpus: not checked
    result, lines = concise(accord)
    assert (result.code, [line.split(" ")[0] for line in lines]) == (1, ["corpus/bad.yaml:3:7:"])
    # From a folder below, the same pyproject.toml is found; paths are shown relative to where we are.
    (project / "elsewhere").mkdir(exist_ok=True)
    monkeypatch.chdir(project / "elsewhere")
    result, lines = concise(accord)
    assert (result.code, [line.split(" ")[0] for line in lines]) == (1, [f"{project / 'corpus' / 'bad.yaml'}:3:7:"])


def test_without_a_pyproject_the_default_corpus_is_corpus_yaml(tmp_path, monkeypatch, write, accord):
    write("corpus_yaml/a.yaml", "kind: state\nid: x\nname: X\n")
    monkeypatch.chdir(tmp_path)
    result = accord("check")
    assert (result.code, result.lines) == (0, ["All good: checked 1 record in 1 file, no problems."])


def test_directories_are_walked_for_yaml_files_only_skipping_hidden_ones(project, write, accord):
    write("corpus/a.yaml", "kind: state\nid: a\nname: A\n")
    write("corpus/deep/er/b.yml", "kind: state\nid: b\nname: B\n")
    write("corpus/notes.txt", "kind: nonsense\n")
    write("corpus/.hidden.yaml", "kind: nonsense\n")
    write("corpus/.git/c.yaml", "kind: nonsense\n")
    write("corpus/README.md", "# corpus\n")
    result = accord("check")
    assert (result.code, result.lines) == (0, ["All good: checked 2 records in 2 files, no problems."])


def test_extensions_are_configurable(tmp_path, monkeypatch, write, accord):
    write("pyproject.toml", '[tool.accord]\ncorpus = "c"\nextensions = [".rec"]\n')
    write("c/a.rec", "kind: state\nid: a\nname: no\n")
    write("c/b.yaml", "kind: nonsense\n")
    monkeypatch.chdir(tmp_path)
    result, lines = concise(accord)
    assert (result.code, [line.split(" ")[:2] for line in lines]) == (1, [["c/a.rec:3:7:", "SCH003"]])


def test_a_file_given_twice_is_checked_once(project, write, accord):
    write("corpus/a.yaml", "kind: state\nid: a\nname: A\n")
    result = accord("check", "corpus/a.yaml", "corpus/a.yaml", "corpus")
    assert (result.code, result.lines) == (0, ["All good: checked 1 record in 1 file, no problems."])


# --- schema ----------------------------------------------------------------------------------------------

def test_schema_prints_the_record_schema(accord):
    result = accord("schema")
    assert result.code == 0
    schema = json.loads(result.out)
    Draft202012Validator.check_schema(schema)
    assert schema == record_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_out_writes_one_file_per_kind_and_the_record_and_file_schemas(tmp_path, accord):
    out = tmp_path / "schemas"
    result = accord("schema", "--out", str(out))
    assert result.code == 0
    expected = {f"{kind}.schema.json" for kind in RECORD_MODELS} | {"record.schema.json", "file.schema.json"}
    assert {p.name for p in out.iterdir()} == expected | {"catalog.json"}
    assert sorted(result.lines) == sorted(str(out / name) for name in expected | {"catalog.json"})
    for path in out.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema == all_schemas()[path.name]


def test_schema_out_into_a_file_exits_2(tmp_path, accord):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    result = accord("schema", "--out", str(blocker / "sub"))
    assert result.code == 2
    assert "cannot write schemas" in result.err


# --- the same through the module and the console script ----------------------------------------------------

def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=60)


ACCORD_SCRIPT = Path(sys.executable).parent / ("accord.exe" if os.name == "nt" else "accord")


@pytest.mark.parametrize("args", [["check", "--format", "concise"], ["check", "--format", "json"], ["--version"],
                                  ["check", "corpus/missing"], []])
def test_python_m_validator_behaves_like_accord(project, write, args):
    write("corpus/a.yaml", "kind: state\nid: a\nname: no\n")
    write("corpus/b.yaml", ORGS)
    module = _run([sys.executable, "-m", "validator", *args], project)
    expected_code = {"check": 1, "--version": 0}.get(args[0] if args else "", 2)
    if args[1:2] == ["corpus/missing"]:
        expected_code = 2
    assert module.returncode == expected_code, module.stderr
    if ACCORD_SCRIPT.exists():
        script = _run([str(ACCORD_SCRIPT), *args], project)
        assert (script.returncode, script.stdout, script.stderr) == \
            (module.returncode, module.stdout, module.stderr.replace("__main__.py", "accord"))


# --- checking some files of the corpus (a pre-commit hook passes the changed ones) ------------------------

def test_one_file_of_the_corpus_is_checked_against_the_whole_corpus(clean, write, accord):
    write("corpus/broken.yaml", "kind: state\nid: broken\nname: no\n")  # an error in another file
    result = accord("check", "--format", "concise", "corpus/meetings/geneva-talks.yml")
    assert (result.code, result.lines) == (0, ["All good: checked 1 record in 1 file, no problems."])


def test_a_finding_that_involves_the_checked_file_and_another_is_reported(clean, write, accord):
    write("corpus/new.yaml", "kind: state\nid: russia\nname: Russian Federation\n")
    result, lines = concise(accord, "corpus/new.yaml")
    assert result.code == 1
    assert lines == ["corpus/new.yaml:2:5: ID001 id 'russia' is already used by the record at corpus/actors.yaml:5:7"]


def test_a_file_outside_the_corpus_is_checked_on_its_own(clean, write, accord):
    write("elsewhere/m.yaml", MEETING)
    _, lines = concise(accord, "elsewhere/m.yaml")
    assert [line.split(" ")[1] for line in lines] == ["REF001"] * 3


def test_select_and_ignore_on_the_command_line_choose_the_codes_reported(project, write, accord):
    write("corpus/m.yaml", MEETING)  # names three ids that no record has
    write("corpus/s.yaml", "kind: state\nid: russia-2\nname: no\n")
    _, lines = concise(accord)
    assert sorted({line.split(" ")[1] for line in lines}) == ["REF001", "SCH003"]
    _, lines = concise(accord, "--select", "sch")
    assert [line.split(" ")[1] for line in lines] == ["SCH003"]
    _, lines = concise(accord, "--ignore", "SCH003,REF")
    assert lines == []
    assert accord("check", "--select", "DATE;REF").code == 2


def test_progress_hears_of_every_file_then_of_every_rule(clean):
    from validator.rules import RULES
    from validator.run import check, discover

    heard: list[tuple[int, int, str]] = []
    check(discover([clean / "corpus"], clean / "corpus", (".yaml", ".yml")), lambda *event: heard.append(event))
    files = [event for event in heard if event[2] == "files"]
    rules = [event for event in heard if event[2] != "files"]
    assert files == [(n, 4, "files") for n in range(1, 5)]
    assert [name for _, _, name in rules] == [*RULES, "done"]
    assert rules[-1][:2] == (len(RULES), len(RULES))


def test_every_code_has_documentation_with_a_bad_and_a_good_example(accord):
    from validator.cli import _all_codes

    for name in _all_codes():
        result = accord("rule", name.lower())
        # an info finding is not a mistake: its documentation shows what is reported instead
        example = ("Bad" in result.out and "Good" in result.out) or "(info)" in result.out and "Reported" in result.out
        assert result.code == 0 and example, name
        assert result.out.startswith(f"{name} (") and "\nFix: " in result.out, name
