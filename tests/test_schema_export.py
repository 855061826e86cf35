"""The exported JSON Schemas: committed copies are current (a lockfile), valid Draft 2020-12, documented,
and they reject what the models reject in the simple cases editors flag as you type."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from schema.export import CATALOG, DRAFT, JSON_DIR, all_schemas, catalog, render
from schema.records import RECORD_MODELS

FRESH = all_schemas()
WRITTEN = FRESH | {CATALOG: catalog()}
REGENERATE = "run `accord schema --out schema/json` and commit the result"


def test_the_committed_schemas_are_the_current_export():
    committed = {path.name: path.read_text(encoding="utf-8") for path in sorted(Path(JSON_DIR).glob("*.json"))}
    missing = sorted(set(WRITTEN) - set(committed))
    stale_files = sorted(set(committed) - set(WRITTEN))
    changed = sorted(name for name in set(WRITTEN) & set(committed) if committed[name] != render(WRITTEN[name]))
    assert not (missing or stale_files or changed), (
        f"schema/json/ is out of date (missing: {missing}, no longer exported: {stale_files}, changed: {changed}); "
        f"{REGENERATE}"
    )


def test_there_is_one_schema_per_kind_plus_record_and_file():
    assert set(FRESH) == {f"{kind}.schema.json" for kind in RECORD_MODELS} | {"record.schema.json", "file.schema.json"}


@pytest.mark.parametrize("name", sorted(FRESH))
def test_each_schema_is_valid_draft_2020_12_with_its_own_id(name):
    schema = FRESH[name]
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT
    assert schema["$id"].endswith("/" + name)
    assert schema["title"] and schema["description"]
    assert json.loads(render(schema)) == schema and render(schema).endswith("}\n")


def test_schema_ids_are_unique():
    ids = [schema["$id"] for schema in FRESH.values()]
    assert len(ids) == len(set(ids))


def _walk(node: Any, path: str = "#"):
    if isinstance(node, dict):
        yield path, node
        for key, value in node.items():
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, f"{path}/{i}")


@pytest.mark.parametrize("name", [f"{kind}.schema.json" for kind in sorted(RECORD_MODELS)])
def test_every_field_is_documented(name):
    """README: every field is documented in the JSON Schemas (editors show these descriptions)."""
    undocumented = [
        f"{path}/{prop}"
        for path, node in _walk(FRESH[name])
        if isinstance(node.get("properties"), dict) and node.get("type") == "object"  # a model, not a condition
        for prop, sub in node["properties"].items()
        if not sub.get("description")
    ]
    assert undocumented == []


@pytest.mark.parametrize("name", sorted(FRESH))
def test_the_examples_in_a_schema_satisfy_it(name):
    root = FRESH[name]
    validator = Draft202012Validator(root)
    problems = []
    for path, node in _walk(root):
        for example in node.get("examples", []) if isinstance(node.get("examples"), list) else []:
            sub = validator.evolve(schema={**node, "$defs": root.get("$defs", {})})
            problems += [f"{path}: {example!r}: {e.message}" for e in sub.iter_errors(example)]
    assert problems == []


GOOD = {"kind": "state", "id": "russia", "name": "Russia"}


@pytest.mark.parametrize(("data", "why"), [
    ({**GOOD, "nmae": "x"}, "unknown field"),
    ({"kind": "state", "id": "russia"}, "missing name"),
    ({**GOOD, "kind": "country"}, "unknown kind"),
    ({**GOOD, "id": "Russia"}, "invalid id"),
    ({**GOOD, "name": False}, "boolean for text"),
    ({**GOOD, "name": ""}, "empty text"),
    ({"kind": "meeting", "id": "m", "title": "T", "meeting_type": "talks", "date": "10 January", "status": "held",
      "reports": [{"source": "s"}]}, "date notation"),
    ({"kind": "meeting", "id": "m", "title": "T", "meeting_type": "talks", "date": "2022-01-10", "status": "held",
      "reports": []}, "no reports"),
])
def test_the_file_schema_rejects_simple_mistakes(data, why):
    validator = Draft202012Validator(FRESH["file.schema.json"])
    assert not validator.is_valid(data), why
    assert not validator.is_valid([GOOD, data]), why
    assert validator.is_valid(GOOD) and validator.is_valid([GOOD, GOOD])
