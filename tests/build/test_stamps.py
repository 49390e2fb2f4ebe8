from __future__ import annotations

import os
from pathlib import Path

import pytest

from arch_draw.build.stamps import load_stamps

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
    stamps.remember("a.yaml", "fingerprint", [blueprint, drawing])
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
    stamps.remember("a.yaml", "fingerprint", [blueprint])
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
