"""The real corpus passes `accord check`, and the README's example output is what accord prints."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT
from schema.records import RECORD_MODELS
import validator.baseline  # noqa: F401  (registers BASE001)
import validator.reviews  # noqa: F401  (registers the REV codes)
import validator.rules  # noqa: F401  (registers the rules' codes)
from validator.codes import CODES


def _accord(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "validator", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


def test_the_corpus_passes_accord_check():
    result = _accord("check", "corpus_yaml", "--format", "json", "--no-progress")
    document = json.loads(result.stdout)
    errors = [f"{f['path']}:{f['line']}:{f['column']}: {f['code']} {f['message']}"
              for f in document["findings"] if f["severity"] == "error"]
    assert (result.returncode, errors) == (0, []), "\n".join(errors) or result.stderr
    assert document["summary"]["records"] > 0, "corpus_yaml/ holds no record"


def test_the_corpus_lists_the_source_disagreements_as_acknowledged():
    """The rules find Geneva's "January 9-10" against January 10 and the call's 30 against 31 December (Moscow
    time); the corpus keeps both reports and reviews them, so they are listed but do not fail the run."""
    document = json.loads(_accord("check", "corpus_yaml", "--format", "json", "--no-progress").stdout)
    shown = {(f["code"], tuple(f["records"]), f["acknowledged"]) for f in document["findings"]}
    assert ("DATE002", ("geneva-talks-2022-01-10", "vpk-ria-2022-01-14-lavrov-balance-of-interests"), True) in shown
    assert ("DATE003", ("putin-biden-call-2021-12-30", "tass-2022-01-10-stoltenberg-conflict-prevention"),
            True) in shown
    assert [f for f in document["findings"] if not f["acknowledged"]] == []


def test_accord_check_without_arguments_checks_the_configured_corpus():
    default = _accord("check", "--format", "concise", "--no-progress")
    explicit = _accord("check", "corpus_yaml", "--format", "concise", "--no-progress")
    assert (default.returncode, default.stdout) == (explicit.returncode, explicit.stdout)


# --- the README ------------------------------------------------------------------------------------------

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_example_output_is_what_accord_prints(tmp_path):
    """The README shows a finding with its code frame: a file with that line gives exactly that output."""
    blocks = re.findall(r"```text\n(.*?)```", README, flags=re.S)
    [example] = [b for b in blocks if re.match(r"^\S+\.yaml:\d+:\d+: [A-Z]+\d{3} ", b)]
    first = example.splitlines()[0]
    path, line, _column = re.match(r"^(\S+\.yaml):(\d+):(\d+): ", first).groups()
    shown = example.splitlines()[2].split(" | ", 1)[1]  # the source line in the frame
    records = ["kind: meeting", "id: geneva-talks-2022-01-10", "title: Russia-US security talks",
               "meeting_type: talks", "status: held", "reports:", "  - source: ria-2021-12-30"]
    records.insert(int(line) - 1, shown)
    target = tmp_path / path
    target.parent.mkdir(parents=True)
    target.write_text("\n".join(records) + "\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.accord]\ncorpus = "corpus_yaml"\n', encoding="utf-8")
    result = _accord("check", cwd=tmp_path)
    assert result.returncode == 1
    assert example in result.stdout, result.stdout


def test_every_code_in_the_readme_table_exists():
    documented = re.findall(r"^\| ([A-Z]+\d{3}) \|", README, flags=re.M)
    assert documented, "the README has no table of codes"
    assert [name for name in documented if name not in CODES] == []


@pytest.mark.parametrize("kind", sorted(RECORD_MODELS))
def test_every_kind_is_named_in_the_readme(kind):
    assert f"`{kind}`" in README.split("## The records", 1)[-1]


def test_every_code_accord_has_is_in_the_readme_table():
    documented = set(re.findall(r"^\| ([A-Z]+\d{3}) \|", README, flags=re.M))
    assert sorted(set(CODES) - documented) == []
