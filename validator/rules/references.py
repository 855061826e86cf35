"""REF rules: every id a record uses names a record that exists, of a kind that fits the field.

The fields that hold ids, and the kinds each accepts, are listed once (``FIELDS``); the checks walk them
with one dictionary look-up per id (places are built only for a record with an id that does not fit),
so the cost grows linearly with the corpus. An id that some item declares but whose record failed its
schema is not reported again: its own errors say what is wrong.
"""

from __future__ import annotations

import difflib
import heapq
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from operator import attrgetter
from typing import Any

from validator.corpus import EVENT_KINDS, CorpusIndex
from validator.findings import Finding, Location
from validator.records import ValidRecord, field_label
from validator.rules.engine import SharedPass, finding, place, rule

__all__ = ["FIELDS", "did_you_mean", "ids_named", "references", "reference_kinds"]

ACTOR = ("person", "organization", "state")
SUBJECT = ("meeting", "proposal", "statement", "person", "organization", "state")  # what `about` may name
ORG_OR_STATE = ("organization", "state")
EVENT = EVENT_KINDS  # what a statement `previews`

#: For each record kind: (field, kinds it may name, whether it holds many: a list, or a mapping keyed by
#: ids). Report fields start "reports.".
FIELDS: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {
    "source": [("publisher", ("organization",), False), ("reprint_of", ("organization",), False)],
    "person": [("state", ("state",), False), ("roles.organization", ORG_OR_STATE, False)],
    "organization": [("part_of", ORG_OR_STATE, False), ("state", ("state",), False)],
    "meeting": [("participants", ACTOR, True), ("about", SUBJECT, True), ("part_of", ("meeting",), False),
                ("responds_to", SUBJECT, True), ("reports.source", ("source",), False),
                ("reports.participants", ACTOR, True), ("reports.participant_titles", ("person",), True)],
    "proposal": [("proposer", ACTOR, False), ("addressees", ACTOR, True), ("submitted_to", ("person",), False),
                 ("reports.source", ("source",), False)],
    "statement": [("speaker", ("person",), False), ("meeting", ("meeting",), False), ("audience", ACTOR, True),
                  ("about", SUBJECT, True), ("responds_to", SUBJECT, True), ("previews", EVENT, True),
                  ("reports.source", ("source",), False)],
}

_KEYED = {"participant_titles"}  # fields that are mappings keyed by ids: the key is located, not the value

_ARTICLE = {kind: ("an " if kind[0] in "aeiou" else "a ") + kind for kind in
            ("source", "person", "organization", "state", "meeting", "proposal", "statement", "review")}


def _expected(kinds: tuple[str, ...]) -> str:
    if kinds == ACTOR:
        return "an actor (a person, organization or state)"
    if kinds == SUBJECT:
        return "a meeting, proposal, statement or actor"
    names = [_ARTICLE[k] for k in kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _uses(record: Any) -> Iterator[tuple[tuple[Any, ...], str, tuple[str, ...]]]:
    """Every id the record uses: (where inside the record, the id, the kinds it may name). An id that is a
    mapping's key (``participant_titles``) has the key itself as the last step of its place."""
    for name, kinds, many in FIELDS.get(record.kind, []):
        head, _, tail = name.partition(".")
        if tail:  # a field of each element of a list: reports.source, roles.organization...
            for number, item in enumerate(getattr(record, head)):
                yield from _values(getattr(item, tail), (head, number, tail), kinds, many)
        else:
            yield from _values(getattr(record, head), (head,), kinds, many)


def _values(value: Any, loc: tuple[Any, ...], kinds: tuple[str, ...],
            many: bool) -> Iterator[tuple[tuple[Any, ...], str, tuple[str, ...]]]:
    if value is None:
        return
    if many:
        for number, item in enumerate(value):
            yield (*loc, item if isinstance(value, dict) else number), item, kinds
    else:
        yield loc, value, kinds


Getter = Callable[[Any], Any]


def _plan(name: str, kinds: tuple[str, ...], many: bool) -> tuple[Getter, Getter | None, tuple[str, ...], bool]:
    """A field of ``FIELDS`` as ``_ids_in`` reads it: a getter of the field, a getter of the field of each
    of its elements (reports.source) or None, the kinds, whether a list."""
    head, _, tail = name.partition(".")
    return attrgetter(head), attrgetter(tail) if tail else None, kinds, many


_PLANS = {kind: [_plan(*field) for field in fields] for kind, fields in FIELDS.items()}
_CHUNK = 256  # records whose ids ``_check`` tests at once (one by one in a chunk with an id that does not fit)


def _ids_in(records: Iterable[Any], head: Getter, tail: Getter | None, many: bool) -> Iterable[str | None]:
    """The ids a field of ``_PLANS`` holds in ``records`` (an absent single id as None), read by iterators in C."""
    values = map(head, records)
    if tail is not None:
        values = map(tail, chain.from_iterable(values))
    return chain.from_iterable(values) if many else values


def ids_named(records: Iterable[Any]) -> set[str]:
    """Every id that ``records`` name in the fields of ``FIELDS`` (what an incremental run follows): each
    field read over all the records of its kind at once (one field of one record at a time, a file's
    facts took a tenth of the per-file stage of a cached run)."""
    of_kind: dict[str, list[Any]] = {}
    for record in records:
        of_kind.setdefault(record.kind, []).append(record)
    named: set[str | None] = set()
    for kind, those in of_kind.items():
        for head, tail, _, many in _PLANS.get(kind, ()):
            named.update(_ids_in(those, head, tail, many))
    named.discard(None)
    return named  # type: ignore[return-value]


def _all_fit(records: list[Any], fields: list[tuple[Getter, Getter | None, Callable[[Iterable[str | None]], bool],
                                                    bool]]) -> bool:
    """Whether every id that ``records`` (of one kind) use names a record of a kind its field accepts: one
    set test in C per field (``fields`` as ``_PLANS``, with a test of the kinds a field accepts, ``_fits``,
    in their place), no places built (``_uses`` builds them for the rare record that fails this)."""
    return all(fits(_ids_in(records, head, tail, many)) for head, tail, fits, many in fields)


_CUTOFF = 0.6
_PREFILTER_FROM = 20  # below this many choices, difflib alone is as fast
_FIRST_NEAREST = 64  # rapidfuzz's nearest choices difflib looks at first (all of them, if these do not settle it)


def did_you_mean(word: str, choices: list[str]) -> str:
    """' (did you mean ...?)' with the nearest of ``choices`` (and any as near as it), or ''.

    difflib decides, among the few choices that rapidfuzz (in C) finds may be among its nearest three:
    rapidfuzz's ratio counts the longest common subsequence, which no set of difflib's matching blocks
    exceeds, so its ratio bounds difflib's from above, and the answer is the same as difflib's over every
    choice."""
    if len(choices) > _PREFILTER_FROM:
        from rapidfuzz import fuzz, process  # here: only a run with unknown ids pays for the import

        near, settled = None, False
        for limit in (_FIRST_NEAREST, None):  # the nearest few, and all of them if those do not settle it
            ranked = process.extract(word, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=_CUTOFF * 100 - 1e-6)
            near, settled = _may_be_nearest(word, ranked)
            if settled or limit is None or len(ranked) < limit:
                break
        choices = near
    close = difflib.get_close_matches(word, choices, n=3, cutoff=_CUTOFF)
    if not close:
        return ""
    scores = [difflib.SequenceMatcher(None, word, c).ratio() for c in close]
    close = [c for c, score in zip(close, scores, strict=True) if score >= scores[0] - 0.05]
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)"


def _may_be_nearest(word: str, ranked: list[tuple[str, float, int]]) -> tuple[list[str], bool]:
    """The choices (``ranked`` by rapidfuzz's ratio, the highest first) that may be among difflib's three
    nearest: those before the bound falls below the third-best ratio difflib gives the choices before it;
    and whether it did fall (no choice ranked lower can be among them). Among many ids alike
    (``mtg-0012345``) difflib then compares some dozens, not all of them (at 75k ids: 367 ms a word)."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)  # as get_close_matches compares
    best: list[float] = []  # the three best ratios so far, the lowest first
    kept = []
    for choice, bound, _ in ranked:
        if len(best) == 3 and bound / 100 + 1e-9 < best[0]:
            return kept, True
        matcher.set_seq1(choice)
        kept.append(choice)
        ratio = matcher.ratio()
        if len(best) < 3:
            heapq.heappush(best, ratio)
        elif ratio > best[0]:
            heapq.heapreplace(best, ratio)
    return kept, False


class _Suggest:
    """"Did you mean" among the existing ids of the kinds a field accepts. The lists are built once per
    set of kinds, and each answer is kept: an unknown id is often used many times. Among many ids, only
    those with the same first character are compared (a typo rarely changes the first letter), so that a
    check of part of a large corpus, where many ids are unknown, stays fast."""

    _LARGE = 2000

    def __init__(self, index: CorpusIndex) -> None:
        self.index = index
        self.choices: dict[tuple[str, ...], dict[str, list[str]]] = {}
        self.answers: dict[tuple[str, tuple[str, ...]], str] = {}

    def __call__(self, word: str, kinds: tuple[str, ...]) -> str:
        key = (word, kinds)
        if key not in self.answers:
            if kinds not in self.choices:
                by_first: dict[str, list[str]] = {"": []}
                for kind in kinds:
                    for record_id in self.index.ids_of(kind):
                        by_first[""].append(record_id)
                        by_first.setdefault(record_id[:1], []).append(record_id)
                self.choices[kinds] = by_first
            every = self.choices[kinds][""]
            pool = every if len(every) <= self._LARGE else self.choices[kinds].get(word[:1], [])
            self.answers[key] = did_you_mean(word, pool)
        return self.answers[key]


class _OnFirstUse:
    """A set of ids made at its first question: most runs ask none, and an incremental run then loads no
    record for it."""

    def __init__(self, make: Callable[[], set[str]]) -> None:
        self.make, self.table = make, None

    def __contains__(self, key: str) -> bool:
        if self.table is None:
            self.table = self.make()
        return key in self.table


def _fits(kinds: tuple[str, ...], of_kind: dict[str, set[str | None]],
          known: Iterable[str]) -> Callable[[Iterable[str | None]], bool]:
    """A test (in C) of whether ids all name records of ``kinds`` (None, an absent single id, fits): the set
    of the ids of those kinds (``of_kind``, each with None), or where they are most of the ``known`` ids,
    the set of the other kinds' ids, which they must avoid: no set of most of the ids is built again (at
    1M records, the events' and the subjects' took 130 MB)."""
    sets = [of_kind.get(kind, {None}) for kind in kinds]
    if len(sets) == 1:
        return sets[0].issuperset
    if 2 * sum(map(len, sets)) <= len(known):
        return set().union(*sets).issuperset
    others = set().union(*(ids for kind, ids in of_kind.items() if kind not in kinds))
    others.discard(None)

    def fits(ids: Iterable[str | None]) -> bool:
        named = set(ids)
        named.discard(None)
        return named.isdisjoint(others) and known >= named  # type: ignore[operator]

    return fits


def _check(index: CorpusIndex) -> Iterator[Finding]:
    declared = _OnFirstUse(lambda: {raw for raw, _, _ in index.declared()})  # valid records or not
    suggest = _Suggest(index)
    by_id = index.by_id
    # Only the ids the records checked name are tested: all of them, or in a focused index (an incremental
    # run) those of a few records.
    named = None if index.focus is None else ids_named(entry.record for kind in _PLANS for entry in index.checked(kind))
    of_kind: dict[str, set[str | None]] = index.ids_by_kind(named)  # type: ignore[assignment]
    for ids in of_kind.values():
        ids.add(None)
    known = by_id.keys() if named is None else set().union(*of_kind.values()) - {None}
    fitting = {kinds: _fits(kinds, of_kind, known)
               for kinds in {kinds for plan in _PLANS.values() for _, _, kinds, _ in plan}}
    for kind, plan in _PLANS.items():
        fields = [(head, tail, fitting[kinds], many) for head, tail, kinds, many in plan]
        entries = index.checked(kind)
        for start in range(0, len(entries), _CHUNK):
            chunk = entries[start:start + _CHUNK]
            fit = _all_fit([entry.record for entry in chunk], fields)  # the common case: every id fits
            if fit and kind != "proposal":
                continue
            for entry in chunk:
                record = entry.record
                if not fit and not _all_fit([record], fields):  # the rare record with an id that does not fit
                    for loc, target_id, kinds in _uses(record):
                        target = by_id.get(target_id)
                        if target is None or target.record.kind not in kinds:
                            yield from _one(index, entry, loc, target_id, kinds, declared, suggest)
                if kind == "proposal":
                    yield from _provisions(index, entry)


def _one(index: CorpusIndex, entry: ValidRecord, loc: tuple[Any, ...], target_id: str, kinds: tuple[str, ...],
         declared: _OnFirstUse, suggest: _Suggest) -> Iterator[Finding]:
    record = entry.record
    target = index.by_id.get(target_id)
    keyed = len(loc) > 1 and loc[-2] in _KEYED
    field = field_label(loc[:-1] if keyed else loc)

    def where() -> Location:  # placed only for a finding: a record naming an invalid one has none
        return entry.doc.locate((entry.index, *loc), key=True) if keyed else place(entry, *loc)

    if target is None:
        proposal = index.proposal_of(target_id) if "proposal" in kinds else None
        if proposal is not None:
            yield finding("REF002", f"`{field}` names {target_id!r}, a provision of proposal "
                                    f"{proposal!r}; expected {_expected(kinds)}: name the proposal",
                          where(), records=(record.id, proposal))
        elif target_id not in declared:  # declared but invalid: that record's own errors say why
            yield finding("REF001", f"`{field}` names {target_id!r}, which no record has{suggest(target_id, kinds)}",
                          where(), records=(record.id,))
        return
    found = target.record.kind
    if found not in kinds:
        yield finding("REF002", f"`{field}` names {target_id!r}, {_ARTICLE[found]}; expected {_expected(kinds)}"
                                f"{suggest(target_id, kinds)}",
                      where(), place(target, "kind"), records=(record.id, target_id))


def _provisions(index: CorpusIndex, entry: ValidRecord) -> Iterator[Finding]:
    proposal = entry.record
    own = [p.id for p in proposal.provisions]
    own_set = set(own)
    for number, report in enumerate(proposal.reports):
        for item, provision_id in enumerate(report.provisions):
            if provision_id in own_set:
                continue
            elsewhere = index.proposal_of(provision_id)
            if elsewhere is not None:
                why = f"a provision of proposal {elsewhere!r}, not of this one"
            else:
                why = f"which is not among this proposal's provisions{did_you_mean(provision_id, own)}"
            yield finding("REF001", f"`reports[{number}].provisions[{item}]` names {provision_id!r}, {why}",
                          place(entry, "reports", number, "provisions", item),
                          records=(proposal.id, *((elsewhere,) if elsewhere else ())))


_REFERENCES = SharedPass(_check)  # REF001 and REF002 come from one pass


@rule("REF001", "error", "unknown id", "fix the spelling (see 'did you mean'), or add the record it names", """
Every id a record uses must be the id of a record in the corpus: a source's `publisher` and `reprint_of`;
a person's `state` and `roles[].organization`; an organization's `part_of` and `state`; a meeting's
`participants`, `about`, `part_of` and `responds_to`; a proposal's `proposer`, `addressees` and
`submitted_to`; a statement's `speaker`, `meeting`, `audience`, `about`, `responds_to` and `previews`;
every report's `source` and `participants`; and the keys of a meeting report's `participant_titles`. A
proposal report's `provisions` must be ids of that proposal's own provisions. The message suggests the nearest existing ids of a kind that fits the field. An id whose
record exists but is invalid is not reported here: that record's own errors are.

Bad:

    kind: statement
    id: lavrov-2022-01-14-balance-of-interests
    speaker: lavrov-sergey        # the person's id is lavrov-sergei

Good: `speaker: lavrov-sergei`.
""", scope="record")
def references(index: CorpusIndex) -> Iterable[Finding]:
    return _REFERENCES.findings(index, "REF001")


@rule("REF002", "error", "id of the wrong kind of record",
      "name a record of the kind the field expects (the message says which)", """
An id must name a record of the kind its field expects: `speaker`, `submitted_to` and the keys of
`participant_titles` a person; `publisher` and `reprint_of` an organization; a report's `source` a
source; `participants`, `proposer`, `addressees` and `audience` an actor (person, organization or state);
`meeting` and a meeting's `part_of` a meeting; `roles[].organization` and an organization's `part_of` an
organization or a state; `state` a state; `previews` a meeting, proposal or statement. `about` and
`responds_to` may name meetings, proposals, statements and actors, but not a source
(cite it in a report instead), a review, or a provision (name its proposal).

Bad:

    kind: statement
    speaker: russian-foreign-ministry   # an organization: a statement's speaker is a person

Good: `speaker: lavrov-sergei`, and `audience` or `about` for the ministry if needed.
""", scope="record")
def reference_kinds(index: CorpusIndex) -> Iterable[Finding]:
    return _REFERENCES.findings(index, "REF002")


@rule("REF003", "warning", "title given to someone who is not a participant",
      "add the person to the report's or the meeting's `participants`, or drop the title", """
The keys of a meeting report's `participant_titles` are the participants that source names with their
titles. A key that is neither among that report's `participants` nor among the meeting's is a slip: a
title copied from another report, or a participant left out of the list.

Bad:

    participants: [putin-vladimir, biden-joe]
    reports:
    - source: tass-2021-12-31
      participant_titles: {lavrov-sergei: Foreign Minister}   # not a participant of the call

Good: add `lavrov-sergei` to `participants` (of the meeting or of the report) if he took part, else
drop the title.
""", scope="record")
def titled_outsiders(index: CorpusIndex) -> Iterable[Finding]:
    for entry in index.checked("meeting"):
        meeting = entry.record
        for number, report in enumerate(meeting.reports):
            for person_id in report.participant_titles:
                person = index.by_id.get(person_id)
                if person is None or person.record.kind != "person":
                    continue  # REF001 / REF002
                if person_id in report.participants or person_id in meeting.participants:
                    continue
                where = entry.doc.locate((entry.index, "reports", number, "participant_titles", person_id), key=True)
                yield finding("REF003", f"{report.source} gives {person_id} a title in `reports[{number}]."
                                        "participant_titles`, but they are not among the report's or the meeting's "
                                        "participants",
                              where, place(entry, "participants"), records=(meeting.id, report.source, person_id))
