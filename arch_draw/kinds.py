"""Group kinds: the one table of what a blueprint's `kind:` may say, the label a group of
that kind gets by default, and how it is drawn, after the AWS Architecture Icons group
shapes (border colour, dashed or solid, fill, corner icon).

The schema's list of kinds (arch_draw.schema), the default labels (arch_draw.resolve)
and the drawing (arch_draw.render) all read this table, so a kind is added here alone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GroupKind:
    label: str  # a group's label when it has none of its own
    border: str  # and its label's colour (AWS: the label matches the border)
    dashed: bool
    fill: str | None
    icon: str | None  # an icon path under the image path, drawn in the top-left corner
    centred: bool = False  # the label centred at the top (AWS: Availability Zones)
    # draw.io's AWS group icon (`mxgraph.aws4.NAME`, its palette's own), or None: a box
    drawio: str | None = None


_GREY = "#7D8998"  # AWS's colour for groups of no service of its own
_ORANGE = "#ED7100"  # compute

GROUP_KINDS: dict[str, GroupKind] = {
    "aws-cloud": GroupKind(
        "AWS Cloud", "#232F3E", False, None, "aws/aws.png", drawio="group_aws_cloud_alt"
    ),
    "aws-account": GroupKind(
        "AWS Account",
        "#E7157B",
        False,
        None,
        "aws/management/organizations-account.png",
        drawio="group_account",
    ),
    "region": GroupKind(
        "Region", "#00A4A6", True, None, "arch-draw/region.png", drawio="group_region"
    ),
    "vpc": GroupKind("VPC", "#8C4FFF", False, None, "aws/network/vpc.png", drawio="group_vpc"),
    "availability-zone": GroupKind("Availability Zone", "#00A4A6", True, None, None, True),
    "public-subnet": GroupKind(
        "Public subnet",
        "#7AA116",
        False,
        "#F2F6E8",
        "aws/network/public-subnet.png",
        drawio="group_security_group",
    ),
    "private-subnet": GroupKind(
        "Private subnet",
        "#00A4A6",
        False,
        "#E6F6F7",
        "aws/network/private-subnet.png",
        drawio="group_security_group",
    ),
    "security-group": GroupKind("Security group", "#DD344C", False, None, None),
    "auto-scaling-group": GroupKind(
        "Auto Scaling group",
        _ORANGE,
        True,
        None,
        "aws/compute/ec2-auto-scaling.png",
        drawio="group_auto_scaling_group",
    ),
    "spot-fleet": GroupKind(
        "Spot Fleet",
        _ORANGE,
        False,
        None,
        "aws/compute/ec2-spot-instance.png",
        drawio="group_spot_fleet",
    ),
    "ec2-instance-contents": GroupKind(
        "EC2 instance contents",
        _ORANGE,
        False,
        None,
        "aws/compute/ec2-instance.png",
        drawio="group_ec2_instance_contents",
    ),
    "corporate-data-center": GroupKind(
        "Corporate data center",
        _GREY,
        False,
        None,
        "aws/general/generic-office-building.png",
        drawio="group_corporate_data_center",
    ),
    "server-contents": GroupKind(
        "Server contents",
        _GREY,
        False,
        None,
        "aws/general/traditional-server.png",
        drawio="group_on_premise",
    ),
    "generic": GroupKind("", _GREY, True, None, None),
}

# Generic groups nested in generic groups: a fill a step darker for each level, so that
# boxes of one look stay apart (the outermost has none, as AWS draws it).
GENERIC_TINTS = ("#F7F8F9", "#EEF0F2", "#E5E8EB")
