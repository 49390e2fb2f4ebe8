"""What a schema cannot say: ids unique across sections, references that resolve, groups
that do not contain themselves, node types from the catalogue, colours, and text given
in each of the blueprint's languages.

Every check walks the data defensively, so it can run beside the schema's checks on a
blueprint that also has shape problems, and all problems are reported at once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import images
from ..catalog import Catalog
from ..colors import is_color, known_colors
from ..errors import Diagnostic
from ..files import NotRegularFile, has_control_characters, read_regular, resolved
from ..limits import DEFAULT_LIMITS, Limits, raise_with
from ..load import BLUEPRINT_TEXT, ELEMENT_TEXT, SECTION_NOUNS, SECTIONS, Document, JsonPath
from ..spelling import did_you_mean, offered
from .shape import name_of


def content_problems(
    document: Document, catalog: Catalog, limits: Limits = DEFAULT_LIMITS
) -> list[Diagnostic]:
    if not isinstance(document.data, dict):
        return []
    sections = {name: _entries(document.data, name) for name in SECTIONS}
    owners = _owners(document, sections)
    parents = _parents(sections, owners)
    # What references to a node or group may name (for the did-you-means).
    known = (owners, [element for element, section in owners.items() if section in _ELEMENTS])
    checks = (
        _language_problems(document),
        _duplicate_ids(document, sections),
        _parent_problems(document, sections, owners),
        _cycle_problems(document, sections, parents),
        _depth_problems(document, sections, parents, limits.depth),
        _type_problems(document, sections["nodes"], catalog),
        _icon_problems(document, sections["nodes"]),
        _edge_problems(document, sections["edges"], known, parents, limits.depth),
        _span_problems(document, sections, known, (parents, limits.depth)),
        _placement_problems(document, sections, known),
        _before_problems(document, sections, (parents, limits.depth)),
    )
    return [problem for check in checks for problem in check]


def languages_of(data: Any) -> list[str]:
    """The blueprint's languages, default first; ["en"] unless it says otherwise."""
    declared = data.get("languages") if isinstance(data, dict) else None
    if isinstance(declared, list) and declared and all(isinstance(x, str) for x in declared):
        return declared
    return ["en"]


def text_paths(data: dict[str, Any]) -> Iterator[JsonPath]:
    """Where a blueprint holds text that may be given per language."""
    yield from ((key,) for key in BLUEPRINT_TEXT)
    for name, fields in ELEMENT_TEXT.items():
        for element_id in _entries(data, name):
            yield from ((name, element_id, field) for field in fields)
    yield from (("notes", note_id) for note_id in _entries(data, "notes"))


def _language_problems(document: Document) -> Iterator[Diagnostic]:
    """Every text given per language has each of the blueprint's languages, and no other."""
    languages = languages_of(document.data)
    listed = ", ".join(languages)
    for path in text_paths(document.data):
        texts = _value_at(document.data, path)
        if not isinstance(texts, dict):
            continue
        for language in languages:
            if language not in texts:
                message = f"{name_of(path)} has no '{language}' text; the languages are {listed}"
                yield document.problem(path, message)
        for language in texts:
            if language not in languages:
                hint = did_you_mean(language, languages)
                message = f"'{language}' is not one of the blueprint's languages ({listed}){hint}"
                yield document.problem((*path, language), message, at_key=True)


def _value_at(data: Any, path: JsonPath) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _entries(data: dict[str, Any], section: str) -> dict[str, Any]:
    value = data.get(section)
    return value if isinstance(value, dict) else {}


def _field(entry: Any, key: str) -> Any:
    return entry.get(key) if isinstance(entry, dict) else None


def _owners(document: Document, sections: dict[str, dict[str, Any]]) -> dict[str, str]:
    """id -> the section that defines it first (the one its references resolve to)."""
    owners: dict[str, str] = {}
    for section, entries in sections.items():
        for element_id in entries:
            owners.setdefault(element_id, section)
    return owners


def _parents(sections: dict[str, dict[str, Any]], owners: dict[str, str]) -> dict[str, str]:
    """id -> id of the group it is drawn in, for groups and nodes that name an existing one."""
    parents: dict[str, str] = {}
    for section in ("groups", "nodes"):
        for element_id, entry in sections[section].items():
            parent = _field(entry, "in")
            if isinstance(parent, str) and owners.get(parent) == "groups":
                parents.setdefault(element_id, parent)
    return parents


def _duplicate_ids(document: Document, sections: dict[str, dict[str, Any]]) -> Iterator[Diagnostic]:
    first_seen: dict[str, JsonPath] = {}
    for section, entries in sections.items():
        for element_id in entries:
            path = (section, element_id)
            if element_id in first_seen:
                earlier = document.key_mark(first_seen[element_id])
                message = (
                    f"id '{element_id}' is already used in {first_seen[element_id][0]} "
                    f"(at {earlier.line}:{earlier.column}); ids are unique across the blueprint"
                )
                yield document.problem(path, message, at_key=True)
            else:
                first_seen[element_id] = path


def _parent_problems(
    document: Document, sections: dict[str, dict[str, Any]], owners: dict[str, str]
) -> Iterator[Diagnostic]:
    groups = list(sections["groups"])
    for section in ("groups", "nodes"):
        for element_id, entry in sections[section].items():
            parent = _field(entry, "in")
            if not isinstance(parent, str) or owners.get(parent) == "groups":
                continue
            path = (section, element_id, "in")
            if parent in owners:
                message = f"'{parent}' is {_article(owners[parent])}, not a group"
            else:
                message = f"unknown group '{parent}'{did_you_mean(parent, groups)}"
            yield document.problem(path, message)


def _article(section: str) -> str:
    noun = SECTION_NOUNS[section]
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _cycle_problems(
    document: Document, sections: dict[str, dict[str, Any]], parents: dict[str, str]
) -> Iterator[Diagnostic]:
    """Groups inside themselves, each member of each loop named."""
    for loop in _loops(sections["groups"], parents):
        for place, member in enumerate(loop):
            message = f"group '{member}' ends up inside itself: {_turn(loop, place)}"
            yield document.problem(("groups", member, "in"), message)


def _loops(starts: Iterable[str], following: Mapping[str, str]) -> Iterator[list[str]]:
    """Each loop that following `following` (an element -> the one it leads to: a
    group's `in`, an element's `before`) from `starts` runs into, in its order. Every
    chain is followed once in all (a walk stops at elements already seen), so that a
    chain of thousands costs thousands of steps, not their square."""
    seen: set[str] = set()
    for start in starts:
        walk: dict[str, int] = {}  # element -> its place in this walk
        current: str | None = start
        while current is not None and current not in seen and current not in walk:
            walk[current] = len(walk)
            current = following.get(current)
        seen.update(walk)
        if current is not None and current in walk:
            yield list(walk)[walk[current] :]


def _turn(loop: list[str], start: int) -> str:
    """`b > c > a > b`: the loop from its member at `start` back to it; a long one by its
    ends, so that naming each of 20,000 members costs no more than naming one."""
    size = len(loop)
    if size <= 5:
        return " > ".join(loop[(start + step) % size] for step in range(size + 1))
    first = [loop[(start + step) % size] for step in range(3)]
    last = [loop[(start - 1) % size], loop[start]]
    return " > ".join([*first, "...", *last]) + f" ({size} groups)"


def _depth_problems(
    document: Document, sections: dict[str, dict[str, Any]], parents: dict[str, str], most: int
) -> Iterator[Diagnostic]:
    """Groups nested deeper than the `depth` limit, at the first level too deep (drawing
    them nests as deep, and each level costs the layout and the writers)."""
    depths: dict[str, int] = {}
    for group_id in sections["groups"]:
        chain: dict[str, None] = {}  # in order, and quick to ask
        current: str | None = group_id
        while current is not None and current not in depths and current not in chain:
            chain[current] = None
            current = parents.get(current)
        depth = depths.get(current, 0) if current is not None else 0
        for member in reversed(chain):
            depth += 1
            depths[member] = depth
            if depth == most + 1:
                message = (
                    f"group '{member}' is nested {depth} levels deep; the limit is {most}"
                    f" ({raise_with('depth')} raises it)"
                )
                yield document.problem(("groups", member, "in"), message)


def _ancestors(element_id: str, parents: dict[str, str], most: int | None = None) -> list[str]:
    """The groups above `element_id`, innermost first; stops at the first repeat, or
    after `most` of them."""
    chain: list[str] = []
    seen: set[str] = set()
    current = parents.get(element_id)
    while current is not None and current not in seen and len(chain) != most:
        chain.append(current)
        seen.add(current)
        current = parents.get(current)
    if current is not None and len(chain) != most:
        chain.append(current)
    return chain


def _type_problems(
    document: Document, nodes: dict[str, Any], catalog: Catalog
) -> Iterator[Diagnostic]:
    for node_id, entry in nodes.items():
        type_name = _field(entry, "type")
        if not isinstance(type_name, str) or not type_name:
            continue
        lookup = catalog.lookup(type_name)
        if lookup.found is not None:
            continue
        if lookup.aws_choices:
            message = (
                f"node type '{type_name}' is not an AWS type: for AWS write "
                + _one_of(lookup.aws_choices)
                + "; for another provider's, "
                + _one_of(lookup.candidates)
            )
        elif lookup.candidates:
            message = f"node type '{type_name}' is ambiguous: write one of " + ", ".join(
                lookup.candidates
            )
        else:
            message = f"unknown node type '{type_name}'{offered(lookup.suggestions)}"
        yield document.problem(("nodes", node_id, "type"), message)


def _one_of(names: Sequence[str]) -> str:
    """`'a'`, `one of 'a', 'b' or 'c'`."""
    quoted = [f"'{name}'" for name in names]
    if len(quoted) == 1:
        return quoted[0]
    return "one of " + ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _icon_problems(document: Document, nodes: dict[str, Any]) -> Iterator[Diagnostic]:
    deadline = time.monotonic() + images.ICONS_SECONDS  # for all of them together
    for node_id, entry in nodes.items():
        icon = _field(entry, "icon")
        if isinstance(icon, str) and icon:
            path = ("nodes", node_id, "icon")
            message = _icon_problem(document, path, icon, deadline)
            if message:
                yield document.problem(path, message)


def _icon_problem(document: Document, path: JsonPath, icon: str, deadline: float) -> str:
    """Why an icon file cannot be used ('' if it can): the blueprint's own directory
    tree is the only place icons may come from."""
    if has_control_characters(icon):
        return f"icon '{icon}' cannot be a file name: it holds control characters"
    if Path(icon).is_absolute():
        return f"icon '{icon}' must be a path relative to the blueprint"
    target, folder = document.beside(path, icon)
    try:
        return _icon_file_problem(icon, target, folder, deadline)
    except OSError as error:  # a name too long for the system, say
        return f"icon '{icon}' cannot be read: {error.strerror}"


def _icon_file_problem(icon: str, target: Path, folder: Path, deadline: float) -> str:
    if not resolved(target).is_relative_to(folder):
        return f"icon '{icon}' is outside {folder.name}/, the blueprint's directory"
    try:
        data = read_regular(target, images.MAX_ICON_BYTES + 1)
    except FileNotFoundError:
        beside = sorted(
            p.name for p in target.parent.glob("*") if p.suffix.lower() in (".png", ".svg")
        )
        return f"no icon file '{icon}'{did_you_mean(target.name, beside)}"
    except NotRegularFile as error:
        return f"icon '{icon}' is {error.kind}, not an image file"
    if len(data) > images.MAX_ICON_BYTES:
        return f"icon '{icon}' is larger than {images.MAX_ICON_BYTES // (1024 * 1024)} MiB"
    return _image_problem(icon, data, deadline)


def _image_problem(icon: str, data: bytes, deadline: float) -> str:
    left = deadline - time.monotonic()
    if left <= 0:
        return (
            f"icon '{icon}' was not prepared: the blueprint's icons took longer than"
            f" {images.ICONS_SECONDS:g} s in all"
        )
    try:
        images.icon_png(data, min(images.ICON_SECONDS, left))
    except images.ImageError as error:
        return f"icon '{icon}' cannot be drawn: {error}"
    return ""


def _edge_problems(
    document: Document,
    edges: dict[str, Any],
    known: tuple[dict[str, str], list[str]],
    parents: dict[str, str],
    depth: int,
) -> Iterator[Diagnostic]:
    owners = known[0]
    # id -> the groups above it, looked up once, and no more of them than groups may
    # nest (deeper ones are refused anyway): 2,000 nodes in 2,000 nested groups took 1 GB.
    ancestry: dict[str, set[str]] = {}
    for edge_id, entry in edges.items():
        for end in ("from", "to"):
            for path, element_id in _endpoints(("edges", edge_id, end), _field(entry, end)):
                role = "edges connect nodes and groups"
                yield from _element_problem(document, path, element_id, known, role)
        yield from _containment_problems(document, edge_id, entry, parents, owners, ancestry, depth)
        yield from _color_problem(document, edge_id, _field(entry, "color"))


def _endpoints(path: JsonPath, value: Any) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield (*path, index), item


_ELEMENTS = ("nodes", "groups")  # the sections whose ids edges, spans and levels name


def _element_problem(
    document: Document,
    path: JsonPath,
    element_id: str,
    known: tuple[dict[str, str], list[str]],
    role: str,
) -> Iterator[Diagnostic]:
    """A reference that must name a node or a group (an edge's end, a spanned element,
    what an element is level with); `known`: the owners of ids, and the ids of nodes and
    groups; `role` says what takes nodes and groups, for the message."""
    owners, targets = known
    section = owners.get(element_id)
    if section in _ELEMENTS:
        return
    if section is not None:
        message = f"'{element_id}' is {_article(section)}; {role}"
    else:
        message = f"unknown node or group '{element_id}'{did_you_mean(element_id, targets)}"
    yield document.problem(path, message)


def _containment_problems(
    document: Document,
    edge_id: str,
    entry: Any,
    parents: dict[str, str],
    owners: dict[str, str],
    ancestry: dict[str, set[str]],
    depth: int,
) -> Iterator[Diagnostic]:
    """Graphviz clips an edge at a group's border: the group cannot hold the other end.

    Each end's groups are looked up once, not once per pair of ends: an entry from 2,000
    ids to 2,000 others took seconds and a gigabyte."""
    sources = list(
        dict.fromkeys(element for _path, element in _endpoints((), _field(entry, "from")))
    )
    targets = list(dict.fromkeys(element for _path, element in _endpoints((), _field(entry, "to"))))
    messages: dict[tuple[str, str], str] = {}
    for source in set(sources) & set(targets):
        if owners.get(source) == "groups":
            messages[source, source] = f"an edge cannot join group '{source}' to itself"
    inside: dict[tuple[str, str], tuple[str, str]] = {}  # pair -> (inner, outer)
    for ends, others, forward in ((sources, targets, True), (targets, sources, False)):
        wanted = set(others)
        for inner in ends:
            if inner not in ancestry:
                ancestry[inner] = set(_ancestors(inner, parents, depth))
            for outer in ancestry[inner] & wanted:
                inside.setdefault((inner, outer) if forward else (outer, inner), (inner, outer))
    for pair in sorted(inside)[:_PAIRS_SHOWN]:
        inner, outer = inside[pair]
        messages.setdefault(pair, f"'{inner}' is inside group '{outer}': an edge cannot join them")
    if len(inside) > _PAIRS_SHOWN:
        messages["", ""] = f"... and {len(inside) - _PAIRS_SHOWN} more such pairs of its ends"
    for message in messages.values():
        yield document.problem(("edges", edge_id), message, at_key=True)


def _placement_problems(
    document: Document,
    sections: dict[str, dict[str, Any]],
    known: tuple[dict[str, str], list[str]],
) -> Iterator[Diagnostic]:
    """`level_with` and `before` name another node or group, a side is a node's, and
    `on_border` needs a group to be on."""
    owners = known[0]
    for section in ("groups", "nodes"):
        for element_id, entry in sections[section].items():
            for key, relation in (("level_with", "level with"), ("before", "before")):
                other = _field(entry, key)
                path = (section, element_id, key)
                if other == element_id:
                    yield document.problem(path, f"'{element_id}' cannot be {relation} itself")
                elif isinstance(other, str):
                    role = "only nodes and groups are placed"
                    yield from _element_problem(document, path, other, known, role)
    for edge_id, entry in sections["edges"].items():
        for end, side in (("from", "from_side"), ("to", "to_side")):
            groups = [
                element
                for _path, element in _endpoints((), _field(entry, end))
                if owners.get(element) == "groups"
            ]
            if _field(entry, side) is not None and groups:
                message = (
                    f"{side} is a side of a node's icon, and '{groups[0]}' is a group"
                    " (an edge to a group ends at its border, where it meets it)"
                )
                yield document.problem(("edges", edge_id, side), message)
    for node_id, entry in sections["nodes"].items():
        if _field(entry, "on_border") is True and _field(entry, "in") is None:
            message = f"node '{node_id}' is on the border of no group: give it `in`"
            yield document.problem(("nodes", node_id, "on_border"), message)


def _before_problems(
    document: Document, sections: dict[str, dict[str, Any]], nesting: tuple[dict[str, str], int]
) -> Iterator[Diagnostic]:
    """An element `before` another is at an earlier step of the flow than it: not the
    group around it or a group it is in (one box cannot be ahead of itself), nor a group
    that spans it, nor at its step (`level_with`, through any chain of them), nor after
    it through other `before`s. Each would leave Graphviz to drop one of them."""
    parents, depth = nesting
    entries = {**sections["groups"], **sections["nodes"]}
    befores = {
        element_id: other
        for element_id, entry in entries.items()
        if isinstance(other := _field(entry, "before"), str)
        and other in entries
        and other != element_id  # (refused as such in _placement_problems)
    }
    steps = _steps(entries)
    looped = {element for loop in _loops(befores, befores) for element in loop}
    for element_id, other in befores.items():
        path = (_section_of(sections, element_id), element_id, "before")
        message = _before_problem(element_id, other, entries, (parents, depth), steps)
        if message is None and element_id in looped:
            message = f"'{element_id}' is before '{other}', which is before it again: a loop"
        if message:
            yield document.problem(path, message)


def _before_problem(
    element_id: str,
    other: str,
    entries: dict[str, Any],
    nesting: tuple[dict[str, str], int],
    steps: dict[str, str],
) -> str | None:
    parents, depth = nesting
    for inner, outer in ((element_id, other), (other, element_id)):
        if outer in _ancestors(inner, parents, depth):
            return f"'{inner}' is inside group '{outer}': one cannot be before the other"
    for group, member in ((other, element_id), (element_id, other)):
        spans = _field(entries.get(group), "spans")
        if isinstance(spans, list) and member in spans:
            return f"group '{group}' spans '{member}': one cannot be before the other"
    if steps.get(element_id) == steps.get(other):
        return f"'{element_id}' is level with '{other}' (level_with), so not before it"
    return None


def _steps(entries: dict[str, Any]) -> dict[str, str]:
    """Each element joined by `level_with` to others -> one id that stands for them all."""
    leader: dict[str, str] = {}

    def lead(element_id: str) -> str:
        seen = []
        while leader.get(element_id, element_id) != element_id:
            seen.append(element_id)
            element_id = leader[element_id]
        for passed in seen:  # (shortened, so a long chain is walked once)
            leader[passed] = element_id
        return element_id

    for element_id, entry in entries.items():
        other = _field(entry, "level_with")
        if isinstance(other, str) and other in entries:
            leader[lead(element_id)] = lead(other)
    return {element_id: lead(element_id) for element_id in entries}


def _section_of(sections: dict[str, dict[str, Any]], element_id: str) -> str:
    return "nodes" if element_id in sections["nodes"] else "groups"


def _span_problems(
    document: Document,
    sections: dict[str, dict[str, Any]],
    known: tuple[dict[str, str], list[str]],
    nesting: tuple[dict[str, str], int],
) -> Iterator[Diagnostic]:
    """A group that spans others' elements is drawn around them after layout, wherever
    they are: it can be in no group, hold nothing, span only nodes and groups that exist
    (not itself, nor another spanning group), and join none of them by an edge."""
    spanning = {
        group_id: _field(entry, "spans")
        for group_id, entry in sections["groups"].items()
        if isinstance(_field(entry, "spans"), list)
    }
    for group_id, members in spanning.items():
        if _field(sections["groups"][group_id], "in") is not None:
            message = (
                f"group '{group_id}' spans other elements, so it is drawn around them"
                " wherever they are, and is in no group"
            )
            yield document.problem(("groups", group_id, "in"), message)
        for path, member in _endpoints(("groups", group_id, "spans"), members):
            yield from _member_problem(document, path, (group_id, member), known, spanning)
            if _field(sections["nodes"].get(member), "on_border") is True:
                message = (
                    f"'{member}' is drawn on a border, which group '{group_id}' cannot"
                    " follow: it spans what stays where the layout put it"
                )
                yield document.problem(path, message)
    for section in ("groups", "nodes"):
        for element_id, entry in sections[section].items():
            parent = _field(entry, "in")
            if isinstance(parent, str) and parent in spanning:
                message = (
                    f"group '{parent}' spans other elements and holds none of its own:"
                    f" list '{element_id}' in its `spans` instead"
                )
                yield document.problem((section, element_id, "in"), message)
    if spanning:
        yield from _span_edge_problems(document, sections["edges"], spanning, nesting)


def _member_problem(
    document: Document,
    path: JsonPath,
    pair: tuple[str, str],
    known: tuple[dict[str, str], list[str]],
    spanning: dict[str, Any],
) -> Iterator[Diagnostic]:
    group_id, member = pair
    if member == group_id:
        yield document.problem(path, f"group '{group_id}' cannot span itself")
    elif member in spanning:
        message = f"'{member}' spans other elements itself; a group cannot span such a group"
        yield document.problem(path, message)
    else:
        yield from _element_problem(document, path, member, known, "a group spans nodes and groups")


def _span_edge_problems(
    document: Document,
    edges: dict[str, Any],
    spanning: dict[str, Any],
    nesting: tuple[dict[str, str], int],
) -> Iterator[Diagnostic]:
    """No edge joins a spanning group and what its box holds (its members and what is in
    them) or a group around its box (around a member): one end would be inside the
    other."""
    parents, depth = nesting
    # Each element's groups, looked up once and no deeper than groups may nest.
    ancestry = {element: set(_ancestors(element, parents, depth)) for element in parents}
    joined = {
        group_id: _spanned_and_around(members, ancestry) for group_id, members in spanning.items()
    }
    for edge_id, entry in edges.items():
        ends = [
            {element for _path, element in _endpoints((), _field(entry, end))}
            for end in ("from", "to")
        ]
        for group_id, (inside, around) in joined.items():
            for one, other in (ends, ends[::-1]):
                if group_id not in one:
                    continue
                for element in sorted(inside & other):
                    message = f"group '{group_id}' spans '{element}': an edge cannot join them"
                    yield document.problem(("edges", edge_id), message, at_key=True)
                for element in sorted(around & other):
                    message = (
                        f"group '{element}' is around group '{group_id}': an edge cannot join them"
                    )
                    yield document.problem(("edges", edge_id), message, at_key=True)


def _spanned_and_around(members: Any, ancestry: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    """What a spanning group's box holds (its members and everything in them), and the
    groups around the box (every group a member is in)."""
    listed = (
        {item for item in members if isinstance(item, str)} if isinstance(members, list) else set()
    )
    inside = listed | {element for element, groups in ancestry.items() if groups & listed}
    around = {group for member in listed for group in ancestry.get(member, set())}
    return inside, around - inside


# Pairs of an edge's ends reported one by one: an entry from 1,000 nodes to the 1,000
# groups around them makes a million, which took seconds only to word.
_PAIRS_SHOWN = 20


def _color_problem(document: Document, edge_id: str, color: Any) -> Iterator[Diagnostic]:
    if isinstance(color, str) and not is_color(color):
        hint = did_you_mean(color, known_colors())
        message = f"unknown colour '{color}'{hint}; use a colour name or #RRGGBB"
        yield document.problem(("edges", edge_id, "color"), message)
