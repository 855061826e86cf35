"""The rule engine: each cross-record check is a plain function over the corpus index, registered with
its code, default severity, one-line summary, fix hint and documentation.

A rule's ``scope`` says what its findings depend on, which lets an incremental run check only some
records (``validator.incremental``):

* ``"record"``: each finding is made while checking one record, the ones ``CorpusIndex.checked`` gives;
  it is placed in that record and lists that record's id first, and it depends only on that record, on
  the records it names by id (``references.FIELDS``), on those sources' texts, and on what it says it
  reads of the tables of states, organizations and persons (``Tables``);
* ``"corpus"`` (the default): anything else (groups of records, all ids); such a rule runs whole, or, if
  it says what it ``reads`` of a file's items, keeps its last findings while that is unchanged in every
  file; if it also says how it splits into ``Groups``, it checks again only the groups an edit reaches.

A rule that reads the tables of states, organizations and persons other than through the ids a record
names (a place's country, the words of a title, what an actor belongs to) says what it reads there
(``Tables``): an edit of an actor's names then checks again only the records whose keys it reaches.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Container, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from validator.codes import Code, code, register
from validator.corpus import CorpusIndex
from validator.findings import Finding, Location, Severity
from validator.records import ValidRecord
from validator.workers import can_fork, fork_map, forks_that_fit

__all__ = ["Rule", "RULES", "Groups", "Tables", "Members", "ByGroup", "Keeping", "by_group", "rule", "run_rules", "finding", "place", "SharedPass"]

Check = Callable[[CorpusIndex], Iterable[Finding]]
Scope = Literal["record", "corpus"]
#: What a rule of ``scope="corpus"`` reads of one file: given its items' raw ids and its valid records, the
#: values (texts, numbers, dates, tuples of them; no sets, whose order varies) its findings depend on.
Reads = Callable[[list[Any], list[Any]], Iterable[Any]]


Members = Mapping[str, Sequence[ValidRecord]]  # records by kind, each list in the corpus's order


@dataclass(frozen=True, slots=True)
class Groups:
    """How a rule of ``scope="corpus"`` splits into groups of records whose findings depend only on the
    group's members (and on what the rule reads of the tables of actors: ``Tables``):
    such a run checks again only the groups that an edited record is in, was in, or that have a finding
    placed in an edited file, from what the rule reads of each member, kept in the cache by group."""

    slim: Callable[[Any], Any]  # what the rule reads of a record, as a record it can check; None: not grouped
    keys: Callable[[CorpusIndex, Any], Iterable[Hashable]]  # the groups of a (slim) record
    #: The findings of every group (members None: the index's records), or of the groups in ``only`` given
    #: at least their members; each with its group's key.
    check: Callable[[CorpusIndex, Members | None, Container[Hashable] | None], Iterable[tuple[Hashable, Finding]]]
    finish: Callable[[CorpusIndex, list[Finding]], list[Finding]]  # the rule's findings, given its groups'


@dataclass(frozen=True, slots=True)
class Tables:
    """What a rule reads of the tables of states, organizations and persons (their names, codes, what they
    belong to) other than through the ids a record names: the keys its check of a record looks up there,
    and the answer the tables give for a key; ``everywhere``, what it reads of them for every record. A
    run with a cache after an edit of the tables compares the answers of the tables as they were and as
    they are (``validator.incremental``): a record is checked again when one of its keys is answered
    otherwise, every record when ``everywhere`` is. Keys are texts without whitespace."""

    looks: Callable[[Any], Iterable[str]] = lambda record: ()  # the keys the check of a record (any kind) looks up
    #: What the tables answer for a key, given the index (only its ``by_id`` and ``by_kind`` are read).
    answers: Callable[[CorpusIndex], Callable[[str], Hashable]] = lambda index: lambda key: None
    everywhere: Callable[[CorpusIndex], Hashable] = lambda index: None


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    check: Check
    scope: Scope = "corpus"
    reads: Reads | None = None
    groups: Groups | None = None
    tables: Tables | None = None


RULES: dict[str, Rule] = {}


def rule(name: str, severity: Severity, summary: str, hint: str, doc: str,
         scope: Scope = "corpus", reads: Reads | None = None, groups: Groups | None = None,
         tables: Tables | None = None) -> Callable[[Check], Check]:
    """Register ``check`` as the rule ``name``; its findings carry that code. ``scope``, ``reads``,
    ``groups`` and ``tables``: see the module."""

    def decorate(check: Check) -> Check:
        register(Code(name, severity, summary, hint, doc))
        RULES[name] = Rule(name, check, scope, reads, groups, tables)
        return check

    return decorate


def place(entry: ValidRecord, *loc: Any) -> Location:
    """Where the value at ``loc`` (keys and indexes inside the record) of a record is written."""
    return entry.doc.locate((entry.index, *loc))


class SharedPass:
    """The findings of several rules made in one pass over the index (a family that shares its work): the
    pass runs once per index, and each rule takes those of its code."""

    def __init__(self, run: Callable[[CorpusIndex], Iterable[Finding]]) -> None:
        self.run = run
        self.index: CorpusIndex | None = None
        self.found: dict[str, list[Finding]] = {}

    def findings(self, index: CorpusIndex, name: str) -> list[Finding]:
        if self.index is not index:
            found: dict[str, list[Finding]] = {}
            for item in self.run(index):
                found.setdefault(item.code, []).append(item)
            self.index, self.found = index, found
        return self.found.get(name, [])


def finding(name: str, message: str, where: Location, *also: Location, records: Iterable[str] = (),
            severity: Severity | None = None, hint: str | None = None) -> Finding:
    """A finding of rule ``name`` at ``where`` (and the other places ``also``), about ``records``."""
    entry = code(name)
    return Finding(name, severity or entry.severity, message, where, records=tuple(dict.fromkeys(records)),
                   hint=hint or entry.hint, related=tuple(loc for loc in also if loc != where))


#: Below this many records, forking processes for the rules costs more than it saves: on 2 cores the rules
#: of 11k records took 0.48 s in one process and 0.41 s in two, 21k 1.07 and 0.85 s, 100k 4.6 and 3.3 s
#: (each forked process copies the pages whose reference counts it touches, so two do not halve the time).
MIN_RECORDS_TO_FORK = 10_000

_forked_index: CorpusIndex | None = None  # what ``_run_family`` reads (set only while the families run)
ByGroup = dict[Hashable, list[Finding]]  # a rule's findings by the key of the group each comes from


@dataclass
class Keeping:
    """What a run with a cache does with the findings by group of a rule with ``Groups`` that runs whole:
    ``keep(rule, by_group)``, in the process that ran the rule (a forked one, maybe), makes what comes back
    to this process, where ``kept`` holds it by rule."""

    keep: Callable[[str, ByGroup], Any]
    kept: dict[str, Any] = field(default_factory=dict)


_forked_keeping: Keeping | None = None  # and what the rules with ``Groups`` do with their groups


def by_group(groups: Groups, index: CorpusIndex, members: Members | None = None,
             only: Container[Hashable] | None = None) -> ByGroup:
    """A rule's findings by group (``Groups.check``): of every group, or of those in ``only``."""
    found: ByGroup = {}
    for key, item in groups.check(index, members, only):
        found.setdefault(key, []).append(item)
    return found


#: The rule families from the longest to the shortest (measured at 100k records, bench/bench_check.py), so
#: that forked processes finish together; a family not listed goes last. Only the speed depends on it.
_LONGEST_FIRST = ("quotes", "expressions", "dates", "duplicates", "tense", "references", "attributes", "roles")


def _cost_rank(module: str) -> int:
    family = module.rpartition(".")[2]
    return _LONGEST_FIRST.index(family) if family in _LONGEST_FIRST else len(_LONGEST_FIRST)


def _check(name: str, index: CorpusIndex, keeping: Keeping | None, kept: dict[str, Any]) -> list[Finding]:
    """A rule's findings over ``index``; with ``keeping``, a rule with ``Groups`` puts in ``kept`` what
    ``keeping.keep`` makes of them by group."""
    registered = RULES[name]
    if keeping is None or registered.groups is None:
        return list(registered.check(index))
    groups = by_group(registered.groups, index)
    kept[name] = keeping.keep(name, groups)
    return registered.groups.finish(index, [item for items in groups.values() for item in items])


def _run_family(codes: tuple[str, ...]) -> tuple[dict[str, list[Finding]], dict[str, float], dict[str, Any]]:
    """Run one family of rules (one module: they share a pass) over the index, in a forked process (which
    inherited it) or in this one."""
    assert _forked_index is not None
    found: dict[str, list[Finding]] = {}
    seconds: dict[str, float] = {}
    kept: dict[str, Any] = {}
    for name in codes:
        start = time.perf_counter()
        found[name] = _check(name, _forked_index, _forked_keeping, kept)
        seconds[name] = time.perf_counter() - start
    return found, seconds, kept


def _run_forked(index: CorpusIndex, chosen: list[str], jobs: int, timings: dict[str, float] | None,
                progress: Callable[[int, int, str], None] | None, keeping: Keeping | None) -> list[Finding]:
    """The rules in this process and up to ``jobs - 1`` forked ones, a family (module) at a time, handed out
    as processes free up (``fork_map``); only findings travel back. The findings are merged in the rules'
    order, as in one process."""
    global _forked_index, _forked_keeping
    families: dict[str, list[str]] = {}
    for name in chosen:
        families.setdefault(RULES[name].check.__module__, []).append(name)
    families = dict(sorted(families.items(), key=lambda item: _cost_rank(item[0])))  # the longest first
    found: dict[str, list[Finding]] = {}
    _forked_index, _forked_keeping = index, keeping
    try:
        results = fork_map(_run_family, [tuple(codes) for codes in families.values()], jobs)
        for family, (findings, seconds, kept) in zip(families.values(), results, strict=True):
            found.update(findings)
            if keeping is not None:
                keeping.kept.update(kept)
            if timings is not None:
                for name, spent in seconds.items():
                    timings[name] = timings.get(name, 0.0) + spent
            if progress is not None:
                progress(len(found), len(chosen), family[-1])
    finally:
        _forked_index, _forked_keeping = None, None
    if progress is not None and chosen:
        progress(len(chosen), len(chosen), "done")
    return [item for name in chosen for item in found[name]]


def run_rules(index: CorpusIndex, selected: Callable[[str], bool] = lambda _: True,
              timings: dict[str, float] | None = None,
              progress: Callable[[int, int, str], None] | None = None, jobs: int = 1,
              focus: CorpusIndex | None = None, keeping: Keeping | None = None) -> list[Finding]:
    """Run every selected rule once over the index; with ``timings``, add each rule's seconds to it; with
    ``progress``, say which rule runs (its number, how many, its code). With ``jobs`` above 1, a corpus of
    ``MIN_RECORDS_TO_FORK`` records or more, processes that can fork and the free memory for another copy
    of this one, the rule families run in this process and forked ones: the same findings, in the same order.
    With ``focus`` (``index.focused(...)``), the rules of records run over it instead, in this process:
    an incremental run, which takes the other records' findings from the last run. With ``keeping``, the
    rules with ``Groups`` hand it their findings by group too (what an incremental run keeps)."""
    findings: list[Finding] = []
    chosen = [(name, registered) for name, registered in RULES.items() if selected(name)]
    if chosen and focus is None and jobs > 1 and len(index.by_id) >= MIN_RECORDS_TO_FORK and can_fork():
        forks = forks_that_fit(jobs - 1)  # each fork may copy this process's memory
        if forks > 0:
            return _run_forked(index, [name for name, _ in chosen], forks + 1, timings, progress, keeping)
    for number, (name, registered) in enumerate(chosen):
        if progress is not None:
            progress(number, len(chosen), name)
        start = time.perf_counter()
        findings.extend(_check(name, focus if focus is not None and registered.scope == "record" else index, keeping,
                               keeping.kept if keeping is not None else {}))
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
    if progress is not None and chosen:
        progress(len(chosen), len(chosen), "done")
    return findings
