"""Themes: a dark drawing, and the SVG of theme `auto` that follows its reader's setting
(arch_draw.themes), looked at as browsers and the PNG show them: every label's contrast
with what is behind it is measured in the picture."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image

from arch_draw.catalog import load_catalog
from arch_draw.colors import DARK_BACKGROUND, LEGIBLE_CONTRAST, RGB, contrast, on_dark, rgb_of
from arch_draw.model import Blueprint, ThemeName, with_theme
from arch_draw.pipeline import draw, load_blueprint
from arch_draw.render import lay_out
from arch_draw.render.dot import to_dot
from arch_draw.render.icons import DARK, icons_of, with_dark_ink
from arch_draw.render.scene import Box, Scene, Text

from ..conftest import BLUEPRINTS, screenshot

TIER = BLUEPRINTS / "users-over-1k.yaml"  # every kind of text, ink icons and filled groups
_COLOR = re.compile(r'\b([a-z]*color|COLOR|BGCOLOR)="([^"]*)"')
_TRANSLATE = re.compile(
    rb'<g id="graph0" class="graph" transform="[^"]*translate\(([-\d.]+) ([-\d.]+)\)'
)
PIXELS_PER_POINT = 96 / 72  # PNG, and SVG in a browser at its own size


def themed(theme: ThemeName) -> Blueprint:
    return with_theme(load_blueprint(TIER), theme)


def test_a_dark_dot_is_the_light_one_with_every_colour_turned_and_a_dark_page() -> None:
    light, dark = themed("light"), themed("dark")
    icons = icons_of(light, load_catalog())
    ink = with_dark_ink(icons, dark).dark
    assert ink == {"aws/aws.png", "aws/general/users.png", "aws/general/toolkit.png"}
    light_dot, dark_dot = to_dot(light, icons.by_node), to_dot(dark, icons.by_node, dark_icons=ink)
    turned = [(key, on_dark(value)) for key, value in _COLOR.findall(light_dot)]
    *painted, page = _COLOR.findall(dark_dot)
    assert painted == turned
    # The page's colour comes last, on the graph alone (see render.dot._painted_dark).
    assert page == ("bgcolor", DARK_BACKGROUND)
    assert dark_dot.endswith(f'  bgcolor="{DARK_BACKGROUND}";\n}}\n')
    assert sorted(set(re.findall(r'<IMG SRC="(dark[^"]*)"', dark_dot))) == sorted(
        DARK + name for name in ink
    )


def test_a_dark_drawing_fills_no_group_with_the_page() -> None:
    # Set before the groups, or given back by the positioned graph, the page's colour
    # becomes every group's fill: the same colour, for a quarter of the PNG's time.
    svg = draw(themed("dark"), ("svg",)).outputs["svg"].decode()
    filled = re.findall(rf'<polygon fill="{DARK_BACKGROUND.lower()}"', svg.lower())
    assert len(filled) == 2  # the page, and the graph on it (Graphviz fills both)
    assert svg.count('<g id="clust') > 10  # groups, each drawn without the page's fill


def test_a_group_that_spans_is_painted_dark_too(tmp_path: Path) -> None:
    # Added after layout, it is not in the DOT the theme paints: its callout's marker
    # was drawn in dark ink on the dark page.
    path = tmp_path / "span.yaml"
    path.write_text(
        "title: T\ntheme: dark\ncallouts: true\ngroups:\n  vpc: {kind: vpc}\n"
        "  az_a: {kind: availability-zone, in: vpc}\n  az_b: {kind: availability-zone, in: vpc}\n"
        "  asg: {kind: auto-scaling-group, spans: [web_a, web_b], note: Scales out.}\n"
        "nodes:\n  web_a: {type: ec2, in: az_a}\n  web_b: {type: ec2, in: az_b}\n",
        encoding="utf-8",
    )
    svg = draw(load_blueprint(path), ("svg",)).outputs["svg"].decode().lower()
    ink = "#232f3e"  # the markers' light colour, which the dark theme turns
    assert svg.count(f'fill="{on_dark(ink).lower()}"') >= 2  # the list's and the group's
    assert ink not in svg


def test_the_dark_png_is_dark_and_every_label_in_it_reads() -> None:
    blueprint = themed("dark")
    drawn = draw(blueprint, ("png", "svg"))
    picture = Image.open(io.BytesIO(drawn.outputs["png"])).convert("RGB")
    assert picture.getpixel((0, 0)) == _rgb255(DARK_BACKGROUND)
    contrasts = label_contrasts(picture, lay_out(blueprint, load_catalog()), drawn.outputs["svg"])
    assert min(contrasts.values()) >= LEGIBLE_CONTRAST, _least(contrasts)


def test_the_auto_svg_follows_the_readers_setting_in_a_browser(tmp_path: Path) -> None:
    light, auto = draw(themed("light"), ("svg",)), draw(themed("auto"), ("svg",))
    (tmp_path / "light.svg").write_bytes(light.outputs["svg"])
    (tmp_path / "auto.svg").write_bytes(auto.outputs["svg"])
    pictures = {
        (name, scheme): shown(tmp_path, name, scheme)
        for name in ("light", "auto")
        for scheme in ("light", "dark")
    }
    # Light: exactly the light drawing; the light drawing stays light whatever the setting.
    assert pictures["auto", "light"].tobytes() == pictures["light", "light"].tobytes()
    assert pictures["light", "dark"].tobytes() == pictures["light", "light"].tobytes()
    # Dark: a dark page, and every label legible on what is behind it.
    dark = pictures["auto", "dark"]
    assert dark.getpixel((2, 2)) == _rgb255(DARK_BACKGROUND)
    scene = lay_out(themed("auto"), load_catalog())
    for scheme in ("light", "dark"):  # (measured: at least 6.9 to 1, and 7.7)
        contrasts = label_contrasts(pictures["auto", scheme], scene, auto.outputs["svg"])
        assert len(contrasts) == 75
        assert min(contrasts.values()) >= LEGIBLE_CONTRAST, (scheme, _least(contrasts))
    # The icons drawn in ink are drawn light: the users' is no longer dark on dark.
    users = next(shape for shape in scene.shapes if shape.id == "users")
    assert users.icon is not None
    assert _lightest(dark, users.icon, auto.outputs["svg"]) > 0.6


def shown(folder: Path, name: str, scheme: str) -> Image.Image:
    """The SVG as headless Chromium shows it at its own size in an `<img>` (as a README
    or a wiki shows it), the reader's setting forced `scheme`."""
    page = folder / f"{name}-{scheme}.html"
    page.write_text(
        f'<html><body style="margin:0"><img src="{name}.svg"></body></html>', encoding="utf-8"
    )
    preferred = {"dark": 0, "light": 1}[scheme]  # Blink's order
    picture = folder / f"{name}-{scheme}.png"
    screenshot(page, picture, "1600,2400", f"--blink-settings=preferredColorScheme={preferred}")
    return Image.open(picture).convert("RGB")


def label_contrasts(picture: Image.Image, scene: Scene, svg: bytes) -> dict[str, float]:
    """Each label's contrast in the picture: its darkest or lightest pixel against the
    colour most of its box shows (what is behind it), by WCAG's ratio."""
    found = _TRANSLATE.search(svg)
    assert found is not None
    shift = (float(found.group(1)), float(found.group(2)))
    texts = [
        *scene.texts,
        *(text for shape in scene.shapes for text in shape.texts),
        *(text for frame in scene.frames for text in frame.texts),
        *(text for line in scene.lines for text in line.texts),
    ]
    return {f"{text.content} @ {text.box}": _contrast(picture, text, shift) for text in texts}


def _contrast(picture: Image.Image, text: Text, shift: tuple[float, float]) -> float:
    region = picture.crop(_pixels(text.box, shift))
    colors = region.getcolors(region.width * region.height) or []
    behind = _rgb01(max(colors)[1])
    return max(contrast(_rgb01(color), behind) for _count, color in colors)


def _lightest(picture: Image.Image, box: Box, svg: bytes) -> float:
    found = _TRANSLATE.search(svg)
    assert found is not None
    region = picture.crop(_pixels(box, (float(found.group(1)), float(found.group(2)))))
    return max(max(_rgb01(color)) for _count, color in region.getcolors(1 << 20) or [])


def _pixels(box: Box, shift: tuple[float, float]) -> tuple[int, int, int, int]:
    """A box of the scene (points, y up) in the picture (pixels, y down), as Graphviz's
    SVG places it (its `translate`), within its outline by a pixel."""
    left, bottom, right, top = box.left, box.bottom, box.right, box.top
    dx, dy = shift
    return (
        round((left + dx) * PIXELS_PER_POINT) + 1,
        round((dy - top) * PIXELS_PER_POINT) + 1,
        round((right + dx) * PIXELS_PER_POINT) - 1,
        round((dy - bottom) * PIXELS_PER_POINT) - 1,
    )


def _rgb01(color: object) -> RGB:
    assert isinstance(color, tuple)
    return tuple(channel / 255 for channel in color[:3])


def _rgb255(value: str) -> tuple[int, ...]:
    return tuple(round(channel * 255) for channel in rgb_of(value))


def _least(contrasts: dict[str, float]) -> list[tuple[float, str]]:
    return sorted((round(value, 2), name) for name, value in contrasts.items())[:5]


@pytest.mark.parametrize("theme", ["dark", "auto"])
def test_a_themed_svg_has_the_same_bytes_every_time(theme: ThemeName) -> None:
    first = draw(themed(theme), ("svg", "dot")).outputs
    assert draw(themed(theme), ("svg", "dot")).outputs == first
