"""Groups that span: boxes Graphviz cannot lay out, added from its own coordinates.

An Auto Scaling group across two Availability Zones holds elements of both, which no
nesting of Graphviz clusters can express. So dot lays each member out inside an
invisible slot that keeps room for the group's label above it (render.dot), with the
members level. After layout, the group becomes a cluster of its own around the slots;
Graphviz then draws the positioned graph as it is (its `nop2` engine), in every format,
clusters in order (this one last, so over the boxes its members sit in) and nodes and
edges over them. An edge that ends at such a group was laid out to the group's first
member; it is cut where it meets the group's box.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Blueprint
from . import styles
from .dot import SPAN_END_ATTRIBUTES, cluster_name, group_attributes, slot_name
from .scene import EDGE_ATTRIBUTE, Box, Point

# How far an arrowhead reaches back from its tip, in points (Graphviz: 10 times arrowsize).
_ARROW_LENGTH = 10 * float(styles.EDGE["arrowsize"])
_STEPS = 32  # samples per Bézier piece when looking for where it meets a box
EdgeKey = tuple[str, str, str]  # blueprint edge id, tail node, head node


@dataclass(frozen=True)
class Finishing:
    """What is added to a laid-out graph: clusters by name with their attributes (`bb`
    included), and new routes (`pos`) for edges."""

    clusters: tuple[tuple[str, dict[str, str]], ...]
    hidden: tuple[str, ...]  # clusters drawn as nothing at all
    routes: dict[EdgeKey, str]
    bounds: Box  # the whole drawing, the new clusters included


def finishing(blueprint: Blueprint, layout_json: bytes) -> Finishing | None:
    """The boxes of the blueprint's spanning groups and the edges cut at them; None when
    it has no such group."""
    spanning = [group for group in blueprint.groups if group.spans]
    if not spanning:
        return None
    graph = json.loads(layout_json)
    slots = {
        str(item["name"]).removeprefix("cluster_"): item
        for item in graph.get("objects", [])
        if "bb" in item and "." in str(item["name"])
    }
    markers = blueprint.callout_numbers()
    boxes: dict[str, Box] = {}
    clusters = []
    for group in spanning:
        members = [slots[slot_name(group.id, member)] for member in group.spans]
        box = _union([_box(member["bb"]) for member in members])
        boxes[group.id] = box
        values = group_attributes(group, markers.get(group.id), blueprint.direction)
        values["bb"] = f"{box.left:.2f},{box.bottom:.2f},{box.right:.2f},{box.top:.2f}"
        values["lp"] = _label_place(members, box)
        clusters.append((cluster_name(group.id), values))
    # The slots keep their room, but show nothing: Graphviz draws an invisible cluster's
    # label when it only places the graph.
    hidden = tuple(cluster_name(slot) for slot in slots)
    routes = dict(_routes(graph, boxes))
    bounds = _union([_box(graph["bb"]), *boxes.values()])
    return Finishing(tuple(clusters), hidden, routes, bounds)


def _label_place(members: Sequence[dict[str, Any]], box: Box) -> str:
    """Where the group's label goes: where its top-left member's slot keeps room for it
    (each slot has the same label), moved to the box's top-left corner."""
    top_left = max(members, key=lambda member: (_box(member["bb"]).top, -_box(member["bb"]).left))
    slot = _box(top_left["bb"])
    x, y = (float(part) for part in str(top_left["lp"]).split(","))
    return f"{box.left + x - slot.left:.2f},{box.top - (slot.top - y):.2f}"


def _box(text: str) -> Box:
    left, bottom, right, top = (float(part) for part in text.split(","))
    return Box(left, bottom, right, top)


def _union(boxes: Sequence[Box]) -> Box:
    return Box(
        min(box.left for box in boxes),
        min(box.bottom for box in boxes),
        max(box.right for box in boxes),
        max(box.top for box in boxes),
    )


def _routes(graph: dict[str, Any], boxes: dict[str, Box]) -> Iterator[tuple[EdgeKey, str]]:
    """Each edge that ends at a spanning group, cut where it meets the group's box."""
    names = {item["_gvid"]: str(item["name"]) for item in graph.get("objects", [])}
    for edge in graph.get("edges", []):
        ends = {end: edge.get(attribute) for end, attribute in SPAN_END_ATTRIBUTES.items()}
        if not any(ends.values()) or "pos" not in edge:
            continue
        route = Route.parse(str(edge["pos"]))
        for end, group_id in ends.items():
            if group_id in boxes:
                route = route.cut(boxes[group_id], at_head=end == "head")
        key = (str(edge[EDGE_ATTRIBUTE]), names[edge["tail"]], names[edge["head"]])
        yield key, route.text()


@dataclass(frozen=True)
class Route:
    """An edge's route as Graphviz writes it (`pos`): a B-spline of cubic Bézier pieces
    (3n+1 points), and the tips of the arrowheads at its start and end, if any."""

    points: tuple[Point, ...]
    start: Point | None
    end: Point | None

    @classmethod
    def parse(cls, pos: str) -> Route:
        start = end = None
        points = []
        for item in pos.split():
            marker = item[:2] if item[:2] in ("s,", "e,") else ""
            x, y = (float(part) for part in item[len(marker) :].split(",")[:2])
            if marker == "s,":
                start = (x, y)
            elif marker == "e,":
                end = (x, y)
            else:
                points.append((x, y))
        return cls(tuple(points), start, end)

    def text(self) -> str:
        parts = [f"s,{_xy(self.start)}"] if self.start else []
        parts += [f"e,{_xy(self.end)}"] if self.end else []
        return " ".join([*parts, *(_xy(point) for point in self.points)])

    def reversed(self) -> Route:
        return Route(self.points[::-1], self.end, self.start)

    def cut(self, box: Box, *, at_head: bool) -> Route:
        """The route up to where it first meets `box`, coming from its other end; an
        arrowhead there keeps its length, its tip on the box. Unchanged if it never
        enters the box (both ends inside it)."""
        if not at_head:
            return self.reversed().cut(box, at_head=True).reversed()
        entry = _entry(self.points, box)
        if entry is None:
            return self
        piece, t = entry
        controls = self.points[3 * piece : 3 * piece + 4]
        tip = _bezier(controls, t)
        if self.end is None:
            kept = _split(controls, t)
            return Route((*self.points[: 3 * piece], *kept), self.start, None)
        back = _before(controls, t, tip, _ARROW_LENGTH)
        kept = _split(controls, back)
        return Route((*self.points[: 3 * piece], *kept), self.start, tip)


def _entry(points: Sequence[Point], box: Box) -> tuple[int, float] | None:
    """The Bézier piece and parameter where the route, from its start, enters the box
    (found by sampling, then halving)."""
    if box.contains(points[0]):
        return None
    for piece in range(0, (len(points) - 1) // 3):
        controls = points[3 * piece : 3 * piece + 4]
        outside = 0.0
        for step in range(1, _STEPS + 1):
            t = step / _STEPS
            if box.contains(_bezier(controls, t)):
                inside = t
                for _ in range(24):
                    middle = (outside + inside) / 2
                    if box.contains(_bezier(controls, middle)):
                        inside = middle
                    else:
                        outside = middle
                return piece, outside
            outside = t
    return None


def _before(controls: Sequence[Point], t: float, tip: Point, length: float) -> float:
    """The parameter before `t` whose point is `length` from the tip (or 0)."""
    low, high = 0.0, t
    if math.dist(_bezier(controls, low), tip) < length:
        return 0.0
    for _ in range(24):
        middle = (low + high) / 2
        if math.dist(_bezier(controls, middle), tip) > length:
            low = middle
        else:
            high = middle
    return low


def _bezier(controls: Sequence[Point], t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = controls
    a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
    return (a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3)


def _split(controls: Sequence[Point], t: float) -> tuple[Point, ...]:
    """The four control points of the piece from 0 to `t` (de Casteljau)."""
    p0, p1, p2, p3 = controls
    p01, p12, p23 = _lerp(p0, p1, t), _lerp(p1, p2, t), _lerp(p2, p3, t)
    p012, p123 = _lerp(p01, p12, t), _lerp(p12, p23, t)
    return (p0, p01, p012, _lerp(p012, p123, t))


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _xy(point: Point) -> str:
    return f"{point[0]:.2f},{point[1]:.2f}"
