"""How well a drawing reads, measured on its laid-out scene (render.scene): the defects a
reader trips over, each named, and a few measures of its shape.

Defects:
- two edges crossing;
- an edge running through a node's icon (not its own ends');
- a label overlapping another label, an icon, a line or a group's border;
- an edge crossing a group's border more often than its ends require (an edge between
  two nodes of one group need not leave it).

Measures: how long edges are, in icon sizes; how much canvas each node takes, in icon
squares; the drawing's proportions. All of it is plain geometry on Graphviz's own
coordinates, so the score says what the drawing shows, in every format.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .render.scene import Box, BoxIndex, Line, Point, Scene, Text

# Tolerances, in points: a line touching a label's or icon's outline is not through it;
# edges meet at the node they end at without crossing, and two leaving one side of a node
# run side by side for a while, touching as their curves part.
_TEXT_MARGIN = 1.0
_ICON_MARGIN = 4.0  # icons have a transparent margin inside their cell
_END_RADIUS = 3.0
_SHARED_END_RADIUS = 24.0
_BORDER_BAND = 1.0
_SHOWN_CHARACTERS = 40

Segment = tuple[Point, Point]


@dataclass(frozen=True)
class Defect:
    kind: str  # one of KINDS
    message: str


KINDS = ("crossing", "through node", "label", "border", "size")

# How wide a drawing is shown (a page, a wiki column, the README's gallery), and the
# height of text below which it cannot be read there, in pixels.
SHOWN_WIDTH = 1600
READABLE_TEXT = 6.0
_LARGEST_GROUPS = 3  # named when a drawing is too large to read


@dataclass(frozen=True)
class Score:
    defects: tuple[Defect, ...]
    crossings: int
    through_nodes: int
    labels_overlapped: int  # labels with anything over them: a line, a border, a label, an icon
    needless_border_crossings: int
    edge_length: float  # mean, in icon sizes
    longest_edge: float  # in icon sizes
    area_per_node: float  # in icon squares
    aspect: float  # width / height
    smallest_text: float = 0.0  # px high, when the drawing is shown SHOWN_WIDTH px wide

    @property
    def rating(self) -> tuple[float, float]:
        """For choosing among layouts, lower is better: first the defects, those that hide
        what the drawing says (a line through an icon or a label) counting double, then
        the canvas each node takes."""
        hiding = self.through_nodes + self.labels_overlapped
        defects = 2 * hiding + self.crossings + self.needless_border_crossings
        return (float(defects), self.area_per_node)

    def summary(self) -> str:
        """The counts and the measures, in a line for people."""
        too_large = any(defect.kind == "size" for defect in self.defects)
        counted = ("too large to read, " if too_large else "") + _counted(
            (self.crossings, "crossing", "crossings"),
            (self.through_nodes, "edge through nodes", "edges through nodes"),
            (self.labels_overlapped, "label overlapped", "labels overlapped"),
            (
                self.needless_border_crossings,
                "needless border crossing",
                "needless border crossings",
            ),
        )
        return (
            f"{counted}; edges {self.edge_length:.1f} icons long on average (longest"
            f" {self.longest_edge:.1f}), {self.area_per_node:.0f} icon squares per node,"
            f" {self.aspect:.2f} wide for 1 high, smallest text {self.smallest_text:.1f} px"
            f" at {SHOWN_WIDTH:,} px wide"
        )

    def brief(self) -> str:
        """The counts alone, short enough for a table."""
        return _counted(
            (self.crossings, "crossing", "crossings"),
            (self.through_nodes, "through nodes", "through nodes"),
            (self.labels_overlapped, "label", "labels"),
            (self.needless_border_crossings, "border", "borders"),
        )


def _counted(*counts: tuple[int, str, str]) -> str:
    return ", ".join(f"{count} {one if count == 1 else many}" for count, one, many in counts)


def score(scene: Scene) -> Score:
    """Every defect of the scene, and its measures."""
    labels = list(_labels(scene))
    icons = _icons(scene)  # (worked out once: every label and line is checked against each)
    edges = [line for line in scene.lines if line.note_of is None]
    crossings = list(_crossings(scene.lines))
    through = list(_through_nodes(scene, icons))
    overlaps = list(_label_overlaps(scene, labels, icons))
    borders = list(_border_crossings(scene))
    lengths = [line.length / scene.icon_size for line in edges] or [0.0]
    nodes = [shape for shape in scene.shapes if shape.note_of is None]
    area = scene.box.width * scene.box.height / scene.icon_size**2
    smallest = min((label.text.size for label in labels), default=0.0)
    shown = smallest * SHOWN_WIDTH / scene.box.width if scene.box.width else 0.0
    size = list(_too_large(scene, shown))
    return Score(
        defects=tuple(
            defect for defect, _count in [*crossings, *through, *overlaps, *borders, *size]
        ),
        crossings=sum(count for _defect, count in crossings),
        through_nodes=len(through),
        labels_overlapped=len({text for _defect, text in overlaps}),
        needless_border_crossings=sum(count for _defect, count in borders),
        edge_length=sum(lengths) / len(lengths),
        longest_edge=max(lengths),
        area_per_node=area / max(1, len(nodes)),
        aspect=scene.box.width / scene.box.height if scene.box.height else 0.0,
        smallest_text=shown,
    )


def _too_large(scene: Scene, shown: float) -> Iterator[tuple[Defect, int]]:
    """A drawing whose text cannot be read at SHOWN_WIDTH px wide, with the groups to
    split it at: the largest that hold at most half of its nodes."""
    if not shown or shown >= READABLE_TEXT:
        return
    nodes = [shape for shape in scene.shapes if shape.note_of is None]
    counts = {
        frame.id: sum(1 for node in nodes if frame.box.encloses(node.box)) for frame in scene.frames
    }
    parts = sorted(
        (count, frame_id) for frame_id, count in counts.items() if 1 < count <= len(nodes) / 2
    )[::-1][:_LARGEST_GROUPS]
    named = ", ".join(f"'{frame_id}' ({count} nodes)" for count, frame_id in parts)
    advice = f"; draw parts of it on their own, such as {named}" if named else ""
    message = (
        f"at {SHOWN_WIDTH:,} px wide its smallest text is {shown:.1f} px high, too small to"
        f" read{advice}"
    )
    yield Defect("size", message), 1


# --- names -------------------------------------------------------------------------------


def _line_name(line: Line) -> str:
    return f"the note link of '{line.note_of}'" if line.note_of else f"edge '{line.id}'"


def _label_name(text: Text) -> str:
    shown = text.content
    if len(shown) > _SHOWN_CHARACTERS:
        shown = shown[: _SHOWN_CHARACTERS - 3] + "..."
    return f"label '{shown}'"


@dataclass(frozen=True)
class _Label:
    text: Text
    owner: str  # what it belongs to: a node, note, group, edge, or the title

    @functools.cached_property
    def box(self) -> Box:
        """The text's box less a margin: a line touching its outline is not through it.
        (Worked out once: every label is checked against every other, and every icon,
        line and border.)"""
        return self.text.box.shrunk(_TEXT_MARGIN)


def _labels(scene: Scene) -> Iterator[_Label]:
    for shape in scene.shapes:
        yield from (_Label(text, f"node:{shape.id}") for text in shape.texts)
    for frame in scene.frames:
        yield from (_Label(text, f"group:{frame.id}") for text in frame.texts)
    for number, line in enumerate(scene.lines):  # an edge's three labels may meet
        yield from (_Label(text, f"line:{number}:{text.part}") for text in line.texts)
    yield from (_Label(text, "title") for text in scene.texts)


# --- edges crossing each other -------------------------------------------------------------


def _crossings(lines: Sequence[Line]) -> Iterator[tuple[Defect, int]]:
    for i, j in _pairs_among([line.bounds for line in lines]):
        first, second = lines[i], lines[j]
        one_box, other_box = first.bounds, second.bounds
        if not one_box.overlaps(other_box):
            continue  # the sweep also finds boxes that only touch
        ends = _ends_around(first, second)
        # Only the pieces of each line within the other's bounds can meet it.
        near_one = _pieces_within(first, other_box)
        near_other = _pieces_within(second, one_box)
        count = sum(
            1
            for (a, a_box), (b, b_box) in itertools.product(near_one, near_other)
            if a_box.touches(b_box)
            and (point := _intersection(a, b))
            and not _near_any(point, ends)
        )
        if count:
            times = "" if count == 1 else f" {count} times"
            message = f"{_line_name(first)} crosses {_line_name(second)}{times}"
            yield Defect("crossing", message), count


def _pieces_within(line: Line, box: Box) -> list[tuple[Segment, Box]]:
    return [
        (piece, bounds)
        for piece, bounds in zip(line.pieces, line.piece_bounds, strict=True)
        if bounds.overlaps(box)
    ]


def _ends_around(first: Line, second: Line) -> list[tuple[Point, float]]:
    """The ends of two lines, each with the distance from it within which the two do not
    count as crossing: wider where both end at one point."""
    ends = [end for line in (first, second) for end in (line.points[:1] + line.points[-1:])]
    return [
        (
            end,
            _SHARED_END_RADIUS
            if sum(math.dist(end, other) <= 1 for other in ends) > 1
            else _END_RADIUS,
        )
        for end in ends
    ]


def _near_any(point: Point, ends: Sequence[tuple[Point, float]]) -> bool:
    return any(math.dist(point, end) <= radius for end, radius in ends)


# --- edges through nodes -------------------------------------------------------------------


def _icons(scene: Scene) -> list[tuple[str, Box]]:
    """Each node's id and its icon less the icon's transparent margin."""
    return [(shape.id, shape.icon.shrunk(_ICON_MARGIN)) for shape in scene.shapes if shape.icon]


def _through_nodes(scene: Scene, icons: Sequence[tuple[str, Box]]) -> Iterator[tuple[Defect, int]]:
    near = _pairs_between([line.bounds for line in scene.lines], [icon for _id, icon in icons])
    for i, j in near:
        line, (node_id, icon) = scene.lines[i], icons[j]
        if node_id not in (line.tail, line.head) and _runs_through(line, icon):
            yield Defect("through node", f"{_line_name(line)} runs through node '{node_id}'"), 1


def _runs_through(line: Line, box: Box) -> bool:
    return line.bounds.overlaps(box) and any(
        bounds.overlaps(box) and _segment_meets_box(piece, box)
        for piece, bounds in zip(line.pieces, line.piece_bounds, strict=True)
    )


# --- labels overlapped ---------------------------------------------------------------------


def _label_overlaps(
    scene: Scene, labels: Sequence[_Label], icons: Sequence[tuple[str, Box]]
) -> Iterator[tuple[Defect, Text]]:
    """Each overlap as a defect, with the label it is about (to count labels once): every
    overlap between two labels, then label by label what lies over it."""
    boxes = [label.box for label in labels]
    for i, j in _pairs_among(boxes):
        first, second = labels[i], labels[j]
        if first.owner != second.owner and first.box.overlaps(second.box):
            message = f"{_label_name(first.text)} overlaps {_label_name(second.text)}"
            yield Defect("label", message), first.text
    over_icons = _by_first(_pairs_between(boxes, [icon for _id, icon in icons]))
    under_lines = _by_first(_pairs_between(boxes, [line.bounds for line in scene.lines]))
    on_borders = _by_first(_pairs_between(boxes, [frame.box for frame in scene.frames]))
    for i, label in enumerate(labels):
        for j in over_icons.get(i, ()):
            node_id, icon = icons[j]
            if label.box.overlaps(icon) and label.owner != f"node:{node_id}":
                message = f"{_label_name(label.text)} overlaps the icon of node '{node_id}'"
                yield Defect("label", message), label.text
        for j in under_lines.get(i, ()):
            line = scene.lines[j]
            if _runs_through(line, label.box):
                message = f"{_line_name(line)} runs through {_label_name(label.text)}"
                yield Defect("label", message), label.text
        for j in on_borders.get(i, ()):
            frame = scene.frames[j]
            if label.box.overlaps(frame.box) and not frame.box.encloses(label.box):
                message = f"{_label_name(label.text)} overlaps the border of group '{frame.id}'"
                yield Defect("label", message), label.text


# --- group borders -------------------------------------------------------------------------


def _border_crossings(scene: Scene) -> Iterator[tuple[Defect, int]]:
    """Edges crossing a group's border more often than their ends require: once if one
    end is inside and the other outside, else not at all."""
    near = _by_first(
        _pairs_between([line.bounds for line in scene.lines], [f.box for f in scene.frames])
    )
    for i, line in enumerate(scene.lines):
        if line.note_of or len(line.points) < 2:
            continue
        for frame in (scene.frames[j] for j in near.get(i, ())):
            if not line.bounds.overlaps(frame.box):
                continue  # the sweep also finds boxes that only touch
            band = _band(frame.box)
            sides = [side for side in (_side(point, band) for point in line.points) if side]
            changes = sum(1 for a, b in itertools.pairwise(sides) if a != b)
            needed = int(bool(sides) and sides[0] != sides[-1])
            if changes > needed:
                extra = changes - needed
                message = (
                    f"{_line_name(line)} crosses the border of group '{frame.id}'"
                    f" {extra} more times than it must"
                )
                yield Defect("border", message), extra


def _band(box: Box) -> tuple[Box, Box]:
    """The inside and the outside edge of the band a group's border is drawn in."""
    return box.shrunk(_BORDER_BAND), box.shrunk(-_BORDER_BAND)


def _side(point: Point, band: tuple[Box, Box]) -> str:
    """'in', 'out', or '' on the border itself (an edge ending at a group stops there)."""
    inner, outer = band
    if inner.contains(point):
        return "in"
    return "" if outer.contains(point) else "out"


# --- geometry ------------------------------------------------------------------------------


def _pairs_among(boxes: Sequence[Box]) -> list[tuple[int, int]]:
    """The index pairs i < j of boxes that meet, edges included, in the order of a loop
    over every pair; found through an index of where the boxes lie, so that a drawing's
    hundreds of labels and lines are not each compared with all the others (choosing a
    layout scores every candidate)."""
    index = _indexed(boxes)
    return [(i, j) for i, box in enumerate(boxes) for j in index.near(box) if j > i]


def _pairs_between(first: Sequence[Box], second: Sequence[Box]) -> list[tuple[int, int]]:
    """The index pairs (i in first, j in second) of boxes that meet, edges included, in
    the order of a loop over `first` and, within it, over `second`."""
    index = _indexed(second)
    return [(i, j) for i, box in enumerate(first) for j in index.near(box)]


def _indexed(boxes: Sequence[Box]) -> BoxIndex:
    index = BoxIndex()
    for number, box in enumerate(boxes):
        index.add(box, number)
    return index


def _by_first(pairs: Sequence[tuple[int, int]]) -> dict[int, list[int]]:
    """Pairs (i, j) as i -> its js, in order."""
    grouped: dict[int, list[int]] = {}
    for i, j in pairs:
        grouped.setdefault(i, []).append(j)
    return grouped


def _intersection(first: Segment, second: Segment) -> Point | None:
    """Where two segments cross, each counted from its start up to (not including) its
    end, so that a crossing at the joint of two pieces is counted once."""
    (x1, y1), (x2, y2) = first
    (x3, y3), (x4, y4) = second
    denominator = (x2 - x1) * (y4 - y3) - (y2 - y1) * (x4 - x3)
    if denominator == 0:
        return None  # parallel
    t = ((x3 - x1) * (y4 - y3) - (y3 - y1) * (x4 - x3)) / denominator
    u = ((x3 - x1) * (y2 - y1) - (y3 - y1) * (x2 - x1)) / denominator
    if 0 <= t < 1 and 0 <= u < 1:
        return (x1 + t * (x2 - x1), y1 + t * (y2 - y1))
    return None


def _segment_meets_box(segment: Segment, box: Box) -> bool:
    (x1, y1), (x2, y2) = segment
    if box.contains((x1, y1)) or box.contains((x2, y2)):
        return True
    corners = [
        (box.left, box.bottom),
        (box.right, box.bottom),
        (box.right, box.top),
        (box.left, box.top),
    ]
    edges = zip(corners, [*corners[1:], corners[0]], strict=True)
    return any(_intersection(segment, edge) for edge in edges)
