"""A machine's shortcut past re-reading unchanged blueprints: sizes and times of files.

Knowing that nothing changed would otherwise mean reading and hashing every blueprint,
every file it extends and every drawing. So for each blueprint the last build keeps, on
this machine, a stamp of the sizes and modification times of all those files, with the
fingerprint the blueprint had then. An unchanged stamp means an unchanged fingerprint;
any difference (an edit, a checkout, a drawing touched by hand) sends the blueprint
through the full check. Stamps live in the user's cache, never beside the drawings:
times differ from one clone to the next, and a committed record must not churn.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import tool_versions
from ..cache import cache_root


def stamp(files: Iterable[Path], settings: Mapping[str, object]) -> str:
    digest = hashlib.sha256((tool_versions() + json.dumps(settings, sort_keys=True)).encode())
    for path in files:
        try:
            status = path.stat()
            seen = f"{path}\0{status.st_size}\0{status.st_mtime_ns}\0"
        except OSError:
            seen = f"{path}\0missing\0"
        digest.update(seen.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@dataclass
class Stamps:
    path: Path
    entries: dict[str, dict[str, object]]
    settings: Mapping[str, object]

    def known(self, name: str) -> str:
        """The fingerprint of `name` if none of its files changed since; '' otherwise."""
        entry = self.entries.get(name)
        files = entry.get("files") if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or not isinstance(files, list):
            return ""
        unchanged = entry.get("stamp") == stamp(map(Path, map(str, files)), self.settings)
        return str(entry.get("inputs", "")) if unchanged else ""

    def remember(self, name: str, inputs: str, files: Iterable[Path]) -> None:
        listed = sorted({str(path.resolve()) for path in files})
        now = stamp(map(Path, listed), self.settings)
        self.entries[name] = {"inputs": inputs, "files": listed, "stamp": now}

    def save(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(self.entries), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            pass  # only a shortcut: without it, the next build checks everything


def load_stamps(output_dir: Path, settings: Mapping[str, object]) -> Stamps:
    key = hashlib.sha256(str(output_dir.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    path = cache_root() / "build-stamps" / f"{key[:32]}.json"
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = {}
    return Stamps(path, entries if isinstance(entries, dict) else {}, settings)
