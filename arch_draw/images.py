"""Image files: what kind they are, how large, and a user's icon made into the PNG that
drawings show.

Graphviz's bundled renderer draws PNG images only, so an SVG icon of the user's is
rasterised, with resvg, and a PNG icon is checked whole and drawn anew by Pillow (a
clean PNG of its pixels only: no text chunks, no animation, nothing a damaged file
left out), scaled down to the size icons are drawn from. Icon files come from other
people's blueprints, so this work is bounded: a PNG's pixel count is checked from its
header before any decoding, and the decoding and rasterising happen in a child process
with a memory and a time limit. An SVG can ask resvg for a canvas of terabytes (resvg
then aborts the process) or for filter effects that run for hours; neither can take the
caller's process with it.
"""

from __future__ import annotations

import collections
import re
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

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
ICON_SECONDS = 10.0  # to prepare one icon
ICONS_SECONDS = 30.0  # to prepare all the icons of one blueprint, when it is checked
ICON_MEMORY = 1024**3  # bytes the child preparing an icon may take beyond its start
# An SVG icon may refer to nothing outside itself: no DTD, and `href`s only to its own
# elements (#id) or to a PNG, JPEG, GIF or WebP image held in a well-formed data URI.
# resvg takes a data URI without its comma for a file's path, and an SVG in a data URI
# could refer to files in turn, out of sight of this check.
_DTD = re.compile(r"<!ENTITY|<!DOCTYPE", re.IGNORECASE)
_REFERENCE = re.compile(r"""href\s*=\s*["']""", re.IGNORECASE)
_INSIDE = re.compile(r"#|data:image/(?:png|jpeg|gif|webp)(?:;[a-z0-9=._-]+)*,", re.IGNORECASE)


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
    text = svg.decode("utf-8", "replace")
    references = (match.end() for match in _REFERENCE.finditer(text))
    return bool(_DTD.search(text)) or any(not _INSIDE.match(text, at) for at in references)


def scale_png(png: bytes, width: int, height: int) -> bytes:
    """The PNG resampled to `width` x `height` pixels."""
    return _redrawn(png, width, height, 1.0)


def faded_png(png: bytes, opacity: float) -> bytes:
    """The PNG at its size, with `opacity` (0 to 1) of its opacity."""
    return _redrawn(png, *png_size(png), opacity)


# An icon drawn in ink: most of what it covers is dark and dull (the users, the AWS logo,
# a third party's tools), which a dark page would swallow. Shares of its opaque area.
_INK_SHARE = 0.5
_INK_LIGHTNESS = 0.4
_INK_SPREAD = 0.2  # the spread of its channels, 0 to 1
_INK_SAMPLE = 32  # pixels: the icon is judged at this size


def is_ink(png: bytes) -> bool:
    """Whether the icon is drawn in dark ink (see _INK_SHARE)."""
    picture = _decoded(png)
    picture.thumbnail((_INK_SAMPLE, _INK_SAMPLE))
    covered = inked = 0.0
    for red, green, blue, alpha in _pixels(picture):
        covered += alpha
        dull = max(red, green, blue) - min(red, green, blue) < _INK_SPREAD * 255
        if dull and max(red, green, blue) + min(red, green, blue) < _INK_LIGHTNESS * 510:
            inked += alpha
    return covered > 0 and inked / covered >= _INK_SHARE


def repainted_png(png: bytes, paint: Callable[[str], str]) -> bytes:
    """The PNG with each pixel's colour turned by `paint` (#RRGGBB to #RRGGBB), its
    opacity kept. Each distinct colour is turned once: an icon has few."""
    import io

    picture = _decoded(png)
    turned: dict[tuple[int, int, int], tuple[int, int, int]] = {}
    pixels = []
    for red, green, blue, alpha in _pixels(picture):
        rgb = (red, green, blue)
        if rgb not in turned:
            code = paint(f"#{red:02X}{green:02X}{blue:02X}").lstrip("#")
            turned[rgb] = (int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16))
        pixels.append((*turned[rgb], alpha))
    picture.frombytes(bytes(channel for pixel in pixels for channel in pixel))
    drawn = io.BytesIO()
    picture.save(drawn, "PNG")
    return drawn.getvalue()


def rgba_pixels(png: bytes, size: int) -> list[tuple[int, int, int, int]]:
    """The icon's pixels, row by row, shrunk to fit a square `size` pixels wide."""
    picture = _decoded(png)
    picture.thumbnail((size, size))
    return _pixels(picture)


def _decoded(png: bytes) -> PILImage:
    """An icon of arch-draw's (bundled, or a user's made by icon_png), as RGBA pixels."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
        picture: PILImage = image.convert("RGBA")
    return picture


def _pixels(picture: PILImage) -> list[tuple[int, int, int, int]]:
    """The RGBA picture's pixels, row by row."""
    data = picture.tobytes()
    return list(zip(data[0::4], data[1::4], data[2::4], data[3::4], strict=True))


def _redrawn(png: bytes, width: int, height: int, opacity: float) -> bytes:
    """The PNG drawn again by resvg, which takes a PNG wrapped in an SVG as readily as a
    drawing: `width` x `height` pixels, at `opacity`."""
    import base64

    import resvg_py

    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<image width="{width}" height="{height}" preserveAspectRatio="none"'
        f' opacity="{opacity:g}" href="{uri}"/></svg>'
    )
    return bytes(resvg_py.svg_to_bytes(svg_string=svg))


def icon_png(data: bytes, seconds: float = ICON_SECONDS, font: str | None = None) -> bytes:
    """A user's icon file (PNG or SVG) as the PNG a drawing shows: whole, and fitting a
    square of ICON_PIXELS. ImageError says why it cannot be; the work is done in a
    child process (see the module's docstring), within `seconds`. Text in an SVG is set
    in its own fonts where they are installed, else in `font` (an installed family)."""
    key = (data, font)
    known = _PREPARED.get(key)
    if known is None:
        known = _prepare(data, seconds, font)
        if not known[1].startswith(_TOOK_LONGER):  # another time may allow more
            _PREPARED[key] = known
            while len(_PREPARED) > _KEPT:
                _PREPARED.popitem(last=False)
    png, problem = known
    if problem:
        raise ImageError(problem)
    return png


# Icons prepared in this process, or why they could not be: validation and drawing both
# ask, and a copy of an icon that failed should not cost its time again.
_PREPARED: collections.OrderedDict[tuple[bytes, str | None], tuple[bytes, str]] = (
    collections.OrderedDict()
)
_KEPT = 64
_TOOK_LONGER = "drawing it took longer than"


def _prepare(data: bytes, seconds: float, font: str | None) -> tuple[bytes, str]:
    from .isolate import Failed, run_isolated

    kind = kind_of(data)
    if kind is None:
        return b"", "it is not a PNG or SVG image"
    if kind == "svg" and refers_outside(data):
        return b"", "it refers to other files or a DTD; an SVG icon must stand alone"
    if kind == "png":
        too_large = _png_header_problem(data)
        if too_large:
            return b"", too_large
    [(_, outcome)] = run_isolated(_prepared, [(data, font)], 1, seconds, memory=ICON_MEMORY)
    if isinstance(outcome, Failed):
        return b"", _failure(outcome, seconds)
    return outcome


def _png_header_problem(data: bytes) -> str:
    if len(data) < len(PNG_SIGNATURE) + 25:  # its header chunk, IHDR, is 25 bytes
        return "the PNG is damaged: it ends inside its header"
    width, height = png_size(data)
    if width == 0 or height == 0:
        return f"the PNG has no pixels ({width}x{height})"
    if width * height > MOST_ICON_PIXELS:
        return (
            f"the PNG is {width}x{height} pixels; an icon may have at most {MOST_ICON_PIXELS}"
            f" (4096x4096), and is drawn at {ICON_PIXELS}x{ICON_PIXELS}"
        )
    return ""


def _failure(failed: Failed, seconds: float) -> str:
    """What became of a child that did not answer, said of the icon."""
    if failed.crashed:  # resvg aborts when an allocation fails
        fate = failed.lines[0].removeprefix("the drawing process ")
        return f"drawing it {fate}: it asks for more than {ICON_MEMORY // 1024**3} GiB"
    if failed.lines[0].startswith("took longer than"):
        return f"{_TOOK_LONGER} {seconds:.3g} s"
    return "; ".join(failed.lines)


def _prepared(job: tuple[bytes, str | None]) -> tuple[bytes, str]:
    """In the child: the icon's PNG, or b'' and why there is none."""
    data, font = job
    import os

    # resvg writes a backtrace when it aborts; what became of the child says enough.
    os.dup2(os.open(os.devnull, os.O_WRONLY), 2)
    svg = kind_of(data) == "svg"
    try:
        png = _svg_icon(data, font) if svg else _png_icon(data)
    except MemoryError:
        return b"", f"drawing it asks for more than {ICON_MEMORY // 1024**3} GiB"
    except Exception as error:  # whatever a decoder says of a file it cannot read
        return b"", f"the SVG cannot be drawn: {error}" if svg else f"the PNG is damaged: {error}"
    width, height = png_size(png)
    if width * height > MOST_ICON_PIXELS:  # an SVG of extreme proportions, say
        return b"", f"it draws at {width}x{height} pixels, more than an icon may have"
    if max(width, height) > MOST_ICON_RATIO * min(width, height):
        return b"", (
            f"it draws at {width}x{height} pixels; an icon's sides may differ at most"
            f" {MOST_ICON_RATIO} times (it is drawn in a square)"
        )
    return png, ""


def _svg_icon(svg: bytes, font: str | None) -> bytes:
    """Rasterised to ICON_PIXELS wide, then, if it came out taller, to that height."""
    text = svg.decode("utf-8")
    png = _rasterised(text, font, width=ICON_PIXELS)
    if png_size(png)[1] > ICON_PIXELS:
        png = _rasterised(text, font, height=ICON_PIXELS)
    return png


def _rasterised(
    text: str, font: str | None, width: int | None = None, height: int | None = None
) -> bytes:
    """resvg's PNG of an SVG. resvg stands in Arial and Times New Roman for the generic
    families and for fonts that are not installed, and drops text where those are
    missing too: `font`, an installed family, stands in for all of them."""
    import resvg_py

    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=text,
            width=width,
            height=height,
            font_family=font,
            serif_family=font,
            sans_serif_family=font,
            monospace_family=font,
            cursive_family=font,
            fantasy_family=font,
        )
    )


def _png_icon(png: bytes) -> bytes:
    """Checked to its end (every chunk's checksum: a truncated or corrupt file fails here,
    where resvg would draw it blank), decoded, and drawn anew: its pixels only, about as
    large as an icon is drawn from."""
    import io

    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MOST_ICON_PIXELS  # a second header cannot ask for more
    with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
        image.verify()
    with Image.open(io.BytesIO(png), formats=["PNG"]) as image:
        picture = image.convert("RGBA")
    picture.thumbnail((ICON_PIXELS, ICON_PIXELS), Image.Resampling.LANCZOS)
    # A small icon is enlarged by a whole factor, each pixel a square: cairo drew no PNG
    # at all for an icon one pixel wide or high (found by tests/test_fuzz.py).
    factor = ICON_PIXELS // max(picture.size)
    if factor > 1:
        enlarged = (picture.width * factor, picture.height * factor)
        picture = picture.resize(enlarged, Image.Resampling.NEAREST)
    drawn = io.BytesIO()
    picture.save(drawn, "PNG")
    return drawn.getvalue()
