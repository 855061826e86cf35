"""Record validation: each loaded item against the model of its ``kind``, errors mapped to findings.

Pydantic's errors are data (type, loc, input); this module turns each into a finding with an accord
code, a message a curator can act on, and the position of the offending value in the file.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from schema.records import ID_PATTERN, RECORD_MODELS
from validator.codes import code
from validator.findings import Finding
from validator.loader import Document

__all__ = ["ValidRecord", "validate_document", "validate_quietly", "share_fields_sets", "field_label"]

_KINDS = ", ".join(RECORD_MODELS)
_REPORTED_BY_LOADER = ("YAML010", "YAML011")


@dataclass(frozen=True, slots=True)
class ValidRecord:
    """A record that passed its schema, with the file and item index it came from."""

    record: Any  # the model, or its compact named tuple (validator.compact)
    doc: Document
    index: int

    def __reduce__(self) -> tuple[type[ValidRecord], tuple[Any, Document, int]]:
        """Pickled as its three values: a frozen dataclass's default state costs ``fields()`` per record."""
        return ValidRecord, (self.record, self.doc, self.index)


def validate_document(doc: Document) -> list[ValidRecord]:
    """Validate every item of ``doc``; findings are appended to ``doc.findings``."""
    valid: list[ValidRecord] = []
    # A key the loader already reported as not text is not reported again as an unknown field, nor a number
    # it reported as read differently by YAML 1.1 and 1.2 as a value of the wrong type.
    reported = {(f.location.line, f.location.column) for f in doc.findings if f.code in _REPORTED_BY_LOADER}
    for index, item in enumerate(doc.items):
        record = _validate_item(doc, index, item, reported)
        if record is not None:
            valid.append(ValidRecord(record, doc, index))
    return valid


class _SharedFieldsSet(set):  # type: ignore[type-arg]
    """A set of field names that many models share: Pydantic needs a ``set``; changing it would change
    them all, so adding a name it lacks, or removing one, raises (assigning to a field already given, or
    ``model_copy(update=...)`` of such fields, adds nothing and works)."""

    def add(self, name: Any) -> None:
        if name not in self:
            raise TypeError(f"field {name!r} was not given in this record; validated records are read-only")

    def update(self, *names: Any) -> None:  # type: ignore[override]
        for group in names:
            for name in group:
                self.add(name)

    def _refuse(self, *_: Any) -> Any:
        raise TypeError("validated records are read-only")

    discard = remove = pop = clear = __ior__ = _refuse  # type: ignore[assignment]


_FIELDS_SETS: dict[frozenset[str], _SharedFieldsSet] = {}
_NESTED = ("reports", "roles", "provisions")  # the fields that hold lists of models
_NESTED_OF: dict[type, tuple[str, ...]] = {}  # for each model, those of its fields


def _share(model: BaseModel) -> None:
    fields = frozenset(model.__pydantic_fields_set__)
    shared = _FIELDS_SETS.get(fields)
    if shared is None:
        shared = _FIELDS_SETS[fields] = _SharedFieldsSet(fields)
    object.__setattr__(model, "__pydantic_fields_set__", shared)


def share_fields_sets(valid: list[ValidRecord]) -> None:
    """Make the models of equal field sets share one (frozen) set of the names of the fields given.

    Pydantic keeps a set of them per model instance: 728 bytes for a record or report of more than four
    fields, about 2.5 KB of the 6 KB a meeting record costs. The records are read, never assigned to,
    once validated (an assignment raises rather than go unnoticed)."""
    for entry in valid:
        record = entry.record
        _share(record)
        nested = _NESTED_OF.get(record.__class__)
        if nested is None:  # once per model: a missing field costs a raised AttributeError per record
            nested = _NESTED_OF[record.__class__] = tuple(n for n in _NESTED if n in record.__class__.model_fields)
        for name in nested:
            for item in getattr(record, name) or ():
                _share(item)


def validate_quietly(doc: Document) -> list[BaseModel] | None:
    """Every item of ``doc`` as a model, in order, or None as soon as one is not valid (no findings are
    made: the caller validates it again with ``validate_document``, which reports them with positions)."""
    records: list[BaseModel] = []
    for item in doc.items:
        kind = item.get("kind") if isinstance(item, dict) else None
        validate = _VALIDATE.get(kind) if isinstance(kind, str) else None
        if validate is None:
            return None
        try:
            records.append(validate(item))
        except ValidationError:
            return None
    return records


# What ``model_validate`` calls, without its keyword arguments (5% of validating a clean file).
_VALIDATE = {kind: model.__pydantic_validator__.validate_python for kind, model in RECORD_MODELS.items()}


def _validate_item(doc: Document, index: int, item: Any, reported: set[tuple[int, int]]) -> BaseModel | None:
    if not isinstance(item, dict):
        doc.findings.append(_finding(doc, "REC002", (index,),
                                     f"list item {index + 1} is {_describe(item)}, not a record (a mapping)"))
        return None
    record_id = item.get("id") if isinstance(item.get("id"), str) else None
    kind = item.get("kind")
    model = RECORD_MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        if "kind" not in item:
            message = f"the record has no `kind`; expected one of: {_KINDS}"
            doc.findings.append(_finding(doc, "SCH006", (index,), message, record_id))
        else:
            message = f"`kind` is {_describe(kind)}; expected one of: {_KINDS}{_did_you_mean(kind, RECORD_MODELS)}"
            doc.findings.append(_finding(doc, "SCH006", (index, "kind"), message, record_id))
        return None
    try:
        return model.model_validate(item)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            finding = _error_finding(doc, index, model, kind, error, record_id)
            if finding.code in ("SCH001", "SCH003", "SCH005") and (
                    finding.location.line, finding.location.column) in reported:
                continue
            doc.findings.append(finding)
        return None


def _finding(doc: Document, name: str, loc: tuple[Any, ...], message: str, record_id: str | None = None,
             *, key: bool = False, hint: str | None = None) -> Finding:
    entry = code(name)
    return Finding(name, entry.severity, message, doc.locate(loc, key=key),
                   records=(record_id,) if record_id else (), hint=hint or entry.hint)


def field_label(loc: tuple[Any, ...]) -> str:
    """A path inside a record as a curator writes it: ``reports[0].date``."""
    label = ""
    for step in loc:
        label += f"[{step}]" if isinstance(step, int) else (f".{step}" if label else str(step))
    return label or "record"


def _describe(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def _odd_characters(value: Any) -> str:
    """Name the characters of an id that are not what they look like (look-alikes, invisible, upper case)."""
    if not isinstance(value, str):
        return ""
    odd = []
    for char in dict.fromkeys(value):
        if not char.isascii() or char.isspace() or char.isupper():
            odd.append(f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}")
    return f" (it contains {', '.join(odd[:3])})" if odd else ""


def _did_you_mean(word: Any, choices: Any) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _model_at(model: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for step in path:
        if isinstance(step, int) or current is None:
            continue
        info = current.model_fields.get(step)
        current = _inner_model(info.annotation) if info else None
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "bool_type": "true or false",
    "float_type": "a number",
}


def _error_finding(doc: Document, index: int, model: type[BaseModel], kind: str, error: dict[str, Any],
                   record_id: str | None) -> Finding:
    kind_of, loc, value = error["type"], tuple(error["loc"]), error.get("input")
    where = (index, *loc)
    label = field_label(loc)
    if kind_of == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        known = owner.model_fields if owner else {}
        message = f"unknown field `{label}` in this {kind}{_did_you_mean(loc[-1], known)}"
        return _finding(doc, "SCH001", where, message, record_id, key=True)
    if kind_of == "missing":
        message = f"missing required field `{label}` in this {kind}"
        return _finding(doc, "SCH002", where, message, record_id)
    if kind_of in _EXPECTED:
        message = f"`{label}` must be {_EXPECTED[kind_of]}, but is {_describe(value)}"
        hint = None
        raw = doc.scalar_text(where)
        if kind_of == "string_type" and raw is not None and not raw[1] and not isinstance(value, str):
            message = f"`{label}` must be text, but YAML reads the unquoted {raw[0]!r} as {_describe(value)}"
            hint = f"put the value in quotes: '{raw[0]}'"
        return _finding(doc, "SCH003", where, message, record_id, hint=hint)
    if kind_of == "accord_date":
        return _finding(doc, "SCH005", where, f"`{label}`: {error['ctx']['reason']}", record_id)
    if kind_of == "literal_error":
        expected = error["ctx"]["expected"]
        message = f"`{label}` is {_describe(value)}; expected {expected}"
        options = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
        return _finding(doc, "SCH004", where, message + _did_you_mean(value, options), record_id)
    if kind_of == "string_pattern_mismatch" and error["ctx"]["pattern"] == ID_PATTERN:
        message = (f"`{label}` is {_describe(value)}, which is not an id{_odd_characters(value)}: ids are "
                   "lower-case ASCII letters and digits joined by '-' or '_'")
        return _finding(doc, "SCH004", where, message, record_id)
    if kind_of == "value_error" and not loc:
        reason = str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
        return _finding(doc, "SCH007", where, f"this {kind} is invalid: {reason}", record_id)
    if kind_of == "value_error":
        reason = str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
        target = "SCH007" if _model_at(model, loc) is not None else "SCH004"
        return _finding(doc, target, where, f"`{label}`: {reason}", record_id)
    msg = error["msg"]  # lower-case only its first letter: the rest may quote a pattern or a value
    return _finding(doc, "SCH004", where, f"`{label}` is {_describe(value)}: {msg[:1].lower()}{msg[1:]}", record_id)

