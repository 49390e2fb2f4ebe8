"""The themes a drawing may be drawn in: one table, read by the schema (its `theme`
values), the command line (`--theme`), the render stage and the write stage. This
module imports nothing: the command line must start fast.

A dark drawing is the light one with every colour turned by colors.on_dark, and the
icons drawn in ink (the users, the AWS logo) turned light the same way: the layout is
the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Theme:
    description: str  # for `--help`
    dark: bool  # PNG, PDF and the SVG are drawn dark
    # The SVG follows the reader's colour scheme (CSS `prefers-color-scheme`): light,
    # turned dark by rules of its own. PNG and PDF cannot follow anyone: they are light.
    follows_reader: bool = False


THEMES: dict[str, Theme] = {
    "light": Theme("dark ink on white", dark=False),
    "dark": Theme("light ink on AWS's darkest ink", dark=True),
    "auto": Theme(
        "an SVG that follows the reader's light or dark setting; PNG and PDF light",
        dark=False,
        follows_reader=True,
    ),
}
DEFAULT_THEME: Final = "light"

# How the SVG of theme `auto` tells that its reader wants it dark: on its own (a file, an
# image in a README or a wiki), by the reader's setting; drawn into a page of Material
# for MkDocs, by the page's light/dark palette switch, which sets this on the page.
READER_DARK = "@media (prefers-color-scheme: dark)"
MATERIAL_DARK = '[data-md-color-scheme="slate"]'
