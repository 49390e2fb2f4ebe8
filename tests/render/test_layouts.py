"""The best of several layouts: each drawing is laid out in every candidate way and the one
with the best layout score is drawn (arch_draw.render.layouts)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.model import Blueprint
from arch_draw.pipeline import draw, load_blueprint
from arch_draw.render import lay_out, render
from arch_draw.render.dot import to_dot
from arch_draw.render.graphviz import draw_chosen
from arch_draw.render.icons import icons_of
from arch_draw.render.layouts import CANDIDATES, USUAL, Layout
from arch_draw.render.scene import scene_of
from arch_draw.score import score

from ..conftest import ALL_BLUEPRINTS, BLUEPRINTS, k33

SHIPPED = sorted(BLUEPRINTS.glob("*.yaml"))


def rating_of(blueprint: Blueprint, layout: Layout) -> tuple[float, ...]:
    """The rating of a candidate as Graphviz lays it out, before what render.finish adds
    (what the choice is made on: finishing every candidate would cost a layout more)."""
    icons = icons_of(blueprint, load_catalog())
    dot = to_dot(blueprint, icons.by_node, layout)
    return score(scene_of(draw_chosen([dot], ["json"], icons.bundled_dirs).outputs["json"])).rating


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_the_layout_drawn_is_the_best_candidate_and_its_dot_says_which(path: Path) -> None:
    blueprint = load_blueprint(path)
    ratings = {layout: rating_of(blueprint, layout) for layout in CANDIDATES}
    # The first without defects ends the search; else the best, the first of equals.
    flawless = [layout for layout in CANDIDATES if ratings[layout][0] == 0]
    chosen = flawless[0] if flawless else min(CANDIDATES, key=lambda way: ratings[way])
    best = ratings[chosen]
    drawing = render(blueprint, ("dot", "json"), load_catalog())
    # What arch-draw adds after layout only takes defects away.
    assert score(lay_out(blueprint, load_catalog())).rating[0] <= best[0]
    by_node = icons_of(blueprint, load_catalog()).by_node
    # (Once laid out, the drawing's title is fitted to its width: tests/render/test_dot.py)
    assert untitled(drawing.outputs["dot"].decode()) == untitled(to_dot(blueprint, by_node, chosen))
    assert drawing.layout == chosen


def untitled(dot: str) -> str:
    """A DOT text without the graph's label: the title, caption, notes and callouts."""
    return re.sub(r", label=<<TABLE.*?</TABLE>>", "", dot, count=1)  # the graph's comes first


def test_a_drawing_with_an_edge_against_the_flow_reads_better_than_the_usual_layout() -> None:
    # What the candidates are for: ranking an edge against the flow, here the Aurora
    # detail's scaling loop back to the new replica (benchmark 7 and the README show the
    # table). The tiers no longer need them: their blueprints place the management band
    # and the messaging services, and the usual layout reads best.
    blueprint = load_blueprint(BLUEPRINTS / "aurora-read-replica-autoscaling.yaml")
    usual = score(lay_out(blueprint, load_catalog(), candidates=(USUAL,)))
    drawn = score(lay_out(blueprint, load_catalog()))
    assert drawn.rating < usual.rating


def test_a_layout_without_defects_ends_the_search(
    graphviz_calls: list[tuple[str, Any, bytes]],
) -> None:
    blueprint = load_blueprint(BLUEPRINTS / "elasticache-sessions.yaml")
    assert score(lay_out(blueprint, load_catalog())).defects == ()
    # The first candidate, and the same text again with the notes' box set to the width
    # that layout told (render._Refit): no other candidate.
    assert [call for call, _graph, _what in graphviz_calls].count("layout") == 2


def test_a_refit_that_changes_nothing_is_not_laid_out(
    tmp_path: Path, graphviz_calls: list[tuple[str, Any, bytes]]
) -> None:
    # One short note: its box is set the same way whatever the drawing's width.
    path = tmp_path / "note.yaml"
    path.write_text("title: T\nnotes:\n  a: A short note.\nnodes:\n  web: {type: ec2}\n")
    render(load_blueprint(path, "note.yaml"), ("svg",), load_catalog())
    assert [what for call, _graph, what in graphviz_calls if call == "layout"] == [b"dot"]


STICKING_OUT = """\
title: Sticks out
direction: TB
groups:
  vpc: {kind: vpc}
nodes:
  a1: {type: ec2, in: vpc}
  a2: {type: ec2, in: vpc, level_with: a1}
  a3: {type: ec2, in: vpc, level_with: a1}
  a4: {type: ec2, in: vpc, level_with: a1}
  a5: {type: ec2, in: vpc, level_with: a1}
  a6: {type: ec2, in: vpc, level_with: a1}
  a7: {type: ec2, in: vpc, level_with: a1}
  a8: {type: ec2, in: vpc, level_with: a1}
  z: {type: s3}
edges:
  out: {from: a8, to: z, label: "a long label that Graphviz puts beside the line, out of the VPC"}
notes:
  one: "The first note about the whole drawing, long enough to wrap at least once in its box."
  two: "The second note about the whole drawing, long enough to wrap at least once too."
"""


@pytest.mark.parametrize("where", ["tier 1", "a label left out"])
def test_the_notes_box_ends_where_the_drawing_does(tmp_path: Path, where: str) -> None:
    # The refit measures the drawing as render.finish leaves it. Graphviz put tier 1's
    # "deploy to the web instances" half out of the AWS Cloud, and finish moves it in:
    # measured as laid out, the notes' box stuck out 24 points beside the drawing. Here
    # nothing runs through the label, which stays out of the VPC: measured without it,
    # the box stopped 100 points short.
    path = BLUEPRINTS / "users-under-1k.yaml"
    if where != "tier 1":
        path = tmp_path / "out.yaml"
        path.write_text(STICKING_OUT, encoding="utf-8")
    blueprint = load_blueprint(path)
    svg = draw(blueprint).outputs["svg"].decode()
    notes = re.search(r'<polygon fill="#fff7d6"[^>]* points="([^"]+)"', svg)
    assert notes
    right = max(float(point.split(",")[0]) for point in notes.group(1).split())
    drawing = lay_out(blueprint, load_catalog()).body.right
    assert 0 <= drawing - right <= 20, (drawing, right)


def test_candidates_that_write_the_same_dot_are_laid_out_once(
    tmp_path: Path, graphviz_calls: list[tuple[str, Any, bytes]]
) -> None:
    # K3,3 (every layout has crossings, so the search never stops early) without an edge
    # against the flow: ranking such edges changes nothing, so there is one layout.
    path = tmp_path / "k33.yaml"
    path.write_text(k33(), encoding="utf-8")
    blueprint = load_blueprint(path, "k33.yaml")
    by_node = icons_of(blueprint, load_catalog()).by_node
    assert len({to_dot(blueprint, by_node, layout) for layout in CANDIDATES}) == 1
    render(blueprint, ("svg",), load_catalog())
    # laid out once, and not scored: there is nothing to choose from (its JSON says only
    # how large it is, for a page of whole pixels: graphviz.opaque_pad)
    assert [what for _call, _graph, what in graphviz_calls] == [
        b"dot",
        b"json",
        b"svg:svg:core",
    ]


def test_the_choice_is_the_same_every_time() -> None:
    blueprint = load_blueprint(BLUEPRINTS / "users-over-10k.yaml")
    first = draw(blueprint, ("svg", "dot")).outputs
    assert draw(blueprint, ("svg", "dot")).outputs == first


def test_each_layout_describes_itself() -> None:
    assert [layout.described() for layout in CANDIDATES] == [
        "the usual layout",
        "every edge ranked",
        "every edge ranked, those against the flow without weight",
    ]


@pytest.mark.parametrize("path", ALL_BLUEPRINTS, ids=lambda path: path.stem)
def test_every_candidate_declares_the_same_attributes_in_the_same_order(path: Path) -> None:
    # What lets the layout kept be drawn after another was laid out (see draw_chosen):
    # Graphviz's globals index each graph's attributes in the order they were declared.
    blueprint = load_blueprint(path)
    by_node = icons_of(blueprint, load_catalog()).by_node
    declared = set()
    for layout in CANDIDATES:
        names = re.findall(r"([a-z_]+)=", to_dot(blueprint, by_node, layout))
        declared.add(tuple(dict.fromkeys(names)))  # each name at its first appearance
    assert len(declared) == 1


def test_the_layout_kept_is_drawn_with_its_own_attributes(tmp_path: Path) -> None:
    # Graphviz draws by the attributes of the graph it laid out last: when a later
    # candidate lost, an invisible edge was drawn, styles read route coordinates, and
    # Graphviz warned about unknown styles.
    path = tmp_path / "m3.yaml"
    path.write_text(
        "title: T\ndirection: TB\ngroups:\n  g0: {kind: public-subnet}\nnodes:\n"
        "  n0: {type: ec2, in: g0}\n  n1: {type: rds, in: g0}\n"
        "  n2: {type: igw, in: g0, level_with: n0}\n  n3: {type: rds}\n  n4: {type: rds}\n"
        "  n5: {type: users, in: g0}\n  n6: {type: s3, in: g0}\n"
        "edges:\n  e0: {from: n6, to: n0}\n  e1: {from: g0, to: n4, start_label: s, end_label: t}\n"
        "  e2: {from: n3, to: n5, constraint: false}\n  e3: {from: n1, to: n6, style: invisible}\n",
        encoding="utf-8",
    )
    blueprint = load_blueprint(path)
    drawing = render(blueprint, ("svg",), load_catalog())
    assert drawing.warnings == ()
    assert drawing.layout != CANDIDATES[-1]  # a later candidate lost: the case at stake
    alone = render(blueprint, ("svg",), load_catalog(), candidates=(drawing.layout,))
    assert drawing.outputs["svg"] == alone.outputs["svg"]
    assert drawing.outputs["svg"].count(b'class="edge"') == 3  # e3 draws nothing
