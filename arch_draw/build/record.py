"""The record of what `arch-draw build` drew, kept next to the drawings.

For each blueprint it holds the fingerprint of its inputs (its file, the files it
extends, the versions of arch-draw, the icon set and Graphviz, the formats and languages
asked for) and the hash of every file drawn from them. A blueprint is current when its
inputs have the recorded fingerprint and every recorded file is there, unchanged.

The record is rewritten atomically after the files it lists, so it never claims a
drawing that is not on disk.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import tool_versions
from ..files import read_regular
from ..formats import FORMATS

RECORD_NAME = ".arch-draw-build.json"
RECORD_FORMAT = 1
# What is read of a file to hash it, or of the record: far more than any blueprint, icon,
# drawing or record holds (each has its own, smaller limit), and a bound on memory when
# a file is swapped for a huge one behind arch-draw's back.
MOST_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True)
class Entry:
    inputs: str
    outputs: dict[str, str] = field(default_factory=dict)  # file name -> sha256


@dataclass
class Record:
    path: Path
    entries: dict[str, Entry]

    def is_current(self, name: str, inputs: str, *, check_files: bool = True) -> bool:
        """Recorded with these inputs, and (unless known untouched) its drawings intact."""
        entry = self.entries.get(name)
        if entry is None or entry.inputs != inputs:
            return False
        return self._outputs_intact(entry) if check_files else True

    def _outputs_intact(self, entry: Entry) -> bool:
        folder = self.path.parent
        return all(file_digest(folder / name) == digest for name, digest in entry.outputs.items())

    def save(self) -> None:
        data = {
            "format": RECORD_FORMAT,
            "blueprints": {
                name: {"inputs": entry.inputs, "outputs": dict(sorted(entry.outputs.items()))}
                for name, entry in sorted(self.entries.items())
            },
        }
        from ..write import write_files

        write_files({self.path: (json.dumps(data, indent=2) + "\n").encode("utf-8")})


def load_record(output_dir: Path) -> Record:
    """The record in `output_dir`; an empty one if it is missing or unreadable."""
    path = output_dir / RECORD_NAME
    try:
        data = json.loads(read_regular(path, MOST_BYTES).decode("utf-8"))
        return Record(path, _entries(data))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        # A damaged record costs a full build, never a wrong "current".
        return Record(path, {})


def _entries(data: Any) -> dict[str, Entry]:
    if data.get("format") != RECORD_FORMAT:
        return {}
    entries = {
        str(name): Entry(
            str(entry["inputs"]), {str(k): str(v) for k, v in entry["outputs"].items()}
        )
        for name, entry in data["blueprints"].items()
    }
    # The record is a file in the output directory, which anyone's commit may change;
    # build deletes the drawings it names. A name that is not a drawing's there (`../x`,
    # `/etc/x`, or `index.md` in a docs folder that holds the drawings too) makes the
    # whole record untrusted: a full build, nothing deleted.
    names = [name for entry in entries.values() for name in entry.outputs]
    return entries if all(map(is_drawing_name, names)) else {}


def is_drawing_name(name: str) -> bool:
    """A drawing's name: a file directly inside the output directory (no separator, not
    `.` or `..`, no NUL) whose suffix is an output format's."""
    plain = name not in ("", ".", "..") and not any(char in name for char in "/\\\0")
    return plain and name.rpartition(".")[2] in FORMATS


def fingerprint(sources: Iterable[Path], settings: Mapping[str, object]) -> str:
    """What a blueprint's drawings depend on, as one hash."""
    digest = hashlib.sha256()
    for part in (tool_versions(), json.dumps(settings, sort_keys=True)):
        digest.update(part.encode("utf-8") + b"\0")
    for source in sources:
        try:
            content = read_regular(source, MOST_BYTES)
        except OSError:
            content = b"(missing)"
        digest.update(source.name.encode("utf-8") + b"\0" + content + b"\0")
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(read_regular(path, MOST_BYTES)).hexdigest()
    except OSError:
        return ""


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
