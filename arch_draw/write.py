"""Stage 6: make the SVG self-contained and write every drawing atomically.

SVG: Graphviz refers to icons by file name. Each distinct icon is stored once, as a
`<symbol>` holding the PNG as a data URI, and every place it is drawn becomes a `<use>`
of that symbol. Symbol ids come from icon names, so the output stays deterministic.

Files: each is written to a temporary file beside its target, flushed to disk, then
renamed over the target, so a reader (or a crash) sees the old file or the new one,
never half of one. A file whose content would not change is not touched at all.
"""

from __future__ import annotations

import base64
import contextlib
import html
import os
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from . import images
from .cache import cache_root, key_of
from .errors import OutputError, RenderError, UsageError
from .files import led_out_problem, read_regular, write_atomically
from .isolate import is_running

_IMAGE = re.compile(rb"<image ([^>]*?)\s*/>")
_ATTRIBUTE = re.compile(rb'([\w:-]+)="([^"]*)"')
_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def embed_icons(
    svg: bytes, icons: Mapping[str, bytes], dark_icons: Mapping[str, bytes] | None = None
) -> bytes:
    """The SVG with every `<image>` of an icon file replaced by a use of an embedded symbol.
    An icon in `dark_icons` (theme `auto`) is used twice: its light image, and its dark
    one hidden, which follows_reader's rules show instead when dark. (Rules reach the
    uses; the images inside a symbol they would only reach unscoped.)"""
    dark = dark_icons or {}
    symbols: dict[tuple[str, bool], bytes] = {}  # (icon name, dark) -> its symbol

    def to_use(match: re.Match[bytes]) -> bytes:
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        name = html.unescape(attributes.pop(b"xlink:href", b"").decode("utf-8"))
        if name not in icons:
            raise RenderError(f"the SVG refers to an unknown image '{name}'")
        symbol_id = _symbol_id(name)
        if (name, False) not in symbols:
            symbols[name, False] = _symbol(name, symbol_id, icons[name])
        attributes.pop(b"preserveAspectRatio", None)
        kept = b"".join(b' %s="%s"' % item for item in attributes.items())
        if name not in dark:
            return b'<use xlink:href="#%s"%s/>' % (symbol_id.encode(), kept)
        dark_id = symbol_id + "-dark"
        if (name, True) not in symbols:
            symbols[name, True] = _symbol(name, dark_id, dark[name])
        light_use = b'<use xlink:href="#%s" class="%s"%s/>' % (symbol_id.encode(), _LIGHT, kept)
        dark_use = b'<use xlink:href="#%s" class="%s" display="none"%s/>'
        return light_use + dark_use % (dark_id.encode(), _DARK, kept)

    body = _IMAGE.sub(to_use, svg)
    if not symbols:
        return body
    definitions = b"".join(symbols[key] for key in sorted(symbols))
    opening = _svg_opening(body)
    return body[: opening.end()] + b"\n<defs>\n" + definitions + b"</defs>" + body[opening.end() :]


def _svg_opening(svg: bytes) -> re.Match[bytes]:
    """The SVG's opening `<svg ...>` tag, where what it holds begins."""
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise RenderError("Graphviz wrote an SVG without an <svg> element")
    return opening


def _symbol_id(name: str) -> str:
    stem = name.rsplit(".", 1)[0]
    return "icon-" + re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower()


def _symbol(name: str, symbol_id: str, png: bytes) -> bytes:
    if images.kind_of(png) != "png":
        raise RenderError(f"icon '{name}' is not a PNG image")
    width, height = images.png_size(png)
    uri = b"data:image/png;base64," + base64.b64encode(png)
    return (
        b'<symbol id="%s" viewBox="0 0 %d %d" preserveAspectRatio="xMinYMin meet">'
        b'<image width="%d" height="%d" xlink:href="%s"/></symbol>\n'
        % (symbol_id.encode(), width, height, width, height, uri)
    )


# Theme `auto`: the icons drawn in ink have a light and a dark image each.
_LIGHT, _DARK = b"arch-draw-light", b"arch-draw-dark"
_PAINTED = re.compile(rb'\b(fill|stroke)="([^"]*)"')
_SCOPE = b"arch-draw"  # the SVG's class: its rules apply inside it only, where inlined


def follows_reader(svg: bytes, when_dark: str) -> bytes:
    """The SVG of theme `auto`: light, with rules that turn it dark `when_dark` (see
    themes.READER_DARK and MATERIAL_DARK): every colour it uses turned by
    colors.on_dark, as the PNG of theme `dark` is painted, and the icons drawn in ink
    shown in their light version. A rule beats an attribute, so nothing else changes;
    a viewer without CSS shows the light drawing."""
    from .colors import on_dark

    used = sorted(set(_PAINTED.findall(svg)))
    turned = [(key, value, on_dark(value.decode()).encode()) for key, value in used]
    rules = [
        b'[%s="%s"]{%s:%s}' % (k, v, k, dark) for k, v, dark in turned if dark.lower() != v.lower()
    ]
    rules += [b".%s{display:none}" % _LIGHT, b".%s{display:inline}" % _DARK]
    condition = when_dark.encode()
    if condition.startswith(b"@media"):
        scoped = b"".join(b".%s %s" % (_SCOPE, rule) for rule in rules)
        style = b"%s{%s}" % (condition, scoped)
    else:
        style = b"".join(b"%s .%s %s" % (condition, _SCOPE, rule) for rule in rules)
    opening = _svg_opening(svg)
    tag = opening.group(0).replace(b"<svg ", b'<svg class="%s" ' % _SCOPE, 1)
    return svg[: opening.start()] + tag + b"\n<style>" + style + b"</style>" + svg[opening.end() :]


def check_output_dir(output_dir: Path) -> None:
    """Refuse a relative output directory that a symlink leads out of the current one
    (see files.led_out); name it by its absolute path to write there on purpose."""
    problem = led_out_problem(output_dir, "this output directory", "write there")
    if problem:
        raise UsageError(f"{output_dir}: {problem}")


def write_files(files: Mapping[Path, bytes]) -> list[Path]:
    """Write every file atomically; return the ones whose content changed."""
    changed = []
    for path, data in files.items():
        if _has_content(path, data):
            continue
        try:
            write_atomically(path, data)
        except OSError as error:
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from error
        changed.append(path)
    return changed


def _has_content(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and read_regular(path, len(data) + 1) == data
    except OSError:  # missing, or not a regular file: to be replaced
        return False


# Temporary files are `.NAME.PID.XXXXXXXX.tmp`: the process writing them, then mkstemp's
# random part.
_LEFTOVER = re.compile(r"\..+\.(?P<pid>[0-9]+)\.[a-z0-9_]{8}\.tmp")


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the temporary files of writes that were killed halfway (`kill -9`, power
    loss): complete drawings were never among them, only their unfinished copies.

    Only those of processes that are gone: another build or render writing into the same
    folder has its temporaries there too, about to be renamed into place."""
    removed = []
    for path in folder.glob(".*.tmp") if folder.is_dir() else ():
        match = _LEFTOVER.fullmatch(path.name)
        if match and not is_running(int(match["pid"])) and path.is_file():
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


@contextlib.contextmanager
def locked(folder: Path, waiting: Callable[[], None]) -> Iterator[None]:
    """Hold `folder` against every other process that locks it, waiting for them if
    need be (`waiting` is called first). The lock is a file in the user's cache, so the
    folder itself need not exist, and gets nothing of arch-draw's in it. It goes with
    the process that holds it: one killed leaves none behind. Where the system has no
    `flock` (Windows), or there is no cache to keep it in, nothing is held."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    path = cache_root() / "locks" / f"{key_of(folder)}.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError:
        yield
        return
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # and with it the lock
