from __future__ import annotations

import html
import re
from pathlib import Path

import pygraphviz
import pytest

from arch_draw.catalog import load_catalog
from arch_draw.pipeline import draw, load_blueprint
from arch_draw.render import lay_out, styles
from arch_draw.render.dot import ListShape, callout_shape, legend_shape, quote, to_dot
from arch_draw.render.icons import icons_of
from arch_draw.render.scene import EDGE_ATTRIBUTE

from ..conftest import ALL_BLUEPRINTS, BLUEPRINTS, EXAMPLES, FIXTURES, assert_snapshot


def dot_of(path: Path) -> str:
    blueprint = load_blueprint(path, path.name)
    return to_dot(blueprint, icons_of(blueprint, load_catalog()).by_node)


@pytest.mark.parametrize("path", ALL_BLUEPRINTS, ids=lambda p: p.stem)
def test_dot_matches_its_snapshot(path: Path) -> None:
    assert_snapshot(f"{path.stem}.dot", dot_of(path))


def test_dot_holds_no_machine_path() -> None:
    dot = dot_of(BLUEPRINTS / "users-under-1k.yaml")
    assert str(load_catalog().icon_root) not in dot
    assert str(Path.home()) not in dot
    assert 'image="' not in dot  # icons are drawn through HTML labels only


def test_groups_with_the_same_label_stay_two_groups() -> None:
    graph = pygraphviz.AGraph(string=dot_of(FIXTURES / "same-labels.yaml"))
    clusters = {sub.name: sub for sub in graph.subgraphs()}
    assert set(clusters) == {"cluster_left", "cluster_right"}
    assert set(clusters["cluster_left"].nodes()) == {"a"}
    assert set(clusters["cluster_right"].nodes()) == {"b"}


def test_edges_to_groups_end_at_the_group_border() -> None:
    graph = pygraphviz.AGraph(string=dot_of(FIXTURES / "group-edges.yaml"))
    assert graph.graph_attr["compound"] == "true"
    # By blueprint edge and ends: `enter` and one edge of `fan` both join users to web_1.
    ends = sorted(
        (
            edge.attr[EDGE_ATTRIBUTE],
            edge[0],
            edge[1],
            edge.attr.get("ltail") or "",
            edge.attr.get("lhead") or "",
        )
        for edge in graph.edges()
    )
    assert ends == [
        ("enter", "users", "web_1", "", "cluster_app"),
        ("fan", "users", "web_1", "", ""),
        ("fan", "users", "web_2", "", ""),
        # An empty group gets an invisible placeholder, so it is drawn and can be reached.
        ("reserve", "db", "empty.empty", "cluster_data", "cluster_empty"),
        ("scale", "alarm", "web_1", "", "cluster_app"),
        ("store", "web_1", "db", "cluster_app", "cluster_data"),
    ]
    assert graph.get_node("empty.empty").attr["style"] == "invis"


def test_one_entry_draws_every_pair() -> None:
    graph = pygraphviz.AGraph(string=dot_of(FIXTURES / "group-edges.yaml"))
    pairs = [(edge[0], edge[1], edge.attr["dir"]) for edge in graph.edges()]
    assert ("users", "web_1", "both") in pairs
    assert ("users", "web_2", "both") in pairs


HOSTILE = [
    'x"]; evil [label="pwned',
    "} subgraph cluster_evil { evil2 }",
    "<B>bold</B><IMG SRC='/etc/passwd'/>",
    "\\N \\G \\E \\l \\n\\\\",
    "line one\nline two\r\nthree",
    "<script>alert(1)</script> &amp; &#60; ]]> <!-- -->",
    "ctrl\x01\x02\x1b[31m end",
    "-> web2 [color=red]",
    "a" * 300,
]


def hostile_blueprint(tmp_path: Path, text_of: list[str]) -> Path:
    def q(value: str) -> str:
        return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'

    path = tmp_path / f"bp{len(list(tmp_path.iterdir()))}.yaml"
    lines = [f"title: {q(text_of[0])}", f"caption: {q(text_of[1])}", "groups:"]
    lines.append(f"  g: {{kind: vpc, label: {q(text_of[2])}, note: {q(text_of[3])}}}")
    lines.append("nodes:")
    for index, text in enumerate(text_of):
        lines.append(f"  n{index}: {{type: ec2, in: g, label: {q(text)}, note: {q(text)}}}")
    lines.append("edges:")
    for index, text in enumerate(text_of[1:]):
        lines.append(f"  e{index}: {{from: n{index}, to: n{index + 1}, label: {q(text)}}}")
    lines.append("notes:")
    lines.extend(f"  m{index}: {q(text)}" for index, text in enumerate(text_of))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def structure(dot: str) -> tuple[object, ...]:
    graph = pygraphviz.AGraph(string=dot)
    nodes = sorted((node, tuple(sorted(node.attr.keys()))) for node in graph.nodes())
    edges = sorted((edge[0], edge[1], tuple(sorted(edge.attr.keys()))) for edge in graph.edges())
    clusters = sorted(sub.name for sub in graph.subgraphs_iter())
    return tuple(nodes), tuple(edges), tuple(clusters), tuple(sorted(graph.graph_attr.keys()))


def test_hostile_text_cannot_change_the_graph(tmp_path: Path) -> None:
    plain = hostile_blueprint(tmp_path, ["x"] * len(HOSTILE))
    hostile = hostile_blueprint(tmp_path, HOSTILE)
    hostile_dot = dot_of(hostile)
    assert structure(hostile_dot) == structure(dot_of(plain))
    graph = pygraphviz.AGraph(string=hostile_dot)
    label = html.unescape(graph.get_node("n0").attr["label"])
    assert 'x"]; evil<BR/>[label="pwned' in label


def test_escapes_graphviz_expands_are_drawn_as_written(tmp_path: Path) -> None:
    # Graphviz expands these in HTML-like labels too: `N=\\N` was drawn `N=n0`, an edge
    # label `\\E` as `n0->n1`, and `\\\\` as one backslash.
    written = "\\N\\G\\E\\T\\H\\L\\\\ \\x\\"
    path = hostile_blueprint(tmp_path, [written] * 4)
    svg = draw(load_blueprint(path), ("svg",)).outputs["svg"].decode()
    texts = [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    # title, caption, legend, group label and note, node labels and notes, edge labels
    assert len(texts) >= 15
    assert set(texts) == {written}


@pytest.mark.parametrize("blank", ["", "  ", "\t"])
def test_blank_texts_are_drawn_as_nothing(tmp_path: Path, blank: str) -> None:
    # Graphviz rejects `<>`, `<B></B>` and `<FONT></FONT>`: found by tests/test_fuzz.py
    path = hostile_blueprint(tmp_path, [blank] * len(HOSTILE))
    drawn = draw(load_blueprint(path), ("svg", "dot"))
    assert drawn.outputs["svg"].startswith(b"<?xml")
    graph = pygraphviz.AGraph(string=drawn.outputs["dot"].decode())
    assert graph.graph_attr["label"] == ""  # no title, caption or legend is left to draw


def test_quote_escapes_backslashes_and_quotes() -> None:
    assert quote('a"b\\c') == '"a\\"b\\\\c"'


def test_callouts_number_the_notes_and_draw_no_note_or_link() -> None:
    dot = dot_of(EXAMPLES / "callouts.yaml")
    assert ".note" not in dot
    assert 'style="dotted"' not in dot
    graph = pygraphviz.AGraph(string=dot)
    numbers = re.compile(r"<B>(\d+)</B>")
    marked = {node.name: numbers.findall(node.attr["label"]) for node in graph.nodes()}
    assert marked == {"users": ["1"], "lb": [], "web": ["2"], "db": ["3"]}
    vpc = graph.get_subgraph("cluster_vpc")
    zone = vpc.get_subgraph("cluster_az_a")
    assert numbers.findall(vpc.graph_attr["label"]) == ["4"]
    assert numbers.findall(zone.graph_attr["label"]) == ["5"]
    # The list under the title: each number, then its note's text, in order.
    title = graph.graph_attr["label"]
    listed = re.findall(r"<B>(\d+)</B>.*?<FONT POINT-SIZE=\"11\">(.*?)</FONT>", title)
    left_aligned_line = '<BR ALIGN="LEFT"/>'
    assert [(number, text.removesuffix(left_aligned_line)) for number, text in listed] == [
        ("1", "Notes are numbered in file order: nodes first."),
        ("2", "The marker sits at the icon&#x27;s top right."),
        ("3", "No dotted line joins a note to its element."),
        ("4", "The VPC&#x27;s note is numbered after every node&#x27;s."),
        ("5", "A group without a corner icon."),
    ]


def test_before_a_layout_the_callouts_take_one_column_for_a_few_and_two_for_more() -> None:
    assert [callout_shape(["a note"] * count, None) for count in (1, 4, 5, 11)] == [
        ListShape(1, styles.CALLOUT_WIDTH),
        ListShape(1, styles.CALLOUT_WIDTH),
        ListShape(2, styles.CALLOUT_WIDTH),
        ListShape(2, styles.CALLOUT_WIDTH),
    ]


def test_the_callouts_take_the_columns_that_make_the_list_lowest() -> None:
    four_columns = 4 * styles.CALLOUT_COLUMN + styles.CALLOUT_LIST_SPACING
    short = "A note of one line."
    assert [callout_shape([short] * count, four_columns).columns for count in (1, 3, 4, 5, 11)] == [
        1,
        3,
        4,
        3,  # 3 + 2 rather than 4 + 1: as many rows, and wider
        4,
    ]
    assert callout_shape([short] * 11, four_columns - 1).columns == 3
    assert callout_shape([short] * 11, 10.0).columns == 1  # narrower than one column


def test_a_callout_wraps_at_its_columns_width_but_no_wider_than_a_line_is_read() -> None:
    long = " ".join(["word"] * 60)  # 299 columns
    # One column as wide as the drawing: wrapped at the widest line that reads well.
    assert callout_shape([long], 2000.0) == ListShape(1, styles.CALLOUT_LONGEST_LINE)
    # Two long texts side by side in a drawing that is 1,000 points wide: each column
    # takes half, less the marker's cell.
    half = (1000 - styles.CALLOUT_LIST_SPACING) / 2 - (
        styles.CALLOUT_COLUMN - styles.CALLOUT_TEXT_WIDTH
    )
    fitting = int(half * styles.CALLOUT_WIDTH / styles.CALLOUT_TEXT_WIDTH)
    assert callout_shape([long, long], 1000.0) == ListShape(2, fitting)
    # Never narrower than before a layout, to save a row.
    assert callout_shape([long] * 3, 1000.0).wrap >= styles.CALLOUT_WIDTH


def test_the_notes_about_the_drawing_share_its_width_as_the_callouts_do() -> None:
    one_line, two_lines = "A short note.", " ".join(["word"] * 30)  # 13 and 149 columns
    # Before a layout: one under another, wrapped as the title.
    assert legend_shape([one_line, two_lines], None) == ListShape(1, styles.TITLE_WIDTH)
    # Side by side where that makes the box lower; never longer lines than the title's.
    assert legend_shape([two_lines, two_lines], 1000.0).columns == 2
    assert legend_shape([two_lines], 2000.0) == ListShape(1, styles.TITLE_WIDTH)
    # A note too long for half a narrow drawing keeps the whole width.
    assert legend_shape([two_lines, one_line], 500.0).columns == 1


def test_the_notes_of_tier_1_stand_side_by_side() -> None:
    blueprint = load_blueprint(BLUEPRINTS / "users-under-1k.yaml")
    scene = lay_out(blueprint, load_catalog())
    firsts = [
        next(text for text in scene.texts if text.content.startswith(note.text[:20]))
        for note in blueprint.notes
    ]
    assert len(firsts) == 2
    assert firsts[0].box.top == pytest.approx(firsts[1].box.top, abs=1)
    assert firsts[0].box.right < firsts[1].box.left


@pytest.mark.parametrize("name", ["users-over-1k", "users-over-10k", "users-over-100k"])
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_list_of_callouts_is_as_wide_as_the_drawing_allows(name: str, language: str) -> None:
    blueprint = load_blueprint(BLUEPRINTS / f"{name}.yaml", language=language)
    scene = lay_out(blueprint, load_catalog())
    markers = [text for text in scene.texts if text.content.isdigit()]
    numbers = blueprint.callout_numbers()
    assert sorted(int(marker.content) for marker in markers) == list(range(1, len(numbers) + 1))
    columns = len({round(marker.box.left + marker.box.right) for marker in markers})
    notes = {node.id: node.note or "" for node in blueprint.nodes}
    notes.update({group.id: group.note or "" for group in blueprint.groups})
    texts = [notes[element_id] for element_id in numbers]
    assert columns == callout_shape(texts, scene.body.width).columns > 1
    # The list is no wider than the drawing below it: it widened nothing.
    body = scene.body
    assert body.left <= min(text.box.left for text in scene.texts)
    assert max(text.box.right for text in scene.texts) <= body.right


def test_without_callouts_notes_are_joined_to_their_elements(tmp_path: Path) -> None:
    path = tmp_path / "linked.yaml"
    text = (EXAMPLES / "callouts.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("callouts: true", "callouts: false"), encoding="utf-8")
    dot = dot_of(path)
    assert "<B>1</B>" not in dot
    notes = [line.split()[0] for line in dot.splitlines() if ".note" in line and "->" not in line]
    assert sorted(notes) == [
        '"az_a.note"',
        '"db.note"',
        '"users.note"',
        '"vpc.note"',
        '"web.note"',
    ]


def test_edges_carry_their_sides_end_labels_and_style() -> None:
    dot = dot_of(EXAMPLES / "edges.yaml")
    lines = {
        match.group(1): line
        for line in dot.splitlines()
        if (match := re.search(r'arch_draw_edge="(\w+)"', line))
    }
    assert lines["archive"].startswith('  "web":icon:n -> "logs":icon:n ')
    assert "taillabel=<pool>" in lines["query"]
    assert "headlabel=<5432>" in lines["query"]
    assert 'style="invis"' in lines["below"]


@pytest.mark.parametrize("direction", ["LR", "TB", "RL", "BT"])
def test_callout_markers_sit_on_their_elements_in_every_direction(
    tmp_path: Path, direction: str
) -> None:
    text = (EXAMPLES / "callouts.yaml").read_text(encoding="utf-8")
    path = tmp_path / f"{direction}.yaml"
    path.write_text(text.replace("title:", f"direction: {direction}\ntitle:", 1), encoding="utf-8")
    scene = lay_out(load_blueprint(path), load_catalog())
    marked = {
        shape.id: [t.content for t in shape.texts if t.content.isdigit()] for shape in scene.shapes
    }
    assert marked == {"users": ["1"], "lb": [], "web": ["2"], "db": ["3"]}
    groups = {
        frame.id: [t.content for t in frame.texts if t.content.isdigit()] for frame in scene.frames
    }
    assert groups == {"vpc": ["4"], "az_a": ["5"]}
    listed = [t.content for t in scene.texts if t.content.isdigit()]
    assert listed == ["1", "2", "3", "4", "5"]


def test_each_group_kind_is_drawn_as_aws_draws_it_and_nested_generic_groups_darken() -> None:
    graph = pygraphviz.AGraph(string=dot_of(FIXTURES / "aws-group-kinds.yaml"))
    clusters = {sub.name: sub.graph_attr for sub in graph.subgraphs_iter()}
    clusters |= {
        inner.name: inner.graph_attr
        for sub in graph.subgraphs_iter()
        for inner in _all_subgraphs(sub)
    }
    drawn = {
        name.removeprefix("cluster_"): (attr["color"], attr["style"], attr.get("fillcolor") or None)
        for name, attr in clusters.items()
    }
    assert drawn == {
        "account": ("#E7157B", "solid", None),
        "dc": ("#7D8998", "solid", None),
        "server": ("#7D8998", "solid", None),
        "fleet": ("#ED7100", "solid", None),
        "box": ("#ED7100", "solid", None),
        "outer": ("#7D8998", "dashed", None),
        "middle": ("#7D8998", "dashed,filled", "#F7F8F9"),
        "inner": ("#7D8998", "dashed,filled", "#EEF0F2"),
    }
    labels = {name: html.unescape(attr["label"]) for name, attr in clusters.items()}
    assert "organizations-account.png" in labels["cluster_account"]
    assert "Corporate data center" in labels["cluster_dc"]
    assert "generic-office-building.png" in labels["cluster_dc"]


def _all_subgraphs(graph: pygraphviz.AGraph) -> list[pygraphviz.AGraph]:
    found = []
    for sub in graph.subgraphs_iter():
        found += [sub, *_all_subgraphs(sub)]
    return found
