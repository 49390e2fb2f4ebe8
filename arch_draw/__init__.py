"""arch-draw: AWS architecture drawings from YAML blueprints.

The pipeline, one module per stage: `load` (YAML, with positions) > `validate`
(JSON Schema and references) > `model` (frozen dataclasses) > `resolve` (defaults,
qualified types) > `render` (Graphviz) > `write` (self-contained SVG, atomic files).
`pipeline` joins them; `cli` is the command line on top.
"""

__version__ = "0.1.0"
