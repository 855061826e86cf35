"""Configuration: ``accord.toml`` (top-level keys) or ``[tool.accord]`` in ``pyproject.toml``, found from
the working directory upwards, with defaults for what neither says.

Precedence: a command-line option beats the file; in one folder ``accord.toml`` beats ``pyproject.toml``
(whose ``[tool.accord]`` is then not read); a nearer folder beats one further up; a ``pyproject.toml``
without ``[tool.accord]`` is passed over. Every value remembers where it came from (``accord config``).
An unknown key, at any level, is an error naming the key and the file.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import json
import os
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validator.findings import Finding
from validator.guards import Limits

__all__ = ["Config", "ConfigError", "Override", "load_config", "DEFAULT_CORPUS", "SEVERITIES"]

DEFAULT_CORPUS = "corpus_yaml"
SEVERITIES = ("error", "warning", "info")
_LIMIT_KEYS = ("max_file_bytes", "max_depth", "max_scalar_chars")
_KNOWN_KEYS = {"corpus", "extensions", "include", "exclude", "select", "ignore", "severity", "overrides",
               *_LIMIT_KEYS}
_OVERRIDE_KEYS = {"paths", "select", "ignore", "severity"}


class ConfigError(Exception):
    """The configuration cannot be used; a usage problem (exit 2)."""


@dataclass(frozen=True)
class Override:
    """Settings for the files matching ``paths`` (globs relative to the configuration's folder): only
    ``select`` (if given) and not ``ignore`` are reported there, with ``severity`` per code."""

    paths: tuple[str, ...]
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    corpus: Path  # the first corpus folder (``corpora[0]``)
    extensions: tuple[str, ...] = (".yaml", ".yml")
    limits: Limits = Limits()
    select: tuple[str, ...] = ()  # code prefixes to run (empty: all)
    ignore: tuple[str, ...] = ()  # code prefixes not to run or report
    file: Path | None = None  # the configuration file it came from, if any
    corpora: tuple[Path, ...] = ()  # every corpus folder (default: ``corpus`` alone)
    include: tuple[str, ...] = ()  # globs: only matching files are checked (empty: all)
    exclude: tuple[str, ...] = ()  # globs: matching files are not checked
    severity: dict[str, str] = field(default_factory=dict)  # code -> severity it is reported with
    overrides: tuple[Override, ...] = ()
    base: Path | None = None  # the folder globs are relative to (the configuration's)
    sources: dict[str, str] = field(default_factory=dict)  # key -> "file: table.key", or "default"

    def __post_init__(self) -> None:
        if not self.corpora:
            object.__setattr__(self, "corpora", (self.corpus,))

    def selected(self, name: str) -> bool:
        """Whether findings of code ``name`` are wanted: selected (by prefix) and not ignored."""
        return _wanted(name, self.select, self.ignore)

    def with_option(self, key: str, value: Any, flag: str) -> Config:
        """This configuration with ``key`` set from the command line (``flag``)."""
        return dataclasses.replace(self, **{key: value}, sources={**self.sources, key: f"command line ({flag})"})

    def describe(self) -> str:
        """The effective configuration as TOML for ``accord.toml``, each value commented with where it came
        from (``file: table.key``, ``command line``, or ``default``)."""
        base = self.base or Path.cwd()
        origin = f"{self.file}" if self.file else f"no configuration file; defaults, relative to {base}"
        lines: list[tuple[str, str]] = [(f"# accord configuration: {origin}", "")]

        def source(key: str) -> str:
            return self.sources.get(key, "default")

        corpora = [os.path.relpath(c, base) for c in self.corpora]
        lists = ("extensions", "include", "exclude", "select", "ignore")
        values = [("corpus", corpora), *((key, list(getattr(self, key))) for key in lists),
                  *((key, getattr(self.limits, key)) for key in _LIMIT_KEYS)]
        for key, value in values:
            lines.append((f"{key} = {_toml(value)}", source(key)))
        lines.append(("", ""))
        lines.append(("[severity]", source("severity") if self.severity else "default: each code's own"))
        for name, severity in sorted(self.severity.items()):
            lines.append((f"{name} = {_toml(severity)}", f"{source('severity')}.{name}"))
        for number, override in enumerate(self.overrides):
            lines += [("", ""), ("[[overrides]]", f"{source('overrides')}[{number}]"),
                      (f"paths = {_toml(list(override.paths))}", "")]
            lines += [(f"{key} = {_toml(list(getattr(override, key)))}", "") for key in ("select", "ignore")
                      if getattr(override, key)]
            if override.severity:
                lines.append(("severity = {" + ", ".join(f"{k} = {_toml(v)}" for k, v in override.severity.items())
                              + "}", ""))
        width = max(len(text) for text, note in lines if note and not text.startswith("#"))
        return "".join(f"{text:{width}}  # {note}\n" if note and not text.startswith("#") else f"{text}\n"
                       for text, note in lines)

    def _relative(self, path: str) -> str:
        absolute = Path(path).absolute()
        base = (self.base or Path.cwd()).absolute()
        return absolute.relative_to(base).as_posix() if absolute.is_relative_to(base) else absolute.as_posix()

    def wants_file(self, path: Path) -> bool:
        """Whether ``include``/``exclude`` let a file be checked."""
        if not self.include and not self.exclude:
            return True  # without working out its path: a corpus has thousands of files
        relative = self._relative(str(path))
        if self.include and not _matches(relative, self.include):
            return False
        return not _matches(relative, self.exclude)

    def adjust(self, findings: Iterable[Finding]) -> list[Finding]:
        """Apply per-rule severities and per-path overrides to the findings of a run."""
        if not self.severity and not self.overrides:
            return list(findings)
        out = []
        relatives: dict[str, str] = {}  # each file's path once: a run may have a million findings
        for found in findings:
            severity = self.severity.get(found.code)
            relative = relatives.get(found.location.path)
            if relative is None:
                relative = relatives[found.location.path] = self._relative(found.location.path)
            wanted = True
            for override in self.overrides:
                if _matches(relative, override.paths):
                    wanted = wanted and _wanted(found.code, override.select, override.ignore)
                    severity = override.severity.get(found.code, severity)
            if not wanted:
                continue
            out.append(found if severity in (None, found.severity) else dataclasses.replace(found, severity=severity))
        return out


def _toml(value: Any) -> str:
    """A TOML literal for the values a configuration holds: text, whole numbers, lists of text."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _wanted(name: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    if select and not name.startswith(select):
        return False
    return not (ignore and name.startswith(ignore))


def _matches(relative: str, patterns: Iterable[str]) -> bool:
    """fnmatch globs on the path relative to the configuration's folder (``*`` also crosses ``/``); a
    pattern naming a folder matches everything below it."""
    return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(relative, p.rstrip("/") + "/*")
               for p in patterns)


def _find_config(start: Path) -> tuple[Path | None, Path | None]:
    """The nearest configuration file at or above ``start``, and the nearest pyproject.toml (which says
    where the project is even without ``[tool.accord]``)."""
    nearest_pyproject = None
    for folder in (start, *start.parents):
        own = folder / "accord.toml"
        if own.is_file():
            return own, nearest_pyproject or own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            nearest_pyproject = nearest_pyproject or pyproject
            if "accord" in _read(pyproject).get("tool", {}):
                return pyproject, nearest_pyproject
    return None, nearest_pyproject


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration: {exc}") from None


class _Reader:
    """Reads one configuration table, naming the file and key in every error."""

    def __init__(self, path: Path, table: str) -> None:
        self.path, self.table = path, table

    def where(self, key: str) -> str:
        return f"{self.path.name}: {self.table + '.' if self.table else ''}{key}"

    def fail(self, message: str) -> ConfigError:
        return ConfigError(f"{self.path}: {message}")

    def label(self, table: str) -> str:
        return f"[{table}]" if table else "the top level"

    def check_keys(self, data: dict[str, Any], known: set[str], table: str) -> None:
        unknown = sorted(set(data) - known)
        if unknown:
            where = f"in [{table}]" if table else "at the top level"
            raise self.fail(f"unknown key(s) {where}: {', '.join(unknown)} "
                            f"(known: {', '.join(sorted(known))})")

    def strings(self, data: dict[str, Any], key: str, table: str, example: str) -> tuple[str, ...] | None:
        if key not in data:
            return None
        value = data[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(f"{self.label(table)} {key} must be a list of text, e.g. {key} = {example}")
        return tuple(value)

    def codes(self, data: dict[str, Any], key: str, table: str) -> tuple[str, ...] | None:
        value = self.strings(data, key, table, '["DUP", "DATE002"]')
        if value is not None and not all(v.isalnum() for v in value):
            raise self.fail(f"{self.label(table)} {key} must be a list of codes or code prefixes, "
                            f"e.g. {key} = [\"DUP\", \"DATE002\"]")
        return value

    def severities(self, value: Any, table: str) -> dict[str, str]:
        from validator.cli import _all_codes  # every code registered, rules included

        if not isinstance(value, dict):
            raise self.fail(f"[{table}] must be a table of code = severity, e.g. DUP001 = \"error\"")
        known = _all_codes()
        unknown = sorted(set(value) - set(known))
        if unknown:
            raise self.fail(f"unknown key(s) in [{table}]: {', '.join(unknown)} (codes that `accord rules` lists)")
        for name, severity in value.items():
            if severity not in SEVERITIES:
                raise self.fail(f"[{table}] {name} must be one of {', '.join(SEVERITIES)}, not {severity!r}")
        return dict(value)


def load_config(start: Path | None = None, file: Path | None = None) -> Config:
    """The configuration for a run from ``start`` (default: the working directory): ``file`` if given,
    else the nearest ``accord.toml`` or ``pyproject.toml`` with ``[tool.accord]``."""
    here = (start or Path.cwd()).resolve()
    project = None
    if file is None:
        file, project = _find_config(here)
    elif not file.is_file():
        raise ConfigError(f"{file}: no such configuration file")
    if file is None:
        base = project.parent if project is not None else here
        return Config(corpus=base / DEFAULT_CORPUS, base=base, sources={})
    file = file.resolve()
    data = _read(file)
    table = "tool.accord" if file.name == "pyproject.toml" else ""
    section = data.get("tool", {}).get("accord", {}) if table else data
    reader = _Reader(file, table)
    if not isinstance(section, dict):
        raise reader.fail("[tool.accord] must be a table")
    reader.check_keys(section, _KNOWN_KEYS, table)
    base = file.parent
    sources = {key: reader.where(key) for key in section}
    return Config(base=base, file=file, sources=sources, **_values(section, reader, base))


def _values(section: dict[str, Any], reader: _Reader, base: Path) -> dict[str, Any]:
    table = reader.table
    corpora = reader.strings(section, "corpus", table, '"corpus_yaml" or ["a", "b"]') or (DEFAULT_CORPUS,)
    extensions = reader.strings(section, "extensions", table, '[".yaml", ".yml"]') or (".yaml", ".yml")
    if not all(e.startswith(".") for e in extensions):
        raise reader.fail(f"{reader.label(table)} extensions must be a list such as [\".yaml\", \".yml\"]")
    limits = {}
    for key in _LIMIT_KEYS:
        value = section.get(key, getattr(Limits(), key))
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise reader.fail(f"{reader.label(table)} {key} must be a positive whole number")
        limits[key] = value
    overrides = section.get("overrides", [])
    if not isinstance(overrides, list) or not all(isinstance(o, dict) for o in overrides):
        raise reader.fail(f"overrides must be an array of tables: [[{table + '.' if table else ''}overrides]]")
    read_overrides = []
    for number, entry in enumerate(overrides):
        name = f"{table + '.' if table else ''}overrides[{number}]"
        reader.check_keys(entry, _OVERRIDE_KEYS, name)
        paths = reader.strings(entry, "paths", name, '["corpus_yaml/drafts/*"]')
        if not paths:
            raise reader.fail(f"[{name}] needs paths, e.g. paths = [\"corpus_yaml/drafts/*\"]")
        read_overrides.append(Override(
            paths=paths, select=reader.codes(entry, "select", name) or (),
            ignore=reader.codes(entry, "ignore", name) or (),
            severity=reader.severities(entry.get("severity", {}), f"{name}.severity")))
    return {
        "corpus": Path(os.path.normpath(base / corpora[0])),
        "corpora": tuple(Path(os.path.normpath(base / c)) for c in corpora),
        "extensions": extensions,
        "limits": Limits(**limits),
        "select": reader.codes(section, "select", table) or (),
        "ignore": reader.codes(section, "ignore", table) or (),
        "include": reader.strings(section, "include", table, '["corpus_yaml/**"]') or (),
        "exclude": reader.strings(section, "exclude", table, '["corpus_yaml/drafts/*"]') or (),
        "severity": reader.severities(section.get("severity", {}), f"{table + '.' if table else ''}severity"),
        "overrides": tuple(read_overrides),
    }
