"""The one date type of accord: a calendar value or instant, possibly fuzzy, that knows its bounds.

Accepted notation (a subset of EDTF / ISO 8601-2 that curators need):

* a day ``2022-01-10``, a month ``2021-12``, a year ``2021``;
* unspecified digits ``2021-12-1X`` (some day from the 10th to the 19th), ``202X``;
* a qualifier at the end: ``?`` uncertain, ``~`` approximate, ``%`` both (``2021-12~``);
* a date-time with a UTC offset ``2021-12-30T15:35-05:00`` (or ``Z``);
* an interval of any two of those, ``2022-01-09/2022-01-10``, with ``..`` for an open end;
* one (unknown) day of a range, EDTF's set notation ``[2022-01-10..2022-01-16]`` ("this week"): as wide as
  the interval, but a vague value rather than a claim that the event lasted all those days.

A value without a time is a calendar day (or span of days) in *some* time zone: the zone is not part of
the value but of its context (the record's ``timezone`` or the reporting source's). ``instant_range``
turns the value into a half-open UTC interval once the zone is known, so any two values can be compared.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

__all__ = ["FuzzyDate", "DateError", "APPROXIMATE_PADDING"]

#: How far ``~`` (approximate) widens a value on each side, by the value's precision, in days.
APPROXIMATE_PADDING = {"year": 60, "month": 10, "day": 2}

_DIGIT = r"[0-9X]"
_DATE_RE = re.compile(
    rf"(?P<year>[0-9]{{2}}{_DIGIT}{{2}})(?:-(?P<month>{_DIGIT}{{2}})(?:-(?P<day>{_DIGIT}{{2}}))?)?(?P<q>[?~%])?"
)
_DATETIME_RE = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[T ](?P<time>[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?)"
    r"(?P<offset>Z|[+-][0-9]{2}:[0-9]{2})"
)
_OPEN = ".."

# The same grammar as a JSON Schema pattern, so that editors and other languages check what a regular
# expression can: months 01-12, days that exist in their month (29 February in any year: leap years are
# left to accord), times of day, offsets, no year 0000, no interval open at both ends. What it cannot say
# (an interval's end before its start, X digits that match no real day) is listed in the README.
_YEAR_PAT = r"(([1-9][0-9]|0[1-9])[0-9X]{2}|00([1-9X][0-9X]|0[1-9X]))"
_DIGITS_YEAR_PAT = r"(([1-9][0-9]|0[1-9])[0-9]{2}|00([1-9][0-9]|0[1-9]))"
_MONTH_PAT = r"(0[1-9]|1[0-2]|[01X]X|X[0-9])"
_MONTH_DAY_PAT = r"((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|[12][0-9]))"
_X_MONTH_DAY_PAT = r"((0[1-9]|1[0-2])-([0-3X]X|X[0-9])|([01X]X|X[0-9])-(0[1-9]|[12][0-9]|3[01]|[0-3X]X|X[0-9]))"
_DATE_PAT = rf"{_YEAR_PAT}(-{_MONTH_PAT}|-{_MONTH_DAY_PAT}|-{_X_MONTH_DAY_PAT})?[?~%]?"
_DATETIME_PAT = (rf"{_DIGITS_YEAR_PAT}-{_MONTH_DAY_PAT}[T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{{1,6}})?)?"
                 r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])")
_SIDE_PAT = rf"({_DATETIME_PAT}|{_DATE_PAT})"
JSON_PATTERN = rf"^({_SIDE_PAT}|{_SIDE_PAT}/({_SIDE_PAT}|\.\.)|\.\./{_SIDE_PAT}|\[{_SIDE_PAT}\.\.{_SIDE_PAT}\])$"

_MIN_UTC = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
_MAX_UTC = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
# Without a known zone a calendar day may start as early as UTC+14 and end as late as UTC-12.
_EARLIEST_OFFSET = dt.timedelta(hours=14)
_LATEST_OFFSET = dt.timedelta(hours=12)
# For ``_start_instant`` and ``_end_instant``, made once: they run for each distinct date and zone.
_DAY = dt.timedelta(days=1)
_MIDNIGHT = dt.time()
_SECOND_DAY = dt.date.min + _DAY
_LAST_BUT_ONE_DAY = dt.date.max - _DAY

_EXAMPLE_HINT = "write e.g. 2022-01-10, 2021-12, 2021, 2022-01-09/2022-01-10, 2021-12~ or 2021-12-30T15:35-05:00"


class DateError(ValueError):
    """A date text that is not a date accord understands, with a message a curator can act on."""


@dataclass(frozen=True, slots=True)
class _Bound:
    """One side of a value: the earliest and latest local day (or instant) it may denote."""

    first: dt.date | dt.datetime | None  # None: open
    last: dt.date | dt.datetime | None
    precision: str  # "year" | "month" | "day" | "time" | "open"
    approximate: bool = False
    uncertain: bool = False


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date value as written, with the earliest and latest day or instant it can denote.

    ``earliest``/``latest`` are inclusive local calendar days (``datetime.date``) for calendar values and
    aware instants (``datetime.datetime``) for date-times; ``None`` is an open end.
    """

    text: str
    earliest: dt.date | dt.datetime | None
    latest: dt.date | dt.datetime | None
    precision: str
    approximate: bool = False
    uncertain: bool = False
    interval: bool = False
    one_of: bool = False  # [A..B]: some time within the range, not all of it
    #: Whether the value pins instants (a date-time with offset) rather than calendar days.
    has_time: bool = field(init=False, compare=False, repr=False)
    # instant_range by zone: the rules ask for the same shared value's range again and again
    _ranges: dict[Any, tuple[dt.datetime, dt.datetime]] = field(
        init=False, compare=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "has_time", isinstance(self.earliest, dt.datetime)
                           or isinstance(self.latest, dt.datetime))

    # -- construction -------------------------------------------------------------------------------

    @classmethod
    def parse(cls, value: Any) -> FuzzyDate:
        """Read a value as YAML gives it (text, a year as a number, or a ``date``) or raise ``DateError``."""
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, bool):
            raise DateError(f"expected a date, got the boolean {str(value).lower()}; {_EXAMPLE_HINT}")
        if isinstance(value, int):
            if 1000 <= value <= 9999:
                return _parse_text(str(value))
            raise DateError(f"expected a date, got the number {value}; {_EXAMPLE_HINT}")
        if isinstance(value, dt.datetime):
            if value.tzinfo is None:
                raise DateError(f"the date-time {value.isoformat()} has no UTC offset; add one, e.g. +03:00")
            return _parse_text(value.isoformat())
        if isinstance(value, dt.date):
            return _parse_text(value.isoformat())
        if not isinstance(value, str):
            raise DateError(f"expected a date written as text, got {type(value).__name__}; {_EXAMPLE_HINT}")
        return _parse_text(value)

    # -- semantics ----------------------------------------------------------------------------------

    def instant_range(self, zone: str | ZoneInfo | None = None) -> tuple[dt.datetime, dt.datetime]:
        """The half-open UTC interval ``[start, end)`` this value can denote.

        Calendar days are read in ``zone``; without a zone they are widened to every zone on Earth
        (UTC+14 to UTC-12), so a comparison stays honest about what is not known.
        """
        found = self._ranges.get(zone)
        if found is None:
            found = self._ranges[zone] = _instant_range(self, ZoneInfo(zone) if isinstance(zone, str) else zone)
        return found

    def contains(self, other: FuzzyDate, zone: str | ZoneInfo | None = None,
                 other_zone: str | ZoneInfo | None = None) -> bool:
        """Whether every instant ``other`` can denote is one this value can denote."""
        a0, a1 = self.instant_range(zone)
        b0, b1 = other.instant_range(other_zone if other_zone is not None else zone)
        return a0 <= b0 and b1 <= a1

    def overlaps(self, other: FuzzyDate, zone: str | ZoneInfo | None = None,
                 other_zone: str | ZoneInfo | None = None) -> bool:
        """Whether the two values can denote a common instant."""
        a0, a1 = self.instant_range(zone)
        b0, b1 = other.instant_range(other_zone if other_zone is not None else zone)
        return a0 < b1 and b0 < a1

    # -- protocol -----------------------------------------------------------------------------------

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"FuzzyDate({self.text!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FuzzyDate):
            return self.text == other.text
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.text)

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        """Pickled as its text, read again on loading: the shared object, without its memo."""
        return _parse_text, (self.text,)

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            _validate,
            serialization=core_schema.plain_serializer_function_ser_schema(str, when_used="always"),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: core_schema.CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "pattern": JSON_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "title": "Date",
            "description": (
                "A day (2022-01-10), month (2021-12) or year (2021); EDTF qualifiers ? (uncertain), "
                "~ (approximate), % (both) and X digits (2021-12-1X); a date-time with UTC offset "
                "(2021-12-30T15:35-05:00); an interval of those (2022-01-09/2022-01-10, '..' for an open end); or one "
                "unknown day of a range ([2022-01-10..2022-01-16])."
            ),
            "examples": ["2022-01-10", "2021-12", "2022-01-09/2022-01-10", "2021-12~", "2021-12-30T15:35-05:00"],
        }


def _validate(value: Any) -> FuzzyDate:
    try:
        # Text, the common case, straight to the memoised parser: what ``parse`` does with it anyway.
        return _parse_text(value) if value.__class__ is str else FuzzyDate.parse(value)
    except DateError as exc:
        raise PydanticCustomError("accord_date", "{reason}", {"reason": str(exc)}) from None


_PLAIN_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@lru_cache(maxsize=1 << 16)  # equal dates are one shared object: less memory, memoised ranges
def _parse_text(text: str) -> FuzzyDate:
    if len(text) == 10 and _PLAIN_DAY.fullmatch(text):  # one calendar day, most dates: in C
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            pass  # no such day (or year 0): ``_parse_general`` says why
        else:
            return FuzzyDate(text, day, day, "day")
    return _parse_general(text)


def _parse_general(text: str) -> FuzzyDate:
    """``_parse_text`` for any text (what ``FuzzyDate`` documents)."""
    if text != text.strip() or not text:
        raise DateError(f"{text!r} has white space around it or is empty; {_EXAMPLE_HINT}")
    if text.startswith("[") and text.endswith("]") and text.count("..") == 1:
        left, right = text[1:-1].split("..")
        if not left or not right:
            raise DateError(f"{text!r}: write one day of a range as [START..END], e.g. [2022-01-10..2022-01-16]")
        try:
            inner = _parse_text(f"{left}/{right}")
        except DateError as exc:
            if "ends before it starts" in str(exc):
                raise DateError(f"the range {text!r} ends before it starts; write it as [{right}..{left}]") from None
            raise
        return FuzzyDate(text, inner.earliest, inner.latest, inner.precision, inner.approximate, inner.uncertain,
                         interval=True, one_of=True)
    if "/" in text:
        if text.count("/") != 1:
            raise DateError(f"{text!r} has more than one '/'; an interval is START/END")
        left, right = text.split("/")
        start = _parse_side(left, text, allow_open=True)
        end = _parse_side(right, text, allow_open=True)
        if start.precision == "open" and end.precision == "open":
            raise DateError(f"{text!r} is open at both ends; give at least one date")
        if start.first is not None and end.last is not None and _later(start.first, end.last):
            raise DateError(f"the interval {text!r} ends before it starts; write it as {right}/{left}")
        sides = [b.precision for b in (start, end) if b.precision != "open"]
        precision = min(sides, key=_PRECISION_ORDER.index)
        return FuzzyDate(text, start.first, end.last, precision,
                         approximate=start.approximate or end.approximate,
                         uncertain=start.uncertain or end.uncertain, interval=True)
    side = _parse_side(text, text, allow_open=False)
    return FuzzyDate(text, side.first, side.last, side.precision, side.approximate, side.uncertain)


_PRECISION_ORDER = ["year", "month", "day", "time"]


def _later(a: dt.date | dt.datetime, b: dt.date | dt.datetime) -> bool:
    """Whether ``a`` starts after ``b`` ends, comparing dates and instants by calendar day."""
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        return a > b
    da = a.date() if isinstance(a, dt.datetime) else a
    db = b.date() if isinstance(b, dt.datetime) else b
    return da > db


def _parse_side(part: str, whole: str, *, allow_open: bool) -> _Bound:
    if part == "":
        raise DateError(f"{whole!r}: an interval needs both ends; write '..' for an open or unknown end")
    if part == _OPEN:
        if not allow_open:
            raise DateError(f"{whole!r}: '..' (open end) is only allowed in an interval")
        return _Bound(None, None, "open")
    m = _DATETIME_RE.fullmatch(part)
    if m:
        return _parse_datetime(part, whole)
    m = _DATE_RE.fullmatch(part)
    if not m:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]+", part):
            raise DateError(f"{whole!r}: a date-time needs a UTC offset, e.g. {part}+03:00 or {part}Z")
        raise DateError(f"{whole!r} is not a date accord understands; {_EXAMPLE_HINT}")
    year, month, day, q = m.group("year", "month", "day", "q")
    first, last = _enumerate_bounds(year, month, day, whole)
    precision = "day" if day else "month" if month else "year"
    approximate = q in ("~", "%")
    if approximate:
        pad = dt.timedelta(days=APPROXIMATE_PADDING[precision])
        first = first - pad if first > dt.date.min + pad else dt.date.min
        last = last + pad if last < dt.date.max - pad else dt.date.max
    return _Bound(first, last, precision, approximate, q in ("?", "%"))


def _parse_datetime(part: str, whole: str) -> _Bound:
    try:
        value = dt.datetime.fromisoformat(part.replace("Z", "+00:00"))
    except ValueError as exc:
        raise DateError(f"{whole!r} is not a valid date-time: {exc}") from None
    return _Bound(value, value, "time")


def _matches(pattern: str, number: int) -> bool:
    text = f"{number:0{len(pattern)}d}"
    return all(p in ("X", c) for p, c in zip(pattern, text))


def _enumerate_bounds(year: str, month: str | None, day: str | None, whole: str) -> tuple[dt.date, dt.date]:
    """Earliest and latest real days that the (possibly X-digit) year, month and day can denote."""
    if "X" not in year + (month or "") + (day or ""):
        y = int(year)
        if y == 0:
            raise DateError(f"{whole!r}: year 0000 is not a calendar year accord accepts")
        if month is None:
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
        mo = int(month)
        if not 1 <= mo <= 12:
            raise DateError(f"{whole!r}: there is no month {month}; months run from 01 to 12")
        days_in_month = calendar.monthrange(y, mo)[1]
        if day is None:
            return dt.date(y, mo, 1), dt.date(y, mo, days_in_month)
        d = int(day)
        if not 1 <= d <= days_in_month:
            raise DateError(
                f"{whole!r}: {calendar.month_name[mo]} {y} has {days_in_month} days, so there is no day {day}"
            )
        return dt.date(y, mo, d), dt.date(y, mo, d)
    years = [y for y in range(1, 10000) if _matches(year, y)] if "X" in year else [int(year)]
    months = [mo for mo in range(1, 13) if _matches(month, mo)] if month else list(range(1, 13))

    def days_of(y: int) -> list[dt.date]:
        found: list[dt.date] = []
        for mo in months:
            last_day = calendar.monthrange(y, mo)[1]
            days = [d for d in range(1, last_day + 1) if _matches(day, d)] if day else [1, last_day]
            found.extend(dt.date(y, mo, d) for d in days)
        return found

    # The first and last years that hold a matching day (a 29 February only exists in leap years).
    first = next((min(found) for y in years if (found := days_of(y))), None)
    last = next((max(found) for y in reversed(years) if (found := days_of(y))), None)
    if first is None or last is None:
        raise DateError(f"{whole!r}: no real day matches these digits")
    return first, last


@lru_cache(maxsize=1 << 16)
def _instant_range(value: FuzzyDate, tz: ZoneInfo | None) -> tuple[dt.datetime, dt.datetime]:
    """Cached: the rules ask for the same few dates in the same few zones again and again (a value's
    meaning is its text, which is what ``FuzzyDate`` hashes and compares)."""
    return _start_instant(value.earliest, tz), _end_instant(value.latest, tz)


def _start_instant(value: dt.date | dt.datetime | None, tz: ZoneInfo | None) -> dt.datetime:
    if value is None:
        return _MIN_UTC
    try:
        if isinstance(value, dt.datetime):
            return value.astimezone(dt.timezone.utc)
        if value <= _SECOND_DAY:
            return _MIN_UTC
        if tz is None:
            return dt.datetime.combine(value, _MIDNIGHT, dt.timezone.utc) - _EARLIEST_OFFSET
        return dt.datetime.combine(value, _MIDNIGHT, tz).astimezone(dt.timezone.utc)
    except OverflowError:  # within a day of year 1: the calendar's own edge
        return _MIN_UTC


def _end_instant(value: dt.date | dt.datetime | None, tz: ZoneInfo | None) -> dt.datetime:
    if value is None:
        return _MAX_UTC
    try:
        if isinstance(value, dt.datetime):
            # A time written to the minute denotes that whole minute.
            return value.astimezone(dt.timezone.utc) + dt.timedelta(minutes=1)
        if value >= _LAST_BUT_ONE_DAY:
            return _MAX_UTC
        if tz is None:
            return dt.datetime.combine(value + _DAY, _MIDNIGHT, dt.timezone.utc) + _LATEST_OFFSET
        return dt.datetime.combine(value + _DAY, _MIDNIGHT, tz).astimezone(dt.timezone.utc)
    except OverflowError:  # within a day of year 9999: the calendar's own edge
        return _MAX_UTC
