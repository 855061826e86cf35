"""Detection on a corpus accord was not written for: real events of the period that are not in the seed
articles (tests/detection_corpus/corpus), with the inconsistencies planted in it and the compatible
statements that must stay quiet listed in tests/detection_corpus/expected.yaml.

Run with ``-s`` to see the figures: ``.venv/bin/python -m pytest tests/test_detection_corpus.py -s -q``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from validator.run import CheckResult, check, discover

HERE = Path(__file__).parent / "detection_corpus"
CORPUS = HERE / "corpus"
EXPECTED = yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def result() -> CheckResult:
    return check(discover([CORPUS], CORPUS, (".yaml",)))


def _where(found) -> str:
    return f"{Path(found.location.path).resolve().relative_to(CORPUS.resolve())}:" \
           f"{found.location.line}:{found.location.column}"


def _key(code: str, records) -> tuple[str, frozenset[str]]:
    return code, frozenset(records)


def test_the_manifest_covers_every_family() -> None:
    planted = EXPECTED["planted"]
    assert len(planted) >= 12 and len(EXPECTED["quiet"]) >= 7
    families = {p["code"] for p in planted}
    assert families >= {"DATE001", "DATE002", "DATE004", "DATE005", "TIME001", "TIME002", "TIME003", "TIME004",
                        "TIME005", "TIME006", "TIME007", "ATTR001", "ATTR002", "ATTR003", "ATTR004", "ATTR006",
                        "ROLE001", "DUP001", "REF001", "REF003", "QUOTE003"}


def test_full_recall_and_no_false_alarm(result: CheckResult) -> None:
    found = {_key(f.code, f.records): f for f in result.findings}
    planted = {_key(p["code"], p["records"]): p for p in EXPECTED["planted"]}
    missed = [p for key, p in planted.items() if key not in found]
    misplaced = [(p["code"], p["at"], _where(found[key])) for key, p in planted.items()
                 if key in found and _where(found[key]) != p["at"]]
    false_alarms = [f"{_where(f)} {f.code} {f.message}" for key, f in found.items() if key not in planted]
    recall = (len(planted) - len(missed)) / len(planted)
    print(f"\ndetection corpus: {len(planted) - len(missed)}/{len(planted)} planted found (recall {recall:.0%}), "
          f"{len(false_alarms)} false alarm(s), {len(EXPECTED['quiet'])} compatible cases")
    for line in false_alarms:
        print("  false alarm:", line)
    assert missed == [] and misplaced == [] and false_alarms == []
    assert len(result.findings) == len(planted)  # one finding per planted case, no repeats


@pytest.mark.parametrize("case", EXPECTED["quiet"], ids=lambda case: case["case"][:60])
def test_compatible_statements_stay_quiet(result: CheckResult, case: dict) -> None:
    records = set(case["records"])
    loud = [f"{_where(f)} {f.code} {f.message}" for f in result.findings
            if records <= set(f.records) and f.code.startswith(tuple(case["codes"]))]
    assert loud == []


def test_every_record_named_in_the_manifest_exists(result: CheckResult) -> None:
    ids = {path.stem for path in CORPUS.rglob("*.yaml")}
    named = {r for item in (*EXPECTED["planted"], *EXPECTED["quiet"]) for r in item["records"]}
    assert named <= ids
