"""Shared helpers: blueprint files in tmp_path, the real CLI in a subprocess, tool checks."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BLUEPRINTS = ROOT / "blueprints"
EXAMPLES = ROOT / "examples"  # small blueprints that show one feature each, in the README
# Every blueprint of the repository: shipped, README examples, test fixtures (with the
# peer awsdac's examples redrawn).
ALL_BLUEPRINTS = [
    *sorted(BLUEPRINTS.glob("*.yaml")),
    *sorted(EXAMPLES.glob("*.yaml")),
    *sorted(FIXTURES.glob("*.yaml")),
    *sorted((FIXTURES / "awsdac").glob("*.yaml")),
]
# The benchmarks' generator of synthetic (and hostile) blueprints serves the tests too.
sys.path.insert(0, str(ROOT / "benchmarks"))


def require(available: bool, what: str) -> None:
    """Skip where `what` is missing, except in CI, whose .ci/run must provide it."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; .ci/run must install it")
    pytest.skip(f"{what} is not installed here")


def require_cjk_font() -> None:
    from arch_draw.render.fonts import missing_glyphs

    require(not missing_glyphs(["사용자"]), "a CJK font (fonts-noto-cjk)")


def require_program(name: str) -> str:
    found = shutil.which(name)
    require(found is not None, f"the program {name}")
    return str(found)


def k33(direction: str = "LR") -> str:
    """A blueprint of K3,3: three nodes joined each to each of three others, so that any
    layered drawing has at least 9 crossings."""
    nodes = "".join(f"  {side}{n}: {{type: ec2}}\n" for side in "ab" for n in range(3))
    edges = "".join(f"  e{a}{b}: {{from: a{a}, to: b{b}}}\n" for a in range(3) for b in range(3))
    return f"title: K33\ndirection: {direction}\nnodes:\n{nodes}edges:\n{edges}"


@pytest.fixture(autouse=True, scope="session")
def icon_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Prepared icons go to a cache of the test run's, not the user's."""
    folder = tmp_path_factory.mktemp("cache")
    os.environ["ARCH_DRAW_CACHE"] = str(folder)
    return folder


@pytest.fixture
def blueprint(tmp_path: Path) -> Callable[..., Path]:
    """Write a blueprint from dedented text: blueprint("title: x", name="a.yaml")."""

    def write(text: str, name: str = "bp.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def run_cli(
    *args: str | Path,
    cwd: Path,
    env: dict[str, str] | None = None,
    preexec: Callable[[], None] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real `arch-draw` command, as a user runs it (python -m arch_draw).

    `env` adds to (or, for PATH, replaces part of) the inherited environment.
    """
    return subprocess.run(
        [sys.executable, "-m", "arch_draw", *map(str, args)],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=preexec,
    )


SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
UPDATE_SNAPSHOTS = os.environ.get("ARCH_DRAW_UPDATE_SNAPSHOTS") == "1"


def assert_snapshot(name: str, actual: str) -> None:
    """Compare with tests/snapshots/NAME; ARCH_DRAW_UPDATE_SNAPSHOTS=1 accepts new output.
    A mismatch writes what was made beside it, as NAME.got, to diff or look at."""
    path = SNAPSHOTS / name
    got = path.with_name(f"{name}.got")
    if UPDATE_SNAPSHOTS:
        path.write_text(actual, encoding="utf-8")
        got.unlink(missing_ok=True)
        return
    if path.exists() and actual == path.read_text(encoding="utf-8"):
        got.unlink(missing_ok=True)
        return
    got.write_text(actual, encoding="utf-8")
    shown = got.relative_to(ROOT)
    if not path.exists():
        pytest.fail(f"no snapshot {name}; made {shown} (ARCH_DRAW_UPDATE_SNAPSHOTS=1 accepts)")
    pytest.fail(f"{name} changed; made {shown} to compare (ARCH_DRAW_UPDATE_SNAPSHOTS=1 accepts)")


def screenshot(page: Path | str, out: Path, size: str = "1200,1600", *flags: str) -> Path:
    """A picture of a page as headless Chromium (from the system's packages) draws it."""
    window = (f"--window-size={size}", f"--screenshot={out}")
    chromium(page, out.parent, "--hide-scrollbars", *window, *flags)
    return out


def dump_dom(page: Path, folder: Path) -> str:
    """The page's document as headless Chromium has it after running its scripts."""
    return chromium(page, folder, "--virtual-time-budget=5000", "--dump-dom").stdout


def chromium(page: Path | str, folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Headless Chromium (from the system's packages) on a page, kept off the network."""
    program = require_program("chromium")
    url = page if isinstance(page, str) else page.resolve().as_uri()
    return subprocess.run(
        [
            program,
            "--headless",
            "--no-sandbox",  # CI runs as root
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={folder / 'chromium-profile'}",
            *args,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def orange_pixels(png: Path) -> int:
    """Pixels of AWS compute orange (the EC2 icon): none means the icon was not drawn."""
    from PIL import Image

    pixels = Image.open(png).convert("RGB").get_flattened_data()
    rgb = cast("Iterable[tuple[int, int, int]]", pixels)
    return sum(1 for r, g, b in rgb if r > 200 and 80 < g < 150 and b < 60)


@contextlib.contextmanager
def read_only_directory(path: Path) -> Iterator[str]:
    """`path` as a directory nobody can write to: a read-only mount for root (whom
    permissions do not stop), permissions for anyone else. Gives the system's reason."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        path.chmod(0o555)
        try:
            yield "Permission denied"
        finally:
            path.chmod(0o755)
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:  # a container without the right: nothing to install
        reason = mounted.stderr.decode(errors="replace").strip()
        pytest.skip(f"cannot mount a read-only directory here: {reason}")
    try:
        yield "Read-only file system"
    finally:
        subprocess.run(["umount", str(path)], check=True)


def file_size_limit(size: int) -> Callable[[], None]:
    """For a subprocess: writing past `size` bytes fails (EFBIG), as on a full disk."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, do not kill

    return limit


def value_paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path to every value inside nested mappings and lists (not to `data` itself)."""
    found = [path] if path else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += value_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += value_paths(value, (*path, index))
    return found


def value_at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def live_members(group: int) -> list[int]:
    """The processes of process group `group` that have not ended."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            members.append(int(entry))
    return members


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
