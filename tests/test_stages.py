"""The stages keep their order: a stage uses the ones before it, never one after it, and
YAML is read (and Graphviz called) in one stage only, as the README's Development
section says."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "arch_draw"
# load > validate > model > resolve > render > write, each a module or a package.
STAGES = ("load", "validate", "model", "resolve", "render", "write")


def stage_of(module: str) -> str | None:
    """The stage an `arch_draw.x.y` module belongs to, or None for a shared one."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def imports_of(path: Path) -> set[str]:
    """The arch_draw modules a file imports, at its top or inside functions."""
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for statement in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(statement, ast.Import):
            found |= {alias.name for alias in statement.names}
        elif isinstance(statement, ast.ImportFrom):
            base = package.split(".")
            if statement.level:
                base = base[: len(base) - statement.level + 1]
            name = ".".join([*base, statement.module] if statement.module else base)
            if not statement.level:
                name = statement.module or ""
            found.add(name)
            found |= {f"{name}.{alias.name}" for alias in statement.names}
    return {name for name in found if name.startswith("arch_draw")}


SOURCES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_stage_uses_no_later_stage(path: Path) -> None:
    own = stage_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
    if own is None:
        return
    later = set(STAGES[STAGES.index(own) + 1 :])
    assert sorted(name for name in imports_of(path) if stage_of(name) in later) == []


def test_yaml_is_read_in_load_only_and_graphviz_called_in_render_only() -> None:
    readers = {
        str(path.relative_to(PACKAGE))
        for path in SOURCES
        if "yaml" in {name.split(".")[0] for name in _all_imports(path)}
    }
    assert readers <= {"load/parse.py", "draft.py"}  # draft writes YAML, never reads it
    graphviz = {
        str(path.relative_to(PACKAGE))
        for path in SOURCES
        if "pygraphviz" in {name.split(".")[0] for name in _all_imports(path)}
    }
    assert all(name.startswith("render/") for name in graphviz)


def _all_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for statement in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(statement, ast.Import):
            found |= {alias.name for alias in statement.names}
        elif isinstance(statement, ast.ImportFrom) and not statement.level and statement.module:
            found.add(statement.module)
    return found
