"""DATE rules: disjoint dates are errors, different extents warnings, refinements quiet, zone shifts infos."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from corpus_kit import by_code, codes, meeting, run_corpus, source, statement
from hypothesis import given, settings
from hypothesis import strategies as st

from schema.dates import FuzzyDate
from validator.rules.dates import Verdict, compare

ZONES = ["Europe/Moscow", "Europe/Zurich", "America/New_York", "Asia/Tokyo", "UTC", None]


def F(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


# --- the comparison, unit by unit --------------------------------------------------------------------

def test_same_day_in_different_zones_is_equal() -> None:
    assert compare(F("2022-01-10"), "Europe/Moscow", F("2022-01-10"), "Europe/Zurich") is Verdict.EQUAL


def test_coarser_value_containing_the_finer_one_is_a_refinement() -> None:
    assert compare(F("2021-12"), "Europe/Moscow", F("2021-12-17"), "Europe/Moscow") is Verdict.REFINES
    assert compare(F("2022"), "Europe/Moscow", F("2022-01-12"), "Europe/Brussels") is Verdict.REFINES
    assert compare(F("[2022-01-10..2022-01-16]"), None, F("2022-01-12"), None) is Verdict.REFINES
    assert compare(F("2021-12~"), "UTC", F("2022-01-02"), "UTC") is Verdict.REFINES


def test_day_interval_against_one_of_its_days_is_a_different_extent() -> None:
    assert compare(F("2022-01-09/2022-01-10"), "Europe/Moscow", F("2022-01-10"), "Europe/Zurich") is Verdict.EXTENT


def test_disjoint_days_are_a_conflict() -> None:
    assert compare(F("2022-01-12"), "Europe/Brussels", F("2022-01-13"), "Europe/Brussels") is Verdict.CONFLICT
    assert compare(F("2021-12"), "UTC", F("2022-01-10"), "UTC") is Verdict.CONFLICT


def test_next_day_in_moscow_is_explained_by_zones() -> None:
    # 30 December in New York and 31 December in Moscow share the evening hours in New York.
    assert compare(F("2021-12-30"), "America/New_York", F("2021-12-31"), "Europe/Moscow") is Verdict.ZONE
    # Without a zone, it could be: a warning, not an info.
    assert compare(F("2021-12-30"), None, F("2021-12-31"), "Europe/Moscow") is Verdict.ZONE_UNKNOWN
    # In the same zone, two days are two days.
    assert compare(F("2021-12-30"), "Europe/Moscow", F("2021-12-31"), "Europe/Moscow") is Verdict.CONFLICT


def test_timed_event_over_midnight_falls_on_both_days() -> None:
    call = F("2021-12-30T15:35-05:00/2021-12-30T16:25-05:00")  # 23:35-00:25 in Moscow
    assert compare(call, "America/New_York", F("2021-12-31"), "Europe/Moscow") is Verdict.ZONE
    assert compare(call, "America/New_York", F("2021-12-30"), "America/New_York") is Verdict.REFINES
    assert compare(call, None, F("2021-12-31"), "America/New_York") is Verdict.CONFLICT


DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))


@st.composite
def values(draw: st.DrawFn) -> FuzzyDate:
    day = draw(DAYS)
    form = draw(st.sampled_from(["day", "month", "year", "interval", "one_of", "approx", "timed"]))
    if form == "day":
        return F(day.isoformat())
    if form == "month":
        return F(f"{day:%Y-%m}")
    if form == "year":
        return F(f"{day:%Y}")
    if form == "approx":
        return F(f"{day:%Y-%m}~")
    end = day + dt.timedelta(days=draw(st.integers(0, 10)))
    if form == "interval":
        return F(f"{day}/{end}")
    if form == "one_of":
        return F(f"[{day}..{end}]")
    hour = draw(st.integers(0, 23))
    return F(f"{day}T{hour:02d}:30+03:00/{day}T{hour:02d}:59+03:00")


@settings(max_examples=300, deadline=None)
@given(values(), st.sampled_from(ZONES), values(), st.sampled_from(ZONES))
def test_comparison_is_symmetric(a: FuzzyDate, za: str | None, b: FuzzyDate, zb: str | None) -> None:
    assert compare(a, za, b, zb) is compare(b, zb, a, za)


@settings(max_examples=200, deadline=None)
@given(values(), st.sampled_from(ZONES))
def test_a_value_never_conflicts_with_itself(a: FuzzyDate, zone: str | None) -> None:
    assert compare(a, zone, a, zone) is Verdict.EQUAL


@settings(max_examples=200, deadline=None)
@given(DAYS, st.sampled_from(ZONES))
def test_a_value_never_conflicts_with_one_that_contains_it(day: dt.date, zone: str | None) -> None:
    for container in (f"{day:%Y-%m}", f"{day:%Y}", f"[{day}..{day + dt.timedelta(days=6)}]", f"{day:%Y-%m}~"):
        assert compare(F(container), zone, F(day.isoformat()), zone) is Verdict.REFINES


# --- the rules on small corpora ----------------------------------------------------------------------

def test_date001_fires_on_disjoint_dates_and_counts_independent_sources(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [
        source("tass"), source("ria", publisher="ria-novosti"), source("ria-reprint", publisher="tass-agency",
                                                                     reprint_of="ria-novosti"),
        meeting(reports=[{"source": "tass", "date": "2022-01-10"}, {"source": "ria", "date": "2022-01-10"},
                         {"source": "ria-reprint", "date": "2022-01-10"},
                         {"source": "tass", "date": "2022-01-12", "date_text": "on Wednesday"}]),
    ])
    [found] = by_code(result, "DATE001")
    lines = (tmp_path / "records.yaml").read_text(encoding="utf-8").splitlines()
    assert (found.location.line, found.records) == (lines.index("    date: '2022-01-12'") + 1, ("geneva-talks", "tass"))
    # tass, ria and ria's reprint agree; the reprint counts with ria, and tass is the disagreeing origin.
    assert found.message.endswith("; 1 independent source agrees with the record")
    assert result.failed()


def test_date002_warns_on_different_extents_and_is_quiet_on_refinements(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("tass"), meeting(reports=[
        {"source": "tass", "date": "2022-01-09/2022-01-10", "date_text": "January 9-10"},
        {"source": "tass", "date": "2022-01", "date_text": "in January"},
        {"source": "tass", "date": "2022"},
        {"source": "tass", "date": "[2022-01-10..2022-01-16]", "date_text": "this week"},
        {"source": "tass", "date": "2022-01-10"}])])
    assert codes(result) == ["DATE002"]
    assert not result.failed() and result.failed(strict=True)


def test_date003_names_the_zones_of_a_call_over_midnight(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("tass", timezone="Europe/Brussels"), meeting(
        id="call", date="2021-12-30T15:35-05:00/2021-12-30T16:25-05:00", timezone="America/New_York",
        reports=[{"source": "tass", "date": "2021-12-31", "timezone": "Europe/Moscow",
                  "date_text": "In the early hours on December 31"}])])
    [found] = result.findings
    assert (found.code, found.severity) == ("DATE003", "info")
    assert "Europe/Moscow" in found.message
    # Read in Brussels (the dateline), 31 December would be wrong: an error.
    result = run_corpus(tmp_path / "b", [source("tass", timezone="Europe/Brussels"), meeting(
        id="call", date="2021-12-30T15:35-05:00/2021-12-30T16:25-05:00", timezone="America/New_York",
        reports=[{"source": "tass", "date": "2021-12-31"}])])
    assert codes(result) == ["DATE001"]


def test_date007_when_a_zone_is_unknown(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("tass"), statement(date="2021-12-30", reports=[
        {"source": "tass", "date": "2021-12-31", "quote": "talks will begin"}])])
    assert codes(result) == ["DATE007"]


def test_date006_a_changed_plan_is_a_reschedule(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("early", published="2021-12-27"), source("late", published="2022-01-14"),
                                   meeting(date="2022-01-12", reports=[
                                       {"source": "early", "date": "2022-01-11", "status": "scheduled"},
                                       {"source": "late", "date": "2022-01-12", "status": "held"}])])
    assert codes(result) == ["DATE006"]
    # The same report from a source published after the planned day is a plan for the past: TIME004 only.
    result = run_corpus(tmp_path / "b", [source("late", published="2022-01-14"), meeting(date="2022-01-12", reports=[
        {"source": "late", "date": "2022-01-11", "status": "scheduled"}])])
    assert codes(result) == ["TIME004"]
    # A plan still ahead at publication, for a day after the meeting was held: not a reschedule but a conflict.
    result = run_corpus(tmp_path / "c", [source("late", published="2022-01-14"), meeting(date="2022-01-12", reports=[
        {"source": "late", "date": "2022-01-20", "status": "scheduled"}])])
    assert codes(result) == ["DATE001"]


def test_proposal_dates_are_compared_per_property(tmp_path: Path) -> None:
    proposal = {"kind": "proposal", "id": "draft", "title": "Draft treaty", "proposer": "russia",
                "addressees": ["united-states"], "submitted": "2021-12-15", "published": "2021-12-17",
                "timezone": "Europe/Moscow", "reports": [
                    {"source": "tass", "event": "submitted", "date": "2021-12-15"},
                    {"source": "tass", "event": "published", "date": "2021-12", "date_text": "mid-December"},
                    {"source": "tass", "event": "published", "date": "2021-12-17"}]}
    assert codes(run_corpus(tmp_path, [source("tass"), proposal])) == []
    proposal["reports"].append({"source": "tass", "event": "published", "date": "2021-12-15"})
    assert codes(run_corpus(tmp_path / "b", [source("tass"), proposal])) == ["DATE001"]


def test_reports_are_compared_among_themselves_when_the_record_has_no_value(tmp_path: Path) -> None:
    proposal = {"kind": "proposal", "id": "draft", "title": "Draft treaty", "proposer": "russia",
                "addressees": ["united-states"], "reports": [
                    {"source": "tass", "event": "published", "date": "2021-12-17"},
                    {"source": "ria", "event": "published", "date": "2021-12-20"}]}
    result = run_corpus(tmp_path, [source("tass"), source("ria", publisher="ria-novosti"), proposal])
    [found] = result.findings
    assert (found.code, found.records) == ("DATE001", ("draft", "ria", "tass"))


def test_review_acknowledges_the_geneva_extent_warning(tmp_path: Path) -> None:
    review = {"kind": "review", "id": "review-geneva", "rule": "DATE002", "records": ["geneva-talks", "tass"],
              "reason": "RIA counts the working dinner of 9 January", "reviewed_by": "curator",
              "reviewed": "2026-11-23"}
    records = [source("tass"), meeting(reports=[{"source": "tass", "date": "2022-01-09/2022-01-10"}]), review]
    result = run_corpus(tmp_path, records)
    assert [(f.code, f.acknowledged) for f in result.findings] == [("DATE002", True)]
    assert not result.failed(strict=True)
    stale = dict(review, records=["geneva-talks"])
    result = run_corpus(tmp_path / "b", records[:2] + [stale])
    assert sorted((f.code, f.acknowledged) for f in result.findings) == [("DATE002", False), ("REV001", False)]


def test_a_review_of_a_rule_that_did_not_run_is_not_stale(tmp_path: Path) -> None:
    """`--select SCH` (or `--ignore DATE002`) runs no DATE002: its reviews cannot be judged, and REV
    findings are chosen like any other."""
    from validator.run import check, discover

    review = {"kind": "review", "id": "review-geneva", "rule": "DATE002", "records": ["geneva-talks"],
              "reason": "stale on purpose", "reviewed_by": "curator", "reviewed": "2026-11-23"}
    run_corpus(tmp_path, [source("tass"), meeting(), review])
    targets = discover([tmp_path], tmp_path, (".yaml",))
    assert [f.code for f in check(targets).findings] == ["REV001"]
    assert check(targets, selected=lambda code: code.startswith("SCH")).findings == []
    assert check(targets, selected=lambda code: code != "DATE002").findings == []
    assert check(targets, selected=lambda code: code != "REV001").findings == []


def test_a_review_naming_a_rule_accord_does_not_have_is_rev002(tmp_path: Path) -> None:
    review = {"kind": "review", "id": "review-typo", "rule": "DATE999", "records": ["geneva-talks"],
              "reason": "a typo in the rule", "reviewed_by": "curator", "reviewed": "2026-11-23"}
    result = run_corpus(tmp_path, [source("tass"), meeting(reports=[{"source": "tass", "date": "2022-01-10"}]),
                                   review])
    [found] = result.findings
    assert (found.code, found.records, found.severity) == ("REV002", ("review-typo",), "error")
    assert found.message == "review 'review-typo' names rule DATE999, which accord does not have"
    assert result.failed()
