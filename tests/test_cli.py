from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from generate import blueprint as synthetic

from arch_draw import __version__
from arch_draw.schema import schema_text

from .conftest import BLUEPRINTS, FIXTURES, live_members, run_cli, wait_until

DRAW_IN_PROCESS = """
import sys
from pathlib import Path

from arch_draw.pipeline import draw, load_blueprint
draw(load_blueprint(Path(sys.argv[1])), ("svg",))
"""
TYPO = """\
title: Typo
nodes:
  web: {type: ec2, lable: Web}
  db: {type: rsd}
edges:
  query: {from: web, to: dbb}
"""
TYPO_ERRORS = (
    "typo.yaml:3:20: unknown key 'lable' in nodes.web (did you mean 'label'?)\n"
    "typo.yaml:4:14: unknown node type 'rsd' (did you mean 'rds' or 'rs'?)\n"
    "typo.yaml:6:26: unknown node or group 'dbb' (did you mean 'db'?)\n"
)


def test_render_writes_png_and_svg_into_output(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    result = run_cli("render", "same-labels.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "wrote output/same-labels.png\nwrote output/same-labels.svg\n"
    assert (tmp_path / "output" / "same-labels.png").read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in (tmp_path / "output" / "same-labels.svg").read_bytes()


def test_second_render_reports_unchanged_files(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    run_cli("render", "same-labels.yaml", "-f", "dot", cwd=tmp_path)
    result = run_cli("render", "same-labels.yaml", "-f", "dot", cwd=tmp_path)
    assert result.stderr == "unchanged output/same-labels.dot\n"


def test_a_typo_is_reported_with_positions_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "typo.yaml").write_text(TYPO)
    result = run_cli("render", "typo.yaml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", TYPO_ERRORS)
    assert not (tmp_path / "output").exists()


def test_invalid_input_leaves_earlier_drawings_untouched(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    (output / "typo.svg").write_text("earlier drawing")
    (tmp_path / "typo.yaml").write_text(TYPO)
    result = run_cli("render", "typo.yaml", "-f", "svg", cwd=tmp_path)
    assert result.returncode == 2
    assert [p.name for p in output.iterdir()] == ["typo.svg"]
    assert (output / "typo.svg").read_text() == "earlier drawing"


def test_errors_of_every_file_are_reported_and_nothing_is_drawn(tmp_path: Path) -> None:
    (tmp_path / "typo.yaml").write_text(TYPO)
    (tmp_path / "empty.yaml").write_text("")
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    result = run_cli(
        "render", "same-labels.yaml", "typo.yaml", "empty.yaml", "missing.yaml", cwd=tmp_path
    )
    assert result.returncode == 2
    assert result.stderr == (
        "empty.yaml:1:1: the blueprint is empty\nmissing.yaml:1:1: no such file\n" + TYPO_ERRORS
    )
    assert not (tmp_path / "output").exists()


def test_validate_reports_without_drawing(tmp_path: Path) -> None:
    (tmp_path / "typo.yaml").write_text(TYPO)
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    ok = run_cli("validate", "same-labels.yaml", cwd=tmp_path)
    assert (ok.returncode, ok.stderr) == (0, "same-labels.yaml: valid\n")
    bad = run_cli("validate", "same-labels.yaml", "typo.yaml", cwd=tmp_path)
    assert (bad.returncode, bad.stderr) == (2, TYPO_ERRORS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["same-labels.yaml", "typo.yaml"]


def test_validate_verbose_says_what_each_blueprint_holds(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    (tmp_path / "child.yaml").write_text("extends: same-labels\ntitle: Child\n")
    result = run_cli("validate", "-v", "child.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        0,
        "child.yaml: valid\n"
        "  2 groups, 2 nodes, 1 edge, 0 notes; in en; read from child.yaml, same-labels.yaml\n",
    )


def test_every_command_takes_quiet_and_verbose() -> None:
    from arch_draw.cli import main

    lacking = [
        name
        for name, command in sorted(main.commands.items())
        if not {"quiet", "verbose"} <= {parameter.name for parameter in command.params}
    ]
    assert lacking == []


def test_icons_verbose_and_quiet(tmp_path: Path) -> None:
    shown = run_cli("icons", "-v", "eni", "--provider", "aws", cwd=tmp_path)
    assert shown.stdout == (
        "aws.network.VPCElasticNetworkInterface  vpcelasticnetworkinterface,"
        " aws.vpcelasticnetworkinterface  (people say: network interface,"
        " elastic network interface, eni)\n"
    )
    quiet = run_cli("icons", "-q", "zzzz", cwd=tmp_path)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_limits_are_set_on_the_command_line(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    expected = [
        "same-labels.yaml:1:8: title is 25 characters long; the limit is 7"
        " (--limit label=N raises it)",
        "same-labels.yaml:3:32: groups.left.label is 8 characters long; the limit is 7"
        " (--limit label=N raises it)",
        "same-labels.yaml:4:33: groups.right.label is 8 characters long; the limit is 7"
        " (--limit label=N raises it)",
        "same-labels.yaml:5:1: the blueprint draws 2 nodes; the limit is 1"
        " (--limit nodes=N raises it)",
    ]
    for command in ("validate", "render", "build"):
        target = "." if command == "build" else "same-labels.yaml"
        low = run_cli(command, target, "--limit", "nodes=1", "--limit", "label=7", cwd=tmp_path)
        assert low.returncode == 2, command
        assert low.stderr.splitlines()[:4] == expected, command
    assert not (tmp_path / "output").exists()
    wrong = run_cli("validate", "same-labels.yaml", "--limit", "nodez=1", cwd=tmp_path)
    assert (wrong.returncode, wrong.stderr) == (
        2,
        "--limit nodez=1: no limit named 'nodez' (did you mean 'nodes' or 'note'?)\n",
    )


def test_a_drawing_past_the_time_limit_is_stopped_and_nothing_written(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    # No drawing is done in a millisecond, in a child process or anywhere else.
    result = run_cli("render", "same-labels.yaml", "--timeout", "0.001", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        3,
        "same-labels.yaml: took longer than 0.001 s to draw (--timeout)\n",
    )
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize(
    "seconds", ["0", "-1", "inf", "1e308", "nan", "86401", "soon", "\u0661\u0660", "1_0"]
)
def test_time_limits_must_be_seconds_a_clock_can_reach(tmp_path: Path, seconds: str) -> None:
    # inf and 1e308 overflowed the deadline (an internal error); nan never timed out.
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    result = run_cli("render", "same-labels.yaml", "--timeout", seconds, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--timeout': '{seconds}' is not a number of seconds"
        " above 0 and up to 86400"
    )
    assert not (tmp_path / "output").exists()


def test_a_blueprint_graphviz_aborts_on_is_drawn_another_way(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "graphviz" / "compound-abort.yaml", tmp_path)
    # The premise: drawn the usual way, in this process, Graphviz aborts it.
    usual = subprocess.run(
        [sys.executable, "-c", DRAW_IN_PROCESS, "compound-abort.yaml"],
        cwd=tmp_path,
        capture_output=True,
        check=False,
    )
    assert usual.returncode == -signal.SIGABRT
    result = run_cli("render", "compound-abort.yaml", "-f", "svg", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        "compound-abort.yaml: Graphviz: Warning: the usual layout failed; drawn with"
        " Graphviz's newer ranking, edges to groups ending inside them\n"
        "wrote output/compound-abort.svg\n"
    )
    svg = (tmp_path / "output" / "compound-abort.svg").read_text()
    assert svg.count('<g id="edge') == 1


def test_quiet_and_verbose(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    quiet = run_cli("render", "same-labels.yaml", "-q", "-f", "svg", cwd=tmp_path)
    assert (quiet.returncode, quiet.stderr) == (0, "")
    verbose = run_cli("render", "same-labels.yaml", "-v", "-f", "svg", "-o", "v", cwd=tmp_path)
    lines = verbose.stderr.splitlines()
    assert lines[0].startswith("same-labels.yaml: drawn in ")
    assert lines[0].endswith(" s")
    assert lines[1:] == ["wrote v/same-labels.svg"]


def test_formats_and_output_directory(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    result = run_cli(
        "render", "same-labels.yaml", "-o", "docs/img", "-f", "pdf", "-f", "dot", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "docs" / "img").iterdir()) == [
        "same-labels.dot",
        "same-labels.pdf",
    ]


def test_an_output_directory_symlinked_out_of_the_checkout_is_refused(tmp_path: Path) -> None:
    checkout, elsewhere = tmp_path / "checkout", tmp_path / "home"
    checkout.mkdir()
    elsewhere.mkdir()
    shutil.copy(FIXTURES / "same-labels.yaml", checkout)
    (checkout / "output").symlink_to(elsewhere)  # what a pull request can commit
    for command in (["render", "same-labels.yaml"], ["watch", "same-labels.yaml"], ["build", "."]):
        result = run_cli(*command, cwd=checkout)
        assert (result.returncode, result.stdout) == (2, "")
        assert result.stderr == (
            "output: a symlink leads this output directory out of the current directory,"
            f" to {elsewhere}; give its absolute path to write there on purpose\n"
        )
    assert not any(elsewhere.iterdir())
    result = run_cli("render", "same-labels.yaml", "-o", elsewhere, cwd=checkout)
    assert result.returncode == 0, result.stderr
    (checkout / "output").unlink()
    (checkout / "output").symlink_to(checkout / "docs", target_is_directory=True)
    (checkout / "docs").mkdir()
    result = run_cli("render", "same-labels.yaml", "-o", "output", cwd=checkout)
    assert result.returncode == 0, result.stderr  # a symlink within the checkout is fine
    assert (checkout / "docs" / "same-labels.svg").is_file()


def test_unknown_format_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("render", "x.yaml", "-f", "gif", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        "Invalid value for '-f' / '--format': 'gif' is not one of 'png', 'svg', 'pdf', 'dot', 'drawio'."
        in result.stderr
    )


def test_two_blueprints_with_one_name_are_refused(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(FIXTURES / "same-labels.yaml", tmp_path / folder / "x.yaml")
    result = run_cli("render", "a/x.yaml", "b/x.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "a/x.yaml and b/x.yaml would both be drawn to output/x.png; rename one of them\n",
    )
    assert not (tmp_path / "output").exists()


def test_a_character_without_a_font_fails_the_drawing_not_the_input(tmp_path: Path) -> None:
    (tmp_path / "bp.yaml").write_text("title: T\ncaption: \u0378\n", encoding="utf-8")
    result = run_cli("render", "bp.yaml", cwd=tmp_path)
    assert result.returncode == 3
    assert result.stderr.startswith("bp.yaml:2:10: no installed font has the characters '\u0378'")
    assert not (tmp_path / "output").exists()
    svg_only = run_cli("render", "bp.yaml", "-f", "svg", cwd=tmp_path)
    assert svg_only.returncode == 0, svg_only.stderr


def test_schema_prints_the_shipped_schema(tmp_path: Path) -> None:
    result = run_cli("schema", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == schema_text()
    assert json.loads(result.stdout)["title"] == "arch-draw blueprint, version 1"


def test_version_names_the_drawing_libraries(tmp_path: Path) -> None:
    result = run_cli("--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(f"arch-draw {__version__}, diagrams 0.25.")
    assert ", pygraphviz 2.0." in result.stdout


def test_help_has_examples_and_exit_codes(tmp_path: Path) -> None:
    for command in ((), ("render",), ("validate",)):
        result = run_cli(*command, "--help", cwd=tmp_path)
        assert result.returncode == 0
        assert "Example" in result.stdout
        assert "2  invalid input" in result.stdout or command == ()


def test_the_console_script_is_installed(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "arch-draw"
    result = run_cli("--version", cwd=tmp_path)
    assert script.is_file()
    assert result.returncode == 0


def test_the_shipped_blueprints_are_valid(tmp_path: Path) -> None:
    result = run_cli("validate", *sorted(BLUEPRINTS.glob("*.yaml")), "-q", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")


def test_never_runs_dot_or_an_image_viewer(tmp_path: Path) -> None:
    """`diagrams` would run `dot` per format and may open a viewer: arch-draw must do neither."""
    decoys = tmp_path / "bin"
    decoys.mkdir()
    for program in ("dot", "xdg-open", "open", "display", "eog"):
        decoy = decoys / program
        decoy.write_text(f"#!/bin/sh\ntouch {tmp_path}/ran-{program}\nexit 1\n")
        decoy.chmod(0o755)
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    env = {"PATH": str(decoys), "HOME": str(tmp_path)}
    result = run_cli(
        "render", "same-labels.yaml", "-f", "png", "-f", "svg", "-f", "pdf", cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("ran-")) == []


def test_a_machine_without_fonts_gets_told_instead_of_empty_boxes(tmp_path: Path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text(
        f"<?xml version='1.0'?>\n<fontconfig><cachedir>{tmp_path}/cache</cachedir></fontconfig>\n"
    )
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    result = run_cli(
        "render", "same-labels.yaml", cwd=tmp_path, env={"FONTCONFIG_FILE": str(config)}
    )
    assert result.returncode == 3
    assert result.stderr.startswith(
        "same-labels.yaml:1:8: no installed font has the characters 'Twogrupsithn...'"
    )
    assert not (tmp_path / "output").exists()


def test_a_file_named_twice_is_drawn_once(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    result = run_cli("render", "same-labels.yaml", "same-labels.yaml", "-f", "svg", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "wrote output/same-labels.svg\n")


def test_render_in_several_languages(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "bilingual.yaml", tmp_path)
    result = run_cli(
        "render", "bilingual.yaml", "--lang", "en", "-l", "ko", "-f", "svg", cwd=tmp_path
    )
    assert (result.returncode, result.stderr) == (
        0,
        "wrote output/bilingual.svg\nwrote output/bilingual.ko.svg\n",
    )
    assert "웹 서버" in (tmp_path / "output" / "bilingual.ko.svg").read_text(encoding="utf-8")


def test_pipes_and_devices_are_refused_not_waited_on(tmp_path: Path) -> None:
    # render and validate of a named pipe blocked forever (run_cli gives up after 120 s).
    os.mkfifo(tmp_path / "pipe.yaml")
    expected = (
        "/dev/zero:1:1: is a character device, not a blueprint file\n"
        "pipe.yaml:1:1: is a named pipe, not a blueprint file\n"
    )
    for command in ("validate", "render"):
        result = run_cli(command, "pipe.yaml", "/dev/zero", cwd=tmp_path)
        assert (result.returncode, result.stderr) == (2, expected), command
    assert not (tmp_path / "output").exists()


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP])
def test_a_stopped_render_ends_its_children_and_leaves_nothing(tmp_path: Path, stop: int) -> None:
    # SIGTERM ended the command on the spot: its drawing child went on, and one with a
    # result over 64 KiB blocked for ever writing it, keeping the caller's stdout open.
    (tmp_path / "big.yaml").write_text(synthetic(300))
    (tmp_path / "tmp").mkdir()
    command = [sys.executable, "-m", "arch_draw", "render", "big.yaml", "-f", "png"]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        env={**os.environ, "TMPDIR": str(tmp_path / "tmp")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert wait_until(lambda: len(live_members(process.pid)) >= 2, 60)  # drawing now
        for _ in range(3):  # more signals came during the clean-up, and cut it short
            process.send_signal(stop)
            time.sleep(0.002)
        stdout, stderr = process.communicate(timeout=30)  # no child holds stdout open
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    name = signal.Signals(stop).name
    assert (process.returncode, stdout, stderr) == (
        128 + stop,
        b"",
        f"stopped by {name}\n".encode(),
    )
    assert wait_until(lambda: not live_members(process.pid))
    assert list((tmp_path / "tmp").iterdir()) == []  # the child's temporary folder too
    assert not (tmp_path / "output").exists()


def test_a_blueprint_a_symlink_leads_out_of_the_checkout_is_not_read(tmp_path: Path) -> None:
    # A committed link `blueprints/leak.yaml -> ~/.ssh/config` had validate (and the
    # pre-commit hook) quote the file's lines in its messages.
    secret, checkout = tmp_path / "secret.yaml", tmp_path / "checkout"
    secret.write_text("Host: hunter2\n")
    checkout.mkdir()
    (checkout / "leak.yaml").symlink_to(secret)
    for command in ("validate", "render"):
        result = run_cli(command, "leak.yaml", cwd=checkout)
        assert (result.returncode, result.stderr) == (
            2,
            f"leak.yaml:1:1: a symlink leads this blueprint out of the current directory, to"
            f" {secret}; give its absolute path to read it on purpose\n",
        )
    assert "unknown key 'Host'" in run_cli("validate", secret, cwd=checkout).stderr  # a choice


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path) -> None:
    # `arch-draw icons | head -1` ended with "internal error: BrokenPipeError".
    for command in (["icons"], ["suggest", "--users", "5"], ["schema"]):
        process = subprocess.Popen(
            [sys.executable, "-m", "arch_draw", *command],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert process.stdout is not None
        process.stdout.readline()
        process.stdout.close()  # as `head -1` does
        _, stderr = process.communicate(timeout=60)
        assert (process.returncode, stderr) in ((141, b""), (0, b"")), command


@pytest.mark.parametrize("command", [["schema"], ["--version"], ["icons", "s3"]])
def test_a_full_disk_on_standard_output_is_a_message(tmp_path: Path, command: list[str]) -> None:
    # `schema >/dev/full` and `--version >/dev/full` ended with a Python traceback.
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "arch_draw", *command],
            cwd=tmp_path,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    assert (result.returncode, result.stderr) == (
        3,
        "cannot write to standard output: No space left on device\n",
    )


def test_new_without_a_name_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("new", "", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "new: '.' names no file; give the blueprint a name, e.g. shop\n",
    )


K33 = (
    "title: K33\nnodes:\n"
    + "".join(f"  {side}{number}: {{type: ec2}}\n" for side in "ab" for number in range(3))
    + "edges:\n"
    + "".join(f"  e{a}{b}: {{from: a{a}, to: b{b}}}\n" for a in range(3) for b in range(3))
)


def test_lint_names_each_defect_and_sums_each_drawing_up(tmp_path: Path) -> None:
    (tmp_path / "k33.yaml").write_text(K33)
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path / "tidy.yaml")
    result = run_cli("lint", "k33.yaml", "tidy.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    *defects, k33, tidy = result.stdout.splitlines()
    assert defects
    assert all(
        re.fullmatch(r"k33\.yaml: edge 'e\d\d' crosses edge 'e\d\d'( \d times)?", line)
        for line in defects
    )
    crossings = re.match(r"k33\.yaml: (\d+) crossings, 0 edges through nodes, ", k33)
    assert crossings is not None
    assert int(crossings[1]) >= 9
    assert tidy.startswith("tidy.yaml: 0 crossings, 0 edges through nodes, 0 labels overlapped,")
    assert not (tmp_path / "output").exists()  # nothing drawn


def test_lint_strict_fails_on_a_defect_for_documentation_ci(tmp_path: Path) -> None:
    (tmp_path / "k33.yaml").write_text(K33)
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path / "tidy.yaml")
    assert run_cli("lint", "k33.yaml", "--strict", cwd=tmp_path).returncode == 1
    tidy = run_cli("lint", "tidy.yaml", "--strict", "-q", cwd=tmp_path)
    assert (tidy.returncode, tidy.stdout.count("\n")) == (0, 1)  # -q: the summary only
    (tmp_path / "typo.yaml").write_text("title: T\nnodes:\n  a: {type: ec3}\n")
    typo = run_cli("lint", "typo.yaml", "k33.yaml", cwd=tmp_path)
    assert (typo.returncode, typo.stdout) == (2, "")
    assert typo.stderr == (
        "typo.yaml:3:13: unknown node type 'ec3' (did you mean 'ec2' or 'ece' or 'eci'?)\n"
    )


def test_drawing_and_linting_print_nothing_of_graphviz_s_notes(tmp_path: Path) -> None:
    # Laying a drawing out for what arch-draw adds after layout, Graphviz's JSON writer
    # noted on stderr, for every icon, that it does not load images.
    blueprint = FIXTURES / "group-edges.yaml"
    drawn = run_cli("render", blueprint, "-o", tmp_path, "-q", cwd=tmp_path)
    assert (drawn.returncode, drawn.stderr) == (0, "")
    linted = run_cli("lint", blueprint, cwd=tmp_path)
    assert (linted.returncode, linted.stderr) == (0, "")


BROKEN_CATALOGUE = """
import sys

import arch_draw.catalog


def broken():
    raise KeyError("boom")


arch_draw.catalog.load_catalog = broken
from arch_draw.cli import main

sys.argv = ["arch-draw", "icons", "queue", *sys.argv[1:]]
main()
"""


def test_a_bug_is_one_line_with_an_exit_code_of_its_own(tmp_path: Path) -> None:
    """70 (EX_SOFTWARE), not 3: CI can tell a bug of arch-draw from a drawing that could
    not be made; -v adds the traceback."""
    result = subprocess.run(
        [sys.executable, "-c", BROKEN_CATALOGUE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (
        70,
        "",
        "internal error: KeyError: 'boom' (please report it; -v shows more)\n",
    )


def test_theme_comes_from_the_blueprint_unless_the_command_says(tmp_path: Path) -> None:
    text = (FIXTURES / "same-labels.yaml").read_text(encoding="utf-8")
    (tmp_path / "dark.yaml").write_text(f"theme: dark\n{text}", encoding="utf-8")
    page = 'bgcolor="#16191F"'
    assert run_cli("render", "dark.yaml", "-f", "dot", cwd=tmp_path).returncode == 0
    assert page in (tmp_path / "output" / "dark.dot").read_text(encoding="utf-8")
    result = run_cli("render", "dark.yaml", "-f", "dot", "--theme", "light", cwd=tmp_path)
    assert result.stderr == "wrote output/dark.dot\n"
    assert page not in (tmp_path / "output" / "dark.dot").read_text(encoding="utf-8")
    wrong = run_cli("render", "dark.yaml", "--theme", "night", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "Invalid value for '--theme': 'night' is not one of 'light', 'dark', 'auto'." in (
        wrong.stderr
    )


def test_build_redraws_when_the_theme_changes(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path)
    assert run_cli("build", ".", "-f", "dot", cwd=tmp_path).returncode == 0
    assert run_cli("build", ".", "-f", "dot", "--check", cwd=tmp_path).returncode == 0
    stale = run_cli("build", ".", "-f", "dot", "--theme", "dark", "--check", cwd=tmp_path)
    assert stale.returncode != 0
    assert run_cli("build", ".", "-f", "dot", "--theme", "dark", cwd=tmp_path).returncode == 0
    dot = (tmp_path / "output" / "same-labels.dot").read_text(encoding="utf-8")
    assert 'bgcolor="#16191F"' in dot
