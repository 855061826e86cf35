"""Only what changed: the corpus files changed since a git revision, plus every file whose records refer
to theirs, are referred to by them, or declare one of their ids, checked against the whole corpus.

"Changed since REV" means what differs between the merge base of REV and HEAD and the working tree:
commits since then, staged and unstaged edits, untracked files (git's ignore rules apply), deletions.
With REV = HEAD (the default) that is the work not yet committed; in a pull request, the target branch
(``--changed origin/main``) gives the pull request's changes. A changed source text file counts as a
change of the source records that name it. The ids a changed or deleted file declared at REV count too,
so a renamed or deleted id brings in the records that still use it.

The scope is computed from the raw YAML of the corpus (so a record that fails its schema still brings in
what it refers to); the check itself is the usual check of some files against the whole corpus, whose
findings are exactly those of a full run that involve a file in scope.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from validator.guards import Limits
from validator.loader import load_bytes, load_file
from validator.rules.references import FIELDS
from validator.run import Target

__all__ = ["ChangedError", "changed_scope", "git_changes"]


class ChangedError(Exception):
    """git cannot say what changed (not a repository, unknown revision); a usage problem (exit 2)."""


def _git(folder: Path, *args: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, check=False)
    except OSError as exc:
        raise ChangedError(f"cannot run git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        raise ChangedError(f"git {' '.join(args[:2])}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def git_changes(folder: Path, rev: str) -> tuple[set[Path], dict[Path, bytes]]:
    """The files changed since ``rev`` in the repository holding ``folder`` (absolute paths, existing
    or not), and the content at the merge base of each changed file that existed there."""
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    except ChangedError:
        raise ChangedError(f"{rev!r} is not a revision of the git repository at {top}") from None
    base = _git(top, "merge-base", rev, "HEAD").strip()
    names = _git(top, "diff", "--name-only", "--no-renames", "-z", base, "--").split("\0")
    names += _git(top, "ls-files", "--others", "--exclude-standard", "-z").split("\0")
    changed = {(top / name).resolve() for name in names if name}
    before: dict[Path, bytes] = {}
    listed = set(_git(top, "ls-tree", "-r", "--name-only", "-z", base).split("\0"))
    for path in changed:
        relative = path.relative_to(top).as_posix()
        if relative in listed:
            done = subprocess.run(["git", "-C", str(top), "show", f"{base}:{relative}"], capture_output=True,
                                  check=False)
            if done.returncode == 0:
                before[path] = done.stdout
    return changed, before


def _ids_used(item: dict[str, Any]) -> Iterator[str]:
    """Every id a raw record names in a field that holds ids (those of ``FIELDS``, and a review's
    ``records``), whatever else is wrong with it."""
    kind = item.get("kind")
    fields = [(name, many) for name, _, many in FIELDS.get(kind, [])] if isinstance(kind, str) else []
    if kind == "review":
        fields.append(("records", True))
    for name, many in fields:
        head, _, tail = name.partition(".")
        values = [item.get(head)]
        if tail:
            values = [element.get(tail) for element in (values[0] if isinstance(values[0], list) else [])
                      if isinstance(element, dict)]
        for value in values:
            for one in (value if many and isinstance(value, list) else [value]):
                if isinstance(one, str):
                    yield one


def _records(items: list[Any]) -> Iterator[dict[str, Any]]:
    return (item for item in items if isinstance(item, dict))


def _read(target: Target, limits: Limits) -> tuple[set[str], set[str], set[Path]]:
    """The ids a file declares, the ids its records name, and the source texts its sources name."""
    own: set[str] = set()
    named: set[str] = set()
    texts: set[Path] = set()
    for item in _records(load_file(target.path, target.display, target.root, limits).items):
        if isinstance(item.get("id"), str):
            own.add(item["id"])
        named.update(_ids_used(item))
        if item.get("kind") == "source" and isinstance(item.get("text"), str):
            texts.add((target.root / item["text"]).resolve())
    return own, named, texts


# Ids are lower-case ASCII letters and digits joined by '-' or '_': in YAML text a record naming one has it as
# a whole word of these characters, and a record declaring one has it after an `id` key. Only the files whose
# text could name a changed id, or declare one the changed records name, are parsed (which confirms it).
_WORD = re.compile(rb"[a-z0-9][a-z0-9_-]*")
_DECLARED = re.compile(rb"""(?<![\w-])["']?id["']?[ \t]*:[ \t]*["']?([a-z0-9][a-z0-9_-]*)""")


def _bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # the check itself reports a file it cannot read


def changed_scope(corpus: list[Target], changed: set[Path], before: dict[Path, bytes], limits: Limits,
                  extensions: tuple[str, ...]) -> list[Target]:
    """The files of ``corpus`` to check: those ``changed``, and those whose records refer to a record of
    theirs (as it is now or was at the base, ``before``), are referred to by one, or declare its id. A
    changed file that is not a record file (a source's text) changes the sources that name it."""
    by_path = {t.path.resolve(): t for t in corpus}
    seeds = {path for path in changed if path in by_path}
    texts = {path for path in changed if not path.name.endswith(extensions)}
    if texts:
        names = {path.name.encode() for path in texts}
        for path, target in by_path.items():
            if path not in seeds and any(name in _bytes(path) for name in names) and _read(target, limits)[2] & texts:
                seeds.add(path)
    own: set[str] = set()  # ids the changed files declare, now or at the base
    named: set[str] = set()  # ids the changed files' records name
    for path in seeds:
        declared, used, _ = _read(by_path[path], limits)
        own |= declared
        named |= used
    for path, data in before.items():
        own |= {item["id"] for item in _records(load_bytes(data, str(path), limits).items)
                if isinstance(item.get("id"), str)}
    own_words = {word.encode() for word in own}
    named_words = {word.encode() for word in own | named}
    scope = set(seeds)
    for path, target in by_path.items():
        if path in scope:
            continue
        data = _bytes(path)
        if own_words.isdisjoint(_WORD.findall(data)) and named_words.isdisjoint(_DECLARED.findall(data)):
            continue
        declared, used, _ = _read(target, limits)
        if declared & (own | named) or used & own:
            scope.add(path)
    return [t for t in corpus if t.path.resolve() in scope]
