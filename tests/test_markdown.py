"""The Python-Markdown extension, through Python-Markdown itself."""

from __future__ import annotations

import logging
import os
import shutil
import textwrap
from pathlib import Path

import markdown
import pytest

from .conftest import FIXTURES

PAGE = """\
# Page

```arch-draw
title: Web tier
nodes:
  web: {type: ec2}
```

```arch-draw src="bilingual.yaml" lang="ko"
```

```python
print("a plain code block")
```
"""


def convert(text: str, folder: Path, **options: str) -> str:
    configs = {"arch_draw": {"page": "docs/page.md", "base_dir": str(folder), **options}}
    return markdown.markdown(
        text, extensions=["arch_draw", "fenced_code"], extension_configs=configs
    )


def test_blocks_become_inline_self_contained_svg(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "bilingual.yaml", tmp_path)
    html = convert(PAGE, tmp_path)
    assert html.count('<div class="arch-draw"><svg style="max-width: 100%; height: auto" ') == 2
    assert "<?xml" not in html
    assert html.count("data:image/png;base64,") >= 3
    assert "웹 서버" in html  # the file, drawn in Korean
    assert "Web tier" in html
    assert "print(&quot;a plain code block&quot;)" in html


def test_problems_are_shown_on_the_page_and_logged_at_the_pages_lines(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    page = textwrap.dedent(
        """\
        # Page

        ```arch-draw
        title: Typo
        nodes:
          web: {type: ec3}
        ```

        ```arch-draw src="../outside.yaml"
        ```

        ```arch-draw size="big"
        ```

        ```arch-draw src="missing.yaml"
        ```
        """
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.arch_draw"):
        html = convert(page, tmp_path)
    assert [record.getMessage() for record in caplog.records] == [
        "docs/page.md:6:15: unknown node type 'ec3' (did you mean 'ec2' or 'ece' or 'eci'?)",
        f"docs/page.md:9:1: src '../outside.yaml' is outside {tmp_path.name}/, where src files"
        " must be (option 'root')",
        'docs/page.md:12:1: arch-draw block: unknown attribute \'size\'; use src="...", lang="..." or theme="..."',
        # It was "missing.yaml:1:1: no such file", as if the file were where the build runs.
        f"docs/page.md:15:1: src 'missing.yaml': no such file in {tmp_path.name}/"
        " (option 'base_dir')",
    ]
    assert html.count('<pre class="arch-draw-error">') == 4
    assert "<svg" not in html


def test_an_unclosed_block_is_left_as_it_is(tmp_path: Path) -> None:
    html = convert("```arch-draw\ntitle: never closed\n", tmp_path)
    assert "<svg" not in html
    assert "never closed" in html


def test_a_blueprint_graphviz_aborts_on_cannot_take_the_site_build_down(tmp_path: Path) -> None:
    # Drawn in a child process, with the other layouts after the crash, as the CLI draws.
    shutil.copy(FIXTURES / "graphviz" / "compound-abort.yaml", tmp_path)
    html = convert('```arch-draw src="compound-abort.yaml"\n```\n', tmp_path)
    assert html.count('<div class="arch-draw"><svg ') == 1
    assert "An edge into an empty group" in html


def test_pipes_and_control_characters_in_src_are_problems_not_hangs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A named pipe blocked the site build forever; NUL raised ValueError and ended it.
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")  # RuntimeError out of markdown()
    page = (
        '```arch-draw src="pipe.yaml"\n```\n\n```arch-draw src="a\x00.yaml"\n```\n\n'
        '```arch-draw\nextends: "base\\0"\ntitle: T\n```\n\n```arch-draw src="loop.yaml"\n```\n'
    )
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.arch_draw"):
        html = convert(page, tmp_path)
    assert [record.getMessage() for record in caplog.records] == [
        "pipe.yaml:1:1: is a named pipe, not a blueprint file",
        "docs/page.md:4:1: src 'a\\x00.yaml' cannot be a file name: it holds control characters",
        "docs/page.md:8:10: extends: 'base\\x00' cannot be a file name: it holds control"
        " characters",
        "loop.yaml:1:1: cannot read the file: Too many levels of symbolic links",
    ]
    assert html.count('<pre class="arch-draw-error">') == 4


def test_unclosed_blocks_are_left_as_they_are_however_many(tmp_path: Path) -> None:
    # Each opening searched the page to its end for its closing line: 20,000 of them took
    # seconds. The page is kept as written.
    html = convert("```arch-draw\ntitle: a\n" * 3, tmp_path)
    assert "<svg" not in html
    assert html.count("title: a") == 3


def test_a_src_files_problems_name_it_from_the_current_directory(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A site build runs in the project: "../blueprints/x.yaml" (from the page's folder)
    # is "blueprints/x.yaml" there.
    (tmp_path / "docs").mkdir()
    (tmp_path / "blueprints").mkdir()
    (tmp_path / "blueprints" / "x.yaml").write_text("title: T\nnodes:\n  a: {type: ec3}\n")
    monkeypatch.chdir(tmp_path)
    page = '```arch-draw src="../blueprints/x.yaml"\n```\n'
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.arch_draw"):
        convert(page, tmp_path / "docs", root=str(tmp_path))
    assert [record.getMessage() for record in caplog.records] == [
        "blueprints/x.yaml:3:13: unknown node type 'ec3' (did you mean 'ec2' or 'ece' or 'eci'?)"
    ]


THEMED = """\
```arch-draw theme="{theme}"
title: Web tier
nodes:
  web: {{type: ec2}}
```
"""


def test_a_block_or_the_extension_chooses_the_theme(tmp_path: Path) -> None:
    dark_page = '<polygon fill="#16191f"'
    assert dark_page in convert(THEMED.format(theme="dark"), tmp_path).lower()
    assert dark_page in convert(THEMED.format(theme=""), tmp_path, theme="dark").lower()
    # `auto`, drawn into a page: light, and dark where Material for MkDocs' palette
    # switch says so, whatever the reader's own setting.
    auto = convert(THEMED.format(theme="auto"), tmp_path)
    assert dark_page not in auto.lower()
    assert '<style>[data-md-color-scheme="slate"] .arch-draw [fill=' in auto
    assert "prefers-color-scheme" not in auto
    assert "<style>" not in convert(THEMED.format(theme="light"), tmp_path, theme="auto")


def test_a_theme_that_is_none_is_a_problem_on_the_fence_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.arch_draw"):
        html = convert("# Page\n\n" + THEMED.format(theme="purple"), tmp_path)
    message = "docs/page.md:3:1: arch-draw block: theme 'purple' is none of light, dark, auto"
    assert caplog.messages == [message]
    shown = message.replace("'", "&#x27;")
    assert html.endswith(f'<pre class="arch-draw-error">{shown}</pre>')
