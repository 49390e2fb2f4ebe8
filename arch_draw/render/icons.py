"""The icons of a drawing: which image each node shows, and the images' bytes.

Bundled icons are named by their path in the icon set (`aws/compute/ec2.png`). A node's
own icon (PNG, or SVG rasterised) is named by a hash of its content
(`custom/1f2e...png`): the DOT then holds no path of this machine, and the same image
gives the same name everywhere.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .. import images
from ..cache import cache_root
from ..catalog import Catalog
from ..colors import on_dark
from ..errors import RenderError
from ..files import read_regular, write_atomically
from ..kinds import GROUP_KINDS
from ..model import Blueprint, Node
from . import styles

OWN_ICONS = Path(__file__).resolve().parent / "icons"
CUSTOM = "custom/"
# Before an icon's name: the icon faded, in a drawing of changes. The name says how much,
# as the icons prepared for PNG are kept between runs by name.
FADED = f"faded-{round(styles.FADED_SHARE * 100)}/"
# Before an icon's name: the icon's ink turned light (colors.on_dark), in a dark drawing.
# The number names the way it is turned, as the icons prepared for PNG are kept by name.
DARK = "dark-1/"
PNG_DPI = 96  # Graphviz's resolution for PNG
# The largest size an icon is drawn at in a PNG, in pixels: node icons (group icons are
# smaller still). Icons prepared at this size look the same in the PNG as the 256-pixel
# originals, and cairo no longer scales every original down on every drawing, which
# took a fifth of the time of a PNG.
DRAWN_PIXELS = math.ceil(styles.ICON_SIZE * PNG_DPI / 72)


@dataclass(frozen=True)
class Icons:
    by_node: dict[str, str]  # node id -> icon name
    custom: dict[str, bytes]  # icon name -> PNG, for the nodes' own icons
    bundled_dirs: tuple[Path, ...]  # where the bundled icons are found, first one wins
    icon_set: str  # names the bundled icons' version, for the cache of prepared ones
    # The icons drawn in ink (images.is_ink) that a dark drawing shows turned light, as
    # DARK + their name (render.dot names them so in the DOT it paints dark).
    dark: frozenset[str] = frozenset()

    def names(self, blueprint: Blueprint) -> list[str]:
        """The name of every icon the drawing shows, as the DOT names it."""
        return sorted(DARK + name if name in self.dark else name for name in self.shown(blueprint))

    def shown(self, blueprint: Blueprint) -> set[str]:
        """Every icon the drawing shows, by its name in a light drawing."""
        groups = {
            shown_icon(icon, group.id in blueprint.kept)
            for group in blueprint.groups
            if (icon := GROUP_KINDS[group.kind].icon)
        }
        return set(self.by_node.values()) | groups

    def inked(self, blueprint: Blueprint) -> frozenset[str]:
        """The icons the drawing shows that are drawn in ink (see images.is_ink)."""
        return frozenset(name for name in self.shown(blueprint) if images.is_ink(self.image(name)))

    def data(self, blueprint: Blueprint) -> dict[str, bytes]:
        """Every icon the drawing shows, as PNG bytes (for embedding in the SVG)."""
        return {name: self.image(name) for name in self.names(blueprint)}

    def image(self, name: str) -> bytes:
        if name in self.custom:
            return self.custom[name]
        if name.startswith(FADED):
            return images.faded_png(self.image(name.removeprefix(FADED)), styles.FADED_SHARE)
        if name.startswith(DARK):
            return images.repainted_png(self.image(name.removeprefix(DARK)), on_dark)
        for folder in self.bundled_dirs:
            if (folder / name).is_file():
                return (folder / name).read_bytes()
        raise RenderError(f"icon file '{name}' is missing from the installation")


def icons_of(blueprint: Blueprint, catalog: Catalog) -> Icons:
    by_node: dict[str, str] = {}
    custom: dict[str, bytes] = {}
    for node in blueprint.nodes:
        if node.icon is not None:
            name, png = _custom_icon(node)
            custom[name] = png
            by_node[node.id] = name
        elif node.type is not None:
            by_node[node.id] = catalog.types[node.type].icon
    return Icons(by_node, custom, (catalog.icon_root, OWN_ICONS), f"diagrams-{catalog.version}")


def shown_icon(name: str, kept: bool) -> str:
    """The icon an element shows: faded when a drawing of changes keeps the element."""
    return FADED + name if kept else name


def with_faded(icons: Icons, blueprint: Blueprint) -> Icons:
    """The icons of a drawing of changes: the nodes it keeps unchanged show theirs faded
    (groups name their faded icons themselves, see render.dot), and the faded icons are
    made with the nodes' own icons, for Graphviz to find them beside those."""
    if blueprint.changes is None:
        return icons
    by_node = {
        node: shown_icon(name, node in blueprint.kept) for node, name in icons.by_node.items()
    }
    shown = dataclasses.replace(icons, by_node=by_node)
    made = {name: icons.image(name) for name in shown.names(blueprint) if name.startswith(FADED)}
    return dataclasses.replace(shown, custom={**icons.custom, **made})


def with_dark_ink(icons: Icons, blueprint: Blueprint) -> Icons:
    """The icons of a dark drawing: those drawn in ink turned light, made with the nodes'
    own icons, for Graphviz to find them beside those."""
    dark = icons.inked(blueprint)
    made = {DARK + name: icons.image(DARK + name) for name in sorted(dark)}
    return dataclasses.replace(icons, custom={**icons.custom, **made}, dark=dark)


def _custom_icon(node: Node) -> tuple[str, bytes]:
    assert node.icon is not None  # the caller checked
    # Validation read and checked the file; it may have changed since.
    try:
        from .fonts import first_installed  # here: fonts reaches Graphviz, which needs icons

        data = read_regular(node.icon, images.MAX_ICON_BYTES + 1)
        png = images.icon_png(data, font=first_installed(tuple(styles.FONT.split(","))))
    except (OSError, images.ImageError) as error:
        raise RenderError(
            f"icon '{node.icon.name}' of node '{node.id}' cannot be drawn: {error}"
        ) from None
    return f"{CUSTOM}{hashlib.sha256(png).hexdigest()[:16]}.png", png


def write_custom(custom: Mapping[str, bytes], folder: Path) -> None:
    """Put the nodes' own icons where Graphviz will look for them."""
    for name, png in custom.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(png)


def prepared_for_png(icons: Icons, blueprint: Blueprint) -> Path:
    """A folder with every icon of the drawing at about the size a PNG draws it, kept
    between runs (see arch_draw.cache) and made when missing."""
    folder = cache_root() / f"icons-{DRAWN_PIXELS}px-{_PREPARED_FORMAT}" / icons.icon_set
    for name in icons.names(blueprint):
        target = folder / name
        if not target.is_file():
            # Parallel builds may prepare the same icon at once: each renames a whole file.
            write_atomically(target, _prepared(icons.image(name)))
    return folder


# Names the way icons are prepared, in the cache's folder name: icons prepared another
# way before (at a size of another shape, say) are not taken for these.
_PREPARED_FORMAT = "v2"


def _prepared(png: bytes) -> bytes:
    """The icon at the smallest size, at least DRAWN_PIXELS on its longer side, with
    exactly its shape (the original, if no smaller size has it).

    Graphviz fits an icon into its cell by the image's proportions, so a copy whose
    rounded size had other proportions (a 256 x 174 icon at 86 x 58) was drawn a
    fraction of a point smaller in the same layout, and an SVG drawn beside a PNG came
    out different from one drawn alone."""
    width, height = images.png_size(png)
    common = math.gcd(width, height)
    step_width, step_height = width // common, height // common
    steps = math.ceil(DRAWN_PIXELS / max(step_width, step_height))
    if steps * max(step_width, step_height) >= max(width, height):
        return png
    return images.scale_png(png, steps * step_width, steps * step_height)
