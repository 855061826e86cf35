"""Compact records: each validated model as a named tuple of its fields, for the cross-record rules.

A Pydantic model instance keeps its fields in a dictionary of its own, beside a set of the fields given:
about 900 bytes for a meeting of fifteen fields, and four such objects per record. A named tuple holds
the same values in 40 + 8 bytes per field, reads them as fast (by attribute, as the rules do), pickles
as a plain tuple (cheap to send from a worker process and to keep in the cache), and cannot be assigned
to. The values are the model's own (dates, lists, mappings), and the lists of nested models (``reports``,
``roles``, ``provisions``) become tuples of their compact records. The tuples' classes bear the models'
names and are made here, at import, so that any process can unpickle them.

Views that need the models themselves (``accord report`` dumps their fields) ask ``check`` for them.
"""

from __future__ import annotations

import typing
from collections import namedtuple
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from schema.records import RECORD_MODELS

__all__ = ["compact", "COMPACT_CLASSES"]

_new = tuple.__new__
_CONVERT: dict[type[BaseModel], Callable[[BaseModel], tuple[Any, ...]]] = {}
COMPACT_CLASSES: dict[type[BaseModel], type[tuple[Any, ...]]] = {}  # each model's named tuple


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model of a field that holds a list of models (``list[MeetingReport]``), else None."""
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def _make(model: type[BaseModel]) -> None:
    if model in _CONVERT:
        return
    fields = tuple(model.model_fields)
    for info in model.model_fields.values():
        inner = _nested_model(info.annotation)
        if inner is None and BaseModel in getattr(info.annotation, "__mro__", ()):
            raise TypeError(f"{model.__name__}: a field holding one model is not made compact")
    nested = [(number, inner) for number, info in enumerate(model.model_fields.values())
              if (inner := _nested_model(info.annotation)) is not None]
    for _, inner in nested:
        _make(inner)
    cls = namedtuple(model.__name__, fields, module=__name__)  # type: ignore[misc]
    cls.__doc__ = f"The compact form of a validated {model.__name__} (see validator.compact)."
    if model.__name__ in globals():
        raise TypeError(f"two models named {model.__name__}")
    globals()[model.__name__] = cls  # where pickle finds the class
    COMPACT_CLASSES[model] = cls
    checked = False

    def convert(instance: BaseModel) -> tuple[Any, ...]:
        nonlocal checked
        state = instance.__dict__
        if not checked:  # Pydantic fills the dictionary in the order of the fields: said once per model
            if tuple(state) != fields:
                raise TypeError(f"{model.__name__}: fields {tuple(state)} are not in the order {fields}")
            checked = True
        if not nested:
            return _new(cls, state.values())
        values = list(state.values())
        for number, _ in nested:
            values[number] = tuple([_CONVERT[item.__class__](item) for item in values[number]])
        return _new(cls, values)

    _CONVERT[model] = convert


for _model in RECORD_MODELS.values():
    _make(_model)


def compact(record: BaseModel) -> tuple[Any, ...]:
    """The named tuple of a validated record (a model of ``schema.records``)."""
    return _CONVERT[record.__class__](record)
