"""Fuzzing: whatever the input, arch-draw answers with `file:line:col` messages or a
drawing, never with an uncaught exception.

Three generators: arbitrary bytes; the shipped blueprints' text cut, doubled and
spliced; and, structure-aware, the shipped blueprints' data with values replaced,
keys misspelt, entries deleted and hostile text put in. CI runs a bounded number of
examples; `ARCH_DRAW_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz.py` runs more.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pygraphviz
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from arch_draw.catalog import load_catalog
from arch_draw.errors import BlueprintError
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
    """A copy of the shipped blueprints, so that mutants can extend their bases."""
    folder = tmp_path_factory.mktemp("fuzz")
    for name, text in SHIPPED.items():
        (folder / name).write_text(text, encoding="utf-8")
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
    # Laid out and drawn, in one language (SVG: PNG adds time, not code paths), in a
    # child and with the other layouts after a crash, as the CLI does: only a drawing
    # that fails every way fails the example, and an abort cannot end the test run.
    assert draw_isolated(blueprints[0], ("svg",), 120).outputs["svg"].startswith(b"<?xml")


def document_languages(document: Any) -> list[str]:
    from arch_draw.validate import languages_of

    return languages_of(document.data)


# --- arbitrary bytes -------------------------------------------------------------------


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_any_bytes_are_read_or_refused_with_positions(raw: bytes):
    try:
        load_bytes(raw, "bp.yaml")
    except BlueprintError as error:
        assert_diagnostics(error)


@FUZZ
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=500))
def test_any_text_is_read_or_refused_with_positions(text: str):
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
def test_spliced_blueprints_are_drawn_or_refused_with_positions(workspace: Path, text: str):
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
        node = {"type": draw_from(st.sampled_from(TYPES)), "label": draw_from(TEXT)}
        if groups and draw_from(st.booleans()):
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
def test_mutated_blueprints_are_drawn_or_refused_with_positions(workspace: Path, text: str):
    check_text(workspace, text)


# --- the command line, end to end ------------------------------------------------------


@settings(FUZZ, max_examples=max(3, EXAMPLES // 10))
@given(text=st.one_of(mutants(), spliced_text()))
def test_the_command_line_never_shows_a_traceback(workspace: Path, text: str):
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
