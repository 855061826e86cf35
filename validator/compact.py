"""Compact records: each validated model as a named tuple of its fields, for the cross-record rules.

A Pydantic model instance keeps its fields in a dictionary of its own, beside a set of the fields given
(a meeting and its report: 1,088 bytes in those objects, 352 as named tuples). A named tuple holds the
same values in 40 + 8 bytes per field, reads them as fast (by attribute, as the rules do), pickles
as a plain tuple (cheap to send from a worker process and to keep in the cache), and cannot be assigned
to. The values are the model's own (texts, dates, numbers), but lists become tuples (of the compact
records, for ``reports``, ``roles`` and ``provisions``), an empty list the empty tuple, and an empty
mapping one shared empty mapping that refuses changes: a report's ``counts`` and ``participant_titles``
are mostly empty, and an empty dictionary costs 64 bytes. The texts that many records repeat (the ids
they name, places, time zones, a report's date words: ``SHARED``) are interned, so that each is one
object in a worker's results, and pickles once per batch of files: at 100k records they were half the
memory of the texts. The tuples' classes bear the models'
names and are made here, at import, so that any process can unpickle them.

Views that need the models themselves (``accord report`` dumps their fields) ask ``check`` for them.
"""

from __future__ import annotations

import sys
import typing
from collections import namedtuple
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from schema.records import RECORD_MODELS

__all__ = ["compact", "COMPACT_CLASSES", "EMPTY_MAPPING", "SHARED"]

#: Fields (texts, or lists of texts) whose values many records repeat: made one object each.
SHARED = frozenset({"source", "timezone", "location", "date_text", "duration_text", "speaker", "speaker_title",
                    "meeting", "part_of", "proposer", "submitted_to", "publisher", "reprint_of", "state",
                    "organization", "language", "participants", "about", "responds_to", "addressees",
                    "audience", "previews"})

_new = tuple.__new__
_intern = sys.intern


class _EmptyMapping(dict):  # type: ignore[type-arg]
    """The one empty mapping of every compact record (a dictionary, so that code that asks still sees one)."""

    def _refuse(self, *_: Any, **__: Any) -> Any:
        raise TypeError("compact records are read-only")

    __setitem__ = __delitem__ = setdefault = update = pop = popitem = clear = __ior__ = _refuse  # type: ignore[assignment]

    def __reduce__(self) -> str:
        return "EMPTY_MAPPING"  # unpickled as the one of the process


EMPTY_MAPPING = _EmptyMapping()
_CONVERT: dict[type[BaseModel], Callable[[BaseModel, dict[str, str] | None], tuple[Any, ...]]] = {}
COMPACT_CLASSES: dict[type[BaseModel], type[tuple[Any, ...]]] = {}  # each model's named tuple


def _field_kind(annotation: Any) -> type[BaseModel] | str | None:
    """How a field's value is made compact: the model of a list of models (``list[MeetingReport]``),
    "list" or "dict" for other lists and mappings, None for a value kept as it is."""
    origin = typing.get_origin(annotation)
    if origin is list:
        (item,) = typing.get_args(annotation)
        return item if isinstance(item, type) and issubclass(item, BaseModel) else "list"
    if origin is dict:
        return "dict"
    if BaseModel in getattr(annotation, "__mro__", ()):
        raise TypeError(f"a field holding one model ({annotation.__name__}) is not made compact")
    return None


def _reduce(record: tuple[Any, ...]) -> tuple[Callable[..., Any], tuple[Any, ...]]:
    """Pickled as ``tuple.__new__(cls, values)``: unpickling then calls no Python code, where a named
    tuple's own ``__new__`` is a Python function (unpickling 6,000 records: 18 ms against 21)."""
    return _new, (record.__class__, record[:])


def _make(model: type[BaseModel]) -> None:
    if model in _CONVERT:
        return
    fields = tuple(model.model_fields)
    kinds = [(number, kind) for number, info in enumerate(model.model_fields.values())
             if (kind := _field_kind(info.annotation)) is not None]
    shared_fields = [number for number, (name, info) in enumerate(model.model_fields.items())
                     if name in SHARED and _field_kind(info.annotation) is None]
    shared_lists = {number for number, name in enumerate(fields) if name in SHARED} - set(shared_fields)
    for _, kind in kinds:
        if not isinstance(kind, str):
            _make(kind)
    cls = namedtuple(model.__name__, fields, module=__name__)  # type: ignore[misc]
    cls.__doc__ = f"The compact form of a validated {model.__name__} (see validator.compact)."
    cls.__reduce__ = _reduce  # type: ignore[method-assign,assignment]
    if model.__name__ in globals():
        raise TypeError(f"two models named {model.__name__}")
    globals()[model.__name__] = cls  # where pickle finds the class
    COMPACT_CLASSES[model] = cls
    checked = False

    def convert(instance: BaseModel, shared: dict[str, str] | None) -> tuple[Any, ...]:
        nonlocal checked
        state = instance.__dict__
        if not checked:  # Pydantic fills the dictionary in the order of the fields: said once per model
            if tuple(state) != fields:
                raise TypeError(f"{model.__name__}: fields {tuple(state)} are not in the order {fields}")
            checked = True
        values = list(state.values())
        for number in shared_fields:
            value = values[number]
            if value.__class__ is str:
                values[number] = _intern(value) if shared is None else shared.setdefault(value, value)
        for number, kind in kinds:
            value = values[number]
            if kind == "dict":
                values[number] = value or EMPTY_MAPPING
            elif kind == "list":
                if not value:
                    values[number] = ()
                elif number in shared_lists:
                    values[number] = tuple(map(_intern, value) if shared is None else map(shared.setdefault, value, value))
                else:
                    values[number] = tuple(value)
            else:
                values[number] = tuple([_CONVERT[item.__class__](item, shared) for item in value]) if value else ()
        return _new(cls, values)

    _CONVERT[model] = convert


for _model in RECORD_MODELS.values():
    _make(_model)


def compact(record: BaseModel, shared: dict[str, str] | None = None) -> tuple[Any, ...]:
    """The named tuple of a validated record (a model of ``schema.records``). The texts of ``SHARED`` are
    interned, or, given ``shared`` (results sent as bytes: ``validator.transfer``), made one object through
    it (text -> itself), which then holds them all: a look-up as cheap as ``sys.intern``, and no second
    table to keep."""
    return _CONVERT[record.__class__](record, shared)
