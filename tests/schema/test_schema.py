from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from arch_draw.load import load_document
from arch_draw.render.styles import GROUP_STYLES
from arch_draw.resolve import KIND_LABELS
from arch_draw.schema import group_kinds, schema, schema_text

from ..conftest import ALL_BLUEPRINTS, BLUEPRINTS, ROOT


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(schema())


def test_schema_text_is_the_shipped_file():
    shipped = ROOT / "arch_draw" / "schema" / "blueprint.schema.json"
    assert schema_text() == shipped.read_text(encoding="utf-8")
    assert json.loads(schema_text()) == schema()


def test_every_group_kind_has_a_style_and_a_label():
    assert set(group_kinds()) == set(GROUP_STYLES) == set(KIND_LABELS)


@pytest.mark.parametrize(
    "path",
    ALL_BLUEPRINTS,
    ids=lambda p: p.name,
)
def test_shipped_blueprints_and_fixtures_match_the_schema(path: Path):
    merged = load_document(path).data  # a blueprint that extends another is partial alone
    jsonschema.validate(merged, schema(), cls=jsonschema.Draft202012Validator)


def test_shipped_blueprints_point_editors_at_the_schema():
    for path in BLUEPRINTS.glob("*.yaml"):
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert (
            first_line
            == "# yaml-language-server: $schema=../arch_draw/schema/blueprint.schema.json"
        )
