from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PIL import Image

from arch_draw import images
from arch_draw.images import ImageError, icon_png, kind_of, png_size, refers_outside
from arch_draw.render import styles
from arch_draw.render.fonts import first_installed

from .test_write import ICON

SQUARE = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 20"><rect width="10" height="20" fill="#f90"/></svg>'
# resvg asked for a 256 x 256,000,000,000 canvas (a terabyte) and aborted the process.
TERABYTE_CANVAS = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1000000000"><rect width="1" height="1"/></svg>'
# Noise of a million octaves: resvg computed it for hours.
ENDLESS_FILTER = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<filter id="f"><feTurbulence baseFrequency="0.05" numOctaves="1000000"/></filter>'
    b'<rect width="100" height="100" filter="url(#f)"/></svg>'
)


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def black_and_white_png(width: int, height: int) -> bytes:
    """A valid 1-bit PNG, all black: tiny compressed, `width * height` pixels decoded."""
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte, then the bits
    compressor = zlib.compressobj(9)
    pixels = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        images.PNG_SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def rgb_png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (255, 153, 0)).save(buffer, "PNG")
    return buffer.getvalue()


def test_kinds_are_told_by_content_not_by_name() -> None:
    assert kind_of(ICON) == "png"
    assert kind_of(SQUARE) == "svg"
    assert kind_of(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c -->\n' + SQUARE) == "svg"
    assert kind_of(b"GIF89a...") is None
    assert kind_of(b"<html><body>no</body></html>") is None


def test_png_size() -> None:
    assert png_size(ICON) == (2, 3)


def test_svg_icons_are_rasterised_to_fit_the_icon_square_keeping_their_shape() -> None:
    png = icon_png(SQUARE)
    assert kind_of(png) == "png"
    assert png_size(png) == (128, 256)
    wide = SQUARE.replace(b"0 0 10 20", b"0 0 40 10")
    assert png_size(icon_png(wide)) == (256, 64)


@pytest.mark.parametrize("family", ["sans-serif", "serif", "monospace", "No Such Font", ""])
def test_text_in_svg_icons_is_drawn_in_an_installed_font(family: str) -> None:
    # resvg dropped it: its stand-ins for generic and missing fonts (Arial, Times New
    # Roman) are often not installed.
    font = first_installed(tuple(styles.FONT.split(",")))
    if font is None:
        pytest.skip("no font of the drawing's list is installed")
    chosen = f' font-family="{family}"' if family else ""
    text = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
        f'<text x="2" y="30" font-size="30"{chosen}>Ab</text></svg>'
    ).encode()
    inked = Image.open(io.BytesIO(icon_png(text, font=font))).getchannel("A").getextrema()
    assert inked == (0, 255)


def test_png_icons_are_enlarged_by_whole_pixels_when_small_and_scaled_down_when_large() -> None:
    # cairo drew no PNG at all for an icon one pixel wide (found by tests/test_fuzz.py)
    assert png_size(icon_png(ICON)) == (170, 255)
    for size, enlarged in (((1, 2), (128, 256)), ((3, 1), (255, 85)), ((256, 16), (256, 16))):
        assert png_size(icon_png(rgb_png(*size))) == enlarged
    large = icon_png(rgb_png(1000, 500))
    assert png_size(large) == (256, 128)
    with Image.open(io.BytesIO(large)) as image:
        assert image.convert("RGB").getpixel((100, 60)) == (255, 153, 0)


def test_an_svg_that_cannot_be_drawn_says_why() -> None:
    with pytest.raises(ImageError) as caught:
        icon_png(b"not an svg at all")
    assert str(caught.value) == "it is not a PNG or SVG image"
    with pytest.raises(ImageError) as caught:
        icon_png(b"<svg not really")
    assert str(caught.value) == "the SVG cannot be drawn: expected '=' not 'r' at 1:10"


def test_an_svg_asking_for_a_terabyte_fails_alone() -> None:
    # The call survives (it used to abort this very process); the message says why.
    with pytest.raises(ImageError) as caught:
        icon_png(TERABYTE_CANVAS)
    assert str(caught.value) == "drawing it was killed by SIGABRT: it asks for more than 1 GiB"


def test_an_svg_that_draws_for_ever_is_stopped() -> None:
    with pytest.raises(ImageError) as caught:
        icon_png(ENDLESS_FILTER, 1.0)
    assert str(caught.value) == "drawing it took longer than 1 s"


def test_png_bombs_are_refused_by_their_header_before_decoding() -> None:
    bomb = black_and_white_png(30_000, 30_000)
    assert len(bomb) < 120_000  # 900 megapixels in 110 KB
    with pytest.raises(ImageError) as caught:
        icon_png(bomb)
    assert str(caught.value) == (
        "the PNG is 30000x30000 pixels; an icon may have at most 16777216 (4096x4096),"
        " and is drawn at 256x256"
    )
    assert png_size(icon_png(black_and_white_png(4096, 4096))) == (256, 256)


def test_icons_of_extreme_proportions_are_refused() -> None:
    # 256 x 1 pixels (an SVG 1e9 wide and 1e-9 high) made cairo draw no PNG at all.
    flat = b'<svg xmlns="http://www.w3.org/2000/svg" width="1e9" height="1e-9"><rect width="1" height="1"/></svg>'
    for data, size in ((flat, "256x1"), (rgb_png(170, 10), "170x10")):
        with pytest.raises(ImageError) as caught:
            icon_png(data)
        assert str(caught.value) == (
            f"it draws at {size} pixels; an icon's sides may differ at most 16 times"
            " (it is drawn in a square)"
        )
    assert png_size(icon_png(rgb_png(160, 10))) == (160, 10)


def test_damaged_and_empty_pngs_are_refused() -> None:
    whole = rgb_png(40, 40)
    broken = bytearray(whole)
    broken[60] ^= 0xFF
    rows = b"".join(b"\0" + bytes(40 * 3) for _ in range(40))
    header = whole[8:33]
    for data, message in (
        (whole[: len(whole) // 2], "the PNG is damaged: Truncated File Read"),
        (bytes(broken), "the PNG is damaged: broken PNG file (bad header checksum in b'IDAT')"),
        (whole[:16] + struct.pack(">II", 0, 0) + whole[24:], "the PNG has no pixels (0x0)"),
        (whole[:16], "the PNG is damaged: it ends inside its header"),  # was struct.error
        # Pillow decodes these two, resvg drew them, and cairo then failed the PNG and PDF:
        (
            images.PNG_SIGNATURE + header + chunk(b"IDAT", zlib.compress(rows))[:-1] + b"\0",
            "the PNG is damaged: broken PNG file (bad header checksum in b'IDAT')",
        ),
        (
            images.PNG_SIGNATURE + header + chunk(b"IDAT", zlib.compress(rows)),
            "the PNG is damaged: truncated PNG file",
        ),
    ):
        with pytest.raises(ImageError) as caught:
            icon_png(data)
        assert str(caught.value) == message


def test_a_png_icon_is_drawn_anew_with_its_pixels_only() -> None:
    # A 64 x 64 PNG carrying 4 MB of text made a 5.6 MB SVG: only the pixels are kept.
    text = chunk(b"tEXt", b"Comment\0" + b"x" * 4_000_000)
    small = rgb_png(64, 64)
    padded = small[:33] + text + small[33:]
    drawn = icon_png(padded)
    assert len(drawn) < 2000
    with Image.open(io.BytesIO(drawn)) as image:
        assert (image.size, image.mode) == ((256, 256), "RGBA")
        assert image.getpixel((10, 10)) == (255, 153, 0, 255)


def test_the_memory_limit_is_the_childs_not_the_callers() -> None:
    import resource

    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(ImageError):
        icon_png(TERABYTE_CANVAS.replace(b"1 1", b"2 1"))
    assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_a_terabyte_svg_in_a_blueprint_is_an_input_error_for_the_cli(tmp_path: Path) -> None:
    (tmp_path / "huge.svg").write_bytes(TERABYTE_CANVAS)
    (tmp_path / "bp.yaml").write_text("title: T\nnodes:\n  n: {icon: huge.svg}\n")
    result = subprocess.run(
        [sys.executable, "-m", "arch_draw", "validate", "bp.yaml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ},
    )
    assert (result.returncode, result.stderr) == (
        2,
        "bp.yaml:3:13: icon 'huge.svg' cannot be drawn: drawing it was killed by SIGABRT:"
        " it asks for more than 1 GiB\n",
    )


@pytest.mark.parametrize(
    ("svg", "outside"),
    [
        (SQUARE, False),
        (b'<svg><use href="#a"/><image href="data:image/png;base64,AA=="/></svg>', False),
        (b"<svg><image HREF='data:image/jpeg;charset=x;base64,AA=='/></svg>", False),
        (b'<svg><image href="/etc/passwd"/></svg>', True),
        (b"<svg><image xlink:href='https://example.com/x.png'/></svg>", True),
        (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg/>', True),
        # resvg reads a data URI without its comma as a file's path (a folder "data:"
        # committed beside the blueprint led anywhere)...
        (b'<svg><image href="data:/../../secret.png"/></svg>', True),
        # ...and an SVG in a data URI may refer to files itself, out of this check's sight.
        (b'<svg><image href="data:image/svg+xml;base64,PHN2Zy8+"/></svg>', True),
        (b'<svg><image href=" #a"/></svg>', True),
    ],
)
def test_svg_icons_must_stand_alone(svg: bytes, outside: bool) -> None:
    assert refers_outside(svg) is outside
