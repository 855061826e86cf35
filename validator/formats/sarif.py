"""SARIF 2.1.0, as GitHub code scanning and SARIF viewers read it: one run, every accord code as a rule
with its documentation, each finding a result whose fingerprint survives edits elsewhere in the file."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import quote

from validator import __version__
from validator.findings import Finding, Location
from validator.run import CheckResult

__all__ = ["render_sarif", "fingerprint", "SARIF_SCHEMA"]

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "accordFinding/v1"


def _rule(entry: Any) -> dict[str, Any]:
    doc = entry.doc.strip()
    first_paragraph = doc.split("\n\n", 1)[0].replace("\n", " ") if doc else entry.summary
    help_text = f"{doc}\n\nFix: {entry.hint}" if doc else f"Fix: {entry.hint}"
    family = entry.code.rstrip("0123456789")
    return {
        "id": entry.code,
        "name": entry.code,
        "shortDescription": {"text": entry.summary},
        "fullDescription": {"text": first_paragraph},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": _LEVEL[entry.severity]},
        "properties": {"tags": [family]},
    }


def _uri(path: str) -> dict[str, Any]:
    """A relative path stays relative to the working directory (%SRCROOT%); an absolute one is a file URI."""
    if Path(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(Path(path).as_posix()), "uriBaseId": "%SRCROOT%"}


def _physical(loc: Location) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": max(loc.line, 1), "startColumn": max(loc.column, 1)}
    if loc.end_line is not None and loc.end_column is not None and (loc.end_line, loc.end_column) > (
            region["startLine"], region["startColumn"]):
        region.update(endLine=loc.end_line, endColumn=loc.end_column)
    return {"physicalLocation": {"artifactLocation": _uri(loc.path), "region": region}}


def _identity(finding: Finding) -> str:
    """What makes a finding the same one across runs: its code and records (a file-level finding, which
    names no record, its file), never its line."""
    about = ",".join(sorted(finding.records)) if finding.records else f"file:{finding.location.path}"
    return f"{finding.code}|{about}"


def fingerprint(finding: Finding, occurrence: int = 0) -> str:
    """A stable hash of the finding's identity; ``occurrence`` tells apart findings of one identity."""
    return hashlib.sha256(f"{_identity(finding)}|{occurrence}".encode()).hexdigest()[:32]


def _suppression(finding: Finding) -> list[dict[str, Any]]:
    accepted = finding.accepted_by
    if accepted is None:
        justification = "acknowledged by a review record"
    elif accepted.kind == "review":
        justification = f"review {accepted.source}: {accepted.reason}".strip()
    else:
        justification = f"in the baseline {accepted.source}"
    return [{"kind": "external", "status": "accepted", "justification": justification}]


def render_sarif(result: CheckResult) -> str:
    """The SARIF log of a check: a JSON document, and nothing else, on its own."""
    from validator.cli import _all_codes

    codes = _all_codes()
    index = {name: number for number, name in enumerate(codes)}
    seen: Counter[str] = Counter()
    results = []
    for finding in result.findings:
        identity = _identity(finding)
        entry: dict[str, Any] = {
            "ruleId": finding.code,
            "level": _LEVEL[finding.severity],
            "message": {"text": finding.message + (f" (hint: {finding.hint})" if finding.hint else "")},
            "locations": [_physical(finding.location)],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, seen[identity])},
        }
        seen[identity] += 1
        if finding.code in index:
            entry["ruleIndex"] = index[finding.code]
        if finding.related:
            entry["relatedLocations"] = [{"id": number, **_physical(loc), "message": {"text": "also involved"}}
                                         for number, loc in enumerate(finding.related)]
        if finding.records:
            entry["properties"] = {"records": list(finding.records)}
        if finding.acknowledged:
            entry["suppressions"] = _suppression(finding)
        results.append(entry)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "accord", "version": __version__, "semanticVersion": __version__,
                                "rules": [_rule(entry) for entry in codes.values()]}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
