"""The exported JSON Schemas agree with the models: what one accepts the other accepts, both ways, except the
rules JSON Schema cannot express (README, "What the JSON Schema cannot say"), each shown here to be a real
gap. Instances come from the schema (hypothesis-jsonschema) and from the models' side (tests/strategies.py,
valid records and records with one field broken)."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError as SchemaError
from pydantic import ValidationError

import node_tools
import strategies
from conftest import REPO_ROOT
from schema.export import JSON_DIR, all_schemas
from schema.records import RECORD_MODELS
from validator.loader import load_file
from validator.run import discover

SCHEMAS = all_schemas()


def _ecma_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    """JSON Schema's `pattern` is an ECMA-262 regular expression, whose `$` matches only at the very end
    (Python's also matches before a final newline)."""
    if validator.is_type(instance, "string") and not re.search(re.sub(r"\$$", r"\\Z", pattern), instance):
        yield SchemaError(f"{instance!r} does not match {pattern!r}")


EcmaValidator = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern})
VALIDATORS = {kind: EcmaValidator(SCHEMAS[f"{kind}.schema.json"]) for kind in RECORD_MODELS}

#: The rules the models check and JSON Schema cannot express, by the README's name for each, with a test
#: of whether a model error is that rule's.
NOT_EXPRESSIBLE = {
    "interval order": lambda e: e["type"] == "accord_date" and "ends before it starts" in e["ctx"]["reason"],
    "unspecified digits that match no real day":
        lambda e: e["type"] == "accord_date" and "no real day matches" in e["ctx"]["reason"],
    "29 February outside a leap year":
        lambda e: e["type"] == "accord_date" and re.search(r"February \d+ has 28 days, so there is no day 29",
                                                           e["ctx"]["reason"]) is not None,
    "time zone names": lambda e: e["type"] == "value_error" and "is not an IANA time zone name" in str(e["ctx"]),
    "whole numbers written with a fraction":
        lambda e: e["type"] == "int_type" and isinstance(e["input"], float) and e["input"].is_integer(),
}


def _model_errors(kind: str, instance: Any) -> list[dict[str, Any]]:
    try:
        RECORD_MODELS[kind].model_validate(instance)
    except ValidationError as exc:
        return exc.errors(include_url=False)
    return []


def _assert_agreement(kind: str, instance: Any) -> None:
    schema_ok = VALIDATORS[kind].is_valid(instance)
    errors = _model_errors(kind, instance)
    if schema_ok:
        unexplained = [e for e in errors if not any(rule(e) for rule in NOT_EXPRESSIBLE.values())]
        assert not unexplained, f"the schema accepts what the model rejects: {instance!r}: {unexplained}"
    else:
        found = [e.message for e in VALIDATORS[kind].iter_errors(instance)]
        assert errors, f"the model accepts what the schema rejects: {instance!r}: {found}"


KINDS = sorted(RECORD_MODELS)


@pytest.mark.parametrize("kind", KINDS)
def test_what_the_schema_generates_the_model_accepts(kind):
    @settings(max_examples=10)  # generating from the big date pattern is slow
    @given(from_schema(SCHEMAS[f"{kind}.schema.json"]))
    def check(instance: Any) -> None:
        assert VALIDATORS[kind].is_valid(instance)
        _assert_agreement(kind, instance)

    check()


@pytest.mark.parametrize("kind", KINDS)
def test_every_valid_record_of_the_models_the_schema_accepts(kind):
    @given(strategies.RECORD_STRATEGIES[kind])
    def check(record: dict[str, Any]) -> None:
        assert _model_errors(kind, record) == []
        assert VALIDATORS[kind].is_valid(record), [e.message for e in VALIDATORS[kind].iter_errors(record)]

    check()


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 10**4) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | strategies.date_texts | st.sampled_from(["", "held", "ru", "RU", "Europe/Moscow"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["source", "x", "date"]), inner,
                                                                   max_size=2),
    max_leaves=4,
)


@pytest.mark.parametrize("kind", KINDS)
def test_a_record_with_one_field_broken_is_rejected_by_both_or_neither(kind):
    @given(strategies.RECORD_STRATEGIES[kind], st.data())
    def check(record: dict[str, Any], data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(sorted(record) + ["unknown_field"]))
        if data.draw(st.booleans()):
            record.pop(key, None)
        else:
            record[key] = data.draw(_json_values)
        _assert_agreement(kind, record)

    check()


# Each rule the schema cannot express: a value the schema accepts and the model rejects, for that reason.
GAPS = {
    "interval order": ("meeting", "date", "2022-01-10/2022-01-09"),
    "unspecified digits that match no real day": ("meeting", "date", "2021-02-3X"),
    "29 February outside a leap year": ("meeting", "date", "2021-02-29"),
    "time zone names": ("meeting", "timezone", "Europe/Atlantis"),
    "whole numbers written with a fraction": ("meeting", "duration_minutes", 50.0),
}
MEETING = {"kind": "meeting", "id": "m", "title": "T", "meeting_type": "talks", "date": "2022-01-10",
           "status": "held", "reports": [{"source": "s"}]}


def test_the_readme_lists_exactly_the_rules_that_are_not_expressible():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### What the JSON Schema cannot say", 1)[1].split("\n#", 1)[0]
    listed = re.findall(r"^- \*\*(.+?)\*\*", section, re.MULTILINE)
    assert listed == list(NOT_EXPRESSIBLE) == list(GAPS)


@pytest.mark.parametrize("rule", list(GAPS))
def test_each_listed_rule_is_a_real_gap(rule):
    kind, field, value = GAPS[rule]
    instance = {**MEETING, field: value}
    assert VALIDATORS[kind].is_valid(instance), f"the schema now expresses {rule!r}: drop it from the list"
    errors = _model_errors(kind, instance)
    assert errors and all(NOT_EXPRESSIBLE[rule](e) for e in errors), errors


@pytest.mark.parametrize(("kind", "instance"), [
    ("proposal", {"kind": "proposal", "id": "p", "title": "T", "proposer": "a", "addressees": ["b"],
                  "reports": [{"source": "s", "date": "2021-12-15"}]}),
    ("statement", {"kind": "statement", "id": "s", "speaker": "a", "date": "2022-01-10", "setting": "interview",
                   "reports": [{"source": "s"}]}),
    ("source", {"kind": "source", "id": "s", "title": "T", "publisher": "p", "published": "2022-01-10",
                "timezone": "UTC", "language": "en", "text": "../outside.txt"}),
    ("meeting", {**MEETING, "date": "2022-02-30"}),
    ("meeting", {**MEETING, "date": "../.."}),
    ("meeting", {**MEETING, "date": "2022-01-10T24:00Z"}),
])
def test_rules_once_left_to_the_models_are_in_the_schema_too(kind, instance):
    assert _model_errors(kind, instance)
    assert not VALIDATORS[kind].is_valid(instance)


# --- a second implementation: ajv, in node -------------------------------------------------------------

def test_ajv_accepts_the_corpus_exported_as_json_and_rejects_a_planted_error(tmp_path):
    ajv_runner = node_tools.NODE_DIR / "validate.js"
    node_tools.package("ajv")
    node_tools.package("ajv-formats")
    documents = {target.display: load_file(target.path, target.display, target.root).items
                 for target in discover([REPO_ROOT / "corpus_yaml"], REPO_ROOT / "corpus_yaml", (".yaml", ".yml"))}
    assert len(documents) > 50
    first = next(iter(documents))
    documents["planted.yaml"] = [{**documents[first][0], "id": "Not An Id"}]
    exported = {name: items[0] if len(items) == 1 else items for name, items in documents.items()}
    (tmp_path / "corpus.json").write_text(json.dumps(exported), encoding="utf-8")
    run = subprocess.run([node_tools.node(), str(ajv_runner), str(JSON_DIR), str(tmp_path / "corpus.json")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    verdicts = json.loads(run.stdout)
    assert set(verdicts) == set(exported)
    assert {name: v for name, v in verdicts.items() if v is not True} == {
        "planted.yaml": [{"instancePath": "/id", "keyword": "pattern"}]}
