"""Graphviz itself, in this process: one layout, then every format drawn from it.

The pygraphviz wheel carries Graphviz's libraries, so nothing here runs a `dot`
program, and so a plain `pip install` is enough to draw. Calling libgvc directly
(gvLayout once, gvRenderData per format) is what `dot -Tpng -Tsvg` does; pygraphviz's
own `draw` would lay the graph out again for each format.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import RenderError

# Graphviz plugins chosen explicitly: cairo for PNG and PDF (antialiased, with fonts
# embedded in PDF), and the core SVG writer, whose text stays text.
# JSON (with the xdot drawing operations) is the positioned layout itself, for the scene.
_RENDERERS = {"png": b"png:cairo", "pdf": b"pdf:cairo", "svg": b"svg:svg:core", "json": b"json"}

# The fontconfig inside the wheel is older than some systems' configuration files and
# says so on every start; it is harmless and says nothing about the drawing.
_NOISE = ("Fontconfig warning", "Fontconfig error")


class Layout(NamedTuple):
    """A way to lay a graph out: the usual one, or one that avoids a Graphviz bug."""

    newrank: bool = False  # Graphviz's newer ranking algorithm
    clipped: bool = True  # edges to groups end at the group's border (compound)
    every_edge_ranked: bool = False  # `constraint: false` ignored

    def described(self) -> str:
        parts = ["Graphviz's newer ranking"] if self.newrank else []
        parts += [] if self.clipped else ["edges to groups ending inside them"]
        parts += ["every edge ranked"] if self.every_edge_ranked else []
        return ", ".join(parts) or "the usual layout"


# Tried in turn, each only when Graphviz failed on the one before, so every drawing that
# was fine keeps its layout. dot's classic ranking fails on some graphs of clusters
# ("trouble in init_rank", dozens of reports in Graphviz's tracker): its newer ranking
# lays most of them out, and edges that are kept off the ranks are in all the failures
# seen here. Clipping edges at group borders can abort the process (an assertion in
# compound.c): the isolated drawing functions then retry in a new process with the
# next layout. All of these were found by tests/test_fuzz.py.
LAYOUTS = (
    Layout(),
    Layout(newrank=True),
    Layout(newrank=True, clipped=False),
    Layout(newrank=True, every_edge_ranked=True),
    Layout(newrank=True, clipped=False, every_edge_ranked=True),
)
_RANKING_FAILED = "Error: trouble in init_rank"
# What fails a drawing: Graphviz's errors, and cairo's reports of a failure, which
# Graphviz's cairo plugin writes beside its warnings but which mean something was left
# out ("cairo: out of memory" left a PDF without its icon, written with exit 0).
_FAILURES = ("Error", "cairo:")


def render_formats(
    dot: str, formats: Sequence[str], image_dirs: Sequence[Path], *, layout: int = 0
) -> tuple[dict[str, bytes], list[str]]:
    """Lay `dot` out once and draw it in each format; also return Graphviz's warnings.

    `layout` is the first of LAYOUTS to try; a ranking failure moves on to the next.
    """
    outputs, warnings = _attempt(dot, formats, image_dirs, layout)
    while layout + 1 < len(LAYOUTS) and any(w.startswith(_RANKING_FAILED) for w in warnings):
        layout += 1
        outputs, warnings = _attempt(dot, formats, image_dirs, layout)
    errors = [line for line in warnings if line.startswith(_FAILURES)]
    if errors or outputs is None:
        raise RenderError("Graphviz failed: " + ("; ".join(errors) or "no output"))
    if layout:
        used = LAYOUTS[layout].described()
        warnings.append(f"Warning: the usual layout failed; drawn with {used}")
    return outputs, warnings


def _attempt(
    dot: str, formats: Sequence[str], image_dirs: Sequence[Path], layout: int
) -> tuple[dict[str, bytes] | None, list[str]]:
    with captured_stderr() as messages:
        outputs = _draw(dot, formats, image_dirs, LAYOUTS[layout])
    return outputs, [line for line in messages if not _noise(line)]


def _noise(line: str) -> bool:
    """Messages that say nothing about the drawing: the wheel's fontconfig complaining of
    newer configuration files, and the JSON writer saying it does not load images (it
    only notes where they go)."""
    return line.startswith(_NOISE) or (
        line.startswith("Warning: No loadimage plugin for") and line.endswith(':json"')
    )


def _draw(
    dot: str, formats: Sequence[str], image_dirs: Sequence[Path], layout: Layout
) -> dict[str, bytes] | None:
    import pygraphviz
    from pygraphviz import graphviz as gv

    try:
        graph = pygraphviz.AGraph(string=dot)
    except (pygraphviz.DotError, ValueError):
        return None  # Graphviz has written why to stderr
    graph.graph_attr["imagepath"] = os.pathsep.join(str(path) for path in image_dirs)
    _apply(layout, graph)
    context = gv.gvContextWithBuiltins()
    try:
        return _layout_and_draw(gv, context, graph.handle, formats)
    finally:
        gv.gvFreeContext(context)


def _apply(layout: Layout, graph: Any) -> None:
    if layout.newrank:
        graph.graph_attr["newrank"] = "true"
    if not layout.clipped:
        graph.graph_attr["compound"] = "false"
    if layout.every_edge_ranked:
        for edge in graph.edges_iter():
            if edge.attr.get("constraint") == "false":
                edge.attr["constraint"] = "true"


def _layout_and_draw(
    gv: object, context: object, handle: object, formats: Sequence[str]
) -> dict[str, bytes] | None:
    if gv.gvLayout(context, handle, b"dot") != 0:  # type: ignore[attr-defined]
        return None
    try:
        outputs: dict[str, bytes] = {}
        for output_format in formats:
            error, data = gv.gvRenderData(context, handle, _RENDERERS[output_format])  # type: ignore[attr-defined]
            if error or not data:  # cairo writes no PNG at all when an image fails to load
                return None
            outputs[output_format] = data
        return outputs
    finally:
        gv.gvFreeLayout(context, handle)  # type: ignore[attr-defined]


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
