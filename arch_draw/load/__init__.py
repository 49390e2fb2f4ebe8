"""Stage 1: read blueprint files (the only YAML reading) into positioned plain data.

`parse` reads one file; `extends` follows `extends:` and merges a blueprint with the
ones it builds on.
"""

from .extends import (
    BLUEPRINT_TEXT,
    ELEMENT_TEXT,
    FREE_TEXT,
    SECTION_NOUNS,
    SECTIONS,
    load_document,
)
from .parse import Document, JsonPath, Mark, load_bytes, load_file, load_text

__all__ = [
    "BLUEPRINT_TEXT",
    "ELEMENT_TEXT",
    "FREE_TEXT",
    "SECTIONS",
    "SECTION_NOUNS",
    "Document",
    "JsonPath",
    "Mark",
    "load_bytes",
    "load_document",
    "load_file",
    "load_text",
]
