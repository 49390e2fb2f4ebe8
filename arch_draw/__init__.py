"""arch-draw: AWS architecture drawings from YAML blueprints.

The pipeline, one module per stage: `load` (YAML, with positions) > `validate`
(JSON Schema and references) > `model` (frozen dataclasses) > `resolve` (defaults,
qualified types) > `render` (Graphviz) > `write` (self-contained SVG, atomic files).
`pipeline` joins them; `cli` is the command line on top.
"""

import functools

__version__ = "0.1.0"


@functools.cache  # a build asks once per blueprint; looking them up takes milliseconds
def tool_versions() -> str:
    """arch-draw's version and those of what shapes its drawings: the icon set
    (`diagrams`) and Graphviz (inside `pygraphviz`)."""
    from importlib import metadata  # here: importing it costs every command 0.05 s

    versions = [f"arch-draw {__version__}"]
    for package in ("diagrams", "pygraphviz"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} missing")
    return ", ".join(versions)
