"""The blueprints that ship inside the package: the guide's tiers and details.

Any blueprint can start from one with `extends: arch-draw:users-over-10k`, and
`arch-draw suggest` and `arch-draw new --from` use them, from an installed wheel as
from a checkout (in a checkout, `arch_draw/blueprints` is a link to `blueprints/`).
"""

from __future__ import annotations

from pathlib import Path

from .spelling import did_you_mean

PREFIX = "arch-draw:"
DIRECTORY = (Path(__file__).parent / "blueprints").resolve()


def names() -> list[str]:
    """The bundled blueprints, by name (file name without `.yaml`)."""
    return sorted(path.stem for path in DIRECTORY.glob("*.yaml"))


def no_such(name: str) -> str:
    """What to say of a NAME that is no bundled blueprint: the close ones, or them all."""
    hint = did_you_mean(name, names()) or f"; bundled: {', '.join(names())}"
    return f"arch-draw has no blueprint '{name}'{hint}"


def path_of(reference: str) -> Path | None:
    """The file `arch-draw:NAME` (or `arch-draw:NAME.yaml`) names, if it exists."""
    name = reference.removeprefix(PREFIX).removesuffix(".yaml")
    candidate = DIRECTORY / f"{name}.yaml"
    return candidate if name in names() else None
