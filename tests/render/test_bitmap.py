"""PNG drawn by Graphviz on arch-draw's canvas and encoded by arch-draw (render.bitmap),
against Graphviz's own PNG writer."""

from __future__ import annotations

import ctypes
import io
from pathlib import Path

import pygraphviz
import pytest
from PIL import Image, ImageChops
from pygraphviz import graphviz as gv

from arch_draw.errors import RenderError
from arch_draw.pipeline import draw, load_blueprint
from arch_draw.render import bitmap, graphviz

from ..conftest import BLUEPRINTS


def graphvizs_own(monkeypatch: pytest.MonkeyPatch, path: Path) -> bytes:
    """The PNG as Graphviz's writer draws it: as where the wheel's libraries are missing."""
    with monkeypatch.context() as patched:
        patched.setattr(bitmap, "png", lambda *_args: None)
        return draw(load_blueprint(path), ("png",)).outputs["png"]


@pytest.mark.parametrize(
    "name",
    ["users-under-1k", "users-over-100k", "distributed-purpose-built", "elasticache-sessions"],
)
def test_the_pixels_are_graphvizs_and_the_file_smaller(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = BLUEPRINTS / f"{name}.yaml"
    ours, theirs = (
        draw(load_blueprint(path), ("png",)).outputs["png"],
        graphvizs_own(monkeypatch, path),
    )
    assert ours != theirs  # (the writer is ours)
    mine, graphviz_png = Image.open(io.BytesIO(ours)), Image.open(io.BytesIO(theirs))
    assert (mine.mode, mine.size) == ("RGB", graphviz_png.size)  # opaque, as large
    difference = ImageChops.difference(mine, graphviz_png.convert("RGB")).convert("L")
    counts = difference.histogram()
    # Measured on every shipped drawing: at most 241 pixels of millions differ, by at most
    # 9 of 255 (the antialiasing of a few glyphs, which Graphviz's PNG device hints
    # slightly otherwise); so, visually, the same picture.
    assert sum(counts[1:]) <= 300
    assert max(level for level, count in enumerate(counts) if count) <= 9
    assert len(ours) < len(theirs)


def test_the_png_is_a_whole_file_pillow_reads_back() -> None:
    data = draw(load_blueprint(BLUEPRINTS / "users-under-1k.yaml"), ("png",)).outputs["png"]
    with Image.open(io.BytesIO(data)) as image:
        image.verify()  # every chunk's checksum
    with Image.open(io.BytesIO(data)) as image:
        assert image.convert("RGB").getpixel((0, 0)) == (255, 255, 255)


def test_the_encoder_keeps_every_pixel() -> None:
    # cairo's RGB24: blue, green, red and an unused byte, rows padded to the stride.
    width, height, stride = 3, 300, 16  # (more rows than one band)
    pixels = [(x * 80, y % 256, (x + y) % 256) for y in range(height) for x in range(width)]
    canvas = bytearray(stride * height)
    for index, (red, green, blue) in enumerate(pixels):
        y, x = divmod(index, width)
        canvas[y * stride + 4 * x : y * stride + 4 * x + 4] = bytes((blue, green, red, 0))
    image = Image.open(io.BytesIO(bitmap.encoded(bitmap.Canvas(canvas, width, height, stride))))
    assert image.mode == "RGB"
    data = image.tobytes()
    assert [tuple(data[i : i + 3]) for i in range(0, len(data), 3)] == pixels


def test_a_png_too_large_for_cairo_is_shrunk_to_fit_and_says_so() -> None:
    graph = pygraphviz.AGraph(string="digraph { a -> b }")
    context = gv.gvContextWithBuiltins()
    try:
        gv.gvLayout(context, graph.handle, b"dot")
        warnings: list[str] = []
        # A page 40,000 pixels wide: Graphviz's writer shrank such a drawing too, saying
        # only that it did in a warning about "cairo-renderer bitmaps".
        data = graphviz._png(context, graph, (30_000.0, 90.0), warnings)
        gv.gvFreeLayout(context, graph.handle)
    finally:
        gv.gvFreeContext(context)
    assert data is not None
    assert Image.open(io.BytesIO(data)).size == (32767, 98)
    assert warnings == [
        "Warning: the PNG would be more than 32,767 pixels wide or high, as large as cairo"
        " draws: it is drawn at 0.82 of its size. SVG and PDF keep every detail."
    ]


def test_without_the_wheels_libraries_graphviz_writes_the_png(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(bitmap, "_libraries", lambda: None)
    data = draw(load_blueprint(BLUEPRINTS / "users-under-1k.yaml"), ("png",)).outputs["png"]
    assert Image.open(io.BytesIO(data)).mode == "RGB"


def test_the_wheels_libraries_are_found() -> None:
    # Were they not, every PNG would quietly be Graphviz's again: slower and larger.
    assert bitmap._libraries() is not None


def test_a_canvas_there_is_no_memory_for_is_a_drawing_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_memory(size: int) -> object:
        raise MemoryError

    monkeypatch.setattr(ctypes, "create_string_buffer", no_memory)
    graph = pygraphviz.AGraph(string="digraph { a -> b }")
    with pytest.raises(RenderError) as caught:
        bitmap.png(object(), graph.handle, (24_000.0, 24_000.0))
    assert str(caught.value) == (
        "the PNG, 32,000 x 32,000 pixels, needs 3,906 MiB of memory, more than there is:"
        " draw SVG or PDF (-f svg, -f pdf)"
    )
