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
from .spelling import close_matches

_SKIPPED_PACKAGES = ("diagrams.custom",)  # types whose icon is a user file, not the catalogue's


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
    suggestions: tuple[str, ...] = ()  # unknown: close names
    spelled: str = ""  # the class or alias name as `diagrams` spells the name asked for


@dataclass(frozen=True)
class Entry:
    """A type as `arch-draw icons` lists it: its name, category and the short names for it."""

    qualified: str
    short_names: tuple[str, ...]

    @property
    def provider(self) -> str:
        return self.qualified.split(".", 1)[0]

    @property
    def category(self) -> str:
        return self.qualified.split(".")[1]


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
        matches = self._names.get(name.lower(), ())
        aws_matches = [match for match in matches if match.startswith("aws.")]
        if len(matches) == 1 or len(aws_matches) == 1:
            found = self.types[aws_matches[0] if aws_matches else matches[0]]
            return Lookup(found, spelled=self._spelling(found, name))
        if matches:
            return Lookup(None, candidates=matches)
        # Compare like with like: `aws.databse.rds` with qualified names, `ec3` with short ones.
        close = close_matches(name.lower(), self._by_shape.get(name.count("."), ()))
        return Lookup(None, suggestions=tuple(self._display(key) for key in close))

    @functools.cached_property
    def _by_shape(self) -> dict[int, list[str]]:
        """Names by their number of dots (sorted out once: per unknown name, thousands of
        them took seconds)."""
        shapes: dict[int, list[str]] = {}
        for key in self._names:
            shapes.setdefault(key.count("."), []).append(key)
        return shapes

    def providers(self) -> list[str]:
        return sorted({node_type.provider for node_type in self.types.values()})

    @functools.cached_property
    def entries(self) -> list[Entry]:
        """Every type once, with the shorter names that lead to it, sorted by name."""
        short: dict[str, list[str]] = {}
        for key in self._names:
            found = self.lookup(key).found
            if found is not None and key.count(".") < 2:
                short.setdefault(found.qualified, []).append(key)
        qualified_names = sorted({node_type.qualified for node_type in self.types.values()})
        by_length = {
            name: sorted(keys, key=lambda key: (len(key), key)) for name, keys in short.items()
        }
        return [Entry(name, tuple(by_length.get(name, []))) for name in qualified_names]

    def search(self, query: str, provider: str | None = None) -> list[Entry]:
        """Types whose name, short names or category contain `query`; best matches first."""
        wanted = query.lower()
        found = [
            entry
            for entry in self.entries
            if (provider is None or entry.provider == provider) and _mentions(entry, wanted)
        ]
        # arch-draw draws AWS first: among equal matches, AWS types lead.
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


def _mentions(entry: Entry, query: str) -> bool:
    return query in entry.qualified.lower() or any(query in name for name in entry.short_names)


def _rank(entry: Entry, query: str) -> int:
    """0: named exactly so; 1: a name starts so; 2: a category; 3: anything else."""
    names = (*entry.short_names, entry.qualified.lower().rsplit(".", 1)[1])
    if query in names:
        return 0
    if any(name.startswith(query) for name in names):
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
