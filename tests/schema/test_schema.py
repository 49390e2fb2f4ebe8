from __future__ import annotations

import json
from pathlib import Path

import diagrams
import jsonschema
import pytest

from arch_draw.kinds import GROUP_KINDS
from arch_draw.load import load_document
from arch_draw.schema import group_kinds, schema, schema_text

from ..conftest import ALL_BLUEPRINTS, BLUEPRINTS, ROOT


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())


def test_schema_text_is_the_shipped_file() -> None:
    shipped = ROOT / "arch_draw" / "schema" / "blueprint.schema.json"
    assert schema_text() == shipped.read_text(encoding="utf-8")
    assert json.loads(schema_text()) == schema()


def test_the_schema_lists_the_group_kinds_of_the_table() -> None:
    kinds = schema()["$defs"]["group"]["properties"]["kind"]["enum"]
    assert kinds == list(group_kinds()) == list(GROUP_KINDS)


def test_every_group_kinds_icon_is_shipped() -> None:
    roots = [
        ROOT / "arch_draw" / "render" / "icons",
        Path(diagrams.__file__).parent.parent / "resources",
    ]
    missing = [
        kind.icon
        for kind in GROUP_KINDS.values()
        if kind.icon and not any((root / kind.icon).is_file() for root in roots)
    ]
    assert missing == []


@pytest.mark.parametrize(
    "path",
    ALL_BLUEPRINTS,
    ids=lambda p: p.name,
)
def test_shipped_blueprints_and_fixtures_match_the_schema(path: Path) -> None:
    merged = load_document(path).data  # a blueprint that extends another is partial alone
    jsonschema.validate(merged, schema(), cls=jsonschema.Draft202012Validator)


def test_shipped_blueprints_point_editors_at_the_schema() -> None:
    for path in BLUEPRINTS.glob("*.yaml"):
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert (
            first_line
            == "# yaml-language-server: $schema=../arch_draw/schema/blueprint.schema.json"
        )


def test_the_text_keys_are_the_schemas_and_the_models() -> None:
    """One table of where text is (load.ELEMENT_TEXT): validation, size limits, fonts
    and drawings read it; the schema and the model must hold each key."""
    import dataclasses

    from arch_draw.load import BLUEPRINT_TEXT, ELEMENT_TEXT, SECTION_NOUNS
    from arch_draw.model import Blueprint, Edge, Group, Node

    models = {"groups": Group, "nodes": Node, "edges": Edge}
    for section, keys in ELEMENT_TEXT.items():
        properties = schema()["$defs"][SECTION_NOUNS[section]]["properties"]
        fields = {field.name for field in dataclasses.fields(models[section])}
        assert set(keys) <= set(properties) & fields, section
    assert set(BLUEPRINT_TEXT) <= set(schema()["properties"])
    assert set(BLUEPRINT_TEXT) <= {field.name for field in dataclasses.fields(Blueprint)}


def test_the_models_literal_types_are_the_schemas_enums() -> None:
    from typing import get_args

    from arch_draw import model

    defs = schema()["$defs"]
    assert list(get_args(model.Direction)) == schema()["properties"]["direction"]["enum"]
    assert list(get_args(model.Place)) == defs["group"]["properties"]["place"]["enum"]
    assert list(get_args(model.Place)) == defs["node"]["properties"]["place"]["enum"]
    assert list(get_args(model.Arrange)) == defs["group"]["properties"]["arrange"]["enum"]
    assert list(get_args(model.EdgeStyle)) == defs["edge"]["properties"]["style"]["enum"]
    assert list(get_args(model.Line)) == defs["edge"]["properties"]["line"]["enum"]
    assert list(get_args(model.Arrows)) == defs["edge"]["properties"]["direction"]["enum"]
    assert list(get_args(model.Side)) == defs["side"]["enum"]
    assert list(get_args(model.ThemeName)) == schema()["properties"]["theme"]["enum"]
