"""`arch-draw build`: every blueprint of a directory, in each of its languages, drawn only
when something it depends on changed.

The main process plans (reads each blueprint and what it extends, to fingerprint its
inputs) and keeps the record; each blueprint is drawn in a child process of its own, up
to `jobs` at once, so every core works, a layout past the time limit is stopped, and a
broken or crashing blueprint stops nothing but itself.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EXIT_BUG, EXIT_INVALID, ArchDrawError, UsageError
from ..files import led_out_problem, resolved
from ..limits import Limits
from ..settings import Settings
from .record import Entry, Record, digest_of, file_digest, fingerprint, load_record
from .stamps import Observed, Stamps, load_stamps, observe

if TYPE_CHECKING:
    from ..model import Blueprint

BLUEPRINT_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Task:
    """One blueprint file to bring up to date."""

    source: Path
    display: str
    inputs: str = ""  # fingerprint; empty when the blueprint cannot be read
    problems: tuple[str, ...] = ()
    exit_code: int = 0
    files: tuple[Path, ...] = ()  # what the fingerprint was made from (when read)
    observed: Observed = ()  # those files' sizes and times, taken before the fingerprint
    unchanged: bool = False  # its stamp matched: no file of it changed since last found current

    @property
    def name(self) -> str:
        return self.source.name


@dataclass(frozen=True)
class Result:
    task: Task
    outputs: dict[str, str] = field(default_factory=dict)  # file name -> sha256
    problems: tuple[str, ...] = ()
    exit_code: int = 0
    warnings: tuple[str, ...] = ()
    seconds: float = 0.0
    files: dict[Path, bytes] = field(default_factory=dict)  # drawn, not yet written
    scores: tuple[str, ...] = ()  # each language's layout score, when measured


@dataclass
class Report:
    tasks: list[Task]
    results: list[Result] = field(default_factory=list)
    current: list[Task] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)  # recorded blueprints that are gone

    @property
    def stale(self) -> list[Task]:
        return [task for task in self.tasks if task.inputs and task not in self.current]

    @property
    def failures(self) -> list[Result]:
        planned = [
            Result(task, problems=task.problems, exit_code=task.exit_code) for task in self.tasks
        ]
        return [r for r in planned + self.results if r.exit_code]

    @property
    def exit_code(self) -> int:
        return max((failure.exit_code for failure in self.failures), default=0)


Progress = Callable[[int, int, str], None]


def find_blueprints(directory: Path) -> list[Path]:
    problem = led_out_problem(directory, "this directory of blueprints", "read it")
    if problem:
        raise UsageError(f"{directory}: {problem}")
    if not directory.is_dir():
        raise UsageError(f"{directory}: no such directory of blueprints")
    return sorted(
        path
        for path in directory.iterdir()
        if path.suffix in BLUEPRINT_SUFFIXES and not path.name.startswith(".") and path.is_file()
    )


def plan(directory: Path, settings: Settings, stamps: Stamps) -> list[Task]:
    inside = resolved(directory)
    tasks = [
        _task(source, settings, stamps)
        if resolved(source).is_relative_to(inside)
        else _refused(_unread(source), _leads_out(source, directory))
        for source in find_blueprints(directory)
    ]
    clashes = _clashes(tasks, settings)
    return [clashes.get(task.name, task) for task in tasks]


def _unread(source: Path) -> Task:
    return Task(source, str(source))


def _leads_out(source: Path, directory: Path) -> str:
    """A blueprint in the directory that a symlink takes elsewhere is not read: a pull
    request could link a file of the machine's, and messages would quote its lines."""
    return f"{source}: a symlink leads it out of {directory.name}/; it is not read"


def _clashes(tasks: Sequence[Task], settings: Settings) -> dict[str, Task]:
    """Blueprints whose drawings would have the same names, refused (exit 2) by name.

    A drawing is named after its blueprint's file, with the language before the format
    for a language other than the blueprint's first: `x.yaml` and `x.yml` both draw
    `x.svg`, and `y.ko.yaml` draws `y.ko.svg`, as `y.yaml` does in Korean. Drawn anyway,
    one would overwrite the other, and the record would list one file twice."""
    by_stem: dict[str, list[Task]] = {}
    for task in tasks:
        by_stem.setdefault(task.source.stem, []).append(task)
    found: dict[str, Task] = {}
    for task in tasks:
        base, _, language = task.source.stem.rpartition(".")
        same = [other for other in by_stem[task.source.stem] if other is not task]
        suffixed = [
            other
            for other in by_stem.get(base, [])
            if language in _suffixed_languages(other, settings)
        ]
        for other in same + suffixed:
            path = settings.output_dir / f"{task.source.stem}.{settings.formats[0]}"
            for one, another in ((task, other), (other, task)):
                message = (
                    f"{one.display}: would be drawn to {path}, as {another.display} is;"
                    " rename one of them"
                )
                found.setdefault(one.name, _refused(one, message))
    return found


def _suffixed_languages(task: Task, settings: Settings) -> list[str]:
    """The languages `task` draws with the language in the file name (all but its first)."""
    from ..load import load_document
    from ..pipeline import languages_to_draw
    from ..validate import languages_of

    try:
        document = load_document(task.source, limits=settings.limits)
    except ArchDrawError:  # reported as the task's own problem
        return []
    first = languages_of(document.data)[0]
    return [lang for lang in languages_to_draw(document, settings.languages) if lang != first]


def _refused(task: Task, message: str) -> Task:
    return Task(task.source, task.display, problems=(message,), exit_code=EXIT_INVALID)


def _task(source: Path, settings: Settings, stamps: Stamps) -> Task:
    display = str(source)
    known = stamps.known(source)
    if known:
        files = tuple(Path(path) for path, _seen in known.sources)
        return Task(
            source, display, known.inputs, files=files, observed=known.sources, unchanged=True
        )
    from ..load import load_document

    tried: list[Path] = []
    try:
        document = load_document(source, display, limits=settings.limits, tried=tried)
        # The names looked for and not found count too: a base added under the name
        # that `extends` tries first takes over, and its blueprint must be drawn again.
        files = tuple(dict.fromkeys([*document.input_files(), *tried]))
        observed = observe(files)  # first: a file changed after this changes the stamp
        inputs = fingerprint(files, settings.fingerprinted())
        return Task(source, display, inputs, files=files, observed=observed)
    except ArchDrawError as error:
        return Task(source, display, problems=tuple(error.lines()), exit_code=error.exit_code)


def stale(tasks: Sequence[Task], record: Record) -> list[Task]:
    return [
        task
        for task in tasks
        if task.inputs
        and not record.is_current(task.name, task.inputs, check_files=not task.unchanged)
    ]


def build(
    directory: Path,
    settings: Settings,
    progress: Progress,
    *,
    force: bool = False,
    waiting: Callable[[], None] = lambda: None,
) -> Report:
    """Draw every stale blueprint (every one, with `force`); record each as it is done;
    remove the drawings of blueprints that are gone.

    Builds into one output directory take turns (`waiting` is called when this one has
    to wait for another): each reads the record that the one before it left."""
    from ..write import locked

    stamps = load_stamps(settings.output_dir, settings.fingerprinted())
    tasks = plan(directory, settings, stamps)
    with locked(settings.output_dir, waiting):
        return _build(tasks, stamps, settings, progress, force=force)


def _build(
    tasks: list[Task], stamps: Stamps, settings: Settings, progress: Progress, *, force: bool
) -> Report:
    """The build itself, holding the output directory: what is stale is judged by the
    record as the build before this one left it."""
    from ..write import remove_leftovers

    record = load_record(settings.output_dir)
    remove_leftovers(settings.output_dir)
    report = Report(tasks)
    todo = [task for task in tasks if task.inputs] if force else stale(tasks, record)
    report.current = [task for task in tasks if task.inputs and task not in todo]
    previous = _forget(record, todo)
    for done, result in enumerate(_run(todo, settings), start=1):
        progress(done, len(todo), result.task.display)
        report.results.append(result)
        if not result.exit_code:
            report.removed += _replace_entry(record, result, previous.get(result.task.name))
            record.save()
    report.removed += _remove_orphans(record, {task.name for task in tasks})
    _remember(stamps, record, report)
    return report


def _forget(record: Record, todo: Sequence[Task]) -> dict[str, Entry]:
    """Take the entries of what is about to be redrawn out of the record, on disk too,
    before any drawing is touched: killed at any moment, the record then never claims
    a drawing that was replaced. Returns them, to tidy their dropped drawings after."""
    previous = {
        task.name: record.entries.pop(task.name) for task in todo if task.name in record.entries
    }
    if previous:
        record.save()
    return previous


def _remember(stamps: Stamps, record: Record, report: Report) -> None:
    """Stamp every blueprint now known current, its drawings with it."""
    done = [result.task for result in report.results if not result.exit_code]
    for task in [*done, *(task for task in report.current if not task.unchanged)]:
        drawings = record.entries[task.name].outputs if task.name in record.entries else {}
        drawn = [record.path.parent / name for name in drawings]
        stamps.remember(task.source, task.inputs, task.observed, drawn)
    stamps.save()


def _run(tasks: Sequence[Task], settings: Settings) -> Iterator[Result]:
    """Each blueprint drawn in a child process of its own (see `isolate`), and its files
    written here, as each is done."""
    from ..isolate import Failed
    from ..pipeline import draw_each

    if not tasks:  # nothing to load Graphviz for
        return
    work = functools.partial(draw_task, settings=settings)
    for task, outcome in draw_each(work, tasks, settings.jobs, settings.timeout):
        if isinstance(outcome, Failed):
            lines = tuple(f"{task.display}: {line}" for line in outcome.lines)
            yield Result(task, problems=lines, exit_code=outcome.exit_code)
        else:
            yield _written(outcome)


def _written(result: Result) -> Result:
    """A drawn blueprint with its files written, by the building process itself: a
    drawing child never touches the output directory, so stopping one, at any moment
    and however, leaves nothing half-written there."""
    from ..write import write_files

    if result.exit_code:
        return result
    try:
        write_files(result.files)
    except ArchDrawError as error:
        return Result(result.task, problems=tuple(error.lines()), exit_code=error.exit_code)
    outputs = {path.name: digest_of(data) for path, data in result.files.items()}
    return dataclasses.replace(result, outputs=outputs, files={})


def draw_task(task: Task, settings: Settings, layout: int = 0) -> Result:
    """Draw one blueprint in each of its languages, in memory; report failure instead of
    raising. (`layout`: see pipeline.draw.)"""
    from ..model import with_changes, with_theme
    from ..pipeline import blueprint_in, check_blueprint, draw, languages_to_draw, output_paths

    started = time.perf_counter()
    files: dict[Path, bytes] = {}
    warnings: list[str] = []
    scores: list[str] = []
    # With `measure`, the layout itself comes back too (as JSON), to be scored.
    formats = (*settings.formats, "json") if settings.measure else settings.formats
    try:
        document = check_blueprint(task.source, task.display, limits=settings.limits)
        for language in languages_to_draw(document, settings.languages):
            plain = with_theme(blueprint_in(document, language), settings.theme)
            # With `changes`, a blueprint that extends another is drawn as changes too.
            also = [with_changes(document, plain)] if settings.changes and document.base else []
            for blueprint in [plain, *also]:
                drawn = draw(blueprint, formats, layout=layout)
                if settings.measure:
                    scores.append(_scored(blueprint, drawn.outputs.pop("json")))
                paths = output_paths(blueprint, settings.output_dir, settings.formats)
                files.update((paths[fmt], data) for fmt, data in drawn.outputs.items())
                warnings += drawn.warnings
    except ArchDrawError as error:
        return Result(task, problems=tuple(error.lines()), exit_code=error.exit_code)
    except Exception as error:  # a bug must not take the other blueprints down with it
        message = f"{task.display}: internal error: {type(error).__name__}: {error}"
        return Result(task, problems=(message,), exit_code=EXIT_BUG)
    seconds = time.perf_counter() - started
    return Result(
        task, warnings=tuple(warnings), seconds=seconds, files=files, scores=tuple(scores)
    )


def _scored(blueprint: Blueprint, layout_json: bytes) -> str:
    """`(ko) 3 crossings, ...`: the score of a drawing, in one line."""
    from ..render.scene import scene_of
    from ..score import score

    said = ", ".join(
        filter(None, ["changes" if blueprint.changes else "", blueprint.other_language])
    )
    return (f"({said}) " if said else "") + score(scene_of(layout_json)).summary()


def _replace_entry(record: Record, result: Result, old: Entry | None) -> list[Path]:
    """Record a blueprint's new drawings; remove the ones it no longer makes."""
    old = old or Entry("")
    record.entries[result.task.name] = Entry(result.task.inputs, result.outputs)
    dropped = {name: old.outputs[name] for name in old.outputs.keys() - result.outputs.keys()}
    return _remove_unchanged(record, dropped)


def _remove_orphans(record: Record, names: set[str]) -> list[Path]:
    """Drawings of blueprints that are gone, if nobody has changed them since."""
    removed: list[Path] = []
    for name in [name for name in record.entries if name not in names]:
        removed += _remove_unchanged(record, record.entries.pop(name).outputs)
        record.save()
    return removed


def _remove_unchanged(record: Record, outputs: dict[str, str]) -> list[Path]:
    """Delete these drawings if nobody changed them and no blueprint in the record draws
    them now: `y.yaml` renamed `y.yml` draws the same `y.svg`, to the same bytes (so
    it was not written again), and deleting y.yaml's left y.yml's record naming a
    file that was gone."""
    drawn_now = {name for entry in record.entries.values() for name in entry.outputs}
    removed = []
    for name, digest in sorted(outputs.items()):
        path = record.path.parent / name
        if name not in drawn_now and file_digest(path) == digest:
            path.unlink()
            removed.append(path)
    return removed


def check(directory: Path, settings: Settings) -> Report:
    """What `build` would draw, without drawing: stale, missing and broken blueprints.

    Stale blueprints are validated too, so that a broken one is reported as broken; a
    current one was valid when it was drawn and nothing it depends on has changed.
    """
    record = load_record(settings.output_dir)
    tasks = plan(directory, settings, load_stamps(settings.output_dir, settings.fingerprinted()))
    todo = stale(tasks, record)
    tasks = [_validated(task, settings.limits) if task in todo else task for task in tasks]
    current = [task for task in tasks if task.inputs and task not in todo]
    orphans = sorted(set(record.entries) - {task.name for task in tasks})
    return Report(tasks, current=current, orphans=orphans)


def _validated(task: Task, limits: Limits) -> Task:
    from ..pipeline import check_blueprint

    try:
        check_blueprint(task.source, task.display, limits=limits)
        return task
    except ArchDrawError as error:
        return Task(
            task.source, task.display, problems=tuple(error.lines()), exit_code=error.exit_code
        )
