"""Incremental runs: each file's per-file stage result, kept under the hash of its bytes.

A file whose bytes, path and settings are unchanged is not parsed and validated again: the index of the
cache holds its facts (``incremental.FileFacts``: its ids, the kinds of its records, the ids they name,
its own findings, digests of what the rules of ``scope="corpus"`` read), and its records are read from
its result only if the run needs them (``corpus.Shelf``). What a warm run reads, and when it reads
everything, is told in ``validator.incremental``; its findings are those of a full run.

The cache lives under the user's cache directory (``$XDG_CACHE_HOME/accord``, else ``~/.cache/accord``)
or ``--cache-dir``, never inside the corpus: one folder per set of settings (``salt``: accord's version
and code (its modules' bytes, not their times: a CI job that restores the cache and installs accord
again keeps it), Python's, the input limits) and place (``place``: the working directory, which the paths
shown are relative to, and the corpora checked: runs from two folders, two checkouts or on two corpora
keep a cache each instead of replacing each other's), holding one file per checked file (its result, named by the hash
of its key and bytes), an index (each file's hash and status, what the rules keep), each file's facts in 16 shards
(a run writes those whose files' facts changed), and for each
rule with ``Groups`` (DUP001, QUOTE002) what it reads of each record, by group, in up to 256 buckets
(``incremental.GroupStore``), so that a run writes only what changed, and reads the index and the
results and buckets it needs. A file whose size,
modification time and inode are those of the last run is not hashed again, unless it changed within two
seconds of that run (the file system's clock may not have moved: git's "racily clean" files). Only the
files of the last run are kept (a deleted file drops out), and a folder of other settings or places not
used for 30 days is removed. A result that is missing or damaged is made again from its file: a miss, never a crash.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import shutil
import stat
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from validator import transfer
from validator.guards import Limits
from validator.incremental import Bucket, FileFacts, Ruled, Stamp, status
from validator.records import ValidRecord
from validator.stage import FileResult

__all__ = ["FileCache", "default_cache_dir", "place_of", "settings_salt"]

Entry = tuple[bytes, Stamp, bool, "FileFacts | None"]  # a file's digest, stamp, whether racy, facts (None: no result)

_FORMAT = 14  # 5: results pickled by validator.transfer; 6: each file's facts in the index; 7: in facts.pickle; 8: groups; 9: own findings in the facts; 10: provisions; 11: texts' hashes; 12: facts in shards; 13: sources' text paths in the facts; 14: the keys looked up in the tables
#: The files' facts are kept in this many files, by a stable hash of the file's key: a run whose edits
#: change some files' facts (a new file, a quote, a date) writes those shards, not all the facts (8 MB
#: at 100k events).
FACT_SHARDS = 16
_EMPTY = b""  # the token of a shard that holds no file (not written)
_STALE_SECONDS = 30 * 24 * 3600


def default_cache_dir() -> Path:
    """Where accord keeps its cache unless told otherwise."""
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "accord"


_HOME = Path(__file__).resolve().parent.parent  # where the packages validator and schema are


def _code_fingerprint(home: Path = _HOME) -> str:
    """A hash of accord's own modules, names and bytes: a changed accord is another cache, while the same
    code installed again (a fresh checkout or virtual environment in CI, new file times) is the same one
    (570 KB of modules: about 2 ms)."""
    digest = hashlib.blake2b(digest_size=16)
    for package in ("validator", "schema"):
        for path in sorted((home / package).rglob("*.py")):
            digest.update(f"{path.relative_to(home).as_posix()}\0".encode())
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def place_of(corpora: Iterable[Path]) -> str:
    """Where a run is made from (``FileCache``'s ``place``): the working directory and the corpora checked."""
    return "\0".join([os.getcwd(), *sorted({os.fspath(corpus) for corpus in corpora})])


def settings_salt(limits: Limits) -> str:
    """What a per-file result depends on besides the file: accord, Python and the input limits."""
    from validator import __version__

    return (f"{_FORMAT}|{__version__}|{_code_fingerprint()}|{sys.version}|"
            f"{limits.max_file_bytes}|{limits.max_depth}|{limits.max_scalar_chars}")


class FileCache:
    """Per-file results of one set of settings and place, in one folder under ``folder``."""

    def __init__(self, folder: Path, salt: str, place: str = "") -> None:
        self.root = folder
        named = f"{salt}\0{place}".encode("utf-8", "surrogatepass")
        self.folder = folder / f"files-{hashlib.blake2b(named, digest_size=16).hexdigest()}"
        self.index = self.folder / "index.pickle"
        # apart from the index, which changes at every run that edits anything, in shards (``FACT_SHARDS``)
        self.facts_shards = [self.folder / f"facts-{number:02d}.pickle" for number in range(FACT_SHARDS)]
        self.salt = salt
        # The cyclic collector paused: the index holds a hundred thousand ids, which it would scan again and
        # again as they are made (30 ms against 17 at 100k records; ``check`` runs without it too).
        collecting = gc.isenabled()
        gc.disable()
        try:
            self.old, self.last_rules, self.facts_tokens = self._read()
        finally:
            if collecting:
                gc.enable()
        self.new: dict[str, Entry] = {}
        self.written: set[str] = set()  # the blobs this run wrote (as they came: none is held in memory)
        self.hits = 0
        self.rules: Ruled | None = None  # what this run leaves for the next one's rules (set by ``check``)
        self.rules_changed = False
        self.started = time.time_ns()

    def _read(self) -> tuple[dict[str, Entry], Ruled | None, tuple[bytes, ...]]:
        """The last run's entries, what it left for the rules, and the tokens of the shards of facts it named."""
        lost: tuple[dict[str, Entry], Ruled | None, tuple[bytes, ...]] = ({}, None, (_EMPTY,) * FACT_SHARDS)
        try:
            salt, entries, rules, tokens = self._load_index(self.index)
            if salt != self.salt or not isinstance(entries, dict) or len(tokens) != FACT_SHARDS:
                return lost  # another set of settings
            facts: dict[str, FileFacts] = {}
            for path, token in zip(self.facts_shards, tokens):
                if token == _EMPTY:
                    continue
                salt_of_facts, token_of_facts, shard = self._load_index(path)
                if (salt_of_facts, token_of_facts) != (salt, token):
                    return lost  # facts of another run (one that stopped halfway)
                facts.update(shard)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError, ImportError):
            return lost
        return ({key: (*held, facts.get(key)) for key, held in entries.items()}, rules if isinstance(rules, Ruled) else None,
                tuple(tokens))

    @staticmethod
    def _load_index(path: Path) -> Any:
        with open(path, "rb") as handle:
            return pickle.load(handle)

    @staticmethod
    def key(display: str, path: Path, compact: bool) -> str:
        """The key of a checked file: how it is shown, where it is, which form its records take."""
        return f"{display}\0{path}\0{'compact' if compact else 'models'}"

    @staticmethod
    def _blob(key: str, digest: bytes) -> str:
        return hashlib.blake2b(key.encode() + digest, digest_size=16).hexdigest() + ".pickle"

    def digest(self, key: str, path: Path, limit: int) -> bytes | None:
        """The hash of a regular file's bytes (the last run's, if its status is unchanged), or None for
        anything the per-file stage must judge itself (links, FIFOs, devices, files over the size limit,
        unreadable files)."""
        try:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            stamp, racy = status(info, self.started)
            held = self.old.get(key)
            if held is not None and held[1] == stamp and not held[2] and not racy:
                digest = held[0]
            else:
                digest = hashlib.blake2b(path.read_bytes(), digest_size=20).digest()
        except OSError:
            return None
        self.new[key] = (digest, stamp, racy, None)
        return digest

    def facts(self, key: str, digest: bytes) -> FileFacts | None:
        """The facts kept for the file of ``key`` if its bytes are ``digest`` (after ``digest``): a hit, whose
        result ``result`` reads if it is needed."""
        held = self.old.get(key)
        if held is None or held[0] != digest or held[3] is None:
            return None
        self._keep(key, held[3])
        self.hits += 1
        return held[3]

    def facts_then(self, key: str) -> FileFacts | None:
        """The facts of the file of ``key`` as the last run saw it."""
        held = self.old.get(key)
        return held[3] if held is not None else None

    def result(self, key: str) -> FileResult | None:
        """The result kept for the file of ``key`` as it is now (a hit), or None when it is lost."""
        held = self.new.get(key)
        return self._load(key, held[0]) if held is not None else None

    def last(self, key: str) -> list[ValidRecord] | None:
        """The valid records of the file of ``key`` as the last run saw it (its result kept then)."""
        held = self.old.get(key)
        result = self._load(key, held[0]) if held is not None else None
        return result.valid if result is not None else None

    @staticmethod
    def _bucket_name(rule: str, number: int) -> str:
        return f"groups-{rule}-{number:03d}.pickle"

    def bucket(self, rule: str, number: int) -> tuple[bytes, Bucket] | None:
        """A bucket of a rule's groups as the last run wrote it (its token and groups; None: lost or damaged)."""
        try:
            held = pickle.loads((self.folder / self._bucket_name(rule, number)).read_bytes())
        except Exception:  # noqa: BLE001 - a missing or damaged bucket is a miss
            return None
        return held if isinstance(held, tuple) and len(held) == 2 and isinstance(held[1], dict) else None

    def write_bucket(self, rule: str, number: int, data: bytes) -> bool:
        """Write a bucket of a rule's groups (pickled) now, as results are (maybe from a forked process); it
        counts once the index names its token. False when it cannot be written."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write(self.folder / self._bucket_name(rule, number), data)
        except OSError:
            return False
        return True

    def _keep(self, key: str, facts: FileFacts) -> None:
        digest, stamp, racy, _ = self.new[key]
        self.new[key] = (digest, stamp, racy, facts)

    def _load(self, key: str, digest: bytes) -> FileResult | None:
        """The result kept for ``key`` and ``digest``; None when it is missing or damaged (a miss)."""
        try:
            result = transfer.loads((self.folder / self._blob(key, digest)).read_bytes())
        except Exception:  # noqa: BLE001 - a missing or damaged entry is a miss
            return None
        return result if isinstance(result, FileResult) else None

    def put(self, key: str, digest: bytes, result: bytes, facts: FileFacts) -> None:
        """Keep the result (pickled) of the file of ``key`` whose bytes are ``digest``, and its facts: written
        now, so that a first run over a large corpus does not hold every result twice (100k records: 99 MB);
        it counts once ``save`` writes the index. A write that fails is a miss next time."""
        name = self._blob(key, digest)
        try:
            if not self.written:
                self.folder.mkdir(parents=True, exist_ok=True)
            self._write(self.folder / name, result)
        except OSError:
            return
        self.written.add(name)
        self._keep(key, facts)

    def save(self) -> None:
        """Write what this run changed (new results, the index); drop results no file needs any more and
        folders of other settings or places unused for 30 days; quietly give up on failure."""
        if self.new == self.old and not self.written and not self.rules_changed:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tokens = self._save_facts()  # the facts first: an index names the shards of facts it goes with
            grouped = self.rules.groups if self.rules is not None else {}
            entries = {key: held[:3] for key, held in self.new.items()}
            self._write(self.index, pickle.dumps((self.salt, entries, self.rules, tokens), protocol=pickle.HIGHEST_PROTOCOL))
            kept = {self._blob(key, digest) for key, (digest, *_) in self.new.items()}
            kept |= {self.index.name} | {path.name for path, token in zip(self.facts_shards, tokens) if token != _EMPTY}
            kept |= {self._bucket_name(rule, number) for rule, store in grouped.items()
                     for number, token in enumerate(store.tokens) if token}
            for name in os.listdir(self.folder):
                if name not in kept and not name.startswith("."):
                    (self.folder / name).unlink(missing_ok=True)
            stale = time.time() - _STALE_SECONDS
            for other in self.root.glob("files-*"):
                if other != self.folder and other.stat().st_mtime < stale:
                    shutil.rmtree(other, ignore_errors=True) if other.is_dir() else other.unlink(missing_ok=True)
        except OSError:
            pass

    def _save_facts(self) -> tuple[bytes, ...]:
        """Write the shards of facts that changed since the last run (a new token each); their tokens."""
        def sharded(entries: dict[str, Entry]) -> list[dict[str, FileFacts]]:
            shards: list[dict[str, FileFacts]] = [{} for _ in range(FACT_SHARDS)]
            for key, held in entries.items():
                if held[3] is not None:
                    shards[zlib.crc32(key.encode("utf-8", "surrogatepass")) % FACT_SHARDS][key] = held[3]
            return shards

        tokens = list(self.facts_tokens)
        for number, (now, then) in enumerate(zip(sharded(self.new), sharded(self.old))):
            if now == then and (tokens[number] != _EMPTY or not now):
                continue
            tokens[number] = os.urandom(16) if now else _EMPTY
            if now:
                self._write(self.facts_shards[number],
                            pickle.dumps((self.salt, tokens[number], now), protocol=pickle.HIGHEST_PROTOCOL))
        return tuple(tokens)

    def _write(self, path: Path, data: bytes) -> None:
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".part-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise
