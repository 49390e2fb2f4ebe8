"""The seven blueprints show what the guide's drawings must show (design/seed-images.md).

Checked on the resolved model, not on pixels: which services are there, inside which
groups, and which links join them.
"""

from __future__ import annotations

import functools
import itertools
import re

import pytest

from arch_draw.catalog import load_catalog
from arch_draw.model import Blueprint
from arch_draw.pipeline import load_blueprint
from arch_draw.render import lay_out

from .conftest import BLUEPRINTS

HANGUL = re.compile("[\uac00-\ud7a3]")


@functools.cache
def blueprint(name: str, language: str = "en") -> Blueprint:
    return load_blueprint(BLUEPRINTS / f"{name}.yaml", language=language)


def types(bp: Blueprint) -> dict[str, str | None]:
    return {node.id: node.type for node in bp.nodes}


def node_label(bp: Blueprint, node_id: str) -> str:
    """A node's label, which resolving gives every node."""
    label = bp.node(node_id).label
    assert label is not None
    return label


def links(bp: Blueprint) -> set[tuple[str, str]]:
    return {
        (source, target) for edge in bp.edges for source in edge.sources for target in edge.targets
    }


def inside(bp: Blueprint, element_id: str) -> list[str]:
    """The groups around an element, innermost first."""
    parents = {**{g.id: g.parent for g in bp.groups}, **{n.id: n.parent for n in bp.nodes}}
    chain, current = [], parents.get(element_id)
    while current:
        chain.append(current)
        current = parents.get(current)
    return chain


def kinds_around(bp: Blueprint, element_id: str) -> list[str]:
    return [bp.group(group_id).kind for group_id in inside(bp, element_id)]


def texts(bp: Blueprint) -> str:
    parts = [bp.title, bp.caption or "", *(note.text for note in bp.notes)]
    parts += [f"{n.label} {n.note or ''}" for n in bp.nodes] + [
        f"{g.label} {g.note or ''}" for g in bp.groups
    ]
    parts += [edge.label or "" for edge in bp.edges]
    return " ".join(parts)


ALL = [
    "users-under-1k",
    "users-over-1k",
    "users-over-10k",
    "users-over-100k",
    "aurora-read-replica-autoscaling",
    "elasticache-sessions",
    "distributed-purpose-built",
]
TIERS = ALL[:4]


def test_there_are_seven_blueprints() -> None:
    assert sorted(path.stem for path in BLUEPRINTS.glob("*.yaml")) == sorted(ALL)


@pytest.mark.parametrize("name", ALL)
def test_every_blueprint_speaks_english_and_korean(name: str) -> None:
    english, korean = blueprint(name), blueprint(name, "ko")
    assert english.languages == ("en", "ko")
    assert not HANGUL.search(texts(english))
    assert HANGUL.search(korean.title)
    assert HANGUL.search(korean.caption or "")


@pytest.mark.parametrize(
    ("tier", "base"), [(2, "users-under-1k"), (3, "users-over-1k"), (4, "users-over-10k")]
)
def test_each_tier_extends_the_previous_one(tier: int, base: str) -> None:
    text = (BLUEPRINTS / f"{TIERS[tier - 1]}.yaml").read_text(encoding="utf-8")
    assert f"\nextends: {base}\n" in text


@pytest.mark.parametrize("name", TIERS)
def test_every_tier_has_the_tier_1_core(name: str) -> None:
    bp = blueprint(name)
    kinds = types(bp)
    assert kinds["users"] == "aws.general.Users"
    assert kinds["dns"] == "aws.network.Route53"
    assert kinds["alb"] == "aws.network.ElbApplicationLoadBalancer"
    assert kinds["cognito"] == "aws.security.Cognito"
    assert (kinds["web_a"], kinds["web_b"]) == ("aws.compute.EC2", "aws.compute.EC2")
    assert kinds_around(bp, "alb")[:3] == ["vpc", "region", "aws-cloud"]
    assert ("users", "cognito") in links(bp)
    assert {("alb", "web_a"), ("alb", "web_b")} <= links(bp)
    # The code pipeline: Cloud9 > CodeCommit > CodeBuild > test > CodeDeploy, run by CodePipeline.
    chain = ["cloud9", "codecommit", "codebuild", "tests", "codedeploy"]
    assert [kinds[n] for n in chain] == [
        "aws.devtools.Cloud9",
        "aws.devtools.Codecommit",
        "aws.devtools.Codebuild",
        "aws.general.Toolkit",
        "aws.devtools.Codedeploy",
    ]
    assert all(inside(bp, n)[0] == "code" for n in chain)
    assert set(itertools.pairwise(chain)) <= links(bp)
    assert kinds["codepipeline"] == "aws.devtools.Codepipeline"
    assert inside(bp, "codepipeline")[0] == "code"  # the band it runs


def test_tier_1_two_zones_one_database_and_the_guides_notes() -> None:
    bp = blueprint("users-under-1k")
    assert inside(bp, "web_a")[:2] == ["public_a", "az_a"]
    assert inside(bp, "web_b")[:2] == ["public_b", "az_b"]
    assert [bp.group(g).kind for g in ("az_a", "az_b")] == ["availability-zone"] * 2
    assert types(bp)["db"] == "aws.database.Aurora"
    assert kinds_around(bp, "db")[:2] == ["private-subnet", "availability-zone"]
    assert [bp.group(g).parent for g in ("private_a", "private_b")] == ["az_a", "az_b"]
    flow = {("users", "dns"), ("dns", "alb"), ("web_a", "db"), ("web_b", "db")}
    assert flow <= links(bp)
    assert ("codedeploy", "vpc") in links(bp)  # once, to what holds the web instances
    assert "web instances" in (bp.edge("deploy").label or "")
    assert "NLB" in (bp.node("alb").note or "")
    assert "6 copies across 3 Availability Zones" in (bp.node("db").note or "")
    assert "15 read replicas" in (bp.node("db").note or "")


def test_tier_2_auto_scaling_multi_az_backup_and_cloudwatch() -> None:
    bp = blueprint("users-over-1k")
    # The Auto Scaling group spans both zones' public subnets, where its instances run.
    assert bp.group("asg").kind == "auto-scaling-group"
    assert bp.group("asg").spans == ("public_a", "public_b")
    assert inside(bp, "web_a")[:3] == ["public_a", "az_a", "vpc"]
    assert inside(bp, "web_b")[:3] == ["public_b", "az_b", "vpc"]
    # Multi-AZ: the Master in zone A, the Standby in zone B, a replication link.
    assert inside(bp, "db")[:2] == ["private_a", "az_a"]
    assert inside(bp, "standby")[:2] == ["private_b", "az_b"]
    assert "Master" in node_label(bp, "db")
    assert "Standby" in node_label(bp, "standby")
    replication = bp.edge("replicate")
    assert (replication.sources, replication.targets, replication.style) == (
        ("db",),
        ("standby",),
        "dashed",
    )
    # Synchronous copies and the failover are the Master's callout.
    assert "kept in sync" in (bp.node("db").note or "")
    assert "promoted" in (bp.node("db").note or "")
    # Backup and CloudWatch in the management band; CloudWatch's alarm to the group.
    assert types(bp)["backup"] == "aws.storage.Backup"
    assert "database" in (bp.node("backup").note or "")
    assert "Storage Gateway" in (bp.node("backup").note or "")
    assert types(bp)["monitor"] == "aws.management.Cloudwatch"
    assert inside(bp, "backup")[0] == inside(bp, "monitor")[0] == "manage"
    assert ("monitor", "asg") in links(bp)
    assert "dashboard" in (bp.node("monitor").note or "")
    assert ("codedeploy", "asg") in links(bp)


def test_tier_3_cloudfront_read_replicas_and_elasticache() -> None:
    bp = blueprint("users-over-10k")
    assert types(bp)["edge"] == "aws.network.CloudFrontEdgeLocation"
    assert node_label(bp, "edge").startswith("Amazon CloudFront")
    assert {("users", "edge"), ("edge", "alb"), ("edge", "static")} <= links(bp)
    assert types(bp)["static"] == "aws.storage.SimpleStorageServiceS3"
    note = bp.node("edge").note or ""
    assert "nearest the user" in note
    assert "hit" in note
    assert "miss" in note
    # Reads go through one reader endpoint to the replicas, which scale in both zones.
    assert ("asg", "replicas") in links(bp)
    assert "reader endpoint" in (bp.edge("read").label or "")
    assert "One reader endpoint" in (bp.group("replicas").note or "")
    replicas = bp.group("replicas").spans
    assert len(replicas) >= 2
    assert all(types(bp)[r] == "aws.database.Aurora" for r in replicas)
    assert {inside(bp, r)[0] for r in replicas} == {"private_a", "private_b"}
    assert types(bp)["cache"] == "aws.database.Elasticache"
    assert inside(bp, "cache")[0].startswith("private_")
    assert ("asg", "cache") in links(bp)
    assert "sessions" in (bp.edge("sessions").label or "")
    # Everything from tier 2 is still there, the Master and Standby now Aurora instances.
    assert {"standby", "backup", "monitor"} <= set(types(bp))
    assert "Master" in node_label(bp, "db")
    assert "Standby" in node_label(bp, "standby")
    # A cache hit is answered at the edge: the request's arrow back, and its callout.
    assert bp.edge("request").direction == "both"
    assert "nearest PoP" in (bp.edge("request").label or "")
    assert "A cache hit is answered from there" in (bp.node("edge").note or "")


def test_tier_4_sqs_sns_and_lambda() -> None:
    bp = blueprint("users-over-100k")
    kinds = types(bp)
    assert kinds["queue"] == "aws.integration.SimpleQueueServiceSqs"
    assert kinds["topic"] == "aws.integration.SimpleNotificationServiceSns"
    assert kinds["function"] == "aws.compute.Lambda"
    assert {("asg", "queue"), ("queue", "workers")} <= links(bp)  # producer puts, consumers pull
    assert {("topic", "queue"), ("topic", "function"), ("topic", "mail")} <= links(bp)  # fan-out
    assert "pull" in (bp.node("queue").note or "")
    assert "pushes" in (bp.node("topic").note or "")
    assert bp.group("workers").kind == "auto-scaling-group"
    # The worker tier as AWS draws an Auto Scaling group: across both zones' private
    # subnets, where its instances run.
    assert bp.group("workers").spans == ("worker_1", "worker_2")
    assert [inside(bp, worker)[:2] for worker in ("worker_1", "worker_2")] == [
        ["private_a", "az_a"],
        ["private_b", "az_b"],
    ]
    assert {"edge", "replica_1", "cache"} <= set(kinds)


def test_aurora_detail_one_reader_endpoint_and_scaling_on_cpu_or_connections() -> None:
    bp = blueprint("aurora-read-replica-autoscaling")
    assert {
        ("app", "reader_endpoint"),
        ("app", "cluster_endpoint"),
        ("cluster_endpoint", "primary"),
    } <= links(bp)
    replicas = [n.id for n in bp.nodes if n.parent == "replicas"]
    assert len(replicas) == 3
    assert {("reader_endpoint", replica) for replica in replicas} <= links(bp)
    assert {("replicas", "metrics"), ("metrics", "policy"), ("policy", "replica_new")} <= links(bp)
    assert types(bp)["policy"] == "aws.compute.ApplicationAutoScaling"
    assert "being added" in node_label(bp, "replica_new")
    assert "average CPU" in node_label(bp, "metrics")
    assert "connections" in node_label(bp, "metrics")
    assert "3 zones" in node_label(bp, "volume")


def test_elasticache_detail_sessions_leave_the_instances() -> None:
    bp = blueprint("elasticache-sessions")
    assert bp.group("web").kind == "auto-scaling-group"
    assert {("web", "primary"), ("web", "db"), ("primary", "replica")} <= links(bp)
    assert "sessions" in (bp.edge("sessions").label or "")
    assert "cache miss" in (bp.edge("miss").label or "")
    assert bp.group("cache_a").label == "Private subnet · AZ A"
    assert bp.group("cache_b").label == "Private subnet · AZ B"
    assert "ElastiCache cluster" in node_label(bp, "primary")
    assert [bp.group(g).kind for g in ("cache_a", "cache_b")] == ["private-subnet"] * 2
    assert "memory" in texts(bp)


def test_distributed_detail_has_both_paths_and_xray_traces_the_serverless_one() -> None:
    bp = blueprint("distributed-purpose-built")
    kinds = types(bp)
    warehouse = [("server_a", "queue"), ("queue", "server_b"), ("server_b", "redshift")]
    serverless = [("user", "api"), ("api", "function"), ("function", "table")]
    assert set(warehouse + serverless) <= links(bp)
    assert kinds["redshift"] == "aws.analytics.Redshift"
    assert kinds["api"] == "aws.network.APIGateway"
    assert kinds["table"] == "aws.database.Dynamodb"
    assert kinds["xray"] == "aws.devtools.XRay"
    # Once, to the path it traces (AWS draws a monitoring service's relation to the group).
    assert ("xray", "serverless") in links(bp)
    assert {inside(bp, node)[0] for node in ("api", "function", "table")} == {"serverless"}
    assert "bottlenecks" in (bp.node("xray").note or "")


@pytest.mark.parametrize("name", TIERS)
@pytest.mark.parametrize("language", ["en", "ko"])
def test_every_tier_is_drawn_with_zone_a_before_b_and_its_subnets_lined_up(
    name: str, language: str
) -> None:
    # The file's order is what Graphviz starts from, not what it keeps: laid out, zone A
    # must still come first, and each zone's subnets stand level with the other's.
    frames = {
        frame.id: frame.box for frame in lay_out(blueprint(name, language), load_catalog()).frames
    }
    assert frames["az_a"].right <= frames["az_b"].left
    for kind in ("public", "private"):
        a, b = frames[f"{kind}_a"], frames[f"{kind}_b"]
        shared = min(a.top, b.top) - max(a.bottom, b.bottom)
        assert shared >= min(a.height, b.height) / 2, kind


@pytest.mark.parametrize("name", TIERS)
def test_every_tier_follows_aws_conventions(name: str) -> None:
    # What aws-conventions.md asks of the drawings, as far as the model says it.
    bp = blueprint(name)
    # An Auto Scaling group is drawn across the zones it spans, never around them.
    for group in bp.groups:
        if group.kind == "auto-scaling-group":
            for zone in ("az_a", "az_b"):
                assert group.id not in inside(bp, zone), (group.id, zone)
    # Zone A before B, in the file and so across the flow.
    order = [group.id for group in bp.groups]
    assert order.index("az_a") < order.index("az_b")
    # Global services in the AWS Cloud, outside the Region; users outside the cloud.
    for service in ("dns", "cognito", "edge"):
        if service in types(bp):
            assert inside(bp, service) == ["cloud"], service
    assert inside(bp, "users") == []
    # The database in the private subnets: the Master in zone A, the Standby in B.
    assert inside(bp, "db")[:2] == ["private_a", "az_a"]
    if "standby" in types(bp):
        assert inside(bp, "standby")[:2] == ["private_b", "az_b"]
    # The guide's explanations as numbered callouts.
    assert bp.callouts
