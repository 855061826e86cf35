"""Compact records: each validated model as a named tuple of its fields, for the cross-record rules.

A Pydantic model instance keeps its fields in a dictionary of its own, beside a set of the fields given
(a meeting and its report: 1,088 bytes in those objects, 352 as named tuples). A named tuple holds the
same values in 40 + 8 bytes per field, reads them as fast (by attribute, as the rules do), pickles
as a plain tuple (cheap to send from a worker process and to keep in the cache), and cannot be assigned
to. The values are the model's own (texts, dates, numbers), but lists become tuples (of the compact
records, for ``reports``, ``roles`` and ``provisions``), an empty list the empty tuple, and an empty
mapping one shared empty mapping that refuses changes: a report's ``counts`` and ``participant_titles``
are mostly empty, and an empty dictionary costs 64 bytes. The texts that many records repeat (the ids
they name, places, time zones, a report's date words: ``SHARED``) are interned, or in a worker kept once
in the table of its batch of files (``SharedTexts``), so that each is one object and pickles once per
batch: at 100k records they were half the memory of the texts. The tuples' classes bear the models'
names and are made here, at import, so that any process can unpickle them; so is each model's converter,
written out for its fields.

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

__all__ = ["compact", "SharedTexts", "COMPACT_CLASSES", "EMPTY_MAPPING", "SHARED"]

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
_CONVERT: dict[type[BaseModel], Callable[[BaseModel, Callable[[str], str]], tuple[Any, ...]]] = {}
_SCOPE: dict[str, Any] = {"new": _new, "EMPTY_MAPPING": EMPTY_MAPPING}  # the converters' globals: classes, converters
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
    name, fields = model.__name__, tuple(model.model_fields)
    cls = namedtuple(name, fields, module=__name__)  # type: ignore[misc]
    cls.__doc__ = f"The compact form of a validated {name} (see validator.compact)."
    cls.__reduce__ = _reduce  # type: ignore[method-assign,assignment]
    if name in globals():
        raise TypeError(f"two models named {name}")
    globals()[name] = cls  # where pickle finds the class
    COMPACT_CLASSES[model] = _SCOPE[name] = cls
    convert = _converter(model)

    def first(instance: BaseModel, share: Callable[[str], str]) -> tuple[Any, ...]:
        if tuple(instance.__dict__) != fields:  # said once per model: Pydantic fills it in the fields' order
            raise TypeError(f"{name}: fields {tuple(instance.__dict__)} are not in the order {fields}")
        _CONVERT[model] = _SCOPE[f"convert_{name}"] = convert
        return convert(instance, share)

    _CONVERT[model] = _SCOPE[f"convert_{name}"] = first
    for info in model.model_fields.values():
        kind = _field_kind(info.annotation)
        if kind is not None and not isinstance(kind, str):
            _make(kind)


def _converter(model: type[BaseModel]) -> Callable[[BaseModel, Callable[[str], str]], tuple[Any, ...]]:
    """``convert(instance, share)`` written out for the model's fields, one expression each (as
    ``namedtuple`` and ``dataclasses`` write their methods): a loop over the fields cost a fifth more."""
    names, values = [], []
    for number, (name, info) in enumerate(model.model_fields.items()):
        value = f"v{number}"
        kind = _field_kind(info.annotation)
        if kind is None:
            made = f"share({value}) if {value}.__class__ is str else {value}" if name in SHARED else value
        elif kind == "dict":
            made = f"{value} or EMPTY_MAPPING"
        elif kind == "list":
            items = f"tuple(map(share, {value}))" if name in SHARED else f"tuple({value})"
            made = f"({items} if {value} else ())"
        else:
            made = f"(tuple([convert_{kind.__name__}(item, share) for item in {value}]) if {value} else ())"
        names.append(value)
        values.append(made)
    source = (f"def convert_{model.__name__}(instance, share):\n"
              f"    {', '.join(names)}, = instance.__dict__.values()\n"
              f"    return new({model.__name__}, ({', '.join(values)},))\n")
    defined: dict[str, Any] = {}
    exec(compile(source, f"<compact {model.__name__}>", "exec"), _SCOPE, defined)  # noqa: S102 - text of ours
    return defined[f"convert_{model.__name__}"]  # type: ignore[no-any-return]


for _model in RECORD_MODELS.values():
    _make(_model)


class SharedTexts(dict):  # type: ignore[type-arg]
    """The texts that compact records share, each kept once: ``table[text]`` is the one kept (``text``
    itself the first time). Cheaper than ``sys.intern``, and it holds exactly the texts of its records."""

    def __missing__(self, text: str) -> str:
        self[text] = text
        return text


def compact(record: BaseModel, shared: SharedTexts | None = None) -> tuple[Any, ...]:
    """The named tuple of a validated record (a model of ``schema.records``). The texts of ``SHARED`` are
    interned, or, given ``shared`` (results sent as bytes: ``validator.transfer``), made one object
    through it, which then holds them all."""
    return _CONVERT[record.__class__](record, _intern if shared is None else shared.__getitem__)
