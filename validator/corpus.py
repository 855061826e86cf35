"""The corpus index: every valid record by id and kind, built once, and the checks that need all files.

Checks here are grouped by key (a dict per id), never all-pairs, so they grow linearly with the corpus.
An incremental run's index is built on a ``Shelf``: what each file declares is known, and a file's
records are read from the cache when a look-up first needs them.
"""

from __future__ import annotations

import os
import stat
import threading
from collections import defaultdict
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, Mapping, Sequence, ValuesView
from contextlib import closing, suppress
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property, partial
from itertools import chain, compress, repeat
from pathlib import Path
from typing import Any

from schema.dates import FuzzyDate
from validator.codes import code
from validator.findings import Finding, Location
from validator.loader import Document
from validator.records import ValidRecord

__all__ = ["CorpusIndex", "Shelf", "build_index", "shelved_index", "EVENT_KINDS"]

EVENT_KINDS = ("meeting", "proposal", "statement")  # the records that report events (their reports cite sources)
#: From this many texts on, a pass over all of them has them read ahead (``CorpusIndex.read_texts_ahead``).
READ_AHEAD_FROM = 1000


@dataclass
class CorpusIndex:
    """Valid records by id and by kind, with the corpus root each came from."""

    by_id: dict[str, ValidRecord] = field(default_factory=dict)
    by_kind: dict[str, list[ValidRecord]] = field(default_factory=lambda: defaultdict(list))
    roots: dict[int, Path] = field(default_factory=dict)  # id(doc) -> corpus root
    declared_ids: list[tuple[Document, list[Any]]] = field(default_factory=list)  # each file's raw ids: ``declared``
    _texts: dict[str, str | None] = field(default_factory=dict, repr=False)
    _text_files: dict[str, str | None] = field(default_factory=dict, repr=False)  # by source id, once resolved
    _text_stats: dict[str, os.stat_result | None] = field(default_factory=dict, repr=False)  # and their status
    focus: dict[str, list[ValidRecord]] | None = field(default=None, repr=False)  # see ``focused``
    shelf: Shelf | None = field(default=None, repr=False)  # where ``by_id`` and ``by_kind`` load records from

    def ids_by_kind(self, among: Iterable[str] | None = None) -> dict[str, set[str]]:
        """The ids of ``by_id`` (those of ``among``, if given) by the kind of their record: what a field
        that names a kind may name."""
        if self.shelf is not None:
            return self.shelf.ids_by_kind(among)
        of_kind: dict[str, set[str]] = {}
        for raw, entry in self.by_id.items() if among is None else ((i, self.by_id[i]) for i in among if i in self.by_id):
            of_kind.setdefault(entry.record.kind, set()).add(raw)
        return of_kind

    def proposal_of(self, provision: str) -> str | None:
        """The id of the first proposal (in the corpus's order) that declares a provision id, or None. On a
        shelf, the files' facts say which declare it, and only the first of those is read."""
        if self.shelf is not None and self.shelf.provisions is not None:
            return self.shelf.proposal_of(provision)
        return self._proposals.get(provision)

    @cached_property
    def _proposals(self) -> dict[str, str]:
        proposals: dict[str, str] = {}
        for entry in self.by_kind.get("proposal", []):
            for declared in entry.record.provisions:  # type: ignore[attr-defined]
                proposals.setdefault(declared.id, entry.record.id)  # type: ignore[attr-defined]
        return proposals

    def ids_of(self, kind: str) -> list[str]:
        """The ids of the records of ``kind``, in the corpus's order (an id twice as often as it is used)."""
        if self.shelf is not None:
            return self.shelf.ids_of(kind)
        return [entry.record.id for entry in self.by_kind.get(kind, [])]

    def declared(self) -> Iterator[tuple[str, Document, int]]:
        """Every id an item declares as text (valid record or not), with its file and item number, in the
        corpus's order. Kept as each file's list of ids: a tuple per id cost 80 MB at 1M records."""
        for doc, ids in self.declared_ids:
            for item, raw in enumerate(ids):
                if isinstance(raw, str):
                    yield raw, doc, item

    def checked(self, kind: str) -> list[ValidRecord]:
        """The records of ``kind`` that a rule of records (``scope="record"``) checks: all of them, or in a
        ``focused`` index only those whose findings may have changed since the last run."""
        return (self.by_kind if self.focus is None else self.focus).get(kind, [])

    def checked_events(self) -> Iterator[ValidRecord]:
        """The event records (meetings, proposals, statements, in that order) a rule of records checks."""
        for kind in EVENT_KINDS:
            yield from self.checked(kind)

    def focused(self, entries: list[ValidRecord]) -> CorpusIndex:
        """This index with its rules of records checking only ``entries`` (in their order): every record
        stays in ``by_id`` and ``by_kind`` for look-ups and corpus-wide tables. A separate object, so that
        the rule families' per-index passes run again."""
        focus: dict[str, list[ValidRecord]] = {}
        for entry in entries:
            focus.setdefault(entry.record.kind, []).append(entry)  # type: ignore[attr-defined]
        return replace(self, focus=focus)

    @cached_property
    def sources(self) -> Mapping[str, Any]:
        """The source records by id (an id's first record, as in ``by_id``), gathered once: the rules look up
        a report's source at every turn, and most records are not sources. On a shelf, each is looked up
        when first asked for (a warm run reads the files of the sources its records cite, not all)."""
        if self.shelf is not None:
            return _SourcesOnDemand(self)
        return {entry.record.id: entry.record for entry in self.by_kind.get("source", [])
                if self.by_id[entry.record.id] is entry}

    def source_text(self, source_id: str) -> str | None:
        """The text of a source's local copy (read once), or None when the source or its file is missing
        or leads outside the corpus (SRC001 reports that)."""
        if source_id not in self._texts:
            self._texts[source_id] = self.read_source_text(source_id)
        return self._texts[source_id]

    def read_texts_ahead(self) -> None:
        """Ask the kernel to read every source's text file ahead (``posix_fadvise``, in a thread), when there
        are ``READ_AHEAD_FROM`` or more: a pass that then reads them one by one finds them in memory. Texts not read
        lately (a large corpus, or the system's reclaim) made QUOTE001 wait on the disk for each: 10.2 of
        its 27 s at 1M records. Nothing is kept, and where the call does not exist nothing is done."""
        paths = [path for path in self._text_files.values() if path is not None]
        if len(paths) < READ_AHEAD_FROM or not hasattr(os, "posix_fadvise"):
            return
        if _in_memory(paths[::max(1, len(paths) // 16)]):
            return  # texts read lately: advising them would only take turns with the pass (4% of it at 100k)
        threading.Thread(target=_advise, args=(paths,), name="accord-read-ahead", daemon=True).start()

    def read_source_text(self, source_id: str) -> str | None:
        """``source_text``, read now and not kept: for a pass that reads each text once (at 1M records the
        texts of 100k sources take 400 MB)."""
        entry = self.by_id.get(source_id)
        path = self._text_files.get(source_id)  # resolved by build_index, None where SRC001 reports it
        if entry is None or entry.record.kind != "source" or path is None:
            return None
        try:
            with open(path, "rb") as handle:
                return handle.read().decode("utf-8", errors="replace")
        except OSError:
            return None

    def origin(self, source_id: str) -> str:
        """Who originated a source's story: the organization it reprints, else its publisher. Sources of
        one origin are not independent confirmation of each other."""
        entry = self.by_id.get(source_id)
        if entry is None or entry.record.kind != "source":
            return source_id
        return entry.record.reprint_of or entry.record.publisher

    def zone(self, record: Any, report: Any = None) -> str | None:
        """The IANA zone in which a calendar date of ``record`` (or of one of its reports) is a day.

        A report's dates are counted in its own ``timezone`` if it names one, else in its source's calendar
        (the source's ``timezone``); a record's own dates in the record's ``timezone``. ``None`` when not
        known: the date then spans every zone.
        """
        if report is not None:
            if report.timezone is not None:
                return report.timezone
            source = self.sources.get(report.source)
            return source.timezone if source is not None else None
        return getattr(record, "timezone", None)

    def instant_range(self, value: FuzzyDate, record: Any, report: Any = None) -> tuple[datetime, datetime]:
        """The UTC range a date of ``record`` (or of its ``report``) can denote, read in its zone;
        a date-time carries its own offset. (The shared date object memoises its ranges by zone.)"""
        return value.instant_range(None if value.has_time else self.zone(record, report))


def build_index(docs: list[tuple[Document, Path, list[Any]]], valid: list[ValidRecord]) -> tuple[CorpusIndex, list[Finding]]:
    """Index the valid records and check what spans files: unique ids, source text files.

    ``docs`` holds each document with its corpus root and the ids its items declare (valid or not), so
    that a duplicate id is found even when one of the two records has other errors.
    """
    index = CorpusIndex()
    findings = _declared(index, docs)
    for entry in valid:
        record_id = entry.record.id  # type: ignore[attr-defined]
        index.by_id.setdefault(record_id, entry)
        index.by_kind[entry.record.kind].append(entry)  # type: ignore[attr-defined]
    return index, findings + _source_files(index)


def shelved_index(docs: list[tuple[Document, Path, list[Any]]], shelf: Shelf) -> tuple[CorpusIndex, list[Finding]]:
    """``build_index`` for records on a shelf (an incremental run): the same checks, which load only the
    sources' files (for their text files); a document not loaded may stand for its file (to place findings)."""
    index = CorpusIndex(shelf.by_id, shelf.by_kind, shelf.roots, shelf=shelf)
    findings = _declared(index, docs)
    return index, findings + _source_files(index)


def _declared(index: CorpusIndex, docs: list[tuple[Document, Path, list[Any]]]) -> list[Finding]:
    """Note each document's root and the ids its items declare (each file's list, as ``declared`` reads
    it); an id declared twice is ID001."""
    seen: set[str] = set()
    declared = 0
    for doc, root, ids in docs:
        index.roots[id(doc)] = root
        index.declared_ids.append((doc, ids))
        texts = list(map(isinstance, ids, repeat(str)))  # by iterators in C: most corpora declare none twice
        seen.update(compress(ids, texts))
        declared += sum(texts)
    return list(_reused_ids(index)) if len(seen) < declared else []


def _opened(paths: list[str]) -> Iterator[int]:
    """A read-only handle on each of these files that opens, closed once the caller is done with it."""
    for path in paths:
        try:
            handle = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            yield handle
        finally:
            os.close(handle)


def _in_memory(paths: list[str]) -> bool:
    """Whether the first page of each of these files is in memory (a read told not to wait,
    ``RWF_NOWAIT``, does not refuse); False where that cannot be told."""
    no_wait = getattr(os, "RWF_NOWAIT", None)
    if no_wait is None:
        return False
    page = bytearray(1)
    with closing(_opened(paths)) as handles:
        for handle in handles:
            try:
                os.preadv(handle, [page], 0, no_wait)
            except OSError:  # BlockingIOError: it would wait; another: the file system cannot tell
                return False
    return True


def _advise(paths: list[str]) -> None:
    """Tell the kernel each file will be read soon (it reads them ahead, in parallel with this process)."""
    for handle in _opened(paths):
        with suppress(OSError):
            os.posix_fadvise(handle, 0, 0, os.POSIX_FADV_WILLNEED)


SourceText = tuple[Path, str, str, Callable[[], Location]]  # a source's corpus root, id, text path, its place


def _sources_texts(index: CorpusIndex) -> Iterator[SourceText]:
    """Every source record's corpus root, id and text path, in the corpus's order, with where its path is
    written: from the shelf's facts when it has them (no record is read), else from the records."""
    shelf = index.shelf
    if shelf is not None and shelf.texts is not None:
        for number, texts in enumerate(shelf.texts):
            for item, source_id, text in texts:
                yield shelf._roots[number], source_id, text, partial(shelf.locate, number, item, "text")
        return
    for entry in index.by_kind.get("source", []):
        yield (index.roots[id(entry.doc)], entry.record.id, entry.record.text,  # type: ignore[attr-defined]
               partial(entry.doc.locate, (entry.index, "text")))


def _source_files(index: CorpusIndex) -> list[Finding]:
    """Find each source's text file (SRC001 where there is none under the corpus root)."""
    findings: list[Finding] = []
    resolved: dict[str, str] = {}
    roots: dict[Path, tuple[Path, str, str]] = {}  # each root, as text, and the prefix of the paths inside it
    for root_path, source_id, text, where in _sources_texts(index):
        root = roots.get(root_path)
        if root is None:
            root = roots[root_path] = _root(root_path, resolved)
        path, problem, info = _text_file(text, root, resolved)
        if source_id not in index._text_files:  # the first record of an id, as in by_id
            index._text_files[source_id] = path
            index._text_stats[source_id] = info
        if problem is not None:
            entry_code = code("SRC001")
            findings.append(Finding("SRC001", entry_code.severity, problem, where(), records=(source_id,),
                                    hint=entry_code.hint))
    return findings


def _reused_ids(index: CorpusIndex) -> Iterator[Finding]:
    """ID001: an id declared again, at each later item, naming the first. The ids seen are a set, and the
    first places only of the ids declared twice are found, in a second pass (a place kept per id was a
    dictionary entry and a tuple for each of the 1.1M ids at 1M records). ``_declared`` calls it only when
    some id is declared twice."""
    seen: set[str] = set()
    twice: set[str] = set()
    for raw, _, _ in index.declared():
        if raw in seen:
            twice.add(raw)
        seen.add(raw)
    if not twice:
        return
    del seen
    first_place: dict[str, Location] = {}
    entry = code("ID001")
    for raw, doc, item in index.declared():
        if raw not in twice:
            continue
        first = first_place.get(raw)
        if first is None:
            first_place[raw] = doc.locate((item, "id"))
            continue
        yield Finding("ID001", entry.severity, f"id {raw!r} is already used by the record at {first}",
                      doc.locate((item, "id")), records=(raw,), hint=entry.hint, related=(first,))


def _text_file(text: str, root: tuple[Path, str, str],
               resolved: dict[str, str]) -> tuple[str | None, str | None, os.stat_result | None]:
    """Where a source's text file is, or what is wrong with its path (SRC001), and the file's status
    (``root``: see ``_root``).

    The path is resolved as ``Path.resolve`` does, but each folder once (``resolved`` keeps them: the texts
    of a corpus share a few folders), in text: a regular file inside the corpus then costs one ``lstat``.
    Anything else (a link, a missing file, a name such as '..') is resolved in full by ``_resolve``."""
    folder, name = os.path.split(os.path.join(root[1], text))
    if name not in ("", ".", ".."):
        real = _real(folder, resolved)
        real = real + name if real.endswith(os.sep) else real + os.sep + name
        try:
            info = os.lstat(real)
        except OSError:
            info = None
        if info is not None and stat.S_ISREG(info.st_mode) and real.startswith(root[2]):
            return real, None, info
    return _resolve(text, root[0])


def _root(root: Path, resolved: dict[str, str]) -> tuple[Path, str, str]:
    """A corpus root, as text, and how the resolved path of a file inside it starts."""
    real = _real(os.fspath(root), resolved)
    return root, os.fspath(root), real if real.endswith(os.sep) else real + os.sep


def _real(path: str, resolved: dict[str, str]) -> str:
    """``os.path.realpath`` of a folder, worked out once."""
    real = resolved.get(path)
    if real is None:
        real = resolved[path] = os.path.realpath(path)
    return real


def _resolve(text: str, root: Path) -> tuple[str | None, str | None, os.stat_result | None]:
    """``_text_file`` for any path: resolved as ``Path.resolve`` does, every step."""
    try:
        given = root / text
        real = given.resolve() if given.name in ("", ".", "..") else given.parent.resolve() / given.name
        try:
            info: os.stat_result | None = os.lstat(real)
        except FileNotFoundError:
            info = None
        if info is not None and stat.S_ISLNK(info.st_mode):
            real = real.resolve()
            info = os.stat(real) if real.exists() else None
        if not real.is_relative_to(root.resolve()):
            return None, f"text path {text!r} leads outside the corpus root {str(root)!r}", None
        if info is None or not stat.S_ISREG(info.st_mode):
            return None, f"text file {text!r} does not exist under the corpus root {str(root)!r}", None
    except (OSError, RuntimeError) as exc:
        return None, f"text path {text!r} cannot be resolved: {exc}", None
    return os.fspath(real), None, info


class Shelf:
    """A corpus's records as an incremental run holds them: what each file declares is known (its items'
    raw ids, the kind of each valid record, by item), and ``load(n)`` reads file n's valid records (from
    the cache) when ``by_id`` or ``by_kind`` first needs them. A look-up of one id loads one file; asking
    for every record of a kind loads every file that holds one; listing ``by_id``'s records loads all."""

    def __init__(self, ids: Sequence[Sequence[Any]], kinds: Sequence[Sequence[str | None]],
                 load: Callable[[int], list[ValidRecord]], roots: Sequence[Path],
                 provisions: Sequence[str] | None = None,
                 texts: Sequence[Sequence[tuple[int, str, str]]] | None = None) -> None:
        """``provisions``: by file, the provision ids its proposals declare, each between line breaks (None:
        not known, and a question about one reads every proposal). ``texts``: by file, each source record's
        item, id and text path (None: not known, and the sources' files are read for them)."""
        self.ids, self.kinds, self._load, self._roots, self.provisions = ids, kinds, load, roots, provisions
        self.texts = texts
        self.owner: dict[str, int] = {}  # the file of each id's first valid record
        self.files_of: dict[str, list[int]] = {}  # the files holding records of a kind, in order
        for number in reversed(range(len(ids))):  # an earlier record of an id replaces a later one (iterators in C)
            self.owner.update(zip(compress(reversed(ids[number]), reversed(kinds[number])), repeat(number)))
        for number, of_items in enumerate(kinds):
            for kind in dict.fromkeys(filter(None, of_items)):
                self.files_of.setdefault(kind, []).append(number)
        self._kinds: dict[int, dict[str, str]] = {}  # by file, the kind of each id's first record (see ``kind``)
        self.loaded: dict[int, list[ValidRecord]] = {}
        self._proposals: dict[str, str | None] = {}  # see ``proposal_of``
        self.roots: dict[int, Path] = {}  # as CorpusIndex.roots, for the documents loaded
        self.by_id = _ShelvedIds(self)
        self.by_kind = _ShelvedKinds(self)

    def records(self, number: int) -> list[ValidRecord]:
        """File ``number``'s valid records, loaded now if they are not yet."""
        records = self.loaded.get(number)
        if records is None:
            records = self.loaded[number] = self._load(number)
            for entry in records:
                self.roots[id(entry.doc)] = self._roots[number]
                if self.owner.get(entry.record.id) == number:
                    dict.setdefault(self.by_id, entry.record.id, entry)
        return records

    def locate(self, number: int, item: int, *loc: Any) -> Location:
        """Where the value at ``loc`` of item ``item`` of file ``number`` (a valid record) is written."""
        entry = next(entry for entry in self.records(number) if entry.index == item)
        return entry.doc.locate((item, *loc))

    def of_kind(self, kind: str) -> list[ValidRecord]:
        """Every record of ``kind``, in the corpus's order."""
        return [entry for number in self.files_of.get(kind, ()) for entry in self.records(number)
                if entry.record.kind == kind]

    def ids_by_kind(self, among: Iterable[str] | None = None) -> dict[str, set[str]]:
        of_kind: dict[str, set[str]] = {}
        if among is not None:
            for record_id in among:
                kind = self.kind(record_id)
                if kind is not None:
                    of_kind.setdefault(kind, set()).add(record_id)
            return of_kind
        for kind, files in self.files_of.items():
            ids = of_kind[kind] = set()
            for number in files:
                ids.update(compress(self.ids[number], map(kind.__eq__, self.kinds[number])))
        if sum(map(len, of_kind.values())) > len(self.owner):  # an id of records of two kinds: its first's
            for kind, ids in of_kind.items():
                ids.difference_update([i for i in ids if self.kind(i) != kind])
        return of_kind

    def kind(self, record_id: str) -> str | None:
        """The kind of an id's first valid record (None: no record has it), read from the facts."""
        number = self.owner.get(record_id)
        if number is None:
            return None
        kinds = self._kinds.get(number)
        if kinds is None:  # the file's, its first record of an id last (iterators in C)
            of_items = self.kinds[number]
            kinds = self._kinds[number] = dict(zip(compress(reversed(self.ids[number]), reversed(of_items)),
                                                   filter(None, reversed(of_items))))
        return kinds[record_id]

    def ids_of(self, kind: str) -> list[str]:
        return [record_id for number in self.files_of.get(kind, ())
                for record_id, of in zip(self.ids[number], self.kinds[number]) if of == kind]

    def proposal_of(self, provision: str) -> str | None:
        """``CorpusIndex.proposal_of``, from the files whose facts say they declare the provision (each
        answer kept: an id is often asked about again)."""
        if provision not in self._proposals:
            self._proposals[provision] = self._first_proposal_of(provision)
        return self._proposals[provision]

    def _first_proposal_of(self, provision: str) -> str | None:
        needle = f"\n{provision}\n"
        for number, declared in enumerate(self.provisions or ()):
            if needle in declared:
                for entry in self.records(number):
                    record = entry.record
                    if record.kind == "proposal" and any(p.id == provision for p in record.provisions):
                        return record.id  # type: ignore[no-any-return]
        return None

    def in_order(self) -> KeysView[str]:
        """The ids of valid records in the order of a full run's ``by_id`` (their first appearance)."""
        return dict.fromkeys(chain.from_iterable(map(compress, self.ids, self.kinds))).keys()


class _Shelved(dict):  # type: ignore[type-arg]
    """A mapping of a ``Shelf`` whose keys are known and whose values are loaded on first look-up
    (``__missing__``); a listing of its values loads them all, in its keys' order."""

    def __init__(self, shelf: Shelf, known: dict[str, Any]) -> None:
        super().__init__()
        self.shelf, self.known = shelf, known

    def _order(self) -> KeysView[str]:
        return self.known.keys()

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[key] if key in self.known else default

    def __contains__(self, key: object) -> bool:
        return key in self.known

    def __len__(self) -> int:
        return len(self.known)

    def __iter__(self) -> Iterator[str]:
        return iter(self._order())

    def keys(self) -> KeysView[str]:  # type: ignore[override]
        return self._order()

    def values(self) -> ValuesView[Any]:  # type: ignore[override]
        return self._everything().values()

    def items(self) -> ItemsView[str, Any]:  # type: ignore[override]
        return self._everything().items()

    def _everything(self) -> dict[str, Any]:
        return {key: self[key] for key in self._order()}


class _SourcesOnDemand(Mapping[str, Any]):
    """``CorpusIndex.sources`` on a shelf: an id's record is looked up in ``by_id`` (its file loaded) when
    first asked for, and kept; iterating gathers every source (every source's file loaded)."""

    def __init__(self, index: CorpusIndex) -> None:
        self.index = index
        self.found: dict[str, Any] = {}  # None: no source of that id

    def get(self, source_id: str, default: Any = None) -> Any:  # type: ignore[override]
        found = self.found.get(source_id, self)
        if found is self:
            entry = self.index.by_id.get(source_id)
            found = self.found[source_id] = entry.record if entry is not None and entry.record.kind == "source" else None
        return default if found is None else found

    def __getitem__(self, source_id: str) -> Any:
        found = self.get(source_id)
        if found is None:
            raise KeyError(source_id)
        return found

    def __contains__(self, source_id: object) -> bool:
        return isinstance(source_id, str) and self.get(source_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(entry.record.id for entry in self.index.by_kind.get("source", [])
                                  if self.get(entry.record.id) is not None))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _ShelvedIds(_Shelved):
    """``by_id`` on a ``Shelf``: a record is loaded, with its file, on first look-up; its keys in the order
    of a full run's ``by_id``."""

    def __init__(self, shelf: Shelf) -> None:
        super().__init__(shelf, shelf.owner)

    def __missing__(self, record_id: str) -> ValidRecord:
        self.shelf.records(self.shelf.owner[record_id])
        return dict.__getitem__(self, record_id)

    def _order(self) -> KeysView[str]:
        return self.shelf.in_order()


class _ShelvedKinds(_Shelved):
    """``by_kind`` on a ``Shelf``: a kind's records are gathered (their files loaded) on first use."""

    def __init__(self, shelf: Shelf) -> None:
        super().__init__(shelf, shelf.files_of)

    def __missing__(self, kind: str) -> list[ValidRecord]:
        records = self.shelf.of_kind(kind)
        dict.__setitem__(self, kind, records)
        return records
