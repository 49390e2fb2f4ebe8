"""Synthetic blueprints of any size, shaped like the guide's: AWS Cloud > Region > VPC >
Availability Zones > subnets, web and data tiers, a few services outside the VPC, and
edges along the flow. The same size always gives the same blueprint."""

from __future__ import annotations

import itertools

WEB_TYPES = ("ec2", "aws.compute.Lambda", "aws.compute.ECS", "aws.network.ALB")
DATA_TYPES = ("rds", "aurora", "elasticache", "dynamodb", "aws.storage.S3")
SERVICE_TYPES = ("sqs", "sns", "cloudwatch", "aws.storage.Backup", "route53", "cloudfront")


def blueprint(nodes: int, name: str = "Synthetic") -> str:
    """YAML text of a valid blueprint with `nodes` nodes (at least 4)."""
    zones = max(1, min(6, nodes // 20))
    lines = [
        "version: 1",
        f"title: {name}, {nodes} nodes",
        "direction: LR",
        "groups:",
        "  cloud: {kind: aws-cloud}",
        "  region: {kind: region, in: cloud}",
        "  vpc: {kind: vpc, in: region}",
    ]
    for zone in range(zones):
        lines += [
            f"  az{zone}: {{kind: availability-zone, in: vpc, label: Zone {zone}}}",
            f"  web{zone}: {{kind: public-subnet, in: az{zone}}}",
            f"  data{zone}: {{kind: private-subnet, in: az{zone}}}",
        ]
    lines += ["nodes:", "  users: {type: users, label: Users}"]
    placed = _nodes(nodes - 1, zones)
    lines += [
        f"  {node_id}: {{type: {kind}, in: {group}, label: {label}}}"
        for node_id, kind, group, label in placed
    ]
    lines += ["edges:", *_edges(placed)]
    return "\n".join(lines) + "\n"


def _nodes(count: int, zones: int) -> list[tuple[str, str, str, str]]:
    placed = []
    kinds = {"web": itertools.cycle(WEB_TYPES), "data": itertools.cycle(DATA_TYPES)}
    services = itertools.cycle(SERVICE_TYPES)
    for index in range(count):
        if index % 5 == 4:
            placed.append((f"s{index}", next(services), "region", f"Service {index}"))
            continue
        tier = "web" if index % 5 < 3 else "data"
        zone = index % zones
        placed.append((f"n{index}", next(kinds[tier]), f"{tier}{zone}", f"Node {index}"))
    return placed


def _edges(placed: list[tuple[str, str, str, str]]) -> list[str]:
    web = [node_id for node_id, _kind, group, _label in placed if group.startswith("web")]
    data = [node_id for node_id, _kind, group, _label in placed if group.startswith("data")]
    services = [node_id for node_id, _kind, group, _label in placed if group == "region"]
    edges = [f"  e_users: {{from: users, to: {web[0] if web else placed[0][0]}}}"]
    for index, node_id in enumerate(web):
        if data:
            edges.append(
                f"  e{index}: {{from: {node_id}, to: {data[index % len(data)]}, label: SQL}}"
            )
        if services and index % 3 == 0:
            edges.append(f"  q{index}: {{from: {node_id}, to: {services[index % len(services)]}}}")
    return edges


if __name__ == "__main__":
    import sys

    sys.stdout.write(blueprint(int(sys.argv[1]) if len(sys.argv) > 1 else 40))


def billion_laughs() -> str:
    """A hostile file: nine levels of YAML aliases, each level nine of the one before,
    9**9 values once expanded, from 9 short lines."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for this, previous in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{this}: &{this} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def doubled_merges(levels: int = 40) -> str:
    """A hostile file: each level `<<`-merges the one below twice, 2**levels merges of
    empty mappings from a file of about a kilobyte."""
    lines = ["x0: &a0 {}"]
    lines += [f"x{i}: &a{i} {{<<: [*a{i - 1}, *a{i - 1}]}}" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def group_loop(groups: int = 20_000) -> str:
    """A hostile file: every group inside the next, the last inside the first."""
    lines = ["title: Loop", "groups:"]
    lines += [f"  g{i}: {{kind: generic, in: g{(i + 1) % groups}}}" for i in range(groups)]
    return "\n".join(lines) + "\n"


def wide_edge(ends: int = 2000) -> str:
    """A hostile file: one edge from `ends` nodes to the `ends` groups they sit in."""
    lines = ["title: Wide", "groups:", "  g0: {kind: generic}"]
    lines += [f"  g{i}: {{kind: generic, in: g{i - 1}}}" for i in range(1, ends)]
    lines += ["nodes:", *(f"  n{i}: {{type: ec2, in: g{ends - 1}}}" for i in range(ends))]
    sources = ", ".join(f"n{i}" for i in range(ends))
    targets = ", ".join(f"g{i}" for i in range(ends))
    return "\n".join([*lines, "edges:", f"  e: {{from: [{sources}], to: [{targets}]}}"]) + "\n"
