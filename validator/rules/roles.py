"""ROLE001: the title a source gives a person (a statement's speaker, a meeting report's
``participant_titles``) must be a role the person held at the time, and a name it ends with must be theirs.

News words titles loosely ("Russian Foreign Minister", "Kremlin Aide", "NATO Secretary-General") while the
corpus names roles formally ("Minister of Foreign Affairs", "Aide to the President of Russia"), so a title
is compared by its parts, not as text:

* words are folded (case, accents, punctuation, "Russia's" as "Russia", "U.S." as "US") and a few
  spellings unified: defence/defense, spokesman/spokeswoman/press secretary, adviser/aide/assistant,
  Secretary-General/General Secretary, ambassador/permanent representative, "foreign affairs"/"foreign";
* the **head** is the title noun that names the post (minister, president, secretary, aide, spokesperson,
  ambassador...): the last one before "of"/"to"/"for" ("Aide to the President": aide); the heads must be
  the same;
* **rank** words (deputy = vice, first, acting, assistant, under, associate, principal) must be the same
  on both sides: a deputy minister is not the minister;
* **portfolio** words the source uses (foreign, defense, prime, state, finance, trade...) must appear in
  the role's title or in the names of the role's organization ("Deputy Foreign Minister" fits "Deputy
  Minister" of the Russian Foreign Ministry); a role may say more than the source ("Foreign Minister" fits
  "Minister of Foreign Affairs and Trade");
* other words (nationality, organization, "top", "Kremlin") are qualifiers and ignored, except that a
  word naming a state (or its nationality, "Russian") or an organization's acronym ("NATO") that is not
  the speaker's state, a role's organization or what they belong to contradicts the title.

A title without a known head noun ("Russia's top diplomat", "Russian diplomat", "Kremlin official") is a
description, not a title: it is only checked for such a contradiction. "former"/"ex-" accept a role held
before the statement, "-elect"/"designate"/"incoming" one taken up after it. Role dates are open where
missing; a fuzzy date counts as held if it can overlap the statement's date.

A title may end with a name ("Foreign Minister Sergey Lavrov"): capitalised last words ending with the
surname of a person of the corpus. The name must be the person's (name or an alias, with transliterations
folded, see ``transliteration``); the rest is checked as a title.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from validator.corpus import CorpusIndex
from validator.findings import Finding
from validator.records import ValidRecord
from validator.rules.engine import Tables, finding, place, rule
from validator.rules.transliteration import fold_name, fold_word

__all__ = ["Title", "parse_title", "title_matches"]

_STOP = {"of", "the", "for", "to", "at", "on", "in", "with", "and", "a", "an"}
_PREPOSITIONS = {"of", "to", "for", "at", "in", "on", "with"}
_RANKS = {"deputy", "first", "acting", "assistant", "under", "associate", "principal"}
_TEMPORAL_BEFORE = {"former", "ex"}
_TEMPORAL_AFTER = {"elect", "designate", "incoming", "nominee"}
HEADS = {"minister", "president", "secretary", "secretary-general", "spokesperson", "aide", "ambassador",
         "chancellor", "director", "chair", "commissioner", "governor", "king", "queen", "prince", "mayor",
         "senator", "attorney-general", "administrator"}
PORTFOLIO = {"foreign", "defense", "finance", "interior", "justice", "economy", "economic", "trade", "health",
             "education", "energy", "agriculture", "culture", "transport", "environment", "labor", "state",
             "security", "intelligence", "home", "treasury", "commerce", "development", "emergency",
             "information", "press", "prime", "national", "military", "european", "eurasian", "general",
             "permanent", "internal", "external", "digital", "science", "industry", "sport", "tourism"}
_SPELLING = {"defence": "defense", "vice": "deputy", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
             "adviser": "aide", "advisor": "aide", "counsellor": "aide", "counselor": "aide",
             "chairman": "chair", "chairwoman": "chair", "chairperson": "chair", "labour": "labor",
             "undersecretary": "under secretary", "premier": "prime minister", "ex": "former",
             "emergencies": "emergency", "economics": "economy", "representative": "ambassador",
             "secretarygeneral": "secretary-general"}
_PHRASES = [(("press", "secretary"), "spokesperson"), (("press", "officer"), "spokesperson"),
            (("secretary", "general"), "secretary-general"), (("general", "secretary"), "secretary-general"),
            (("attorney", "general"), "attorney-general"), (("foreign", "affairs"), "foreign")]

# Nationality adjectives that are not the country's name plus an ending (matched to states by name).
_DEMONYMS = {"american": "united states", "british": "united kingdom", "english": "united kingdom",
             "dutch": "netherlands", "french": "france", "swiss": "switzerland", "finnish": "finland",
             "polish": "poland", "danish": "denmark", "greek": "greece", "spanish": "spain",
             "kazakh": "kazakhstan", "afghan": "afghanistan", "czech": "czechia", "slovak": "slovakia",
             "belgian": "belgium", "irish": "ireland", "icelandic": "iceland", "scottish": "united kingdom",
             "welsh": "united kingdom", "kyrgyz": "kyrgyzstan", "tajik": "tajikistan", "uzbek": "uzbekistan",
             "turkmen": "turkmenistan", "emirati": "united arab emirates", "saudi": "saudi arabia",
             "filipino": "philippines", "maltese": "malta", "cypriot": "cyprus", "lebanese": "lebanon"}
_NAMING_NOTHING = frozenset(_STOP | HEADS | PORTFOLIO | _RANKS)  # words that name no state or organization
_DEMONYM_ENDINGS = ("an", "ian", "ean", "ese", "ish", "i", "ic")


def _words(text: str) -> list[str]:
    """Fold a title into words: accents, case, apostrophes and dotted abbreviations, spellings, phrases."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[’‘`´]", "'", text)
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"\b(?:[a-z]\.){2,}", lambda m: m.group().replace(".", ""), text)
    text = re.sub(r"\bsecretary-general\b", "secretarygeneral", text)
    words = []
    for word in re.split(r"[^0-9a-z]+", text):
        if word:
            words.extend(_SPELLING.get(word, word).split())
    out: list[str] = []
    i = 0
    while i < len(words):
        for phrase, replacement in _PHRASES:
            if tuple(words[i:i + len(phrase)]) == phrase:
                out.extend(replacement.split())
                i += len(phrase)
                break
        else:
            out.append(words[i])
            i += 1
    return out


@dataclass(frozen=True)
class Title:
    """A title taken apart: head noun, rank words, portfolio words, and the words before 'of'/'to'."""

    text: str
    head: str | None
    ranks: frozenset[str]
    portfolio: frozenset[str]
    words: frozenset[str]
    front: tuple[str, ...]  # the words before the first preposition (where affiliation is named)
    temporal: frozenset[str]


@functools.lru_cache(maxsize=1 << 14)  # a corpus gives the same few titles many times; a Title is immutable
def parse_title(text: str) -> Title:
    words = _words(text)
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS and i > 0), len(words))
    front = words[:cut]
    head_at = next((i for i in range(len(front) - 1, -1, -1) if front[i] in HEADS), None)
    if head_at is None and front and front[-1] == "assistant":  # "Assistant to the President": an aide
        words[len(front) - 1] = "aide"
        head_at = len(front) - 1
    if head_at is None:  # no title noun before "of"/"to": look past it
        head_at = next((i for i in range(len(words) - 1, -1, -1) if words[i] in HEADS), None)
    head = words[head_at] if head_at is not None else None
    before = front[:head_at] if head_at is not None and head_at < len(front) else front
    ranks = frozenset(w for w in before if w in _RANKS)
    portfolio = frozenset(w for i, w in enumerate(words)
                          if i != head_at and w not in _RANKS and (w in PORTFOLIO or w in HEADS))
    temporal = frozenset(w for w in words if w in _TEMPORAL_BEFORE | _TEMPORAL_AFTER)
    return Title(text, head, ranks, portfolio, frozenset(words), tuple(front), temporal)


def title_matches(said: Title, role: Title, role_words: frozenset[str] = frozenset()) -> bool:
    """Whether a title as a source gives it fits a role's title (see the module documentation)."""
    if said.head is None or said.head != role.head or said.ranks != role.ranks:
        return False
    return said.portfolio <= role.words | role_words


# --- entities named in a title -----------------------------------------------------------------------

class _Entities:
    """Which states and organizations a title's words name, and what each belongs to."""

    def __init__(self, index: CorpusIndex) -> None:
        self.index = index
        self.by_word: dict[str, set[str]] = {}
        self.by_prefix: dict[str, set[str]] = {}
        state_names: dict[str, str] = {}
        for entry in index.by_kind.get("state", []):
            state = entry.record
            for name in (state.name, *state.aliases):
                words = _words(name)
                state_names.setdefault(" ".join(words), state.id)
                if len(words) == 1:
                    self.by_word.setdefault(words[0], set()).add(state.id)
                    if len(words[0]) >= 4:
                        self.by_prefix.setdefault(words[0][:max(4, len(words[0]) - 2)], set()).add(state.id)
        for demonym, name in _DEMONYMS.items():
            if name in state_names:
                self.by_word.setdefault(demonym, set()).add(state_names[name])
        for entry in index.by_kind.get("organization", []):
            organization = entry.record
            for name in (organization.name, *organization.aliases):
                if re.fullmatch(r"[A-Z]{2,6}", name):  # an acronym: NATO, OSCE, EU, UN
                    self.by_word.setdefault(name.casefold(), set()).add(organization.id)
        self._up: dict[str, frozenset[str]] = {}

    def named(self, word: str) -> set[str]:
        if word in _NAMING_NOTHING:
            return set()
        found = self.by_word.get(word)
        if found:
            return found
        if word.endswith(_DEMONYM_ENDINGS):
            for k in range(4, len(word)):
                if word[:k] in self.by_prefix:
                    return self.by_prefix[word[:k]]
        return set()

    def kind(self, record_id: str) -> str | None:
        entry = self.index.by_id.get(record_id)
        return entry.record.kind if entry is not None else None

    def up(self, record_id: str) -> frozenset[str]:
        """The id and everything it belongs to (part_of, state), transitively."""
        if record_id not in self._up:
            self._up[record_id] = frozenset()  # a cycle ends here
            seen, todo = {record_id}, [record_id]
            while todo:
                entry = self.index.by_id.get(todo.pop())
                if entry is None:
                    continue
                for parent in (getattr(entry.record, "part_of", None), getattr(entry.record, "state", None)):
                    if parent and parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self._up[record_id] = frozenset(seen)
        return self._up[record_id]


def _affiliations(entities: _Entities, person: Any) -> frozenset[str]:
    own = [x for x in (person.state, *(r.organization for r in person.roles)) if x]
    return frozenset().union(*(entities.up(x) for x in own)) if own else frozenset()


def _strangers(entities: _Entities, said: Title, mine: frozenset[str]) -> list[tuple[str, list[str]]]:
    """Words before 'of'/'to' naming a state or organization the person has nothing to do with. A state is
    judged only if the person's state is known (some state among what they belong to), an organization
    only if some organization is: an incomplete record is no contradiction."""
    known = {entities.kind(x) for x in mine}
    out = []
    for word in said.front:
        named = sorted(x for x in entities.named(word) if entities.kind(x) in known)
        if named and not any(entities.up(x) & mine for x in named):
            out.append((word, named))
    return out


# --- the rule ----------------------------------------------------------------------------------------

_MIN = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
_MAX = dt.datetime.max.replace(tzinfo=dt.timezone.utc)


def _role_range(role: Any) -> tuple[dt.datetime, dt.datetime]:
    start = role.start.instant_range(None)[0] if role.start is not None else _MIN
    end = role.end.instant_range(None)[1] if role.end is not None else _MAX
    return start, end


def _describe(role: Any) -> str:
    span = f"{role.start or '..'}/{role.end or '..'}" if role.start or role.end else "no dates"
    return f"{role.title!r} ({span})"


def _parts(text: str) -> list[str]:
    """A title naming two posts ("Deputy Prime Minister and Foreign Minister") is checked post by post."""
    pieces = [p for p in re.split(r",|;|&|\band\b", text) if p.strip()]
    if len(pieces) > 1 and all(parse_title(p).head for p in pieces):
        return pieces
    return [text]


def _titles_given(index: CorpusIndex) -> Iterator[tuple[ValidRecord, tuple[Any, ...], str, str, Any]]:
    """Every title a source gives a person, with where it is written: (record, path to the title, source,
    person id, the date it applies on): statement speakers, and the participants a meeting report names."""
    for entry in index.checked("statement"):
        for number, report in enumerate(entry.record.reports):
            if report.speaker_title is not None:
                yield entry, ("reports", number, "speaker_title"), report.source, entry.record.speaker, \
                    entry.record.date
    for entry in index.checked("meeting"):
        for number, report in enumerate(entry.record.reports):
            for person_id in report.participant_titles:
                yield entry, ("reports", number, "participant_titles", person_id), report.source, person_id, \
                    entry.record.date


def _check(index: CorpusIndex) -> Iterator[Finding]:
    entities = _Entities(index)
    names = _Names(index, entities)
    parsed_roles: dict[str, list[tuple[Any, Title, frozenset[str]]]] = {}
    readings: dict[tuple[str, str], tuple[list[Matched], tuple[str, int | None] | None]] = {}  # by person, title
    for entry, path, source_id, person_id, date in _titles_given(index):
        person_entry = index.by_id.get(person_id)
        if person_entry is None or person_entry.record.kind != "person":
            continue  # REF001 / REF002 report it
        person = person_entry.record
        text = _value_at(entry.record, path)
        title, name = names.split(text)
        records = (entry.record.id, source_id, person.id)
        if name is not None and not names.fits(name, person.id):
            others = sorted(names.named(name) - {person.id})
            whose = f"names {' or '.join(others)}" if others else "is not the person's name"
            yield finding("ROLE001", f"{source_id} calls {person.id} {text!r}, but {name!r} {whose} "
                          f"(the person is {' / '.join((person.name, *person.aliases))})",
                          place(entry, *path), place(person_entry, "name"), records=records)
            continue
        if not title.strip():
            continue  # a bare name
        if (person.id, title) not in readings:
            if person.id not in parsed_roles:
                parsed_roles[person.id] = [(role, parse_title(role.title), _organization_words(index, role))
                                           for role in person.roles]
            readings[person.id, title] = _read(entities, person, parsed_roles[person.id], title)
        matched, problem = readings[person.id, title]
        if matched:
            problem = _judge(matched, index.instant_range(date, entry.record),
                             f"the {entry.record.kind}'s date, {date}") or problem
        if problem is None:
            continue
        message, role_number = problem
        also = place(person_entry, "roles", role_number, "title") if role_number is not None else \
            place(person_entry, "roles" if person.roles else "id")
        yield finding("ROLE001", f"{source_id} calls {person.id} {text!r}, but {message}", place(entry, *path), also,
                      records=records)


def _value_at(record: Any, path: tuple[Any, ...]) -> str:
    value = record
    for key in path:
        value = value[key] if isinstance(key, int) or isinstance(value, dict) else getattr(value, key)
    return value


class _Names:
    """The persons' names, folded for transliteration, to read the name a title ends with ("Foreign Minister
    Sergey Lavrov") and tell whether it is the person's."""

    def __init__(self, index: CorpusIndex, entities: _Entities) -> None:
        self.entities = entities
        self.names: dict[str, list[tuple[str, ...]]] = {}
        self.by_surname: dict[str, set[str]] = {}
        self.splits: dict[str, tuple[str, str | None]] = {}
        for entry in index.by_kind.get("person", []):
            person = entry.record
            folded = [name for name in (fold_name(n) for n in (person.name, *person.aliases)) if name]
            self.names[person.id] = folded
            for name in folded:
                self.by_surname.setdefault(name[-1], set()).add(person.id)

    def _title_word(self, token: str) -> bool:
        return any(w in HEADS or w in PORTFOLIO or w in _RANKS or w in _STOP or self.entities.named(w)
                   for w in _words(token))

    def split(self, text: str) -> tuple[str, str | None]:
        """The title and the name ending it, when its capitalised last words end with the surname of a person
        of the corpus ("Foreign Minister Sergey Lavrov" -> "Foreign Minister", "Sergey Lavrov"); else
        (text, None): an unknown name cannot be told from a word of the title. Worked out once per text."""
        if text not in self.splits:
            self.splits[text] = self._split(text)
        return self.splits[text]

    def _split(self, text: str) -> tuple[str, str | None]:
        tokens = text.split()
        start = len(tokens)
        while start > 0 and tokens[start - 1][:1].isupper() and not self._title_word(tokens[start - 1]):
            start -= 1
        if start == len(tokens) or fold_word(tokens[-1]) not in self.by_surname:
            return text, None
        return " ".join(tokens[:start]), " ".join(tokens[start:])

    def named(self, name: str) -> set[str]:
        return {person_id for person_id in self.by_surname.get(fold_word(name.split()[-1]), set())
                if self.fits(name, person_id)}

    def fits(self, name: str, person_id: str) -> bool:
        """Same surname, and each given name or initial the title uses is one of the person's."""
        said = fold_name(name)
        return any(said[-1] == own[-1] and all(any(w == o or (len(w) == 1 and o.startswith(w)) for o in own[:-1])
                                               for w in said[:-1])
                   for own in self.names.get(person_id, []))


def _looked_up(record: Any) -> Iterator[str]:
    """What ROLE001 looks up in the tables for a record (``Tables``): each person given a title (the names of
    their roles' organizations are read, and what they belong to), and the title's keys (``_title_keys``)."""
    if record.kind == "statement":
        titled = [(record.speaker, report.speaker_title) for report in record.reports
                  if report.speaker_title is not None]
    elif record.kind == "meeting":
        titled = [pair for report in record.reports for pair in report.participant_titles.items()]
    else:
        return
    for person_id, text in titled:
        yield f"p:{person_id}"
        yield from _title_keys(text)


@functools.lru_cache(maxsize=1 << 14)
def _title_keys(text: str) -> tuple[str, ...]:
    """The words of a title that may name a state or an organization (those of the whole title and of each
    of its words: any part of it, or the title before a name, gives no others), and the folded last word,
    which may be a person's surname."""
    tokens = text.split()
    words = set(_words(text)).union(*map(_words, tokens))
    keys = [f"w:{word}" for word in sorted(words - _NAMING_NOTHING)]
    if tokens:
        keys.append(f"s:{fold_word(tokens[-1])}")  # letters and digits
    return tuple(keys)


_PORTFOLIO_OR_HEAD = frozenset(PORTFOLIO | HEADS)  # the words of a title's portfolio (``parse_title``)


def _answers(index: CorpusIndex) -> Any:
    """What the tables answer for ROLE001's keys: the states and organizations a word names (and what each
    belongs to), the persons of a surname with their names, the words of a person's roles' organizations'
    names that a title's portfolio may hold and what the person belongs to."""
    entities = _Entities(index)
    names = _Names(index, entities)

    def answer(key: str) -> Any:
        kind, _, value = key.partition(":")
        if kind == "w":  # with what each belongs to, which a stranger to the person does not (``_strangers``)
            return frozenset((x, entities.kind(x), entities.up(x)) for x in entities.named(value))
        if kind == "s":
            return tuple(sorted((person_id, tuple(names.names[person_id]))
                                for person_id in names.by_surname.get(value, ())))
        entry = index.by_id.get(value)
        if entry is None or entry.record.kind != "person":
            return None
        person = entry.record
        # Of an organization's words, a title reads only those that can be in its portfolio (``title_matches``).
        return (tuple(_organization_words(index, role) & _PORTFOLIO_OR_HEAD for role in person.roles),
                frozenset((x, entities.kind(x)) for x in _affiliations(entities, person)))

    return answer


def _organization_words(index: CorpusIndex, role: Any) -> frozenset[str]:
    """The words of the names of a role's organization, so that its portfolio need not be in the title."""
    entry = index.by_id.get(role.organization) if role.organization else None
    if entry is None or not hasattr(entry.record, "aliases"):
        return frozenset()
    return frozenset(w for name in (entry.record.name, *entry.record.aliases) for w in _words(name))


Matched = tuple[list[tuple[int, Any]], frozenset[str]]  # the roles (by number) a post matches; its temporal words


def _read(entities: _Entities, person: Any, roles: list[tuple[Any, Title, frozenset[str]]],
          text: str) -> tuple[list[Matched], tuple[str, int | None] | None]:
    """A title read against the person's roles, whatever the date: the roles each of its posts matches, up
    to the first post that cannot fit; and what is wrong with that one, and which role to point at (if one)."""
    mine = _affiliations(entities, person)
    matched: list[Matched] = []
    for part in _parts(text):
        said = parse_title(part)
        strangers = _strangers(entities, said, mine)
        if strangers:
            word, named = strangers[0]
            return matched, (f"{word!r} names {' or '.join(named)}, and the person's state, roles' organizations "
                             f"and what they belong to are {', '.join(sorted(mine))}", None)
        if said.head is None:
            continue  # a description ("Russia's top diplomat"), not a title
        if not roles:
            return matched, ("the person has no roles recorded to check it against: add the role", None)
        matching = [(i, role) for i, (role, title, words) in enumerate(roles) if title_matches(said, title, words)]
        if not matching:
            listed = "; ".join(repr(role.title) for role, _, _ in roles)
            return matched, (f"that matches none of the person's roles ({listed})", None)
        matched.append((matching, said.temporal))
    return matched, None


def _judge(matched: list[Matched], when: tuple[dt.datetime, dt.datetime], on: str) -> tuple[str, int | None] | None:
    """None when each post of a title (``_read``) matches a role held on the date; else what is wrong with the
    first that does not, and the role to point at."""
    for matching, temporal in matched:
        if not any(_held(role, when, temporal) for _, role in matching):
            number, role = matching[0]
            return (f"the matching role {_describe(role)} was not held on {on}", number)
    return None


def _held(role: Any, when: tuple[dt.datetime, dt.datetime], temporal: frozenset[str]) -> bool:
    start, end = _role_range(role)
    if temporal & _TEMPORAL_BEFORE:
        return start < when[1]
    if temporal & _TEMPORAL_AFTER:
        return when[0] < end
    return start < when[1] and when[0] < end


@rule("ROLE001", "warning",
      "a title given a speaker or participant is not a role held at the time, or names another person",
      "fix the speaker (or participant), the record's date or the person's roles (title, start, end); or review it",
      """
A statement report's `speaker_title` (the title the source gives the speaker), and each title of a meeting
report's `participant_titles` ({person id: title}), must match one of the person's `roles`, and that role
must have been held on the statement's (meeting's) date (role `start`/`end`, open
where missing; fuzzy dates count if they can overlap). Matching is by parts, to fit how news words
titles: case, accents, punctuation and word order do not matter ("Russian Foreign Minister" fits
"Minister of Foreign Affairs"); the head noun (minister, president, secretary, aide, spokesperson...)
must be the same, with common variants unified (spokesman = press secretary, aide = adviser = assistant,
Secretary-General, defence = defense, ambassador = permanent representative); rank words must be the same
(a "Deputy" or "Vice" minister is not the minister; "First Deputy" is not "Deputy"); portfolio words
(foreign, defense, prime, state...) must appear in the role's title or its organization's names;
nationality and organization prefixes ("Russian", "NATO", "US", "Kremlin") are ignored unless they name a
state or organization the speaker has nothing to do with. A description without a title noun ("Russia’s
top diplomat") is checked only for that contradiction. "former" and "-elect" shift the date test.
A name the title ends with ("Foreign Minister Sergey Lavrov"; recognised when its last word is the surname
of a person of the corpus) must be the person's name or an alias, transliterations folded (Sergei =
Sergey, Yuri = Yury, Dmitri = Dmitriy, Alexei = Aleksey, ë = e); a name of someone else is reported.

Bad (Lavrov was never a deputy minister):

    kind: statement
    speaker: lavrov-sergei
    date: '2022-01-14'
    reports:
      - source: vpk-ria-2022-01-14-lavrov-balance-of-interests
        speaker_title: Russian Deputy Foreign Minister

Good: `speaker_title: Russian Foreign Minister` (his role: Minister of Foreign Affairs, from 2004-03-09).

Bad (the words are Biden's, the record says Putin's; the title fits a president, the name does not):

    kind: statement
    speaker: putin-vladimir
    reports:
      - source: harbour-2022-02-12-biden-putin-call
        speaker_title: President Joe Biden

Good: `speaker: biden-joe`. Also good: `speaker_title: Foreign Minister Sergey Lavrov` for the person
named Sergei Lavrov. For a meeting report: `participant_titles: {putin-vladimir: Russian President}`
(bad: `{macron-emmanuel: French Prime Minister}` for President Macron).
""", scope="record", tables=Tables(_looked_up, _answers))
def speaker_title(index: CorpusIndex) -> Iterable[Finding]:
    return list(_check(index))
