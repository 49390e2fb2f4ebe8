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

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import tool_versions
from ..cache import cache_root, key_of
from ..files import read_regular

Observed = tuple[tuple[str, str], ...]  # (absolute path, what was seen there) per file


def observe(files: Iterable[Path]) -> Observed:
    """What each file is now: which file (device and inode), its size and time.

    Paths are kept as written, not resolved, and followed at each look: a symlink
    turned to another file, or a linked folder to another folder, then shows a
    different file there, where a resolved path would have kept watching the old one."""
    seen = []
    for path in sorted({os.path.abspath(path) for path in files}):
        try:
            status = os.stat(path)
            found = f"{status.st_dev}:{status.st_ino}:{status.st_size}:{status.st_mtime_ns}"
        except OSError:
            found = "missing"
        seen.append((path, found))
    return tuple(seen)


def stamp(observed: Observed, settings: Mapping[str, object]) -> str:
    digest = hashlib.sha256((tool_versions() + json.dumps(settings, sort_keys=True)).encode())
    for path, seen in sorted(observed):
        digest.update(f"{path}\0{seen}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@dataclass(frozen=True)
class Known:
    """A blueprint whose files are as they were when it was last found current."""

    inputs: str  # its fingerprint then
    sources: Observed  # the files it was read from (and the names it looked for), as now


@dataclass
class Stamps:
    path: Path
    entries: dict[str, dict[str, object]]
    settings: Mapping[str, object]

    def known(self, source: Path) -> Known | None:
        """What is known of blueprint `source` if none of its files changed since; None
        otherwise. Stamps go by the blueprint's own path: two folders of blueprints built
        into one output directory each have a `x.yaml` of their own."""
        entry = self.entries.get(os.path.abspath(source))
        if not isinstance(entry, dict):
            return None
        sources, drawings = entry.get("sources"), entry.get("drawings")
        if not isinstance(sources, list) or not isinstance(drawings, list):
            return None  # a stamp of an older arch-draw, say
        seen = observe(Path(str(path)) for path in sources)
        if entry.get("stamp") != stamp(
            (*seen, *observe(map(Path, map(str, drawings)))), self.settings
        ):
            return None
        return Known(str(entry.get("inputs", "")), seen)

    def remember(
        self, source: Path, inputs: str, sources: Observed, drawings: Iterable[Path]
    ) -> None:
        """Stamp blueprint `source` as current with fingerprint `inputs`: its sources as they were
        observed *before* that fingerprint was taken (an edit saved while the drawing was
        made then changes the stamp, and the next build looks again), its drawings as
        they are now, just written."""
        drawn = observe(drawings)
        self.entries[os.path.abspath(source)] = {
            "inputs": inputs,
            "sources": [path for path, _seen in sources],
            "drawings": [path for path, _seen in drawn],
            "stamp": stamp((*sources, *drawn), self.settings),
        }

    def save(self) -> None:
        from ..files import write_atomically

        # Only a shortcut: without it, the next build checks everything.
        with contextlib.suppress(OSError):
            write_atomically(self.path, json.dumps(self.entries).encode("utf-8"))


def load_stamps(output_dir: Path, settings: Mapping[str, object]) -> Stamps:
    path = cache_root() / "build-stamps" / f"{key_of(output_dir)}.json"
    try:
        entries = json.loads(read_regular(path))
    except (OSError, ValueError):
        entries = {}
    return Stamps(path, entries if isinstance(entries, dict) else {}, settings)
