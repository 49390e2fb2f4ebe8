"""Image files: what kind they are, how large, and SVG icons made into PNG.

Graphviz's bundled renderer draws PNG images only, so an SVG icon of the user's is
rasterised once, with resvg, at the size icons are drawn from.
"""

from __future__ import annotations

import functools
import re
import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
ICON_PIXELS = 256  # the width SVG icons are rasterised at: as large as the bundled icons
# An SVG icon may refer to nothing outside itself: no files, no web addresses, no DTD.
_OUTSIDE_REFERENCE = re.compile(r"""href\s*=\s*["'](?!#|data:)|<!ENTITY|<!DOCTYPE""", re.IGNORECASE)


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


def scale_png(png: bytes, pixels: int) -> bytes:
    """The PNG with its longer side `pixels` long (no larger than it was), resampled by
    resvg, which takes a PNG wrapped in an SVG as readily as a drawing."""
    import base64

    import resvg_py

    width, height = png_size(png)
    zoom = min(1.0, pixels / max(width, height))
    uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">'
        f'<image width="{width}" height="{height}" href="{uri}"/></svg>'
    )
    return bytes(resvg_py.svg_to_bytes(svg_string=svg, zoom=zoom))


@functools.lru_cache(maxsize=64)  # validation and rendering both need it
def svg_to_png(svg: bytes) -> bytes:
    """Rasterise an SVG icon; ValueError if it cannot be drawn."""
    import resvg_py

    return bytes(resvg_py.svg_to_bytes(svg_string=svg.decode("utf-8"), width=ICON_PIXELS))
