"""Placing elements: written order across the flow, a group's children in a row, column
or grid, first or last in the flow, level with another, and on a group's border."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.errors import BlueprintError
from arch_draw.pipeline import load_blueprint
from arch_draw.render import lay_out, styles
from arch_draw.render.dot import to_dot
from arch_draw.render.icons import icons_of
from arch_draw.render.layouts import CANDIDATES
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
def test_a_grid_reads_left_to_right_and_top_down_in_every_direction(
    tmp_path: Path, direction: str
) -> None:
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
def test_first_last_and_level_with(tmp_path: Path, direction: str) -> None:
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
def test_a_node_on_a_border_straddles_it(tmp_path: Path, direction: str) -> None:
    scene = laid_out(tmp_path, "placement.yaml", direction)
    icon = next(shape.icon for shape in scene.shapes if shape.id == "igw")
    vpc = next(frame.box for frame in scene.frames if frame.id == "vpc")
    assert icon is not None
    x, y = middle(icon)
    sides = (abs(x - vpc.left), abs(x - vpc.right), abs(y - vpc.bottom), abs(y - vpc.top))
    assert min(sides) < 0.5
    assert icon.overlaps(vpc)
    assert not vpc.encloses(icon)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_sibling_groups_keep_their_written_order_across_the_flow(
    tmp_path: Path, direction: str
) -> None:
    # dot keeps the order elements come in, but bottom to top in LR and RL: Availability
    # Zone B was drawn above A there. (Without the alarm's edge to the Auto Scaling group,
    # which can decide otherwise: it leaves from the member on the alarm's side.)
    text = (EXAMPLES / "spans.yaml").read_text(encoding="utf-8")
    text = text.replace("title:", f"direction: {direction}\ntitle:", 1)
    path = tmp_path / "no-alarm.yaml"
    path.write_text(text.replace("  scale:", "  # scale:"), encoding="utf-8")
    frames = {f.id: f.box for f in lay_out(load_blueprint(path), load_catalog()).frames}
    a, b = frames["az_a"], frames["az_b"]
    assert a.top > b.top if direction in ("LR", "RL") else a.left < b.left


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
        ("{type: ec2, before: b}", "bp.yaml:3:26: 'b' cannot be before itself"),
        (
            "{type: ec2, level_with: a, before: a}",
            "bp.yaml:3:41: 'b' is level with 'a' (level_with), so not before it",
        ),
        (
            "{type: ec2, before: aa}",
            "bp.yaml:3:26: unknown node or group 'aa' (did you mean 'a'?)",
        ),
    ],
)
def test_what_placement_refuses(tmp_path: Path, node: str, message: str) -> None:
    text = f"title: T\nnodes:\n  b: {node}\n  a: {{type: ec2}}\n"
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(write(tmp_path, text), "bp.yaml")
    assert caught.value.lines() == [message]


@pytest.mark.parametrize("arrange", ["row", "column", "grid"])
def test_an_empty_group_or_one_of_only_a_border_node_arranges_nothing(
    tmp_path: Path, arrange: str
) -> None:
    # A grid of no children divided by zero: an internal error.
    text = (
        f"title: T\ngroups:\n  g: {{kind: vpc, arrange: {arrange}}}\n"
        f"  h: {{kind: vpc, arrange: {arrange}}}\nnodes:\n  igw: {{type: igw, in: h, on_border: true}}\n"
    )
    scene = lay_out(load_blueprint(write(tmp_path, text)), load_catalog())
    assert sorted(frame.id for frame in scene.frames) == ["g", "h"]


def test_a_side_is_a_node_icons_not_a_groups(tmp_path: Path) -> None:
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


ROW = """\
title: Row
groups:
  band: {kind: generic, arrange: row, label: Band}
nodes:
  a: {type: ec2, in: band, label: A}
  b: {type: ec2, in: band, label: B}
  c: {type: ec2, in: band, label: C}
  x: {type: users, label: X}
edges:
  ab: {from: a, to: b}
  bc: {from: b, to: c}
  xc: {from: x, to: c}
  ca: {from: c, to: a, constraint: false}
"""


def row_laid_out(tmp_path: Path, direction: str, change: tuple[str, str] = ("", "")) -> Scene:
    """ROW across the flow: a row in TB and BT, a column in LR and RL; `change` replaces
    one text of it by another."""
    arrange = "row" if direction in ("TB", "BT") else "column"
    text = ROW.replace("title:", f"direction: {direction}\ntitle:").replace("row", arrange)
    text = text.replace(*change) if change[0] else text
    return lay_out(load_blueprint(write(tmp_path, text)), load_catalog())


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_row_or_column_keeps_its_written_order_and_its_edges_go_straight_across(
    tmp_path: Path, direction: str
) -> None:
    # Across the flow (a row in TB and BT, a column in LR and RL), dot ordered the
    # children as their edges pulled (here c before a), and the edges between them,
    # leaving by the flow's side, looped round them.
    scene = row_laid_out(tmp_path, direction)
    centres = {shape.id: middle(shape.box) for shape in scene.shapes}
    across = 0 if direction in ("TB", "BT") else 1
    order = sorted("abc", key=lambda node: centres[node][across])
    assert order == (["a", "b", "c"] if across == 0 else ["c", "b", "a"])  # y grows upwards
    for line in scene.lines:
        if line.id in ("ab", "bc"):  # straight across: never beyond its ends
            ends = sorted(point[across] for point in (line.points[0], line.points[-1]))
            assert all(ends[0] - 1 <= point[across] <= ends[1] + 1 for point in line.points)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_a_rows_children_stand_a_node_gap_apart_in_a_drawing_with_edge_labels(
    tmp_path: Path, direction: str
) -> None:
    # An edge label anywhere makes dot double every edge's minimum length (a rank for
    # the labels between two of nodes), and the edges that keep a row in order with it:
    # tier 1's row of code services stood two gaps apart, 180 points wider.
    scene = row_laid_out(
        tmp_path, direction, ("{from: x, to: c}", "{from: x, to: c, label: deploy}")
    )
    boxes = sorted(
        (shape.box for shape in scene.shapes if shape.id in "abc"),
        key=lambda box: box.left if direction in ("TB", "BT") else box.bottom,
    )
    gaps = [
        (later.left - earlier.right) if direction in ("TB", "BT") else (later.bottom - earlier.top)
        for earlier, later in itertools.pairwise(boxes)
    ]
    assert gaps == pytest.approx([float(styles.GRAPH["nodesep"]) * 72] * 2, abs=1)


@pytest.mark.parametrize(
    ("elements", "pair"),
    [
        # from one child of a row to two
        (
            "groups:\n  band: {kind: generic, arrange: row}\nnodes:\n  a: {type: ec2, in: band}\n"
            "  b: {type: ec2, in: band}\n  c: {type: ec2, in: band}\n  z: {type: rds}\n"
            "edges:\n  m: {from: a, to: [b, c]}\n  far: {from: z, to: a, label: far away}\n",
            ("a", "b"),
        ),
        # between a level_with pair
        (
            "nodes:\n  x: {type: ec2}\n  y: {type: ec2, level_with: x}\n  z: {type: rds}\n"
            "edges:\n  xy: {from: x, to: y}\n  far: {from: z, to: x, label: far away}\n",
            ("x", "y"),
        ),
    ],
)
def test_an_edge_within_a_step_parts_its_ends_by_one_node_gap(
    tmp_path: Path, elements: str, pair: tuple[str, str]
) -> None:
    text = "title: T\ndirection: TB\n" + elements
    scene = lay_out(load_blueprint(write(tmp_path, text)), load_catalog())
    boxes = {shape.id: shape.box for shape in scene.shapes}
    left, right = sorted((boxes[pair[0]], boxes[pair[1]]), key=lambda box: box.left)
    assert right.left - left.right == pytest.approx(float(styles.GRAPH["nodesep"]) * 72, abs=1)


SPANNING = """\
title: Spanning ends
direction: TB
groups:
  vpc: {kind: vpc}
  az_a: {kind: availability-zone, in: vpc, label: A}
  az_b: {kind: availability-zone, in: vpc, label: B}
  public_a: {kind: public-subnet, in: az_a}
  public_b: {kind: public-subnet, in: az_b}
  private_a: {kind: private-subnet, in: az_a}
  private_b: {kind: private-subnet, in: az_b}
  asg: {kind: auto-scaling-group, spans: [public_a, public_b]}
  replicas: {kind: generic, spans: [replica_b, replica_a], label: Replicas}
  band: {kind: generic, label: Band}
nodes:
  web_a: {type: ec2, in: public_a}
  web_b: {type: ec2, in: public_b}
  db: {type: rds, in: private_a}
  replica_a: {type: rds, in: private_a}
  replica_b: {type: rds, in: private_b}
  deploy: {type: codedeploy, in: band}
edges:
  writes: {from: asg, to: db}
  reads: {from: asg, to: replicas}
  deploys: {from: deploy, to: asg, constraint: false}
"""


def test_an_edge_to_a_spanning_group_is_laid_out_to_the_member_toward_its_other_end(
    tmp_path: Path,
) -> None:
    # To the first member, the edge from the band (written after the VPC) crossed the
    # drawing to zone A, and the reads went to the zone the writes already used.
    blueprint = load_blueprint(write(tmp_path, SPANNING))
    dot = to_dot(blueprint, icons_of(blueprint, load_catalog()).by_node)
    ends = {
        edge: line.split(" [")[0].strip()
        for line in dot.splitlines()
        if (edge := next((e for e in ("writes", "reads", "deploys") if f'"{e}"' in line), None))
    }
    assert ends == {
        "writes": '"web_a":s -> "db":icon:n',  # the database is in zone A
        "reads": '"web_b":s -> "replica_b":icon:n',  # one zone: the replicas' first member's
        "deploys": '"deploy":icon:_ -> "web_b":icon:_',  # the band comes after the VPC
    }


def test_an_edge_against_the_flow_from_a_band_placed_last_stays_off_the_ranks(
    tmp_path: Path,
) -> None:
    # Ranked, it pulled its end out of the band, above what the band is placed after.
    text = SPANNING.replace("band: {kind: generic,", "band: {kind: generic, place: last,")
    blueprint = load_blueprint(write(tmp_path, text))
    by_node = icons_of(blueprint, load_catalog()).by_node
    for layout in CANDIDATES:
        deploys = next(
            line for line in to_dot(blueprint, by_node, layout).splitlines() if '"deploys"' in line
        )
        assert 'constraint="false"' in deploys, layout


REFUSED_BEFORE = """title: T
groups:
  g: {kind: generic}
  asg: {kind: auto-scaling-group, spans: [w1, w2]}
nodes:
  a: {type: ec2, in: g}
  w1: {type: ec2}
  w2: {type: ec2}
  c: {type: s3, level_with: d}
  d: {type: s3, level_with: x}
  x: {type: s3}
  e: {type: sqs, before: f}
  f: {type: sqs, before: e}
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("  a: {type: ec2, in: g}", "  a: {type: ec2, in: g, before: g}"),
        ("  g: {kind: generic}", "  g: {kind: generic, before: a}"),
        ("  w1: {type: ec2}", "  w1: {type: ec2, before: asg}"),
        ("  x: {type: s3}", "  x: {type: s3, before: c}"),
    ],
)
def test_what_before_refuses(tmp_path: Path, change: str, message: str) -> None:
    # Graphviz drops one of two contradicting orders without a word: a group cannot be
    # ahead of what is in it, nor an element ahead of one at its own step (here through a
    # chain of level_with), nor two elements each ahead of the other.
    text = REFUSED_BEFORE.replace(change, message)
    with pytest.raises(BlueprintError) as caught:
        load_blueprint(write(tmp_path, text), "bp.yaml")
    line = text.splitlines().index(message) + 1
    column = message.index("before: ") + len("before: ") + 1
    expected = {
        "a": "'a' is inside group 'g': one cannot be before the other",
        "g": "'a' is inside group 'g': one cannot be before the other",
        "w1": "group 'asg' spans 'w1': one cannot be before the other",
        "x": "'x' is level with 'c' (level_with), so not before it",
    }[message.split(":", maxsplit=1)[0].strip()]
    loops = [
        "bp.yaml:12:26: 'e' is before 'f', which is before it again: a loop",
        "bp.yaml:13:26: 'f' is before 'e', which is before it again: a loop",
    ]
    assert caught.value.lines() == [f"bp.yaml:{line}:{column}: {expected}", *loops]


BEFORE = """title: Before
nodes:
  users: {type: users}
  web: {type: ec2}
  queue: {type: sqs}
  files: {type: s3, before: queue}
edges:
  browse: {from: users, to: web}
"""


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_an_element_before_another_is_a_step_earlier_in_line_with_it(
    tmp_path: Path, direction: str
) -> None:
    # Left to dot, the bucket and the queue stood side by side at the first step.
    text = BEFORE.replace("title:", f"direction: {direction}\ntitle:", 1)
    scene = lay_out(load_blueprint(write(tmp_path, text)), load_catalog())
    (files_x, files_y), (queue_x, queue_y) = (
        middle(next(shape.icon for shape in scene.shapes if shape.id == name) or Box(0, 0, 0, 0))
        for name in ("files", "queue")
    )
    before = {
        "TB": files_y > queue_y,  # (y grows upwards)
        "BT": files_y < queue_y,
        "LR": files_x < queue_x,
        "RL": files_x > queue_x,
    }
    assert before[direction]
    across = (files_y, queue_y) if direction in ("LR", "RL") else (files_x, queue_x)
    assert across[0] == pytest.approx(across[1], abs=1)


BAND = """title: Band
groups:
  app: {kind: generic}
  band: {kind: generic, place: last, arrange: row}
nodes:
  a: {type: ec2, in: app}
  b: {type: ec2, in: app}
  c: {type: ec2, in: app}
  d: {type: ec2, in: app, before: c}
  build: {type: codebuild, in: band}
  deploy: {type: codedeploy, in: band}
edges:
  ab: {from: a, to: b}
  bc: {from: b, to: c}
"""


def placing_edges(blueprint_text: str, tmp_path: Path) -> set[str]:
    blueprint = load_blueprint(write(tmp_path, blueprint_text))
    dot = to_dot(blueprint, icons_of(blueprint, load_catalog()).by_node)
    return {
        line.strip()
        for line in dot.splitlines()
        if line.strip().endswith('"build" [style="invis"];')
    }


def test_a_band_placed_last_is_tied_only_to_where_the_flow_ends(tmp_path: Path) -> None:
    # Each tie is an invisible edge, to which dot gives a chain of invisible nodes across
    # every step it spans: from each of a Region's nodes to its code band, they kept a
    # strip as wide as an icon empty beside the VPC. a, b and d are ranked before c.
    assert placing_edges(BAND, tmp_path) == {'"c" -> "build" [style="invis"];'}


def test_a_loop_through_a_group_keeps_every_node_tied_in_the_classic_ranking(
    tmp_path: Path,
) -> None:
    # dot's classic ranking ranks a group as one block: from G to M and back into G is a
    # loop, and dot turned a -> m round and drew Top at M's step, not before it.
    text = (
        "title: T\ngroups:\n  g: {kind: generic}\nnodes:\n  a: {type: ec2, in: g}\n"
        "  b: {type: ec2, in: g}\n  m: {type: alb}\n  top: {type: cloudtrail, place: first}\n"
        "edges:\n  e1: {from: a, to: m}\n  e2: {from: m, to: b}\n"
    )
    blueprint = load_blueprint(write(tmp_path, text))
    dot = to_dot(blueprint, icons_of(blueprint, load_catalog()).by_node)
    assert {line.strip() for line in dot.splitlines() if line.startswith('  "top" -> ')} == {
        f'"top" -> "{node}" [style="invis"];' for node in ("a", "b", "m")
    }


def test_an_edge_against_the_flow_ties_as_each_layout_ranks_it(tmp_path: Path) -> None:
    # The layouts that rank edges against the flow rank y -> x too: a loop with x -> y,
    # where tying only y left x at the band's step.
    text = (
        "title: T\nnodes:\n  y: {type: s3}\n  x: {type: ec2}\n"
        "  audit: {type: cloudtrail, place: last}\n"
        "edges:\n  fwd: {from: x, to: y}\n  back: {from: y, to: x, constraint: false}\n"
    )
    blueprint = load_blueprint(write(tmp_path, text))
    by_node = icons_of(blueprint, load_catalog()).by_node
    tied = {
        layout.against_flow: {
            line.split()[0].strip('"')
            for line in to_dot(blueprint, by_node, layout).splitlines()
            if line.endswith('-> "audit" [style="invis"];')
        }
        for layout in CANDIDATES
    }
    assert tied == {"free": {"y"}, "ranked": {"x", "y"}, "light": {"x", "y"}}


def test_a_loop_keeps_every_node_tied_to_a_band_placed_last(tmp_path: Path) -> None:
    # dot turns one edge of a loop round, and which one it alone knows.
    looped = BAND + "  ca: {from: c, to: a}\n"
    assert placing_edges(looped, tmp_path) == {
        f'"{node}" -> "build" [style="invis"];' for node in "abcd"
    }


def test_an_edge_into_a_spanning_group_from_ahead_is_laid_out_to_its_first_member(
    tmp_path: Path,
) -> None:
    # The alarm that scales the Auto Scaling group comes before it in the flow: laid out
    # to zone B's member (the alarm is written after the VPC), it drew zone B above A.
    blueprint = load_blueprint(EXAMPLES / "spans.yaml")
    dot = to_dot(blueprint, icons_of(blueprint, load_catalog()).by_node)
    scale = next(line.strip() for line in dot.splitlines() if '"scale"' in line)
    assert scale.startswith('"alarm":icon:e -> "web_a":icon:w ')
    frames = {f.id: f.box for f in lay_out(blueprint, load_catalog()).frames}
    assert frames["az_a"].top > frames["az_b"].top
