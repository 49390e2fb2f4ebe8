"""The table of output formats, and what it promises of each."""

from __future__ import annotations

import pygraphviz
import pytest

from arch_draw.formats import DEFAULT_FORMATS, FORMATS, OUTPUT_FORMATS, renderer_of
from arch_draw.render.graphviz import captured_stderr


def test_the_choices_are_the_offered_formats_of_the_table() -> None:
    assert FORMATS == ("png", "svg", "pdf", "dot", "drawio")
    assert set(DEFAULT_FORMATS) <= set(FORMATS)
    assert "json" in OUTPUT_FORMATS  # arch-draw's own, not a choice of -f


@pytest.mark.parametrize("name", [name for name, f in OUTPUT_FORMATS.items() if f.renderer])
def test_every_renderer_named_is_one_the_bundled_graphviz_has(name: str) -> None:
    graph = pygraphviz.AGraph(string="digraph { a -> b }")
    graph.layout("dot")
    with captured_stderr():
        drawn = graph.draw(format=renderer_of(name).decode())
    assert drawn


def test_a_format_arch_draw_writes_itself_has_no_renderer() -> None:
    with pytest.raises(ValueError, match="Graphviz does not draw 'dot': arch-draw writes it"):
        renderer_of("dot")
