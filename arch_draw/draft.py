"""Drafting: which of the guide's tiers fits a number of users, and starter blueprints.

What a tier adds, and why, is read from the bundled blueprints themselves: the elements
a tier has that the tier below lacks, with the notes that carry the guide's reasons.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import bundled
from .errors import OutputError, UsageError
from .files import resolved
from .model import Blueprint
from .schema import SCHEMA_FILE, schema_text

if TYPE_CHECKING:
    from .load import Document

_WORDS = re.compile(r"\w+")

# (most users for the tier, blueprint). The guide's tiers are "fewer than 1,000" and
# "more than 1,000 / 10,000 / 100,000"; a count on a boundary gets the bigger tier,
# since it is about to outgrow the smaller one.
TIERS = (
    (999, "users-under-1k"),
    (10_000, "users-over-1k"),
    (100_000, "users-over-10k"),
    (None, "users-over-100k"),
)


@dataclass(frozen=True)
class Suggestion:
    users: int
    number: int  # 1-based tier
    name: str
    tier: Blueprint
    below: Blueprint | None

    @property
    def reference(self) -> str:
        return bundled.PREFIX + self.name


def suggest(users: int, language: str | None = None) -> Suggestion:
    from .pipeline import load_blueprint

    if users < 0:
        raise UsageError(f"--users must be 0 or more, not {users}")
    number = next(i for i, (most, _name) in enumerate(TIERS, 1) if most is None or users <= most)
    name = TIERS[number - 1][1]
    tier = load_blueprint(bundled.DIRECTORY / f"{name}.yaml", bundled.PREFIX + name, language)
    below = None
    if number > 1:
        below_name = TIERS[number - 2][1]
        below = load_blueprint(bundled.DIRECTORY / f"{below_name}.yaml", below_name, language)
    return Suggestion(users, number, name, tier, below)


# How `suggest` frames the guide's text, in the languages of the bundled blueprints.
_FRAMING = {
    "en": (
        '{users:,} users: tier {number} of {tiers}, "{title}" ({reference})',
        "It adds, over the tier below:",
        "It has:",
    ),
    "ko": (
        '사용자 {users:,}명: {tiers}단계 중 {number}단계, "{title}" ({reference})',
        "아래 단계에 더하는 것:",
        "구성:",
    ),
}


def explain(suggestion: Suggestion) -> list[str]:
    """A few lines: the tier, what it adds over the one below, and the guide's reasons,
    framed in the tier's language."""
    tier = suggestion.tier
    heading, adds, has = _FRAMING.get(tier.language, _FRAMING["en"])
    title = heading.format(
        users=suggestion.users,
        number=suggestion.number,
        tiers=len(TIERS),
        title=tier.title,
        reference=suggestion.reference,
    )
    lines = [title, tier.caption or "", adds if suggestion.below else has]
    lines += [f"  - {item}" for item in _additions(tier, suggestion.below)]
    return [line for line in lines if line]


def _additions(tier: Blueprint, below: Blueprint | None) -> list[str]:
    known = {node.id for node in below.nodes} if below else set()
    added = [node for node in tier.nodes if node.id not in known]
    counts = Counter(node.label for node in added)
    items: list[str] = []
    for node in added:
        label = node.label or node.id
        if label in counts:
            times, note = counts.pop(label), node.note
            items.append(f"{label}{f' (x{times})' if times > 1 else ''}{_reason(label, note)}")
    return items


def _reason(label: str, note: str | None) -> str:
    """`: note`, without a lead-in that names what the label already does (the guide's
    notes start "ElastiCache: ...", under the label "Amazon ElastiCache")."""
    if not note:
        return ""
    lead, colon, rest = note.partition(": ")
    said = set(_WORDS.findall(label.lower()))
    if colon and rest and set(_WORDS.findall(lead.lower())) <= said:
        return f": {rest}"
    return f": {note}"


def bundled_blueprints(language: str | None = None, *, captions: bool = False) -> list[str]:
    """A line for each blueprint arch-draw ships, the guide's tiers first: how to name
    it, its title, and what it adds to and removes from the one it extends (with
    `captions`, its caption under it)."""
    tiers = [name for _most, name in TIERS]
    ordered = sorted(bundled.names(), key=lambda name: [*tiers, name].index(name))
    rows = [_bundled_row(name, language) for name in ordered]
    width = max(len(reference) for reference, _said, _caption in rows)
    lines = []
    for reference, said, caption in rows:
        lines.append(f"{reference:<{width}}  {said}")
        lines += [f"{'':<{width}}  {caption}"] if captions and caption else []
    return lines


def _bundled_row(name: str, language: str | None) -> tuple[str, str, str]:
    from .pipeline import blueprint_in, check_blueprint

    reference = bundled.PREFIX + name
    document = check_blueprint(bundled.DIRECTORY / f"{name}.yaml", reference)
    blueprint = blueprint_in(document, _spoken_in(document, language))
    return reference, f"{blueprint.title}: {_what_it_adds(document)}", blueprint.caption or ""


def _what_it_adds(document: Document) -> str:
    """`extends arch-draw:x; adds 1 group, 2 nodes; removes 1 note`, or `its own: ...`."""
    if document.base is None:
        return "its own: " + counted(ids_beyond(document.data))
    extended = bundled.PREFIX + document.sources[1].stem
    added = counted(ids_beyond(document.data, document.base.data))
    removed = counted(ids_beyond(document.base.data, document.data))
    return "; ".join(
        [f"extends {extended}"]
        + ([f"adds {added}"] if added else [])
        + ([f"removes {removed}"] if removed else [])
    )


def ids_beyond(data: dict[str, Any], other: dict[str, Any] | None = None) -> list[tuple[int, str]]:
    """How many ids of each section `data` has that `other` has not (all, without it)."""
    from .load import SECTIONS

    beside = other or {}
    return [
        (len(set(data.get(section) or {}) - set(beside.get(section) or {})), section)
        for section in SECTIONS
    ]


def _spoken_in(document: Document, language: str | None) -> str | None:
    """`language` if the blueprint has text in it, else its first language."""
    from .pipeline import languages_to_draw

    return language if language and languages_to_draw(document, (language,)) else None


def counted(counts: list[tuple[int, str]], *, zeros: bool = False) -> str:
    """`2 groups, 1 node`: the sections with any (`zeros`: every one)."""
    from .load import SECTION_NOUNS

    return ", ".join(
        f"{count} {section if count != 1 else SECTION_NOUNS[section]}"
        for count, section in counts
        if count or zeros
    )


def merged(reference: str) -> str:
    """A bundled blueprint with everything it extends merged in, as YAML: every id a
    blueprint that extends it may change or remove."""
    import yaml

    from .pipeline import check_blueprint

    path = bundled.path_of(reference)
    if path is None:
        name = reference.removeprefix(bundled.PREFIX).removesuffix(".yaml")
        raise UsageError(bundled.no_such(name))
    name = bundled.PREFIX + path.stem
    document = check_blueprint(path, name)
    header = (
        f"# {name}, with what it extends merged in: a blueprint that says\n"
        f"# `extends: {name}` changes any of these by its id, or removes it.\n"
    )
    return header + yaml.safe_dump(
        document.data, sort_keys=False, allow_unicode=True, width=88, default_flow_style=False
    )


def starter_from(reference: str, title: str, origin: str, notes: Sequence[str] = ()) -> str:
    """A blueprint that extends `reference`, with comments on how to change it.

    The base's caption and its notes on the whole drawing describe the base, not the new
    blueprint under its new title: the starter gives a caption of its own and removes
    those notes (`notes`: their ids), saying how to keep them."""
    removed = (
        f"remove: [{', '.join(notes)}]   # the base's notes on the whole drawing: delete"
        " this line to keep them\n"
        if notes
        else ""
    )
    return f"""\
# yaml-language-server: $schema={SCHEMA_FILE}
# {origin}
# Change it by id: a new id adds an element; a known id changes it (`in:` moves it,
# `key: null` unsets a key); `remove: [id, ...]` deletes elements. Node types:
# `arch-draw icons QUERY`. Draw it: `arch-draw render FILE`, or `arch-draw watch FILE`.
version: 1
extends: {reference}
title: {title}
caption: One line on what it shows.
{removed}
nodes:
  # orders: {{type: sqs, in: region, label: Orders queue}}

edges:
  # to_orders: {{from: asg, to: orders, label: order events}}
"""


STARTER = f"""\
# yaml-language-server: $schema={SCHEMA_FILE}
# A blueprint: groups (boxes), nodes (icons) and edges (arrows), each by an id.
# Node types: `arch-draw icons QUERY`. Draw it: `arch-draw render FILE`, or keep it
# drawn while you edit: `arch-draw watch FILE`. The format: `arch-draw schema`.
version: 1
title: My architecture
caption: One line on what it shows.
direction: LR                     # LR, TB, RL or BT

groups:
  cloud: {{kind: aws-cloud}}
  vpc: {{kind: vpc, in: cloud}}
  public: {{kind: public-subnet, in: vpc}}

nodes:
  users: {{type: users, label: Users}}
  lb: {{type: aws.network.ALB, in: vpc, label: Load balancer}}
  web: {{type: ec2, in: public, label: Web server, note: Why it is here.}}

edges:
  browse: {{from: users, to: lb, label: HTTPS}}
  forward: {{from: lb, to: web}}

notes:
  about: A note on the whole drawing, shown under the title.
"""


def write_new(path: Path, text: str, *, force: bool) -> list[Path]:
    """Write a new blueprint (checked first, where it will live: its `extends` is relative
    to it) and, if missing, the schema beside it.

    A symlink counts as a file there, even one that leads nowhere: writing through it
    would put the file wherever it points. Each file is moved into place by a rename,
    which replaces a link (with --force) instead of following it; and a relative folder
    that a symlink leads out of the current directory is refused, as for drawings."""
    from .pipeline import check_blueprint
    from .write import check_output_dir, write_files

    check_output_dir(path.parent)
    if os.path.lexists(path) and not force:
        raise UsageError(f"{path} exists; use --force to overwrite it")  # asked for: exit 2
    check_blueprint(path, str(path), text)  # an invalid starter (a bad --from) writes nothing
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # a file or a link to nothing by that name, say
        raise OutputError(f"cannot create {path.parent}: {error.strerror or error}") from None
    files = {path: text.encode("utf-8")}
    schema_path = path.parent / SCHEMA_FILE
    if not os.path.lexists(schema_path):
        files[schema_path] = schema_text().encode("utf-8")
    write_files(files)
    return list(files)


def notes_of(source: str) -> list[str]:
    """The ids of the notes on the whole drawing of the blueprint `--from SOURCE` names;
    none if it cannot be read (checking the new blueprint then says why)."""
    from .errors import ArchDrawError
    from .pipeline import check_blueprint

    path = bundled.path_of(source) or Path(source)
    try:
        notes = check_blueprint(path).data.get("notes")  # checked: the model adds nothing
    except (ArchDrawError, OSError):
        return []
    return list(notes or {})


def base_reference(source: str, new_path: Path) -> str:
    """What `extends:` should say for `--from SOURCE`: a bundled name or a relative path."""
    if source.startswith(bundled.PREFIX) or bundled.path_of(source):
        return bundled.PREFIX + source.removeprefix(bundled.PREFIX).removesuffix(".yaml")
    return os.path.relpath(resolved(source), resolved(new_path).parent)
