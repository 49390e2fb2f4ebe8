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
from arch_draw.render.dot import to_dot
from arch_draw.render.graphviz import captured_stderr
from arch_draw.render.icons import OWN_ICONS, icons_of

from ..conftest import ALL_BLUEPRINTS

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
def test_edge_labels_collide_with_nothing(path: Path):
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
def test_nodes_do_not_overlap(path: Path):
    nodes = list(node_boxes(laid_out(path)))
    overlapping = [
        (name, other)
        for index, (name, box) in enumerate(nodes)
        for other, other_box in nodes[index + 1 :]
        if overlap(box, other_box)
    ]
    assert overlapping == []
