"""The law that makes the fast path safe: whichever parser builds a file's data, the records, the findings
and their positions are the same.

``check_file(..., parser="pyyaml")`` sends a file down PyYAML's path only; the default lets yaml-rs build
clean files it reads as PyYAML does. Each corpus here goes through both: generated records with generated
defects in varied YAML styles, raw scalar tokens, the hazard corpus, the YAML test suite and the curated
corpus. Each also shows that the fast path was taken, so that the law is not met by never taking it.
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
import yaml_rs
from hypothesis import given, settings
from hypothesis import strategies as st

import strategies as S
from conftest import REPO_ROOT
from test_hazards import CASES as HAZARDS
from test_properties import BAD_VALUES, SENTINEL, SLOTS, place
from validator.fastpath import needs_pyyaml
from validator.loader import load_bytes
from validator.run import check, discover
from validator.stage import check_file

SUITE = REPO_ROOT.parent / "shared" / "yaml-test-suite"
SUITE_CASES = json.loads((SUITE / "manifest.json").read_text(encoding="utf-8")) if (SUITE / "manifest.json").exists() else []


def exact(value: Any) -> Any:
    """A value with its types spelled out, so that 1 == 1.0 == True and nan != nan do not blur a comparison."""
    if isinstance(value, dict):
        return ("dict", [(exact(k), exact(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [exact(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def both_paths(path: Path) -> tuple[str, str]:
    """Check one file on both paths; assert they agree on everything; return which parser each used."""
    root = path.parent
    fast = check_file(path, path.name, root, compact=False)  # the models, to compare their dumps
    slow = check_file(path, path.name, root, parser="pyyaml", compact=False)
    assert fast.doc.findings == slow.doc.findings, path.read_bytes()[:500]
    assert fast.ids == slow.ids and fast.items == slow.items
    assert [(type(v.record), v.record.model_dump(), v.index) for v in fast.valid] == \
           [(type(v.record), v.record.model_dump(), v.index) for v in slow.valid], path.read_bytes()[:500]
    for entry in fast.valid:  # positions asked later by the rules come from the same node tree
        assert entry.doc.locate((entry.index, "id")) == slow.doc.locate((entry.index, "id"))
    return fast.doc.parser, slow.doc.parser


def loader_law(data: bytes) -> str:
    """When the fast path builds the data, it is PyYAML's data, and PyYAML's path finds nothing in it."""
    fast = load_bytes(data, "f.yaml", fast=True)
    if fast.parser == "yaml-rs":
        slow = load_bytes(data, "f.yaml")
        assert slow.findings == [], (data, slow.findings)
        assert (exact(fast.items), fast.single) == (exact(slow.items), slow.single), data
    return fast.parser


# --- generated records with generated defects, in varied styles -----------------------------------------

styles = st.fixed_dictionaries({
    "default_flow_style": st.sampled_from([False, True, None]),
    "default_style": st.sampled_from([None, None, '"', "'"]),
    "allow_unicode": st.booleans(),
    "width": st.sampled_from([30, 80, 1000]),
    "indent": st.sampled_from([2, 4]),
    "explicit_start": st.booleans(),
    "line_break": st.sampled_from([None, None, "\r\n"]),
})

# Raw YAML that replaces a sentinel value: bad values of each family, and tokens the two parsers type
# differently unless the fast path sends the file to PyYAML.
RAW_DEFECTS = sorted({bad for values in BAD_VALUES.values() for bad, _, _ in values} | {
    "0o17", "0X1F", "1e3", "-.5", "+.5", ".NaN", "1_000", "0b101", "+1", "00", "1.0e+3", "=", "On", "OFF",
    "Null", "~", "TRUE", "190:20:30", "'no'", '"0777"', "2022-01-10", "|+\n  kept\n\n", ">-\n  folded", "[?x]",
    "{a: 1, a: 2}", "[no, 1:30]", "2021-12-30T15:35-05:00", "'=' ", '"\\e"', "! x", "&a x"})


@st.composite
def files(draw: st.DrawFn) -> tuple[str, Any]:
    """A file of one or a few records, some with a defect written raw at a known slot, in some YAML style."""
    records = draw(st.lists(S.records, min_size=1, max_size=3))
    for record in records:
        if draw(st.integers(0, 2)) == 0:
            continue
        slots = [slot for slot in SLOTS if slot.kind == record["kind"] and not slot.family.startswith("key:")]
        if slots:
            slot = draw(st.sampled_from(slots))
            place(record, slot.path, SENTINEL)
    data: Any = records[0] if len(records) == 1 and draw(st.booleans()) else records
    options = draw(styles)
    emitter = draw(st.sampled_from(["pyyaml", "pyyaml", "yaml-rs"]))
    text = yaml.safe_dump(data, **options) if emitter == "pyyaml" else yaml_rs.dumps(copy.deepcopy(data))
    while SENTINEL in text:
        text = text.replace(SENTINEL, draw(st.sampled_from(RAW_DEFECTS)), 1)
    return text, data


@settings(max_examples=max(40, settings.default.max_examples))
@given(files())
def test_generated_files_give_the_same_records_and_findings_on_both_paths(tmp_path_factory, generated):
    text, _ = generated
    path = tmp_path_factory.mktemp("law") / "f.yaml"
    path.write_text(text, encoding="utf-8")
    both_paths(path)
    loader_law(text.encode("utf-8"))


def test_generated_clean_files_take_the_fast_path(tmp_path):
    """Most valid records written by an emitter take the fast path (else the laws above prove little)."""
    taken = []

    @settings(max_examples=40, derandomize=True, database=None)
    @given(st.lists(S.records, min_size=1, max_size=3), styles)
    def run(records, options):
        path = tmp_path / "clean.yaml"
        path.write_text(yaml.safe_dump(records, **options), encoding="utf-8")
        taken.append(both_paths(path)[0])

    run()
    # Many generated texts are hostile on purpose ('&', '*', '!', 'no', flow mappings), which sends a
    # file to the guards' walk or to PyYAML; plain records (the curated corpus, below) mostly stay fast.
    assert taken.count("yaml-rs") >= len(taken) // 5, taken


# --- scalar tokens in every place a scalar can stand ----------------------------------------------------

TOKEN_CONTEXTS = ["k: {}\n", "{}: v\n", "- {}\n", "[{}]\n", "{{k: {}}}\n", "k:\n  {}\n", "k: # c\n  {}\n",
                  "- a\n- {}\n", "k: [a, {}]\n", "k:\n- {}\n"]
tokens = st.one_of(
    st.sampled_from(S.YAML_HOSTILE + RAW_DEFECTS),
    st.text("0123456789-+._:eExXoObB~yYnNtTfF ", min_size=1, max_size=8),
)


@given(tokens, st.sampled_from(TOKEN_CONTEXTS))
def test_a_scalar_the_fast_path_reads_is_read_the_same_by_pyyaml(token, context):
    loader_law(context.format(token).encode("utf-8"))


@pytest.mark.parametrize("token", ["no", "On", "OFF", "0777", "0o17", "1:30", "1_000", "0b101", "1e3", "-.5",
                                   "=", "0X1F", ".nan", "+1"])
def test_yaml_1_1_scalars_are_never_built_by_the_fast_path(token):
    for context in TOKEN_CONTEXTS[:4]:
        assert load_bytes(context.format(token).encode(), "f.yaml", fast=True).parser == "pyyaml", (token, context)


@pytest.mark.parametrize("text", ["k: |+\n  a\n\n", "k: [?x]\n", "? a\n: b\n", "a: 1\n---\nb: 2\n",
                                  'k: "\\e"\n', "k: a\n...\n", "k: |\n  a\n   \n", "k: |\r\n  a\r\n   \r\n"])
def test_constructs_read_differently_are_sent_to_pyyaml(text):
    assert needs_pyyaml(text), text


# --- the hazard corpus, the YAML test suite, the curated corpus --------------------------------------------

@pytest.mark.parametrize("name", sorted(HAZARDS))
def test_every_hazard_gives_the_same_findings_on_both_paths(tmp_path, name):
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(HAZARDS[name][0])
    both_paths(path)


@pytest.mark.skipif(not SUITE_CASES, reason=f"the YAML test suite is not at {SUITE}")
def test_every_yaml_test_suite_case_gives_the_same_results_on_both_paths():
    for case in SUITE_CASES:  # none holds records: each is reloaded by PyYAML for its findings
        both_paths(SUITE / "cases" / case["file"])
    # The data, though, is built by yaml-rs for many cases, and it is PyYAML's data.
    taken = [loader_law((SUITE / "cases" / case["file"]).read_bytes()) for case in SUITE_CASES]
    assert taken.count("yaml-rs") >= 50, taken.count("yaml-rs")


def test_the_curated_corpus_gives_the_same_findings_on_both_paths():
    corpus = REPO_ROOT / "corpus_yaml"
    targets = discover([corpus], corpus, (".yaml", ".yml"))
    fast, slow = check(targets), check(targets, parser="pyyaml")
    assert fast.findings == slow.findings and fast.records == slow.records
    taken = [both_paths(t.path)[0] for t in targets]
    assert taken.count("yaml-rs") >= len(taken) // 2, taken


def test_a_file_with_findings_on_the_fast_path_keeps_no_text_and_composes_only_their_items(tmp_path):
    """Its data is PyYAML's: the findings are made from it, placed by composing the bad item's lines; the
    file keeps neither text nor nodes (memory stays flat over many such files), and its code frames read
    it again."""
    records = [{"kind": "state", "id": f"state-{n}", "name": f"State {n}"} for n in range(3)]
    records.insert(1, {"kind": "meeting", "id": "talks", "title": "Talks", "meeting_type": "talks",
                       "participants": ["state-0", "state-2"], "location": "Geneva", "date": "2022-02-30",
                       "timezone": "Europe/Zurich", "status": "held", "reports": [{"source": "tass"}]})
    path = tmp_path / "m.yaml"
    path.write_text(yaml.safe_dump(records, sort_keys=False), encoding="utf-8")
    composed = []
    real_compose = yaml.compose

    def compose(text, Loader):  # noqa: N803 - yaml.compose's own name
        composed.append(text)
        return real_compose(text, Loader=Loader)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yaml, "compose", compose)
        result = check_file(path, "m.yaml", tmp_path)
    assert result.doc.parser == "yaml-rs"
    assert [(f.code, str(f.location)) for f in result.doc.findings] == [("SCH005", "m.yaml:12:9")]
    assert [text.splitlines()[0] for text in composed] == ["- kind: meeting"]  # that item's lines only
    assert (result.doc.text, result.doc.holds_nodes) == (None, False)
    assert result.doc.line(12) == "  date: '2022-02-30'"
    both_paths(path)
