"""The README's examples are run, so they cannot drift from what arch-draw does."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from arch_draw.pipeline import draw, load_blueprint

from .conftest import BLUEPRINTS, ROOT
from .test_cli import TYPO_ERRORS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_starts_with_the_two_commands():
    assert README.splitlines()[:6] == [
        "# arch-draw",
        "",
        "```sh",
        "python3 -m venv .venv && .venv/bin/pip install -q -c constraints.txt -e '.[dev]' "
        "&& .venv/bin/arch-draw build",
        ".venv/bin/python -m pytest",
        "```",
    ]


def test_the_blueprint_example_draws(tmp_path: Path):
    example = fenced("yaml")[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    blueprint = load_blueprint(path)
    assert [node.type for node in blueprint.nodes] == [
        "aws.general.Users",
        "aws.compute.EC2",
        "aws.database.Aurora",
    ]
    assert b"<svg" in draw(blueprint, ("svg",)).outputs["svg"]


def test_the_library_example_runs():
    (example,) = fenced("python")
    result = subprocess.run(
        [sys.executable, "-c", example + "\nassert svg.startswith(b'<?xml')\n"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_error_example_is_what_arch_draw_prints():
    assert TYPO_ERRORS in README


def test_the_languages_example_draws_in_korean(tmp_path: Path):
    path = tmp_path / "example.yaml"
    path.write_text(fenced("yaml")[1], encoding="utf-8")
    korean = load_blueprint(path, language="ko")
    assert [node.label for node in korean.nodes] == ["웹 인스턴스", "Amazon Route 53"]


def test_the_extends_example_builds_on_tier_1(tmp_path: Path):
    shutil.copy(BLUEPRINTS / "users-under-1k.yaml", tmp_path)
    path = tmp_path / "example.yaml"
    path.write_text(fenced("yaml")[2], encoding="utf-8")
    blueprint = load_blueprint(path)
    assert [blueprint.node(web).parent for web in ("web_a", "web_b")] == ["asg", "asg"]
    assert "public_a" not in {group.id for group in blueprint.groups}
    assert blueprint.node("db").note is None
