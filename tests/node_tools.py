"""The node tools some tests run, installed by `npm ci --prefix tests/node` (`.ci/run` does it).

A missing node or package skips the test on a developer's machine and fails it in CI (``CI`` set), so
that CI cannot pass by testing nothing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

NODE_DIR = Path(__file__).resolve().parent / "node"
MODULES = NODE_DIR / "node_modules"


def missing(what: str) -> None:
    message = f"{what}; run `npm ci --prefix tests/node`"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI must run this test, not skip it)", pytrace=False)
    pytest.skip(message)


def node() -> str:
    """The node executable."""
    found = shutil.which("node")
    if found is None:
        missing("node is not installed")
    return found  # type: ignore[return-value]


def package(name: str) -> Path:
    """The folder of an installed npm package of tests/node/package.json."""
    folder = MODULES / name
    if not (folder / "package.json").is_file():
        missing(f"the npm package {name} is not installed in tests/node/node_modules")
    return folder
