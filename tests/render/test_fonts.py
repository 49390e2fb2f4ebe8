from __future__ import annotations

from pathlib import Path

import pytest

from arch_draw.errors import RenderError
from arch_draw.pipeline import draw, load_blueprint
from arch_draw.render.fonts import font_packages, missing_glyphs

from ..conftest import require_cjk_font

UNASSIGNED = "\u0378"  # no font can have a glyph for a code point Unicode never assigned


def test_korean_has_a_font() -> None:
    require_cjk_font()
    assert missing_glyphs(["사용자 1,000명 미만", "가용 영역"]) == []


def test_characters_without_a_font_are_listed_once_in_order() -> None:
    assert missing_glyphs([f"a{UNASSIGNED}b", "\ue000", UNASSIGNED]) == [UNASSIGNED, "\ue000"]


def test_png_is_refused_when_a_character_has_no_font(tmp_path: Path) -> None:
    path = tmp_path / "bp.yaml"
    path.write_text(
        f"title: T\nnodes:\n  a: {{type: ec2, label: 'x{UNASSIGNED}'}}\n", encoding="utf-8"
    )
    blueprint = load_blueprint(path, "bp.yaml")
    with pytest.raises(RenderError) as caught:
        draw(blueprint, ("png",))
    assert str(caught.value) == (
        f"bp.yaml:3:3: no installed font has the characters '{UNASSIGNED}'; PNG and PDF would "
        "show empty boxes. Install a font for them (Debian/Ubuntu: apt-get install "
        "fonts-noto-core; Fedora: dnf install google-noto-sans-fonts) or draw SVG only "
        "(-f svg)."
    )
    assert UNASSIGNED in draw(blueprint, ("svg",)).outputs["svg"].decode("utf-8")


@pytest.mark.parametrize(
    ("text", "debian", "fedora"),
    [
        ("사용자", ["fonts-noto-cjk"], ["google-noto-sans-cjk-fonts"]),
        ("😀", ["fonts-noto-color-emoji"], ["google-noto-emoji-fonts"]),
        ("\u1200", ["fonts-noto-core"], ["google-noto-sans-ethiopic-fonts"]),
        (
            "漢😀\u1200\u16a0",
            ["fonts-noto-cjk", "fonts-noto-color-emoji", "fonts-noto-core"],
            [
                "google-noto-sans-cjk-fonts",
                "google-noto-emoji-fonts",
                "google-noto-sans-ethiopic-fonts",
                "google-noto-sans-runic-fonts",
            ],
        ),
    ],
)
def test_the_font_to_install_is_the_one_for_the_characters(
    text: str, debian: list[str], fedora: list[str]
) -> None:
    # Emoji and Ethiopic were sent to fonts-noto-cjk, which has neither.
    assert font_packages(text) == (debian, fedora)
