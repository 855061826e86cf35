"""A baseline for adopting accord on an existing corpus: the findings of today, written once, so that
only new findings fail from then on.

An entry is a finding's identity: its code and the ids of its records (a finding that names no record,
such as a YAML error, its code and file), never its line, so that edits elsewhere do not revive it. A
finding matched by an entry is shown, marked "baseline", and does not fail the run; an entry that
matches no finding any more is stale, a warning (BASE001), so that the baseline shrinks as the corpus
is fixed instead of hiding the next finding of the same kind.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from validator.codes import Code, code, register
from validator.findings import Acceptance, Finding, Location

__all__ = ["Baseline", "BaselineError", "read_baseline", "write_baseline"]

FORMAT_VERSION = 1

register(Code(
    "BASE001", "warning", "baseline entry matches no finding (stale)",
    "write the baseline again (`accord check --write-baseline FILE`), or delete the entry",
    """
An entry of the baseline (`accord check --baseline FILE`) accepts one finding that existed when the
baseline was written: the finding of its `code` on exactly its `records` (or, for a finding about a
whole file, in its `path`). When no such finding exists any more, the problem was fixed: the entry
should go, so that it never hides a new finding of the same kind on the same records.

Bad (the duplicate was merged, but the baseline still lists it):

    {"code": "DUP001", "records": ["geneva-talks", "geneva-talks-2"], "path": "corpus_yaml/meetings/a.yaml", ...}

Good: run `accord check --write-baseline FILE` again after fixing findings; the entry disappears.
"""))


class BaselineError(Exception):
    """The baseline file cannot be read or written; a usage problem (exit 2)."""


@dataclass(frozen=True, slots=True)
class Entry:
    code: str
    records: tuple[str, ...]
    path: str  # the finding's file, relative to the baseline's folder
    message: str
    line: int  # where the entry is written in the baseline file

    @property
    def key(self) -> tuple[str, str]:
        return _key(self.code, self.records, self.path)


def _key(name: str, records: Iterable[str], path: str) -> tuple[str, str]:
    records = sorted(records)
    return (name, ",".join(records)) if records else (name, f"file:{path}")


def _relative(path: str, folder: Path) -> str:
    return Path(os.path.relpath(Path(path).absolute(), folder.absolute())).as_posix()


@dataclass
class Baseline:
    file: Path
    entries: list[Entry]

    def apply(self, findings: list[Finding], checked: set[str], shown_as: str) -> list[Finding]:
        """Mark the findings an entry accepts; add a BASE001 for each entry, about a file that was checked
        (``checked``: paths relative to the baseline's folder), that matched nothing."""
        waiting: dict[tuple[str, str], list[Entry]] = defaultdict(list)
        for entry in self.entries:
            waiting[entry.key].append(entry)
        out = []
        for found in findings:
            if not found.acknowledged:
                matches = waiting.get(_key(found.code, found.records, _relative(found.location.path, self.file.parent)))
                if matches:
                    matches.pop(0)
                    found = replace(found, acknowledged=True, accepted_by=Acceptance("baseline", shown_as))
            out.append(found)
        stale = code("BASE001")
        for entries in waiting.values():
            for entry in entries:
                if entry.path in checked:
                    about = ", ".join(entry.records) if entry.records else entry.path
                    out.append(Finding("BASE001", stale.severity,
                                       f"baseline entry {entry.code} on {about} matches no finding any more",
                                       Location(shown_as, entry.line, 1), records=entry.records, hint=stale.hint))
        return out


def read_baseline(file: Path) -> Baseline:
    """Read a baseline written by ``write_baseline``."""
    try:
        text = file.read_text(encoding="utf-8")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{file}: cannot read the baseline: {exc}") from None
    if not isinstance(data, dict) or data.get("accord_baseline") != FORMAT_VERSION or not isinstance(
            data.get("findings"), list):
        raise BaselineError(f"{file}: not an accord baseline (write one with `accord check --write-baseline FILE`)")
    # Each entry is written on a line of its own; find those lines to point a stale entry at its place.
    lines = [number for number, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith('{"code"')]
    if len(lines) != len(data["findings"]):
        lines = [1] * len(data["findings"])
    entries = []
    for item, line in zip(data["findings"], lines, strict=True):
        if not (isinstance(item, dict) and isinstance(item.get("code"), str) and isinstance(item.get("path"), str)
                and isinstance(item.get("records"), list) and all(isinstance(r, str) for r in item["records"])):
            raise BaselineError(f"{file}:{line}: a baseline entry needs `code`, `records` and `path`")
        entries.append(Entry(item["code"], tuple(item["records"]), item["path"], str(item.get("message", "")), line))
    return Baseline(file, entries)


def write_baseline(findings: Iterable[Finding], file: Path) -> int:
    """Write every finding not acknowledged by a review into ``file``; return how many."""
    entries = sorted(
        ({"code": f.code, "records": sorted(f.records), "path": _relative(f.location.path, file.parent),
          "message": f.message} for f in findings if not f.acknowledged),
        key=lambda e: (e["path"], e["code"], e["records"], e["message"]))
    body = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in entries)
    text = f'{{\n  "accord_baseline": {FORMAT_VERSION},\n  "findings": [\n{body}{chr(10) if body else ""}  ]\n}}\n'
    try:
        file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"cannot write the baseline to {file}: {exc.strerror or exc}") from None
    return len(entries)
