from __future__ import annotations

import textwrap

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.errors import BlueprintError
from arch_draw.load import load_text
from arch_draw.validate import validate

# The group kinds, in the order of arch_draw.kinds, as a message lists them.
KINDS = (
    "aws-cloud, aws-account, region, vpc, availability-zone, public-subnet, private-subnet,"
    " security-group, auto-scaling-group, spot-fleet, ec2-instance-contents,"
    " corporate-data-center, server-contents, generic"
)


def problems(text: str) -> list[str]:
    document = load_text(textwrap.dedent(text).lstrip("\n"), "bp.yaml")
    with pytest.raises(BlueprintError) as caught:
        validate(document, load_catalog())
    return caught.value.lines()


def test_a_valid_blueprint_passes() -> None:
    document = load_text("title: T\nnodes:\n  web: {type: ec2}\n", "bp.yaml")
    validate(document, load_catalog())


def test_unknown_keys_suggest_the_right_one() -> None:
    assert problems(
        """
        titel: T
        nodes:
          web: {type: ec2, lable: Web}
        """
    ) == [
        "bp.yaml:1:1: the blueprint is missing 'title'",
        "bp.yaml:1:1: unknown key 'titel' (did you mean 'title'?)",
        "bp.yaml:3:20: unknown key 'lable' in nodes.web (did you mean 'label'?)",
    ]


def test_unknown_key_without_a_close_match_lists_the_keys() -> None:
    assert problems(
        """
        title: T
        edges:
          e: {from: a, to: b, weight: 3}
        nodes:
          a: {type: ec2}
          b: {type: ec2}
        """
    ) == [
        "bp.yaml:3:23: unknown key 'weight' in edges.e; expected one of: "
        "from, to, label, start_label, end_label, style, line, from_side, to_side, color, direction, constraint, link"
    ]


def test_wrong_types_say_what_was_expected() -> None:
    assert problems(
        """
        title: 2024
        direction: sideways
        nodes:
          web: ec2
          db: {type: rds, label: no, note: [a]}
        """
    ) == [
        "bp.yaml:1:8: title must be text or a mapping of language to text, not the number 2024 (put it in quotes)",
        "bp.yaml:2:12: direction must be one of LR, TB, RL, BT, not 'sideways'",
        "bp.yaml:4:8: nodes.web must be a mapping, not text",
        "bp.yaml:5:36: nodes.db.note must be text or a mapping of language to text, not a list",
    ]


def test_a_blueprint_must_be_a_mapping() -> None:
    assert problems("- a\n- b\n") == [
        "bp.yaml:1:1: a blueprint must be a mapping (title: ..., nodes: ...), not a list"
    ]


def test_enums_suggest_close_values() -> None:
    assert problems(
        """
        title: T
        groups:
          az: {kind: availabilty-zone}
        """
    ) == [
        f"bp.yaml:3:14: groups.az.kind must be one of {KINDS}, "
        "not 'availabilty-zone' (did you mean 'availability-zone'?)"
    ]


def test_version_must_be_one() -> None:
    assert problems("version: 2\ntitle: T\n") == [
        "bp.yaml:1:10: version must be 1, not 2: this arch-draw reads version 1"
    ]


def test_ids_must_be_well_formed() -> None:
    assert problems(
        """
        title: T
        nodes:
          web server: {type: ec2}
          ok: {type: ec2}
        edges:
          e: {from: ok, to: [1bad]}
        """
    ) == [
        "bp.yaml:3:3: 'web server' is not a valid id. An id starts with a letter, "
        "followed by letters, digits, '_' or '-'",
        "bp.yaml:6:22: '1bad' is not a valid id. An id starts with a letter, "
        "followed by letters, digits, '_' or '-'",
        "bp.yaml:6:22: unknown node or group '1bad'",
    ]


def test_endpoints_must_be_ids_or_lists_of_ids() -> None:
    assert problems(
        """
        title: T
        nodes:
          a: {type: ec2}
        edges:
          e1: {from: 5, to: a}
          e2: {from: a, to: []}
        """
    ) == [
        "bp.yaml:5:14: edges.e1.from must be an id or a list of ids, not the number 5",
        "bp.yaml:6:21: edges.e2.to must list at least one id",
    ]


def test_overlong_and_empty_text() -> None:
    long_label = "x" * 301
    assert problems(f"title: T\nnodes:\n  a: {{type: '', label: {long_label}}}\n") == [
        "bp.yaml:3:13: nodes.a.type must not be empty",
        "bp.yaml:3:24: nodes.a.label is 301 characters long; the limit is 300"
        " (--limit label=N raises it)",
    ]


def test_ids_are_unique_across_sections() -> None:
    assert problems(
        """
        title: T
        groups:
          web: {kind: vpc}
        nodes:
          web: {type: ec2}
        notes:
          web: text
        """
    ) == [
        "bp.yaml:5:3: id 'web' is already used in groups (at 3:3); ids are unique across the blueprint",
        "bp.yaml:7:3: id 'web' is already used in groups (at 3:3); ids are unique across the blueprint",
    ]


def test_references_must_resolve() -> None:
    assert problems(
        """
        title: T
        groups:
          public: {kind: public-subnet, in: vcp}
          vpc: {kind: vpc}
        nodes:
          web: {type: ec2, in: pubilc}
          db: {type: rds, in: web}
        edges:
          e1: {from: web, to: [db, cache]}
          e2: {from: e1, to: db}
        notes:
          n: a note
        """
    ) == [
        "bp.yaml:3:37: unknown group 'vcp' (did you mean 'vpc'?)",
        "bp.yaml:6:24: unknown group 'pubilc' (did you mean 'public'?)",
        "bp.yaml:7:23: 'web' is a node, not a group",
        "bp.yaml:9:28: unknown node or group 'cache'",
        "bp.yaml:10:14: 'e1' is an edge; edges connect nodes and groups",
    ]


def test_groups_cannot_contain_themselves() -> None:
    assert problems(
        """
        title: T
        groups:
          a: {kind: generic, in: c}
          b: {kind: generic, in: a}
          c: {kind: generic, in: b}
          d: {kind: generic, in: d}
          e: {kind: generic, in: a}  # inside a loop, not part of it
        """
    ) == [
        "bp.yaml:3:26: group 'a' ends up inside itself: a > c > b > a",
        "bp.yaml:4:26: group 'b' ends up inside itself: b > a > c > b",
        "bp.yaml:5:26: group 'c' ends up inside itself: c > b > a > c",
        "bp.yaml:6:26: group 'd' ends up inside itself: d > d",
    ]


def test_edges_cannot_join_an_element_and_a_group_around_it() -> None:
    assert problems(
        """
        title: T
        groups:
          vpc: {kind: vpc}
          subnet: {kind: public-subnet, in: vpc}
        nodes:
          web: {type: ec2, in: subnet}
        edges:
          out: {from: web, to: vpc}
          up: {from: vpc, to: subnet}
          self: {from: subnet, to: subnet}
        """
    ) == [
        "bp.yaml:8:3: 'web' is inside group 'vpc': an edge cannot join them",
        "bp.yaml:9:3: 'subnet' is inside group 'vpc': an edge cannot join them",
        "bp.yaml:10:3: an edge cannot join group 'subnet' to itself",
    ]


def test_node_types_come_from_the_catalogue() -> None:
    assert problems(
        """
        title: T
        nodes:
          a: {type: ec3}
          b: {type: aws.databse.RDS}
          c: {type: redshift}
          d: {type: zzzzzz}
        """
    ) == [
        "bp.yaml:3:13: unknown node type 'ec3' (did you mean 'ec2' or 'ece' or 'eci'?)",
        "bp.yaml:4:13: unknown node type 'aws.databse.RDS' (did you mean 'aws.database.RDS'"
        " or 'aws.database.DB' or 'aws.database.DDB'?)",
        "bp.yaml:5:13: node type 'redshift' is ambiguous: write one of "
        "aws.analytics.Redshift, aws.database.Redshift",
        "bp.yaml:6:13: unknown node type 'zzzzzz'",
    ]


def test_node_types_are_suggested_by_what_people_call_them() -> None:
    assert problems(
        """
        title: T
        nodes:
          a: {type: load-balancer}
          b: {type: internet gateway}
          c: {type: instance}
          d: {type: dns}
          e: {type: apigateway}
          f: {type: kafka}
        """
    ) == [
        "bp.yaml:3:13: unknown node type 'load-balancer' (did you mean 'alb' or 'nlb' or 'elb'?)",
        "bp.yaml:4:13: unknown node type 'internet gateway' (did you mean 'igw'?)",
        "bp.yaml:5:13: node type 'instance' is not an AWS type: for AWS write 'ec2'; for"
        " another provider's, 'ibm.compute.Instance'",
        "bp.yaml:6:13: node type 'dns' is not an AWS type: for AWS write 'route53'; for"
        " another provider's, one of 'alibabacloud.web.Dns', 'gcp.network.DNS' or"
        " 'oci.connectivity.DNS'",
        "bp.yaml:7:13: node type 'apigateway' is ambiguous: write one of aws.mobile.APIGateway,"
        " aws.network.APIGateway, alibabacloud.application.ApiGateway, gcp.api.APIGateway,"
        " oci.devops.APIGateway",
    ]


def test_a_kind_that_is_part_of_kinds_leads_to_them() -> None:
    assert problems(
        """
        title: T
        groups:
          g: {kind: subnet}
        """
    ) == [
        f"bp.yaml:3:13: groups.g.kind must be one of {KINDS}, not"
        " 'subnet' (did you mean 'public-subnet' or 'private-subnet'?)",
    ]


def test_colours_are_names_or_hex() -> None:
    assert problems(
        """
        title: T
        nodes:
          a: {type: ec2}
        edges:
          e1: {from: a, to: a, color: "#12345"}
          e2: {from: a, to: a, color: blu}
          e3: {from: a, to: a, color: SteelBlue}
          e4: {from: a, to: a, color: "#ff990080"}
        """
    ) == [
        "bp.yaml:5:31: unknown colour '#12345'; use a colour name or #RRGGBB",
        "bp.yaml:6:31: unknown colour 'blu' (did you mean 'blue'?); use a colour name or #RRGGBB",
    ]


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    found = problems(
        """
        title: T
        nodez: {}
        nodes:
          a: {type: ec3, in: nowhere}
        edges:
          e: {from: a, to: b, style: wavy}
        """
    )
    assert len(found) == 5
    assert found == sorted(found, key=lambda line: tuple(map(int, line.split(":")[1:3])))


def test_text_per_language_must_give_every_language_and_no_other() -> None:
    assert problems(
        """
        languages: [en, ko]
        title: {en: Users, ko: 사용자}
        caption: {en: Only English}
        nodes:
          a: {type: ec2, label: {en: Web, kr: 웹}}
        notes:
          n: Plain text serves every language.
        """
    ) == [
        "bp.yaml:3:10: caption has no 'ko' text; the languages are en, ko",
        "bp.yaml:5:25: nodes.a.label has no 'ko' text; the languages are en, ko",
        "bp.yaml:5:35: 'kr' is not one of the blueprint's languages (en, ko) (did you mean 'ko'?)",
    ]


def test_languages_are_codes() -> None:
    assert problems("languages: [english]\ntitle: T\n") == [
        "bp.yaml:1:13: 'english' is not a valid language code. A language code is two or three "
        "lower-case letters, then optional parts such as -BR: en, ko, pt-BR"
    ]


def test_ids_languages_and_colours_ending_in_a_newline_are_refused() -> None:
    # JSON Schema patterns end at the end of the text; Python's `$` also matched before a
    # final newline, and `build` wrote a file name with a newline in it.
    assert problems(
        r"""
        languages: [en, "ko\n"]
        title: T
        nodes:
          "web\n": {type: ec2}
          db: {type: rds}
        edges:
          e: {from: db, to: db, color: "#aabbcc\n"}
        """
    ) == [
        r"bp.yaml:1:17: 'ko\n' is not a valid language code. A language code is two or three "
        "lower-case letters, then optional parts such as -BR: en, ko, pt-BR",
        r"bp.yaml:4:3: 'web\n' is not a valid id. An id starts with a letter, "
        "followed by letters, digits, '_' or '-'",
        r"bp.yaml:7:32: unknown colour '#aabbcc\n'; use a colour name or #RRGGBB",
    ]


def test_groups_nested_deeper_than_the_depth_limit_are_refused() -> None:
    # 1,200 nested groups ended in a RecursionError while drawing.
    groups = ["groups:", "  g0: {kind: generic}"]
    groups += [f"  g{i}: {{kind: generic, in: g{i - 1}}}" for i in range(1, 70)]
    assert problems("title: T\n" + "\n".join(groups) + "\n") == [
        "bp.yaml:67:28: group 'g64' is nested 65 levels deep; the limit is 64"
        " (--limit depth=N raises it)"
    ]


def test_an_edge_with_many_ends_inside_its_groups_reports_a_few_and_a_count() -> None:
    # Each pair of ends was checked and worded on its own: 2,000 by 2,000 ends took
    # seconds and a gigabyte.
    nodes = "".join(f"  n{number:02d}: {{type: ec2, in: g}}\n" for number in range(30))
    ends = ", ".join(f"n{number:02d}" for number in range(30))
    found = problems(
        "title: T\ngroups:\n  g: {kind: vpc}\nnodes:\n"
        + nodes
        + f"edges:\n  e: {{from: [{ends}], to: g}}\n"
    )
    assert found[0] == "bp.yaml:36:3: 'n00' is inside group 'g': an edge cannot join them"
    assert found[-1] == "bp.yaml:36:3: ... and 10 more such pairs of its ends"
    assert len(found) == 21


def test_a_long_loop_of_groups_is_named_by_its_ends() -> None:
    # Each member's message named the whole loop: 20,000 members took seconds to word.
    groups = "".join(
        f"  g{number}: {{kind: generic, in: g{(number + 1) % 8}}}\n" for number in range(8)
    )
    found = problems("title: T\ngroups:\n" + groups)
    assert found[0] == (
        "bp.yaml:3:27: group 'g0' ends up inside itself: g0 > g1 > g2 > ... > g7 > g0 (8 groups)"
    )
    assert len(found) == 8
