"""The shape of a blueprint, by its JSON Schema, with messages written for people.

Schema errors speak of schemas ("is not valid under any of the given schemas"); these
name the key, what was expected and what was found, and point at the key itself for
unknown keys and ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..errors import Diagnostic, shown
from ..load import SECTION_NOUNS, Document, JsonPath
from ..schema import missing_keys, schema
from ..schema.check import SchemaError, is_type, schema_errors
from ..spelling import compact, did_you_mean, offered


def schema_problems(document: Document) -> list[Diagnostic]:
    additions = _incomplete_additions(document)
    problems = list(additions.values())
    for error in schema_errors(document.data, schema()):
        said = tuple(error.path) in additions and error.keyword in ("required", "anyOf")
        if not said:
            problems.extend(_explain(document, error))
    return problems


def _incomplete_additions(document: Document) -> dict[JsonPath, Diagnostic]:
    """Elements that a blueprint extending another adds without what a new element
    needs: most often an id of the base, misspelt, so the message says both."""
    base = document.base
    if base is None or not isinstance(document.data, dict) or not isinstance(base.data, dict):
        return {}
    found: dict[JsonPath, Diagnostic] = {}
    for section, noun in SECTION_NOUNS.items():
        entries, known = document.data.get(section), base.data.get(section)
        if not isinstance(entries, dict) or not isinstance(known, dict):
            continue
        for element_id, entry in entries.items():
            complete = not isinstance(entry, dict) or noun not in schema()["$defs"]
            missing = "" if complete else missing_keys(noun, entry)
            if element_id in known or not missing:
                continue
            message = (
                f"there is no {noun} '{element_id}' in {base.path} to change"
                f"{did_you_mean(element_id, list(known))}; a new {noun} needs {missing}"
            )
            found[(section, element_id)] = document.problem(
                (section, element_id), message, at_key=True
            )
    return found


def _explain(document: Document, error: SchemaError) -> Iterator[Diagnostic]:
    if error.in_key:
        key_path = (*error.path, str(error.instance))
        yield document.problem(key_path, _message(error), at_key=True)
    elif error.keyword == "additionalProperties":
        yield from _unknown_keys(document, error)
    elif error.keyword == "anyOf":
        yield from _explain_any_of(document, error)
    else:
        yield document.problem(error.path, _message(error))


def _unknown_keys(document: Document, error: SchemaError) -> Iterator[Diagnostic]:
    known = list(error.schema.get("properties", {}))
    where = f" in {name_of(error.path)}" if error.path else ""
    for key in error.instance:
        if key not in known:
            hint = did_you_mean(key, known) or f"; expected one of: {', '.join(known)}"
            message = f"unknown key '{shown(key)}'{where}{hint}"
            yield document.problem((*error.path, key), message, at_key=True)


def _explain_any_of(document: Document, error: SchemaError) -> Iterator[Diagnostic]:
    """A value of one of several shapes: explain the shape its type says it was meant as."""
    branches: list[dict[str, Any]] = error.rule
    where = name_of(error.path)
    if all(set(branch) == {"required"} for branch in branches):
        needed = " or ".join(f"'{branch['required'][0]}'" for branch in branches)
        yield document.problem(error.path, f"{where} needs {needed}")
        return
    meant = [i for i, branch in enumerate(branches) if _has_type(error.instance, branch)]
    if not meant:
        shapes = " or ".join(str(branch.get("title")) for branch in branches)
        hint = " (put it in quotes)" if "text" in shapes and _is_scalar(error.instance) else ""
        message = f"{where} must be {shapes}, not {_kind_of(error.instance)}{hint}"
        yield document.problem(error.path, message)
        return
    for sub_error in error.branches[meant[0]]:
        yield from _explain(document, sub_error)


def _has_type(value: Any, branch: dict[str, Any]) -> bool:
    return "type" in branch and is_type(value, str(branch["type"]))


def _message(error: SchemaError) -> str:
    if error.keyword == "pattern":
        # Patterns belong to named shapes (ids, language codes) that describe themselves.
        rule = str(error.schema["description"]).rstrip(".")
        return f"'{shown(str(error.instance))}' is not a valid {error.schema['title']}. {rule}"
    explain = _MESSAGES.get(error.keyword)
    where = name_of(error.path)
    if explain is None:
        return f"{where} does not satisfy '{error.keyword}: {error.rule}'"
    return explain(where, error.instance, error.rule)


_TYPE_NAMES = {
    "string": "text",
    "object": "a mapping",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def _type_message(where: str, value: Any, expected: str | list[str]) -> str:
    if not where:
        return f"a blueprint must be a mapping (title: ..., nodes: ...), not {_kind_of(value)}"
    types = [expected] if isinstance(expected, str) else expected
    wanted = " or ".join(_TYPE_NAMES.get(name, name) for name in types)
    hint = " (put it in quotes)" if "string" in types and _is_scalar(value) else ""
    return f"{where} must be {wanted}, not {_kind_of(value)}{hint}"


def _required(where: str, _value: Any, missing: Any) -> str:
    return f"{where or 'the blueprint'} is missing '{missing}'"


def _enum(where: str, value: Any, rule: Any) -> str:
    options = [str(option) for option in rule]
    # Not close, but part of an option: `subnet` leads to public-subnet and private-subnet.
    holding = [option for option in options if compact(str(value)) in compact(option)]
    hint = did_you_mean(str(value), options) or offered(holding[:3])
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
    "minItems": lambda where, _value, rule: (
        f"{where} must list at least {'one id' if rule == 1 else f'{rule} ids'}"
    ),
    "uniqueItems": lambda where, value, _rule: f"{where} lists {_repeated(value)} more than once",
}


def _repeated(items: Any) -> str:
    """The first item of a list that comes again, quoted."""
    seen: list[Any] = []
    for item in items if isinstance(items, list) else []:
        if item in seen:
            return f"'{item}'"
        seen.append(item)
    return "an id"


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


def name_of(path: JsonPath) -> str:
    """`nodes.web.label`, `edges.e1.to[1]`: how a value's place is written in messages."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
