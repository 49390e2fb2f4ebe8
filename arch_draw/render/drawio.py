"""draw.io: the drawing as a file draw.io opens and edits (`-f drawio`), in the layout
Graphviz made for every other format, read from its JSON after render.finish.

The file is draw.io's own uncompressed XML (`mxfile` > `diagram` > `mxGraphModel` >
`root` > `mxCell`), one cell per element, named by the blueprint's ids:

- a node is draw.io's AWS shape for its icon (the `mxgraph.aws4` library, so its
  palette edits it), or, for an icon it has no shape for, the icon itself, embedded;
- a group is a container holding its elements, drawn with draw.io's AWS group shape
  (kinds.GroupKind.drawio); a group that spans others (an Auto Scaling group across
  two zones) is a box over them in their nearest common group, as in the SVG;
- an edge joins its ends with Graphviz's route as waypoints, its label where Graphviz
  put it, and its style and arrows;
- the title, caption, what a drawing of changes highlights, the notes about the whole
  drawing (in their box) and the callouts' list are one text shape above the drawing;
  a callout's marker is a numbered shape on its element, and a note beside an element
  is a note shape.

Coordinates are Graphviz's points, turned downwards: 1 point is 1 unit in draw.io.
"""

from __future__ import annotations

import base64
import functools
import html
import itertools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .. import images
from ..colors import to_hex
from ..kinds import GROUP_KINDS
from ..model import Blueprint, Edge, Group, Node
from . import styles
from .dot import (
    KEPT_NOTE_INK,
    SPAN_END_ATTRIBUTES,
    callout_shape,
    callout_texts,
    changes_lines,
    cluster_name,
    in_rows,
    legend_notes,
    legend_shape,
    legend_share,
)
from .finish import Route
from .icons import DARK, FADED
from .labels import clean, wrap
from .scene import EDGE_ATTRIBUTE, Box, Point, box_of, icon_box, node_box, point_of

# Icon path -> the name of draw.io's AWS shape for it (`mxgraph.aws4.NAME`).
AWS4_SHAPES_FILE = Path(__file__).with_name("drawio-aws4.json")
_LAYER = "1"  # draw.io's default layer: the parent of every top-level cell
_MARKER = styles.CALLOUT_SIZE
_NOTE_SUFFIX = ".note"


@functools.cache
def aws4_shapes() -> dict[str, str]:
    loaded: dict[str, str] = json.loads(AWS4_SHAPES_FILE.read_text(encoding="utf-8"))
    return loaded


def to_drawio(
    blueprint: Blueprint,
    layout_json: bytes,
    icons: tuple[Mapping[str, str], Callable[[str], bytes]],
    list_width: float | None = None,
) -> bytes:
    """The draw.io file of a laid-out blueprint. `icons`: each node's icon by name, and
    an icon's PNG by its name; `list_width`: the width the layout's notes and callouts were
    set to (render.dot.legend_shape, callout_shape), so that draw.io sets them as the
    other formats do."""
    graph = json.loads(layout_json)
    page = box_of(graph["bb"])
    writer = _Writer(blueprint, page, icons, list_width)
    writer.add_title(graph)
    objects = {int(item["_gvid"]): item for item in graph.get("objects", []) if "_gvid" in item}
    clusters = {str(item["name"]): item for item in objects.values() if "bb" in item}
    placed = {str(item["name"]): item for item in objects.values() if "pos" in item}
    for group in _outer_first(blueprint):
        cluster = clusters.get(cluster_name(group.id))
        if cluster is not None:
            writer.add_group(group, box_of(cluster["bb"]))
    for node in blueprint.nodes:
        if node.id in placed:
            writer.add_node(node, node_box(placed[node.id]))
        if node.id + _NOTE_SUFFIX in placed:
            writer.add_note(node.id, node.note or "", node_box(placed[node.id + _NOTE_SUFFIX]))
    for group in blueprint.groups:
        if group.id + _NOTE_SUFFIX in placed:
            writer.add_note(group.id, group.note or "", node_box(placed[group.id + _NOTE_SUFFIX]))
    names = {number: str(item["name"]) for number, item in objects.items()}
    for index, edge in enumerate(graph.get("edges", [])):
        writer.add_edge(index, edge, names)
    return writer.document()


def _outer_first(blueprint: Blueprint) -> list[Group]:
    """The groups, each after the group it is in (draw.io adds a child to its parent);
    groups that span others after all the rest, so they are drawn over them."""
    depth = {}
    parents = {group.id: group.parent for group in blueprint.groups}
    for group in blueprint.groups:
        level, parent = 0, group.parent
        while parent is not None:
            level, parent = level + 1, parents.get(parent)
        depth[group.id] = level
    return sorted(blueprint.groups, key=lambda group: (bool(group.spans), depth[group.id]))


@dataclass(frozen=True)
class _Placed:
    """A cell already added: where it is on the page, and the cell it is in."""

    box: Box  # Graphviz's points, y up
    parent: str


class _Writer:
    def __init__(
        self,
        blueprint: Blueprint,
        page: Box,
        icons: tuple[Mapping[str, str], Callable[[str], bytes]],
        list_width: float | None,
    ) -> None:
        self.blueprint = blueprint
        self.page = page
        self.node_icons, self.icon_image = icons
        self.callouts = blueprint.callout_numbers()
        self.list_width = list_width
        self.kept = blueprint.kept
        self.groups = {group.id: group for group in blueprint.groups}
        self.node_parents = {node.id: node.parent for node in blueprint.nodes}
        self.edges = {edge.id: edge for edge in blueprint.edges}
        self.placed: dict[str, _Placed] = {}
        self.root = ElementTree.Element("root")
        _child(self.root, "mxCell", {"id": "0"})
        _child(self.root, "mxCell", {"id": _LAYER, "parent": "0"})

    # --- cells ---------------------------------------------------------------------------

    def add_title(self, graph: dict[str, Any]) -> None:
        """The title, caption, notes and callouts' list: one text shape where Graphviz
        drew them, above the drawing."""
        if "lp" not in graph or not graph.get("lwidth"):
            return
        x, y = point_of(str(graph["lp"]))
        width, height = float(graph["lwidth"]) * 72, float(graph["lheight"]) * 72
        box = Box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)
        style = "text;html=1;align=left;verticalAlign=top;spacing=4;"
        self._vertex(
            "arch-draw.title", self._title_html(), style + _font(styles.GRAPH), box, _LAYER
        )

    def add_group(self, group: Group, box: Box) -> None:
        kind = GROUP_KINDS[group.kind]
        parent = self._container_of(group)
        style = _group_style(group.kind, group.spans == ())
        if group.id in self.kept:
            style += "opacity=35;textOpacity=35;"
        self._vertex(group.id, _html(group.label or ""), style, box, parent)
        number = self.callouts.get(group.id)
        if number is not None:
            label_end = box.left + 34 + 7 * len(group.label or kind.label)
            marker = Box(label_end, box.top - 6 - _MARKER, label_end + _MARKER, box.top - 6)
            self._marker(group.id, number, marker, group.id)

    def add_node(self, node: Node, box: Box) -> None:
        """The node's icon as a shape, its label under it (as Graphviz drew it: the node's
        box is the icon's cell at the top, centred, with the label's rows below)."""
        icon = icon_box(box)
        name = self.node_icons.get(node.id)
        style = self._icon_style(name) if name else "text;"
        style += "verticalLabelPosition=bottom;verticalAlign=top;align=center;html=1;"
        style += _font(styles.NODE)
        if node.id in self.kept:
            style += "opacity=35;textOpacity=35;"
        label = "<br>".join(_html(line) for line in wrap(node.label or "", styles.NODE_LABEL_WIDTH))
        self._vertex(node.id, label, style, icon, self._container_of(node))
        number = self.callouts.get(node.id)
        if number is not None:  # at the icon's top right, as the other formats draw it
            marker = Box(icon.right, icon.top - _MARKER, icon.right + _MARKER, icon.top)
            self._marker(node.id, number, marker, self.placed[node.id].parent)

    def add_note(self, owner: str, text: str, box: Box) -> None:
        # A group's note is drawn inside it (render.dot), a node's beside it in its group.
        container = self._existing(owner if owner in self.groups else self.node_parents.get(owner))
        style = (
            "shape=note;size=10;whiteSpace=wrap;html=1;align=left;verticalAlign=top;"
            f"fillColor={styles.NOTE['fillcolor']};strokeColor={styles.NOTE['color']};"
            f"fontSize={styles.NOTE['fontsize']};fontColor={styles.GRAPH['fontcolor']};"
        )
        lines = "<br>".join(_html(line) for line in wrap(text, styles.NOTE_WIDTH))
        self._vertex(owner + _NOTE_SUFFIX, lines, style, box, container)

    def add_edge(self, index: int, edge: dict[str, Any], names: Mapping[int, str]) -> None:
        """An edge of the layout, as drawn: invisible ones (which only place things) are
        left out, and a note's dotted link joins the note to its element."""
        if not edge.get("_draw_") or "pos" not in edge:
            return
        route = Route.parse(str(edge["pos"]))
        blueprint_edge = self.edges.get(str(edge.get(EDGE_ATTRIBUTE, "")))
        ends = (*blueprint_edge.sources, *blueprint_edge.targets) if blueprint_edge else ()
        # A group an edge ends at: by its border (lhead, ltail), or one that spans others,
        # whose first member the edge was laid out to (render.dot), cut at its box.
        source = (
            _group_end(edge, "ltail")
            or edge.get(SPAN_END_ATTRIBUTES["tail"])
            or self._end(names.get(int(edge["tail"]), ""), ends)
        )
        target = (
            _group_end(edge, "lhead")
            or edge.get(SPAN_END_ATTRIBUTES["head"])
            or self._end(names.get(int(edge["head"]), ""), ends)
        )
        # Graphviz writes some routes head first. render.finish turns them round, and
        # places the labels at their ends, in every drawing that has such labels; the
        # route of a drawing it does not finish is turned round here.
        if self._backwards(route, source, target):
            route = route.reversed()
        if blueprint_edge is None:  # a note's dotted link
            style = (
                f"endArrow=none;dashed=1;dashPattern=1 3;strokeColor={styles.NOTE_LINK['color']};"
            )
            label, cell_id = "", f"{source}.link"
        else:
            style = _edge_style(blueprint_edge)
            label, cell_id = blueprint_edge.label or "", f"{blueprint_edge.id}.{index}"
        cell = self._cell(cell_id, _html_lines(label, styles.EDGE_LABEL_WIDTH), style + "html=1;")
        cell.set("edge", "1")
        cell.set("parent", _LAYER)
        start, end = route.ends
        for key, element, point in (("source", source, start), ("target", target, end)):
            if element in self.placed:
                cell.set(key, element)
                style += _port(key, self.placed[element].box, point)
        cell.set("style", style + "html=1;")
        geometry = _child(cell, "mxGeometry", {"relative": "1", "as": "geometry"})
        _child(geometry, "mxPoint", {**_xy(self._down(start)), "as": "sourcePoint"})
        _child(geometry, "mxPoint", {**_xy(self._down(end)), "as": "targetPoint"})
        waypoints = [self._down(point) for point in route.points[1:-1]]  # Bézier controls
        if waypoints:
            array = _child(geometry, "Array", {"as": "points"})
            for point in waypoints:
                _child(array, "mxPoint", _xy(point))
        path = [self._down(start), *waypoints, self._down(end)]
        if label and "lp" in edge:
            _offset(geometry, self._down(point_of(str(edge["lp"]))), _along(path, 0.5))
        if blueprint_edge is not None:
            for key, text, fraction in (
                ("tail_lp", blueprint_edge.start_label, 0.0),
                ("head_lp", blueprint_edge.end_label, 1.0),
            ):
                if text and key in edge:
                    self._end_label(cell_id, text, point_of(str(edge[key])), path, fraction)

    # --- helpers -----------------------------------------------------------------------------

    def _end_label(
        self, edge_id: str, text: str, place: Point, path: Sequence[Point], fraction: float
    ) -> None:
        """A label at an edge's start or end: a child of the edge, by the end it is at."""
        style = "edgeLabel;html=1;align=center;verticalAlign=middle;resizable=0;points=[];"
        style += (
            f"fontSize={styles.EDGE['labelfontsize']};fontColor={styles.EDGE['labelfontcolor']};"
        )
        cell = self._cell(f"{edge_id}-{'end' if fraction else 'start'}", _html(text), style)
        cell.set("vertex", "1")
        cell.set("connectable", "0")
        cell.set("parent", edge_id)
        x = str(int(2 * fraction - 1))
        geometry = _child(cell, "mxGeometry", {"x": x, "relative": "1", "as": "geometry"})
        _offset(geometry, self._down(place), _along(path, fraction))

    def _backwards(self, route: Route, source: str, target: str) -> bool:
        """Whether Graphviz wrote the route from its head to its tail (render.finish turns
        those it redraws round, but not every drawing is finished)."""
        if source not in self.placed or target not in self.placed:
            return False
        tail, head = (self.placed[end].box.middle for end in (source, target))
        return route.head_first(tail, head)

    def _end(self, name: str, ends: Sequence[str]) -> str:
        """The element an edge of the layout ends at: a node, or a group it was laid out
        to through one of its members (or its placeholder, or a group it spans)."""
        name = name.removesuffix(".empty")
        if name in ends or not ends:
            return name
        around = [name, *self._ancestors(name)] if name in self.placed else [name]
        for end in ends:
            group = self.groups.get(end)
            if group is not None and (end in around or set(group.spans) & set(around)):
                return end
        return name

    def _icon_style(self, name: str) -> str:
        original = name.removeprefix(DARK).removeprefix(FADED)  # (faded: by its opacity)
        shape = aws4_shapes().get(original)
        png = self.icon_image(original)
        if shape is None:  # no draw.io shape: the icon itself
            data = base64.b64encode(png).decode("ascii")
            return f"shape=image;image=data:image/png,{data};imageAspect=1;aspect=fixed;"
        tile, color = _looks(png)
        if tile:  # a square in its category's colour, the service drawn on it in white
            kind = f"shape=mxgraph.aws4.resourceIcon;resIcon=mxgraph.aws4.{shape};"
            return f"{kind}fillColor={color};strokeColor=#ffffff;aspect=fixed;"
        return f"shape=mxgraph.aws4.{shape};fillColor={color};strokeColor=none;aspect=fixed;"

    def _container_of(self, element: Node | Group) -> str:
        """The cell an element is in: its group, or for a group that spans others, the
        nearest group around all it spans."""
        if isinstance(element, Group) and element.spans:
            chains = [self._ancestors(member) for member in element.spans]
            common = [ancestor for ancestor in chains[0] if all(ancestor in c for c in chains)]
            return self._existing(common[0] if common else None)
        return self._existing(element.parent)

    def _ancestors(self, element_id: str) -> list[str]:
        parent = (
            self.groups[element_id].parent
            if element_id in self.groups
            else self.node_parents.get(element_id)
        )
        chain = []
        while parent is not None:
            chain.append(parent)
            parent = self.groups[parent].parent
        return chain

    def _existing(self, group_id: str | None) -> str:
        return group_id if group_id is not None and group_id in self.placed else _LAYER

    def _marker(self, owner: str, number: int, box: Box, parent: str) -> None:
        style = (
            f"rounded=1;arcSize=20;whiteSpace=wrap;html=1;fillColor={styles.CALLOUT_COLOR};"
            f"strokeColor=none;fontColor=#FFFFFF;fontStyle=1;fontSize={styles.CALLOUT_FONT_SIZE};"
            "align=center;verticalAlign=middle;"
        )
        self._vertex(f"{owner}.callout", str(number), style, box, self._existing(parent))

    def _vertex(self, cell_id: str, value: str, style: str, box: Box, parent: str) -> None:
        cell = self._cell(cell_id, value, style)
        cell.set("vertex", "1")
        cell.set("parent", parent)
        origin = self.placed[parent].box if parent in self.placed else self.page
        x, y = box.left - origin.left, origin.top - box.top
        size = {"width": _number(box.width), "height": _number(box.height)}
        _child(cell, "mxGeometry", {**_xy((x, y)), **size, "as": "geometry"})
        self.placed[cell_id] = _Placed(box, parent)

    def _cell(self, cell_id: str, value: str, style: str) -> ElementTree.Element:
        return _child(self.root, "mxCell", {"id": cell_id, "value": value, "style": style})

    def _down(self, point: Point) -> Point:
        """A point of Graphviz's (y up) on draw.io's page (y down, from the top left)."""
        return point[0] - self.page.left, self.page.top - point[1]

    def _title_html(self) -> str:
        """The title's lines, broken where the other formats break them."""
        blueprint = self.blueprint
        parts = [_sized(blueprint.title, styles.TITLE_SIZE, styles.TITLE_WIDTH, bold=True)]
        parts.append(_sized(blueprint.caption or "", styles.CAPTION_SIZE, styles.TITLE_WIDTH))
        parts += [
            _sized(line, styles.CHANGES_SIZE, styles.TITLE_WIDTH)
            for line in changes_lines(blueprint)
        ]
        notes = legend_notes(blueprint)
        columns, wrap_at = legend_shape([note.text for note in notes], self.list_width)
        # (a note the drawing of changes inherits, faded as the other formats fade it)
        colors = [KEPT_NOTE_INK if note.id in self.kept else "" for note in notes]
        share = legend_share(self.list_width, columns)  # as in the other formats
        width = f' width="{share}"' if share else ""
        cells = [
            f"<td {_LIST_CELL}{width}>"
            f"{_sized(note.text, styles.LEGEND_SIZE, wrap_at, color=color)}</td>"
            for note, color in zip(notes, colors, strict=True)
        ]
        parts.append(_table(cells, columns, _NOTES_BOX))
        parts.append(self._callout_list())
        return "<br>".join(part for part in parts if part)

    def _callout_list(self) -> str:
        """The callouts in a table with the columns and line breaks of the other formats'
        list (render.dot.callout_shape); draw.io breaks no line of its own there."""
        texts = callout_texts(self.blueprint)
        columns, wrap_at = callout_shape(texts, self.list_width)
        items = [
            f'<td valign="top"><b>{number}</b></td>'
            f"<td {_LIST_CELL}>{_sized(text, styles.LEGEND_SIZE, wrap_at)}</td>"
            for text, number in zip(texts, self.callouts.values(), strict=True)
        ]
        return _table(items, columns)

    def document(self) -> bytes:
        mxfile = ElementTree.Element("mxfile", {"host": "arch-draw", "type": "device"})
        name = self.blueprint.title or "Page-1"
        diagram = _child(mxfile, "diagram", {"id": "arch-draw", "name": name})
        settings = {"grid": "0", "page": "0", "pageScale": "1", "math": "0", "shadow": "0"}
        page = {"pageWidth": _number(self.page.width), "pageHeight": _number(self.page.height)}
        model = _child(diagram, "mxGraphModel", {**settings, **page})
        model.append(self.root)
        ElementTree.indent(mxfile)
        return ElementTree.tostring(mxfile, encoding="unicode").encode("utf-8") + b"\n"


def _group_end(edge: dict[str, Any], key: str) -> str | None:
    """The group an edge ends at, when it ends at a group's border (`lhead`, `ltail`)."""
    value = edge.get(key)
    return str(value).removeprefix("cluster_") if value else None


def _port(key: str, box: Box, point: Point) -> str:
    """Where an edge leaves or enters a cell, as Graphviz's route does: a fraction of the
    cell's width and height (draw.io's exitX, entryY...), and how far past the cell (a
    route leaving below a node's label starts under the icon the cell is)."""
    prefix = "exit" if key == "source" else "entry"
    across = min(max((point[0] - box.left) / box.width, 0.0), 1.0) if box.width else 0.5
    down = min(max((box.top - point[1]) / box.height, 0.0), 1.0) if box.height else 0.5
    # What the fractions leave out, as written, goes into the distances past them: on a
    # large group a thousandth of its height is most of a point.
    across, down = round(across, 3), round(down, 3)
    past_x = point[0] - (box.left + across * box.width)
    past_y = (box.top - point[1]) - down * box.height
    place = f"{prefix}X={across:.3f};{prefix}Y={down:.3f};"
    return place + f"{prefix}Dx={_number(past_x)};{prefix}Dy={_number(past_y)};{prefix}Perimeter=0;"


def _edge_style(edge: Edge) -> str:
    color = to_hex(edge.color or styles.EDGE["color"])
    style = f"strokeColor={color};fontColor={styles.EDGE['fontcolor']};"
    style += f"fontSize={styles.EDGE['fontsize']};"
    style += "rounded=0;" if edge.line != "curved" else "curved=1;"
    style += {
        "dashed": "dashed=1;",
        "dotted": "dashed=1;dashPattern=1 3;",
        "bold": "strokeWidth=2;",
    }.get(edge.style, "")
    start, end = {
        "forward": ("none", "block"),
        "back": ("block", "none"),
        "both": ("block", "block"),
        "none": ("none", "none"),
    }[edge.direction]
    return style + f"startArrow={start};startFill=1;endArrow={end};endFill=1;"


def _group_style(kind: str, container: bool) -> str:
    """draw.io's AWS group shape for a group kind (its palette's own style), in the
    border and fill arch-draw draws it with."""
    look = GROUP_KINDS[kind]
    style = (
        "outlineConnect=0;gradientColor=none;html=1;whiteSpace=wrap;fontSize=12;fontStyle=0;"
        f"container={int(container)};pointerEvents=0;collapsible=0;recursiveResize=0;"
        f"strokeColor={look.border};fillColor={look.fill or 'none'};"
        f"fontColor={styles.GRAPH['fontcolor']};dashed={int(look.dashed)};verticalAlign=top;"
    )
    if look.drawio is None:
        return style + f"align={'center' if look.centred else 'left'};spacingLeft=4;"
    shape = "groupCenter" if look.centred else "group"
    icon = f"shape=mxgraph.aws4.{shape};grIcon=mxgraph.aws4.{look.drawio};"
    place = "align=center;spacingTop=25;" if look.centred else "align=left;spacingLeft=30;"
    return style + icon + place


def _looks(png: bytes) -> tuple[bool, str]:
    """Whether an icon is a square tile (AWS's service icons) and its colour: the tile's,
    or the drawing's (AWS's resource icons)."""
    picture = images.rgba_pixels(png, 32)  # enough to tell, and quick
    size = int(math.sqrt(len(picture)))
    corner = picture[size * (size // 8) + size // 8]  # inside the tile's rounded corner
    if corner[3] > 200 and max(corner[:3]) - min(corner[:3]) > 40:
        return True, _hex(corner)
    counts: dict[tuple[int, int, int], int] = {}
    for red, green, blue, alpha in picture:
        if alpha > 200:
            counts[(red, green, blue)] = counts.get((red, green, blue), 0) + 1
    color = max(sorted(counts), key=lambda rgb: counts[rgb]) if counts else (35, 47, 62)
    return False, _hex(color)


def _hex(color: Sequence[int]) -> str:
    return "#{:02X}{:02X}{:02X}".format(*color[:3])


def _along(path: Sequence[Point], fraction: float) -> Point:
    """The point `fraction` of the way along a polyline, by length (where draw.io puts an
    edge's label at x = 2 * fraction - 1)."""
    pieces = list(itertools.pairwise(path))
    total = sum(math.dist(a, b) for a, b in pieces)
    left = total * fraction
    for a, b in pieces:
        length = math.dist(a, b)
        if length and left <= length:
            share = left / length
            return a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share
        left -= length
    return path[-1]


def _offset(geometry: ElementTree.Element, place: Point, anchor: Point) -> None:
    _child(
        geometry, "mxPoint", {**_xy((place[0] - anchor[0], place[1] - anchor[1])), "as": "offset"}
    )


def _child(
    parent: ElementTree.Element, tag: str, attributes: Mapping[str, str]
) -> ElementTree.Element:
    """An element added to `parent`, its attributes in the order given (draw.io's)."""
    return ElementTree.SubElement(parent, tag, dict(attributes))


# A cell of a list above the drawing: its lines are broken where the other formats break
# them, and draw.io breaks none of its own.
_LIST_CELL = 'valign="top" style="white-space:nowrap"'


# The box of the notes about the whole drawing, as the other formats draw it: a note's
# colours, their border and padding.
_NOTES_BOX = (
    f'cellpadding="{styles.LEGEND_PADDING}" cellspacing="0" style="border:'
    f"{styles.LEGEND_BORDER}px solid {styles.NOTE['color']};"
    f'background-color:{styles.NOTE["fillcolor"]}"'
)


def _table(cells: Sequence[str], columns: int, attributes: str = "") -> str:
    """An HTML table of `cells` (each a <td>, or several), `columns` of them a row, with
    the table's `attributes`; "" for none."""
    if not cells:
        return ""
    rows = "".join(f"<tr>{''.join(row)}</tr>" for row in in_rows(cells, columns))
    return f"<table {attributes}>{rows}</table>" if attributes else f"<table>{rows}</table>"


def _font(values: Mapping[str, str]) -> str:
    return f"fontSize={values['fontsize']};fontColor={values['fontcolor']};"


def _html(text: str) -> str:
    return html.escape(clean(text), quote=False).replace("\n", "<br>")


def _sized(text: str, size: int, width: int, *, bold: bool = False, color: str = "") -> str:
    """Text wrapped as the other formats wrap it, at a font size (and in a colour)."""
    if not text:
        return ""
    lines = _html_lines(text, width)
    colored = f";color:{color}" if color else ""
    return (
        f'<span style="font-size:{size}px{colored}">{f"<b>{lines}</b>" if bold else lines}</span>'
    )


def _html_lines(text: str, width: int) -> str:
    return "<br>".join(_html(line) for line in wrap(text, width)) if text else ""


def _xy(point: Point) -> dict[str, str]:
    return {"x": _number(point[0]), "y": _number(point[1])}


def _number(value: float) -> str:
    """A coordinate to a hundredth, without trailing zeros (the same text every run)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
