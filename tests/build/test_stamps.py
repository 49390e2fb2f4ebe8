from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from arch_draw import build
from arch_draw.build.stamps import Known, load_stamps, observe
from arch_draw.settings import Settings

SETTINGS = {"formats": ["svg"], "languages": []}


def test_an_unchanged_blueprint_keeps_its_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    blueprint, drawing = tmp_path / "a.yaml", tmp_path / "out" / "a.svg"
    blueprint.write_text("title: A\n")
    drawing.parent.mkdir()
    drawing.write_text("<svg/>")
    stamps = load_stamps(tmp_path / "out", SETTINGS)
    stamps.remember(blueprint, "fingerprint", observe([blueprint]), [drawing])
    stamps.save()
    again = load_stamps(tmp_path / "out", SETTINGS)
    assert again.known(blueprint) == Known("fingerprint", observe([blueprint]))
    assert again.known(tmp_path / "b.yaml") is None
    assert load_stamps(tmp_path / "out", {**SETTINGS, "formats": ["png"]}).known(blueprint) is None


@pytest.mark.parametrize("change", ["edit", "touch", "delete"])
def test_any_change_to_its_files_sends_it_through_the_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    blueprint = tmp_path / "a.yaml"
    blueprint.write_text("title: A\n")
    stamps = load_stamps(tmp_path, SETTINGS)
    stamps.remember(blueprint, "fingerprint", observe([blueprint]), [])
    if change == "edit":
        blueprint.write_text("title: B\n")
    elif change == "touch":
        status = blueprint.stat()
        os.utime(blueprint, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    else:
        blueprint.unlink()
    assert stamps.known(blueprint) is None


def test_a_damaged_stamp_file_is_no_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    stamps = load_stamps(tmp_path, SETTINGS)
    stamps.path.parent.mkdir(parents=True)
    stamps.path.write_text("{not json")
    assert load_stamps(tmp_path, SETTINGS).entries == {}
    stamps.path.write_text(json.dumps({str(tmp_path / "a.yaml"): {"files": 3}}))
    assert load_stamps(tmp_path, SETTINGS).known(tmp_path / "a.yaml") is None


@pytest.fixture
def one_blueprint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path, Settings]:
    """A folder with one blueprint, `one.yaml`, built to `output/` as SVG."""
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "blueprints"
    folder.mkdir()
    source = folder / "one.yaml"
    source.write_text("title: Old\nnodes:\n  web: {type: ec2}\n")
    return folder, source, Settings(tmp_path / "output", ("svg",))


def test_an_edit_saved_while_build_draws_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, one_blueprint: tuple[Path, Path, Settings]
) -> None:
    # The stamps were taken after drawing: an edit saved meanwhile was stamped as drawn,
    # the next build said "current" and `build --check` passed on the old drawing.
    folder, source, settings = one_blueprint
    drawing = build._run

    def draw_then_edit(tasks: Any, settings: Any) -> Iterator[Any]:
        yield from drawing(tasks, settings)  # drawn from the old text...
        source.write_text("title: New\nnodes:\n  web: {type: ec2}\n")  # ...saved meanwhile
        status = source.stat()
        os.utime(source, ns=(status.st_atime_ns, status.st_mtime_ns + 10**9))

    with monkeypatch.context() as patched:
        patched.setattr(build, "_run", draw_then_edit)
        first = build.build(folder, settings, lambda _done, _total, _name: None)
    assert [result.task.name for result in first.results] == ["one.yaml"]
    assert b"Old" in (tmp_path / "output" / "one.svg").read_bytes()
    assert [task.name for task in build.check(folder, settings).stale] == ["one.yaml"]
    second = build.build(folder, settings, lambda _done, _total, _name: None)
    assert [result.task.name for result in second.results] == ["one.yaml"]
    assert b"New" in (tmp_path / "output" / "one.svg").read_bytes()


def quiet(_done: int, _total: int, _name: str) -> None:
    """No progress lines."""


def test_an_edit_after_a_forced_build_is_drawn(one_blueprint: tuple[Path, Path, Settings]) -> None:
    # A blueprint found unchanged by its stamp and drawn anyway (--force, or a lost record)
    # was stamped with its drawings alone: no edit of it was ever noticed again.
    folder, source, settings = one_blueprint
    build.build(folder, settings, quiet)
    build.build(folder, settings, quiet, force=True)
    source.write_text("title: New, longer\nnodes:\n  web: {type: ec2}\n")
    assert [task.name for task in build.check(folder, settings).stale] == ["one.yaml"]
    assert [result.task.name for result in build.build(folder, settings, quiet).results] == [
        "one.yaml"
    ]


def test_a_base_added_under_the_name_tried_first_takes_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `extends: base` reads base.yaml if it is there, else base.yml; adding base.yaml
    # later changed the drawing but not the stamp, so build said "current".
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "blueprints"
    (folder / "lib").mkdir(parents=True)
    (folder / "lib" / "base.yml").write_text("title: From yml\nnodes:\n  web: {type: ec2}\n")
    (folder / "one.yaml").write_text("extends: lib/base\n")
    settings = Settings(tmp_path / "output", ("svg",))
    build.build(folder, settings, quiet)
    assert build.check(folder, settings).stale == []
    (folder / "lib" / "base.yaml").write_text("title: From yaml\nnodes:\n  db: {type: rds}\n")
    assert [task.name for task in build.check(folder, settings).stale] == ["one.yaml"]
    build.build(folder, settings, quiet)
    assert b"From yaml" in (tmp_path / "output" / "one.svg").read_bytes()


def test_a_link_turned_to_another_base_is_noticed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stamps followed links once and kept the target: relinking base.yaml to another
    # file left the stamp matching, and build said "current" on the old drawing.
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "blueprints"
    (folder / "v").mkdir(parents=True)
    (folder / "v" / "one.yaml").write_text("title: Version ONE\nnodes:\n  a: {type: ec2}\n")
    (folder / "v" / "two.yaml").write_text("title: Version TWO\nnodes:\n  a: {type: ec2}\n")
    (folder / "base.yaml").symlink_to("v/one.yaml")
    (folder / "tier.yaml").write_text("extends: base\n")
    settings = Settings(tmp_path / "output", ("svg",))
    build.build(folder, settings, quiet)
    (folder / "base.yaml").unlink()
    (folder / "base.yaml").symlink_to("v/two.yaml")
    assert [task.name for task in build.check(folder, settings).stale] == ["base.yaml", "tier.yaml"]


def test_two_folders_built_into_one_output_each_have_their_own_stamps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Stamps went by file name: b/x.yaml was taken for a/x.yaml, "current".
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    for folder, title in (("a", "From A"), ("b", "From B")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.yaml").write_text(f"title: {title}\nnodes:\n  n: {{type: ec2}}\n")
    settings = Settings(tmp_path / "output", ("svg",))
    build.build(tmp_path / "a", settings, quiet)
    build.build(tmp_path / "b", settings, quiet)
    assert b"From B" in (tmp_path / "output" / "x.svg").read_bytes()
