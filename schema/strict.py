"""A strict variant of the JSON Schema, for programs that ask a language model for structured output.

Structured-output modes (OpenAI's strict mode and its imitators) accept a small subset of JSON Schema:
every property required (an optional one is ``anyOf [..., null]``), ``additionalProperties: false``, and
only the keywords in ``STRICT_KEYWORDS``. What the subset cannot say (patterns, lengths, bounds, the rules
across fields) the full schema and ``accord check`` still enforce: a reply is turned back into a record
by ``without_nulls`` and validated as usual. Nor can the subset say a mapping keyed by ids (a report's
``participant_titles`` and ``counts``): there the strict variant admits only an empty mapping or null, and
such values are added to the extracted records afterwards.
"""

from __future__ import annotations

from typing import Any

from schema.export import all_schemas

__all__ = ["STRICT_KEYWORDS", "strict_schema", "strict_schemas", "records_schema", "without_nulls"]

STRICT_KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties", "enum", "const", "items",
                             "anyOf", "$defs", "$ref", "description"})
_NULL = {"type": "null"}


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("properties", "$defs"):
            out[key] = {name: _strict(sub) for name, sub in value.items()}
        elif key == "oneOf":  # the record kinds exclude each other by `kind`: anyOf says as much here
            out["anyOf"] = _strict(value)
        elif key in STRICT_KEYWORDS:
            out[key] = _strict(value)
    if "properties" in out:
        out.pop("anyOf", None)  # a rule across fields (a statement's quote or summary): not in the subset
        required = set(node.get("required", []))
        for name, sub in out["properties"].items():
            if name not in required:
                out["properties"][name] = _nullable(sub)
        out["required"] = list(out["properties"])
        out["additionalProperties"] = False
    return out


def _nullable(sub: dict[str, Any]) -> dict[str, Any]:
    if sub.get("type") == "null" or _NULL in sub.get("anyOf", []):
        return sub
    description = sub.get("description")
    branch = {key: value for key, value in sub.items() if key != "description"}
    options = branch["anyOf"] if set(branch) == {"anyOf"} else [branch]
    return {"anyOf": [*options, _NULL], **({"description": description} if description else {})}


def strict_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The strict variant of one exported schema (its ``$schema``, ``$id`` and ``title`` dropped)."""
    return _strict(schema)


def strict_schemas() -> dict[str, dict[str, Any]]:
    """The strict variant of each kind's schema, by file name, plus ``records.strict.schema.json``."""
    out = {name.replace(".schema.json", ".strict.schema.json"): strict_schema(schema)
           for name, schema in all_schemas().items() if name not in ("record.schema.json", "file.schema.json")}
    out["records.strict.schema.json"] = records_schema()
    return out


def records_schema() -> dict[str, Any]:
    """What an extraction program asks for: an object whose ``records`` are records of any kind (a
    structured-output schema's root must be an object)."""
    record = strict_schema(all_schemas()["record.schema.json"])
    defs = record.pop("$defs")
    return {
        "type": "object",
        "description": "Records of an accord corpus extracted from a text: sources, actors, meetings, proposals, "
                       "statements. Give null for what the text does not say.",
        "properties": {"records": {"type": "array", "items": record}},
        "required": ["records"],
        "additionalProperties": False,
        "$defs": defs,
    }


def without_nulls(value: Any) -> Any:
    """A strict-schema instance as a record: every null property dropped, at any depth."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value
