"""`arch-draw build` killed with SIGKILL at random moments, again and again: every
drawing left is a whole old one or a whole new one, and the record never claims a
drawing that is not on disk."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from generate import blueprint

from arch_draw.build.record import RECORD_NAME

from ..conftest import live_members, run_cli, wait_until

ROUNDS = 20
SIZES = (8, 16, 24, 32, 40, 48)


def write_blueprints(folder: Path, version: str) -> None:
    folder.mkdir(exist_ok=True)
    for size in SIZES:
        text = blueprint(size, f"Version {version}, size")
        (folder / f"bp{size}.yaml").write_text(text, encoding="utf-8")


def drawings(folder: Path) -> dict[str, bytes]:
    return {
        path.name: path.read_bytes()
        for path in folder.iterdir()
        if path.suffix in (".png", ".svg") and not path.name.startswith(".")
    }


def build_into(tmp_path: Path, output: str) -> subprocess.CompletedProcess[str]:
    return run_cli("build", "blueprints", "-o", output, "-f", "png", "-f", "svg", cwd=tmp_path)


def killed_build(tmp_path: Path, after: float | None) -> None:
    """Start a build and SIGKILL it `after` seconds, or (None) the moment a drawing in
    the output changes: the narrowest gap, between a drawing and its record."""
    command = [sys.executable, "-m", "arch_draw", "build", "blueprints", "-o", "output"]
    before = stamps(tmp_path / "output")
    process = subprocess.Popen(
        [*command, "-f", "png", "-f", "svg"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the drawing children die with it
    )
    if after is None:
        while process.poll() is None and stamps(tmp_path / "output") == before:
            time.sleep(0.0005)
    else:
        time.sleep(after)
    with contextlib.suppress(ProcessLookupError):  # it may have finished already
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def stamps(folder: Path) -> dict[str, int]:
    found = {}
    for path in folder.glob("*.*g"):
        with contextlib.suppress(FileNotFoundError):
            found[path.name] = path.stat().st_ino
    return found


def assert_consistent(output: Path, versions: dict[str, dict[str, bytes]]) -> None:
    for name, data in drawings(output).items():
        whole = [version for version, files in versions.items() if files[name] == data]
        assert whole, f"{name} is neither the old nor the new drawing"
    record = json.loads((output / RECORD_NAME).read_text(encoding="utf-8"))
    for entry in record["blueprints"].values():
        for name, digest in entry["outputs"].items():
            assert hashlib.sha256((output / name).read_bytes()).hexdigest() == digest, name


def test_killed_builds_leave_whole_drawings_and_a_truthful_record(tmp_path: Path) -> None:
    folder = tmp_path / "blueprints"
    versions: dict[str, dict[str, bytes]] = {}
    for version in ("A", "B"):  # what each version draws, built without interruption
        write_blueprints(folder, version)
        assert build_into(tmp_path, f"clean-{version}").returncode == 0
        versions[version] = drawings(tmp_path / f"clean-{version}")
    started = time.monotonic()
    assert build_into(tmp_path, "output").returncode == 0  # version B, from scratch
    full_build = time.monotonic() - started
    chance = random.Random(20261129)
    for round_number in range(ROUNDS):
        write_blueprints(folder, "AB"[round_number % 2])
        # Every other round at the first new drawing; the others spread over the build,
        # each in its own slice of time.
        at = full_build * (round_number + chance.random()) / ROUNDS
        killed_build(tmp_path, at if round_number % 2 else None)
        assert_consistent(tmp_path / "output", versions)
    final = build_into(tmp_path, "output")
    assert final.returncode == 0, final.stderr
    assert drawings(tmp_path / "output") == versions["AB"[(ROUNDS - 1) % 2]]
    assert not list((tmp_path / "output").glob(".*.tmp"))  # the killed writes' leftovers
    check = run_cli("build", "blueprints", "--check", "-f", "png", "-f", "svg", cwd=tmp_path)
    assert check.returncode == 0, check.stderr


def test_a_build_stopped_by_sigterm_ends_its_children_and_leaves_no_temporary(
    tmp_path: Path,
) -> None:
    # SIGTERM ended the build on the spot; its children drew on, and could overwrite the
    # drawings of the next build.
    folder = tmp_path / "blueprints"
    versions: dict[str, dict[str, bytes]] = {}
    for version in ("A", "B"):
        write_blueprints(folder, version)
        assert build_into(tmp_path, f"clean-{version}").returncode == 0
        versions[version] = drawings(tmp_path / f"clean-{version}")
    write_blueprints(folder, "A")
    assert build_into(tmp_path, "output").returncode == 0
    write_blueprints(folder, "B")
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "arch_draw", "build", "blueprints", "-f", "png", "-f", "svg"],
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert wait_until(lambda: len(live_members(process.pid)) >= 2, 60)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    assert (process.returncode, stderr.splitlines()[-1]) == (143, "stopped by SIGTERM")
    assert wait_until(lambda: not live_members(process.pid))
    assert_consistent(tmp_path / "output", versions)
    assert not list((tmp_path / "output").glob(".*.tmp"))
    assert list((tmp_path / "tmp").iterdir()) == []
    final = build_into(tmp_path, "output")
    assert final.returncode == 0, final.stderr
    assert drawings(tmp_path / "output") == versions["B"]
