"""Editor set-up: which JSON Schema each corpus file gets, as VS Code settings or as modelines.

yaml-language-server (VS Code's YAML extension, and most other editors' YAML support) picks a file's
schema from a ``# yaml-language-server: $schema=...`` first line, else from ``yaml.schemas`` globs in the
settings. accord maps each corpus folder to the schema of the one record kind its files hold, or to the
file schema (any records) where kinds are mixed, so the editor flags what ``accord check`` would at
the record level, as the curator types.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from schema.records import RECORD_MODELS
from validator.loader import load_file
from validator.run import Target

__all__ = ["EditorError", "file_kind", "folder_schemas", "merge_vscode_settings", "modeline", "with_modeline",
           "MODELINE_PREFIX", "ANY_RECORDS"]

MODELINE_PREFIX = "# yaml-language-server: $schema="
ANY_RECORDS = "file.schema.json"  # one record or a list of records of any kind


class EditorError(Exception):
    """Editor settings that accord will not touch (e.g. a settings file that is not valid JSON)."""


def file_kind(target: Target) -> str | None:
    """The one record kind a file holds (every item a record of that kind), else None."""
    items = load_file(target.path, target.display, target.root).items
    kinds = {item.get("kind") if isinstance(item, dict) else None for item in items}
    if len(kinds) == 1:
        kind = kinds.pop()
        if isinstance(kind, str) and kind in RECORD_MODELS:
            return kind
    return None


def schema_name(kind: str | None) -> str:
    return f"{kind}.schema.json" if kind else ANY_RECORDS


@dataclass(frozen=True)
class FolderSchema:
    folder: PurePosixPath  # relative to the workspace
    schema: str  # file name in the schema folder


def folder_schemas(targets: list[Target], workspace: Path) -> list[FolderSchema]:
    """Each folder of corpus files (relative to ``workspace``), with the schema of its one kind, or the file
    schema where its files hold different kinds or none."""
    kinds: dict[PurePosixPath, set[str | None]] = defaultdict(set)
    for target in targets:
        folder = PurePosixPath(Path(os.path.relpath(target.path.parent, workspace)).as_posix())
        kinds[folder].add(file_kind(target))
    return [FolderSchema(folder, schema_name(found.pop() if len(found) == 1 else None))
            for folder, found in sorted(kinds.items())]


def _glob(folder: PurePosixPath, extension: str) -> str:
    return f"*{extension}" if str(folder) == "." else f"{folder}/*{extension}"


def merge_vscode_settings(existing: str | None, settings_path: str, mapping: list[FolderSchema],
                          schema_dir: str, extensions: tuple[str, ...]) -> str:
    """The text of ``.vscode/settings.json`` with ``yaml.schemas`` mapping each folder to its schema.

    Every other setting is kept, and so are ``yaml.schemas`` entries for other schemas; entries for
    accord's schemas (under ``schema_dir``) are replaced. Raises ``EditorError`` for a file that is not
    a JSON object, rather than overwriting what the user wrote.
    """
    settings: dict = {}
    if existing is not None and existing.strip():
        try:
            settings = json.loads(existing)
        except json.JSONDecodeError as exc:
            raise EditorError(
                f"{settings_path}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}); accord will not overwrite "
                "it: fix it (comments and trailing commas are not JSON) or move it away, then run again") from None
        if not isinstance(settings, dict):
            raise EditorError(f"{settings_path}: holds a JSON {type(settings).__name__}, not an object of settings; "
                              "accord will not overwrite it")
    schemas = settings.get("yaml.schemas", {})
    if not isinstance(schemas, dict):
        raise EditorError(f"{settings_path}: `yaml.schemas` is not an object mapping schemas to globs; "
                          "accord will not overwrite it")
    prefix = schema_dir.rstrip("/") + "/"
    kept = {key: value for key, value in schemas.items() if not key.startswith(prefix)}
    ours: dict[str, list[str]] = defaultdict(list)
    for entry in mapping:
        ours[prefix + entry.schema].extend(_glob(entry.folder, extension) for extension in extensions)
    settings["yaml.schemas"] = kept | dict(sorted(ours.items()))
    return json.dumps(settings, indent=2, ensure_ascii=False) + "\n"


def modeline(file: Path, schema: Path) -> str:
    """The first line that points yaml-language-server at ``schema``, relative to ``file``'s folder."""
    return MODELINE_PREFIX + Path(os.path.relpath(schema, file.parent)).as_posix()


def with_modeline(text: str, line: str) -> str:
    """``text`` whose first line is ``line``: an existing yaml-language-server modeline is replaced, else the
    line is put before the rest, which is kept byte for byte."""
    first, _, rest = text.partition("\n")
    ending = "\r\n" if first.endswith("\r") else "\n"
    if first.startswith("# yaml-language-server:"):
        return line + ending + rest
    return line + ending + text
