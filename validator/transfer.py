"""Per-file results as bytes (from a worker process, and in the cache), with their shared texts one object.

A worker's compact records hold the texts many records repeat (``compact.SHARED``: the ids they name,
places, zones, date words) as one object each, gathered in the table ``compact`` fills (the ``shared`` of
``dumps``), so one pickle writes each of them once; but every pickle makes its own copies
when it is read, and a corpus is read from many (one per chunk of files from a worker, one per file from
the cache). Here those texts are written first, each as a call of ``sys.intern``, and the pickle of the
value refers to them (the pickler's memo holds them beforehand), so that unpickled they are the one object
of the reading process whichever pickle they came from. Only ``pickle`` runs: nothing is walked here.
"""

from __future__ import annotations

import io
import pickle
import sys
from collections.abc import Iterable
from typing import Any

__all__ = ["dumps", "loads"]

_PROTOCOL = 5
# The first pickle puts ``sys.intern`` at memo index 0 (SHORT_BINUNICODE "sys" and "intern", STACK_GLOBAL,
# MEMOIZE); ``_call`` then pushes one text through it at the next index; all in one frame (PROTO 5, FRAME
# and its length), which the unpickler reads at once (without one, it reads each opcode: 3x slower).
_START = b"\x8c\x03sys\x8c\x06intern\x93\x94"
_END = b"N."  # NONE, STOP


def _call(text: str) -> bytes:
    """BINGET 0 (``sys.intern``), the text, TUPLE1, REDUCE, MEMOIZE, POP."""
    data = text.encode("utf-8", "surrogatepass")
    size = len(data)
    head = b"\x8c" + bytes((size,)) if size < 256 else b"X" + size.to_bytes(4, "little")
    return b"h\x00" + head + data + b"\x85R\x940"


def dumps(value: Any, shared: Iterable[str]) -> bytes:
    """``value`` pickled so that ``loads`` makes each text of ``shared`` (texts in ``value``) the process's
    interned one."""
    texts = list(dict.fromkeys(shared))  # one memo index per object: a text twice would shift the rest
    out = io.BytesIO()
    frame = b"".join([_START, *map(_call, texts), _END])
    out.write(b"\x80\x05\x95" + len(frame).to_bytes(8, "little") + frame)
    pickler = pickle.Pickler(out, protocol=_PROTOCOL)
    memo = {id(text): (number, text) for number, text in enumerate(texts, 1)}
    memo[id(sys.intern)] = (0, sys.intern)
    pickler.memo = memo
    pickler.dump(value)
    return out.getvalue()


def loads(data: bytes) -> Any:
    """What ``dumps`` pickled. Raises what ``pickle`` raises on damaged data."""
    unpickler = pickle.Unpickler(io.BytesIO(data))
    unpickler.load()  # the shared texts, into the memo the second pickle refers to
    return unpickler.load()
