"""ROLE001: a speaker's title must be a role held on the statement's date, matched the way news words titles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from corpus_kit import by_code, codes, meeting, run_corpus, source, statement
from hypothesis import given
from hypothesis import strategies as st

from validator.rules.roles import parse_title, title_matches
from validator.rules.transliteration import fold_name


def line_of(folder: Path, text: str, nth: int = 0, name: str = "records.yaml") -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if text in line][nth]


PEOPLE: list[dict[str, Any]] = [
    {"kind": "state", "id": "norway", "name": "Norway"},
    {"kind": "state", "id": "hungary", "name": "Hungary"},
    {"kind": "organization", "id": "nato", "name": "NATO", "aliases": ["North Atlantic Treaty Organization"]},
    {"kind": "organization", "id": "kremlin", "name": "Kremlin", "part_of": "russia", "state": "russia"},
    {"kind": "organization", "id": "russian-defence-ministry", "name": "Russian Defence Ministry",
     "part_of": "russia", "state": "russia"},
    # A middle name, so as not to be a DUP001 duplicate of the base actor lavrov-sergei (Sergei Lavrov).
    {"kind": "person", "id": "lavrov-s", "name": "Sergei Viktorovich Lavrov", "state": "russia", "roles": [
        {"title": "Minister of Foreign Affairs", "organization": "russian-foreign-ministry", "start": "2004-03-09"},
        {"title": "Permanent Representative of Russia to the United Nations", "start": "1994", "end": "2004-03"}]},
    {"kind": "person", "id": "stoltenberg-jens", "name": "Jens Stoltenberg", "state": "norway", "roles": [
        {"title": "Secretary General", "organization": "nato", "start": "2014-10-01", "end": "2024-10-01"},
        {"title": "Prime Minister of Norway", "organization": "norway", "start": "2005-10-17", "end": "2013-10-16"}]},
    {"kind": "person", "id": "ushakov-yuri", "name": "Yuri Ushakov", "state": "russia", "roles": [
        {"title": "Aide to the President of Russia", "organization": "kremlin", "start": "2012-05"}]},
    {"kind": "person", "id": "peskov-dmitry", "name": "Dmitry Peskov", "state": "russia", "roles": [
        {"title": "Press Secretary of the President of Russia", "organization": "kremlin", "start": "2012-05"}]},
    {"kind": "person", "id": "fomin-alexander", "name": "Alexander Fomin", "state": "russia", "roles": [
        {"title": "Deputy Minister of Defence", "organization": "russian-defence-ministry", "start": "2017-01?"}]},
    {"kind": "person", "id": "szijjarto-peter", "name": "Peter Szijjarto", "state": "hungary", "roles": [
        {"title": "Minister of Foreign Affairs and Trade", "organization": "hungary", "start": "2014-09-23"}]},
    {"kind": "person", "id": "nobody-known", "name": "A. Nobody", "state": "russia"},
]


def said(speaker: str, *titles: str, id: str = "remark", date: str = "2022-01-10") -> dict[str, Any]:
    return statement(id=id, speaker=speaker, date=date, timezone="Europe/Moscow",
                     reports=[{"source": "tass", "speaker_title": t, "quote": "talks will begin"} for t in titles])


def run(folder: Path, *statements: dict[str, Any]):
    return run_corpus(folder, [*PEOPLE, source("tass"), *statements])


def test_role001_a_deputy_is_not_the_minister(tmp_path: Path) -> None:
    result = run(tmp_path, said("lavrov-s", "Russian Deputy Foreign Minister"))
    [found] = by_code(result, "ROLE001")
    assert (found.location.line, found.records) == (line_of(tmp_path, "speaker_title: Russian Deputy Foreign Minister"),
                                                    ("remark", "tass", "lavrov-s"))
    assert found.severity == "warning"
    assert "matches none of the person's roles ('Minister of Foreign Affairs'; 'Permanent Rep" in found.message


def test_role001_a_role_not_held_on_the_date_points_at_the_role(tmp_path: Path) -> None:
    result = run(tmp_path, said("stoltenberg-jens", "Norwegian Prime Minister"))
    [found] = by_code(result, "ROLE001")
    assert found.location.line == line_of(tmp_path, "speaker_title: Norwegian Prime Minister")
    assert found.related[0].line == line_of(tmp_path, "title: Prime Minister of Norway")
    assert found.message.endswith("the matching role 'Prime Minister of Norway' (2005-10-17/2013-10-16) was not "
                                  "held on the statement's date, 2022-01-10")
    # The same title in 2008, when he held it, is quiet; so is "former" in 2022.
    assert codes(run(tmp_path / "b", said("stoltenberg-jens", "Norwegian Prime Minister", date="2008-05-01"),
                     said("stoltenberg-jens", "former Norwegian Prime Minister", id="later"))) == []


def test_role001_a_title_naming_another_country_contradicts(tmp_path: Path) -> None:
    result = run(tmp_path, said("lavrov-s", "Hungarian Foreign Minister"),
                 said("stoltenberg-jens", "Russia's top diplomat", id="other"))
    found = by_code(result, "ROLE001")
    assert [(f.location.line, f.records) for f in found] == [
        (line_of(tmp_path, "speaker_title: Hungarian Foreign Minister"), ("remark", "tass", "lavrov-s")),
        (line_of(tmp_path, "top diplomat"), ("other", "tass", "stoltenberg-jens"))]
    assert "'hungarian' names hungary" in found[0].message
    assert "'russia' names russia" in found[1].message


def test_role001_a_person_without_roles_cannot_be_checked(tmp_path: Path) -> None:
    [found] = by_code(run(tmp_path, said("nobody-known", "Deputy Foreign Minister")), "ROLE001")
    assert "has no roles recorded" in found.message


def test_role001_quiet_on_how_news_words_titles(tmp_path: Path) -> None:
    result = run(tmp_path,
                 said("lavrov-s", "Russian Foreign Minister", "Foreign Minister", "foreign minister",
                      "Russia’s top diplomat", "Russian diplomat", "Russia's Minister of Foreign Affairs",
                      "Foreign Minister of Russia"),
                 said("stoltenberg-jens", "NATO Secretary General", "NATO Secretary-General", "Secretary-General",
                      id="nato-chief"),
                 said("ushakov-yuri", "Kremlin aide", "Kremlin Aide", "presidential aide", "Assistant to the President",
                      id="aide"),
                 said("peskov-dmitry", "Kremlin spokesman", "Kremlin press secretary", id="spokesman"),
                 said("fomin-alexander", "Deputy Defense Minister", "Russian Deputy Defence Minister", id="fomin"),
                 said("szijjarto-peter", "Hungarian Foreign Minister", "Hungary's foreign minister", id="szijjarto"),
                 said("lavrov-s", "Russia's UN envoy", id="envoy", date="2003-01-10"))
    assert codes(result) == []


@pytest.mark.parametrize(("title", "role", "fits"), [
    ("Russian Foreign Minister", "Minister of Foreign Affairs", True),
    ("Russian Deputy Foreign Minister", "Deputy Minister of Foreign Affairs", True),
    ("Russian Foreign Minister", "Deputy Minister of Foreign Affairs", False),
    ("First Deputy Foreign Minister", "Deputy Minister of Foreign Affairs", False),
    ("Vice President", "Deputy President", True),
    ("US president", "President of the United States", True),
    ("US president", "Vice President of the United States", False),
    ("Russian president", "Aide to the President of Russia", False),
    ("Kremlin spokesman", "Press Secretary of the President of Russia", True),
    ("Russian Defense Minister", "Minister of Foreign Affairs", False),
    ("Prime Minister", "Minister of Finance", False),
    ("premier", "Prime Minister of Norway", True),
    ("U.S. Secretary of State", "Secretary of State", True),
    ("Secretary of State", "Assistant Secretary of State for European and Eurasian Affairs", False),
    ("Russia's UN ambassador", "Permanent Representative of Russia to the United Nations", True),
])
def test_title_matching(title: str, role: str, fits: bool) -> None:
    assert title_matches(parse_title(title), parse_title(role)) is fits


def test_the_role_organizations_names_count_as_the_roles_words() -> None:
    # "Deputy Minister" of the Russian Foreign Ministry is a deputy foreign minister.
    words = frozenset({"russian", "foreign", "ministry"})
    assert title_matches(parse_title("Deputy Foreign Minister"), parse_title("Deputy Minister"), words)
    assert not title_matches(parse_title("Deputy Defense Minister"), parse_title("Deputy Minister"), words)


ROLE_TITLES = ["Minister of Foreign Affairs", "Deputy Minister of Defence", "Secretary General",
               "Aide to the President of Russia", "Press Secretary of the President of Russia",
               "President of the United States", "Prime Minister of Norway",
               "Assistant Secretary of State for European and Eurasian Affairs"]
PREFIXES = ["", "Russian", "NATO", "US", "U.S.", "Kremlin", "Russia's", "Norway’s", "the"]


@given(st.sampled_from(ROLE_TITLES), st.sampled_from(PREFIXES), st.data())
def test_a_role_title_retyped_with_a_prefix_still_matches_and_a_deputy_does_not(title: str, prefix: str,
                                                                                 data: st.DataObject) -> None:
    cased = "".join(data.draw(st.sampled_from([c.upper(), c.lower(), c])) for c in title)
    retyped = f"{prefix} {cased}".replace(" ", data.draw(st.sampled_from([" ", "  ", " - "])), 1)
    role = parse_title(title)
    assert title_matches(parse_title(retyped), role)
    if "deputy" not in role.ranks:
        assert not title_matches(parse_title(f"{prefix} Deputy {title}"), role)


# --- the name a title ends with ---------------------------------------------------------------------------

def test_role001_the_name_in_a_title_must_be_the_speakers_with_transliterations_folded(tmp_path: Path) -> None:
    result = run(tmp_path, said("lavrov-s", "Foreign Minister Sergey Lavrov", "Foreign Minister Lavrov",
                                "Foreign Minister S. Lavrov"),
                 said("ushakov-yuri", "Kremlin aide Yury Ushakov", id="aide"),
                 said("peskov-dmitry", "Kremlin spokesman Dmitriy Peskov", id="spokesman"),
                 said("stoltenberg-jens", "NATO Secretary General Jens Stoltenberg", id="nato-chief"))
    assert codes(result) == []


def test_role001_a_title_naming_another_person_is_a_finding(tmp_path: Path) -> None:
    result = run(tmp_path, said("peskov-dmitry", "Kremlin aide Yury Ushakov", "Kremlin spokesman Sergei Peskov"))
    found = by_code(result, "ROLE001")
    assert [(f.location.line, f.location.column, f.records) for f in found] == [
        (line_of(tmp_path, "Yury Ushakov"), 20, ("remark", "tass", "peskov-dmitry")),
        (line_of(tmp_path, "Sergei Peskov"), 20, ("remark", "tass", "peskov-dmitry"))]
    assert found[0].message == ("tass calls peskov-dmitry 'Kremlin aide Yury Ushakov', but 'Yury Ushakov' names "
                                "ushakov-yuri (the person is Dmitry Peskov)")
    assert found[1].message.endswith("but 'Sergei Peskov' is not the person's name (the person is Dmitry Peskov)")
    assert found[0].related[0].line == line_of(tmp_path, "name: Dmitry Peskov")


@pytest.mark.parametrize(("a", "b"), [("Sergei", "Sergey"), ("Yuri", "Yury"), ("Dmitri", "Dmitriy"),
                                      ("Alexei", "Aleksey"), ("Yevgeny", "Evgeny"), ("Fëdor", "Fedor"),
                                      ("Nikolai", "Nikolay")])
def test_transliterations_fold_to_one_name(a: str, b: str) -> None:
    assert fold_name(f"{a} Lavrov") == fold_name(f"{b} Lavrov")


@pytest.mark.parametrize(("a", "b"), [("Sergei", "Sergo"), ("Yuri", "Yuro"), ("Ivan", "Igor")])
def test_different_names_stay_different(a: str, b: str) -> None:
    assert fold_name(a) != fold_name(b)


@given(st.text(alphabet="abcdefijklnorsxyëSYEX -", max_size=20))
def test_folding_a_name_twice_changes_nothing(name: str) -> None:
    once = fold_name(name)
    assert fold_name(" ".join(once)) == once


# --- the titles a meeting report gives its participants ------------------------------------------------------

def titled(titles: dict[str, str], date: str = "2022-01-10") -> dict[str, Any]:
    return meeting(id="talks", date=date, participants=list(titles),
                   reports=[{"source": "tass", "date": date, "participant_titles": titles}])


def test_role001_checks_each_participant_title_against_roles_held_on_the_meeting_date(tmp_path: Path) -> None:
    result = run(tmp_path, titled({"lavrov-s": "Russian Foreign Minister", "stoltenberg-jens": "Norwegian Prime Minister",
                                   "ushakov-yuri": "Kremlin aide", "nobody-here": "Foreign Minister"}))
    found = by_code(result, "ROLE001")
    assert [(f.location.line, f.location.column, f.records) for f in found] == [
        (line_of(tmp_path, "stoltenberg-jens: Norwegian Prime Minister"), 25, ("talks", "tass", "stoltenberg-jens"))]
    assert found[0].message.endswith("the matching role 'Prime Minister of Norway' (2005-10-17/2013-10-16) was not "
                                     "held on the meeting's date, 2022-01-10")
    # A key that is no person's id is the REF rules' to report, at the key, once.
    unknown = [(f.location.line, f.location.column) for f in by_code(result, "REF001")]
    assert (line_of(tmp_path, "nobody-here: Foreign Minister"), 7) in unknown
    # In 2008 he was the prime minister; unknown role dates ("start: 2012-05") are no error either.
    assert codes(run(tmp_path / "b", titled({"stoltenberg-jens": "Norwegian Prime Minister"}, date="2008-05-01"))) == []
