"""The output formats, in one place for the CLI (which must start fast) and the stages."""

FORMATS = ("png", "svg", "pdf", "dot")
DEFAULT_FORMATS = ("png", "svg")
