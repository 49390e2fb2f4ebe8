"""The `arch-draw` command: a thin layer over `pipeline`.

Messages go to stderr, drawings to files, the schema to stdout. Every ArchDrawError
becomes its message and its exit code; no traceback reaches the user.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import tool_versions

if TYPE_CHECKING:  # the build machinery is imported only when `build` runs
    from . import build as build_module
    from .model import ThemeName
    from .settings import Settings
from .errors import EXIT_BUG, EXIT_STALE, ArchDrawError, OutputError, UsageError
from .formats import DEFAULT_FORMATS, FORMATS

F = TypeVar("F", bound=Callable[..., Any])


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the command stands, as Ctrl-C raises
    KeyboardInterrupt, so that the same clean-up runs: drawing children killed, their
    temporary files removed, no file left half-written. (Their default action ended
    the command on the spot, and its drawing children went on without it.)"""


_STOPPING = ("SIGINT", "SIGTERM", "SIGHUP")
_STOPPED_BY: list[int] = []  # the signal that is ending the command, once one has come


def _stop_on_signals() -> None:
    def stop(signal_number: int, _frame: object) -> None:
        _ignore_more_signals()
        _STOPPED_BY.append(signal_number)
        raise Stopped(signal_number)

    for name in _STOPPING[1:]:
        if hasattr(signal, name):  # not on Windows
            signal.signal(getattr(signal, name), stop)


def _ignore_more_signals() -> None:
    """Once a command is ending, a second signal must not cut its clean-up short
    (killing the children, removing their folders): it left a traceback and folders."""
    for name in _STOPPING:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  2  invalid input (each problem printed as FILE:LINE:COL: message)
  3  a drawing could not be made or written
  70 a bug of arch-draw (an internal error): please report it"""


class Reporter:
    """Prints to stderr by verbosity: -q errors only, default adds results, -v details."""

    def __init__(self, quiet: bool, verbose: bool) -> None:
        self.level = 0 if quiet else (2 if verbose else 1)

    def info(self, message: str) -> None:
        if self.level >= 1:
            click.echo(message, err=True)

    def detail(self, message: str) -> None:
        if self.level >= 2:
            click.echo(message, err=True)


EXIT_READER_GONE = 128 + 13  # as if killed by SIGPIPE, as a program in C would be


def out(text: str, *, newline: bool = True) -> None:
    """Print to standard output. A reader that went away (`arch-draw icons | head -1`)
    ends the command quietly; a full disk is a message and exit code 3."""
    try:
        click.echo(text, nl=newline)
    except BrokenPipeError:
        # Python would complain again when it flushes standard output on its way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(EXIT_READER_GONE)
    except OSError as error:
        raise OutputError(f"cannot write to standard output: {error.strerror or error}") from None


def _print_versions(context: click.Context, wanted: bool) -> None:
    # A callback rather than click's version_option, which would look the versions up
    # on every start of the command, not only when they are asked for.
    if wanted and not context.resilient_parsing:
        try:
            out(tool_versions())
        except OutputError as error:  # outside every command's error handling
            click.echo(str(error), err=True)
            context.exit(error.exit_code)
        context.exit()


def verbosity_options(command: F) -> F:
    command = click.option(
        "-v", "--verbose", is_flag=True, help="Say more: timings, Graphviz notes."
    )(command)
    return click.option("-q", "--quiet", is_flag=True, help="Print errors only.")(command)


def output_options(command: F) -> F:
    """-o, -f, --theme and --changes, the same for `render` and `build`."""
    from .themes import THEMES

    themes = "; ".join(f"{name}: {theme.description}" for name, theme in THEMES.items())
    command = click.option(
        "--theme",
        type=click.Choice(list(THEMES)),
        help=f"Colours, over the blueprint's `theme:` ({themes}). [default: the blueprint's,"
        " else light]",
    )(command)
    command = click.option(
        "--changes",
        is_flag=True,
        help="Draw each blueprint that extends another as its changes over that one"
        " (NAME.changes.png): what it adds or changes in colour, what it keeps faded, what"
        " it removes listed. build draws these beside the usual drawings.",
    )(command)
    command = click.option(
        "-f",
        "--format",
        "formats",
        multiple=True,
        type=click.Choice(FORMATS),
        help="Output format; repeat for several. [default: png and svg]",
    )(command)
    return click.option(
        "-o",
        "--output-dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("output"),
        show_default=True,
        help="Directory the drawings are written to (created if missing). A relative one"
        " may not lead out of the current directory through a symlink.",
    )(command)


def language_option(command: F) -> F:
    return click.option(
        "-l",
        "--lang",
        "languages",
        multiple=True,
        metavar="LANG",
        help="Language of the text, e.g. ko; repeat for several. [default: the blueprint's first]",
    )(command)


def limit_option(command: F) -> F:
    """--limit NAME=N, for the commands that read blueprints (see arch_draw.limits)."""
    from dataclasses import asdict

    from .limits import DEFAULT_LIMITS

    defaults = ", ".join(
        f"{name.replace('_', '-')}={value}" for name, value in asdict(DEFAULT_LIMITS).items()
    )
    return click.option(
        "--limit",
        "limit_settings",
        multiple=True,
        metavar="NAME=N",
        help="Change a bound on what a blueprint may ask for; repeat for several."
        f" [defaults: {defaults}]",
    )(command)


class Seconds(click.ParamType):  # type: ignore[type-arg]  # generic only in newer click
    """A time limit: a finite number of seconds above 0, up to a day. (FloatRange took
    `inf`, which overflowed a deadline, and `nan`, which no drawing ever exceeds.)"""

    name = "seconds"
    most = 86_400.0

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> float:
        import math

        text = str(value)
        try:
            # float() also reads digits of other scripts, and '1_0': plain numbers only
            seconds = float(text) if text.isascii() and "_" not in text else math.nan
        except ValueError:
            seconds = math.nan
        if not 0 < seconds <= self.most:  # false for nan too
            self.fail(f"'{value}' is not a number of seconds above 0 and up to {self.most:g}")
        return seconds


def drawing_options(command: F) -> F:
    """-o, -f, --theme, --changes, -l, -j, --timeout and --limit, the options of every
    command that draws, handed to it as one `settings` (arch_draw.settings.Settings)."""

    @functools.wraps(command)
    def with_settings(
        *args: Any,
        output_dir: Path,
        formats: tuple[str, ...],
        changes: bool,
        theme: ThemeName | None,
        settings: Settings,
        **kwargs: Any,
    ) -> Any:
        from .write import check_output_dir

        check_output_dir(output_dir)
        chosen = tuple(dict.fromkeys(formats)) or DEFAULT_FORMATS
        settings = dataclasses.replace(
            settings, output_dir=output_dir, formats=chosen, changes=changes, theme=theme
        )
        return command(*args, settings=settings, **kwargs)

    return output_options(layout_options(with_settings))  # type: ignore[return-value]


def layout_options(command: F) -> F:
    """-l, -j, --timeout and --limit, the options of every command that lays blueprints
    out, handed to it as one `settings` (arch_draw.settings.Settings)."""
    from .settings import DEFAULT_TIMEOUT

    @functools.wraps(command)
    def with_settings(
        *args: Any,
        languages: tuple[str, ...],
        jobs: int,
        timeout: float,
        limit_settings: tuple[str, ...],
        **kwargs: Any,
    ) -> Any:
        from .limits import parse_limits
        from .settings import Settings

        limits = parse_limits(limit_settings)
        settings = Settings(
            Path("output"), DEFAULT_FORMATS, tuple(dict.fromkeys(languages)), limits, timeout, jobs
        )
        return command(*args, settings=settings, **kwargs)

    decorated = limit_option(with_settings)
    decorated = click.option(
        "--timeout",
        type=Seconds(),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        metavar="SECONDS",
        help="Stop a blueprint whose drawing takes longer (at most 86400), and report it.",
    )(decorated)
    decorated = click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=os.cpu_count() or 1,
        show_default="all cores",
        help="Blueprints drawn at once.",
    )(decorated)
    return language_option(decorated)  # type: ignore[return-value]


def _name(signal_number: int) -> str:
    return signal.Signals(signal_number).name


def reports_errors(command: F) -> F:
    """Turn arch-draw's errors into their messages and exit codes.

    Anything else is a bug of arch-draw: one line says so (the traceback with -v),
    rather than a traceback that looks like the user's fault.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ArchDrawError as error:
            for line in error.lines():
                click.echo(line, err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            _ignore_more_signals()
            number = _STOPPED_BY[0] if _STOPPED_BY else signal.SIGINT
            said = "interrupted" if number == signal.SIGINT else f"stopped by {_name(number)}"
            click.echo(said, err=True)
            sys.exit(128 + number)  # the shell's convention: 130 for Ctrl-C, 143 for SIGTERM
        except Exception as error:
            if kwargs.get("verbose"):
                import traceback  # only here: its import is 5 % of start-up

                traceback.print_exc()
            message = (
                f"internal error: {type(error).__name__}: {error} (please report it; -v shows more)"
            )
            click.echo(message, err=True)
            sys.exit(EXIT_BUG)

    return wrapper  # type: ignore[return-value]


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES_HELP,
)
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda context, _option, wanted: _print_versions(context, wanted),
    help="Show the versions of arch-draw, the icon set and Graphviz, and exit.",
)
def main() -> None:
    """Draw AWS architecture diagrams from YAML blueprints.

    \b
    Examples:
      arch-draw render blueprints/users-under-1k.yaml
      arch-draw render blueprints/*.yaml -o docs/img -f svg -f png
      arch-draw validate blueprints/*.yaml
      arch-draw schema > blueprint.schema.json
    """
    _stop_on_signals()


@main.command(
    epilog=EXIT_CODES_HELP, short_help="Draw blueprints as PNG, SVG, PDF, DOT or draw.io."
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--markdown",
    is_flag=True,
    help="Print Markdown that shows each drawing, to paste into a wiki or docs page.",
)
@verbosity_options
@reports_errors
@drawing_options
def render(
    files: tuple[Path, ...], settings: Settings, markdown: bool, quiet: bool, verbose: bool
) -> None:
    """Draw each blueprint FILE into OUTPUT_DIR as FILE's name with each format's suffix.

    All formats of a blueprint come from one Graphviz layout. If any blueprint is
    invalid, every problem of every file is reported and nothing is written.

    \b
    Examples:
      arch-draw render blueprints/users-under-1k.yaml
      arch-draw render blueprints/users-under-1k.yaml --lang ko   # users-under-1k.ko.png
      arch-draw render mine.yaml -o docs/img -f svg
      arch-draw render mine.yaml --markdown      # prints ![Mine](output/mine.svg)
      arch-draw render blueprints/users-over-1k.yaml --changes   # what tier 2 adds
    """
    from .pipeline import render_files
    from .write import write_files

    reporter = Reporter(quiet, verbose)
    rendered = render_files(files, settings)
    for item in rendered:
        for warning in item.warnings:
            reporter.info(f"{item.blueprint.path}: Graphviz: {warning}")
        reporter.detail(f"{item.blueprint.path}: drawn in {item.seconds:.2f} s")
    pending = {path: data for item in rendered for path, data in item.files.items()}
    changed = set(write_files(pending))
    for path in pending:
        reporter.info(f"{'wrote' if path in changed else 'unchanged'} {path}")
    if markdown:
        for item in rendered:
            for line in markdown_lines(item.blueprint.title, list(item.files)):
                out(line)


# How a draw.io file reaches a wiki: said beside its link, where the Markdown shows nothing.
DRAWIO_NOTE = (
    "<!-- Confluence: add the draw.io diagram macro and import this file"
    " (or attach it and open it with draw.io) to edit the drawing there -->"
)


def markdown_lines(title: str, paths: Sequence[Path]) -> list[str]:
    """`![title](path)` for the best format drawn that a page shows inline (SVG, sharp
    at any size, else PNG: formats.OUTPUT_FORMATS), else a link, as for PDF and DOT; and
    a link to a draw.io file, with how to edit it in Confluence."""
    from .formats import OUTPUT_FORMATS

    alt = title.replace("[", "(").replace("]", ")").replace("\n", " ")
    inline = [
        (preference, path)
        for path in paths
        if (preference := OUTPUT_FORMATS[path.suffix.removeprefix(".")].inline) is not None
    ]
    drawio = [path for path in paths if path.suffix == ".drawio"]
    others = [path for path in paths if path not in drawio]
    lines = [f"[{alt} (draw.io)]({path.as_posix()}) {DRAWIO_NOTE}" for path in drawio]
    if inline:
        return [f"![{alt}]({min(inline)[1].as_posix()})", *lines]
    return [f"[{alt}]({others[0].as_posix()})", *lines] if others else lines


BUILD_EXIT_CODES_HELP = """\b
Exit codes:
  0  success (with --check: every drawing is current)
  1  with --check: some drawing is stale or missing
  2  some blueprint is invalid (each problem printed as FILE:LINE:COL: message)
  3  some drawing could not be made or written"""


@main.command(epilog=BUILD_EXIT_CODES_HELP, short_help="Draw every blueprint that changed.")
@click.argument(
    "blueprint_dir",
    required=False,
    default=Path("blueprints"),
    type=click.Path(path_type=Path, file_okay=False),
)
@click.option("--check", is_flag=True, help="Draw nothing; list stale drawings; exit 1 if any.")
@click.option("--force", is_flag=True, help="Draw every blueprint, current or not.")
@verbosity_options
@reports_errors
@drawing_options
def build(
    blueprint_dir: Path,
    settings: Settings,
    check: bool,
    force: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Draw every blueprint in BLUEPRINT_DIR (default: blueprints) into OUTPUT_DIR, in each
    of its languages, skipping those whose inputs have not changed since the last build.

    Inputs are the blueprint, the blueprints it extends, and the versions of arch-draw,
    the icon set and Graphviz; what was drawn from them is recorded in
    OUTPUT_DIR/.arch-draw-build.json. A broken blueprint is reported and the others are
    still drawn. Drawings of blueprints that were deleted are removed.

    \b
    Examples:
      arch-draw build                      # blueprints/ -> output/
      arch-draw build docs/diagrams -o docs/img -f svg
      arch-draw build --check              # in CI or a pre-commit hook
    """
    from . import build as builder

    reporter = Reporter(quiet, verbose)
    if check:
        sys.exit(_report_check(builder.check(blueprint_dir, settings), settings, reporter))
    started = time.perf_counter()
    report = builder.build(
        blueprint_dir,
        dataclasses.replace(settings, measure=verbose),
        _progress_line(),
        force=force,
        waiting=lambda: reporter.info(
            f"waiting for another build into {settings.output_dir} to finish"
        ),
    )
    _report_build(report, reporter, time.perf_counter() - started)
    sys.exit(report.exit_code)


def _progress_line() -> Callable[[int, int, str], None]:
    """A line redrawn in place on a terminal; nothing in logs (CI, pipes)."""
    live = sys.stderr.isatty() and not os.environ.get("CI")

    def show(done: int, total: int, name: str) -> None:
        if live:
            end = "\n" if done == total else ""
            click.echo(f"\r\033[K[{done}/{total}] {name}", err=True, nl=False)
            click.echo(end, err=True, nl=False)

    return show


def _report_build(report: build_module.Report, reporter: Reporter, seconds: float) -> None:
    for failure in report.failures:
        for line in failure.problems:
            click.echo(line, err=True)
    for result in report.results:
        for warning in result.warnings:
            reporter.info(f"{result.task.display}: Graphviz: {warning}")
        if not result.exit_code:
            reporter.detail(f"{result.task.display}: drawn in {result.seconds:.2f} s")
            for line in result.scores:
                reporter.detail(f"{result.task.display}: {line}")
    for path in report.removed:
        reporter.info(f"removed {path} (no longer drawn)")
    drawn = [result for result in report.results if not result.exit_code]
    summary = f"{_counted(len(report.tasks), 'blueprint')}: "
    if drawn:
        files = sum(len(result.outputs) for result in drawn)
        summary += f"drew {len(drawn)} ({_counted(files, 'file')}) in {seconds:.1f} s, "
    summary += f"{len(report.current)} current"
    if report.failures:
        summary += f", {len(report.failures)} failed"
    reporter.info(summary)


def _counted(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _report_check(report: build_module.Report, settings: Settings, reporter: Reporter) -> int:
    for failure in report.failures:
        for line in failure.problems:
            click.echo(line, err=True)
    for task in report.stale:
        click.echo(
            f"{task.display}: drawings in {settings.output_dir} are stale or missing", err=True
        )
    for name in report.orphans:
        click.echo(
            f"{settings.output_dir}: drawings of {name}, which is gone, are still there", err=True
        )
    if report.failures:
        return max(failure.exit_code for failure in report.failures)
    if report.stale or report.orphans:
        return EXIT_STALE
    reporter.info(f"all {len(report.tasks)} blueprints have current drawings")
    return 0


LINT_EXIT_CODES_HELP = """\b
Exit codes:
  0  laid out (with --strict: and no defect found)
  1  with --strict: some drawing has a defect
  2  some blueprint is invalid (each problem printed as FILE:LINE:COL: message)
  3  some blueprint could not be laid out"""


@main.command(epilog=LINT_EXIT_CODES_HELP, short_help="Score how well drawings read.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit with 1 if any drawing has a defect.")
@verbosity_options
@reports_errors
@layout_options
def lint(
    files: tuple[Path, ...], settings: Settings, strict: bool, quiet: bool, verbose: bool
) -> None:
    """Lay out each blueprint FILE, in each of its languages, and report what makes the
    drawing hard to read: edges crossing, edges through nodes, labels under lines,
    icons, borders or other labels, and edges crossing group borders needlessly; then a
    line per drawing with its counts and measures. Nothing is drawn or written.

    \b
    Examples:
      arch-draw lint blueprints/*.yaml
      arch-draw lint mine.yaml --lang en --strict     # in a docs repository's CI
    """
    from .pipeline import lint_files

    linted = lint_files(files, settings)
    for item in linted:
        if not quiet:
            for defect in item.score.defects:
                out(f"{item.name}: {defect.message}")
        out(f"{item.name}: {item.score.summary()}")
    if strict and any(item.score.defects for item in linted):
        sys.exit(EXIT_STALE)


@main.command(epilog=EXIT_CODES_HELP, short_help="Check blueprints; report every problem.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@limit_option
@verbosity_options
@reports_errors
def validate(
    files: tuple[Path, ...], limit_settings: tuple[str, ...], quiet: bool, verbose: bool
) -> None:
    """Check each blueprint FILE and report every problem; draw nothing. With -v, also
    what each holds, in which languages, and the files it was read from.

    \b
    Example:
      arch-draw validate blueprints/*.yaml
    """
    from .draft import counted, ids_beyond
    from .limits import parse_limits
    from .pipeline import check_blueprints, languages_to_draw

    reporter = Reporter(quiet, verbose)
    for document in check_blueprints(files, limits=parse_limits(limit_settings)):
        reporter.info(f"{document.path}: valid")
        held = counted(ids_beyond(document.data), zeros=True)
        languages = ", ".join(languages_to_draw(document, ()))
        read = ", ".join(str(path) for path in document.sources)
        reporter.detail(f"  {held}; in {languages}; read from {read}")


@main.command(short_help="The blueprints arch-draw ships; one of them merged.")
@click.argument("name", required=False)
@click.option("-l", "--lang", "language", metavar="LANG", help="Language of the titles, e.g. ko.")
@verbosity_options
@reports_errors
def blueprints(name: str | None, language: str | None, quiet: bool, verbose: bool) -> None:
    """List the blueprints that ship with arch-draw (the guide's tiers first), each with
    what it adds to the one it extends (-v: and its caption); with NAME, print that one
    with everything it extends merged in: the ids a blueprint extending it may change or
    remove.

    \b
    Examples:
      arch-draw blueprints
      arch-draw blueprints users-over-10k > tier3.yaml
      arch-draw new mine --from users-over-10k   # then change it by those ids
    """
    from .draft import bundled_blueprints, merged

    del quiet  # nothing but the answer is printed
    if name is None:
        for line in bundled_blueprints(language, captions=verbose):
            out(line)
    else:
        out(merged(name), newline=False)


@main.command(short_help="Which of the guide's tiers fits N users, and why.")
@click.option("--users", "users", type=int, required=True, metavar="N", help="Expected users.")
@click.option(
    "--write",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Start a new blueprint FILE that extends the tier.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@language_option
@verbosity_options
@reports_errors
def suggest(
    users: int,
    target: Path | None,
    force: bool,
    languages: tuple[str, ...],
    quiet: bool,
    verbose: bool,
) -> None:
    """Pick the guide's tier for N users: what it adds over the tier below, and why.

    \b
    Examples:
      arch-draw suggest --users 50000
      arch-draw suggest --users 50000 --write mine.yaml    # mine.yaml extends the tier
      arch-draw suggest --users 800 --lang ko
    """
    from . import draft

    reporter = Reporter(quiet, verbose)
    suggestion = draft.suggest(users, languages[0] if languages else None)
    for line in draft.explain(suggestion):
        out(line)
    if target is not None:
        origin = f"Started from the guide's tier for {users:,} users: {suggestion.tier.title}."
        notes = [note.id for note in suggestion.tier.notes]
        text = draft.starter_from(suggestion.reference, "My architecture", origin, notes)
        for path in draft.write_new(target, text, force=force):
            reporter.info(f"wrote {path}")


@main.command(short_help="Start a new blueprint, blank or from another.")
@click.argument("name", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--from",
    "source",
    metavar="BLUEPRINT",
    help="Extend this blueprint: a bundled one (users-over-10k) or a file.",
)
@click.option("--force", is_flag=True, help="Overwrite NAME if it exists.")
@verbosity_options
@reports_errors
def new(name: Path, source: str | None, force: bool, quiet: bool, verbose: bool) -> None:
    """Write NAME (.yaml added if missing): a commented starter blueprint, with a schema
    line for editors (and blueprint.schema.json beside it, if not there yet).

    \b
    Examples:
      arch-draw new shop                           # shop.yaml, a small blueprint to edit
      arch-draw new shop --from users-over-10k     # extends the guide's tier 3
      arch-draw new staging --from shop.yaml       # extends your own
    """
    from . import draft

    if name.name in ("", ".", ".."):
        raise UsageError(f"new: '{name}' names no file; give the blueprint a name, e.g. shop")
    path = name if name.suffix in (".yaml", ".yml") else name.with_name(name.name + ".yaml")
    if source is None:
        text = draft.STARTER
    else:
        reference = draft.base_reference(source, path)
        origin = f"Started from {source}."
        text = draft.starter_from(reference, path.stem, origin, draft.notes_of(source))
    for written in draft.write_new(path, text, force=force):
        Reporter(quiet, verbose).info(f"wrote {written}")


@main.command(short_help="Draw again on every save, until Ctrl-C.")
@click.argument("target", type=click.Path(path_type=Path, exists=True))
@verbosity_options
@reports_errors
@drawing_options
def watch(target: Path, settings: Settings, quiet: bool, verbose: bool) -> None:
    """Draw TARGET, a blueprint file or a directory of them, then again each time it, a
    blueprint it extends or one of its icons is saved. Errors are reported and the watch
    goes on; Ctrl-C ends it.

    \b
    Examples:
      arch-draw watch mine.yaml -f svg      # keep output/mine.svg open beside the editor
      arch-draw watch blueprints/           # an incremental build on every save
    """
    from .watch import NEWS
    from .watch import watch as watch_target

    reporter = Reporter(quiet, verbose)

    def say(message: str, level: int = NEWS) -> None:
        if reporter.level >= level:
            click.echo(message, err=True)

    say(f"watching {target}; Ctrl-C to stop")
    # Ctrl-C also sets `stopped`, which the watch checks every step: under load, the
    # interrupt alone sometimes left the watch running (1 run in 20, the main thread
    # waiting in watchfiles' watcher as if no signal had come).
    stopped = threading.Event()

    def interrupted(_signal_number: int, _frame: object) -> None:
        stopped.set()
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupted)
    try:
        watch_target(target, settings, say, stopped)
        say("stopped")
    except KeyboardInterrupt:
        if _STOPPED_BY:  # SIGTERM or SIGHUP (which watchfiles reports as a Ctrl-C)
            raise
        say("stopped")  # Ctrl-C is how a watch is meant to end: exit 0


@main.command(short_help="Find node types: names, short names, categories.")
@click.argument("query", required=False, default="")
@click.option(
    "--provider", metavar="NAME", help="Only this provider's types (aws, gcp, onprem, ...)."
)
@verbosity_options
@reports_errors
def icons(query: str, provider: str | None, quiet: bool, verbose: bool) -> None:
    """List the node types whose names hold every word of QUERY, in any order, spaces and
    hyphens aside (all without one), best matches and AWS first: the qualified name,
    then the short names that also work. Names people give AWS services count too
    ("load balancer", "eni", "datacenter"); -v shows them.

    \b
    Examples:
      arch-draw icons queue
      arch-draw icons "load balancer"
      arch-draw icons database --provider aws
      arch-draw icons --provider onprem
    """
    from .catalog import load_catalog
    from .errors import UsageError
    from .spelling import did_you_mean

    catalog = load_catalog()
    if provider is not None and provider not in catalog.providers():
        hint = (
            did_you_mean(provider, catalog.providers())
            or f"; one of: {', '.join(catalog.providers())}"
        )
        raise UsageError(f"--provider: no provider '{provider}'{hint}")
    found = catalog.search(query, provider)
    reporter = Reporter(quiet, verbose)
    if not found:
        reporter.info(f"no node type matches '{query}'")
    width = max((len(entry.qualified) for entry in found), default=0)
    for entry in found:
        said = f"  (people say: {', '.join(entry.spoken)})" if verbose and entry.spoken else ""
        out(f"{entry.qualified:<{width}}  {', '.join(entry.short_names)}".rstrip() + said)


@main.command()
@verbosity_options
@reports_errors
def schema(quiet: bool, verbose: bool) -> None:
    """Print the blueprint JSON Schema, for editors and other tools (-v: which version of
    the format it describes, on stderr).

    \b
    Point an editor at it with a first line in the blueprint:
      # yaml-language-server: $schema=blueprint.schema.json
    """
    from .schema import SCHEMA_FILE, schema_text

    out(schema_text(), newline=False)
    Reporter(quiet, verbose).detail(
        f"blueprint format version 1, as `arch-draw new` writes it beside a blueprint"
        f" ({SCHEMA_FILE})"
    )
