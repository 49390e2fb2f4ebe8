"""Stage 3: the blueprint as frozen dataclasses, built from a validated document.

Elements keep the order they were written in: Graphviz lays nodes out in input order,
so keeping it makes the drawing follow the file and stay the same from run to run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .load import Document, Mark


@dataclass(frozen=True)
class Group:
    id: str
    kind: str
    label: str | None
    parent: str | None
    note: str | None
    mark: Mark = field(compare=False)


@dataclass(frozen=True)
class Node:
    id: str
    type: str
    label: str | None
    parent: str | None
    note: str | None
    mark: Mark = field(compare=False)


@dataclass(frozen=True)
class Edge:
    id: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    label: str | None
    style: str
    color: str | None
    direction: str
    mark: Mark = field(compare=False)


@dataclass(frozen=True)
class Note:
    id: str
    text: str
    mark: Mark = field(compare=False)


@dataclass(frozen=True)
class Blueprint:
    path: str
    title: str
    caption: str | None
    direction: str
    groups: tuple[Group, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    notes: tuple[Note, ...]
    title_mark: Mark = field(compare=False, default=Mark(1, 1))
    caption_mark: Mark = field(compare=False, default=Mark(1, 1))

    def group(self, group_id: str) -> Group:
        return next(group for group in self.groups if group.id == group_id)


def from_document(document: Document) -> Blueprint:
    """Build the model of a document that passed validation."""
    data: dict[str, Any] = document.data

    def section(name: str) -> list[tuple[str, Any, Mark]]:
        entries = data.get(name) or {}
        return [(key, value, document.key_mark((name, key))) for key, value in entries.items()]

    return Blueprint(
        path=document.path,
        title=data["title"],
        caption=data.get("caption"),
        direction=data.get("direction", "LR"),
        groups=tuple(_group(*entry) for entry in section("groups")),
        nodes=tuple(_node(*entry) for entry in section("nodes")),
        edges=tuple(_edge(*entry) for entry in section("edges")),
        notes=tuple(Note(key, text, mark) for key, text, mark in section("notes")),
        title_mark=document.mark(("title",)),
        caption_mark=document.mark(("caption",)),
    )


def _group(group_id: str, entry: dict[str, Any], mark: Mark) -> Group:
    kind = entry.get("kind", "generic")
    return Group(group_id, kind, entry.get("label"), entry.get("in"), entry.get("note"), mark)


def _node(node_id: str, entry: dict[str, Any], mark: Mark) -> Node:
    return Node(
        node_id, entry["type"], entry.get("label"), entry.get("in"), entry.get("note"), mark
    )


def _edge(edge_id: str, entry: dict[str, Any], mark: Mark) -> Edge:
    return Edge(
        id=edge_id,
        sources=_ids(entry["from"]),
        targets=_ids(entry["to"]),
        label=entry.get("label"),
        style=entry.get("style", "solid"),
        color=entry.get("color"),
        direction=entry.get("direction", "forward"),
        mark=mark,
    )


def _ids(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)
