"""Links and tooltips in SVG: `link:` on an element, its note as the pointer's text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from arch_draw.pipeline import draw, load_blueprint

from ..conftest import FIXTURES, dump_dom
from ..validate.test_validate import problems

ANCHOR = re.compile(r'<a xlink:href="([^"]*)" xlink:title="([^"]*)" target="_top">')


def svg_of(name: str) -> str:
    return draw(load_blueprint(FIXTURES / name), ("svg",)).outputs["svg"].decode()


def test_elements_link_and_notes_become_tooltips() -> None:
    anchors = ANCHOR.findall(svg_of("links.yaml"))
    assert anchors == [
        # A group's note, written as it is: Graphviz's \\N is not expanded.
        ("https://docs.aws.amazon.com/vpc/", "The network: \\N stays as written"),
        ("https://example.com/sql", "SQL"),  # the edge, and its label
        ("https://example.com/sql", "SQL"),
        (
            "https://example.com/runbooks/web?x=1&amp;y=2",
            "Runs the &quot;shop&quot; &lt;b&gt;site&lt;/b&gt;",
        ),
    ]


def test_the_svg_stays_free_of_scripts() -> None:
    assert "<script" not in svg_of("links.yaml").lower()


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "https://a b",
        'https://x"><script>',
        "ftp://example.com",
        "https://",
        "https://example.com/\\path",
    ],
)
def test_only_plain_http_addresses_are_links(link: str) -> None:
    quoted = link.replace("'", "''")  # YAML's single quotes take the rest as it is
    found = problems(f"title: T\nnodes:\n  a: {{type: ec2, link: '{quoted}'}}\n")
    assert found == [
        f"bp.yaml:3:24: '{link}' is not a valid link. An http:// or https:// address, with no"
        " spaces, quotes, angle brackets or backslashes: in SVG the element is a link to it"
        " (a runbook, a console page)"
    ]


def test_links_and_tooltips_work_in_a_browser(tmp_path: Path) -> None:
    """The SVG inline in a page, as the MkDocs plugin puts it: the browser takes its
    anchors for links, with their addresses and texts."""
    page = tmp_path / "page.html"
    page.write_text(
        "<!doctype html><html><body>"
        + svg_of("links.yaml").split("?>", 1)[1]
        + "<pre id='found'></pre><script>"
        "document.getElementById('found').textContent = [...document.querySelectorAll('a')]"
        ".map(a => a.href.baseVal + ' | ' + a.getAttribute('xlink:title')).join('\\n');"
        "</script></body></html>",
        encoding="utf-8",
    )
    found = re.search(r"<pre id=\"found\">(.*?)</pre>", dump_dom(page, tmp_path), re.DOTALL)
    assert found is not None
    assert found.group(1).splitlines() == [
        "https://docs.aws.amazon.com/vpc/ | The network: \\N stays as written",
        "https://example.com/sql | SQL",
        "https://example.com/sql | SQL",
        'https://example.com/runbooks/web?x=1&amp;y=2 | Runs the "shop" &lt;b&gt;site&lt;/b&gt;',
    ]
