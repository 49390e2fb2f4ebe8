"""The layout score: known answers, on scenes laid out by Graphviz and drawn by hand."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.pipeline import load_blueprint
from arch_draw.render import lay_out
from arch_draw.render.scene import Box, Frame, Line, Scene, Shape, Text
from arch_draw.score import Defect, score

from .conftest import k33


def laid_out(tmp_path: Path, text: str) -> Scene:
    path = tmp_path / "bp.yaml"
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return lay_out(load_blueprint(path, "bp.yaml"), load_catalog())


def test_any_layered_drawing_of_k33_has_at_least_nine_crossings(tmp_path: Path) -> None:
    # Three nodes on one rank, three on the next, each joined to each: every two edges
    # whose ends are in opposite orders cross, and 3 x 3 pairs are, whatever the order.
    for direction in ("LR", "TB"):
        scene = laid_out(tmp_path, k33(direction))
        assert score(scene).crossings >= 9, direction


def test_a_tree_has_no_crossing_and_no_edge_through_a_node(tmp_path: Path) -> None:
    scene = laid_out(
        tmp_path,
        """
        title: Tree
        groups:
          vpc: {kind: vpc}
        nodes:
          root: {type: elb}
          a: {type: ec2, in: vpc}
          b: {type: ec2, in: vpc}
          a1: {type: rds, in: vpc}
          a2: {type: rds, in: vpc}
          b1: {type: rds, in: vpc}
        edges:
          to_a: {from: root, to: a}
          to_b: {from: root, to: b}
          to_a1: {from: a, to: a1}
          to_a2: {from: a, to: a2}
          to_b1: {from: b, to: b1}
        """,
    )
    result = score(scene)
    assert (result.crossings, result.through_nodes, result.needless_border_crossings) == (0, 0, 0)
    assert result.defects == ()
    assert [line.id for line in scene.lines] == ["to_a", "to_b", "to_a1", "to_a2", "to_b1"]
    assert result.edge_length > 0
    assert result.area_per_node > 1


def line(edge_id: str, *points: tuple[float, float], texts: tuple[Text, ...] = ()) -> Line:
    return Line(edge_id, "a", "b", points, texts)


def scene_of(*lines: Line, shapes: tuple[Shape, ...] = (), frames: tuple[Frame, ...] = ()) -> Scene:
    return Scene(Box(0, 0, 400, 200), shapes, frames, lines, ())


def test_a_label_placed_on_a_line_is_found() -> None:
    label = Text("promoted if the Master fails", Box(100, 95, 200, 107))
    crossing = line("failover", (50, 100), (250, 100))
    beside = line("replicate", (50, 150), (250, 150), texts=(label,))
    result = score(scene_of(crossing, beside))
    assert result.defects == (
        Defect("label", "edge 'failover' runs through label 'promoted if the Master fails'"),
    )
    assert result.labels_overlapped == 1


def test_crossings_are_counted_once_each_and_not_where_edges_share_an_end() -> None:
    one = line("backups", (0, 0), (100, 100), (200, 0))
    other = line("alarm", (0, 50), (200, 50))  # crosses `one` twice
    # `fan` leaves where `one` leaves, and their curves touch as they part: no crossing.
    fan = line("fan", (0, 0), (4, 8), (16, 4))
    result = score(scene_of(one, other, fan))
    assert result.crossings == 2
    assert [defect.message for defect in result.defects] == [
        "edge 'backups' crosses edge 'alarm' 2 times"
    ]


def test_an_edge_through_another_nodes_icon_is_found() -> None:
    icon = Box(100, 80, 164, 144)
    node = Shape("db", Box(100, 60, 164, 144), icon, ())
    result = score(scene_of(line("query", (0, 110), (300, 110)), shapes=(node,)))
    assert [defect.message for defect in result.defects] == ["edge 'query' runs through node 'db'"]


def test_needless_border_crossings_are_counted() -> None:
    zone = Frame("private_a", Box(100, 0, 200, 200), ())
    # Both ends outside the zone, running through it: two crossings, none needed.
    through = line("protect", (0, 100), (150, 100), (300, 100))
    # One end inside: one crossing, needed.
    leaving = line("replicate", (150, 150), (300, 150))
    result = score(scene_of(through, leaving, frames=(zone,)))
    assert result.needless_border_crossings == 2
    assert [defect.message for defect in result.defects] == [
        "edge 'protect' crosses the border of group 'private_a' 2 more times than it must"
    ]


def test_a_label_on_a_border_or_over_another_is_found() -> None:
    zone = Frame(
        "private_a", Box(100, 0, 200, 200), (Text("Private subnet", Box(105, 180, 180, 192)),)
    )
    on_border = Text("promoted if the Master fails", Box(150, 95, 260, 107))
    over = Text("SQL", Box(170, 185, 190, 197))
    result = score(scene_of(line("x", (0, 0), (10, 0), texts=(on_border, over)), frames=(zone,)))
    assert [defect.message for defect in result.defects] == [
        "label 'Private subnet' overlaps label 'SQL'",
        "label 'promoted if the Master fails' overlaps the border of group 'private_a'",
    ]


def test_a_node_named_like_a_graphviz_cluster_is_a_node(tmp_path: Path) -> None:
    # `cluster_endpoint` was taken for a group's box: KeyError, an internal error.
    scene = laid_out(
        tmp_path,
        """
        title: T
        groups:
          cluster: {kind: generic}
        nodes:
          cluster_endpoint: {type: aws.network.Endpoint, in: cluster}
        """,
    )
    assert [shape.id for shape in scene.shapes] == ["cluster_endpoint"]
    assert [frame.id for frame in scene.frames] == ["cluster"]


def test_the_rating_counts_what_hides_the_drawing_double_then_the_canvas() -> None:
    label = Text("SQL", Box(100, 95, 130, 107))
    over_label = line("query", (50, 100), (250, 100))  # through a label: 2
    crossing = line("deploy", (150, 0), (150, 190))  # crosses `query`: 1
    result = score(scene_of(over_label, crossing, line("x", (0, 0), (1, 0), texts=(label,))))
    assert (result.labels_overlapped, result.crossings) == (1, 1)
    # The scene's 400 x 200 points over no node are counted as over one node.
    assert result.rating == (3.0, 400 * 200 / 64**2)


def test_a_drawing_too_large_to_read_names_the_groups_to_split_it_at() -> None:
    # 12-point text on a 4,000-point-wide drawing is 4.8 px high shown 1,600 px wide.
    def node(node_id: str, x: float) -> Shape:
        return Shape(node_id, Box(x, 0, x + 64, 80), None, (Text(node_id, Box(x, 0, x + 30, 13)),))

    nodes = tuple(node(f"n{index}", 100.0 * index) for index in range(6))
    frames = (
        Frame("everything", Box(0, -10, 4000, 100), ()),
        Frame("left", Box(-5, -5, 270, 90), ()),  # n0, n1, n2
        Frame("right", Box(395, -5, 570, 90), ()),  # n4, n5
    )
    result = score(Scene(Box(0, 0, 4000, 200), nodes, frames, (), ()))
    assert result.smallest_text == pytest.approx(4.8)
    assert [defect.message for defect in result.defects if defect.kind == "size"] == [
        "at 1,600 px wide its smallest text is 4.8 px high, too small to read; draw parts of"
        " it on their own, such as 'left' (3 nodes), 'right' (2 nodes)"
    ]
    assert result.summary().startswith("too large to read, 0 crossings,")
    narrower = score(Scene(Box(0, 0, 2000, 200), nodes[:1], (), (), ()))
    assert narrower.smallest_text == pytest.approx(9.6)
    assert narrower.defects == ()
