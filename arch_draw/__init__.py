"""arch-draw: AWS architecture drawings from YAML blueprints.

The pipeline, one module per stage: `load` (YAML, with positions) > `validate`
(JSON Schema and references) > `model` (frozen dataclasses) > `resolve` (defaults,
qualified types) > `render` (Graphviz) > `write` (self-contained SVG, atomic files).
`pipeline` joins them; `cli` is the command line on top.
"""

import functools

__version__ = "0.1.0"


@functools.cache  # a build asks once per blueprint
def tool_versions() -> str:
    """arch-draw's version and those of what shapes its drawings: the icon set
    (`diagrams`) and Graphviz (inside `pygraphviz`)."""
    from .installed import package_version

    versions = [f"arch-draw {__version__}"]
    for package in ("diagrams", "pygraphviz"):
        versions.append(f"{package} {package_version(package, package) or 'missing'}")
    return ", ".join(versions)
