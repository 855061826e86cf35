"""Amounts as sources write them, read as the range of values they allow, so that the ATTR rules can tell
a different claim from the same claim in rounder words: durations ("62 minutes", "two hours", "about an
hour", "more than an hour", "an hour and a half", "a 50-minute call") as minutes, and counts ("100,000
troops", "1.5 million", "some 175,000", "tens of thousands", "dozens", "90,000 to 100,000") as numbers.

A plain figure is exact. "about", "some", "around", "roughly", "approximately" allow a quarter either way;
"nearly", "almost" a quarter below and nothing above; "more than", "over", "at least" and "less than",
"under", "up to", "at most" bound one side; "two to three hours" and "between 90,000 and 100,000" are
ranges; "dozens", "hundreds", "tens of thousands", "several thousand", "a few hundred" are the ranges
their words allow.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

__all__ = ["Span", "read_duration", "read_count", "exactly"]

TOLERANCE = 0.25

_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
            "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
            "thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90, "half": 0.5, "half an": 0.5, "half a": 0.5, "a quarter of an": 0.25, "several": None}
_UNITS = {"minute": 1, "minutes": 1, "min": 1, "mins": 1, "hour": 60, "hours": 60, "hr": 60, "hrs": 60, "h": 60}
_AROUND = ("about", "some", "around", "roughly", "approximately", "approx.", "approx", "circa", "an estimated",
           "estimated")
_BELOW = ("nearly", "almost", "just short of", "close to")  # "just under" is read as "under"
_ABOVE = ("more than", "over", "at least", "upwards of", "in excess of", "just over", "longer than", "greater than")
_UNDER = ("less than", "under", "up to", "at most", "fewer than", "no more than", "shorter than", "as many as",
          "as much as")

_NUMBER = r"(?:\d+(?:[.,]\d+)?|" + "|".join(sorted((re.escape(w) for w in _NUMBERS), key=len, reverse=True)) + ")"
_UNIT = r"(?:" + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")"
_AMOUNT = re.compile(rf"\b(?P<n>{_NUMBER})(?:\s+and\s+a\s+half)?[\s-]*(?P<u>{_UNIT})(?:\s+and\s+a\s+half)?"
                     rf"(?:[\s-]+long)?\b", re.I)
_HALF = re.compile(r"and\s+a\s+half", re.I)


@dataclass(frozen=True, slots=True)
class Span:
    """The values an amount allows: ``low`` to ``high`` (``math.inf`` when open above), in ``unit``
    ("minutes"; empty for a count)."""

    low: float
    high: float
    unit: str = field(default="", compare=False)

    def meets(self, other: Span) -> bool:
        """Whether the two can describe one amount."""
        return self.low <= other.high and other.low <= self.high

    def __str__(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        if self.low == self.high:
            return f"{_figure(self.low)}{unit}"
        if self.high == math.inf:
            return f"at least {_figure(self.low)}{unit}"
        return f"{_figure(self.low)} to {_figure(self.high)}{unit}"


def _figure(value: float) -> str:
    """A value as a reader writes it: 100,000; 67.5; 1,500,000."""
    return f"{int(value):,}" if value == int(value) else f"{value:,.2f}".rstrip("0")


def exactly(value: float, unit: str = "minutes") -> Span:
    return Span(float(value), float(value), unit)


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("\u2013", "-").replace("\u2014", "-").replace("\u00a0", " ").split())


def _digits(word: str) -> float:
    """A written figure: "100,000", "1,500" and "100 000" group thousands; "1,5" and "1.5" are one and a half."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+", word):
        return float(word.replace(",", "").replace(" ", ""))
    return float(word.replace(",", "."))


def _hedged(before: str, span: Span) -> Span:
    """``span`` as the words just before it qualify it: "about", "more than", "nearly", "up to"."""
    if before.endswith(_ABOVE):
        return Span(span.low, math.inf, span.unit)
    if before.endswith(_UNDER):
        return Span(0.0, span.high, span.unit)
    if before.endswith(_BELOW):
        return Span(span.low * (1 - TOLERANCE), span.high, span.unit)
    if before.endswith(_AROUND):
        return Span(span.low * (1 - TOLERANCE), span.high * (1 + TOLERANCE), span.unit)
    return span


# --- durations ---------------------------------------------------------------------------------------

def _number(word: str) -> float | None:
    word = word.casefold()
    return _NUMBERS[word] if word in _NUMBERS else _digits(word)


def _minutes(match: re.Match[str]) -> float | None:
    value = _number(match.group("n"))
    if value is None:
        return None
    if _HALF.search(match.group(0)):
        value += 0.5
    return value * _UNITS[match.group("u").casefold()]


def read_duration(text: str) -> Span | None:
    """The minutes ``text`` allows, or None when it names no duration accord can read."""
    folded = _fold(text)
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
        span = Span(low * _UNITS[first.group("u").casefold()], values[0], "minutes")  # type: ignore[operator]
        before = folded[:ranged.start()].strip()
    else:  # "an hour and 20 minutes": the parts add up
        total = float(sum(values))  # type: ignore[arg-type]
        span = Span(total, total, "minutes")
        before = folded[:first.start()].strip()
    return _hedged(before, span)


# --- counts ------------------------------------------------------------------------------------------

_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "k": 1_000, "mln": 1_000_000, "m": 1_000_000, "bn": 1_000_000_000}
_COUNT_WORDS = {w: v for w, v in _NUMBERS.items() if v is not None and v >= 1 and " " not in w} | {
    "thirteen": 13, "fourteen": 14, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_FEW = {"a few": (2, 5), "few": (2, 5), "a couple of": (2, 3), "a couple": (2, 3), "several": (3, 9)}
# plural scale words with nothing before them: "dozens", "hundreds", "tens of thousands"
_PLURALS = {"dozens": (24, 144), "scores": (40, 200), "hundreds": (200, 999), "thousands": (2_000, 9_999),
            "millions": (2_000_000, 999_999_999), "tens of thousands": (20_000, 99_999),
            "hundreds of thousands": (200_000, 999_999), "tens of millions": (20_000_000, 99_999_999),
            "hundreds of millions": (200_000_000, 999_999_999)}


def _alternatives(words: object) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))  # type: ignore[attr-defined]


_SCALE = rf"(?:{_alternatives(_SCALES)})"


def _figure_pattern(number: str, scale: str) -> str:
    """A figure ("100,000", "1.5", "two") and its scale words ("million", "hundred thousand"), named."""
    grouped = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?: \d{3})+"
    return (rf"(?P<{number}>{grouped}|\d+(?:[.,]\d+)?|{_alternatives(_COUNT_WORDS)})"
            rf"(?:[\s-]*(?P<{scale}>{_SCALE}(?:\s+{_SCALE})?))?")


_RANGE = re.compile(rf"(?P<between>\bbetween\s+|\bfrom\s+)?\b{_figure_pattern('a', 'sa')}\s*(?P<to>-|to|and|or)\s*"
                    rf"{_figure_pattern('b', 'sb')}(?![\d,.]*\d)\b")
_SINGLE = re.compile(rf"\b{_figure_pattern('a', 'sa')}(?![\d,.]*\d)\b")
_VAGUE = re.compile(rf"\b(?:(?P<few>{_alternatives(_FEW)})\s+(?P<fs>{_SCALE}(?:\s+{_SCALE})?)|"
                    rf"(?P<plural>{_alternatives(_PLURALS)}))\b")


def _scale(words: str | None) -> float:
    return float(math.prod(_SCALES[w] for w in words.split())) if words else 1.0


def _count_value(word: str, scale: str | None) -> float | None:
    if word in ("a", "an"):
        return None if scale is None else _scale(scale)  # "a dozen", "a thousand"; "a" alone is no figure
    return float(_COUNT_WORDS[word] if word in _COUNT_WORDS else _digits(word)) * _scale(scale)


def read_count(text: str) -> Span | None:
    """How many ``text`` says ("about 100,000 troops" allows 75,000 to 125,000), or None when it holds no
    count accord can read, or more than one ("100,000 troops and 1,200 tanks": one count per key)."""
    folded = _fold(text)
    found: list[tuple[int, int, Span]] = []
    for match in _RANGE.finditer(folded):
        scale_a, scale_b = match.group("sa"), match.group("sb")
        low, high = _count_value(match.group("a"), scale_a or scale_b), _count_value(match.group("b"), scale_b)
        joined = match.group("to") in ("-", "to", "or") or (match.group("to") == "and" and match.group("between"))
        if low is not None and high is not None and low <= high and joined:  # "2 to 3 million", "between 9 and 12"
            found.append((match.start(), match.end(), Span(low, high)))
    for match in _VAGUE.finditer(folded):
        if match.group("plural"):
            low, high = _PLURALS[match.group("plural")]
        else:
            few, scale = _FEW[match.group("few")], _scale(match.group("fs"))
            low, high = few[0] * scale, few[1] * scale
        found.append((match.start(), match.end(), Span(float(low), float(high))))
    for match in _SINGLE.finditer(folded):
        value = _count_value(match.group("a"), match.group("sa"))
        if value is not None and not any(s <= match.start() < e for s, e, _ in found):
            found.append((match.start(), match.end(), Span(value, value)))
    found = [f for f in found if not any(s <= f[0] and f[1] <= e and (s, e) != f[:2] for s, e, _ in found)]
    if len(found) != 1:
        return None
    start, _, span = found[0]
    return _hedged(folded[:start].strip(), span)
