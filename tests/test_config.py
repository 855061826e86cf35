"""Configuration as a curator writes it: accord.toml or [tool.accord], several corpora, include and
exclude, select/ignore, per-rule severity, per-path overrides; `accord config` says where each value
came from; an unknown key anywhere is an error naming the key and the file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from corpus_kit import base_actors, meeting, source

DUPLICATES = [source("tass"), meeting(), meeting(id="geneva-talks-2")]  # DUP001, a warning


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write) -> Path:
    """A working directory with a corpus holding a possible duplicate (DUP001) and a bad name (SCH003)."""
    write("corpus/actors.yaml", yaml.safe_dump(base_actors(), sort_keys=False))
    write("corpus/sources/tass.txt", "Talks in Geneva on January 10.\n")
    write("corpus/events/records.yaml", yaml.safe_dump(DUPLICATES, sort_keys=False))
    write("corpus/drafts/state.yaml", "kind: state\nid: draft-state\nname: no\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def codes(accord, *args: str) -> list[tuple[str, str, str]]:
    """(code, severity, path) of each finding of `accord check --format json`."""
    import json

    result = accord("check", "--format", "json", *args)
    assert result.code in (0, 1), result.err
    return [(f["code"], f["severity"], f["path"]) for f in json.loads(result.out)["findings"]]


ALL = [("SCH003", "error", "corpus/drafts/state.yaml"), ("DUP001", "warning", "corpus/events/records.yaml")]


def test_accord_toml_is_read_with_top_level_keys(folder, write, accord):
    write("accord.toml", 'corpus = "corpus"\n')
    assert codes(accord) == ALL


def test_accord_toml_beats_pyproject_in_the_same_folder(folder, write, accord):
    write("pyproject.toml", '[tool.accord]\ncorpus = "corpus"\nignore = ["DUP"]\n')
    write("accord.toml", 'corpus = "corpus"\nignore = ["SCH"]\n')
    assert codes(accord) == [ALL[1]]
    assert "accord.toml: ignore" in accord("config").out


def test_a_pyproject_without_tool_accord_is_passed_over(folder, write, accord, monkeypatch):
    write("pyproject.toml", '[tool.accord]\ncorpus = "corpus"\nselect = ["DUP"]\n')
    write("corpus/pyproject.toml", '[project]\nname = "x"\n')
    monkeypatch.chdir(folder / "corpus")
    result = accord("config")
    assert f"# accord configuration: {folder / 'pyproject.toml'}" in result.out


def test_several_corpora_are_one_corpus(folder, write, accord):
    write("more/proposal.yaml", "kind: state\nid: second-state\nname: Second\nbogus: 1\n")
    write("accord.toml", 'corpus = ["corpus", "more"]\n')
    assert codes(accord) == [*ALL, ("SCH001", "error", "more/proposal.yaml")]


def test_include_and_exclude_choose_the_files(folder, write, accord):
    write("accord.toml", 'corpus = "corpus"\nexclude = ["corpus/drafts"]\n')
    assert codes(accord) == [ALL[1]]
    write("accord.toml", 'corpus = "corpus"\ninclude = ["corpus/drafts/*"]\n')
    assert codes(accord) == [ALL[0]]


def test_select_ignore_and_the_command_line_that_beats_them(folder, write, accord):
    write("accord.toml", 'corpus = "corpus"\nselect = ["DUP"]\n')
    assert codes(accord) == [ALL[1]]
    assert codes(accord, "--select", "SCH") == [ALL[0]]
    write("accord.toml", 'corpus = "corpus"\nignore = ["DUP001"]\n')
    assert codes(accord) == [ALL[0]]


def test_per_rule_severity_changes_the_exit_code(folder, write, accord):
    write("accord.toml", 'corpus = "corpus"\nexclude = ["corpus/drafts"]\n')
    assert accord("check").code == 0  # a warning only
    write("accord.toml", 'corpus = "corpus"\nexclude = ["corpus/drafts"]\n[severity]\nDUP001 = "error"\n')
    assert codes(accord) == [("DUP001", "error", "corpus/events/records.yaml")]
    assert accord("check").code == 1


def test_per_path_overrides(folder, write, accord):
    write("pyproject.toml", """\
        [tool.accord]
        corpus = "corpus"

        [[tool.accord.overrides]]
        paths = ["corpus/drafts/*"]
        ignore = ["SCH"]

        [[tool.accord.overrides]]
        paths = ["corpus/events"]
        severity = {DUP001 = "info"}
        """)
    assert codes(accord) == [("DUP001", "info", "corpus/events/records.yaml")]
    assert accord("check").code == 0


def test_accord_config_says_where_each_value_came_from(folder, write, accord):
    write("pyproject.toml", """\
        [tool.accord]
        corpus = "corpus"
        max_depth = 10

        [tool.accord.severity]
        DUP001 = "error"

        [[tool.accord.overrides]]
        paths = ["corpus/drafts/*"]
        ignore = ["SCH"]
        """)
    result = accord("config")
    assert result.code == 0
    lines = [" ".join(line.split()) for line in result.lines]
    assert 'corpus = ["corpus"] # pyproject.toml: tool.accord.corpus' in lines
    assert "max_depth = 10 # pyproject.toml: tool.accord.max_depth" in lines
    assert "max_file_bytes = 10485760 # default" in lines
    assert 'DUP001 = "error" # pyproject.toml: tool.accord.severity.DUP001' in lines
    assert "[[overrides]] # pyproject.toml: tool.accord.overrides[0]" in lines
    # what it prints is itself a valid accord.toml that means the same
    import tomllib
    printed = tomllib.loads(result.out)
    assert printed["severity"] == {"DUP001": "error"} and printed["overrides"][0]["ignore"] == ["SCH"]


@pytest.mark.parametrize(("text", "named"), [
    ('corpus = "corpus"\ncorpuss = "c"\n', "unknown key(s) at the top level: corpuss"),
    ('corpus = "corpus"\n[severity]\nDUP999 = "error"\n', "unknown key(s) in [severity]: DUP999"),
    ('corpus = "corpus"\n[[overrides]]\npaths = ["x"]\nignor = ["DUP"]\n', "unknown key(s) in [overrides[0]]: ignor"),
    ('corpus = "corpus"\n[[overrides]]\npaths = ["x"]\nseverity = {NOPE001 = "error"}\n',
     "unknown key(s) in [overrides[0].severity]: NOPE001"),
    ('corpus = "corpus"\n[severity]\nDUP001 = "fatal"\n', "DUP001 must be one of error, warning, info"),
    ('corpus = "corpus"\n[[overrides]]\nignore = ["DUP"]\n', "needs paths"),
])
def test_a_bad_key_anywhere_is_a_usage_error_naming_key_and_file(folder, write, accord, text, named):
    path = write("accord.toml", text)
    for command in (("check",), ("config",)):
        result = accord(*command)
        assert result.code == 2, result.out
        assert f"{path}: " in result.err and named in result.err, result.err


def test_a_nested_unknown_key_in_pyproject_names_its_table(folder, write, accord):
    path = write("pyproject.toml", '[tool.accord]\ncorpus = "corpus"\n[tool.accord.severity]\nDUP01 = "error"\n')
    result = accord("check")
    assert result.code == 2 and f"{path}: unknown key(s) in [tool.accord.severity]: DUP01" in result.err


def test_config_option_reads_the_given_file(folder, write, accord):
    write("elsewhere/settings.toml", 'corpus = "../corpus"\nselect = ["SCH"]\n')
    assert codes(accord, "--config", "elsewhere/settings.toml") == [ALL[0]]
    result = accord("check", "--config", "nope.toml")
    assert result.code == 2 and "nope.toml: no such configuration file" in result.err
