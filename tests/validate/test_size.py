from __future__ import annotations

import textwrap

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.errors import BlueprintError
from arch_draw.limits import Limits
from arch_draw.load import load_text
from arch_draw.validate import validate

SMALL = """\
title: T
nodes:
  a: {type: ec2}
  b: {type: ec2}
  c: {type: ec2}
edges:
  e1: {from: [a, b], to: c}
  e2: {from: a, to: [b, c]}
"""


def problems(text: str, limits: Limits) -> list[str]:
    document = load_text(textwrap.dedent(text), "bp.yaml")
    with pytest.raises(BlueprintError) as caught:
        validate(document, load_catalog(), limits)
    return caught.value.lines()


def test_within_the_limits_is_valid() -> None:
    validate(load_text(SMALL, "bp.yaml"), load_catalog(), Limits(nodes=3, edges=4))


def test_too_many_nodes_are_reported_at_the_section() -> None:
    assert problems(SMALL, Limits(nodes=2)) == [
        "bp.yaml:2:1: the blueprint draws 3 nodes; the limit is 2 (--limit nodes=N raises it)"
    ]


def test_edges_are_counted_as_drawn() -> None:
    # Two entries, but each draws two edges.
    assert problems(SMALL, Limits(edges=3)) == [
        "bp.yaml:6:1: the blueprint draws 4 edges; the limit is 3 (--limit edges=N raises it)"
    ]


def test_labels_and_notes_have_their_own_limits_in_each_language() -> None:
    text = """\
    title: Twelve chars
    caption: {en: short, ko: twenty-one characters}
    languages: [en, ko]
    nodes:
      a: {type: ec2, label: {en: ok, ko: eleven char}, note: twenty-one characters}
    notes:
      m: twenty-one characters
    """
    assert problems(text, Limits(label=10, note=20)) == [
        "bp.yaml:1:8: title is 12 characters long; the limit is 10 (--limit label=N raises it)",
        "bp.yaml:2:26: caption.ko is 21 characters long; the limit is 20"
        " (--limit note=N raises it)",
        "bp.yaml:5:38: nodes.a.label.ko is 11 characters long; the limit is 10"
        " (--limit label=N raises it)",
        "bp.yaml:5:58: nodes.a.note is 21 characters long; the limit is 20"
        " (--limit note=N raises it)",
        "bp.yaml:7:6: notes.m is 21 characters long; the limit is 20 (--limit note=N raises it)",
    ]


def test_the_default_limits_allow_long_notes_but_not_endless_ones() -> None:
    note = "n" * 2000
    validate(load_text(f"title: T\nnotes:\n  m: {note}\n", "bp.yaml"), load_catalog())
    assert problems(f"title: T\nnotes:\n  m: {note}n\n", Limits()) == [
        "bp.yaml:3:6: notes.m is 2001 characters long; the limit is 2000 (--limit note=N raises it)"
    ]
