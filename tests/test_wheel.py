"""arch-draw as a user gets it: a wheel installed away from this checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from .conftest import ROOT


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(map(str, args)), cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )


def test_an_installed_wheel_carries_the_bundled_blueprints_icons_and_schema(tmp_path: Path) -> None:
    built = run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "-q",
        "--no-deps",
        "-w",
        tmp_path / "dist",
        ROOT,
        cwd=tmp_path,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("arch_draw-*.whl")
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    installed = run(python, "-m", "pip", "install", "-q", "--no-deps", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    site = run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
    )
    # The dependencies come from this environment; only arch-draw itself from the wheel.
    # Added after installing it: pip found an arch-draw installed in this environment
    # through the link and took it as already there, so the wheel was never installed.
    (Path(site.stdout.strip()) / "dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n"
    )
    work = tmp_path / "work"
    work.mkdir()
    where = run(python, "-c", "import arch_draw; print(arch_draw.__file__)", cwd=work)
    assert where.stdout.startswith(str(target))
    arch_draw = target / "bin" / "arch-draw"
    assert (
        run(arch_draw, "suggest", "--users", "50000", "--write", "mine.yaml", cwd=work).returncode
        == 0
    )
    drawn = run(arch_draw, "render", "mine.yaml", cwd=work)
    assert drawn.returncode == 0, drawn.stderr
    assert sorted(p.name for p in (work / "output").iterdir()) == ["mine.png", "mine.svg"]
    svg = (work / "output" / "mine.svg").read_text()
    assert 'id="icon-arch-draw-region"' in svg  # arch-draw's own icon, from the wheel
    # draw.io's AWS shapes come from a table in the wheel.
    assert run(arch_draw, "render", "mine.yaml", "-f", "drawio", cwd=work).returncode == 0
    assert "resIcon=mxgraph.aws4.ec2;" in (work / "output" / "mine.drawio").read_text()
    assert run(arch_draw, "new", "x", "--from", "users-under-1k", cwd=work).returncode == 0
