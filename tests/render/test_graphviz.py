from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from pygraphviz import graphviz as gv

from arch_draw.errors import RenderError
from arch_draw.pipeline import draw, load_blueprint
from arch_draw.render.graphviz import _attempt, render_formats

from ..conftest import BLUEPRINTS, FIXTURES


def test_all_formats_come_from_one_layout(monkeypatch: pytest.MonkeyPatch):
    layouts: list[bytes] = []
    real_layout = gv.gvLayout

    def counting_layout(context: object, graph: object, engine: bytes) -> int:
        layouts.append(engine)
        return int(real_layout(context, graph, engine))

    monkeypatch.setattr(gv, "gvLayout", counting_layout)
    blueprint = load_blueprint(BLUEPRINTS / "users-under-1k.yaml")
    drawn = draw(blueprint, ("png", "svg", "pdf", "dot"))
    assert layouts == [b"dot"]
    assert set(drawn.outputs) == {"png", "svg", "pdf", "dot"}
    assert drawn.outputs["pdf"].startswith(b"%PDF")


def test_png_and_svg_share_the_layout():
    drawn = draw(load_blueprint(BLUEPRINTS / "users-under-1k.yaml"), ("png", "svg"))
    match = re.search(rb'<svg width="(\d+)pt" height="(\d+)pt"', drawn.outputs["svg"])
    assert match is not None
    width_pt, height_pt = int(match.group(1)), int(match.group(2))
    png = Image.open(io.BytesIO(drawn.outputs["png"]))
    assert png.size == (round(width_pt * 96 / 72), round(height_pt * 96 / 72))


def test_graphviz_errors_become_render_errors():
    with pytest.raises(RenderError) as caught:
        render_formats("digraph { a -> }", ["svg"], [])
    assert str(caught.value) == "Graphviz failed: Error: syntax error in line 1 near '}'"


def test_a_drawing_that_lost_an_image_is_a_failure(tmp_path: Path):
    # Validation refuses such icons; were one to reach Graphviz anyway, cairo drew the PNG
    # as nothing and the PDF without the image, and both were written with exit 0.
    buffer = io.BytesIO()
    Image.new("RGB", (400, 400), (255, 153, 0)).save(buffer, "PNG")
    (tmp_path / "cut.png").write_bytes(buffer.getvalue()[:1000])
    image = '<TD FIXEDSIZE="TRUE" WIDTH="50" HEIGHT="50"><IMG SRC="cut.png" SCALE="TRUE"/></TD>'
    dot = f"digraph {{ a [label=<<TABLE><TR>{image}</TR></TABLE>>] }}"
    for fmt, reason in (("png", "no output"), ("pdf", "cairo: out of memory")):
        with pytest.raises(RenderError) as caught:
            render_formats(dot, [fmt], [tmp_path])
        assert str(caught.value) == f"Graphviz failed: {reason}", fmt


def test_graphviz_warnings_are_returned_not_printed(capfd: pytest.CaptureFixture[str]):
    outputs, warnings = render_formats('digraph { a [color="nosuchcolour"] }', ["svg"], [Path(".")])
    assert outputs["svg"].startswith(b"<?xml")
    assert warnings == ["Warning: nosuchcolour is not a known color."]
    assert capfd.readouterr().err == ""


def test_a_graph_whose_ranking_fails_is_laid_out_with_newrank():
    # Reduced from a mutant that tests/test_fuzz.py found: dot's classic ranking fails
    # on it ("trouble in init_rank") and loses an edge.
    dot = (FIXTURES / "graphviz" / "init-rank.dot").read_text()
    _, usual_warnings = _attempt(dot, ["svg"], [], 0)
    assert "Error: trouble in init_rank" in usual_warnings
    outputs, warnings = render_formats(dot, ["svg"], [])
    assert outputs["svg"].startswith(b"<?xml")
    assert not [line for line in warnings if line.startswith("Error")]
    assert warnings[-1] == "Warning: the usual layout failed; drawn with Graphviz's newer ranking"
    assert outputs["svg"].count(b'<g id="edge') == dot.count("->")  # none is lost


def test_a_graph_no_ranking_can_place_is_drawn_with_every_edge_ranked():
    # Reduced from another mutant: both rankings fail while two edges are kept off the
    # ranks (constraint=false), and nodes are drawn outside their groups.
    dot = (FIXTURES / "graphviz" / "init-rank-off-the-ranks.dot").read_text()
    for layout in (0, 1, 2):
        assert "Error: trouble in init_rank" in _attempt(dot, ["svg"], [], layout)[1]
    outputs, warnings = render_formats(dot, ["svg"], [])
    assert not [line for line in warnings if line.startswith("Error")]
    assert warnings[-1] == (
        "Warning: the usual layout failed; drawn with Graphviz's newer ranking, every edge ranked"
    )
    assert outputs["svg"].count(b'<g id="edge') == dot.count("->")
