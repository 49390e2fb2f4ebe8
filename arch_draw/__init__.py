"""arch-draw: AWS architecture drawings from YAML blueprints.

The pipeline, one module per stage: `load` (YAML, with positions) > `validate`
(JSON Schema and references) > `model` (frozen dataclasses) > `resolve` (defaults,
qualified types) > `render` (Graphviz) > `write` (self-contained SVG, atomic files).
`pipeline` joins them; `cli` is the command line on top.
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The library's public names: read a blueprint, draw it (in this process or, for
# blueprints you did not write, in a child), and the errors to catch. Each is imported
# from its stage on first use, so that `import arch_draw` (and every command's start)
# stays quick.
_PUBLIC = {
    "load_blueprint": "arch_draw.pipeline",
    "draw": "arch_draw.pipeline",
    "draw_isolated": "arch_draw.pipeline",
    "Drawn": "arch_draw.pipeline",
    "Blueprint": "arch_draw.model",
    "ArchDrawError": "arch_draw.errors",
    "BlueprintError": "arch_draw.errors",
    "RenderError": "arch_draw.errors",
}
__all__ = [
    "ArchDrawError",
    "Blueprint",
    "BlueprintError",
    "Drawn",
    "RenderError",
    "__version__",
    "draw",
    "draw_isolated",
    "load_blueprint",
    "tool_versions",
]

if TYPE_CHECKING:
    from .errors import ArchDrawError, BlueprintError, RenderError
    from .model import Blueprint
    from .pipeline import Drawn, draw, draw_isolated, load_blueprint


def __getattr__(name: str) -> Any:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'arch_draw' has no attribute '{name}'")
    return getattr(importlib.import_module(_PUBLIC[name]), name)


@functools.cache  # a build asks once per blueprint
def tool_versions() -> str:
    """arch-draw's version and those of what shapes its drawings: the icon set
    (`diagrams`) and Graphviz (inside `pygraphviz`)."""
    from .installed import package_version

    versions = [f"arch-draw {__version__}"]
    for package in ("diagrams", "pygraphviz"):
        versions.append(f"{package} {package_version(package, package) or 'missing'}")
    return ", ".join(versions)
