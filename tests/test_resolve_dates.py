"""The date-expression resolver: every phrase of the seed corpus and the brief, anchored on the seed
articles' dates, and the laws that hold for every publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schema.dates import FuzzyDate
from validator.rules.resolve_dates import WEEKDAYS, normalize_expression, resolve

MOSCOW = "Europe/Moscow"
D = dt.date.fromisoformat


def spans(text: str, published: str, tense: str | None = None, zone: str = MOSCOW) -> str | None:
    """The resolution as text: '2022-01-10', '2021-12-20..2021-12-26', '2021-12-20 or 2021-12-27'."""
    found = resolve(text, FuzzyDate.parse(published), zone, tense=tense)  # type: ignore[arg-type]
    return None if found is None else found.describe()


# --- the seed articles: 27 Dec 2021 (Mon), 31 Dec 2021 (Fri), 10 Jan 2022 (Mon), 14 Jan 2022 (Fri) ----------

@pytest.mark.parametrize(("text", "published", "tense", "expected"), [
    # weekdays: the publication's own weekday is the publication day, whatever the tense
    ("on Monday", "2021-12-27", None, "2021-12-27"),
    ("On Monday", "2021-12-27", "past", "2021-12-27"),
    ("on Monday", "2021-12-27", "future", "2021-12-27"),
    ("Monday", "2022-01-10", None, "2022-01-10"),
    # a weekday before publication: past and future candidates unless the tense decides
    ("on Wednesday", "2022-01-14", None, "2022-01-12 or 2022-01-19"),
    ("on Wednesday", "2022-01-14", "past", "2022-01-12"),
    ("on Wednesday", "2022-01-14", "future", "2022-01-19"),
    ("on Thursday", "2022-01-14", "past", "2022-01-13"),
    ("Thursday's", "2021-12-31", "past", "2021-12-30"),
    ("Thursday’s", "2021-12-31", "past", "2021-12-30"),
    ("on Monday", "2021-12-29", "future", "2022-01-03"),
    ("Monday morning", "2021-12-29", "past", "2021-12-27"),
    ("late on Tuesday", "2021-12-29", "past", "2021-12-28"),
    ("last Monday", "2021-12-27", None, "2021-12-20"),
    ("this past Monday", "2021-12-29", None, "2021-12-27"),
    ("last Monday", "2021-12-27", "future", "2021-12-20"),  # the text decides, not the status
    ("next Monday", "2021-12-29", None, "2022-01-03"),
    ("next Friday", "2021-12-29", None, "2021-12-31 or 2022-01-07"),
    ("coming Monday", "2021-12-27", None, "2022-01-03"),
    ("this Friday", "2021-12-27", None, "2021-12-31"),
    # day words
    ("today", "2022-01-10", None, "2022-01-10"),
    ("yesterday", "2022-01-10", None, "2022-01-09"),
    ("tomorrow", "2021-12-31", None, "2022-01-01"),
    ("the day before yesterday", "2022-01-01", None, "2021-12-30"),
    ("tonight", "2021-12-31", None, "2021-12-31"),
    ("last night", "2022-01-01", None, "2021-12-31"),
    # weeks, Monday to Sunday
    ("last week", "2021-12-27", None, "2021-12-20..2021-12-26"),
    ("this week", "2021-12-27", None, "2021-12-27..2022-01-02"),
    ("this week’s", "2022-01-10", None, "2022-01-10..2022-01-16"),
    ("next week", "2021-12-31", None, "2022-01-03..2022-01-09"),
    ("earlier this week", "2022-01-14", None, "2022-01-10..2022-01-14"),
    ("later this week", "2022-01-10", None, "2022-01-10..2022-01-16"),
    # months
    ("earlier this month", "2021-12-27", None, "2021-12-01..2021-12-27"),
    ("Earlier this month", "2021-12-27?", None, "2021-12-01..2021-12-27"),
    ("later this month", "2021-12-27", None, "2021-12-27..2021-12-31"),
    ("this month", "2022-01-14", None, "2022-01-01..2022-01-31"),
    ("last month", "2022-01-14", None, "2021-12-01..2021-12-31"),
    ("next month", "2021-12-27", None, "2022-01-01..2022-01-31"),
    ("the end of the month", "2022-02-03", None, "2022-02-21..2022-02-28"),
    ("early next month", "2021-12-27", None, "2022-01-01..2022-01-10"),
    # years
    ("this year", "2021-12-31", None, "2021-01-01..2021-12-31"),
    ("next year", "2021-12-31", None, "2022-01-01..2022-12-31"),
    ("last year", "2022-01-14", None, "2021-01-01..2021-12-31"),
    ("earlier this year", "2022-01-14", None, "2022-01-01..2022-01-14"),
    ("in 2021", "2022-01-14", None, "2021-01-01..2021-12-31"),
    ("At the end of 2021", "2021-12-31", None, "2021-09-01..2021-12-31"),
    ("At the end of 2021", "2022-01-14", None, "2021-09-01..2021-12-31"),
    ("the end of the year", "2021-06-01", None, "2021-09-01..2021-12-31"),
    ("by the end of last year", "2022-01-14", None, None),  # "by": not a date, a deadline
    ("at the end of last year", "2022-01-14", None, "2021-09-01..2021-12-31"),
    ("early 2022", "2021-12-31", None, "2022-01-01..2022-04-30"),
    ("mid-2022", "2021-12-31", None, "2022-05-01..2022-08-31"),
    # dates, with and without a year, and ranges
    ("January 10", "2021-12-31", None, "2022-01-10"),
    ("on January 10", "2021-12-31", None, "2022-01-10"),
    ("On January 10", "2022-01-10", None, "2022-01-10"),
    ("on 10 January", "2021-12-31", None, "2022-01-10"),
    ("12 January", "2021-12-31", None, "2022-01-12"),
    ("on January 12", "2021-12-27", None, "2022-01-12"),
    ("on 13 January", "2021-12-31", None, "2022-01-13"),
    ("January 14", "2022-01-14", None, "2022-01-14"),
    ("Dec 31", "2022-01-10", None, "2021-12-31"),
    ("Dec. 31", "2022-01-10", None, "2021-12-31"),
    ("on December 15", "2022-01-10", None, "2021-12-15"),
    ("December 17, 2021", "2022-01-10", None, "2021-12-17"),
    ("On December 17, 2021", "2022-01-10", None, "2021-12-17"),
    ("the 10th of January", "2021-12-31", None, "2022-01-10"),
    ("2022-01-10", "2021-12-31", None, "2022-01-10"),
    ("on January 9-10", "2022-01-14", None, "2022-01-09..2022-01-10"),
    ("January 9–10", "2022-01-14", None, "2022-01-09..2022-01-10"),
    ("9-10 January 2022", "2021-12-31", None, "2022-01-09..2022-01-10"),
    ("January 9 to 10", "2022-01-14", None, "2022-01-09..2022-01-10"),
    ("In the early hours on December 31", "2022-01-10", None, "2021-12-31"),
    ("in the early hours of December 31", "2021-12-31", None, "2021-12-31"),
    ("Wednesday, January 12", "2022-01-14", None, "2022-01-12"),
    ("Monday, January 10", "2022-01-14", None, "2022-01-10"),
    ("Monday, 10 January 2022", "2021-12-31", None, "2022-01-10"),
    # months and their parts
    ("in January", "2021-12-31", None, "2022-01-01..2022-01-31"),
    ("in July 2019", "2022-01-10", None, "2019-07-01..2019-07-31"),
    ("in October 2020", "2022-01-10", None, "2020-10-01..2020-10-31"),
    ("mid-December", "2021-12-31", None, "2021-12-11..2021-12-20"),
    ("In mid-December", "2022-01-14", None, "2021-12-11..2021-12-20"),
    ("early January", "2021-12-27", None, "2022-01-01..2022-01-10"),
    ("early January 2022", "2021-12-31", None, "2022-01-01..2022-01-10"),
    ("late December", "2022-01-14", None, "2021-12-21..2021-12-31"),
    ("end of December", "2021-12-01", None, "2021-12-21..2021-12-31"),
    ("the end of February", "2024-01-10", None, "2024-02-21..2024-02-29"),
    ("beginning of January", "2021-12-27", None, "2022-01-01..2022-01-10"),
])
def test_phrases(text: str, published: str, tense: str | None, expected: str | None) -> None:
    assert spans(text, published, tense) == expected


@pytest.mark.parametrize("text", [
    "immediately after the New Year holidays", "immediately after the New Year holiday", "recently",
    "two days later", "over the weekend", "soon", "", "   ", "on", "the", "February 30", "January 32",
    "January 10-9", "Monday Tuesday", "year", "month", "earlier last week", "in 0000", "2022-13-01",
    "12/01/2022", "on Monday, or perhaps Tuesday", "mid", "x" * 500,
])
def test_unknown_or_impossible_phrasing_stays_unresolved(text: str) -> None:
    assert resolve(text, FuzzyDate.parse("2022-01-10"), MOSCOW) is None


def test_normalisation() -> None:
    assert normalize_expression("Thursday's") == "thursday"
    assert normalize_expression("this week’s") == "this week"
    assert normalize_expression("In the early hours on December 31") == "early hours december 31"
    assert normalize_expression("mid-December") == "mid december"
    assert normalize_expression("On the 10th of January, 2022.") == "10 january 2022"
    assert normalize_expression("January 9 – 10") == "january 9-10"


def test_a_published_date_time_is_its_local_date_in_the_zone() -> None:
    # 23:30 UTC on Sunday 9 January is 02:30 on Monday 10 January in Moscow.
    published = FuzzyDate.parse("2022-01-09T23:30:00Z")
    assert resolve("today", published, MOSCOW).describe() == "2022-01-10"  # type: ignore[union-attr]
    assert resolve("today", published, "Europe/London").describe() == "2022-01-09"  # type: ignore[union-attr]
    assert resolve("on Monday", published, MOSCOW).anchor == (D("2022-01-10"), D("2022-01-10"))  # type: ignore[union-attr]


def test_an_interval_publication_unites_the_readings_of_its_days() -> None:
    assert spans("yesterday", "2021-12-27/2021-12-31") == "2021-12-26..2021-12-30"
    # A story of Sunday 26 or Tuesday 28 December: "on Monday" (past) is the 20th or the 27th.
    assert spans("on Monday", "2021-12-26/2021-12-28", "past") == "2021-12-20 or 2021-12-27"
    # "January 10" from the last days of one year or the first of the next: the same day.
    assert spans("January 10", "2021-12-30/2022-01-02") == "2022-01-10"
    # A publication known only to the year: both ends, and the span between.
    assert spans("yesterday", "2021") == "2020-12-31..2021-12-30"
    assert spans("today", "../2022-01-10") is None


def test_tied_years_are_both_candidates() -> None:
    # 1 July 2021 is 181 days after 1 January 2021 and 184 before 1 January 2022; 2 July 2021 (common
    # year): 182 days after and 183 before. In 2024 (a leap year), 2 July is 183 days from both.
    assert spans("January 1", "2024-07-02") == "2024-01-01 or 2025-01-01"
    assert spans("January 1", "2021-07-01") == "2021-01-01"


def test_weekday_beside_a_date() -> None:
    found = resolve("Monday, January 12", FuzzyDate.parse("2022-01-14"), MOSCOW)
    assert found is not None and found.weekday == 0 and found.dated == (D("2022-01-12"),) and found.wrong_weekday()
    found = resolve("Wednesday, January 12", FuzzyDate.parse("2022-01-14"), MOSCOW)
    assert found is not None and not found.wrong_weekday()
    assert not resolve("on Monday", FuzzyDate.parse("2022-01-14"), MOSCOW).wrong_weekday()  # type: ignore[union-attr]
    # Beside a range, the weekday is not checked.
    assert not resolve("Sunday, January 9-10", FuzzyDate.parse("2022-01-14"), MOSCOW).wrong_weekday()  # type: ignore[union-attr]


def test_extreme_anchors_do_not_raise() -> None:
    assert resolve("tomorrow", FuzzyDate.parse("9999-12-31"), MOSCOW) is None
    assert resolve("next year", FuzzyDate.parse("9999-06-01"), MOSCOW) is None
    assert spans("yesterday", "1000-01-01") == "0999-12-31"
    resolve("last week", FuzzyDate.parse("0001-01-01"), "UTC")  # must not raise


# --- laws --------------------------------------------------------------------------------------------

DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def at(day: dt.date) -> FuzzyDate:
    return FuzzyDate.parse(day.isoformat())


@given(DAYS, st.integers(0, 6), st.sampled_from(["on {}", "{}", "{}'s", "{} evening"]))
def test_past_weekday_is_within_the_week_up_to_publication(day: dt.date, weekday: int, form: str) -> None:
    found = resolve(form.format(WEEKDAYS[weekday]), at(day), MOSCOW, tense="past")
    assert found is not None and len(found.spans) == 1 and found.first == found.last
    assert found.first.weekday() == weekday and 0 <= (day - found.first).days <= 6


@given(DAYS, st.integers(0, 6))
def test_future_weekday_is_within_the_week_from_publication(day: dt.date, weekday: int) -> None:
    found = resolve(f"on {WEEKDAYS[weekday]}", at(day), MOSCOW, tense="future")
    assert found is not None and found.first == found.last
    assert found.first.weekday() == weekday and 0 <= (found.first - day).days <= 6


@given(DAYS, st.integers(0, 6))
def test_without_tense_a_weekday_has_the_past_and_the_future_candidate(day: dt.date, weekday: int) -> None:
    name = WEEKDAYS[weekday]
    both = resolve(f"on {name}", at(day), MOSCOW)
    past = resolve(f"on {name}", at(day), MOSCOW, tense="past")
    future = resolve(f"on {name}", at(day), MOSCOW, tense="future")
    assert both is not None and past is not None and future is not None
    assert set(both.spans) == set(past.spans) | set(future.spans)
    assert (len(both.spans) == 1) == (day.weekday() == weekday)


@given(DAYS, st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
       st.sampled_from(["{m} {d}, {y}", "on {m} {d}, {y}", "{d} {m} {y}", "{ab}. {d}, {y}", "{y}-{mm}-{dd}"]))
def test_an_explicit_date_is_that_day_whatever_the_publication(published: dt.date, day: dt.date, form: str) -> None:
    month = dt.date(2000, day.month, 1).strftime("%B")
    text = form.format(m=month, ab=month[:3], d=day.day, y=f"{day.year:04d}", mm=f"{day.month:02d}",
                       dd=f"{day.day:02d}")
    found = resolve(text, at(published), MOSCOW)
    assert found is not None and found.spans == ((day, day),)
    beside = resolve(f"{WEEKDAYS[day.weekday()]}, {text}", at(published), MOSCOW)
    assert beside is not None and not beside.wrong_weekday()
    wrong = resolve(f"{WEEKDAYS[(day.weekday() + 1) % 7]}, {text}", at(published), MOSCOW)
    assert wrong is not None and wrong.wrong_weekday()


@given(DAYS, st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2001, 12, 31)))
def test_a_date_without_year_is_the_nearest_occurrence(published: dt.date, day: dt.date) -> None:
    found = resolve(f"{day:%B} {day.day}", at(published), MOSCOW)
    assert found is not None
    for first, last in found.spans:
        assert first == last and (first.month, first.day) == (day.month, day.day)
        assert abs((first - published).days) <= 183


@given(DAYS)
def test_relative_periods_hold_the_publication_or_border_it(day: dt.date) -> None:
    def one(text: str) -> tuple[dt.date, dt.date]:
        found = resolve(text, at(day), MOSCOW)
        assert found is not None and len(found.spans) == 1
        return found.spans[0]

    this_week, last_week, next_week = one("this week"), one("last week"), one("next week")
    assert this_week[0] <= day <= this_week[1] and this_week[0].weekday() == 0
    assert last_week[1] + dt.timedelta(days=1) == this_week[0] == next_week[0] - dt.timedelta(days=7)
    assert one("earlier this month") == (day.replace(day=1), day)
    assert one("this month")[0] <= day <= one("this month")[1]
    assert one("last month")[1] + dt.timedelta(days=1) == one("this month")[0]
    assert one("next month")[0] - dt.timedelta(days=1) == one("this month")[1]
    assert one("yesterday")[0] + dt.timedelta(days=2) == one("tomorrow")[0]
    assert one("next year")[0].year == day.year + 1 == one("last year")[0].year + 2


@given(DAYS, st.integers(1, 40), st.sampled_from([
    "today", "yesterday", "on Monday", "Thursday's", "last week", "this week", "earlier this month",
    "next year", "January 10", "mid-December", "in January", "At the end of 2021"]))
def test_an_interval_publication_contains_each_of_its_days_readings(day: dt.date, length: int, text: str) -> None:
    end = day + dt.timedelta(days=length)
    union = resolve(text, FuzzyDate.parse(f"{day}/{end}"), MOSCOW)
    assert union is not None
    for offset in (0, length // 2, length):
        one = resolve(text, at(day + dt.timedelta(days=offset)), MOSCOW)
        assert one is not None
        assert all(union.contains(a, b) for a, b in one.spans)


PHRASES = ["Monday", "Thursday", "today", "yesterday", "last week", "this week", "earlier this month",
           "next year", "January 9-10", "12 January", "December 17, 2021", "mid-December", "July 2019",
           "the end of 2021", "early January", "Wednesday, January 12"]


@given(st.sampled_from(PHRASES), st.sampled_from(["{}", "on {}", "On the {}", "in {}", "at {},", "{}.", "({})",
                                                  "{}'s", "{}’s", " {} "]),
       st.sampled_from([str.lower, str.upper, str.title, lambda s: s]), DAYS)
def test_case_fillers_and_punctuation_do_not_matter(phrase: str, frame: str, case: object, day: dt.date) -> None:
    plain = resolve(phrase, at(day), MOSCOW)
    dressed = resolve(case(frame.format(phrase)), at(day), MOSCOW)  # type: ignore[operator]
    assert plain is not None and dressed is not None and dressed.spans == plain.spans


VOCABULARY = ["on", "the", "in", "at", "of", "last", "next", "this", "earlier", "later", "early", "mid", "late",
              "end", "week", "month", "year", "Monday", "Thursday's", "January", "Dec", "9", "10", "9-10", "31",
              "2021", "0000", "99999", "-", ",", "’s", "hours", "morning", "today", "to", "and", "day", "before"]
ANCHORS = st.one_of(
    DAYS.map(lambda d: FuzzyDate.parse(d.isoformat())),
    st.sampled_from(["0001-01-01", "9999-12-31", "2021", "2021-12", "2021-12-27?", "2022-01-10~",
                     "2021-12-30T23:30-05:00", "2021-12-20/2022-01-10", "../2022-01-10", "[2022-01-10..2022-01-16]",
                     "0001", "9999"]).map(FuzzyDate.parse),
)


@given(st.one_of(st.text(max_size=60), st.lists(st.sampled_from(VOCABULARY), max_size=6).map(" ".join)), ANCHORS,
       st.sampled_from([None, "past", "future"]))
def test_resolve_never_raises_and_gives_ordered_disjoint_spans(text: str, published: FuzzyDate,
                                                               tense: str | None) -> None:
    found = resolve(text, published, "Pacific/Kiritimati", tense=tense)  # type: ignore[arg-type]
    if found is not None:
        assert found.spans
        for (a, b), (c, _) in zip(found.spans, found.spans[1:]):
            assert a <= b and (c - b).days > 1
        assert found.spans[-1][0] <= found.spans[-1][1]
