from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.errors import BlueprintError
from arch_draw.model import with_changes
from arch_draw.pipeline import blueprint_in, check_blueprint, draw, load_blueprint, output_paths
from arch_draw.validate import languages_of

from .conftest import (
    ALL_BLUEPRINTS,
    BLUEPRINTS,
    EXAMPLES,
    FIXTURES,
    ROOT,
    SNAPSHOTS,
    assert_snapshot,
    orange_pixels,
    require_cjk_font,
    require_program,
    run_cli,
)
from .render.test_dot import HOSTILE, hostile_blueprint

SVG_NS = {"svg": "http://www.w3.org/2000/svg"}
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
DATA_URI = re.compile(rb"data:image/png;base64,([A-Za-z0-9+/=]+)")


def without_icon_data(svg: bytes) -> str:
    """The SVG with each embedded PNG replaced by its hash: small snapshots, same strictness."""

    def digest(match: re.Match[bytes]) -> bytes:
        return (
            b"data:image/png;sha256,"
            + hashlib.sha256(base64.b64decode(match.group(1))).hexdigest().encode()
        )

    return DATA_URI.sub(digest, svg).decode("utf-8")


@pytest.mark.parametrize("path", ALL_BLUEPRINTS, ids=lambda p: p.stem)
def test_svg_matches_its_snapshot(path: Path) -> None:
    require_cjk_font()  # the layout depends on the font's measurements
    svg = draw(load_blueprint(path, path.name), ("svg",)).outputs["svg"]
    assert_snapshot(f"{path.stem}.svg", without_icon_data(svg))


def test_same_blueprint_same_bytes_in_separate_processes(tmp_path: Path) -> None:
    outputs = []
    for run in ("first", "second"):
        result = run_cli(
            "render",
            BLUEPRINTS / "users-under-1k.yaml",
            "-o",
            tmp_path / run,
            "-f",
            "svg",
            "-f",
            "dot",
            "-f",
            "png",
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted((tmp_path / run).iterdir())})
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == ["users-under-1k.dot", "users-under-1k.png", "users-under-1k.svg"]


@pytest.mark.parametrize("path", sorted(BLUEPRINTS.glob("*.yaml")), ids=lambda p: p.stem)
def test_the_svg_is_the_same_whatever_else_is_drawn(path: Path) -> None:
    # Drawn beside a PNG, a group's corner icon came out a fraction of a point smaller
    # (the PNG's prepared copy of it had other proportions): render -f svg, render -f svg
    # -f png, watch, the Markdown extension and build disagreed.
    blueprint = load_blueprint(path)
    alone = draw(blueprint, ("svg",)).outputs["svg"]
    assert draw(blueprint, ("png", "svg")).outputs["svg"] == alone
    assert draw(blueprint, ("svg", "dot", "pdf")).outputs["svg"] == alone


def test_svg_is_self_contained(tmp_path: Path) -> None:
    svg = draw(load_blueprint(FIXTURES / "all-kinds.yaml"), ("svg",)).outputs["svg"]
    root = ET.fromstring(svg)
    symbols = {symbol.get("id") for symbol in root.iterfind(".//svg:symbol", SVG_NS)}
    uses = [use.get(XLINK_HREF) or "" for use in root.iterfind(".//svg:use", SVG_NS)]
    images = [image.get(XLINK_HREF) or "" for image in root.iterfind(".//svg:image", SVG_NS)]
    assert len(uses) == 4 + 6  # four node icons, six group corner icons
    assert {href.removeprefix("#") for href in uses} == symbols
    assert len(images) == len(symbols) == 10  # each distinct icon stored once
    assert all(href.startswith("data:image/png;base64,") for href in images)


def test_an_icon_drawn_twice_is_stored_once() -> None:
    svg = draw(load_blueprint(FIXTURES / "same-labels.yaml"), ("svg",)).outputs["svg"]
    root = ET.fromstring(svg)
    assert [use.get(XLINK_HREF) for use in root.iterfind(".//svg:use", SVG_NS)] == [
        "#icon-aws-compute-ec2",
        "#icon-aws-compute-ec2",
    ]
    assert len(root.findall(".//svg:symbol", SVG_NS)) == 1


def test_svg_alone_in_another_directory_draws_its_icons(tmp_path: Path) -> None:
    rsvg = require_program("rsvg-convert")
    blueprint = load_blueprint(FIXTURES / "same-labels.yaml")
    alone = tmp_path / "elsewhere" / "drawing.svg"
    alone.parent.mkdir()
    alone.write_bytes(draw(blueprint, ("svg",)).outputs["svg"])
    subprocess.run([rsvg, "drawing.svg", "-o", "drawing.png"], cwd=alone.parent, check=True)
    assert orange_pixels(alone.parent / "drawing.png") > 1000


def test_no_output_holds_a_path_of_this_machine(tmp_path: Path) -> None:
    copy = tmp_path / "users-under-1k.yaml"
    shutil.copy(BLUEPRINTS / "users-under-1k.yaml", copy)
    drawn = draw(load_blueprint(copy), ("png", "svg", "pdf", "dot"))
    places = [
        str(tmp_path),
        str(Path.home()),
        str(load_catalog().icon_root),
        sys.prefix,
        str(Path.cwd()),
    ]
    for fmt, data in drawn.outputs.items():
        for place in places:
            assert place.encode() not in data, f"{fmt} holds {place}"


def test_korean_labels_are_drawn_as_text_and_glyphs() -> None:
    require_cjk_font()
    drawn = draw(load_blueprint(FIXTURES / "korean.yaml"), ("png", "svg"))
    svg = drawn.outputs["svg"].decode("utf-8")
    for text in ("사용자 1,000명 미만", "웹 서버", "요청", "가용 영역 A", "서비스 규모에 따라"):
        assert text in svg
    assert drawn.outputs["png"].startswith(b"\x89PNG")


def test_outputs_are_named_after_the_blueprint(tmp_path: Path) -> None:
    blueprint = load_blueprint(BLUEPRINTS / "users-under-1k.yaml")
    assert output_paths(blueprint, tmp_path, ("png", "svg")) == {
        "png": tmp_path / "users-under-1k.png",
        "svg": tmp_path / "users-under-1k.svg",
    }


# The shipped blueprints are drawn into output/, the README's examples into
# output/examples/ (the README's first command draws both).
OUTPUT = ROOT / "output"
DRAWN = [
    *((path, OUTPUT) for path in sorted(BLUEPRINTS.glob("*.yaml"))),
    *((path, ROOT / "output" / "examples") for path in sorted(EXAMPLES.glob("*.yaml"))),
]


@pytest.mark.parametrize(("path", "folder"), DRAWN, ids=lambda item: getattr(item, "stem", ""))
def test_the_drawings_in_output_are_current(path: Path, folder: Path) -> None:
    """What is committed in output/ is what this code draws, in every language."""
    require_cjk_font()
    document = check_blueprint(path, str(path.relative_to(ROOT)))
    for language in languages_of(document.data):
        plain = blueprint_in(document, language)
        # The shipped tiers are drawn as changes too (the README's `build --changes`).
        changes = [with_changes(document, plain)] if document.base and folder == OUTPUT else []
        for blueprint in [plain, *changes]:
            drawn = draw(blueprint, ("png", "svg"))
            for fmt, committed in output_paths(blueprint, folder, ("png", "svg")).items():
                assert committed.is_file(), f"{committed.name} is missing: run arch-draw build"
                assert committed.read_bytes() == drawn.outputs[fmt], (
                    f"{committed.name} is stale: run arch-draw build --changes --force"
                )


@pytest.mark.parametrize("path", ALL_BLUEPRINTS, ids=lambda p: p.stem)
def test_examples_draw_without_graphviz_warnings(path: Path) -> None:
    assert draw(load_blueprint(path), ("png", "svg")).warnings == ()


def svg_shape(svg: bytes) -> tuple[object, ...]:
    """What an SVG draws, without its text: element kinds and Graphviz's classes."""
    root = ET.fromstring(svg)  # hostile text must still leave well-formed XML
    classes = sorted(
        group.get("class") or "" for group in root.iter("{http://www.w3.org/2000/svg}g")
    )
    tags = sorted({element.tag for element in root.iter()})
    handlers = [name for element in root.iter() for name in element.attrib if name.startswith("on")]
    return tuple(classes), tuple(tags), tuple(handlers)


def test_hostile_text_cannot_add_svg_elements_or_scripts(tmp_path: Path) -> None:
    plain = hostile_blueprint(tmp_path, ["x"] * len(HOSTILE))
    hostile = hostile_blueprint(tmp_path, HOSTILE)
    hostile_svg = draw(load_blueprint(hostile), ("svg",)).outputs["svg"]
    assert svg_shape(hostile_svg) == svg_shape(draw(load_blueprint(plain), ("svg",)).outputs["svg"])
    assert b"<script" not in hostile_svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_svg.decode("utf-8")


def test_a_blueprint_is_drawn_in_each_of_its_languages(tmp_path: Path) -> None:
    english = load_blueprint(FIXTURES / "bilingual.yaml")
    korean = load_blueprint(FIXTURES / "bilingual.yaml", language="ko")
    assert (english.language, english.languages) == ("en", ("en", "ko"))
    assert [n.label for n in english.nodes] == ["Users", "Web server"]
    assert [n.label for n in korean.nodes] == ["사용자", "웹 서버"]
    assert korean.title == "사용자 1,000명 미만"
    assert korean.edges[0].label == "HTTPS"  # plain text serves every language
    assert output_paths(english, tmp_path, ("png",)) == {"png": tmp_path / "bilingual.png"}
    assert output_paths(korean, tmp_path, ("png",)) == {"png": tmp_path / "bilingual.ko.png"}


def test_a_language_the_blueprint_lacks_is_an_error() -> None:
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(FIXTURES / "bilingual.yaml", "bilingual.yaml", language="ja")
    assert caught.value.lines() == [
        "bilingual.yaml:1:12: no 'ja' text: the blueprint's languages are en, ko"
    ]


def test_the_public_api_is_small_deliberate_and_quick_to_import() -> None:
    import arch_draw

    assert sorted(arch_draw.__all__) == sorted(["__version__", "tool_versions", *arch_draw._PUBLIC])
    for name in arch_draw.__all__:
        assert getattr(arch_draw, name) is not None
    assert arch_draw.draw is draw
    assert arch_draw.load_blueprint is load_blueprint
    # Importing the package imports no stage: every command's start-up stays quick.
    started = subprocess.run(
        [sys.executable, "-c", "import arch_draw, sys; print('arch_draw.pipeline' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert started.stdout == "False\n"


def test_every_snapshot_is_of_a_blueprint_still_tested() -> None:
    # Snapshots of blueprints since renamed or removed stayed, and were never compared.
    expected = {f"{path.stem}.{suffix}" for path in ALL_BLUEPRINTS for suffix in ("dot", "svg")}
    kept = {path.name for path in SNAPSHOTS.iterdir() if path.suffix != ".got"}
    assert sorted(kept - expected) == []


def test_a_changed_snapshot_leaves_what_was_made_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from . import conftest

    monkeypatch.setattr(conftest, "SNAPSHOTS", tmp_path)
    monkeypatch.setattr(conftest, "ROOT", tmp_path)
    monkeypatch.setattr(conftest, "UPDATE_SNAPSHOTS", False)
    (tmp_path / "x.dot").write_text("old")
    with pytest.raises(pytest.fail.Exception, match=r"x\.dot changed; made x\.dot\.got"):
        conftest.assert_snapshot("x.dot", "new")
    assert (tmp_path / "x.dot.got").read_text() == "new"
    conftest.assert_snapshot("x.dot", "old")  # matches again: the leftover goes
    assert not (tmp_path / "x.dot.got").exists()


def test_every_shipped_png_is_opaque() -> None:
    # Each was RGBA only because Graphviz left its last row or column of pixels partly
    # uncovered; an opaque PNG is RGB (colour type 2), smaller and quicker to write.
    pngs = sorted((ROOT / "output").rglob("*.png"))
    assert len(pngs) >= 24  # 7 blueprints in 2 languages, 3 tiers' changes in 2, 4 examples
    colour_types = {path.name: path.read_bytes()[25] for path in pngs}
    assert {name: kind for name, kind in colour_types.items() if kind != 2} == {}
