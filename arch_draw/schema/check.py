"""Checking data against the blueprint schema: the JSON Schema keywords the schema uses.

Why not the `jsonschema` library: importing it takes about 0.16 s, more than the whole
start-up budget of `arch-draw validate` (0.15 s), for a schema that uses a dozen plain
keywords. This interprets those keywords, straight from the schema file, which stays
the one definition of the format. `SUPPORTED` lists them; a test fails if the schema
ever uses another, and another test checks that this agrees with `jsonschema` itself.

Errors carry what `validate.shape` needs to explain them in words: where, which keyword
failed, its rule, the value, and for `anyOf` the errors of each alternative.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

JsonPath = tuple[str | int, ...]

ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "default"})
SUPPORTED = frozenset(
    {
        "$ref",
        "type",
        "properties",
        "additionalProperties",
        "propertyNames",
        "required",
        "minProperties",
        "items",
        "minItems",
        "uniqueItems",
        "enum",
        "const",
        "pattern",
        "minLength",
        "maxLength",
        "anyOf",
    }
)


@dataclass(frozen=True)
class SchemaError:
    path: JsonPath
    keyword: str
    rule: Any
    instance: Any
    schema: Mapping[str, Any]  # the schema object the keyword belongs to
    branches: tuple[tuple[SchemaError, ...], ...] = ()  # anyOf: each alternative's errors
    in_key: bool = False  # propertyNames: `instance` is a key of the object at `path`


def schema_errors(instance: Any, root: Mapping[str, Any]) -> list[SchemaError]:
    return list(_Checker(root).errors(instance, root, ()))


class _Checker:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def errors(
        self, value: Any, schema: Mapping[str, Any], path: JsonPath
    ) -> Iterator[SchemaError]:
        for keyword, rule in schema.items():
            check = _KEYWORDS.get(keyword)
            if check is not None:
                yield from check(self, value, rule, schema, path)

    def resolve(self, reference: str) -> Mapping[str, Any]:
        target: Any = self.root
        for part in reference.removeprefix("#/").split("/"):
            target = target[part]
        return target  # type: ignore[no-any-return]


Check = Any  # (checker, value, rule, schema, path) -> Iterator[SchemaError]


def _ref(
    checker: _Checker, value: Any, rule: str, _schema: Any, path: JsonPath
) -> Iterator[SchemaError]:
    yield from checker.errors(value, checker.resolve(rule), path)


_TYPES: dict[str, Any] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def is_type(value: Any, name: str) -> bool:
    return bool(_TYPES[name](value))


def _type(
    checker: _Checker, value: Any, rule: Any, schema: Any, path: JsonPath
) -> Iterator[SchemaError]:
    names = [rule] if isinstance(rule, str) else rule
    if not any(is_type(value, name) for name in names):
        yield SchemaError(path, "type", rule, value, schema)


def _properties(
    checker: _Checker, value: Any, rule: Any, _schema: Any, path: JsonPath
) -> Iterator[SchemaError]:
    if isinstance(value, dict):
        for key, subschema in rule.items():
            if key in value:
                yield from checker.errors(value[key], subschema, (*path, key))


def _additional(
    checker: _Checker, value: Any, rule: Any, schema: Any, path: JsonPath
) -> Iterator[SchemaError]:
    if not isinstance(value, dict):
        return
    extra = [key for key in value if key not in schema.get("properties", {})]
    if rule is False and extra:
        yield SchemaError(path, "additionalProperties", rule, value, schema)
    elif isinstance(rule, dict):
        for key in extra:
            yield from checker.errors(value[key], rule, (*path, key))


def _property_names(
    checker: _Checker, value: Any, rule: Any, _schema: Any, path: JsonPath
) -> Iterator[SchemaError]:
    if isinstance(value, dict):
        for key in value:
            for error in checker.errors(key, rule, path):
                yield SchemaError(path, error.keyword, error.rule, key, error.schema, in_key=True)


def _required(
    _checker: _Checker, value: Any, rule: Any, schema: Any, path: JsonPath
) -> Iterator[SchemaError]:
    if isinstance(value, dict):
        yield from (
            SchemaError(path, "required", key, value, schema) for key in rule if key not in value
        )


def _items(
    checker: _Checker, value: Any, rule: Any, _schema: Any, path: JsonPath
) -> Iterator[SchemaError]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from checker.errors(item, rule, (*path, index))


def _any_of(
    checker: _Checker, value: Any, rule: Any, schema: Any, path: JsonPath
) -> Iterator[SchemaError]:
    branches = tuple(tuple(checker.errors(value, branch, path)) for branch in rule)
    if all(branches):
        yield SchemaError(path, "anyOf", rule, value, schema, branches)


def _limit(keyword: str, kind: type, measure: Any, holds: Any) -> Check:
    def check(
        _checker: _Checker, value: Any, rule: Any, schema: Any, path: JsonPath
    ) -> Iterator[SchemaError]:
        if isinstance(value, kind) and not holds(measure(value), rule):
            yield SchemaError(path, keyword, rule, value, schema)

    return check


def _value_rule(keyword: str, holds: Any) -> Check:
    def check(
        _checker: _Checker, value: Any, rule: Any, schema: Any, path: JsonPath
    ) -> Iterator[SchemaError]:
        if not holds(value, rule):
            yield SchemaError(path, keyword, rule, value, schema)

    return check


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _same(first: Any, second: Any) -> bool:
    """JSON equality: true is not 1, though Python says it is; 1 is 1.0."""
    if isinstance(first, bool) or isinstance(second, bool):
        return first is second
    if isinstance(first, (int, float)) and isinstance(second, (int, float)):
        return first == second
    return type(first) is type(second) and first == second


def _unique(items: list[Any]) -> bool:
    return all(not _same(a, b) for i, a in enumerate(items) for b in items[i + 1 :])


_KEYWORDS: dict[str, Check] = {
    "$ref": _ref,
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "propertyNames": _property_names,
    "required": _required,
    "items": _items,
    "anyOf": _any_of,
    "minProperties": _limit("minProperties", dict, len, lambda n, rule: n >= rule),
    "minItems": _limit("minItems", list, len, lambda n, rule: n >= rule),
    "uniqueItems": _limit("uniqueItems", list, _unique, lambda unique, rule: unique or not rule),
    "minLength": _limit("minLength", str, len, lambda n, rule: n >= rule),
    "maxLength": _limit("maxLength", str, len, lambda n, rule: n <= rule),
    "pattern": _limit(
        "pattern", str, lambda text: text, lambda text, rule: bool(_compiled(rule).search(text))
    ),
    "enum": _value_rule("enum", lambda value, rule: any(_same(value, option) for option in rule)),
    "const": _value_rule("const", _same),
}
