"""Shared fixtures: hypothesis profiles, writing corpus files under tmp_path, running the CLI in-process."""

from __future__ import annotations

import os
import re
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # `import strategies` from any test module

# "ci" (default): deterministic and quick enough for the whole suite to stay well under a minute on two
# cores. "dev": more examples, random, for hunting: HYPOTHESIS_PROFILE=dev .venv/bin/python -m pytest
settings.register_profile(
    "ci", max_examples=60, deadline=None, derandomize=True, database=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "dev", max_examples=500, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True, scope="session")
def _cache_of_its_own(tmp_path_factory: pytest.TempPathFactory) -> None:
    """`accord check` keeps a cache under $XDG_CACHE_HOME: the tests' goes to a folder of their own."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a file under tmp_path: ``write("corpus/a.yaml", "kind: ...")``; text is dedented, bytes
    are written as they are."""

    def _write(relative: str, content: str | bytes) -> Path:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content), encoding="utf-8", newline="")
        return path

    return _write


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.out.splitlines()

    def finding_lines(self) -> list[str]:
        """The ``path:line:col: CODE message`` lines of the text report."""
        return [line for line in self.lines if re.match(r"^\S.*:\d+:\d+: [A-Z]+\d{3} ", line)]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory of its own, with a pyproject.toml naming ``corpus`` as the corpus."""
    (tmp_path / "pyproject.toml").write_text('[tool.accord]\ncorpus = "corpus"\n', encoding="utf-8")
    (tmp_path / "corpus").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def accord(capsys: pytest.CaptureFixture[str]) -> Callable[..., CliResult]:
    """Run ``accord ARGS...`` in-process (the working directory is the test's); argparse exits are
    turned into exit codes as the console script would."""
    from validator.cli import main

    def _run(*args: str) -> CliResult:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return _run
