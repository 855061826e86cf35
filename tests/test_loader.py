"""Loading: bytes in, candidate records and positioned findings out; never an exception."""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from validator.guards import FORBIDDEN_CHARACTER, Limits, might_hold_forbidden
from validator.loader import Document, load_bytes, load_file
from validator.records import validate_document

STATE = "kind: state\nid: russia\nname: Russia\n"


def found(data: bytes | str, path: str = "f.yaml", **kw) -> list[tuple[str, str]]:
    """(code, "path:line:col") of every finding, after loading and validating."""
    doc = load_bytes(data.encode() if isinstance(data, str) else data, path, **kw)
    validate_document(doc)
    return [(f.code, str(f.location)) for f in doc.findings]


def messages(data: bytes | str, path: str = "f.yaml") -> list[str]:
    doc = load_bytes(data.encode() if isinstance(data, str) else data, path)
    validate_document(doc)
    return [f.message for f in doc.findings]


# --- file shapes -------------------------------------------------------------------------------------

def test_a_file_holding_one_mapping_is_one_record():
    doc = load_bytes(STATE.encode(), "one.yaml")
    assert doc.findings == []
    assert doc.items == [{"kind": "state", "id": "russia", "name": "Russia"}]
    assert doc.single
    [valid] = validate_document(doc)
    assert valid.record.name == "Russia" and valid.index == 0


def test_a_file_holding_a_list_is_one_record_per_item():
    text = "- kind: state\n  id: russia\n  name: Russia\n- kind: state\n  id: usa\n  name: United States\n"
    doc = load_bytes(text.encode(), "two.yaml")
    assert doc.findings == [] and not doc.single
    assert [v.record.id for v in validate_document(doc)] == ["russia", "usa"]
    assert str(doc.locate((1, "name"))) == "two.yaml:6:9"


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "null\n", "~\n"])
def test_a_file_without_a_record_is_rec001(text):
    assert found(text) == [("REC001", "f.yaml:1:1")]


def test_an_empty_list_is_rec001():
    assert found("[]\n") == [("REC001", "f.yaml:1:1")]
    assert "empty list" in messages("[]\n")[0]


@pytest.mark.parametrize("text", ["hello\n", "42\n", "'quoted'\n", "true\n"])
def test_a_top_level_scalar_is_rec002(text):
    assert found(text) == [("REC002", "f.yaml:1:1")]


def test_list_items_that_are_not_mappings_are_rec002_at_each_item():
    text = "- 1\n- [a]\n- kind: state\n  id: usa\n  name: USA\n- null\n"
    assert found(text) == [("REC002", "f.yaml:1:3"), ("REC002", "f.yaml:2:3"), ("REC002", "f.yaml:6:3")]


# --- encoding and characters ------------------------------------------------------------------------

def test_invalid_utf8_is_file002_at_the_bad_byte():
    assert found(b"kind: state\nid: x\nname: \xff\n") == [("FILE002", "f.yaml:3:7")]
    assert messages(b"kind: state\nid: x\nname: \xff\n") == ["byte 24 (0xff) is not valid UTF-8"]


def test_invalid_utf8_column_counts_characters_like_every_other_finding():
    """Columns are characters everywhere else (YAML marks, FILE003); 'Л' is one character, two bytes."""
    assert found(b"kind: state\nid: x\nname: \xd0\x9b\xff\n") == [("FILE002", "f.yaml:3:8")]


@pytest.mark.parametrize("data", ["kind: state\n".encode("utf-16"), "kind: state\n".encode("utf-32")])
def test_utf16_and_utf32_files_are_file002(data):
    [(code, where)] = found(data)
    assert (code, where) == ("FILE002", "f.yaml:1:1")


def test_a_utf8_byte_order_mark_is_accepted_and_does_not_shift_columns():
    assert found(b"\xef\xbb\xbf" + STATE.encode()) == []
    assert found(b"\xef\xbb\xbfkind: state\nid: x\nname: no\n") == [("SCH003", "f.yaml:3:7")]


def test_crlf_line_endings_give_the_same_positions():
    lf = "kind: state\nid: x\nname: X\nnmae: Y\n"
    assert found(lf) == found(lf.replace("\n", "\r\n")) == [("SCH001", "f.yaml:4:1")]


@pytest.mark.parametrize(("text", "where", "codepoint"), [
    ("kind: state\nid: x\nname: a\x07b\n", "f.yaml:3:8", "U+0007"),
    ("kind: state\nid: x\nname: ab\u202ec\n", "f.yaml:3:9", "U+202E"),
    ("kind: state\nid: x\nname: a\u2028b\n", "f.yaml:3:8", "U+2028"),
    ("kind: state\nid: x\nname: a\ufeffb\n", "f.yaml:3:8", "U+FEFF"),
    ("kind: state\nid: x\nname: a\x85b\n", "f.yaml:3:8", "U+0085"),
    ('kind: state\nid: x\nname: "a\\0b"\n', "f.yaml:3:9", "U+0000"),
    ('kind: state\nid: x\nname: "a\\x1bb"\n', "f.yaml:3:9", "U+001B"),
    ('kind: state\nid: x\nname: "a\\u202Eb"\n', "f.yaml:3:9", "U+202E"),
])
def test_forbidden_characters_raw_or_escaped_are_file003(text, where, codepoint):
    doc = load_bytes(text.encode(), "f.yaml")
    assert [(f.code, str(f.location)) for f in doc.findings] == [("FILE003", where)]
    assert codepoint in doc.findings[0].message


def test_the_byte_test_for_forbidden_characters_agrees_with_the_regexp_on_every_character():
    # might_hold_forbidden spares the regexp's walk over clean files; a miss would lose a FILE003
    # every character of one or two bytes, and of three or four whose first byte is one the test looks at
    # (0xe2: U+2000-2FFF, 0xef: U+F000-FFFF), or not; surrogates are not valid UTF-8
    for codepoint in [*range(0x3000), *range(0xF000, 0x10000), 0x3000, 0xE000, 0x10000, 0x1F600, 0x10FFFF]:
        text = f"a{chr(codepoint)}b"
        assert might_hold_forbidden(text.encode()) == bool(FORBIDDEN_CHARACTER.search(text)), hex(codepoint)
    assert might_hold_forbidden(codecs.BOM_UTF8 + b"kind: state\n")  # the caller strips it: the regexp decides


@pytest.mark.parametrize("text", [
    "kind: state\nid: x\nname: 'a\\x00b'\n",   # no escapes in single quotes
    "kind: state\nid: x\nname: a\\0b\n",       # nor in plain scalars
    "kind: state\nid: x\nname: \"tab\\there\"\n",
    "kind: state\nid: x\nname: \"a\\u00e9\"\n",
])
def test_backslashes_that_are_not_forbidden_escapes_are_fine(text):
    assert found(text) == []


# --- YAML problems -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "where"), [
    ("kind: state\nid: x\nname: a: b\n", "f.yaml:3:8"),
    ("kind: state\nid: x\n\tname: y\n", "f.yaml:3:1"),
    ("kind: state\nid: x\nname: 'unclosed\n", "f.yaml:4:1"),
    ("kind: state\nid: x\nname: [a, b\n", "f.yaml:4:1"),
    ("kind: state\n  id: x\n", "f.yaml:2:5"),
    ("- kind: state\nid: x\n", "f.yaml:2:1"),
])
def test_yaml_syntax_errors_are_yaml001_at_the_parser_position(text, where):
    assert found(text) == [("YAML001", where)]


_yamlish = st.lists(st.sampled_from(["kind", "id", ":", ": ", " ", "  ", "\n", "\n  ", "- ", "[", "]", "{", "}",
                                     ",", "'", '"', "x", "state", "#", "?", "|", ">", "\t", "---"]),
                    max_size=25).map("".join)


@given(_yamlish)
def test_yaml001_is_where_libyaml_says(text):
    try:
        for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass
        return
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
    syntax = [(c, w) for c, w in found(text) if c == "YAML001"]
    assert syntax == [("YAML001", f"f.yaml:{mark.line + 1}:{mark.column + 1}")]


def test_a_duplicate_key_is_yaml002_at_the_second_key():
    text = "kind: state\nid: x\nname: A\naliases: [B]\nname: C\n"
    assert found(text) == [("YAML002", "f.yaml:5:1")]
    assert "first at line 3" in messages(text)[0]


def test_a_duplicate_key_in_a_nested_mapping_is_yaml002_there():
    text = ("kind: meeting\nid: m\ntitle: T\nmeeting_type: talks\ndate: 2022-01-10\nstatus: held\n"
            "reports:\n- source: s\n  quote: one\n  quote: two\n")
    assert found(text) == [("YAML002", "f.yaml:10:3")]


def test_a_second_document_is_yaml004():
    assert found(STATE + "---\n" + STATE) == [("YAML004", "f.yaml:4:1")]


@pytest.mark.parametrize(("text", "expected"), [
    ("kind: state\nid: x\nname: &n X\naliases: [*n]\n", [("YAML005", "f.yaml:3:7")]),
    ("kind: state\nid: x\nname: !!int x\n", [("YAML006", "f.yaml:3:7")]),
    ("kind: state\nid: x\nname: !custom X\n", [("YAML006", "f.yaml:3:7")]),
    ("%YAML 1.1\n---\n" + STATE, [("YAML006", "f.yaml:1:1")]),
    ("- &b {kind: state, id: a, name: X}\n- <<: *b\n  id: b\n", [("YAML005", "f.yaml:1:3"), ("YAML009", "f.yaml:2:3")]),
])
def test_anchors_aliases_tags_and_merge_keys_are_refused(text, expected):
    assert found(text) == expected


def test_deep_nesting_is_yaml007_not_a_crash():
    [(code, _)] = found("[" * 5000 + "]" * 5000)
    assert code == "YAML007"
    [(code, _)] = found("a:\n" + "".join("  " * i + "- \n" for i in range(1, 200)))
    assert code == "YAML007"


def test_a_value_over_the_limit_is_yaml008():
    assert found(STATE.replace("Russia", "R" * 50), limits=Limits(max_scalar_chars=20)) == [("YAML008", "f.yaml:3:7")]


def test_a_file_over_the_size_limit_is_file004():
    assert found(STATE, limits=Limits(max_file_bytes=10)) == [("FILE004", "f.yaml:1:1")]


@pytest.mark.parametrize(("key", "shown"), [("on", "'on'"), ("yes", "'yes'"), ("1", "'1'"), ("null", "'null'")])
def test_a_key_yaml_does_not_read_as_text_is_yaml010_at_the_key(key, shown):
    text = f"kind: state\nid: x\nname: X\n{key}: 2022-01-10\n"
    assert found(text) == [("YAML010", "f.yaml:4:1")]  # once, and not again as an unknown field
    assert shown in messages(text)[0]


def test_a_huge_number_is_yaml003_at_the_number():
    assert found("kind: state\nid: x\nname: " + "9" * 5000 + "\n") == [("YAML003", "f.yaml:3:7")]


# --- positions -----------------------------------------------------------------------------------------

MEETING = """\
- kind: state
  id: russia
  name: Russia
- kind: meeting
  id: geneva-talks
  title: Geneva talks
  meeting_type: talks
  date: 2022-01-10
  status: held
  participants: [russia, usa]
  reports:
    - source: ria-1
      quote: "They met."
    - {source: tass-1, date: '2022-01-10'}
"""


@pytest.mark.parametrize(("loc", "key", "where"), [
    ((1, "id"), False, "m.yaml:5:7"),
    ((1, "id"), True, "m.yaml:5:3"),
    ((1, "participants", 1), False, "m.yaml:10:26"),
    ((1, "reports", 0, "quote"), False, "m.yaml:13:14"),
    ((1, "reports", 1, "date"), False, "m.yaml:14:30"),
    ((1, "reports", 1, "date"), True, "m.yaml:14:24"),
    ((1, "reports", 0, "missing"), False, "m.yaml:12:7"),  # a missing field: the mapping that should hold it
    ((0,), False, "m.yaml:1:3"),
])
def test_locate_finds_values_and_keys(loc, key, where):
    doc = load_bytes(MEETING.encode(), "m.yaml")
    assert doc.findings == []
    assert str(doc.locate(loc, key=key)) == where


def test_the_location_spans_the_offending_token():
    doc = load_bytes(MEETING.encode(), "m.yaml")
    location = doc.locate((1, "date"))
    assert (location.line, location.column, location.end_line, location.end_column) == (8, 9, 8, 19)


def _paths(node: yaml.Node, prefix: tuple) -> list[tuple]:
    """Every path to a node below ``node``, and one to a missing key of each mapping."""
    found = [prefix]
    if isinstance(node, yaml.MappingNode):
        found.append((*prefix, "missing"))
        for key, value in node.value:
            found.extend(_paths(value, (*prefix, key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for number, value in enumerate(node.value):
            found.extend(_paths(value, (*prefix, number)))
    return found


@pytest.mark.parametrize("text", [
    MEETING,
    "---\n# a comment\n- {kind: state, id: a, name: A}\n\n# between\n-\n  kind: state\n  id: b\n  name: B\n...\n",
    "- kind: state\n  id: a\n  name: \"A\n- B\"\n- kind: state\n  id: b\n  name: B",  # a dash inside a quoted text
    "- kind: state\r\n  id: a\r\n  name: A\r\n- kind: state\r\n  id: b\r\n  name: B\r\n",
])
def test_a_released_file_places_values_as_its_whole_tree_does(tmp_path: Path, text: str):
    """Positions in a clean file come from its items' own lines (``Document._item``): the same places."""
    path = tmp_path / "f.yaml"
    path.write_bytes(text.encode())
    tree = yaml.compose(text)
    doc = Document("f.yaml", None, file=path, items_held=len(tree.value))  # as ``release`` leaves a file
    whole = load_bytes(text.encode(), "f.yaml")
    for loc in [path for number, item in enumerate(tree.value) for path in _paths(item, (number,))] + [(9,), ()]:
        for key in (False, True):
            assert doc.locate(loc, key=key) == whole.locate(loc, key=key), loc


def test_release_keeps_how_many_items_the_file_held(tmp_path: Path):
    path = tmp_path / "m.yaml"
    path.write_text(MEETING)
    doc = load_file(path, "m.yaml", fast=True)
    doc.release()
    assert (doc.text, doc.items, doc.items_held) == (None, [], 2)
    assert str(doc.locate((1, "reports", 1, "date"))) == "m.yaml:14:30"


# --- files ---------------------------------------------------------------------------------------------

def test_a_missing_file_is_file001(tmp_path: Path):
    doc = load_file(tmp_path / "nope.yaml", "nope.yaml")
    assert [(f.code, str(f.location)) for f in doc.findings] == [("FILE001", "nope.yaml:1:1")]


def test_a_directory_is_file005(tmp_path: Path):
    (tmp_path / "d.yaml").mkdir()
    doc = load_file(tmp_path / "d.yaml", "d.yaml")
    assert [f.code for f in doc.findings] == ["FILE005"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_symbolic_link_out_of_the_corpus_is_file005(tmp_path: Path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(STATE, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "link.yaml").symlink_to(outside)
    doc = load_file(corpus / "link.yaml", "link.yaml", root=corpus)
    assert [f.code for f in doc.findings] == ["FILE005"]
    (corpus / "inside.yaml").write_text(STATE, encoding="utf-8")
    (corpus / "link2.yaml").symlink_to(corpus / "inside.yaml")
    assert load_file(corpus / "link2.yaml", "link2.yaml", root=corpus).findings == []


# --- robustness ----------------------------------------------------------------------------------------

@given(st.one_of(st.binary(max_size=200), _yamlish.map(str.encode),
                 st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_loading_and_validating_never_raise(data):
    doc = load_bytes(data, "f.yaml")
    validate_document(doc)
    for finding in doc.findings:
        assert re.fullmatch(r"[A-Z]+\d{3}", finding.code)
        assert finding.location.path == "f.yaml"
        assert finding.location.line >= 1 and finding.location.column >= 1


@pytest.mark.parametrize(("text", "where", "reason"), [
    ('kind: state\nid: russia\nname: "Russia"# no space before the comment\n', (3, 15),
     "comments must be separated from other tokens by whitespace"),
    ('kind: state\nid: russia\nname: "Russian\n\tFederation"\n', (4, 1), "tab"),
])
def test_yaml_that_libyaml_accepts_but_the_spec_forbids_is_yaml001_at_its_place(text, where, reason):
    assert yaml.load(text, Loader=yaml.CSafeLoader)  # libyaml lets it through
    doc = load_bytes(text.encode(), "f.yaml")
    [finding] = doc.findings
    assert (finding.code, finding.location.line, finding.location.column) == ("YAML001", *where)
    assert reason in finding.message and "specification forbids" in finding.message
    assert doc.items == []
