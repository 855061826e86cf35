"""Reports: findings as text (one per line, ``path:line:col: CODE message``, with a code frame) or JSON."""

from __future__ import annotations

import json
from typing import Any

from validator.findings import Finding
from validator.run import CheckResult

__all__ = ["render_text", "render_json", "summary_line"]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(result: CheckResult) -> str:
    counts = [_plural(result.count(s), s) for s in ("error", "warning", "info")
              if result.count(s) or s == "error"]
    checked = f"{_plural(result.records, 'record')} in {_plural(result.files, 'file')}"
    acknowledged = sum(1 for f in result.findings if f.acknowledged)
    reviewed = f" ({acknowledged} more acknowledged by reviews)" if acknowledged else ""
    if len(result.findings) == acknowledged:
        return f"All good: checked {checked}, no problems{reviewed}."
    return f"Found {', '.join(counts)} in {checked}{reviewed}."


def _frame(finding: Finding, result: CheckResult) -> list[str]:
    doc = result.documents.get(finding.location.path)
    loc = finding.location
    text = doc.line(loc.line) if doc is not None else ""
    out: list[str] = []
    if text:
        gutter = " " * len(str(loc.line))
        width = 1
        if loc.end_line == loc.line and loc.end_column and loc.end_column > loc.column:
            width = loc.end_column - loc.column
        out += [f"{gutter} |", f"{loc.line} | {text}", f"{gutter} | {' ' * (loc.column - 1)}{'^' * width}"]
    if finding.hint:
        out.append(f"{' ' * len(str(loc.line))} = hint: {finding.hint}")
    return out


def render_text(result: CheckResult, *, frames: bool = True) -> str:
    """One line per finding; with ``frames``, the offending line and a caret under it, then a blank line."""
    lines: list[str] = []
    for finding in result.findings:
        marks = ([] if finding.severity == "error" else [finding.severity]) + (
            ["acknowledged"] if finding.acknowledged else [])
        severity = f"[{', '.join(marks)}] " if marks else ""
        lines.append(f"{finding.location}: {finding.code} {severity}{finding.message}")
        if frames:
            lines.extend(_frame(finding, result))
            for other in finding.related:
                lines.append(f"{' ' * len(str(finding.location.line))} = also: {other}")
            lines.append("")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def _location(loc: Any) -> dict[str, Any]:
    return {"path": loc.path, "line": loc.line, "column": loc.column}


def render_json(result: CheckResult) -> str:
    """The stable JSON document: ``findings`` (code, severity, message, path, line, column, records, ...)
    and ``summary``. Later versions add fields, never rename these."""
    findings = [
        {
            "code": f.code,
            "severity": f.severity,
            "message": f.message,
            "path": f.location.path,
            "line": f.location.line,
            "column": f.location.column,
            "records": list(f.records),
            "hint": f.hint,
            "locations": [_location(loc) for loc in f.locations],
            "acknowledged": f.acknowledged,
        }
        for f in result.findings
    ]
    summary = {
        "files": result.files,
        "records": result.records,
        "errors": result.count("error"),
        "warnings": result.count("warning"),
        "infos": result.count("info"),
        "acknowledged": sum(1 for f in result.findings if f.acknowledged),
    }
    return json.dumps({"findings": findings, "summary": summary}, indent=2, ensure_ascii=False) + "\n"
