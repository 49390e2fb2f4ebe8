"""Reading the files arch-draw is pointed at: regular files only, and never more than
asked for; and writing files whole (`write_atomically`), for every stage that writes.

Blueprints, bases, icons, Markdown `src=` files, and the build's record all come from
trees other people can change. A named pipe there would block a plain `open()` forever
(opening one waits for a writer), and a device could be read without end. So every such
file is opened without blocking, checked to be a regular file on the open descriptor
(no race between a check and the open), and read up to a bound.
"""

from __future__ import annotations

import os
import stat
import tempfile
import unicodedata
from pathlib import Path

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


class NotRegularFile(OSError):
    """The path names something other than a regular file; `kind` says what."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"is {kind}, not a regular file")
        self.kind = kind


def read_regular(path: os.PathLike[str] | str, most: int | None = None) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), at most `most` of
    them; NotRegularFile for a directory, pipe, device or socket; OSError otherwise."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    descriptor = os.open(path, flags)  # a directory opens too (EISDIR is for writing)
    try:
        # Checked before os.fdopen, which would refuse a directory with its own error.
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(next((kind for test, kind in _KINDS if test(mode)), "special"))
        os.set_blocking(descriptor, True)
        handle = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with handle:
        return handle.read() if most is None else handle.read(most)


def has_control_characters(text: str) -> bool:
    """Text written as a path that no file can have: the system refuses NUL in a path
    outright (Python raises ValueError), and other control characters only ever come
    from a mistake or an attack."""
    return any(unicodedata.category(char) == "Cc" for char in text)


def resolved(path: os.PathLike[str] | str) -> Path:
    """`path` absolute, with the symlinks on it followed as far as they lead.

    Path.resolve() raises RuntimeError on a loop of symlinks (a pull request can commit
    `a -> b`, `b -> a`), and that would be an internal error; a loop stays unresolved
    here, and opening the path then fails with the system's own "too many levels of
    symbolic links"."""
    return Path(os.path.realpath(path))


def led_out(path: Path) -> Path | None:
    """Where a symlink takes the relative `path` out of the current directory; None if
    it stays inside (or is absolute: an absolute path is the user's own choice).

    A relative path, like the default `blueprints` and `output`, lies in the checkout,
    which a pull request can change: it could make one a symlink to a home or system
    folder, and arch-draw would read (and quote) or write files there."""
    if path.is_absolute():
        return None
    here = Path.cwd()  # getcwd() is already free of symlinks
    as_written = Path(os.path.normpath(here / path))
    followed = resolved(here / path)
    if followed == as_written or followed.is_relative_to(here):
        return None
    return followed


def led_out_problem(path: Path, what: str, use: str) -> str | None:
    """Why `path` is not taken, if led_out refuses it: `what` names it ("this output
    directory"), `use` says what naming it by its absolute path does ("write there")."""
    followed = led_out(path)
    if followed is None:
        return None
    return (
        f"a symlink leads {what} out of the current directory, to {followed};"
        f" give its absolute path to {use} on purpose"
    )


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, flushed to disk, then rename it
    over `path`: a reader or a crash sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    # os.umask can only be read by setting it; put it straight back.
    current = os.umask(0o022)
    os.umask(current)
    return current
