from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from arch_draw.errors import RenderError
from arch_draw.pipeline import draw, load_blueprint
from arch_draw.render import bitmap, graphviz
from arch_draw.render.graphviz import NothingLaidOut, draw_chosen
from arch_draw.render.layouts import CANDIDATES

from ..conftest import BLUEPRINTS, FIXTURES


def test_each_layout_is_made_once_and_all_formats_come_from_the_one_chosen(
    graphviz_calls: list[tuple[str, Any, bytes]], monkeypatch: pytest.MonkeyPatch
) -> None:
    canvases: list[int] = []
    real_canvas = bitmap.drawn_canvas

    def canvas(context: object, graph: Any, size: tuple[int, int], scale: float) -> Any:
        canvases.append(int(graph))
        return real_canvas(context, graph, size, scale)

    monkeypatch.setattr(bitmap, "drawn_canvas", canvas)
    blueprint = load_blueprint(BLUEPRINTS / "users-over-100k.yaml")
    drawn = draw(blueprint, ("png", "svg", "pdf", "dot"))
    assert set(drawn.outputs) == {"png", "svg", "pdf", "dot"}
    assert drawn.outputs["pdf"].startswith(b"%PDF")
    # Every candidate is laid out by dot and measured (JSON) once; the one kept is laid
    # out once more with its callouts set to its width (its text otherwise the same,
    # render.dot.callout_shape); the formats are drawn from one
    # graph: that one, positioned as it is with what render.finish adds.
    layouts = [(graph, what) for call, graph, what in graphviz_calls if call == "layout"]
    assert [what for _graph, what in layouts] == [b"dot"] * (len(CANDIDATES) + 1) + [b"nop2"]
    assert [what for _call, _graph, what in graphviz_calls].count(b"json") == len(CANDIDATES) + 1
    renders = [(graph, what) for call, graph, what in graphviz_calls if call == "render"]
    # The refitted graph is measured and finished without being laid out again (its
    # positions are read: render.dot.AGAINST_FLOW_DEFAULTS).
    refitted = int(layouts[len(CANDIDATES)][0])
    assert [(int(graph), what) for graph, what in renders[3:5]] == [
        (refitted, b"json"),
        (refitted, b"dot"),
    ]
    formats = [(graph, what) for graph, what in renders[5:]]  # the drawings
    # (the PNG is drawn on arch-draw's canvas: render.bitmap, below)
    assert [what for _graph, what in formats] == [b"svg:svg:core", b"pdf:cairo"]
    drawn_from = {int(graph) for graph, _what in formats}  # SWIG pointers, by address
    assert drawn_from == {int(layouts[-1][0])} == set(canvases)


def test_png_and_svg_share_the_layout() -> None:
    drawn = draw(load_blueprint(BLUEPRINTS / "users-under-1k.yaml"), ("png", "svg"))
    match = re.search(rb'<svg width="(\d+)pt" height="(\d+)pt"', drawn.outputs["svg"])
    assert match is not None
    width_pt, height_pt = int(match.group(1)), int(match.group(2))
    png = Image.open(io.BytesIO(drawn.outputs["png"]))
    # The SVG's size is in whole points, so the PNG's may differ from it by a pixel.
    assert abs(png.size[0] - width_pt * 96 / 72) <= 1
    assert abs(png.size[1] - height_pt * 96 / 72) <= 1


def test_graphviz_errors_become_render_errors() -> None:
    with pytest.raises(RenderError) as caught:
        draw_chosen(["digraph { a -> }"], ["svg"], [])
    assert str(caught.value) == "Graphviz failed: Error: syntax error in line 1 near '}'"


def test_a_drawing_that_lost_an_image_is_a_failure(tmp_path: Path) -> None:
    # Validation refuses such icons; were one to reach Graphviz anyway, cairo drew the PNG
    # as nothing and the PDF without the image, and both were written with exit 0.
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), (255, 153, 0)).save(buffer, "PNG")
    (tmp_path / "cut.png").write_bytes(buffer.getvalue()[:1000])
    image = '<TD FIXEDSIZE="TRUE" WIDTH="50" HEIGHT="50"><IMG SRC="cut.png" SCALE="TRUE"/></TD>'
    dot = f"digraph {{ a [label=<<TABLE><TR>{image}</TR></TABLE>>] }}"
    for fmt, reason in (("png", "cairo: out of memory"), ("pdf", "cairo: out of memory")):
        with pytest.raises(RenderError) as caught:
            draw_chosen([dot], [fmt], [tmp_path])
        assert str(caught.value) == f"Graphviz failed: {reason}", fmt


def test_graphviz_warnings_are_returned_not_printed(capfd: pytest.CaptureFixture[str]) -> None:
    _, outputs, warnings, _dot = draw_chosen(['digraph { a [color="nosuchcolour"] }'], ["svg"], [])
    assert outputs["svg"].startswith(b"<?xml")
    assert warnings == ["Warning: nosuchcolour is not a known color."]
    assert capfd.readouterr().err == ""


def _with(dot: str, *, newrank: bool = False, clipped: bool = True, ranked: bool = False) -> str:
    """A raw DOT text laid out another way, as render.dot writes the layouts."""
    graph = ('newrank="true"' if newrank else "") + ("" if clipped else ' compound="false"')
    if ranked:
        dot = dot.replace('constraint="false", ', "")
    return dot.replace("{", f"{{\n  graph [{graph}];", 1) if graph else dot


def test_a_graph_whose_ranking_fails_is_laid_out_the_next_way() -> None:
    # Reduced from a mutant that tests/test_fuzz.py found: dot's classic ranking fails
    # on it ("trouble in init_rank") and loses an edge.
    dot = (FIXTURES / "graphviz" / "init-rank.dot").read_text()
    with pytest.raises(NothingLaidOut) as caught:
        draw_chosen([dot], ["svg"], [])
    assert str(caught.value).startswith("Graphviz failed: Error: trouble in init_rank")
    index, outputs, warnings, _dot = draw_chosen([dot, _with(dot, newrank=True)], ["svg"], [])
    assert index == 1
    assert not [line for line in warnings if line.startswith("Error")]
    assert outputs["svg"].count(b'<g id="edge') == dot.count("->")  # none is lost


def test_a_graph_no_ranking_can_place_is_drawn_with_every_edge_ranked() -> None:
    # Reduced from another mutant: both rankings fail while two edges are kept off the
    # ranks (constraint=false), and nodes are drawn outside their groups.
    dot = (FIXTURES / "graphviz" / "init-rank-off-the-ranks.dot").read_text()
    failing = [dot, _with(dot, newrank=True), _with(dot, newrank=True, clipped=False)]
    for variant in failing:
        with pytest.raises(NothingLaidOut):
            draw_chosen([variant], ["svg"], [])
    ranked = _with(dot, newrank=True, ranked=True)
    index, outputs, warnings, _dot = draw_chosen([*failing, ranked], ["svg"], [])
    assert index == 3
    assert not [line for line in warnings if line.startswith("Error")]
    assert outputs["svg"].count(b'<g id="edge') == dot.count("->")


def test_when_no_candidate_lays_out_the_fallbacks_are_drawn_with_a_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = graphviz.draw_chosen

    calls: list[list[str]] = []

    def candidates_failing(variants: list[str], *args: Any, **kwargs: Any) -> Any:
        calls.append(variants)
        if len(calls) == 1:  # the candidates come first, then the fallbacks
            raise NothingLaidOut("Graphviz failed: Error: trouble in init_rank")
        return real(variants, *args, **kwargs)

    monkeypatch.setattr(graphviz, "draw_chosen", candidates_failing)
    drawn = draw(load_blueprint(BLUEPRINTS / "users-under-1k.yaml"), ("svg", "dot"))
    assert drawn.warnings[-1] == (
        "Warning: the usual layout failed; drawn with Graphviz's newer ranking"
    )
    assert b'newrank="true"' in drawn.outputs["dot"]
