"""Read one blueprint file into plain data, remembering where every value stands.

This is the only module that reads YAML. It composes the YAML node graph (which keeps
line and column marks) and builds the data itself, so that it can:

- refuse every tag but the plain YAML types (no `!!python/object`, no custom tags);
- use YAML 1.2 core types, so `no`, `on` and `12:30` stay text instead of turning into
  booleans and sexagesimal numbers as YAML 1.1 would have it;
- report duplicate keys, which PyYAML silently resolves to the last one;
- bound alias expansion, merges and nesting, so that a "billion laughs" file, or one
  that doubles `<<` merges level after level, is refused quickly, and refuse aliases
  and merges that lead back into the value they stand in;
- refuse numbers too long to be anything but a mistake (Python would turn a hex number
  of thousands of digits into an integer it then refuses to print).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..errors import BlueprintError, Diagnostic, shown
from ..files import NotRegularFile, read_regular, resolved
from ..limits import DEFAULT_LIMITS, Limits, raise_with

JsonPath = tuple[str | int, ...]
MAX_NUMBER_CHARACTERS = 40  # a 128-bit number in decimal has 39 digits

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ, _MERGE = _TAG + "map", _TAG + "seq", _TAG + "merge"

# YAML 1.2 core schema patterns (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_CORE_RESOLVERS = (
    (_NULL, r"^(?:~|null|Null|NULL|)$", "~nN"),
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        _FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+.0123456789",
    ),
    (_MERGE, r"^<<$", "<"),
)


def _core_resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    for tag, pattern, first_chars in _CORE_RESOLVERS:
        compiled = re.compile(pattern)
        for char in first_chars:
            resolvers.setdefault(char, []).append((tag, compiled))
    resolvers.setdefault("", []).append((_NULL, re.compile(_CORE_RESOLVERS[0][1])))
    return resolvers


_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_PLAIN_TAGS = {yaml.ScalarNode: _STR, yaml.SequenceNode: _SEQ, yaml.MappingNode: _MAP}


class _CoreLoader(_BaseLoader):  # type: ignore[misc]
    """Safe loader that resolves plain scalars by the YAML 1.2 core schema."""

    yaml_implicit_resolvers = _core_resolvers()

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # PyYAML's own resolve also walks path resolvers, which blueprints never use;
        # called once per value, this leaner one makes loading a quarter faster.
        if kind is yaml.ScalarNode and implicit[0]:
            for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                if pattern.match(value):
                    return tag
        return _PLAIN_TAGS[kind]


class Mark(NamedTuple):
    """A 1-based line and column; in `file` if that is not the document's own file.

    A named tuple, not a dataclass: one is made per value read, and tuples are made
    several times faster."""

    line: int
    column: int
    file: str = ""


@dataclass(frozen=True)
class Document:
    """A blueprint as plain data, with the position of every value and mapping key.

    `files` are the files it was read from, by the name marks give them: its own
    first, then those it extends. `base` is what it extends, merged (what it changes is
    drawn from the difference: `arch-draw render --changes`).
    """

    path: str
    data: Any
    values: Mapping[JsonPath, Mark] = field(repr=False)
    keys: Mapping[JsonPath, Mark] = field(repr=False)
    files: Mapping[str, Path] = field(default_factory=dict)
    base: Document | None = field(default=None, repr=False, compare=False)
    # Problems found while merging what it extends that did not stop the merge (an id to
    # remove that is not there): validation reports them with every other problem.
    problems: tuple[Diagnostic, ...] = field(default=(), repr=False, compare=False)

    @property
    def sources(self) -> tuple[Path, ...]:
        return tuple(self.files.values())

    def input_files(self) -> list[Path]:
        """Every file the drawing depends on: the blueprints, then the nodes' own icons."""
        nodes = self.data.get("nodes") if isinstance(self.data, dict) else None
        icons = [
            self.beside(("nodes", node_id, "icon"), entry["icon"])[0]
            for node_id, entry in (nodes.items() if isinstance(nodes, dict) else ())
            if isinstance(entry, dict) and isinstance(entry.get("icon"), str)
        ]
        return [*self.sources, *icons]

    def beside(self, path: JsonPath, relative: str) -> tuple[Path, Path]:
        """A path written at `path`, taken relative to the file that says it; also
        returns that file's directory (the tree such paths must stay in)."""
        mark = self.mark(path)
        source = self.files.get(mark.file or self.path, Path(self.path))
        folder = resolved(source).parent
        return folder / relative, folder

    def mark(self, path: JsonPath) -> Mark:
        """Where the value at `path` stands, or its nearest enclosing value."""
        for end in range(len(path), -1, -1):
            found = self.values.get(path[:end])
            if found is not None:
                return found
        return Mark(1, 1)

    def key_mark(self, path: JsonPath) -> Mark:
        """Where the key of the value at `path` stands (the value itself if no key)."""
        return self.keys.get(path) or self.mark(path)

    def problem(self, path: JsonPath, message: str, *, at_key: bool = False) -> Diagnostic:
        mark = self.key_mark(path) if at_key else self.mark(path)
        return Diagnostic(mark.file or self.path, mark.line, mark.column, message)


def load_file(path: Path, display: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read and parse one blueprint file; raise BlueprintError on any problem."""
    shown = display if display is not None else str(path)
    document = load_bytes(_read_bytes(path, shown, limits), shown, limits)
    return dataclasses.replace(document, files={shown: path})


def load_bytes(raw: bytes, display: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse blueprint bytes that came from `display` (a path for messages)."""
    if len(raw) > limits.file_bytes:
        message = (
            f"the file is larger than {limits.file_bytes} bytes, the limit for a blueprint"
            f" ({raise_with('file_bytes')} raises it)"
        )
        raise _error(display, 1, 1, message)
    return load_text(_decode(raw, display), display, limits)


def load_text(text: str, display: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Parse blueprint text; `display` names it in messages."""
    root = _compose(text, display)
    if root is None:
        raise _error(display, 1, 1, "the blueprint is empty")
    builder = _Builder(display, limits)
    data = builder.build(root)
    if builder.problems:
        raise BlueprintError(builder.problems)
    return Document(display, data, builder.values, builder.keys)


def _error(display: str, line: int, column: int, message: str) -> BlueprintError:
    return BlueprintError([Diagnostic(display, line, column, message)])


def _read_bytes(path: Path, display: str, limits: Limits) -> bytes:
    try:
        # Read one byte past the limit: enough to know the file is too large.
        return read_regular(path, limits.file_bytes + 1)
    except FileNotFoundError:
        raise _error(display, 1, 1, "no such file") from None
    except NotRegularFile as error:
        raise _error(display, 1, 1, f"is {error.kind}, not a blueprint file") from None
    except PermissionError:
        raise _error(display, 1, 1, "permission denied: the file cannot be read") from None
    except OSError as error:
        raise _error(display, 1, 1, f"cannot read the file: {error.strerror}") from None


def _decode(raw: bytes, display: str) -> str:
    if b"\x00" in raw:
        line, column = _line_column(raw, raw.index(b"\x00"))
        raise _error(
            display, line, column, "this is a binary file (it contains NUL bytes), not YAML"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _line_column(raw, error.start)
        raise _error(
            display, line, column, f"not valid UTF-8 (byte 0x{raw[error.start]:02x})"
        ) from None


def _line_column(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1


def _compose(text: str, display: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=_CoreLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        raise _error(display, line, column, f"YAML syntax error: {problem}") from None
    except yaml.reader.ReaderError as error:
        line, column = _text_line_column(text, error.position)
        raise _error(
            display, line, column, f"character U+{error.character:04X} is not allowed"
        ) from None
    except yaml.YAMLError as error:
        raise _error(display, 1, 1, f"YAML error: {error}") from None


def _text_line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _mark_of(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _TooLarge(Exception):
    """Stops building once the alias-expansion or nesting budget is spent."""


class _Builder:
    """Turns a YAML node graph into plain data, recording positions and problems."""

    def __init__(self, display: str, limits: Limits) -> None:
        self.display = display
        self.limits = limits
        self.values: dict[JsonPath, Mark] = {}
        self.keys: dict[JsonPath, Mark] = {}
        self.problems: list[Diagnostic] = []
        self._budget = limits.values
        # Mappings and lists being built: an alias or merge of one of them is a loop.
        self._open: set[int] = set()

    def build(self, root: yaml.Node) -> Any:
        try:
            return self._value(root, (), 0)
        except _TooLarge:
            return None

    def _problem(self, node: yaml.Node, message: str) -> None:
        mark = _mark_of(node)
        self.problems.append(Diagnostic(self.display, mark.line, mark.column, message))

    def _value(self, node: yaml.Node, path: JsonPath, depth: int) -> Any:
        self._spend(node, depth)
        self.values.setdefault(path, _mark_of(node))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if node.tag not in (_MAP, _SEQ):
            self._problem(node, f"YAML tag {_short_tag(node.tag)} is not allowed; use plain values")
            return None
        if id(node) in self._open:
            self._problem(node, "an alias here leads back into this value itself, endlessly")
            return None
        with self._opened(node):
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path, depth)
            items = enumerate(node.value)
            return [self._value(item, (*path, index), depth + 1) for index, item in items]

    @contextlib.contextmanager
    def _opened(self, node: yaml.Node) -> Iterator[None]:
        self._open.add(id(node))
        try:
            yield
        finally:
            self._open.discard(id(node))

    def _spend(self, node: yaml.Node, depth: int) -> None:
        self._budget -= 1
        if self._budget < 0:
            message = (
                f"the file expands to more than {self.limits.values} values, following its"
                f" YAML aliases and merges ({raise_with('values')} raises the limit)"
            )
            self._problem(node, message)
            raise _TooLarge
        if depth > self.limits.depth:
            message = (
                f"values are nested more than {self.limits.depth} levels deep"
                f" ({raise_with('depth')} raises the limit)"
            )
            self._problem(node, message)
            raise _TooLarge

    def _mapping(self, node: yaml.MappingNode, path: JsonPath, depth: int) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        own: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.update(self._merge(value_node, path, depth))
                continue
            key = self._key(key_node)
            if key is None:
                continue
            key_path = (*path, key)
            if key in own:
                first = self.keys[key_path]
                self._problem(
                    key_node,
                    f"duplicate key '{shown(key)}' (first at {first.line}:{first.column})",
                )
                continue
            self.keys[key_path] = _mark_of(key_node)
            self.values.pop(key_path, None)
            own[key] = self._value(value_node, key_path, depth + 1)
        return {**merged, **own}

    def _merge(self, node: yaml.Node, path: JsonPath, depth: int) -> dict[str, Any]:
        """`<<: *base` or `<<: [*a, *b]`: earlier mappings win, as YAML specifies.

        Each mapping merged costs a value and a level, like an alias to it: merging
        empty mappings, doubled level after level, would otherwise take exponential time
        for free."""
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):
            self._spend(source, depth + 1)
            if not isinstance(source, yaml.MappingNode) or source.tag != _MAP:
                self._problem(source, "'<<' can only merge mappings")
            elif id(source) in self._open:
                self._problem(source, "'<<' merges a mapping into itself, endlessly")
            else:
                with self._opened(source):
                    merged.update(self._mapping(source, path, depth + 1))
        return merged

    def _key(self, node: yaml.Node) -> str | None:
        if isinstance(node, yaml.ScalarNode) and node.tag != _MERGE:
            # Keys are ids and field names: always their text, whatever they look like.
            return str(node.value)
        self._problem(node, "mapping keys must be plain text")
        return None

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        text: str = node.value
        if node.tag == _INT and len(text) > MAX_NUMBER_CHARACTERS:
            message = (
                f"a number of {len(text)} characters; no value of a blueprint needs more"
                f" than {MAX_NUMBER_CHARACTERS} (put text in quotes)"
            )
            self._problem(node, message)
            return None
        try:
            return _SCALARS[node.tag](text)
        except KeyError:
            self._problem(node, f"YAML tag {_short_tag(node.tag)} is not allowed; use plain values")
        except ValueError:
            self._problem(node, f"'{text}' is not a valid {_short_tag(node.tag)}")
        return None


def _parse_int(text: str) -> int:
    cleaned = text.replace("_", "")
    if cleaned.startswith(("0o", "0x")):
        return int(cleaned, 0)
    return int(cleaned, 10)


def _parse_float(text: str) -> float:
    special = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
    return float(special.get(text.lower(), text))


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered not in ("true", "false"):
        raise ValueError(text)
    return lowered == "true"


_SCALARS: dict[str, Callable[[str], Any]] = {
    _STR: str,
    _NULL: lambda _text: None,
    _BOOL: _parse_bool,
    _INT: _parse_int,
    _FLOAT: _parse_float,
}


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
