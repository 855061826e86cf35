"""The date notation: what each spelling means, what is rejected and why, and the laws of the bounds."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import strategies as S
from schema.dates import APPROXIMATE_PADDING, JSON_PATTERN, DateError, FuzzyDate
from validator.loader import load_bytes
from validator.records import validate_document

D = dt.date
UTC = dt.timezone.utc


def parse(text: object) -> FuzzyDate:
    return FuzzyDate.parse(text)


# --- what each notation denotes ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "earliest", "latest", "precision"), [
    ("2022-01-10", D(2022, 1, 10), D(2022, 1, 10), "day"),
    ("2021-12", D(2021, 12, 1), D(2021, 12, 31), "month"),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "month"),
    ("2021", D(2021, 1, 1), D(2021, 12, 31), "year"),
    ("2021-12-1X", D(2021, 12, 10), D(2021, 12, 19), "day"),
    ("2021-12-XX", D(2021, 12, 1), D(2021, 12, 31), "day"),
    ("2021-1X", D(2021, 10, 1), D(2021, 12, 31), "month"),
    ("202X", D(2020, 1, 1), D(2029, 12, 31), "year"),
    ("2021-XX-31", D(2021, 1, 31), D(2021, 12, 31), "day"),
    ("2022-01-09/2022-01-10", D(2022, 1, 9), D(2022, 1, 10), "day"),
    ("2021/2022-03", D(2021, 1, 1), D(2022, 3, 31), "year"),
    ("2021-12~", D(2021, 12, 1) - dt.timedelta(days=10), D(2021, 12, 31) + dt.timedelta(days=10), "month"),
    ("2021-12-17?", D(2021, 12, 17), D(2021, 12, 17), "day"),
    ("2021%", D(2021, 1, 1) - dt.timedelta(days=60), D(2021, 12, 31) + dt.timedelta(days=60), "year"),
    ("../2021", None, D(2021, 12, 31), "year"),
    ("2021-12-31/..", D(2021, 12, 31), None, "day"),
])
def test_calendar_values_denote_their_days(text, earliest, latest, precision):
    value = parse(text)
    assert (value.earliest, value.latest, value.precision) == (earliest, latest, precision)
    assert value.text == str(value) == text
    assert value.interval == ("/" in text)


@pytest.mark.parametrize(("text", "approximate", "uncertain"), [
    ("2021-12", False, False), ("2021-12~", True, False), ("2021-12?", False, True), ("2021-12%", True, True),
    ("2021-12~/2022-01", True, False), ("2021/2022?", False, True),
])
def test_qualifiers(text, approximate, uncertain):
    value = parse(text)
    assert (value.approximate, value.uncertain) == (approximate, uncertain)


@pytest.mark.parametrize(("text", "instant"), [
    ("2021-12-30T15:35-05:00", dt.datetime(2021, 12, 30, 20, 35, tzinfo=UTC)),
    ("2021-12-30T15:35Z", dt.datetime(2021, 12, 30, 15, 35, tzinfo=UTC)),
    ("2021-12-30 15:35:07+03:00", dt.datetime(2021, 12, 30, 12, 35, 7, tzinfo=UTC)),
    ("2021-12-30T15:35:07.25+00:00", dt.datetime(2021, 12, 30, 15, 35, 7, 250000, tzinfo=UTC)),
])
def test_date_times_pin_an_instant(text, instant):
    value = parse(text)
    assert value.has_time and value.precision == "time"
    assert value.earliest == value.latest == instant
    start, end = value.instant_range()
    assert start == instant and start < end


def test_calendar_day_is_read_in_the_given_zone():
    day = parse("2022-01-10")
    assert day.instant_range("Europe/Moscow") == (dt.datetime(2022, 1, 9, 21, tzinfo=UTC),
                                                  dt.datetime(2022, 1, 10, 21, tzinfo=UTC))
    # Without a zone, every zone on Earth: from UTC+14 to UTC-12.
    assert day.instant_range() == (dt.datetime(2022, 1, 9, 10, tzinfo=UTC), dt.datetime(2022, 1, 11, 12, tzinfo=UTC))


def test_a_moscow_night_call_is_on_different_days_in_moscow_and_new_york():
    call = parse("2021-12-31T02:00+03:00")  # 18:00 on the 30th in New York
    assert parse("2021-12-31").contains(call, "Europe/Moscow")
    assert not parse("2021-12-30").overlaps(call, "Europe/Moscow")
    assert parse("2021-12-30").contains(call, "America/New_York")
    assert not parse("2021-12-31").overlaps(call, "America/New_York")
    # Without a zone, both days may hold it.
    assert parse("2021-12-30").contains(call) and parse("2021-12-31").contains(call)


@pytest.mark.parametrize("value", [2021, dt.date(2022, 1, 10), dt.datetime(2021, 12, 30, 15, 35, tzinfo=UTC)])
def test_values_as_yaml_may_give_them(value):
    """A year as a number, and date objects (from other YAML loaders) are read as their ISO text."""
    parsed = parse(value)
    assert parsed == parse(value.isoformat() if not isinstance(value, int) else str(value))


# --- what is rejected, with a message a curator can act on ----------------------------------------

@pytest.mark.parametrize(("value", "message"), [
    ("2022-02-30", "'2022-02-30': February 2022 has 28 days, so there is no day 30"),
    ("2023-02-29", "February 2023 has 28 days, so there is no day 29"),
    ("2021-04-31", "April 2021 has 30 days, so there is no day 31"),
    ("2021-13", "there is no month 13; months run from 01 to 12"),
    ("2021-00-10", "there is no month 00"),
    ("2021-12-00", "there is no day 00"),
    ("0000", "year 0000"),
    ("2022-01-10/2022-01-09", "ends before it starts; write it as 2022-01-09/2022-01-10"),
    ("2022/2021-12", "ends before it starts"),
    ("2021-12-30T16:00Z/2021-12-30T15:00Z", "ends before it starts"),
    ("../..", "open at both ends"),
    ("..", "'..' (open end) is only allowed in an interval"),
    ("2021/2022/2023", "more than one '/'"),
    ("2021-12-30T15:35", "needs a UTC offset"),
    ("2021-12-30T25:00Z", "not a valid date-time"),
    ("2021-02-3X", "no real day matches these digits"),
    (" 2021", "white space"),
    ("", "empty"),
    ("yesterday", "not a date accord understands"),
    ("10 January 2022", "not a date accord understands"),
    ("2022-1-10", "not a date accord understands"),
    (True, "boolean true"),
    (999, "the number 999"),
    (20211, "the number 20211"),
    (None, "expected a date written as text"),
    (["2021"], "expected a date written as text"),
    (dt.datetime(2021, 12, 30, 15, 35), "has no UTC offset"),
])
def test_invalid_dates_are_rejected_with_a_reason(value, message):
    with pytest.raises(DateError) as info:
        parse(value)
    assert message in str(info.value)


# --- laws ----------------------------------------------------------------------------------------

zones = st.one_of(st.none(), S.timezones)

# Date-times away from the very first and last days of the calendar, where instants overflow (that
# overflow is a finding of its own: test_instant_range_is_a_non_empty_interval).
_inner_days = st.dates(min_value=D(2, 1, 1), max_value=D(9998, 12, 31))
law_sides = S.side_texts(_inner_days).map(lambda side: side[0])
law_intervals = S.interval_texts(_inner_days)
law_values = st.one_of(law_sides, law_intervals)


def _as_day_pair(value: FuzzyDate) -> tuple[dt.date | None, dt.date | None]:
    def day(x):
        return x.date() if isinstance(x, dt.datetime) else x
    return day(value.earliest), day(value.latest)


@given(S.date_texts)
def test_every_generated_notation_is_accepted_and_keeps_its_text(text):
    value = parse(text)
    assert value.text == text
    assert parse(value) is value
    assert value == parse(text) and hash(value) == hash(parse(text))


@given(S.date_texts)
def test_earliest_is_not_after_latest(text):
    value = parse(text)
    if value.earliest is None or value.latest is None:
        assert value.interval
        return
    if isinstance(value.earliest, dt.datetime) and isinstance(value.latest, dt.datetime):
        assert value.earliest <= value.latest
    else:
        first, last = _as_day_pair(value)
        assert first <= last


@given(S.date_texts, zones)
@example("0001-01-01T00:00+05:00", None)
@example("9999-12-31T23:59Z", None)
@example("9999-12-31T20:00-05:00", "Europe/Moscow")
def test_instant_range_is_a_non_empty_interval(text, zone):
    """Every accepted value can be compared: it denotes a non-empty half-open range of instants."""
    start, end = parse(text).instant_range(zone)
    assert start < end


@given(S.concrete_days, st.sampled_from(["", "?", "~", "%"]), zones)
def test_a_day_is_contained_in_its_month_and_its_year(day, qualifier, zone):
    d = parse(day.isoformat() + qualifier)
    month = parse(f"{day.year:04d}-{day.month:02d}{qualifier}")
    year = parse(f"{day.year:04d}{qualifier}")
    assert month.contains(d, zone) and year.contains(d, zone) and year.contains(month, zone)
    assert not d.interval and d.precision == "day"


@given(S.concrete_days, zones)
def test_an_approximate_or_uncertain_value_contains_the_plain_one(day, zone):
    plain = parse(day.isoformat())
    assert parse(day.isoformat() + "~").contains(plain, zone)
    assert parse(day.isoformat() + "%").contains(plain, zone)
    assert parse(day.isoformat() + "?").instant_range(zone) == plain.instant_range(zone)


@st.composite
def masked_days(draw):
    """A value with X digits, and a real day matching it (at day precision)."""
    day = draw(S.concrete_days)
    text, _ = draw(S.calendar_texts("day", x_digits=False, qualifiers=False, day=day))
    digits = list(text)
    positions = [2, 3, 5, 6, 8, 9]
    chosen = draw(st.lists(st.sampled_from(positions), min_size=1, unique=True))
    for i in chosen:
        digits[i] = "X"
    return "".join(digits), day.isoformat()


@given(masked_days(), zones)
@example(("201X-02-29", "2016-02-29"), None)
@example(("202X-02-29", "2024-02-29"), None)
@example(("19X6-02-29", "1976-02-29"), None)
def test_x_digits_contain_every_day_they_match(pair, zone):
    """``2021-12-1X`` is some day from the 10th to the 19th: it contains each of them."""
    masked, concrete = pair
    assert parse(masked).contains(parse(concrete), zone), (masked, concrete)


def test_x_digit_leap_days_span_every_matching_year():
    """Bounds of X-digit values must consider every matching year, not only the first and last."""
    assert (parse("202X-02-29").earliest, parse("202X-02-29").latest) == (D(2020, 2, 29), D(2028, 2, 29))
    assert (parse("201X-02-29").earliest, parse("201X-02-29").latest) == (D(2012, 2, 29), D(2016, 2, 29))


@given(law_intervals, zones)
def test_an_interval_contains_both_its_ends(text, zone):
    start_text, end_text = text.split("/")
    ends = [parse(t) for t in (start_text, end_text) if t != ".."]
    if len(ends) == 2:
        # Only ends that are ordered as ranges of instants (in this zone) can both be contained.
        (s0, s1), (e0, e1) = (end.instant_range(zone) for end in ends)
        assume(s0 <= e0 and s1 <= e1)
    try:
        interval = parse(text)
    except DateError:
        # The parser compares the ends by calendar day; a pair ordered by instant may still be rejected
        # when a date-time's own day is after the other end's day. Not this law's business.
        assume(False)
    for end in ends:
        assert interval.contains(end, zone), (text, end)


@given(law_values, zones)
def test_a_value_contains_and_overlaps_itself(text, zone):
    value = parse(text)
    assert value.contains(value, zone)
    assert value.overlaps(value, zone)


@given(law_values, law_values, zones, zones)
def test_contains_implies_overlaps(a_text, b_text, zone, other_zone):
    a, b = parse(a_text), parse(b_text)
    if a.contains(b, zone, other_zone):
        assert a.overlaps(b, zone, other_zone)
    b_zone = other_zone if other_zone is not None else zone
    if zone is not None or b_zone is None:  # (passing None as `other_zone` means "the same zone")
        assert a.overlaps(b, zone, other_zone) == b.overlaps(a, b_zone, zone)


@given(S.concrete_days, S.concrete_days)
def test_reversed_intervals_are_rejected_and_the_message_says_how_to_fix_them(a, b):
    assume(a != b)
    early, late = sorted((a, b))
    assert parse(f"{early.isoformat()}/{late.isoformat()}").interval
    with pytest.raises(DateError, match=re.escape(f"write it as {early.isoformat()}/{late.isoformat()}")):
        parse(f"{late.isoformat()}/{early.isoformat()}")


@given(S.concrete_days)
def test_impossible_days_are_rejected(day):
    import calendar
    last = calendar.monthrange(day.year, day.month)[1]
    for bad_day in (last + 1, 32, 0):
        text = f"{day.year:04d}-{day.month:02d}-{bad_day:02d}"
        with pytest.raises(DateError, match="there is no day"):
            parse(text)
    with pytest.raises(DateError, match="there is no month 13"):
        parse(f"{day.year:04d}-13")


# --- the notation and its JSON Schema pattern agree -------------------------------------------------

_fragments = st.sampled_from(["2021", "0999", "-", "12", "01", "31", "1X", "X", "XX", "/", "..", "~", "?", "%",
                              "T", " ", "15:35", ":07", ".5", "Z", "+03:00", "-05:00", ""])
fuzz_texts = st.lists(_fragments, max_size=8).map("".join)


@given(st.one_of(S.date_texts, fuzz_texts))
@example("2021/")
@example("/2021-12")
def test_every_value_the_parser_accepts_matches_the_json_schema_pattern(text):
    """Editors and other languages check dates with the exported pattern: it must not reject a value
    that accord accepts."""
    try:
        parse(text)
    except DateError:
        return
    assert re.search(JSON_PATTERN, text), f"{text!r} is accepted by accord but not by the JSON Schema pattern"


def test_approximate_padding_is_by_precision():
    assert APPROXIMATE_PADDING == {"year": 60, "month": 10, "day": 2}
    assert parse("2022-01-10~").earliest == D(2022, 1, 8)
    assert parse("2022-01-10~").latest == D(2022, 1, 12)


# --- YAML: unquoted dates read the same as quoted ones ----------------------------------------------

def _meeting_yaml(date_scalar: str) -> bytes:
    return (
        "kind: meeting\nid: m-1\ntitle: Talks\nmeeting_type: talks\n"
        f"date: {date_scalar}\nstatus: held\nreports:\n- source: s-1\n  date: {date_scalar}\n"
    ).encode()


def _outcome(data: bytes):
    doc = load_bytes(data, "m.yaml")
    valid = validate_document(doc)
    return ([(f.code, f.message, f.location.line, f.location.column) for f in doc.findings],
            [v.record.model_dump(mode="json") for v in valid])


@given(st.one_of(S.date_texts, st.sampled_from(["2022-02-30", "2021-13", "2022-01-10/2022-01-09"])))
def test_an_unquoted_yaml_date_reads_like_the_quoted_one(text):
    quoted = _meeting_yaml(f"'{text}'")
    unquoted = _meeting_yaml(text)
    assert _outcome(unquoted) == _outcome(quoted), text


@pytest.mark.parametrize("text", ["0777", "0100"])
def test_an_unquoted_year_yaml_reads_as_octal_is_yaml011_not_a_silently_other_year(text):
    codes = [code for code, *_ in _outcome(_meeting_yaml(text))[0]]
    assert codes == ["YAML011", "YAML011"]
    assert _outcome(_meeting_yaml(f"'{text}'"))[0] == []


@pytest.mark.parametrize(("plain", "expected"), [
    ("2022-01-10", "2022-01-10"),
    ("2021", "2021"),
    ("2021-12-30T15:35:00-05:00", "2021-12-30T15:35:00-05:00"),
    ("2021-12-30 15:35:00Z", "2021-12-30 15:35:00Z"),
    ("2021-12-30t15:35:00+03:00", None),  # a YAML 1.1 timestamp, but not accord's notation (upper-case T)
])
def test_unquoted_yaml_timestamps_stay_text(plain, expected):
    doc = load_bytes(_meeting_yaml(plain), "m.yaml")
    assert doc.findings == []
    assert doc.items[0]["date"] == (int(plain) if plain.isdigit() else plain)
    valid = validate_document(doc)
    if expected is None:
        assert [f.code for f in doc.findings] == ["SCH005", "SCH005"]
    else:
        assert valid[0].record.date.text == expected


_FIELDS = ("text", "earliest", "latest", "precision", "approximate", "uncertain", "interval", "one_of", "has_time")


@given(st.dates().map(dt.date.isoformat) | st.from_regex(r"\A[0-9]{4}-[0-9]{2}-[0-9]{2}\Z"))
@example("0000-01-01")
@example("2021-02-29")
@example("2021-13-01")
def test_a_plain_day_read_in_one_step_is_what_the_general_reading_gives(text: str) -> None:
    """Most dates are one day, YYYY-MM-DD: read by ``date.fromisoformat`` in one step, with the same
    value (or, for no such day, the same error) as the general reading."""
    from schema.dates import _parse_general, _parse_text

    try:
        general = _parse_general(text)
    except DateError as error:
        with pytest.raises(DateError, match=re.escape(str(error))):
            _parse_text.__wrapped__(text)
        return
    fast = _parse_text.__wrapped__(text)
    assert [getattr(fast, name) for name in _FIELDS] == [getattr(general, name) for name in _FIELDS]
