"""Drawing in child processes: a layout that runs too long is stopped, a crash stays
the child's own, and the other blueprints are still drawn.

Graphviz runs in process and cannot be interrupted from Python, so a time limit needs
a process that can be killed. Each item gets a fresh child (forked where the platform
allows, so the modules and the catalogue the parent loaded are shared, not loaded
again); up to `jobs` run at once, and results come back as they finish. A child that
crashed is followed by one for the item's next retry, if any, with a time limit of its
own.

No child outlives the process that started it: the children still running when it
stops (an error, Ctrl-C, SIGTERM turned into an exception by the CLI, plain exit) are
killed, and on Linux the system kills them too when it dies without a word (SIGKILL).
Each child's temporary files go to a folder of its own, which is removed when the child
is done, whatever became of it.
"""

from __future__ import annotations

import atexit
import faulthandler
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from .errors import EXIT_BUG, EXIT_DRAW_FAILED, ArchDrawError

if TYPE_CHECKING:  # ForkContext does not exist on Windows
    from multiprocessing.context import ForkContext, SpawnContext

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")


@dataclass(frozen=True)
class Failed:
    """Why an item has no outcome: its error's lines, or what became of its child."""

    lines: tuple[str, ...]
    exit_code: int = EXIT_DRAW_FAILED
    crashed: bool = False  # the child died without a word (not stopped for its time)


@dataclass
class _Child(Generic[Item]):
    item: Item
    process: BaseProcess
    scratch: str  # the child's folder for temporary files
    deadline: float
    attempt: int  # 0: work; then the retries in turn

    def end(self) -> None:
        """Kill the child if it still runs, wait for it, and remove its folder."""
        self.process.kill()
        self.process.join()
        shutil.rmtree(self.scratch, ignore_errors=True)
        _LIVE.pop(id(self), None)


# Children's folders are `arch-draw-PARENT-XXXXXXXX` in the temporary directory: a parent
# killed outright (SIGKILL) cannot remove them, so the next run removes those of parents
# that are gone.
_SCRATCH = "arch-draw-"


def _tidy_scratch() -> None:
    for folder in Path(tempfile.gettempdir()).glob(f"{_SCRATCH}*-*"):
        parent = folder.name.removeprefix(_SCRATCH).split("-", 1)[0]
        if parent.isdigit() and not is_running(int(parent)) and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


# Every child not yet ended, for the last resort below: a caller that stops iterating
# run_isolated without closing it leaves its `finally` to the garbage collector.
_LIVE: dict[int, _Child[Any]] = {}


@atexit.register
def _end_all() -> None:
    for child in list(_LIVE.values()):
        child.end()


def run_isolated(
    work: Callable[[Item], Outcome],
    items: Sequence[Item],
    jobs: int,
    timeout: float,
    retries: Sequence[Callable[[Item], Outcome]] = (),
    *,
    memory: int | None = None,
) -> Generator[tuple[Item, Outcome | Failed], None, None]:
    """`work(item)` for each item, each in its own child process, as they finish.

    An item whose child crashed goes, in a new child, to the next of `retries`: a crash
    inside Graphviz may be avoided by laying the graph out another way. With `memory`,
    a child may take that many bytes of memory beyond what it started with (where the
    system can say: Linux); past that, its allocations fail.
    """
    _tidy_scratch()
    context = _context()
    attempts = [work, *retries]
    waiting = [(item, 0) for item in reversed(items)]
    running: dict[Connection, _Child[Item]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < max(1, jobs):
                item, attempt = waiting.pop()
                scratch = tempfile.mkdtemp(prefix=f"{_SCRATCH}{os.getpid()}-")
                receiver, process = _start(context, attempts[attempt], item, memory, scratch)
                child = _Child(item, process, scratch, time.monotonic() + timeout, attempt)
                running[receiver] = _LIVE[id(child)] = child
            for child, outcome in _collect(running, timeout):
                if _crashed(outcome) and child.attempt + 1 < len(attempts):
                    waiting.append((child.item, child.attempt + 1))
                else:
                    yield child.item, outcome
    finally:
        for receiver, child in running.items():  # interrupted: no child outlives the caller
            child.end()
            receiver.close()


def is_running(pid: int) -> bool:
    """Whether process `pid` exists and has not ended (a zombie has)."""
    if not 0 < pid < 2**31:  # 0 would ask about this process group; larger overflows
        return False
    try:
        os.kill(pid, 0)  # no signal is sent: only whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's
        pass
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Ended, and not yet reaped: a killed build's children linger so until the system
    collects them, and still answer to their pid."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as status:
            state = status.read().rpartition(b")")[2].split()[:1]
    except OSError:  # not Linux, or gone meanwhile
        return False
    return state == [b"Z"]


def _crashed(outcome: object) -> bool:
    return isinstance(outcome, Failed) and outcome.crashed


def _start(
    context: ForkContext | SpawnContext,
    work: Callable[[Item], Outcome],
    item: Item,
    memory: int | None,
    scratch: str,
) -> tuple[Connection, BaseProcess]:
    receiver, sender = context.Pipe(duplex=False)
    arguments = (work, item, sender, memory, scratch, os.getpid())
    process = context.Process(target=_serve, args=arguments, daemon=True)
    process.start()
    sender.close()  # the child holds the other end; EOF then means it is gone
    return receiver, process


def _context() -> ForkContext | SpawnContext:
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _collect(
    running: dict[Connection, _Child[Item]], timeout: float
) -> Iterator[tuple[_Child[Item], Any]]:
    """Wait for the first child to finish or overrun; yield what became of each."""
    next_deadline = min(child.deadline for child in running.values())
    for ready in wait(list(running), timeout=max(0.0, next_deadline - time.monotonic())):
        receiver = cast(Connection, ready)
        child = running.pop(receiver)
        yield child, _received(receiver, child)
    now = time.monotonic()
    for receiver in [r for r, child in running.items() if child.deadline <= now]:
        child = running.pop(receiver)
        child.end()
        receiver.close()
        yield child, Failed((f"took longer than {timeout:g} s to draw (--timeout)",))


def _received(receiver: Connection, child: _Child[Item]) -> Any:
    try:
        outcome: object = receiver.recv()
    except EOFError:  # died without a word: killed, or crashed inside Graphviz
        child.process.join()
        outcome = Failed((f"the drawing process {_fate(child.process.exitcode)}",), crashed=True)
    finally:
        receiver.close()
    child.process.join()  # it ends on its own once it has answered
    child.end()
    return outcome


def _fate(exit_code: int | None) -> str:
    if exit_code is not None and exit_code < 0:
        return f"was killed by {signal.Signals(-exit_code).name}"
    return f"ended with exit code {exit_code}"


def _serve(
    work: Callable[[Item], Outcome],
    item: Item,
    sender: Connection,
    memory: int | None,
    scratch: str,
    parent: int,
) -> None:
    """In the child: send back the outcome, or the error's lines (exceptions may not
    survive pickling intact, their lines always do)."""
    _die_with(parent)
    # Graphviz aborting a drawing is what this child is for: the parent reports it or
    # retries another layout. A fault handler inherited from the parent (pytest's,
    # `python -X faulthandler`) printed a "Fatal Python error" dump that read as a failure.
    faulthandler.disable()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for name in ("SIGTERM", "SIGHUP"):  # ended by them, not by the parent's handlers
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    tempfile.tempdir = scratch
    # A daemon may not start children, and a drawing may need one (an icon to prepare).
    # This child ends with its parent anyway, by the parent's clean-up or the system.
    multiprocessing.current_process().daemon = False
    if memory is not None:
        _limit_memory(memory)
    try:
        outcome: object = work(item)
    except ArchDrawError as error:
        outcome = Failed(tuple(error.lines()), error.exit_code)
    except Exception as error:  # a bug: reported for this item, the others go on
        outcome = Failed((f"internal error: {type(error).__name__}: {error}",), EXIT_BUG)
    sender.send(outcome)
    sender.close()


def _die_with(parent: int) -> None:
    """Have the system kill this child as soon as its parent ends, however it ends
    (Linux's PR_SET_PDEATHSIG); elsewhere the parent's own clean-up has to do."""
    try:
        import ctypes

        set_parent_death_signal = 1
        ctypes.CDLL(None).prctl(set_parent_death_signal, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # it ended before the line above took effect
        os._exit(1)


def _limit_memory(extra: int) -> None:
    """Let this process's address space grow by at most `extra` bytes from now."""
    try:
        import resource

        with open("/proc/self/statm", "rb") as status:
            pages = int(status.read().split()[0])
    except (ImportError, OSError):  # not Linux: the time limit still holds
        return
    size = pages * os.sysconf("SC_PAGE_SIZE") + extra
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(
        resource.RLIMIT_AS, (size if hard == resource.RLIM_INFINITY else min(size, hard), hard)
    )
