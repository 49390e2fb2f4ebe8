"""`arch-draw watch`: draw again on every save, for drafting with the drawing open.

A file is drawn, then watched together with everything it depends on (the blueprints
it extends, its nodes' icons); a directory is built, incrementally, on every change in
it. Errors are reported and the watch goes on. File events come from `watchfiles`.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from .errors import ArchDrawError
from .files import resolved

if TYPE_CHECKING:
    from .build import Report
    from .settings import Settings

# How much a message matters: errors are always said, news of drawings unless -q, the
# files watched with -v.
ERROR, NEWS, DETAIL = 0, 1, 2


class Say(Protocol):
    def __call__(self, message: str, level: int = NEWS) -> None: ...


def watch(target: Path, settings: Settings, say: Say, stop: threading.Event | None = None) -> None:
    """Draw `target` now and after every change, until `stop` is set or Ctrl-C.

    Whether `target` is a blueprint or a directory is decided once, at the start: a file
    that is replaced by a directory (or deleted) is reported, and drawn again when it is
    a file once more."""
    import watchfiles

    folder = target.is_dir()

    def redraw() -> set[Path]:
        if folder:
            return _build(target, settings, say)
        return _render(target, settings, say)

    watched: set[Path] = {target}
    drawn, watched = _drawn(redraw, target, watched, folder=folder)
    wanted: set[Path] = set()  # updated in place: the filter below always sees the latest
    while True:
        folders = _folders(target, watched, folder=folder)
        wanted.clear()
        wanted.update(resolved(path) for path in watched)
        for changes in watchfiles.watch(
            *folders,
            watch_filter=functools.partial(_relevant, wanted=wanted, folder=folder),
            stop_event=stop,
            raise_interrupt=True,  # to the command, which ends the watch (quietly)
            # Listening starts only once a drawing is done: a save in between makes no
            # event. Every half second without one, the files are compared with what
            # was drawn, so such a save is drawn too.
            yield_on_timeout=True,
            rust_timeout=_QUIET_MS,
        ):
            if not changes and _state(target, watched, folder=folder) == drawn:
                continue
            drawn, watched = _drawn(redraw, target, watched, folder=folder)
            wanted.clear()
            wanted.update(resolved(path) for path in watched)
            if _folders(target, watched, folder=folder) != folders:
                break  # it depends on files elsewhere now: watch those folders instead
        else:
            return


_QUIET_MS = 500
State = dict[Path, tuple[int, int]]  # input -> its time of change and size


def _drawn(
    redraw: Callable[[], set[Path]], target: Path, watched: set[Path], *, folder: bool
) -> tuple[State, set[Path]]:
    """Draw, and return what the inputs looked like when they were read (looked at just
    before: a save while drawing then shows as a change) and the inputs now known."""
    before = _state(target, watched, folder=folder)
    inputs = redraw()
    now = _state(target, inputs, folder=folder)
    return {path: before.get(path, seen) for path, seen in now.items()}, inputs


def _state(target: Path, watched: set[Path], *, folder: bool) -> State:
    """What the inputs of a drawing look like from outside: each one's time of change
    and size (a blueprint directory's own blueprints included, new ones too)."""
    paths = set(watched)
    if folder and target.is_dir():
        paths.update(p for p in target.iterdir() if p.suffix in (".yaml", ".yml"))
    state: State = {}
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            state[path] = (-1, -1)
        else:
            state[path] = (info.st_mtime_ns, info.st_size)
    return state


def _folders(target: Path, watched: set[Path], *, folder: bool) -> list[Path]:
    """Where to listen: the directory itself, or the folders of a file's inputs (those
    that exist: a base's folder may be missing along with the base)."""
    parents = {path.parent for path in watched if path.parent.is_dir()}
    return sorted({target, *parents} if folder else parents)


def _relevant(_change: object, name: str, *, wanted: set[Path], folder: bool) -> bool:
    path = Path(name)
    if folder and path.suffix in (".yaml", ".yml"):
        return True
    return resolved(path) in wanted


def _render(path: Path, settings: Settings, say: Say) -> set[Path]:
    """Draw one blueprint; report; return the files to watch (all it depends on)."""
    from .pipeline import render_files
    from .write import write_files

    started = time.perf_counter()
    try:
        rendered = render_files([path], settings)
        changed = write_files({p: data for item in rendered for p, data in item.files.items()})
        names = ", ".join(str(p) for p in changed) or "no file changed"
        seconds = time.perf_counter() - started
        say(f"{time.strftime('%H:%M:%S')} drew {path} in {seconds:.2f} s: {names}")
    except ArchDrawError as error:
        say(f"{time.strftime('%H:%M:%S')} {path} was not drawn:", ERROR)
        for line in error.lines():
            say(line, ERROR)
    inputs = {path, *_inputs(path, settings)}  # an unreadable file: watched alone until fixed
    say("watching " + ", ".join(sorted(str(p) for p in inputs)), DETAIL)
    return inputs


def _build(folder: Path, settings: Settings, say: Say) -> set[Path]:
    from . import build

    started = time.perf_counter()
    try:
        report = build.build(folder, settings, lambda _done, _total, _name: None)
    except ArchDrawError as error:  # a record that cannot be written, say: the watch goes on
        say(f"{time.strftime('%H:%M:%S')} {folder} was not built:", ERROR)
        for line in error.lines():
            say(line, ERROR)
        return {
            path for source in build.find_blueprints(folder) for path in _inputs(source, settings)
        }
    for failure in report.failures:
        for line in failure.problems:
            say(line, ERROR)
    say(_built(report, time.perf_counter() - started))
    inputs = {path for task in report.tasks for path in _inputs(task.source, settings)}
    say(f"watching {folder} and " + ", ".join(sorted(str(p) for p in inputs)), DETAIL)
    return inputs


def _built(report: Report, seconds: float) -> str:
    """What a build drew, and how many it could not (their problems were said above):
    "drew nothing new" after an error read as if the error had not mattered."""
    drawn = [result.task.display for result in report.results if not result.exit_code]
    failed = len(report.failures)
    parts = [f"drew {', '.join(drawn)} in {seconds:.2f} s"] if drawn else []
    parts += [f"{failed} not drawn (see above)"] if failed else []
    return f"{time.strftime('%H:%M:%S')} {'; '.join(parts) or 'nothing to draw again'}"


def _inputs(path: Path, settings: Settings) -> list[Path]:
    """The files a blueprint depends on; if it cannot be read, every file that reading
    it looked for, so that restoring a missing base redraws it."""
    from .load import load_document

    tried: list[Path] = []
    try:
        return load_document(path, limits=settings.limits, tried=tried).input_files()
    except ArchDrawError:
        return [path, *tried]
