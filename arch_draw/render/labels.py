"""Text from blueprints, made safe and readable as Graphviz HTML-like labels.

Every label is emitted as an HTML-like label (`label=<...>`) with all markup characters
escaped, so no text can add or change nodes, edges or attributes in the DOT, nor
elements in the SVG Graphviz writes from it; and the escapes Graphviz still expands in
such labels (`\\N` becomes the node's name) are kept from it (see `escape`).
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata

# XML 1.0 (which Graphviz's HTML-label parser follows) forbids C0 controls other than
# tab and newline, and the non-characters; C1 controls are dropped as well.
_UNDRAWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def clean(text: str) -> str:
    """Text without characters that cannot be drawn; tabs become spaces."""
    return _UNDRAWABLE.sub("", text.replace("\t", " ").replace("\r\n", "\n"))


def blank(text: str) -> bool:
    """Whether the text draws nothing (Graphviz rejects an empty <FONT>)."""
    return not clean(text).strip()


def escape(text: str) -> str:
    """Text as the content of an HTML-like label, drawn exactly as written.

    Graphviz expands `\\N` to the node's name, `\\G` to the graph's, `\\E`, `\\T`,
    `\\H` and `\\L` to an edge's, its ends and its label, in HTML-like labels too
    (entities do not help: they are decoded first), and draws `\\\\` as one backslash:
    so every backslash is doubled."""
    return html.escape(clean(text), quote=True).replace("\\", "\\\\")


def display_width(text: str) -> int:
    """Columns `text` takes: wide (CJK) characters count two, combining marks none."""
    return sum(_char_width(char) for char in text)


@functools.cache  # a drawing has few distinct characters, each measured many times
def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` columns, breaking at spaces; explicit breaks are kept."""
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        lines.extend(_wrap_paragraph(_SPACES.sub(" ", paragraph).strip(), width))
    return lines


def _wrap_paragraph(paragraph: str, width: int) -> list[str]:
    # Widths are added up as the line grows: measured again for every word, a long
    # paragraph took time quadratic in its length (a third of making the DOT).
    lines: list[str] = []
    current, current_width = "", 0
    for word in paragraph.split(" "):
        for piece in _split_long(word, width):
            piece_width = display_width(piece)
            if current and current_width + 1 + piece_width > width:
                lines.append(current)
                current, current_width = piece, piece_width
            elif current:
                current, current_width = f"{current} {piece}", current_width + 1 + piece_width
            else:
                current, current_width = piece, piece_width
    lines.append(current)
    return lines


def _split_long(word: str, width: int) -> list[str]:
    """A word wider than a line, cut into line-wide pieces (text without spaces, URLs)."""
    if 2 * len(word) <= width:  # fits even if every character is wide: most words
        return [word]
    pieces: list[str] = []
    current, current_width = "", 0
    for char in word:
        char_width = _char_width(char)
        if current and current_width + char_width > width:
            pieces.append(current)
            current, current_width = "", 0
        current += char
        current_width += char_width
    pieces.append(current)
    return pieces


def html_lines(lines: list[str], align: str = "") -> str:
    """Escaped lines joined by HTML-label line breaks (aligned left, right or centred)."""
    separator = f'<BR ALIGN="{align}"/>' if align else "<BR/>"
    tail = separator if align else ""  # an aligned break also aligns the line before it
    return separator.join(escape(line) for line in lines) + tail
