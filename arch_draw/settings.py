"""What a command asks of a drawing run, beside the blueprints themselves: where the
drawings go, in which formats and languages, within which limits and time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .formats import DEFAULT_FORMATS
from .limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from .model import ThemeName

DEFAULT_TIMEOUT = 300.0  # seconds one blueprint may take to draw; huge layouts take minutes


@dataclass(frozen=True)
class Settings:
    output_dir: Path
    formats: tuple[str, ...] = DEFAULT_FORMATS
    languages: tuple[str, ...] = ()  # empty: each blueprint's own languages (render: its first)
    limits: Limits = DEFAULT_LIMITS
    timeout: float = DEFAULT_TIMEOUT
    jobs: int = 1  # blueprints drawn at once
    measure: bool = False  # score each drawing's layout too (build -v)
    # Draw what each blueprint changes over the one it extends (see model.with_changes):
    # render draws that instead of the blueprint, build beside it.
    changes: bool = False
    theme: ThemeName | None = None  # over each blueprint's own (see arch_draw.themes)

    def fingerprinted(self) -> dict[str, object]:
        """What, besides the files, changes the drawings (limits, time and jobs do not)."""
        drawn: dict[str, object] = {
            "formats": list(self.formats),
            "languages": list(self.languages),
        }
        if self.theme is not None:
            drawn["theme"] = self.theme
        return {**drawn, "changes": True} if self.changes else drawn
