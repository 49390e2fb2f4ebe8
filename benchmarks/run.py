"""arch-draw's benchmarks: `python benchmarks/run.py` prints a table, ratios first.

Every comparison is a ratio of two things measured in the same run, several times
each, median kept: these machines are noisy, absolute seconds are not comparable from
one run to the next. `--quick` measures fewer times (for a smoke test, not for numbers).

1. multiformat  arch-draw render -f png -f svg  vs  the same graph as a plain `diagrams`
                script (which lays it out once per format); needs Graphviz's `dot`
2. overhead     arch-draw render  vs  Graphviz alone (the same library, through
                pygraphviz, nothing else) drawing the DOT arch-draw produced; start-up
3. build        50 blueprints with `arch-draw build`  vs  one after the other in one
                process; a warm build; a build after one blueprint changed
4. scale        10 to 1000 nodes: time and peak memory without and with Graphviz
5. png          where PNG time goes: layout, the canvas, the icons
6. hostile      refusing files crafted to expand (YAML aliases, merges, deep nesting): time and
                peak memory, beside reading a small valid blueprint
7. layout       the layout score (arch-draw lint) of every shipped blueprint in each of its
                languages, of the test fixtures and of synthetic blueprints, beside the
                score of the usual layout alone; what choosing and scoring cost
"""

from __future__ import annotations

import argparse
import compileall
import functools
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # the checkout: its blueprints and test fixtures
sys.path.insert(0, str(HERE))

from generate import (  # noqa: E402  (a sibling script, not a package)
    billion_laughs,
    blueprint,
    doubled_merges,
    group_loop,
    wide_edge,
)

PYTHON = sys.executable
Row = tuple[str, str, str, str, str]  # benchmark, measured, baseline, ratio or value, target


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> None:
    subprocess.run(list(map(str, args)), cwd=cwd, check=True, capture_output=True, env=env)


def arch_draw(*args: str | Path, cwd: Path) -> None:
    run(PYTHON, "-m", "arch_draw", *args, cwd=cwd)


def write_blueprint(folder: Path, nodes: int, name: str = "bp") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(blueprint(nodes, name), encoding="utf-8")
    return path


# --- 1 ---------------------------------------------------------------------------------


DIAGRAMS_SCRIPT = """\
import importlib
from diagrams import Cluster, Diagram, Edge

def node(qualified, label):
    module, name = qualified.rsplit(".", 1)
    return getattr(importlib.import_module("diagrams." + module), name)(label)

with Diagram("bp", filename="bp", outformat=["png", "svg"], show=False, direction="LR"):
{body}
"""


def diagrams_script(blueprint_path: Path) -> str:
    """The blueprint as a plain `diagrams` program: same nodes, groups and edges."""
    from arch_draw.pipeline import load_blueprint

    bp = load_blueprint(blueprint_path)
    lines: list[str] = []

    def place(parent: str | None, depth: int) -> None:
        pad = "    " * depth
        for node in (n for n in bp.nodes if n.parent == parent):
            lines.append(f"{pad}{node.id} = node({node.type!r}, {node.label!r})")
        for group in (g for g in bp.groups if g.parent == parent):
            lines.append(f"{pad}with Cluster({(group.label or group.id)!r}):")
            lines.append(f"{pad}    pass")
            place(group.id, depth + 1)

    place(None, 1)
    for edge in bp.edges:
        for source in edge.sources:
            for target in edge.targets:
                if source in {n.id for n in bp.nodes} and target in {n.id for n in bp.nodes}:
                    lines.append(f"    {source} >> Edge(label={(edge.label or '')!r}) >> {target}")
    return DIAGRAMS_SCRIPT.format(body="\n".join(lines))


def multiformat(work: Path, repeat: int) -> list[Row]:
    if shutil.which("dot") is None:
        return [
            (
                "1 multi-format render (40 nodes)",
                "-",
                "-",
                "skipped: no `dot` (apt-get install graphviz)",
                "<= 0.60",
            )
        ]
    path = write_blueprint(work, 40)
    (work / "plain.py").write_text(diagrams_script(path), encoding="utf-8")
    arch_draw("render", path, "-f", "dot", "-o", "dot", cwd=work)
    ours = median_seconds(
        lambda: arch_draw("render", path, "-f", "png", "-f", "svg", "-o", "out", cwd=work), repeat
    )
    theirs = median_seconds(lambda: run(PYTHON, "plain.py", cwd=work), repeat)
    # The floor: the `dot` program alone drawing arch-draw's DOT in both formats, one
    # layout; no Python at all. arch-draw cannot be faster than its own drawing.
    dot_args = ("dot", f"-Gimagepath={image_path()}", "-Tpng", "-o", "floor.png")
    alone = median_seconds(
        lambda: run(*dot_args, "-Tsvg", "-o", "floor.svg", work / "dot" / "bp.dot", cwd=work),
        repeat,
    )
    return [
        (
            "1 multi-format render (40 nodes)",
            f"{ours:.2f} s",
            f"{theirs:.2f} s diagrams",
            f"{ours / theirs:.2f}",
            "<= 0.60",
        ),
        (
            "1 floor: `dot` alone on arch-draw's DOT",
            f"{alone:.2f} s",
            f"{theirs:.2f} s diagrams",
            f"{alone / theirs:.2f}",
            "(reported)",
        ),
    ]


# --- 2 ---------------------------------------------------------------------------------


GRAPHVIZ_ALONE = """\
import os, sys
import pygraphviz
from pygraphviz import graphviz as gv
graph = pygraphviz.AGraph(string=open(sys.argv[1], encoding="utf-8").read())
graph.graph_attr["imagepath"] = sys.argv[2]
context = gv.gvContextWithBuiltins()
gv.gvLayout(context, graph.handle, b"dot")
for fmt, renderer in (("png", b"png:cairo"), ("svg", b"svg:svg:core")):
    _error, data = gv.gvRenderData(context, graph.handle, renderer)
    open("alone." + fmt, "wb").write(data)
"""


def image_path() -> str:
    """Where arch-draw's DOT finds its icons, as Graphviz's `imagepath`."""
    from arch_draw.catalog import load_catalog
    from arch_draw.render.icons import OWN_ICONS

    return os.pathsep.join(map(str, (load_catalog().icon_root, OWN_ICONS)))


def overhead(work: Path, repeat: int) -> list[Row]:
    icons = image_path()
    (work / "alone.py").write_text(GRAPHVIZ_ALONE, encoding="utf-8")
    rows = []
    for nodes in (20, 200):
        path = write_blueprint(work, nodes, f"bp{nodes}")
        arch_draw("render", path, "-f", "dot", "-o", "dot", cwd=work)
        dot = work / "dot" / f"bp{nodes}.dot"
        ours = median_seconds(
            functools.partial(
                arch_draw, "render", path, "-f", "png", "-f", "svg", "-o", "out", cwd=work
            ),
            repeat,
        )
        alone = median_seconds(
            functools.partial(run, PYTHON, "alone.py", dot, icons, cwd=work), repeat
        )
        target = "<= 1.10" if nodes == 200 else "(reported)"
        rows.append(
            (
                f"2 overhead over Graphviz ({nodes} nodes)",
                f"{ours:.2f} s",
                f"{alone:.2f} s Graphviz",
                f"{ours / alone:.2f}",
                target,
            )
        )
    rows.extend(startup(work, repeat))
    return rows


def startup(work: Path, repeat: int) -> list[Row]:
    """Start-up, beside its floor: Python starting and importing the two libraries
    every command needs (click for the command line, PyYAML for blueprints)."""
    small = write_blueprint(work, 10, "small")
    floor = median_seconds(lambda: run(PYTHON, "-c", "import click, yaml", cwd=work), repeat)
    commands = {"--help": ("--help",), "validate (10 nodes)": ("validate", small)}
    rows = []
    for name, args in commands.items():
        seconds = median_seconds(functools.partial(arch_draw, *args, cwd=work), repeat)
        rows.append(
            (
                f"2 start-up: arch-draw {name}",
                f"{seconds:.3f} s",
                f"{floor:.3f} s python+click+yaml",
                f"{seconds:.3f} s",
                "< 0.15 s",
            )
        )
    return rows


# --- 3 ---------------------------------------------------------------------------------


SERIAL = """\
import sys
from pathlib import Path
from arch_draw.pipeline import draw, load_blueprint, output_paths
from arch_draw.write import write_files
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    blueprint = load_blueprint(path)
    paths = output_paths(blueprint, Path(sys.argv[2]), ("png", "svg"))
    drawn = draw(blueprint, ("png", "svg"))
    write_files({paths[f]: data for f, data in drawn.outputs.items()})
"""


def build(work: Path, repeat: int) -> list[Row]:
    folder = work / "fifty"
    folder.mkdir()
    for index in range(50):
        write_blueprint(folder, 12 + index % 10, f"bp{index:02d}")
    (work / "serial.py").write_text(SERIAL, encoding="utf-8")

    def cold() -> None:
        shutil.rmtree(work / "built", ignore_errors=True)
        arch_draw("build", folder, "-o", "built", "-q", cwd=work)

    def serial() -> None:
        shutil.rmtree(work / "serial-out", ignore_errors=True)
        run(PYTHON, "serial.py", folder, work / "serial-out", cwd=work)

    cores = os.cpu_count() or 1
    cold_time, serial_time = (
        median_seconds(cold, max(1, repeat // 2)),
        median_seconds(serial, max(1, repeat // 2)),
    )
    warm = median_seconds(lambda: arch_draw("build", folder, "-o", "built", "-q", cwd=work), repeat)
    one_drawing, one_build = _one_changed(work, folder, repeat)
    return [
        (
            f"3 build, 50 blueprints cold ({cores} cores)",
            f"{cold_time:.2f} s",
            f"{serial_time:.2f} s one by one",
            f"{cold_time / serial_time:.2f}",
            "<= 0.65",
        ),
        ("3 build, 50 blueprints warm", f"{warm:.3f} s", "-", f"{warm:.3f} s", "< 0.3 s"),
        (
            "3 build, one of 50 changed",
            f"{one_build:.2f} s",
            f"{one_drawing:.2f} s its drawing",
            f"+{one_build - one_drawing:.2f} s",
            "<= +0.2 s",
        ),
    ]


def _one_changed(work: Path, folder: Path, repeat: int) -> tuple[float, float]:
    changed = folder / "bp07.yaml"
    original = changed.read_text(encoding="utf-8")
    builds = []
    for round_number in range(repeat):
        changed.write_text(
            original.replace("title:", f"# edit {round_number}\ntitle:"), encoding="utf-8"
        )
        builds.append(
            median_seconds(lambda: arch_draw("build", folder, "-o", "built", "-q", cwd=work), 1)
        )
    changed.write_text(original, encoding="utf-8")
    drawing = median_seconds(
        lambda: arch_draw("render", changed, "-o", "single", "-q", cwd=work), repeat
    )
    return drawing, statistics.median(builds)


# --- 4 ---------------------------------------------------------------------------------


# A process's peak memory: VmHWM, which starts afresh at exec. (ru_maxrss does not: a
# child started by a large benchmark process reported that process's peak as its own.)
PEAK_KIB = """
def peak_kib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
"""

SCALE = (
    """\
import json, sys, time
from pathlib import Path
from arch_draw.pipeline import blueprint_in, check_blueprint, draw
"""
    + PEAK_KIB
    + """
started = time.perf_counter()
blueprint = blueprint_in(check_blueprint(Path(sys.argv[1])))
ours = time.perf_counter() - started
if sys.argv[2] == "render":
    draw(blueprint, ("png", "svg"))
total = time.perf_counter() - started
print(json.dumps({"ours": ours, "total": total, "peak_kib": peak_kib()}))
"""
)


def scale(work: Path, repeat: int) -> list[Row]:
    (work / "scale.py").write_text(SCALE, encoding="utf-8")
    rows = []
    for nodes in (10, 100, 500, 1000):
        path = write_blueprint(work, nodes, f"scale{nodes}")
        model = _scale_run(work, path, "model", repeat)
        whole = _scale_run(work, path, "render", max(1, repeat // 2))
        rows.append(
            (
                f"4 scale {nodes} nodes: load+validate+model",
                f"{model['ours']:.3f} s, {model['peak_kib'] / 1024:.0f} MiB peak",
                "-",
                f"{model['ours'] * 1000 / nodes:.2f} ms/node",
                "< 0.3 s at 1000",
            )
        )
        rows.append(
            (
                f"4 scale {nodes} nodes: whole render",
                f"{whole['total']:.2f} s, {whole['peak_kib'] / 1024:.0f} MiB peak",
                "-",
                f"{whole['total']:.2f} s",
                "(reported)",
            )
        )
    return rows


def _scale_run(work: Path, path: Path, mode: str, repeat: int) -> dict[str, float]:
    results = []
    for _ in range(repeat):
        out = subprocess.run(
            [PYTHON, "scale.py", path, mode], cwd=work, check=True, capture_output=True, text=True
        )
        results.append(json.loads(out.stdout))
    return {key: statistics.median(r[key] for r in results) for key in results[0]}


# --- 5 ---------------------------------------------------------------------------------


GRAPHVIZ_PNG = """\
import sys
import pygraphviz
from pygraphviz import graphviz as gv
graph = pygraphviz.AGraph(string=open(sys.argv[1], encoding="utf-8").read())
graph.graph_attr["imagepath"] = sys.argv[2]
context = gv.gvContextWithBuiltins()
gv.gvLayout(context, graph.handle, b"dot")
_error, data = gv.gvRenderData(context, graph.handle, b"png:cairo")
open("stock.png", "wb").write(data)
"""


def png(work: Path, repeat: int) -> list[Row]:
    """PNG: arch-draw's writer (Graphviz drawing on arch-draw's canvas, arch-draw
    encoding it: render.bitmap) against Graphviz's own, on the largest shipped drawing;
    its split (drawing, converting cairo's pixels to PNG rows, deflating); and the whole
    command against stock Graphviz (pygraphviz in a fresh Python drawing arch-draw's own
    DOT to PNG) for every shipped blueprint."""
    rows = _png_split(work, repeat)
    script = work / "stock_png.py"
    script.write_text(GRAPHVIZ_PNG, encoding="utf-8")
    for path in sorted((ROOT / "blueprints").glob("*.yaml")):
        arch_draw("render", path, "-f", "dot", "-o", "dot", cwd=work)
        dot = work / "dot" / f"{path.stem}.dot"
        render = functools.partial(arch_draw, "render", path, "-o", "out", cwd=work)
        ours = median_seconds(functools.partial(render, "-f", "png"), repeat)
        stock = functools.partial(run, PYTHON, script, dot, image_path(), cwd=work)
        theirs = median_seconds(stock, repeat)
        target = "<= 0.60" if path.stem == "users-over-100k" else "(reported)"
        if path.stem == "users-over-100k":  # the floor: the same command drawing no PNG
            svg = median_seconds(functools.partial(render, "-f", "svg"), repeat)
            rows.append(
                (
                    "5 floor: the whole command, SVG (users-over-100k)",
                    f"{svg:.2f} s",
                    f"{theirs:.2f} s stock Graphviz, PNG",
                    f"{svg / theirs:.2f}",
                    "(reported)",
                )
            )
        rows.append(
            (
                f"5 whole command, PNG: {path.stem}",
                f"{ours:.2f} s",
                f"{theirs:.2f} s stock Graphviz",
                f"{ours / theirs:.2f}",
                target,
            )
        )
    return rows


def _png_split(work: Path, repeat: int) -> list[Row]:
    import pygraphviz
    from PIL import Image
    from pygraphviz import graphviz as gv

    from arch_draw.catalog import load_catalog
    from arch_draw.pipeline import load_blueprint
    from arch_draw.render import bitmap, render

    blueprint = load_blueprint(ROOT / "blueprints" / "users-over-100k.yaml")
    # arch-draw's DOT of it, laid out by dot once.
    dot = render(blueprint, ("dot",), load_catalog()).outputs["dot"].decode()
    graph = pygraphviz.AGraph(string=dot)
    graph.graph_attr["imagepath"] = image_path()
    context = gv.gvContextWithBuiltins()
    gv.gvLayout(context, graph.handle, b"dot")
    theirs = bytes(gv.gvRenderData(context, graph.handle, b"png:cairo")[1])
    size = Image.open(io.BytesIO(theirs)).size  # Graphviz's canvas, drawn again below
    scale = bitmap.PIXELS_PER_POINT

    def canvas() -> bitmap.Canvas:
        drawn = bitmap.drawn_canvas(context, graph.handle, size, scale)
        assert drawn is not None
        return drawn

    drawn = canvas()
    graphviz_writer = median_seconds(
        lambda: gv.gvRenderData(context, graph.handle, b"png:cairo"), repeat
    )
    drawing = median_seconds(canvas, repeat)
    converting = median_seconds(lambda: b"".join(bitmap.unfiltered_rows(drawn)), repeat)
    encoding = median_seconds(lambda: bitmap.encoded(drawn), repeat)
    ours = bitmap.encoded(drawn)
    gv.gvFreeLayout(context, graph.handle)
    gv.gvFreeContext(context)
    # Graphviz's writer draws the same canvas, then encodes it: its encoding is the rest.
    their_encoding = graphviz_writer - drawing
    return [
        (
            "5 PNG encoding vs Graphviz's writer (users-over-100k)",
            f"{encoding:.3f} s",
            f"{their_encoding:.3f} s Graphviz",
            f"{encoding / their_encoding:.2f}",
            "<= 0.50",
        ),
        (
            "5 PNG whole (drawing + encoding) vs Graphviz's writer",
            f"{drawing + encoding:.3f} s",
            f"{graphviz_writer:.3f} s Graphviz",
            f"{(drawing + encoding) / graphviz_writer:.2f}",
            "(reported)",
        ),
        (
            "5 PNG split: drawing, converting, deflating",
            f"{drawing:.3f} / {converting:.3f} / {encoding - converting:.3f} s",
            f"{drawing + encoding:.3f} s PNG",
            f"{drawing / (drawing + encoding):.2f} / {converting / (drawing + encoding):.2f}"
            f" / {(encoding - converting) / (drawing + encoding):.2f}",
            "(reported)",
        ),
        (
            "5 PNG file size vs Graphviz's",
            f"{len(ours) / 1024:.0f} KiB",
            f"{len(theirs) / 1024:.0f} KiB Graphviz",
            f"{len(ours) / len(theirs):.2f}",
            "<= 1.00",
        ),
    ]


# --- 6 ---------------------------------------------------------------------------------


HOSTILE = (
    """\
import json, sys, time
from pathlib import Path
from arch_draw.errors import BlueprintError
from arch_draw.pipeline import check_blueprint
"""
    + PEAK_KIB
    + """
started = time.perf_counter()
try:
    check_blueprint(Path(sys.argv[1]))
    verdict = "valid"
except BlueprintError as error:
    verdict = error.lines()[0].split(": ", 1)[1]
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "peak_kib": peak_kib(), "verdict": verdict}))
"""
)


def hostile(work: Path, repeat: int) -> list[Row]:
    """Refusing input crafted to expand, beside reading a small valid blueprint."""
    (work / "hostile.py").write_text(HOSTILE, encoding="utf-8")
    small = write_blueprint(work, 10, "small")
    hostile_files = {
        "billion laughs": billion_laughs(),
        "100,000 nested lists": "a: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "40 levels of doubled merges": doubled_merges(40),
        "a loop of 20,000 groups": group_loop(20_000),
        "an edge from 2,000 ends to 2,000": wide_edge(2000),
    }
    baseline = _hostile_run(work, small, repeat)
    rows = []
    for number, (name, text) in enumerate(hostile_files.items()):
        path = work / f"hostile-{number}.yaml"
        path.write_text(text, encoding="utf-8")
        measured = _hostile_run(work, path, repeat)
        rows.append(
            (
                f"6 refusing {name}",
                f"{measured['seconds']:.3f} s, {measured['peak_kib'] / 1024:.0f} MiB peak",
                f"{baseline['seconds']:.3f} s, {baseline['peak_kib'] / 1024:.0f} MiB small valid",
                f"{measured['seconds'] / baseline['seconds']:.1f}",
                "< 1 s, little memory",
            )
        )
    return rows


def _hostile_run(work: Path, path: Path, repeat: int) -> dict[str, float]:
    results = []
    for _ in range(repeat):
        out = subprocess.run(
            [PYTHON, "hostile.py", path], cwd=work, check=True, capture_output=True, text=True
        )
        results.append(json.loads(out.stdout))
    return {key: statistics.median(r[key] for r in results) for key in ("seconds", "peak_kib")}


def layout(work: Path, repeat: int) -> list[Row]:
    """How well each drawing reads, by arch-draw's own layout score: the best of the
    candidate layouts, which arch-draw draws, beside the usual layout alone."""
    from arch_draw.pipeline import lint_files
    from arch_draw.render.layouts import USUAL
    from arch_draw.settings import Settings

    synthetic = [write_blueprint(work, nodes, f"synthetic-{nodes}") for nodes in (20, 50, 100)]
    fixtures = sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
    fixtures += sorted((ROOT / "tests" / "fixtures" / "awsdac").glob("*.yaml"))
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    paths = [*sorted((ROOT / "blueprints").glob("*.yaml")), *examples, *fixtures, *synthetic]
    settings = Settings(work / "output", jobs=os.cpu_count() or 1)
    usual = lint_files(paths, settings, candidates=(USUAL,))
    rows = []
    for item, alone in zip(lint_files(paths, settings), usual, strict=True):
        found = item.score
        shape = (
            f"edges {found.edge_length:.1f} icons (longest {found.longest_edge:.1f}),"
            f" {found.area_per_node:.0f} icon squares a node, {found.aspect:.2f}:1"
        )
        name = f"7 layout {Path(item.name).name}"
        rows.append(
            (name, shape, f"usual layout: {alone.score.brief()}", found.brief(), "(reported)")
        )
    return [*rows, *_choosing_cost(repeat), _scoring_cost(repeat)]


def _choosing_cost(repeat: int) -> list[Row]:
    """Drawing PNG and SVG of every shipped blueprint from the best of the candidate
    layouts, against drawing each from the layout that is chosen alone: the same
    drawings, so the difference is what laying out and scoring the others costs. Its
    target is the time a person notices: a wait of a tenth of a second more is taken as
    instant, so choosing must add less than that to any drawing."""
    from arch_draw.catalog import load_catalog
    from arch_draw.pipeline import load_blueprint
    from arch_draw.render import render

    paths = sorted((ROOT / "blueprints").glob("*.yaml"))
    blueprints = [load_blueprint(path) for path in paths]
    catalog = load_catalog()
    choosing, alone = [], []
    for shipped in blueprints:
        chosen = render(shipped, ("json",), catalog).layout
        draw = functools.partial(render, shipped, ("png", "svg"), catalog)
        choosing.append(median_seconds(draw, repeat))
        alone.append(median_seconds(functools.partial(draw, candidates=(chosen,)), repeat))
    extra, largest = max(
        (spent - direct, path.stem)
        for spent, direct, path in zip(choosing, alone, paths, strict=True)
    )
    return [
        (
            "7 choosing the layout: render PNG + SVG of the shipped blueprints",
            f"{sum(choosing):.3f} s",
            f"{sum(alone):.3f} s from the chosen layouts alone",
            f"{sum(choosing) / sum(alone):.2f}",
            "(reported)",
        ),
        (
            "7 choosing the layout: most it adds to one drawing",
            f"{extra:.3f} s ({largest})",
            "-",
            f"{extra:.3f} s",
            "< 0.1 s",
        ),
    ]


def _scoring_cost(repeat: int) -> Row:
    """Scoring a laid-out drawing, beside laying it out once (the largest shipped
    blueprint); choosing the layout does both for each candidate."""
    from arch_draw.catalog import load_catalog
    from arch_draw.pipeline import load_blueprint
    from arch_draw.render import lay_out
    from arch_draw.render.layouts import USUAL
    from arch_draw.score import score

    blueprint = load_blueprint(ROOT / "blueprints" / "users-over-100k.yaml")
    catalog = load_catalog()
    scene = lay_out(blueprint, catalog, candidates=(USUAL,))
    laying_out = median_seconds(lambda: lay_out(blueprint, catalog, candidates=(USUAL,)), repeat)
    scoring = median_seconds(lambda: score(scene), repeat)
    return (
        "7 scoring vs laying out once (users-over-100k)",
        f"{scoring:.3f} s",
        f"{laying_out:.3f} s layout",
        f"{scoring / laying_out:.2f}",
        "(reported)",
    )


BENCHMARKS: dict[str, Callable[[Path, int], list[Row]]] = {
    "multiformat": multiformat,
    "overhead": overhead,
    "build": build,
    "scale": scale,
    "png": png,
    "hostile": hostile,
    "layout": layout,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "names", nargs="*", choices=[[], *BENCHMARKS], help="benchmarks to run (all)"
    )
    parser.add_argument("--quick", action="store_true", help="one measurement each: a smoke test")
    parser.add_argument(
        "--repeat", type=int, default=5, help="measurements per timing (median kept)"
    )
    arguments = parser.parse_args(argv)
    repeat = 1 if arguments.quick else arguments.repeat
    compile_bytecode()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="arch-draw-bench-") as scratch:
        for name in arguments.names or BENCHMARKS:
            work = Path(scratch) / name
            work.mkdir()
            rows += BENCHMARKS[name](work, repeat)
    print(table(rows))
    return 0


def compile_bytecode() -> None:
    """Byte code for arch-draw's modules, as installing a wheel writes it. An editable
    install has none, and with PYTHONDONTWRITEBYTECODE set every start-up measured
    would compile the modules changed since the last run."""
    import arch_draw

    compileall.compile_dir(Path(arch_draw.__file__).parent, quiet=1)


def dot_version() -> str:
    """The `dot` program's version (benchmark 1's baseline), as `dot -V` states it."""
    if shutil.which("dot") is None:
        return "no dot program"
    result = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False)
    return f"dot {result.stderr.strip().removeprefix('dot - graphviz version ')}"


def table(rows: Sequence[Row]) -> str:
    from arch_draw import tool_versions

    header = [
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{tool_versions()}, {dot_version()}",
        "",
        "| benchmark | ratio or value | target | measured | baseline |",
        "|---|---|---|---|---|",
    ]
    return "\n".join(header + [f"| {n} | {r} | {t} | {m} | {b} |" for n, m, b, r, t in rows])


if __name__ == "__main__":
    sys.exit(main())
