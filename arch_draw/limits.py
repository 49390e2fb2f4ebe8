"""How much a blueprint may ask for: bounds that keep hostile or mistaken input cheap.

Every bound has a default that the shipped blueprints stay far below, and can be
changed with `--limit NAME=N` (or `Limits(...)` in library use) for larger drawings.
Reading stops as soon as one is passed, so that a file crafted to expand (YAML aliases,
deep nesting) costs a fraction of a second and little memory before it is refused.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .errors import UsageError
from .spelling import did_you_mean


@dataclass(frozen=True)
class Limits:
    file_bytes: int = 1024 * 1024  # of each blueprint file
    values: int = 100_000  # values a file expands to, YAML aliases followed
    depth: int = 64  # levels of nested mappings and lists
    nodes: int = 2000
    edges: int = 5000  # drawn edges: an entry from 2 ids to 3 draws 6
    label: int = 300  # characters of a title, a label or an edge label, each language
    note: int = 2000  # characters of a caption or a note, each language
    extends: int = 16  # blueprints one `extends` chain may build on

    @staticmethod
    def names() -> list[str]:
        """The names `--limit` knows them by: `file-bytes`, `nodes`, ..."""
        return [field.name.replace("_", "-") for field in dataclasses.fields(Limits)]


DEFAULT_LIMITS = Limits()
# The largest value a limit takes: far above any drawing, and small enough that no
# bound turns into a number the system cannot hold (a read of 10**20 bytes).
HIGHEST_LIMIT = 2**31 - 1
# Nesting is read and drawn by recursion, which Python stops at a thousand frames or so
# (YAML nested 600 deep, or groups 1,200 deep, ended in a RecursionError): 200 levels
# leave room, and no drawing needs more.
HIGHEST = {"depth": 200}


def raise_with(field: str) -> str:
    """How to change the limit held in `field`, for messages: `--limit file-bytes=N`."""
    return f"--limit {field.replace('_', '-')}=N"


def parse_limits(settings: tuple[str, ...] | list[str]) -> Limits:
    """`("nodes=5000", "label=500")` -> Limits with those two changed."""
    changes: dict[str, int] = {}
    for setting in settings:
        name, _, value = setting.partition("=")
        if name not in Limits.names():
            hint = did_you_mean(name, Limits.names()) or f"; limits: {', '.join(Limits.names())}"
            raise UsageError(f"--limit {setting}: no limit named '{name}'{hint}")
        field = name.replace("-", "_")
        most = HIGHEST.get(field, HIGHEST_LIMIT)
        # isdigit alone takes '²' and other digits int() refuses
        if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= most:
            raise UsageError(
                f"--limit {setting}: the value must be a whole number from 1 to {most}"
            )
        changes[field] = int(value)
    return Limits(**changes)
