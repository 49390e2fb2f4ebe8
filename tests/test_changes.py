"""Drawings of changes (`--changes`): what a blueprint adds to or changes in the one it
extends in full colour, what it keeps faded, what it removes listed."""

from __future__ import annotations

import html
import io
from pathlib import Path

import pytest
from PIL import Image

from arch_draw import images
from arch_draw.catalog import load_catalog
from arch_draw.colors import faded
from arch_draw.errors import BlueprintError
from arch_draw.model import Changes, with_changes
from arch_draw.pipeline import blueprint_in, check_blueprint
from arch_draw.render import render
from arch_draw.render.dot import to_dot
from arch_draw.render.icons import FADED, icons_of, with_faded

from .conftest import BLUEPRINTS, run_cli

BASE = """\
title: {en: Base, ko: 기본}
languages: [en, ko]
groups:
  vpc: {kind: vpc}
nodes:
  users: {type: users, label: {en: Users, ko: 사용자}, note: Who}
  web: {type: ec2, in: vpc, label: Web}
  old: {type: s3, label: {en: Old bucket, ko: 옛 버킷}}
edges:
  browse: {from: users, to: web}
  keep: {from: web, to: old}
notes:
  gone: going
  stays: staying
"""

CHILD = """\
extends: base
title: {en: Child, ko: 자식}
nodes:
  web: {label: Web server}
  db: {type: rds, in: vpc}
edges:
  query: {from: web, to: db}
remove: [old, gone]
"""


@pytest.fixture
def child(tmp_path: Path) -> Path:
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    path = tmp_path / "child.yaml"
    path.write_text(CHILD, encoding="utf-8")
    return path


def test_what_a_blueprint_keeps_changes_and_removes(child: Path) -> None:
    document = check_blueprint(child)
    english = with_changes(document, blueprint_in(document))
    # web's label changed, db and query are new; users, vpc and browse are as they were.
    kept = frozenset({"users", "vpc", "browse", "stays"})
    assert english.changes == Changes("Base", kept, ("Old bucket", "keep", "gone"))
    korean = with_changes(document, blueprint_in(document, "ko"))
    assert korean.changes is not None
    assert (korean.changes.base_title, korean.changes.removed) == (
        "기본",
        ("옛 버킷", "keep", "gone"),
    )


def test_an_element_a_blueprint_only_moves_is_kept(tmp_path: Path) -> None:
    # Tier 4 puts CloudWatch and S3 level with the load balancer to read better: they
    # came from the tiers before all the same, and would be drawn in full colour as if
    # tier 4 changed them. Every key that only places an element, once each.
    (tmp_path / "base.yaml").write_text(
        "title: Base\ngroups:\n  vpc: {kind: vpc}\n"
        "nodes:\n  users: {type: users}\n  gate: {type: aws.network.InternetGateway, in: vpc}\n"
        "  web: {type: ec2, in: vpc}\n"
        "edges:\n  browse: {from: users, to: web}\n",
        encoding="utf-8",
    )
    moved = tmp_path / "moved.yaml"
    moved.write_text(
        "extends: base\ntitle: Moved\ngroups:\n  vpc: {arrange: row}\n"
        "nodes:\n  users: {place: first, before: gate}\n  gate: {on_border: true}\n"
        "  web: {level_with: gate, label: Web server}\n"
        "edges:\n  browse: {from_side: east, to_side: west, line: straight, constraint: false}\n",
        encoding="utf-8",
    )
    document = check_blueprint(moved)
    changes = with_changes(document, blueprint_in(document)).changes
    assert changes is not None
    # web's label changed too: moving it as well hides nothing.
    assert changes.kept == frozenset({"vpc", "users", "gate", "browse"})


def test_a_blueprint_that_extends_nothing_has_no_changes(tmp_path: Path) -> None:
    path = tmp_path / "base.yaml"
    path.write_text(BASE, encoding="utf-8")
    document = check_blueprint(path)
    with pytest.raises(BlueprintError) as raised:
        with_changes(document, blueprint_in(document))
    assert raised.value.lines() == [
        f"{path}:1:1: --changes: this blueprint extends no other, so it changes nothing to show"
    ]


def test_what_is_kept_is_faded_and_what_changed_is_not(child: Path) -> None:
    document = check_blueprint(child)
    blueprint = with_changes(document, blueprint_in(document))
    icons = with_faded(icons_of(blueprint, load_catalog()), blueprint)
    dot = to_dot(blueprint, icons.by_node)

    def line_of(start: str) -> str:
        return next(line.strip() for line in dot.splitlines() if line.strip().startswith(start))

    ink, edge_ink = faded("#232F3E", 0.35), faded("#7B8894", 0.35)
    assert (ink, edge_ink) == ("#B2B6BB", "#D1D5DA")
    users = line_of('"users" [')  # kept: faded icon and label
    assert f'SRC="{FADED}aws/general/users.png"' in users
    assert f'fontcolor="{ink}"' in users
    web = line_of('"web" [')  # its label changed: full colour
    assert 'SRC="aws/compute/ec2.png"' in web
    assert "fontcolor" not in web
    assert f'color="{edge_ink}"' in line_of('"users":icon:e -> "web"')
    assert "color" not in line_of('"web":icon:e -> "db"')  # new
    vpc = dot.splitlines()[dot.splitlines().index('  subgraph "cluster_vpc" {') + 1]
    assert f'color="{faded("#8C4FFF", 0.35)}"' in vpc
    assert f'SRC="{FADED}aws/network/vpc.png"' in vpc
    note = line_of('"users.note" [')  # a kept element's note, and a kept note
    assert f'fillcolor="{faded("#FFF7D6", 0.35)}"' in note
    assert f'<FONT POINT-SIZE="11" COLOR="{ink}">staying</FONT>' in dot
    assert "In colour: what this adds to or changes in “Base”; faded: what it keeps." in dot
    assert "Removed: Old bucket, keep, gone." in dot


def test_a_new_group_in_a_kept_one_is_labelled_in_full_ink(child: Path) -> None:
    # Graphviz gives a group the font colour of the group it is in, here a faded one.
    child.write_text(
        CHILD + "groups:\n  tier: {kind: generic, in: vpc, label: Tier}\n", encoding="utf-8"
    )
    document = check_blueprint(child)
    blueprint = with_changes(document, blueprint_in(document))
    dot = to_dot(blueprint, icons_of(blueprint, load_catalog()).by_node).splitlines()
    vpc = dot[dot.index('  subgraph "cluster_vpc" {') + 1]
    tier = dot[dot.index('    subgraph "cluster_tier" {') + 1]
    assert f'fontcolor="{faded("#232F3E", 0.35)}"' in vpc
    assert 'fontcolor="#232F3E"' in tier


def test_draw_io_says_what_is_highlighted_and_fades_a_kept_note_as_the_other_formats_do(
    child: Path,
) -> None:
    document = check_blueprint(child)
    blueprint = with_changes(document, blueprint_in(document))
    drawio = render(blueprint, ("drawio",), load_catalog()).outputs["drawio"].decode()
    title = html.unescape(drawio.split('id="arch-draw.title" value="')[1].split('" style=')[0])
    said = (
        '<span style="font-size:12px">In colour: what this adds to or changes in “Base”;'
        ' faded: what it keeps.</span><br><span style="font-size:12px">Removed: Old bucket,'
        " keep, gone.</span><br><table"
    )
    assert said in title
    ink = faded("#232F3E", 0.35)
    assert f'<span style="font-size:11px;color:{ink}">staying' in title


def test_a_faded_icon_keeps_its_size_and_loses_opacity() -> None:
    original = (load_catalog().icon_root / "aws/compute/ec2.png").read_bytes()
    made = images.faded_png(original, 0.35)
    before, after = Image.open(io.BytesIO(original)), Image.open(io.BytesIO(made))
    assert after.size == before.size
    opaque = int(before.convert("RGBA").getchannel("A").getextrema()[1])  # type: ignore[arg-type]
    faded = int(after.convert("RGBA").getchannel("A").getextrema()[1])  # type: ignore[arg-type]
    assert faded == round(opaque * 0.35)


def test_the_drawing_of_changes_is_the_same_every_time(child: Path) -> None:
    document = check_blueprint(child)
    blueprint = with_changes(document, blueprint_in(document))
    first = render(blueprint, ("svg", "dot"), load_catalog())
    again = render(blueprint, ("svg", "dot"), load_catalog())
    assert first.outputs == again.outputs
    assert any(name.startswith(FADED) for name in first.icons)  # embedded in the SVG


def test_render_changes_names_the_files_and_refuses_a_blueprint_without_a_base(child: Path) -> None:
    done = run_cli("render", child.name, "--changes", "-l", "en", "-l", "ko", cwd=child.parent)
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in (child.parent / "output").iterdir()) == [
        "child.changes.ko.png",
        "child.changes.ko.svg",
        "child.changes.png",
        "child.changes.svg",
    ]
    refused = run_cli("render", "base.yaml", "--changes", "-o", "other", cwd=child.parent)
    assert refused.returncode == 2
    assert refused.stderr == (
        "base.yaml:1:1: --changes: this blueprint extends no other, so it changes nothing to show\n"
    )
    assert not (child.parent / "other").exists()


def test_build_changes_draws_each_tier_beside_its_changes(tmp_path: Path) -> None:
    folder = tmp_path / "blueprints"
    folder.mkdir()
    for name in ("users-under-1k", "users-over-1k"):
        (folder / f"{name}.yaml").write_bytes((BLUEPRINTS / f"{name}.yaml").read_bytes())
    done = run_cli("build", "blueprints", "--changes", "-f", "svg", "-l", "en", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(path.name for path in (tmp_path / "output").glob("*.svg")) == [
        "users-over-1k.changes.svg",
        "users-over-1k.svg",
        "users-under-1k.svg",
    ]
