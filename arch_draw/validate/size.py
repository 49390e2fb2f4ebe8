"""How much a blueprint asks for, against the limits (see `arch_draw.limits`).

The file's own size, its values and its nesting are bounded while it is read; what is
bounded here needs the merged blueprint: how many nodes and edges it draws, and how
long each text is. Each problem says which `--limit` raises the bound.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import Diagnostic
from ..limits import Limits, raise_with
from ..load import FREE_TEXT, Document, JsonPath
from .content import text_paths
from .shape import name_of


def size_problems(document: Document, limits: Limits) -> list[Diagnostic]:
    if not isinstance(document.data, dict):
        return []
    return [
        *_count_problems(document, "nodes", _node_count(document.data), limits.nodes),
        *_count_problems(document, "edges", _edge_count(document.data), limits.edges),
        *_text_problems(document, limits),
    ]


def _count_problems(
    document: Document, section: str, count: int, limit: int
) -> Iterator[Diagnostic]:
    if count > limit:
        message = (
            f"the blueprint draws {count} {section}; the limit is {limit}"
            f" ({raise_with(section)} raises it)"
        )
        yield document.problem((section,), message, at_key=True)


def _node_count(data: dict[str, Any]) -> int:
    nodes = data.get("nodes")
    return len(nodes) if isinstance(nodes, dict) else 0


def _edge_count(data: dict[str, Any]) -> int:
    """Edges as drawn: an entry from two ids to three draws six."""
    edges = data.get("edges")
    entries = edges.values() if isinstance(edges, dict) else ()
    return sum(_ends(entry, "from") * _ends(entry, "to") for entry in entries)


def _ends(entry: Any, end: str) -> int:
    value = entry.get(end) if isinstance(entry, dict) else None
    return len(value) if isinstance(value, list) else 1


def _text_problems(document: Document, limits: Limits) -> Iterator[Diagnostic]:
    for path in text_paths(document.data):
        field = "note" if path[-1] in FREE_TEXT or path[0] in FREE_TEXT else "label"
        limit = limits.note if field == "note" else limits.label
        for text_path, text in _texts_at(document.data, path):
            if len(text) > limit:
                message = (
                    f"{name_of(text_path)} is {len(text)} characters long; the limit is"
                    f" {limit} ({raise_with(field)} raises it)"
                )
                yield document.problem(text_path, message)


def _texts_at(data: dict[str, Any], path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    """The text at `path`, or each language's text there."""
    value: Any = data
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        yield from (((*path, lang), text) for lang, text in value.items() if isinstance(text, str))
