"""Child processes that draw: outcomes, time limits, crashes, interruptions."""

from __future__ import annotations

import faulthandler
import os
import signal
import time

from arch_draw.errors import RenderError
from arch_draw.isolate import Failed, run_isolated


def square(number: int) -> int:
    return number * number


def slow_when_odd(number: int) -> int:
    if number % 2:
        time.sleep(60)
    return number


def crash_on_three(number: int) -> int:
    if number == 3:
        faulthandler.disable()  # pytest's handler would print the crash at length
        os.kill(os.getpid(), signal.SIGSEGV)  # as a crash inside Graphviz would end it
    return number


def refuse(number: int) -> int:
    raise RenderError(f"cannot draw {number}")


def report_pid(number: int) -> int:
    time.sleep(60)
    return os.getpid()


def test_every_item_comes_back_with_its_outcome():
    assert sorted(run_isolated(square, [1, 2, 3, 4, 5], 2, 60)) == [
        (1, 1),
        (2, 4),
        (3, 9),
        (4, 16),
        (5, 25),
    ]


def test_a_child_past_the_time_limit_is_stopped_and_the_others_finish():
    outcomes = dict(run_isolated(slow_when_odd, [1, 2, 4], 3, 1.0))
    assert outcomes == {
        1: Failed(("took longer than 1 s to draw (--timeout)",)),
        2: 2,
        4: 4,
    }


def test_a_crash_stays_in_its_child():
    outcomes = dict(run_isolated(crash_on_three, [1, 2, 3, 4], 2, 60))
    assert outcomes == {
        1: 1,
        2: 2,
        3: Failed(("the drawing process was killed by SIGSEGV",), crashed=True),
        4: 4,
    }


def negate(number: int) -> int:
    return -number


def test_a_crashed_item_goes_to_each_retry_in_turn():
    outcomes = dict(run_isolated(crash_on_three, [1, 3], 2, 60, retries=[crash_on_three, negate]))
    assert outcomes == {1: 1, 3: -3}
    crashed = Failed(("the drawing process was killed by SIGSEGV",), crashed=True)
    assert dict(run_isolated(crash_on_three, [3], 1, 60, retries=[crash_on_three])) == {3: crashed}


def test_only_crashes_are_retried():
    assert dict(run_isolated(refuse, [7], 1, 60, retries=[negate])) == {
        7: Failed(("cannot draw 7",))
    }
    timed_out = Failed(("took longer than 1 s to draw (--timeout)",))
    assert dict(run_isolated(slow_when_odd, [1], 1, 1.0, retries=[negate])) == {1: timed_out}


def test_errors_come_back_as_their_lines_and_exit_code():
    assert list(run_isolated(refuse, [7], 1, 60)) == [(7, Failed(("cannot draw 7",), 3))]


def test_stopping_early_kills_the_children_still_running(tmp_path):
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
