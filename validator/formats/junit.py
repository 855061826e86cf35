"""JUnit XML, as CI test reports (Jenkins, GitLab, Azure, test-reporter actions) read it: one test suite,
one test case per file checked, named by its path. A finding belongs to the case of the file it points
at, or, when that file was not checked (only the other side of a clash was), to the checked file it
involves.

A finding that fails the run (an error, or with ``--strict`` a warning too) is a ``<failure>`` of its
case, ``type`` its code, ``message`` its message, the text ``path:line:col: CODE message`` and the hint.
Other findings (warnings, infos, acknowledged ones) do not fail the case: they are listed in its
``<system-out>``, one ``path:line:col: CODE [severity] message`` line each. The document validates
against the widely used JUnit XSD of Jenkins' xUnit plugin (junit-10.xsd).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from validator.findings import Finding
from validator.run import CheckResult

__all__ = ["render_junit"]

# Characters XML 1.0 cannot hold at all; curated text never should, but a message must not break the file.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _fails(finding: Finding, strict: bool) -> bool:
    return not finding.acknowledged and (finding.severity == "error" or (strict and finding.severity == "warning"))


def _line(finding: Finding) -> str:
    marks = [finding.severity] + (["acknowledged"] if finding.acknowledged else [])
    return f"{finding.location}: {finding.code} [{', '.join(marks)}] {finding.message}"


def render_junit(result: CheckResult, files: tuple[str, ...] = (), *, strict: bool = False) -> str:
    """The JUnit document: a case for each of ``files`` (and for any other file a finding points at)."""
    by_file: dict[str, list[Finding]] = {path: [] for path in files}
    for finding in result.findings:
        # the case of the file it points at, else of the first checked file it involves (a file checked
        # against the whole corpus can clash with one that was not checked), else a case of its own
        case = next((loc.path for loc in finding.locations if loc.path in by_file), finding.location.path)
        by_file.setdefault(case, []).append(finding)
    failures = sum(1 for found in by_file.values() if any(_fails(f, strict) for f in found))
    counts = {"tests": str(len(by_file)), "failures": str(failures), "errors": "0"}
    suites = ET.Element("testsuites", name="accord", **counts)
    suite = ET.SubElement(suites, "testsuite", name="accord check", skipped="0", **counts)
    for path, found in by_file.items():
        case = ET.SubElement(suite, "testcase", name=_clean(path), classname="accord")
        for finding in found:
            if _fails(finding, strict):
                failure = ET.SubElement(case, "failure", type=finding.code, message=_clean(finding.message))
                text = f"{finding.location}: {finding.code} {finding.message}"
                text += "".join(f"\nalso: {other}" for other in finding.related)
                failure.text = _clean(text + (f"\nhint: {finding.hint}" if finding.hint else ""))
        others = [_line(f) for f in found if not _fails(f, strict)]
        if others:
            ET.SubElement(case, "system-out").text = _clean("\n".join(others))
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
