"""Groups that span elements of different groups, drawn after layout (render.finish)."""

from __future__ import annotations

import itertools
import json
import math
import re
from pathlib import Path

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.errors import BlueprintError
from arch_draw.model import Blueprint
from arch_draw.pipeline import draw, load_blueprint
from arch_draw.render import lay_out
from arch_draw.render.finish import Route, finishing
from arch_draw.render.layouts import USUAL
from arch_draw.render.scene import Box, Scene, point_of
from arch_draw.score import score

from ..conftest import BLUEPRINTS, EXAMPLES

SPANS = EXAMPLES / "spans.yaml"
DIRECTIONS = ("LR", "TB", "RL", "BT")


def flowing(tmp_path: Path, direction: str) -> Scene:
    text = SPANS.read_text(encoding="utf-8").replace("title:", f"direction: {direction}\ntitle:")
    path = tmp_path / f"{direction}.yaml"
    path.write_text(text, encoding="utf-8")
    return lay_out(load_blueprint(path), load_catalog())


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_spanning_group_is_one_box_across_the_zones_of_its_members(
    tmp_path: Path, direction: str
) -> None:
    scene = flowing(tmp_path, direction)
    frames = {frame.id: frame for frame in scene.frames}
    icons = {shape.id: shape.icon for shape in scene.shapes}
    group = frames["asg"].box
    for member in ("web_a", "web_b"):
        icon = icons[member]
        assert icon is not None
        assert group.encloses(icon), member
    for zone in ("az_a", "az_b"):  # across both zones: in neither, over both
        assert group.overlaps(frames[zone].box), zone
        assert not frames[zone].box.encloses(group), zone
        assert not group.encloses(frames[zone].box), zone
    assert [text.content for text in frames["asg"].texts] == ["Auto Scaling group"]
    label = frames["asg"].texts[0].box
    assert group.encloses(label)
    assert label.top > max(icons["web_a"].top, icons["web_b"].top)  # type: ignore[union-attr]


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_an_edge_to_a_spanning_group_ends_at_its_box(tmp_path: Path, direction: str) -> None:
    scene = flowing(tmp_path, direction)
    group = next(frame.box for frame in scene.frames if frame.id == "asg")
    (scale,) = [line for line in scene.lines if line.id == "scale"]
    end = scale.points[-1]
    # The route stops just outside the box, where its arrowhead begins.
    assert not group.contains(end)
    assert _distance_to_border(end, group) <= 12


def _distance_to_border(point: tuple[float, float], box: Box) -> float:
    x, y = point
    dx = max(box.left - x, 0.0, x - box.right)
    dy = max(box.bottom - y, 0.0, y - box.top)
    return math.hypot(dx, dy)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_the_spanning_example_reads_cleanly(tmp_path: Path, direction: str) -> None:
    found = score(flowing(tmp_path, direction))
    assert (found.crossings, found.through_nodes, found.needless_border_crossings) == (0, 0, 0)


def test_every_format_draws_the_box_and_the_same_bytes_every_time() -> None:
    blueprint = load_blueprint(SPANS)
    first = draw(blueprint, ("png", "svg", "pdf", "dot"))
    again = draw(blueprint, ("png", "svg", "pdf", "dot")).outputs
    # (cairo writes the time into a PDF: only its length is the same)
    assert {fmt: again[fmt] for fmt in ("png", "svg", "dot")} == {
        fmt: first.outputs[fmt] for fmt in ("png", "svg", "dot")
    }
    assert len(again["pdf"]) == len(first.outputs["pdf"])
    assert first.warnings == ()
    svg = first.outputs["svg"].decode()
    assert "<title>cluster_asg</title>" in svg
    assert "Auto Scaling group" in svg
    assert svg.count("Auto Scaling group</text>") == 1  # the slots show nothing
    assert first.outputs["pdf"].startswith(b"%PDF")


def test_a_route_is_cut_where_it_enters_a_box() -> None:
    # A straight line from (0, 0) to (100, 0) with an arrowhead, into a box from x=60.
    route = Route.parse("e,100,0 0,0 30,0 60,0 90,0")
    cut = route.cut(Box(60, -10, 120, 10), at_head=True)
    assert cut.end is not None
    assert cut.end[0] == pytest.approx(60, abs=0.01)
    assert cut.points[-1][0] == pytest.approx(52, abs=0.1)  # an arrowhead's length before
    assert cut.start is None
    # From the other end: the tail is cut, the head is kept.
    back = Route.parse("0,0 30,0 60,0 90,0").cut(Box(-20, -10, 40, 10), at_head=False)
    assert back.points[0][0] == pytest.approx(40, abs=0.01)
    assert back.points[-1] == (90.0, 0.0)
    # Both ends inside: unchanged.
    inside = Route.parse("0,0 30,0 60,0 90,0")
    assert inside.cut(Box(-10, -10, 100, 10), at_head=True) == inside


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bp.yaml"
    path.write_text(text, encoding="utf-8")
    return path


SPANNING = """\
title: T
groups:
  a: {kind: availability-zone}
  b: {kind: availability-zone}
  asg: {kind: auto-scaling-group, spans: [x, y]}
nodes:
  x: {type: ec2, in: a}
  y: {type: ec2, in: b}
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("spans: [x, y]}", "spans: [x, y], in: a}"),
            "bp.yaml:5:54: group 'asg' spans other elements, so it is drawn around them"
            " wherever they are, and is in no group",
        ),
        (
            ("spans: [x, y]", "spans: [x, yy]"),
            "bp.yaml:5:46: unknown node or group 'yy' (did you mean 'y'?)",
        ),
        (("spans: [x, y]", "spans: [x, asg]"), "bp.yaml:5:46: group 'asg' cannot span itself"),
        (
            ("  y: {type: ec2, in: b}", "  y: {type: ec2, in: asg}"),
            "bp.yaml:8:22: group 'asg' spans other elements and holds none of its own:"
            " list 'y' in its `spans` instead",
        ),
    ],
)
def test_what_a_spanning_group_cannot_be(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    old, new = change
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(write(tmp_path, SPANNING.replace(old, new, 1)), "bp.yaml")
    assert caught.value.lines() == [message]


def test_an_edge_cannot_join_a_spanning_group_and_its_member(tmp_path: Path) -> None:
    path = write(tmp_path, SPANNING + "edges:\n  loop: {from: asg, to: x}\n")
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path, "bp.yaml")
    assert caught.value.lines() == ["bp.yaml:10:3: group 'asg' spans 'x': an edge cannot join them"]


def test_a_group_cannot_span_a_spanning_group_or_an_edge(tmp_path: Path) -> None:
    other = "  other: {kind: generic, spans: [asg, e]}\nnodes:"
    text = SPANNING.replace("nodes:", other) + "edges:\n  e: {from: x, to: y}\n"
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(write(tmp_path, text), "bp.yaml")
    assert caught.value.lines() == [
        "bp.yaml:6:34: 'asg' spans other elements itself; a group cannot span such a group",
        "bp.yaml:6:39: 'e' is an edge; a group spans nodes and groups",
    ]


def test_a_route_is_redrawn_straight_with_its_arrowhead_in_line() -> None:
    curve = Route.parse("e,100,40 0,0 50,0 50,40 90,40")
    straight = curve.redrawn("straight")
    assert straight.end == (100.0, 40.0)
    assert straight.points[0] == (0.0, 0.0)
    # The arrowhead starts an arrowhead's length before the tip, on the line to the tip.
    (x, y) = straight.points[-1]
    assert math.dist((x, y), (100, 40)) == pytest.approx(8.0, abs=0.01)
    assert y / x == pytest.approx(40 / 100, abs=0.001)
    assert len(straight.points) == 4


def test_a_route_is_redrawn_angled_as_it_leaves_and_arrives() -> None:
    # Level at both ends: out level, upright halfway, level in.
    level = Route.parse("0,0 40,0 60,40 100,40").redrawn("angled")
    corners = level.points[::3]
    assert corners == ((0.0, 0.0), (50.0, 0.0), (50.0, 40.0), (100.0, 40.0))
    # Out of one icon's top into another's: over both, clear of them.
    over = Route.parse("0,0 0,20 100,20 100,0").redrawn("angled", (False, False))
    assert over.points[::3] == ((0.0, 0.0), (0.0, 18.0), (100.0, 18.0), (100.0, 0.0))
    # Out level, in upright: one turn.
    turn = Route.parse("0,0 50,0 100,10 100,40").redrawn("angled", (True, False))
    assert turn.points[::3] == ((0.0, 0.0), (100.0, 0.0), (100.0, 40.0))


def test_edges_say_their_sides_end_labels_and_lines(tmp_path: Path) -> None:
    scene = lay_out(load_blueprint(EXAMPLES / "edges.yaml"), load_catalog())
    lines = {line.id: line for line in scene.lines}
    assert "below" not in lines  # invisible: it only steers the layout
    assert [(text.content, text.part) for text in lines["query"].texts] == [
        ("pool", "_tldraw_"),
        ("5432", "_hldraw_"),
    ]
    serve = lines["serve"].points
    assert len({round(y, 1) for _x, y in serve}) == 1  # straight and level
    archive = lines["archive"].points
    shapes = {shape.id: shape for shape in scene.shapes}
    web, logs = shapes["web"].icon, shapes["logs"].icon
    assert web is not None
    assert logs is not None
    assert archive[0][1] >= web.top - 1  # out of the top of the web icon
    assert archive[-1][1] >= logs.top  # into the top of the logs icon, from above
    assert max(y for _x, y in archive) > max(web.top, logs.top)
    assert score(scene).defects == ()


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_edge_controls_hold_in_every_direction(tmp_path: Path, direction: str) -> None:
    text = (EXAMPLES / "edges.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"{direction}.yaml"
    path.write_text(text.replace("title:", f"direction: {direction}\ntitle:"), encoding="utf-8")
    scene = lay_out(load_blueprint(path), load_catalog())
    lines = {line.id: line for line in scene.lines}
    icons = {shape.id: shape.icon for shape in scene.shapes}
    web, logs = icons["web"], icons["logs"]
    assert web is not None
    assert logs is not None
    archive = lines["archive"].points
    assert archive[0][1] == pytest.approx(web.top, abs=2)  # out of web's north side
    assert archive[-1][1] > logs.top  # into logs' north side, from above
    for a, b in itertools.pairwise(archive):  # level or upright pieces only
        assert min(abs(a[0] - b[0]), abs(a[1] - b[1])) < 0.05
    serve = lines["serve"].points
    (x0, y0), (x1, y1) = serve[0], serve[-1]
    for x, y in serve:  # on the straight line from end to end
        assert (x - x0) * (y1 - y0) == pytest.approx((y - y0) * (x1 - x0), abs=1.0)
    assert "below" not in lines
    defects = [defect.message for defect in score(scene).defects]
    for label in ("pool", "5432"):
        assert f"edge 'query' runs through label '{label}'" not in defects
    # (in TB, Graphviz set "pool" where the line curves through it; moved off the line,
    # it stays by the edge's start)
    query = lines["query"]
    pool = next(text for text in query.texts if text.content == "pool")
    centre = ((pool.box.left + pool.box.right) / 2, (pool.box.bottom + pool.box.top) / 2)
    assert math.dist(centre, query.points[0]) < 60


def test_an_edge_written_from_its_head_is_bent_at_the_moved_end(tmp_path: Path) -> None:
    # dot wrote this edge's route from the gateway back to the user (it runs against the
    # flow): the move bent the user's end, and the line hung detached from the gateway.
    path = tmp_path / "bp.yaml"
    path.write_text(
        "title: T\ndirection: RL\ngroups:\n  vpc: {kind: vpc}\nnodes:\n"
        "  user: {type: user}\n  app: {type: ec2, in: vpc}\n"
        "  igw: {type: igw, in: vpc, on_border: true}\n"
        "edges:\n  serve: {from: igw, to: app}\n  login: {from: user, to: igw, constraint: false}\n",
        encoding="utf-8",
    )
    scene = lay_out(load_blueprint(path), load_catalog())
    shapes = {shape.id: shape.box for shape in scene.shapes}
    (login,) = [line for line in scene.lines if line.id == "login"]
    first, last = login.points[0], login.points[-1]  # (written either way round)
    gateway, user = shapes["igw"], shapes["user"]
    assert min(_distance_to_border(end, gateway) for end in (first, last)) < 12
    assert min(_distance_to_border(end, user) for end in (first, last)) < 12


def test_a_group_without_a_label_shows_no_title_when_drawn_from_positions(tmp_path: Path) -> None:
    # Graphviz's JSON gives such a group the drawing's own label operations: the score
    # saw the title overlapping itself.
    path = tmp_path / "bp.yaml"
    path.write_text(
        "title: A title\ngroups:\n  box: {kind: generic}\nnodes:\n"
        "  a: {type: user, in: box}\n  b: {type: ec2}\nedges:\n  e: {from: b, to: a, line: straight}\n",
        encoding="utf-8",
    )
    scene = lay_out(load_blueprint(path), load_catalog())
    assert [frame.texts for frame in scene.frames] == [()]
    assert score(scene).defects == ()


def test_edges_keep_their_arrowheads_when_the_drawing_is_made_from_positions(
    tmp_path: Path,
) -> None:
    # dot writes an edge between two nodes at one step head first, its arrowhead marked as
    # at the start; drawn from positions (here for the straight line of another edge),
    # Graphviz took it for an arrow at the tail and left it out.
    path = tmp_path / "bp.yaml"
    path.write_text(
        "title: T\nnodes:\n  a: {type: igw}\n  b: {type: ec2, level_with: a}\n"
        "  c: {type: s3}\n  d: {type: s3}\n"
        "edges:\n  f: {from: a, to: b}\n  g: {from: c, to: d, line: straight}\n",
        encoding="utf-8",
    )
    svg = draw(load_blueprint(path), ("svg",)).outputs["svg"].decode()
    edges = svg.split('class="edge"')[1:]
    assert len(edges) == 2
    assert all("<polygon" in edge.split("</g>")[0] for edge in edges)


@pytest.mark.parametrize(
    ("spans", "edge", "message"),
    [
        # `x` is in zone `a`, which the group spans: the group's box holds `x`.
        (
            "[a, y]",
            "{from: x, to: asg}",
            "bp.yaml:10:3: group 'asg' spans 'x': an edge cannot join them",
        ),
        # The group spans `x`, which is in zone `a`: `a` is around the group's box.
        (
            "[x, y]",
            "{from: asg, to: a}",
            "bp.yaml:10:3: group 'a' is around group 'asg': an edge cannot join them",
        ),
    ],
)
def test_an_edge_cannot_join_a_spanning_group_and_what_it_holds_or_what_holds_it(
    tmp_path: Path, spans: str, edge: str, message: str
) -> None:
    text = SPANNING.replace("[x, y]", spans) + f"edges:\n  e: {edge}\n"
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(write(tmp_path, text), "bp.yaml")
    assert caught.value.lines() == [message]


def test_a_spanned_node_cannot_be_on_a_border(tmp_path: Path) -> None:
    text = SPANNING.replace("  x: {type: ec2, in: a}", "  x: {type: ec2, in: a, on_border: true}")
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(write(tmp_path, text), "bp.yaml")
    assert caught.value.lines() == [
        "bp.yaml:5:43: 'x' is drawn on a border, which group 'asg' cannot follow:"
        " it spans what stays where the layout put it"
    ]


@pytest.mark.parametrize(
    ("spans", "message"),
    [
        ("[x]", "bp.yaml:5:42: groups.asg.spans must list at least 2 ids"),
        ("[x, x, y]", "bp.yaml:5:42: groups.asg.spans lists 'x' more than once"),
    ],
)
def test_what_spans_must_list(tmp_path: Path, spans: str, message: str) -> None:
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(write(tmp_path, SPANNING.replace("[x, y]", spans)), "bp.yaml")
    assert caught.value.lines() == [message]


def test_a_loop_keeps_its_curve_whatever_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "title: T\nnodes:\n  a: {type: ec2}\nedges:\n  loop: {from: a, to: a, line: straight}\n",
    )
    (loop,) = lay_out(load_blueprint(path), load_catalog()).lines
    assert loop.length > 50  # drawn around the node, not as a point


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_start_and_end_labels_sit_by_their_own_ends(tmp_path: Path, direction: str) -> None:
    # dot writes the route of an edge between two nodes at one step head first, and put
    # the start's label by the head (in LR and RL).
    path = write(
        tmp_path,
        f"title: T\ndirection: {direction}\nnodes:\n  a: {{type: igw}}\n"
        "  b: {type: ec2, level_with: a}\n"
        "edges:\n  f: {from: a, to: b, start_label: START, end_label: END}\n",
    )
    scene = lay_out(load_blueprint(path), load_catalog())
    shapes = {shape.id: shape.box for shape in scene.shapes}
    (line,) = scene.lines
    texts = {text.content: text.box for text in line.texts}
    for label, own, other in (("START", "a", "b"), ("END", "b", "a")):
        x, y = (texts[label].left + texts[label].right) / 2, texts[label].bottom
        assert _distance_to_border((x, y), shapes[own]) < _distance_to_border(
            (x, y), shapes[other]
        ), (label, direction)


@pytest.mark.parametrize("label", ["start_label", "end_label"])
def test_a_label_alone_at_one_end_of_a_turned_route_sits_by_that_end(
    tmp_path: Path, label: str
) -> None:
    # Edges against the flow, written by dot from head to tail, each with one label: dot
    # put a start's label by the head (and an end's by the tail); with no label at the
    # other end to trade places with, it is moved the length of the route.
    path = write(
        tmp_path,
        "title: T\nnodes:\n  a: {type: ec2}\n  b: {type: rds}\n  c: {type: s3}\n"
        "  d: {type: sqs}\nedges:\n  ab: {from: a, to: b}\n  ac: {from: a, to: c}\n"
        "  ad: {from: a, to: d}\n"
        f"  cb: {{from: c, to: b, constraint: false, {label}: X1}}\n"
        f"  db: {{from: d, to: b, constraint: false, {label}: X2}}\n"
        f"  ba: {{from: b, to: a, constraint: false, {label}: X3}}\n",
    )
    scene = lay_out(load_blueprint(path), load_catalog(), candidates=(USUAL,))
    shapes = {shape.id: shape.box for shape in scene.shapes}
    lines = {line.id: line for line in scene.lines}
    for edge_id in ("cb", "db", "ba"):
        (text,) = lines[edge_id].texts
        tail, head = edge_id[0], edge_id[1]
        own, other = (tail, head) if label == "start_label" else (head, tail)
        middle = text.box.middle
        assert _distance_to_border(middle, shapes[own]) < _distance_to_border(
            middle, shapes[other]
        ), edge_id


def _graph(objects: list[dict[str, object]], edges: list[dict[str, object]]) -> bytes:
    """Graphviz's JSON, written by hand: what render.finish reads of a layout."""
    return json.dumps({"bb": "0,0,400,300", "objects": objects, "edges": edges}).encode()


def _text(x: float, y: float, width: float, text: str) -> dict[str, object]:
    return {"op": "T", "pt": [x, y], "align": "l", "width": width, "text": text}


def _node(number: int, name: str, x: float, y: float) -> dict[str, object]:
    return {"_gvid": number, "name": name, "pos": f"{x},{y}", "width": "0.3", "height": "0.3"}


def _plain(tmp_path: Path) -> Blueprint:
    return load_blueprint(write(tmp_path, "title: T\ngroups:\n  g: {kind: generic}\n"))


def test_a_group_label_an_edge_runs_through_moves_along_its_side(tmp_path: Path) -> None:
    # The label (an icon's room, then 'Zone') sits at the box's top left, an edge comes
    # down through it: the label moves right, past the edge, and stays in the box.
    cluster = {
        "_gvid": 0,
        "name": "cluster_g",
        "bb": "0,0,300,200",
        "lp": "80,188",
        "lwidth": "1.6667",  # 120 points: 24 of icon, the text, an empty cell
        "lheight": "0.3333",
        "_ldraw_": [_text(36, 184, 40, "Zone")],
    }
    nodes = [_node(1, "a", 40, 270), _node(2, "b", 40, 80)]
    edge = {"_gvid": 0, "tail": 1, "head": 2, "pos": "e,40,100 40,250 40,200 40,150 40,110"}
    done = finishing(_plain(tmp_path), _graph([cluster, *nodes], [edge]))
    assert done is not None
    x, y = point_of(done.labels["cluster_g"])
    assert y == 188
    shown_left = x - 60  # the label's box is 120 points wide, centred on its place
    assert shown_left >= 40 + 6  # past the edge
    assert shown_left + (36 + 40 - 20) <= 300  # what it shows is still in the box


def _across_a_border(route: str) -> bytes:
    """An edge from a to b entering a box at x=200, its label right across the border."""
    cluster = {"_gvid": 0, "name": "cluster_g", "bb": "200,0,400,300"}
    nodes = [_node(1, "a", 30, 150), _node(2, "b", 370, 150)]
    label = [_text(170, 156, 60, "HTTPS")]
    edge = {"_gvid": 0, "tail": 1, "head": 2, "pos": route, "lp": "200,160", "_ldraw_": label}
    return _graph([cluster, *nodes], [edge])


def test_an_edge_label_across_a_border_moves_beside_its_line(tmp_path: Path) -> None:
    straight = "e,350,150 50,150 150,150 250,150 340,150"
    done = finishing(_plain(tmp_path), _across_a_border(straight))
    assert done is not None
    ((key, attributes),) = done.routes.items()
    assert key == ("", "a", "b")
    x, y = point_of(attributes["lp"])
    label = Box(x - 30, y - 7, x + 30, y + 7)
    assert not (label.left < 200 < label.right), "off the border"
    assert not (label.bottom < 150 < label.top), "off its own line"
    assert abs(y - 150) < 15, "beside the line"
    assert abs(x - 200) < 60, "near where it was"


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_edges_into_a_narrow_group_run_clear_of_its_label(tmp_path: Path, direction: str) -> None:
    # One node in a subnet, an edge into it from outside: in TB and BT the edge comes in
    # through the label's side of the box, straight through the label of a box no wider
    # than it.
    text = (
        f"title: T\ndirection: {direction}\ngroups:\n"
        "  az: {kind: availability-zone, label: Availability Zone A}\n"
        "  subnet: {kind: public-subnet, in: az, label: Public subnet}\n"
        "nodes:\n  lb: {type: alb}\n  web: {type: ec2, in: subnet}\n"
        "  db: {type: rds, in: az}\n"
        "edges:\n  serve: {from: lb, to: web}\n  query: {from: web, to: db}\n"
    )
    result = score(lay_out(load_blueprint(write(tmp_path, text)), load_catalog()))
    assert result.labels_overlapped == 0, result.defects


def test_a_route_drawn_from_positions_keeps_its_control_points_in_the_drawing(
    tmp_path: Path,
) -> None:
    # Drawn from positions, Graphviz made the canvas hold every control point: a loop's
    # far ones made a drawing of 100 nodes half as wide again. (The label across the
    # border makes finishing due.)
    loop = "e,350,150 50,150 150,450 250,-120 340,150"  # within 0..300 as a curve
    done = finishing(_plain(tmp_path), _across_a_border(loop))
    assert done is not None
    route = Route.parse(done.routes[("", "a", "b")]["pos"])
    assert route.points == ((50, 150), (150, 300), (250, 0), (340, 150))


@pytest.mark.parametrize("name", ["users-under-1k", "users-over-1k"])
def test_a_label_moved_in_from_outside_leaves_no_strip_beside_the_drawing(name: str) -> None:
    # Graphviz put the deploy edge's label half outside the AWS Cloud; moved in, it left
    # 24 points of empty page on the right that no other side had (in every format: the
    # PNG and the SVG are as wide as each other).
    blueprint = load_blueprint(BLUEPRINTS / f"{name}.yaml")
    scene = lay_out(blueprint, load_catalog())
    drawn = [scene.body, *(text.box for text in scene.texts)]
    left, right = min(box.left for box in drawn), max(box.right for box in drawn)
    assert scene.box.right - right == pytest.approx(left - scene.box.left, abs=1)
    outputs = draw(blueprint, ("png", "svg")).outputs
    width = int(outputs["png"][16:20].hex(), 16)
    found = re.search(rb'<svg width="(\d+)pt"', outputs["svg"])
    assert found is not None
    assert width == round(int(found.group(1)) * 4 / 3)
