"""Stage 4: settle everything the blueprint leaves to defaults.

After this stage every node names its type by the qualified catalogue name and every
element has the label it will be drawn with, so rendering makes no decisions of its own.
"""

from __future__ import annotations

import dataclasses

from .catalog import Catalog
from .errors import BlueprintError, Diagnostic
from .kinds import GROUP_KINDS
from .model import Blueprint, Group, Node

# What each group kind is called when the blueprint gives it no label (after the
# labels of the AWS Architecture Icons group shapes).


def resolve(blueprint: Blueprint, catalog: Catalog) -> Blueprint:
    return dataclasses.replace(
        blueprint,
        groups=tuple(_resolve_group(group) for group in blueprint.groups),
        nodes=tuple(_resolve_node(node, catalog, blueprint.path) for node in blueprint.nodes),
    )


def _resolve_group(group: Group) -> Group:
    label = group.label if group.label is not None else GROUP_KINDS[group.kind].label
    return dataclasses.replace(group, label=label)


def _resolve_node(node: Node, catalog: Catalog, path: str) -> Node:
    if node.type is None:  # a node with only its own icon: named after the file by default
        label = node.label if node.label is not None else node.icon.stem if node.icon else ""
        return dataclasses.replace(node, label=label)
    lookup = catalog.lookup(node.type)
    if lookup.found is None:  # validation rules this out; it guards models built by hand
        message = f"unknown node type '{node.type}'"
        raise BlueprintError([Diagnostic(path, node.mark.line, node.mark.column, message)])
    label = node.label if node.label is not None else lookup.spelled
    return dataclasses.replace(node, type=lookup.found.qualified, label=label)
