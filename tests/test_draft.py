"""Drafting from the command line: suggest, new, icons, render --markdown."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from arch_draw.draft import TIERS, suggest
from arch_draw.errors import UsageError

from .conftest import run_cli


@pytest.mark.parametrize(
    ("users", "number"),
    [
        (0, 1),
        (999, 1),
        (1_000, 2),
        (10_000, 2),
        (10_001, 3),
        (50_000, 3),
        (100_000, 3),
        (100_001, 4),
        (10**9, 4),
    ],
)
def test_the_tier_for_a_number_of_users(users: int, number: int) -> None:
    suggestion = suggest(users)
    assert (suggestion.number, suggestion.name) == (number, TIERS[number - 1][1])


def test_negative_users_are_refused() -> None:
    with pytest.raises(UsageError) as caught:
        suggest(-3)
    assert str(caught.value) == "--users must be 0 or more, not -3"


def test_suggest_says_what_the_tier_adds_and_why(tmp_path: Path) -> None:
    result = run_cli("suggest", "--users", "50000", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert (
        lines[0] == '50,000 users: tier 3 of 4, "More than 10,000 users" (arch-draw:users-over-10k)'
    )
    assert lines[2] == "It adds, over the tier below:"
    assert lines[3].startswith(
        "  - Amazon CloudFront: edge location (PoP): A request goes first to the PoP nearest"
    )
    assert "  - Aurora Replica (x2)" in lines
    # The label says ElastiCache: the note's own "ElastiCache:" is not said twice.
    assert any(line.startswith("  - Amazon ElastiCache cluster: sub-millisecond") for line in lines)


def test_suggest_in_korean(tmp_path: Path) -> None:
    result = run_cli("suggest", "--users", "500", "--lang", "ko", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert (
        lines[0] == '사용자 500명: 4단계 중 1단계, "사용자 1,000명 미만" (arch-draw:users-under-1k)'
    )
    assert lines[2] == "구성:"
    tier3 = run_cli("suggest", "--users", "50000", "--lang", "ko", cwd=tmp_path).stdout
    assert tier3.splitlines()[2] == "아래 단계에 더하는 것:"
    assert "  - Amazon ElastiCache 클러스터: 1밀리초 미만의 응답 속도." in tier3


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "--users must be 0 or more, not -5\n"),
        ("lots", "Error: Invalid value for '--users': 'lots' is not a valid integer.\n"),
        ("1e3", "Error: Invalid value for '--users': '1e3' is not a valid integer.\n"),
    ],
)
def test_bad_numbers_of_users(tmp_path: Path, value: str, message: str) -> None:
    result = run_cli("suggest", "--users", value, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.endswith(message)


def test_suggest_writes_a_blueprint_that_extends_the_tier(tmp_path: Path) -> None:
    result = run_cli("suggest", "--users", "50000", "--write", "mine.yaml", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stderr == "wrote mine.yaml\nwrote blueprint.schema.json\n"
    text = (tmp_path / "mine.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=blueprint.schema.json\n")
    # The tier's caption and notes describe the tier, not a blueprint titled anew.
    assert (
        "\nextends: arch-draw:users-over-10k\ntitle: My architecture\n"
        "caption: One line on what it shows.\n"
        "remove: [tier]   # the base's notes on the whole drawing: delete this line to keep them\n"
    ) in text
    drawn = run_cli("render", "mine.yaml", "-f", "svg", cwd=tmp_path)
    assert drawn.returncode == 0, drawn.stderr
    again = run_cli("suggest", "--users", "50000", "--write", "mine.yaml", cwd=tmp_path)
    assert (again.returncode, again.stderr.splitlines()[-1]) == (
        2,
        "mine.yaml exists; use --force to overwrite it",
    )


def test_blueprints_lists_what_ships_and_what_each_adds(tmp_path: Path) -> None:
    result = run_cli("blueprints", cwd=tmp_path)
    width = len("arch-draw:aurora-read-replica-autoscaling")
    rows = [line.split("  ", 1)[0].rstrip() for line in result.stdout.splitlines()]
    assert rows == [
        "arch-draw:users-under-1k",
        "arch-draw:users-over-1k",
        "arch-draw:users-over-10k",
        "arch-draw:users-over-100k",
        "arch-draw:aurora-read-replica-autoscaling",
        "arch-draw:distributed-purpose-built",
        "arch-draw:elasticache-sessions",
    ]
    second = result.stdout.splitlines()[1]
    assert second == f"{'arch-draw:users-over-1k':<{width}}  More than 1,000 users: extends" + (
        " arch-draw:users-under-1k; adds 2 groups, 3 nodes, 2 edges"
    )
    captions = run_cli("blueprints", "-v", "--lang", "ko", cwd=tmp_path).stdout.splitlines()
    assert captions[0].split("  ", 1)[1].strip().startswith("사용자 1,000명 미만: its own: ")
    assert captions[1].startswith(" " * (width + 2) + "두 가용 영역의")


def test_blueprints_prints_one_merged_with_every_id_to_change(tmp_path: Path) -> None:
    result = run_cli("blueprints", "users-over-1k", cwd=tmp_path)
    assert result.stdout.startswith(
        "# arch-draw:users-over-1k, with what it extends merged in: a blueprint that says\n"
        "# `extends: arch-draw:users-over-1k` changes any of these by its id, or removes it.\n"
        "version: 1\n"
    )
    merged = yaml.safe_load(result.stdout)
    assert "extends" not in merged
    assert {"users", "cognito", "asg"} <= set(merged["nodes"]) | set(merged["groups"])
    (tmp_path / "mine.yaml").write_text(result.stdout)
    assert run_cli("validate", "mine.yaml", cwd=tmp_path).returncode == 0
    unknown = run_cli("blueprints", "users-ovr-1k", cwd=tmp_path)
    assert (unknown.returncode, unknown.stdout, unknown.stderr) == (
        2,
        "",
        "arch-draw has no blueprint 'users-ovr-1k' (did you mean 'users-over-1k' or"
        " 'users-over-10k' or 'users-over-100k'?)\n",
    )


def test_new_writes_a_starter_that_draws(tmp_path: Path) -> None:
    result = run_cli("new", "shop", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        0,
        "wrote shop.yaml\nwrote blueprint.schema.json\n",
    )
    assert run_cli("render", "shop.yaml", cwd=tmp_path).returncode == 0
    assert (tmp_path / "blueprint.schema.json").read_text() == run_cli(
        "schema", cwd=tmp_path
    ).stdout


def test_new_from_a_bundled_tier_or_a_file(tmp_path: Path) -> None:
    assert run_cli("new", "base.yaml", cwd=tmp_path).returncode == 0
    assert run_cli("new", "tier", "--from", "users-over-1k", cwd=tmp_path).returncode == 0
    assert "\nextends: arch-draw:users-over-1k\n" in (tmp_path / "tier.yaml").read_text()
    assert run_cli("new", "staging", "--from", "base.yaml", cwd=tmp_path).returncode == 0
    assert "\nextends: base.yaml\n" in (tmp_path / "staging.yaml").read_text()
    assert run_cli("validate", "tier.yaml", "staging.yaml", cwd=tmp_path).returncode == 0


def test_new_never_overwrites_without_force(tmp_path: Path) -> None:
    (tmp_path / "shop.yaml").write_text("mine, not yours")
    refused = run_cli("new", "shop", cwd=tmp_path)
    assert (refused.returncode, refused.stderr) == (
        2,
        "shop.yaml exists; use --force to overwrite it\n",
    )
    assert (tmp_path / "shop.yaml").read_text() == "mine, not yours"
    assert run_cli("new", "shop", "--force", cwd=tmp_path).returncode == 0
    assert (tmp_path / "shop.yaml").read_text().startswith("# yaml-language-server")


def test_new_never_writes_through_a_symlink(tmp_path: Path) -> None:
    # A dangling link at the schema's name made `new` write it wherever the link led.
    project, outside = tmp_path / "project", tmp_path / "outside"
    project.mkdir()
    outside.mkdir()
    (project / "blueprint.schema.json").symlink_to(outside / "planted.json")
    (project / "shop.yaml").symlink_to(outside / "shop.yaml")
    refused = run_cli("new", "shop", cwd=project)
    assert (refused.returncode, refused.stderr) == (
        2,
        "shop.yaml exists; use --force to overwrite it\n",
    )
    forced = run_cli("new", "shop", "--force", cwd=project)
    assert (forced.returncode, forced.stderr) == (0, "wrote shop.yaml\n")
    assert list(outside.iterdir()) == []  # nothing written where the links lead
    assert not (project / "shop.yaml").is_symlink()  # the link was replaced, not followed
    assert (project / "blueprint.schema.json").is_symlink()  # not ours to replace


def test_new_from_a_base_it_cannot_reach_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "here").mkdir()
    result = run_cli("new", "here/x", "--from", "elsewhere.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert (
        result.stderr
        == "here/x.yaml:7:10: extends: '../elsewhere.yaml' is outside here/, where bases must be\n"
    )
    assert list((tmp_path / "here").iterdir()) == []


def test_icons_finds_types_best_first(tmp_path: Path) -> None:
    result = run_cli("icons", "rds", "--provider", "aws", cwd=tmp_path)
    assert result.stdout.splitlines()[0].split() == ["aws.database.RDS", "rds,", "aws.rds"]
    queue = run_cli("icons", "sqs", cwd=tmp_path).stdout.splitlines()[0]
    assert queue.startswith("aws.integration.SimpleQueueServiceSqs ")
    assert queue.split(None, 1)[1].startswith("sqs, aws.sqs")


def test_icons_finds_services_by_what_people_call_them(tmp_path: Path) -> None:
    result = run_cli("icons", "load balancer", "--provider", "aws", cwd=tmp_path)
    assert [line.split()[0] for line in result.stdout.splitlines()] == [
        "aws.network.ElasticLoadBalancing",
        "aws.network.ElbApplicationLoadBalancer",
        "aws.network.ElbNetworkLoadBalancer",
        "aws.network.ElbClassicLoadBalancer",
    ]


def test_icons_without_matches_and_with_a_wrong_provider(tmp_path: Path) -> None:
    none = run_cli("icons", "zzzz", cwd=tmp_path)
    assert (none.returncode, none.stdout, none.stderr) == (0, "", "no node type matches 'zzzz'\n")
    wrong = run_cli("icons", "db", "--provider", "awz", cwd=tmp_path)
    assert (wrong.returncode, wrong.stderr) == (
        2,
        "--provider: no provider 'awz' (did you mean 'aws'?)\n",
    )


def test_render_prints_markdown_for_the_drawings(tmp_path: Path) -> None:
    assert run_cli("new", "shop", cwd=tmp_path).returncode == 0
    result = run_cli("render", "shop.yaml", "--markdown", "-q", cwd=tmp_path)
    assert result.stdout == "![My architecture](output/shop.svg)\n"
    pdf = run_cli("render", "shop.yaml", "-f", "pdf", "--markdown", "-q", cwd=tmp_path)
    assert pdf.stdout == "[My architecture](output/shop.pdf)\n"
    drawio = run_cli("render", "shop.yaml", "-f", "png", "-f", "drawio", "--markdown", cwd=tmp_path)
    assert drawio.stdout == (
        "![My architecture](output/shop.png)\n"
        "[My architecture (draw.io)](output/shop.drawio) <!-- Confluence: add the draw.io"
        " diagram macro and import this file (or attach it and open it with draw.io) to edit"
        " the drawing there -->\n"
    )


def test_new_refuses_a_folder_a_symlink_leads_elsewhere_and_odd_targets(tmp_path: Path) -> None:
    # A symlinked folder took the files out of the directory; a link to nothing, a file
    # or a directory in the way were internal errors (FileExistsError, IsADirectoryError).
    outside = tmp_path / "outside"
    project = tmp_path / "project"
    outside.mkdir()
    project.mkdir()
    (project / "out").symlink_to(outside)
    (project / "dangling").symlink_to(project / "nowhere")
    (project / "afile").write_text("a file")
    (project / "adir.yaml").mkdir()
    refused = run_cli("new", "out/x", cwd=project)
    assert refused.returncode == 2
    assert refused.stderr == (
        f"out: a symlink leads this output directory out of the current directory, to {outside};"
        " give its absolute path to write there on purpose\n"
    )
    assert list(outside.iterdir()) == []
    for name, message in (
        ("dangling/x", "cannot create dangling: File exists"),
        ("afile/x", "cannot create afile: File exists"),
    ):
        result = run_cli("new", name, cwd=project)
        assert (result.returncode, result.stderr) == (3, message + "\n"), name
    forced = run_cli("new", "adir", "--force", cwd=project)
    assert (forced.returncode, forced.stderr) == (3, "cannot write adir.yaml: Is a directory\n")


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    # They were made with mode 0600, as temporary files are.
    def usual_umask() -> None:
        os.umask(0o022)

    result = run_cli("new", "shop", cwd=tmp_path, preexec=usual_umask)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "shop.yaml").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "blueprint.schema.json").stat().st_mode & 0o777 == 0o644
