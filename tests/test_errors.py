from __future__ import annotations

from pathlib import Path

import pytest

from arch_draw.errors import BlueprintError, Diagnostic
from arch_draw.pipeline import check_blueprint


def test_a_key_cannot_forge_a_second_diagnostic(tmp_path: Path):
    path = tmp_path / "bp.yaml"
    path.write_text('title: T\n"x\\nother.yaml:1:1: all is well": 1\n', encoding="utf-8")
    with pytest.raises(BlueprintError) as caught:
        check_blueprint(path, "bp.yaml")
    assert caught.value.lines() == [
        "bp.yaml:2:1: unknown key 'x\\nother.yaml:1:1: all is well'; expected one of: version,"
        " extends, remove, languages, title, caption, direction, groups, nodes, edges, notes"
    ]


def test_control_and_direction_characters_are_shown_as_escapes():
    diagnostic = Diagnostic("bp.yaml", 1, 2, "unknown id 'a\tb\u202ec\x1b[31m'; 사용자")
    assert str(diagnostic) == "bp.yaml:1:2: unknown id 'a\\tb\\u202ec\\x1b[31m'; 사용자"
