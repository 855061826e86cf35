"""What is kept per record is small: compact records are named tuples; where the models are kept, equal
field sets are shared; equal dates are one object."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from corpus_kit import meeting
from validator.loader import DEFAULT_LIMITS
from validator.stage import check_file


def _two(tmp_path: Path, compact: bool) -> list:
    path = tmp_path / "meetings.yaml"
    path.write_text(yaml.safe_dump([meeting(id="a"), meeting(id="b")], sort_keys=False), encoding="utf-8")
    return [entry.record for entry in check_file(path, path.name, tmp_path, compact=compact).valid]


@pytest.fixture
def two_meetings(tmp_path: Path):
    return _two(tmp_path, compact=False)


def test_compact_records_are_read_only_tuples_of_the_models_values(tmp_path: Path) -> None:
    import sys

    (a, b), (model, _) = _two(tmp_path, compact=True), _two(tmp_path, compact=False)
    assert isinstance(a, tuple) and type(a).__name__ == "Meeting" and a.date is b.date
    assert a._fields == tuple(type(model).model_fields)
    def plain(value):  # lists are tuples there, and an empty mapping the shared one
        return list(value) if isinstance(value, tuple) else value

    assert [plain(getattr(a, name)) for name in a._fields if name != "reports"] == \
           [getattr(model, name) for name in a._fields if name != "reports"]
    assert {k: plain(v) for k, v in a.reports[0]._asdict().items()} == dict(model.reports[0])
    assert a.reports[0].counts is b.reports[0].counts and a.about == ()
    with pytest.raises(TypeError, match="read-only"):
        a.reports[0].counts["troops"] = "many"
    with pytest.raises(AttributeError):
        a.title = "Other"
    tuples = sys.getsizeof(a) + sum(map(sys.getsizeof, a.reports))
    dicts = sys.getsizeof(model.__dict__) + sum(sys.getsizeof(r.__dict__) for r in model.reports)
    assert tuples * 2 < dicts, (tuples, dicts)


def test_records_share_their_field_sets_and_dates(two_meetings) -> None:
    a, b = two_meetings
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__
    assert a.reports[0].__pydantic_fields_set__ is b.reports[0].__pydantic_fields_set__
    assert a.date is b.date


def test_shared_field_sets_keep_pydantic_working(two_meetings) -> None:
    a, b = two_meetings
    assert set(a.model_dump(exclude_unset=True)) == set(meeting())
    assert a.model_copy(update={"title": "Other"}).title == "Other" and b.title == meeting()["title"]
    with pytest.raises(TypeError, match="read-only"):
        a.part_of = "somewhere"  # would add a name to the set that b shares
    assert "part_of" not in b.__pydantic_fields_set__


@pytest.mark.parametrize("corpus", ["corpus_yaml", "tests/detection_corpus/corpus"])
def test_compact_records_give_the_findings_of_the_models(repo_root: Path, corpus: str) -> None:
    from validator.run import check, discover

    targets = discover([repo_root / corpus], repo_root / corpus, (".yaml",))
    compact, models = check(targets), check(targets, compact=False)
    assert compact.findings == models.findings and compact.findings
    assert type(next(iter(compact.index.by_id.values())).record).__module__ == "validator.compact"


def test_texts_many_records_repeat_are_one_object(tmp_path: Path) -> None:
    a, b = _two(tmp_path, compact=True)
    assert a.participants[0] is b.participants[0] and a.timezone is b.timezone
    assert a.reports[0].source is b.reports[0].source and a.location is b.location


_texts = st.text(max_size=300)  # any text: astral characters, surrogates, over 255 bytes
_values = st.recursive(st.none() | st.integers() | _texts,
                       lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                       | st.dictionaries(_texts, inner, max_size=3), max_leaves=20)


@given(_values, st.lists(_texts, max_size=8, unique=True), st.data())
def test_a_value_sent_with_shared_texts_comes_back_equal_with_them_interned(value, texts, data) -> None:
    import sys

    from validator import transfer

    made = [("".join(["x", text]))[1:] for text in texts]  # new objects, not interned ones
    value = [value, made, *data.draw(st.permutations(made))]
    shared = data.draw(st.lists(st.sampled_from(made), max_size=10)) if made else []
    back = transfer.loads(transfer.dumps(value, shared))
    assert back == value
    for text in shared:
        assert back[1][made.index(text)] is sys.intern(text)


def test_texts_of_two_files_are_one_object_through_the_cache(tmp_path: Path) -> None:
    """Each file's result pickled on its own (the cache) still shares its texts with the other files'."""
    from validator.transfer import loads
    from validator.workers import per_file_for_cache

    for name in ("one", "two"):
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump([meeting(id=name, reports=[
            {"source": "tass", "date": "2022-01-10", "date_text": "on Monday"}])], sort_keys=False), encoding="utf-8")
    files = [(tmp_path / f"{name}.yaml", f"{name}.yaml", tmp_path) for name in ("one", "two")]
    made = dict(per_file_for_cache(files, DEFAULT_LIMITS, "auto"))
    one, two = (loads(made[number]).valid[0].record for number in (0, 1))
    assert one.id == "one" and two.id == "two"
    assert one.reports[0].source is two.reports[0].source and one.participants[1] is two.participants[1]
    assert one.location is two.location and one.reports[0].date_text is two.reports[0].date_text


def test_dup001_holds_little_per_meeting_where_every_meeting_is_compared(tmp_path: Path) -> None:
    """Crowded groups: 4,000 meetings on nine days, each between two of 90 states (every pair once), so
    that each state's group holds 89 meetings that overlap, yet no two share half their participants:
    DUP001 compares every meeting with its neighbours and reports nothing. What it holds at its peak stays
    small per meeting: no tuple per candidate, and the compared meetings' features only for the group
    being swept (about 700 bytes per meeting when they were all kept)."""
    import itertools
    import tracemalloc

    from corpus_kit import run_corpus, source
    from validator.rules.engine import RULES

    pairs = itertools.islice(itertools.combinations(range(90), 2), 4000)
    meetings = [meeting(id=f"m-{n}", date=f"2022-01-{n % 9 + 10}", participants=[f"state-{a}", f"state-{b}"])
                for n, (a, b) in enumerate(pairs)]
    states = [{"kind": "state", "id": f"state-{n}", "name": f"State {n}"} for n in range(90)]
    result = run_corpus(tmp_path, [source(published="2022-01-31"), *states, *meetings])
    assert result.findings == []
    tracemalloc.start()
    try:
        assert list(RULES["DUP001"].check(result.index)) == []
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * len(meetings), peak


def test_findings_in_every_record_hold_the_nodes_of_a_few(tmp_path: Path) -> None:
    """A record's lines are composed to place its findings; the nodes of the last few hundred are kept
    for the next finding, not those of every record that has one (12 KB per meeting here when they were
    all kept: 3 GB at 100k records with an unknown id in each)."""
    import tracemalloc

    from corpus_kit import run_corpus, source

    meetings = [meeting(id=f"m-{n}", date=f"2022-01-{n % 20 + 10}", participants=["russia", f"nowhere-{n}"])
                for n in range(4000)]
    tracemalloc.start()
    try:
        result = run_corpus(tmp_path, [source(published="2022-01-31"), *meetings])
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert [f.code for f in result.findings] == ["REF001"] * len(meetings)
    assert held < 6000 * len(meetings), held
