"""The examples of awslabs/diagram-as-code (awsdac), written as blueprints that draw the
same arrangement as awsdac's own pictures (tests/fixtures/awsdac/), and their scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.pipeline import load_blueprint
from arch_draw.render import lay_out
from arch_draw.score import score

from ..conftest import FIXTURES, ROOT

AWSDAC = sorted((FIXTURES / "awsdac").glob("*.yaml"))
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_all_five_are_kept() -> None:
    assert [path.stem for path in AWSDAC] == [
        "alb-ec2",
        "privatelink",
        "span-resources",
        "tgw-nwfw-tmpl",
        "vpc-natgw",
    ]


@pytest.mark.parametrize("path", AWSDAC, ids=lambda path: path.stem)
def test_each_draws_without_crossings_and_its_score_is_in_the_readme(path: Path) -> None:
    found = score(lay_out(load_blueprint(path), load_catalog()))
    assert (found.crossings, found.through_nodes, found.needless_border_crossings) == (0, 0, 0)
    assert f"| {path.stem} | {found.brief()} |" in README
