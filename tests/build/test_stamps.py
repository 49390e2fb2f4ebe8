from __future__ import annotations

import os
from pathlib import Path

import pytest

from arch_draw.build.stamps import load_stamps, observe

SETTINGS = {"formats": ["svg"], "languages": []}


def test_an_unchanged_blueprint_keeps_its_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    blueprint, drawing = tmp_path / "a.yaml", tmp_path / "out" / "a.svg"
    blueprint.write_text("title: A\n")
    drawing.parent.mkdir()
    drawing.write_text("<svg/>")
    stamps = load_stamps(tmp_path / "out", SETTINGS)
    stamps.remember("a.yaml", "fingerprint", observe([blueprint]), [drawing])
    stamps.save()
    again = load_stamps(tmp_path / "out", SETTINGS)
    assert again.known("a.yaml") == "fingerprint"
    assert again.known("b.yaml") == ""
    assert load_stamps(tmp_path / "out", {**SETTINGS, "formats": ["png"]}).known("a.yaml") == ""


@pytest.mark.parametrize("change", ["edit", "touch", "delete"])
def test_any_change_to_its_files_sends_it_through_the_full_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
):
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    blueprint = tmp_path / "a.yaml"
    blueprint.write_text("title: A\n")
    stamps = load_stamps(tmp_path, SETTINGS)
    stamps.remember("a.yaml", "fingerprint", observe([blueprint]), [])
    if change == "edit":
        blueprint.write_text("title: B\n")
    elif change == "touch":
        status = blueprint.stat()
        os.utime(blueprint, ns=(status.st_atime_ns, status.st_mtime_ns + 1))
    else:
        blueprint.unlink()
    assert stamps.known("a.yaml") == ""


def test_a_damaged_stamp_file_is_no_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    stamps = load_stamps(tmp_path, SETTINGS)
    stamps.path.parent.mkdir(parents=True)
    stamps.path.write_text("{not json")
    assert load_stamps(tmp_path, SETTINGS).entries == {}
    stamps.path.write_text('{"a.yaml": {"files": 3}}')
    assert load_stamps(tmp_path, SETTINGS).known("a.yaml") == ""


def test_an_edit_saved_while_build_draws_is_not_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    # The stamps were taken after drawing: an edit saved meanwhile was stamped as drawn,
    # the next build said "current" and `build --check` passed on the old drawing.
    from arch_draw import build
    from arch_draw.settings import Settings

    monkeypatch.setenv("ARCH_DRAW_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "blueprints"
    folder.mkdir()
    source = folder / "one.yaml"
    source.write_text("title: Old\nnodes:\n  web: {type: ec2}\n")
    settings = Settings(tmp_path / "output", ("svg",))
    drawing = build._run

    def draw_then_edit(tasks, settings):
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
