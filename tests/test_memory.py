"""What is kept per record is small: equal field sets are shared, equal dates are one object."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from corpus_kit import meeting
from validator.stage import check_file


@pytest.fixture
def two_meetings(tmp_path: Path):
    path = tmp_path / "meetings.yaml"
    path.write_text(yaml.safe_dump([meeting(id="a"), meeting(id="b")], sort_keys=False), encoding="utf-8")
    return [entry.record for entry in check_file(path, path.name, tmp_path).valid]


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
