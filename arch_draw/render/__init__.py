"""Stage 5: draw a resolved blueprint. The only stage that touches Graphviz.

`render` returns the bytes of every format asked for, all drawn from one layout, and
the icons the drawing shows (so the write stage can embed them in the SVG).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import Catalog
from ..errors import RenderError
from ..load import Mark
from ..model import Blueprint
from .dot import to_dot
from .icons import icons_of, prepared_for_png, write_custom
from .scene import Scene, scene_of

# Formats whose text Graphviz draws, or measures for the scene, with local fonts.
_GLYPH_FORMATS = ("png", "pdf", "json")


@dataclass(frozen=True)
class Drawing:
    outputs: dict[str, bytes]  # format -> bytes
    icons: dict[str, bytes] = field(default_factory=dict)  # icon name in the SVG -> PNG
    warnings: tuple[str, ...] = ()


def render(
    blueprint: Blueprint, formats: Sequence[str], catalog: Catalog, *, layout: int = 0
) -> Drawing:
    """Every format asked for, from one layout (`layout`: see graphviz.LAYOUTS)."""
    icons = icons_of(blueprint, catalog)
    dot = to_dot(blueprint, icons.by_node)
    outputs = {"dot": dot.encode("utf-8")} if "dot" in formats else {}
    drawn_formats = [fmt for fmt in formats if fmt != "dot"]
    if not drawn_formats:
        return Drawing(outputs)
    if any(fmt in _GLYPH_FORMATS for fmt in drawn_formats):
        _require_fonts(blueprint)
    from .graphviz import render_formats

    with tempfile.TemporaryDirectory(prefix="arch-draw-icons-") as scratch:
        write_custom(icons.custom, Path(scratch))
        image_dirs = (*icons.bundled_dirs, Path(scratch))
        if "png" in drawn_formats and "pdf" not in drawn_formats:
            # Icons at their PNG size; SVG is unaffected (it embeds the originals, by
            # name), PDF is vector and keeps the full-size icons.
            image_dirs = (prepared_for_png(icons, blueprint),)
        drawn, warnings = render_formats(dot, drawn_formats, image_dirs, layout=layout)
    embedded = icons.data(blueprint) if "svg" in drawn_formats else {}
    return Drawing({**outputs, **drawn}, embedded, tuple(warnings))


def lay_out(blueprint: Blueprint, catalog: Catalog, *, layout: int = 0) -> Scene:
    """Where everything of the drawing stands, laid out as every format draws it."""
    return scene_of(render(blueprint, ("json",), catalog, layout=layout).outputs["json"])


def prepare() -> None:
    """Load Graphviz and fontconfig's list of fonts now. Processes forked after this
    share them; each drawing child would otherwise spend 0.05 s loading them again."""
    from .fonts import missing_glyphs

    missing_glyphs(["A"])  # loads pygraphviz (whose fontconfig it asks) and the font list


def _require_fonts(blueprint: Blueprint) -> None:
    from .fonts import missing_glyphs

    missing = missing_glyphs(text for _mark, text in _texts(blueprint))
    if not missing:
        return
    mark = next(mark for mark, text in _texts(blueprint) if missing[0] in text)
    shown = "".join(missing[:12]) + ("..." if len(missing) > 12 else "")
    raise RenderError(
        f"{blueprint.path}:{mark.line}:{mark.column}: no installed font has the characters "
        f"'{shown}'; PNG and PDF would show empty boxes. Install a font for them "
        "(Debian/Ubuntu: apt-get install fonts-noto-cjk; Fedora: dnf install "
        "google-noto-sans-cjk-fonts) or draw SVG only (-f svg)."
    )


def _texts(blueprint: Blueprint) -> Iterator[tuple[Mark, str]]:
    """Every text drawn, with the mark of the element it belongs to."""
    yield blueprint.title_mark, blueprint.title
    yield blueprint.caption_mark, blueprint.caption or ""
    for group in blueprint.groups:
        yield group.mark, f"{group.label or ''} {group.note or ''}"
    for node in blueprint.nodes:
        yield node.mark, f"{node.label or ''} {node.note or ''}"
    for edge in blueprint.edges:
        yield edge.mark, edge.label or ""
    for note in blueprint.notes:
        yield note.mark, note.text
