"""Nodes with icons of their own: PNG or SVG files beside the blueprint."""

from __future__ import annotations

import base64
import hashlib
import io
import math
import os
import textwrap
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from arch_draw import images
from arch_draw.catalog import load_catalog
from arch_draw.errors import BlueprintError
from arch_draw.images import icon_png, png_size
from arch_draw.pipeline import draw, load_blueprint
from arch_draw.render.icons import DRAWN_PIXELS, icons_of

from ..conftest import BLUEPRINTS, FIXTURES
from ..test_images import ENDLESS_FILTER, SQUARE
from ..test_write import ICON


def project(tmp_path: Path, nodes: str) -> Path:
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "team.png").write_bytes(ICON)
    (tmp_path / "icons" / "square.svg").write_bytes(SQUARE)
    (tmp_path / "icons" / "notes.txt").write_text("not an image")
    path = tmp_path / "bp.yaml"
    path.write_text(
        "title: T\nnodes:\n" + textwrap.indent(textwrap.dedent(nodes), "  "), encoding="utf-8"
    )
    return path


def test_png_and_svg_icons_are_drawn_and_embedded(tmp_path: Path) -> None:
    path = project(
        tmp_path,
        """\
        team: {icon: icons/team.png}
        svc: {type: ec2, icon: icons/square.svg, label: Our service}
        """,
    )
    blueprint = load_blueprint(path)
    assert [(n.type, n.label) for n in blueprint.nodes] == [
        (None, "team"),
        ("aws.compute.EC2", "Our service"),
    ]
    drawn = draw(blueprint, ("svg", "png", "dot"))
    prepared = [icon_png(ICON), icon_png(SQUARE)]  # what a drawing shows of each
    names = [f"custom/{hashlib.sha256(data).hexdigest()[:16]}.png" for data in prepared]
    dot = drawn.outputs["dot"].decode()
    assert all(f'IMG SRC="{name}"' in dot for name in names)
    svg = drawn.outputs["svg"].decode()
    for data in prepared:
        assert base64.b64encode(data).decode() in svg
    square = prepared[1]
    assert str(tmp_path) not in svg + dot
    assert png_size(square) == (128, 256)


def test_icons_in_a_base_are_found_beside_the_base(tmp_path: Path) -> None:
    base = project(tmp_path, "team: {icon: icons/team.png}\n")
    (tmp_path / "tiers").mkdir()
    (tmp_path / "tiers" / "child.yaml").write_text("extends: ../bp.yaml\n")
    child = tmp_path / "tiers" / "child.yaml"
    with pytest.raises(BlueprintError):  # ../ leaves the child's directory
        load_blueprint(child)
    (tmp_path / "child.yaml").write_text("extends: bp\ntitle: Child\n")
    assert (
        load_blueprint(tmp_path / "child.yaml").node("team").icon
        == (tmp_path / "icons/team.png").resolve()
    )
    assert base.exists()


def test_bad_icons_are_reported_with_positions(tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(ICON)
    path = project(
        tmp_path,
        f"""\
        a: {{icon: icons/missing.png}}
        b: {{icon: icons/notes.txt}}
        c: {{icon: ../{outside.name}}}
        d: {{icon: {outside}}}
        e: {{icon: icons/tema.png}}
        f: {{label: nothing to draw}}
        """,
    )
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path, "bp.yaml")
    assert caught.value.lines() == [
        "bp.yaml:3:13: no icon file 'icons/missing.png'",
        "bp.yaml:4:13: icon 'icons/notes.txt' cannot be drawn: it is not a PNG or SVG image",
        f"bp.yaml:5:13: icon '../{outside.name}' is outside {tmp_path.name}/, the blueprint's directory",
        f"bp.yaml:6:13: icon '{outside}' must be a path relative to the blueprint",
        "bp.yaml:7:13: no icon file 'icons/tema.png' (did you mean 'team.png'?)",
        "bp.yaml:8:6: nodes.f needs 'type' or 'icon'",
    ]


def test_a_symlink_cannot_lead_an_icon_outside(tmp_path: Path) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-secret.png"
    outside.write_bytes(ICON)
    path = project(tmp_path, "a: {icon: icons/link.png}\n")
    (tmp_path / "icons" / "link.png").symlink_to(outside)
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path, "bp.yaml")
    assert caught.value.lines() == [
        f"bp.yaml:3:13: icon 'icons/link.png' is outside {tmp_path.name}/, the blueprint's directory"
    ]


def test_an_icon_name_too_long_for_the_system_is_reported(tmp_path: Path) -> None:
    name = "b" * 280 + ".png"
    path = project(tmp_path, f"a: {{icon: {name}}}\n")
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path, "bp.yaml")
    assert caught.value.lines() == [
        f"bp.yaml:3:13: icon '{name}' cannot be read: File name too long"
    ]


def test_icons_that_are_pipes_or_control_characters_are_refused(tmp_path: Path) -> None:
    # A named pipe blocked validation forever; NUL raised ValueError (an internal error).
    path = project(tmp_path, 'a: {icon: icons/pipe.png}\nb: {icon: "icons/\\0.png"}\n')
    os.mkfifo(tmp_path / "icons" / "pipe.png")
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path, "bp.yaml")
    assert caught.value.lines() == [
        "bp.yaml:3:13: icon 'icons/pipe.png' is a named pipe, not an image file",
        "bp.yaml:4:13: icon 'icons/\\x00.png' cannot be a file name: it holds control characters",
    ]


def test_svg_icons_that_reach_outside_are_refused(tmp_path: Path) -> None:
    path = project(tmp_path, "a: {icon: icons/leak.svg}\nb: {icon: icons/broken.svg}\n")
    (tmp_path / "icons" / "leak.svg").write_bytes(b'<svg><image href="/etc/hostname"/></svg>')
    (tmp_path / "icons" / "broken.svg").write_bytes(b"<svg><g></svg>")
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path, "bp.yaml")
    assert caught.value.lines()[0] == (
        "bp.yaml:3:13: icon 'icons/leak.svg' cannot be drawn: it refers to other files or a DTD;"
        " an SVG icon must stand alone"
    )
    assert caught.value.lines()[1].startswith(
        "bp.yaml:4:13: icon 'icons/broken.svg' cannot be drawn: "
    )


def test_an_svg_icon_cannot_reach_a_file_through_a_malformed_data_uri(tmp_path: Path) -> None:
    # resvg took `data:/../x.png` (no comma) for a path: with a folder named `data:` in
    # the project, an icon embedded any image the user could read.
    (tmp_path.parent / f"{tmp_path.name}-secret.png").write_bytes(ICON)
    path = project(tmp_path, "a: {icon: icons/evil.svg}\n")
    (tmp_path / "data:").mkdir()
    secret = f"data:/../../{tmp_path.name}-secret.png"
    (tmp_path / "icons" / "evil.svg").write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image width="9"'
        f' height="9" href="{secret}"/></svg>'
    )
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path, "bp.yaml")
    assert caught.value.lines() == [
        "bp.yaml:3:13: icon 'icons/evil.svg' cannot be drawn: it refers to other files or a"
        " DTD; an SVG icon must stand alone"
    ]


def test_all_the_icons_of_a_blueprint_share_one_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each icon had 10 s of its own: six slow ones took a minute to check.
    monkeypatch.setattr(images, "ICONS_SECONDS", 2.0)
    path = project(tmp_path, "".join(f"s{n}: {{icon: icons/slow{n}.svg}}\n" for n in range(3)))
    for number in range(3):  # three different files: none is taken from another's outcome
        slow = ENDLESS_FILTER.replace(b"0.05", f"0.0{number + 5}".encode())
        (tmp_path / "icons" / f"slow{number}.svg").write_bytes(slow)
    started = time.monotonic()
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path, "bp.yaml")
    assert time.monotonic() - started < 10
    assert caught.value.lines() == [
        "bp.yaml:3:14: icon 'icons/slow0.svg' cannot be drawn: drawing it took longer than 2 s",
        "bp.yaml:4:14: icon 'icons/slow1.svg' was not prepared: the blueprint's icons took"
        " longer than 2 s in all",
        "bp.yaml:5:14: icon 'icons/slow2.svg' was not prepared: the blueprint's icons took"
        " longer than 2 s in all",
    ]


def test_png_icons_are_prepared_once_at_the_size_they_are_drawn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    blueprint = load_blueprint(FIXTURES / "all-kinds.yaml")
    draw(blueprint, ("png",))
    prepared = sorted((tmp_path / "cache").rglob("*.png"))
    assert len(prepared) == 10
    icons = icons_of(blueprint, load_catalog())
    folder = next((tmp_path / "cache").iterdir()) / icons.icon_set
    for path in prepared:
        width, height = png_size(path.read_bytes())
        original = png_size(icons.image(path.relative_to(folder).as_posix()))
        # no larger than the original, as large as drawn, and exactly its shape
        assert DRAWN_PIXELS <= max(width, height) <= max(original), path
        assert width * original[1] == height * original[0], path
    made = {path: path.stat().st_mtime_ns for path in prepared}
    draw(blueprint, ("png", "svg"))
    assert {path: path.stat().st_mtime_ns for path in prepared} == made  # kept between runs


def test_prepared_icons_look_the_same_in_the_png(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    blueprint = load_blueprint(BLUEPRINTS / "users-under-1k.yaml")
    from_originals = draw(blueprint, ("png", "pdf")).outputs["png"]  # PDF keeps the originals
    from_prepared = draw(blueprint, ("png",)).outputs["png"]
    first, second = (
        Image.open(io.BytesIO(png)).convert("RGB") for png in (from_originals, from_prepared)
    )
    assert first.size == second.size
    rms = ImageStat.Stat(ImageChops.difference(first, second)).rms
    psnr = 10 * math.log10(255**2 / (sum(value * value for value in rms) / 3))
    assert psnr > 40  # the same picture to the eye; only resampling noise differs


def test_no_writable_cache_still_draws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(blocked / "cache"))
    assert (
        draw(load_blueprint(FIXTURES / "same-labels.yaml"), ("png",))
        .outputs["png"]
        .startswith(b"\x89PNG")
    )
