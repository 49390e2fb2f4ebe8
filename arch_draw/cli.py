"""The `arch-draw` command: a thin layer over `pipeline`.

Messages go to stderr, drawings to files, the schema to stdout. Every ArchDrawError
becomes its message and its exit code; no traceback reaches the user.
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import EXIT_DRAW_FAILED, ArchDrawError

F = TypeVar("F", bound=Callable[..., Any])

FORMAT_CHOICES = ("png", "svg", "pdf", "dot")
EXIT_INTERRUPTED = 130  # the shell's convention for SIGINT
EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  2  invalid input (each problem printed as FILE:LINE:COL: message)
  3  a drawing could not be made or written"""


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


def _versions() -> str:
    parts = [f"arch-draw {__version__}"]
    for package in ("diagrams", "pygraphviz"):
        try:
            parts.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package} missing")
    return ", ".join(parts)


def verbosity_options(command: F) -> F:
    command = click.option(
        "-v", "--verbose", is_flag=True, help="Say more: timings, Graphviz notes."
    )(command)
    return click.option("-q", "--quiet", is_flag=True, help="Print errors only.")(command)


def language_option(command: F) -> F:
    return click.option(
        "-l",
        "--lang",
        "languages",
        multiple=True,
        metavar="LANG",
        help="Language of the text, e.g. ko; repeat for several. [default: the blueprint's first]",
    )(command)


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
            click.echo("interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as error:
            if kwargs.get("verbose"):
                traceback.print_exc()
            message = (
                f"internal error: {type(error).__name__}: {error} (please report it; -v shows more)"
            )
            click.echo(message, err=True)
            sys.exit(EXIT_DRAW_FAILED)

    return wrapper  # type: ignore[return-value]


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES_HELP,
)
@click.version_option(__version__, "-V", "--version", message=_versions())
def main() -> None:
    """Draw AWS architecture diagrams from YAML blueprints.

    \b
    Examples:
      arch-draw render blueprints/users-under-1k.yaml
      arch-draw render blueprints/*.yaml -o docs/img -f svg -f png
      arch-draw validate blueprints/*.yaml
      arch-draw schema > blueprint.schema.json
    """


@main.command(epilog=EXIT_CODES_HELP, short_help="Draw blueprints as PNG, SVG, PDF or DOT.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("output"),
    show_default=True,
    help="Directory the drawings are written to (created if missing).",
)
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMAT_CHOICES),
    help="Output format; repeat for several. [default: png and svg]",
)
@language_option
@verbosity_options
@reports_errors
def render(
    files: tuple[Path, ...],
    output_dir: Path,
    formats: tuple[str, ...],
    languages: tuple[str, ...],
    quiet: bool,
    verbose: bool,
) -> None:
    """Draw each blueprint FILE into OUTPUT_DIR as FILE's name with each format's suffix.

    All formats of a blueprint come from one Graphviz layout. If any blueprint is
    invalid, every problem of every file is reported and nothing is written.

    \b
    Examples:
      arch-draw render blueprints/users-under-1k.yaml
      arch-draw render blueprints/users-under-1k.yaml --lang ko   # users-under-1k.ko.png
      arch-draw render mine.yaml -o docs/img -f svg
    """
    from .pipeline import DEFAULT_FORMATS, render_files
    from .write import write_files

    reporter = Reporter(quiet, verbose)
    chosen = tuple(dict.fromkeys(formats)) or DEFAULT_FORMATS
    rendered = render_files(files, output_dir, chosen, tuple(dict.fromkeys(languages)))
    for item in rendered:
        for warning in item.warnings:
            reporter.info(f"{item.blueprint.path}: Graphviz: {warning}")
        reporter.detail(f"{item.blueprint.path}: drawn in {item.seconds:.2f} s")
    pending = {path: data for item in rendered for path, data in item.files.items()}
    changed = set(write_files(pending))
    for path in pending:
        reporter.info(f"{'wrote' if path in changed else 'unchanged'} {path}")


@main.command(epilog=EXIT_CODES_HELP, short_help="Check blueprints; report every problem.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@verbosity_options
@reports_errors
def validate(files: tuple[Path, ...], quiet: bool, verbose: bool) -> None:
    """Check each blueprint FILE and report every problem; draw nothing.

    \b
    Example:
      arch-draw validate blueprints/*.yaml
    """
    from .pipeline import load_blueprints

    reporter = Reporter(quiet, verbose)
    for blueprint in load_blueprints(files):
        reporter.info(f"{blueprint.path}: valid")


@main.command()
def schema() -> None:
    """Print the blueprint JSON Schema, for editors and other tools.

    \b
    Point an editor at it with a first line in the blueprint:
      # yaml-language-server: $schema=blueprint.schema.json
    """
    from .schema import schema_text

    click.echo(schema_text(), nl=False)
