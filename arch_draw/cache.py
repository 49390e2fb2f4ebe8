"""Where arch-draw keeps what it can reuse between runs (prepared icons, build stamps):
ARCH_DRAW_CACHE if set, else the user's cache directory. Losing it costs time only."""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from .files import resolved


def cache_root() -> Path:
    explicit = os.environ.get("ARCH_DRAW_CACHE")
    user_cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(explicit) if explicit else Path(user_cache) / "arch-draw"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return folder
    except OSError:  # nowhere to keep things: a folder for this run only
        return _for_this_run()


@functools.cache
def _for_this_run() -> Path:
    """One folder per process, removed when it ends (one per call was left behind)."""
    folder = Path(tempfile.mkdtemp(prefix="arch-draw-cache-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def key_of(folder: Path) -> str:
    """A name for what the cache keeps about `folder` (an output directory), the same
    for every way of writing its path."""
    path = str(resolved(folder)).encode("utf-8", "surrogateescape")
    return hashlib.sha256(path).hexdigest()[:32]
