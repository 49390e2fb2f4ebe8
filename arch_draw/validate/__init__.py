"""Stage 2: check a loaded blueprint: its shape by the JSON Schema (`shape`), then what a
schema cannot say (`content`). Every problem is collected and reported at once, each at
the line and column of the value (or key) it concerns.
"""

from __future__ import annotations

from ..catalog import Catalog
from ..errors import BlueprintError
from ..limits import DEFAULT_LIMITS, Limits
from ..load import Document
from ..spelling import bounded
from .content import content_problems, languages_of, text_paths
from .shape import schema_problems
from .size import size_problems

__all__ = ["languages_of", "schema_problems", "text_paths", "validate"]


def validate(document: Document, catalog: Catalog, limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise BlueprintError listing every problem of `document`; return if there is none."""
    with bounded():  # did-you-mean suggestions, however many problems there are
        problems = [
            *document.problems,
            *schema_problems(document),
            *content_problems(document, catalog, limits),
            *size_problems(document, limits),
        ]
    if problems:
        raise BlueprintError(problems)
