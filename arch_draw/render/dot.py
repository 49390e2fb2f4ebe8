"""The DOT text of a resolved blueprint: the one input of every Graphviz format.

The text is a pure function of the blueprint: Graphviz ids come from blueprint ids
(never random), elements come in file order, and icons are named relative to the image
path, so the DOT holds no path of this machine and is the same on every run.

Names that arch-draw adds (notes, placeholders of empty groups) contain a '.', which
blueprint ids cannot, so they never collide with the user's ids.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import NamedTuple, TypeVar

from ..colors import DARK_BACKGROUND, faded, on_dark, to_hex
from ..kinds import GENERIC_TINTS, GROUP_KINDS, GroupKind
from ..model import Blueprint, Edge, Group, Node, Note
from ..themes import THEMES
from . import styles
from .icons import DARK, shown_icon
from .labels import blank, clean, display_width, escape, html_lines, wrap
from .layouts import USUAL, Layout
from .scene import EDGE_ATTRIBUTE

ICON_PORT = "icon"
# An edge that ends at a group that spans is laid out to the group's first member and
# clipped at the group's box after layout (render.finish): these name the group.
SPAN_END_ATTRIBUTES = {"tail": "arch_draw_tail_span", "head": "arch_draw_head_span"}
_COMPASS = {"north": "n", "east": "e", "south": "s", "west": "w"}
_EDGE_STYLES = {"invisible": "invis"}  # the blueprint's styles that Graphviz names otherwise
# What an edge between two elements at one step of the flow (a row's in TB, a level_with
# pair) is written with: a graph with an edge label makes dot double every edge's minimum
# length, as it puts a rank for labels between any two, and an edge within a rank then
# parts its ends by two `nodesep`s. With no minimum, the rank's own spacing parts them.
_SIDE_BY_SIDE = {"minlen": "0"}
# What an edge against the flow (`constraint: false`) is written with, by Layout.against_flow.
_AGAINST_FLOW = {"free": {"constraint": "false"}, "ranked": {}, "light": {"weight": "0"}}
# Graphviz's own defaults of those attributes, declared first in a drawing with such
# edges, so that every candidate layout's DOT declares the same edge attributes in the
# same order. Graphviz reads attributes through globals set by the graph it laid out last
# (graph_init in lib/common/input.c), each an index into its graph's table of attributes
# in the order they were declared (agxget in lib/cgraph/attr.c): with the tables alike,
# the candidate kept can be drawn after another was laid out, without laying it out again.
AGAINST_FLOW_DEFAULTS = {"constraint": "true", "weight": "1"}
FLOW_SIDES = {"LR": ("e", "w"), "RL": ("w", "e"), "TB": ("s", "n"), "BT": ("n", "s")}


class Html(str):
    """An HTML-like label built here from escaped text: written to the DOT as it is."""

    __slots__ = ()


def quote(value: str) -> str:
    """A DOT string literal: only backslash and double quote need escaping."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def attributes(values: Mapping[str, str]) -> str:
    """`[key=value, ...]`: HTML labels in `<...>`, every other value quoted.

    An empty HTML label is written as `""`: Graphviz rejects `<>` as a syntax error.
    """
    parts = [
        f"{key}=<{value}>" if isinstance(value, Html) and value else f"{key}={quote(value)}"
        for key, value in values.items()
    ]
    return "[" + ", ".join(parts) + "]"


def _statement(indent: str, name: str, values: Mapping[str, str]) -> str:
    return f"{indent}{quote(name)} {attributes(values)};"


def cluster_name(group_id: str) -> str:
    return f"cluster_{group_id}"


def to_dot(
    blueprint: Blueprint,
    node_icons: Mapping[str, str],
    layout: Layout = USUAL,
    width: float | None = None,
    dark_icons: frozenset[str] = frozenset(),
) -> str:
    """The DOT text, laid out as `layout` says; `node_icons` names each node's icon
    (render.icons decides them). `width`: the drawing's, in points, once a layout has
    told it; the list of callouts above it takes as many columns as fit. In a dark
    theme, `dark_icons` are the icons drawn in ink, shown turned light."""
    text = "\n".join(_DotWriter(blueprint, node_icons, layout, width).lines()) + "\n"
    return _painted_dark(text, dark_icons) if THEMES[blueprint.theme].dark else text


_COLOR = re.compile(r'\b([a-z]*color|COLOR|BGCOLOR)="([^"]*)"')
_IMAGE = re.compile(r'<IMG SRC="([^"]*)"')


def _painted_dark(text: str, dark_icons: frozenset[str]) -> str:
    """The DOT of a light drawing painted dark: every colour turned by colors.on_dark
    (one function for the whole drawing, which the SVG of theme `auto` applies too), the
    icons drawn in ink turned light, and the page dark.

    The page's colour is set last, on the graph alone: set before the groups, Graphviz
    gives it to each of them too, and fills every group's box with it."""
    painted = _COLOR.sub(_dark_color, text)
    inked = {escape(name) for name in dark_icons}
    painted = _IMAGE.sub(
        lambda match: f'<IMG SRC="{DARK + match[1] if match[1] in inked else match[1]}"', painted
    )
    return painted.removesuffix("}\n") + f'  bgcolor="{DARK_BACKGROUND}";\n}}\n'


def painted_dark(values: Mapping[str, str]) -> dict[str, str]:
    """An element's attributes painted as _painted_dark paints the DOT, for what is added
    after layout (render.finish: groups that span): every colour turned by
    colors.on_dark, those inside an HTML-like label too."""
    painted: dict[str, str] = {}
    for key, value in values.items():
        if _COLOR_KEY.fullmatch(key):
            painted[key] = on_dark(value)
        elif isinstance(value, Html):
            painted[key] = Html(_COLOR.sub(_dark_color, value))
        else:
            painted[key] = value
    return painted


_COLOR_KEY = re.compile(r"[a-z]*color")


def _dark_color(match: re.Match[str]) -> str:
    return f'{match[1]}="{on_dark(match[2])}"'


class ListShape(NamedTuple):
    """How a list of texts above the drawing is set: its columns, and where its texts
    wrap."""

    columns: int
    wrap: int  # columns of text (labels.display_width) before a text wraps


T = TypeVar("T")


def in_rows(items: Sequence[T], per_row: int) -> list[Sequence[T]]:
    """`items` in rows of `per_row`, the last one perhaps shorter."""
    return [items[start : start + per_row] for start in range(0, len(items), per_row)]


def legend_notes(blueprint: Blueprint) -> list[Note]:
    """The notes about the whole drawing that draw something, as its box lists them."""
    return [note for note in blueprint.notes if not blank(note.text)]


def callout_texts(blueprint: Blueprint) -> list[str]:
    """The callouts' texts, in their numbers' order (Blueprint.callout_numbers)."""
    notes = {node.id: node.note for node in blueprint.nodes}
    notes.update({group.id: group.note for group in blueprint.groups})
    return [notes[element_id] or "" for element_id in blueprint.callout_numbers()]


# The ink of a note about the whole drawing that a drawing of changes inherits.
KEPT_NOTE_INK = faded(styles.GRAPH["fontcolor"], styles.FADED_SHARE)


def callout_shape(texts: Sequence[str], width: float | None) -> ListShape:
    """How the callouts' `texts` are listed above a drawing `width` points wide
    (list_shape), no line longer than styles.CALLOUT_LONGEST_LINE, a comfortable line to
    read. Before a layout has told the width: one column for a few, two for more, wrapped
    at styles.CALLOUT_WIDTH."""
    if width is None:
        return ListShape(_columns_before_layout(len(texts)), styles.CALLOUT_WIDTH)
    shared = callout_list_width(width, len(texts)) - styles.CALLOUT_LIST_SPACING
    marker = styles.CALLOUT_COLUMN - styles.CALLOUT_TEXT_WIDTH
    return list_shape(texts, shared, marker, styles.CALLOUT_LONGEST_LINE)


def legend_shape(texts: Sequence[str], width: float | None) -> ListShape:
    """How the notes about the whole drawing are set in their box above a drawing
    `width` points wide (list_shape): side by side where that makes the box lower, their
    lines as long as the title's at most; otherwise (and before a layout has told the
    width) one under another, wrapped as the title."""
    one_column = ListShape(1, styles.TITLE_WIDTH)
    if width is None:
        return one_column
    shared = legend_width(width)
    shape = list_shape(texts, shared, styles.LEGEND_COLUMN_SPACING, styles.TITLE_WIDTH)
    # In one column, as before a layout: the drawing's width is at least the title's, but
    # a short note is narrower than the columns of text counted in it.
    return shape if shape.columns > 1 else one_column


def legend_width(width: float) -> float:
    """What the columns of the notes' box share above a drawing `width` points wide: the
    drawing's width less what the callouts' list allows besides its columns (the title
    table's and the graph label's margins), and the box's border."""
    return width - styles.CALLOUT_LIST_SPACING - 2 * styles.LEGEND_BORDER


def legend_share(width: float | None, columns: int) -> int | None:
    """How wide each cell of the notes' box is, notes side by side above a drawing
    `width` points wide: its share of the box, so that the columns line up (the box's
    width, in Graphviz's cells, counts their padding); None for one column, or before a
    layout has told the width."""
    return int(legend_width(width) / columns) if width and columns > 1 else None


def list_shape(texts: Sequence[str], shared: float, beside: float, longest: int) -> ListShape:
    """`texts` in the number of columns that makes their list lowest, the columns sharing
    `shared` points, each taking `beside` points besides its text, each text wrapped to its
    column's width but at no more than `longest` columns of text. Two or more columns
    are never narrower than styles.CALLOUT_WIDTH columns of text each, to save a row.

    The title's own table does not constrain the drawing's width (Graphviz puts the
    graph's label above the layout without moving anything in it), so a list may be as
    wide as the drawing at no cost, and every line saved is canvas saved."""
    lowest: tuple[int, ListShape] | None = None
    for columns in range(1, len(texts) + 1):
        text_width = shared / columns - beside
        # (counted as CALLOUT_TEXT_WIDTH is: CALLOUT_WIDTH columns of text in it)
        fitting = int(text_width * styles.CALLOUT_WIDTH / styles.CALLOUT_TEXT_WIDTH)
        wrap_at = min(longest, fitting)
        if columns > 1 and wrap_at < styles.CALLOUT_WIDTH:
            break  # narrower than the lists drawn before a layout: harder to read
        height = _list_height([len(wrap(text, wrap_at)) for text in texts], columns)
        if lowest is None or height < lowest[0]:
            lowest = (height, ListShape(columns, wrap_at))
    return lowest[1] if lowest else ListShape(1, longest)


def _list_height(lines: Sequence[int], columns: int) -> int:
    """The height of a list of texts of so many `lines` each, in `columns`, in lines: each
    row as high as its highest text, and the spacing between rows about a line."""
    return sum(max(row) + 1 for row in in_rows(lines, columns))


def _columns_before_layout(count: int) -> int:
    return 2 if count > styles.CALLOUTS_IN_ONE_COLUMN else 1


def callout_list_width(width: float | None, count: int) -> float:
    """How wide the list of `count` callouts is above a drawing `width` points wide: as
    wide as the drawing once a layout has told it (its columns share the width, so that
    Graphviz need not stretch the list to the title's width, which parts each marker from
    its text); before, as its columns."""
    if width is not None:
        return max(width, styles.CALLOUT_COLUMN + styles.CALLOUT_LIST_SPACING)
    return _columns_before_layout(count) * styles.CALLOUT_COLUMN + styles.CALLOUT_LIST_SPACING


class _DotWriter:
    def __init__(
        self,
        blueprint: Blueprint,
        node_icons: Mapping[str, str],
        layout: Layout,
        width: float | None,
    ) -> None:
        self.blueprint = blueprint
        self.node_icons = node_icons
        self.layout = layout
        self.width = width
        self.callouts = blueprint.callout_numbers()
        self.elements: dict[str, Node | Group] = {node.id: node for node in blueprint.nodes}
        self.groups = {group.id: group for group in blueprint.groups}
        self.elements.update(self.groups)
        # A drawing of changes: what the blueprint inherits unchanged is drawn faded.
        self.kept = blueprint.kept
        self.children = _children(blueprint)
        self.anchors = _anchors(blueprint, self.children)
        # Groups that span: each member sits in an invisible slot that keeps room for the
        # group's label above it (render.finish draws the box around the slots).
        self.spanning = [group for group in blueprint.groups if group.spans]
        self.slots: dict[str, list[Group]] = {}
        for group in self.spanning:
            for member in group.spans:
                self.slots.setdefault(member, []).append(group)
        # Each arranged group's children at one step of the flow, step by step.
        self.steps = {
            group.id: _across(self._children_of(group), group.arrange, blueprint.direction)
            for group in blueprint.groups
            if group.arrange
        }
        self.levels = self._levels()
        # Only the newer ranking levels nodes of different groups (and it ranks groups'
        # nodes one by one, where the classic ranking ranks each group as one block).
        self.newrank = layout.newrank or bool(self.spanning or self.levels)
        # Where an arranged group puts each child across the flow: (group, line, place).
        self.across: dict[str, tuple[str, int, int]] = {
            child: (group_id, line, place)
            for group_id, levels in self.steps.items()
            for line, level in enumerate(levels)
            for place, child in enumerate(level)
        }

    def lines(self) -> Iterator[str]:
        graph = {**styles.GRAPH, "rankdir": self.blueprint.direction, "label": self._title()}
        if self.newrank:
            graph["newrank"] = "true"
        if not self.layout.clipped:
            graph["compound"] = "false"
        yield "digraph arch_draw {"
        yield f"  graph {attributes(graph)};"
        yield f"  node {attributes(styles.NODE)};"
        against_flow = any(not edge.constraint for edge in self.blueprint.edges)
        edge_defaults = {**(AGAINST_FLOW_DEFAULTS if against_flow else {}), **styles.EDGE}
        yield f"  edge {attributes(edge_defaults)};"
        yield from self._contents(None, "  ")
        yield from self._placement_lines()
        for group in self.spanning:  # a spanning group's members side by side, level
            yield self._level(group.spans)
        for edge in self.blueprint.edges:
            yield from self._edge_lines(edge)
        yield "}"

    # --- placement -------------------------------------------------------------------------

    def _placement_lines(self) -> Iterator[str]:
        """Invisible edges and levels that place elements: first or last in their group's
        flow, level with another, and a group's children in a row, column or grid."""
        elements: list[Node | Group] = [*self.blueprint.nodes, *self.blueprint.groups]
        for element in elements:
            if (isinstance(element, Group) and element.spans) or not element.place:
                continue
            # Before (or after) every node of each sibling, not only a group's first:
            # but for a node whose edges already rank it before (after) another of them.
            blocks = {
                node: sibling
                for sibling in self._siblings(element)
                for node in self._nodes_in(sibling)
            }
            for node in self._ends_of_flow(blocks, element.place):
                pair = (element.id, node) if element.place == "first" else (node, element.id)
                yield self._invisible(*pair)
        for earlier, later in self._befores():  # ranked, an edge pulls its ends in line
            yield self._invisible(earlier, later)
        for level in self.levels:
            yield self._level(level)
        for group in self.blueprint.groups:
            if group.arrange:
                yield from self._arranged(group)

    def _ends_of_flow(self, blocks: Mapping[str, str], place: str) -> list[str]:
        """Of the nodes in `blocks` (each node -> the sibling it is in), those that an
        element placed `place` must be tied to: for `last`, every node but one whose ranked
        edges lead, through the others, to one with none (that one is tied, and the flow
        keeps the rest before it); for `first`, the same against the flow.

        Each tie is an invisible edge, and dot gives an edge that spans ranks a chain of
        invisible nodes that take room across the flow: from a Region's every node to its
        code band, they held a strip as wide as an icon beside the VPC (users-over-100k).
        A node at one step with another (`level_with`, a row) is ranked before whatever
        that one is. Where the edges loop, dot turns one of the loop round, which one it
        alone knows, and every node stays tied: a loop of nodes, or with dot's classic
        ranking, which ranks a group as one block, a loop of the siblings."""
        after: dict[str, set[str]] = {node: set() for node in blocks}
        for pair in self._ranked_pairs:
            earlier, later = pair if place == "last" else pair[::-1]
            if earlier in after and later in after and earlier != later:
                after[earlier].add(later)
        # (An edge between two nodes at one step runs within it, and ranks neither.)
        steps = self._steps_of(set(blocks))
        for node, alike in steps.items():
            after[node] |= {later for other in alike for later in after[other]}
        for node, alike in steps.items():
            after[node] -= alike | {node}
        between: dict[str, set[str]] = {block: set() for block in blocks.values()}
        for node, following in after.items():
            between[blocks[node]] |= {blocks[other] for other in following} - {blocks[node]}
        if _loops(after) or (not self.newrank and _loops(between)):
            return list(blocks)
        return [node for node in blocks if not after[node]]

    def _steps_of(self, nodes: set[str]) -> dict[str, set[str]]:
        """Each of `nodes` -> the others at its step of the flow (through every level that
        joins them, a group by its anchor: a node level with one that is level with a
        third, the nodes of two subnets level with each other)."""
        step = {node: {node} for node in nodes}
        for level in self.levels:
            joined = [self.anchors.get(element, element) for element in level]
            shared = set().union(*(step[node] for node in joined if node in step))
            for node in shared:
                step[node] = shared
        return {node: alike - {node} for node, alike in step.items()}

    def _befores(self) -> list[tuple[str, str]]:
        """Each element placed `before` another, and that other."""
        elements: list[Node | Group] = [*self.blueprint.nodes, *self.blueprint.groups]
        return [(element.id, element.before) for element in elements if element.before]

    @functools.cached_property
    def _ranked_pairs(self) -> list[tuple[str, str]]:
        """The node ids each edge that ranks its ends joins, tail first, as laid out: each
        `before`, an arranged column's, and the blueprint's edges but those kept off the
        ranks. (Worked out once: every element placed first or last reads them.)"""
        return list(self._ranking_edges())

    def _ranking_edges(self) -> Iterator[tuple[str, str]]:
        for earlier, later in self._befores():
            yield self.anchors.get(earlier, earlier), self.anchors.get(later, later)
        for group in self.blueprint.groups:
            if group.arrange:
                for first, second in _along(
                    self._children_of(group), group.arrange, self.blueprint.direction
                ):
                    yield self.anchors.get(first, first), self.anchors.get(second, second)
        for edge in self.blueprint.edges:
            if not edge.constraint and self._off_ranks(edge):
                continue
            for source, target in itertools.product(edge.sources, edge.targets):
                if not self._side_by_side(source, target):
                    tail, head = self._laid_ends(source, target, ranked=edge.constraint)
                    yield self.anchors.get(tail, tail), self.anchors.get(head, head)

    def _placed(self, element_id: str) -> bool:
        """Whether the element, or a group it is in, is placed first or last."""
        elements = [self.elements.get(a) for a in self._ancestry(element_id) if a is not None]
        return any(element.place for element in elements if element is not None)

    def _siblings(self, element: Node | Group) -> list[str]:
        nodes, groups = self.children.get(element.parent, ([], []))
        others: list[Node | Group] = [*nodes, *groups]
        return [other.id for other in others if other.id != element.id]

    def _nodes_in(self, element_id: str) -> list[str]:
        """A node's own id, or the ids of every node inside a group (or its placeholder)."""
        if element_id not in self.anchors:
            return [element_id]
        nodes, groups = self.children.get(element_id, ([], []))
        inside = [node.id for node in nodes]
        inside += [node for group in groups for node in self._nodes_in(group.id)]
        return inside or [self.anchors[element_id]]

    def _levels(self) -> list[tuple[str, ...]]:
        """Elements to lay out at one step of the flow: each with its `level_with`, and
        the columns (or rows) of arranged groups; each a tuple of ids."""
        elements: list[Node | Group] = [*self.blueprint.nodes, *self.blueprint.groups]
        levels: list[tuple[str, ...]] = [
            (element.id, element.level_with) for element in elements if element.level_with
        ]
        for steps in self.steps.values():
            levels += steps
        return levels

    def _children_of(self, group: Group) -> list[str]:
        """What a group arranges: its nodes (but those drawn on its border), then its
        groups."""
        nodes, groups = self.children.get(group.id, ([], []))
        return [node.id for node in nodes if not node.on_border] + [child.id for child in groups]

    def _arranged(self, group: Group) -> Iterator[str]:
        """A group's children in file order along the flow (`_across` levels them the
        other way): a row runs with the flow in LR and RL, a column in TB and BT.

        Across the flow, the children at one step are kept in file order too: dot puts
        the tail of an edge within a step before its head, left to right in TB and BT
        but bottom to top in LR and RL (so there they are joined the other way round).
        Left to dot, other edges could turn a row round (and edges between its children,
        which leave by the sides facing each other, loop)."""
        children, direction = self._children_of(group), self.blueprint.direction
        for first, second in _along(children, group.arrange or "", direction):
            yield self._invisible(first, second)
        for level in self.steps[group.id]:
            for first, second in itertools.pairwise(level):
                pair = (second, first) if direction in ("LR", "RL") else (first, second)
                yield self._invisible(*pair, _SIDE_BY_SIDE)

    def _level(self, elements: Sequence[str]) -> str:
        """Elements at one step of the flow (a rank); a group by its anchor. (No label:
        drawn from positions, a subgraph would show the title it inherits.)"""
        members = " ".join(quote(self.anchors.get(m, m)) for m in dict.fromkeys(elements))
        return f'  {{graph [rank="same", label=""]; {members}}}'

    def _invisible(self, first: str, second: str, more: Mapping[str, str] | None = None) -> str:
        a, b = quote(self.anchors.get(first, first)), quote(self.anchors.get(second, second))
        return f"  {a} -> {b} {attributes({'style': 'invis', **(more or {})})};"

    # --- title and legend ---------------------------------------------------------------

    def _title(self) -> Html:
        """Title, caption and legend; blank ones are left out, and all blank gives no label."""
        rows = _row(self.blueprint.title, styles.TITLE_SIZE, bold=True)
        rows += _row(self.blueprint.caption or "", styles.CAPTION_SIZE)
        for line in changes_lines(self.blueprint):
            rows += _row(line, styles.CHANGES_SIZE)
        if legend_notes(self.blueprint):
            rows += f'<TR><TD ALIGN="LEFT">{self._legend()}</TD></TR>'
        if self.callouts:
            rows += f'<TR><TD ALIGN="LEFT">{self._callout_list()}</TD></TR>'
        if not rows:  # Graphviz rejects a table without rows
            return Html("")
        return Html(f'<TABLE BORDER="0" CELLPADDING="0" CELLSPACING="4">{rows}</TABLE>')

    def _callout_list(self) -> str:
        """The callouts' texts, each after its marker, in as many columns as make the list
        lowest (callout_shape), sharing the drawing's width (callout_list_width)."""
        texts = callout_texts(self.blueprint)
        columns, wrap_at = callout_shape(texts, self.width)
        shared = callout_list_width(self.width, len(texts)) - styles.CALLOUT_LIST_SPACING
        text_width = int(shared / columns) - (styles.CALLOUT_COLUMN - styles.CALLOUT_TEXT_WIDTH)
        items = [
            _marker(number) + _callout_text(text, text_width, wrap_at)
            for text, number in zip(texts, self.callouts.values(), strict=True)
        ]
        rows = in_rows(items, columns)
        layout = 'BORDER="0" CELLBORDER="0" CELLPADDING="2" CELLSPACING="4"'
        # Each text spans two rows and its marker sits in the first, level with the text's
        # first line; the second row's empty cells take the rest of the height.
        body = "".join(f"<TR>{''.join(row)}</TR><TR>{'<TD></TD>' * len(row)}</TR>" for row in rows)
        return f"<TABLE {layout}>{body}</TABLE>"

    def _legend(self) -> str:
        """The notes about the whole drawing in their box, in as many columns as make it
        lowest once the drawing's width is known (legend_shape), sharing that width; a
        note the drawing of changes inherits, faded."""
        notes = legend_notes(self.blueprint)
        columns, wrap_at = legend_shape([note.text for note in notes], self.width)
        share = legend_share(self.width, columns)
        width = f' WIDTH="{share}"' if share else ""
        cells = []
        for note in notes:
            color = KEPT_NOTE_INK if note.id in self.kept else None
            text = _font(html_lines(wrap(note.text, wrap_at)), styles.LEGEND_SIZE, color)
            cells.append(f'<TD ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP"{width}>{text}</TD>')
        rows = "".join(f"<TR>{''.join(row)}</TR>" for row in in_rows(cells, columns))
        colors = f'COLOR="{styles.NOTE["color"]}" BGCOLOR="{styles.NOTE["fillcolor"]}"'
        layout = (
            f'BORDER="{styles.LEGEND_BORDER}" CELLBORDER="0" CELLPADDING="{styles.LEGEND_PADDING}"'
            ' CELLSPACING="0"'
        )
        return f"<TABLE {layout} {colors}>{rows}</TABLE>"

    # --- groups and nodes, nested ---------------------------------------------------------

    def _contents(self, parent: str | None, indent: str) -> Iterator[str]:
        """A group's groups, then its nodes, each nested in its own.

        Across the flow, dot keeps elements in the order they come in where crossings
        allow: left to right in TB and BT, but bottom to top in LR and RL. So in LR and
        RL they come in backwards, for the first written to be drawn on top (Availability
        Zone A above B). Groups come first: what a Region holds beside its VPC (S3, a
        queue, a band of services) is drawn after it, as AWS draws it, and edges to a
        group that spans (an Auto Scaling group's) leave from the member on that side
        (`_laid_to`).
        """
        nodes, groups = self.children.get(parent, ([], []))
        children: list[Node | Group] = [*groups, *nodes]
        if self.blueprint.direction in ("LR", "RL"):
            children.reverse()
        for child in children:
            inner = indent + "  " * len(self.slots.get(child.id, []))
            if isinstance(child, Group):
                lines = self._group_lines(child, inner)
            else:
                lines = self._node_lines(child, inner)
            yield from self._slotted(child.id, indent, lines)

    def _tint(self, group: Group) -> str | None:
        """The fill of a generic group inside generic groups: a step darker for each."""
        if group.kind != "generic":
            return None
        depth, parent = 0, group.parent
        while parent is not None and self.groups[parent].kind == "generic":
            depth, parent = depth + 1, self.groups[parent].parent
        return GENERIC_TINTS[min(depth, len(GENERIC_TINTS)) - 1] if depth else None

    def _slotted(self, element_id: str, indent: str, lines: Iterator[str]) -> Iterator[str]:
        """An element's lines, inside one invisible slot per group that spans it: each
        keeps room for the group's label above the element."""
        slots = self.slots.get(element_id, [])
        for depth, group in enumerate(slots):
            inner = indent + "  " * depth
            yield f"{inner}subgraph {quote(cluster_name(slot_name(group.id, element_id)))} {{"
            values = group_attributes(
                group, self.callouts.get(group.id), self.blueprint.direction, group.id in self.kept
            )
            slot = {key: value for key, value in values.items() if key not in _LINK_KEYS}
            yield f"{inner}  graph {attributes({**slot, 'style': 'invis'})};"
        yield from lines
        for depth in reversed(range(len(slots))):
            yield f"{indent}{'  ' * depth}}}"

    def _group_lines(self, group: Group, indent: str) -> Iterator[str]:
        yield f"{indent}subgraph {quote(cluster_name(group.id))} {{"
        values = group_attributes(
            group,
            self.callouts.get(group.id),
            self.blueprint.direction,
            group.id in self.kept,
            padded=self._padded(group),
            tint=self._tint(group),
        )
        yield f"{indent}  graph {attributes(values)};"
        yield from self._contents(group.id, indent + "  ")
        if self.anchors[group.id] == _placeholder(group.id):
            yield _statement(indent + "  ", _placeholder(group.id), styles.EMPTY_GROUP_NODE)
        if group.note and group.id not in self.callouts:
            note = _note_attributes(group.note, group.id in self.kept)
            yield _statement(indent + "  ", group.id + ".note", note)
        yield f"{indent}}}"

    def _padded(self, group: Group) -> bool:
        """Whether the group's label keeps off the middle of its box (group_attributes):
        a group holding a node that an edge with the flow joins to something outside the
        group, coming in (or going out) at the middle, through the label's side. A band
        whose edges run within it or against the flow needs no room; a node a spanning
        group spans sits in a slot under that group's label, drawn after layout."""
        held = {
            node.id
            for node in self.children.get(group.id, ([], []))[0]
            if node.id not in self.slots
        }
        return any(
            edge.constraint and bool(ends & held) and not ends <= held
            for edge in self.blueprint.edges
            if (ends := set(edge.sources) | set(edge.targets))
        )

    def _node_lines(self, node: Node, indent: str) -> Iterator[str]:
        marker = self.callouts.get(node.id)
        label = _node_label(self.node_icons[node.id], node.label or "", marker)
        values: dict[str, str] = {"label": label, **_linked(node)}
        if node.id in self.kept:
            values["fontcolor"] = faded(styles.NODE["fontcolor"], styles.FADED_SHARE)
        yield _statement(indent, node.id, values)
        if node.note and marker is None:
            note_id = node.id + ".note"
            yield _statement(indent, note_id, _note_attributes(node.note, node.id in self.kept))
            link = f"{quote(node.id)}:{ICON_PORT} -> {quote(note_id)}"
            yield f"{indent}{link} {attributes(styles.NOTE_LINK)};"

    # --- edges --------------------------------------------------------------------------

    def _edge_lines(self, edge: Edge) -> Iterator[str]:
        for source, target in itertools.product(edge.sources, edge.targets):
            # Graphviz keeps an attribute it does not know, and draws nothing of it: the
            # scene of the laid-out drawing (scene.py) tells the edges apart by it.
            values = {**self._edge_attributes(edge), EDGE_ATTRIBUTE: edge.id}
            if self._side_by_side(source, target):
                values.update(_SIDE_BY_SIDE)
            for end, element_id in (("tail", source), ("head", target)):
                if self._spans(element_id):
                    values[SPAN_END_ATTRIBUTES[end]] = element_id  # clipped after layout
                elif element_id in self.anchors:
                    values[f"l{end}"] = cluster_name(element_id)
            tail_side, head_side = self._sides(edge)
            tail_end, head_end = self._laid_ends(source, target, ranked=edge.constraint)
            tail, head = self._endpoint(tail_end, tail_side), self._endpoint(head_end, head_side)
            yield f"  {tail} -> {head} {attributes(values)};"

    def _side_by_side(self, tail: str, head: str) -> bool:
        """Whether two elements are at one step of the flow: a level_with pair, or the
        children an arranged group puts at one step."""
        return any(tail in level and head in level for level in self.levels)

    def _laid_ends(self, tail: str, head: str, *, ranked: bool) -> tuple[str, str]:
        """What an edge's ends are laid out to (see `_laid_to`; `ranked`: the edge ranks
        its tail before its head). Between two groups that span: the two members that
        share the deepest group, among equals the first member of the head's group with
        one (reads from an Auto Scaling group to replicas in both zones: within one zone,
        the one the replicas list first)."""
        spanning = [self._spans(end) for end in (tail, head)]
        if not (spanning[0] and spanning[1]):
            return self._laid_to(tail, head, ahead=False), self._laid_to(head, tail, ahead=ranked)
        pairs = [(member, other) for other in spanning[1] for member in spanning[0]]
        depths = [len(set(self._ancestry(a)) & set(self._ancestry(b))) for a, b in pairs]
        return pairs[depths.index(max(depths))]

    def _spans(self, element_id: str) -> tuple[str, ...]:
        group = self.elements.get(element_id)
        return group.spans if isinstance(group, Group) else ()

    def _laid_to(self, end: str, other: str, *, ahead: bool) -> str:
        """What an edge's end is laid out to: itself, or for a group that spans, the
        member toward the other end (render.finish clips the edge at the group's box).

        The member sharing the deepest group with the other end (a database in zone A:
        the member in zone A); among equals, the first or the last across the flow,
        whichever side the other end's branch is on (a band written after the VPC, or a
        queue beside it: the last). Laid out to a member on the far side, the edge crossed
        the others. An end `ahead`, ranked before the group by the edge, meets it from
        ahead, not beside it: the first member, where the group is read from (an alarm
        that scales an Auto Scaling group drawn across zones A and B: zone A's)."""
        members = self._spans(end)
        if not members:
            return end
        theirs = self._ancestry(other)
        shared = [len(set(self._ancestry(member)) & set(theirs)) for member in members]
        nearest = [m for m, depth in zip(members, shared, strict=True) if depth == max(shared)]
        if len(nearest) == 1 or ahead:
            return nearest[0]
        ours = self._ancestry(nearest[0])
        common = next(group for group in ours if group in theirs)  # None: the drawing
        order = self._sibling_order(common)
        branch = (ours[ours.index(common) - 1], theirs[theirs.index(common) - 1])
        mine, their = branch
        if mine not in order or their not in order:  # another spanning group
            return nearest[0]
        later = order.index(their) > order.index(mine)
        return nearest[-1] if later else nearest[0]

    def _ancestry(self, element_id: str) -> list[str | None]:
        """The element, the groups it is in from the innermost out, and None (the drawing)."""
        chain: list[str | None] = [element_id]
        parent = self._parent(element_id)
        while parent is not None:
            chain.append(parent)
            parent = self._parent(parent)
        return [*chain, None]

    def _parent(self, element_id: str) -> str | None:
        element = self.elements.get(element_id)
        return element.parent if element else None

    def _sibling_order(self, parent: str | None) -> list[str]:
        """A group's children as they are laid out: groups, then nodes (`_contents`)."""
        nodes, groups = self.children.get(parent, ([], []))
        return [group.id for group in groups] + [node.id for node in nodes]

    def _edge_attributes(self, edge: Edge) -> dict[str, str]:
        # (the blueprint's directions are Graphviz's `dir`s)
        values: dict[str, str] = {"dir": edge.direction, **_linked(edge)}
        if edge.style != "solid":
            values["style"] = _EDGE_STYLES.get(edge.style, edge.style)
        if edge.color:
            values["color"] = to_hex(edge.color)
        if edge.id in self.kept:
            ink = styles.EDGE["fontcolor"]
            values["color"] = faded(edge.color or styles.EDGE["color"], styles.FADED_SHARE)
            values["fontcolor"] = values["labelfontcolor"] = faded(ink, styles.FADED_SHARE)
        if not edge.constraint:
            values.update(
                _AGAINST_FLOW["free" if self._off_ranks(edge) else self.layout.against_flow]
            )
        for key, text in (
            ("label", edge.label),
            ("taillabel", edge.start_label),
            ("headlabel", edge.end_label),
        ):
            if text:
                values[key] = Html(html_lines(wrap(text, styles.EDGE_LABEL_WIDTH)))
        return values

    def _off_ranks(self, edge: Edge) -> bool:
        """Whether an edge against the flow is kept off the ranks: in the usual layout, and
        in every layout from or to a band placed last (or first), whose end it would
        otherwise pull out of the band."""
        placed = any(self._placed(end) for end in (*edge.sources, *edge.targets))
        return placed or self.layout.against_flow == "free"

    def _sides(self, edge: Edge) -> tuple[str, str]:
        """Where an edge leaves and enters an icon.

        Edges with the flow leave by the side the flow goes to and enter by the side it
        comes from, as in AWS's own diagrams; two edges then never meet head to tail at
        one point. Edges against the flow take whichever side Graphviz finds best. A side
        the blueprint names wins.
        """
        tail, head = FLOW_SIDES[self.blueprint.direction] if edge.constraint else ("_", "_")
        facing = self._facing(edge)
        if facing:
            tail, head = facing
        return (
            _COMPASS.get(edge.from_side or "", tail),
            _COMPASS.get(edge.to_side or "", head),
        )

    def _facing(self, edge: Edge) -> tuple[str, str] | None:
        """The sides two nodes an arranged group puts at one step of the flow face each
        other by: an edge between them runs across the flow, and leaving by the flow's
        side it would loop around them."""
        if len(edge.sources) != 1 or len(edge.targets) != 1:
            return None
        tail, head = self.across.get(edge.sources[0]), self.across.get(edge.targets[0])
        if tail is None or head is None or tail[:2] != head[:2]:
            return None
        forward = tail[2] < head[2]  # left to right in TB and BT, top to bottom in LR, RL
        sides = ("e", "w") if self.blueprint.direction in ("TB", "BT") else ("s", "n")
        return sides if forward else (sides[1], sides[0])

    def _endpoint(self, element_id: str, side: str) -> str:
        """A node's icon cell, so edges end at the icon and not at its label; but an edge
        on the label's side (south: TB's tails, BT's heads) ends below the label, at the
        node's own side, as it would otherwise run through the label."""
        node_id = self.anchors.get(element_id, element_id)
        if node_id.endswith(".empty"):  # a placeholder
            return quote(node_id)
        if side == "s":
            return f"{quote(node_id)}:s"
        return f"{quote(node_id)}:{ICON_PORT}:{side}"


def _loops(after: Mapping[str, set[str]]) -> bool:
    """Whether following `after` (each id -> the ids after it) can come back round: taken
    backwards from those with nothing after them, some are never reached."""
    before: dict[str, set[str]] = {key: set() for key in after}
    for key, later in after.items():
        for other in later:
            before[other].add(key)
    onward = {key: len(later) for key, later in after.items()}
    leading = [key for key, count in onward.items() if not count]
    reached = len(leading)
    while leading:
        for earlier in before[leading.pop()]:
            onward[earlier] -= 1
            if not onward[earlier]:
                reached += 1
                leading.append(earlier)
    return reached < len(after)


def _grid(children: list[str], arrange: str, direction: str) -> list[list[str]]:
    """The children as lines along the flow: each inner list runs with the flow, the
    lines stacked across it. A row is one line in LR/RL (the flow runs along it) and a
    line per child in TB/BT; a column the other way round; a grid has as many lines as
    columns, near square."""
    with_flow = direction in ("LR", "RL")
    if not children:
        return []
    if arrange == "grid":
        width = math.ceil(math.sqrt(len(children)))
        rows = in_rows(children, width)
        columns = [list(column) for column in itertools.zip_longest(*rows) if column]
        lines = [
            [child for child in line if child is not None]
            for line in (rows if with_flow else columns)
        ]
    else:
        along = (arrange == "row") == with_flow
        lines = [children] if along else [[child] for child in children]
    # Rows read left to right and columns top down: against a flow that runs right to
    # left or up, the lines run backwards.
    return [line[::-1] for line in lines] if direction in ("RL", "BT") else lines


def _along(children: list[str], arrange: str, direction: str) -> Iterator[tuple[str, str]]:
    """Pairs of children one step apart along the flow."""
    for line in _grid(children, arrange, direction):
        yield from itertools.pairwise(line)


def _across(children: list[str], arrange: str, direction: str) -> list[tuple[str, ...]]:
    """Groups of children at one step of the flow: the n-th of each line."""
    lines = _grid(children, arrange, direction)
    steps = itertools.zip_longest(*lines)
    return [level for step in steps if len(level := tuple(c for c in step if c)) > 1]


def _children(blueprint: Blueprint) -> dict[str | None, tuple[list[Node], list[Group]]]:
    """Parent group id (None: the drawing itself) -> its nodes and groups, in file order."""
    children: dict[str | None, tuple[list[Node], list[Group]]] = {}
    for node in blueprint.nodes:
        children.setdefault(node.parent, ([], []))[0].append(node)
    for group in blueprint.groups:
        if not group.spans:  # drawn after layout, around its members: no box of its own
            children.setdefault(group.parent, ([], []))[1].append(group)
    return children


def _anchors(
    blueprint: Blueprint, children: dict[str | None, tuple[list[Node], list[Group]]]
) -> dict[str, str]:
    """Group id -> the node edges to that group attach to before Graphviz clips them.

    The first node inside the group (searching nested groups in order), or an invisible
    placeholder that also keeps an empty group visible.
    """

    def anchor(group_id: str) -> str:
        nodes, groups = children.get(group_id, ([], []))
        if nodes:
            return nodes[0].id
        return anchor(groups[0].id) if groups else _placeholder(group_id)

    anchors = {group.id: anchor(group.id) for group in blueprint.groups if not group.spans}
    for group in blueprint.groups:  # a spanning group's is its first member's
        first = group.spans[0] if group.spans else None
        if first is not None:
            anchors[group.id] = anchors.get(first, first)
    return anchors


def _placeholder(group_id: str) -> str:
    return group_id + ".empty"


def _node_label(icon: str, label: str, marker: int | None) -> Html:
    """The icon, and the label under it.

    A callout's marker goes at the icon's top right: the icon spans two rows, the marker
    sits in the first (Graphviz would centre it beside the icon in one), and an empty
    column as wide at the icon's left keeps the icon centred (the scene and the edges'
    ports count on it).
    """
    icon_cell = _icon_cell(icon, styles.ICON_SIZE, f' PORT="{ICON_PORT}"')
    text = html_lines(wrap(label, styles.NODE_LABEL_WIDTH))
    if marker is None:
        text_row = f'<TR><TD CELLPADDING="3">{text}</TD></TR>' if label else ""
        return Html(f"{_table(0)}<TR>{icon_cell}</TR>{text_row}</TABLE>")
    spacer = f'<TD ROWSPAN="2" WIDTH="{styles.CALLOUT_SIZE}"></TD>'
    icon_cell = icon_cell.replace("<TD", '<TD ROWSPAN="2"', 1)
    rows = f"<TR>{spacer}{icon_cell}{_marker(marker)}</TR><TR><TD></TD></TR>"
    text_row = f'<TR><TD COLSPAN="3" CELLPADDING="3">{text}</TD></TR>' if label else ""
    return Html(f"{_table(0)}{rows}{text_row}</TABLE>")


def _marker(number: int) -> str:
    """A cell with a callout's numbered marker: the number in white on a dark rounded
    square. The square is a table of its own: a cell's colour fills all the room its row
    gives it, whatever its own size."""
    size = styles.CALLOUT_SIZE
    digits = f'<FONT COLOR="white" POINT-SIZE="{styles.CALLOUT_FONT_SIZE}"><B>{number}</B></FONT>'
    square = (
        f'<TD FIXEDSIZE="TRUE" WIDTH="{size}" HEIGHT="{size}"'
        f' BGCOLOR="{styles.CALLOUT_COLOR}" STYLE="rounded">{digits}</TD>'
    )
    return f"<TD>{_table(0)}<TR>{square}</TR></TABLE></TD>"


def _callout_text(note: str, width: int, wrap_at: int) -> str:
    """A callout's text, wrapped at `wrap_at` columns, in a cell `width` points wide: at
    least as wide as any wrapped text but the rarest, so that the list is as wide as
    callout_list_width says and its columns line up whatever their texts."""
    text = html_lines(wrap(note, wrap_at), "LEFT")
    cell = f'ROWSPAN="2" WIDTH="{width}" ALIGN="LEFT" BALIGN="LEFT" VALIGN="TOP"'
    return f"<TD {cell}>{_font(text, styles.LEGEND_SIZE)}</TD>"


def _icon_cell(icon: str, size: int, extra: str = "") -> str:
    return (
        f'<TD{extra} FIXEDSIZE="TRUE" WIDTH="{size}" HEIGHT="{size}">'
        f'<IMG SRC="{escape(icon)}" SCALE="TRUE"/></TD>'
    )


def _table(spacing: int) -> str:
    return f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="{spacing}" CELLPADDING="0">'


def slot_name(group_id: str, member_id: str) -> str:
    """The invisible group that keeps room for a spanning group's label above a member."""
    return f"{group_id}.{member_id}"


def group_attributes(
    group: Group,
    marker: int | None,
    direction: str,
    kept: bool = False,
    *,
    padded: bool = False,
    tint: str | None = None,
) -> dict[str, str]:
    """A group's box and label; `marker`: its callout's number; `kept`: faded, as what a
    drawing of changes inherits; `padded`: kept off the middle of the box in TB and BT
    (a group that holds nodes, whose edges come in at the middle; a group of groups is
    wider than them, and render.finish moves its label off the edges where it can);
    `tint`: its fill, where its kind has none.

    The label goes at the top left, beside the group's icon, as AWS draws it (centred
    for the kinds AWS centres, in LR and RL). Graphviz mirrors a group label's place
    with the flow: `b` is the top in BT, `r` the left in RL.

    In TB and BT, edges enter and leave a group through the top and bottom of its box,
    its label's side: in a box no wider than its label, the label sits right above the
    middle, where an icon's edges come in, and every edge runs through it. There the
    label keeps to the left and takes an empty cell as wide as itself, so that its box
    is at least twice as wide and the middle stays clear.
    """
    across_labels = direction in ("TB", "BT")
    values = _group_attributes(group, marker, kept, padded and across_labels, tint)
    values.update(_linked(group))
    # Set on every group, as a group inherits them from the group it is in.
    values["labelloc"] = "b" if direction == "BT" else "t"
    values["labeljust"] = "r" if direction == "RL" else "l"
    if GROUP_KINDS[group.kind].centred and not across_labels:
        values["labeljust"] = "c"
    return values


def _group_attributes(
    group: Group, marker: int | None, kept: bool, padded: bool, tint: str | None
) -> dict[str, str]:
    style = GROUP_KINDS[group.kind]
    label = _group_label(group.label or "", style, marker, kept)
    if padded and label:
        label = Html(
            f'{_table(0)}<TR><TD>{label}</TD><TD WIDTH="{_label_width(group, marker)}"></TD>'
            "</TR></TABLE>"
        )
    values = {**styles.GROUP, "color": style.border, "label": label}
    if not group.spans:
        # The label's ink, set on every group written in the DOT: a group inherits it
        # from the group it is in, which in a drawing of changes may be faded while this
        # one is new. (A group that spans is added after layout, in no group: it inherits
        # the graph's, which a dark drawing has painted light.)
        values["fontcolor"] = styles.GRAPH["fontcolor"]
    fill = style.fill or tint
    values["style"] = ("dashed" if style.dashed else "solid") + (",filled" if fill else "")
    if fill:
        values["fillcolor"] = fill
    return _faded_box(values) if kept else values


# What makes an element a link in SVG, with the text shown when the pointer rests on it:
# Graphviz writes them as an <a> around the element (other formats draw nothing of them).
_LINK_KEYS = ("URL", "target", "tooltip")


def _linked(element: Group | Node | Edge) -> dict[str, str]:
    """An element's link (opened in the whole window, where the SVG is framed) and its
    note, or callout text, as the text its pointer shows."""
    values = {"URL": element.link, "target": "_top"} if element.link else {}
    note = element.note if isinstance(element, Group | Node) else None
    if note:
        # Graphviz expands \N, \G and the like in a tooltip, as in labels.
        values["tooltip"] = clean(note).replace("\\", "\\\\")
    return values


def _label_width(group: Group, marker: int | None) -> int:
    """About how wide a group's label is drawn, in points: its icon, its longest line
    (a column of text is taken as 0.55 of the font's size, a little more than Noto Sans
    needs), its marker, and the cells' spacing."""
    style = GROUP_KINDS[group.kind]
    lines = wrap(group.label or "", styles.GROUP_LABEL_WIDTH)
    text = max((display_width(line) for line in lines), default=0) * styles.GROUP_FONT_SIZE
    icon = styles.GROUP_ICON_SIZE if style.icon else 0
    callout = styles.CALLOUT_SIZE if marker is not None else 0
    return math.ceil(icon + 0.55 * text + callout + 12)


def _group_label(label: str, style: GroupKind, marker: int | None, kept: bool) -> Html:
    text = html_lines(wrap(label, styles.GROUP_LABEL_WIDTH))
    if style.icon is None and marker is None:
        return Html(text)
    icon = shown_icon(style.icon, kept) if style.icon else None
    icon_cell = _icon_cell(icon, styles.GROUP_ICON_SIZE) if icon else ""
    text_cell = f"<TD>{text}</TD>" if label else ""
    marker_cell = _marker(marker) if marker is not None else ""
    return Html(f"{_table(4)}<TR>{icon_cell}{text_cell}{marker_cell}</TR></TABLE>")


# What a drawing of changes says under its caption, by language (English otherwise).
_CHANGES_TEXT = {
    "en": (
        "In colour: what this adds to or changes in “{base}”; faded: what it keeps.",
        "Removed: {removed}.",
    ),
    "ko": ("색으로 표시: “{base}”에 더하거나 바꾼 것, 흐리게: 그대로 둔 것.", "삭제: {removed}."),
}


def changes_lines(blueprint: Blueprint) -> list[str]:
    """What a drawing of changes highlights, and what the blueprint removed, if anything."""
    changes = blueprint.changes
    if changes is None:
        return []
    shown, removed = _CHANGES_TEXT.get(blueprint.language, _CHANGES_TEXT["en"])
    lines = [shown.format(base=changes.base_title)]
    if changes.removed:
        lines.append(removed.format(removed=", ".join(changes.removed)))
    return lines


def _note_attributes(text: str, kept: bool = False) -> dict[str, str]:
    """A note's box beside its element; `kept`: faded, as the element it belongs to."""
    values = {**styles.NOTE, "label": Html(html_lines(wrap(text, styles.NOTE_WIDTH), "LEFT"))}
    return _faded_box(values) if kept else values


def _faded_box(values: dict[str, str]) -> dict[str, str]:
    """A box's attributes faded, as what a drawing of changes keeps: its border, fill and
    text (dark ink unless it had its own)."""
    faded_values = {"fontcolor": styles.GRAPH["fontcolor"], **values}
    for key in ("color", "fillcolor", "fontcolor"):
        if key in faded_values:
            faded_values[key] = faded(faded_values[key], styles.FADED_SHARE)
    return faded_values


def _row(text: str, size: int, *, bold: bool = False) -> str:
    """A table row of `text`, or "" for blank text: Graphviz rejects empty <B> and <FONT>."""
    content = html_lines(wrap(text, styles.TITLE_WIDTH))
    if not content:
        return ""
    if bold:
        content = f"<B>{content}</B>"
    return f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{_font(content, size)}</TD></TR>'


def _font(content: str, size: int, color: str | None = None) -> str:
    colored = f' COLOR="{color}"' if color else ""
    return f'<FONT POINT-SIZE="{size}"{colored}>{content}</FONT>'
