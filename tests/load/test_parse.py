from __future__ import annotations

import os
from pathlib import Path

import pytest
from generate import billion_laughs, doubled_merges

from arch_draw.errors import BlueprintError
from arch_draw.limits import Limits
from arch_draw.load import Mark, load_bytes, load_file, load_text


def problems(text: str) -> list[str]:
    with pytest.raises(BlueprintError) as caught:
        load_text(text, "bp.yaml")
    return caught.value.lines()


def test_values_keep_their_positions() -> None:
    document = load_text("title: T\nnodes:\n  web: {type: ec2}\n", "bp.yaml")
    assert document.data == {"title": "T", "nodes": {"web": {"type": "ec2"}}}
    assert document.mark(("nodes", "web", "type")) == Mark(3, 15)
    assert document.key_mark(("nodes", "web")) == Mark(3, 3)
    assert document.mark(("nodes", "web", "missing", "deeper")) == Mark(3, 8)


def test_yaml_12_core_types_keep_words_and_times_as_text() -> None:
    document = load_text(
        "a: no\nb: on\nc: 12:30\nd: 2020-01-01\ne: true\nf: 0o17\ng: 1.5\nh: ~\n", "x"
    )
    assert document.data == {
        "a": "no",
        "b": "on",
        "c": "12:30",
        "d": "2020-01-01",
        "e": True,
        "f": 15,
        "g": 1.5,
        "h": None,
    }


def test_keys_are_always_text() -> None:
    assert load_text("1: a\ntrue: b\n", "x").data == {"1": "a", "true": "b"}


def test_merge_keys_fill_in_what_the_mapping_does_not_say() -> None:
    text = "base: &base {kind: vpc, label: VPC}\ng:\n  <<: *base\n  label: Main VPC\n"
    document = load_text(text, "x")
    assert document.data["g"] == {"kind": "vpc", "label": "Main VPC"}
    assert document.mark(("g", "label")) == Mark(4, 10)
    assert document.mark(("g", "kind")) == Mark(1, 20)


def test_duplicate_keys_are_errors() -> None:
    assert problems("nodes:\n  web: {type: ec2}\n  web: {type: rds}\n") == [
        "bp.yaml:3:3: duplicate key 'web' (first at 2:3)"
    ]


def test_python_tags_are_refused() -> None:
    assert problems("title: !!python/object/apply:os.system [ls]\n") == [
        "bp.yaml:1:8: YAML tag !!python/object/apply:os.system is not allowed; use plain values"
    ]


def test_custom_and_binary_tags_are_refused() -> None:
    assert problems("a: !secret x\nb: !!binary aGk=\n") == [
        "bp.yaml:1:4: YAML tag !secret is not allowed; use plain values",
        "bp.yaml:2:4: YAML tag !!binary is not allowed; use plain values",
    ]


def test_syntax_errors_have_positions() -> None:
    assert problems("title: [unclosed\nnodes: {}\n") == [
        "bp.yaml:2:6: YAML syntax error: did not find expected ',' or ']'"
    ]


def test_bad_explicit_scalars() -> None:
    assert problems("a: !!int twelve\n") == ["bp.yaml:1:4: 'twelve' is not a valid !!int"]


def test_empty_file() -> None:
    assert problems("") == ["bp.yaml:1:1: the blueprint is empty"]
    assert problems("# only a comment\n") == ["bp.yaml:1:1: the blueprint is empty"]


def test_billion_laughs_is_refused_at_the_value_budget() -> None:
    # How fast, and in how little memory, is measured by benchmarks/run.py (hostile).
    assert problems(billion_laughs()) == [
        "bp.yaml:1:11: the file expands to more than 100000 values, following its YAML"
        " aliases and merges (--limit values=N raises the limit)"
    ]


def test_the_value_budget_can_be_changed() -> None:
    text = "a: [" + ", ".join(["x"] * 20) + "]\n"
    with pytest.raises(BlueprintError) as caught:
        load_text(text, "bp.yaml", Limits(values=10))
    assert caught.value.lines() == [
        "bp.yaml:1:29: the file expands to more than 10 values, following its YAML aliases"
        " and merges (--limit values=N raises the limit)"
    ]
    assert load_text(text, "bp.yaml", Limits(values=22)).data == {"a": ["x"] * 20}


def test_recursive_alias_is_refused() -> None:
    assert problems("a: &a [*a]\nb: &b {c: [*b]}\n") == [
        "bp.yaml:1:4: an alias here leads back into this value itself, endlessly",
        "bp.yaml:2:4: an alias here leads back into this value itself, endlessly",
    ]


def test_doubled_merges_are_refused_at_the_value_budget() -> None:
    # Merges used to cost nothing: 40 levels of this ran for days (2**40 merges).
    assert len(doubled_merges(40)) < 1200
    assert problems(doubled_merges(40)) == [
        "bp.yaml:2:5: the file expands to more than 100000 values, following its YAML"
        " aliases and merges (--limit values=N raises the limit)"
    ]
    # Each merged mapping counts as one value, as an alias to it would.
    assert load_text(doubled_merges(3), "x", Limits(values=30)).data["x3"] == {}
    with pytest.raises(BlueprintError):
        load_text(doubled_merges(3), "x", Limits(values=20))


def test_merges_that_lead_back_into_themselves_are_refused() -> None:
    assert problems("web: &w {type: ec2, <<: *w}\nl: &l [{<<: *l}]\n") == [
        "bp.yaml:1:6: '<<' merges a mapping into itself, endlessly",
        "bp.yaml:2:8: '<<' merges a mapping into itself, endlessly",
    ]


def test_merge_chains_count_as_nesting() -> None:
    lines = ["m0: &m0 {k: v}"] + [f"m{i}: &m{i} {{<<: *m{i - 1}}}" for i in range(1, 80)]
    assert problems("\n".join(lines) + "\n") == [
        "bp.yaml:1:13: values are nested more than 64 levels deep"
        " (--limit depth=N raises the limit)"
    ]


def test_numbers_too_long_to_mean_anything_are_refused() -> None:
    # Python refused to print the hex one (4,800 decimal digits): an internal error.
    assert problems("version: 0x" + "f" * 4000 + "\nlabel: " + "9" * 41 + "\n") == [
        "bp.yaml:1:10: a number of 4002 characters; no value of a blueprint needs more"
        " than 40 (put text in quotes)",
        "bp.yaml:2:8: a number of 41 characters; no value of a blueprint needs more"
        " than 40 (put text in quotes)",
    ]
    assert load_text("a: " + "9" * 40 + "\n", "x").data == {"a": int("9" * 40)}


def test_deep_nesting_is_refused() -> None:
    assert problems("a: " + "[" * 70 + "]" * 70 + "\n") == [
        "bp.yaml:1:68: values are nested more than 64 levels deep"
        " (--limit depth=N raises the limit)"
    ]
    assert load_text("a: [[[]]]\n", "bp.yaml", Limits(depth=3)).data == {"a": [[[]]]}
    with pytest.raises(BlueprintError):
        load_text("a: [[[]]]\n", "bp.yaml", Limits(depth=2))


def test_binary_files_are_refused() -> None:
    with pytest.raises(BlueprintError) as caught:
        load_bytes(b"title: x\n\x00\x01", "img.png")
    assert caught.value.lines() == [
        "img.png:2:1: this is a binary file (it contains NUL bytes), not YAML"
    ]


def test_invalid_utf8_is_located() -> None:
    with pytest.raises(BlueprintError) as caught:
        load_bytes("title: 사용자\nlabel: caf\xe9\n".encode()[:-3] + b"\xe9\n", "bp.yaml")
    assert caught.value.lines() == ["bp.yaml:2:11: not valid UTF-8 (byte 0xe9)"]


def test_byte_order_mark_is_accepted() -> None:
    assert load_bytes(b"\xef\xbb\xbftitle: x\n", "bp.yaml").data == {"title": "x"}


def test_control_characters_are_refused() -> None:
    with pytest.raises(BlueprintError) as caught:
        load_bytes(b"title: a\x07b\n", "bp.yaml")
    assert caught.value.lines() == ["bp.yaml:1:9: character U+0007 is not allowed"]


def test_oversized_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"title: T\n" + b"#" * 2_000_000)
    with pytest.raises(BlueprintError) as caught:
        load_file(path, "big.yaml")
    assert caught.value.lines() == [
        "big.yaml:1:1: the file is larger than 1048576 bytes, the limit for a blueprint"
        " (--limit file-bytes=N raises it)"
    ]
    assert load_file(path, "big.yaml", Limits(file_bytes=3_000_000)).data == {"title": "T"}


def test_missing_file_and_directory(tmp_path: Path) -> None:
    for path, message in (
        (tmp_path / "nope.yaml", "no such file"),
        (tmp_path, "is a directory, not a blueprint file"),
    ):
        with pytest.raises(BlueprintError) as caught:
            load_file(path, "shown.yaml")
        assert caught.value.lines() == [f"shown.yaml:1:1: {message}"]


def test_pipes_and_devices_are_refused_without_waiting(tmp_path: Path) -> None:
    # Opening a named pipe waited for a writer forever; /dev/zero never ends.
    os.mkfifo(tmp_path / "pipe.yaml")
    for path, message in (
        (tmp_path / "pipe.yaml", "is a named pipe, not a blueprint file"),
        (Path("/dev/zero"), "is a character device, not a blueprint file"),
        (Path("/dev/null"), "is a character device, not a blueprint file"),
    ):
        with pytest.raises(BlueprintError) as caught:
            load_file(path, "shown.yaml")
        assert caught.value.lines() == [f"shown.yaml:1:1: {message}"]


def problems_as_nobody(path: Path) -> list[str]:
    """load_file's messages for `path`, read by a child that is not root.

    Root reads any file, and CI runs as root: the child gives root up so that the
    permission bits hold, and sends its messages back through a pipe.
    """
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's report is what the test checks
        report = "the child failed"
        try:
            os.chdir(path.parent)  # a relative name: only this folder must let nobody in
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            load_file(Path(path.name), path.name)
            report = "read"
        except BlueprintError as error:
            report = "\n".join(error.lines())
        finally:  # never return into pytest's loop in the child
            os.write(writing, report.encode())
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        report = pipe.read().decode()
    os.waitpid(child, 0)
    return report.splitlines()


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("title: x\n")
    path.chmod(0)
    tmp_path.chmod(0o755)
    assert problems_as_nobody(path) == [
        "secret.yaml:1:1: permission denied: the file cannot be read"
    ]
    path.chmod(0o644)
    assert problems_as_nobody(path) == ["read"]  # the same child reads a readable file
