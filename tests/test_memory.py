"""What is kept per record is small: compact records are named tuples; where the models are kept, equal
field sets are shared; equal dates are one object."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from corpus_kit import meeting
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
