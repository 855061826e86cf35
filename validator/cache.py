"""Incremental runs: each file's per-file stage result, kept under the hash of its bytes.

A file whose bytes, path and settings are unchanged gets its records and per-file findings back from the
cache instead of being parsed and validated again; the corpus index is built over every record, and the
cross-record rules run whole, except that the findings of the rules of records are kept per file and made
again only for the files a change can reach (``validator.incremental``): findings are those of a full run. The cache lives under the user's cache directory
(``$XDG_CACHE_HOME/accord``, else ``~/.cache/accord``) or ``--cache-dir``, never inside the corpus: one
file per set of settings (``salt``: accord's version and code, Python's, the input limits), rewritten
only when something changed, holding only the files of the last run (a deleted file drops out).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

from validator.guards import Limits
from validator.incremental import Ruled
from validator.stage import FileResult

__all__ = ["FileCache", "default_cache_dir", "settings_salt"]

_FORMAT = 2


def default_cache_dir() -> Path:
    """Where accord keeps its cache unless told otherwise."""
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "accord"


def _code_fingerprint() -> str:
    """Size and modification time of accord's own modules: a changed or new accord is another cache."""
    parts = []
    for package in ("validator", "schema"):
        folder = Path(__file__).resolve().parent.parent / package
        for path in sorted(folder.rglob("*.py")):
            info = path.stat()
            parts.append(f"{path.relative_to(folder.parent)}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=16).hexdigest()


def settings_salt(limits: Limits) -> str:
    """What a per-file result depends on besides the file: accord, Python and the input limits."""
    from validator import __version__

    return (f"{_FORMAT}|{__version__}|{_code_fingerprint()}|{sys.version}|"
            f"{limits.max_file_bytes}|{limits.max_depth}|{limits.max_scalar_chars}")


class FileCache:
    """Per-file results of one set of settings, in one file under ``folder``."""

    def __init__(self, folder: Path, salt: str) -> None:
        self.file = folder / f"files-{hashlib.blake2b(salt.encode(), digest_size=16).hexdigest()}.pickle"
        self.salt = salt
        self.old, self.last_rules = self._read()
        self.new: dict[str, tuple[bytes, bytes]] = {}
        self.hits = 0
        self.rules: Ruled | None = None  # what this run leaves for the next one's rules (set by ``check``)
        self.rules_changed = False

    def _read(self) -> tuple[dict[str, tuple[bytes, bytes]], Ruled | None]:
        try:
            with open(self.file, "rb") as handle:
                salt, entries, rules = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            return {}, None
        if salt != self.salt or not isinstance(entries, dict):
            return {}, None
        return entries, rules if isinstance(rules, Ruled) else None

    @staticmethod
    def digest(path: Path, limit: int) -> bytes | None:
        """The hash of a regular file's bytes, or None for anything the per-file stage must judge itself
        (links, FIFOs, devices, files over the size limit, unreadable files)."""
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            return hashlib.blake2b(path.read_bytes(), digest_size=20).digest()
        except OSError:
            return None

    def get(self, key: str, digest: bytes) -> FileResult | None:
        held = self.old.get(key)
        if held is None or held[0] != digest:
            return None
        try:
            result = pickle.loads(held[1])
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            return None
        self.new[key] = held
        self.hits += 1
        return result

    def put(self, key: str, digest: bytes, result: FileResult) -> None:
        self.new[key] = (digest, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    def save(self) -> None:
        """Write the entries of this run, if they differ from what was read; quietly skip on failure."""
        if self.new.keys() == self.old.keys() and self.hits == len(self.new) and not self.rules_changed:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=".files-")
            with os.fdopen(handle, "wb") as out:
                pickle.dump((self.salt, self.new, self.rules), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
        except OSError:
            pass
