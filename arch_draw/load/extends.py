"""`extends:` — a blueprint that starts from another and changes it by id.

The blueprints a file extends are read and merged here, before validation, because a
child's entries are partial: `web_a: {in: asg}` only moves a node the base defines. The
merged document keeps, for every value, the file and position it came from, so errors
point into whichever file holds the mistake.

Rules, applied to the base in this order:
1. Each entry of `groups`, `nodes`, `edges` and `notes` whose id the base has changes
   it: the entry's keys replace the base's, and a key set to null is unset. An entry
   with a new id adds an element and must be complete (a node needs its `type`).
2. Any other key (`title`, `caption`, `direction`, `languages`) replaces the base's.
3. `remove: [ids]` deletes elements; removing a group deletes what is still inside it,
   and edges lose the ends that were removed (an edge left without a start or an end
   goes). Removals come last so that a tier can move elements out of a group first
   (`web: {in: asg}`) and then remove the group they were in.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .. import bundled
from ..errors import BlueprintError, Diagnostic
from ..files import NotRegularFile, has_control_characters, read_regular, resolved
from ..limits import DEFAULT_LIMITS, Limits, raise_with
from ..spelling import bounded, close_matches, did_you_mean, offered
from .parse import Document, JsonPath, Mark, load_file, load_text

SECTIONS = ("groups", "nodes", "edges", "notes")
SECTION_NOUNS = {"groups": "group", "nodes": "node", "edges": "edge", "notes": "note"}
# The keys that hold text, which may be given per language (one table for validation,
# the size limits, the fonts needed and drawings of changes): the blueprint's own, and
# its elements' by section; a note on the whole drawing is text itself. FREE_TEXT is
# long text, with the note limit; the rest is label-sized.
BLUEPRINT_TEXT = ("title", "caption")
ELEMENT_TEXT = {
    "groups": ("label", "note"),
    "nodes": ("label", "note"),
    "edges": ("label", "start_label", "end_label"),
}
FREE_TEXT = ("caption", "note", "notes")


def load_document(
    path: Path,
    display: str | None = None,
    text: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    *,
    tried: list[Path] | None = None,
) -> Document:
    """Read `path` and every blueprint it extends, merged into one document. With `text`,
    that is the blueprint (from a Markdown page, say) and `path` only says where it
    stands, for the paths it gives. `tried`, if given, gets every file looked for, found
    or not, even when reading fails: what a watch must wait for.

    Extended files must lie under the directory of `path`: a blueprint from elsewhere
    cannot make arch-draw read files outside the tree it was pointed at.
    """
    root = resolved(path).parent
    shown = display if display is not None else str(path)
    with bounded():  # did-you-mean suggestions, however many problems there are
        return _load_chain(path, shown, root, (), text, limits, [] if tried is None else tried)


def _load_chain(
    path: Path,
    display: str,
    root: Path,
    chain: tuple[str, ...],
    text: str | None,
    limits: Limits,
    tried: list[Path],
) -> Document:
    tried.append(path)
    if text is None:
        document = load_file(path, display, limits)
    else:
        document = dataclasses.replace(load_text(text, display, limits), files={display: path})
    reference = document.data.get("extends") if isinstance(document.data, dict) else None
    if not isinstance(reference, str):
        _refuse_orphan_removals(document)
        return document  # a non-text `extends` is left for the schema to report
    if reference.startswith(bundled.PREFIX):
        base_path, base_display, root = _locate_bundled(document, reference)
    else:
        base_path, base_display = _locate_base(document, reference, path, display, root, tried)
    chain = (*chain, display)
    if base_display in chain:
        loop = " > ".join((*chain, base_display))
        raise _problem(document, ("extends",), f"extends goes round in a circle: {loop}")
    if len(chain) > limits.extends:
        message = (
            f"extends: a chain of more than {limits.extends} bases ({_shortened(chain)});"
            f" {raise_with('extends')} raises the limit"
        )
        raise _problem(document, ("extends",), message)
    base = _load_chain(base_path, base_display, root, chain, None, limits, tried)
    return merge(base, document)


def _shortened(chain: tuple[str, ...]) -> str:
    """`a > b > c > ... > y > z`: a long chain named by its ends."""
    shown = chain if len(chain) <= 6 else (*chain[:3], "...", *chain[-2:])
    return " > ".join(shown)


def _locate_bundled(document: Document, reference: str) -> tuple[Path, str, Path]:
    """`arch-draw:NAME`: a blueprint shipped with arch-draw; its own bases are its siblings."""
    found = bundled.path_of(reference)
    if found is None:
        message = bundled.no_such(reference.removeprefix(bundled.PREFIX))
        raise _problem(document, ("extends",), f"extends: {message}")
    return found, bundled.PREFIX + found.stem, bundled.DIRECTORY


def _problem(document: Document, path: JsonPath, message: str) -> BlueprintError:
    return BlueprintError([document.problem(path, message)])


def _refuse_orphan_removals(document: Document) -> None:
    if isinstance(document.data, dict) and "remove" in document.data:
        message = "remove: only a blueprint that extends another can remove elements"
        raise _problem(document, ("remove",), message)


def _locate_base(
    document: Document, reference: str, path: Path, display: str, root: Path, tried: list[Path]
) -> tuple[Path, str]:
    """The file `extends: reference` names, relative to the extending file; '.yaml' optional."""
    if has_control_characters(reference):
        message = f"extends: '{reference}' cannot be a file name: it holds control characters"
        raise _problem(document, ("extends",), message)
    if Path(reference).is_absolute() or not reference.strip():
        raise _problem(document, ("extends",), "extends: name a blueprint by a relative path")
    names = (
        [reference]
        if Path(reference).suffix in (".yaml", ".yml")
        else [
            reference + ".yaml",
            reference + ".yml",
        ]
    )
    for name in names:
        candidate = path.parent / name
        tried.append(candidate)
        if not resolved(candidate).is_relative_to(root):
            message = f"extends: '{reference}' is outside {root.name}/, where bases must be"
            raise _problem(document, ("extends",), message)
        if _is_file(document, name, candidate):
            return candidate, os.path.normpath(os.path.join(os.path.dirname(display), name))
    siblings = sorted(p.stem for p in path.parent.glob("*.y*ml") if resolved(p) != resolved(path))
    stem = Path(reference).stem
    # Outside a checkout, the guide's tiers are the bundled ones: `arch-draw:NAME`.
    hint = did_you_mean(stem, siblings) or offered(
        [bundled.PREFIX + name for name in close_matches(stem, bundled.names())]
    )
    raise _problem(document, ("extends",), f"extends: no blueprint '{reference}' here{hint}")


def _is_file(document: Document, name: str, candidate: Path) -> bool:
    """Whether `candidate` is a blueprint file; something else by that name (a named
    pipe, a directory, a link to nothing or to itself) is a problem of its own, rather
    than "no blueprint here" with the same name suggested."""
    try:
        if candidate.is_file():
            return True
        if not os.path.lexists(candidate):
            return False
        read_regular(candidate, 0)  # to learn what it is instead
    except NotRegularFile as error:
        message = f"extends: '{name}' is {error.kind}, not a blueprint file"
    except OSError as error:  # a link to nothing, a name too long for the system, ...
        message = f"extends: '{name}' cannot be read: {error.strerror}"
    else:
        return True  # it became a file meanwhile
    raise _problem(document, ("extends",), message)


def merge(base: Document, child: Document) -> Document:
    """`child` applied to `base` (both already read); see the module's rules."""
    merger = _Merger(base, child)
    for key, value in child.data.items():
        if key not in ("extends", "remove"):
            merger.put(key, value)
    merger.remove(child.data.get("remove"))
    return Document(
        child.path,
        merger.data,
        merger.values.marks,
        merger.keys.marks,
        {**child.files, **base.files},
        base,
        (*base.problems, *merger.problems),
    )


class _Marks:
    """Positions by path, found by their first one and two parts as well.

    Merging changes one element (`nodes.web`) or one top-level key at a time; finding the
    positions under it by scanning them all made a child with thousands of entries take
    quadratic time (16,000 notes: 38 s)."""

    def __init__(self, marks: Mapping[JsonPath, Mark]) -> None:
        self.marks: dict[JsonPath, Mark] = {}
        self._by_prefix: dict[JsonPath, set[JsonPath]] = {}
        for path, mark in marks.items():
            self[path] = mark

    def __contains__(self, path: JsonPath) -> bool:
        return path in self.marks

    def __getitem__(self, path: JsonPath) -> Mark:
        return self.marks[path]

    def __setitem__(self, path: JsonPath, mark: Mark) -> None:
        self.marks[path] = mark
        for prefix in (path[:1], path[:2]):
            self._by_prefix.setdefault(prefix, set()).add(path)

    def __delitem__(self, path: JsonPath) -> None:
        del self.marks[path]
        for prefix in (path[:1], path[:2]):
            self._by_prefix[prefix].discard(path)

    def under(self, path: JsonPath) -> list[JsonPath]:
        """`path` and the paths inside it (`path` has one part at least)."""
        candidates = self._by_prefix.get(path[:2], ())
        return [known for known in candidates if known[: len(path)] == path]


class _Merger:
    def __init__(self, base: Document, child: Document) -> None:
        self.base_name = base.path
        self.child = child
        self.data: dict[str, Any] = {
            key: dict(value) if key in SECTIONS and isinstance(value, dict) else value
            for key, value in base.data.items()
        }
        self.values = _Marks(_in_file(base.values, base.path))
        self.keys = _Marks(_in_file(base.keys, base.path))
        self.child_marks = ((_Marks(child.values), self.values), (_Marks(child.keys), self.keys))
        self.problems: list[Diagnostic] = []

    # --- 3. removals --------------------------------------------------------------------

    def remove(self, ids: Any) -> None:
        if ids is None:
            return
        if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
            self._problem(("remove",), "remove must be a list of ids")
            return
        known = self._ids()
        for index, element_id in enumerate(ids):
            if element_id not in known:
                hint = did_you_mean(element_id, known)
                message = f"remove: there is no element '{element_id}' to remove{hint}"
                self._problem(("remove", index), message)
        self._delete(self._with_spans(self._with_contents({item for item in ids if item in known})))

    def _ids(self) -> dict[str, str]:
        return {
            element_id: section for section in SECTIONS for element_id in self._section(section)
        }

    def _section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name)
        return value if isinstance(value, dict) else {}

    def _with_contents(self, removed: set[str]) -> set[str]:
        """The ids removed, with everything inside removed groups, however deep."""
        inside: dict[str, list[str]] = {}
        for section in ("groups", "nodes"):
            for element_id, entry in self._section(section).items():
                if isinstance(entry, dict) and _is_text(entry.get("in")):
                    inside.setdefault(entry["in"], []).append(element_id)
        found, todo = set(removed), list(removed)
        while todo:
            for element_id in inside.get(todo.pop(), ()):
                if element_id not in found:
                    found.add(element_id)
                    todo.append(element_id)
        return found

    def _with_spans(self, removed: set[str]) -> set[str]:
        """The ids removed, with each group that spans fewer than two of what is left
        (its box would be around nothing it was drawn for)."""
        for group_id, entry in self._section("groups").items():
            spans = entry.get("spans") if isinstance(entry, dict) else None
            if isinstance(spans, list) and spans and len(_kept(spans, removed) or []) < 2:
                removed = removed | {group_id}
        return removed

    def _delete(self, removed: set[str]) -> None:
        for section in SECTIONS:
            for element_id in [i for i in self._section(section) if i in removed]:
                del self.data[section][element_id]
                self._forget((section, element_id))
        for edge_id, entry in list(self._section("edges").items()):
            if isinstance(entry, dict):
                self._trim_edge(edge_id, entry, removed)
        for section in ("groups", "nodes"):  # what the rest was placed by, or spanned
            for element_id, entry in self._section(section).items():
                if isinstance(entry, dict):
                    self._trim_references(section, element_id, entry, removed)

    def _trim_references(
        self, section: str, element_id: str, entry: dict[str, Any], removed: set[str]
    ) -> None:
        path = (section, element_id)
        for key in ("level_with", "before"):  # placed by what is gone: placed as it falls
            if entry.get(key) in removed:
                entry = {k: v for k, v in entry.items() if k != key}
                self.data[section][element_id] = entry
                self._forget((*path, key))
        spans = entry.get("spans")
        if isinstance(spans, list) and _kept(spans, removed) != spans:
            self.data[section][element_id] = {**entry, "spans": _kept(spans, removed)}
            self._forget((*path, "spans"), keep_self=True)

    def _trim_edge(self, edge_id: str, entry: dict[str, Any], removed: set[str]) -> None:
        ends = {end: _kept(entry.get(end), removed) for end in ("from", "to")}
        if ends == {end: entry.get(end) for end in ends}:
            return
        if not ends["from"] or not ends["to"]:
            del self.data["edges"][edge_id]
            self._forget(("edges", edge_id))
            return
        self.data["edges"][edge_id] = {**entry, **ends}
        for end in ends:
            self._forget(("edges", edge_id, end), keep_self=True)

    # --- 1. and 2. changes and additions ------------------------------------------------

    def put(self, key: str, value: Any) -> None:
        if key in SECTIONS and value is None:
            return  # an empty section (`nodes:` with nothing under it) changes nothing
        if key in SECTIONS and isinstance(value, dict) and isinstance(self.data.get(key), dict):
            for element_id, entry in value.items():
                self._put_entry(key, element_id, entry)
        else:
            self.data[key] = value
            self._take((key,))

    def _put_entry(self, section: str, element_id: str, entry: Any) -> None:
        path = (section, element_id)
        current = self.data[section].get(element_id)
        if isinstance(current, dict) and isinstance(entry, dict):
            self.data[section][element_id] = self._changed(path, current, entry)
            self._take_mark(path)
            return
        self.data[section][element_id] = entry
        self._take(path)

    def _changed(
        self, path: JsonPath, current: dict[str, Any], entry: dict[str, Any]
    ) -> dict[str, Any]:
        changed = dict(current)
        for attribute, value in entry.items():
            self._forget((*path, attribute))
            if value is None:
                changed.pop(attribute, None)
            else:
                changed[attribute] = value
                self._take((*path, attribute))
        return changed

    # --- positions ----------------------------------------------------------------------

    def _take(self, path: JsonPath) -> None:
        """Positions under `path` now come from the child."""
        self._forget(path)
        for source, target in self.child_marks:
            for known in source.under(path):
                target[known] = source[known]

    def _take_mark(self, path: JsonPath) -> None:
        for source, target in self.child_marks:
            if path in source:
                target[path] = source[path]

    def _forget(self, path: JsonPath, *, keep_self: bool = False) -> None:
        for positions in (self.values, self.keys):
            for known in positions.under(path):
                if not (keep_self and known == path):
                    del positions[known]

    def _problem(self, path: JsonPath, message: str, *, at_key: bool = False) -> None:
        self.problems.append(self.child.problem(path, message, at_key=at_key))


def _in_file(marks: dict[JsonPath, Mark] | Any, file: str) -> dict[JsonPath, Mark]:
    return {
        key: mark if mark.file else Mark(mark.line, mark.column, file)
        for key, mark in marks.items()
    }


def _kept(ends: Any, removed: set[str]) -> Any:
    if isinstance(ends, str):
        return None if ends in removed else ends
    if isinstance(ends, list):
        # Ends that are not ids stay, for validation to report.
        return [end for end in ends if not (_is_text(end) and end in removed)]
    return ends


def _is_text(value: Any) -> bool:
    """Only text can be an id: anything else (a mapping, a list) is left to validation,
    and is unhashable besides."""
    return isinstance(value, str)
