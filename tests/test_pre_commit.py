"""The pre-commit hooks of `.pre-commit-hooks.yaml`, run by the real pre-commit on a real git repository.

pre-commit installs a `language: python` hook by pip-installing this repository into a fresh virtualenv.
To stay offline, pip is pointed at a local wheelhouse (``PIP_NO_INDEX``, ``PIP_FIND_LINKS``) holding
accord's dependencies repacked as wheels from the environment the tests run in; everything else is
what a user gets: `pre-commit try-repo` clones this repository, reads its `.pre-commit-hooks.yaml`,
builds and installs accord, and runs the hook's entry.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import REPO_ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None and not os.environ.get("CI"),
                                reason="git is not installed")

BROKEN = "kind: state\nid: russia\nname: Russia\niso_code: RUS\n"
FIXED = "kind: state\nid: russia\nname: Russia\niso_code: RU\n"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_closure(name: str) -> list[metadata.Distribution]:
    """The installed distributions ``name`` needs at run time (itself excluded)."""
    found: dict[str, metadata.Distribution] = {}
    pending = [name]
    while pending:
        current = pending.pop()
        if _normalise(current) in found:
            continue
        dist = metadata.distribution(current)
        found[_normalise(current)] = dist
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    found.pop(_normalise(name))
    return list(found.values())


def _repack(dist: metadata.Distribution, folder: Path) -> Path:
    """Zip an installed distribution's files back into a wheel pip can install."""
    tags = [line.split(":", 1)[1].strip().split("-") for line in (dist.read_text("WHEEL") or "").splitlines()
            if line.startswith("Tag:")]
    tag = "-".join(".".join(dict.fromkeys(t[i] for t in tags)) for i in range(3)) or "py3-none-any"
    path = folder / f"{re.sub(r'[-_.]+', '_', dist.metadata['Name'])}-{dist.version}-{tag}.whl"
    base = Path(str(dist.locate_file("")))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
        for file in dist.files or []:
            if file.parts[0] != ".." and "__pycache__" not in file.parts:  # scripts are made anew by pip
                wheel.write(base / file, str(file))
    return path


@pytest.fixture(scope="module")
def offline_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment for pre-commit: its own cache, pip limited to a wheelhouse of accord's dependencies."""
    wheelhouse = tmp_path_factory.mktemp("wheelhouse")
    for dist in _runtime_closure("accord"):
        _repack(dist, wheelhouse)
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PIP_", "PRE_COMMIT"))}
    env |= {
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        # pip's inverted spelling for --no-build-isolation: build accord with the hook virtualenv's own
        # setuptools instead of fetching the build requirements.
        "PIP_NO_BUILD_ISOLATION": "0",
        "PIP_CONFIG_FILE": os.devnull,
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
    }
    return env


@pytest.fixture
def curated_repo(tmp_path: Path, offline_env: dict[str, str]) -> Path:
    """A git repository holding a one-record corpus with a planted error (a three-letter ISO code)."""
    repo = tmp_path / "curators"
    (repo / "corpus" / "states").mkdir(parents=True)
    (repo / "pyproject.toml").write_text('[tool.accord]\ncorpus = "corpus"\n', encoding="utf-8")
    (repo / "corpus" / "states" / "russia.yaml").write_text(BROKEN, encoding="utf-8")
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "seed"]):
        subprocess.run(command, cwd=repo, env=offline_env, check=True)
    return repo


def _try_repo(repo: Path, hook: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(REPO_ROOT), hook, "--all-files",
                           "--color", "never"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("hook", ["accord", "accord-check"])
def test_the_hook_fails_on_the_planted_error_and_passes_once_fixed(curated_repo, offline_env, hook):
    failed = _try_repo(curated_repo, hook, offline_env)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert re.search(r"accord check\.+Failed", failed.stdout), failed.stdout
    assert "corpus/states/russia.yaml:4:11: SCH004 `iso_code`" in failed.stdout, failed.stdout
    assert "Traceback" not in failed.stdout + failed.stderr

    (curated_repo / "corpus" / "states" / "russia.yaml").write_text(FIXED, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=curated_repo, env=offline_env, check=True)
    passed = _try_repo(curated_repo, hook, offline_env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"accord check\.+Passed", passed.stdout), passed.stdout


def test_the_hooks_file_keeps_both_ids_with_the_same_entry():
    import yaml

    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"accord", "accord-check"}
    assert hooks["accord"]["entry"] == hooks["accord-check"]["entry"]
    assert hooks["accord"]["language"] == "python"
