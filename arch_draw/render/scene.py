"""A laid-out drawing as plain geometry: where every icon, label, group border and line
stands, read from Graphviz's own coordinates (its JSON output, which carries the xdot
drawing operations).

The scene knows nothing of Graphviz beyond this module: the layout score
(arch_draw.score) reads it, and so can anything else that needs to know where things
are. Coordinates are Graphviz's points, y pointing up.
"""

from __future__ import annotations

import functools
import itertools
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from . import styles

Point = tuple[float, float]
# How far a text reaches above and below its baseline, in font sizes (Noto Sans CJK).
_ASCENT, _DESCENT = 0.88, 0.22
_CURVE_STEPS = 8  # straight pieces per Bézier curve: plenty to tell crossings


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def middle(self) -> Point:
        return (self.left + self.right) / 2, (self.bottom + self.top) / 2

    def shrunk(self, by: float) -> Box:
        return Box(self.left + by, self.bottom + by, self.right - by, self.top - by)

    def shifted(self, by: Point) -> Box:
        dx, dy = by
        return Box(self.left + dx, self.bottom + dy, self.right + dx, self.top + dy)

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.bottom < other.top
            and other.bottom < self.top
        )

    def touches(self, other: Box) -> bool:
        """Whether the boxes meet, edges included (a level line's box has no height)."""
        return (
            self.left <= other.right
            and other.left <= self.right
            and self.bottom <= other.top
            and other.bottom <= self.top
        )

    def contains(self, point: Point) -> bool:
        x, y = point
        return self.left < x < self.right and self.bottom < y < self.top

    def encloses(self, other: Box) -> bool:
        return self.contains((other.left, other.bottom)) and self.contains((other.right, other.top))


class BoxIndex:
    """Boxes by the cells of a grid they touch, to find those near a box without
    looking at every one: a large drawing has hundreds of labels and thousands of
    pieces of line (the layout score and render.finish look each against the others)."""

    _CELL = 96.0  # points

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list[int]] = {}
        self._items: list[tuple[Box, Any] | None] = []

    def add(self, box: Box, item: Any) -> int:
        number = len(self._items)
        self._items.append((box, item))
        for cell in self._cells_of(box):
            self._cells.setdefault(cell, []).append(number)
        return number

    def remove(self, number: int) -> None:
        self._items[number] = None

    def near(self, box: Box) -> list[Any]:
        """The items whose boxes meet `box` (edges included), in the order added."""
        numbers = sorted({n for cell in self._cells_of(box) for n in self._cells.get(cell, ())})
        found = []
        for number in numbers:
            entry = self._items[number]
            if entry is not None and entry[0].touches(box):
                found.append(entry[1])
        return found

    def _cells_of(self, box: Box) -> Iterator[tuple[int, int]]:
        size = self._CELL
        for column in range(math.floor(box.left / size), math.floor(box.right / size) + 1):
            for row in range(math.floor(box.bottom / size), math.floor(box.top / size) + 1):
                yield column, row


@dataclass(frozen=True)
class Text:
    """One line of text as drawn; `part`: which of its object's labels it belongs to
    (an edge has three: middle, start and end)."""

    content: str
    box: Box
    part: str = ""
    size: float = 12.0  # the font's size, in points


@dataclass(frozen=True)
class Shape:
    """A node (or a note), by its blueprint id; `icon` is where its icon is drawn."""

    id: str
    box: Box
    icon: Box | None
    texts: tuple[Text, ...]
    note_of: str | None = None  # the element a note belongs to


@dataclass(frozen=True)
class Frame:
    """A group's box, by the group's id."""

    id: str
    box: Box
    texts: tuple[Text, ...]


@dataclass(frozen=True)
class Line:
    """An edge as drawn, from `tail` to `head` (blueprint ids), as straight pieces.
    `id` is the blueprint edge's id; a note's dotted link has `note_of` instead."""

    id: str
    tail: str
    head: str
    points: tuple[Point, ...]
    texts: tuple[Text, ...]
    note_of: str | None = None

    @property
    def length(self) -> float:
        return sum(math.dist(a, b) for a, b in self.pieces)

    @functools.cached_property
    def pieces(self) -> tuple[tuple[Point, Point], ...]:
        """The straight pieces between its points (worked out once: a drawing's every
        label and icon is checked against every line)."""
        return tuple(itertools.pairwise(self.points))

    @functools.cached_property
    def bounds(self) -> Box:
        return bounds_of(self.points)

    @functools.cached_property
    def piece_bounds(self) -> tuple[Box, ...]:
        return tuple(bounds_of(piece) for piece in self.pieces)


def bounds_of(points: Sequence[Point]) -> Box:
    """The smallest box around the points."""
    if not points:
        return Box(0, 0, 0, 0)
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return Box(min(xs), min(ys), max(xs), max(ys))


@dataclass(frozen=True)
class Scene:
    box: Box
    shapes: tuple[Shape, ...]
    frames: tuple[Frame, ...]
    lines: tuple[Line, ...]
    texts: tuple[Text, ...]  # the title, caption and legend
    icon_size: float = styles.ICON_SIZE

    @property
    def body(self) -> Box:
        """The box of the drawing below the title: its nodes, groups and lines."""
        boxes = [
            *(shape.box for shape in self.shapes),
            *(frame.box for frame in self.frames),
            *(line.bounds for line in self.lines),
            *(text.box for line in self.lines for text in line.texts),
        ]
        corners = [
            corner for box in boxes for corner in ((box.left, box.bottom), (box.right, box.top))
        ]
        return bounds_of(corners)


EDGE_ATTRIBUTE = "arch_draw_edge"  # in the DOT: which blueprint edge a Graphviz edge draws


def scene_of(layout_json: bytes) -> Scene:
    """The scene of Graphviz's JSON output for arch-draw's DOT."""
    graph = json.loads(layout_json)
    objects: list[dict[str, Any]] = graph.get("objects", [])
    names = {item["_gvid"]: str(item["name"]) for item in objects if "_gvid" in item}
    shapes = tuple(_shape(item) for item in objects if "pos" in item and _drawn(item))
    # Subgraphs have a bounding box where nodes have a position: a node's id may begin
    # with "cluster_" too (`cluster_endpoint`).
    # Groups are clusters; arch-draw's own have a '.' in their names, which blueprint ids
    # cannot: invisible slots that keep room (render.finish), which draw nothing.
    frames = tuple(
        _frame(item, graph)
        for item in objects
        if "bb" in item
        and "pos" not in item
        and str(item["name"]).startswith("cluster_")
        and "." not in str(item["name"])
    )
    # An invisible edge (layout only) draws nothing: there is nothing of it to score.
    edges = [edge for edge in graph.get("edges", []) if edge.get("_draw_")]
    lines = tuple(_line(edge, names) for edge in edges)
    return Scene(box_of(graph["bb"]), shapes, frames, lines, tuple(texts_of(graph)))


def _drawn(node: dict[str, Any]) -> bool:
    return not str(node["name"]).endswith(".empty")  # an empty group's placeholder


def _shape(node: dict[str, Any]) -> Shape:
    box = node_box(node)
    name = str(node["name"])
    note_of = name.removesuffix(".note") if name.endswith(".note") else None
    icon = None if note_of else icon_box(box)
    return Shape(name, box, icon, tuple(texts_of(node)), note_of)


def icon_box(node: Box) -> Box:
    """A node is a table: its icon's cell on top, centred, the label's row below."""
    size = styles.ICON_SIZE
    middle = (node.left + node.right) / 2
    return Box(middle - size / 2, node.top - size, middle + size / 2, node.top)


def _frame(cluster: dict[str, Any], graph: dict[str, Any]) -> Frame:
    # Drawn from positions (render.finish), a group without a label of its own carries
    # the drawing's label operations in the JSON (only there: nothing is drawn twice).
    inherited = cluster.get("_ldraw_") == graph.get("_ldraw_")
    texts = () if inherited else tuple(texts_of(cluster))
    return Frame(str(cluster["name"]).removeprefix("cluster_"), box_of(cluster["bb"]), texts)


def _line(edge: dict[str, Any], names: dict[int, str]) -> Line:
    tail, head = names.get(edge["tail"], ""), names.get(edge["head"], "")
    points = tuple(_curve_points(edge.get("_draw_", [])))
    texts = tuple(texts_of(edge, ("_ldraw_", "_tldraw_", "_hldraw_")))  # middle, start, end
    if EDGE_ATTRIBUTE in edge:
        return Line(str(edge[EDGE_ATTRIBUTE]), tail, head, points, texts)
    return Line("", tail, head, points, texts, note_of=tail)  # a note's dotted link


def texts_of(item: dict[str, Any], labels: Sequence[str] = ("_ldraw_",)) -> Iterator[Text]:
    """Each line of text an object draws, from the xdot `T` operations of its labels."""
    size = 14.0
    for key in labels:
        for operation in item.get(key, []):
            if operation.get("op") == "F":
                size = float(operation["size"])
            elif operation.get("op") == "T":
                x, y = operation["pt"]
                width = float(operation["width"])
                left = {"l": x, "c": x - width / 2, "r": x - width}[operation.get("align", "c")]
                box = Box(left, y - _DESCENT * size, left + width, y + _ASCENT * size)
                yield Text(str(operation["text"]), box, key, size)


def _curve_points(operations: Sequence[dict[str, Any]]) -> Iterator[Point]:
    """The line's Bézier curves (xdot `b` operations) as points along them."""
    for operation in operations:
        if operation.get("op") not in ("b", "B"):
            continue
        controls = [(float(x), float(y)) for x, y in operation["points"]]
        yield controls[0]
        for start in range(0, len(controls) - 3, 3):
            yield from _bezier(controls[start : start + 4])


def _bezier(controls: Sequence[Point]) -> Iterator[Point]:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls
    for step in range(1, _CURVE_STEPS + 1):
        t = step / _CURVE_STEPS
        a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
        yield (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


# Reading Graphviz's JSON (also for render.finish, which changes the layout it gives).


def node_box(node: dict[str, Any]) -> Box:
    """A node's box: its position, and its size in inches."""
    x, y = point_of(str(node["pos"]))
    half_width, half_height = float(node["width"]) * 36, float(node["height"]) * 36
    return Box(x - half_width, y - half_height, x + half_width, y + half_height)


def point_of(text: str) -> Point:
    """A point written `x,y`."""
    x, y = text.split(",")[:2]
    return float(x), float(y)


def box_of(text: str) -> Box:
    """A box written `left,bottom,right,top` (or with spaces: the bounds a layout sets
    on the graph itself)."""
    left, bottom, right, top = (float(part) for part in text.replace(" ", ",").split(","))
    return Box(left, bottom, right, top)
