"""Fuzzing: whatever the input, arch-draw answers with `file:line:col` messages or a
drawing, never with an uncaught exception.

Three generators: arbitrary bytes; the shipped blueprints' text cut, doubled and
spliced; and, structure-aware, the shipped blueprints' data with values replaced,
keys misspelt, entries deleted and hostile text put in. CI runs a bounded number of
examples; `ARCH_DRAW_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py` runs more.
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pygraphviz
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from arch_draw.catalog import load_catalog
from arch_draw.errors import BlueprintError
from arch_draw.images import PNG_SIGNATURE
from arch_draw.load import load_bytes
from arch_draw.pipeline import blueprint_in, check_blueprint, draw_isolated
from arch_draw.render.dot import to_dot
from arch_draw.render.icons import icons_of

from .conftest import BLUEPRINTS, value_at, value_paths
from .render.test_dot import HOSTILE

EXAMPLES = int(os.environ.get("ARCH_DRAW_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # drawing takes what Graphviz takes; time is the benchmarks' business
    database=None,  # nothing written into the checkout
    derandomize=os.environ.get("CI") is not None,  # the same examples on every CI run
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
DIAGNOSTIC = re.compile(r"[^\n]+:[1-9][0-9]*:[1-9][0-9]*: \S[^\n]*")
SHIPPED = {
    path.name: path.read_text(encoding="utf-8") for path in sorted(BLUEPRINTS.glob("*.yaml"))
}


def assert_diagnostics(error: BlueprintError) -> None:
    assert error.lines(), "an error without a message"
    for line in error.lines():
        assert DIAGNOSTIC.fullmatch(line), line


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped blueprints, so that mutants can extend their bases, and a
    folder of icons (a named pipe among them) for them to show."""
    folder = tmp_path_factory.mktemp("fuzz")
    for name, text in SHIPPED.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "icons").mkdir()
    os.mkfifo(folder / "icons" / "pipe.png")
    return folder


def check_text(folder: Path, text: str | bytes) -> None:
    """Load, validate, resolve; then lay out and draw what is valid. Only arch-draw's
    own errors may come out, each with a position."""
    path = folder / "mutant.yaml"
    path.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    try:
        document = check_blueprint(path, "mutant.yaml")
        blueprints = [blueprint_in(document, language) for language in document_languages(document)]
    except BlueprintError as error:
        assert_diagnostics(error)
        return
    for blueprint in blueprints:
        dot = to_dot(blueprint, icons_of(blueprint, load_catalog()).by_node)
        graph = pygraphviz.AGraph(string=dot)  # Graphviz reads it back
        assert graph.number_of_nodes() >= len(blueprint.nodes)
    # Laid out and drawn, in one language (SVG: PNG adds time, not code paths, except for
    # icons of the user's), in a child and with the other layouts after a crash, as the
    # CLI does: only a drawing that fails every way fails the example, and an abort
    # cannot end the test run.
    own_icons = any(node.icon for node in blueprints[0].nodes)
    drawn = draw_isolated(blueprints[0], ("svg", "png") if own_icons else ("svg",), 120)
    assert drawn.outputs["svg"].startswith(b"<?xml")
    for png in OWN_ICON.findall(drawn.outputs["svg"]):
        assert_whole_icon(base64.b64decode(png))


# An icon of the user's, embedded in the SVG: a symbol named after its hash.
OWN_ICON = re.compile(
    rb'<symbol id="icon-custom-[^"]*"[^>]*><image [^>]*href="data:image/png;base64,([^"]*)"'
)


def assert_whole_icon(png: bytes) -> None:
    """What a drawing embeds of a user's icon decodes whole and is an icon's size: a
    bomb or a broken file must be refused before, not embedded for every reader."""
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert max(image.size) <= 256, image.size


def document_languages(document: Any) -> list[str]:
    from arch_draw.validate import languages_of

    return languages_of(document.data)


# --- arbitrary bytes -------------------------------------------------------------------


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_with_positions(raw: bytes) -> None:
    try:
        load_bytes(raw, "bp.yaml")
    except BlueprintError as error:
        assert_diagnostics(error)


@FUZZ
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=500))
def test_any_text_is_read_or_refused_with_positions(text: str) -> None:
    try:
        load_bytes(text.encode("utf-8"), "bp.yaml")
    except BlueprintError as error:
        assert_diagnostics(error)


# --- the shipped text, cut and spliced -------------------------------------------------


@st.composite
def spliced_text(draw_from: st.DrawFn) -> str:
    text = SHIPPED[draw_from(st.sampled_from(sorted(SHIPPED)))]
    for _ in range(draw_from(st.integers(1, 4))):
        start = draw_from(st.integers(0, len(text)))
        end = draw_from(st.integers(start, min(len(text), start + 80)))
        choice = draw_from(st.sampled_from(["cut", "double", "insert"]))
        if choice == "cut":
            text = text[:start] + text[end:]
        elif choice == "double":
            text = text[:end] + text[start:end] + text[end:]
        else:
            inserted = draw_from(
                st.sampled_from([*HOSTILE, ":", "- ", "{", "[", "&a ", "*a", "\t"])
            )
            text = text[:start] + inserted + text[start:]
    return text


@FUZZ
@given(text=spliced_text())
def test_spliced_blueprints_are_drawn_or_refused_with_positions(workspace: Path, text: str) -> None:
    check_text(workspace, text)


# --- structure-aware mutants -----------------------------------------------------------

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=True),
    st.sampled_from(HOSTILE),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    st.sampled_from(["ec2", "rds", "users", "vpc", "region", "web", "db", "en", "ko"]),
)


def ids_of(data: dict[str, Any], section: str) -> list[str]:
    """Ids of a section whose entries are still mappings (wild changes may break them)."""
    entries = data.get(section)
    if not isinstance(entries, dict):
        return []
    return sorted(key for key, entry in entries.items() if isinstance(entry, dict))


def section(data: dict[str, Any], name: str) -> dict[str, Any]:
    if not isinstance(data.get(name), dict):
        data[name] = {}
    return data[name]  # type: ignore[no-any-return]


def careful_change(draw_from: st.DrawFn, data: dict[str, Any]) -> None:
    """A change that keeps most blueprints valid, so that odd ones reach the layout."""
    nodes, groups, edges = (ids_of(data, s) for s in ("nodes", "groups", "edges"))
    change = draw_from(st.sampled_from(["label", "move", "add", "retarget", "style", "note"]))
    if change == "label" and nodes:
        data["nodes"][draw_from(st.sampled_from(nodes))]["label"] = draw_from(TEXT)
    elif change == "move" and nodes and groups:
        data["nodes"][draw_from(st.sampled_from(nodes))]["in"] = draw_from(st.sampled_from(groups))
    elif change == "add":
        node: dict[str, Any] = {
            "type": draw_from(st.sampled_from(TYPES)),
            "label": draw_from(TEXT),
        }
        inside: bool = draw_from(st.booleans())
        if groups and inside:
            node["in"] = draw_from(st.sampled_from(groups))
        section(data, "nodes")[f"n{len(nodes)}"] = node
    elif change == "retarget" and edges and nodes + groups:
        ends = st.lists(st.sampled_from(nodes + groups), min_size=1, max_size=3, unique=True)
        data["edges"][draw_from(st.sampled_from(edges))]["to"] = draw_from(ends)
    elif change == "style" and edges:
        edge = data["edges"][draw_from(st.sampled_from(edges))]
        edge["style"] = draw_from(st.sampled_from(["solid", "dashed", "dotted", "bold"]))
        edge["direction"] = draw_from(st.sampled_from(["forward", "back", "both", "none"]))
        edge["constraint"] = draw_from(st.booleans())
    elif change == "note":
        section(data, "notes")[f"m{draw_from(st.integers(0, 9))}"] = draw_from(TEXT)


def wild_change(draw_from: st.DrawFn, data: dict[str, Any]) -> None:
    """Any value replaced, deleted, renamed, copied or wrapped: mostly invalid."""
    path = draw_from(st.sampled_from(value_paths(data)))
    parent, key = value_at(data, path[:-1]), path[-1]
    change = draw_from(st.sampled_from(["replace", "delete", "rename", "copy", "nest"]))
    if change == "replace":
        parent[key] = draw_from(VALUES)
    elif change == "delete":
        del parent[key]
    elif change == "rename" and isinstance(parent, dict):
        new_key = draw_from(st.sampled_from([*HOSTILE[:3], "lable", "from", "in", "x"]))
        parent[new_key] = parent.pop(key)
    elif change == "copy" and isinstance(parent, dict):
        parent[draw_from(st.text(min_size=1, max_size=8))] = parent[key]
    elif change == "nest":
        parent[key] = {"in": parent[key], "kind": parent[key]}


TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40))
TYPES = ["ec2", "rds", "users", "aws.network.ELB", "onprem.client.User", "k8s.compute.Pod"]


@st.composite
def mutants(draw_from: st.DrawFn) -> str:
    data = yaml.safe_load(SHIPPED[draw_from(st.sampled_from(sorted(SHIPPED)))])
    for _ in range(draw_from(st.integers(1, 5))):
        if draw_from(st.integers(0, 3)):  # three careful changes in four
            careful_change(draw_from, data)
        else:
            wild_change(draw_from, data)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@FUZZ
@given(text=mutants())
def test_mutated_blueprints_are_drawn_or_refused_with_positions(workspace: Path, text: str) -> None:
    check_text(workspace, text)


# --- YAML's own hazards: anchors, aliases, merge keys, numbers --------------------------
# Each of these once escaped the limits: doubled merges of empty mappings ran for days
# and a merge of its own anchor recursed without end (merges cost nothing), a hex number
# of thousands of digits could not be printed in a message, and digits such as '²'
# passed str.isdigit. Examples are read in a child process with a time limit, so that
# a hang fails the example instead of the run.

NUMBERS = st.one_of(
    st.integers(-(10**60), 10**60).map(str),
    st.integers(1, 6000).map(lambda digits: "0x" + "f" * digits),
    st.integers(1, 6000).map(lambda digits: "0o" + "7" * digits),
    st.integers(1, 6000).map(lambda digits: "9" * digits),
    st.sampled_from(["0x", "0o8", "1e999", "-.inf", ".nan", "²", "١٢٣", "1_000", "-0", "1e"]),
)


@st.composite
def yaml_tricks(draw_from: st.DrawFn) -> str:
    """A shipped blueprint with anchors, aliases, merges or numbers put in."""
    lines = SHIPPED[draw_from(st.sampled_from(sorted(SHIPPED)))].splitlines()
    trick = draw_from(
        st.sampled_from(
            ["doubled", "chain", "self", "merge", "alias loop", "laughs", "number", "version"]
        )
    )
    levels = draw_from(st.integers(1, 80))
    added = ["  fz: {type: ec2}"]
    if trick == "doubled":  # 2**levels merges of empty mappings
        added = ["  m0: &m0 {}"] + [
            f"  m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}]}}" for i in range(1, levels)
        ]
    elif trick == "chain":  # each merges the one before: as deep as it is long
        added = ["  c0: &c0 {type: ec2}"] + [
            f"  c{i}: &c{i} {{<<: *c{i - 1}, label: C{i}}}" for i in range(1, levels)
        ]
    elif trick == "self":
        added = ["  fz: &fz {type: ec2, <<: *fz}"]
    elif trick == "merge":  # valid: a node built on another
        added = ["  fz0: &fz0 {type: ec2, label: F}", "  fz1: {<<: [*fz0, {note: n}], label: G}"]
    elif trick == "alias loop":
        added = ["  fz: &fz {type: ec2, label: [*fz]}"]
    elif trick == "laughs":
        fan_out = draw_from(st.integers(2, 12))
        added = ["  l0: &l0 {type: ec2}"] + [
            f"  l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * fan_out)}]" for i in range(1, levels)
        ]
    elif trick == "number":
        added = [f"  fz: {{type: ec2, label: {draw_from(NUMBERS)}}}"]
    else:
        lines = [f"version: {draw_from(NUMBERS)}"] + [
            line for line in lines if not line.startswith("version:")
        ]
    at = lines.index("nodes:") + 1
    return "\n".join([*lines[:at], *added, *lines[at:]]) + "\n"


def checked_in_a_child(folder: Path, text: str) -> None:
    """check_text in a child process with a time limit: a hang or a crash fails the
    example, with what became of the child."""
    from arch_draw.isolate import Failed, run_isolated

    def check(_item: int) -> str:
        check_text(folder, text)
        return "checked"

    [(_, outcome)] = run_isolated(check, [0], 1, 120)
    assert not isinstance(outcome, Failed), outcome.lines


@FUZZ
@given(text=yaml_tricks())
def test_anchors_merges_and_numbers_are_read_in_bounded_time(workspace: Path, text: str) -> None:
    checked_in_a_child(workspace, text)


# --- paths and images that lie -----------------------------------------------------------
# A NUL in an `extends` or `icon` path raised ValueError; a named pipe blocked; a PNG's
# header said what it liked (30000 x 30000 in 109 KB, 0 x 0, or a truncated file) and an
# SVG asked resvg for a terabyte canvas, which aborted the process.

PATHS = st.one_of(
    st.sampled_from(["a\x00b", "icons/\x00.png", "x\n.yaml", "\x7f", "../x", "/etc/hostname", ""]),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=12),
    st.sampled_from(["icons/lie.png", "icons/lie.svg", "icons/pipe.png"]),
)


def png_chunk(kind: bytes, data: bytes, *, crc_right: bool = True) -> bytes:
    crc = zlib.crc32(kind + data) ^ (0 if crc_right else 1)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


@st.composite
def lying_pngs(draw_from: st.DrawFn) -> bytes:
    sizes = st.one_of(
        st.sampled_from([0, 1, 2, 255, 256, 4096, 4097, 30000]), st.integers(0, 2**32 - 1)
    )
    width, height = draw_from(sizes), draw_from(sizes)
    depth, colour = draw_from(
        st.sampled_from([(1, 0), (8, 0), (8, 2), (8, 3), (8, 6), (16, 6), (3, 7)])
    )
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    rows = min(height, 64)
    raw = b"".join(b"\0" + bytes(min(width, 64) * 4) for _ in range(rows))
    pixels = zlib.compress(raw)
    pixels = pixels[: draw_from(st.integers(0, len(pixels)))]  # truncated, or whole
    data = (
        PNG_SIGNATURE
        + png_chunk(b"IHDR", header, crc_right=draw_from(st.booleans()))
        + png_chunk(b"IDAT", pixels)
    )
    return data + (png_chunk(b"IEND", b"") if draw_from(st.booleans()) else b"")


@st.composite
def lying_svgs(draw_from: st.DrawFn) -> bytes:
    number = st.one_of(
        st.sampled_from(["0", "-1", "1e9", "1e38", "1e-9", "nan", "inf", "", "1e999"]),
        st.integers(0, 10**12).map(str),
    )
    box = " ".join(draw_from(number) for _ in range(4))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{box}" width="{draw_from(number)}"'
        f' height="{draw_from(number)}"><rect width="{draw_from(number)}" height="1"/></svg>'
    ).encode()


@st.composite
def lying_files(draw_from: st.DrawFn) -> tuple[str, bytes, bytes]:
    """A shipped blueprint whose new node shows an image file that lies, or names a path
    no file can have, or that extends such a path; and the images, to be put in icons/."""
    data = yaml.safe_load(SHIPPED[draw_from(st.sampled_from(sorted(SHIPPED)))])
    if draw_from(st.integers(0, 2)):
        section(data, "nodes")["lie"] = {"icon": draw_from(PATHS), "label": "Lies"}
    else:
        data["extends"] = draw_from(PATHS)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return text, draw_from(lying_pngs()), draw_from(lying_svgs())


def with_lying_icons(folder: Path, case: tuple[str, bytes, bytes]) -> str:
    text, png, svg = case
    (folder / "icons" / "lie.png").write_bytes(png)
    (folder / "icons" / "lie.svg").write_bytes(svg)
    return text


@FUZZ
@given(case=lying_files())
def test_paths_and_images_that_lie_are_refused_with_positions(
    workspace: Path, case: tuple[str, bytes, bytes]
) -> None:
    checked_in_a_child(workspace, with_lying_icons(workspace, case))


# --- the command line, end to end ------------------------------------------------------


@settings(FUZZ, max_examples=max(3, EXAMPLES // 10))
@given(case=st.one_of(mutants(), spliced_text(), yaml_tricks(), lying_files()))
def test_the_command_line_never_shows_a_traceback(
    workspace: Path, case: str | tuple[str, bytes, bytes]
) -> None:
    text = case if isinstance(case, str) else with_lying_icons(workspace, case)
    (workspace / "cli.yaml").write_text(text, encoding="utf-8")
    output = workspace / "cli-output"
    shutil.rmtree(output, ignore_errors=True)
    result = subprocess.run(
        [sys.executable, "-m", "arch_draw", "render", "cli.yaml", "-f", "svg", "-o", output],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr
    if result.returncode == 0:
        assert (output / "cli.svg").is_file()
    else:
        assert result.returncode == 2, result.stderr
        assert not output.exists()
        for line in result.stderr.splitlines():
            assert DIAGNOSTIC.fullmatch(line), line
