"""DUP001: two meetings, statements or proposals that probably describe one event; two records of one actor."""

from __future__ import annotations

import datetime as dt
from array import array
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from corpus_kit import base_actors, by_code, codes, meeting, proposal, run_corpus, source, statement
from hypothesis import given
from hypothesis import strategies as st

from validator.findings import Location
from validator.rules.duplicates import _sweep, first_of_each, participants_overlap, texts_alike, title_words, titles_alike
from validator.rules.engine import finding


def line_of(folder: Path, text: str, nth: int = 0, name: str = "records.yaml") -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if text in line][nth]


TEXT = ("Stoltenberg said: “NATO is ready to listen to Russia’s concerns and to engage in a real dialogue.” "
        "He added that the talks would not solve all issues. Lavrov said talks will begin.")
EXTRA: list[dict[str, Any]] = [
    {"kind": "organization", "id": "rt", "name": "RT"},
    {"kind": "person", "id": "stoltenberg-jens", "name": "Jens Stoltenberg"},
]


def run(folder: Path, *records: dict[str, Any]):
    return run_corpus(folder, [*EXTRA, source("tass"), *records], texts={"tass": TEXT})


def test_dup001_two_records_of_the_geneva_talks(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(),
                 meeting(id="russia-us-talks-geneva", location="geneva", date="2022-01-09/2022-01-10",
                         participants=["united-states", "russia"]))
    [found] = by_code(result, "DUP001")
    assert (found.location.line, found.records) == (line_of(tmp_path, "id: russia-us-talks-geneva"),
                                                    ("geneva-talks", "russia-us-talks-geneva"))
    assert found.related[0].line == line_of(tmp_path, "id: geneva-talks")
    assert found.message == (f"possible duplicate of geneva-talks at {found.related[0]}: both talks in geneva, dated "
                             "2022-01-10 and 2022-01-09/2022-01-10, with united-states, russia")
    assert found.severity == "warning"


def test_dup001_two_records_of_one_statement(tmp_path: Path) -> None:
    quote = "NATO is ready to listen to Russia’s concerns and to engage in a real dialogue"
    result = run(tmp_path,
                 statement(id="listen", speaker="stoltenberg-jens", quote=quote),
                 statement(id="real-dialogue", speaker="stoltenberg-jens", quote=quote.replace("’", "'") + ".",
                           reports=[{"source": "tass", "quote": "to engage in a real dialogue"}]))
    [found] = by_code(result, "DUP001")
    assert (found.location.line, found.records) == (line_of(tmp_path, "id: real-dialogue"), ("listen", "real-dialogue"))
    assert "near-identical quote" in found.message


def test_dup001_quiet_on_different_events(tmp_path: Path) -> None:
    result = run(tmp_path,
                 # a series and its part
                 meeting(id="series", location="Geneva, Brussels and Vienna", date="2022-01-10/2022-01-13"),
                 meeting(part_of="series"),
                 # another type, another place, another day
                 meeting(id="call", meeting_type="phone_call", location=None),
                 meeting(id="moscow-talks", location="Moscow"),
                 meeting(id="next-talks", date="2022-01-11", part_of="series"),
                 # two interviews of one minister by two outlets on one day
                 meeting(id="rt-interview", meeting_type="interview", location=None,
                         participants=["lavrov-sergei", "rt"]),
                 meeting(id="tass-interview", meeting_type="interview", location=None,
                         participants=["lavrov-sergei", "tass-agency"]),
                 # a meeting dated only by its year is too vague to be a duplicate of anything
                 meeting(id="some-talks-in-2022", date="2022"),
                 # statements of one speaker on one day with different words
                 statement(id="listen", speaker="stoltenberg-jens", quote="ready to listen to Russia’s concerns"),
                 statement(id="not-all", speaker="stoltenberg-jens",
                           quote="the talks would not solve all issues"),
                 statement(id="lavrov", quote="ready to listen to Russia’s concerns", summary="He is ready to listen.",
                           reports=[{"source": "tass", "quote": "talks will begin"}]))
    assert [c for c in codes(result) if c == "DUP001"] == []


def test_dup001_a_meeting_of_a_series_without_part_of_is_told_so(tmp_path: Path) -> None:
    result = run(tmp_path, meeting(id="series", location="Geneva, Brussels and Vienna", date="2022-01-10/2022-01-13"),
                 meeting())
    [found] = by_code(result, "DUP001")
    assert found.records == ("series", "geneva-talks")
    assert found.message.endswith("; or, if geneva-talks is one meeting of the series series, set its part_of")


def test_participants_overlap() -> None:
    assert participants_overlap({"russia", "united-states"}, {"united-states", "russia"})
    assert participants_overlap({"lavrov"}, {"lavrov", "rt"})  # one list contains the other
    assert participants_overlap({"russia", "nato", "stoltenberg"}, {"russia", "nato", "fomin"})  # half shared
    assert not participants_overlap({"lavrov", "rt"}, {"lavrov", "tass"})
    assert not participants_overlap(set(), {"lavrov"})


def test_texts_alike() -> None:
    assert texts_alike("We are ready — to talk.", "we are ready - to talk")
    assert texts_alike("one two three four five six", "and then: one two three four five six, he said")
    assert not texts_alike("one two three", "and then: one two three, he said")  # too short to count as contained
    assert not texts_alike(None, "text")


def _entry(n: int) -> SimpleNamespace:
    return SimpleNamespace(record=SimpleNamespace(id=f"m{n}"))


def _group(spans: list[tuple[dt.datetime, dt.datetime]]) -> tuple[dict[str, array[int]], list[Any]]:
    """One group of records numbered 0..n-1 with these date ranges (the shape ``_sweep`` takes)."""
    return {"key": array("i", range(len(spans)))}, [_entry(n) for n in range(len(spans))]


def test_the_sweep_compares_only_records_whose_dates_overlap() -> None:
    calls = []
    day = dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)
    spans = [(day + dt.timedelta(days=n), day + dt.timedelta(days=n + 1)) for n in range(5000)]
    spans.append((day, day + dt.timedelta(days=3)))  # overlaps days 0, 1 and 2
    groups, entries = _group(spans)
    pairs = list(_sweep(groups, spans, entries, lambda key, a, b: bool(calls.append((a, b)))))
    assert sorted(calls) == [(0, 5000), (1, 5000), (2, 5000)] and pairs == []


def test_the_sweep_bounds_the_work_where_everything_overlaps() -> None:
    calls = []
    day = dt.datetime(2022, 1, 1, tzinfo=dt.timezone.utc)
    spans = [(day, day + dt.timedelta(days=1))] * 2000
    groups, entries = _group(spans)
    list(_sweep(groups, spans, entries, lambda key, a, b: bool(calls.append(1))))
    assert len(calls) <= 2000 * 32
    # and a record is reported once, as a duplicate of the first match found
    groups, entries = _group(spans[:50])
    pairs = list(_sweep(groups, spans[:50], entries, lambda key, a, b: True))
    assert len(pairs) == 49 and len({second.record.id for _, _, second in pairs}) == 49


@given(st.permutations([("b.yaml", 9, "c.yaml", 3), ("c.yaml", 3, "b.yaml", 2), ("b.yaml", 9, "a.yaml", 40),
                         ("b.yaml", 9, "b.yaml", 2), ("c.yaml", 7, "a.yaml", 1)]))
def test_a_record_paired_in_several_groups_is_reported_once_with_the_earliest_record(pairs: list[Any]) -> None:
    """Groups are swept apart (an incremental run sweeps only some): across them, the later record of pairs
    keeps the one whose other record comes first in the run's files, then lines, whatever the order."""
    docs = [SimpleNamespace(path=name) for name in ("a.yaml", "b.yaml", "c.yaml")]
    index = SimpleNamespace(declared_ids=[(doc, []) for doc in docs])
    found = [finding("DUP001", f"of {there}:{line}", Location(here, at), Location(there, line))
             for here, at, there, line in pairs]
    kept = sorted((str(f.location), str(f.related[0])) for f in first_of_each(index, found))  # type: ignore[arg-type]
    assert kept == [("b.yaml:9:1", "a.yaml:40:1"), ("c.yaml:3:1", "b.yaml:2:1"), ("c.yaml:7:1", "a.yaml:1:1")]


@given(st.sets(st.sampled_from("abcdef")), st.sets(st.sampled_from("abcdef")))
def test_participant_overlap_is_symmetric_and_holds_for_subsets(a: set[str], b: set[str]) -> None:
    assert participants_overlap(a, b) == participants_overlap(b, a)
    if a and b and (a <= b or b <= a):
        assert participants_overlap(a, b)


def test_dup001_two_person_records_of_one_person_spelled_two_ways(tmp_path: Path) -> None:
    result = run(tmp_path, {"kind": "person", "id": "ushakov-yuri", "name": "Yuri Ushakov"},
                 {"kind": "person", "id": "ushakov-yury", "name": "Yury Ushakov"},
                 {"kind": "person", "id": "ushakov-other", "name": "Yuri Ushakova"},
                 {"kind": "person", "id": "jens-s", "name": "J. Stoltenberg", "aliases": ["Jens Stoltenberg"]})
    found = by_code(result, "DUP001")
    assert [(f.location.line, f.location.column, f.records) for f in found] == [
        (line_of(tmp_path, "id: ushakov-yury"), 7, ("ushakov-yuri", "ushakov-yury")),
        (line_of(tmp_path, "id: jens-s"), 7, ("stoltenberg-jens", "jens-s"))]
    assert found[0].message == (f"possible duplicate of ushakov-yuri at {found[0].related[0]}: both persons are "
                                "named 'Yury Ushakov' (transliterations folded)")
    assert found[0].related[0].line == line_of(tmp_path, "id: ushakov-yuri")


# --- proposals, and events named through twin actors ------------------------------------------------

ACTORS_WITH_ALIASES = [
    *[a for a in base_actors() if a["id"] not in ("russia", "united-states")],
    {"kind": "state", "id": "russia", "name": "Russia", "aliases": ["Russian Federation"]},
    {"kind": "state", "id": "united-states", "name": "United States", "aliases": ["United States of America", "US"]},
    {"kind": "organization", "id": "nato", "name": "NATO", "aliases": ["North Atlantic Treaty Organization"]},
]


def test_dup001_two_records_of_one_draft_titled_in_other_words(tmp_path: Path) -> None:
    result = run_corpus(tmp_path, [*ACTORS_WITH_ALIASES, source("tass", published="2021-12-20"),
        proposal("draft-treaty", "Treaty between the United States of America and the Russian Federation on "
                                  "Security Guarantees (draft)", ["united-states"]),
        proposal("russia-us-draft", "Draft Russia-US treaty on security guarantees", ["united-states"],
                  submitted="2021-12"),
        # the seed corpus's other draft of that day, to NATO: another addressee, another title
        proposal("draft-agreement-nato", "Agreement on Measures to Ensure the Security of the Russian Federation "
                                          "and Member States of the North Atlantic Treaty Organization", ["nato"]),
        # the same proposer and addressee, another document
        proposal("confidence-memo", "Memorandum on confidence-building measures", ["united-states"])],
        with_actors=False)
    [found] = by_code(result, "DUP001")
    assert (found.location.line, found.records) == (line_of(tmp_path, "id: russia-us-draft"),
                                                    ("draft-treaty", "russia-us-draft"))
    assert found.related[0].line == line_of(tmp_path, "id: draft-treaty")
    assert found.message.startswith(f"possible duplicate of draft-treaty at {found.related[0]}: both proposals of "
                                    "russia to united-states, dated 2021-12-15 and 2021-12, with titles alike")


def test_title_words_fold_actors_word_order_and_stop_words() -> None:
    phrases = {("russian", "federation"): "russia", ("russia",): "russia", ("us",): "united-states",
               ("united", "states", "of", "america"): "united-states"}
    a = title_words("Treaty between the United States of America and the Russian Federation on Security Guarantees",
                    phrases, 4)
    assert a == title_words("Draft Russia-US treaty on security guarantee", phrases, 4) == frozenset(
        {"treaty", "united-states", "russia", "security", "guarantee"})
    assert not titles_alike(a, title_words("Memorandum on confidence-building measures", phrases, 4))


def test_dup001_meetings_named_through_two_records_of_one_actor(tmp_path: Path) -> None:
    result = run(tmp_path,
                 {"kind": "organization", "id": "nato-russia-council", "name": "NATO-Russia Council"},
                 {"kind": "organization", "id": "russia-nato-council", "name": "Russia-NATO Council"},
                 {"kind": "person", "id": "ushakov-yuri", "name": "Yuri Ushakov"},
                 {"kind": "person", "id": "ushakov-yury", "name": "Yury Ushakov"},
                 {"kind": "person", "id": "sullivan-jake", "name": "Jake Sullivan"},
                 meeting(id="nrc-2022-01-12", title="NATO-Russia Council meeting", meeting_type="council_meeting",
                         location="Brussels", date="2022-01-12", participants=["nato-russia-council"]),
                 meeting(id="russia-nato-council-session", title="Session of the Russia-NATO Council",
                         meeting_type="council_meeting", location=None, date="2022-01-12",
                         participants=["russia-nato-council"]),
                 meeting(id="ushakov-sullivan-talks", title="Ushakov-Sullivan talks",
                         participants=["ushakov-yuri", "sullivan-jake"]),
                 meeting(id="sullivan-meets-yury-ushakov", title="Sullivan meets Yury Ushakov",
                         participants=["sullivan-jake", "ushakov-yury"]),
                 # a call on the same day between the same two is another event
                 meeting(id="ushakov-sullivan-call", title="Ushakov-Sullivan call", meeting_type="phone_call",
                         location=None, participants=["ushakov-yuri", "sullivan-jake"]))
    assert sorted(f.records for f in by_code(result, "DUP001")) == [
        ("nato-russia-council", "russia-nato-council"), ("nrc-2022-01-12", "russia-nato-council-session"),
        ("ushakov-sullivan-talks", "sullivan-meets-yury-ushakov"), ("ushakov-yuri", "ushakov-yury")]
    [council] = [f for f in result.findings if f.records == ("nato-russia-council", "russia-nato-council")]
    assert council.message.endswith("both organizations are named 'Russia-NATO Council' (transliterations and "
                                    "word order folded)")
