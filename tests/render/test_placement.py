"""Placing elements: written order across the flow, a group's children in a row, column
or grid, first or last in the flow, level with another, and on a group's border."""

from __future__ import annotations

from pathlib import Path

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.errors import BlueprintError
from arch_draw.pipeline import load_blueprint
from arch_draw.render import lay_out
from arch_draw.render.scene import Box, Scene

from ..conftest import EXAMPLES

DIRECTIONS = ("LR", "TB", "RL", "BT")


def laid_out(tmp_path: Path, example: str, direction: str, change: str = "") -> Scene:
    text = (EXAMPLES / example).read_text(encoding="utf-8")
    text = text.replace("title:", f"direction: {direction}\ntitle:", 1) + change
    path = tmp_path / f"{direction}.yaml"
    path.write_text(text, encoding="utf-8")
    return lay_out(load_blueprint(path), load_catalog())


def middle(box: Box) -> tuple[float, float]:
    return ((box.left + box.right) / 2, (box.bottom + box.top) / 2)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_grid_reads_left_to_right_and_top_down_in_every_direction(tmp_path: Path, direction: str):
    frames = {f.id: f.box for f in laid_out(tmp_path, "placement.yaml", direction).frames}
    (a_x, a_y), (b_x, b_y) = middle(frames["public_a"]), middle(frames["public_b"])
    (c_x, c_y), (d_x, d_y) = middle(frames["private_a"]), middle(frames["private_b"])
    assert a_x < b_x, "A left of B"
    assert c_x < d_x, "A left of B"
    assert a_y > c_y, "public above private (y grows upwards)"
    assert b_y > d_y, "public above private"
    assert abs(a_y - b_y) < 1, "in rows"
    assert frames["public_a"].left < frames["private_a"].right, "in columns"
    assert frames["private_a"].left < frames["public_a"].right, "in columns"


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_first_last_and_level_with(tmp_path: Path, direction: str):
    scene = laid_out(tmp_path, "placement.yaml", direction)
    shapes = {shape.id: shape.box for shape in scene.shapes}
    vpc = next(frame.box for frame in scene.frames if frame.id == "vpc")
    audit, logs, nat_b = shapes["audit"], shapes["logs"], shapes["nat_b"]
    # `audit` is last in the flow: past the VPC, the flow's way.
    past = {
        "LR": audit.left >= vpc.right,
        "RL": audit.right <= vpc.left,
        "TB": audit.top <= vpc.bottom,
        "BT": audit.bottom >= vpc.top,
    }
    assert past[direction]
    # `logs` is level with `nat_b`: the same step of the flow.
    along = 0 if direction in ("LR", "RL") else 1
    assert middle(logs)[along] == pytest.approx(middle(nat_b)[along], abs=1)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_node_on_a_border_straddles_it(tmp_path: Path, direction: str):
    scene = laid_out(tmp_path, "placement.yaml", direction)
    icon = next(shape.icon for shape in scene.shapes if shape.id == "igw")
    vpc = next(frame.box for frame in scene.frames if frame.id == "vpc")
    assert icon is not None
    x, y = middle(icon)
    sides = (abs(x - vpc.left), abs(x - vpc.right), abs(y - vpc.bottom), abs(y - vpc.top))
    assert min(sides) < 0.5
    assert icon.overlaps(vpc)
    assert not vpc.encloses(icon)


def test_sibling_groups_keep_their_written_order_across_an_lr_flow(tmp_path: Path):
    # dot keeps the order elements come in, but bottom to top in LR: Availability Zone B
    # was drawn above A.
    frames = {f.id: f.box for f in laid_out(tmp_path, "spans.yaml", "LR").frames}
    assert frames["az_a"].top > frames["az_b"].top


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bp.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("node", "message"),
    [
        ("{type: ec2, level_with: b}", "bp.yaml:3:30: 'b' cannot be level with itself"),
        (
            "{type: ec2, level_with: aa}",
            "bp.yaml:3:30: unknown node or group 'aa' (did you mean 'a'?)",
        ),
        (
            "{type: ec2, on_border: true}",
            "bp.yaml:3:29: node 'b' is on the border of no group: give it `in`",
        ),
    ],
)
def test_what_placement_refuses(tmp_path: Path, node: str, message: str):
    text = f"title: T\nnodes:\n  b: {node}\n  a: {{type: ec2}}\n"
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(write(tmp_path, text), "bp.yaml")
    assert caught.value.lines() == [message]


@pytest.mark.parametrize("arrange", ["row", "column", "grid"])
def test_an_empty_group_or_one_of_only_a_border_node_arranges_nothing(tmp_path: Path, arrange: str):
    # A grid of no children divided by zero: an internal error.
    text = (
        f"title: T\ngroups:\n  g: {{kind: vpc, arrange: {arrange}}}\n"
        f"  h: {{kind: vpc, arrange: {arrange}}}\nnodes:\n  igw: {{type: igw, in: h, on_border: true}}\n"
    )
    scene = lay_out(load_blueprint(write(tmp_path, text)), load_catalog())
    assert sorted(frame.id for frame in scene.frames) == ["g", "h"]


def test_a_side_is_a_node_icons_not_a_groups(tmp_path: Path):
    # It was applied to the group's first node, hidden inside it.
    text = (
        "title: T\ngroups:\n  vpc: {kind: vpc}\nnodes:\n  u: {type: users}\n"
        "  a: {type: ec2, in: vpc}\nedges:\n  e: {from: u, to: vpc, to_side: south}\n"
    )
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(write(tmp_path, text), "bp.yaml")
    assert caught.value.lines() == [
        "bp.yaml:8:34: to_side is a side of a node's icon, and 'vpc' is a group"
        " (an edge to a group ends at its border, where it meets it)"
    ]
