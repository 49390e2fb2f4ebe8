"""The stages joined: blueprint file in, drawings out. The library's entry points."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .catalog import load_catalog
from .errors import BlueprintError, Diagnostic, OutputError
from .load import load_file
from .model import Blueprint, from_document
from .resolve import resolve
from .validate import validate

DEFAULT_FORMATS = ("png", "svg")


def load_blueprint(path: Path, display: str | None = None) -> Blueprint:
    """Load, validate and resolve one blueprint; raise BlueprintError listing every problem."""
    catalog = load_catalog()
    document = load_file(path, display)
    validate(document, catalog)
    return resolve(from_document(document), catalog)


def load_blueprints(paths: Iterable[Path]) -> list[Blueprint]:
    """Load every blueprint, reporting the problems of all of them together."""
    blueprints: list[Blueprint] = []
    problems: list[Diagnostic] = []
    for path in paths:
        try:
            blueprints.append(load_blueprint(path))
        except BlueprintError as error:
            problems.extend(error.diagnostics)
    if problems:
        raise BlueprintError(problems)
    return blueprints


@dataclass(frozen=True)
class Drawn:
    """A blueprint's finished outputs: format -> bytes, ready to be written."""

    outputs: dict[str, bytes]
    warnings: tuple[str, ...]


def draw(blueprint: Blueprint, formats: Sequence[str] = DEFAULT_FORMATS) -> Drawn:
    """Every format of one blueprint, from one layout; the SVG is self-contained."""
    from .render import render
    from .write import embed_icons

    drawing = render(blueprint, formats, load_catalog())
    outputs = dict(drawing.outputs)
    if "svg" in outputs:
        outputs["svg"] = embed_icons(outputs["svg"], drawing.icon_files)
    return Drawn({fmt: outputs[fmt] for fmt in formats}, drawing.warnings)


def output_paths(blueprint: Blueprint, output_dir: Path, formats: Sequence[str]) -> dict[str, Path]:
    """Where each format of `blueprint` goes: the blueprint's file name, new suffix."""
    stem = Path(blueprint.path).stem
    return {fmt: output_dir / f"{stem}.{fmt}" for fmt in formats}


@dataclass(frozen=True)
class Rendered:
    """One blueprint drawn: the files to write, Graphviz's warnings, the time it took."""

    blueprint: Blueprint
    files: dict[Path, bytes]
    warnings: tuple[str, ...]
    seconds: float


def render_files(
    paths: Iterable[Path], output_dir: Path, formats: Sequence[str] = DEFAULT_FORMATS
) -> list[Rendered]:
    """Load every blueprint (all problems of all files at once), then draw each in memory.

    Nothing is written here: if any blueprint is invalid or cannot be drawn, the caller
    writes nothing at all.
    """
    blueprints = load_blueprints(dict.fromkeys(paths))  # a file named twice is drawn once
    targets = [output_paths(blueprint, output_dir, formats) for blueprint in blueprints]
    _refuse_clashes(blueprints, targets)
    return [
        _render_one(blueprint, paths) for blueprint, paths in zip(blueprints, targets, strict=True)
    ]


def _render_one(blueprint: Blueprint, paths: dict[str, Path]) -> Rendered:
    started = time.perf_counter()
    drawn = draw(blueprint, tuple(paths))
    files = {paths[fmt]: data for fmt, data in drawn.outputs.items()}
    return Rendered(blueprint, files, drawn.warnings, time.perf_counter() - started)


def _refuse_clashes(blueprints: Sequence[Blueprint], targets: Sequence[dict[str, Path]]) -> None:
    """Two blueprints with one file name would overwrite each other's drawings."""
    seen: dict[Path, str] = {}
    for blueprint, paths in zip(blueprints, targets, strict=True):
        for path in paths.values():
            if path in seen:
                raise OutputError(
                    f"{seen[path]} and {blueprint.path} would both be drawn to {path}"
                )
            seen[path] = blueprint.path
