"""Incremental rules: which files' findings of the rules of records the last run's can stand for.

A rule of ``scope="record"`` (``validator.rules.engine``) makes each finding while checking one record,
places it in that record's file, and depends only on that record, the records it names by id, those
sources' text files and the corpus-wide tables of states, organizations and persons. So, after a run
that kept each file's findings of those rules, a file's findings stand unless:

* the file changed (or it is new, or it cannot be cached);
* a record of a kind that feeds the tables (``TABLE_KINDS``) changed anywhere: then every file is checked;
* an id that the file declares or names is that of a record that changed, appeared or went (a changed
  file's records are compared, by value, with those the last run kept for it: an edit of one record, or
  of a comment, reaches only the files that name that record), or names a source whose text file changed
  (size, time or inode);
* something changed, and the file names an id that no record has (the "did you mean" depends on every
  id), or it had findings of those rules last time (a few files: the cheap way to be safe with what such
  findings quote).

The other rules (``scope="corpus"``: duplicates, look-alike ids, quotes shared between speakers) run whole
every time. The law that an incremental run reports what a full run reports is tested in
``tests/test_incremental.py``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from validator.corpus import CorpusIndex
from validator.findings import Finding
from validator.records import ValidRecord
from validator.rules import RULES, run_rules
from validator.rules.references import ids_named

__all__ = ["TABLE_KINDS", "FileFacts", "Ruled", "File", "Increment", "Stamp", "status", "facts_of", "text_stamps",
           "dirty_files", "by_file"]

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


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What the findings of a file's records depend on outside the file: the ids its items declare (valid
    or not), the kinds of its valid records, and the ids they name."""

    ids: frozenset[str]
    kinds: frozenset[str]
    names: frozenset[str]


@dataclass
class Ruled:
    """What a run leaves for the next one: the rules of records it ran, its sources' text stamps, and for
    each file (by cache key) its findings of those rules, by code. (Each file's facts are kept with its
    per-file result.)"""

    codes: frozenset[str] = frozenset()
    stamps: dict[str, tuple[Stamp, bool] | None] = field(default_factory=dict)
    files: dict[str, dict[str, list[Finding]]] = field(default_factory=dict)


def facts_of(ids: Iterable[object], valid: list[ValidRecord]) -> FileFacts:
    records = [entry.record for entry in valid]
    return FileFacts(frozenset(i for i in ids if isinstance(i, str)),
                     frozenset(record.kind for record in records),  # type: ignore[attr-defined]
                     frozenset(ids_named(records)))


def text_stamps(index: CorpusIndex) -> dict[str, tuple[Stamp, bool] | None]:
    """Each source's text file as it was when the index was built (what QUOTE rules read), with whether
    its stamp is racy; None where it has none."""
    now = time.time_ns()
    return {source_id: None if info is None else status(info, now) for source_id, info in index._text_stats.items()}


def _same_text(old: tuple[Stamp, bool] | None, new: tuple[Stamp, bool] | None) -> bool:
    return old == new and (new is None or not new[1])


Last = Callable[[str], "tuple[FileFacts, list[ValidRecord]] | None"]  # a file's facts and records, as last run


def _changes(old: tuple[FileFacts, list[ValidRecord]], new: FileFacts, valid: list[ValidRecord]
             ) -> tuple[set[str], set[str]]:
    """The ids and kinds of a file's records that differ from the last run's: records compared by value,
    an id declared by an item that is not a valid record (or by two) counted as changed."""
    old_facts, old_valid = old
    before = {entry.record.id: entry.record for entry in old_valid}  # type: ignore[attr-defined]
    after = {entry.record.id: entry.record for entry in valid}  # type: ignore[attr-defined]
    ids = old_facts.ids | new.ids
    if len(before) < len(old_valid) or len(after) < len(valid):
        changed = set(ids)  # an id twice in the file: which record stands for it is the rules' business
    else:
        changed = {i for i in ids if i not in before or i not in after or before[i] != after[i]}
    kinds = {record.kind for i in changed for record in (before.get(i), after.get(i))  # type: ignore[attr-defined]
             if record is not None}
    return changed, kinds


def dirty_files(last: Ruled | None, codes: frozenset[str], keys: list[str | None], unchanged: list[bool],
                facts: list[FileFacts], valid: list[list[ValidRecord]], stamps: dict[str, tuple[Stamp, bool] | None],
                index: CorpusIndex, old: Last) -> set[int] | None:
    """The numbers of the files whose findings of the rules of records must be made again, or None for
    all of them (no usable last run, other rules chosen, or a table changed). ``keys[n]`` is file n's cache
    key (None: it cannot be cached); ``unchanged[n]`` whether its bytes are those of the last run;
    ``valid[n]`` its valid records; ``old(key)`` the facts and records of a file as the last run saw it
    (None: not known)."""
    if last is None or last.codes != codes:
        return None
    changed_ids: set[str] = set()
    changed_kinds: set[str] = set()
    dirty: set[int] = set()
    present = set()
    for number, (key, same) in enumerate(zip(keys, unchanged, strict=True)):
        if key is None:
            return None  # a file that cannot be cached (a link, a special file): its last state is unknown
        held = last.files.get(key)
        present.add(key)
        if held is not None and same:
            continue
        dirty.add(number)
        if held is None:  # new (or not kept): every record of it is new
            changed_ids |= facts[number].ids
            changed_kinds |= facts[number].kinds
            continue
        before = old(key)
        if before is None:
            return None
        ids, kinds = _changes(before, facts[number], valid[number])
        changed_ids |= ids
        changed_kinds |= kinds
    for key in last.files:
        if key not in present:  # deleted (or no longer checked)
            before = old(key)
            if before is None:
                return None
            changed_ids |= before[0].ids
            changed_kinds |= before[0].kinds
    if changed_kinds & TABLE_KINDS:
        return None
    changed_ids.update(source for source, stamp in stamps.items()
                       if source in last.stamps and not _same_text(last.stamps[source], stamp))
    if not dirty and not changed_ids:
        return dirty  # nothing changed
    known = index.by_id.keys()
    for number, (key, fact) in enumerate(zip(keys, facts, strict=True)):
        if number in dirty:
            continue
        found = last.files[key]  # type: ignore[index]
        if (any(found.values()) or not fact.ids.isdisjoint(changed_ids) or not fact.names.isdisjoint(changed_ids)
                or not known >= fact.names):
            dirty.add(number)
    return dirty


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


File = tuple[list[object], list[ValidRecord], "FileFacts | None", "str | None", bool]  # see Increment


class Increment:
    """The rules of records in a run with a cache: ``focus`` is the index focused on the records of the
    files whose findings must be made again (None: all of them); ``complete`` adds the findings the last
    run kept for the other files, and leaves in ``ruled`` what this run keeps for the next."""

    def __init__(self, index: CorpusIndex, last: Ruled | None, selected: Callable[[str], bool],
                 displays: list[str], files: list[File], old: Last) -> None:
        """``files``: for each file in the order of the run, its raw ids, its valid records, its facts (if
        the per-file stage made them), its cache key (None: it cannot be cached) and whether its bytes
        are those of the last run; ``old``: see ``dirty_files``."""
        self.index, self.last = index, last
        self.codes = frozenset(name for name, rule in RULES.items() if rule.scope == "record" and selected(name))
        self.keys = [key for *_, key, _ in files]
        self.facts = [facts or facts_of(ids, valid) for ids, valid, facts, _, _ in files]
        self.stamps = text_stamps(index)
        self.dirty = dirty_files(last, self.codes, self.keys, [same for *_, same in files], self.facts,
                                 [valid for _, valid, *_ in files], self.stamps, index, old)
        self.focus = None if self.dirty is None else index.focused(
            [entry for number in sorted(self.dirty) for entry in files[number][1]])
        self.displays = {display: number for number, display in enumerate(displays)}
        self.ruled: Ruled | None = None
        self.changed = False
        self.rechecked: list[int] = []

    def complete(self, found: list[Finding]) -> list[Finding]:
        """All the findings of the rules, given this run's (the rules of records' over ``focus`` only)."""
        local = [f for f in found if f.code in self.codes]
        grouped = by_file(local, self.displays)
        dirty = self.dirty
        if dirty is not None and (grouped is None or not dirty.issuperset(grouped)):
            # A finding placed outside the files checked: take no chances, make them all again.
            dirty, local = None, run_rules(self.index, lambda name: name in self.codes)
            grouped = by_file(local, self.displays)
        ruled = Ruled(self.codes, self.stamps)
        for number, key in enumerate(self.keys):
            if key is None:
                continue
            if dirty is None or number in dirty:
                mine: dict[str, list[Finding]] = {name: [] for name in self.codes}
                for item in (grouped or {}).get(number, []):
                    mine[item.code].append(item)
            else:
                mine = self.last.files[key]  # type: ignore[union-attr]
                local.extend(item for name in self.codes for item in mine[name])
            ruled.files[key] = mine
        self.ruled = ruled if grouped is not None else None
        self.changed = dirty is None or bool(dirty) or self.last is None or self.stamps != self.last.stamps
        self.rechecked = list(range(len(self.keys))) if dirty is None else sorted(dirty)
        return [f for f in found if f.code not in self.codes] + local
