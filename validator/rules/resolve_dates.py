"""Resolve a report's date expression ("on Monday", "mid-December", "January 9-10") to local calendar days.

``resolve(date_text, published, zone)`` gives the days the expression can denote, counted in the
calendar of ``zone`` and anchored on the source's publication date there (news convention: "today" is the
day of publication). It is pure: no corpus, no clock, stdlib only. It returns ``None`` when the expression
stays unresolved: unknown phrasing is never guessed ("immediately after the New Year holidays",
"recently", "two days later", "over the weekend" stay unresolved), nor is a date that does not exist
("February 30") or a publication date with an open end.

Anchor
    A publication day is the anchor. A publication date-time with an offset counts as its local date in
    ``zone``. An uncertain or interval publication date is resolved against each of its days (against
    its two ends when it spans more than two months) and the results are united.

What the phrases denote (case-insensitive; "the", "on", "in", "at", "of", punctuation, ordinal suffixes
and a possessive "'s"/"’s" are ignored, so "Thursday's", "On the 10th of January," and "this week’s" work):

* ``today``, ``tonight``, ``this morning`` (…afternoon, evening): the publication day; ``yesterday``,
  ``last night``: the day before; ``tomorrow``: the day after; ``the day before yesterday`` / ``the day
  after tomorrow``: two days off.
* a weekday, ``on Monday``, ``Thursday's``, ``Wednesday evening``: in news either the last such day on or
  before publication (past) or the next one on or after it (future); both are candidates unless
  ``tense`` decides ("past" for what was held or said, "future" for what is scheduled). On the
  publication's own weekday both readings are the publication day: a story of Monday says "on Monday"
  for that day and "last Monday" or "next Monday" for the other ones. ``last Monday`` / ``this past
  Monday``: the latest strictly before publication; ``next Monday``: the first strictly after, or the
  Monday-to-Sunday week after the publication's (both are candidates); ``coming Monday``: the first
  strictly after; ``this Monday``: the one in the publication's week.
* ``this week``, ``last week``, ``next week``: Monday to Sunday (ISO weeks); ``earlier this week``:
  Monday to publication; ``later this week``: publication to Sunday.
* ``this month``, ``last month``, ``next month``; ``earlier this month``: the 1st to publication;
  ``later this month``: publication to the month's end.
* ``this year``, ``last year``, ``next year``; ``earlier this year``, ``later this year`` likewise.
* a date: ``January 10``, ``10 January``, ``Dec 31``, ``the 10th of January``, ``December 17, 2021``,
  ``2022-01-10``, ranges ``January 9-10``, ``9-10 January``, ``January 9 to 10``. Without a year, the
  year that puts the date nearest to publication (both, in a tie).
* a weekday beside a date, ``Wednesday, January 12``: the date (the weekday is checked by DATE005, see
  ``Resolution.weekday``).
* a month, ``in January``, ``in July 2019``: the whole month (without a year, the nearest one).
* parts of a month: ``early January`` / ``beginning of January``: 1-10; ``mid-December`` / ``middle of
  December``: 11-20; ``late December`` / ``end of December``: 21 to the month's last day. Also ``the end
  of the month``, ``early next month``.
* a year, ``in 2021``; parts of a year, by thirds: ``early 2022`` / ``beginning of the year``:
  January-April; ``mid-2022``: May-August; ``late 2021`` / ``at the end of 2021`` / ``the end of the
  year`` / ``end of last year``: September-December. "The end of the year" is read generously as its last
  third, not as December only, because sources say it of things done in the autumn; a report that means
  December writes ``2021-12``, which lies inside.
* a time of day around a date is ignored: ``In the early hours on December 31``, ``Monday morning``,
  ``late on Tuesday`` are that day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from schema.dates import FuzzyDate

__all__ = ["Resolution", "resolve", "normalize_expression", "anchor_days", "WEEKDAYS", "Tense"]

Tense = Literal["past", "future"]
Span = tuple[dt.date, dt.date]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Longest publication span (in days) resolved day by day; longer ones are resolved at their two ends.
_PER_DAY_LIMIT = 62
_MAX_TEXT = 120

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The local days an expression can denote: one or more candidate spans of inclusive days.

    ``spans`` are sorted and disjoint (touching spans are merged); the expression denotes a day, or a
    span of days, inside one of them. ``anchor`` is the publication's first and last local day in
    ``zone``. ``weekday`` is the weekday (0 = Monday) named beside an explicit date ("Wednesday, January
    12"), else ``None``; ``dated`` are then the days the date itself can be (one per candidate year).
    ``tense`` is the tense that narrowed a bare weekday, if one did.
    """

    text: str
    spans: tuple[Span, ...]
    anchor: Span
    zone: str
    weekday: int | None = None
    dated: tuple[dt.date, ...] = ()
    tense: Tense | None = None

    @property
    def first(self) -> dt.date:
        return self.spans[0][0]

    @property
    def last(self) -> dt.date:
        return self.spans[-1][1]

    def contains(self, first: dt.date, last: dt.date) -> bool:
        """Whether the days ``first``..``last`` all lie in one candidate span."""
        return any(a <= first and last <= b for a, b in self.spans)

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        """Whether some day of ``first``..``last`` is in a candidate span."""
        return any(a <= last and first <= b for a, b in self.spans)

    def wrong_weekday(self) -> bool:
        """Whether a weekday is named beside a date that is never that weekday."""
        return self.weekday is not None and bool(self.dated) and all(d.weekday() != self.weekday for d in self.dated)

    def describe(self) -> str:
        """The candidates, e.g. ``2022-01-10``, ``2021-12-20..2021-12-26`` or ``2021-12-20 or 2021-12-27``."""
        return " or ".join(_show(span) for span in self.spans)

    def describe_anchor(self) -> str:
        return _show(self.anchor)


def _show(span: Span) -> str:
    a, b = span
    return a.isoformat() if a == b else f"{a.isoformat()}..{b.isoformat()}"


# --- normalisation -----------------------------------------------------------------------------------

_TRANSLATE = str.maketrans({**dict.fromkeys("’‘‚‛′`´ʼ", "'"), **dict.fromkeys("‐‑‒–—―−", "-")})
_FILLERS = frozenset({"the", "on", "in", "at", "of", "during", "a"})


_POSSESSIVE = re.compile(r"'s\b")
_ABBREVIATION_DOT = re.compile(r"(?<=[a-z])\.")  # "Dec." -> "Dec"
_WORD_HYPHEN = re.compile(r"(?<=[a-z])-|-(?=[a-z])")  # "mid-December", "mid-2022" -> words
_ORDINAL = re.compile(r"(?<=[0-9])(?:st|nd|rd|th)\b")  # "10th" -> "10"
_OTHER = re.compile(r"[^a-z0-9-]+")
_RANGE_DASH = re.compile(r"\s*-\s*")  # "9 - 10" -> "9-10"


@lru_cache(maxsize=1024)
def normalize_expression(text: str) -> str:
    """The expression as the grammar reads it: lower case ASCII words and numbers separated by single
    spaces, ranges as ``9-10``, fillers (the, on, in, at, of) and possessives dropped."""
    s = unicodedata.normalize("NFKC", text).casefold().translate(_TRANSLATE)
    s = _POSSESSIVE.sub("", s)
    s = _ABBREVIATION_DOT.sub(" ", s)
    s = _WORD_HYPHEN.sub(" ", s)
    s = _ORDINAL.sub("", s)
    s = _OTHER.sub(" ", s)
    s = _RANGE_DASH.sub("-", s)
    return " ".join(w.strip("-") for w in s.split() if w not in _FILLERS and w.strip("-"))


# --- vocabulary --------------------------------------------------------------------------------------

_MONTHS = {name: number for number, names in enumerate((
    (), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
    ("november", "nov"), ("december", "dec"))) for name in names}
_WEEKDAYS = {name: number for number, names in enumerate((
    ("monday", "mon"), ("tuesday", "tue", "tues"), ("wednesday", "wed"), ("thursday", "thu", "thur", "thurs"),
    ("friday", "fri"), ("saturday", "sat"), ("sunday", "sun"))) for name in names}

_MON = "(?P<mon>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_WD = "(?P<wd>" + "|".join(sorted(_WEEKDAYS, key=len, reverse=True)) + ")"
_YEAR = r"(?P<year>[0-9]{4})"
_TO = r"(?:-|\s(?:to|and|through|until|till)\s)"
_DAYS = rf"(?P<d1>[0-9]{{1,2}})(?:{_TO}(?P<d2>[0-9]{{1,2}}))?"
_PART = r"(?P<part>early|beginning|start|mid|middle|late|end)"
_REL = r"(?P<rel>this|last|next|previous|coming)"
_TIME_OF_DAY = r"(?:morning|afternoon|evening|night)"

# A time of day around the date is dropped: "early hours December 31", "Monday evening", "late Tuesday".
_PREFIX = re.compile(rf"^(?:(?:early|small|wee|late) hours|(?:early |late )?{_TIME_OF_DAY}|early|late) (?=\S)")
_SUFFIX = re.compile(rf" (?:(?:early|late) )?{_TIME_OF_DAY}$")

_PART_OF_MONTH = {"early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
                  "middle": (11, 20), "late": (21, 31), "end": (21, 31)}
_PART_OF_YEAR = {"early": (1, 4), "beginning": (1, 4), "start": (1, 4), "mid": (5, 8), "middle": (5, 8),
                 "late": (9, 12), "end": (9, 12)}
_RELATIVE_STEP = {None: 0, "this": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}

# A reading maps an anchor day to candidate spans (or raises ValueError/OverflowError: unresolved).
Reading = Callable[[dt.date], list[Span]]


@dataclass(frozen=True, slots=True)
class _Parsed:
    reading: Reading
    weekday: int | None = None  # named beside an explicit date
    dated: Reading | None = None  # the explicit date's days, to check the weekday against
    tense_sensitive: bool = False


# --- calendar helpers --------------------------------------------------------------------------------

def _month_span(year: int, month: int) -> Span:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def _distance(span: Span, day: dt.date) -> int:
    a, b = span
    return 0 if a <= day <= b else min(abs((a - day).days), abs((b - day).days))


def _nearest(make: Callable[[int], Span], anchor: dt.date) -> list[Span]:
    """The span ``make(year)`` for the year(s) that put it nearest to ``anchor`` (years that give no valid
    date, like 29 February of a common year, are skipped)."""
    found: list[tuple[int, Span]] = []
    for year in range(anchor.year - 4, anchor.year + 5):
        if not dt.MINYEAR <= year <= dt.MAXYEAR:
            continue
        try:
            span = make(year)
        except ValueError:
            continue
        found.append((_distance(span, anchor), span))
    if not found:
        raise ValueError("no such date near the anchor")
    best = min(d for d, _ in found)
    return [span for d, span in found if d == best]


def _week(day: dt.date, step: int = 0) -> Span:
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=step)
    return monday, monday + dt.timedelta(days=6)


# --- the grammar -------------------------------------------------------------------------------------

def _day_range(year: int, month: int, d1: int, d2: int | None) -> Span:
    first = dt.date(year, month, d1)
    last = dt.date(year, month, d2) if d2 is not None else first
    if last < first:
        raise ValueError("range ends before it starts")
    return first, last


def _explicit_date(m: re.Match[str]) -> Reading:
    if m.groupdict().get("iso"):
        return _iso_date(m)
    month = _MONTHS[m["mon"]]
    d1, d2 = int(m["d1"]), int(m["d2"]) if m["d2"] else None
    if m["year"]:
        span = _day_range(int(m["year"]), month, d1, d2)  # validated now: an impossible date is unresolved
        return lambda anchor: [span]
    _nearest(lambda y: _day_range(y, month, d1, d2), dt.date(2000, 6, 1))  # exists in some year at all?
    return lambda anchor: _nearest(lambda y: _day_range(y, month, d1, d2), anchor)


def _iso_date(m: re.Match[str]) -> Reading:
    day = dt.date.fromisoformat(m["iso"])
    return lambda anchor: [(day, day)]


def _month(m: re.Match[str]) -> Reading:
    month = _MONTHS[m["mon"]]
    part = m["part"]

    def span(year: int) -> Span:
        first, last = _month_span(year, month)
        if part is None:
            return first, last
        lo, hi = _PART_OF_MONTH[part]
        return first.replace(day=lo), first.replace(day=min(hi, last.day))

    if m["year"]:
        fixed = span(int(m["year"]))
        return lambda anchor: [fixed]
    return lambda anchor: _nearest(span, anchor)


def _year_span(year: int, part: str | None) -> Span:
    if part is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    lo, hi = _PART_OF_YEAR[part]
    return dt.date(year, lo, 1), _month_span(year, hi)[1]


def _year(m: re.Match[str]) -> Reading:
    span = _year_span(int(m["year"]), m["part"])
    return lambda anchor: [span]


def _up_to_now(first: dt.date, last: dt.date, anchor: dt.date, edge: str | None) -> Span:
    """The span, or its part before ("earlier this month") or after ("later this year") the anchor."""
    if edge == "earlier":
        return (first, anchor)
    if edge == "later":
        return (anchor, last)
    return (first, last)


def _relative_year(m: re.Match[str]) -> Reading:
    step, part, edge = _RELATIVE_STEP[m["rel"]], m["part"], m["edge"]

    def reading(anchor: dt.date) -> list[Span]:
        first, last = _year_span(anchor.year + step, part)
        return [_up_to_now(first, last, anchor, edge)]

    return reading


def _relative_month(m: re.Match[str]) -> Reading:
    step, part, edge = _RELATIVE_STEP[m["rel"]], m["part"], m["edge"]

    def reading(anchor: dt.date) -> list[Span]:
        year, month = _add_months(anchor.year, anchor.month, step)
        first, last = _month_span(year, month)
        if part is not None:
            lo, hi = _PART_OF_MONTH[part]
            first, last = first.replace(day=lo), first.replace(day=min(hi, last.day))
        return [_up_to_now(first, last, anchor, edge)]

    return reading


def _relative_week(m: re.Match[str]) -> Reading:
    step, edge = _RELATIVE_STEP[m["rel"]], m["edge"]

    def reading(anchor: dt.date) -> list[Span]:
        first, last = _week(anchor, step)
        return [_up_to_now(first, last, anchor, edge)]

    return reading


_DAY_WORDS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
              "yesterday": -1, "last night": -1, "tomorrow": 1, "day before yesterday": -2,
              "day after tomorrow": 2}


def _day_word(m: re.Match[str]) -> Reading:
    offset = dt.timedelta(days=_DAY_WORDS[m["word"]])
    return lambda anchor: [(anchor + offset, anchor + offset)]


def _past(anchor: dt.date, wd: int) -> dt.date:
    return anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7)


def _future(anchor: dt.date, wd: int) -> dt.date:
    return anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7)


def _weekday_reading(mod: str | None, wd: int, tense: Tense | None) -> Reading:
    def reading(anchor: dt.date) -> list[Span]:
        if mod in ("last", "past", "previous", "this past"):
            day = _past(anchor - _DAY, wd)
            return [(day, day)]
        if mod in ("coming", "this coming"):
            day = _future(anchor + _DAY, wd)
            return [(day, day)]
        if mod == "next":
            first = _future(anchor + _DAY, wd)
            in_next_week = _week(anchor, 1)[0] + dt.timedelta(days=wd)
            return [(first, first), (in_next_week, in_next_week)]
        if mod == "this":
            day = _week(anchor)[0] + dt.timedelta(days=wd)
            return [(day, day)]
        days = {"past": [_past(anchor, wd)], "future": [_future(anchor, wd)]}.get(
            tense or "", [_past(anchor, wd), _future(anchor, wd)])
        return [(d, d) for d in days]

    return reading


_ISO = r"(?P<iso>[0-9]{4}-[0-9]{2}-[0-9]{2})"
_DATE_FORMS = (rf"{_MON} {_DAYS}(?: {_YEAR})?", rf"{_DAYS} {_MON}(?: {_YEAR})?", _ISO)
_GRAMMAR: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"(?P<word>{'|'.join(sorted(_DAY_WORDS, key=len, reverse=True))})"), "day_word"),
    *[(re.compile(rf"{_WD} {form}"), "weekday_date") for form in _DATE_FORMS],
    *[(re.compile(rf"{form} {_WD}"), "weekday_date") for form in _DATE_FORMS],
    *[(re.compile(form), "date") for form in _DATE_FORMS],
    (re.compile(rf"(?:{_PART} )?{_MON}(?: {_YEAR})?"), "month"),
    (re.compile(rf"(?:{_PART} )?{_YEAR}"), "year"),
    (re.compile(rf"(?:(?P<edge>earlier|later) )?(?:{_PART} )?(?:{_REL} )?year"), "relative_year"),
    (re.compile(rf"(?:(?P<edge>earlier|later) )?(?:{_PART} )?(?:{_REL} )?month"), "relative_month"),
    (re.compile(rf"(?:(?P<edge>earlier|later) )?{_REL} week"), "relative_week"),
    (re.compile(rf"(?:(?P<mod>this past|this coming|last|past|previous|next|coming|this) )?{_WD}"), "weekday"),
]


def _parse(normalized: str, tense: Tense | None) -> _Parsed | None:
    candidates = [normalized]
    stripped = _SUFFIX.sub("", _PREFIX.sub("", normalized))
    if stripped != normalized:
        candidates.append(stripped)
    for text in candidates:
        for pattern, kind in _GRAMMAR:
            m = pattern.fullmatch(text)
            if m is None:
                continue
            try:
                return _build(kind, m, tense)
            except (ValueError, OverflowError):
                return None
    return None


def _build(kind: str, m: re.Match[str], tense: Tense | None) -> _Parsed:
    if kind == "day_word":
        return _Parsed(_day_word(m))
    if kind == "date":
        return _Parsed(_explicit_date(m))
    if kind == "weekday_date":
        dated = _explicit_date(m)
        return _Parsed(dated, weekday=_WEEKDAYS[m["wd"]], dated=None if m.groupdict().get("d2") else dated)
    if kind == "month":
        return _Parsed(_month(m))
    if kind == "year":
        return _Parsed(_year(m))
    if kind == "relative_year":
        if m["edge"] and (m["rel"] not in (None, "this") or m["part"]):
            raise ValueError("'earlier last year' is not an expression accord reads")
        if m["rel"] is None and m["part"] is None and m["edge"] is None:
            raise ValueError("a bare 'year' is not a date")
        return _Parsed(_relative_year(m))
    if kind == "relative_month":
        if m["edge"] and (m["rel"] not in (None, "this") or m["part"]):
            raise ValueError("'earlier next month' is not an expression accord reads")
        if m["rel"] is None and m["part"] is None and m["edge"] is None:
            raise ValueError("a bare 'month' is not a date")
        return _Parsed(_relative_month(m))
    if kind == "relative_week":
        if m["edge"] and m["rel"] != "this":
            raise ValueError("'earlier last week' is not an expression accord reads")
        return _Parsed(_relative_week(m))
    if kind == "weekday":
        mod = m["mod"]
        return _Parsed(_weekday_reading(mod, _WEEKDAYS[m["wd"]], tense), tense_sensitive=mod is None)
    raise AssertionError(kind)


# --- the anchor and the result -----------------------------------------------------------------------

def anchor_days(published: FuzzyDate, zone: str) -> Span | None:
    """The first and last local day of a publication date in ``zone`` (a date-time counts as its local
    date there), or ``None`` when an end is open."""
    first, last = published.earliest, published.latest
    if first is None or last is None:
        return None
    if isinstance(first, dt.datetime) or isinstance(last, dt.datetime):
        tz = ZoneInfo(zone)
        if isinstance(first, dt.datetime):
            first = first.astimezone(tz).date()
        if isinstance(last, dt.datetime):
            last = last.astimezone(tz).date()
    return first, last


def _merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    out: list[Span] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1] + _DAY:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return tuple(out)


def resolve(date_text: str, published: FuzzyDate, zone: str, *, tense: Tense | None = None) -> Resolution | None:
    """The local days in ``zone`` that ``date_text`` can denote in a source published on ``published``,
    or ``None`` when the expression stays unresolved (see the module documentation).

    ``tense`` decides between the past and the future reading of a bare weekday ("on Monday"); without
    it both are candidates.
    """
    if not isinstance(date_text, str) or len(date_text) > _MAX_TEXT:
        return None
    return _resolve(date_text, published, zone, tense)


@lru_cache(maxsize=1 << 16)
def _resolve(date_text: str, published: FuzzyDate, zone: str, tense: Tense | None) -> Resolution | None:
    """``resolve``, cached: a corpus repeats few expressions ("on Monday") against few publication days."""
    try:
        anchor = anchor_days(published, zone)
    except (ValueError, OverflowError, KeyError, OSError):
        return None
    if anchor is None:
        return None
    parsed = _parse(normalize_expression(date_text), tense)
    if parsed is None:
        return None
    first, last = anchor
    count = (last - first).days + 1
    days = [first + dt.timedelta(days=i) for i in range(count)] if count <= _PER_DAY_LIMIT else [first, last]
    try:
        spans = _merge(span for day in days for span in parsed.reading(day))
        dated = tuple(sorted({d for day in days for d, _ in parsed.dated(day)})) if parsed.dated else ()
    except (ValueError, OverflowError):
        return None
    if count > _PER_DAY_LIMIT:
        spans = ((spans[0][0], spans[-1][1]),)
    return Resolution(date_text, spans, anchor, zone, parsed.weekday, dated,
                      tense if parsed.tense_sensitive and tense else None)
