"""Each record against its model: the code, the place and the message a curator sees for each mistake."""

from __future__ import annotations

import sys

import pytest
import yaml

from schema.records import RECORD_MODELS
from validator.loader import load_bytes
from validator.records import validate_document


def check(text: str, path: str = "r.yaml"):
    doc = load_bytes(text.encode(), path)
    valid = validate_document(doc)
    return [(f.code, str(f.location), f.message, f.hint) for f in doc.findings], valid


def one(text: str) -> tuple[str, str, str, str | None]:
    findings, _ = check(text)
    assert len(findings) == 1, findings
    return findings[0]


SOURCE = """\
kind: source
id: ria-2021-12-30
title: Lavrov on the talks
publisher: ria-novosti
published: 2021-12-30
timezone: Europe/Moscow
language: ru
text: sources/text/ria-2021-12-30.txt
"""

MEETING = """\
kind: meeting
id: geneva-talks-2022-01-10
title: Russia-US security talks
meeting_type: talks
participants: [russia, united-states]
location: Geneva
date: 2022-01-10
timezone: Europe/Zurich
status: held
reports:
  - source: ria-2021-12-30
    date: 2022-01-10
    date_text: on January 10
    quote: "talks will be held in Geneva on January 10"
"""

STATEMENT = """\
kind: statement
id: lavrov-2021-12-30
speaker: lavrov-sergei
date: 2021-12-30
setting: interview
quote: We will not allow our proposals to be drowned in endless discussions.
reports:
  - source: ria-2021-12-30
"""

PROPOSAL = """\
kind: proposal
id: russia-us-draft-treaty
title: Draft treaty on security guarantees
proposer: russia
addressees: [united-states]
submitted: 2021-12-15
published: 2021-12-17
provisions:
  - id: art-4
    summary: no further NATO enlargement
reports:
  - source: ria-2021-12-30
    event: published
    date: 2021-12-17
"""

PERSON = """\
kind: person
id: lavrov-sergei
name: Sergei Lavrov
aliases: [Sergey Lavrov]
roles:
  - title: Foreign Minister
    organization: russian-foreign-ministry
    start: 2004-03-09
"""

REVIEW = """\
kind: review
id: review-geneva-dates
rule: DATE002
records: [geneva-talks-2022-01-10]
reason: The sources disagree; both dates are kept.
reviewed_by: curator
reviewed: 2022-02-01
"""


@pytest.mark.parametrize("text", [SOURCE, MEETING, STATEMENT, PROPOSAL, PERSON, REVIEW,
                                  "kind: state\nid: russia\nname: Russia\niso_code: RU\n",
                                  "kind: organization\nid: nato\nname: NATO\naliases: [North Atlantic Treaty Organization]\n"])
def test_valid_records_pass(text):
    findings, valid = check(text)
    assert findings == []
    [entry] = valid
    assert type(entry.record) is RECORD_MODELS[yaml.safe_load(text)["kind"]]


def test_a_bad_date_is_sch005_at_the_value():
    code, where, message, hint = one(MEETING.replace("date: 2022-01-10\ntimezone", "date: 2022-02-30\ntimezone"))
    assert (code, where) == ("SCH005", "r.yaml:7:7")
    assert message == "`date`: '2022-02-30': February 2022 has 28 days, so there is no day 30"
    assert "2021-12-30T15:35-05:00" in hint


def test_a_bad_date_in_a_report_names_the_report():
    code, where, message, _ = one(MEETING.replace("    date: 2022-01-10", "    date: 2022-01-10/2022-01-09"))
    assert (code, where) == ("SCH005", "r.yaml:12:11")
    assert message.startswith("`reports[0].date`: ") and "write it as 2022-01-09/2022-01-10" in message


def test_an_unknown_field_is_sch001_at_the_key_with_did_you_mean():
    code, where, message, _ = one(MEETING.replace("status: held", "stauts: held\nstatus: held"))
    assert (code, where) == ("SCH001", "r.yaml:9:1")
    assert message == "unknown field `stauts` in this meeting (did you mean 'status'?)"


def test_an_unknown_field_in_a_report_suggests_a_report_field():
    code, where, message, _ = one(MEETING.replace("    quote:", "    qoute:"))
    assert (code, where) == ("SCH001", "r.yaml:14:5")
    assert message == "unknown field `reports[0].qoute` in this meeting (did you mean 'quote'?)"


def test_an_unknown_field_without_a_close_match_has_no_suggestion():
    code, _, message, _ = one(SOURCE + "sentiment: hostile\n")
    assert code == "SCH001" and "did you mean" not in message


@pytest.mark.parametrize(("value", "reads_as"), [
    ("no", "the boolean false"), ("yes", "the boolean true"), ("off", "the boolean false"),
    ("null", "empty (null)"), ("3.5", "the number 3.5"),
])
def test_text_yaml_reads_as_something_else_is_sch003_with_a_hint_to_quote_it(value, reads_as):
    code, where, message, hint = one(MEETING.replace("title: Russia-US security talks", f"title: {value}"))
    assert (code, where) == ("SCH003", "r.yaml:3:8")
    assert message == f"`title` must be text, but YAML reads the unquoted '{value}' as {reads_as}"
    assert hint == f"put the value in quotes: '{value}'"
    assert check(MEETING.replace("title: Russia-US security talks", f"title: '{value}'"))[0] == []


@pytest.mark.parametrize(("value", "number"), [("0777", 511), ("1:30", 90), ("1_000", 1000), ("0b101", 5)])
def test_a_number_yaml_1_1_and_1_2_read_differently_is_yaml011_once_whatever_the_field(value, number):
    code, where, message, hint = one(MEETING.replace("title: Russia-US security talks", f"title: {value}"))
    assert (code, where) == ("YAML011", "r.yaml:3:8")
    assert message.startswith(f"YAML 1.1 reads the unquoted '{value}' as the number {number} ")
    assert check(MEETING.replace("title: Russia-US security talks", f"title: '{value}'"))[0] == []


def test_a_list_item_yaml_reads_as_a_boolean_is_sch003_at_the_item():
    code, where, message, hint = one(PERSON.replace("aliases: [Sergey Lavrov]", "aliases: [Sergey Lavrov, no]"))
    assert (code, where) == ("SCH003", "r.yaml:4:26")
    assert message.startswith("`aliases[1]` must be text") and hint == "put the value in quotes: 'no'"


def test_a_quoted_number_where_a_number_is_expected_is_sch003_without_the_quote_hint():
    code, where, message, hint = one(MEETING.replace("status: held", "status: held\nduration_minutes: '50'"))
    assert (code, where) == ("SCH003", "r.yaml:10:19")
    assert message == "`duration_minutes` must be a whole number, but is the text '50'"
    assert "quotes" not in hint


@pytest.mark.parametrize(("field", "line"), [("title", 3), ("meeting_type", 4), ("date", 7), ("status", 9),
                                              ("reports", 10)])
def test_a_missing_required_field_is_sch002_at_the_record(field, line):
    lines = MEETING.splitlines(keepends=True)
    if field == "reports":
        text = "".join(lines[:9])
    else:
        text = "".join(l for i, l in enumerate(lines, 1) if i != line)
    code, where, message, _ = one(text)
    assert (code, where) == ("SCH002", "r.yaml:1:1")
    assert message == f"missing required field `{field}` in this meeting"


def test_a_missing_field_of_a_report_is_sch002_at_the_report():
    code, where, message, _ = one(MEETING.replace("  - source: ria-2021-12-30\n    date:", "  - date:"))
    assert (code, where) == ("SCH002", "r.yaml:11:5")
    assert message == "missing required field `reports[0].source` in this meeting"


def test_a_record_without_kind_is_sch006_at_the_record():
    code, where, message, _ = one("id: russia\nname: Russia\n")
    assert (code, where) == ("SCH006", "r.yaml:1:1")
    assert message.startswith("the record has no `kind`; expected one of: source, person")


def test_an_unknown_kind_is_sch006_at_the_kind_with_did_you_mean():
    code, where, message, _ = one("id: geneva\nkind: meting\n")
    assert (code, where) == ("SCH006", "r.yaml:2:7")
    assert message.endswith("(did you mean 'meeting'?)")


def test_the_kind_of_each_list_item_is_checked_where_it_is():
    findings, valid = check("- kind: state\n  id: russia\n  name: Russia\n- kind: stat\n  id: usa\n  name: USA\n")
    assert [(c, w) for c, w, _, _ in findings] == [("SCH006", "r.yaml:4:9")]
    assert [v.record.id for v in valid] == ["russia"]


@pytest.mark.parametrize(("bad", "column"), [("Geneva-Talks", 5), ("geneva talks", 5), ("geneva--talks", 5),
                                              ("-geneva", 5), ("genevа", 5)])  # the last has a Cyrillic 'а'
def test_an_invalid_id_is_sch004(bad, column):
    code, where, message, _ = one(MEETING.replace("id: geneva-talks-2022-01-10", f"id: '{bad}'"))
    assert (code, where) == ("SCH004", f"r.yaml:2:{column}")
    assert "which is not an id" in message


def test_an_id_with_a_look_alike_letter_names_it():
    _, _, message, _ = one(MEETING.replace("id: geneva-talks-2022-01-10", "id: genevа"))
    assert "U+0430 CYRILLIC SMALL LETTER A" in message


def test_an_invalid_reference_in_a_list_is_sch004_at_the_item():
    code, where, _, _ = one(MEETING.replace("participants: [russia, united-states]", "participants: [russia, United States]"))
    assert (code, where) == ("SCH004", "r.yaml:5:24")


def test_an_enum_value_with_a_typo_is_sch004_with_did_you_mean():
    code, where, message, _ = one(MEETING.replace("meeting_type: talks", "meeting_type: talk"))
    assert (code, where) == ("SCH004", "r.yaml:4:15")
    assert "expected 'talks', 'consultations'" in message and message.endswith("(did you mean 'talks'?)")


def test_a_statement_without_quote_or_summary_is_sch007_at_the_record():
    text = STATEMENT.replace("quote: We will not allow our proposals to be drowned in endless discussions.\n", "")
    code, where, message, _ = one(text)
    assert (code, where) == ("SCH007", "r.yaml:1:1")
    assert message == "this statement is invalid: a statement needs a `quote` (verbatim), a `summary`, or both"
    summary_only = text.replace("setting: interview\n", "setting: interview\nsummary: He rejected delays.\n")
    assert check(summary_only)[0] == []


def test_a_statement_in_a_list_without_quote_or_summary_is_sch007_at_its_item():
    text = "- kind: state\n  id: russia\n  name: Russia\n" + "".join(
        ("- " if i == 0 else "  ") + line + "\n"
        for i, line in enumerate(STATEMENT.replace("quote: We will not allow our proposals to be drowned in "
                                                  "endless discussions.\n", "").splitlines()))
    findings, _ = check(text)
    assert [(c, w) for c, w, _, _ in findings] == [("SCH007", "r.yaml:4:3")]


def test_a_proposal_report_date_needs_an_event():
    code, where, message, _ = one(PROPOSAL.replace("    event: published\n", ""))
    assert (code, where) == ("SCH007", "r.yaml:12:5")
    assert "add `event: submitted` or `event: published`" in message


@pytest.mark.parametrize(("old", "new", "where", "part"), [
    ("timezone: Europe/Moscow", "timezone: Europe/Mosow", "r.yaml:6:11", "'Europe/Mosow' is not an IANA time zone name"),
    ("text: sources/text/ria-2021-12-30.txt", "text: ../outside.txt", "r.yaml:8:7", "without '..'"),
    ("text: sources/text/ria-2021-12-30.txt", "text: /etc/passwd", "r.yaml:8:7", "relative to the corpus root"),
    ("language: ru", "language: Russian", "r.yaml:7:11", "Russian"),
])
def test_invalid_source_values_are_sch004(old, new, where, part):
    code, at, message, _ = one(SOURCE.replace(old, new))
    assert (code, at) == ("SCH004", where)
    assert part in message


@pytest.mark.parametrize(("text", "where", "pattern"), [
    ("kind: state\nid: russia\nname: Russia\niso_code: ru\n", "r.yaml:4:11", "^[A-Z]{2}$"),
    (SOURCE + "url: ftp://example.org/x\n", "r.yaml:9:6", r"^https?://\S+$"),
    (REVIEW.replace("rule: DATE002", "rule: date002"), "r.yaml:3:7", "^[A-Z]+[0-9]{3}$"),
], ids=["iso_code", "url", "review-rule"])
def test_a_pattern_mismatch_message_shows_the_pattern_as_it_is(text, where, pattern):
    """The message must show the pattern unchanged: lower-casing it turns `[A-Z]` into `[a-z]` (which
    'ru' matches) and `\\S` into `\\s` (the opposite)."""
    code, at, message, _ = one(text)
    assert (code, at) == ("SCH004", where)
    assert pattern in message, message


def test_several_mistakes_in_one_record_are_all_reported_in_order():
    text = MEETING.replace("title: Russia-US security talks", "title: no").replace(
        "status: held", "status: hled").replace("    date: 2022-01-10", "    date: 2022-13")
    findings, valid = check(text)
    assert [(c, w) for c, w, _, _ in findings] == [("SCH003", "r.yaml:3:8"), ("SCH004", "r.yaml:9:9"),
                                                    ("SCH005", "r.yaml:12:11")]
    assert valid == []


def test_findings_name_the_record():
    doc = load_bytes(MEETING.replace("status: held", "status: hled").encode(), "r.yaml")
    validate_document(doc)
    assert [f.records for f in doc.findings] == [("geneva-talks-2022-01-10",)]


def test_a_validated_text_keeps_no_second_copy():
    """A non-ASCII text is held once: pydantic's length constraint would read it as UTF-8, which CPython
    keeps beside it for good (100 MB at 1M records). Empty text is still SCH004 (test_properties)."""
    doc = load_bytes(MEETING.replace("title: Russia-US security talks", "title: Переговоры в Женеве").encode(),
                     "r.yaml")
    title = doc.items[0]["title"]
    size = sys.getsizeof(title)
    (entry,) = validate_document(doc)
    assert entry.record.title is title and sys.getsizeof(title) == size
