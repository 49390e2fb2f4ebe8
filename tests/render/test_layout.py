"""Readability of the layout, measured on Graphviz's own coordinates (its JSON output)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pygraphviz
import pytest
from pygraphviz import graphviz as gv

from arch_draw.catalog import load_catalog
from arch_draw.pipeline import load_blueprint
from arch_draw.render import lay_out, styles
from arch_draw.render.dot import to_dot
from arch_draw.render.graphviz import captured_stderr
from arch_draw.render.icons import OWN_ICONS, icons_of
from arch_draw.render.scene import Scene
from arch_draw.score import score

from ..conftest import ALL_BLUEPRINTS, FIXTURES

Box = tuple[float, float, float, float]


def laid_out(path: Path) -> Any:
    catalog = load_catalog()
    blueprint = load_blueprint(path)
    graph = pygraphviz.AGraph(string=to_dot(blueprint, icons_of(blueprint, catalog).by_node))
    graph.graph_attr["imagepath"] = os.pathsep.join(map(str, (catalog.icon_root, OWN_ICONS)))
    context = gv.gvContextWithBuiltins()
    with captured_stderr():  # the JSON writer cannot load images and says so
        gv.gvLayout(context, graph.handle, b"dot")
        _error, data = gv.gvRenderData(context, graph.handle, b"json")
        gv.gvFreeLayout(context, graph.handle)
    gv.gvFreeContext(context)
    return json.loads(data)


def text_boxes(operations: list[Any]) -> Iterator[Box]:
    """Boxes of the text Graphviz draws: x from the alignment, y from the font size."""
    size = 12.0
    for operation in operations:
        if operation["op"] == "F":
            size = float(operation["size"])
        if operation["op"] == "T":
            x, y = operation["pt"]
            width = float(operation["width"])
            left = {"c": x - width / 2, "l": x, "r": x - width}[operation["align"]]
            yield (left, y - size * 0.25, left + width, y + size * 0.8)


def node_boxes(layout: Any) -> Iterator[tuple[str, Box]]:
    for item in layout.get("objects", []):
        if "pos" in item and "width" in item:
            x, y = map(float, item["pos"].split(","))
            half_width, half_height = float(item["width"]) * 36, float(item["height"]) * 36
            yield item["name"], (x - half_width, y - half_height, x + half_width, y + half_height)


def overlap(first: Box, second: Box) -> bool:
    return (
        first[0] < second[2]
        and second[0] < first[2]
        and first[1] < second[3]
        and second[1] < first[3]
    )


@pytest.mark.parametrize("path", ALL_BLUEPRINTS, ids=lambda p: p.stem)
def test_edge_labels_collide_with_nothing(path: Path) -> None:
    layout = laid_out(path)
    nodes = list(node_boxes(layout))
    labels = [
        (edge["_gvid"], box)
        for edge in layout.get("edges", [])
        for box in text_boxes(edge.get("_ldraw_", []))
    ]
    collisions = [
        (edge, node) for edge, box in labels for node, node_box in nodes if overlap(box, node_box)
    ]
    collisions += [
        (edge, other)
        for index, (edge, box) in enumerate(labels)
        for other, other_box in labels[index + 1 :]
        if other != edge and overlap(box, other_box)
    ]
    assert collisions == []


@pytest.mark.parametrize("path", ALL_BLUEPRINTS, ids=lambda p: p.stem)
def test_nodes_do_not_overlap(path: Path) -> None:
    nodes = list(node_boxes(laid_out(path)))
    overlapping = [
        (name, other)
        for index, (name, box) in enumerate(nodes)
        for other, other_box in nodes[index + 1 :]
        if overlap(box, other_box)
    ]
    assert overlapping == []


DIRECTIONS = ("LR", "TB", "RL", "BT")


def group_edges_flowing(tmp_path: Path, direction: str) -> Scene:
    """tests/fixtures/group-edges.yaml (groups with and without icons, edges to groups,
    edges against the flow) laid out in `direction`, as arch-draw draws it."""
    text = (FIXTURES / "group-edges.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"{direction}.yaml"
    path.write_text(text.replace("direction: TB", f"direction: {direction}"), encoding="utf-8")
    return lay_out(load_blueprint(path), load_catalog())


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_group_labels_sit_at_the_top_left_in_every_direction(
    tmp_path: Path, direction: str
) -> None:
    # Graphviz puts them at the bottom in BT and at the right in RL unless told otherwise.
    for frame in group_edges_flowing(tmp_path, direction).frames:
        label = frame.texts[0].box
        assert frame.box.top - label.top < styles.GROUP_ICON_SIZE, (frame.id, "top")
        assert label.left - frame.box.left < 2 * styles.GROUP_ICON_SIZE, (frame.id, "left")


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_edges_leave_and_enter_icons_clear_of_their_labels(tmp_path: Path, direction: str) -> None:
    # In TB an edge left the icon's bottom, through the label under it; in BT one entered
    # there. Now they end at the node's side below the label.
    scene = group_edges_flowing(tmp_path, direction)
    labels = {shape.id: [text.content for text in shape.texts] for shape in scene.shapes}
    own = [
        f"edge '{line.id}' runs through label '{text}'"
        for line in scene.lines
        for end in (line.tail, line.head)
        for text in labels.get(end, [])
    ]
    assert [d.message for d in score(scene).defects if d.message in own] == []
