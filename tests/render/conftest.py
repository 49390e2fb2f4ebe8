from __future__ import annotations

from typing import Any

import pytest
from pygraphviz import graphviz as gv


@pytest.fixture
def graphviz_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any, bytes]]:
    """Every layout and every output Graphviz makes from here on, in order: ("layout",
    graph, engine) and ("render", graph, renderer)."""
    calls: list[tuple[str, Any, bytes]] = []
    real_layout, real_render = gv.gvLayout, gv.gvRenderData

    def layout(context: object, graph: object, engine: bytes) -> int:
        calls.append(("layout", graph, engine))
        return int(real_layout(context, graph, engine))

    def render(context: object, graph: object, renderer: bytes) -> object:
        calls.append(("render", graph, renderer))
        return real_render(context, graph, renderer)

    monkeypatch.setattr(gv, "gvLayout", layout)
    monkeypatch.setattr(gv, "gvRenderData", render)
    return calls
