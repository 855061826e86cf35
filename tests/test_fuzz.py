"""Whatever the bytes, the loader and the whole check end with findings or a clean result, never another
exception, and quickly (hypothesis's deadline bounds the time per input)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from validator.codes import CODES
from validator.corpus import build_index
from validator.findings import Finding
from validator.loader import load_bytes
from validator.records import validate_document

FUZZ = settings(max_examples=300, deadline=timedelta(seconds=2),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

VALID = b"""kind: meeting
id: geneva-talks
title: Russia-US talks
meeting_type: talks
date: 2022-01-10
status: held
participants: [russia, united-states]
reports:
  - source: tass
    date: '2022-01-09/2022-01-10'
    date_text: January 9-10
    quote: "talks in Geneva"
"""


def _run(data: bytes) -> list[Finding]:
    doc = load_bytes(data, "fuzz.yaml")
    valid = validate_document(doc)
    ids = [item.get("id") if isinstance(item, dict) else None for item in doc.items]
    _, corpus_findings = build_index([(doc, Path("."), ids)], valid)
    findings = doc.findings + corpus_findings
    for finding in findings:
        assert finding.code in CODES
        assert finding.location.path == "fuzz.yaml"
        assert finding.location.line >= 1 and finding.location.column >= 1
        assert finding.message
    return findings


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(data: bytes) -> None:
    _run(data)


@FUZZ
@given(st.text(max_size=2000))
def test_arbitrary_text(text: str) -> None:
    _run(text.encode("utf-8", errors="surrogatepass"))


YAMLISH = st.text(alphabet=":-[]{},&*!|>'\"#%@`?~ \n\tab01.", max_size=300)


@FUZZ
@given(YAMLISH)
def test_yaml_punctuation_soup(text: str) -> None:
    _run(text.encode())


@FUZZ
@given(st.integers(0, len(VALID)), st.integers(0, 40), YAMLISH)
def test_a_valid_record_with_a_splice(start: int, length: int, splice: str) -> None:
    _run(VALID[:start] + splice.encode() + VALID[start + length:])


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                    st.sampled_from(["meeting", "person", "source", "2022-01-10", "no", "0777", "1:30", "<<"]))
KEYS = st.one_of(st.sampled_from(["kind", "id", "title", "date", "reports", "source", "quote", "name"]),
                 st.text(max_size=10), st.integers(), st.booleans())
STRUCTURES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=5), st.dictionaries(KEYS, inner, max_size=6)), max_leaves=40)


@FUZZ
@given(STRUCTURES)
def test_arbitrary_yaml_structures(value: object) -> None:
    _run(yaml.safe_dump(value, allow_unicode=True).encode())


@FUZZ
@given(STRUCTURES)
def test_arbitrary_structures_in_flow_style(value: object) -> None:
    _run(yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).encode())


def test_the_valid_record_is_clean() -> None:
    assert _run(VALID) == []
