"""How things look: group kinds after the AWS Architecture Icons group guidelines,
and the sizes and colours of nodes, edges, notes and the title.

Node, edge and graph defaults start from the ones `diagrams` uses, so drawings look
like `diagrams` drawings; the margins are tighter (for embedding in documents) and the
edges curve, because Graphviz cannot place edge labels on orthogonal edges.
"""

from __future__ import annotations

# Noto Sans CJK covers Latin and Hangul in one design; the rest are fallbacks, in
# Graphviz (through fontconfig) and in browsers, which read SVG font-family as CSS.
FONT = "Noto Sans CJK KR,Noto Sans,DejaVu Sans,Helvetica,Arial,sans-serif"
INK = "#232F3E"  # AWS "squid ink": text and the AWS Cloud border
MUTED_INK = "#545B64"


GRAPH = {
    "compound": "true",  # edges may end at a group's border (lhead/ltail)
    "splines": "spline",
    "nodesep": "0.5",
    # Tighter than `diagrams`' 0.75 between ranks. Measured on every shipped blueprint,
    # fixture and example (benchmark 7) with groups' margins of 9 points: 0.45 leaves
    # every defect as at 0.6 and takes 3 % of the canvas off (users-over-1k 25.8 to 25.5
    # icon squares a node); below it, little more (0.25: 26.0 on average, against 26.5).
    "ranksep": "0.45",
    "pad": "0.25",
    "fontname": FONT,  # groups inherit the font and label placement from here
    "fontsize": "12",
    "fontcolor": INK,
    "labelloc": "t",
    "labeljust": "l",
    "outputorder": "edgesfirst",  # lines pass under icons, never over them
    # No bgcolor: the canvas is white anyway, and a graph's bgcolor is inherited by every
    # group, whose boxes cairo would then fill one by one (a quarter of the PNG time).
}

# A node is a borderless table: its icon in one cell, its label in the row below. Graphviz
# then knows the label's real size (no overlaps, no "size too small" warnings), and edges
# end at the icon's cell rather than at the label.
NODE = {
    "shape": "plain",
    "fontname": FONT,
    "fontsize": "12",
    "fontcolor": INK,
}

EDGE = {
    "color": "#7B8894",
    "fontname": FONT,
    "fontsize": "11",
    "fontcolor": MUTED_INK,
    "arrowsize": "0.8",
    # Labels at an edge's start and end (taillabel, headlabel): a little smaller, set off
    # from the icon.
    "labelfontname": FONT,
    "labelfontsize": "10",
    "labelfontcolor": MUTED_INK,
    "labeldistance": "2",
    "labelangle": "-45",
}

# Margins inside groups, in points: measured from 6 to 14 on every shipped blueprint,
# fixture and example, 9 gave the fewest defects (a crossing less on users-over-100k and
# on users-over-10k than 14) and a tenth less canvas; 8 and below brought crossings back.
GROUP = {"penwidth": "1.5", "margin": "9"}

NOTE = {
    "shape": "note",
    "style": "filled",
    "fillcolor": "#FFF7D6",
    "color": "#C8B568",
    "fontsize": "11",
    "margin": "0.12,0.08",
}
NOTE_LINK = {"style": "dotted", "dir": "none", "color": "#C8B568"}
# Callouts: a numbered disc on the element, the note's text in a list under the title.
CALLOUT_COLOR = INK
CALLOUT_SIZE = 18  # points, the disc's diameter
CALLOUT_FONT_SIZE = 10
CALLOUT_WIDTH = 60  # columns before a callout's text wraps, before a layout tells the width
# Once it does, each text wraps at its column's width (render.dot.callout_shape), counted
# as CALLOUT_TEXT_WIDTH is (CALLOUT_WIDTH columns in it), and at no more than this many
# columns: a line a reader takes in at a glance.
CALLOUT_LONGEST_LINE = 90  # columns of text (labels.display_width)
# What a column of the notes' box takes besides its text, in points: the cell's padding
# and a gap as wide again, so that two notes side by side read as two.
LEGEND_COLUMN_SPACING = 16
# The notes' box: its border, and the padding inside each cell (Graphviz counts it in
# the cell's WIDTH), in points.
LEGEND_BORDER = 1
LEGEND_PADDING = 4
# Each callout's text in the list is this wide, in points: 60 columns of the shipped
# blueprints' texts, English and Korean, measured at most 335 by Graphviz.
CALLOUT_TEXT_WIDTH = 340
# A column of the list: the marker's cell (the marker and its padding), the text's, and
# the spacing after each; and what the list takes besides its columns (the spacing
# before the first, the title table's and the graph label's margins).
CALLOUT_COLUMN = CALLOUT_TEXT_WIDTH + 22 + 2 * 4
CALLOUT_LIST_SPACING = 16
CALLOUTS_IN_ONE_COLUMN = 4  # before a layout tells the width: more are listed in two
EMPTY_GROUP_NODE = {"shape": "box", "style": "invis", "width": "1", "height": "0.5", "label": ""}

ICON_SIZE = 64  # points; `diagrams` draws 1.4 inches (101 points), too large for documents
# A drawing of changes (render --changes): what a blueprint inherits unchanged keeps this
# share of its colour, and its icons this share of their opacity; what it adds or
# changes is drawn in full. Light enough to read as background, dark enough to read.
FADED_SHARE = 0.35
CHANGES_SIZE = 12  # the line that says what is highlighted, under the caption

NODE_LABEL_WIDTH = 18  # columns before a node label wraps
EDGE_LABEL_WIDTH = 26
GROUP_LABEL_WIDTH = 60
TITLE_WIDTH = 100  # title, caption and legend lines
NOTE_WIDTH = 44
GROUP_ICON_SIZE = 24  # points
GROUP_FONT_SIZE = 12  # a group's label: the graph's font size, which groups inherit
TITLE_SIZE = 20
CAPTION_SIZE = 13
LEGEND_SIZE = 11
