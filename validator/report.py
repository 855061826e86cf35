"""Reports: findings as text (one per line, ``path:line:col: CODE message``, with a code frame) or JSON;
``render`` picks any format, the CI ones (SARIF, GitHub annotations, JUnit) living in ``validator.formats``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from validator.findings import Finding

if TYPE_CHECKING:  # the CLI imports FORMATS at start-up: the pipeline is imported only to check
    from validator.run import CheckResult

__all__ = ["FORMATS", "ReportOptions", "render", "render_text", "render_json", "summary_line"]

#: Every report format ``accord check --format`` knows.
FORMATS = ("full", "concise", "json", "sarif", "github", "junit")


@dataclass(frozen=True)
class ReportOptions:
    """What a report needs besides the findings: the run's strictness, colour, the files checked."""

    strict: bool = False  # warnings fail the run too (JUnit counts them as failures)
    color: bool = False  # ANSI colour in the text formats
    files: tuple[str, ...] = ()  # every file checked, as shown (JUnit has one test case per file)


def render(result: CheckResult, fmt: str, options: ReportOptions = ReportOptions()) -> str:
    """The report of ``result`` in format ``fmt`` (one of ``FORMATS``)."""
    if fmt in ("full", "concise"):
        return render_text(result, frames=fmt == "full", color=options.color)
    if fmt == "json":
        return render_json(result)
    if fmt == "sarif":
        from validator.formats.sarif import render_sarif
        return render_sarif(result)
    if fmt == "github":
        from validator.formats.github import render_github
        return render_github(result)
    if fmt == "junit":
        from validator.formats.junit import render_junit
        return render_junit(result, options.files, strict=options.strict)
    raise ValueError(f"unknown report format {fmt!r}")


_STYLE = {"error": "31;1", "warning": "33;1", "info": "36;1", "bold": "1", "dim": "2", "hint": "36", "ok": "32;1"}


def _paint(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_STYLE[style]}m{text}\x1b[0m" if color and text else text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(result: CheckResult) -> str:
    counts = [_plural(result.count(s), s) for s in ("error", "warning", "info")
              if result.count(s) or s == "error"]
    checked = f"{_plural(result.records, 'record')} in {_plural(result.files, 'file')}"
    acknowledged = sum(1 for f in result.findings if f.acknowledged)
    baselined = sum(1 for f in result.findings if f.accepted_by is not None and f.accepted_by.kind == "baseline")
    parts = [f"{acknowledged - baselined} more acknowledged by reviews"] if acknowledged > baselined else []
    parts += [f"{baselined} more in the baseline"] if baselined else []
    reviewed = f" ({', '.join(parts)})" if parts else ""
    if len(result.findings) == acknowledged:
        return f"All good: checked {checked}, no problems{reviewed}."
    return f"Found {', '.join(counts)} in {checked}{reviewed}."


def _marks(finding: Finding) -> list[str]:
    """The words in brackets after the code: the severity unless an error, and why it is acknowledged."""
    marks = [] if finding.severity == "error" else [finding.severity]
    if finding.acknowledged:
        kind = finding.accepted_by.kind if finding.accepted_by is not None else "review"
        marks.append("baseline" if kind == "baseline" else "acknowledged")
    return marks


def _frame(finding: Finding, result: CheckResult, color: bool = False) -> list[str]:
    doc = result.documents.get(finding.location.path)
    loc = finding.location
    text = doc.line(loc.line) if doc is not None else ""
    out: list[str] = []
    if text:
        gutter = " " * len(str(loc.line))
        width = 1
        if loc.end_line == loc.line and loc.end_column and loc.end_column > loc.column:
            width = loc.end_column - loc.column
        bar = _paint("|", "dim", color)
        caret = _paint("^" * width, finding.severity, color)
        out += [f"{gutter} {bar}", f"{_paint(str(loc.line), 'dim', color)} {bar} {text}",
                f"{gutter} {bar} {' ' * (loc.column - 1)}{caret}"]
    if finding.hint:
        out.append(f"{' ' * len(str(loc.line))} {_paint('= hint:', 'hint', color)} {finding.hint}")
    return out


def render_text(result: CheckResult, *, frames: bool = True, color: bool = False) -> str:
    """One line per finding; with ``frames``, the offending line and a caret under it, then a blank line.
    With ``color``, ANSI colours (the code by severity; acknowledged findings dimmed)."""
    lines: list[str] = []
    for finding in result.findings:
        marks = _marks(finding)
        severity = f"[{', '.join(marks)}] " if marks else ""
        style = "dim" if finding.acknowledged else finding.severity
        lines.append(f"{_paint(str(finding.location), 'bold', color)}: {_paint(finding.code, style, color)} "
                     f"{severity}{finding.message}")
        if frames:
            lines.extend(_frame(finding, result, color))
            for other in finding.related:
                lines.append(f"{' ' * len(str(finding.location.line))} = also: {other}")
            lines.append("")
    summary = summary_line(result)
    lines.append(_paint(summary, "error" if result.count("error") else "ok", color))
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
            "end_line": f.location.end_line,
            "end_column": f.location.end_column,
            "accepted_by": None if f.accepted_by is None else {
                "kind": f.accepted_by.kind, "id": f.accepted_by.source, "reason": f.accepted_by.reason},
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
