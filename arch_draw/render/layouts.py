"""The ways arch-draw asks Graphviz to lay a drawing out.

Graphviz's result depends on settings a user should not have to know: which ranking it
uses, and how edges drawn against the flow (`constraint: false`: deploys, backups,
alarms) weigh on the ranks. A drawing is laid out in each of CANDIDATES and the one that
reads best by the layout score is drawn (render.render); when Graphviz fails on every
candidate, FALLBACKS are tried in turn, and the first that lays out is drawn. Both
lists are fixed, so one blueprint always gets the same choice.

A layout is written into the DOT itself (render.dot), so the DOT arch-draw writes
reproduces the drawing with any Graphviz.
"""

from __future__ import annotations

from typing import NamedTuple


class Layout(NamedTuple):
    newrank: bool = False  # Graphviz's newer ranking algorithm
    clipped: bool = True  # edges to groups end at the group's border (compound)
    # Edges against the flow: "free" keeps them off the ranks, as written; "ranked" ranks
    # them like any other; "light" ranks them with no weight, so they order the ranks but
    # do not pull their ends together.
    against_flow: str = "free"

    def described(self) -> str:
        parts = ["Graphviz's newer ranking"] if self.newrank else []
        parts += [] if self.clipped else ["edges to groups ending inside them"]
        parts += {
            "free": [],
            "ranked": ["every edge ranked"],
            "light": ["every edge ranked, those against the flow without weight"],
        }[self.against_flow]
        return ", ".join(parts) or "the usual layout"


USUAL = Layout()

# Chosen from measurements of the shipped blueprints and the test fixtures (benchmark 7
# shows the effect): ranking the edges against the flow removed most crossings of the
# large tiers when they left their bands to Graphviz (users-over-100k: 63 to 26); it
# helps some drawings and hurts others, which is why these are candidates and not a
# default. The tiers now place their bands; ranked still takes a crossing off tier 3 and
# the Aurora detail's scaling loop (README: The best of several layouts). Two more were
# tried and dropped:
# - notes off the ranks cut crossings further (users-over-100k: 26 to 15) only by
#   letting Graphviz put notes far from their elements, which the score does not count
#   and the drawing shows at once;
# - Graphviz's newer ranking with every edge ranked won on one test fixture only, and
#   each candidate costs a layout, a JSON drawing and a score (a tenth more time for the
#   shipped drawings).
CANDIDATES = (
    USUAL,
    Layout(against_flow="ranked"),
    Layout(against_flow="light"),
)

# Tried in turn when Graphviz fails on a layout (after every candidate, or after a crash
# in another process). dot's classic ranking fails on some graphs of clusters ("trouble
# in init_rank", dozens of reports in Graphviz's tracker): its newer ranking lays most of
# them out, and edges kept off the ranks are in all the failures seen here. Clipping
# edges at group borders can abort the process (an assertion in compound.c): the
# isolated drawing functions then retry in a new process with the next layout. All of
# these were found by tests/test_fuzz.py.
FALLBACKS = (
    USUAL,
    Layout(newrank=True),
    Layout(newrank=True, clipped=False),
    Layout(newrank=True, against_flow="ranked"),
    Layout(newrank=True, clipped=False, against_flow="ranked"),
)
