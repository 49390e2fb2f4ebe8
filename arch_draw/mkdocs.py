"""The MkDocs plugin `arch-draw`: draws arch-draw blocks in pages, naming each page and
line in the build's warnings.

    # mkdocs.yml
    plugins:
      - arch-draw        # options: root (where `src` files may be; default: the project),
                         # theme (light, dark or auto; default: auto)

It turns on the Markdown extension (arch_draw.markdown) and, before each page, tells it
which page it is on, where the page is (for `src` paths) and where `src` files may be.

With theme `auto` (the default), each drawing follows Material for MkDocs' light/dark
palette switch: light on its light scheme, dark on `slate`, and light on other themes.
"""

from __future__ import annotations

import os
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

from .themes import THEMES

EXTENSION = "arch_draw"


class ArchDrawConfig(Config):  # type: ignore[no-untyped-call]  # MkDocs is untyped here
    root = config_options.Type(str, default="")
    theme = config_options.Choice(tuple(THEMES), default="auto")


class ArchDrawPlugin(BasePlugin[ArchDrawConfig]):  # type: ignore[no-untyped-call]
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(EXTENSION)
        self.project = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
        return config

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, **_: Any
    ) -> str:
        source = page.file.abs_src_path or page.file.src_path
        config.mdx_configs[EXTENSION] = {
            "page": os.path.relpath(source, self.project),
            "base_dir": os.path.dirname(source),
            "root": os.path.join(self.project, self.config.root),
            "theme": self.config.theme,
        }
        return markdown
