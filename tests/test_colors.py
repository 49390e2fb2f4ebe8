from arch_draw.colors import NAMED_COLORS, is_color, to_hex


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
