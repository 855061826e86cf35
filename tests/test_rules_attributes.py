"""ATTR rules: a meeting's reports agree with its curated location, participants, status and duration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus_kit import by_code, codes, meeting, run_corpus, source, statement
from hypothesis import given
from hypothesis import strategies as st

from validator.rules.attributes import places_compatible


def line_of(folder: Path, text: str, nth: int = 0, name: str = "records.yaml") -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if text in line][nth]


SOURCES = [source("early", published="2021-12-27"), source("tass", published="2022-01-14"),
           source("ria", published="2022-01-14", publisher="ria-novosti"),
           source("ria-reprint", published="2022-01-15", reprint_of="ria-novosti")]
EXTRA = [{"kind": "organization", "id": "nato", "name": "NATO"},
         {"kind": "organization", "id": "osce", "name": "OSCE"},
         {"kind": "organization", "id": "osce-permanent-council", "name": "OSCE Permanent Council", "part_of": "osce"},
         {"kind": "person", "id": "ryabkov-sergei", "name": "Sergei Ryabkov", "state": "russia"}]


def run(folder: Path, *records: dict[str, Any]):
    return run_corpus(folder, [*EXTRA, *SOURCES, *records])


# --- ATTR001 location --------------------------------------------------------------------------------

def test_attr001_a_report_in_another_city(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(reports=[{"source": "tass", "location": "Geneva"},
                                            {"source": "ria", "location": "Geneva, Switzerland"},
                                            {"source": "ria-reprint", "location": "Moscow"}]))
    [found] = by_code(result, "ATTR001")
    assert found.location.line == line_of(tmp_path, "location: Moscow")
    assert found.records == ("geneva-talks", "ria-reprint")
    assert found.related[0].line == line_of(tmp_path, "location: Geneva", 0)
    # tass and ria agree; the reprint counts with ria, the origin it shares with the disagreeing report.
    assert found.message == ("ria-reprint gives the location 'Moscow', but the record has 'Geneva' "
                             "(1 independent source says so)")


def test_attr001_reports_compared_among_themselves_without_a_curated_location(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(location=None, reports=[{"source": "tass", "location": "Vienna"},
                                                           {"source": "ria", "location": "Brussels"}]))
    [found] = by_code(result, "ATTR001")
    assert found.location.line == line_of(tmp_path, "location: Brussels")
    assert found.records == ("geneva-talks", "ria", "tass")


def test_attr001_quiet_on_compatible_names(tmp_path: Path) -> None:
    result = run(tmp_path,
                 meeting(reports=[{"source": "tass", "location": "geneva"}, {"source": "ria", "location": "GENEVA"},
                                  {"source": "early", "location": "Geneva, Switzerland"},
                                  {"source": "tass", "location": "the US mission in Geneva"}]),
                 meeting(id="series", location="Geneva, Brussels and Vienna", date="2022-01-10/2022-01-13",
                         participants=["russia", "nato"],
                         reports=[{"source": "tass", "location": "Geneva, Brussels, Vienna"},
                                  {"source": "ria", "location": "Vienna"}]),
                 meeting(id="zurich", location="Zürich", participants=["osce"],
                         reports=[{"source": "tass", "location": "Zurich"}]))
    assert codes(result) == []


@given(st.lists(st.sampled_from(["Geneva", "Brussels", "Vienna", "Switzerland", "Moscow"]), min_size=1, max_size=3),
       st.lists(st.sampled_from(["Geneva", "Brussels", "Vienna", "Switzerland", "Moscow"]), min_size=1, max_size=3))
def test_place_compatibility_is_symmetric_and_forgives_case_and_joins(a: list[str], b: list[str]) -> None:
    assert places_compatible(", ".join(a), " and ".join(b)) == places_compatible(" and ".join(b).upper(), ", ".join(a))
    assert places_compatible(", ".join(a), ", ".join(a[:1]).lower())


# --- ATTR002 participants ----------------------------------------------------------------------------

def test_attr002_a_report_naming_someone_the_record_lacks(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(reports=[{"source": "tass", "participants": ["russia", "nato"]},
                                            {"source": "ria", "participants": ["osce", "nato"]}]))
    found = by_code(result, "ATTR002")
    assert [(f.location.line, f.records) for f in found] == [
        (line_of(tmp_path, "- nato", 0), ("geneva-talks", "tass")),
        (line_of(tmp_path, "- osce", 0), ("geneva-talks", "ria"))]
    assert found[0].message == ("tass names nato as a participant, but the record's participants (russia, "
                                "united-states) do not include it")
    assert "none of which is among the record's participants" in found[1].message
    assert found[0].related[0].line == line_of(tmp_path, "participants:", 0) + 1  # the record's list


def test_attr002_quiet_on_subsets_and_what_participants_belong_to(tmp_path: Path) -> None:
    result = run(tmp_path,
                 meeting(participants=["russia", "united-states", "ryabkov-sergei"],
                         reports=[{"source": "tass", "participants": ["united-states", "russia"]},
                                  {"source": "ria", "participants": ["russia"]}]),
                 meeting(id="osce-council", location="Vienna", participants=["russia", "osce-permanent-council"],
                         reports=[{"source": "tass", "participants": ["russia", "osce"]}]),
                 meeting(id="ryabkov-for-russia", date="2022-01-11", participants=["russia", "united-states"],
                         reports=[{"source": "tass", "participants": ["ryabkov-sergei"]}]))
    assert codes(result) == []


# --- ATTR003 status ----------------------------------------------------------------------------------

def test_attr003_held_and_cancelled(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(reports=[{"source": "tass", "status": "held"}, {"source": "ria", "status": "held"},
                                            {"source": "ria-reprint", "status": "cancelled"}]))
    [found] = by_code(result, "ATTR003")
    assert found.location.line == line_of(tmp_path, "status: cancelled")
    assert found.records == ("geneva-talks", "ria-reprint")
    assert found.message == ("ria-reprint says cancelled, but the record has held (1 independent source says held): "
                             "the meeting cannot be both")
    assert found.severity == "error" and result.failed()


def test_attr003_a_record_left_scheduled(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(status="scheduled", reports=[{"source": "early", "status": "scheduled"},
                                                                {"source": "tass", "status": "held"}]))
    [found] = by_code(result, "ATTR003")
    assert (found.location.line, found.records) == (line_of(tmp_path, "status: held"), ("geneva-talks", "tass"))


def test_attr003_quiet_on_scheduled_then_held(tmp_path: Path) -> None:
    result = run(tmp_path,
                 meeting(reports=[{"source": "early", "status": "scheduled", "date": "2022-01-10"},
                                  {"source": "early", "status": "postponed"},
                                  {"source": "tass", "status": "held"}]),
                 # cancelled, then a later source gives a new plan
                 meeting(id="nrc", date="2022-01-20", status="scheduled", participants=["russia", "nato"],
                         location="Brussels", reports=[{"source": "early", "status": "cancelled"},
                                                       {"source": "tass", "status": "scheduled"}]))
    assert codes(result) == []


# --- ATTR004 numbers ---------------------------------------------------------------------------------

def test_attr004_durations_differ(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(duration_minutes=50, reports=[
        {"source": "tass", "duration_minutes": 50}, {"source": "ria", "duration_minutes": 60}]))
    [found] = by_code(result, "ATTR004")
    assert (found.location.line, found.records) == (line_of(tmp_path, "duration_minutes: 60"), ("geneva-talks", "ria"))
    assert found.related[0].line == line_of(tmp_path, "duration_minutes: 50", -1)  # the record's, after its reports
    assert found.message == "ria gives a duration of 60 minutes, but the record has 50 (1 independent source says 50)"


def test_attr004_between_reports_without_a_curated_value(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(reports=[{"source": "tass", "duration_minutes": 50},
                                            {"source": "ria", "duration_minutes": 50},
                                            {"source": "ria-reprint", "duration_minutes": 45}]))
    [found] = by_code(result, "ATTR004")
    assert found.records == ("geneva-talks", "ria-reprint", "tass")
    assert found.message.endswith("(1 independent source says 50)")  # tass; ria shares the reprint's origin


def test_attr004_quiet_when_equal(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(duration_minutes=50, reports=[{"source": "tass", "duration_minutes": 50},
                                                                 {"source": "ria"}]))
    assert codes(result) == []


def test_attr001_a_city_fits_its_country_but_not_another_one(tmp_path: Path) -> None:
    result = run(tmp_path,
                 meeting(reports=[{"source": "tass", "location": "Switzerland"}]),  # Geneva is in Switzerland
                 meeting(id="moscow-talks", location="Moscow", reports=[{"source": "tass", "location": "Russia"},
                                                                        {"source": "ria", "location": "France"}]),
                 meeting(id="two-cities", location="Geneva", date="2022-02-10",
                         reports=[{"source": "ria", "location": "Lausanne", "date": "2022-02-10"}]))
    assert [(f.code, f.records, f.location.line) for f in result.findings] == [
        ("ATTR001", ("moscow-talks", "ria"), line_of(tmp_path, "location: France")),
        ("ATTR001", ("two-cities", "ria"), line_of(tmp_path, "location: Lausanne"))]


def test_attr001_a_corpus_state_alias_names_the_country(tmp_path: Path) -> None:
    state = {"kind": "state", "id": "swiss-confederation", "name": "Swiss Confederation", "aliases": ["Confoederatio"],
             "iso_code": "CH"}
    result = run(tmp_path, state, meeting(reports=[{"source": "tass", "location": "Confoederatio"}]))
    assert codes(result) == []
    assert not places_compatible("Confoederatio", "Geneva")  # without the corpus, an unknown name


def test_a_country_fits_a_place_that_names_a_city_in_it() -> None:
    assert places_compatible("Russia", "Moscow, Kremlin") and places_compatible("Geneva, Brussels and Vienna", "Belgium")
    assert not places_compatible("France", "Moscow, Kremlin") and not places_compatible("Moscow", "Geneva")


# --- ATTR004 durations as written -------------------------------------------------------------------

def test_attr004_durations_in_words_against_minutes(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(duration_minutes=62, reports=[
        {"source": "tass", "duration_text": "62 minutes"}, {"source": "ria", "duration_text": "about an hour"},
        {"source": "early", "duration_text": "more than an hour"},
        {"source": "ria-reprint", "duration_text": "two hours"}]))
    [found] = result.findings
    assert (found.code, found.records) == ("ATTR004", ("geneva-talks", "ria-reprint"))
    assert (found.location.line, found.location.column) == (line_of(tmp_path, "duration_text: two hours"), 20)
    # tass and early are both TASS; ria is the origin the reprint shares: one independent source agrees.
    assert found.message == ("ria-reprint gives a duration of 'two hours' (120 minutes), but the record has 62 "
                             "(1 independent source says 62)")


def test_attr004_between_reports_with_bounds_and_a_report_against_its_own_words(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(reports=[
        {"source": "tass", "duration_text": "less than an hour"}, {"source": "ria", "duration_text": "over two hours"},
        {"source": "early", "duration_text": "some 50 minutes", "duration_minutes": 90}]))
    assert sorted((f.code, f.records) for f in result.findings) == [
        ("ATTR004", ("geneva-talks", "early")),  # 90 minutes is not some 50 (37.5 to 62.5)
        ("ATTR004", ("geneva-talks", "early", "tass")),  # each report against the first earlier one it contradicts
        ("ATTR004", ("geneva-talks", "ria", "tass"))]


def test_attr005_a_duration_accord_cannot_read(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(reports=[{"source": "tass", "duration_text": "several hours"}]))
    [found] = result.findings
    assert (found.code, found.severity, found.location.line) == (
        "ATTR005", "warning", line_of(tmp_path, "duration_text: several hours"))


# --- ATTR006 counts -----------------------------------------------------------------------------------

def test_attr006_counts_that_cannot_both_be_right(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(reports=[
        {"source": "tass", "counts": {"troops": "about 100,000"}},
        {"source": "ria", "counts": {"troops": "nearly 100,000", "tanks": "1,200"}},
        {"source": "ria-reprint", "counts": {"troops": "175,000"}}]))
    [found] = result.findings
    assert (found.code, found.severity, found.records) == ("ATTR006", "error", ("geneva-talks", "ria-reprint", "tass"))
    assert (found.location.line, found.location.column) == (line_of(tmp_path, "troops: 175,000"), 15)
    assert found.related[0].line == line_of(tmp_path, "troops: about 100,000")
    # ria agrees with tass, but it is the origin the reprint shares.
    assert found.message == ("ria-reprint gives '175,000' for troops, but tass gives 'about 100,000' "
                             "(75,000 to 125,000) (no other independent source says so)")


def test_attr006_quiet_on_compatible_counts_and_different_things_counted(tmp_path: Path) -> None:
    result = run(tmp_path, statement(reports=[
        {"source": "tass", "quote": "talks will begin", "counts": {"troops": "tens of thousands", "tanks": "1,200"}},
        {"source": "ria", "quote": "talks will begin", "counts": {"troops": "some 90,000", "aircraft": "dozens"}},
        {"source": "ria-reprint", "quote": "talks will begin", "counts": {"troops": "more than 80,000"}}]))
    assert codes(result) == []


def test_attr007_a_count_accord_cannot_read(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(reports=[{"source": "tass", "counts": {"troops": "a large force"}},
                                            {"source": "ria", "counts": {"troops": "175,000"}}]))
    [found] = result.findings
    assert (found.code, found.severity, found.location.line) == (
        "ATTR007", "warning", line_of(tmp_path, "troops: a large force"))
    assert found.message == "accord cannot read the count 'a large force' of troops in tass"
