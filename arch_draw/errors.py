"""The one error family of arch-draw, and the exit codes the CLI turns it into."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

EXIT_STALE = 1  # `build --check`: some drawing is stale or missing
EXIT_INVALID = 2
EXIT_DRAW_FAILED = 3
# A bug of arch-draw: its own code, not the input nor Graphviz, went wrong. 70 is
# EX_SOFTWARE of sysexits.h, "internal software error", so that CI can tell it apart
# from a drawing that could not be made (3) and report it rather than retry.
EXIT_BUG = 70


# The most characters of a message, and of a file's problems reported one by one: a
# key of 100,000 characters repeated 40,000 times in a 1 MiB file made 4 GB of messages.
MESSAGE_CHARACTERS = 1000
PROBLEMS_SHOWN = 500


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one input file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __post_init__(self) -> None:
        if len(self.message) > MESSAGE_CHARACTERS:
            cut = self.message[:MESSAGE_CHARACTERS] + f"... ({len(self.message)} characters)"
            object.__setattr__(self, "message", cut)

    def __str__(self) -> str:
        return f"{printable(self.path)}:{self.line}:{self.column}: {printable(self.message)}"


def shown(text: str, most: int = 80) -> str:
    """User text quoted in a message: long text by its start (an id of 8,000 characters
    would make every message about it as long)."""
    return text if len(text) <= most else text[:most] + "..."


def printable(text: str) -> str:
    """Control, format and line-separator characters as escapes (`\\n`, `\\u202e`):
    messages quote what the input says, and one problem must stay one line, which
    no key or id can forge into several or turn around on the terminal."""
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")
        else char
        for char in text
    )


class ArchDrawError(Exception):
    """Base of every error arch-draw reports; the CLI prints `lines()` and exits."""

    exit_code = EXIT_DRAW_FAILED

    def lines(self) -> list[str]:
        return [str(self)]


class BlueprintError(ArchDrawError):
    """Invalid input: carries every problem found, not only the first."""

    exit_code = EXIT_INVALID

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sorted(set(diagnostics))
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [str(d) for d in _at_most(self.diagnostics, PROBLEMS_SHOWN)]


def _at_most(diagnostics: list[Diagnostic], most: int) -> list[Diagnostic]:
    """The first `most` problems of each file (in order), and a line for the rest."""
    totals: dict[str, int] = {}
    for diagnostic in diagnostics:
        totals[diagnostic.path] = totals.get(diagnostic.path, 0) + 1
    kept: list[Diagnostic] = []
    counted: dict[str, int] = {}
    for diagnostic in diagnostics:
        count = counted[diagnostic.path] = counted.get(diagnostic.path, 0) + 1
        if count <= most:
            kept.append(diagnostic)
        elif count == most + 1:
            message = f"... and {totals[diagnostic.path] - most} more problems in this file"
            kept.append(Diagnostic(diagnostic.path, diagnostic.line, diagnostic.column, message))
    return kept


class UsageError(ArchDrawError):
    """A command-line value that makes no sense."""

    exit_code = EXIT_INVALID


class RenderError(ArchDrawError):
    """Graphviz, fonts or icons could not produce a drawing."""


class OutputError(ArchDrawError):
    """A drawing could not be written."""
