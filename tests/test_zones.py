"""A calendar date is a day in a zone: the record's own, or the reporting source's."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from validator.corpus import build_index
from validator.loader import load_bytes
from validator.records import validate_document

CORPUS = b"""
- kind: source
  id: tass-2022-01-10
  title: Talks with Russia
  publisher: tass
  published: 2022-01-10
  timezone: Europe/Moscow
  language: en
  text: tass.txt
- kind: meeting
  id: putin-biden-call
  title: Putin-Biden phone call
  meeting_type: phone_call
  date: 2021-12-30
  timezone: America/New_York
  status: held
  reports:
    - source: tass-2022-01-10
      date: 2021-12-31
      date_text: In the early hours on December 31
    - source: unknown-source
      date: 2021-12-31
    - source: tass-2022-01-10
      date: 2021-12-30T15:35-05:00
    - source: tass-2022-01-10
      date: 2021-12-31
      timezone: Asia/Tokyo
"""


def _index(tmp_path: Path):
    (tmp_path / "tass.txt").write_text("text", encoding="utf-8")
    doc = load_bytes(CORPUS, "corpus.yaml")
    valid = validate_document(doc)
    assert doc.findings == []
    index, findings = build_index([(doc, tmp_path, ["tass-2022-01-10", "putin-biden-call"])], valid)
    assert findings == []
    return index, index.by_id["putin-biden-call"].record


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_record_date_is_a_day_in_the_records_zone(tmp_path: Path) -> None:
    index, call = _index(tmp_path)
    assert index.zone(call) == "America/New_York"
    assert index.instant_range(call.date, call) == (utc(2021, 12, 30, 5), utc(2021, 12, 31, 5))


def test_report_date_is_a_day_in_its_sources_zone(tmp_path: Path) -> None:
    index, call = _index(tmp_path)
    moscow = call.reports[0]
    assert index.zone(call, moscow) == "Europe/Moscow"
    # 31 December in Moscow starts at 21:00 UTC on the 30th: it overlaps 30 December in New York.
    assert index.instant_range(moscow.date, call, moscow) == (utc(2021, 12, 30, 21), utc(2021, 12, 31, 21))
    assert call.date.overlaps(moscow.date, "America/New_York", "Europe/Moscow")
    assert not call.date.overlaps(moscow.date, "America/New_York", "America/New_York")


def test_unknown_zone_widens_the_day_to_every_zone(tmp_path: Path) -> None:
    index, call = _index(tmp_path)
    unsourced = call.reports[1]
    assert index.zone(call, unsourced) is None
    assert index.instant_range(unsourced.date, call, unsourced) == (utc(2021, 12, 30, 10), utc(2022, 1, 1, 12))


def test_date_time_keeps_its_own_offset(tmp_path: Path) -> None:
    index, call = _index(tmp_path)
    timed = call.reports[2]
    assert index.instant_range(timed.date, call, timed) == (utc(2021, 12, 30, 20, 35), utc(2021, 12, 30, 20, 36))


def test_a_report_may_count_its_date_in_another_zone_than_its_source(tmp_path: Path) -> None:
    index, call = _index(tmp_path)
    tokyo = call.reports[3]
    assert index.zone(call, tokyo) == "Asia/Tokyo"
    assert index.instant_range(tokyo.date, call, tokyo) == (utc(2021, 12, 30, 15), utc(2021, 12, 31, 15))
