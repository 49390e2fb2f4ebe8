"""The blueprint format's JSON Schema: the single source of truth for its shape."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

SCHEMA_FILE = "blueprint.schema.json"


def schema_text() -> str:
    """The schema as shipped, for `arch-draw schema` and editors."""
    return resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@functools.cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


def group_kinds() -> tuple[str, ...]:
    return tuple(schema()["$defs"]["group"]["properties"]["kind"]["enum"])
