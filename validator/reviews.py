"""Reviews: a curator's ``review`` record acknowledges the finding of one rule on exactly its records.

An acknowledged finding is still reported, marked so, and does not fail the run. A review that matches no
finding any more is stale (the data changed, or the rule did): a warning, so that reviews never pile up
silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from validator.codes import CODES, Code, code, register
from validator.corpus import CorpusIndex
from validator.findings import Acceptance, Finding

__all__ = ["acknowledge"]

register(Code(
    "REV001", "warning", "review matches no finding (stale)",
    "delete the review, or update its `rule` and `records` to the finding it is meant for",
    """
A `review` record accepts one finding: the finding of rule `rule` whose records are exactly `records`.
When no such finding exists any more (the records were fixed, or the finding now names other records),
the review is stale and should go, so that reviews never hide a future finding by accident.

Bad (no DATE002 finding concerns exactly these records):

    kind: review
    id: review-geneva-dates
    rule: DATE002
    records: [geneva-talks-2022-01-10]

Good: copy `code` and `records` from `accord check --format json` for the finding you accept.
"""))
register(Code(
    "REV002", "error", "review names an unknown rule", "use a code that `accord rules` lists",
    """
A review's `rule` must be a code accord knows (`accord rules` lists them).

Bad: `rule: DATE999`. Good: `rule: DATE002`.
"""))


def acknowledge(findings: list[Finding], index: CorpusIndex,
                ran: Callable[[str], bool] = lambda _: True) -> list[Finding]:
    """Mark the findings that a review accepts; add a finding for each stale or broken review. A review
    of a rule that did not run (``ran``: ``--select``/``--ignore``) is not stale: nothing could match it."""
    reviews = index.by_kind.get("review", [])
    if not reviews:
        return findings
    by_key: dict[tuple[str, frozenset[str]], list[int]] = {}
    for number, entry in enumerate(reviews):
        review = entry.record
        by_key.setdefault((review.rule, frozenset(review.records)), []).append(number)
    used: set[int] = set()
    out: list[Finding] = []
    for found in findings:
        numbers = by_key.get((found.code, frozenset(found.records)))
        if numbers:
            used.update(numbers)
            review = reviews[numbers[0]].record
            found = replace(found, acknowledged=True, accepted_by=Acceptance("review", review.id, review.reason))
        out.append(found)
    for number, entry in enumerate(reviews):
        review = entry.record
        where = entry.doc.locate((entry.index, "rule"))
        if review.rule not in CODES:
            entry_code = code("REV002")
            out.append(Finding("REV002", entry_code.severity, f"review {review.id!r} names rule {review.rule}, "
                               "which accord does not have", where, records=(review.id,), hint=entry_code.hint))
        elif number not in used and ran(review.rule):
            entry_code = code("REV001")
            out.append(Finding("REV001", entry_code.severity,
                               f"review {review.id!r} accepts a {review.rule} finding on "
                               f"{', '.join(review.records)}, but there is no such finding any more",
                               where, records=(review.id,), hint=entry_code.hint))
    return out
