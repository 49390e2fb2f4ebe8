from __future__ import annotations

import dataclasses

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.errors import BlueprintError
from arch_draw.load import Mark, load_text
from arch_draw.model import Blueprint, Node, from_document
from arch_draw.resolve import resolve


def resolved(text: str) -> Blueprint:
    return resolve(from_document(load_text(text, "bp.yaml"), ["en"], "en"), load_catalog())


def test_types_become_qualified_and_labels_default_to_the_name_written() -> None:
    blueprint = resolved(
        "title: T\nnodes:\n  a: {type: EC2}\n  b: {type: rds, label: DB}\n  c: {type: sqs}\n"
    )
    assert [(n.type, n.label) for n in blueprint.nodes] == [
        ("aws.compute.EC2", "EC2"),
        ("aws.database.RDS", "DB"),
        ("aws.integration.SimpleQueueServiceSqs", "SQS"),
    ]


def test_group_labels_default_to_their_kind() -> None:
    blueprint = resolved(
        "title: T\ngroups:\n  a: {kind: auto-scaling-group}\n  b: {kind: generic}\n  c: {kind: vpc, label: ''}\n"
    )
    assert [g.label for g in blueprint.groups] == ["Auto Scaling group", "", ""]


def test_an_unknown_type_in_a_hand_built_model_is_reported() -> None:
    blueprint = resolved("title: T\n")
    bad_node = Node("x", "nope", None, None, None, Mark(2, 3))
    with_bad_node = dataclasses.replace(blueprint, nodes=(bad_node,))
    with pytest.raises(BlueprintError) as caught:
        resolve(with_bad_node, load_catalog())
    assert caught.value.lines() == ["bp.yaml:2:3: unknown node type 'nope'"]
