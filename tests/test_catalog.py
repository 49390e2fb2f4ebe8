from __future__ import annotations

import json

import pytest

from arch_draw.catalog import (
    INDEX,
    SPOKEN_NAMES,
    _diagrams_installed,
    load_catalog,
    scan_diagrams,
)


@pytest.mark.parametrize(
    ("name", "qualified"),
    [
        ("aws.database.RDS", "aws.database.RDS"),
        ("AWS.DATABASE.rds", "aws.database.RDS"),
        ("ec2", "aws.compute.EC2"),
        ("EC2", "aws.compute.EC2"),
        ("route53", "aws.network.Route53"),
        # `rds` also names alibabacloud.database.RDS: the AWS type wins.
        ("rds", "aws.database.RDS"),
        ("users", "aws.general.Users"),
        ("onprem.client.Users", "onprem.client.Users"),
        ("onprem.users", "onprem.client.Users"),
        # Module aliases of `diagrams` reach the class they alias.
        ("aws.database.ElastiCache", "aws.database.Elasticache"),
        ("elasticache", "aws.database.Elasticache"),
        ("cloudfront", "aws.network.CloudFront"),
        # Other providers' own names need no provider.
        ("kafka", "onprem.queue.Kafka"),
        ("redis", "onprem.inmemory.Redis"),
        ("ibm.instance", "ibm.compute.Instance"),
    ],
)
def test_lookup_finds(name: str, qualified: str) -> None:
    found = load_catalog().lookup(name).found
    assert found is not None
    assert found.qualified == qualified


def test_ambiguous_names_list_every_candidate_aws_first() -> None:
    lookup = load_catalog().lookup("apigateway")
    assert lookup.found is None
    assert lookup.candidates == (
        "aws.mobile.APIGateway",
        "aws.network.APIGateway",
        "alibabacloud.application.ApiGateway",
        "gcp.api.APIGateway",
        "oci.devops.APIGateway",
    )


@pytest.mark.parametrize(
    ("name", "aws_choices", "others"),
    [
        ("instance", ("ec2",), ("ibm.compute.Instance",)),
        ("queue", ("sqs",), ("oci.monitoring.Queue",)),
        ("server", ("ec2", "traditionalserver"), ("onprem.compute.Server",)),
        ("loadbalancer", ("alb", "nlb", "elb"), ("digitalocean.network.LoadBalancer",)),
    ],
)
def test_names_people_give_aws_services_do_not_draw_another_providers_icon(
    name: str, aws_choices: tuple[str, ...], others: tuple[str, ...]
) -> None:
    lookup = load_catalog().lookup(name)
    assert lookup.found is None
    assert lookup.aws_choices == aws_choices
    assert lookup.candidates[: len(others)] == others


@pytest.mark.parametrize(
    ("name", "suggestions"),
    [
        ("load-balancer", ("alb", "nlb", "elb")),
        ("Load Balancer", ("alb", "nlb", "elb")),
        ("internet gateway", ("igw",)),
        ("network_interface", ("vpcelasticnetworkinterface",)),
        # `loadbalancers` is ambiguous among other providers: not offered for a misspelling.
        ("loadbalancerss", ("loadbalancerhub",)),
    ],
)
def test_unknown_names_lead_to_types_that_can_be_written(
    name: str, suggestions: tuple[str, ...]
) -> None:
    catalog = load_catalog()
    lookup = catalog.lookup(name)
    assert lookup.suggestions[: len(suggestions)] == suggestions
    assert all(catalog.lookup(name).found is not None for name in lookup.suggestions)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("load balancer", "aws.network.ElasticLoadBalancing"),
        ("balancer load", "aws.network.ElasticLoadBalancing"),
        ("Application Load Balancer", "aws.network.ElbApplicationLoadBalancer"),
        ("application-load-balancer", "aws.network.ElbApplicationLoadBalancer"),
        ("api gateway", "aws.mobile.APIGateway"),
        ("internet gateway", "aws.general.InternetGateway"),
        ("network interface", "aws.network.VPCElasticNetworkInterface"),
        ("eni", "aws.network.VPCElasticNetworkInterface"),
        ("datacenter", "aws.general.GenericOfficeBuilding"),
        ("onprem", "aws.general.GenericOfficeBuilding"),
        ("queue", "aws.integration.SimpleQueueServiceSqs"),
        ("rds", "aws.database.RDS"),
    ],
)
def test_search_finds_every_word_in_any_order_and_what_people_call_services(
    query: str, first: str
) -> None:
    assert load_catalog().search(query)[0].qualified == first


def test_what_people_call_services_names_types_of_the_catalogue() -> None:
    catalog = load_catalog()
    qualified = {node_type.qualified for node_type in catalog.types.values()}
    assert sorted(set(SPOKEN_NAMES) - qualified) == []


def test_unknown_names_get_suggestions() -> None:
    lookup = load_catalog().lookup("routte53")
    assert lookup.found is None
    assert lookup.suggestions[0] == "route53"


def test_every_type_has_an_icon_file() -> None:
    catalog = load_catalog()
    missing = [
        t.qualified for t in catalog.types.values() if not (catalog.icon_root / t.icon).is_file()
    ]
    assert missing == []
    assert len({t.qualified for t in catalog.types.values()}) > 1500


def test_custom_nodes_are_not_catalogue_types() -> None:
    assert load_catalog().lookup("custom").found is None


@pytest.mark.parametrize(
    ("name", "spelled"),
    [
        ("sqs", "SQS"),
        ("ec2", "EC2"),
        ("elasticache", "ElastiCache"),
        ("ddb", "DDB"),
        ("aws.rds", "RDS"),
    ],
)
def test_lookup_spells_the_name_asked_for_as_diagrams_does(name: str, spelled: str) -> None:
    assert load_catalog().lookup(name).spelled == spelled


def test_the_shipped_index_is_the_installed_diagrams() -> None:
    """catalog.json spares every command importing all of `diagrams`; it must match it
    (after upgrading `diagrams`: python -m arch_draw.catalog)."""
    version, package_dir = _diagrams_installed()
    indexed = json.loads(INDEX.read_text(encoding="utf-8"))
    assert indexed["diagrams"] == version
    scanned = scan_diagrams(package_dir.parent / "resources")
    assert indexed["types"] == {name: [t.qualified, t.icon] for name, t in scanned.items()}
