"""The official YAML test suite through ``accord check``: every case ends cleanly, every invalid one is an error.

The cases are in ``../shared/yaml-test-suite/`` (one file per case, a manifest saying which must fail to
parse). libyaml accepts 11 of the 94 invalid ones; the conformant parser behind YAML001 catches them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO_ROOT

SUITE = REPO_ROOT.parent / "shared" / "yaml-test-suite"
MANIFEST = SUITE / "manifest.json"
CASES = json.loads(MANIFEST.read_text(encoding="utf-8")) if MANIFEST.exists() else []
pytestmark = pytest.mark.skipif(not CASES, reason=f"the YAML test suite is not at {SUITE}")

# Codes for a file that is not acceptable YAML input; record-level codes (SCH..., REF...) do not count.
INPUT_CODES = ("FILE", "YAML", "REC")


def _check(accord, case: dict) -> tuple[int, list[dict]]:
    result = accord("check", "--format", "json", "--no-progress", SUITE / "cases" / case["file"])
    assert result.code in (0, 1), (case["id"], result.code, result.err)
    assert "Traceback" not in result.err
    return result.code, json.loads(result.out)["findings"]


@pytest.mark.parametrize("case", [c for c in CASES if c["error"]], ids=lambda c: c["id"])
def test_every_invalid_case_is_an_input_error_with_a_position(accord, case):
    code, findings = _check(accord, case)
    errors = [f for f in findings if f["severity"] == "error" and f["code"].startswith(INPUT_CODES)]
    assert code == 1 and errors, (case["id"], case["name"], findings)
    assert errors[0]["line"] is not None or errors[0]["code"].startswith(("FILE", "REC")), errors[0]


@pytest.mark.parametrize("case", [c for c in CASES if not c["error"]], ids=lambda c: c["id"])
def test_every_valid_case_ends_cleanly_and_is_never_called_a_spec_violation(accord, case):
    _, findings = _check(accord, case)
    # Valid YAML may still be refused by policy (aliases, tags, several documents) or by libyaml, but the
    # conformant parser's verdict must never be wrong.
    assert not [f for f in findings if "specification forbids" in f["message"]], (case["id"], findings)


def test_the_whole_suite_in_one_run_of_the_command(tmp_path):
    if not CASES:
        pytest.skip("no suite")
    run = subprocess.run([sys.executable, "-m", "validator", "check", "--format", "json", "--no-progress",
                          str(SUITE / "cases")], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    document = json.loads(run.stdout)
    assert document["summary"]["files"] == len(CASES)
    flagged = {Path(f["path"]).stem for f in document["findings"]
               if f["severity"] == "error" and f["code"].startswith(INPUT_CODES)}
    assert {c["file"].removesuffix(".yaml") for c in CASES if c["error"]} <= flagged
