"""PNG: Graphviz draws the picture with cairo, arch-draw encodes it.

Graphviz's own PNG writer (cairo's, through libpng) spends most of a drawing's time
encoding: choosing a filter for every row, and deflating at zlib's level 6. Drawings are
mostly flat white and a few colours, which deflate best unfiltered; so arch-draw has
Graphviz draw onto a canvas of its own (`gvRenderContext`, Graphviz's call for drawing
on a caller's cairo context) and writes the PNG itself: rows unfiltered, deflated by
zlib-ng. The pixels are those of Graphviz's PNG writer (tests/render/test_bitmap.py
compares them), the file is smaller, and it takes a third of the time.

The canvas and the libraries: Graphviz must draw with the cairo it was built with, so
both are the ones the pygraphviz wheel carries (`pygraphviz.libs`), loaded by path. Where
they are not there (a pygraphviz built against the system's Graphviz), `png` returns
None and Graphviz writes the PNG as before.

The canvas is arch-draw's memory, not cairo's: after drawing, Graphviz's vector devices
finish the surface, which frees an image surface's own pixels.
"""

from __future__ import annotations

import ctypes
import functools
import math
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from ..errors import RenderError

_CAIRO_FORMAT_RGB24 = 1  # 32 bits a pixel, the top 8 unused: an opaque canvas
# cairo draws no image wider or higher than this (pixman's limit).
MOST_PIXELS_A_SIDE = 32767
PIXELS_PER_POINT = 96 / 72  # Graphviz draws bitmaps at 96 dots an inch
_LEVEL = 6  # zlib-ng's: smaller files than Graphviz's at zlib's 6 with filters, quicker
_BAND = 256  # rows converted and deflated at a time: memory stays the canvas's
# Graphviz's cairo device that draws onto a given context and writes nothing of its own
# (its PNG device would still encode a PNG, to standard output).
_DEVICE = b"svg:cairo"


class Drawn(NamedTuple):
    png: bytes
    shrunk: float  # 1, or the scale the drawing was shrunk to, to fit cairo's limit


class Canvas(NamedTuple):
    """cairo's RGB24 pixels: each blue, green, red and an unused byte, in memory order,
    each row `stride` bytes."""

    pixels: Any  # a ctypes buffer
    width: int
    height: int
    stride: int


def png(context: Any, graph: Any, page: tuple[float, float]) -> Drawn | None:
    """The PNG of a laid-out graph whose page (drawing and pad) is `page` points wide and
    high, drawn by Graphviz on arch-draw's canvas; None where the libraries are not the
    wheel's (then Graphviz's own writer draws it)."""
    width, height = (math.floor(size * PIXELS_PER_POINT + 0.5) for size in page)
    shrunk = min(1.0, MOST_PIXELS_A_SIDE / max(width, height, 1))
    if shrunk < 1:  # as Graphviz's writer does: the whole drawing, smaller
        width, height = (max(1, math.floor(size * shrunk)) for size in (width, height))
    canvas = drawn_canvas(context, graph, (width, height), PIXELS_PER_POINT * shrunk)
    return None if canvas is None else Drawn(encoded(canvas), shrunk)


def drawn_canvas(context: Any, graph: Any, size: tuple[int, int], scale: float) -> Canvas | None:
    """The graph as Graphviz draws it on a white canvas `size` pixels large, `scale`
    pixels a point; None where the libraries are not the wheel's, or Graphviz failed."""
    libraries = _libraries()
    if libraries is None:
        return None
    gvc, cairo = libraries
    width, height = size
    stride = cairo.cairo_format_stride_for_width(_CAIRO_FORMAT_RGB24, width)
    try:
        pixels = ctypes.create_string_buffer(stride * height)
    except MemoryError:
        mebibytes = stride * height / 1024**2
        raise RenderError(
            f"the PNG, {width:,} x {height:,} pixels, needs {mebibytes:,.0f} MiB of memory, more"
            " than there is: draw SVG or PDF (-f svg, -f pdf)"
        ) from None
    surface = cairo.cairo_image_surface_create_for_data(
        ctypes.addressof(pixels), _CAIRO_FORMAT_RGB24, width, height, stride
    )
    drawing = cairo.cairo_create(surface)
    try:
        cairo.cairo_set_source_rgb(drawing, 1.0, 1.0, 1.0)  # the page, as Graphviz's PNG
        cairo.cairo_paint(drawing)
        cairo.cairo_scale(drawing, scale, scale)  # the vector device draws in points
        failed = gvc.gvRenderContext(int(context), int(graph), _DEVICE, drawing)
    finally:
        cairo.cairo_destroy(drawing)
        cairo.cairo_surface_destroy(surface)
    return None if failed else Canvas(pixels, width, height, stride)


def encoded(canvas: Canvas) -> bytes:
    """An RGB PNG of the canvas, its rows unfiltered, deflated a band at a time."""
    from zlib_ng import zlib_ng

    compressor = zlib_ng.compressobj(_LEVEL)
    deflated = [compressor.compress(band) for band in unfiltered_rows(canvas)]
    deflated.append(compressor.flush())
    header = struct.pack(">IIBBBBB", canvas.width, canvas.height, 8, 2, 0, 0, 0)  # 8-bit RGB
    signature = b"\x89PNG\r\n\x1a\n"
    idat = _chunk(b"IDAT", b"".join(deflated))
    return signature + _chunk(b"IHDR", header) + idat + _chunk(b"IEND", b"")


def unfiltered_rows(canvas: Canvas) -> Iterator[bytes]:
    """The canvas as PNG's rows, a band at a time: red, green and blue each pixel, after
    each row's filter byte (0: none)."""
    from PIL import Image

    row = 3 * canvas.width
    view = memoryview(canvas.pixels).cast("B")
    for top in range(0, canvas.height, _BAND):
        rows = min(_BAND, canvas.height - top)
        band = view[top * canvas.stride : (top + rows) * canvas.stride].tobytes()
        size = (canvas.width, rows)
        rgb = Image.frombuffer("RGB", size, band, "raw", "BGRX", canvas.stride, 1).tobytes()
        yield b"".join(b"\0" + rgb[start : start + row] for start in range(0, len(rgb), row))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@functools.cache
def _libraries() -> tuple[Any, Any] | None:
    """Graphviz's and cairo's libraries, as the pygraphviz wheel carries them."""
    import pygraphviz

    folder = Path(pygraphviz.__file__).resolve().parent.parent / "pygraphviz.libs"
    found = [sorted(folder.glob(pattern)) for pattern in ("libgvc-*.so*", "libcairo-*.so*")]
    if not all(found):
        return None
    gvc, cairo = (ctypes.CDLL(str(paths[0])) for paths in found)
    pointer, number, real = ctypes.c_void_p, ctypes.c_int, ctypes.c_double
    signatures = {
        "cairo_format_stride_for_width": (number, [number, number]),
        "cairo_image_surface_create_for_data": (pointer, [pointer, number, number, number, number]),
        "cairo_create": (pointer, [pointer]),
        "cairo_set_source_rgb": (None, [pointer, real, real, real]),
        "cairo_paint": (None, [pointer]),
        "cairo_scale": (None, [pointer, real, real]),
        "cairo_destroy": (None, [pointer]),
        "cairo_surface_destroy": (None, [pointer]),
    }
    for name, (result, arguments) in signatures.items():
        function = getattr(cairo, name)
        function.restype, function.argtypes = result, arguments
    gvc.gvRenderContext.restype = number
    gvc.gvRenderContext.argtypes = [pointer, pointer, ctypes.c_char_p, pointer]
    return gvc, cairo
