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
