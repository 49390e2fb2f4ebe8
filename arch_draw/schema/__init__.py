"""The blueprint format's JSON Schema: the single source of truth for its shape.

Its list of group kinds comes from the table of kinds (arch_draw.kinds), where each
kind's look is, and its themes from arch_draw.themes; the file shipped for editors is
written from all three (`python -m arch_draw.schema`, after a kind is added), and a test
checks that it is current.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

from ..kinds import GROUP_KINDS
from ..themes import THEMES

SCHEMA_FILE = "blueprint.schema.json"


SHIPPED = Path(__file__).parent / SCHEMA_FILE


def schema_text() -> str:
    """The schema, for `arch-draw schema`, for editors and for the shipped file."""
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


@functools.cache
def schema() -> dict[str, Any]:
    # Read beside this module, as the icons and blueprints are: importlib.resources
    # would cost every command 15 ms of imports for the same file.
    loaded: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    loaded["$defs"]["group"]["properties"]["kind"]["enum"] = list(GROUP_KINDS)
    loaded["properties"]["theme"]["enum"] = list(THEMES)
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
    return tuple(GROUP_KINDS)
