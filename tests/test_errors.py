from __future__ import annotations

import resource
from collections.abc import Callable
from pathlib import Path

import pytest

from arch_draw.errors import BlueprintError, Diagnostic
from arch_draw.pipeline import check_blueprint

from .conftest import run_cli


def test_a_key_cannot_forge_a_second_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "bp.yaml"
    path.write_text('title: T\n"x\\nother.yaml:1:1: all is well": 1\n', encoding="utf-8")
    with pytest.raises(BlueprintError) as caught:
        check_blueprint(path, "bp.yaml")
    assert caught.value.lines() == [
        "bp.yaml:2:1: unknown key 'x\\nother.yaml:1:1: all is well'; expected one of: version,"
        " extends, remove, languages, title, caption, direction, callouts, theme, groups, nodes, edges, notes"
    ]


def test_control_and_direction_characters_are_shown_as_escapes() -> None:
    diagnostic = Diagnostic("bp.yaml", 1, 2, "unknown id 'a\tb\u202ec\x1b[31m'; 사용자")
    assert str(diagnostic) == "bp.yaml:1:2: unknown id 'a\\tb\\u202ec\\x1b[31m'; 사용자"


def test_a_long_message_is_cut_and_says_how_long_it_was() -> None:
    diagnostic = Diagnostic("bp.yaml", 1, 1, "x" * 5000)
    assert str(diagnostic) == "bp.yaml:1:1: " + "x" * 1000 + "... (5000 characters)"


def test_a_file_with_very_many_problems_shows_its_first_ones_and_a_count() -> None:
    problems = [Diagnostic("a.yaml", line, 1, "bad") for line in range(1, 601)]
    problems.append(Diagnostic("b.yaml", 1, 1, "bad"))
    lines = BlueprintError(problems).lines()
    assert len(lines) == 502
    assert lines[499:] == [
        "a.yaml:500:1: bad",
        "a.yaml:501:1: ... and 100 more problems in this file",
        "b.yaml:1:1: bad",
    ]
    # Gathered again, as problems of several files are, the count stays true.
    assert BlueprintError(BlueprintError(problems).diagnostics).lines() == lines


def test_a_long_key_repeated_thousands_of_times_costs_little_memory(tmp_path: Path) -> None:
    # 40,000 duplicates of a 100,000-character key made 4 GB of messages: MemoryError.
    key = "k" * 100_000
    duplicates = "".join(f"  ? *k\n  : x{number}\n" for number in range(40_000))
    (tmp_path / "bp.yaml").write_text(f"title: D\nx:\n  ? &k {key}\n  : 1\ny:\n{duplicates}")
    result = run_cli("validate", "bp.yaml", cwd=tmp_path, preexec=address_space(1024**3))
    assert (result.returncode, result.stderr) == (
        2,
        f"bp.yaml:3:5: duplicate key '{'k' * 80}...' (first at 3:5)\n",
    )


def address_space(size: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit
