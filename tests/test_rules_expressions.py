"""DATE004 (a report's date against its date expression) and DATE005 (a weekday beside a date)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from corpus_kit import base_actors, by_code, meeting, run_corpus, source, statement

from validator.codes import code
from validator.run import check, discover


def line_of(folder: Path, needle: str) -> int:
    """The 1-based line of ``records.yaml`` that holds ``needle`` (exactly one does)."""
    lines = (folder / "records.yaml").read_text(encoding="utf-8").splitlines()
    [number] = [i for i, line in enumerate(lines, 1) if needle in line]
    return number


def report(date: str | None, text: str | None, **fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"source": "tass", **fields}
    if date is not None:
        out["date"] = date
    if text is not None:
        out["date_text"] = text
    return out


def date004(folder: Path, *reports: dict[str, Any], published: str = "2022-01-10", date: str = "2022-01-10",
            zone: str = "Europe/Moscow", **meeting_fields: Any) -> list[Any]:
    result = run_corpus(folder, [source("tass", published=published, timezone=zone),
                                 meeting(date=date, reports=list(reports), **meeting_fields)])
    return by_code(result, "DATE004")


# --- DATE004 -----------------------------------------------------------------------------------------

def test_date004_fires_on_a_weekday_read_as_the_wrong_day(tmp_path: Path) -> None:
    [found] = date004(tmp_path, report("2022-01-11", "on Monday"))
    assert (found.code, found.severity, found.records) == ("DATE004", "error", ("geneva-talks", "tass"))
    assert found.location.line == line_of(tmp_path, "date: '2022-01-11'")
    assert found.related[0].line == line_of(tmp_path, "date_text: on Monday")
    assert found.message == ("'on Monday' in a source published 2022-01-10 (Europe/Moscow) means 2022-01-10, "
                             "not 2022-01-11")


@pytest.mark.parametrize(("date", "text"), [
    ("2022-01-10", "on Monday"), ("2022-01-10", "Monday's"), ("2022-01-10", "today"), ("2022-01-09", "yesterday"),
    ("[2022-01-10..2022-01-16]", "this week's"), ("2022-01-12", "this week"), ("2022-01-10/2022-01-16", "this week"),
    ("[2022-01-03..2022-01-09]", "last week"), ("2022-01", "in January"), ("2022-01-10", "in January"),
    ("2022", "this year"), ("2022-01", "early January"), ("2022-01-05", "earlier this month"),
    ("2022-01-09/2022-01-10", "on January 9-10"), ("2022-01-10", "on January 9-10"),
    ("2021-12", "mid-December"), ("2021-12-15", "mid-December"), ("2021-12-17", "On December 17, 2021"),
    ("2021-12-15", "on December 15"), ("2021-12", "At the end of 2021"), ("2021-11", "At the end of 2021"),
    ("2021", "At the end of 2021"), ("2022-01-11~", "on Monday"), ("../2022-01-10", "on Monday"),
    # unresolved phrasing is never checked
    ("2022-01-20", "immediately after the New Year holidays"), ("2022-03-01", "soon"),
])
def test_date004_is_quiet_on_compatible_readings(tmp_path: Path, date: str, text: str) -> None:
    assert date004(tmp_path, report(date, text)) == []


@pytest.mark.parametrize(("date", "text", "means"), [
    ("2022-01-10", "yesterday", "2022-01-09"),
    ("2022-01-10", "last week", "2022-01-03..2022-01-09"),
    ("2022-01-09/2022-01-11", "on January 9-10", "2022-01-09..2022-01-10"),
    ("2022-01-10", "on January 11", "2022-01-11"),
    ("2021-12", "early January", "2022-01-01..2022-01-10"),  # a month, but not the one that contains it
    ("2021-12-25", "mid-December", "2021-12-11..2021-12-20"),
    ("2021-08", "At the end of 2021", "2021-09-01..2021-12-31"),
    ("2021-12", "in January", "2022-01-01..2022-01-31"),
    ("2021-12/2022-01", "in January", "2022-01-01..2022-01-31"),  # an interval of months is not a coarser unit
])
def test_date004_fires_on_incompatible_readings(tmp_path: Path, date: str, text: str, means: str) -> None:
    [found] = date004(tmp_path, report(date, text))
    assert f" means {means}, not {date}" in found.message


def test_date004_is_quiet_without_date_text_date_or_known_source(tmp_path: Path) -> None:
    assert date004(tmp_path, report("2022-01-11", None), report(None, "on Monday")) == []
    assert date004(tmp_path / "b", report("2022-01-11", "on Monday", source="nowhere")) == []


def test_date004_status_decides_the_tense_of_a_weekday(tmp_path: Path) -> None:
    # A story of Wednesday 12 January: "on Monday" is the 10th (past) or the 17th (future).
    args = {"published": "2022-01-12", "date": "2022-01-12"}
    assert date004(tmp_path / "a", report("2022-01-10", "on Monday", status="held"), **args) == []
    assert date004(tmp_path / "b", report("2022-01-17", "on Monday", status="scheduled"), **args) == []
    assert date004(tmp_path / "c", report("2022-01-10", "on Monday"), report("2022-01-17", "on Monday"), **args) == []
    assert date004(tmp_path / "d", report("2022-01-10", "on Monday", status="cancelled"), **args) == []
    [found] = date004(tmp_path / "e", report("2022-01-10", "on Monday", status="scheduled"), **args)
    assert found.message == ("'on Monday' (read as future: the report's status is scheduled) in a source published "
                             "2022-01-12 (Europe/Moscow) means 2022-01-17, not 2022-01-10")
    [found] = date004(tmp_path / "f", report("2022-01-17", "on Monday", status="held"), **args)
    assert " means 2022-01-10, not 2022-01-17" in found.message
    # Neither candidate: both shown.
    [found] = date004(tmp_path / "g", report("2022-01-11", "on Monday"), **args)
    assert " means 2022-01-10 or 2022-01-17, not 2022-01-11" in found.message


def test_date004_reads_a_statement_weekday_as_past(tmp_path: Path) -> None:
    records = [source("tass", published="2022-01-12"), statement(date="2022-01-10", reports=[
        {"source": "tass", "quote": "talks will begin", "date": "2022-01-17", "date_text": "on Monday"}])]
    [found] = by_code(run_corpus(tmp_path, records), "DATE004")
    assert found.records == ("lavrov-remark", "tass")
    assert "(read as past: a statement is reported after it is made)" in found.message
    records[1]["reports"][0]["date"] = "2022-01-10"
    assert by_code(run_corpus(tmp_path / "b", records), "DATE004") == []


def test_date004_counts_in_the_reports_own_calendar(tmp_path: Path) -> None:
    # TASS's Brussels story of 10 January gives the Putin-Biden call in Moscow time.
    call = {"id": "call", "date": "2021-12-30T15:35-05:00/2021-12-30T16:25-05:00", "timezone": "America/New_York"}
    moscow = {"timezone": "Europe/Moscow", "status": "held"}
    assert date004(tmp_path / "a", report("2021-12-31", "In the early hours on December 31", **moscow),
                   zone="Europe/Brussels", **call) == []
    [found] = date004(tmp_path / "b", report("2021-12-30", "In the early hours on December 31", **moscow),
                      zone="Europe/Brussels", **call)
    assert found.message == ("'In the early hours on December 31' in a source published 2022-01-10 (Europe/Brussels; "
                             "2022-01-10..2022-01-11 in Europe/Moscow) means 2021-12-31, not 2021-12-30")
    # A timed report agrees when one of its local days is the day named: the call ran over midnight in Moscow.
    assert date004(tmp_path / "c", report(call["date"], "In the early hours on December 31", **moscow),
                   zone="Europe/Brussels", **call) == []
    assert date004(tmp_path / "d", report(call["date"], "Thursday's", **moscow), published="2021-12-31", **call) == []
    assert date004(tmp_path / "e", report(call["date"], "Friday's", **moscow), published="2021-12-31", **call) == []
    [found] = date004(tmp_path / "f", report(call["date"], "Wednesday's", **moscow), published="2021-12-31", **call)
    assert found.message.endswith("means 2021-12-29, not 2021-12-30T15:35-05:00/2021-12-30T16:25-05:00 "
                                  "(2021-12-30..2021-12-31 in Europe/Moscow)")


def test_date004_anchors_a_published_date_time_on_its_local_day(tmp_path: Path) -> None:
    # 23:30 UTC on Sunday 9 January is Monday 10 January in Moscow.
    assert date004(tmp_path / "a", report("2022-01-10", "today"), published="2022-01-09T23:30:00Z") == []
    [found] = date004(tmp_path / "b", report("2022-01-09", "today"), published="2022-01-09T23:30:00Z")
    assert "published 2022-01-09T23:30:00Z (Europe/Moscow; 2022-01-10 in Europe/Moscow) means 2022-01-10" \
        in found.message


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31", "9999-12-31T23:59Z", "0001-01-01T00:00+05:00",
                                       "0001", "9999", "../9999-12-31"])
@pytest.mark.parametrize("zones", [("Pacific/Kiritimati", "Etc/GMT+12"), ("Etc/GMT+12", "Pacific/Kiritimati")])
def test_expressions_at_the_edge_of_the_calendar_do_not_crash_the_check(tmp_path: Path, published: str,
                                                                      zones: tuple[str, str]) -> None:
    reports = [report(date, text, timezone=zones[1]) for date, text in [
        ("9999-12-31", "tomorrow"), ("0001-01-01", "yesterday"), ("9999-12-31T23:59Z", "today"),
        ("0001-01-01T00:00+05:00", "last week"), ("0001-01-01", "Monday, January 1"), ("9999-12-31", "next year"),
        ("9999", "December 31"), ("0001-01-01/9999-12-31", "on Monday")]]
    records = [*base_actors(), source("tass", published=published, timezone=zones[0]),
               meeting(date="2022-01-10", reports=reports)]
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "tass.txt").write_text("text", encoding="utf-8")
    (tmp_path / "records.yaml").write_text(yaml.safe_dump(records), encoding="utf-8")
    # Only these rules: the check must not crash in them (other rules have their own edge tests).
    result = check(discover([tmp_path], tmp_path, (".yaml",)), selected=lambda name: name in ("DATE004", "DATE005"))
    assert {f.code for f in result.findings} <= {"DATE004", "DATE005"}


# --- DATE005 -----------------------------------------------------------------------------------------

def test_date005_fires_on_a_weekday_that_is_not_the_dates(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("tass"), meeting(date="2022-01-12", reports=[
        report("2022-01-12", "Monday, January 12")])])
    [found] = by_code(result, "DATE005")
    assert (found.code, found.severity, found.records) == ("DATE005", "error", ("geneva-talks", "tass"))
    assert found.location.line == line_of(tmp_path, "date_text: Monday, January 12")
    assert found.message == ("'Monday, January 12' names a Monday, but 2022-01-12 is a Wednesday (the year nearest "
                             "to publication 2022-01-10 (Europe/Moscow))")
    assert by_code(result, "DATE004") == []  # the date itself is read right


def test_date005_with_an_explicit_year_and_without_a_report_date(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("tass"), meeting(reports=[report(None, "Monday, 10 January 2021")])])
    [found] = by_code(result, "DATE005")
    assert found.message == "'Monday, 10 January 2021' names a Monday, but 2021-01-10 is a Sunday"


@pytest.mark.parametrize("text", ["Monday, January 10", "Monday, 10 January 2022", "Monday January 10th",
                                  "on Monday, Jan. 10", "January 10 (Monday)", "Sunday-Monday, January 9-10",
                                  "on Monday", "January 10"])
def test_date005_is_quiet_on_the_right_weekday(tmp_path: Path, text: str) -> None:
    result = run_corpus(tmp_path, [source("tass"), meeting(reports=[report("2022-01-10", text)])])
    assert by_code(result, "DATE005") == []


# --- documentation and the real corpus -----------------------------------------------------------

@pytest.mark.parametrize("name", ["DATE004", "DATE005"])
def test_rules_are_documented_with_bad_and_good_examples(name: str) -> None:
    entry = code(name)
    assert entry.severity == "error" and "Bad" in entry.doc and "Good" in entry.doc and entry.hint


def test_the_seed_corpus_reads_every_expression_as_its_curator_did(repo_root: Path) -> None:
    corpus = repo_root / "corpus_yaml"
    result = check(discover([corpus], repo_root, (".yaml",)))
    assert [f for f in result.findings if f.code in ("DATE004", "DATE005")] == []
