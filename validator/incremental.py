"""Incremental runs: what a run with a cache reads, and which of the last run's findings stand.

The cache (``validator.cache``) keeps, in its index, each file's ``FileFacts``: what the corpus-wide stages
need of it without its records (the ids its items declare, the kind of each valid record, the ids they
name, its findings of its own, and for each rule of ``scope="corpus"`` that says what it ``reads`` a
digest of that). A run with a usable last run parses only the changed files and builds its index on a
``corpus.Shelf``: a file's records are read from the cache when a look-up first needs them. So it reads
the changed files (now and as the last run kept them), the files whose records the rules of records
check again, the sources' files (SRC001 and the zones
and texts they give), the tables of actors, the reviews, and the files holding the ids those records
name. Anything that asks for every record (every meeting, every id's record) gets them all: correct,
only slower.

A rule of ``scope="record"`` (``validator.rules.engine``) makes each finding while checking one record,
places it in that record's file, and depends only on that record, the records it names by id, those
sources' text files and the corpus-wide tables of states, organizations and persons. So, after a run
that kept each file's findings of those rules, a file's findings stand unless:

* the file changed (or it is new, or it cannot be cached);
* a record of a kind that feeds the tables (``TABLE_KINDS``) appeared or went anywhere: then every file is
  checked;
* a record changed what the tables hold of it (``table_view``: its names, code, what it belongs to) and
  one of the file's records looks up in the tables (``Tables``: a place's words, a title's words, a
  surname, a person titled, what a report's participants belong to) a key that they answer otherwise now
  than in the last run; every file is checked when what a rule reads of them for every record changed
  (which actor records are one actor's, for DUP001). A person's role given other dates or another title,
  or notes, are a record that changed, as any other;
* an id that the file declares or names is that of a record that changed, appeared or went (a changed
  file's records are compared, by value, with those the last run kept for it: an edit of one record, or
  of a comment, reaches only the files that name that record; of a state or an organization, the records
  naming it read only its kind, the rest through the tables), or names a source whose text changed (its
  bytes: a file whose size, time or inode moved is hashed again, so a checkout or a ``touch`` that keeps
  the bytes re-checks nothing); in a file that is unchanged and had no findings of those rules, only the records
  that are or name such a record or source are checked again (the others' findings, none, stand);
* the file had findings of those rules last time, and the ids of the corpus moved (an id declared or
  gone, a record made valid or invalid, a proposal changed: ``_Changes.moved``), or one of them shows a
  place in a file that changed or went: what such findings say may read every id (the "did you mean" of
  an unknown id; whether it is a provision, or the id of an invalid record), and they show where the
  records they name are written. Other edits do not re-check them (a corpus of records naming actors it
  lacks has findings in every file).

A rule of ``scope="corpus"`` (DUP001, ID002, QUOTE002) keeps its last findings when what it reads is the
same in every file, in the same order, and none of those findings is placed in a file that changed or
went. Otherwise, a rule that splits into ``Groups`` (DUP001: events by type and participant, speaker or
proposer; QUOTE002: statements by quote) checks again only the groups an edit reaches: those that a
changed record (compared by what the rule reads of it, at its place in its file) is in or was in, and
those with a finding placed in a file that changed or went. Their members come from the cache, which
keeps what the rule reads of each record by group (``GroupStore``, in buckets of groups), and the other
groups' findings stand. Any other rule of the corpus runs whole, and reads every record it iterates. ID001
and SRC001 (``corpus.build_index``) are made again every time, from the facts and the sources' records.

A rule with ``Groups`` that reads the tables (DUP001: the actors' names in proposals' titles) also checks
again the groups of the records that look up a key answered otherwise.

Everything is read, as in a run without a cache, when there is no usable last run, other rules are
chosen, a file cannot be cached (a link, a special file), a record of a table kind appeared or went, or
what a rule reads of the tables for every record changed. The law that an incremental run reports what
a full run reports is tested in ``tests/test_incremental.py``.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
import zlib
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from validator.corpus import CorpusIndex
from validator.findings import Finding
from validator.records import ValidRecord
from validator.rules import RULES, run_rules
from validator.rules.engine import MIN_RECORDS_TO_FORK, ByGroup, Groups, Keeping, by_group
from validator.rules.references import ids_named

__all__ = ["TABLE_KINDS", "BUCKETS", "Bucket", "FileFacts", "GroupStore", "Ruled", "Increment", "Stamp", "status", "facts_of",
           "TextState", "text_stamps", "table_view", "by_file", "bucket_of"]

#: Kinds whose records the rules of records read as whole tables (names, countries, affiliations).
TABLE_KINDS = frozenset({"state", "organization", "person"})

Stamp = tuple[int, int, int]  # a file's size, modification time and inode

#: A file modified this close to when its stamp is taken may change again within the same tick of the
#: file system's clock and keep its stamp: such a stamp is racy and never vouches for the file (git's
#: "racily clean" entries).
_RACY_NS = 2_000_000_000


def status(info: os.stat_result, now_ns: int) -> tuple[Stamp, bool]:
    """A file's stamp, and whether it is racy at ``now_ns`` (``time.time_ns()`` of the run)."""
    return (info.st_size, info.st_mtime_ns, info.st_ino), info.st_mtime_ns >= now_ns - _RACY_NS


class FileFacts(NamedTuple):
    """What the corpus-wide stages need of a file without its records: each item's raw id (None where it
    is not text) and the kind of the valid record it made (None: not valid), the ids its valid records
    name, whether the document is one mapping, its findings of its own (of the per-file stage: a warm run
    reports them without reading the file's result), for each rule of ``scope="corpus"`` that says
    what it reads, a digest of that, and the keys its records' checks look up in the tables. (A named
    tuple: the cache's index holds one per file, and reads them all at every run.)"""

    ids: tuple[str | None, ...]
    kinds: tuple[str | None, ...]
    names: str  # one text, each id between line breaks (ids hold none): far cheaper to keep than a set
    single: bool
    findings: tuple[Finding, ...]
    reads: dict[str, bytes]
    provisions: str  # the provision ids its proposals declare, as ``names`` (``corpus.Shelf.proposal_of``)
    texts: tuple[tuple[int, str, str], ...]  # each source record's item, id and text path (``corpus.Shelf.texts``)
    looks: str  # what its records' checks look up in the tables (``Tables``: "ROLE001/key"), as ``names``

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        """Pickled as ``tuple.__new__(FileFacts, values)``: read back without calling Python code."""
        return tuple.__new__, (FileFacts, tuple(self))

    def declared(self) -> set[str]:
        return {record_id for record_id in self.ids if record_id is not None}

    def records(self) -> dict[str, str]:
        """The kind of each id's first valid record in the file."""
        found: dict[str, str] = {}
        for record_id, kind in zip(self.ids, self.kinds):
            if kind is not None:
                found.setdefault(record_id, kind)  # type: ignore[arg-type]
        return found


def facts_of(ids: list[Any], valid: list[ValidRecord], single: bool, findings: tuple[Finding, ...]) -> FileFacts:
    """The facts of a file after its per-file stage (``ids``: its items' raw ids)."""
    records = [entry.record for entry in valid]
    kinds: list[str | None] = [None] * len(ids)
    for entry in valid:
        kinds[entry.index] = sys.intern(entry.record.kind)  # type: ignore[attr-defined]
    reads = {name: _digest(rule.reads(ids, records)) for name, rule in RULES.items() if rule.reads is not None}
    return FileFacts(tuple(i if isinstance(i, str) else None for i in ids), tuple(kinds),
                     "".join(f"\n{name}" for name in sorted(ids_named(records))) + "\n", single, findings,
                     {name: digest for name, digest in reads.items() if digest is not None},
                     "".join(f"\n{provision.id}" for record in records if record.kind == "proposal"
                             for provision in record.provisions) + "\n",
                     tuple((entry.index, entry.record.id, entry.record.text) for entry in valid
                           if entry.record.kind == "source"),
                     "".join(f"\n{key}" for key in sorted({f"{name}/{key}" for name, tables in _TABLES.items()
                                                            for record in records for key in tables.looks(record)}))
                     + "\n")


#: The rules that say what they read of the tables (``Tables``).
_TABLES = {name: rule.tables for name, rule in RULES.items() if rule.tables is not None}


def _digest(values: Any) -> bytes | None:
    """A digest of what a rule reads of a file (None when it reads nothing there)."""
    values = list(values)
    return hashlib.blake2b(repr(values).encode(), digest_size=16).digest() if values else None


#: The groups of a rule with ``Groups`` are kept in this many files, by a stable hash of their key: an edit
#: reads and writes the few that hold the groups it reaches (at 100k events, some 400 records each).
BUCKETS = 256

Member = tuple[bytes, int, Any]  # a record of a group: its file (``file_tag``), its item number, what the rule reads
Bucket = dict[Hashable, list[Member]]  # the members of the groups of one bucket


def file_tag(key: str) -> bytes:
    """A file's cache key as a group's member names it: 8 bytes, not the key (a path twice, some 100 bytes,
    which took 25 of the 36 MB of the buckets at 100k events)."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()


def bucket_of(group: Hashable) -> int:
    """The bucket of a group's key, the same in every process (``hash`` of a text is not)."""
    return zlib.crc32(repr(group).encode()) % BUCKETS


EMPTY = b""  # the token of an empty bucket, which is not written


def _pickled(token: bytes, bucket: Bucket) -> bytes:
    """A bucket as its file holds it (``FileCache.bucket`` reads it)."""
    return pickle.dumps((token, bucket), protocol=pickle.HIGHEST_PROTOCOL)


class GroupStore(NamedTuple):
    """What a run keeps of a rule with ``Groups``: each group's findings (of the groups with findings), and
    the token of each bucket of members it wrote (the cache keeps the buckets themselves; a bucket that
    does not hold its token is lost, and the rule runs whole)."""

    found: dict[Hashable, list[Finding]]
    tokens: tuple[bytes, ...]


class TextState(NamedTuple):
    """A source's text file as a run saw it: its stamp, whether that was racy, and the hash of its bytes."""

    stamp: Stamp
    racy: bool
    digest: bytes | None  # None: it could not be read


@dataclass
class Ruled:
    """What a run leaves for the next one: the rules of records it ran, its sources' texts as it saw them, for each
    file (by cache key) its findings of those rules by code (the codes with findings only), for each
    rule of ``scope="corpus"`` that ran, what it read (the files' keys and digests, in order) and its
    findings, and for each of those with ``Groups``, its groups."""

    codes: frozenset[str] = frozenset()
    stamps: dict[str, TextState | None] = field(default_factory=dict)
    files: dict[str, dict[str, list[Finding]]] = field(default_factory=dict)
    corpus: dict[str, tuple[tuple[tuple[str, bytes], ...], list[Finding]]] = field(default_factory=dict)
    groups: dict[str, GroupStore] = field(default_factory=dict)


def text_stamps(index: CorpusIndex, last: dict[str, TextState | None] | None = None) -> dict[str, TextState | None]:
    """Each source's text file as it was when the index was built (what QUOTE rules read); None where it has
    none. Its bytes are hashed unless ``last`` (the last run's) has its stamp, not racy: then its hash is
    that run's (a warm run reads none of the texts it did not see change)."""
    now = time.time_ns()
    last = last or {}
    states: dict[str, TextState | None] = {}
    for source_id, info in index._text_stats.items():
        if info is None:
            states[source_id] = None
            continue
        stamp, racy = status(info, now)
        before = last.get(source_id)
        if before is not None and before.stamp == stamp and not before.racy and not racy:
            states[source_id] = before
            continue
        try:
            with open(index._text_files[source_id], "rb") as handle:  # type: ignore[arg-type]
                digest: bytes | None = hashlib.blake2b(handle.read(), digest_size=20).digest()
        except (OSError, TypeError):
            digest = None
        states[source_id] = TextState(stamp, racy, digest)
    return states


def _same_text(old: TextState | None, new: TextState | None) -> bool:
    """Whether a source's text is what the last run read: the same bytes (or both without a file)."""
    if old is None or new is None:
        return old is new
    return old.digest is not None and old.digest == new.digest


#: Beyond this share of the files to check again, in a corpus whose rules fork (``MIN_RECORDS_TO_FORK``),
#: every record is checked, as in a run without a cache: its rules run in several processes, where those
#: of a focused index run in one (an edit of what the organization of every person's role belongs to, at
#: 100k events: 4.8-6.2 s focused, 4.1-5.0 s whole, in-process).
MOST_TO_FOCUS = 0.5

#: The kinds of records that the rules of records read, through an id that names one, only as a kind: their
#: names, codes and what they belong to are read through the tables (``Tables``). A person's roles and
#: names are read through the ids of the records that give them titles.
_READ_AS_A_KIND = frozenset({"state", "organization"})


def _as_named(record: Any) -> Any:
    """What the rules of records read of a record through an id that names it."""
    return record.kind if record.kind in _READ_AS_A_KIND else record


def _changed_records(before: list[ValidRecord], after: list[ValidRecord], ids: set[str]) -> set[str]:
    """The ids (of ``ids``: the file's, then and now) whose record differs between the last run's valid
    records of a file and this run's, compared by value (by what the records naming it read of it:
    ``_as_named``); all of them when an id is there twice (which record stands for it is the rules'
    business)."""
    then = {entry.record.id: entry.record for entry in before}  # type: ignore[attr-defined]
    now = {entry.record.id: entry.record for entry in after}  # type: ignore[attr-defined]
    if len(then) < len(before) or len(now) < len(after):
        return ids
    return {i for i in ids if i not in then or i not in now or _as_named(then[i]) != _as_named(now[i])}


Then = Callable[[str], "list[ValidRecord] | None"]  # a file's valid records as the last run kept them


@dataclass
class _Changes:
    """What changed since the last run: the files (changed or new), the files that went (their keys), the
    ids of the records that changed, appeared or went, and their kinds; and whether the ids declared
    moved (see ``moved``)."""

    files: set[int] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    declared: bool = False  # whether some file's items declare other ids, or other kinds, or other valid ones
    tables: bool = False  # whether what the tables hold changed (``table_view``) other than in place
    #: The changed files whose records changed what the tables hold in place (the same ids, of the same
    #: kinds), with their valid records as the last run kept them.
    views: dict[int, list[ValidRecord]] = field(default_factory=dict)

    @property
    def moved(self) -> bool:
        """Whether the ids of the corpus changed: those declared, in their order, with their kinds and
        whether their records are valid, and the provisions of proposals. The "did you mean" of an unknown
        id, and whether it is a provision or the id of an invalid record, read them all."""
        return self.declared or "proposal" in self.kinds

    def add(self, ids: set[str], *facts: FileFacts) -> None:
        """Count ``ids`` as changed, with the kinds of their records in ``facts`` (then and now)."""
        self.ids |= ids
        self.kinds.update(kind for fact in facts for i, kind in fact.records().items() if i in ids)


def table_view(record: Any) -> tuple[Any, ...] | None:
    """What the rules read of a record of a table kind other than through the records that name it: its
    names (titles, places, actors' twins), a state's code, what an organization or person belongs to (read
    up the chain from what a record names). None for a record of another kind."""
    if record.kind not in TABLE_KINDS:
        return None
    return (record.kind, record.id, record.name, tuple(record.aliases), getattr(record, "iso_code", None),
            getattr(record, "part_of", None), getattr(record, "state", None),
            frozenset(role.organization for role in getattr(record, "roles", ())))


def _tables(records: Iterable[ValidRecord]) -> list[tuple[Any, ...]]:
    """The table views of a file's records, in order."""
    return [view for entry in records if (view := table_view(entry.record)) is not None]


def _changes(last: Ruled, keys: list[str | None], hits: list[bool], facts: list[FileFacts],
             facts_then: Callable[[str], FileFacts | None], now: Callable[[int], list[ValidRecord]],
             then: Then) -> _Changes | None:
    """What changed since the last run, or None when that is not known (a file that cannot be cached, a
    file whose last state is lost) or what the tables hold changed other than in place (a record of a
    table kind appeared or went): then every file is checked."""
    found = _Changes()
    present = set()
    for number, (key, hit) in enumerate(zip(keys, hits, strict=True)):
        if key is None:
            return None  # a file that cannot be cached (a link, a special file): its last state is unknown
        present.add(key)
        if hit and key in last.files:
            continue
        found.files.add(number)
        old = facts_then(key) if key in last.files else None
        if old is None:  # new (or not kept): every record of it is new
            found.add(facts[number].declared(), facts[number])
            found.declared |= any(facts[number].ids)
            found.tables |= not TABLE_KINDS.isdisjoint(facts[number].kinds)
            continue
        before = then(key)
        if before is None:
            return None
        after = now(number)
        found.add(_changed_records(before, after, old.declared() | facts[number].declared()), old, facts[number])
        in_place = (old.ids, old.kinds) == (facts[number].ids, facts[number].kinds)
        found.declared |= not in_place
        if _tables(before) != _tables(after):
            if in_place:
                found.views[number] = before
            else:
                found.tables = True
    for key in last.files:
        if key not in present:  # deleted (or no longer checked)
            old = facts_then(key)
            if old is None:
                return None
            found.gone.add(key)
            found.add(old.declared(), old)
            found.declared |= any(old.ids)
            found.tables |= not TABLE_KINDS.isdisjoint(old.kinds)
    return None if found.tables else found


class _TablesThen:
    """The tables as the last run read them, for ``Tables.answers``: the index, but for the records of the
    files that changed what the tables hold in place (``_Changes.views``), as they were. Their ids and
    kinds are the same now, so each id's first record is in the same file."""

    def __init__(self, index: CorpusIndex, then: dict[int, list[ValidRecord]]) -> None:
        shelf = index.shelf
        assert shelf is not None  # an incremental run's index
        self.index, self.shelf, self.then = index, shelf, then
        self.by_kind = {kind: [entry for number in shelf.files_of.get(kind, ())
                               for entry in (then[number] if number in then else shelf.records(number))
                               if entry.record.kind == kind] for kind in TABLE_KINDS}
        self.by_id = self

    def get(self, record_id: str, default: Any = None) -> Any:
        """``by_id.get``: an id's first valid record."""
        number = self.shelf.owner.get(record_id)
        if number not in self.then:
            return self.index.by_id.get(record_id, default)
        return next((entry for entry in self.then[number] if entry.record.id == record_id), default)


def _through_tables(index: CorpusIndex, changes: _Changes, facts: list[FileFacts],
                    names: Iterable[str]) -> dict[str, set[int]] | None:
    """For each rule of ``names`` that reads the tables (``Tables``), the files with a record whose check
    looks up a key that the tables answer otherwise than in the last run; None when what one reads of
    them for every record changed."""
    then = _TablesThen(index, changes.views)
    chosen = {name: _TABLES[name] for name in names if name in _TABLES}
    if any(tables.everywhere(then) != tables.everywhere(index) for tables in chosen.values()):  # type: ignore[arg-type]
        return None
    keys = set().union(*(fact.looks.split("\n") for fact in facts))
    reached: dict[str, set[int]] = {}
    for name, tables in chosen.items():
        before, now = tables.answers(then), tables.answers(index)  # type: ignore[arg-type]
        prefix = f"{name}/"
        changed = {key for key in keys if key.startswith(prefix)
                   and before(key[len(prefix):]) != now(key[len(prefix):])}
        looks = _named(changed)
        reached[name] = {number for number, fact in enumerate(facts) if changed and looks(fact.looks)}
    return reached


class _Dirty(NamedTuple):
    """Which files the rules of records check again (``files``), and of those the ones where only the
    records that are or name one of ``changed`` are (``partly``): unchanged files that had none of those
    rules' findings, where the other records' findings (none) stand."""

    files: set[int]
    partly: set[int]
    changed: set[str]  # the ids of the records that changed, appeared or went, and of the changed texts' sources


def _dirty(last: Ruled, changes: _Changes, facts: list[FileFacts], keys: list[str | None],
           stamps: dict[str, TextState | None], unchanged: set[str], tables: set[int]) -> _Dirty:
    """The files whose findings of the rules of records must be made again (see the module); ``tables``:
    those whose records look up in the tables what they answer otherwise now (``_through_tables``)."""
    changed = changes.ids | {source for source, stamp in stamps.items()
                             if source in last.stamps and not _same_text(last.stamps[source], stamp)}
    dirty = _Dirty(changes.files | tables, set(), changed)
    if not dirty.files and not changed:
        return dirty  # nothing changed
    names = _named(changed)
    for number, (key, fact) in enumerate(zip(keys, facts, strict=True)):
        if number in dirty.files:
            continue
        had = last.files[key]  # type: ignore[index]
        if had and (changes.moved or any(where.path not in unchanged for items in had.values()
                                         for item in items for where in item.locations)):
            dirty.files.add(number)
        elif not changed.isdisjoint(fact.ids) or names(fact.names):
            dirty.files.add(number)
            if not had:  # (its other records' findings, none, stand; a file's findings are kept whole)
                dirty.partly.add(number)
    return dirty


def _is_or_names(record: Any, changed: set[str]) -> bool:
    """Whether a record is one of ``changed`` or names one."""
    return record.id in changed or not changed.isdisjoint(ids_named((record,)))


def _named(ids: set[str]) -> Callable[[str], bool]:
    """Whether a file's ``FileFacts.names`` holds one of ``ids``: a search of the text for a few, a set test
    for many."""
    if len(ids) <= 16:
        needles = [f"\n{i}\n" for i in ids]
        return lambda names: any(needle in names for needle in needles)
    return lambda names: not ids.isdisjoint(names.split())


def by_file(findings: list[Finding], displays: dict[str, int]) -> dict[int, list[Finding]] | None:
    """The findings of the rules of records grouped by the file they are placed in (its number), or None
    when one is placed outside every checked file (then nothing can be kept for the next run)."""
    grouped: dict[int, list[Finding]] = {}
    for found in findings:
        number = displays.get(found.location.path)
        if number is None:
            return None
        grouped.setdefault(number, []).append(found)
    return grouped


def _read(name: str, keys: list[str | None], facts: list[FileFacts]) -> tuple[tuple[str, bytes], ...] | None:
    """What rule ``name`` (of ``scope="corpus"``) reads of every file: their keys and digests, in order
    (None when a file cannot be cached)."""
    if None in keys:
        return None
    return tuple((key, fact.reads[name]) for key, fact in zip(keys, facts) if name in fact.reads)  # type: ignore[misc]


def _standing(last: Ruled | None, names: list[str], keys: list[str | None], facts: list[FileFacts],
              unchanged: set[str]) -> dict[str, list[Finding]]:
    """The last findings of the rules of ``scope="corpus"`` named that stand: the rule reads what it read
    then, and none of them is placed in a file that is not ``unchanged`` (its display)."""
    kept: dict[str, list[Finding]] = {}
    for name in names:
        held = last.corpus.get(name) if last is not None else None
        if held is not None and held[0] == _read(name, keys, facts) and all(
                where.path in unchanged for found in held[1] for where in found.locations):
            kept[name] = held[1]
    return kept


class _Member:
    """A record of a group as the cache keeps it (what the rule reads of it, as ``record``), standing for
    the record in a rule: its document is read only to place a finding."""

    __slots__ = ("record", "index", "_number", "_records")

    def __init__(self, record: Any, index: int, number: int, records: Callable[[int], list[ValidRecord]]) -> None:
        self.record, self.index, self._number, self._records = record, index, number, records

    @property
    def doc(self) -> Any:
        return self._records(self._number)[0].doc  # a file's valid records share its document


class Increment:
    """The rules in a run with a cache. ``everything`` says whether every file's records must be read
    (no usable last run, other rules, an actor appeared or went); then ``focus_on`` the index decides
    which files the rules of records check again (``focus``: the index focused on them, None for all, as
    when what a rule reads of the tables for every record changed); ``run_groups`` runs the rules with
    ``Groups`` (the groups an edit reaches, or whole); ``complete`` adds the findings that stand, and
    leaves in ``ruled`` what this run keeps for the next (the buckets of groups it changed are written as
    they are made)."""

    def __init__(self, last: Ruled | None, selected: Callable[[str], bool], displays: list[str],
                 keys: list[str | None], hits: list[bool], facts: list[FileFacts],
                 facts_then: Callable[[str], FileFacts | None], now: Callable[[int], list[ValidRecord]],
                 then: Then, bucket: Callable[[str, int], tuple[bytes, Bucket] | None] = lambda name, number: None,
                 write: Callable[[str, int, bytes], bool] = lambda name, number, data: False) -> None:
        """For each file in the order of the run: how it is shown, its cache key (None: it cannot be
        cached), whether its bytes are those of the last run, its facts; ``facts_then(key)`` gives a file's
        facts as the last run saw them, ``now(n)`` file n's valid records, ``then(key)`` a file's valid
        records as the last run kept them (None: not known), ``bucket(rule, n)`` a bucket of a rule's groups
        as the last run kept it (its token and its groups; None: lost), ``write(rule, n, data)`` writes one
        (pickled; False: it could not)."""
        self.last, self.keys, self.facts, self.now, self.then = last, keys, facts, now, then
        self.bucket, self.write = bucket, write
        self.codes = frozenset(name for name, rule in RULES.items() if rule.scope == "record" and selected(name))
        self.changes = None if last is None or last.codes != self.codes else _changes(
            last, keys, hits, facts, facts_then, now, then)
        self.everything = self.changes is None
        self.displays = {display: number for number, display in enumerate(displays)}
        self.corpus = [name for name, rule in RULES.items() if rule.scope == "corpus" and rule.reads and selected(name)]
        self.unchanged = {d for d, hit in zip(displays, hits, strict=True) if hit}
        self.kept = _standing(last, self.corpus, keys, facts, self.unchanged)
        self.grouped = [name for name in self.corpus if RULES[name].groups is not None and name not in self.kept]
        # Those that may sweep again only the groups an edit reaches (the others run whole, with the rest).
        self.again = [name for name in self.grouped if self.changes is not None and last is not None
                      and name in last.groups and len(last.groups[name].tokens) == BUCKETS]
        # The groups of a rule whose findings stand are those of the last run.
        self.stores = {name: last.groups[name] for name in self.kept if last is not None and name in last.groups}
        self.records: Callable[[int], list[ValidRecord]] = now  # each file's valid records (``focus_on``)
        self.wrote = False  # whether buckets of groups were written (the index must name their tokens)
        self.index: CorpusIndex | None = None
        self.dirty: set[int] | None = None
        self.focus: CorpusIndex | None = None
        self.stamps: dict[str, TextState | None] = {}
        self.ruled: Ruled | None = None
        self.changed = False
        self.rechecked: list[int] = []
        self.rechecked_ids: list[str] | None = None
        self.reach: dict[str, set[int]] = {}  # by rule with Groups, the files whose records' groups the tables reach

    def focus_on(self, index: CorpusIndex, records: Callable[[int], list[ValidRecord]]) -> None:
        """Decide, over the built ``index``, which files the rules of records check (``records(n)``: file n's
        valid records)."""
        self.index, self.records = index, records
        self.stamps = text_stamps(index, self.last.stamps if self.last is not None else None)
        if self.changes is None:
            return
        tables: set[int] = set()
        if self.changes.views:
            reached = _through_tables(index, self.changes, self.facts, [*self.codes, *self.again])
            if reached is None:  # what a rule reads of the tables for every record changed
                self._everything(records)
                return
            self.reach = {name: files for name, files in reached.items() if name in self.again}
            tables = set().union(*(files for name, files in reached.items() if name in self.codes))
        dirty = _dirty(self.last, self.changes, self.facts, self.keys, self.stamps,  # type: ignore[arg-type]
                       self.unchanged, tables)
        if len(dirty.files) > len(self.keys) * MOST_TO_FOCUS and len(index.by_id) >= MIN_RECORDS_TO_FORK:
            self._everything(records)
            return
        self.dirty = dirty.files
        self.focus = index.focused([entry for number in sorted(dirty.files) for entry in records(number)
                                    if number not in dirty.partly or _is_or_names(entry.record, dirty.changed)])

    def _everything(self, records: Callable[[int], list[ValidRecord]]) -> None:
        """Check every record, as a run without a cache does, from the records read now (so that forked
        processes inherit them)."""
        for number in range(len(self.keys)):
            records(number)
        self.changes, self.again, self.everything = None, [], True

    def run_groups(self, timings: dict[str, float] | None, whole: Keeping) -> list[Finding]:
        """The findings of the rules with ``Groups`` that sweep again only the groups an edit reaches
        (``again``; or all, if the last run's groups turn out lost); what ``keep`` made of the groups of
        those that ran whole with the other rules is in ``whole``. Each rule's groups are noted for the next
        run."""
        assert self.index is not None
        found: list[Finding] = []
        for name in self.grouped:
            start = time.perf_counter()
            groups = RULES[name].groups
            assert groups is not None
            if name in whole.kept:
                self._take(name, whole.kept[name])
            else:
                made = self._again(name, groups) if name in self.again else None
                found.extend(made if made is not None else self._whole(name, groups))
            if timings is not None:
                timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
        return found

    def _whole(self, name: str, groups: Groups) -> list[Finding]:
        """A rule with ``Groups`` over every record, in this process; all its groups are noted."""
        assert self.index is not None
        found = by_group(groups, self.index)
        self._take(name, self.keep(name, found))
        return groups.finish(self.index, [item for items in found.values() for item in items])

    def keep(self, name: str, found: ByGroup) -> tuple[ByGroup, tuple[bytes, ...]] | None:
        """What is kept of a rule with ``Groups`` that ran whole: its findings by group, and its members in
        buckets, written now (their tokens come back); None if a file cannot be cached or a bucket cannot be
        written. Made in the process that ran the rule (``Keeping``), which may be a forked one, beside the
        other rules: 0.4 s at 100k events, and 0.6 s to pickle them (at 1M, 220 MB that this process would
        hold until the end if they came back)."""
        groups = RULES[name].groups
        assert self.index is not None and groups is not None
        if None in self.keys:
            return None
        members: dict[Hashable, list[Member]] = {}  # each group's, before they go to their bucket
        for number, key in enumerate(self.keys):
            tag = file_tag(key)  # type: ignore[arg-type]
            for entry in self.records(number):
                slim = groups.slim(entry.record)
                if slim is not None:
                    member = (tag, entry.index, slim)
                    for group in dict.fromkeys(groups.keys(self.index, slim)):
                        members.setdefault(group, []).append(member)
        buckets: list[Bucket] = [{} for _ in range(BUCKETS)]
        for group, of_group in members.items():
            buckets[bucket_of(group)][group] = of_group
        tokens = tuple(os.urandom(8) if bucket else EMPTY for bucket in buckets)
        for number, (token, bucket) in enumerate(zip(tokens, buckets)):
            if bucket and not self.write(name, number, _pickled(token, bucket)):
                return None
        return found, tokens

    def _take(self, name: str, kept: tuple[ByGroup, tuple[bytes, ...]] | None) -> None:
        if kept is not None:
            self.stores[name] = GroupStore(*kept)
            self.wrote = True

    def _again(self, name: str, groups: Groups) -> list[Finding] | None:
        """A rule with ``Groups`` over the groups an edit reaches (see the module), with the other groups'
        findings from the last run; None when the last run's groups or files are not at hand."""
        assert self.index is not None and self.last is not None and self.changes is not None
        store = self.last.groups[name]  # at hand: see ``again``
        reached = self._reached(name, groups, store)
        if reached is None:
            return None
        held: dict[int, Bucket] = {}
        for number in sorted({bucket_of(group) for group in reached}):
            kept = (EMPTY, {}) if store.tokens[number] == EMPTY else self.bucket(name, number)
            if kept is None or kept[0] != store.tokens[number]:
                return None
            held[number] = kept[1]
        # Their members: those kept, but for the edited files', and the edited files' as they are now.
        tags = [file_tag(key) for key in self.keys]  # type: ignore[arg-type]
        edited = {tags[number] for number in self.changes.files} | set(map(file_tag, self.changes.gone))
        rank = {tag: number for number, tag in enumerate(tags)}
        members: dict[tuple[int, int], Any] = {}
        added: dict[Hashable, list[Member]] = {}
        for group in reached:
            for tag, item, slim in held[bucket_of(group)].get(group, ()):
                if tag not in edited:
                    number = rank.get(tag)
                    if number is None:
                        return None
                    members.setdefault((number, item), _Member(slim, item, number, self.records))
        for number in self.changes.files:
            for entry in self.now(number):
                slim = groups.slim(entry.record)
                if slim is not None:
                    for group in reached.intersection(groups.keys(self.index, slim)):
                        members[(number, entry.index)] = entry
                        added.setdefault(group, []).append((tags[number], entry.index, slim))
        by_kind: dict[str, list[Any]] = {}
        for _, member in sorted(members.items(), key=lambda pair: pair[0]):
            by_kind.setdefault(member.record.kind, []).append(member)
        found = {group: items for group, items in store.found.items() if group not in reached}
        found.update(by_group(groups, self.index, by_kind, reached))
        # The buckets reached, with their groups' members as they are now.
        tokens = list(store.tokens)
        for number, bucket in held.items():
            bucket = dict(bucket)
            for group in reached:
                if bucket_of(group) == number:
                    now = [m for m in bucket.get(group, ()) if m[0] not in edited] + added.get(group, [])
                    if now:
                        bucket[group] = now
                    else:
                        bucket.pop(group, None)
            tokens[number] = os.urandom(8) if bucket else EMPTY
            if bucket and not self.write(name, number, _pickled(tokens[number], bucket)):
                return None
            self.wrote = True
        self.stores[name] = GroupStore(found, tuple(tokens))
        return groups.finish(self.index, [item for items in found.values() for item in items])

    def _reached(self, name: str, groups: Groups, store: GroupStore) -> set[Hashable] | None:
        """The groups an edit reaches: those that a record of a changed file is in or was in, where what the
        rule reads of the record at that place in the file changed, those with a finding placed in a file
        that changed or went, and those of the records whose keys the tables answer otherwise (``reach``);
        None when a file's last records are lost."""
        assert self.index is not None and self.last is not None and self.changes is not None
        index = self.index
        reached: set[Hashable] = set()

        def compare(records_then: Iterable[ValidRecord], records_now: Iterable[ValidRecord]) -> None:
            then = {entry.index: groups.slim(entry.record) for entry in records_then}
            now = {entry.index: groups.slim(entry.record) for entry in records_now}
            for item in then.keys() | now.keys():
                old, new = then.get(item), now.get(item)
                if old != new:
                    for slim in (old, new):
                        if slim is not None:
                            reached.update(groups.keys(index, slim))

        for number in self.changes.files:
            key = self.keys[number]
            before = self.then(key) if key in self.last.files else []  # type: ignore[arg-type]
            if before is None:
                return None
            compare(before, self.now(number))
        for key in self.changes.gone:
            before = self.then(key)
            if before is None:
                return None
            compare(before, [])
        reached.update(group for group, items in store.found.items()
                       if any(where.path not in self.unchanged for item in items for where in item.locations))
        for number in self.reach.get(name, ()):  # records that look up in the tables what they answer otherwise
            compare([], self.records(number))
        return reached

    def complete(self, found: list[Finding]) -> list[Finding]:
        """All the findings of the rules, given this run's (the rules of records' over ``focus`` only, and
        none of the rules whose findings stand)."""
        ruled = Ruled(self.codes, self.stamps, groups=self.stores)
        local = self._of_records([f for f in found if f.code in self.codes], ruled)
        for name in self.corpus:
            read = _read(name, self.keys, self.facts)
            if read is not None:
                ruled.corpus[name] = (read, self.kept[name] if name in self.kept else [f for f in found if f.code == name])
        self.changed = (self.dirty is None or bool(self.dirty) or self.last is None or self.stamps != self.last.stamps
                        or ruled.corpus != self.last.corpus or ruled.groups != self.last.groups or self.wrote)
        self.rechecked = list(range(len(self.keys))) if self.dirty is None else sorted(self.dirty)
        self.rechecked_ids = None if self.dirty is None or self.focus is None else [
            entry.record.id for entries in self.focus.focus.values() for entry in entries]  # type: ignore[attr-defined, union-attr]
        return [f for f in found if f.code not in self.codes] + [f for kept in self.kept.values() for f in kept] + local

    def _of_records(self, local: list[Finding], ruled: Ruled) -> list[Finding]:
        """The findings of the rules of records, given this run's, with the last run's of the files not
        checked again; each file's are noted in ``ruled``, which becomes ``self.ruled`` if all could be."""
        assert self.index is not None
        grouped = by_file(local, self.displays)
        if self.dirty is not None and (grouped is None or not self.dirty.issuperset(grouped)):
            # A finding placed outside the files checked: take no chances, make them all again.
            self.dirty, local = None, run_rules(self.index, lambda name: name in self.codes)
            grouped = by_file(local, self.displays)
        for number, key in enumerate(self.keys):
            if key is None:
                continue
            if self.dirty is None or number in self.dirty:
                mine: dict[str, list[Finding]] = {}
                for item in (grouped or {}).get(number, []):
                    mine.setdefault(item.code, []).append(item)
            else:
                mine = self.last.files[key]  # type: ignore[union-attr]
                local.extend(item for items in mine.values() for item in items)
            ruled.files[key] = mine
        self.ruled = ruled if grouped is not None else None
        return local
