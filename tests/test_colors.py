from __future__ import annotations

import pytest

from arch_draw.colors import (
    DARK_BACKGROUND,
    LEGIBLE_CONTRAST,
    NAMED_COLORS,
    contrast,
    is_color,
    on_dark,
    rgb_of,
    to_hex,
)


def test_css_names_and_hex_are_colours() -> None:
    assert len(NAMED_COLORS) == 148
    assert is_color("SteelBlue")
    assert is_color("#ff9900")
    assert is_color("#FF990080")
    assert not is_color("#ff990")
    assert not is_color("blu")


def test_names_become_hex_so_every_format_agrees() -> None:
    assert to_hex("Green") == "#008000"
    assert to_hex("#123456") == "#123456"


def test_a_dark_drawing_turns_white_into_the_page_and_ink_into_light_text() -> None:
    assert on_dark("#FFFFFF") == on_dark("white") == DARK_BACKGROUND
    assert on_dark("#FFFFFF80") == DARK_BACKGROUND + "80"  # the opacity is kept
    assert on_dark("#232F3E") == "#C7D2E0"  # AWS's ink: light, a little blue still
    assert on_dark("#000000") == "#FFFFFF"
    assert [on_dark(value) for value in ("none", "transparent")] == ["none", "transparent"]


def test_light_fills_become_dark_fills_of_their_hue_and_vivid_colours_stay() -> None:
    # The subnets' fills: dark green and dark teal, muted.
    assert (on_dark("#F2F6E8"), on_dark("#E6F6F7")) == ("#2E351D", "#1D3436")
    # AWS's orange, teal and green read on the dark page as they are.
    assert [on_dark(value) for value in ("#ED7100", "#00A4A6", "#7AA116")] == [
        "#ED7100",
        "#00A4A6",
        "#7AA116",
    ]
    # VPC purple and Auto Scaling red are mixed with white just enough to read.
    assert (on_dark("#8C4FFF"), on_dark("#DD344C")) == ("#965FFF", "#E14C61")


@pytest.mark.parametrize(
    "value", ["#232F3E", "#545B64", "#7B8894", "#7D8998", "#8C4FFF", "#E7157B"]
)
def test_every_line_and_text_colour_is_legible_on_the_dark_page(value: str) -> None:
    page = rgb_of(DARK_BACKGROUND)
    assert contrast(rgb_of(on_dark(value)), page) >= LEGIBLE_CONTRAST
    assert contrast(rgb_of("#8C4FFF"), page) < LEGIBLE_CONTRAST  # as it was, it was not


def test_contrast_is_wcags_ratio() -> None:
    assert contrast(rgb_of("#000000"), rgb_of("#FFFFFF")) == pytest.approx(21.0)
    assert contrast(rgb_of("#777777"), rgb_of("#FFFFFF")) == pytest.approx(4.48, abs=0.01)
