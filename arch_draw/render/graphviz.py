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

from ..errors import RenderError

# Graphviz plugins chosen explicitly: cairo for PNG and PDF (antialiased, with fonts
# embedded in PDF), and the core SVG writer, whose text stays text.
_RENDERERS = {"png": b"png:cairo", "pdf": b"pdf:cairo", "svg": b"svg:svg:core"}

# The fontconfig inside the wheel is older than some systems' configuration files and
# says so on every start; it is harmless and says nothing about the drawing.
_NOISE = ("Fontconfig warning", "Fontconfig error")

# dot's classic ranking has failed on some graphs of clusters for decades (its issue
# tracker has dozens of "trouble in init_rank" reports, found here by tests/test_fuzz.py);
# its newer ranking, `newrank`, lays those graphs out. It is used only for them, so
# every drawing that was fine keeps its layout.
_RANKING_FAILED = "Error: trouble in init_rank"


def render_formats(
    dot: str, formats: Sequence[str], image_dirs: Sequence[Path]
) -> tuple[dict[str, bytes], list[str]]:
    """Lay `dot` out once and draw it in each format; also return Graphviz's warnings."""
    outputs, warnings = _attempt(dot, formats, image_dirs, newrank=False)
    if any(line.startswith(_RANKING_FAILED) for line in warnings):
        outputs, warnings = _attempt(dot, formats, image_dirs, newrank=True)
    errors = [line for line in warnings if line.startswith("Error")]
    if errors or outputs is None:
        raise RenderError("Graphviz failed: " + ("; ".join(errors) or "no output"))
    return outputs, warnings


def _attempt(
    dot: str, formats: Sequence[str], image_dirs: Sequence[Path], *, newrank: bool
) -> tuple[dict[str, bytes] | None, list[str]]:
    with captured_stderr() as messages:
        outputs = _draw(dot, formats, image_dirs, newrank)
    return outputs, [line for line in messages if not line.startswith(_NOISE)]


def _draw(
    dot: str, formats: Sequence[str], image_dirs: Sequence[Path], newrank: bool
) -> dict[str, bytes] | None:
    import pygraphviz
    from pygraphviz import graphviz as gv

    try:
        graph = pygraphviz.AGraph(string=dot)
    except (pygraphviz.DotError, ValueError):
        return None  # Graphviz has written why to stderr
    graph.graph_attr["imagepath"] = os.pathsep.join(str(path) for path in image_dirs)
    if newrank:
        graph.graph_attr["newrank"] = "true"
    context = gv.gvContextWithBuiltins()
    try:
        return _layout_and_draw(gv, context, graph.handle, formats)
    finally:
        gv.gvFreeContext(context)


def _layout_and_draw(
    gv: object, context: object, handle: object, formats: Sequence[str]
) -> dict[str, bytes] | None:
    if gv.gvLayout(context, handle, b"dot") != 0:  # type: ignore[attr-defined]
        return None
    try:
        outputs: dict[str, bytes] = {}
        for output_format in formats:
            error, data = gv.gvRenderData(context, handle, _RENDERERS[output_format])  # type: ignore[attr-defined]
            if error:
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
