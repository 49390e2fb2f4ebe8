"""The stages joined: blueprint file in, drawings out. The library's entry points."""

from __future__ import annotations

import contextlib
import functools
import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from .catalog import load_catalog
from .errors import BlueprintError, Diagnostic, RenderError, UsageError
from .files import led_out_problem
from .formats import DEFAULT_FORMATS, OUTPUT_FORMATS
from .limits import DEFAULT_LIMITS, Limits
from .load import Document, load_document
from .settings import DEFAULT_TIMEOUT, Settings
from .spelling import bounded
from .themes import READER_DARK, THEMES
from .validate import languages_of, validate

if TYPE_CHECKING:
    from .isolate import Failed
    from .model import Blueprint, ThemeName
    from .render.layouts import Layout
    from .score import Score

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading a blueprint makes tens of thousands of small containers and no garbage
    cycles; Python's cycle collector walked them over and over, a third of the time
    at 1000 nodes (benchmark 4). Paused while reading, then restored as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_collector_paused()
def check_blueprint(
    path: Path,
    display: str | None = None,
    text: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> Document:
    """Read a blueprint and what it extends, and validate it; in no language yet.
    With `text`, that is the blueprint, standing at `path` (see load_document)."""
    with bounded():  # one budget of suggestions for reading and checking
        document = load_document(path, display, text, limits)
        validate(document, load_catalog(), limits)
    return document


@_collector_paused()
def blueprint_in(document: Document, language: str | None = None) -> Blueprint:
    """The resolved model of a checked document in `language` (default: its first)."""
    languages = languages_of(document.data)
    chosen = language or languages[0]
    if chosen not in languages:
        message = f"no '{chosen}' text: the blueprint's languages are {', '.join(languages)}"
        raise BlueprintError([document.problem(("languages",), message)])
    # Imported here: `arch-draw validate` never builds a model, and their dataclasses
    # are a tenth of its start-up.
    from .model import from_document
    from .resolve import resolve

    return resolve(from_document(document, languages, chosen), load_catalog())


def load_blueprint(
    path: Path,
    display: str | None = None,
    language: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
) -> Blueprint:
    """Load, validate and resolve one blueprint; raise BlueprintError listing every problem."""
    return blueprint_in(check_blueprint(path, display, limits=limits), language)


def check_blueprints(paths: Iterable[Path], *, limits: Limits = DEFAULT_LIMITS) -> list[Document]:
    """Read and validate every blueprint; report the problems of all of them together.
    A relative path that a symlink leads out of the current directory is not read (see
    files.led_out)."""
    documents: list[Document] = []
    problems: list[Diagnostic] = []
    for path in paths:
        problem = led_out_problem(path, "this blueprint", "read it")
        if problem:
            problems.append(Diagnostic(str(path), 1, 1, problem))
            continue
        try:
            documents.append(check_blueprint(path, limits=limits))
        except BlueprintError as error:
            problems.extend(error.diagnostics)
    if problems:
        raise BlueprintError(problems)
    return documents


def load_blueprints(
    paths: Iterable[Path],
    languages: Sequence[str] = (),
    *,
    limits: Limits = DEFAULT_LIMITS,
    changes: bool = False,
    theme: ThemeName | None = None,
) -> list[Blueprint]:
    """Every blueprint in each language asked for (default: its first), all problems at once;
    with `changes`, each as changes over the blueprint it extends; in `theme`, if given."""
    from .model import with_theme

    wanted: Sequence[str | None] = languages or (None,)
    documents = check_blueprints(paths, limits=limits)
    blueprints: list[Blueprint] = []
    problems: list[Diagnostic] = []
    for document in documents:
        try:
            models = [with_theme(blueprint_in(document, lang), theme) for lang in wanted]
            if changes:
                from .model import with_changes

                models = [with_changes(document, model) for model in models]
            blueprints.extend(models)
        except BlueprintError as error:
            problems.extend(error.diagnostics)
    if problems:
        raise BlueprintError(problems)
    return blueprints


@dataclass(frozen=True)
class Drawn:
    """A blueprint's finished outputs: format -> bytes, ready to be written."""

    outputs: dict[str, bytes]
    warnings: tuple[str, ...]


def draw(
    blueprint: Blueprint,
    formats: Sequence[str] = DEFAULT_FORMATS,
    *,
    layout: int = 0,
    when_dark: str = READER_DARK,
) -> Drawn:
    """Every format of one blueprint, from one layout; the SVG is self-contained.

    `layout` 0 draws the best of several layouts; another picks one of
    render.layouts.FALLBACKS to start from: the drawing functions below move on to the
    next in a new process when Graphviz crashed on one (see render.render). The SVG of
    theme `auto` turns dark `when_dark` (see arch_draw.themes)."""
    from .render import render
    from .write import embed_icons, follows_reader

    drawing = render(blueprint, formats, load_catalog(), layout=layout)
    outputs = {
        fmt: embed_icons(data, drawing.icons, drawing.dark_icons)
        if OUTPUT_FORMATS[fmt].embeds_icons
        else data
        for fmt, data in drawing.outputs.items()
    }
    if THEMES[blueprint.theme].follows_reader and "svg" in outputs:
        outputs["svg"] = follows_reader(outputs["svg"], when_dark)
    return Drawn({fmt: outputs[fmt] for fmt in formats}, drawing.warnings)


def draw_isolated(
    blueprint: Blueprint,
    formats: Sequence[str] = DEFAULT_FORMATS,
    timeout: float = DEFAULT_TIMEOUT,
    when_dark: str = READER_DARK,
) -> Drawn:
    """`draw` in a child process, as the command line draws: after a crash inside Graphviz
    the other layouts are tried, and a drawing past `timeout` seconds is stopped; a
    drawing that fails every way raises RenderError. The caller's process survives."""
    from .isolate import Failed

    work = functools.partial(draw, formats=formats, when_dark=when_dark)
    [(_, outcome)] = draw_each(work, [blueprint], 1, timeout)
    if isinstance(outcome, Failed):
        raise RenderError("\n".join(outcome.lines))
    return outcome


@dataclass(frozen=True)
class Linted:
    """A blueprint in one language, and the score of its layout."""

    blueprint: Blueprint
    score: Score

    @property
    def name(self) -> str:
        """The blueprint's path, with the language when it is not the first."""
        other = self.blueprint.other_language
        return f"{self.blueprint.path} ({other})" if other else self.blueprint.path


def lint_files(
    paths: Iterable[Path], settings: Settings, candidates: Sequence[Layout] | None = None
) -> list[Linted]:
    """Lay out every blueprint, in each of its languages (or those asked for), and score
    the layout (see arch_draw.score); nothing is drawn or written. Layouts are made in
    child processes, as drawings are. (`candidates`: see render.render, all of them by
    default; the benchmark and the README compare the usual layout alone with them.)"""
    from .isolate import Failed

    documents = check_blueprints(dict.fromkeys(paths), limits=settings.limits)
    blueprints = [
        blueprint_in(document, language)
        for document in documents
        for language in languages_to_draw(document, settings.languages)
    ]
    scored: dict[int, Linted] = {}
    failures: list[str] = []
    jobs = list(enumerate(blueprints))
    work = functools.partial(_lint_job, candidates=candidates)
    for (index, blueprint), outcome in draw_each(work, jobs, settings.jobs, settings.timeout):
        if isinstance(outcome, Failed):
            failures += [_located(blueprint.path, line) for line in outcome.lines]
        else:
            scored[index] = Linted(blueprint, outcome)
    if failures:
        raise RenderError("\n".join(failures))
    return [scored[index] for index in sorted(scored)]


def languages_to_draw(document: Document, wanted: Sequence[str]) -> list[str]:
    """The languages to draw a blueprint in: those asked for that it has, or all."""
    own = languages_of(document.data)
    return [language for language in wanted or own if language in own]


def _lint_job(
    job: tuple[int, Blueprint], *, layout: int = 0, candidates: Sequence[Layout] | None = None
) -> Score:
    from .render import lay_out
    from .render.layouts import CANDIDATES
    from .score import score

    _index, blueprint = job
    chosen_among = candidates or CANDIDATES
    return score(lay_out(blueprint, load_catalog(), layout=layout, candidates=chosen_among))


def output_paths(blueprint: Blueprint, output_dir: Path, formats: Sequence[str]) -> dict[str, Path]:
    """Where each format of `blueprint` goes: the blueprint's file name with the format's
    suffix, and the language before it unless it is the blueprint's default
    (`tier.png`, `tier.ko.png`); a drawing of changes says so (`tier.changes.ko.png`)."""
    stem = Path(blueprint.path).stem
    if blueprint.changes:
        stem += ".changes"
    if blueprint.other_language:
        stem += f".{blueprint.other_language}"
    return {fmt: output_dir / f"{stem}.{fmt}" for fmt in formats}


@dataclass(frozen=True)
class Rendered:
    """One blueprint drawn: the files to write, Graphviz's warnings, the time it took."""

    blueprint: Blueprint
    files: dict[Path, bytes]
    warnings: tuple[str, ...]
    seconds: float


def render_files(paths: Iterable[Path], settings: Settings) -> list[Rendered]:
    """Load every blueprint (all problems of all files at once), then draw each in memory,
    in child processes (see `isolate`): a drawing past `settings.timeout` is stopped.

    Nothing is written here: if any blueprint is invalid or cannot be drawn, the caller
    writes nothing at all.
    """
    from .isolate import Failed

    # A file named twice is drawn once.
    blueprints = load_blueprints(
        dict.fromkeys(paths),
        settings.languages,
        limits=settings.limits,
        changes=settings.changes,
        theme=settings.theme,
    )
    targets = [output_paths(bp, settings.output_dir, settings.formats) for bp in blueprints]
    _refuse_clashes(blueprints, targets)
    jobs = list(enumerate(zip(blueprints, targets, strict=True)))
    rendered: dict[int, Rendered] = {}
    failures: list[str] = []
    for (index, (blueprint, _paths)), outcome in draw_each(
        _render_job, jobs, settings.jobs, settings.timeout
    ):
        if isinstance(outcome, Failed):
            failures += [_located(blueprint.path, line) for line in outcome.lines]
        else:
            rendered[index] = outcome
    if failures:
        raise RenderError("\n".join(failures))
    return [rendered[index] for index in sorted(rendered)]


def _located(path: str, line: str) -> str:
    """A message naming its blueprint: `path: message`, unless it already starts so."""
    return line if line.startswith(f"{path}:") else f"{path}: {line}"


def draw_each(
    work: Callable[..., Outcome], items: Sequence[Item], jobs: int, timeout: float
) -> Iterator[tuple[Item, Outcome | Failed]]:
    """`work(item)` for each item, each in a child process (see `isolate`), as they
    finish. Graphviz and the catalogue are loaded first, for the children to share; an
    item whose child crashed inside Graphviz goes to `work(item, layout=N)` with each
    of render.layouts.FALLBACKS after the usual one in turn."""
    from .isolate import run_isolated
    from .render.layouts import FALLBACKS

    _prepare_drawing()
    retries = [functools.partial(work, layout=index) for index in range(1, len(FALLBACKS))]
    return run_isolated(work, items, jobs, timeout, retries)


def _prepare_drawing() -> None:
    """Import what drawing needs, load Graphviz, fonts and the catalogue now, in this
    process: children forked after it share them instead of each loading them again."""
    from . import write  # noqa: F401  (imported for its side: loaded before forking)
    from .render import prepare

    prepare()
    load_catalog()


def _render_job(job: tuple[int, tuple[Blueprint, dict[str, Path]]], *, layout: int = 0) -> Rendered:
    _index, (blueprint, paths) = job
    started = time.perf_counter()
    drawn = draw(blueprint, tuple(paths), layout=layout)
    files = {paths[fmt]: data for fmt, data in drawn.outputs.items()}
    return Rendered(blueprint, files, drawn.warnings, time.perf_counter() - started)


def _refuse_clashes(blueprints: Sequence[Blueprint], targets: Sequence[dict[str, Path]]) -> None:
    """Two blueprints with one file name would overwrite each other's drawings."""
    seen: dict[Path, str] = {}
    for blueprint, paths in zip(blueprints, targets, strict=True):
        for path in paths.values():
            if path in seen:  # an input problem: exit 2, as build says it
                raise UsageError(
                    f"{seen[path]} and {blueprint.path} would both be drawn to {path};"
                    " rename one of them"
                )
            seen[path] = blueprint.path
