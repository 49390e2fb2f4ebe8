"""`arch-draw build` through the real CLI, on small blueprints in a temporary directory."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from generate import blueprint

from arch_draw.build.record import RECORD_NAME

from ..conftest import BLUEPRINTS, FIXTURES, run_cli
from ..test_images import SQUARE

TIER_1 = """\
languages: [en, ko]
title: {en: One, ko: 하나}
groups:
  vpc: {kind: vpc}
nodes:
  web: {type: ec2, in: vpc, label: {en: Web, ko: 웹}}
"""
TIER_2 = "extends: one\ntitle: {en: Two, ko: 둘}\nnodes:\n  db: {type: rds, in: vpc}\n"


def project(tmp_path: Path) -> Path:
    folder = tmp_path / "blueprints"
    folder.mkdir()
    (folder / "one.yaml").write_text(TIER_1, encoding="utf-8")
    (folder / "two.yaml").write_text(TIER_2, encoding="utf-8")
    shutil.copy(FIXTURES / "same-labels.yaml", folder / "other.yaml")
    return folder


def build(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return run_cli("build", *args, "-f", "svg", cwd=tmp_path, env=env)


def outputs(tmp_path: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in sorted((tmp_path / "output").iterdir())}


def test_build_draws_every_blueprint_in_each_language_and_records_it(tmp_path: Path) -> None:
    project(tmp_path)
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("3 blueprints: drew 3 (5 files) in ")
    assert result.stderr.endswith(" s, 0 current\n")
    assert sorted(outputs(tmp_path)) == [
        RECORD_NAME,
        "one.ko.svg",
        "one.svg",
        "other.svg",
        "two.ko.svg",
        "two.svg",
    ]
    record = json.loads((tmp_path / "output" / RECORD_NAME).read_text())
    assert sorted(record["blueprints"]) == ["one.yaml", "other.yaml", "two.yaml"]
    assert sorted(record["blueprints"]["one.yaml"]["outputs"]) == ["one.ko.svg", "one.svg"]


def test_a_second_build_draws_nothing(tmp_path: Path) -> None:
    project(tmp_path)
    build(tmp_path)
    before = outputs(tmp_path)
    result = build(tmp_path)
    assert (result.returncode, result.stderr) == (0, "3 blueprints: 3 current\n")
    assert outputs(tmp_path) == before


def test_changing_a_base_redraws_the_blueprints_that_extend_it(tmp_path: Path) -> None:
    folder = project(tmp_path)
    build(tmp_path)
    (folder / "one.yaml").write_text(
        TIER_1.replace("{en: Web, ko: 웹}", "{en: Web server, ko: 웹 서버}"), encoding="utf-8"
    )
    check = build(tmp_path, "--check")
    assert (check.returncode, check.stderr) == (
        1,
        "blueprints/one.yaml: drawings in output are stale or missing\n"
        "blueprints/two.yaml: drawings in output are stale or missing\n",
    )
    result = build(tmp_path, "-v")
    assert result.returncode == 0
    drawn = [line for line in result.stderr.splitlines() if ": drawn in " in line]
    assert sorted(line.split(":")[0] for line in drawn) == [
        "blueprints/one.yaml",
        "blueprints/two.yaml",
    ]
    assert "Web server" in (tmp_path / "output" / "two.svg").read_text(encoding="utf-8")
    assert build(tmp_path, "--check").returncode == 0


def test_check_draws_nothing_and_passes_when_current(tmp_path: Path) -> None:
    project(tmp_path)
    missing = build(tmp_path, "--check")
    assert missing.returncode == 1
    assert not (tmp_path / "output").exists()
    build(tmp_path)
    current = build(tmp_path, "--check")
    assert (current.returncode, current.stderr) == (0, "all 3 blueprints have current drawings\n")


def test_a_drawing_edited_by_hand_is_stale_and_redrawn(tmp_path: Path) -> None:
    project(tmp_path)
    build(tmp_path)
    (tmp_path / "output" / "one.ko.svg").write_text("edited")
    assert build(tmp_path, "--check").returncode == 1
    assert build(tmp_path).returncode == 0
    assert "웹" in (tmp_path / "output" / "one.ko.svg").read_text(encoding="utf-8")


def test_a_broken_blueprint_is_reported_and_the_others_are_drawn(tmp_path: Path) -> None:
    folder = project(tmp_path)
    (folder / "broken.yaml").write_text("title: Broken\nnodes:\n  a: {type: ec3}\n")
    result = build(tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "blueprints/broken.yaml:3:13: unknown node type 'ec3' (did you mean 'ec2' or 'ece' or 'eci'?)"
    )
    assert result.stderr.splitlines()[-1].endswith(", 0 current, 1 failed")
    assert "one.svg" in outputs(tmp_path)
    assert (
        "broken.yaml"
        not in json.loads((tmp_path / "output" / RECORD_NAME).read_text())["blueprints"]
    )
    assert build(tmp_path, "--check").returncode == 2


def test_an_unreadable_blueprint_is_reported_too(tmp_path: Path) -> None:
    folder = project(tmp_path)
    (folder / "cycle.yaml").write_text("extends: cycle\n")
    result = build(tmp_path)
    assert result.returncode == 2
    assert "blueprints/cycle.yaml:1:10: extends goes round in a circle" in result.stderr


def test_blueprints_whose_drawings_would_share_names_are_refused(tmp_path: Path) -> None:
    # Drawn anyway, one overwrote the other, the record listed one file under both, and
    # with a fresh cache (as in CI) --check failed every time.
    folder = project(tmp_path)
    shutil.copy(folder / "two.yaml", folder / "two.yml")  # both two.svg
    (folder / "one.ko.yaml").write_text("title: Own\n")  # one.ko.svg, like one.yaml's Korean
    result = build(tmp_path)
    assert result.returncode == 2
    *problems, summary = result.stderr.splitlines()
    assert problems == [
        "blueprints/one.ko.yaml: would be drawn to output/one.ko.svg, as blueprints/one.yaml"
        " is; rename one of them",
        "blueprints/one.yaml: would be drawn to output/one.ko.svg, as blueprints/one.ko.yaml"
        " is; rename one of them",
        "blueprints/two.yaml: would be drawn to output/two.svg, as blueprints/two.yml is;"
        " rename one of them",
        "blueprints/two.yml: would be drawn to output/two.svg, as blueprints/two.yaml is;"
        " rename one of them",
    ]
    assert re.fullmatch(
        r"5 blueprints: drew 1 \(1 file\) in [0-9.]+ s, 0 current, 4 failed", summary
    )
    assert sorted(outputs(tmp_path)) == [RECORD_NAME, "other.svg"]
    assert build(tmp_path, "--check").returncode == 2
    # In English only, one.yaml draws no one.ko.svg: only the two files clash.
    assert build(tmp_path, "-l", "en").stderr.count("would be drawn to") == 2


def test_a_blueprint_symlinked_out_of_the_directory_is_not_read(tmp_path: Path) -> None:
    # It was read and drawn, and its lines were quoted in messages: a pull request could
    # link a file of the machine's (a key, a config) and have CI print it.
    folder = project(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: [hunter2\n")
    (folder / "leak.yaml").symlink_to(secret)
    (folder / "alias.yaml").symlink_to("one.yaml")  # inside: drawn like any other
    result = build(tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        "blueprints/leak.yaml: a symlink leads it out of blueprints/; it is not read"
    )
    assert "hunter2" not in result.stderr
    assert {"alias.svg", "one.svg"} <= set(outputs(tmp_path))
    assert "hunter2" not in build(tmp_path, "--check").stderr


def test_blueprints_with_icons_of_their_own_are_built(tmp_path: Path) -> None:
    # Icons are prepared in a child process; in build, that is a child of the drawing
    # child, which multiprocessing refused ("daemonic processes are not allowed to have
    # children"). Found by tests/test_fuzz.py.
    folder = project(tmp_path)
    (folder / "icons").mkdir()
    (folder / "icons" / "mine.svg").write_bytes(SQUARE)
    (folder / "mine.yaml").write_text("title: Mine\nnodes:\n  n: {icon: icons/mine.svg}\n")
    result = build(tmp_path, "--force", "-f", "png")
    assert result.returncode == 0, result.stderr
    assert {"mine.svg", "mine.png"} <= set(outputs(tmp_path))


def test_drawings_of_a_deleted_blueprint_are_removed(tmp_path: Path) -> None:
    folder = project(tmp_path)
    build(tmp_path)
    (folder / "other.yaml").unlink()
    check = build(tmp_path, "--check")
    assert (check.returncode, check.stderr) == (
        1,
        "output: drawings of other.yaml, which is gone, are still there\n",
    )
    result = build(tmp_path)
    assert result.returncode == 0
    assert "removed output/other.svg (no longer drawn)" in result.stderr
    assert "other.svg" not in outputs(tmp_path)
    assert build(tmp_path, "--check").returncode == 0


def test_a_renamed_blueprint_keeps_its_drawing(tmp_path: Path) -> None:
    # y.yml drew the same y.svg as y.yaml before it (so it was not written again), and
    # then the drawings of the gone y.yaml were removed: y.svg went, and every later
    # build said it was current.
    folder = project(tmp_path)
    build(tmp_path)
    (folder / "other.yaml").rename(folder / "other.yml")
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "removed" not in result.stderr
    assert "other.svg" in outputs(tmp_path)
    assert build(tmp_path, "--check").returncode == 0


def test_drawings_changed_by_someone_else_are_never_removed(tmp_path: Path) -> None:
    folder = project(tmp_path)
    build(tmp_path)
    (tmp_path / "output" / "other.svg").write_text("kept: someone edited it")
    (folder / "other.yaml").unlink()
    build(tmp_path)
    assert (tmp_path / "output" / "other.svg").read_text() == "kept: someone edited it"


@pytest.mark.parametrize(
    "name",
    [
        "../victim.txt",  # outside the output directory
        "index.md",  # docs folders hold drawings beside pages: a record naming one removed it
    ],
)
def test_a_tampered_record_cannot_delete_what_is_no_drawing(tmp_path: Path, name: str) -> None:
    project(tmp_path)
    build(tmp_path)
    victim = tmp_path / "output" / name
    victim.write_text("precious")
    record_path = tmp_path / "output" / RECORD_NAME
    record = json.loads(record_path.read_text())
    # A commit claims a blueprint, now gone, drew the file, with its true hash.
    digest = hashlib.sha256(b"precious").hexdigest()
    record["blueprints"]["gone.yaml"] = {"inputs": "x", "outputs": {name: digest}}
    record_path.write_text(json.dumps(record))
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "precious"
    assert "gone.yaml" not in json.loads(record_path.read_text())["blueprints"]


def test_a_drawing_past_the_time_limit_fails_alone(tmp_path: Path) -> None:
    folder = project(tmp_path)
    # 2000 nodes take Graphviz over ten seconds; the three small blueprints a fraction.
    (folder / "huge.yaml").write_text(blueprint(2000, "Huge"), encoding="utf-8")
    result = build(tmp_path, "--timeout", "3")
    assert result.returncode == 3
    assert result.stderr.splitlines()[0] == (
        "blueprints/huge.yaml: took longer than 3 s to draw (--timeout)"
    )
    assert "huge.svg" not in outputs(tmp_path)
    assert {"one.svg", "two.svg", "other.svg"} <= set(outputs(tmp_path))
    record = json.loads((tmp_path / "output" / RECORD_NAME).read_text())
    assert sorted(record["blueprints"]) == ["one.yaml", "other.yaml", "two.yaml"]


def test_a_drawing_graphviz_crashes_on_is_drawn_another_way(tmp_path: Path) -> None:
    folder = project(tmp_path)
    shutil.copy(FIXTURES / "graphviz" / "compound-abort.yaml", folder)
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert {"one.svg", "two.svg", "other.svg", "compound-abort.svg"} <= set(outputs(tmp_path))
    assert (
        "blueprints/compound-abort.yaml: Graphviz: Warning: the usual layout failed;"
        " drawn with Graphviz's newer ranking, edges to groups ending inside them"
    ) in result.stderr.splitlines()


def test_force_redraws_everything(tmp_path: Path) -> None:
    project(tmp_path)
    build(tmp_path)
    result = build(tmp_path, "--force")
    assert result.stderr.startswith("3 blueprints: drew 3 (5 files)")


def test_languages_and_jobs(tmp_path: Path) -> None:
    project(tmp_path)
    result = build(tmp_path, "--lang", "ko", "-j", "1")
    assert result.returncode == 0, result.stderr
    assert sorted(outputs(tmp_path)) == [RECORD_NAME, "one.ko.svg", "two.ko.svg"]


def test_parallel_and_serial_builds_draw_the_same(tmp_path: Path) -> None:
    project(tmp_path)
    serial = tmp_path / "serial"
    serial.mkdir()
    shutil.copytree(tmp_path / "blueprints", serial / "blueprints")
    assert build(tmp_path, "-j", "2").returncode == 0
    assert build(serial, "-j", "1").returncode == 0
    for path in (tmp_path / "output").iterdir():
        assert path.read_bytes() == (serial / "output" / path.name).read_bytes()


def test_builds_into_one_directory_at_once_all_succeed(tmp_path: Path) -> None:
    # Each build deleted the others' temporaries: about one run in ten failed with
    # "cannot write output/.arch-draw-build.json: No such file or directory".
    folder = project(tmp_path)
    command = [sys.executable, "-m", "arch_draw", "build", "-f", "svg", "-j", "1"]
    for round_number in range(6):
        (folder / "other.yaml").write_text(f"title: Round {round_number}\n")
        builds = [
            subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE, text=True)
            for _ in range(3)
        ]
        results = [(process.wait(timeout=120), process.communicate()[1]) for process in builds]
        assert [code for code, _ in results] == [0, 0, 0], results
        assert build(tmp_path, "--check").returncode == 0
    assert not list((tmp_path / "output").glob(".*.tmp"))


def test_a_build_waits_for_one_already_drawing_into_its_directory(tmp_path: Path) -> None:
    from arch_draw.write import locked

    project(tmp_path)
    with locked(tmp_path / "output", lambda: None):  # as a running build holds it
        waiting = subprocess.Popen(
            [sys.executable, "-m", "arch_draw", "build", "-f", "svg"],
            cwd=tmp_path,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert waiting.stderr is not None
        assert waiting.stderr.readline() == "waiting for another build into output to finish\n"
        assert waiting.poll() is None
        assert not (tmp_path / "output").exists()
    assert waiting.wait(timeout=120) == 0
    assert waiting.stderr.read().startswith("3 blueprints: drew 3")
    waiting.stderr.close()


def test_no_progress_lines_in_logs(tmp_path: Path) -> None:
    project(tmp_path)
    result = build(tmp_path, env={"CI": "true"})
    assert "\r" not in result.stderr
    assert "\033" not in result.stderr


def test_a_missing_blueprint_directory(tmp_path: Path) -> None:
    result = run_cli("build", "nowhere", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (2, "nowhere: no such directory of blueprints\n")


def test_a_blueprint_directory_symlinked_out_of_the_checkout_is_not_read(tmp_path: Path) -> None:
    # `blueprints -> ../private` made build (and the pre-commit hook) read the files
    # there and quote their keys in messages.
    private, checkout = tmp_path / "private", tmp_path / "checkout"
    private.mkdir()
    checkout.mkdir()
    (private / "keys.yaml").write_text("aws_secret_access_key: hunter2\n")
    (checkout / "blueprints").symlink_to(private)
    for check in ((), ("--check",)):
        result = run_cli("build", *check, cwd=checkout)
        assert result.returncode == 2
        assert result.stderr == (
            "blueprints: a symlink leads this directory of blueprints out of the current"
            f" directory, to {private}; give its absolute path to read it on purpose\n"
        )
    assert run_cli("build", private, "-f", "svg", cwd=checkout).returncode == 2  # read: invalid


def test_the_shipped_gallery_is_current(tmp_path: Path) -> None:
    """The committed drawings and record match the blueprints, as `build --check` sees it."""
    result = run_cli(
        "build",
        BLUEPRINTS,
        "-o",
        BLUEPRINTS.parent / "output",
        "--changes",
        "--check",
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (0, "all 7 blueprints have current drawings\n")


def test_progress_is_shown_on_a_terminal(tmp_path: Path) -> None:
    """With stderr on a pseudo-terminal (and not in CI), each finished blueprint is shown."""
    project(tmp_path)
    controller, terminal = os.openpty()
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    process = subprocess.Popen(
        [sys.executable, "-m", "arch_draw", "build", "-f", "svg"],
        cwd=tmp_path,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
    )
    os.close(terminal)
    shown = b""
    with contextlib.suppress(OSError):  # reading ends with EIO once the child is gone
        while chunk := os.read(controller, 4096):
            shown += chunk
    os.close(controller)
    assert process.wait(timeout=120) == 0
    text = shown.decode("utf-8")
    assert "\r\033[K[1/3] blueprints/" in text
    assert "\r\033[K[3/3] blueprints/" in text


def test_without_a_usable_cache_a_build_leaves_no_folders_behind(tmp_path: Path) -> None:
    # Each build left two arch-draw-cache-* folders in the temporary directory.
    project(tmp_path)
    (tmp_path / "a-file").write_text("not a folder")
    (tmp_path / "tmp").mkdir()
    env = {"ARCH_DRAW_CACHE": str(tmp_path / "a-file" / "cache"), "TMPDIR": str(tmp_path / "tmp")}
    for _ in range(2):
        result = build(tmp_path, "--force", env=env)
        assert result.returncode == 0, result.stderr
    assert list((tmp_path / "tmp").iterdir()) == []


def test_build_v_prints_each_drawings_layout_score(tmp_path: Path) -> None:
    project(tmp_path)
    result = build(tmp_path, "-v")
    assert result.returncode == 0, result.stderr
    scores = sorted(line for line in result.stderr.splitlines() if "icon squares per node" in line)
    assert [line.split(": ")[0] for line in scores] == [
        "blueprints/one.yaml",
        "blueprints/one.yaml",
        "blueprints/other.yaml",
        "blueprints/two.yaml",
        "blueprints/two.yaml",
    ]
    assert scores[0].startswith("blueprints/one.yaml: (ko) 0 crossings, 0 edges through nodes,")
    assert "icon squares per node" not in build(tmp_path, "--force").stderr  # -v only
