"""What arch-draw adds to Graphviz's layout before it is drawn, from Graphviz's own
coordinates: the boxes of groups that span, and lines drawn straight or at right angles.

Graphviz then draws the positioned graph as it is (its `nop2` engine keeps every
position and route it is given), so the additions look the same in every format.

Groups that span: an Auto Scaling group across two Availability Zones holds elements
of both, which no nesting of Graphviz clusters can express. So dot lays each member out
inside an invisible slot that keeps room for the group's label above it (render.dot),
with the members level. After layout, the group becomes a cluster of its own around the
slots, drawn after the others (so over the boxes its members sit in) and under nodes and
edges. An edge that ends at such a group was laid out to the group's first member; it
is cut where it meets the group's box.

Lines: dot routes every edge as a curve (one `splines` setting per graph, and its
right-angled router ignores ports and edge labels). An edge with `line: straight` or
`angled` gets a new route between the ends dot gave it.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..model import Blueprint, Edge
from ..themes import THEMES
from . import styles
from .dot import SPAN_END_ATTRIBUTES, cluster_name, group_attributes, painted_dark, slot_name
from .scene import (
    EDGE_ATTRIBUTE,
    Box,
    BoxIndex,
    Point,
    bounds_of,
    box_of,
    node_box,
    point_of,
    texts_of,
)

# How far an arrowhead reaches back from its tip, in points (Graphviz: 10 times arrowsize).
_ARROW_LENGTH = 10 * float(styles.EDGE["arrowsize"])
_CLEARANCE = 18.0  # how far past its ends an angled route turns over, in points
_STEPS = 32  # samples per Bézier piece when looking for where it meets a box
EdgeKey = tuple[str, str, str]  # blueprint edge id, tail node, head node


@dataclass(frozen=True)
class Finishing:
    """What is added to a laid-out graph: clusters by name with their attributes (`bb`
    included), and new attributes for edges (by blueprint edge id and ends): routes
    (`pos`), and the places of the labels at their ends."""

    clusters: tuple[tuple[str, dict[str, str]], ...]
    hidden: tuple[str, ...]  # clusters drawn as nothing at all
    routes: dict[EdgeKey, dict[str, str]]
    bounds: Box  # the whole drawing, the new clusters included
    moves: dict[str, str]  # node name -> its new position (`pos`)
    labels: dict[str, str]  # cluster name -> its label's new place (`lp`)
    trimmed: bool  # the bounds are narrower than the layout's (_trimmed)
    drawing: Box  # what is drawn below the title: groups, nodes, lines and their labels


def may_finish(blueprint: Blueprint) -> bool:
    """Whether anything may be added to the blueprint's layout: groups (their labels may
    be moved off edges, and some span), nodes on borders, lines not curved, or labels at
    edges' ends (dot places them by the ends of a route, which it writes backwards for
    some edges). Without these, the layout is drawn as dot made it, and not even read."""
    return (
        bool(blueprint.groups)
        or any(node.on_border for node in blueprint.nodes)
        or any(
            edge.line != "curved" or edge.start_label or edge.end_label for edge in blueprint.edges
        )
    )


def finishing(blueprint: Blueprint, layout_json: bytes) -> Finishing | None:
    """What to add to the layout; None when nothing needs adding."""
    redrawn = {edge.id: edge for edge in blueprint.edges if edge.line != "curved"}
    bordering = {node.id: node.parent for node in blueprint.nodes if node.on_border}
    graph = json.loads(layout_json)
    clusters, boxes = _spanning_boxes(blueprint, graph)
    shifts = dict(_border_shifts(graph, bordering))
    routes = dict(_routes(graph, boxes, redrawn, shifts))
    hidden = tuple(
        str(item["name"]) for item in graph.get("objects", []) if _is_slot(item)
    )  # the slots keep their room, but Graphviz draws an invisible cluster's label when
    # it only places the graph
    bounds = _union([box_of(graph["bb"]), *boxes.values()])
    moves = {
        name: _xy((position[0] + dx, position[1] + dy))
        for name, ((dx, dy), position) in shifts.items()
    }
    # Drawn from positions, routes keep their control points inside the drawing (see
    # _kept_within); labels are placed against the routes as they will be drawn.
    kept = dict(_kept_within(graph, routes, bounds))
    drawn = {key: {**routes.get(key, {}), "pos": pos} for key, pos in kept.items()}
    lines = dict(_drawn_lines(graph, {**routes, **drawn}))
    pieces = _pieces(lines.values())
    groups = list(_group_labels(graph, clusters))
    shifts_along = _label_moves(groups, pieces)
    labels = {
        group.name: _xy((group.place[0] + shifts_along[group.name], group.place[1]))
        for group in groups
        if group.name in shifts_along
    }
    shown = [group.shown.shifted((shifts_along.get(group.name, 0.0), 0.0)) for group in groups]
    frames = [
        box_of(item["bb"])
        for item in graph.get("objects", [])
        if str(item["name"]).startswith("cluster_") and "bb" in item and not _is_slot(item)
    ]
    frames += [box_of(values["bb"]) for _name, values in clusters]
    label_moves, label_boxes = _edge_label_moves(graph, lines, pieces, (frames, shown), routes)
    for (key, attribute), place in label_moves.items():
        routes.setdefault(key, {})[attribute] = place
    # Graphviz's bounds hold every label where Graphviz put it: one moved in from outside
    # left an empty strip beside the drawing.
    drawing = _union([*frames, *label_boxes, *_laid_parts(graph, {**routes, **drawn})])
    laid_out = bounds
    bounds = _trimmed(bounds, [drawing, *_title_box(graph)])
    for name, values in clusters:  # drawn after layout: their places are set here
        values["lp"] = labels.pop(name, values["lp"])
    if not (clusters or routes or moves or labels):
        return None
    for key, values in drawn.items():
        routes[key] = {**values, **routes.get(key, {}), "pos": values["pos"]}
    routes.update(_unseen_within(graph, bounds))
    trimmed = bounds != laid_out
    return Finishing(tuple(clusters), hidden, routes, bounds, moves, labels, trimmed, drawing)


def _positions(graph: dict[str, Any]) -> dict[str, Point]:
    """Each node's position in Graphviz's JSON, by name."""
    return {
        str(item["name"]): point_of(item["pos"])
        for item in graph.get("objects", [])
        if "pos" in item
    }


def _keyed_edges(graph: dict[str, Any]) -> Iterator[tuple[EdgeKey, dict[str, Any]]]:
    """Each edge of Graphviz's JSON with its key: blueprint edge id, tail and head."""
    names = {item["_gvid"]: str(item["name"]) for item in graph.get("objects", [])}
    for edge in graph.get("edges", []):
        yield (str(edge.get(EDGE_ATTRIBUTE, "")), names[edge["tail"]], names[edge["head"]]), edge


def _kept_within(
    graph: dict[str, Any], routes: dict[EdgeKey, dict[str, str]], bounds: Box
) -> Iterator[tuple[EdgeKey, str]]:
    """Routes whose control points lie outside the drawing, with those points brought to
    its edge. Drawn from positions, Graphviz sizes the canvas to hold every control
    point, not just the curves, which dot keeps inside: a loop's far control points
    made a drawing of 100 nodes half as wide again. The curves, which pass well inside
    such points, bulge a little less."""
    for key, edge in _keyed_edges(graph):
        if "pos" not in edge:
            continue
        route = Route.parse(routes.get(key, {}).get("pos", str(edge["pos"])))
        inside = [
            (min(max(x, bounds.left), bounds.right), min(max(y, bounds.bottom), bounds.top))
            for x, y in route.points
        ]
        if inside != list(route.points):
            yield key, Route(tuple(inside), route.start, route.end).text()


# --- group labels off the edges ------------------------------------------------------------

_LABEL_CLEARANCE = 6.0  # points between a moved group label and the edges beside it
_CURVE_SAMPLES = 24  # points per Bézier piece when looking for what a label is under


class _GroupLabel(NamedTuple):
    name: str  # the cluster's
    frame: Box  # the group's box
    shown: Box  # what its label shows
    place: Point  # where the label is (`lp`)


def _label_moves(groups: Sequence[_GroupLabel], pieces: BoxIndex) -> dict[str, float]:
    """Group labels that edges run through, each moved along its box's side to the
    nearest place no edge runs through, within the box (cluster name -> how far).

    Graphviz keeps a band at the top of a group for its label, and routes edges through
    the band as through empty space; in a narrow box, or where an edge enters a box at
    its left, the line ran through the label."""
    moves: dict[str, float] = {}
    for group in groups:
        if not _crossed(pieces, group.shown):
            continue
        others = [other.frame for other in groups if other.name != group.name]
        others += [other.shown for other in groups if other.name != group.name]
        shift = _free_shift(group.shown, group.frame, pieces, others)
        if shift is not None:
            moves[group.name] = shift
    return moves


def _drawn_lines(
    graph: dict[str, Any], routes: dict[EdgeKey, dict[str, str]]
) -> Iterator[tuple[EdgeKey, list[Point]]]:
    """Each drawn edge as points along it, as it will be drawn (routes changed here
    included)."""
    for key, edge in _keyed_edges(graph):
        if "pos" not in edge or "invis" in str(edge.get("style", "")):
            continue
        route = Route.parse(routes.get(key, {}).get("pos", str(edge["pos"])))
        yield (
            key,
            [
                _bezier(route.points[3 * piece : 3 * piece + 4], step / _CURVE_SAMPLES)
                for piece in range((len(route.points) - 1) // 3)
                for step in range(_CURVE_SAMPLES + 1)
            ],
        )


def _group_labels(
    graph: dict[str, Any], clusters: Sequence[tuple[str, dict[str, str]]]
) -> Iterator[_GroupLabel]:
    """Each labelled group: those Graphviz laid out, then those drawn after layout
    (whose labels are their slots' labels)."""
    objects = graph.get("objects", [])
    for item in objects:
        if str(item["name"]).startswith("cluster_") and not _is_slot(item) and "lp" in item:
            place = point_of(str(item["lp"]))
            yield _GroupLabel(
                str(item["name"]), box_of(item["bb"]), _shown_label(item, place), place
            )
    slots = {str(item["name"]).split(".")[0]: item for item in objects if _is_slot(item)}
    for name, values in clusters:
        if name in slots and "lp" in slots[name]:
            slot = slots[name]
            in_slot = point_of(str(slot["lp"]))
            place = point_of(values["lp"])
            shown = _shown_label(slot, in_slot).shifted(
                (place[0] - in_slot[0], place[1] - in_slot[1])
            )
            yield _GroupLabel(name, box_of(values["bb"]), shown, place)


def _shown_label(item: dict[str, Any], place: Point) -> Box:
    """What a cluster's label shows: from its left (its icon) to the end of its longest
    line of text; a label of a group in TB or BT ends in an empty cell (render.dot)."""
    x, y = place
    half_width, half_height = float(item["lwidth"]) * 36, float(item["lheight"]) * 36
    right = max((text.box.right for text in texts_of(item)), default=x + half_width)
    return Box(x - half_width, y - half_height, right, y + half_height)


# --- edge labels off borders, lines, icons and other labels ----------------------------------

_EDGE_LABEL_GAP = 4.0  # points between a moved edge label and its line
_EDGE_LABEL_PLACES = 160  # the places beside its line tried for an edge label, nearest first


# Each label of an edge: what Graphviz draws it as, and the attribute that places it.
_EDGE_LABELS = {"_ldraw_": "lp", "_tldraw_": "tail_lp", "_hldraw_": "head_lp"}
# How far a label at an edge's end may move: further, it no longer reads as at that end.
_END_LABEL_REACH = 36.0

LabelKey = tuple[EdgeKey, str]  # an edge, and the attribute that places one of its labels


def _edge_label_moves(
    graph: dict[str, Any],
    lines: dict[EdgeKey, list[Point]],
    pieces: BoxIndex,
    groups: tuple[Sequence[Box], Sequence[Box]],
    placed: dict[EdgeKey, dict[str, str]],
) -> tuple[dict[LabelKey, str], list[Box]]:
    """Edge labels that a group's border, a line, an icon or another label runs
    through, each moved beside its own line to the nearest place where nothing does
    ((edge key, `lp`, `tail_lp` or `head_lp`) -> its new place), and every label's box
    where it is drawn; one with no such place stays. A label at an edge's end moves only
    a little way, staying by that end.
    `placed`: the places the routes already give labels (an edge turned round swaps its
    end labels).

    Graphviz puts an edge's label halfway along it, beside it, wherever that is: across
    the border of a group the edge enters, or over another edge; and a label at an end
    at an angle to the line there, which a line that curves away runs through."""
    nodes = [
        node_box(item)
        for item in graph.get("objects", [])
        if "pos" in item and "width" in item and not str(item["name"]).endswith(".empty")
    ]
    labels: dict[LabelKey, Box] = {}
    offsets: dict[LabelKey, Point] = {}
    for key, edge in _keyed_edges(graph):
        for drawn, attribute in _EDGE_LABELS.items():
            box = _text_box(edge, drawn)
            if box is not None and attribute in edge and key in lines:
                now = placed.get(key, {}).get(attribute, str(edge[attribute]))
                drawn_at = point_of(str(edge[attribute]))
                labels[key, attribute] = _centred(box, drawn_at, now)
                # (Graphviz draws a label's text a little off the point that places it:
                # the baseline; a new place keeps that offset)
                middle = box.middle
                offsets[key, attribute] = (middle[0] - drawn_at[0], middle[1] - drawn_at[1])
    frames, group_labels = groups
    fixed = BoxIndex()
    for box in [*group_labels, *nodes]:
        fixed.add(box, box)
    movable = BoxIndex()
    slots = {label: movable.add(box, box) for label, box in labels.items()}
    moves: dict[LabelKey, str] = {}
    for label in sorted(labels):
        movable.remove(slots[label])  # a label is no obstacle to itself
        if not _clear(labels[label], frames, [fixed, movable], pieces):
            reach = None if label[1] == "lp" else _END_LABEL_REACH
            place = _beside(
                lines[label[0]], labels[label], (frames, [fixed, movable], pieces), reach
            )
            if place is not None:
                labels[label] = place
                (x, y), (dx, dy) = place.middle, offsets[label]
                moves[label] = _xy((x - dx, y - dy))
        slots[label] = movable.add(labels[label], labels[label])
    return moves, list(labels.values())


def _centred(box: Box, placed_at: Point, place: str) -> Box:
    """A label's box, drawn for the point `placed_at` (its `lp`), moved to be drawn for
    `place` instead."""
    x, y = point_of(place)
    return box.shifted((x - placed_at[0], y - placed_at[1]))


def _text_box(edge: dict[str, Any], label: str) -> Box | None:
    """The box around the lines of text of one of an edge's labels, or None."""
    boxes = [text.box for text in texts_of(edge, (label,))]
    return _union(boxes) if boxes else None


def _clear(
    label: Box, frames: Sequence[Box], obstacles: Sequence[BoxIndex], pieces: BoxIndex
) -> bool:
    """Whether nothing runs through the label: no border, line, icon or other label."""
    inner = label.shrunk(1.0)
    return (
        not any(inner.overlaps(frame) and not frame.encloses(inner) for frame in frames)
        and not any(inner.overlaps(other) for index in obstacles for other in index.near(inner))
        and not _crossed(pieces, inner)
    )


def _beside(
    line: Sequence[Point],
    label: Box,
    around: tuple[Sequence[Box], Sequence[BoxIndex], BoxIndex],
    reach: float | None = None,
) -> Box | None:
    """The label's box at the place beside its line (right, left, above or below a point
    of it) nearest where it was, that nothing `around` runs through (frames, other
    labels and icons, lines); the nearest places only (a label far from where Graphviz
    put it is no longer by its edge), and none further than `reach`, if given."""
    frames, obstacles, pieces = around
    centre = label.middle
    width, height, gap = label.width, label.height, _EDGE_LABEL_GAP
    candidates = []
    for x, y in line[2:-2]:  # not right at the icons
        for left, bottom in (
            (x + gap, y - height / 2),
            (x - gap - width, y - height / 2),
            (x - width / 2, y + gap),
            (x - width / 2, y - gap - height),
        ):
            middle = (left + width / 2, bottom + height / 2)
            distance = math.dist(middle, centre)
            if reach is None or distance <= reach:
                candidates.append((distance, left, bottom))
    for _distance, left, bottom in sorted(candidates)[:_EDGE_LABEL_PLACES]:
        box = Box(left, bottom, left + width, bottom + height)
        if _clear(box, frames, obstacles, pieces):
            return box
    return None


def _pieces(lines: Iterable[Sequence[Point]]) -> BoxIndex:
    """The lines by where they lie, a run of points at a time (a curve's piece)."""
    index = BoxIndex()
    step = _CURVE_SAMPLES
    for line in lines:
        for start in range(0, max(len(line) - 1, 1), step):
            run = line[start : start + step + 1]
            xs, ys = [x for x, _ in run], [y for _, y in run]
            index.add(Box(min(xs), min(ys), max(xs), max(ys)), run)
    return index


def _segments_near(pieces: BoxIndex, box: Box) -> Iterator[tuple[Point, Point]]:
    for run in pieces.near(box):
        yield from itertools.pairwise(run)


def _crossed(pieces: BoxIndex, box: Box) -> bool:
    """Whether a line runs through the box."""
    left, bottom, right, top = box.left, box.bottom, box.right, box.top
    for (x1, y1), (x2, y2) in _segments_near(pieces, box):
        if (x1 < left and x2 < left) or (x1 > right and x2 > right):
            continue  # beside it: most of a run of points near a box is
        if (y1 < bottom and y2 < bottom) or (y1 > top and y2 > top):
            continue
        if _meets((x1, y1), (x2, y2), box):
            return True
    return False


def _meets(a: Point, b: Point, box: Box) -> bool:
    """Whether the segment from a to b passes through the box's inside (Liang-Barsky)."""
    low, high = 0.0, 1.0
    for start, step, lowest, highest in (
        (a[0], b[0] - a[0], box.left, box.right),
        (a[1], b[1] - a[1], box.bottom, box.top),
    ):
        if step == 0:
            if not lowest < start < highest:
                return False
            continue
        t1, t2 = (lowest - start) / step, (highest - start) / step
        low, high = max(low, min(t1, t2)), min(high, max(t1, t2))
        if low >= high:
            return False
    return True


def _x_within(a: Point, b: Point, band: tuple[float, float]) -> tuple[float, float] | None:
    """The x-extent of the part of the segment from a to b between two heights."""
    (x1, y1), (x2, y2) = a, b
    bottom, top = band
    if max(y1, y2) < bottom or min(y1, y2) > top:
        return None
    if y1 == y2:
        return (min(x1, x2), max(x1, x2))
    ts = sorted(((bottom - y1) / (y2 - y1), (top - y1) / (y2 - y1)))
    t_low, t_high = max(0.0, ts[0]), min(1.0, ts[1])
    xs = (x1 + (x2 - x1) * t_low, x1 + (x2 - x1) * t_high)
    return (min(xs), max(xs))


def _free_shift(label: Box, frame: Box, pieces: BoxIndex, others: Sequence[Box]) -> float | None:
    """How far the label moves along its band to the nearest place that no line, other
    box's border or other label runs through, as far in from its box's sides as it was
    (None: there is none)."""
    inset = max(label.left - frame.left, 0.0)
    lowest, highest = frame.left + inset, frame.right - inset - label.width
    band = (label.bottom - _LABEL_CLEARANCE, label.top + _LABEL_CLEARANCE)
    near = _segments_near(pieces, Box(frame.left, band[0], frame.right, band[1]))
    spans = [span for a, b in near if (span := _x_within(a, b, band)) is not None]
    for other in others:  # the parts of other boxes, and other labels, in the band
        if other.bottom < band[1] and band[0] < other.top:
            across = band[0] <= other.top <= band[1] or band[0] <= other.bottom <= band[1]
            spans += (
                [(other.left, other.right)]
                if across
                else [
                    (other.left, other.left),
                    (other.right, other.right),
                ]
            )
    blocked = sorted((low - _LABEL_CLEARANCE, high + _LABEL_CLEARANCE) for low, high in spans)
    starts = [label.left] + [right for _left, right in blocked]
    starts += [left - label.width for left, _right in blocked]
    free = [
        start
        for start in starts
        if lowest <= start <= highest
        and not any(left < start + label.width and start < right for left, right in blocked)
    ]
    if not free:
        return None
    best = min(free, key=lambda start: (abs(start - label.left), start))
    return best - label.left


Shift = tuple[Point, Point]  # how far a node moves, and where it was


def _border_shifts(
    graph: dict[str, Any], bordering: dict[str, str | None]
) -> Iterator[tuple[str, Shift]]:
    """How far each node on a border moves: its icon's centre onto the nearest side of
    its group's box (an internet gateway straddles its VPC's edge)."""
    objects = {str(item["name"]): item for item in graph.get("objects", [])}
    boxes = {
        name: node_box(item) for name, item in objects.items() if "pos" in item and "width" in item
    }
    for node_id, parent in bordering.items():
        node, frame = objects.get(node_id), objects.get(cluster_name(parent or ""))
        if node is None or frame is None or "pos" not in node:
            continue
        x, y = point_of(str(node["pos"]))
        # The icon sits at the top of the node, its label under it.
        icon_y = y + float(node["height"]) * 36 - styles.ICON_SIZE / 2
        box = box_of(frame["bb"])
        gaps = {
            (box.left - x, 0.0): x - box.left,
            (box.right - x, 0.0): box.right - x,
            (0.0, box.bottom - icon_y): icon_y - box.bottom,
            (0.0, box.top - icon_y): box.top - icon_y,
        }
        # The nearest side where the node lands on no other node, else the nearest.
        others = [box for name, box in boxes.items() if name != node_id]
        moved = sorted(gaps, key=lambda move: gaps[move])
        clear = [
            move
            for move in moved
            if not any(boxes[node_id].shifted(move).overlaps(other) for other in others)
        ]
        yield node_id, ((clear or moved)[0], (x, y))


def _is_slot(item: dict[str, Any]) -> bool:
    return "bb" in item and "." in str(item["name"])


def _spanning_boxes(
    blueprint: Blueprint, graph: dict[str, Any]
) -> tuple[list[tuple[str, dict[str, str]]], dict[str, Box]]:
    """Each spanning group's cluster (by name, with its attributes) and box."""
    slots = {
        str(item["name"]).removeprefix("cluster_"): item
        for item in graph.get("objects", [])
        if _is_slot(item)
    }
    markers = blueprint.callout_numbers()
    boxes: dict[str, Box] = {}
    clusters = []
    for group in blueprint.groups:
        if not group.spans:
            continue
        members = [slots[slot_name(group.id, member)] for member in group.spans]
        box = _union([box_of(member["bb"]) for member in members])
        boxes[group.id] = box
        kept = group.id in blueprint.kept
        values = group_attributes(group, markers.get(group.id), blueprint.direction, kept)
        if THEMES[blueprint.theme].dark:  # (the DOT painted dark has no such group)
            values = painted_dark(values)
        values["bb"] = f"{box.left:.2f},{box.bottom:.2f},{box.right:.2f},{box.top:.2f}"
        values["lp"] = _label_place(members, box)
        clusters.append((cluster_name(group.id), values))
    return clusters, boxes


def _label_place(members: Sequence[dict[str, Any]], box: Box) -> str:
    """Where the group's label goes: where its top-left member's slot keeps room for it
    (each slot has the same label), moved to the box's top-left corner."""
    top_left = max(
        members, key=lambda member: (box_of(member["bb"]).top, -box_of(member["bb"]).left)
    )
    slot = box_of(top_left["bb"])
    x, y = point_of(str(top_left["lp"]))
    return f"{box.left + x - slot.left:.2f},{box.top - (slot.top - y):.2f}"


def _laid_parts(graph: dict[str, Any], routes: dict[EdgeKey, dict[str, str]]) -> list[Box]:
    """The boxes of the nodes and groups, the invisible ones too (Graphviz sizes the
    drawing to hold them), and of the drawn edges' routes with their control points
    (`routes`: those finishing changes; an invisible one is kept within, _unseen_within)."""
    parts = []
    for key, edge in _keyed_edges(graph):
        if "pos" in edge and not _unseen(edge):
            route = Route.parse(routes.get(key, {}).get("pos", str(edge["pos"])))
            ends = [end for end in (route.start, route.end) if end is not None]
            parts.append(bounds_of([*route.points, *ends]))
    for item in graph.get("objects", []):
        if "bb" in item:
            parts.append(box_of(str(item["bb"])))
        elif "pos" in item and "width" in item:
            parts.append(node_box(item))
    return parts


def _title_box(graph: dict[str, Any]) -> list[Box]:
    """The box of the graph's label (the title, caption and lists), if it has one."""
    if "lp" not in graph or "lwidth" not in graph:
        return []
    x, y = point_of(str(graph["lp"]))
    half_width, half_height = float(graph["lwidth"]) * 36, float(graph["lheight"]) * 36
    return [Box(x - half_width, y - half_height, x + half_width, y + half_height)]


def _unseen_within(graph: dict[str, Any], bounds: Box) -> Iterator[tuple[EdgeKey, dict[str, str]]]:
    """Invisible edges (those that place elements) routed out of `bounds`, each straight
    from its tail to its head instead: drawn as nothing, they would hold the drawing as
    wide as Graphviz's curves for them."""
    places = _positions(graph)
    for key, edge in _keyed_edges(graph):
        if "pos" not in edge or not _unseen(edge):
            continue
        if not _inside(bounds_of(Route.parse(str(edge["pos"])).points), bounds):
            tail, head = places[key[1]], places[key[2]]
            yield key, {"pos": Route((tail, tail, head, head), None, None).text()}


def _unseen(edge: dict[str, Any]) -> bool:
    return "invis" in str(edge.get("style", ""))


def _inside(box: Box, bounds: Box) -> bool:
    return (
        bounds.left <= box.left
        and bounds.bottom <= box.bottom
        and box.right <= bounds.right
        and box.top <= bounds.top
    )


def _trimmed(bounds: Box, drawn: Sequence[Box]) -> Box:
    """`bounds` no further than _MARGIN beyond what is `drawn`, as Graphviz keeps the
    drawing's bounds; never wider than they were, and a side within a point of where it
    was stays (Graphviz's own rounding, not an empty strip)."""
    around = _union(drawn)

    def side(laid: float, wanted: float) -> float:
        return laid if abs(wanted - laid) < 1 else wanted

    return Box(
        side(bounds.left, max(bounds.left, around.left - _MARGIN)),
        side(bounds.bottom, max(bounds.bottom, around.bottom - _MARGIN)),
        side(bounds.right, min(bounds.right, around.right + _MARGIN)),
        side(bounds.top, min(bounds.top, around.top + _MARGIN)),
    )


_MARGIN = 8.0  # points between the outermost group and Graphviz's bounds


def _union(boxes: Sequence[Box]) -> Box:
    return Box(
        min(box.left for box in boxes),
        min(box.bottom for box in boxes),
        max(box.right for box in boxes),
        max(box.top for box in boxes),
    )


def _routes(
    graph: dict[str, Any],
    boxes: dict[str, Box],
    redrawn: dict[str, Edge],
    shifts: dict[str, Shift],
) -> Iterator[tuple[EdgeKey, dict[str, str]]]:
    """Each edge written backwards, turned round; each edge that ends at a node moved
    onto a border, bent to follow it; each edge redrawn straight or angled; each edge
    that ends at a spanning group, cut where it meets the group's box."""
    places = _positions(graph)
    for (edge_id, tail, head), edge in _keyed_edges(graph):
        ends = {end: edge.get(attribute) for end, attribute in SPAN_END_ATTRIBUTES.items()}
        if "pos" not in edge:
            continue
        route = written = Route.parse(str(edge["pos"]))
        # dot writes some routes from the head back to the tail (edges within a rank,
        # some against the flow), an arrowhead at the head then marked as at the start;
        # drawn from positions, Graphviz would take that for an arrow at the tail and
        # leave it out. Every route is turned to run from the tail.
        backwards = route.head_first(places[tail], places[head])
        moved = tail in shifts or head in shifts
        if not (backwards or any(ends.values()) or edge_id in redrawn or moved):
            continue
        route = route.reversed() if backwards else route
        if tail in shifts:
            route = route.reversed().bent(shifts[tail][0]).reversed()
        if head in shifts:
            route = route.bent(shifts[head][0])
        # A loop from a node back to itself keeps its curve: straight or angled from one
        # end to the same end, it would be drawn as nothing.
        if edge_id in redrawn and tail != head:
            edge_model = redrawn[edge_id]
            sides = (_is_level(edge_model.from_side), _is_level(edge_model.to_side))
            route = route.redrawn(edge_model.line, sides)
        for end, group_id in ends.items():
            if group_id in boxes:
                route = route.cut(boxes[group_id], at_head=end == "head")
        attributes = {"pos": route.text()}
        if backwards:  # dot put the start's label at the route's start: by the head
            attributes.update(_swapped_end_labels(edge, written))
        yield (edge_id, tail, head), attributes


def _swapped_end_labels(edge: dict[str, Any], written: Route) -> dict[str, str]:
    """The places of an edge's start and end labels, each at the other's; a label alone
    at one end moves to the other as far as the route `written` (from head to tail) runs,
    keeping its place beside the end."""
    places = {key: str(edge[key]) for key in ("tail_lp", "head_lp") if key in edge}
    if len(places) == 2:
        return {"tail_lp": places["head_lp"], "head_lp": places["tail_lp"]}
    (first_x, first_y), (last_x, last_y) = written.points[0], written.points[-1]
    along = (last_x - first_x, last_y - first_y)
    moved: dict[str, str] = {}
    for key, place in places.items():
        x, y = point_of(place)
        # (the start's label was set by the route's first point, the end's by its last)
        sign = 1 if key == "tail_lp" else -1
        moved[key] = _xy((x + sign * along[0], y + sign * along[1]))
    return moved


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

    @property
    def ends(self) -> tuple[Point, Point]:
        """Where the route starts and ends: the tips of its arrows, where it has them."""
        return self.start or self.points[0], self.end or self.points[-1]

    def head_first(self, tail: Point, head: Point) -> bool:
        """Whether the route runs from `head` to `tail`: its ends are nearer to them that
        way round. dot writes some routes so (edges within a rank, some against the flow),
        an arrowhead at the head then marked as at the start."""
        start, end = self.ends
        onward = math.dist(start, tail) + math.dist(end, head)
        return math.dist(start, head) + math.dist(end, tail) < onward

    def text(self) -> str:
        parts = [f"s,{_xy(self.start)}"] if self.start else []
        parts += [f"e,{_xy(self.end)}"] if self.end else []
        return " ".join([*parts, *(_xy(point) for point in self.points)])

    def redrawn(self, line: str, sides: tuple[bool | None, bool | None] = (None, None)) -> Route:
        """The route between the same ends (and arrowheads), `straight` or `angled`.

        An angled route leaves and arrives level or upright as `sides` say (from the
        sides the blueprint names), else the way dot's curve did. Level at both ends, it
        turns upright halfway, or past both ends when it leaves and arrives going
        opposite ways (out of the top of one icon into the top of another); upright at
        both, the same turned; otherwise it turns once.
        """
        first, last = self.points[0], self.points[-1]
        leaves, arrives = sides
        leaves_level = _level(first, self.points[1]) if leaves is None else leaves
        arrives_level = _level(self.points[-2], last) if arrives is None else arrives
        if line == "straight":  # arrowheads in line with it
            towards = (self.end or last, self.start or first)
            first = _back_from(self.start, towards[0]) if self.start else first
            last = _back_from(self.end, towards[1]) if self.end else last
        else:  # arrowheads level or upright, as the route arrives
            first = _square_from(self.start, first, leaves_level) if self.start else first
            last = _square_from(self.end, last, arrives_level) if self.end else last
        corners = [first, last]
        if line == "angled":
            if leaves_level and arrives_level:
                middle = _between(first, self.points[1], self.points[-2], last, 0)
                corners = [first, (middle, first[1]), (middle, last[1]), last]
            elif not leaves_level and not arrives_level:
                middle = _between(first, self.points[1], self.points[-2], last, 1)
                corners = [first, (first[0], middle), (last[0], middle), last]
            else:
                turn = (last[0], first[1]) if leaves_level else (first[0], last[1])
                corners = [first, turn, last]
        points = [first]
        for start, finish in itertools.pairwise(corners):  # each piece a straight Bézier
            points += [_lerp(start, finish, 1 / 3), _lerp(start, finish, 2 / 3), finish]
        return Route(tuple(points), self.start, self.end)

    def bent(self, shift: Point) -> Route:
        """The route with its end moved by `shift`, its other points the less the
        farther they are from that end, its start not at all."""
        dx, dy = shift
        last = len(self.points) - 1 or 1
        points = tuple(
            (x + dx * index / last, y + dy * index / last)
            for index, (x, y) in enumerate(self.points)
        )
        end = (self.end[0] + dx, self.end[1] + dy) if self.end else None
        return Route(points, self.start, end)

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


def _is_level(side: str | None) -> bool | None:
    """Whether a route through an icon's named side runs level there (None: no side)."""
    return None if side is None else side in ("east", "west")


def _back_from(tip: Point, towards: Point) -> Point:
    """Where an arrowhead with its tip at `tip`, pointing away from `towards`, starts."""
    length = math.dist(tip, towards) or 1.0
    return _lerp(tip, towards, min(1.0, _ARROW_LENGTH / length))


def _square_from(tip: Point, near: Point, level: bool) -> Point:
    """Where an arrowhead with its tip at `tip` starts, level or upright, on the side of
    `near` (where the route came from)."""
    if level:
        return (tip[0] - math.copysign(_ARROW_LENGTH, tip[0] - near[0]), tip[1])
    return (tip[0], tip[1] - math.copysign(_ARROW_LENGTH, tip[1] - near[1]))


def _between(first: Point, after: Point, before: Point, last: Point, axis: int) -> float:
    """Where an angled route crosses over, along `axis` (0: x, 1: y): halfway between its
    ends, or clear past both when it leaves one way and arrives the other."""
    leaving = after[axis] - first[axis]
    arriving = last[axis] - before[axis]
    if leaving > 0 > arriving:
        return max(first[axis], last[axis]) + _CLEARANCE
    if leaving < 0 < arriving:
        return min(first[axis], last[axis]) - _CLEARANCE
    return (first[axis] + last[axis]) / 2


def _level(one: Point, other: Point) -> bool:
    """Whether the way from one point to the other is more level than upright."""
    return abs(other[0] - one[0]) >= abs(other[1] - one[1])


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _xy(point: Point) -> str:
    return f"{point[0]:.2f},{point[1]:.2f}"
