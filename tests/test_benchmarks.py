"""The benchmarks run (measuring nothing here: tests check behaviour, not time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from generate import blueprint

from arch_draw.pipeline import load_blueprint

from .conftest import ROOT


@pytest.mark.parametrize("nodes", [4, 20, 200, 1000])
def test_synthetic_blueprints_are_valid_and_as_large_as_asked(tmp_path: Path, nodes: int) -> None:
    path = tmp_path / "bp.yaml"
    path.write_text(blueprint(nodes))
    assert len(load_blueprint(path).nodes) == nodes
    assert blueprint(nodes) == path.read_text()  # the same size gives the same blueprint


def quick_run(benchmark: str) -> list[str]:
    """The lines `benchmarks/run.py --quick BENCHMARK` prints."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", benchmark],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_benchmark_runner_prints_its_table(tmp_path: Path) -> None:
    lines = quick_run("png")
    assert lines[2] == "| benchmark | ratio or value | target | measured | baseline |"
    shipped = sorted(path.stem for path in (ROOT / "blueprints").glob("*.yaml"))
    assert [line.split(" | ")[0] for line in lines[4:]] == [
        "| 5 PNG encoding vs Graphviz's writer (users-over-100k)",
        "| 5 PNG whole (drawing + encoding) vs Graphviz's writer",
        "| 5 PNG split: drawing, converting, deflating",
        "| 5 PNG file size vs Graphviz's",
        *(f"| 5 whole command, PNG: {name}" for name in shipped if name < "users-over-100k"),
        "| 5 floor: the whole command, SVG (users-over-100k)",
        *(f"| 5 whole command, PNG: {name}" for name in shipped if name >= "users-over-100k"),
    ]


def test_the_layout_benchmark_scores_every_shipped_blueprint_in_each_language() -> None:
    names = [line.split(" | ")[0].removeprefix("| ") for line in quick_run("layout")[4:]]
    shipped = sorted(path.name for path in (ROOT / "blueprints").glob("*.yaml"))
    for name in shipped:  # every shipped blueprint is bilingual
        assert f"7 layout {name}" in names
        assert f"7 layout {name} (ko)" in names
    assert names[-3:] == [
        "7 choosing the layout: render PNG + SVG of the shipped blueprints",
        "7 choosing the layout: most it adds to one drawing",
        "7 scoring vs laying out once (users-over-100k)",
    ]
