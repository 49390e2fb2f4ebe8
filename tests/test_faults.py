"""Output that cannot be written: a full disk, a read-only directory. A clear message,
exit code 3, and every file there either as it was or complete."""

from __future__ import annotations

import shutil
from pathlib import Path

from .conftest import FIXTURES, file_size_limit, read_only_directory, run_cli


def render_twice(tmp_path: Path) -> dict[str, bytes]:
    """Draw the fixture, then change its title: what a second render would replace."""
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path / "bp.yaml")
    assert run_cli("render", "bp.yaml", cwd=tmp_path).returncode == 0
    text = (tmp_path / "bp.yaml").read_text().replace("Two groups", "Still two groups")
    (tmp_path / "bp.yaml").write_text(text)
    return {path.name: path.read_bytes() for path in (tmp_path / "output").iterdir()}


def test_a_full_disk_leaves_the_old_drawings_whole(tmp_path: Path) -> None:
    before = render_twice(tmp_path)
    # Writes past 10 kB fail as on a full disk; both drawings are larger.
    result = run_cli("render", "bp.yaml", cwd=tmp_path, preexec=file_size_limit(10_000))
    assert (result.returncode, result.stderr) == (
        3,
        "cannot write output/bp.png: File too large\n",
    )
    after = {path.name: path.read_bytes() for path in (tmp_path / "output").iterdir()}
    assert after == before  # no new file, no half-written one, no temporary left


def test_a_full_disk_during_a_build(tmp_path: Path) -> None:
    (tmp_path / "blueprints").mkdir()
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path / "blueprints" / "bp.yaml")
    result = run_cli("build", "-f", "svg", cwd=tmp_path, preexec=file_size_limit(10_000))
    assert result.returncode == 3
    assert result.stderr.splitlines()[0] == "cannot write output/bp.svg: File too large"
    assert sorted(path.name for path in (tmp_path / "output").iterdir()) == []


def test_a_read_only_output_directory(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path / "bp.yaml")
    output = tmp_path / "output"
    with read_only_directory(output) as reason:
        rendered = run_cli("render", "bp.yaml", "-f", "svg", cwd=tmp_path)
        assert (rendered.returncode, rendered.stderr) == (
            3,
            f"cannot write output/bp.svg: {reason}\n",
        )
        (tmp_path / "blueprints").mkdir()
        shutil.copy(FIXTURES / "same-labels.yaml", tmp_path / "blueprints" / "bp.yaml")
        built = run_cli("build", "-f", "svg", cwd=tmp_path)
        assert built.returncode == 3
        assert built.stderr.splitlines()[0] == f"cannot write output/bp.svg: {reason}"
        assert list(output.iterdir()) == []
