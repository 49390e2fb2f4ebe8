"""Drawing in child processes: a layout that runs too long is stopped, a crash stays
the child's own, and the other blueprints are still drawn.

Graphviz runs in process and cannot be interrupted from Python, so a time limit needs
a process that can be killed. Each item gets a fresh child (forked where the platform
allows, so the modules and the catalogue the parent loaded are shared, not loaded
again); up to `jobs` run at once, and results come back as they finish. A child that
crashed is followed by one for the item's next retry, if any, with a time limit of its
own.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast

from .errors import EXIT_DRAW_FAILED, ArchDrawError

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
    deadline: float
    attempt: int  # 0: work; then the retries in turn


def run_isolated(
    work: Callable[[Item], Outcome],
    items: Sequence[Item],
    jobs: int,
    timeout: float,
    retries: Sequence[Callable[[Item], Outcome]] = (),
    *,
    memory: int | None = None,
) -> Iterator[tuple[Item, Outcome | Failed]]:
    """`work(item)` for each item, each in its own child process, as they finish.

    An item whose child crashed goes, in a new child, to the next of `retries`: a crash
    inside Graphviz may be avoided by laying the graph out another way. With `memory`,
    a child may take that many bytes of memory beyond what it started with (where the
    system can say: Linux); past that, its allocations fail.
    """
    context = _context()
    attempts = [work, *retries]
    waiting = [(item, 0) for item in reversed(items)]
    running: dict[Connection, _Child[Item]] = {}
    try:
        while waiting or running:
            while waiting and len(running) < max(1, jobs):
                item, attempt = waiting.pop()
                receiver, process = _start(context, attempts[attempt], item, memory)
                running[receiver] = _Child(item, process, time.monotonic() + timeout, attempt)
            for child, outcome in _collect(running, timeout):
                if _crashed(outcome) and child.attempt + 1 < len(attempts):
                    waiting.append((child.item, child.attempt + 1))
                else:
                    yield child.item, outcome
    finally:
        for child in running.values():  # interrupted: no child outlives the caller
            child.process.kill()
            child.process.join()


def _crashed(outcome: object) -> bool:
    return isinstance(outcome, Failed) and outcome.crashed


def _start(
    context: ForkContext | SpawnContext,
    work: Callable[[Item], Outcome],
    item: Item,
    memory: int | None,
) -> tuple[Connection, BaseProcess]:
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_serve, args=(work, item, sender, memory), daemon=True)
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
        child.process.kill()
        child.process.join()
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
    child.process.join()
    return outcome


def _fate(exit_code: int | None) -> str:
    if exit_code is not None and exit_code < 0:
        return f"was killed by {signal.Signals(-exit_code).name}"
    return f"ended with exit code {exit_code}"


def _serve(
    work: Callable[[Item], Outcome], item: Item, sender: Connection, memory: int | None
) -> None:
    """In the child: send back the outcome, or the error's lines (exceptions may not
    survive pickling intact, their lines always do)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory is not None:
        _limit_memory(memory)
    try:
        outcome: object = work(item)
    except ArchDrawError as error:
        outcome = Failed(tuple(error.lines()), error.exit_code)
    except Exception as error:  # a bug: reported for this item, the others go on
        outcome = Failed((f"internal error: {type(error).__name__}: {error}",))
    sender.send(outcome)
    sender.close()


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
