"""Findings: what accord reports, as data (code, severity, message, where, which records)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Severity", "Location", "Acceptance", "Finding", "SEVERITY_RANK"]

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file: 1-based line and column, and optionally where the offending token ends."""

    path: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def __reduce__(self) -> tuple[type[Location], tuple[str, int, int, int | None, int | None]]:
        """Pickled as its values (see ``Finding.__reduce__``)."""
        return Location, (self.path, self.line, self.column, self.end_line, self.end_column)


@dataclass(frozen=True, slots=True)
class Acceptance:
    """Why an acknowledged finding does not fail the run: a ``review`` record, or a baseline entry."""

    kind: Literal["review", "baseline"]
    source: str  # the review's id, or the baseline file
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found: a stable code, a one-line message, the place, the records involved."""

    code: str
    severity: Severity
    message: str
    location: Location
    records: tuple[str, ...] = ()
    hint: str | None = None
    related: tuple[Location, ...] = field(default=())  # other places involved (e.g. the first of two ids)
    acknowledged: bool = False  # a review record accepts it: shown, but it does not fail the run
    accepted_by: Acceptance | None = None  # who acknowledged it, and why

    @property
    def locations(self) -> tuple[Location, ...]:
        """Every place involved, the primary one first."""
        return (self.location, *self.related)

    def __reduce__(self) -> tuple[type[Finding], tuple[object, ...]]:
        """Pickled as its values: a frozen dataclass's default state costs ``fields()`` per object, read
        back (a cache's index keeps the findings of the rules of records: 570k of them took 5 s)."""
        return Finding, (self.code, self.severity, self.message, self.location, self.records, self.hint,
                         self.related, self.acknowledged, self.accepted_by)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.column, self.code)
