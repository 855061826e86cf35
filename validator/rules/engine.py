"""The rule engine: each cross-record check is a plain function over the corpus index, registered with
its code, default severity, one-line summary, fix hint and documentation."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from validator.codes import Code, code, register
from validator.corpus import CorpusIndex
from validator.findings import Finding, Location, Severity
from validator.records import ValidRecord

__all__ = ["Rule", "RULES", "rule", "run_rules", "finding", "place"]

Check = Callable[[CorpusIndex], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    check: Check


RULES: dict[str, Rule] = {}


def rule(name: str, severity: Severity, summary: str, hint: str, doc: str) -> Callable[[Check], Check]:
    """Register ``check`` as the rule ``name``; its findings carry that code."""

    def decorate(check: Check) -> Check:
        register(Code(name, severity, summary, hint, doc))
        RULES[name] = Rule(name, check)
        return check

    return decorate


def place(entry: ValidRecord, *loc: Any) -> Location:
    """Where the value at ``loc`` (keys and indexes inside the record) of a record is written."""
    return entry.doc.locate((entry.index, *loc))


def finding(name: str, message: str, where: Location, *also: Location, records: Iterable[str] = (),
            severity: Severity | None = None, hint: str | None = None) -> Finding:
    """A finding of rule ``name`` at ``where`` (and the other places ``also``), about ``records``."""
    entry = code(name)
    return Finding(name, severity or entry.severity, message, where, records=tuple(dict.fromkeys(records)),
                   hint=hint or entry.hint, related=tuple(loc for loc in also if loc != where))


def run_rules(index: CorpusIndex, selected: Callable[[str], bool] = lambda _: True,
              timings: dict[str, float] | None = None,
              progress: Callable[[int, int, str], None] | None = None) -> list[Finding]:
    """Run every selected rule once over the index; with ``timings``, add each rule's seconds to it; with
    ``progress``, say which rule runs (its number, how many, its code)."""
    findings: list[Finding] = []
    chosen = [(name, registered) for name, registered in RULES.items() if selected(name)]
    for number, (name, registered) in enumerate(chosen):
        if progress is not None:
            progress(number, len(chosen), name)
        start = time.perf_counter()
        findings.extend(registered.check(index))
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - start
    if progress is not None and chosen:
        progress(len(chosen), len(chosen), "done")
    return findings
