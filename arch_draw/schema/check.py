"""Checking data against the blueprint schema: the JSON Schema keywords the schema uses.

Why not the `jsonschema` library: importing it takes about 0.16 s, more than the whole
start-up budget of `arch-draw validate` (0.15 s), for a schema that uses a dozen plain
keywords. This interprets those keywords, straight from the schema file, which stays
the one definition of the format. `SUPPORTED` lists them; a test fails if the schema
ever uses another, and another test checks that this agrees with `jsonschema` itself.

The schema is compiled once into nested functions, one per keyword, so that checking
a value is plain calls with no lookups of keywords or references: a thousand-node
blueprint is checked in a few hundredths of a second.

Errors carry what `validate.shape` needs to explain them in words: where, which keyword
failed, its rule, the value, and for `anyOf` the errors of each alternative.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
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


Found = list[SchemaError]
Validator = Callable[[Any, JsonPath, Found], None]  # appends the errors of a value


def schema_errors(instance: Any, root: Mapping[str, Any]) -> list[SchemaError]:
    found: Found = []
    _compiled(root)(instance, (), found)
    return found


_COMPILED: dict[int, tuple[Mapping[str, Any], Validator]] = {}


def _compiled(root: Mapping[str, Any]) -> Validator:
    # Keyed by identity: the schema is one parsed object for the life of the process
    # (kept here too, so its id is never reused by another).
    entry = _COMPILED.get(id(root))
    if entry is None:
        entry = _COMPILED[id(root)] = (root, _Compiler(root).compile(root))
    return entry[1]


class _Compiler:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root
        self.references: dict[str, Validator] = {}

    def compile(self, schema: Mapping[str, Any]) -> Validator:
        checks = [
            _KEYWORDS[keyword](self, rule, schema)
            for keyword, rule in schema.items()
            if keyword in _KEYWORDS
        ]

        def run(value: Any, path: JsonPath, found: Found) -> None:
            for check in checks:
                check(value, path, found)

        return checks[0] if len(checks) == 1 else run

    def reference(self, reference: str) -> Validator:
        # Compiled when first used, not now: recursive definitions refer to themselves.
        def run(value: Any, path: JsonPath, found: Found) -> None:
            check = self.references.get(reference)
            if check is None:
                check = self.references[reference] = self.compile(self._target(reference))
            check(value, path, found)

        return run

    def _target(self, reference: str) -> Mapping[str, Any]:
        target: Any = self.root
        for part in reference.removeprefix("#/").split("/"):
            target = target[part]
        return target  # type: ignore[no-any-return]


Compile = Callable[[_Compiler, Any, Mapping[str, Any]], Validator]


def _ref(compiler: _Compiler, rule: str, _schema: Mapping[str, Any]) -> Validator:
    return compiler.reference(rule)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def is_type(value: Any, name: str) -> bool:
    return _TYPES[name](value)


def _type(_compiler: _Compiler, rule: Any, schema: Mapping[str, Any]) -> Validator:
    tests = [_TYPES[name] for name in ([rule] if isinstance(rule, str) else rule)]

    def run(value: Any, path: JsonPath, found: Found) -> None:
        if not any(test(value) for test in tests):
            found.append(SchemaError(path, "type", rule, value, schema))

    return run


def _properties(compiler: _Compiler, rule: Any, _schema: Mapping[str, Any]) -> Validator:
    checks = [(key, compiler.compile(subschema)) for key, subschema in rule.items()]

    def run(value: Any, path: JsonPath, found: Found) -> None:
        if isinstance(value, dict):
            for key, check in checks:
                if key in value:
                    check(value[key], (*path, key), found)

    return run


def _additional(compiler: _Compiler, rule: Any, schema: Mapping[str, Any]) -> Validator:
    known = frozenset(schema.get("properties", {}))
    check = compiler.compile(rule) if isinstance(rule, dict) else None

    def run(value: Any, path: JsonPath, found: Found) -> None:
        if not isinstance(value, dict):
            return
        extra = [key for key in value if key not in known]
        if check is not None:
            for key in extra:
                check(value[key], (*path, key), found)
        elif rule is False and extra:
            found.append(SchemaError(path, "additionalProperties", rule, value, schema))

    return run


def _property_names(compiler: _Compiler, rule: Any, _schema: Mapping[str, Any]) -> Validator:
    check = compiler.compile(rule)

    def run(value: Any, path: JsonPath, found: Found) -> None:
        if not isinstance(value, dict):
            return
        for key in value:
            of_key: Found = []
            check(key, path, of_key)
            found.extend(
                SchemaError(path, error.keyword, error.rule, key, error.schema, in_key=True)
                for error in of_key
            )

    return run


def _required(_compiler: _Compiler, rule: Any, schema: Mapping[str, Any]) -> Validator:
    def run(value: Any, path: JsonPath, found: Found) -> None:
        if isinstance(value, dict):
            found.extend(
                SchemaError(path, "required", key, value, schema)
                for key in rule
                if key not in value
            )

    return run


def _items(compiler: _Compiler, rule: Any, _schema: Mapping[str, Any]) -> Validator:
    check = compiler.compile(rule)

    def run(value: Any, path: JsonPath, found: Found) -> None:
        if isinstance(value, list):
            for index, item in enumerate(value):
                check(item, (*path, index), found)

    return run


def _any_of(compiler: _Compiler, rule: Any, schema: Mapping[str, Any]) -> Validator:
    checks = [compiler.compile(branch) for branch in rule]

    def run(value: Any, path: JsonPath, found: Found) -> None:
        branches = []
        for check in checks:
            of_branch: Found = []
            check(value, path, of_branch)
            if not of_branch:
                return
            branches.append(tuple(of_branch))
        found.append(SchemaError(path, "anyOf", rule, value, schema, tuple(branches)))

    return run


def _condition(
    keyword: str, holds: Callable[[Any, Any], bool], kind: type | None = None
) -> Compile:
    """A keyword that tests the value against its rule; only values of `kind` if given."""

    def compile_rule(_compiler: _Compiler, rule: Any, schema: Mapping[str, Any]) -> Validator:
        def run(value: Any, path: JsonPath, found: Found) -> None:
            if (kind is None or isinstance(value, kind)) and not holds(value, rule):
                found.append(SchemaError(path, keyword, rule, value, schema))

        return run

    return compile_rule


@functools.cache
def _regex(pattern: str) -> re.Pattern[str]:
    """A schema pattern as Python runs it. JSON Schema patterns are ECMA-262 regular
    expressions, in which `$` matches at the very end only; Python's `$` also matches
    before a final newline, which let `"web\\n"` pass as an id (and become a file name)."""
    return re.compile(_END_ANCHOR.sub(lambda match: match.group(0)[:-1] + r"\Z", pattern))


# A `$` that is neither escaped nor inside a character class (which patterns here never
# nest): an end anchor.
_END_ANCHOR = re.compile(r"(?:\\.|\[(?:\\.|[^\]])*\]|[^$\\[])*\$")


def _same(first: Any, second: Any) -> bool:
    """JSON equality: true is not 1, though Python says it is; 1 is 1.0."""
    if isinstance(first, bool) or isinstance(second, bool):
        return first is second
    if isinstance(first, (int, float)) and isinstance(second, (int, float)):
        return first == second
    return type(first) is type(second) and first == second


def _unique(items: list[Any]) -> bool:
    """No two items the same. Text is hashed (15,000 language codes compared pairwise
    took 18 s); anything else, rare and short in a blueprint, is compared pairwise."""
    texts = [item for item in items if isinstance(item, str)]
    others = [item for item in items if not isinstance(item, str)]
    if len(set(texts)) != len(texts):
        return False
    return all(not _same(a, b) for i, a in enumerate(others) for b in others[i + 1 :])


_KEYWORDS: dict[str, Compile] = {
    "$ref": _ref,
    "type": _type,
    "properties": _properties,
    "additionalProperties": _additional,
    "propertyNames": _property_names,
    "required": _required,
    "items": _items,
    "anyOf": _any_of,
    "minProperties": _condition("minProperties", lambda v, rule: len(v) >= rule, dict),
    "minItems": _condition("minItems", lambda v, rule: len(v) >= rule, list),
    "uniqueItems": _condition("uniqueItems", lambda v, rule: _unique(v) or not rule, list),
    "minLength": _condition("minLength", lambda v, rule: len(v) >= rule, str),
    "maxLength": _condition("maxLength", lambda v, rule: len(v) <= rule, str),
    "pattern": _condition("pattern", lambda v, rule: bool(_regex(rule).search(v)), str),
    "enum": _condition("enum", lambda v, rule: any(_same(v, option) for option in rule)),
    "const": _condition("const", _same),
}
