"""ID002: different ids that look the same (case, '_' for '-', invisible characters, look-alike letters)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_kit import by_code, codes, meeting, run_corpus, source
from hypothesis import given
from hypothesis import strategies as st

from validator.rules.identifiers import skeleton


def line_of(folder: Path, text: str, nth: int = 0, name: str = "records.yaml") -> int:
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    return [number for number, line in enumerate(lines, 1) if text in line][nth]


@pytest.mark.parametrize("other", ["geneva_talks", "Geneva-talks", "geneva-TALKS", "geneva-\u200btalks"])
def test_id002_one_look_alike_among_plain_ids_is_found(tmp_path: Path, other: str) -> None:
    """ID002 first tests every id at once for what a look-alike needs (an upper-case ASCII letter, '_', a
    character beyond ASCII): one such id in a corpus of plain ids is enough."""
    result = run_corpus(tmp_path, [source("tass"), meeting(id="geneva-talks"), meeting(id=other)])
    assert [f.records for f in by_code(result, "ID002")] == [("geneva-talks", other)]


def test_id002_a_cyrillic_letter_in_an_id(tmp_path: Path) -> None:
    twin = {"kind": "person", "id": "l\u0430vrov-sergei", "name": "Sergei Lavrov"}  # Cyrillic а
    result = run_corpus(tmp_path, [twin])
    [found] = by_code(result, "ID002")
    assert (found.location.path.endswith("records.yaml"), found.location.line) == (True, line_of(tmp_path, "id: l"))
    assert found.records == ("lavrov-sergei", "l\u0430vrov-sergei")
    first = found.related[0]
    assert first.path.endswith("actors.yaml")
    assert first.line == line_of(tmp_path, "id: lavrov-sergei", 0, "actors.yaml")
    assert "U+0430 CYRILLIC SMALL LETTER A" in found.message and str(first) in found.message
    assert sorted(codes(result)) == ["ID002", "SCH004"]  # the schema rejects the id too; the two say different things


def test_id002_underscore_case_invisible_and_greek(tmp_path: Path) -> None:
    records = [
        source("tass"),
        meeting(id="geneva-talks"),
        meeting(id="geneva_talks"),
        meeting(id="Geneva-Talks"),
        meeting(id="geneva-\u200btalks"),
        meeting(id="genev\u03b1-talks"),  # Greek alpha
    ]
    result = run_corpus(tmp_path, records)
    found = by_code(result, "ID002")
    assert [f.records for f in found] == [("geneva-talks", other) for other in
                                          ("geneva_talks", "Geneva-Talks", "geneva-\u200btalks", "genev\u03b1-talks")]
    # each meeting's id is on the line after its `kind`
    assert [f.location.line for f in found] == [line_of(tmp_path, "kind: meeting", k) + 1 for k in (1, 2, 3, 4)]
    assert "'_' against '-'" in found[0].message
    assert "U+200B ZERO WIDTH SPACE" in found[2].message
    assert "U+03B1 GREEK SMALL LETTER ALPHA" in found[3].message
    assert all(f.related[0].line == line_of(tmp_path, "id: geneva-talks") for f in found)


def test_id002_is_quiet_on_different_ids_and_leaves_identical_ones_to_id001(tmp_path: Path) -> None:
    records = [
        {"kind": "person", "id": "lavrov-sergey", "name": "Sergey Lavrov"},  # an alias spelling: another id
        {"kind": "person", "id": "ryabkov-sergei", "name": "Sergei Ryabkov"},
        source("tass"), meeting(id="talks-2022-01-10"), meeting(id="talks-2022-01-10"),
        meeting(id="talks-2022-01-12", date="2022-01-12"),
    ]
    result = run_corpus(tmp_path, records)
    assert sorted(codes(result)) == ["DUP001", "ID001"]  # lavrov-sergey is the base actor lavrov-sergei: DUP001


LOOKALIKES = {"a": "\u0430", "e": "\u0435", "o": "\u03bf", "p": "\u0440", "c": "\u0441", "x": "\u0445",
              "i": "\u0456", "s": "\u0455", "j": "\u0458", "y": "\u0443"}
IDS = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


@given(IDS, st.data())
def test_disguising_an_id_keeps_its_skeleton(raw: str, data: st.DataObject) -> None:
    """Any mix of look-alikes, upper case, '_' for '-' and invisible characters reduces to the plain id."""
    out = []
    for char in raw:
        choice = data.draw(st.sampled_from(["same", "upper", "lookalike", "invisible"]))
        if char == "-":
            out.append(data.draw(st.sampled_from(["-", "_"])))
        elif choice == "upper":
            out.append(char.upper())
        elif choice == "lookalike" and char in LOOKALIKES:
            out.append(LOOKALIKES[char])
        elif choice == "invisible":
            out.append(char + data.draw(st.sampled_from(["\u200b", "\u200d", "\u00ad", "\u2060"])))
        else:
            out.append(char)
    disguised = "".join(out)
    assert skeleton(disguised) == skeleton(raw) == raw
    assert skeleton(skeleton(disguised)) == skeleton(disguised)


@given(IDS, IDS)
def test_different_plain_ids_keep_different_skeletons(a: str, b: str) -> None:
    assert (skeleton(a) == skeleton(b)) == (a == b)
