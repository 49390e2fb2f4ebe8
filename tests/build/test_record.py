from __future__ import annotations

import json
from pathlib import Path

from arch_draw.build.record import RECORD_NAME, Entry, Record, digest_of, fingerprint, load_record


def test_a_saved_record_loads_back(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"drawing")
    record = Record(
        tmp_path / RECORD_NAME, {"a.yaml": Entry("inputs", {"a.png": digest_of(b"drawing")})}
    )
    record.save()
    assert load_record(tmp_path).entries == record.entries
    assert load_record(tmp_path).is_current("a.yaml", "inputs")


def test_changed_inputs_or_outputs_are_not_current(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes(b"drawing")
    record = Record(
        tmp_path / RECORD_NAME, {"a.yaml": Entry("inputs", {"a.png": digest_of(b"drawing")})}
    )
    assert not record.is_current("a.yaml", "other inputs")
    assert not record.is_current("b.yaml", "inputs")
    (tmp_path / "a.png").write_bytes(b"edited by hand")
    assert not record.is_current("a.yaml", "inputs")
    (tmp_path / "a.png").unlink()
    assert not record.is_current("a.yaml", "inputs")


def test_a_damaged_or_foreign_record_is_an_empty_one(tmp_path: Path) -> None:
    path = tmp_path / RECORD_NAME
    for content in (
        "{not json",
        "[]",
        json.dumps({"format": 99, "blueprints": {}}),
        '{"format": 1}',
        json.dumps(
            {"format": 1, "blueprints": {"a.yaml": {"inputs": "i", "outputs": {"../x": "d"}}}}
        ),
        json.dumps(
            {"format": 1, "blueprints": {"a.yaml": {"inputs": "i", "outputs": {"/etc/x": "d"}}}}
        ),
        json.dumps(
            {"format": 1, "blueprints": {"a.yaml": {"inputs": "i", "outputs": {"..": "d"}}}}
        ),
    ):
        path.write_text(content)
        assert load_record(tmp_path).entries == {}


def test_the_fingerprint_follows_every_input(tmp_path: Path) -> None:
    base, child = tmp_path / "base.yaml", tmp_path / "child.yaml"
    base.write_text("title: Base\n")
    child.write_text("extends: base\n")
    settings = {"formats": ["png"], "languages": []}
    first = fingerprint([child, base], settings)
    assert fingerprint([child, base], settings) == first
    assert fingerprint([child, base], {"formats": ["svg"], "languages": []}) != first
    base.write_text("title: Base, changed\n")
    assert fingerprint([child, base], settings) != first
