from __future__ import annotations

import base64
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from arch_draw.errors import OutputError, RenderError
from arch_draw.write import embed_icons, remove_leftovers, write_files

ICON = base64.b64decode(  # 2 x 3 pixels of orange
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAYAAAC56t6BAAAAFklEQVR4nGP8P5PhPwMDAwMTAxTAGQBALAKdUBYRqgAAAABJRU5ErkJggg=="
)
SVG = (
    b'<?xml version="1.0"?>\n<svg width="10pt" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
    b'<image xlink:href="aws/a.png" width="64px" height="64px" '
    b'preserveAspectRatio="xMinYMin meet" x="1" y="-2"/>\n'
    b'<image xlink:href="aws/a.png" width="24px" height="24px" '
    b'preserveAspectRatio="xMinYMin meet" x="3" y="-4"/>\n'
    b"</svg>\n"
)


def test_each_icon_is_embedded_once_and_used_everywhere() -> None:
    embedded = embed_icons(SVG, {"aws/a.png": ICON}).decode()
    uri = "data:image/png;base64," + base64.b64encode(ICON).decode()
    assert embedded == (
        '<?xml version="1.0"?>\n<svg width="10pt" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
        "<defs>\n"
        '<symbol id="icon-aws-a" viewBox="0 0 2 3" preserveAspectRatio="xMinYMin meet">'
        f'<image width="2" height="3" xlink:href="{uri}"/></symbol>\n'
        "</defs>\n"
        '<use xlink:href="#icon-aws-a" width="64px" height="64px" x="1" y="-2"/>\n'
        '<use xlink:href="#icon-aws-a" width="24px" height="24px" x="3" y="-4"/>\n'
        "</svg>\n"
    )


def test_an_unknown_image_is_an_error() -> None:
    with pytest.raises(RenderError) as caught:
        embed_icons(SVG, {})
    assert str(caught.value) == "the SVG refers to an unknown image 'aws/a.png'"


def test_icons_must_be_png() -> None:
    with pytest.raises(RenderError) as caught:
        embed_icons(SVG, {"aws/a.png": b"<svg/>"})
    assert str(caught.value) == "icon 'aws/a.png' is not a PNG image"


def test_files_are_written_and_unchanged_ones_left_alone(tmp_path: Path) -> None:
    first, second = tmp_path / "out" / "a.svg", tmp_path / "out" / "a.png"
    assert write_files({first: b"one", second: b"two"}) == [first, second]
    stat_before = first.stat()
    assert write_files({first: b"one", second: b"TWO"}) == [second]
    assert first.stat().st_mtime_ns == stat_before.st_mtime_ns
    assert first.stat().st_ino == stat_before.st_ino
    assert second.read_bytes() == b"TWO"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.png", "a.svg"]
    assert oct(first.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path: Path) -> None:
    target = tmp_path / "a.png"
    target.write_bytes(b"old drawing")
    # A file-size limit makes the write fail the way a full disk does, even for root.
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        from pathlib import Path
        from arch_draw.errors import OutputError
        from arch_draw.write import write_files
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_files({{Path({str(target)!r}): b"new" * 10000}})
        except OutputError as error:
            print(error)
            sys.exit(3)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 3, result.stderr
    assert result.stdout == f"cannot write {target}: File too large\n"
    assert target.read_bytes() == b"old drawing"
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]


def test_writing_over_a_directory_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "a.png").mkdir()
    with pytest.raises(OutputError) as caught:
        write_files({tmp_path / "a.png": b"x"})
    assert str(caught.value) == f"cannot write {tmp_path / 'a.png'}: Is a directory"
    assert [p.name for p in tmp_path.iterdir()] == ["a.png"]


def test_a_symlink_at_a_drawing_name_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.svg"
    outside.write_text("not arch-draw's to change")
    output = tmp_path / "output"
    output.mkdir()
    (output / "x.svg").symlink_to(outside)
    assert write_files({output / "x.svg": b"<svg/>"}) == [output / "x.svg"]
    assert outside.read_text() == "not arch-draw's to change"
    assert not (output / "x.svg").is_symlink()
    assert (output / "x.svg").read_bytes() == b"<svg/>"


def test_only_temporaries_of_ended_processes_are_removed(tmp_path: Path) -> None:
    # Every build deleted every temporary in the output directory, another build's
    # in-flight ones too: about one run in ten of concurrent builds failed to write.
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    zombie = os.fork()
    if zombie == 0:  # pragma: no cover - ends at once, and is not reaped until below
        os._exit(0)
    try:
        while Path(f"/proc/{zombie}/stat").read_bytes().rpartition(b")")[2].split()[0] != b"Z":
            pass
        names = {
            "mine": f".a.svg.{os.getpid()}.abcd1234.tmp",
            "ended": f".b.svg.{ended.stdout.strip()}.abcd1234.tmp",
            "zombie": f".c.svg.{zombie}.abcd1234.tmp",
            "no pid": ".d.svg.0.abcd1234.tmp",
            "not ours": ".e.svg.tmp",
        }
        for name in names.values():
            (tmp_path / name).write_text("half a drawing")
        removed = remove_leftovers(tmp_path)
    finally:
        os.waitpid(zombie, 0)
    assert sorted(path.name for path in removed) == sorted(
        names[key] for key in ("ended", "zombie", "no pid")
    )
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        names[key] for key in ("mine", "not ours")
    )
