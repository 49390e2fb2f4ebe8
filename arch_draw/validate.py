"""Stage 2: check a loaded blueprint against the JSON Schema and its own references.

Every problem is collected and reported at once, each at the line and column of the
value (or key) it concerns. The schema decides the shape; this module adds what a
schema cannot say: ids unique across sections, references that resolve, groups that do
not contain themselves, node types from the catalogue and colours Graphviz knows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jsonschema

from .catalog import Catalog
from .colors import is_color, known_colors
from .errors import BlueprintError, Diagnostic
from .load import SECTION_NOUNS, SECTIONS, Document, JsonPath
from .schema import schema
from .spelling import did_you_mean


def validate(document: Document, catalog: Catalog) -> None:
    """Raise BlueprintError listing every problem of `document`; return if there is none."""
    problems = [*schema_problems(document), *reference_problems(document, catalog)]
    if problems:
        raise BlueprintError(problems)


# --- shape, by the JSON Schema ------------------------------------------------------------


def schema_problems(document: Document) -> list[Diagnostic]:
    validator = jsonschema.Draft202012Validator(schema())
    return [
        problem
        for error in validator.iter_errors(document.data)
        for problem in _explain(document, error)
    ]


def _explain(document: Document, error: jsonschema.ValidationError) -> Iterator[Diagnostic]:
    path: JsonPath = tuple(part for part in error.absolute_path if isinstance(part, (str, int)))
    if "propertyNames" in error.relative_schema_path:
        key_path = (*path, str(error.instance))
        yield document.problem(key_path, _message(path, error), at_key=True)
    elif error.validator == "additionalProperties":
        yield from _unknown_keys(document, path, error)
    elif error.validator == "anyOf":
        yield from _explain_any_of(document, path, error)
    else:
        yield document.problem(path, _message(path, error))


def _unknown_keys(
    document: Document, path: JsonPath, error: jsonschema.ValidationError
) -> Iterator[Diagnostic]:
    subschema = error.schema if isinstance(error.schema, dict) else {}
    known = list(subschema.get("properties", {}))
    where = f" in {_name(path)}" if path else ""
    instance = error.instance if isinstance(error.instance, dict) else {}
    for key in instance:
        if key not in known:
            hint = did_you_mean(key, known) or f"; expected one of: {', '.join(known)}"
            message = f"unknown key '{key}'{where}{hint}"
            yield document.problem((*path, key), message, at_key=True)


def _explain_any_of(
    document: Document, path: JsonPath, error: jsonschema.ValidationError
) -> Iterator[Diagnostic]:
    """A value of one of several shapes: explain the shape its type says it was meant as."""
    branches = error.schema.get("anyOf", []) if isinstance(error.schema, dict) else []
    meant = [i for i, branch in enumerate(branches) if _has_type(error.instance, branch)]
    if not meant:
        shapes = " or ".join(str(branch.get("title")) for branch in branches)
        hint = " (put it in quotes)" if "text" in shapes and _is_scalar(error.instance) else ""
        message = f"{_name(path)} must be {shapes}, not {_kind_of(error.instance)}{hint}"
        yield document.problem(path, message)
        return
    for sub_error in error.context or []:
        if sub_error.relative_schema_path[0] == meant[0]:
            yield from _explain(document, sub_error)


_JSON_TYPES = {"string": str, "object": dict, "array": list}


def _has_type(value: Any, branch: dict[str, Any]) -> bool:
    expected = _JSON_TYPES.get(str(branch.get("type")))
    return expected is not None and isinstance(value, expected)


def _message(path: JsonPath, error: jsonschema.ValidationError) -> str:
    if error.validator == "pattern" and isinstance(error.schema, dict):
        # Patterns belong to named shapes (ids, language codes) that describe themselves.
        rule = str(error.schema["description"]).rstrip(".")
        return f"'{error.instance}' is not a valid {error.schema['title']}. {rule}"
    explain = _MESSAGES.get(str(error.validator))
    if explain is None:
        return f"{_name(path)}: {error.message}"
    return explain(_name(path), error.instance, error.validator_value)


_TYPE_NAMES = {
    "string": "text",
    "object": "a mapping",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def _type_message(where: str, value: Any, expected: str) -> str:
    if not where:
        return f"a blueprint must be a mapping (title: ..., nodes: ...), not {_kind_of(value)}"
    wanted = _TYPE_NAMES.get(expected, expected)
    hint = " (put it in quotes)" if expected == "string" and _is_scalar(value) else ""
    return f"{where} must be {wanted}, not {_kind_of(value)}{hint}"


def _required(where: str, value: Any, rule: Any) -> str:
    missing = next(key for key in rule if key not in value)
    return f"{where or 'the blueprint'} is missing '{missing}'"


def _enum(where: str, value: Any, rule: Any) -> str:
    options = [str(option) for option in rule]
    hint = did_you_mean(str(value), options)
    return f"{where} must be one of {', '.join(options)}, not '{value}'{hint}"


_MESSAGES: dict[str, Callable[[str, Any, Any], str]] = {
    "type": _type_message,
    "required": _required,
    "enum": _enum,
    "const": lambda where, value, rule: (
        f"{where} must be {rule}, not {value!r}: this arch-draw reads version {rule}"
    ),
    "maxLength": lambda where, value, rule: (
        f"{where} is too long: {len(value)} characters, at most {rule}"
    ),
    "minLength": lambda where, _value, _rule: f"{where} must not be empty",
    "minItems": lambda where, _value, _rule: f"{where} must list at least one id",
}


def _is_scalar(value: Any) -> bool:
    return isinstance(value, (bool, int, float))


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "a mapping"


def _name(path: JsonPath) -> str:
    """`nodes.web.label`, `edges.e1.to[1]`: how a value's place is written in messages."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


# --- references, by walking the data ----------------------------------------------------


def reference_problems(document: Document, catalog: Catalog) -> list[Diagnostic]:
    if not isinstance(document.data, dict):
        return []
    sections = {name: _entries(document.data, name) for name in SECTIONS}
    owners = _owners(document, sections)
    parents = _parents(sections, owners)
    checks = (
        _language_problems(document),
        _duplicate_ids(document, sections),
        _parent_problems(document, sections, owners),
        _cycle_problems(document, sections, parents),
        _type_problems(document, sections["nodes"], catalog),
        _edge_problems(document, sections["edges"], owners, parents),
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
    yield ("title",)
    yield ("caption",)
    for name, fields in (
        ("groups", ("label", "note")),
        ("nodes", ("label", "note")),
        ("edges", ("label",)),
    ):
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
                message = f"{_name(path)} has no '{language}' text; the languages are {listed}"
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
    for group_id in sections["groups"]:
        chain = _ancestors(group_id, parents)
        if group_id in chain:
            loop = " > ".join([group_id, *chain[: chain.index(group_id) + 1]])
            yield document.problem(
                ("groups", group_id, "in"), f"group '{group_id}' ends up inside itself: {loop}"
            )


def _ancestors(element_id: str, parents: dict[str, str]) -> list[str]:
    """The groups above `element_id`, innermost first; stops at the first repeat."""
    chain: list[str] = []
    current = parents.get(element_id)
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    if current is not None:
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
        if lookup.candidates:
            message = f"node type '{type_name}' is ambiguous: write one of " + ", ".join(
                lookup.candidates
            )
        else:
            message = (
                f"unknown node type '{type_name}'{did_you_mean(type_name, lookup.suggestions)}"
            )
        yield document.problem(("nodes", node_id, "type"), message)


def _edge_problems(
    document: Document,
    edges: dict[str, Any],
    owners: dict[str, str],
    parents: dict[str, str],
) -> Iterator[Diagnostic]:
    targets = [
        element_id for element_id, section in owners.items() if section in ("nodes", "groups")
    ]
    for edge_id, entry in edges.items():
        for end in ("from", "to"):
            for path, element_id in _endpoints(("edges", edge_id, end), _field(entry, end)):
                yield from _endpoint_problem(document, path, element_id, owners, targets)
        yield from _containment_problems(document, edge_id, entry, parents, owners)
        yield from _color_problem(document, edge_id, _field(entry, "color"))


def _endpoints(path: JsonPath, value: Any) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield (*path, index), item


def _endpoint_problem(
    document: Document, path: JsonPath, element_id: str, owners: dict[str, str], targets: list[str]
) -> Iterator[Diagnostic]:
    section = owners.get(element_id)
    if section in ("nodes", "groups"):
        return
    if section is not None:
        message = f"'{element_id}' is {_article(section)}; edges connect nodes and groups"
    else:
        message = f"unknown node or group '{element_id}'{did_you_mean(element_id, targets)}"
    yield document.problem(path, message)


def _containment_problems(
    document: Document,
    edge_id: str,
    entry: Any,
    parents: dict[str, str],
    owners: dict[str, str],
) -> Iterator[Diagnostic]:
    """Graphviz clips an edge at a group's border: the group cannot hold the other end."""
    sources = [element for _path, element in _endpoints((), _field(entry, "from"))]
    targets = [element for _path, element in _endpoints((), _field(entry, "to"))]
    for source in sources:
        for target in targets:
            message = _containment(source, target, parents, owners)
            if message:
                yield document.problem(("edges", edge_id), message, at_key=True)


def _containment(source: str, target: str, parents: dict[str, str], owners: dict[str, str]) -> str:
    if source == target and owners.get(source) == "groups":
        return f"an edge cannot join group '{source}' to itself"
    for inner, outer in ((source, target), (target, source)):
        if outer in _ancestors(inner, parents):
            return f"'{inner}' is inside group '{outer}': an edge cannot join them"
    return ""


def _color_problem(document: Document, edge_id: str, color: Any) -> Iterator[Diagnostic]:
    if isinstance(color, str) and not is_color(color):
        hint = did_you_mean(color, known_colors())
        message = f"unknown colour '{color}'{hint}; use a colour name or #RRGGBB"
        yield document.problem(("edges", edge_id, "color"), message)
