"""Stage 5: draw a resolved blueprint. The only stage that touches Graphviz.

`render` returns the bytes of every format asked for, all drawn from one layout, and
the icons the drawing shows (so the write stage can embed them in the SVG).
"""

from __future__ import annotations

import functools
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..catalog import Catalog
from ..errors import RenderError
from ..formats import OUTPUT_FORMATS
from ..load import ELEMENT_TEXT, Mark
from ..model import Blueprint, Edge, Group, Node
from ..themes import THEMES
from .dot import callout_list_width, legend_notes, to_dot
from .drawio import to_drawio
from .finish import finishing, may_finish
from .icons import (
    DARK,
    Icons,
    icons_of,
    prepared_for_png,
    with_dark_ink,
    with_faded,
    write_custom,
)
from .layouts import CANDIDATES, FALLBACKS, USUAL, Layout
from .scene import Scene, scene_of

if TYPE_CHECKING:
    from .graphviz import Finish


@dataclass(frozen=True)
class Drawing:
    outputs: dict[str, bytes]  # format -> bytes
    icons: dict[str, bytes] = field(default_factory=dict)  # icon name in the SVG -> PNG
    # Theme `auto`: the icons drawn in ink, by name in the SVG -> the PNG turned light,
    # which the SVG shows when the reader's setting is dark.
    dark_icons: dict[str, bytes] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    layout: Layout = USUAL  # the way it was laid out (see render.layouts)


def render(
    blueprint: Blueprint,
    formats: Sequence[str],
    catalog: Catalog,
    *,
    layout: int = 0,
    candidates: Sequence[Layout] = CANDIDATES,
) -> Drawing:
    """Every format asked for, from one layout (see render.layouts).

    With `layout` 0, the best of the `candidates` by the layout score, or when Graphviz
    fails on them all, the first of the FALLBACKS after the usual one that it lays out.
    Any other `layout` starts at that fallback: the drawing functions move on to the next
    in a new process after Graphviz crashed on one.
    """
    icons = with_faded(icons_of(blueprint, catalog), blueprint)
    theme = THEMES[blueprint.theme]
    if theme.dark:
        icons = with_dark_ink(icons, blueprint)
    kinds = {fmt: OUTPUT_FORMATS[fmt] for fmt in formats}
    drawn_formats = [fmt for fmt, kind in kinds.items() if kind.renderer is not None]
    if any(kind.glyphs for kind in kinds.values()):
        _require_fonts(blueprint)
    with tempfile.TemporaryDirectory(prefix="arch-draw-icons-") as scratch:
        write_custom(icons.custom, Path(scratch))
        image_dirs = (*icons.bundled_dirs, Path(scratch))
        loaded = {kind.icons for kind in kinds.values()} - {None}
        if loaded == {"small"}:  # a format that wants the originals too gets them all
            image_dirs = (prepared_for_png(icons, blueprint),)
        laid_out = _laid_out(blueprint, icons, drawn_formats, image_dirs, (layout, candidates))
    dot, chosen, drawn, warnings, list_width = laid_out
    for fmt in [fmt for fmt, kind in kinds.items() if kind.from_layout]:
        drawn[fmt] = to_drawio(blueprint, drawn[fmt], (icons.by_node, icons.image), list_width)
    written = {fmt: dot.encode("utf-8") for fmt, kind in kinds.items() if kind.renderer is None}
    named = any(kind.embeds_icons for kind in kinds.values())
    embedded = icons.data(blueprint) if named else {}
    turned = sorted(icons.inked(blueprint)) if named and theme.follows_reader else []
    dark_icons = {name: icons.image(DARK + name) for name in turned}
    return Drawing({**written, **drawn}, embedded, dark_icons, tuple(warnings), chosen)


class _LaidOut(NamedTuple):
    dot: str  # the DOT text laid out
    layout: Layout  # the way it was laid out
    outputs: dict[str, bytes]  # its drawings, by format
    warnings: list[str]  # what Graphviz said
    list_width: float | None  # the width its notes and callouts were set to (_Refit)


def _laid_out(
    blueprint: Blueprint,
    icons: Icons,
    formats: Sequence[str],
    image_dirs: Sequence[Path],
    ways: tuple[int, Sequence[Layout]],
) -> _LaidOut:
    """The layout chosen and its DOT, its drawings in `formats`, and Graphviz's warnings.
    (`ways`: render's `layout` and `candidates`.)"""
    from .graphviz import NothingLaidOut, draw_chosen

    first, layouts = ways
    # (one finishing of a layout serves both the refit, which measures the drawing as
    # finished, and the drawing, when the refit leaves the layout as it is)
    finish = (
        functools.lru_cache(maxsize=1)(functools.partial(finishing, blueprint))
        if may_finish(blueprint)
        else None
    )
    if first == 0:
        candidates = _variants(blueprint, icons, layouts)
        rate = _rating if len(candidates) > 1 else None  # one way only: nothing to choose
        refit = _refit(blueprint, icons, list(candidates.values()), finish)
        try:
            chosen = draw_chosen(list(candidates), formats, image_dirs, rate, finish, refit)
            layout = list(candidates.values())[chosen.variant]
            width = _refitted_width(refit, chosen.dot, candidates)
            return _LaidOut(chosen.dot, layout, chosen.outputs, chosen.warnings, width)
        except NothingLaidOut:
            first = 1
    fallbacks = _variants(blueprint, icons, FALLBACKS[first:])
    refit = _refit(blueprint, icons, list(fallbacks.values()), finish)
    chosen = draw_chosen(list(fallbacks), formats, image_dirs, None, finish, refit)
    used = list(fallbacks.values())[chosen.variant]
    fell_back = f"Warning: the usual layout failed; drawn with {used.described()}"
    width = _refitted_width(refit, chosen.dot, fallbacks)
    return _LaidOut(chosen.dot, used, chosen.outputs, [*chosen.warnings, fell_back], width)


def _refitted_width(
    refit: _Refit | None, drawn: str, variants: Mapping[str, Layout]
) -> float | None:
    """The width the drawn text's notes and callouts were set to; None when it was not
    refit (neither, or Graphviz failed on the refit text and a variant was drawn as it
    was)."""
    return refit.width if refit is not None and drawn not in variants else None


def _variants(blueprint: Blueprint, icons: Icons, layouts: Sequence[Layout]) -> dict[str, Layout]:
    """The DOT text of each layout -> the layout; a layout that writes the same text as an
    earlier one is left out (with no edge against the flow and no note, the candidates
    are all one)."""
    variants: dict[str, Layout] = {}
    for layout in layouts:
        variants.setdefault(to_dot(blueprint, icons.by_node, layout, None, icons.dark), layout)
    return variants


class _Refit:
    """What to lay out instead of a variant once its layout tells the drawing's width:
    the same text with the lists above the drawing (the notes' box and the callouts) set
    to that width (render.dot.legend_shape and callout_shape). It keeps the width it set
    last, for the formats arch-draw writes from the layout, which set those lists as the
    others do (draw.io)."""

    def __init__(
        self, blueprint: Blueprint, icons: Icons, layouts: Sequence[Layout], finish: Finish | None
    ) -> None:
        self.blueprint, self.icons, self.layouts, self.finish = blueprint, icons, layouts, finish
        self.count = len(blueprint.callout_numbers())
        self.width: float | None = None

    def __call__(self, index: int, layout_json: bytes) -> str | None:
        # As wide as the drawing, or as the title's other rows where they are wider (the
        # title's width is theirs unless the callouts' list was the widest row).
        title = _title_width(layout_json)
        listed = callout_list_width(None, self.count) if self.count else 0.0
        others = title if title > listed + 1 else 0.0
        self.width = max(self._drawing_width(layout_json), others)
        by_node, dark = self.icons.by_node, self.icons.dark
        return to_dot(self.blueprint, by_node, self.layouts[index], self.width, dark)

    def _drawing_width(self, layout_json: bytes) -> float:
        """The width of the drawing below the title, as it will be drawn: render.finish
        moves labels off lines and borders (Graphviz put tier 1's deploy label half out
        of the AWS Cloud), and spanning groups' boxes; without it, as laid out."""
        finished = self.finish(layout_json) if self.finish else None
        return (finished.drawing if finished else scene_of(layout_json).body).width


def _refit(
    blueprint: Blueprint, icons: Icons, layouts: Sequence[Layout], finish: Finish | None
) -> _Refit | None:
    """The refit of a drawing with callouts or notes about the whole drawing (`finish`:
    what render.finish adds to a layout of it, if anything); None for one with neither."""
    listed = blueprint.callout_numbers() or legend_notes(blueprint)
    return _Refit(blueprint, icons, layouts, finish) if listed else None


def _title_width(layout_json: bytes) -> float:
    """The width of the graph's label (the title, caption, notes and callouts), in points,
    from its JSON (whose graph's own attributes come before its groups')."""
    found = _LABEL_WIDTH.search(layout_json)
    return float(found.group(1)) * 72 if found else 0.0


_LABEL_WIDTH = re.compile(rb'"lwidth": "([0-9.]+)"')


def _rating(layout_json: bytes) -> tuple[float, ...]:
    from ..score import score

    return score(scene_of(layout_json)).rating


def lay_out(
    blueprint: Blueprint,
    catalog: Catalog,
    *,
    layout: int = 0,
    candidates: Sequence[Layout] = CANDIDATES,
) -> Scene:
    """Where everything of the drawing stands, laid out as every format draws it."""
    drawing = render(blueprint, ("json",), catalog, layout=layout, candidates=candidates)
    return scene_of(drawing.outputs["json"])


def prepare() -> None:
    """Load Graphviz and fontconfig's list of fonts now. Processes forked after this
    share them; each drawing child would otherwise spend 0.05 s loading them again."""
    from .fonts import missing_glyphs

    missing_glyphs(["A"])  # loads pygraphviz (whose fontconfig it asks) and the font list


def _require_fonts(blueprint: Blueprint) -> None:
    from .fonts import font_packages, missing_glyphs

    missing = missing_glyphs(text for _mark, text in _texts(blueprint))
    if not missing:
        return
    mark = next(mark for mark, text in _texts(blueprint) if missing[0] in text)
    shown = "".join(missing[:12]) + ("..." if len(missing) > 12 else "")
    debian, fedora = font_packages(missing)
    raise RenderError(
        f"{blueprint.path}:{mark.line}:{mark.column}: no installed font has the characters "
        f"'{shown}'; PNG and PDF would show empty boxes. Install a font for them "
        f"(Debian/Ubuntu: apt-get install {' '.join(debian)}; Fedora: dnf install "
        f"{' '.join(fedora)}) or draw SVG only (-f svg)."
    )


def _texts(blueprint: Blueprint) -> Iterator[tuple[Mark, str]]:
    """Every text drawn, with the mark of the element it belongs to."""
    yield blueprint.title_mark, blueprint.title
    yield blueprint.caption_mark, blueprint.caption or ""
    sections: dict[str, tuple[Group | Node | Edge, ...]] = {
        "groups": blueprint.groups,
        "nodes": blueprint.nodes,
        "edges": blueprint.edges,
    }
    for section, keys in ELEMENT_TEXT.items():
        for element in sections[section]:
            yield element.mark, " ".join(filter(None, (getattr(element, key) for key in keys)))
    for note in blueprint.notes:
        yield note.mark, note.text
