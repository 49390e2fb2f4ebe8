"""A real MkDocs site with arch-draw pages, built by MkDocs and looked at in Chromium."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import markdown
import pytest
from PIL import Image

from arch_draw.colors import DARK_BACKGROUND, rgb_of

from .conftest import BLUEPRINTS, ROOT, orange_pixels, screenshot


def site(tmp_path: Path, pages: dict[str, str]) -> Path:
    shutil.copytree(BLUEPRINTS, tmp_path / "blueprints")
    (tmp_path / "mkdocs.yml").write_text("site_name: Drawings\nplugins:\n  - arch-draw\n")
    for name, text in pages.items():
        page = tmp_path / "docs" / name
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


def mkdocs(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


INDEX = """\
    # Our architecture

    ```arch-draw
    title: Web tier
    groups:
      vpc: {kind: vpc}
    nodes:
      web: {type: ec2, in: vpc}
    ```

    ```arch-draw src="../blueprints/users-under-1k.yaml" lang="ko"
    ```
    """


def test_mkdocs_builds_pages_with_drawings(tmp_path: Path) -> None:
    folder = site(tmp_path, {"index.md": INDEX})
    result = mkdocs(folder, "--strict")
    assert result.returncode == 0, result.stderr
    page = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert page.count('<div class="arch-draw"><svg') == 2
    assert "사용자 1,000명 미만" in page


def test_a_broken_block_is_reported_with_page_and_line(tmp_path: Path) -> None:
    folder = site(
        tmp_path,
        {
            "index.md": "# Home\n",
            "guide/bad.md": "# Bad\n\n```arch-draw\ntitle: T\nnodez: {}\n```\n",
        },
    )
    (folder / "docs" / "guide").mkdir(exist_ok=True)
    (folder / "docs" / "guide" / "bad.md").write_text(
        "# Bad\n\n```arch-draw\ntitle: T\nnodez: {}\n```\n"
    )
    lenient = mkdocs(folder)
    assert lenient.returncode == 0
    assert (
        "WARNING -  docs/guide/bad.md:5:1: unknown key 'nodez' (did you mean 'nodes' or 'notes'?)"
        in lenient.stderr
    )
    assert mkdocs(folder, "--strict").returncode == 1


def test_the_icons_are_drawn_in_a_browser(tmp_path: Path) -> None:
    folder = site(tmp_path, {"index.md": INDEX})
    assert mkdocs(folder).returncode == 0
    picture = screenshot(folder / "site" / "index.html", tmp_path / "page.png")
    # The inline EC2 icons are AWS orange; a broken image would leave none.
    assert orange_pixels(picture) > 2000


# Wikis (GitHub, GitLab, Confluence) fit an image to the page's width; a drawing wider
# than the screenshot would otherwise show only its top-left corner.
WIKI_STYLE = "<style>img { max-width: 100%; }</style>\n"


def test_png_drawings_show_in_plain_markdown(tmp_path: Path) -> None:
    page = tmp_path / "wiki.html"
    shutil.copy(ROOT / "output" / "users-under-1k.png", tmp_path)
    text = "# Wiki page\n\n![Fewer than 1,000 users](users-under-1k.png)\n"
    page.write_text(WIKI_STYLE + markdown.markdown(text), encoding="utf-8")
    assert orange_pixels(screenshot(page, tmp_path / "wiki.png")) > 500


@pytest.mark.parametrize("name", ["users-under-1k.svg", "users-under-1k.ko.svg"])
def test_svg_drawings_show_as_images_in_plain_markdown(tmp_path: Path, name: str) -> None:
    """An <img> of the SVG, as wikis and GitHub show it: icons embedded, so drawn."""
    shutil.copy(ROOT / "output" / name, tmp_path)
    page = tmp_path / "wiki.html"
    page.write_text(WIKI_STYLE + markdown.markdown(f"![drawing]({name})"), encoding="utf-8")
    assert orange_pixels(screenshot(page, tmp_path / "wiki.png")) > 500


def test_drawings_follow_material_for_mkdocs_light_and_dark_palette_switch(
    tmp_path: Path,
) -> None:
    """The plugin's drawings are of theme `auto` (its default): light on a page, dark on
    one whose palette switch Material for MkDocs has set to its dark scheme, `slate`."""
    folder = site(tmp_path, {"index.md": INDEX})
    assert mkdocs(folder, "--strict").returncode == 0
    built = folder / "site" / "index.html"
    html = built.read_text(encoding="utf-8")
    slate = built.with_name("slate.html")
    slate.write_text(html.replace("<body", '<body data-md-color-scheme="slate"', 1), "utf-8")
    dark = _rgb(DARK_BACKGROUND)
    pictures = {
        page.stem: screenshot(page, tmp_path / f"{page.stem}.png") for page in (built, slate)
    }
    counts = {name: _pixels_of(picture, dark) for name, picture in pictures.items()}
    assert counts["index"] == 0
    assert counts["slate"] > 100_000  # the drawings' pages


def _rgb(value: str) -> tuple[int, ...]:
    return tuple(round(channel * 255) for channel in rgb_of(value))


def _pixels_of(picture: Path, color: tuple[int, ...]) -> int:
    with Image.open(picture) as image:
        found = image.convert("RGB").getcolors(1 << 24) or []
    return sum(count for count, rgb in found if rgb == color)
