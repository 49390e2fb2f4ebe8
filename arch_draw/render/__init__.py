"""Stage 5: draw a resolved blueprint. The only stage that touches Graphviz.

`render` returns the bytes of every format asked for, all drawn from one layout, and
the icon files the drawing refers to (so the write stage can embed them in the SVG).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import Catalog
from ..errors import RenderError
from ..load import Mark
from ..model import Blueprint
from . import styles
from .dot import to_dot

_GLYPH_FORMATS = ("png", "pdf")  # formats whose text Graphviz draws with local fonts
OWN_ICONS = Path(__file__).resolve().parent / "icons"


@dataclass(frozen=True)
class Drawing:
    outputs: dict[str, bytes]  # format -> bytes
    icon_files: dict[str, Path] = field(default_factory=dict)  # icon name in the SVG -> file
    warnings: tuple[str, ...] = ()


def render(blueprint: Blueprint, formats: Sequence[str], catalog: Catalog) -> Drawing:
    dot = to_dot(blueprint, catalog)
    outputs = {"dot": dot.encode("utf-8")} if "dot" in formats else {}
    drawn_formats = [fmt for fmt in formats if fmt != "dot"]
    if not drawn_formats:
        return Drawing(outputs)
    if any(fmt in _GLYPH_FORMATS for fmt in drawn_formats):
        _require_fonts(blueprint)
    from .graphviz import render_formats

    image_dirs = (catalog.icon_root, OWN_ICONS)
    drawn, warnings = render_formats(dot, drawn_formats, image_dirs)
    icons = _icon_files(blueprint, catalog, image_dirs)
    return Drawing({**outputs, **drawn}, icons, tuple(warnings))


def _icon_files(
    blueprint: Blueprint, catalog: Catalog, image_dirs: Sequence[Path]
) -> dict[str, Path]:
    """Each icon name the drawing uses -> the file Graphviz found it in (first dir wins)."""
    names = {catalog.types[node.type].icon for node in blueprint.nodes}
    names |= {styles.GROUP_STYLES[group.kind].icon or "" for group in blueprint.groups}
    files: dict[str, Path] = {}
    for name in sorted(names - {""}):
        found = next((d / name for d in image_dirs if (d / name).is_file()), None)
        if found is None:
            raise RenderError(f"icon file '{name}' is missing from the installation")
        files[name] = found
    return files


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
