"""Configuration from ``[tool.accord]`` in the nearest ``pyproject.toml``, with sensible defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from validator.guards import Limits

__all__ = ["Config", "ConfigError", "load_config", "DEFAULT_CORPUS"]

DEFAULT_CORPUS = "corpus_yaml"
_LIMIT_KEYS = ("max_file_bytes", "max_depth", "max_scalar_chars")
_KNOWN_KEYS = {"corpus", "extensions", "select", "ignore", *_LIMIT_KEYS}


class ConfigError(Exception):
    """The configuration cannot be used; a usage problem (exit 2)."""


@dataclass(frozen=True)
class Config:
    corpus: Path
    extensions: tuple[str, ...] = (".yaml", ".yml")
    limits: Limits = Limits()
    select: tuple[str, ...] = ()  # code prefixes to run (empty: all)
    ignore: tuple[str, ...] = ()  # code prefixes not to run or report
    file: Path | None = None  # the pyproject.toml it came from, if any

    def selected(self, name: str) -> bool:
        """Whether findings of code ``name`` are wanted: selected (by prefix) and not ignored."""
        if self.select and not name.startswith(self.select):
            return False
        return not (self.ignore and name.startswith(self.ignore))


def _find_pyproject(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_config(start: Path | None = None) -> Config:
    """Read ``[tool.accord]`` from the nearest ``pyproject.toml`` at or above ``start`` (default: cwd)."""
    here = (start or Path.cwd()).resolve()
    pyproject = _find_pyproject(here)
    if pyproject is None:
        return Config(corpus=here / DEFAULT_CORPUS)
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{pyproject}: cannot read the configuration: {exc}") from None
    section = data.get("tool", {}).get("accord", {})
    if not isinstance(section, dict):
        raise ConfigError(f"{pyproject}: [tool.accord] must be a table")
    unknown = sorted(set(section) - _KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{pyproject}: unknown key(s) in [tool.accord]: {', '.join(unknown)} "
                          f"(known: {', '.join(sorted(_KNOWN_KEYS))})")
    corpus = section.get("corpus", DEFAULT_CORPUS)
    if not isinstance(corpus, str) or not corpus:
        raise ConfigError(f"{pyproject}: [tool.accord] corpus must be a path, e.g. corpus = \"corpus_yaml\"")
    extensions = section.get("extensions", [".yaml", ".yml"])
    if not isinstance(extensions, list) or not all(isinstance(e, str) and e.startswith(".") for e in extensions):
        raise ConfigError(f"{pyproject}: [tool.accord] extensions must be a list such as [\".yaml\", \".yml\"]")
    limits = {}
    for key in _LIMIT_KEYS:
        value = section.get(key, getattr(Limits(), key))
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"{pyproject}: [tool.accord] {key} must be a positive whole number")
        limits[key] = value
    chosen = {}
    for key in ("select", "ignore"):
        value = section.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(f"{pyproject}: [tool.accord] {key} must be a list of codes or code prefixes, "
                              f"e.g. {key} = [\"DUP\", \"DATE002\"]")
        chosen[key] = tuple(value)
    return Config(corpus=pyproject.parent / corpus, extensions=tuple(extensions), limits=Limits(**limits),
                  file=pyproject, **chosen)
