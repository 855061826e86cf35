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

import subprocess
from collections import defaultdict
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


def changed_scope(corpus: list[Target], changed: set[Path], before: dict[Path, bytes],
                  limits: Limits) -> list[Target]:
    """The files of ``corpus`` to check: those ``changed``, and those whose records refer to a record of
    theirs (as it is now or was at the base, ``before``) or are referred to by one."""
    by_path = {t.path.resolve(): t for t in corpus}
    declares: dict[str, set[Path]] = defaultdict(set)  # id -> files declaring it
    uses: dict[str, set[Path]] = defaultdict(set)  # id -> files whose records name it
    named: dict[Path, set[str]] = defaultdict(set)  # file -> ids its records name
    own: dict[Path, set[str]] = defaultdict(set)  # file -> ids it declares
    texts: dict[Path, set[Path]] = defaultdict(set)  # source text file -> files of the sources naming it
    for target in corpus:
        path = target.path.resolve()
        for item in _records(load_file(target.path, target.display, target.root, limits).items):
            if isinstance(item.get("id"), str):
                declares[item["id"]].add(path)
                own[path].add(item["id"])
            for used in _ids_used(item):
                uses[used].add(path)
                named[path].add(used)
            if item.get("kind") == "source" and isinstance(item.get("text"), str):
                texts[(target.root / item["text"]).resolve()].add(path)
    seeds = {path for path in changed if path in by_path}
    for path in changed:
        seeds |= texts.get(path, set())
    ids = {record_id for path in seeds for record_id in own[path]}
    for path, data in before.items():
        ids |= {item["id"] for item in _records(load_bytes(data, str(path), limits).items)
                if isinstance(item.get("id"), str)}
    scope = set(seeds)
    for record_id in ids:
        scope |= uses.get(record_id, set())  # records that refer to a changed one
        scope |= declares.get(record_id, set())  # and records that declare the same id
    for path in seeds:
        for used in named[path]:
            scope |= declares.get(used, set())  # records a changed one refers to
    return [t for t in corpus if t.path.resolve() in scope]
