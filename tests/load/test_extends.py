from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from arch_draw.errors import BlueprintError
from arch_draw.limits import Limits
from arch_draw.load import Mark, load_document
from arch_draw.pipeline import load_blueprint

from ..conftest import BLUEPRINTS, EXAMPLES

BASE = """\
title: Base
caption: The first tier.
groups:
  vpc: {kind: vpc}
  zone: {kind: availability-zone, in: vpc}
  tools: {kind: generic, label: Tools}
nodes:
  users: {type: users}
  web: {type: ec2, label: Web, in: zone, note: A note}
  db: {type: rds, in: zone}
  ide: {type: cloud9, in: tools}
  repo: {type: codecommit, in: tools}
edges:
  browse: {from: users, to: web}
  query: {from: web, to: [db, repo]}
  commit: {from: ide, to: repo}
notes:
  why: Because.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path, display: str | None = None) -> list[str]:
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(path, display)
    return caught.value.lines()


def test_a_child_adds_changes_moves_and_unsets_by_id(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        """\
        extends: base
        title: Child
        groups:
          asg: {kind: auto-scaling-group, in: zone}
        nodes:
          web: {in: asg, note: null}
          cache: {type: elasticache, in: zone}
        edges:
          query: {style: dashed}
          hit: {from: web, to: cache}
        """,
    )
    blueprint = load_blueprint(child)
    assert (blueprint.title, blueprint.caption) == ("Child", "The first tier.")
    assert [g.id for g in blueprint.groups] == ["vpc", "zone", "tools", "asg"]
    assert [n.id for n in blueprint.nodes] == ["users", "web", "db", "ide", "repo", "cache"]
    web = blueprint.node("web")
    assert (web.parent, web.label, web.note) == ("asg", "Web", None)
    assert blueprint.edge("query").style == "dashed"
    assert blueprint.edge("query").targets == ("db", "repo")
    assert [e.id for e in blueprint.edges] == ["browse", "query", "commit", "hit"]


def test_removing_a_group_removes_its_contents_and_the_edges_ends(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    child = write(tmp_path, "child.yaml", "extends: base.yaml\nremove: [tools, why]\n")
    blueprint = load_blueprint(child)
    assert [g.id for g in blueprint.groups] == ["vpc", "zone"]
    assert [n.id for n in blueprint.nodes] == ["users", "web", "db"]
    # `query` loses its end at the removed repo; `commit` loses both ends and goes.
    assert [(e.id, e.targets) for e in blueprint.edges] == [
        ("browse", ("web",)),
        ("query", ("db",)),
    ]
    assert blueprint.notes == ()


def test_elements_moved_out_of_a_removed_group_stay(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path, "child.yaml", "extends: base\nnodes:\n  db: {in: vpc}\nremove: [zone]\n"
    )
    blueprint = load_blueprint(child)
    assert [n.id for n in blueprint.nodes] == ["users", "db", "ide", "repo"]
    assert blueprint.node("db").parent == "vpc"
    assert [g.id for g in blueprint.groups] == ["vpc", "tools"]


def test_tiers_chain_and_positions_point_into_the_right_file(tmp_path: Path) -> None:
    write(tmp_path, "one.yaml", BASE)
    write(tmp_path, "two.yaml", "extends: one\nnodes:\n  web: {label: Web 2}\n")
    three = write(tmp_path, "three.yaml", "extends: two\nnodes:\n  db: {label: DB 3}\n")
    document = load_document(three, "tiers/three.yaml")
    assert document.data["nodes"]["web"]["label"] == "Web 2"
    assert document.mark(("nodes", "web", "label")) == Mark(3, 16, "tiers/two.yaml")
    assert document.mark(("nodes", "web", "type")) == Mark(9, 15, "tiers/one.yaml")
    assert document.mark(("nodes", "db", "label")) == Mark(3, 15)
    assert document.sources == (three, tmp_path / "two.yaml", tmp_path / "one.yaml")


def test_errors_in_a_base_are_reported_in_the_base(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE.replace("type: rds", "type: rdss"))
    child = write(tmp_path, "child.yaml", "extends: base\nnodes:\n  web: {lable: x}\n")
    assert problems(child, "bp/child.yaml") == [
        "bp/base.yaml:10:14: unknown node type 'rdss' (did you mean 'rds'?)",
        "bp/child.yaml:3:9: unknown key 'lable' in nodes.web (did you mean 'label'?)",
    ]


def test_changing_an_unknown_id_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base\nnodes:\n  wbe: {in: zone}\ngroups:\n  zon: {label: Z}\nedges:\n  qeury: {label: SQL}\n",
    )
    assert problems(child, "child.yaml") == [
        "child.yaml:3:3: there is no node 'wbe' in base.yaml to change (did you mean 'web'?); a new node needs 'type' or 'icon'",
        "child.yaml:5:3: there is no group 'zon' in base.yaml to change (did you mean 'zone'?); a new group needs 'kind'",
        "child.yaml:7:3: there is no edge 'qeury' in base.yaml to change (did you mean 'query'?); a new edge needs 'from' and 'to'",
    ]


def test_every_problem_of_an_extending_blueprint_is_reported_at_once(tmp_path: Path) -> None:
    # An id to remove that was not there hid every other problem of the file.
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        "extends: base\nremove: [tols]\nnodes:\n  web: {lable: x}\n  new: {type: ec3}\n"
        "  wbe: {in: zone}\n",
    )
    assert problems(child, "child.yaml") == [
        "child.yaml:2:10: remove: there is no element 'tols' to remove (did you mean 'tools'?)",
        "child.yaml:4:9: unknown key 'lable' in nodes.web (did you mean 'label'?)",
        "child.yaml:5:15: unknown node type 'ec3' (did you mean 'ec2' or 'ece' or 'eci'?)",
        "child.yaml:6:3: there is no node 'wbe' in base.yaml to change (did you mean 'web'?);"
        " a new node needs 'type' or 'icon'",
    ]


def test_removing_an_unknown_id_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", BASE)
    child = write(tmp_path, "child.yaml", "extends: base\nremove: [web, tols]\n")
    assert problems(child, "child.yaml") == [
        "child.yaml:2:15: remove: there is no element 'tols' to remove (did you mean 'tools'?)"
    ]


def test_remove_without_extends_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "alone.yaml", "title: T\nremove: [x]\n")
    assert problems(path, "alone.yaml") == [
        "alone.yaml:2:9: remove: only a blueprint that extends another can remove elements"
    ]


def test_a_missing_base_suggests_the_files_next_to_it(tmp_path: Path) -> None:
    write(tmp_path, "users-under-1k.yaml", BASE)
    child = write(tmp_path, "child.yaml", "extends: users-under-1m\n")
    assert problems(child, "child.yaml") == [
        "child.yaml:1:10: extends: no blueprint 'users-under-1m' here (did you mean 'users-under-1k'?)"
    ]


def test_a_cycle_of_extends_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extends: b\ntitle: A\n")
    write(tmp_path, "b.yaml", "extends: c.yaml\n")
    write(tmp_path, "c.yaml", "extends: a\n")
    assert problems(tmp_path / "a.yaml", "a.yaml") == [
        "c.yaml:1:10: extends goes round in a circle: a.yaml > b.yaml > c.yaml > a.yaml"
    ]


def test_a_blueprint_cannot_extend_itself(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "extends: a\ntitle: A\n")
    assert problems(path, "a.yaml") == [
        "a.yaml:1:10: extends goes round in a circle: a.yaml > a.yaml"
    ]


def test_a_long_chain_of_bases_is_a_limit_not_a_circle(tmp_path: Path) -> None:
    # 20 files, each extending the next: no circle, but more bases than the limit.
    for level in range(19):
        write(tmp_path, f"t{level}.yaml", f"extends: t{level + 1}\n")
    write(tmp_path, "t19.yaml", BASE)
    assert problems(tmp_path / "t0.yaml", "t0.yaml") == [
        "t16.yaml:1:10: extends: a chain of more than 16 bases"
        " (t0.yaml > t1.yaml > t2.yaml > ... > t15.yaml > t16.yaml);"
        " --limit extends=N raises the limit"
    ]
    document = load_document(tmp_path / "t0.yaml", limits=Limits(extends=19))
    assert document.data["title"] == "Base"
    with pytest.raises(BlueprintError):
        load_document(tmp_path / "t0.yaml", limits=Limits(extends=18))


def test_a_base_named_with_control_characters_is_refused(tmp_path: Path) -> None:
    # NUL made the system call raise ValueError: an internal error.
    child = write(tmp_path, "child.yaml", 'extends: "base\\0"\ntitle: T\n')
    assert problems(child, "child.yaml") == [
        "child.yaml:1:10: extends: 'base\\x00' cannot be a file name: it holds control characters"
    ]


def test_bases_must_stay_under_the_blueprint_directory(tmp_path: Path) -> None:
    write(tmp_path, "outside.yaml", BASE)
    child = write(tmp_path, "tiers/child.yaml", "extends: ../outside\n")
    absolute = write(tmp_path, "tiers/abs.yaml", f"extends: {tmp_path / 'outside.yaml'}\n")
    assert problems(child, "child.yaml") == [
        "child.yaml:1:10: extends: '../outside' is outside tiers/, where bases must be"
    ]
    assert problems(absolute, "abs.yaml") == [
        "abs.yaml:1:10: extends: name a blueprint by a relative path"
    ]


def test_a_symlink_cannot_lead_a_base_outside(tmp_path: Path) -> None:
    write(tmp_path, "outside.yaml", BASE)
    (tmp_path / "tiers").mkdir()
    (tmp_path / "tiers" / "base.yaml").symlink_to(tmp_path / "outside.yaml")
    child = write(tmp_path, "tiers/child.yaml", "extends: base\n")
    assert problems(child, "child.yaml") == [
        "child.yaml:1:10: extends: 'base' is outside tiers/, where bases must be"
    ]


def test_removals_beside_ids_that_are_not_text_are_reported_not_crashed(tmp_path: Path) -> None:
    # Found by the fuzz suite: a mapping where an id belongs, in a child that removes.
    write(tmp_path, "base.yaml", BASE)
    child = write(
        tmp_path,
        "child.yaml",
        """\
        extends: base
        remove: [tools]
        groups:
          cdn: {kind: generic, in: {kind: vpc}}
        edges:
          odd: {from: [users, [web]], to: db}
        """,
    )
    assert problems(child, "child.yaml") == [
        "child.yaml:4:28: groups.cdn.in must be text, not a mapping",
        "child.yaml:6:23: edges.odd.from[1] must be text, not a list",
    ]


def test_a_name_too_long_for_the_system_is_reported(tmp_path: Path) -> None:
    # Found by the fuzz suite: the file system refuses the name itself.
    name = "a" * 300
    child = write(tmp_path, "child.yaml", f"extends: {name}\ntitle: T\n")
    assert problems(child, "child.yaml") == [
        f"child.yaml:1:10: extends: '{name}.yaml' cannot be read: File name too long"
    ]


def test_extends_must_be_text(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "extends: [b]\ntitle: A\n")
    assert problems(path, "a.yaml") == ["a.yaml:1:10: extends must be text, not a list"]


def test_a_blueprint_can_extend_a_bundled_one(tmp_path: Path) -> None:
    child = write(tmp_path, "mine.yaml", "extends: arch-draw:users-over-10k\ntitle: Mine\n")
    document = load_document(child, "mine.yaml")
    assert document.data["title"] == "Mine"
    assert "cache" in document.data["nodes"]
    lines = (BLUEPRINTS / "users-over-10k.yaml").read_text(encoding="utf-8").splitlines()
    type_line = lines.index("  cache:") + 2  # the line after `cache:`, 1-based
    assert document.mark(("nodes", "cache", "type")) == Mark(
        type_line, 11, "arch-draw:users-over-10k"
    )
    assert [source.name for source in document.sources] == [
        "mine.yaml",
        "users-over-10k.yaml",
        "users-over-1k.yaml",
        "users-under-1k.yaml",
    ]


def test_an_unknown_bundled_blueprint_is_an_error(tmp_path: Path) -> None:
    child = write(tmp_path, "mine.yaml", "extends: arch-draw:users-over-10m\n")
    assert problems(child, "mine.yaml") == [
        "mine.yaml:1:10: extends: arch-draw has no blueprint 'users-over-10m' "
        "(did you mean 'users-over-10k' or 'users-over-100k' or 'users-over-1k'?)"
    ]


def test_a_bundled_name_without_its_prefix_leads_to_it(tmp_path: Path) -> None:
    # Outside the repository, `extends: users-under-1k` said only "no blueprint here".
    child = write(tmp_path, "mine.yaml", "extends: users-under-1k\ntitle: Mine\n")
    assert problems(child, "mine.yaml") == [
        "mine.yaml:1:10: extends: no blueprint 'users-under-1k' here"
        " (did you mean 'arch-draw:users-under-1k' or 'arch-draw:users-over-1k'?)"
    ]


def test_a_base_that_is_no_file_says_what_it_is(tmp_path: Path) -> None:
    # A named pipe or a link to nothing was "no blueprint 'base' here (did you mean
    # 'base'?)"; a loop of links raised RuntimeError, an internal error.
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    for base, message in (
        ("pipe", "extends: 'pipe.yaml' is a named pipe, not a blueprint file"),
        ("gone", "extends: 'gone.yaml' cannot be read: No such file or directory"),
        ("loop", "extends: 'loop.yaml' cannot be read: Too many levels of symbolic links"),
    ):
        child = write(tmp_path, "child.yaml", f"extends: {base}\ntitle: T\n")
        assert problems(child, "child.yaml") == [f"child.yaml:1:10: {message}"]


def test_a_loop_of_links_beside_a_blueprint_is_no_internal_error(tmp_path: Path) -> None:
    (tmp_path / "l1.yaml").symlink_to("l2.yaml")
    (tmp_path / "l2.yaml").symlink_to("l1.yaml")
    child = write(tmp_path, "child.yaml", "extends: missing\ntitle: T\n")
    assert problems(child, "child.yaml") == [
        "child.yaml:1:10: extends: no blueprint 'missing' here"
    ]
    assert problems(tmp_path / "l1.yaml", "l1.yaml") == [
        "l1.yaml:1:1: cannot read the file: Too many levels of symbolic links"
    ]


def test_removing_what_a_group_spans_or_an_element_is_level_with_tidies_them(
    tmp_path: Path,
) -> None:
    # They pointed at removed ids, and the errors pointed into the base, which a user of
    # a bundled base cannot edit.
    base = (EXAMPLES / "spans.yaml").read_text(encoding="utf-8")
    base = base.replace("in: vpc}", "in: vpc, level_with: web_a}", 1)
    base = base.replace("label: Alarm}", "label: Alarm, before: web_a}", 1)
    write(tmp_path, "base.yaml", base)
    child = write(tmp_path, "child.yaml", "extends: base\ntitle: C\nremove: [web_a]\n")
    blueprint = load_blueprint(child)
    # `asg` spanned web_a and web_b: with one left it is gone, with the edge to it.
    assert "asg" not in {group.id for group in blueprint.groups}
    assert "scale" not in {edge.id for edge in blueprint.edges}
    assert blueprint.node("lb").level_with is None
    assert blueprint.node("alarm").before is None
    kept = write(
        tmp_path,
        "kept.yaml",
        "extends: base\ntitle: K\nremove: [web_a]\n"
        "nodes:\n  web_c: {type: ec2, in: public_b}\n"
        "groups:\n  asg: {spans: [web_a, web_b, web_c]}\n",
    )
    assert load_blueprint(kept).group("asg").spans == ("web_b", "web_c")
