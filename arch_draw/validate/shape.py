"""The shape of a blueprint, by its JSON Schema, with messages written for people.

jsonschema's own messages speak of schemas ("is not valid under any of the given
schemas"); these name the key, what was expected and what was found, and point at the
key itself for unknown keys and ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jsonschema

from ..errors import Diagnostic
from ..load import Document, JsonPath
from ..schema import schema
from ..spelling import did_you_mean


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
    where = f" in {name_of(path)}" if path else ""
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
    if branches and all(set(branch) == {"required"} for branch in branches):
        needed = " or ".join(f"'{branch['required'][0]}'" for branch in branches)
        yield document.problem(path, f"{name_of(path)} needs {needed}")
        return
    meant = [i for i, branch in enumerate(branches) if _has_type(error.instance, branch)]
    if not meant:
        shapes = " or ".join(str(branch.get("title")) for branch in branches)
        hint = " (put it in quotes)" if "text" in shapes and _is_scalar(error.instance) else ""
        message = f"{name_of(path)} must be {shapes}, not {_kind_of(error.instance)}{hint}"
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
        return f"{name_of(path)}: {error.message}"
    return explain(name_of(path), error.instance, error.validator_value)


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


def name_of(path: JsonPath) -> str:
    """`nodes.web.label`, `edges.e1.to[1]`: how a value's place is written in messages."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text
