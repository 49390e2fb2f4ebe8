from __future__ import annotations

from arch_draw.load import Mark, load_text
from arch_draw.model import Blueprint, Edge, Group, Node, Note, from_document

TEXT = """\
title: T
caption: C
direction: TB
groups:
  vpc: {kind: vpc, label: Main}
  zone: {kind: generic, in: vpc}
nodes:
  web: {type: ec2, in: zone, note: N}
  db: {type: rds}
edges:
  e: {from: web, to: [db, vpc], label: L, style: dashed, color: red, direction: both}
  f: {from: [web, db], to: vpc}
notes:
  n: text
"""


def test_the_model_holds_every_element_in_file_order() -> None:
    blueprint = from_document(load_text(TEXT, "bp.yaml"), ["en"], "en")
    assert blueprint == Blueprint(
        path="bp.yaml",
        language="en",
        languages=("en",),
        title="T",
        caption="C",
        direction="TB",
        groups=(
            Group("vpc", "vpc", "Main", None, None, Mark(5, 3)),
            Group("zone", "generic", None, "vpc", None, Mark(6, 3)),
        ),
        nodes=(
            Node("web", "ec2", None, "zone", "N", Mark(8, 3)),
            Node("db", "rds", None, None, None, Mark(9, 3)),
        ),
        edges=(
            Edge("e", ("web",), ("db", "vpc"), "L", "dashed", "red", "both", Mark(11, 3)),
            Edge("f", ("web", "db"), ("vpc",), None, "solid", None, "forward", Mark(12, 3)),
        ),
        notes=(Note("n", "text", Mark(14, 3)),),
    )
    # Marks do not take part in comparing elements (compare=False): asserted on their own.
    marks = [group.mark for group in blueprint.groups] + [node.mark for node in blueprint.nodes]
    marks += [edge.mark for edge in blueprint.edges] + [note.mark for note in blueprint.notes]
    assert marks == [
        Mark(5, 3),
        Mark(6, 3),
        Mark(8, 3),
        Mark(9, 3),
        Mark(11, 3),
        Mark(12, 3),
        Mark(14, 3),
    ]
    assert blueprint.title_mark == Mark(1, 8)
    assert blueprint.group("zone").parent == "vpc"


def test_defaults_for_a_minimal_blueprint() -> None:
    blueprint = from_document(load_text("title: T\n", "bp.yaml"), ["en"], "en")
    assert (blueprint.direction, blueprint.caption, blueprint.nodes) == ("LR", None, ())
