"""The law of incremental runs: after any sequence of edits, a run with the cache reports exactly what a
full run reports, while the rules of records check again only the files an edit can reach.

The edits are those a curator makes: a file deleted or copied, an id renamed, a reference pointed at
another record, a date moved, a record broken, a source's text changed or deleted, a comment added, a quote
given to another statement, an id that looks like another; hypothesis chains them on the curated corpus and on
the detection corpus (whose planted findings exercise the rules). Those that change what a rule of
``scope="corpus"`` reads (dates, quotes, ids) test that its last findings are kept only while they stand.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from validator.cache import FileCache, settings_salt
from validator.guards import Limits
from validator.rules import RULES
from validator.run import CheckResult, check, discover

REPO = Path(__file__).resolve().parents[1]
CORPORA = {"curated": REPO / "corpus_yaml", "detection": REPO / "tests" / "detection_corpus" / "corpus"}

_ID = re.compile(r"^(?:- )?id: ([a-z0-9_-]+)$", re.MULTILINE)
_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def _yaml(root: Path) -> list[Path]:
    return sorted(root.rglob("*.yaml"))


def _run(root: Path, cache_dir: Path) -> tuple[CheckResult, CheckResult]:
    """A run with the cache (which it updates) and a full run, over the corpus as it is now."""
    targets = discover([root], root, (".yaml",))
    return check(targets, cache=FileCache(cache_dir, settings_salt(Limits()))), check(targets)


def _same(root: Path, cache_dir: Path) -> CheckResult:
    cached, full = _run(root, cache_dir)
    assert cached.findings == full.findings
    assert cached.records == full.records
    return cached


# --- edits: each picks its target with ``draw`` and returns what it did, for the failure report --------

def _delete(root: Path, draw: Callable) -> str:
    path = draw(st.sampled_from(_yaml(root)))
    path.unlink()
    return f"deleted {path.name}"


def _copy(root: Path, draw: Callable) -> str:
    path = draw(st.sampled_from(_yaml(root)))
    shutil.copy(path, path.with_name("copy-" + path.name))
    return f"copied {path.name}"


def _rename_id(root: Path, draw: Callable) -> str:
    path = draw(st.sampled_from(_yaml(root)))
    text = path.read_text(encoding="utf-8")
    found = _ID.findall(text)
    if not found:
        return "nothing"
    old = draw(st.sampled_from(found))
    path.write_text(text.replace(f"id: {old}\n", f"id: {old}-renamed\n", 1), encoding="utf-8")
    return f"renamed {old} in {path.name}"


def _retarget(root: Path, draw: Callable) -> str:
    """Point one use of an id at another record's id (possibly of another kind)."""
    every = sorted({i for p in _yaml(root) for i in _ID.findall(p.read_text(encoding="utf-8"))})
    path = draw(st.sampled_from(_yaml(root)))
    text = path.read_text(encoding="utf-8")
    uses = [m for m in re.finditer(r"(?<=[ \[])([a-z0-9_-]+)(?=$|[,\]])", text, re.MULTILINE) if m.group(1) in every]
    if not uses:
        return "nothing"
    use = draw(st.sampled_from(uses))
    new = draw(st.sampled_from(every))
    path.write_text(text[:use.start()] + new + text[use.end():], encoding="utf-8")
    return f"{use.group(1)} -> {new} in {path.name}"


def _move_date(root: Path, draw: Callable) -> str:
    path = draw(st.sampled_from(_yaml(root)))
    text = path.read_text(encoding="utf-8")
    days = list(_DAY.finditer(text))
    if not days:
        return "nothing"
    day = draw(st.sampled_from(days))
    try:
        moved = dt.date(*map(int, day.groups())) + dt.timedelta(days=draw(st.sampled_from([-400, -3, -1, 1, 2, 30])))
    except ValueError:
        return "nothing"
    path.write_text(text[:day.start()] + moved.isoformat() + text[day.end():], encoding="utf-8")
    return f"moved {day.group()} to {moved} in {path.name}"


def _rename(root: Path, draw: Callable) -> str:
    """Change a name or an alias (of an actor: the tables of names, countries and affiliations)."""
    path = draw(st.sampled_from(_yaml(root)))
    text = path.read_text(encoding="utf-8")
    names = list(re.finditer(r"^(?:name: |  - )([A-Z][^\n:]*)$", text, re.MULTILINE))
    if not names:
        return "nothing"
    name = draw(st.sampled_from(names))
    new = draw(st.sampled_from(["Geneva", "Sergey Lavrov", "NATO", "Russia", name.group(1)[::-1]]))
    path.write_text(text[:name.start(1)] + new + text[name.end(1):], encoding="utf-8")
    return f"renamed {name.group(1)!r} to {new!r} in {path.name}"


def _break_record(root: Path, draw: Callable) -> str:
    path = draw(st.sampled_from(_yaml(root)))
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^((?:- )?)kind: \w+", r"\1kind: mistake", text, count=1, flags=re.MULTILINE),
                    encoding="utf-8")
    return f"broke {path.name}"


def _edit_text(root: Path, draw: Callable) -> str:
    texts = sorted(root.rglob("*.txt"))
    if not texts:
        return "nothing"
    path = draw(st.sampled_from(texts))
    text = path.read_text(encoding="utf-8")
    how = draw(st.sampled_from(["halved", "extended", "deleted"]))
    if how == "deleted":
        path.unlink()  # SRC001 for its source, and no text for the quotes
    else:
        path.write_text(text[:len(text) // 2] if how == "halved" else text + "\nAn added line.\n", encoding="utf-8")
    return f"{how} the text {path.name}"


def _comment(root: Path, draw: Callable) -> str:
    """A comment line at the top of a file: its bytes and every line below change, none of its records."""
    path = draw(st.sampled_from(_yaml(root)))
    path.write_text("# a curator's note\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    return f"commented {path.name}"


def _quote_again(root: Path, draw: Callable) -> str:
    """Give a statement's quote (or a report's) to another: QUOTE002 and DUP001 read statements' quotes."""
    quotes = [(path, found) for path in _yaml(root)
              for found in re.finditer(r"^(?:  )?quote: (.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)]
    if len(quotes) < 2:
        return "nothing"
    (_, given), (path, taken) = draw(st.sampled_from(quotes)), draw(st.sampled_from(quotes))
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:taken.start(1)] + given.group(1) + text[taken.end(1):], encoding="utf-8")
    return f"gave the quote {given.group(1)[:30]!r} to {path.name}"


def _lookalike(root: Path, draw: Callable) -> str:
    """A new file whose (broken) record declares an id that looks like another's: ID002."""
    ids = sorted({i for p in _yaml(root) for i in _ID.findall(p.read_text(encoding="utf-8")) if "-" in i})
    if not ids:
        return "nothing"
    twin = draw(st.sampled_from(ids)).replace("-", "_", 1)
    (root / f"lookalike-{twin}.yaml").write_text(f"kind: mistake\nid: {twin}\n", encoding="utf-8")
    return f"declared {twin}"


def _prepend(root: Path, draw: Callable) -> str:
    """A copy of a record (new id) put first in a file: every record below it is another item now."""
    records = [(path, record) for path in _yaml(root) if isinstance(loaded := yaml.safe_load(path.read_text(
        encoding="utf-8")), list) for record in loaded if isinstance(record, dict) and "id" in record]
    if not records:
        return "nothing"
    _, record = draw(st.sampled_from(records))
    path = draw(st.sampled_from(_yaml(root)))
    text = path.read_text(encoding="utf-8")
    if not text.startswith("- "):
        return "nothing"
    copy = yaml.safe_dump([{**record, "id": f"{record['id']}-copy"}], sort_keys=False, allow_unicode=True)
    path.write_text(copy + text, encoding="utf-8")
    return f"put a copy of {record['id']} first in {path.name}"


def _actor(root: Path, draw: Callable) -> tuple[Path, Any, dict] | None:
    """A person, organization or state of the corpus (of a kind drawn first): its file, the file's data, the
    record in it."""
    actors: dict[str, list[tuple[Path, int]]] = {}
    for path in _yaml(root):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        for number, record in enumerate(loaded if isinstance(loaded, list) else [loaded]):
            if isinstance(record, dict) and record.get("kind") in ("person", "organization", "state"):
                actors.setdefault(record["kind"], []).append((path, number))
    if not actors:
        return None
    path, number = draw(st.sampled_from(actors[draw(st.sampled_from(sorted(actors)))]))
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    return path, loaded, loaded[number] if isinstance(loaded, list) else loaded


def _edit_actor(root: Path, draw: Callable) -> str:
    """Edit a person, organization or state: what only the records naming it read (a role's title or end,
    notes), or what it belongs to (read up the chain from any record)."""
    found = _actor(root, draw)
    if found is None:
        return "nothing"
    path, loaded, record = found
    how = draw(st.sampled_from(["role title", "role end", "notes", "belongs"]))
    roles = record.get("roles") or []
    if how == "role title" and roles:
        roles[0]["title"] = "Acting " + str(roles[0].get("title"))
    elif how == "role end" and roles:
        roles[-1]["end"] = "2022-01-05"
    elif how == "belongs" and ("state" in record or "part_of" in record):
        record.pop("state" if "state" in record else "part_of")
    else:
        how, record["notes"] = "notes", "checked again"
    path.write_text(yaml.safe_dump(loaded, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return f"edited the {how} of {record.get('id')} in {path.name}"


def _read_in_tables(root: Path) -> dict[str, list[str]]:
    """What the rules look up in the tables of actors: the words of the titles sources give persons, meetings'
    places (and their words), the words of proposals' titles, and the names of records (an actor named as
    another is its twin: DUP001)."""
    found: dict[str, set[str]] = {"titles": set(), "places": set(), "proposals": set(), "names": set()}
    for path in _yaml(root):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        for record in loaded if isinstance(loaded, list) else [loaded]:
            if not isinstance(record, dict):
                continue
            reports = [report for report in record.get("reports") or [] if isinstance(report, dict)]
            for what, texts in (
                    ("titles", [report.get("speaker_title") for report in reports]
                     + [title for report in reports for title in (report.get("participant_titles") or {}).values()]),
                    ("places", [record.get("location"), *(report.get("location") for report in reports)]),
                    ("proposals", [record.get("title")] if record.get("kind") == "proposal" else []),
                    ("names", [record.get("name"), *(record.get("aliases") or [])])):
                # a place whole, a word of a title (a state's name or an acronym in a title is one word)
                found[what].update(part for text in texts if isinstance(text, str) for part in (
                    (text, *text.split()) if what == "places" else [text] if what == "names" else text.split()))
    return {what: sorted(texts) for what, texts in found.items() if texts}


def _edit_tables(root: Path, draw: Callable) -> str:
    """Give a state, organization or person a name or an alias that titles, places or proposals' titles of the
    corpus read (a word of theirs, or one whole) or another record's name, or a state another ISO code."""
    found = _actor(root, draw)
    if found is None:
        return "nothing"
    path, loaded, record = found
    how = draw(st.sampled_from(["alias", "name", "iso code"]))
    if how == "iso code" and record.get("kind") == "state":
        record["iso_code"] = draw(st.sampled_from(["CH", "RU", "US", "BE", "UA"]))
    else:
        how = "alias" if how == "iso code" else how
        texts = _read_in_tables(root)
        name = draw(st.sampled_from(texts[draw(st.sampled_from(sorted(texts)))]))
        if how == "alias":
            record["aliases"] = [*(record.get("aliases") or []), name]
        else:
            record["name"] = name
    path.write_text(yaml.safe_dump(loaded, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return f"edited the {how} of {record.get('id')} in {path.name}"


EDITS = [_delete, _copy, _rename_id, _retarget, _move_date, _rename, _break_record, _edit_text, _comment,
         _quote_again, _lookalike, _prepend, _edit_actor, _edit_tables]


def _after_edits(name: str, data: st.DataObject, folder: Path, edits: list[Callable[[Path, Callable], str]],
                 most: int) -> None:
    """The law: after each of up to ``most`` edits drawn from ``edits``, a run with the cache reports what a
    full run reports."""
    root = folder / "corpus"
    shutil.copytree(CORPORA[name], root)
    cache_dir = folder / "cache"
    _same(root, cache_dir)
    for _ in range(data.draw(st.integers(1, most), label="edits")):
        edit = data.draw(st.sampled_from(edits), label="edit")
        data.draw(st.just(edit(root, data.draw)), label="did")
        _same(root, cache_dir)


@pytest.mark.parametrize("name", sorted(CORPORA))
@settings(max_examples=15)
@given(data=st.data())
def test_after_any_edits_a_cached_run_reports_what_a_full_run_reports(name: str, data: st.DataObject,
                                                                      tmp_path_factory: pytest.TempPathFactory) -> None:
    _after_edits(name, data, tmp_path_factory.mktemp("incremental"), EDITS, 4)


@pytest.mark.parametrize("name", sorted(CORPORA))
@settings(max_examples=15)
@given(data=st.data())
def test_after_edits_of_the_tables_a_cached_run_reports_what_a_full_run_reports(
        name: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    """The names, aliases and codes the tables hold are read by few records (``Tables``): each edit gives an
    actor one that the corpus's titles, places or records hold."""
    _after_edits(name, data, tmp_path_factory.mktemp("tables"), [_edit_tables], 3)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    shutil.copytree(CORPORA["curated"], root)
    return root


def _rechecked(result: CheckResult) -> set[str]:
    """The files whose records the rules of records checked again (their findings' cache entries were made)."""
    return {Path(p).name for p in result.rechecked}


def test_a_changed_meeting_rechecks_its_file_and_the_files_that_name_it(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    first = _same(corpus, cache_dir)
    assert len(first.rechecked) == len(_yaml(corpus))  # the first run checks every file
    assert _same(corpus, cache_dir).rechecked == []  # nothing changed: nothing is checked again
    talks = corpus / "meetings" / "nrc-meeting-2022-01-12.yaml"
    talks.write_text(talks.read_text(encoding="utf-8").replace("title: ", "title: The ", 1), encoding="utf-8")
    again = _rechecked(_same(corpus, cache_dir))
    naming = {p.name for p in _yaml(corpus) if "nrc-meeting-2022-01-12" in p.read_text(encoding="utf-8")}
    assert "nrc-meeting-2022-01-12.yaml" in again and again <= naming | {
        Path(f.location.path).name for f in first.findings if RULES.get(f.code) and RULES[f.code].scope == "record"}
    assert len(again) < len(_yaml(corpus)) // 4


def _mentioning(corpus: Path, *words: str) -> set[str]:
    return {path.name for path in _yaml(corpus) if any(word in path.read_text(encoding="utf-8") for word in words)}


def test_a_persons_name_edited_rechecks_the_files_that_name_or_title_the_person(corpus: Path, tmp_path: Path) -> None:
    """A name is what the tables hold: it is read by the records naming the person and by the titles that
    end with the person's surname (ROLE001), not by every record."""
    cache_dir = tmp_path / "cache"
    _same(corpus, cache_dir)
    person = corpus / "persons" / "lavrov-sergei.yaml"
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("name: ", "name: Dr ", 1), encoding="utf-8")
    again = _rechecked(_same(corpus, cache_dir))
    assert person.name in again and again <= _mentioning(corpus, "lavrov-sergei", "Lavrov")
    assert len(again) < len(_yaml(corpus)) // 2


def test_a_states_alias_that_a_title_reads_rechecks_the_files_of_that_title(corpus: Path, tmp_path: Path) -> None:
    """An alias "Kremlin" for Ukraine makes "Kremlin Aide" name a state the speaker has nothing to do with
    (ROLE001): the files with such a title are checked again, though they do not name Ukraine, and the
    findings are a full run's; the others are not checked again."""
    cache_dir = tmp_path / "cache"
    first = _same(corpus, cache_dir)
    state = corpus / "states" / "ukraine.yaml"
    state.write_text(state.read_text(encoding="utf-8").replace("name: Ukraine\n", "name: Ukraine\naliases: [Kremlin]\n"),
                     encoding="utf-8")
    cached = _same(corpus, cache_dir)
    made = {Path(f.location.path).name for f in cached.findings if f.code == "ROLE001" and "'kremlin' names ukraine" in f.message}
    assert made and not any("'kremlin' names ukraine" in f.message for f in first.findings)
    again = _rechecked(cached)
    assert made <= again <= _mentioning(corpus, "ukraine", "Kremlin", "kremlin") | {state.name}
    assert len(again) < len(_yaml(corpus)) // 4


def test_a_states_alias_that_nothing_reads_rechecks_only_its_file(corpus: Path, tmp_path: Path) -> None:
    """The records naming a state read only its kind; its names are read through the tables, where no title
    or place holds "Suomi"."""
    cache_dir = tmp_path / "cache"
    _same(corpus, cache_dir)
    state = corpus / "states" / "finland.yaml"
    assert len(_mentioning(corpus, "finland")) > 1
    state.write_text(state.read_text(encoding="utf-8").replace("name: Finland\n", "name: Finland\naliases: [Suomi]\n"),
                     encoding="utf-8")
    assert _rechecked(_same(corpus, cache_dir)) == {state.name}


def test_an_organizations_name_rechecks_the_titles_whose_portfolio_it_may_hold(tmp_path: Path) -> None:
    """ROLE001 reads a role's organization's names for the portfolio words a title may take from them ("Foreign
    Minister" fits the role "Minister" at the Ministry of Foreign Affairs): a name without such words
    re-checks no title; one that drops "Foreign" re-checks them, and the finding is a full run's."""
    from corpus_kit import base_actors, run_corpus, source, statement

    root = tmp_path / "corpus"
    actors = [actor for actor in base_actors() if actor["kind"] != "person"] + [
        {"kind": "person", "id": "lavrov-sergei", "name": "Sergei Lavrov", "state": "russia",
         "roles": [{"title": "Minister", "organization": "russian-foreign-ministry", "start": "2004-03-09"}]}]
    records = [source(), *(statement(id=f"said-{n}", date=f"2021-{n + 1:02d}-10", quote=f"talks will begin {n}",
                                     reports=[{"source": "tass", "quote": f"talks will begin {n}",
                                               "speaker_title": "Foreign Minister"}]) for n in range(6))]
    run_corpus(root, records, with_actors=False, per_file=True)
    (root / "actors.yaml").write_text(yaml.safe_dump(actors, sort_keys=False), encoding="utf-8")
    cache_dir = tmp_path / "cache"
    assert "ROLE001" not in {f.code for f in _same(root, cache_dir).findings}
    _edit(root / "actors.yaml", "name: Russian Foreign Ministry", "name: Russian Foreign Ministry\n  aliases: [MID]")
    assert _rechecked(_same(root, cache_dir)) == {"actors.yaml"}
    _edit(root / "actors.yaml", "name: Russian Foreign Ministry", "name: Russian Ministry")
    cached = _same(root, cache_dir)
    assert [f.records[0] for f in cached.findings if f.code == "ROLE001"] == [f"said-{n}" for n in range(6)]
    assert _rechecked(cached) == {"actors.yaml", *(f"said-{n}.yaml" for n in range(6))}


def test_an_organizations_state_reaches_the_meetings_whose_reports_name_it(tmp_path: Path) -> None:
    """ATTR002 reads what a report's participant belongs to when the record does not have it: the ministry
    given Russia's state is no longer a stranger to a meeting of Russia, though the meeting's file is
    unchanged and names the ministry only by id; meetings whose reports name their own participants are not
    checked again."""
    from corpus_kit import meeting, run_corpus, source

    root = tmp_path / "corpus"
    run_corpus(root, [source(), meeting(id="talks-a", reports=[{"source": "tass", "date": "2022-01-10",
                                                                "participants": ["russian-foreign-ministry"]}]),
                      *(meeting(id=f"talks-{n}", date=f"2021-0{n + 1}-10") for n in range(4))], per_file=True)
    cache_dir = tmp_path / "cache"
    assert [f.records[0] for f in _same(root, cache_dir).findings if f.code == "ATTR002"] == ["talks-a"]
    _edit(root / "actors.yaml", "name: Russian Foreign Ministry\n", "name: Russian Foreign Ministry\n  state: russia\n")
    cached = _same(root, cache_dir)
    assert "ATTR002" not in {f.code for f in cached.findings}
    assert _rechecked(cached) == {"actors.yaml", "talks-a.yaml"}


def test_an_edit_reaching_most_files_of_a_large_corpus_checks_everything(tmp_path: Path) -> None:
    """Beyond half the files, in a corpus whose rules run in several processes (10,000 records), every record
    is checked as without a cache (a focused index runs its rules in one process): the file that names no
    edited record is checked too, and the findings are a full run's."""
    from corpus_kit import base_actors, meeting, source

    from validator.incremental import MOST_TO_FOCUS
    from validator.rules.engine import MIN_RECORDS_TO_FORK

    root = tmp_path / "corpus"
    root.mkdir()
    dump = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    per_file = MIN_RECORDS_TO_FORK // 4 + 1
    for number in range(4):  # three files name Lavrov, one does not
        who = ["russia", "lavrov-sergei"] if number < 3 else ["russia", "united-states"]
        (root / f"talks-{number}.yaml").write_text(yaml.dump(
            [meeting(id=f"talks-{number}-{n}", participants=[*who], date=f"20{10 + n % 10}-0{1 + n % 9}-1{n % 10}")
             for n in range(per_file)], Dumper=dump, sort_keys=False), encoding="utf-8")
    (root / "actors.yaml").write_text(yaml.safe_dump([*base_actors(), source()], sort_keys=False), encoding="utf-8")
    (root / "sources").mkdir()
    (root / "sources" / "tass.txt").write_text("talks will begin", encoding="utf-8")
    cache_dir = tmp_path / "cache"
    _same(root, cache_dir)
    _edit(root / "actors.yaml", "name: Sergei Lavrov", "name: Sergei Lavrov\n  notes: checked again")
    assert 4 / 5 > MOST_TO_FOCUS
    assert _rechecked(_same(root, cache_dir)) == {path.name for path in _yaml(root)}


def test_what_an_actor_belongs_to_edited_rechecks_the_records_that_read_it_up_the_chain(
        corpus: Path, tmp_path: Path) -> None:
    """What an organization belongs to is read up the chain from the persons with roles there (ROLE001: the
    statements titling Peskov and Ushakov, which do not name the Kremlin) and the participants of meetings
    whose reports name others (ATTR002): those files are checked again, not every file."""
    cache_dir = tmp_path / "cache"
    _same(corpus, cache_dir)
    kremlin = corpus / "organizations" / "kremlin.yaml"
    kremlin.write_text(kremlin.read_text(encoding="utf-8").replace("part_of: russia\nstate: russia\n",
                                                                     "part_of: ukraine\nstate: ukraine\n"), encoding="utf-8")
    again = _rechecked(_same(corpus, cache_dir))
    titled = {path.name for path in _yaml(corpus / "statements")
              if "speaker: ushakov-yuri" in path.read_text(encoding="utf-8")}
    assert titled and titled <= again <= _mentioning(corpus, "kremlin", "Kremlin", "ushakov-yuri", "peskov-dmitry")
    assert len(again) < len(_yaml(corpus)) // 2


def test_a_persons_role_edited_rechecks_only_the_files_that_name_the_person(corpus: Path, tmp_path: Path) -> None:
    """A role's title or dates, or notes, are read only through the records that name the person: no other
    file is checked again. A name is what the tables hold: the titles ending with the surname read it too."""
    cache_dir = tmp_path / "cache"
    _same(corpus, cache_dir)
    person = corpus / "persons" / "biden-joe.yaml"
    naming = {path.name for path in _yaml(corpus) if path != person and "biden-joe" in path.read_text(encoding="utf-8")}
    assert naming and len(naming) < len(_yaml(corpus)) - 1
    text = person.read_text(encoding="utf-8")
    person.write_text(text.replace("end: '2025-01-20'", "end: '2021-06-01'"), encoding="utf-8")
    cached = _same(corpus, cache_dir)
    assert "ROLE001" in {f.code for f in cached.findings}  # "President" on 30 December 2021: no longer held
    assert _rechecked(cached) <= naming | {person.name} and person.name in _rechecked(cached)
    person.write_text(text.replace("Joseph R. Biden", "Joseph Biden"), encoding="utf-8")
    assert _rechecked(_same(corpus, cache_dir)) <= naming | {person.name} | _mentioning(corpus, "Biden")


def test_a_file_whose_records_are_unchanged_rechecks_only_itself(corpus: Path, tmp_path: Path) -> None:
    """A comment moves every line below it: the file's own findings are made again (their positions), but
    no other file's, not even for a person (whose records feed the tables), nor those of the files that
    had findings of the rules of records (no id moved)."""
    cache_dir = tmp_path / "cache"
    first = _same(corpus, cache_dir)
    had = {Path(f.location.path).name for f in first.findings if RULES.get(f.code) and RULES[f.code].scope == "record"}
    assert had and len(had) < 10
    for path in (corpus / "meetings" / "nrc-meeting-2022-01-12.yaml", sorted((corpus / "persons").glob("*.yaml"))[0]):
        path.write_text("# checked against the article\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        assert _rechecked(_same(corpus, cache_dir)) == {path.name}


def test_files_touched_with_their_bytes_unchanged_recheck_nothing(corpus: Path, tmp_path: Path) -> None:
    """A checkout, a branch switched and back, or ``touch`` gives every file a new time (and maybe inode)
    but the same bytes: each is hashed again and found the same, so no record is checked again; a text
    whose bytes changed still is."""
    cache_dir = tmp_path / "cache"
    _same(corpus, cache_dir)
    later = dt.datetime.now().timestamp() + 60
    for path in corpus.rglob("*"):
        if path.is_file():
            os.utime(path, (later, later))
    touched = _same(corpus, cache_dir)
    assert touched.rechecked == [] and touched.rechecked_ids == []
    text = sorted((corpus / "sources").rglob("*.txt"))[0]
    text.write_text(text.read_text(encoding="utf-8") + "\nAn added line.\n", encoding="utf-8")
    assert _same(corpus, cache_dir).rechecked


def test_an_id_declared_anew_rechecks_the_files_with_findings_of_the_rules_of_records(tmp_path: Path) -> None:
    """An unknown id's "did you mean" reads every id: once one is declared (or goes), the files that had
    such findings are checked again, and the suggestion follows; an edit of other fields does not."""
    from corpus_kit import meeting, run_corpus, source, statement

    root = tmp_path / "corpus"
    run_corpus(root, [source(), statement(meeting="kyiv-talks")])
    extra = root / "extra.yaml"
    extra.write_text(yaml.safe_dump([meeting(id="other-talks", date="2021-06-01")]), encoding="utf-8")
    cache_dir = tmp_path / "cache"
    before = _same(root, cache_dir)
    assert [(f.code, "did you mean" in f.message) for f in before.findings] == [("REF001", False)]
    extra.write_text(extra.read_text(encoding="utf-8").replace("title: ", "title: The "), encoding="utf-8")
    assert _rechecked(_same(root, cache_dir)) == {"extra.yaml"}
    extra.write_text(extra.read_text(encoding="utf-8").replace("other-talks", "kyiv-talk"), encoding="utf-8")
    after = _same(root, cache_dir)
    assert [f.message.endswith("(did you mean 'kyiv-talk'?)") for f in after.findings] == [True]
    assert _rechecked(after) == {"records.yaml", "extra.yaml"}


def test_one_changed_record_of_many_rechecks_the_files_that_name_it_not_those_naming_its_neighbours(
        tmp_path: Path) -> None:
    from corpus_kit import meeting, run_corpus, source, statement

    root = tmp_path / "corpus"
    days = ["2021-12-01", "2021-12-10", "2021-12-20"]  # apart: not possible duplicates (DUP001)
    talks = [meeting(id=f"talks-{n}", date=day) for n, day in enumerate(days)]
    run_corpus(root, [source(), *talks], per_file=False)
    for n in range(3):
        (root / f"about-{n}.yaml").write_text(yaml.safe_dump(
            [statement(id=f"said-{n}", date=days[n], about=[f"talks-{n}"])], sort_keys=False),
            encoding="utf-8")
    cache_dir = tmp_path / "cache"
    assert [f.code for f in _same(root, cache_dir).findings] == []
    events = next(p for p in _yaml(root) if "talks-1" in p.read_text(encoding="utf-8") and "about" not in p.name)
    events.write_text(events.read_text(encoding="utf-8").replace("2021-12-10", "2021-12-11"), encoding="utf-8")
    assert _rechecked(_same(root, cache_dir)) == {events.name, "about-1.yaml"}


def test_a_changed_source_text_rechecks_only_the_records_that_cite_it(tmp_path: Path) -> None:
    """In a file that only names what changed and had no findings of the rules of records, only the records
    that name it are checked again; once the file has such findings, all its records are."""
    from corpus_kit import SOURCE_TEXT, run_corpus, source, statement

    root = tmp_path / "corpus"
    quotes = ["talks will begin", "Talks in Geneva on January 10"]
    cited = [statement(id=f"said-{n}", date=day, quote=quote, reports=[{"source": name, "quote": quote}])
             for n, (day, quote, name) in enumerate(zip(["2021-12-01", "2021-12-20"], quotes, ["tass", "ria"]))]
    run_corpus(root, [source(), source(id="ria", publisher="ria-novosti"), *cited])
    cache_dir = tmp_path / "cache"
    assert [f.code for f in _same(root, cache_dir).findings] == []
    (root / "sources" / "tass.txt").write_text(SOURCE_TEXT.replace("talks will begin", "talks may begin"), encoding="utf-8")
    cached = _same(root, cache_dir)
    assert {(f.code, f.records[0]) for f in cached.findings} == {("QUOTE001", "said-0")}
    assert (_rechecked(cached), cached.rechecked_ids) == ({"records.yaml"}, ["tass", "said-0"])
    (root / "sources" / "ria.txt").write_text(SOURCE_TEXT + " Talks in Geneva.", encoding="utf-8")
    cached = _same(root, cache_dir)
    assert {(f.code, f.records[0]) for f in cached.findings} == {("QUOTE001", "said-0")}
    assert sorted(cached.rechecked_ids or []) == ["ria", "said-0", "said-1", "tass"]


def test_other_rules_chosen_recheck_everything(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    targets = discover([corpus], corpus, (".yaml",))
    check(targets, cache=FileCache(cache_dir, settings_salt(Limits())))
    only_dates = check(targets, selected=lambda name: name.startswith("DATE"),
                       cache=FileCache(cache_dir, settings_salt(Limits())))
    assert len(only_dates.rechecked) == len(targets)
    assert only_dates.findings == check(targets, selected=lambda name: name.startswith("DATE")).findings


def test_every_finding_of_a_rule_of_records_is_placed_in_the_record_it_lists_first() -> None:
    """The convention that lets findings be kept per file (a breach costs a full run, not a wrong one)."""
    for root in CORPORA.values():
        result = check(discover([root], root, (".yaml",)))
        entries = result.index.by_id
        for found in result.findings:
            if RULES.get(found.code) is None or RULES[found.code].scope != "record":
                continue
            assert entries[found.records[0]].doc.path == found.location.path, found


def test_a_table_change_reaches_a_record_that_does_not_name_it(tmp_path: Path) -> None:
    """Countries are a table: a state's new alias makes a place compatible in a meeting that does not
    name the state (ATTR001), so a change to a state (or an organization, or a person) checks every file."""
    from corpus_kit import meeting, run_corpus, source

    root = tmp_path / "corpus"
    state = {"kind": "state", "id": "switzerland", "name": "Switzerland", "iso_code": "CH", "aliases": ["Helvetia"]}
    run_corpus(root, [source(), state, meeting(reports=[{"source": "tass", "location": "Helvetia"}])], per_file=True)
    cache_dir = tmp_path / "cache"
    assert [f.code for f in _same(root, cache_dir).findings] == []
    (root / "switzerland.yaml").write_text((root / "switzerland.yaml").read_text(encoding="utf-8").replace(
        "Helvetia", "Confoederatio"), encoding="utf-8")
    assert [(f.code, Path(f.location.path).name) for f in _same(root, cache_dir).findings] == [
        ("ATTR001", "geneva-talks.yaml")]


def _detection(tmp_path: Path) -> Path:
    root = tmp_path / "detection"
    shutil.copytree(CORPORA["detection"], root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_warm_run_reads_only_the_records_it_needs(corpus: Path, tmp_path: Path) -> None:
    """An edited meeting: its file, the files that name it, the sources, the tables; not the other
    statements, which stay in the cache."""
    cache_dir = tmp_path / "cache"
    _same(corpus, cache_dir)
    _edit(corpus / "meetings" / "nrc-meeting-2022-01-12.yaml", "title: ", "title: The ")
    result = _same(corpus, cache_dir)
    shelf = result.index.shelf
    assert shelf is not None
    read = {Path(entry.doc.path).name for records in shelf.loaded.values() for entry in records[:1]}
    statements = {p.name for p in (corpus / "statements").glob("*.yaml")}
    assert "nrc-meeting-2022-01-12.yaml" in read and statements - read
    assert len(shelf.loaded) < len(_yaml(corpus))


def _agencies_and_talks(tmp_path: Path, count: int) -> tuple[Path, list[str]]:
    """A corpus of ``count`` sources (``agency-N``), each cited by one meeting (``talks-N``), a file each."""
    from corpus_kit import meeting, run_corpus, source

    root = tmp_path / "corpus"
    names = [f"agency-{n}" for n in range(count)]
    run_corpus(root, [source(id=name) for name in names] + [
        meeting(id=f"talks-{n}", reports=[{"source": name, "date": "2022-01-10"}]) for n, name in enumerate(names)],
        per_file=True)
    return root, names


def test_a_warm_run_reads_the_files_of_the_sources_its_records_cite_not_every_source(tmp_path: Path) -> None:
    """The sources' text paths are in the facts: with nothing edited no source's file is read, and an edited
    meeting reads the source its report cites (its zone, its publication date), not the others."""
    root, names = _agencies_and_talks(tmp_path, 4)
    cache_dir = tmp_path / "cache"
    _same(root, cache_dir)

    def read_now() -> set[str]:
        shelf = _same(root, cache_dir).index.shelf
        assert shelf is not None
        return {Path(entry.doc.path).name for records in shelf.loaded.values() for entry in records[:1]}

    assert not read_now() & {f"{name}.yaml" for name in names}
    _edit(root / "talks-2.yaml", "title: ", "title: The ")
    assert read_now() & {f"{name}.yaml" for name in names} == {"agency-2.yaml"}


def test_a_text_deleted_is_placed_from_the_facts_and_the_sources_read_on_demand_are_those_of_a_full_run(
        tmp_path: Path) -> None:
    """A warm run finds the text files from the facts: a deleted one is SRC001 at its source's `text`,
    where a full run places it (its file read only then), and the sources it looks up one by one are, all
    listed, those of a full run."""
    root, names = _agencies_and_talks(tmp_path, 3)
    cache_dir = tmp_path / "cache"
    _same(root, cache_dir)
    (root / "sources" / "agency-1.txt").unlink()
    cached, full = _run(root, cache_dir)
    assert cached.findings == full.findings
    [missing] = [f for f in cached.findings if f.code == "SRC001"]
    assert (Path(missing.location.path).name, missing.records) == ("agency-1.yaml", ("agency-1",))
    shelved, indexed = cached.index.sources, full.index.sources
    assert type(shelved) is not dict and type(indexed) is dict
    assert (list(shelved), len(shelved), "talks-0" in shelved, shelved.get("talks-0", "none")) == \
        (list(indexed), len(indexed), False, "none")
    assert all(shelved[name] == indexed[name] for name in names)


def test_a_rule_of_the_corpus_keeps_its_findings_while_what_it_reads_stands(tmp_path: Path) -> None:
    """DUP001 reads events' dates, places and participants, not a meeting's title: a new title keeps its
    findings; a moved date, or an edit that moves the lines of one of its findings, makes them again."""
    root = _detection(tmp_path)
    cache_dir = tmp_path / "cache"
    assert "DUP001" in {f.code for f in _same(root, cache_dir).findings}
    meetings = root / "meetings"
    _edit(meetings / "biden-putin-call-2022-02-12.yaml", "title: ", "title: The ")
    assert "DUP001" not in _same(root, cache_dir).rule_timings
    _edit(meetings / "biden-putin-call-2022-02-12.yaml", "date: '2022-02-12'", "date: '2022-02-13'")
    assert "DUP001" in _same(root, cache_dir).rule_timings
    assert "DUP001" not in _same(root, cache_dir).rule_timings
    _edit(meetings / "putin-macron-kremlin-meeting.yaml", "kind: ", "# moved a line down\nkind: ")
    assert "DUP001" in _same(root, cache_dir).rule_timings


def test_a_moved_date_sweeps_again_only_the_groups_of_the_meeting(tmp_path: Path) -> None:
    """DUP001 splits into groups (a meeting's type and participants): a moved date makes only the groups of
    that meeting again, from what the cache keeps of their members, and reads no statement's file."""
    from corpus_kit import meeting, run_corpus, source, statement

    root = tmp_path / "corpus"
    statements = [statement(id=f"said-{n}", date=f"2021-{month}-{day}")  # apart: not duplicates
                  for n, (month, day) in enumerate([(m, d) for m in ("10", "11") for d in ("01", "11", "21")])]
    talks = [meeting(id="talks-a"), meeting(id="talks-b"), meeting(id="talks-c", date="2022-01-20")]
    run_corpus(root, [source(), *talks, *statements], per_file=True)
    cache_dir = tmp_path / "cache"
    assert [f.code for f in _same(root, cache_dir).findings] == ["DUP001"]
    moved = root / "talks-c.yaml"
    moved.write_text(moved.read_text(encoding="utf-8").replace("2022-01-20", "2022-01-10"), encoding="utf-8")
    result = _same(root, cache_dir)
    assert "DUP001" in result.rule_timings and [f.code for f in result.findings] == ["DUP001", "DUP001"]
    read = {Path(entry.doc.path).name for records in result.index.shelf.loaded.values() for entry in records[:1]}
    assert "talks-c.yaml" in read and not any(name.startswith("said-") for name in read)


def test_aliases_that_make_two_proposals_titles_alike_sweep_their_groups_again(tmp_path: Path) -> None:
    """DUP001 reads the actors' names in proposals' titles ("Russian Federation" is Russia): aliases given
    make two drafts' titles alike, and a warm run finds the pair as a full run does, though neither file
    changed, by sweeping again the groups of the proposals whose titles hold a word of those names."""
    from corpus_kit import base_actors, meeting, proposal, run_corpus, source

    root = tmp_path / "corpus"
    run_corpus(root, [source("tass", published="2021-12-20"),
                      proposal("draft-treaty", "Treaty between the United States of America and the Russian "
                                               "Federation on Security Guarantees (draft)", ["united-states"]),
                      proposal("russia-us-draft", "Russia-US security treaty", ["united-states"],
                               submitted="2021-12"),
                      *(meeting(id=f"talks-{n}", date=f"2021-0{n + 1}-10") for n in range(6))], per_file=True)
    cache_dir = tmp_path / "cache"
    assert "DUP001" not in {f.code for f in _same(root, cache_dir).findings}
    actors = base_actors()
    for actor in actors:
        if actor["id"] in ("russia", "united-states"):
            actor["aliases"] = ["Russian Federation"] if actor["id"] == "russia" else ["United States of America", "US"]
    (root / "actors.yaml").write_text(yaml.safe_dump(actors, sort_keys=False), encoding="utf-8")
    result = _same(root, cache_dir)
    assert [f.records for f in result.findings if f.code == "DUP001"] == [("draft-treaty", "russia-us-draft")]


def test_lost_buckets_of_groups_make_the_rule_run_whole(tmp_path: Path) -> None:
    root = _detection(tmp_path)
    cache_dir = tmp_path / "cache"
    _same(root, cache_dir)
    buckets = list(cache_dir.rglob("groups-DUP001-*.pickle"))
    assert len(buckets) > 1
    for bucket in buckets[1:]:
        bucket.unlink()
    buckets[0].write_bytes(b"not a pickle")
    for day in (12, 13):  # the second run reads the buckets the first wrote
        _edit(root / "meetings" / "biden-putin-call-2022-02-12.yaml", f"date: '2022-02-{day}'",
              f"date: '2022-02-{day + 1}'")
        assert "DUP001" in _same(root, cache_dir).rule_timings


def test_a_corpus_rule_left_out_last_time_runs(tmp_path: Path) -> None:
    root = _detection(tmp_path)
    cache_dir = tmp_path / "cache"
    targets = discover([root], root, (".yaml",))
    check(targets, selected=lambda name: name != "DUP001", cache=FileCache(cache_dir, settings_salt(Limits())))
    again = check(targets, cache=FileCache(cache_dir, settings_salt(Limits())))
    assert "DUP001" in again.rule_timings and again.findings == check(targets).findings


def test_a_result_lost_from_the_cache_is_made_again_when_it_is_needed(corpus: Path, tmp_path: Path) -> None:
    """A warm run reads a source's result (for its text file) and a person's (for the tables) only once
    the index is built: lost or damaged by then, they are made again from their files, and kept."""
    cache_dir = tmp_path / "cache"
    _same(corpus, cache_dir)
    cache = FileCache(cache_dir, settings_salt(Limits()))
    source, person = (sorted((corpus / folder).glob("*.yaml"))[0] for folder in ("sources", "persons"))
    blobs = [cache.folder / FileCache._blob(key, held[0]) for key, held in cache.old.items()
             if key.split("\0")[1] in (str(source), str(person))]
    assert len(blobs) == 2 and all(blob.exists() for blob in blobs)
    blobs[0].unlink()
    blobs[1].write_bytes(b"not a pickle")
    _edit(corpus / "meetings" / "nrc-meeting-2022-01-12.yaml", "title: ", "title: The ")
    _same(corpus, cache_dir)
    assert all(blob.exists() and blob.read_bytes() != b"not a pickle" for blob in blobs)


def test_a_provision_named_in_place_of_its_proposal_reads_only_the_file_that_declares_it(tmp_path: Path) -> None:
    """REF002 asks which proposal declares a provision id: a warm run reads the files' facts, then the one
    file that declares it, not every proposal."""
    from corpus_kit import run_corpus, source, statement

    def proposal(number: int) -> dict:
        return {"kind": "proposal", "id": f"draft-{number}", "title": f"Draft {number}", "proposer": "russia",
                "addressees": ["united-states"], "submitted": f"2021-12-1{number}", "timezone": "Europe/Moscow",
                "provisions": [{"id": f"draft-{number}-article-1", "summary": "No further enlargement"}],
                "reports": [{"source": "tass", "event": "submitted", "date": f"2021-12-1{number}"}]}

    root = tmp_path / "corpus"
    run_corpus(root, [source(), proposal(1), proposal(2)], per_file=True)
    (root / "said.yaml").write_text(yaml.safe_dump([statement(about=["draft-2-article-1"])]), encoding="utf-8")
    cache_dir = tmp_path / "cache"
    assert [f.code for f in _same(root, cache_dir).findings] == ["REF002"]
    _edit(root / "said.yaml", "setting: interview", "setting: speech")
    result = _same(root, cache_dir)
    assert [f.message.split(";")[0] for f in result.findings] == [
        "`about[0]` names 'draft-2-article-1', a provision of proposal 'draft-2'"]
    shelf = result.index.shelf
    assert shelf is not None
    read = {Path(entry.doc.path).name for records in shelf.loaded.values() for entry in records[:1]}
    assert "draft-2.yaml" in read and "draft-1.yaml" not in read
