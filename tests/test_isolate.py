"""Child processes that draw: outcomes, time limits, crashes, interruptions."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from arch_draw.errors import RenderError
from arch_draw.isolate import Failed, run_isolated

from .conftest import live_members, wait_until


def square(number: int) -> int:
    return number * number


def slow_when_odd(number: int) -> int:
    if number % 2:
        time.sleep(60)
    return number


def crash_on_three(number: int) -> int:
    if number == 3:
        os.kill(os.getpid(), signal.SIGSEGV)  # as a crash inside Graphviz would end it
    return number


def refuse(number: int) -> int:
    raise RenderError(f"cannot draw {number}")


def report_pid(number: int) -> int:
    time.sleep(60)
    return os.getpid()


def test_every_item_comes_back_with_its_outcome() -> None:
    assert sorted(run_isolated(square, [1, 2, 3, 4, 5], 2, 60)) == [
        (1, 1),
        (2, 4),
        (3, 9),
        (4, 16),
        (5, 25),
    ]


def test_a_child_past_the_time_limit_is_stopped_and_the_others_finish() -> None:
    outcomes = dict(run_isolated(slow_when_odd, [1, 2, 4], 3, 1.0))
    assert outcomes == {
        1: Failed(("took longer than 1 s to draw (--timeout)",)),
        2: 2,
        4: 4,
    }


def test_a_crash_stays_in_its_child() -> None:
    outcomes = dict(run_isolated(crash_on_three, [1, 2, 3, 4], 2, 60))
    assert outcomes == {
        1: 1,
        2: 2,
        3: Failed(("the drawing process was killed by SIGSEGV",), crashed=True),
        4: 4,
    }


def negate(number: int) -> int:
    return -number


def test_a_crashed_item_goes_to_each_retry_in_turn() -> None:
    outcomes = dict(run_isolated(crash_on_three, [1, 3], 2, 60, retries=[crash_on_three, negate]))
    assert outcomes == {1: 1, 3: -3}
    crashed = Failed(("the drawing process was killed by SIGSEGV",), crashed=True)
    assert dict(run_isolated(crash_on_three, [3], 1, 60, retries=[crash_on_three])) == {3: crashed}


def test_only_crashes_are_retried() -> None:
    assert dict(run_isolated(refuse, [7], 1, 60, retries=[negate])) == {
        7: Failed(("cannot draw 7",))
    }
    timed_out = Failed(("took longer than 1 s to draw (--timeout)",))
    assert dict(run_isolated(slow_when_odd, [1], 1, 1.0, retries=[negate])) == {1: timed_out}


def test_errors_come_back_as_their_lines_and_exit_code() -> None:
    assert list(run_isolated(refuse, [7], 1, 60)) == [(7, Failed(("cannot draw 7",), 3))]


def test_stopping_early_kills_the_children_still_running(tmp_path: Path) -> None:
    outcomes = run_isolated(report_pid, [1, 2], 2, 60)
    # Closing the generator is what an interrupted caller (Ctrl-C) does.
    started = time.monotonic()
    outcomes.close()
    assert time.monotonic() - started < 30  # it did not wait for the children's minute
    assert not [child for child in os.listdir("/proc") if _is_child_sleeping(child)]


def _is_child_sleeping(pid: str) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    return int(fields[1]) == os.getpid() and fields[0] != "Z"


def temporary_folder(number: int) -> str:
    """Where this child's temporary files go; leaves a file there, as drawing does."""
    with tempfile.NamedTemporaryFile(delete=False) as handle:
        handle.write(b"icons")
    if number == 2:
        time.sleep(60)  # stopped for its time
    if number == 3:
        crash_on_three(number)
    return tempfile.gettempdir()


def test_each_child_has_a_temporary_folder_removed_whatever_became_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A timed-out, crashed or interrupted drawing left an arch-draw-icons-* folder behind.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    outcomes = dict(run_isolated(temporary_folder, [1, 2, 3], 3, 2.0))
    folder = outcomes[1]
    assert isinstance(folder, str)
    assert Path(folder).parent == tmp_path
    assert Path(folder).name.startswith(f"arch-draw-{os.getpid()}-")
    assert isinstance(outcomes[2], Failed)
    assert isinstance(outcomes[3], Failed)
    assert list(tmp_path.iterdir()) == []


def test_folders_of_parents_that_were_killed_are_removed_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = tmp_path / f"arch-draw-{2**22 + 7}-abcdefgh"  # above any pid Linux gives
    mine = tmp_path / f"arch-draw-{os.getpid()}-abcdefgh"
    other = tmp_path / "arch-draw-icons-abcdefgh"  # not named after a process: not ours
    for folder in (gone, mine, other):
        folder.mkdir()
    assert dict(run_isolated(square, [2], 1, 60)) == {2: 4}
    assert sorted(tmp_path.iterdir()) == sorted([mine, other])


def test_children_end_with_their_parent_even_when_it_is_killed_outright(tmp_path: Path) -> None:
    # SIGKILL runs no clean-up in the parent: the system ends the children (Linux).
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT_OF_A_SLOW_CHILD],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert parent.stdout is not None
    assert parent.stdout.readline() == b"child started\n"
    assert len(live_members(parent.pid)) == 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    parent.stdout.close()
    assert wait_until(lambda: not live_members(parent.pid))


PARENT_OF_A_SLOW_CHILD = """
import sys, time
from arch_draw.isolate import run_isolated
def slow(number):
    time.sleep(120)
outcomes = run_isolated(slow, [1], 1, 600)
import threading
threading.Timer(0.5, lambda: (print("child started"), sys.stdout.flush())).start()
list(outcomes)
"""
