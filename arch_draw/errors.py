"""The one error family of arch-draw, and the exit codes the CLI turns it into."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EXIT_STALE = 1  # `build --check`: some drawing is stale or missing
EXIT_INVALID = 2
EXIT_DRAW_FAILED = 3


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one input file, at a 1-based line and column."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


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
        return [str(d) for d in self.diagnostics]


class UsageError(ArchDrawError):
    """A command-line value that makes no sense."""

    exit_code = EXIT_INVALID


class RenderError(ArchDrawError):
    """Graphviz, fonts or icons could not produce a drawing."""


class OutputError(ArchDrawError):
    """A drawing could not be written."""
