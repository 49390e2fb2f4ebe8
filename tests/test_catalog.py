from __future__ import annotations

import json

import pytest

from arch_draw.catalog import INDEX, _diagrams_installed, load_catalog, scan_diagrams


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
    ],
)
def test_lookup_finds(name: str, qualified: str):
    found = load_catalog().lookup(name).found
    assert found is not None
    assert found.qualified == qualified


def test_ambiguous_names_list_every_candidate():
    lookup = load_catalog().lookup("apigateway")
    assert lookup.found is None
    assert lookup.candidates == (
        "alibabacloud.application.ApiGateway",
        "aws.mobile.APIGateway",
        "aws.network.APIGateway",
        "gcp.api.APIGateway",
        "oci.devops.APIGateway",
    )


def test_unknown_names_get_suggestions():
    lookup = load_catalog().lookup("routte53")
    assert lookup.found is None
    assert lookup.suggestions[0] == "route53"


def test_every_type_has_an_icon_file():
    catalog = load_catalog()
    missing = [
        t.qualified for t in catalog.types.values() if not (catalog.icon_root / t.icon).is_file()
    ]
    assert missing == []
    assert len({t.qualified for t in catalog.types.values()}) > 1500


def test_custom_nodes_are_not_catalogue_types():
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
def test_lookup_spells_the_name_asked_for_as_diagrams_does(name: str, spelled: str):
    assert load_catalog().lookup(name).spelled == spelled


def test_the_shipped_index_is_the_installed_diagrams():
    """catalog.json spares every command importing all of `diagrams`; it must match it
    (after upgrading `diagrams`: python -m arch_draw.catalog)."""
    version, package_dir = _diagrams_installed()
    indexed = json.loads(INDEX.read_text(encoding="utf-8"))
    assert indexed["diagrams"] == version
    scanned = scan_diagrams(package_dir.parent / "resources")
    assert indexed["types"] == {name: [t.qualified, t.icon] for name, t in scanned.items()}
