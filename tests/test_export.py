"""`accord export` (the normalised corpus as JSON / JSON Lines, dates with their UTC ranges) and
`accord schema --strict` (the structured-output variant of the schema)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from jsonschema import Draft202012Validator

import strategies
from schema.records import RECORD_MODELS
from schema.strict import STRICT_KEYWORDS, records_schema, strict_schemas, without_nulls

DERIVED = ("_earliest", "_latest")

CORPUS = {
    "sources/tass.yaml": """\
        kind: source
        id: tass
        title: Article
        publisher: tass-agency
        published: '2022-01-10'
        timezone: Europe/Moscow
        language: en
        text: sources/tass.txt
        """,
    "sources/tass.txt": "Talks in Geneva.",
    "actors.yaml": """\
        - kind: organization
          id: tass-agency
          name: TASS
        - kind: person
          id: lavrov-sergei
          name: Sergei Lavrov
          roles:
            - title: Foreign Minister
              start: '2004-03-09'
        """,
    "meetings/geneva.yaml": """\
        kind: meeting
        id: geneva
        title: Talks
        meeting_type: talks
        date: '2022-01-10'
        timezone: Europe/Zurich
        status: held
        reports:
          - source: tass
            date: 2021-12-31/..
        """,
}


@pytest.fixture
def corpus(project, write):
    for name, text in CORPUS.items():
        write(f"corpus/{name}", text)
    return project


def _derived_free(record: dict[str, Any]) -> dict[str, Any]:
    """A record of the export without the derived instants, as the models read it."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not k.endswith(DERIVED)}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return without_nulls(strip(record))


def test_jsonl_has_one_line_per_record_that_round_trips_through_the_json_module(corpus, accord):
    result = accord("export", "--format", "jsonl")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    records = [json.loads(line) for line in lines]
    assert sorted(r["id"] for r in records) == ["geneva", "lavrov-sergei", "tass", "tass-agency"]
    for line, record in zip(lines, records):
        assert "\n" not in line and json.dumps(record, ensure_ascii=False) == line
        model = RECORD_MODELS[record["kind"]].model_validate(_derived_free(record))
        assert _derived_free(model.model_dump(mode="json")) == _derived_free(record)
    assert set(records[0]) >= {"id", "kind", "notes"}  # every field, null when not given


def test_dates_carry_their_utc_range_in_the_zone_the_rules_use(corpus, accord):
    records = {r["id"]: r for r in json.loads(accord("export").out)}
    meeting = records["geneva"]
    assert (meeting["date"], meeting["date_earliest"], meeting["date_latest"]) == (
        "2022-01-10", "2022-01-09T23:00:00Z", "2022-01-10T23:00:00Z")  # Zurich, UTC+1
    report = meeting["reports"][0]  # the source's Moscow calendar (UTC+3), open at the end
    assert (report["date"], report["date_earliest"], report["date_latest"]) == (
        "2021-12-31/..", "2021-12-30T21:00:00Z", None)
    assert records["tass"]["published_earliest"] == "2022-01-09T21:00:00Z"
    assert records["tass"]["retrieved"] is None and records["tass"]["retrieved_earliest"] is None
    role = records["lavrov-sergei"]["roles"][0]  # no zone: the day anywhere on Earth (UTC+14 to UTC-12)
    assert (role["start_earliest"], role["start_latest"]) == ("2004-03-08T10:00:00Z", "2004-03-10T12:00:00Z")


def test_json_and_an_output_file_hold_the_same_records(corpus, accord, tmp_path):
    as_lines = [json.loads(line) for line in accord("export", "--format", "jsonl").out.splitlines()]
    result = accord("export", "--output", tmp_path / "corpus.json")
    assert result.code == 0 and result.out == ""
    assert json.loads((tmp_path / "corpus.json").read_text(encoding="utf-8")) == as_lines


def test_files_with_errors_are_left_out_and_the_exit_code_says_so(corpus, accord, write):
    write("corpus/states/bad.yaml", "kind: state\nid: Bad\nname: B\n")
    result = accord("export", "--format", "jsonl")
    assert result.code == 1
    assert "corpus/states/bad.yaml" in result.err and "Traceback" not in result.err
    assert len(result.out.splitlines()) == 4


# --- the strict schema ----------------------------------------------------------------------------------

STRICT = strict_schemas()


def _schema_nodes(node: Any) -> Any:
    """Every schema object in a schema (the values of properties and $defs, not their names)."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key in ("properties", "$defs"):
                for sub in value.values():
                    yield from _schema_nodes(sub)
            elif key in ("items",):
                yield from _schema_nodes(value)
            elif key == "anyOf":
                for sub in value:
                    yield from _schema_nodes(sub)


@pytest.mark.parametrize("name", sorted(STRICT))
def test_the_strict_schema_uses_only_structured_output_keywords_and_requires_every_property(name):
    schema = STRICT[name]
    Draft202012Validator.check_schema(schema)
    assert schema["type"] == "object"  # structured-output modes want an object at the root
    for node in _schema_nodes(schema):
        assert set(node) <= STRICT_KEYWORDS, set(node) - STRICT_KEYWORDS
        if "properties" in node:
            assert node["required"] == list(node["properties"]) and node["additionalProperties"] is False


def test_the_strict_variant_admits_only_empty_mappings_keyed_by_ids():
    report = STRICT["meeting.strict.schema.json"]["$defs"]["MeetingReport"]["properties"]
    for name in ("counts", "participant_titles"):
        mapping = Draft202012Validator(report[name])
        assert mapping.is_valid({}) and mapping.is_valid(None) and not mapping.is_valid({"troops": "100,000"})


def test_schema_strict_prints_the_records_schema(accord):
    result = accord("schema", "--strict")
    assert result.code == 0 and json.loads(result.out) == records_schema()


@pytest.mark.parametrize("kind", sorted(RECORD_MODELS))
def test_a_record_with_explicit_nulls_is_strict_and_becomes_the_record_again(kind):
    validator = Draft202012Validator(STRICT[f"{kind}.strict.schema.json"])
    records = Draft202012Validator(STRICT["records.strict.schema.json"])

    @given(strategies.RECORD_STRATEGIES[kind])
    def check(record: dict[str, Any]) -> None:
        for report in record.get("reports", []):  # mappings keyed by ids are not in the subset (schema/strict.py)
            report.pop("counts", None)
            report.pop("participant_titles", None)
        model = RECORD_MODELS[kind].model_validate(record)
        strict = model.model_dump(mode="json")  # every field, null where the record has none
        assert validator.is_valid(strict), [e.message for e in validator.iter_errors(strict)]
        assert records.is_valid({"records": [strict]})
        assert RECORD_MODELS[kind].model_validate(without_nulls(strict)) == model
        some_key = next(k for k in strict if k not in ("kind", "id"))
        assert not validator.is_valid({k: v for k, v in strict.items() if k != some_key})  # all required
        assert not validator.is_valid({**strict, "extra": None})

    check()
