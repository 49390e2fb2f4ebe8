"""Image files: what kind they are, how large, and a user's icon made into the PNG that
drawings show.

Graphviz's bundled renderer draws PNG images only, so an SVG icon of the user's is
rasterised, with resvg, and a PNG icon is checked whole (decoded by Pillow) and scaled
down to the size icons are drawn from. Icon files come from other people's blueprints,
so this work is bounded: a PNG's pixel count is checked from its header before any
decoding, and the decoding and rasterising happen in a child process with a memory
and a time limit. An SVG can ask resvg for a canvas of terabytes (resvg then aborts the
process) or for filter effects that run for hours; neither can take the caller's
process with it.
"""

from __future__ import annotations

import functools
import re
import struct
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .isolate import Failed

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_ICON_BYTES = 5 * 1024 * 1024  # of an icon file
ICON_PIXELS = 256  # icons fit a square this large: the size of the bundled icons
# The most pixels a PNG icon may have, decoded (4096 x 4096, 64 MiB as RGBA): more than
# any icon needs, and decoded in well under a second.
MOST_ICON_PIXELS = 4096 * 4096
# How much longer one side of an icon may be than the other: an icon is drawn in a
# square, and one of 256 x 1 pixels (an SVG's width of 1e9 and height of 1e-9) made
# cairo draw no PNG at all.
MOST_ICON_RATIO = 16
ICON_SECONDS = 10.0  # to decode or rasterise one icon
ICON_MEMORY = 1024**3  # bytes the child preparing an icon may take beyond its start
# An SVG icon may refer to nothing outside itself: no files, no web addresses, no DTD.
_OUTSIDE_REFERENCE = re.compile(r"""href\s*=\s*["'](?!#|data:)|<!ENTITY|<!DOCTYPE""", re.IGNORECASE)


class ImageError(ValueError):
    """An icon file that cannot be drawn; the message says why, in words for its author."""


def kind_of(data: bytes) -> str | None:
    """'png', 'svg', or None for anything else."""
    if data.startswith(PNG_SIGNATURE) and data[12:16] == b"IHDR":
        return "png"
    head = data[:4096].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if head.startswith("<") and "<svg" in head:
        return "svg"
    return None


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (the caller knows it is a PNG)."""
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def refers_outside(svg: bytes) -> bool:
    return bool(_OUTSIDE_REFERENCE.search(svg.decode("utf-8", "replace")))


def scale_png(png: bytes, width: int, height: int) -> bytes:
    """The PNG resampled to `width` x `height` pixels, by resvg, which takes a PNG
    wrapped in an SVG as readily as a drawing."""
    import base64

    import resvg_py

    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<image width="{width}" height="{height}" preserveAspectRatio="none" href="{uri}"/>'
        "</svg>"
    )
    return bytes(resvg_py.svg_to_bytes(svg_string=svg))


@functools.lru_cache(maxsize=64)  # validation and rendering both need it
def icon_png(data: bytes) -> bytes:
    """A user's icon file (PNG or SVG) as the PNG a drawing shows: whole, and fitting a
    square of ICON_PIXELS. ImageError says why it cannot be; the work is done in a
    child process (see the module's docstring)."""
    from .isolate import Failed, run_isolated

    kind = kind_of(data)
    if kind is None:
        raise ImageError("it is not a PNG or SVG image")
    if kind == "png":
        _check_png_header(data)
    [(_, outcome)] = run_isolated(_prepared, [data], 1, ICON_SECONDS, memory=ICON_MEMORY)
    if isinstance(outcome, Failed):
        raise ImageError(_failure(outcome))
    png, problem = outcome
    if problem:
        raise ImageError(problem)
    return png


def _check_png_header(data: bytes) -> None:
    width, height = png_size(data)
    if width == 0 or height == 0:
        raise ImageError(f"the PNG has no pixels ({width}x{height})")
    if width * height > MOST_ICON_PIXELS:
        raise ImageError(
            f"the PNG is {width}x{height} pixels; an icon may have at most {MOST_ICON_PIXELS}"
            f" (4096x4096), and is drawn at {ICON_PIXELS}x{ICON_PIXELS}"
        )


def _failure(failed: Failed) -> str:
    """What became of a child that did not answer, said of the icon."""
    if failed.crashed:  # resvg aborts when an allocation fails
        fate = failed.lines[0].removeprefix("the drawing process ")
        return f"drawing it {fate}: it asks for more than {ICON_MEMORY // 1024**3} GiB"
    return f"drawing it took longer than {ICON_SECONDS:g} s"


def _prepared(data: bytes) -> tuple[bytes, str]:
    """In the child: the icon's PNG, or b'' and why there is none."""
    import os

    # resvg writes a backtrace when it aborts; what became of the child says enough.
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    try:
        png = _svg_icon(data) if kind_of(data) == "svg" else _png_icon(data)
    except MemoryError:
        return b"", f"drawing it asks for more than {ICON_MEMORY // 1024**3} GiB"
    except ValueError as error:  # resvg's word for an SVG it cannot draw
        return b"", f"the SVG cannot be drawn: {error}"
    except OSError as error:  # Pillow's word for a PNG it cannot decode
        return b"", f"the PNG is damaged: {error}"
    width, height = png_size(png)
    if width * height > MOST_ICON_PIXELS:  # an SVG of extreme proportions, say
        return b"", f"it draws at {width}x{height} pixels, more than an icon may have"
    if max(width, height) > MOST_ICON_RATIO * min(width, height):
        return b"", (
            f"it draws at {width}x{height} pixels; an icon's sides may differ at most"
            f" {MOST_ICON_RATIO} times (it is drawn in a square)"
        )
    return png, ""


def _svg_icon(svg: bytes) -> bytes:
    """Rasterised to ICON_PIXELS wide, then, if it came out taller, to that height."""
    import resvg_py

    text = svg.decode("utf-8")
    png = bytes(resvg_py.svg_to_bytes(svg_string=text, width=ICON_PIXELS))
    if png_size(png)[1] > ICON_PIXELS:
        png = bytes(resvg_py.svg_to_bytes(svg_string=text, height=ICON_PIXELS))
    return png


def _png_icon(png: bytes) -> bytes:
    """Decoded whole (a truncated or corrupt file fails here, where resvg would draw it
    blank), then scaled down if larger than an icon is drawn."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        image.load()
    width, height = png_size(png)
    if max(width, height) <= ICON_PIXELS:
        return png
    zoom = ICON_PIXELS / max(width, height)
    return scale_png(png, max(1, round(width * zoom)), max(1, round(height * zoom)))
