"""Which characters no installed font can draw, asked of the fontconfig Graphviz uses.

Without a font for a script, Graphviz draws each of its characters as an empty box in
PNG and PDF (SVG leaves text to the viewer); on a machine with no fonts at all, every
character. arch-draw refuses to write such a drawing and says which characters and
which font to install instead.

The question goes to the very fontconfig library Graphviz renders with (the copy inside
the pygraphviz wheel, or the system one), through ctypes: there is no Python binding.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from .graphviz import captured_stderr

_OBJECT_SET_END = None


class _FontSet(ctypes.Structure):
    _fields_ = (("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.c_void_p))


def missing_glyphs(texts: Iterable[str]) -> list[str]:
    """Characters of `texts` that no installed font has, in order of first use.

    Returns nothing when fontconfig cannot be found: then the fonts cannot be checked.
    """
    if _fontconfig() is None:
        return []
    wanted = dict.fromkeys(char for text in texts for char in text if not char.isspace())
    return [char for char in wanted if not _has_font(ord(char))]


# Fonts to install for characters no font has, by the kind of character: (Debian and
# Ubuntu package, Fedora package). Noto covers every script; Debian ships most scripts
# in one package, Fedora one package per script (named after the script).
_CJK_FONTS = ("fonts-noto-cjk", "google-noto-sans-cjk-fonts")
_EMOJI_FONTS = ("fonts-noto-color-emoji", "google-noto-emoji-fonts")
_CJK_SCRIPTS = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "BOPOMOFO", "IDEOGRAPHIC")
_EMOJI_BLOCKS = ((0x2600, 0x27BF), (0x1F000, 0x1FAFF))  # symbols, dingbats, emoji


def font_packages(characters: Iterable[str]) -> tuple[list[str], list[str]]:
    """The font packages that draw `characters`: (Debian/Ubuntu's, Fedora's), each once."""
    found = dict.fromkeys(_font_package(char) for char in characters)
    debian = list(dict.fromkeys(package for package, _fedora in found))
    return debian, list(dict.fromkeys(package for _debian, package in found))


def _font_package(char: str) -> tuple[str, str]:
    if any(low <= ord(char) <= high for low, high in _EMOJI_BLOCKS):
        return _EMOJI_FONTS
    script = unicodedata.name(char, "").split(" ", 1)[0]
    if script.startswith(_CJK_SCRIPTS):
        return _CJK_FONTS
    if script and unicodedata.category(char).startswith("L"):
        return ("fonts-noto-core", f"google-noto-sans-{script.lower()}-fonts")
    return ("fonts-noto-core", "google-noto-sans-fonts")


@functools.cache
def _fontconfig() -> ctypes.CDLL | None:
    path = _bundled_fontconfig() or ctypes.util.find_library("fontconfig")
    if path is None:
        return None
    library = ctypes.CDLL(str(path))
    library.FcInit.restype = ctypes.c_int
    library.FcCharSetCreate.restype = ctypes.c_void_p
    library.FcCharSetAddChar.argtypes = (ctypes.c_void_p, ctypes.c_uint32)
    library.FcCharSetDestroy.argtypes = (ctypes.c_void_p,)
    library.FcPatternCreate.restype = ctypes.c_void_p
    library.FcPatternAddCharSet.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_void_p)
    library.FcPatternAddString.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p)
    library.FcPatternDestroy.argtypes = (ctypes.c_void_p,)
    library.FcObjectSetBuild.restype = ctypes.c_void_p
    library.FcObjectSetBuild.argtypes = (ctypes.c_char_p, ctypes.c_void_p)
    library.FcObjectSetDestroy.argtypes = (ctypes.c_void_p,)
    library.FcFontList.restype = ctypes.POINTER(_FontSet)
    library.FcFontList.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
    library.FcFontSetDestroy.argtypes = (ctypes.POINTER(_FontSet),)
    with captured_stderr():  # fontconfig complains about newer system config files
        library.FcInit()
    return library


def _bundled_fontconfig() -> Path | None:
    """The fontconfig shipped inside the pygraphviz wheel, which is the one it renders with."""
    import pygraphviz

    package_dir = Path(pygraphviz.__file__).resolve().parent
    for libs in (package_dir.parent / "pygraphviz.libs", package_dir / ".dylibs"):
        found = sorted(libs.glob("libfontconfig*")) if libs.is_dir() else []
        if found:
            return found[0]
    return None


@functools.cache
def first_installed(families: tuple[str, ...]) -> str | None:
    """The first of `families` that some installed font has, as fontconfig names it."""
    library = _fontconfig()
    if library is None:
        return None

    def named(family: str) -> Callable[[ctypes.CDLL, int], None]:
        return lambda fc, pattern: fc.FcPatternAddString(pattern, b"family", family.encode())

    return next((family for family in families if _any_font(library, named(family))), None)


@functools.cache
def _has_font(code_point: int) -> bool:
    library = _fontconfig()
    assert library is not None  # missing_glyphs asks only when there is a fontconfig
    charset = library.FcCharSetCreate()
    try:
        library.FcCharSetAddChar(charset, code_point)
        return _any_font(
            library, lambda fc, pattern: fc.FcPatternAddCharSet(pattern, b"charset", charset)
        )
    finally:
        library.FcCharSetDestroy(charset)


def _any_font(library: ctypes.CDLL, describe: Callable[[ctypes.CDLL, int], None]) -> bool:
    """Whether some installed font matches the pattern `describe` fills in."""
    pattern = library.FcPatternCreate()
    objects = library.FcObjectSetBuild(b"family", _OBJECT_SET_END)
    try:
        describe(library, pattern)
        fonts = library.FcFontList(None, pattern, objects)
        count = int(fonts.contents.nfont)
        library.FcFontSetDestroy(fonts)
        return count > 0
    finally:
        library.FcObjectSetDestroy(objects)
        library.FcPatternDestroy(pattern)
