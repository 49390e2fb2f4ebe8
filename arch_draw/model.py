"""Stage 3: the blueprint as frozen dataclasses, built from a validated document.

A model is in one language: text given per language is picked as the model is built.
Elements keep the order they were written in: Graphviz lays nodes out in input order,
so keeping it makes the drawing follow the file and stay the same from run to run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from .errors import BlueprintError, Diagnostic
from .files import resolved
from .load import SECTIONS, Document, Mark
from .themes import DEFAULT_THEME

# The values the schema allows, as types (tests/schema/test_schema.py holds them to its
# enums): a typo in the code is then an error of mypy's. Group kinds are the table
# arch_draw.kinds, which the schema reads.
Direction = Literal["LR", "TB", "RL", "BT"]
Place = Literal["first", "last"]
Arrange = Literal["row", "column", "grid"]
EdgeStyle = Literal["solid", "dashed", "dotted", "bold", "invisible"]
Line = Literal["curved", "straight", "angled"]
Arrows = Literal["forward", "back", "both", "none"]
Side = Literal["north", "east", "south", "west"]
ThemeName = Literal["light", "dark", "auto"]  # arch_draw.themes.THEMES


@dataclass(frozen=True)
class Group:
    id: str
    kind: str
    label: str | None
    parent: str | None
    note: str | None
    mark: Mark = field(compare=False)
    # Ids of the members of a group that spans elements of different groups: it holds
    # nothing itself and is drawn around them after layout (render.finish).
    spans: tuple[str, ...] = ()
    place: Place | None = None  # first or last in its group's flow
    level_with: str | None = None  # id of an element at the same step of the flow
    before: str | None = None  # id of an element at a later step, in line with this one
    arrange: Arrange | None = None  # row, column or grid: how its children are arranged
    link: str | None = None  # an http(s) address the SVG links the element to


@dataclass(frozen=True)
class Node:
    id: str
    type: str | None  # None when the node has only an icon of its own
    label: str | None
    parent: str | None
    note: str | None
    mark: Mark = field(compare=False)
    icon: Path | None = None  # an image file of the user's, found beside its blueprint
    place: Place | None = None  # first or last in its group's flow
    level_with: str | None = None  # id of an element at the same step of the flow
    before: str | None = None  # id of an element at a later step, in line with this one
    link: str | None = None  # an http(s) address the SVG links the element to
    on_border: bool = False  # drawn on its group's border (render.finish)


@dataclass(frozen=True)
class Edge:
    id: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    label: str | None
    style: EdgeStyle
    color: str | None
    direction: Arrows
    mark: Mark = field(compare=False)
    constraint: bool = True  # False: drawn, but no pull on the layout's ranks
    start_label: str | None = None
    end_label: str | None = None
    line: Line = "curved"  # or straight, angled: redrawn after layout (render.finish)
    from_side: Side | None = None  # None: by the flow
    to_side: Side | None = None
    link: str | None = None  # an http(s) address the SVG links the edge to


@dataclass(frozen=True)
class Note:
    id: str
    text: str
    mark: Mark = field(compare=False)


@dataclass(frozen=True)
class Blueprint:
    path: str
    language: str
    languages: tuple[str, ...]  # all the blueprint has text for, default first
    title: str
    caption: str | None
    direction: Direction
    groups: tuple[Group, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    notes: tuple[Note, ...]
    title_mark: Mark = field(compare=False, default=Mark(1, 1))
    caption_mark: Mark = field(compare=False, default=Mark(1, 1))
    callouts: bool = False  # notes of elements as numbered markers and a list
    changes: Changes | None = None  # drawn as changes over the blueprint it extends
    theme: ThemeName = DEFAULT_THEME  # see arch_draw.themes

    def callout_numbers(self) -> dict[str, int]:
        """Element id -> its callout's number, when notes are callouts: the nodes' notes
        in file order, then the groups' (the nodes carry the flow, so their numbers
        follow it)."""
        if not self.callouts:
            return {}
        noted = [node.id for node in self.nodes if node.note]
        noted += [group.id for group in self.groups if group.note]
        return {element_id: number for number, element_id in enumerate(noted, start=1)}

    @property
    def kept(self) -> frozenset[str]:
        """The elements a drawing of changes inherits unchanged (drawn faded): none when
        it is not one."""
        return self.changes.kept if self.changes else frozenset()

    @property
    def other_language(self) -> str | None:
        """The language, unless it is the blueprint's first: only a drawing in another
        language says which in its file name and reports (`tier.png`, `tier.ko.png`)."""
        return None if self.language == self.languages[0] else self.language

    def group(self, group_id: str) -> Group:
        return next(group for group in self.groups if group.id == group_id)

    def node(self, node_id: str) -> Node:
        return next(node for node in self.nodes if node.id == node_id)

    def edge(self, edge_id: str) -> Edge:
        return next(edge for edge in self.edges if edge.id == edge_id)


@dataclass(frozen=True)
class Changes:
    """What a blueprint changes over the one it extends: what it keeps as it was is drawn
    muted, what it adds or changes in full colour, and what it removes is listed."""

    base_title: str
    kept: frozenset[str]  # ids of the elements it inherits unchanged
    removed: tuple[str, ...]  # the base's elements it removes, by label (or id)


def with_changes(document: Document, blueprint: Blueprint) -> Blueprint:
    """`blueprint` (the model of `document`) to be drawn as changes over its base.

    An element is kept when its merged entry is the base's, key for key but those that
    only place it (PLACEMENT_KEYS): an entry the blueprint writes again unchanged, or
    only moves, counts as kept; one whose group, ends or text it changes counts as
    changed."""
    base = document.base
    if base is None:
        message = "--changes: this blueprint extends no other, so it changes nothing to show"
        raise BlueprintError([Diagnostic(document.path, 1, 1, message)])
    kept: set[str] = set()
    removed: list[str] = []
    for section in SECTIONS:
        ours, theirs = document.data.get(section) or {}, base.data.get(section) or {}
        kept.update(key for key, entry in ours.items() if _what(theirs.get(key)) == _what(entry))
        removed += [
            _shown(key, entry, blueprint.language)
            for key, entry in theirs.items()
            if key not in ours
        ]
    title = base.data.get("title")
    base_title = title.get(blueprint.language) if isinstance(title, dict) else title
    return replace(
        blueprint, changes=Changes(str(base_title or base.path), frozenset(kept), tuple(removed))
    )


# The keys that say where or how an element is laid out, not what the architecture is: a
# tier that moves what it inherits, to read better beside what it adds, adds nothing.
PLACEMENT_KEYS = frozenset(
    {
        "place",
        "level_with",
        "before",
        "arrange",
        "on_border",
        "line",
        "from_side",
        "to_side",
        "constraint",
    }
)


def _what(entry: Any) -> Any:
    """An entry without the keys that only place it (PLACEMENT_KEYS)."""
    if not isinstance(entry, dict):
        return entry
    return {key: value for key, value in entry.items() if key not in PLACEMENT_KEYS}


def with_theme(blueprint: Blueprint, theme: ThemeName | None) -> Blueprint:
    """`blueprint` in `theme` (the command line's `--theme`), or as it says if None."""
    return blueprint if theme is None else replace(blueprint, theme=theme)


def _shown(element_id: str, entry: Any, language: str) -> str:
    """An element of the raw data by its label in `language`, or its id."""
    label = entry.get("label") if isinstance(entry, dict) else None
    text = label.get(language) if isinstance(label, dict) else label
    return text if isinstance(text, str) and text else element_id


def from_document(document: Document, languages: list[str], language: str) -> Blueprint:
    """Build the model of a document that passed validation, in one of its languages."""
    data: dict[str, Any] = document.data

    def section(name: str) -> list[tuple[str, Any, Mark]]:
        entries = data.get(name) or {}
        return [(key, value, document.key_mark((name, key))) for key, value in entries.items()]

    def text(value: Any) -> Any:
        return value.get(language) if isinstance(value, dict) else value

    return Blueprint(
        path=document.path,
        language=language,
        languages=tuple(languages),
        title=text(data["title"]),
        caption=text(data.get("caption")),
        direction=data.get("direction", "LR"),
        groups=tuple(_group(*entry, text) for entry in section("groups")),
        nodes=tuple(_node(*entry, text, document) for entry in section("nodes")),
        edges=tuple(_edge(*entry, text) for entry in section("edges")),
        notes=tuple(Note(key, text(value), mark) for key, value, mark in section("notes")),
        title_mark=document.mark(("title",)),
        caption_mark=document.mark(("caption",)),
        callouts=data.get("callouts", False),
        theme=data.get("theme", DEFAULT_THEME),
    )


Pick = Callable[[Any], Any]  # the text of a value in the model's language


def _group(group_id: str, entry: dict[str, Any], mark: Mark, text: Pick) -> Group:
    label, note = text(entry.get("label")), text(entry.get("note"))
    return Group(
        group_id,
        entry["kind"],
        label,
        entry.get("in"),
        note,
        mark,
        spans=tuple(entry.get("spans", ())),
        place=entry.get("place"),
        level_with=entry.get("level_with"),
        before=entry.get("before"),
        arrange=entry.get("arrange"),
        link=entry.get("link"),
    )


def _node(node_id: str, entry: dict[str, Any], mark: Mark, text: Pick, document: Document) -> Node:
    label, note = text(entry.get("label")), text(entry.get("note"))
    icon = entry.get("icon")
    icon_path = resolved(document.beside(("nodes", node_id, "icon"), icon)[0]) if icon else None
    return Node(
        node_id,
        entry.get("type"),
        label,
        entry.get("in"),
        note,
        mark,
        icon_path,
        place=entry.get("place"),
        level_with=entry.get("level_with"),
        before=entry.get("before"),
        on_border=entry.get("on_border", False),
        link=entry.get("link"),
    )


def _edge(edge_id: str, entry: dict[str, Any], mark: Mark, text: Pick) -> Edge:
    return Edge(
        id=edge_id,
        sources=_ids(entry["from"]),
        targets=_ids(entry["to"]),
        label=text(entry.get("label")),
        style=entry.get("style", "solid"),
        color=entry.get("color"),
        direction=entry.get("direction", "forward"),
        mark=mark,
        constraint=entry.get("constraint", True),
        start_label=text(entry.get("start_label")),
        end_label=text(entry.get("end_label")),
        line=entry.get("line", "curved"),
        from_side=entry.get("from_side"),
        to_side=entry.get("to_side"),
        link=entry.get("link"),
    )


def _ids(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)
