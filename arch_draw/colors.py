"""Colours a blueprint may name: the CSS named colours, or #RRGGBB / #RRGGBBAA.

Names are turned into hex before Graphviz sees them, because Graphviz's X11 table and
the CSS table that browsers use for SVG disagree on a few names (gray vs grey shades,
`green`); one table keeps PNG and SVG the same colour.
"""

from __future__ import annotations

import colorsys
import re

_HEX = re.compile(r"#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?")

# CSS Color Module Level 4, named colours: name, then hex, as a compact table.
_CSS_NAMES = """
aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff beige
f5f5dc bisque ffe4c4 black 000000 blanchedalmond ffebcd blue 0000ff blueviolet 8a2be2
brown a52a2a burlywood deb887 cadetblue 5f9ea0 chartreuse 7fff00 chocolate d2691e coral
ff7f50 cornflowerblue 6495ed cornsilk fff8dc crimson dc143c cyan 00ffff darkblue 00008b
darkcyan 008b8b darkgoldenrod b8860b darkgray a9a9a9 darkgreen 006400 darkgrey a9a9a9
darkkhaki bdb76b darkmagenta 8b008b darkolivegreen 556b2f darkorange ff8c00 darkorchid
9932cc darkred 8b0000 darksalmon e9967a darkseagreen 8fbc8f darkslateblue 483d8b
darkslategray 2f4f4f darkslategrey 2f4f4f darkturquoise 00ced1 darkviolet 9400d3
deeppink ff1493 deepskyblue 00bfff dimgray 696969 dimgrey 696969 dodgerblue 1e90ff
firebrick b22222 floralwhite fffaf0 forestgreen 228b22 fuchsia ff00ff gainsboro dcdcdc
ghostwhite f8f8ff gold ffd700 goldenrod daa520 gray 808080 green 008000 greenyellow
adff2f grey 808080 honeydew f0fff0 hotpink ff69b4 indianred cd5c5c indigo 4b0082 ivory
fffff0 khaki f0e68c lavender e6e6fa lavenderblush fff0f5 lawngreen 7cfc00 lemonchiffon
fffacd lightblue add8e6 lightcoral f08080 lightcyan e0ffff lightgoldenrodyellow fafad2
lightgray d3d3d3 lightgreen 90ee90 lightgrey d3d3d3 lightpink ffb6c1 lightsalmon ffa07a
lightseagreen 20b2aa lightskyblue 87cefa lightslategray 778899 lightslategrey 778899
lightsteelblue b0c4de lightyellow ffffe0 lime 00ff00 limegreen 32cd32 linen faf0e6
magenta ff00ff maroon 800000 mediumaquamarine 66cdaa mediumblue 0000cd mediumorchid
ba55d3 mediumpurple 9370db mediumseagreen 3cb371 mediumslateblue 7b68ee
mediumspringgreen 00fa9a mediumturquoise 48d1cc mediumvioletred c71585 midnightblue
191970 mintcream f5fffa mistyrose ffe4e1 moccasin ffe4b5 navajowhite ffdead navy 000080
oldlace fdf5e6 olive 808000 olivedrab 6b8e23 orange ffa500 orangered ff4500 orchid
da70d6 palegoldenrod eee8aa palegreen 98fb98 paleturquoise afeeee palevioletred db7093
papayawhip ffefd5 peachpuff ffdab9 peru cd853f pink ffc0cb plum dda0dd powderblue b0e0e6
purple 800080 rebeccapurple 663399 red ff0000 rosybrown bc8f8f royalblue 4169e1
saddlebrown 8b4513 salmon fa8072 sandybrown f4a460 seagreen 2e8b57 seashell fff5ee
sienna a0522d silver c0c0c0 skyblue 87ceeb slateblue 6a5acd slategray 708090 slategrey
708090 snow fffafa springgreen 00ff7f steelblue 4682b4 tan d2b48c teal 008080 thistle
d8bfd8 tomato ff6347 turquoise 40e0d0 violet ee82ee wheat f5deb3 white ffffff whitesmoke
f5f5f5 yellow ffff00 yellowgreen 9acd32
""".split()  # noqa: SIM905

NAMED_COLORS = dict(zip(_CSS_NAMES[0::2], ("#" + code for code in _CSS_NAMES[1::2]), strict=True))


def known_colors() -> list[str]:
    return list(NAMED_COLORS)


def is_color(value: str) -> bool:
    # fullmatch: a match ending in "$" would take "#aabbcc\n" too
    return value.lower() in NAMED_COLORS or bool(_HEX.fullmatch(value))


def to_hex(value: str) -> str:
    """A valid colour as #RRGGBB(AA); names case-insensitively."""
    return NAMED_COLORS.get(value.lower(), value)


def faded(value: str, kept: float) -> str:
    """A colour mixed with white, keeping `kept` of it (0 to 1), as #RRGGBB: how a drawing
    of changes mutes what a blueprint inherits (alpha is dropped: on a white page the
    mix looks the same, and a line's overlaps stay one colour)."""
    code = to_hex(value).lstrip("#")
    channels = [int(code[index : index + 2], 16) for index in (0, 2, 4)]
    return "#" + "".join(f"{round(255 - (255 - c) * kept):02X}" for c in channels)


# The page of a dark drawing: AWS's darkest ink (its documentation's dark background).
DARK_BACKGROUND = "#16191F"
# Pale colours (fills: subnets, notes, what a drawing of changes fades) and dull ones
# (ink, greys: the spread of their channels under _VIVID, 0 to 1) have their lightness
# turned over, their tint muted (a pale yellow turned dark at full saturation is a loud
# brown). Vivid ones (AWS's group and icon colours) keep theirs. Then every colour but a
# fill is mixed with white as little as makes it legible on the dark page (WCAG's
# contrast for text, 4.5 to 1: a colour given to a line may be given to its label too).
_VIVID = 0.2
_PALE = 0.7
LEGIBLE_CONTRAST = 4.5
_DARK_TINT = 0.3  # the most saturation a fill keeps, turned dark


def on_dark(value: str) -> str:
    """The colour a light drawing's `value` becomes in a dark one, as #RRGGBB(AA): white
    becomes the dark page, ink becomes light text, a light fill a dark one of the same
    hue, and AWS's vivid colours stay, light enough to read on the dark page. What is no
    colour of colors' (`none`, `transparent`) stays as it is."""
    if not is_color(value):
        return value
    code = to_hex(value).lstrip("#")
    rgb, alpha = rgb_of(code), code[6:8]
    if code[:6].lower() == "ffffff":
        return DARK_BACKGROUND + alpha
    hue, lightness, saturation = colorsys.rgb_to_hls(*rgb)
    dull, pale = max(rgb) - min(rgb) < _VIVID, lightness > _PALE
    if dull or pale:
        lightness = _BACKGROUND_LIGHTNESS + (1 - lightness) * (1 - _BACKGROUND_LIGHTNESS)
        rgb = colorsys.hls_to_rgb(hue, lightness, min(saturation, _DARK_TINT))
    if not pale:  # a line or text: mixed with white in hundredths until legible
        mixed = (rgb, *(_whiter(rgb, step / 100) for step in range(1, 101)))
        rgb = next(c for c in mixed if contrast(c, _BACKGROUND_RGB) >= LEGIBLE_CONTRAST)
    return "#" + "".join(f"{round(channel * 255):02X}" for channel in rgb) + alpha


RGB = tuple[float, ...]  # red, green and blue, 0 to 1


def rgb_of(value: str) -> RGB:
    code = to_hex(value).lstrip("#")
    return tuple(int(code[index : index + 2], 16) / 255 for index in (0, 2, 4))


def contrast(first: RGB, second: RGB) -> float:
    """WCAG's contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(rgb: RGB) -> float:
    """WCAG's relative luminance."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _whiter(rgb: RGB, share: float) -> RGB:
    return tuple(channel + (1 - channel) * share for channel in rgb)


_BACKGROUND_RGB = rgb_of(DARK_BACKGROUND)
_BACKGROUND_LIGHTNESS = (max(_BACKGROUND_RGB) + min(_BACKGROUND_RGB)) / 2
