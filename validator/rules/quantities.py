"""Durations as sources write them ("62 minutes", "two hours", "about an hour", "more than an hour",
"an hour and a half", "a 50-minute call"), read as the range of minutes they allow, so that ATTR004 can
tell a different claim from the same claim in rounder words.

A plain figure is exact. "about", "some", "around", "roughly", "approximately" allow a quarter either way;
"nearly", "almost" a quarter below and nothing above; "more than", "over", "at least" and "less than",
"under", "up to", "at most" bound one side; "two to three hours" is a range.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["Span", "read_duration", "exactly"]

TOLERANCE = 0.25

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
            "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "half": 0.5,
            "half an": 0.5, "half a": 0.5, "a quarter of an": 0.25, "several": None}
_UNITS = {"minute": 1, "minutes": 1, "min": 1, "mins": 1, "hour": 60, "hours": 60, "hr": 60, "hrs": 60, "h": 60}
_AROUND = ("about", "some", "around", "roughly", "approximately", "approx.", "approx", "circa")
_BELOW = ("nearly", "almost", "just short of")  # "just under" is read as "under"
_ABOVE = ("more than", "over", "at least", "upwards of", "in excess of", "just over", "longer than")
_UNDER = ("less than", "under", "up to", "at most", "fewer than", "no more than", "shorter than")

_NUMBER = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted((re.escape(w) for w in _NUMBERS), key=len, reverse=True)) + ")"
_UNIT = r"(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
_AMOUNT = re.compile(rf"\b(?P<n>{_NUMBER})(?:\s+and\s+a\s+half)?[\s-]*(?P<u>{_UNIT})(?:\s+and\s+a\s+half)?"
                     rf"(?:[\s-]+long)?\b", re.I)
_HALF = re.compile(r"and\s+a\s+half", re.I)


@dataclass(frozen=True, slots=True)
class Span:
    """The minutes a duration allows: ``low`` to ``high`` (``math.inf`` when open above)."""

    low: float
    high: float

    def meets(self, other: Span) -> bool:
        """Whether the two can describe one length."""
        return self.low <= other.high and other.low <= self.high

    def __str__(self) -> str:
        if self.low == self.high:
            return f"{self.low:g} minutes"
        if self.high == math.inf:
            return f"at least {self.low:g} minutes"
        return f"{self.low:g} to {self.high:g} minutes"


def exactly(minutes: int) -> Span:
    return Span(float(minutes), float(minutes))


def _number(word: str) -> float | None:
    word = word.casefold()
    return _NUMBERS[word] if word in _NUMBERS else float(word.replace(",", "."))


def _minutes(match: re.Match[str]) -> float | None:
    value = _number(match.group("n"))
    if value is None:
        return None
    if _HALF.search(match.group(0)):
        value += 0.5
    return value * _UNITS[match.group("u").casefold()]


def read_duration(text: str) -> Span | None:
    """The minutes ``text`` allows, or None when it names no duration accord can read."""
    folded = " ".join(text.casefold().replace("\u2013", "-").split())
    amounts = list(_AMOUNT.finditer(folded))
    values = [_minutes(m) for m in amounts]
    if not amounts or None in values:
        return None
    first = amounts[0]
    ranged = re.search(rf"(?P<a>{_NUMBER})\s*(?:-|to|or)\s*{re.escape(first.group(0))}", folded)
    if ranged and ranged.group("a").casefold() not in ("a", "an"):  # "two to three hours", "2-3 hours"
        low = _number(ranged.group("a"))
        if low is None:
            return None
        span = Span(low * _UNITS[first.group("u").casefold()], values[0])
        before = folded[:ranged.start()].strip()
    else:  # "an hour and 20 minutes": the parts add up
        total = float(sum(values))
        span = Span(total, total)
        before = folded[:first.start()].strip()
    if before.endswith(_ABOVE):
        return Span(span.low, math.inf)
    if before.endswith(_UNDER):
        return Span(0.0, span.high)
    if before.endswith(_BELOW):
        return Span(span.low * (1 - TOLERANCE), span.high)
    if before.endswith(_AROUND):
        return Span(span.low * (1 - TOLERANCE), span.high * (1 + TOLERANCE))
    return span
