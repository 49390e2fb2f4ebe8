"""The hooks in .pre-commit-hooks.yaml, run by pre-commit itself on a docs repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT, require


def docs_repository(tmp_path: Path) -> Path:
    """A docs repository whose .pre-commit-config.yaml takes both hooks from this one, at
    its last commit (pre-commit installs a hook environment once per revision)."""
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    require(head.returncode == 0, "a git checkout of arch-draw (pre-commit takes hooks from git)")
    folder = tmp_path / "docs-repo"
    (folder / "blueprints").mkdir(parents=True)
    shutil.copy(FIXTURES / "same-labels.yaml", folder / "blueprints")
    (folder / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {head.stdout.strip()}\n"
        "    hooks:\n      - id: arch-draw-validate\n      - id: arch-draw-check\n"
    )
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    return folder


@pytest.fixture(scope="module")
def hook_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where pre-commit keeps its hook environments: one for these tests, rather than the
    user's ~/.cache (the environment is made once and shared by both tests)."""
    return tmp_path_factory.mktemp("pre-commit-home")


def try_hook(folder: Path, hook: str, home: Path) -> subprocess.CompletedProcess[str]:
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", hook, "--all-files"],
        cwd=folder,
        env={**os.environ, "PRE_COMMIT_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_validate_hook_reports_problems(tmp_path: Path, hook_home: Path) -> None:
    folder = docs_repository(tmp_path)
    assert try_hook(folder, "arch-draw-validate", hook_home).returncode == 0
    (folder / "blueprints" / "bad.yaml").write_text("title: T\nnodes:\n  a: {type: ec3}\n")
    failed = try_hook(folder, "arch-draw-validate", hook_home)
    assert failed.returncode == 1
    assert "blueprints/bad.yaml:3:13: unknown node type 'ec3'" in failed.stdout
    assert list(hook_home.iterdir())  # its hook environment is here, not in ~/.cache


def test_check_hook_fails_on_stale_drawings(tmp_path: Path, hook_home: Path) -> None:
    folder = docs_repository(tmp_path)
    assert try_hook(folder, "arch-draw-check", hook_home).returncode == 1  # nothing drawn yet
    subprocess.run([sys.executable, "-m", "arch_draw", "build", "-q"], cwd=folder, check=True)
    assert try_hook(folder, "arch-draw-check", hook_home).returncode == 0
    edited = folder / "blueprints" / "same-labels.yaml"
    edited.write_text(edited.read_text().replace("Web tier", "App tier"))
    failed = try_hook(folder, "arch-draw-check", hook_home)
    assert failed.returncode == 1
    assert "blueprints/same-labels.yaml: drawings in output are stale or missing" in failed.stdout
