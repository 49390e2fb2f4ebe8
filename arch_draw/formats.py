"""The output formats: one table of what each is and how it is made, read by the CLI
(which must start fast: this module imports nothing), the render stage and the write
stage. A new format is an entry here, and the code its entry names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class OutputFormat:
    # Graphviz's renderer for it (format:renderer:device), or None for the DOT arch-draw
    # writes: the graph and its chosen layout's settings, which any Graphviz redraws.
    renderer: bytes | None
    # Graphviz sets its text with this machine's fonts (so every character needs one).
    glyphs: bool = False
    # The icon files Graphviz loads for it: "small", at the size a bitmap shows them
    # (prepared once and cached); "full", the originals (vector); None, none (SVG names
    # them, and the write stage embeds each once).
    icons: Literal["small", "full"] | None = None
    embeds_icons: bool = False  # the write stage embeds the icons it names (SVG)
    # How a Markdown page shows it: an image, by preference (0 first), or None, a link.
    inline: int | None = None
    offered: bool = True  # a choice of `-f`; False: arch-draw's own (the layout's JSON)
    # arch-draw makes it from what Graphviz drew (its renderer's output: the layout's
    # JSON) and the blueprint (render.drawio)
    from_layout: bool = False


OUTPUT_FORMATS: dict[str, OutputFormat] = {
    "png": OutputFormat(b"png:cairo", glyphs=True, icons="small", inline=1),
    # The core SVG writer, whose text stays text.
    "svg": OutputFormat(b"svg:svg:core", embeds_icons=True, inline=0),
    # cairo, antialiased, with the fonts embedded.
    "pdf": OutputFormat(b"pdf:cairo", glyphs=True, icons="full"),
    "dot": OutputFormat(None),
    # draw.io's own file, editable there with its AWS shapes, in the same layout.
    "drawio": OutputFormat(b"json", glyphs=True, from_layout=True),
    # The positioned layout itself, with Graphviz's drawing operations (text extents
    # included): what the layout score and render.finish read.
    "json": OutputFormat(b"json", glyphs=True, offered=False),
}


def renderer_of(name: str) -> bytes:
    """Graphviz's renderer for a format that Graphviz draws."""
    renderer = OUTPUT_FORMATS[name].renderer
    if renderer is None:
        raise ValueError(f"Graphviz does not draw '{name}': arch-draw writes it")
    return renderer


FORMATS = tuple(name for name, output in OUTPUT_FORMATS.items() if output.offered)
DEFAULT_FORMATS = ("png", "svg")
