"""TIME rules: past tense needs a past date; a reaction cannot precede its cause."""

from __future__ import annotations

from pathlib import Path

from corpus_kit import by_code, codes, meeting, run_corpus, source, statement


def test_time001_held_meeting_after_publication(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("tass", published="2022-01-10"), meeting(
        date="2022-01-12", reports=[{"source": "tass", "status": "held"}])])
    [found] = by_code(result, "TIME001")
    assert found.records == ("geneva-talks", "tass")
    assert "published 2022-01-10" in found.message


def test_time001_quiet_for_scheduled_and_same_day(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("tass", published="2022-01-10"), meeting(
        date="2022-01-12", reports=[{"source": "tass", "status": "scheduled"}]), meeting(
        id="same-day", date="2022-01-10", reports=[{"source": "tass", "status": "held"}])])
    assert codes(result) == []


def test_time002_statement_after_its_source(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("tass", published="2022-01-10"), statement(date="2022-01-14")])
    assert codes(result) == ["TIME002"]
    quiet = run_corpus(tmp_path / "b", [source("tass", published="2022-01-10"), statement(date="2022-01-10")])
    assert codes(quiet) == []


def test_time003_a_response_cannot_precede_its_cause(tmp_path: Path) -> None:
    records = [source("tass", published="2022-01-14"), meeting(date="2022-01-10"),
               statement(id="early-comment", date="2022-01-09", timezone="Europe/Moscow",
                         responds_to=["geneva-talks"])]
    [found] = by_code(run_corpus(tmp_path, records), "TIME003")
    assert found.records == ("early-comment", "geneva-talks")
    records[2] = statement(id="comment", date="2022-01-10", timezone="Europe/Moscow", responds_to=["geneva-talks"])
    assert codes(run_corpus(tmp_path / "b", records)) == []


def test_time003_proposal_published_before_submitted(tmp_path: Path) -> None:
    proposal = {"kind": "proposal", "id": "draft", "title": "Draft", "proposer": "russia",
                "addressees": ["united-states"], "submitted": "2021-12-17", "published": "2021-12-15",
                "reports": [{"source": "tass"}]}
    assert codes(run_corpus(tmp_path, [source("tass"), proposal])) == ["TIME003"]
    proposal.update(submitted="2021-12-15", published="2021-12-17")
    assert codes(run_corpus(tmp_path / "b", [source("tass"), proposal])) == []


def _line(folder: Path, text: str, nth: int = 0) -> int:
    lines = (folder / "records.yaml").read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if text in line][nth]


def test_time004_a_plan_for_a_day_already_past(tmp_path: Path) -> None:
    # The case: a plan dated years before its source, once only DATE006 info.
    records = [source("tass", published="2022-01-14"), meeting(date="2022-01-10", reports=[
        {"source": "tass", "status": "scheduled", "date": "2019-05-01"}])]
    result = run_corpus(tmp_path, records)
    assert codes(result) == ["TIME004"] and result.failed()
    [found] = result.findings
    assert found.location.path.endswith("records.yaml")
    assert (found.location.line, found.location.column) == (_line(tmp_path, "status: scheduled"), 13)
    assert found.related[0].line == _line(tmp_path, "date: '2019-05-01'")
    assert found.records == ("geneva-talks", "tass") and found.severity == "error"
    assert found.message == ("tass (published 2022-01-14) reports this meeting as scheduled for 2019-05-01, "
                             "which was over before that")


def test_time004_without_a_report_date_uses_the_record_and_postponed_counts(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("tass", published="2022-01-14"), meeting(
        date="2022-01-10", status="scheduled", reports=[{"source": "tass", "status": "postponed"}])])
    [found] = result.findings
    assert found.code == "TIME004" and found.related[0].line == _line(tmp_path, "date: '2022-01-10'")


def test_time004_quiet_for_plans_still_ahead_and_for_the_same_day(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("early", published="2021-12-27"), source("tass", published="2022-01-10"),
                                   meeting(date="2022-01-10", reports=[
                                       {"source": "early", "status": "scheduled", "date": "2022-01-10"},
                                       {"source": "tass", "status": "scheduled"}])])  # same day: still ahead
    assert codes(result) == []


def test_time001_stays_for_held_after_publication_next_to_time004(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [source("early", published="2021-12-27"), source("late", published="2022-01-14"),
                                   meeting(date="2022-01-10", reports=[
                                       {"source": "early", "status": "held"},
                                       {"source": "late", "status": "scheduled", "date": "2022-01-10"}])])
    assert sorted((f.code, f.records) for f in result.findings) == [
        ("TIME001", ("geneva-talks", "early")), ("TIME004", ("geneva-talks", "late"))]


def _proposal(**report: str) -> dict:
    return {"kind": "proposal", "id": "draft", "title": "Draft", "proposer": "russia", "addressees": ["united-states"],
            "submitted": "2021-12-15", "timezone": "Europe/Moscow", "reports": [{"source": "tass", **report}]}


def test_time005_a_submission_dated_after_the_source_that_reports_it(tmp_path: Path) -> None:
    records = [source("tass", published="2021-12-10"), _proposal(event="submitted", date="2021-12-15")]
    result = run_corpus(tmp_path, records)
    [found] = [f for f in result.findings if f.code.startswith("TIME")]
    assert found.code == "TIME005" and found.records == ("draft", "tass")
    assert (found.location.line, found.location.column) == (_line(tmp_path, "date: '2021-12-15'"), 11)
    assert codes(run_corpus(tmp_path / "b", [source("tass", published="2021-12-15"),
                                             _proposal(event="submitted", date="2021-12-15")])) == []


def test_time006_a_statement_dated_outside_its_meeting(tmp_path: Path) -> None:
    records = [source("tass", published="2022-01-14"), meeting(date="2022-01-10"),
               statement(date="2022-01-12", timezone="Europe/Zurich", meeting="geneva-talks")]
    result = run_corpus(tmp_path, records)
    [found] = result.findings
    assert (found.code, found.records) == ("TIME006", ("lavrov-remark", "geneva-talks"))
    assert (found.location.line, found.location.column) == (_line(tmp_path, "date: '2022-01-12'"), 9)
    assert found.related[0].line == _line(tmp_path, "date: '2022-01-10'")


def test_time006_quiet_within_the_meeting_at_any_precision_and_across_zones(tmp_path: Path) -> None:
    records = [source("tass", published="2022-01-14"),
               meeting(id="call", date="2021-12-30T15:35-05:00/2021-12-30T16:25-05:00", timezone="America/New_York",
                       reports=[{"source": "tass"}]),
               meeting(date="2022-01-10"),
               statement(id="after-the-call", date="2021-12-31", timezone="Europe/Moscow", meeting="call"),
               statement(id="in-january", date="2022-01", timezone="Europe/Zurich", meeting="geneva-talks")]
    assert codes(run_corpus(tmp_path, records)) == []


def test_time007_a_statement_about_talks_still_to_come(tmp_path: Path) -> None:
    records = [source("tass", published="2022-01-14"), meeting(date="2022-01-10"),
               statement(id="ahead", date="2022-01-05", about=["russia", "geneva-talks"])]
    result = run_corpus(tmp_path, records)
    [found] = result.findings
    assert (found.code, found.severity, found.records) == ("TIME007", "warning", ("ahead", "geneva-talks"))
    assert (found.location.line, found.location.column) == (_line(tmp_path, "- geneva-talks"), 5)
    assert found.related[0].line == _line(tmp_path, "date: '2022-01-10'")
    assert found.message == ("this statement (2022-01-05) is about geneva-talks, which is dated 2022-01-10, "
                             "later: a statement ahead of it `previews` it")
    assert not result.failed()  # a warning


def test_time007_a_statement_looking_ahead_to_talks_already_over(tmp_path: Path) -> None:
    records = [source("tass", published="2022-01-14"), meeting(date="2022-01-10"),
               statement(id="late", date="2022-01-12", previews=["geneva-talks"])]
    [found] = run_corpus(tmp_path, records).findings
    assert (found.code, found.records) == ("TIME007", ("late", "geneva-talks"))
    assert "looks ahead to geneva-talks, which is dated 2022-01-10 and was over by then" in found.message


def _remark(id: str, date: str, **links: object) -> dict[str, object]:
    """A statement with a summary of its own (no quote to find, no duplicate of the others)."""
    return statement(id=id, date=date, quote=None, summary=f"the remark {id}", reports=[{"source": "tass"}], **links)


def test_time007_quiet_when_the_tense_fits_or_the_dates_may_overlap(tmp_path: Path) -> None:
    records = [source("tass", published="2022-01-31"), meeting(date="2022-01-10"),
               _remark("ahead", "2022-01-05", previews=["geneva-talks"]),
               _remark("after", "2022-01-11", about=["geneva-talks"]),
               _remark("same-day", "2022-01-10", about=["geneva-talks"], previews=["geneva-talks"]),
               # a month contains the talks' day: not certainly before, not certainly after
               _remark("that-month", "2022-01", about=["geneva-talks"], previews=["geneva-talks"]),
               # across midnight: the 9th in Washington runs into the 10th in Geneva
               _remark("eve", "2022-01-09", timezone="America/New_York", about=["geneva-talks"])]
    assert codes(run_corpus(tmp_path, records)) == []


def test_previews_names_events_only(tmp_path: Path) -> None:
    records = [source("tass", published="2022-01-14"), statement(id="ahead", previews=["russia", "nowhere"])]
    assert sorted(codes(run_corpus(tmp_path, records))) == ["REF001", "REF002"]
