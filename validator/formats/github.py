"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding, which
GitHub shows as an annotation on the file and line (in "Files changed" too, since every line carries
``line=``).

Curated text reaches the messages (field names, quotes, file names), so every value is escaped as the
runner unescapes it: ``%``, CR and LF in the message; also ``:`` and ``,`` in the properties. A message
can then never end the command and start another.
"""

from __future__ import annotations

from validator.findings import Finding
from validator.report import summary_line
from validator.run import CheckResult

__all__ = ["render_github", "escape_data", "escape_property"]

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """The workflow command for one finding; an acknowledged one is a notice, marked so in its title."""
    loc = finding.location
    command = "notice" if finding.acknowledged else _COMMAND[finding.severity]
    baselined = finding.accepted_by is not None and finding.accepted_by.kind == "baseline"
    title = finding.code + (" (baseline)" if baselined else " (acknowledged)" if finding.acknowledged else "")
    properties = [("file", loc.path), ("line", str(loc.line)), ("col", str(loc.column))]
    if loc.end_line is not None and loc.end_column is not None:
        properties += [("endLine", str(loc.end_line)), ("endColumn", str(loc.end_column))]
    properties.append(("title", title))
    message = finding.message
    if finding.related:
        message += " (also: " + ", ".join(str(other) for other in finding.related) + ")"
    if finding.hint:
        message += f"\nhint: {finding.hint}"
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{command} {joined}::{escape_data(message)}"


def render_github(result: CheckResult) -> str:
    """Every finding as an annotation, then the summary as a plain log line."""
    lines = [annotation(finding) for finding in result.findings]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"
