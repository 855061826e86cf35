"""A small corpus builder for rule tests: write records (and source texts) into a folder, run the check.

    result = run_corpus(tmp_path, [meeting(...), ...], texts={"tass": "..."})
    assert codes(result) == [("DATE001", "meetings.yaml", 12)]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from validator.run import CheckResult, check, discover

SOURCE_TEXT = "Talks in Geneva on January 10. Lavrov said on Monday that talks will begin."


def source(id: str = "tass", published: str = "2022-01-10", timezone: str = "Europe/Moscow",
           **fields: Any) -> dict[str, Any]:
    """A source record whose text file is ``sources/<id>.txt`` (written by ``run_corpus``)."""
    return {"kind": "source", "id": id, "title": f"Article {id}", "publisher": fields.pop("publisher", "tass-agency"),
            "published": published, "timezone": timezone, "language": "en", "text": f"sources/{id}.txt", **fields}


def base_actors() -> list[dict[str, Any]]:
    """The actors the helpers below refer to."""
    return [
        {"kind": "organization", "id": "tass-agency", "name": "TASS"},
        {"kind": "organization", "id": "ria-novosti", "name": "RIA Novosti"},
        {"kind": "organization", "id": "russian-foreign-ministry", "name": "Russian Foreign Ministry"},
        {"kind": "state", "id": "russia", "name": "Russia"},
        {"kind": "state", "id": "united-states", "name": "United States"},
        {"kind": "person", "id": "lavrov-sergei", "name": "Sergei Lavrov", "aliases": ["Sergey Lavrov"],
         "roles": [{"title": "Foreign Minister", "organization": "russian-foreign-ministry", "start": "2004-03-09"}]},
    ]


def meeting(id: str = "geneva-talks", date: str = "2022-01-10", reports: list[dict[str, Any]] | None = None,
            **fields: Any) -> dict[str, Any]:
    record = {"kind": "meeting", "id": id, "title": "Russia-US talks", "meeting_type": "talks",
              "participants": ["russia", "united-states"], "location": "Geneva", "date": date,
              "timezone": "Europe/Zurich", "status": "held",
              "reports": reports if reports is not None else [{"source": "tass", "date": date}]}
    record.update(fields)
    return record


def statement(id: str = "lavrov-remark", date: str = "2022-01-10", quote: str = "talks will begin",
              reports: list[dict[str, Any]] | None = None, **fields: Any) -> dict[str, Any]:
    record = {"kind": "statement", "id": id, "speaker": "lavrov-sergei", "date": date, "setting": "interview",
              "quote": quote, "reports": reports if reports is not None else [{"source": "tass", "quote": quote}]}
    record.update(fields)
    return record


def proposal(id: str, title: str, addressees: list[str], submitted: str = "2021-12-15") -> dict[str, Any]:
    return {"kind": "proposal", "id": id, "title": title, "proposer": "russia", "addressees": addressees,
            "submitted": submitted, "timezone": "Europe/Moscow", "reports": [{"source": "tass"}]}


def run_corpus(folder: Path, records: list[dict[str, Any]], texts: dict[str, str] | None = None,
               *, with_actors: bool = True, per_file: bool = False, compact: bool = True) -> CheckResult:
    """Write ``records`` (plus the base actors) into ``folder`` and check it. Every source record gets a
    text file: ``texts[id]``, or ``SOURCE_TEXT`` followed by the words the reports citing it give as the
    source's (their ``date_text``, ``duration_text`` and ``counts``: QUOTE003 looks for them). With
    ``per_file``, one file per record (``<id>.yaml``), else all in ``records.yaml`` in the given order
    (actors in ``actors.yaml``). ``compact=False`` keeps the models (for the report's views)."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    said: dict[str, list[str]] = {}
    for record in records:
        for report in record.get("reports", []) if isinstance(record.get("reports"), list) else []:
            if isinstance(report, dict):
                counts = report.get("counts")
                words = [report.get("date_text"), report.get("duration_text"),
                         *(counts.values() if isinstance(counts, dict) else ())]
                said.setdefault(str(report.get("source")), []).extend(w for w in words if isinstance(w, str))
    for record in records:
        if record.get("kind") == "source":
            given = texts or {}
            text = given[record["id"]] if record["id"] in given else " ".join([SOURCE_TEXT, *said.get(record["id"], [])])
            (folder / record["text"]).write_text(text, encoding="utf-8")
    if with_actors:
        (folder / "actors.yaml").write_text(yaml.safe_dump(base_actors(), sort_keys=False), encoding="utf-8")
    if per_file:
        for record in records:
            (folder / f"{record['id']}.yaml").write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True),
                                                         encoding="utf-8")
    else:
        (folder / "records.yaml").write_text(yaml.safe_dump(records, sort_keys=False, allow_unicode=True),
                                             encoding="utf-8")
    return check(discover([folder], folder, (".yaml",)), compact=compact)


def codes(result: CheckResult, *, acknowledged: bool | None = None) -> list[str]:
    """The codes found, in report order (optionally only acknowledged or only unacknowledged ones)."""
    return [f.code for f in result.findings if acknowledged is None or f.acknowledged == acknowledged]


def by_code(result: CheckResult, name: str) -> list[Any]:
    return [f for f in result.findings if f.code == name]
