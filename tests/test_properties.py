"""Properties over generated records: YAML round trips, JSON Schema agreement, and errors injected at a
known place being reported at exactly that line and column."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from hypothesis import Phase, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import strategies as S
from schema.export import all_schemas
from schema.records import RECORD_MODELS
from validator.loader import load_bytes
from validator.records import validate_document

SCHEMAS = all_schemas()
VALIDATORS = {name: Draft202012Validator(schema) for name, schema in SCHEMAS.items()}

dump_options = st.fixed_dictionaries({
    "default_flow_style": st.sampled_from([False, True, None]),
    "allow_unicode": st.booleans(),
    "sort_keys": st.booleans(),
    "width": st.sampled_from([80, 30, 1000]),
    "indent": st.sampled_from([2, 4]),
    "explicit_start": st.booleans(),
})


def without_empty(value: Any) -> Any:
    """Drop empty lists and mappings and None values, recursively: absent and empty mean the same to the models."""
    if isinstance(value, dict):
        return {k: without_empty(v) for k, v in value.items() if v is not None and v != [] and v != {}}
    if isinstance(value, list):
        return [without_empty(v) for v in value]
    return value


def dumped(model: Any) -> dict[str, Any]:
    return without_empty(model.model_dump(mode="json", exclude_none=True))


def load_and_validate(text: str, path: str = "r.yaml"):
    doc = load_bytes(text.encode("utf-8"), path)
    valid = validate_document(doc)
    return doc, valid


def test_there_is_a_strategy_and_injection_slots_for_every_kind():
    assert set(S.RECORD_STRATEGIES) == set(RECORD_MODELS)
    assert {slot.kind for slot in SLOTS} == set(RECORD_MODELS)


# --- round trip --------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(RECORD_MODELS))
def test_round_trip_of_every_kind(kind):
    @given(S.RECORD_STRATEGIES[kind], dump_options)
    def check(record, options):
        text = yaml.safe_dump(record, **options)
        doc, valid = load_and_validate(text)
        assert doc.findings == [], (text, doc.findings)
        [entry] = valid
        assert type(entry.record) is RECORD_MODELS[kind]
        assert dumped(entry.record) == without_empty(record)

    check()


@given(st.lists(S.records, min_size=1, max_size=4), dump_options)
def test_round_trip_of_a_list_of_records(records, options):
    text = yaml.safe_dump(records, **options)
    doc, valid = load_and_validate(text)
    assert doc.findings == [], (text, doc.findings)
    assert [dumped(v.record) for v in valid] == [without_empty(r) for r in records]
    assert [v.index for v in valid] == list(range(len(records)))


# --- JSON Schema agreement -------------------------------------------------------------------------------

def _schema_errors(name: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATORS[name].iter_errors(data)]


@given(S.records)
def test_every_record_the_models_accept_the_json_schemas_accept(record):
    model = RECORD_MODELS[record["kind"]].model_validate(record)
    data = model.model_dump(mode="json", exclude_none=True)
    for name in (f"{record['kind']}.schema.json", "record.schema.json", "file.schema.json"):
        assert _schema_errors(name, data) == [], name
    assert _schema_errors("file.schema.json", [data, data]) == []


@given(S.records)
def test_the_json_schemas_accept_the_yaml_data_of_a_valid_file(record):
    """What an editor sees in a valid file (before any model) passes the file schema too."""
    doc, valid = load_and_validate(yaml.safe_dump(record))
    assert valid and doc.findings == []
    assert _schema_errors("file.schema.json", doc.items[0]) == []
    assert _schema_errors("file.schema.json", doc.items) == []


# --- errors injected at a known place ----------------------------------------------------------------------

SENTINEL = "zqxsentinelqxz"


@dataclass(frozen=True)
class Slot:
    """Where to put a bad value in a record of ``kind``: ``path`` of keys and list indexes."""

    kind: str
    path: tuple[Any, ...]
    family: str  # what the field holds: text, date, ref, enum:<value>, int, key:<typo>
    needs: tuple[tuple[tuple[Any, ...], Any], ...] = ()  # other values the slot needs, by path

    def __str__(self) -> str:
        return f"{self.kind}.{'.'.join(map(str, self.path))}"


SLOTS = [
    # sources
    Slot("source", ("title",), "required-text"), Slot("source", ("dateline",), "text"), Slot("source", ("notes",), "text"),
    Slot("source", ("published",), "date"), Slot("source", ("retrieved",), "date"),
    Slot("source", ("publisher",), "ref"), Slot("source", ("id",), "ref"), Slot("source", ("reprint_of",), "ref"),
    Slot("source", ("titel",), "key:title"), Slot("source", ("publisherr",), "key:publisher"),
    # actors
    Slot("person", ("name",), "required-text"), Slot("person", ("aliases", 0), "required-text"), Slot("person", ("aliases", 2), "required-text"),
    Slot("person", ("roles", 0, "title"), "required-text"), Slot("person", ("roles", 0, "start"), "date"),
    Slot("person", ("roles", 0, "end"), "date"), Slot("person", ("roles", 0, "organization"), "ref"),
    Slot("person", ("state",), "ref"), Slot("person", ("nmae",), "key:name"),
    Slot("person", ("roles", 0, "titel"), "key:title"),
    Slot("organization", ("name",), "required-text"), Slot("organization", ("part_of",), "ref"),
    Slot("organization", ("alias",), "key:aliases"),
    Slot("state", ("name",), "required-text"), Slot("state", ("aliases", 1), "required-text"), Slot("state", ("id",), "ref"),
    # meetings
    Slot("meeting", ("title",), "required-text"), Slot("meeting", ("location",), "text"), Slot("meeting", ("date",), "date"),
    Slot("meeting", ("participants", 0), "ref"), Slot("meeting", ("participants", 5), "ref"),
    Slot("meeting", ("about", 0), "ref"), Slot("meeting", ("meeting_type",), "enum:talks"),
    Slot("meeting", ("status",), "enum:held"), Slot("meeting", ("duration_minutes",), "int"),
    Slot("meeting", ("reports", 0, "quote"), "text"), Slot("meeting", ("reports", 0, "date_text"), "text"),
    Slot("meeting", ("reports", 0, "date"), "date"), Slot("meeting", ("reports", 0, "source"), "ref"),
    Slot("meeting", ("reports", 0, "participants", 0), "ref"), Slot("meeting", ("reports", 0, "status"), "enum:held"),
    Slot("meeting", ("reports", 0, "duration_minutes"), "int"), Slot("meeting", ("reports", 0, "quot"), "key:quote"),
    Slot("meeting", ("timezon",), "key:timezone"),
    # proposals
    Slot("proposal", ("title",), "required-text"), Slot("proposal", ("submitted",), "date"),
    Slot("proposal", ("published",), "date"), Slot("proposal", ("addressees", 0), "ref"),
    Slot("proposal", ("provisions", 0, "id"), "ref"), Slot("proposal", ("provisions", 0, "summary"), "required-text"),
    Slot("proposal", ("provisions", 0, "sumary"), "key:summary"),
    Slot("proposal", ("reports", 0, "date"), "date", needs=((("reports", 0, "event"), "submitted"),)),
    Slot("proposal", ("reports", 0, "event"), "enum:submitted"),
    Slot("proposal", ("reports", 0, "provisions", 0), "ref"),
    # statements
    Slot("statement", ("speaker",), "ref"), Slot("statement", ("date",), "date"),
    Slot("statement", ("setting",), "enum:interview"), Slot("statement", ("summary",), "text"),
    Slot("statement", ("reports", 0, "speaker_title"), "text"), Slot("statement", ("reports", 0, "setting"), "enum:speech"),
    Slot("statement", ("speker",), "key:speaker"),
    # reviews
    Slot("review", ("rule",), "rule"), Slot("review", ("records", 0), "ref"), Slot("review", ("records", 3), "ref"),
    Slot("review", ("reason",), "required-text"), Slot("review", ("reviewed_by",), "required-text"),
    Slot("review", ("reviewed",), "date"), Slot("review", ("reasn",), "key:reason"),
]

# (YAML text that replaces the sentinel, expected code, a part of the expected message)
BAD_VALUES: dict[str, list[tuple[str, str, str]]] = {
    "text": [("no", "SCH003", "put the value in quotes: 'no'"), ("yes", "SCH003", "as the boolean true"),
             ("0777", "YAML011", "reads the unquoted '0777' as the number 511"),
             ("1:30", "YAML011", "reads the unquoted '1:30' as the number 90"), ("3.5", "SCH003", "put the value in quotes: '3.5'"),
             ("[a, b]", "SCH003", "must be text"), ("''", "SCH004", "at least 1 character")],
    "date": [("2022-02-30", "SCH005", "February 2022 has 28 days, so there is no day 30"),
             ("'2021-13'", "SCH005", "there is no month 13"),
             ("2022-01-10/2022-01-09", "SCH005", "ends before it starts"),
             ("2021-12-30T15:35", "SCH005", "needs a UTC offset"),
             ("yes", "SCH005", "the boolean true"), ("tomorrow", "SCH005", "not a date accord understands"),
             ("99", "SCH005", "the number 99"), ("0100", "YAML011", "as the number 64")],
    "ref": [("Lavrov", "SCH004", "not an id"), ("'a b'", "SCH004", "not an id"), ("x--y", "SCH004", "not an id"),
            ("no", "SCH003", "put the value in quotes: 'no'"), ("12", "SCH003", "as the number 12")],
    "int": [("0", "SCH004", "greater than 0"), ("'50'", "SCH003", "must be a whole number"),
            ("1.5", "SCH003", "must be a whole number"), ("yes", "SCH003", "must be a whole number"),
            ("050", "YAML011", "as the number 40"), ("1_0", "YAML011", "as the number 10")],
    "rule": [("date002", "SCH004", "should match pattern"), ("DATE02", "SCH004", "should match pattern"),
             ("no", "SCH003", "put the value in quotes: 'no'")],
}


# A required text field (or a list item) may not be null either; an optional one may.
BAD_VALUES["required-text"] = [*BAD_VALUES["text"], ("null", "SCH003", "as empty (null)"),
                               ("~", "SCH003", "put the value in quotes: '~'")]


def _bad_values(family: str) -> list[tuple[str, str, str]]:
    if family.startswith("enum:"):
        good = family.split(":", 1)[1]
        typo = good[:-1] if len(good) > 4 else good + "x"
        return [(typo, "SCH004", f"did you mean '{good}'?"), ("no", "SCH004", "the boolean false")]
    if family.startswith("key:"):
        return [("", "SCH001", f"did you mean '{family.split(':', 1)[1]}'?")]
    return BAD_VALUES[family]


_MINIMAL_ITEMS = {"reports": {"source": "ria-1"}, "roles": {"title": "Minister"},
                  "provisions": {"id": "p-1", "summary": "s"}}


def place(record: dict[str, Any], path: tuple[Any, ...], value: Any, *, as_key: bool = False) -> None:
    """Put ``value`` at ``path`` (inserted, for a list index; as a new key, with ``as_key``), creating the
    lists and minimal valid list items (a report, a role, a provision) the path goes through."""
    current: Any = record
    for i, step in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(current, list):
            if not current:
                current.append(copy.deepcopy(_MINIMAL_ITEMS[path[i - 1]]))
            current = current[min(step, len(current) - 1)]
            continue
        if current.get(step) is None:
            current[step] = [] if isinstance(nxt, int) else {}
        if isinstance(nxt, int) and not current[step] and step in _MINIMAL_ITEMS and len(path) > i + 2:
            current[step].append(copy.deepcopy(_MINIMAL_ITEMS[step]))
        current = current[step]
    last = path[-1]
    if isinstance(current, list):
        current.insert(min(last, len(current)), value)
    elif as_key:
        current[value] = "x"
    else:
        current[last] = value


def line_column(text: str, needle: str) -> tuple[int, int]:
    assert text.count(needle) == 1, text
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


@pytest.mark.parametrize("slot", SLOTS, ids=str)
def test_an_injected_error_is_reported_at_its_line_and_column(slot):
    @settings(max_examples=max(6, settings.default.max_examples // 10))
    @given(st.sampled_from(_bad_values(slot.family)), S.RECORD_STRATEGIES[slot.kind], dump_options,
           st.integers(0, 2))
    def check(bad_value, record, options, position_in_list):
        _inject_and_check(slot, record, *bad_value, options, position_in_list)

    check()


def _inject_and_check(slot: Slot, record: dict[str, Any], bad: str, expected_code: str, message_part: str,
                      options: dict[str, Any], position_in_list: int) -> None:
    record = copy.deepcopy(record)
    as_key = slot.family.startswith("key:")
    for needed_path, needed_value in slot.needs:
        place(record, needed_path, needed_value)
    if as_key:
        place(record, slot.path, SENTINEL, as_key=True)
        bad = slot.path[-1]  # the misspelt key
    else:
        place(record, slot.path, SENTINEL)
    # Alone in its file, or somewhere in a list of valid records.
    if position_in_list == 0:
        data: Any = record
    else:
        others = [{"kind": "state", "id": f"s-{i}", "name": f"State {i}"} for i in range(2)]
        others.insert(position_in_list - 1, record)
        data = others
    text = yaml.safe_dump(data, **options)
    line, column = line_column(text, SENTINEL)
    text = text.replace(SENTINEL, bad)

    doc, valid = load_and_validate(text)
    assert [(f.code, f.location.line, f.location.column) for f in doc.findings] == [(expected_code, line, column)], \
        (str(slot), bad, text, [str(f.location) + " " + f.message for f in doc.findings])
    finding = doc.findings[0]
    assert message_part in f"{finding.message} | hint: {finding.hint}", (str(slot), finding.message, finding.hint)
    if expected_code.startswith("YAML"):
        return  # the loader's findings name no record, and a number in a number field still validates
    assert finding.records == (record["id"],) or slot.path == ("id",)
    assert len(valid) == (0 if position_in_list == 0 else 2)


@st.composite
def removals(draw):
    kind = draw(st.sampled_from(sorted(RECORD_MODELS)))
    record = draw(S.RECORD_STRATEGIES[kind])
    nested = draw(st.booleans()) and "reports" in record
    if nested:
        index = draw(st.integers(0, len(record["reports"]) - 1))
        return kind, record, ("reports", index), "source"
    required = [name for name, info in RECORD_MODELS[kind].model_fields.items()
                if info.is_required() and name not in ("kind",)]
    return kind, record, (), draw(st.sampled_from(required))


@given(removals(), dump_options)
def test_a_missing_required_field_is_reported_at_the_mapping_that_lacks_it(removal, options):
    kind, record, where, field = removal
    holder: Any = record
    for step in where:
        holder = holder[step]
    del holder[field]
    text = yaml.safe_dump(record, **options)
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    for step in where:  # the mapping that lacks the field, as PyYAML's own composer sees it
        node = dict((k.value, v) for k, v in node.value)[step] if isinstance(step, str) else node.value[step]
    expected = (node.start_mark.line + 1, node.start_mark.column + 1)

    doc, valid = load_and_validate(text)
    assert [(f.code, (f.location.line, f.location.column)) for f in doc.findings] == [("SCH002", expected)], text
    label = ""
    for step in (*where, field):
        label += f"[{step}]" if isinstance(step, int) else (f".{step}" if label else step)
    assert f"missing required field `{label}`" in doc.findings[0].message
    assert valid == []


# --- the whole check over a generated corpus ----------------------------------------------------------------

@st.composite
def corpora(draw):
    """A small corpus of valid records whose reports cite its own sources, so cross-record rules engage."""
    sources = draw(st.lists(S.sources, min_size=1, max_size=3))
    events = draw(st.lists(st.one_of(S.meetings, S.statements(), S.proposals), min_size=1, max_size=4))
    actors = draw(st.lists(st.one_of(S.persons, S.organizations, S.states), max_size=2))
    records = [*sources, *events, *actors]
    for i, record in enumerate(records):
        record["id"] = f"r{i}"
    for i, source in enumerate(sources):
        source["text"] = f"texts/r{i}.txt"
    source_ids = [s["id"] for s in sources]
    # Sometimes every date of the events at once, so that rules compare values at the calendar's edges.
    everywhere = draw(st.sampled_from([None, None, None, "9999-12-31T23:59Z", "0001-01-01T00:00+05:00",
                                       "9999-12-31", "0001-01-01~", "2022-01-10"]))
    for event in events:
        if everywhere is not None and "date" in event:
            event["date"] = everywhere
        for report in event["reports"]:
            report["source"] = draw(st.sampled_from(source_ids))
            if everywhere is not None:
                report["date"] = everywhere
                if event["kind"] == "proposal":
                    report["event"] = "submitted"
    return records


def _dates(value: Any, key: str = "") -> set[str]:
    if isinstance(value, dict):
        return set().union(*(_dates(v, k) for k, v in value.items()))
    if isinstance(value, list):
        return set().union(*(_dates(v, key) for v in value))
    return {value} if key in ("date", "published", "retrieved", "submitted", "start", "end") else set()


# Each example writes files and runs every stage (~0.1 s), so fewer examples and no shrinking: a failure
# names the dates involved instead.
@settings(max_examples=max(20, settings.default.max_examples // 3),
          phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(corpora(), st.booleans())
def test_checking_a_corpus_of_valid_records_never_crashes(records, one_file):
    """Valid records are clean of schema findings, and the cross-record rules take any valid value."""
    import tempfile
    from pathlib import Path

    from validator.codes import CODES
    from validator.run import check, discover

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for record in records:
            if record["kind"] == "source":
                (root / record["text"]).parent.mkdir(parents=True, exist_ok=True)
                (root / record["text"]).write_text("text\n", encoding="utf-8")
        if one_file:
            (root / "all.yaml").write_text(yaml.safe_dump(records), encoding="utf-8")
        else:
            for record in records:
                (root / f"{record['id']}.yaml").write_text(yaml.safe_dump(record), encoding="utf-8")
        try:
            result = check(discover([root], root, (".yaml",)))
        except Exception as exc:
            raise AssertionError(f"`accord check` crashed with {type(exc).__name__}: {exc}; the corpus's dates: "
                                 f"{sorted(_dates(records))}") from exc
    assert result.records == len(records)
    schema_level = [f for f in result.findings if f.code[:3] in ("FIL", "YAM", "REC", "SCH", "ID0", "SRC")]
    assert schema_level == []
    assert all(f.code in CODES for f in result.findings)
