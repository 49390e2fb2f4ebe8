"""Graphviz itself, in this process: layouts, then every format drawn from the one chosen.

The pygraphviz wheel carries Graphviz's libraries, so nothing here runs a `dot`
program, and so a plain `pip install` is enough to draw. Calling libgvc directly
(gvLayout once, gvRenderData per format) is what `dot -Tpng -Tsvg` does; pygraphviz's
own `draw` would lay the graph out again for each format.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import RenderError
from ..formats import renderer_of
from . import bitmap, styles
from .dot import Html
from .scene import EDGE_ATTRIBUTE, Box, box_of

if TYPE_CHECKING:
    from .finish import Finishing

# The positioned graph, which render.finish adds to before it is drawn (the output
# format "dot" is the graph before layout, which arch-draw writes itself).
_POSITIONED = b"dot"
_JSON = renderer_of("json")  # the layout, as the scene reads it

# The fontconfig inside the wheel is older than some systems' configuration files and
# says so on every start; it is harmless and says nothing about the drawing.
_NOISE = ("Fontconfig warning", "Fontconfig error")


# What fails a layout or a drawing: Graphviz's errors, and cairo's reports of a failure,
# which Graphviz's cairo plugin writes beside its warnings but which mean something was
# left out ("cairo: out of memory" left a PDF without its icon, written with exit 0).
_FAILURES = ("Error", "cairo:")


class NothingLaidOut(RenderError):
    """Graphviz laid out none of the variants."""


Rate = Callable[[bytes], tuple[float, ...]]  # a layout (Graphviz's JSON) -> lower is better
Finish = Callable[[bytes], "Finishing | None"]  # a layout (JSON) -> what to add to it
# The variant kept and its layout (JSON) -> the DOT text to lay out instead, when the
# layout tells something the text should have known (the drawing's width, to which
# render.dot.callout_shape and legend_shape set the lists above it), or None.
Refit = Callable[[int, bytes], "str | None"]


class Chosen(NamedTuple):
    variant: int  # the index of the variant drawn
    outputs: dict[str, bytes]  # format -> bytes
    warnings: list[str]  # what Graphviz said about the layout drawn
    dot: str  # the DOT text laid out: the variant's, or what `refit` made of it


def draw_chosen(
    variants: Sequence[str],
    formats: Sequence[str],
    image_dirs: Sequence[Path],
    rate: Rate | None = None,
    finish: Finish | None = None,
    refit: Refit | None = None,
) -> Chosen:
    """Lay out each DOT text of `variants` and draw one of them in every format: without
    `rate`, the first that Graphviz lays out; with it, the one rated lowest (the first of
    equals; a rating starting with 0 ends the search, as nothing can beat it).
    `refit` may give a text to lay out in the kept one's place; `finish` says what to add
    to the layout kept before it is drawn (render.finish).

    Each layout is made once: the best so far is kept laid out, the others are freed.
    """
    import pygraphviz  # loaded here: importing it takes a while, and only drawing needs it
    from pygraphviz import graphviz as gv

    context = gv.gvContextWithBuiltins()
    best: _Laid | None = None
    errors: list[str] = []
    try:
        for index, dot in enumerate(variants):
            laid = _lay_out(gv, pygraphviz, context, dot, image_dirs, index, rate)
            if isinstance(laid, list):
                errors = laid
                continue
            if best is None or (rate is not None and laid.rating < best.rating):
                best, laid = laid, best
            if laid is not None:
                gv.gvFreeLayout(context, laid.graph.handle)
            if rate is None or best.rating[0] == 0:
                break
        if best is None:
            raise NothingLaidOut("Graphviz failed: " + ("; ".join(errors) or "no output"))
        dot = variants[best.variant]
        if refit is not None:
            best, dot = _refitted(gv, pygraphviz, context, best, (refit, image_dirs), dot)
        # Graphviz draws any graph by the attributes of the one it laid out last; the
        # variants declare theirs alike (render.dot.AGAINST_FLOW_DEFAULTS), so the one
        # kept is drawn as it is, even when another was laid out after it.
        if finish is not None:
            best = _finished(gv, pygraphviz, context, best, finish)
        outputs, warnings = _drawn(gv, context, best, formats)
        gv.gvFreeLayout(context, best.graph.handle)
        return Chosen(best.variant, outputs, [*best.warnings, *warnings], dot)
    finally:
        gv.gvFreeContext(context)


class _Laid(NamedTuple):
    """A graph Graphviz has laid out, with what it said and the layout's rating."""

    variant: int  # its place among the variants
    graph: Any
    warnings: list[str]
    layout_json: bytes | None
    rating: tuple[float, ...]
    # The drawing's width and height in points, where known exactly (a finished one).
    extent: tuple[float, float] | None = None


def _lay_out(
    gv: Any,
    pygraphviz: Any,
    context: object,
    dot: str,
    image_dirs: Sequence[Path],
    index: int,
    rate: Rate | None,
) -> _Laid | list[str]:
    """The laid-out graph, or the errors that stopped it (then nothing stays laid out)."""
    with captured_stderr() as messages:
        graph = _parsed(pygraphviz, dot, image_dirs)
        laid = graph is not None and gv.gvLayout(context, graph.handle, b"dot") == 0
        layout_json = _render(gv, context, graph, _JSON) if laid and rate else None
    said = [line for line in messages if not _noise(line)]
    complete = laid and (rate is None or layout_json is not None)
    failed = [line for line in said if line.startswith(_FAILURES)]
    if failed or not complete:
        if laid:
            gv.gvFreeLayout(context, graph.handle)
        return failed or ["no output"]
    rating = rate(layout_json) if rate and layout_json else ()
    return _Laid(index, graph, said, layout_json, rating)


def _refitted(
    gv: Any,
    pygraphviz: Any,
    context: object,
    laid: _Laid,
    refitting: tuple[Refit, Sequence[Path]],
    dot: str,
) -> tuple[_Laid, str]:
    """The kept layout, or the one `refit` makes of it, with its DOT text. Should Graphviz
    fail on the new text, the kept layout stays: it lacks nothing but the refit."""
    refit, image_dirs = refitting
    layout_json = laid.layout_json
    if layout_json is None:  # not measured: one way to lay it out
        with captured_stderr():  # the JSON writer's notes on images only
            layout_json = _render(gv, context, laid.graph, _JSON)
    fitted = refit(laid.variant, layout_json) if layout_json else None
    if fitted == dot:  # the width changes nothing: the layout made is the one wanted
        fitted = None
    relaid = (
        _lay_out(gv, pygraphviz, context, fitted, image_dirs, laid.variant, None)
        if fitted
        else None
    )
    if fitted is None or not isinstance(relaid, _Laid):
        return laid._replace(layout_json=layout_json), dot
    gv.gvFreeLayout(context, laid.graph.handle)
    return relaid._replace(rating=laid.rating), fitted


def _finished(gv: Any, pygraphviz: Any, context: object, laid: _Laid, finish: Finish) -> _Laid:
    """The laid-out graph with what `finish` adds, positioned as it is: Graphviz's `nop2`
    engine keeps every position and route it is given, so the drawing is the layout's
    plus the additions, in every format."""
    layout_json = laid.layout_json
    if layout_json is None:  # not measured: one way to lay it out
        with captured_stderr():  # the JSON writer's notes on images only
            layout_json = _render(gv, context, laid.graph, _JSON)
    finishing = finish(layout_json) if layout_json else None
    if finishing is None:
        return laid._replace(layout_json=layout_json)
    with captured_stderr() as messages:
        positioned = _render(gv, context, laid.graph, _POSITIONED)
        gv.gvFreeLayout(context, laid.graph.handle)
        graph = pygraphviz.AGraph(string=(positioned or b"").decode("utf-8"))
        bounds = finishing.bounds
        graph.graph_attr["bb"] = f"{bounds.left},{bounds.bottom},{bounds.right},{bounds.top}"
        if finishing.trimmed:
            _trim_page(graph, bounds)
        for hidden in _subgraphs(graph, set(finishing.hidden)):
            hidden.graph_attr.update(label="", style="invis")
        for name, values in finishing.clusters:
            graph.add_subgraph(name=name, **{key: _value(text) for key, text in values.items()})
        for name, position in finishing.moves.items():
            graph.get_node(name).attr["pos"] = position
        for group in _subgraphs(graph, set(finishing.labels)):
            group.graph_attr["lp"] = finishing.labels[group.name]
        for edge in graph.edges_iter():
            key = (edge.attr.get(EDGE_ATTRIBUTE) or "", edge[0], edge[1])  # invisible: none
            if key in finishing.routes:
                edge.attr.update(finishing.routes[key])
        _page_color_kept_off_groups(graph)  # the groups added too
        gv.gvLayout(context, graph.handle, b"nop2")
    said = [line for line in messages if not _noise(line)]
    # nop2 draws a margin around the bounds it is given, which its own bb (written
    # rounded) shows: the drawing is the bounds and that margin.
    drawn = box_of(str(graph.graph_attr["bb"]).strip())
    extent = (
        bounds.width + 2 * (bounds.left - drawn.left),
        bounds.height + 2 * (bounds.bottom - drawn.bottom),
    )
    return laid._replace(
        graph=graph, warnings=[*laid.warnings, *said], layout_json=None, extent=extent
    )


def _trim_page(graph: Any, bounds: Box) -> None:
    """nop2 sizes the drawing to hold the page as the layout drew it (the graph's
    `_draw_`: its bounds and their margin) and the bounds the layout gave each subgraph
    that is no group (a rank's, drawn as nothing), or more: set to the bounds
    render.finish trimmed, they stay trimmed."""
    graph.graph_attr["_draw_"] = _page_of(str(graph.graph_attr.get("_draw_", "")), bounds)
    for rank in _subgraphs(graph, None):
        if not str(rank.name).startswith("cluster"):
            rank.graph_attr["bb"] = graph.graph_attr["bb"]


def _page_of(drawn: str, bounds: Box) -> str:
    """The graph's drawing (xdot) with the page's rectangle around `bounds` and the pad
    around them."""
    pad = float(styles.GRAPH["pad"]) * 72
    left, bottom, right, top = (
        bounds.left - pad,
        bounds.bottom - pad,
        bounds.right + pad,
        bounds.top + pad,
    )
    corners = [(left, bottom), (left, top), (right, top), (right, bottom)]
    rectangle = "P 4 " + " ".join(f"{x:g} {y:g}" for x, y in corners) + " "
    return _PAGE.sub(lambda _found: rectangle, drawn, count=1)


# The page's rectangle in the graph's xdot drawing: a polygon of four corners.
_PAGE = re.compile(r"P 4(?: -?[0-9.]+){8} ")


def _page_color_kept_off_groups(graph: Any) -> None:
    """A dark drawing's page colour, on the graph alone (render.dot), comes back from the
    positioned graph as every group's as well, which would fill each group's box with it
    (the same colour, at a quarter of a PNG's time): each group's is set to none."""
    if not graph.graph_attr.get("bgcolor"):
        return
    for subgraph in _subgraphs(graph, None):
        subgraph.graph_attr["bgcolor"] = ""


def _subgraphs(graph: Any, names: set[str] | None) -> Iterator[Any]:
    """The subgraphs of `graph` named in `names` (None: all), at any depth."""
    for subgraph in graph.subgraphs_iter():
        if names is None or subgraph.name in names:
            yield subgraph
        yield from _subgraphs(subgraph, names)


def _value(text: str) -> str:
    """An attribute's value for pygraphviz, which takes `<...>` as an HTML-like label."""
    return f"<{text}>" if isinstance(text, Html) and text else text


def _parsed(pygraphviz: Any, dot: str, image_dirs: Sequence[Path]) -> Any:
    try:
        graph = pygraphviz.AGraph(string=dot)
    except (pygraphviz.DotError, ValueError):
        return None  # Graphviz has written why to stderr
    graph.graph_attr["imagepath"] = os.pathsep.join(str(path) for path in image_dirs)
    return graph


def _drawn(
    gv: Any, context: object, laid: _Laid, formats: Sequence[str]
) -> tuple[dict[str, bytes], list[str]]:
    outputs: dict[str, bytes] = {}
    with captured_stderr() as messages:
        layout_json = laid.layout_json
        extent = laid.extent
        if extent is None:  # laid out by dot alone: its JSON says how large it is
            layout_json = layout_json or _render(gv, context, laid.graph, _JSON) or b""
            extent = _json_extent(layout_json)
        pad = opaque_pad(extent)
        laid.graph.graph_attr["pad"] = pad
        page = tuple(
            size + 2 * float(side) * 72 for size, side in zip(extent, pad.split(","), strict=True)
        )
        for output_format in formats:
            known = layout_json if output_format == "json" else None
            if output_format == "png":
                known = _png(context, laid.graph, (page[0], page[1]), messages)
            data = known or _render(gv, context, laid.graph, renderer_of(output_format))
            if data is None:  # cairo writes no PNG at all when an image fails to load
                break
            outputs[output_format] = data
    # (each warning once: Graphviz says it again for every output)
    warnings = list(dict.fromkeys(line for line in messages if not _noise(line)))
    errors = [line for line in warnings if line.startswith(_FAILURES)]
    if errors or len(outputs) < len(formats):
        raise RenderError("Graphviz failed: " + ("; ".join(errors) or "no output"))
    return outputs, warnings


def _png(
    context: object, graph: Any, page: tuple[float, float], warnings: list[str]
) -> bytes | None:
    """The PNG as render.bitmap draws it (None: Graphviz's own writer draws it), and a
    warning when it is too large for cairo and was shrunk to fit."""
    drawn = bitmap.png(context, graph.handle, page)
    if drawn is None:
        return None
    if drawn.shrunk < 1:
        warnings.append(
            f"Warning: the PNG would be more than {bitmap.MOST_PIXELS_A_SIDE:,} pixels wide or"
            f" high, as large as cairo draws: it is drawn at {drawn.shrunk:.2f} of its size."
            " SVG and PDF keep every detail."
        )
    return drawn.png


# Graphviz draws bitmaps at 96 dots per inch (bitmap.PIXELS_PER_POINT), and covers the
# page with white: a PNG with one pixel not fully covered is written as RGBA.


def opaque_pad(extent: tuple[float, float]) -> str:
    """The graph's `pad` (inches, across and up) around a drawing `extent` points wide
    and high that makes its PNG opaque: at least styles.GRAPH's pad, and a page a
    quarter of a pixel past a whole number of them on each axis. Graphviz rounds the
    page to the nearest pixel for the canvas: rounded up, the last row or column of
    pixels is only partly covered; rounded down by a quarter, it is covered with room
    for the bounds being known to a tenth of a point."""
    least = float(styles.GRAPH["pad"]) * 72
    pads = []
    for size in extent:
        pixels = math.ceil((size + 2 * least) * bitmap.PIXELS_PER_POINT - _OVER)
        pads.append(((pixels + _OVER) / bitmap.PIXELS_PER_POINT - size) / 2 / 72)
    return ",".join(f"{pad:.6f}" for pad in pads)


_OVER = 0.25  # pixels of page past the canvas


def _json_extent(layout_json: bytes) -> tuple[float, float]:
    """The width and height of a laid-out graph, from its JSON (the attribute Graphviz
    sets on the graph is rounded to whole points, too coarse for opaque_pad)."""
    found = _JSON_BB.search(layout_json)  # the graph's own comes first
    box = box_of(found.group(1).decode() if found else "0,0,0,0")
    return box.width, box.height


_JSON_BB = re.compile(rb'"bb": "([^"]*)"')


def _render(gv: Any, context: object, graph: Any, renderer: bytes) -> bytes | None:
    error, data = gv.gvRenderData(context, graph.handle, renderer)
    return None if error or not data else bytes(data)


def _noise(line: str) -> bool:
    """Messages that say nothing about the drawing: the wheel's fontconfig complaining of
    newer configuration files, and the JSON writer saying it does not load images (it
    only notes where they go)."""
    return line.startswith(_NOISE) or (
        line.startswith("Warning: No loadimage plugin for") and line.endswith(':json"')
    )


@contextlib.contextmanager
def captured_stderr() -> Iterator[list[str]]:
    """Collect what C code writes to file descriptor 2 (Graphviz reports there)."""
    sys.stderr.flush()
    saved = os.dup(2)
    messages: list[str] = []
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield messages
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            sink.seek(0)
            messages.extend(sink.read().decode("utf-8", "replace").splitlines())
