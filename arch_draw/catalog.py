"""The node types a blueprint may use: the whole `diagrams` icon catalogue.

Each type is named by its qualified name, which mirrors the `diagrams` module path
(`aws.database.RDS`). Shorter names are accepted, case-insensitively, wherever they
point at one class only: the class name (`rds`), or provider and class (`aws.rds`).
The module-level aliases `diagrams` defines (`aws.database.ElastiCache`) count as
qualified names of the class they alias. arch-draw draws AWS architectures first, so a
short name shared with other providers means the AWS type when exactly one AWS type
has it (`rds` is `aws.database.RDS`, not `alibabacloud.database.RDS`).

Only this module and `render` import `diagrams`; nothing here touches Graphviz.
"""

from __future__ import annotations

import functools
import importlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .installed import package_directory, package_version
from .spelling import WORD_BREAKS, close_matches, compact

_SKIPPED_PACKAGES = ("diagrams.custom",)  # types whose icon is a user file, not the catalogue's

# What people call the AWS services they draw, where that is not the class's name: the
# words `arch-draw icons` finds them by, and the names an unknown type is compared with
# to suggest one that can be written (`load-balancer` -> alb, nlb, elb). One table, read
# by search and by lookup; a type listed first comes first among equals.
SPOKEN_NAMES: dict[str, tuple[str, ...]] = {
    "aws.compute.EC2": ("instance", "virtual machine", "vm", "server", "elastic compute cloud"),
    "aws.compute.Lambda": ("function", "serverless function"),
    "aws.compute.ElasticContainerService": ("containers", "docker"),
    "aws.compute.ElasticKubernetesService": ("kubernetes", "k8s"),
    "aws.compute.EC2AutoScaling": ("auto scaling",),
    "aws.network.ElbApplicationLoadBalancer": ("application load balancer", "load balancer"),
    "aws.network.ElbNetworkLoadBalancer": ("network load balancer", "load balancer"),
    "aws.network.ElasticLoadBalancing": ("elastic load balancer", "load balancer"),
    "aws.network.ElbClassicLoadBalancer": ("classic load balancer",),
    "aws.network.APIGateway": ("api gateway", "rest api", "http api"),
    "aws.network.InternetGateway": ("internet gateway",),
    "aws.network.NATGateway": ("nat gateway", "nat"),
    "aws.network.VPCElasticNetworkInterface": (
        "network interface",
        "elastic network interface",
        "eni",
    ),
    "aws.network.Endpoint": ("vpc endpoint", "privatelink", "private link"),
    "aws.network.Route53": ("dns", "domain name system", "hosted zone"),
    "aws.network.CloudFront": ("cdn", "content delivery network", "edge location"),
    "aws.network.VPC": ("virtual private cloud", "network"),
    "aws.network.TransitGateway": ("transit gateway",),
    "aws.network.DirectConnect": ("direct connect", "dedicated line"),
    "aws.network.VpnGateway": ("vpn gateway", "virtual private gateway", "vpn"),
    "aws.general.GenericOfficeBuilding": (
        "corporate data center",
        "data center",
        "datacenter",
        "on premises",
        "onprem",
        "office",
    ),
    "aws.general.TraditionalServer": ("server", "on premises server", "physical server"),
    "aws.integration.SimpleQueueServiceSqs": ("queue", "message queue"),
    "aws.integration.SimpleNotificationServiceSns": ("topic", "notification", "pub sub"),
    "aws.integration.Eventbridge": ("event bus", "events"),
    "aws.integration.StepFunctions": ("workflow", "state machine"),
    "aws.database.Elasticache": ("cache", "in memory cache"),
    "aws.database.RDS": ("relational database", "database", "sql database"),
    "aws.database.Dynamodb": ("nosql", "key value store", "dynamo"),
    "aws.storage.SimpleStorageServiceS3": ("object storage", "bucket", "storage"),
    "aws.storage.ElasticBlockStoreEBS": ("block storage", "volume", "disk"),
    "aws.storage.ElasticFileSystemEFS": ("file storage", "shared file system", "nfs"),
    "aws.storage.Backup": ("backup",),
    "aws.security.Cognito": ("sign in", "login", "user pool", "authentication"),
    "aws.security.WAF": ("web application firewall", "firewall"),
    "aws.security.Shield": ("ddos protection",),
    "aws.security.KeyManagementService": ("encryption keys",),
    "aws.security.SecretsManager": ("secrets", "passwords"),
    "aws.security.IdentityAndAccessManagementIam": ("permissions", "roles"),
    "aws.management.Cloudwatch": ("monitoring", "metrics", "alarms", "logs"),
    "aws.management.Cloudtrail": ("audit log",),
    "aws.analytics.Redshift": ("data warehouse",),
    "aws.analytics.KinesisDataStreams": ("stream", "streaming"),
    "aws.devtools.Codepipeline": ("ci cd", "pipeline"),
    "aws.devtools.XRay": ("tracing",),
    "aws.ml.Sagemaker": ("machine learning",),
}
_SPOKEN_KEYS = frozenset(compact(said) for names in SPOKEN_NAMES.values() for said in names)


@dataclass(frozen=True)
class NodeType:
    """One drawable type and where its icon is."""

    qualified: str
    icon: str  # relative to the catalogue's icon root, with '/' separators

    @property
    def provider(self) -> str:
        return self.qualified.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.qualified.rsplit(".", 1)[1]


@dataclass(frozen=True)
class Lookup:
    """The answer to a type name: the type, or why there is none."""

    found: NodeType | None
    candidates: tuple[str, ...] = ()  # ambiguous: every type the name could mean
    suggestions: tuple[str, ...] = ()  # unknown: close names that can be written
    # Not an AWS type, though AWS has types that people call so: how to write those.
    aws_choices: tuple[str, ...] = ()
    spelled: str = ""  # the class or alias name as `diagrams` spells the name asked for


@dataclass(frozen=True)
class Entry:  # frozen, with a cached property: needs a __dict__, so no slots
    """A type as `arch-draw icons` lists it: its name, category and the short names for it."""

    qualified: str
    short_names: tuple[str, ...]
    spoken: tuple[str, ...] = ()  # what people call it (SPOKEN_NAMES)

    @property
    def provider(self) -> str:
        return self.qualified.split(".", 1)[0]

    @property
    def category(self) -> str:
        return self.qualified.split(".")[1]

    @property
    def usable_name(self) -> str:
        """The shortest name a blueprint can write for it."""
        return self.short_names[0] if self.short_names else self.qualified

    @functools.cached_property
    def names(self) -> tuple[str, ...]:
        """Every name of it, compacted (see `compact`), for search to compare with."""
        last = self.qualified.rsplit(".", 1)[1]
        return tuple(compact(name) for name in (*self.short_names, last, *self.spoken))


class Catalog:
    """All node types, indexed by every name that identifies one of them."""

    def __init__(self, types: dict[str, NodeType], icon_root: Path, version: str = "") -> None:
        self.types = types
        self.icon_root = icon_root
        self.version = version  # of `diagrams`, whose icons these are
        self._names = index_names(types)

    # Only suggestions and default labels need these: built on first use, which keeps
    # `arch-draw validate` of a blueprint that needs neither quick.
    @functools.cached_property
    def _spelled(self) -> dict[str, str]:
        return {name.lower(): name for name in self.types}

    @functools.cached_property
    def _short_names(self) -> dict[tuple[str, str], str]:
        return _short_names(self.types)

    def lookup(self, name: str) -> Lookup:
        """The type a blueprint's `type:` names.

        A name without a provider means an AWS type where AWS has one of that name. One
        that only other providers have, but that people call an AWS service by
        (SPOKEN_NAMES: `instance`, `queue`, `dns`), is refused with the ways to write
        either: an AWS drawing showing IBM's icon for `instance` was never what was
        meant. Other providers' own names (`kafka`, `redis`) need no provider."""
        meaning = self._meaning(name.lower())
        if meaning is not None:
            found = self.types[meaning]
            return Lookup(found, spelled=self._spelling(found, name))
        matches = self._names.get(name.lower(), ())
        if matches:
            aws_first = sorted(matches, key=lambda match: (not match.startswith("aws."), match))
            aws_choices = () if aws_first[0].startswith("aws.") else self._aws_choices(name)
            return Lookup(None, candidates=tuple(aws_first), aws_choices=aws_choices)
        spoken = self._spoken.get(compact(name), ())
        # Compare like with like: `aws.databse.rds` with qualified names, `ec3` with short
        # ones; only names that lead to one type are offered.
        close = close_matches(name.lower(), self._usable_by_shape.get(name.count("."), ()))
        suggestions = dict.fromkeys([*spoken, *(self._display(key) for key in close)])
        return Lookup(None, suggestions=tuple(suggestions))

    def _meaning(self, key: str) -> str | None:
        """The one type a lower-case name leads to, or None (see `lookup`)."""
        matches = self._names.get(key, ())
        aws_matches = [match for match in matches if match.startswith("aws.")]
        if len(aws_matches) == 1:
            return aws_matches[0]
        refused = aws_matches or ("." not in key and compact(key) in _SPOKEN_KEYS)
        return matches[0] if len(matches) == 1 and not refused else None

    def _aws_choices(self, name: str) -> tuple[str, ...]:
        """How to write the AWS types people call `name`: by SPOKEN_NAMES, else the
        best matches of a search among AWS types (at most three)."""
        spoken = self._spoken.get(compact(name), ())
        return spoken or tuple(entry.usable_name for entry in self.search(name, "aws")[:3])

    @functools.cached_property
    def _spoken(self) -> dict[str, tuple[str, ...]]:
        """A compacted spoken name -> the names to write for the types called so."""
        usable = {entry.qualified: entry.usable_name for entry in self.entries}
        spoken: dict[str, list[str]] = {}
        for qualified, names in SPOKEN_NAMES.items():
            for said in names:
                spoken.setdefault(compact(said), []).append(usable[qualified])
        return {key: tuple(names) for key, names in spoken.items()}

    @functools.cached_property
    def _usable_by_shape(self) -> dict[int, list[str]]:
        """Names that lead to one type, by their number of dots (sorted out once: per
        unknown name, thousands of them took seconds)."""
        shapes: dict[int, list[str]] = {}
        for key in self._names:
            if self._meaning(key) is not None:
                shapes.setdefault(key.count("."), []).append(key)
        return shapes

    def providers(self) -> list[str]:
        return sorted({node_type.provider for node_type in self.types.values()})

    @functools.cached_property
    def entries(self) -> list[Entry]:
        """Every type once, with the shorter names that lead to it, sorted by name."""
        short: dict[str, list[str]] = {}
        for key in self._names:
            meaning = self._meaning(key)
            if meaning is not None and key.count(".") < 2:
                short.setdefault(self.types[meaning].qualified, []).append(key)
        qualified_names = sorted({node_type.qualified for node_type in self.types.values()})
        by_length = {
            name: sorted(keys, key=lambda key: (len(key), key)) for name, keys in short.items()
        }
        return [
            Entry(name, tuple(by_length.get(name, [])), SPOKEN_NAMES.get(name, ()))
            for name in qualified_names
        ]

    def search(self, query: str, provider: str | None = None) -> list[Entry]:
        """Types whose names (qualified, short, or what people call them) hold every word
        of `query`, in any order, spaces and hyphens aside; best matches first."""
        words = [compact(word) for word in WORD_BREAKS.split(query.lower()) if word]
        found = [
            entry
            for entry in self.entries
            if (provider is None or entry.provider == provider) and _mentions(entry, words)
        ]
        # arch-draw draws AWS first: among equal matches, AWS types lead.
        wanted = compact(query)
        return sorted(
            found,
            key=lambda entry: (_rank(entry, wanted), entry.provider != "aws", entry.qualified),
        )

    def _spelling(self, found: NodeType, name: str) -> str:
        """`sqs` -> `SQS`: the name of the alias asked for, if that is how it was reached.

        Names like `SimpleQueueServiceSqs` make poor labels where `SQS` was written.
        """
        asked = name.rsplit(".", 1)[-1].lower()
        return self._short_names.get((found.qualified, asked), found.name)

    def _display(self, key: str) -> str:
        """Show a lower-case index key as `diagrams` spells it, where it is a full name."""
        return self._spelled.get(key, key)


INDEX = Path(__file__).resolve().parent / "catalog.json"


@functools.cache
def load_catalog() -> Catalog:
    """The catalogue of the installed `diagrams` (built once per process).

    Importing every `diagrams` module to find its classes takes about 0.3 s, so the
    catalogue of the `diagrams` version arch-draw was released with is shipped as an
    index (catalog.json, written by `python -m arch_draw.catalog`). Any other version
    installed is read from its modules, as before.
    """
    version, package_dir = _diagrams_installed()
    icon_root = package_dir.parent / "resources"
    indexed = json.loads(INDEX.read_text(encoding="utf-8"))
    if indexed["diagrams"] == version:
        types = {
            name: NodeType(qualified, icon) for name, (qualified, icon) in indexed["types"].items()
        }
        return Catalog(types, icon_root, version)
    return Catalog(scan_diagrams(icon_root), icon_root, version)


def _diagrams_installed() -> tuple[str, Path]:
    return package_version("diagrams", "diagrams"), package_directory("diagrams")


def scan_diagrams(icon_root: Path) -> dict[str, NodeType]:
    """Every drawable type of the installed `diagrams`, by importing its modules."""
    import diagrams

    types: dict[str, NodeType] = {}
    for module_name in _provider_modules(diagrams.__path__):
        module = importlib.import_module(module_name)
        types.update(_module_types(module_name.removeprefix("diagrams."), module))
    # A few classes name an icon `diagrams` does not ship (gis.cplusplus.Mapnik in 0.25):
    # they could never be drawn, so they are not offered.
    return {name: t for name, t in sorted(types.items()) if (icon_root / t.icon).is_file()}


def write_index() -> Path:
    """Write catalog.json for the installed `diagrams` (run when `diagrams` is upgraded)."""
    version, package_dir = _diagrams_installed()
    types = scan_diagrams(package_dir.parent / "resources")
    # One type a line, so that the file diffs well when `diagrams` adds or renames types.
    lines = [f"{json.dumps(n)}: {json.dumps([t.qualified, t.icon])}" for n, t in types.items()]
    text = f'{{"diagrams": {json.dumps(version)}, "types": {{\n' + ",\n".join(lines) + "\n}}\n"
    INDEX.write_text(text, encoding="utf-8")
    return INDEX


def _provider_modules(package_path: list[str]) -> Iterator[str]:
    import pkgutil

    for info in pkgutil.walk_packages(package_path, "diagrams."):
        if not info.ispkg and not info.name.startswith(_SKIPPED_PACKAGES):
            yield info.name


def _module_types(prefix: str, module: object) -> dict[str, NodeType]:
    """Classes with an icon in `module`, under their own name and every alias of theirs.

    An alias (`ElastiCache = Elasticache`) maps to the type named after the class, so
    both spellings give the same NodeType.
    """
    import inspect

    found: dict[str, NodeType] = {}
    for attribute, value in vars(module).items():
        icon = getattr(value, "_icon", None)
        if inspect.isclass(value) and icon and not attribute.startswith("_"):
            icon_dir: str = getattr(value, "_icon_dir", "")
            icon_path = f"{icon_dir}/{icon}".removeprefix("resources/")
            found[f"{prefix}.{attribute}"] = NodeType(f"{prefix}.{value.__name__}", icon_path)
    return found


def index_names(types: dict[str, NodeType]) -> dict[str, tuple[str, ...]]:
    """Every accepted spelling (lower case) -> the qualified names it may mean."""
    index: dict[str, list[str]] = {}
    for name, node_type in types.items():
        lowered = name.lower()
        provider, _category, last = lowered.split(".")
        for spelling in (lowered, last, f"{provider}.{last}"):
            meanings = index.setdefault(spelling, [])
            if node_type.qualified not in meanings:
                meanings.append(node_type.qualified)
    return {key: tuple(sorted(meanings)) for key, meanings in index.items()}


def _mentions(entry: Entry, words: list[str]) -> bool:
    haystack = " ".join((entry.qualified.lower(), *entry.names))
    return all(word in haystack for word in words)


def _rank(entry: Entry, query: str) -> int:
    """0: named exactly so; 1: a name starts so; 2: a category; 3: anything else."""
    if query in entry.names:
        return 0
    if any(name.startswith(query) for name in entry.names):
        return 1
    return 2 if query == entry.category else 3


def _short_names(types: dict[str, NodeType]) -> dict[tuple[str, str], str]:
    """(qualified, lower-case last part) -> that part as spelled; an alias's spelling wins
    over its class's (`ElastiCache` over `Elasticache`), being the one meant for people."""
    spelled: dict[tuple[str, str], str] = {}
    for name, node_type in types.items():
        last = name.rsplit(".", 1)[1]
        key = (node_type.qualified, last.lower())
        if key not in spelled or name != node_type.qualified:
            spelled[key] = last
    return spelled


if __name__ == "__main__":  # python -m arch_draw.catalog: refresh the shipped index
    print(f"wrote {write_index()}")
