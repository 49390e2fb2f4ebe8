from __future__ import annotations

import pytest

from arch_draw.images import kind_of, png_size, refers_outside, svg_to_png

from .test_write import ICON

SQUARE = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 20"><rect width="10" height="20" fill="#f90"/></svg>'


def test_kinds_are_told_by_content_not_by_name():
    assert kind_of(ICON) == "png"
    assert kind_of(SQUARE) == "svg"
    assert kind_of(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c -->\n' + SQUARE) == "svg"
    assert kind_of(b"GIF89a...") is None
    assert kind_of(b"<html><body>no</body></html>") is None


def test_png_size():
    assert png_size(ICON) == (2, 3)


def test_svg_icons_are_rasterised_at_icon_size_keeping_their_shape():
    png = svg_to_png(SQUARE)
    assert kind_of(png) == "png"
    assert png_size(png) == (256, 512)


def test_an_svg_that_cannot_be_drawn_is_a_value_error():
    with pytest.raises(ValueError, match="unknown token"):
        svg_to_png(b"not an svg at all")


@pytest.mark.parametrize(
    ("svg", "outside"),
    [
        (SQUARE, False),
        (b'<svg><use href="#a"/><image href="data:image/png;base64,AA=="/></svg>', False),
        (b'<svg><image href="/etc/passwd"/></svg>', True),
        (b"<svg><image xlink:href='https://example.com/x.png'/></svg>", True),
        (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg/>', True),
    ],
)
def test_svg_icons_must_stand_alone(svg: bytes, outside: bool):
    assert refers_outside(svg) is outside
