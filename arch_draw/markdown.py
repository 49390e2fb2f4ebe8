"""A Python-Markdown extension: arch-draw blueprints drawn inline, as self-contained SVG.

A fenced block whose info string is `arch-draw` is a blueprint; one with a `src`
attribute draws a blueprint file instead, and `lang` picks a language. `src` is relative
to the option base_dir (the page's folder, with the MkDocs plugin; else the current
directory) and must stay inside the option root (the project; else base_dir):

    ```arch-draw
    title: Web tier
    nodes:
      web: {type: ec2}
    ```

    ```arch-draw src="../blueprints/users-over-1k.yaml" lang="ko"
    ```

The block becomes the drawing, an `<svg>` with its icons embedded, so the page needs no
image files. A blueprint with a problem becomes a box listing it, and each problem is
logged as a warning at the page's line (`docs/page.md:14:3: ...`), which MkDocs shows
in its build output (and `mkdocs build --strict` fails on).

Use: in MkDocs the `arch-draw` plugin (arch_draw.mkdocs), which tells the extension
which page it is on and where; elsewhere `markdown.markdown(text,
extensions=["arch_draw"], extension_configs={"arch_draw": {"page": "docs/page.md",
"base_dir": "docs", "root": "."}})`.
"""

from __future__ import annotations

import html
import logging
import os
import re
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from .errors import ArchDrawError, BlueprintError, Diagnostic
from .files import has_control_characters, resolved
from .themes import MATERIAL_DARK, THEMES

if TYPE_CHECKING:
    from .model import ThemeName

LOGGER = logging.getLogger("mkdocs.plugins.arch_draw")  # MkDocs counts these as warnings
_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})\s*arch-draw\b(?P<attributes>[^\n]*)$")
_SVG_PROLOGUE = re.compile(rb"^.*?(?=<svg\b)", re.DOTALL)
PRIORITY = 27  # after whitespace is normalised (30), before fenced code blocks (25)


class ArchDrawExtension(Extension):
    def __init__(self, **options: Any) -> None:
        self.config = {
            "page": ["page", "The page's name in messages (the MkDocs plugin sets it)."],
            "base_dir": [".", "Directory `src` paths and inline `extends` are relative to."],
            "root": ["", "Directory `src` files must stay inside (default: base_dir)."],
            "theme": ["", "Colours: light, dark or auto (default: each blueprint's own)."],
        }
        super().__init__(**options)

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_Blueprints(md, self.getConfigs()), "arch_draw", PRIORITY)


def makeExtension(**options: Any) -> ArchDrawExtension:
    return ArchDrawExtension(**options)


class _Blueprints(Preprocessor):
    def __init__(self, md: Markdown, options: dict[str, Any]) -> None:
        super().__init__(md)
        self.page = str(options["page"])
        self.base = Path(options["base_dir"])
        self.root = resolved(Path(options["root"] or options["base_dir"]))
        self.theme = str(options["theme"])

    def run(self, lines: list[str]) -> list[str]:
        result: list[str] = []
        index = 0
        unclosed: set[str] = set()  # fences with no closing line after the last one tried
        while index < len(lines):
            opening = _FENCE.match(lines[index])
            end = _closing(lines, index, opening.group("fence"), unclosed) if opening else None
            if opening is None or end is None:
                result.append(lines[index])
                index += 1
                continue
            block = Block(index + 1, opening.group("attributes"), "\n".join(lines[index + 1 : end]))
            result += ["", self.md.htmlStash.store(self._drawing(block)), ""]
            index = end + 1
        return result

    def _drawing(self, block: Block) -> str:
        try:
            return f'<div class="arch-draw">{self._svg(block)}</div>'
        except ArchDrawError as error:
            problems = _on_page(error, self.page, block.first_line)
            for problem in problems:
                LOGGER.warning(problem)
            shown = html.escape("\n".join(problems))
            return f'<pre class="arch-draw-error">{shown}</pre>'

    def _svg(self, block: Block) -> str:
        from .model import with_theme
        from .pipeline import blueprint_in, check_blueprint, draw_isolated

        attributes = block.attributes(self.page)
        source = attributes.get("src")
        if source is None:
            where = self.base / f".{Path(self.page).stem}-{block.first_line}.yaml"
            document = check_blueprint(where, self.page, block.text)
        else:
            path = self._source(source, block)
            document = check_blueprint(path, _shown(path, source))
        theme = _theme(attributes.get("theme") or self.theme, self.page)
        blueprint = with_theme(blueprint_in(document, attributes.get("lang")), theme)
        # Drawn into the page, the drawing follows the page's own light/dark switch
        svg = draw_isolated(blueprint, ("svg",), when_dark=MATERIAL_DARK).outputs["svg"]
        return _inline(svg)

    def _source(self, source: str, block: Block) -> Path:
        if has_control_characters(source):  # NUL made resolve() raise ValueError
            message = f"src '{source}' cannot be a file name: it holds control characters"
            raise _problem(self.page, message)
        path = resolved(self.base / source)
        if not path.is_relative_to(self.root):
            message = f"src '{source}' is outside {self.root.name}/, where src files must be"
            raise _problem(self.page, f"{message} (option 'root')")
        if not os.path.lexists(path):  # said where the block is: src is the page's
            folder = self.base.name or "."
            raise _problem(
                self.page, f"src '{source}': no such file in {folder}/ (option 'base_dir')"
            )
        return path


class Block:
    """A fenced arch-draw block: where it starts, its attributes, its text."""

    def __init__(self, fence_line: int, attributes: str, text: str) -> None:
        self.first_line = fence_line  # 1-based line of the fence; the blueprint's line 1 is next
        self._attributes = attributes
        self.text = text

    def attributes(self, page: str) -> dict[str, str]:
        try:
            pairs = [item.split("=", 1) for item in shlex.split(self._attributes)]
        except ValueError as error:
            raise _problem(page, f"arch-draw block: {error}") from None
        known = ("src", "lang", "theme")
        for pair in pairs:
            if len(pair) != 2 or pair[0] not in known:
                choices = ", ".join(f'{name}="..."' for name in known[:-1])
                message = f"arch-draw block: unknown attribute '{pair[0]}'; use {choices}"
                raise _problem(page, f'{message} or {known[-1]}="..."')
        return dict(pairs)


def _theme(name: str, page: str) -> ThemeName | None:
    """A theme named by a block or the extension's option; None for '' (the blueprint's)."""
    if not name:
        return None
    if name not in THEMES:
        choices = ", ".join(THEMES)
        raise _problem(page, f"arch-draw block: theme '{name}' is none of {choices}")
    return cast("ThemeName", name)


def _closing(lines: list[str], start: int, fence: str, unclosed: set[str]) -> int | None:
    """The line closing the block opened at `start`, if any. A fence found unclosed once
    is unclosed at every later line too: a page of 20,000 unclosed openings was searched
    to its end from each of them."""
    if fence in unclosed:
        return None
    for index in range(start + 1, len(lines)):
        if lines[index].strip() == fence:
            return index
    unclosed.add(fence)
    return None


def _shown(path: Path, source: str) -> str:
    """How messages name a blueprint file a block draws: from the current directory
    (the project's, in a site build) where it is inside it, else as `src` says."""
    try:
        return str(path.relative_to(resolved(Path.cwd())))
    except ValueError:
        return source


def _problem(page: str, message: str) -> BlueprintError:
    """A problem with the block itself, on its fence line (line 0 of the block)."""
    return BlueprintError([Diagnostic(page, 0, 1, message)])


def _on_page(error: ArchDrawError, page: str, fence_line: int) -> list[str]:
    """The error's lines, positions in the block moved to the page's lines (a blueprint
    file named by `src` keeps its own)."""
    if not isinstance(error, BlueprintError):
        return [f"{page}:{fence_line}:1: {line}" for line in error.lines()]
    return [
        str(Diagnostic(d.path, d.line + fence_line, d.column, d.message) if d.path == page else d)
        for d in error.diagnostics
    ]


def _inline(svg: bytes) -> str:
    """The SVG as an element in HTML: no XML prologue, and scaled to the page's width."""
    element = _SVG_PROLOGUE.sub(b"", svg, count=1).decode("utf-8")
    return element.replace("<svg ", '<svg style="max-width: 100%; height: auto" ', 1)
