"""`-f drawio`: draw.io's own file, in the layout of every other format, with draw.io's
AWS shapes; opened in draw.io's own viewer in headless Chromium."""

from __future__ import annotations

import base64
import colorsys
import html
import io
import json
import math
import os
import re
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from arch_draw.catalog import load_catalog
from arch_draw.colors import rgb_of
from arch_draw.kinds import GROUP_KINDS
from arch_draw.model import Blueprint
from arch_draw.pipeline import draw, load_blueprint
from arch_draw.render import lay_out
from arch_draw.render.drawio import AWS4_SHAPES_FILE, aws4_shapes
from arch_draw.render.icons import icons_of

from ..conftest import BLUEPRINTS, FIXTURES, ROOT, dump_dom, require, screenshot

TIER = BLUEPRINTS / "users-over-10k.yaml"  # spanning groups, callouts, every tier's kind


def drawio_of(blueprint: Blueprint) -> bytes:
    return draw(blueprint, ("drawio",)).outputs["drawio"]


def cells_of(document: bytes) -> dict[str, ElementTree.Element]:
    return {cell.get("id", ""): cell for cell in ElementTree.fromstring(document).iter("mxCell")}


def test_the_file_is_what_draw_io_reads() -> None:
    root = ElementTree.fromstring(drawio_of(load_blueprint(TIER)))
    assert root.tag == "mxfile"
    (diagram,) = root
    assert (diagram.tag, diagram.get("name")) == ("diagram", "More than 10,000 users")
    (model,) = diagram  # uncompressed: the model itself, not a deflated text
    assert model.tag == "mxGraphModel"
    (cells,) = model
    assert cells.tag == "root"
    assert {cell.tag for cell in cells} == {"mxCell"}
    assert [(cell.get("id"), cell.get("parent")) for cell in cells][:2] == [("0", None), ("1", "0")]


def test_every_element_is_a_cell_in_its_group() -> None:
    blueprint = load_blueprint(TIER)
    cells = cells_of(drawio_of(blueprint))
    for node in blueprint.nodes:
        assert cells[node.id].get("parent") == (node.parent or "1"), node.id
        assert cells[node.id].get("vertex") == "1"
    for group in blueprint.groups:
        cell = cells[group.id]
        if group.spans:  # a box over what it spans, in their nearest common group
            assert (cell.get("parent"), "container=0;" in cell.get("style", "")) == ("vpc", True)
        else:
            assert cell.get("parent") == (group.parent or "1"), group.id
            assert "container=1;" in cell.get("style", "")
    drawn = [edge for edge in blueprint.edges if edge.style != "invisible"]
    pairs = {
        (cell.get("source"), cell.get("target")) for cell in cells.values() if cell.get("edge")
    }
    wanted = {(a, b) for edge in drawn for a in edge.sources for b in edge.targets}
    assert pairs == wanted
    # The callouts: a marker on each element, and the list in the title's text.
    numbers = blueprint.callout_numbers()
    assert {cells[f"{element}.callout"].get("value") for element in numbers} == {
        str(number) for number in numbers.values()
    }
    title = cells["arch-draw.title"].get("value", "")
    number = '<td valign="top"><b>4</b></td>'
    text = '<td valign="top" style="white-space:nowrap"><span style="font-size:11px">'
    assert f"{number}{text}CloudWatch: collects each" in title
    # ...in as many columns as the other formats' list (two, for this drawing's width).
    first_row = title.split("<table>")[-1].split("<tr>")[1]
    assert first_row.count("<b>") == 2, first_row


def test_the_notes_about_the_drawing_are_in_a_box_as_in_the_png() -> None:
    blueprint = load_blueprint(BLUEPRINTS / "users-under-1k.yaml")
    drawn = draw(blueprint, ("drawio", "dot")).outputs
    title = cells_of(drawn["drawio"])["arch-draw.title"].get("value", "")
    # Side by side as the PNG sets tier 1's two notes, each cell its share of the box.
    share = re.search(
        r'VALIGN="TOP" WIDTH="(\d+)"><FONT POINT-SIZE="11">EC2', drawn["dot"].decode()
    )
    assert share
    cell = f'<td valign="top" style="white-space:nowrap" width="{share.group(1)}">'
    box = (
        '<table cellpadding="4" cellspacing="0" style="border:1px solid #C8B568;'
        f'background-color:#FFF7D6"><tr>{cell}<span style="font-size:11px">EC2: choose storage'
    )
    assert box in title
    assert title.split(box)[1].split("</tr>")[0].count(cell) == 1  # the second note's


def test_text_in_the_title_is_shown_as_written(tmp_path: Path) -> None:
    # The title's text shape is HTML: a note's "<b>" must read as those characters.
    path = tmp_path / "marks.yaml"
    path.write_text(
        "title: 'Tags <b>&amp; quotes \"'\nnotes:\n  a: 'Say <i>x</i> & \"y\"'\n"
        "nodes:\n  web: {type: ec2}\n",
        encoding="utf-8",
    )
    title = cells_of(drawio_of(load_blueprint(path)))["arch-draw.title"].get("value", "")
    assert '<b>Tags &lt;b&gt;&amp;amp; quotes "</b>' in title
    assert 'Say &lt;i&gt;x&lt;/i&gt; &amp; "y"</span>' in title


def test_the_coordinates_are_the_layouts() -> None:
    blueprint = load_blueprint(TIER)
    cells = cells_of(drawio_of(blueprint))
    scene = lay_out(blueprint, load_catalog())
    top, left = scene.box.top, scene.box.left
    for shape in scene.shapes:
        assert shape.icon is not None
        assert _absolute(cells, shape.id) == pytest.approx(
            (shape.icon.left - left, top - shape.icon.top, shape.icon.width, shape.icon.height),
            abs=0.01,
        ), shape.id
    for frame in scene.frames:
        box = frame.box
        assert _absolute(cells, frame.id) == pytest.approx(
            (box.left - left, top - box.top, box.width, box.height), abs=0.01
        ), frame.id


def _absolute(cells: dict[str, ElementTree.Element], cell_id: str) -> tuple[float, ...]:
    """A cell's x, y, width and height on the page (draw.io's are its parent's)."""
    geometry = cells[cell_id].find("mxGeometry")
    assert geometry is not None
    x, y = float(geometry.get("x", 0)), float(geometry.get("y", 0))
    parent = cells[cell_id].get("parent", "1")
    if parent not in ("0", "1"):
        px, py, _w, _h = _absolute(cells, parent)
        x, y = x + px, y + py
    return x, y, float(geometry.get("width", 0)), float(geometry.get("height", 0))


def test_nodes_are_draw_ios_aws_shapes_or_their_own_icons() -> None:
    blueprint = load_blueprint(TIER)
    cells = cells_of(drawio_of(blueprint))
    styles = {cell_id: dict(_style(cell.get("style", ""))) for cell_id, cell in cells.items()}
    # A service icon: draw.io's tile in the category's colour, the service drawn on it.
    assert styles["web_a"]["shape"] == "mxgraph.aws4.resourceIcon"
    assert styles["web_a"]["resIcon"] == "mxgraph.aws4.ec2"
    assert _hue(styles["web_a"]["fillColor"]) == pytest.approx(_hue("#ED7100"), abs=0.01)
    # A resource icon: the drawing alone, in its colour.
    assert styles["users"]["shape"] == "mxgraph.aws4.users"
    assert rgb_of(styles["users"]["fillColor"]) == pytest.approx(rgb_of("#232F3E"), abs=0.01)
    assert styles["alb"]["shape"] == "mxgraph.aws4.application_load_balancer"
    # An icon with no draw.io shape is embedded (draw.io writes data URIs without ";base64").
    icons = icons_of(blueprint, load_catalog())
    assert icons.by_node["tests"] not in aws4_shapes()
    assert styles["tests"]["shape"] == "image"
    embedded = styles["tests"]["image"].removeprefix("data:image/png,")
    assert base64.b64decode(embedded) == icons.image(icons.by_node["tests"])
    # Groups: draw.io's AWS group shapes, in arch-draw's colours.
    assert (styles["region"]["grIcon"], styles["region"]["dashed"]) == (
        "mxgraph.aws4.group_region",
        "1",
    )
    assert styles["public_a"]["fillColor"] == "#F2F6E8"


def _hue(value: str) -> float:
    return colorsys.rgb_to_hls(*rgb_of(value))[0]


def _style(style: str) -> list[tuple[str, str]]:
    return [tuple(item.split("=", 1)) for item in style.split(";") if "=" in item]  # type: ignore[misc]


def test_edges_keep_labels_styles_arrows_and_routes() -> None:
    blueprint = load_blueprint(FIXTURES / "all-kinds.yaml")
    cells = cells_of(drawio_of(blueprint))
    edges = {cell.get("id", "").split(".")[0]: cell for cell in cells.values() if cell.get("edge")}
    for edge in blueprint.edges:
        cell = edges[edge.id]
        style = dict(_style(cell.get("style", "")))
        assert html.unescape(cell.get("value", "")).replace("<br>", " ") == (edge.label or ""), (
            edge.id
        )
        assert (style["startArrow"] != "none", style["endArrow"] != "none") == {
            "forward": (False, True),
            "back": (True, False),
            "both": (True, True),
            "none": (False, False),
        }[edge.direction]
        assert ("dashed" in style) == (edge.style in ("dashed", "dotted")), edge.id
        geometry = cell.find("mxGeometry")
        assert geometry is not None
        assert geometry.find("Array") is not None  # Graphviz's route, as waypoints


def test_the_same_file_every_run() -> None:
    blueprint = load_blueprint(TIER)
    assert drawio_of(blueprint) == drawio_of(blueprint)


# --- in draw.io's own viewer -----------------------------------------------------------------


def viewer() -> Path:
    """draw.io's viewer, where .ci/drawio-viewer put it (or ARCH_DRAW_DRAWIO_VIEWER)."""
    folder = Path(os.environ.get("ARCH_DRAW_DRAWIO_VIEWER", ROOT / ".cache" / "drawio-viewer"))
    found = (folder / "viewer-static.min.js").is_file() and (folder / "stencils.min.js").is_file()
    require(found, "draw.io's viewer (bash .ci/drawio-viewer .cache/drawio-viewer)")
    return folder


def viewer_page(folder: Path, document: bytes, viewer_folder: Path) -> Path:
    """A page that shows the file as draw.io's viewer does, offline: its stencils (the AWS
    shapes) from their bundle rather than from draw.io's site."""
    settings = {"xml": document.decode("utf-8"), "highlight": "none", "toolbar": "", "nav": False}
    page = folder / "viewer.html"
    page.write_text(
        '<html><head><meta charset="utf-8"></head><body style="margin:0;background:white">'
        f'<div class="mxgraph" data-mxgraph="{html.escape(json.dumps(settings), quote=True)}"></div>'
        # The viewer draws on load unless told to wait: the stencils come after it.
        '<script>window.STENCIL_PATH="stencils"; window.onDrawioViewerLoad=function(){};</script>'
        f'<script src="{(viewer_folder / "viewer-static.min.js").as_uri()}"></script>'
        f'<script src="{(viewer_folder / "stencils.min.js").as_uri()}"></script>'
        "<script>GraphViewer.processElements();</script></body></html>",
        encoding="utf-8",
    )
    return page


def test_draw_io_shows_the_file_as_the_png_arranges_it(tmp_path: Path) -> None:
    folder = viewer()
    blueprint = load_blueprint(TIER)
    drawn = draw(blueprint, ("drawio", "png"))
    page = viewer_page(tmp_path, drawn.outputs["drawio"], folder)
    # Every label is drawn, by draw.io.
    dom = html.unescape(dump_dom(page, tmp_path))
    for node in blueprint.nodes:
        assert (node.label or "").split()[0] in dom, node.id
    shown = Image.open(screenshot(page, tmp_path / "drawio.png", "1400,2600")).convert("RGB")
    png = Image.open(io.BytesIO(drawn.outputs["png"])).convert("RGB")
    # The same arrangement: the drawing's extent has the PNG's proportions (at draw.io's
    # scale of a unit a pixel, the PNG's of 4/3), and EC2's orange tiles, with the
    # instances drawn on them in white, stand where the PNG has them.
    assert _proportions(shown) == pytest.approx(_proportions(png), rel=0.03)
    # (Both from the bottom left of what each draws, the AWS Cloud's corner: draw.io
    # adds a margin of its own, and sets the title's text a few pixels lower.)
    in_png, in_drawio = _orange_tiles(png, 4 / 3), _orange_tiles(shown)
    assert len(in_png) == len(in_drawio) == 2  # the two web instances
    png_origin, drawio_origin = _corner(png, 4 / 3), _corner(shown, 1.0)
    for (png_x, png_y), (x, y) in zip(in_png, in_drawio, strict=True):
        moved = (x - drawio_origin[0], y - drawio_origin[1])
        assert moved == pytest.approx((png_x - png_origin[0], png_y - png_origin[1]), abs=8)


def _corner(picture: Image.Image, scale: float) -> tuple[float, float]:
    box = Image.eval(picture, lambda value: 255 - value).getbbox()
    assert box is not None
    return box[0] / scale, box[3] / scale


def _proportions(picture: Image.Image) -> float:
    box = Image.eval(picture, lambda value: 255 - value).getbbox()
    assert box is not None
    return (box[2] - box[0]) / (box[3] - box[1])


def _orange_tiles(picture: Image.Image, scale: float = 1.0) -> list[tuple[float, float]]:
    """The middles of the EC2 tiles (AWS compute orange), left to right, in the picture's
    pixels divided by `scale`: blocks of 8-pixel cells filled with orange (a group's
    orange border fills none)."""
    width, height = picture.size
    data = picture.tobytes()
    cell = 8
    filled = set()
    for top in range(0, height - cell, cell):
        for left in range(0, width - cell, cell):
            orange = 0
            for y in range(top, top + cell, 2):
                for x in range(left, left + cell, 2):
                    red, green, blue = data[3 * (y * width + x) : 3 * (y * width + x) + 3]
                    orange += red > 190 and 80 < green < 150 and blue < 60
            if orange >= 12:  # of 16
                filled.add((left // cell, top // cell))
    blocks: list[set[tuple[int, int]]] = []
    for start in sorted(filled):
        if any(start in block for block in blocks):
            continue
        block, todo = set(), [start]
        while todo:
            here = todo.pop()
            if here in filled and here not in block:
                block.add(here)
                # (cells two apart are one tile: the white of the icon's drawing can part
                # its orange into halves, wherever the tile falls on the grid of cells)
                near = range(-2, 3)
                todo += [(here[0] + dx, here[1] + dy) for dx in near for dy in near]
        blocks.append(block)
    middles = [
        (
            (sum(x for x, _ in block) / len(block) + 0.5) * cell / scale,
            (sum(y for _, y in block) / len(block) + 0.5) * cell / scale,
        )
        for block in blocks
        if len(block) >= 12
    ]
    return sorted(middles)


def test_the_table_of_aws_shapes_is_draw_ios() -> None:
    """Every icon the table names has that shape in draw.io's AWS library; the table is
    made from the library's names by the rules below (ARCH_DRAW_UPDATE_SNAPSHOTS=1
    writes it again from the viewer's library)."""
    bundle = (viewer() / "stencils.min.js").read_text(encoding="utf-8")
    found = re.search(r"f\['aws4.xml'\] = '([^']*)'", bundle)
    assert found is not None
    library = zlib.decompress(base64.b64decode(found.group(1)), -15).decode("utf-8")
    names = set(re.findall(r'<shape [^>]*name="([^"]*)"', library))
    table = shapes_for(load_catalog().types.values(), names)
    if os.environ.get("ARCH_DRAW_UPDATE_SNAPSHOTS"):
        AWS4_SHAPES_FILE.write_text(json.dumps(table, indent=1, sort_keys=True) + "\n")
    assert aws4_shapes() == table
    assert len(table) > 350  # of the catalogue's 502 AWS icons
    group_icons = {look.drawio for look in GROUP_KINDS.values() if look.drawio}
    assert {icon.replace("_", " ") for icon in group_icons} <= names


def shapes_for(types: object, names: set[str]) -> dict[str, str]:
    """Icon path -> draw.io's AWS shape: the first name the icon's file name gives that
    draw.io has, tried as it is, without AWS's and Amazon's names, with digits joined,
    without a family's prefix (ec2-instance: instance), by its trailing initialism
    (simple-queue-service-sqs: sqs), without it, and as initials (elastic-container-
    service: ecs)."""
    icons = sorted({kind.icon for kind in types if kind.icon.startswith("aws/")})  # type: ignore[attr-defined]
    table = {}
    for icon in icons:
        for candidate in _candidates(icon):
            if candidate in names:
                table[icon] = candidate.replace(" ", "_")
                break
    return table


def _candidates(icon: str) -> list[str]:
    words = icon.rsplit("/", 1)[-1].removesuffix(".png").split("-")
    while words and words[0] in ("aws", "amazon"):
        words = words[1:]
    found = [" ".join(words), re.sub(r"(\d) (\d)", r"\1\2", " ".join(words)), "".join(words)]
    if len(words) > 1 and words[0] in ("ec2", "elb", "general", "cloudfront", "vpc", "iot"):
        found.append(" ".join(words[1:]))
    if len(words) >= 3 and len(words[-1]) <= 5:
        found += [words[-1], " ".join(words[:-1])]
    if len(words) >= 2:
        found.append("".join(word[0] for word in words))
    return found


def drawio_of_text(tmp_path: Path, text: str) -> dict[str, ElementTree.Element]:
    path = tmp_path / "bp.yaml"
    path.write_text(text, encoding="utf-8")
    return cells_of(drawio_of(load_blueprint(path)))


def test_an_edge_to_a_group_that_spans_ends_at_the_group(tmp_path: Path) -> None:
    # Laid out to the group's first member, which is also an end of the same entry.
    cells = drawio_of_text(
        tmp_path,
        "title: T\ngroups:\n  vpc: {kind: vpc}\n  az_a: {kind: availability-zone, in: vpc}\n"
        "  az_b: {kind: availability-zone, in: vpc}\n"
        "  asg: {kind: auto-scaling-group, spans: [web_a, web_b]}\n"
        "nodes:\n  users: {type: users}\n  web_a: {type: ec2, in: az_a}\n"
        "  web_b: {type: ec2, in: az_b}\nedges:\n  e1: {from: users, to: [web_a, asg]}\n",
    )
    pairs = sorted((c.get("source"), c.get("target")) for c in cells.values() if c.get("edge"))
    assert pairs == [("users", "asg"), ("users", "web_a")]


FLAT = """\
title: Flat
nodes: {a: {type: users}, b: {type: ec2, level_with: a}, c: {type: rds, level_with: a},
        d: {type: s3}, e: {type: sqs}}
edges: {ab: {from: a, to: b}, ca: {from: c, to: a, label: x}, cb: {from: c, to: b},
        ad: {from: a, to: d}, de: {from: d, to: e}, ea: {from: e, to: a},
        eb: {from: e, to: b, constraint: false}}
"""


@pytest.mark.parametrize(
    "text",
    [
        FLAT,
        (BLUEPRINTS / "users-over-1k.yaml").read_text().replace("extends: ", "extends: arch-draw:"),
    ],
    ids=["flat", "users-over-1k"],
)
def test_every_edge_leaves_and_enters_where_graphvizs_route_does(tmp_path: Path, text: str) -> None:
    # Graphviz writes some routes from head to tail (a drawing without groups is not
    # finished, so they come as written); a route may also leave below a node's label,
    # past the icon the node's cell is.
    cells = drawio_of_text(tmp_path, text)
    for cell in (cell for cell in cells.values() if cell.get("edge")):
        style = dict(_style(cell.get("style", "")))
        geometry = cell.find("mxGeometry")
        assert geometry is not None
        points = {point.get("as"): point for point in geometry.iter("mxPoint")}
        for key, prefix, point in (
            ("source", "exit", "sourcePoint"),
            ("target", "entry", "targetPoint"),
        ):
            x, y, width, height = _absolute(cells, cell.get(key, ""))
            leaves = (
                x + float(style[f"{prefix}X"]) * width + float(style[f"{prefix}Dx"]),
                y + float(style[f"{prefix}Y"]) * height + float(style[f"{prefix}Dy"]),
            )
            route = (float(points[point].get("x", 0)), float(points[point].get("y", 0)))
            assert leaves == pytest.approx(route, abs=0.02), cell.get("id")
        # ...and the route runs from its source to its target, not the other way.
        start, end = (points[name] for name in ("sourcePoint", "targetPoint"))
        source, target = (_middle(cells, cell.get(key, "")) for key in ("source", "target"))
        start_xy = (float(start.get("x", 0)), float(start.get("y", 0)))
        end_xy = (float(end.get("x", 0)), float(end.get("y", 0)))
        onward = math.dist(start_xy, source) + math.dist(end_xy, target)
        assert onward < math.dist(start_xy, target) + math.dist(end_xy, source), cell.get("id")


def _middle(cells: dict[str, ElementTree.Element], cell_id: str) -> tuple[float, float]:
    x, y, width, height = _absolute(cells, cell_id)
    return x + width / 2, y + height / 2


def test_a_groups_note_is_in_the_group(tmp_path: Path) -> None:
    cells = drawio_of_text(
        tmp_path,
        "title: T\ngroups:\n  vpc: {kind: vpc, note: About the network.}\n"
        "nodes:\n  web: {type: ec2, in: vpc, note: About the server.}\n",
    )
    assert cells["vpc.note"].get("parent") == "vpc"
    assert cells["web.note"].get("parent") == "vpc"
