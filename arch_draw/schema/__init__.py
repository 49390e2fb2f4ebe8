"""The blueprint format's JSON Schema: the single source of truth for its shape."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

SCHEMA_FILE = "blueprint.schema.json"


def schema_text() -> str:
    """The schema as shipped, for `arch-draw schema` and editors."""
    # Read beside this module, as the icons and blueprints are: importlib.resources
    # would cost every command 15 ms of imports for the same file.
    return (Path(__file__).parent / SCHEMA_FILE).read_text(encoding="utf-8")


@functools.cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


def missing_keys(definition: str, entry: dict[str, Any]) -> str:
    """What an entry of `$defs/definition` lacks to be complete, in words ('' if nothing):
    "'from' and 'to'", or "'type' or 'icon'" where either will do."""
    rules = schema()["$defs"][definition]
    absent = [key for key in rules.get("required", []) if key not in entry]
    choices = [option["required"] for option in rules.get("anyOf", [])]
    if choices and not any(all(key in entry for key in keys) for keys in choices):
        absent.append(" or ".join(f"'{keys[0]}'" for keys in choices))
        return " and ".join([f"'{key}'" for key in absent[:-1]] + absent[-1:])
    return " and ".join(f"'{key}'" for key in absent)


def group_kinds() -> tuple[str, ...]:
    return tuple(schema()["$defs"]["group"]["properties"]["kind"]["enum"])
