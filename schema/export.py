"""JSON Schema (Draft 2020-12) export of the record models, for editors, other languages and extractors.

One schema per record kind, one for "any record", and one for a whole file (a record or a list of
records). The committed copies under ``schema/json/`` are checked against a fresh export by the tests,
as a lockfile is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from schema.records import RECORD_MODELS, Record

__all__ = ["SCHEMA_BASE", "DRAFT", "CATALOG", "KIND_FOLDERS", "all_schemas", "catalog", "record_schema",
           "write_schemas", "render"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://accord.schemas.invalid/v1/"
JSON_DIR = Path(__file__).parent / "json"
CATALOG = "catalog.json"
CATALOG_SCHEMA = "https://json.schemastore.org/schema-catalog.json"
#: The folder each kind's files live in, by the corpus layout convention (corpus_yaml/README.md).
KIND_FOLDERS = {kind: f"{kind}s" for kind in RECORD_MODELS}


def _finish(schema: dict[str, Any], name: str, title: str, description: str) -> dict[str, Any]:
    head = {"$schema": DRAFT, "$id": f"{SCHEMA_BASE}{name}.schema.json", "title": title, "description": description}
    schema.pop("title", None)
    schema.pop("description", None)
    return head | schema


def record_schema() -> dict[str, Any]:
    """The schema of one record of any kind, selected by its ``kind``."""
    schema = TypeAdapter(Record).json_schema(ref_template="#/$defs/{model}")
    return _finish(schema, "record", "accord record",
                   "One record of an accord corpus: a source, an actor, a meeting, a proposal or a statement, "
                   "selected by its `kind`.")


def file_schema() -> dict[str, Any]:
    """The schema of one corpus file: a record, or a list of records."""
    one = record_schema()
    defs = one.pop("$defs")
    for key in ("$schema", "$id", "title", "description"):
        one.pop(key)
    schema = {"$defs": defs | {"Record": one},
              "anyOf": [{"$ref": "#/$defs/Record"}, {"type": "array", "items": {"$ref": "#/$defs/Record"}}]}
    return _finish(schema, "file", "accord corpus file", "A YAML file of an accord corpus: one record or a list of records.")


def all_schemas() -> dict[str, dict[str, Any]]:
    """Every exported schema, by file name."""
    out: dict[str, dict[str, Any]] = {}
    for kind, model in RECORD_MODELS.items():
        schema = model.model_json_schema(ref_template="#/$defs/{model}")
        out[f"{kind}.schema.json"] = _finish(schema, kind, f"accord {kind}", (model.__doc__ or "").strip())
    out["record.schema.json"] = record_schema()
    out["file.schema.json"] = file_schema()
    return out


def catalog(base_url: str = SCHEMA_BASE) -> dict[str, Any]:
    """A SchemaStore-format catalog of the schemas, as published under ``base_url``: yaml-language-server
    (``yaml.schemaStore.url``) and other catalog readers match files to schemas by its ``fileMatch``
    globs, one folder per kind by the corpus layout convention."""
    schemas = all_schemas()
    entries = []
    for kind, folder in KIND_FOLDERS.items():
        schema = schemas[f"{kind}.schema.json"]
        entries.append({"name": schema["title"], "description": schema["description"].splitlines()[0],
                        "fileMatch": [f"{folder}/*.yaml", f"{folder}/*.yml"], "url": f"{base_url}{kind}.schema.json"})
    for name in ("record.schema.json", "file.schema.json"):
        entries.append({"name": schemas[name]["title"], "description": schemas[name]["description"],
                        "url": f"{base_url}{name}"})
    return {"$schema": CATALOG_SCHEMA, "version": 1, "schemas": entries}


def render(schema: dict[str, Any]) -> str:
    """The exact text written for a schema: stable key order, two-space indent, final newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(directory: Path, base_url: str = SCHEMA_BASE) -> list[Path]:
    """Write every schema into ``directory``, and the catalog of them as published under ``base_url``;
    return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in {**all_schemas(), CATALOG: catalog(base_url)}.items():
        path = directory / name
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
