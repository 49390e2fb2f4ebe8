"""The README's examples are run, so they cannot drift from what arch-draw does."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from arch_draw.pipeline import draw, load_blueprint

from .conftest import BLUEPRINTS, FIXTURES, ROOT, run_cli
from .test_cli import TYPO_ERRORS
from .test_images import SQUARE

README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_starts_with_the_two_commands() -> None:
    assert README.splitlines()[:6] == [
        "# arch-draw",
        "",
        "```sh",
        "python3 -m venv .venv && .venv/bin/pip install -q -c constraints.txt -e '.[dev]' "
        "&& .venv/bin/arch-draw build --changes && .venv/bin/arch-draw build examples -o output/examples",
        ".venv/bin/python -m pytest",
        "```",
    ]


def test_the_blueprint_example_draws(tmp_path: Path) -> None:
    example = fenced("yaml")[0]
    path = tmp_path / "example.yaml"
    path.write_text(example, encoding="utf-8")
    blueprint = load_blueprint(path)
    assert [node.type for node in blueprint.nodes] == [
        "aws.general.Users",
        "aws.compute.EC2",
        "aws.database.Aurora",
    ]
    assert b"<svg" in draw(blueprint, ("svg",)).outputs["svg"]
    # Its schema line is the one `arch-draw new` writes, which resolves beside the
    # blueprint (it named a path inside this repository).
    starter = run_cli("new", "mine", cwd=tmp_path)
    assert starter.returncode == 0
    schema_line = example.splitlines()[0]
    assert (tmp_path / "mine.yaml").read_text(encoding="utf-8").splitlines()[0] == schema_line
    assert (tmp_path / schema_line.rpartition("$schema=")[2]).is_file()


def test_the_library_example_runs() -> None:
    (example,) = [block for block in fenced("python") if "load_blueprint(" in block]
    result = subprocess.run(
        [sys.executable, "-c", example + "\nassert svg.startswith(b'<?xml')\n"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_markdown_example_draws_a_src_relative_to_the_page(tmp_path: Path) -> None:
    # Outside MkDocs, src was taken from the current directory and refused as outside it.
    (example,) = [block for block in fenced("python") if "import markdown" in block]
    (tmp_path / "docs").mkdir()
    (tmp_path / "blueprints").mkdir()
    shutil.copy(FIXTURES / "same-labels.yaml", tmp_path / "blueprints")
    page = '```arch-draw src="../blueprints/same-labels.yaml"\n```\n'
    result = subprocess.run(
        [sys.executable, "-c", f"text = {page!r}\n{example}\nassert '<svg' in html, html\n"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_the_error_example_is_what_arch_draw_prints() -> None:
    assert TYPO_ERRORS in README


def test_the_languages_example_draws_in_korean(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text(block_after("Languages", "yaml"), encoding="utf-8")
    korean = load_blueprint(path, language="ko")
    assert [node.label for node in korean.nodes] == ["웹 인스턴스", "Amazon Route 53"]


def test_the_extends_example_builds_on_tier_1(tmp_path: Path) -> None:
    shutil.copy(BLUEPRINTS / "users-under-1k.yaml", tmp_path)
    path = tmp_path / "example.yaml"
    path.write_text(block_after("Building on another blueprint", "yaml"), encoding="utf-8")
    blueprint = load_blueprint(path)
    assert [blueprint.node(web).parent for web in ("web_a", "web_b")] == ["asg", "asg"]
    assert "public_a" not in {group.id for group in blueprint.groups}
    assert blueprint.node("db").note is None


def block_after(heading: str, language: str, fence: str = "```") -> str:
    """The first fenced block of `language` after `heading` (of any level) in the README."""
    rest = re.split(rf"\n#+ {re.escape(heading)}\n", README, maxsplit=1)[1]
    pattern = rf"^{fence}{language}\n(.*?)^{fence}\n"
    found: str = re.findall(pattern, rest, flags=re.DOTALL | re.MULTILINE)[0]
    return found


def test_the_drafting_commands_work_as_shown(tmp_path: Path) -> None:
    commands = block_after("Drafting your own", "sh").splitlines()
    assert all(command.startswith("arch-draw ") for command in commands)
    # (comments=True: a command may carry a comment, as a shell reads it)
    results = [
        run_cli(*shlex.split(command, comments=True)[1:], cwd=tmp_path) for command in commands
    ]
    assert [result.returncode for result in results] == [0] * len(commands)
    assert results[-1].stdout == "![My architecture](output/mine.svg)\n"


def test_the_drafting_example_draws_with_an_icon_of_ones_own(tmp_path: Path) -> None:
    assert (
        run_cli("suggest", "--users", "50000", "--write", "mine.yaml", cwd=tmp_path).returncode == 0
    )
    (tmp_path / "icons").mkdir()
    (tmp_path / "icons" / "partner.svg").write_bytes(SQUARE)
    starter = (tmp_path / "mine.yaml").read_text(encoding="utf-8")
    added = block_after("Drafting your own", "yaml")
    (tmp_path / "mine.yaml").write_text(
        starter.split("\nnodes:")[0] + "\n" + added, encoding="utf-8"
    )
    result = run_cli("render", "mine.yaml", "-f", "svg", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_the_mkdocs_example_builds(tmp_path: Path) -> None:
    page = block_after("In wikis and documentation sites", "markdown", fence="````")
    config = block_after("In wikis and documentation sites", "yaml")
    shutil.copytree(BLUEPRINTS, tmp_path / "blueprints")
    (tmp_path / "mkdocs.yml").write_text("site_name: Example\n" + config)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text(page, encoding="utf-8")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8").count("<svg") == 2


def test_the_pre_commit_example_is_the_shipped_hooks_run_locally() -> None:
    example = yaml.safe_load(block_after("pre-commit hooks", "yaml"))
    shipped = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (local,) = example["repos"]
    assert local["repo"] == "local"
    # The shipped hooks, but for their description and with the installed arch-draw.
    expected = [
        {key: value for key, value in hook.items() if key != "description"} | {"language": "system"}
        for hook in shipped
    ]
    assert local["hooks"] == expected


def test_the_pre_commit_example_works_when_pasted(tmp_path: Path) -> None:
    # It named `rev: v0.1.0` of a repository that has no such tag.
    folder = tmp_path / "docs-repo"
    (folder / "blueprints").mkdir(parents=True)
    shutil.copy(FIXTURES / "same-labels.yaml", folder / "blueprints")
    (folder / ".pre-commit-config.yaml").write_text(block_after("pre-commit hooks", "yaml"))
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
    }

    def hooks() -> subprocess.CompletedProcess[str]:
        subprocess.run(["git", "add", "-A"], cwd=folder, check=True)
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files"],
            cwd=folder,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    stale = hooks()
    assert stale.returncode == 1  # nothing drawn yet
    assert "blueprints/same-labels.yaml: drawings in output are stale or missing" in stale.stdout
    subprocess.run([sys.executable, "-m", "arch_draw", "build", "-q"], cwd=folder, check=True)
    passed = hooks()
    assert passed.returncode == 0, passed.stdout


def test_the_lint_example_is_what_arch_draw_prints() -> None:
    (example,) = [block for block in fenced("text") if block.startswith("$ arch-draw lint")]
    command, *printed = example.splitlines()
    result = run_cli(*shlex.split(command.removeprefix("$ arch-draw ")), cwd=ROOT)
    assert (result.returncode, result.stdout.splitlines()) == (0, printed)


def test_the_score_table_is_benchmark_7s() -> None:
    """The README's table of the shipped drawings' scores, drawn as arch-draw draws them
    and from the usual layout alone, is what they score now."""
    from arch_draw.pipeline import lint_files
    from arch_draw.render.layouts import USUAL
    from arch_draw.settings import Settings

    paths, settings = sorted(BLUEPRINTS.glob("*.yaml")), Settings(ROOT / "output", jobs=2)
    chosen, usual = lint_files(paths, settings), lint_files(paths, settings, (USUAL,))
    rows = [
        f"| {Path(now.blueprint.path).stem} | {now.blueprint.language}"
        f" | {alone.score.brief()} | {now.score.brief()} |"
        for now, alone in zip(chosen, usual, strict=True)
    ]
    assert "\n".join(rows) in README


def test_the_gallery_says_how_each_drawing_reads() -> None:
    """The gallery's table of the shipped drawings' scores is what they score now."""
    from arch_draw.pipeline import lint_files
    from arch_draw.settings import Settings

    paths, settings = sorted(BLUEPRINTS.glob("*.yaml")), Settings(ROOT / "output", jobs=2)
    rows = [
        f"| {Path(item.blueprint.path).stem} | {item.blueprint.language}"
        f" | {item.score.crossings} | {item.score.through_nodes}"
        f" | {item.score.labels_overlapped} | {item.score.area_per_node:.0f}"
        f" | {item.score.smallest_text:.1f} |"
        for item in lint_files(paths, settings)
    ]
    assert "\n".join(rows) in README
