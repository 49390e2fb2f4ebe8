"""The schema checker against the reference implementation, jsonschema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from arch_draw.load import load_document
from arch_draw.schema import schema
from arch_draw.schema.check import ANNOTATIONS, SUPPORTED, schema_errors

from ..conftest import ALL_BLUEPRINTS, FIXTURES, value_at, value_paths


def keywords(node: Any, inside_names: bool = False) -> set[str]:
    if isinstance(node, list):
        return set().union(*(keywords(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = set() if inside_names else set(node)
    for key, value in node.items():
        found |= keywords(value, inside_names=key in ("properties", "$defs"))
    return found


def test_the_schema_uses_only_keywords_the_checker_knows() -> None:
    assert keywords(schema()) - ANNOTATIONS <= SUPPORTED


REFERENCE = jsonschema.Draft202012Validator(schema())


def our_errors(data: Any) -> set[tuple[tuple[Any, ...], str]]:
    return {
        (error.path, "propertyNames" if error.in_key else error.keyword)
        for error in schema_errors(data, schema())
    }


def reference_errors(data: Any) -> set[tuple[tuple[Any, ...], str]]:
    return {
        (
            tuple(error.absolute_path),
            "propertyNames"
            if "propertyNames" in error.relative_schema_path
            else str(error.validator),
        )
        for error in REFERENCE.iter_errors(data)
    }


def mutations(data: dict[str, Any]) -> list[Any]:
    """Documents broken in each way the schema forbids, from a valid one."""
    broken: list[Any] = [None, [], "text", 5, {}]
    replacements: list[Any] = [
        None,
        True,
        1,
        1.5,
        "",
        "x" * 2001,
        [],
        ["a", 1],
        {},
        {"en": 3},
        "bad id!",
    ]
    for path in value_paths(data):
        for value in replacements:
            copied = copy.deepcopy(data)
            set_at(copied, path, value)
            broken.append(copied)
        copied = copy.deepcopy(data)
        parent = value_at(copied, path[:-1])
        if isinstance(parent, dict):
            parent["zzz unknown"] = 1
            broken.append(copied)
    return broken


def set_at(node: Any, path: tuple[Any, ...], value: Any) -> None:
    value_at(node, path[:-1])[path[-1]] = value


@pytest.mark.parametrize(
    "path",
    ALL_BLUEPRINTS,
    ids=lambda p: p.stem,
)
def test_every_example_passes(path: Path) -> None:
    assert schema_errors(load_document(path).data, schema()) == []


@pytest.mark.parametrize("name", ["all-kinds", "bilingual", "group-edges"])
def test_the_checker_agrees_with_jsonschema_on_broken_documents(name: str) -> None:
    data = load_document(FIXTURES / f"{name}.yaml").data
    for broken in mutations(data):
        assert our_errors(broken) == reference_errors(broken), json.dumps(broken)[:300]


def test_patterns_end_where_the_text_ends_as_in_ecma_262() -> None:
    # jsonschema runs patterns with Python's re.search, whose `$` also matches before a
    # final newline; the JSON Schema specification says ECMA-262, where it does not.
    data = {"title": "T", "nodes": {"web\n": {"type": "ec2"}}}
    assert our_errors(data) == {(("nodes",), "propertyNames")}
    assert reference_errors(data) == set()


def test_unique_items_are_told_by_hash_for_text_and_pairwise_otherwise() -> None:
    # 15,000 language codes compared pairwise took 18 s.
    from arch_draw.schema.check import _unique

    assert _unique([f"l{number}" for number in range(15_000)])
    assert not _unique(["en", "ko", "en"])
    assert not _unique([1, True, 1.0])  # 1 and 1.0 are the same number in JSON
    assert _unique([1, True, "1"])
