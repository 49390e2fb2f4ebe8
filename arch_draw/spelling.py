"""Did-you-mean suggestions for misspelt keys, ids, kinds and node types.

Closeness is the edit distance with transpositions (optimal string alignment): typing
`lable` for `label` or `rsd` for `rds` is one slip, as a person would count it.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterable, Iterator, Sequence


def close_matches(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates a few slips away from `word` (case-insensitive), closest first.

    The work is bounded: within one `bounded()` block (a blueprint's checks), once the
    comparisons have cost their budget, no more suggestions are made. A blueprint with
    thousands of ids and hundreds of unknown references took minutes otherwise."""
    typed = word.lower()
    allowed = min(3, max(1, (len(typed) + 1) // 3))
    scored: list[tuple[int, int, str]] = []
    budget = _BUDGET.get()
    if budget is not None and budget[0] <= 0:
        return []
    for candidate in candidates:
        if budget is not None:  # every candidate looked at costs, compared or not
            budget[0] -= 1
        length_gap = abs(len(candidate) - len(typed))
        if length_gap > allowed:
            continue
        if budget is not None:
            budget[0] -= len(typed)
            if budget[0] < 0:
                return []
        distance = edit_distance(typed, candidate.lower(), allowed)
        if distance <= allowed:
            scored.append((distance, length_gap, candidate))
    return [candidate for _distance, _gap, candidate in sorted(scored)[:limit]]


# What suggestions may cost in one `bounded()` block, in characters compared (each of
# about seven table cells): a fraction of a second.
SUGGESTION_BUDGET = 150_000
_BUDGET: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "suggestion_budget", default=None
)


@contextlib.contextmanager
def bounded(budget: int = SUGGESTION_BUDGET) -> Iterator[None]:
    """Suggestions made inside share `budget` (see close_matches); inside another such
    block, they share that block's."""
    if _BUDGET.get() is not None:
        yield
        return
    token = _BUDGET.set([budget])
    try:
        yield
    finally:
        _BUDGET.reset(token)


def edit_distance(first: str, second: str, bound: int | None = None) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours turning one into the other.

    With `bound`, only the cells within `bound` of the table's diagonal are computed (no
    others can hold a distance within it) and the answer is at most bound + 1: the cost
    is the length of the words times the bound, whatever their length."""
    limit = max(len(first), len(second)) if bound is None else bound
    beyond = limit + 1
    if abs(len(first) - len(second)) > limit:
        return beyond
    width = 2 * limit + 1  # row i holds columns i - limit .. i + limit

    def at(row: list[int], i: int, j: int) -> int:
        return row[j - i + limit] if 0 <= j <= len(second) and abs(j - i) <= limit else beyond

    previous = [j - limit if 0 <= j - limit <= len(second) else beyond for j in range(width)]
    before_previous = [beyond] * width
    for i, first_char in enumerate(first, start=1):
        current = [beyond] * width
        for j in range(max(0, i - limit), min(len(second), i + limit) + 1):
            if j == 0:
                value = i
            else:
                cost = first_char != second[j - 1]
                value = min(
                    at(previous, i - 1, j) + 1,
                    at(current, i, j - 1) + 1,
                    at(previous, i - 1, j - 1) + cost,
                )
                if _swapped(first, second, i, j):
                    value = min(value, at(before_previous, i - 2, j - 2) + 1)
            current[j - i + limit] = min(value, beyond)
        if bound is not None and min(current) > bound:
            return beyond
        before_previous, previous = previous, current
    return at(previous, len(first), len(second))


def _swapped(first: str, second: str, i: int, j: int) -> bool:
    """Whether the last two characters of first[:i] are those of second[:j], swapped."""
    return i > 1 and j > 1 and first[i - 1] == second[j - 2] and first[i - 2] == second[j - 1]


WORD_BREAKS = re.compile(r"[\s_-]+")  # what `compact` leaves out


def compact(text: str) -> str:
    """`Load-Balancer`, `load balancer` -> `loadbalancer`: how names people write are
    compared with names a program knows."""
    return WORD_BREAKS.sub("", text.lower())


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' or '' when nothing is close."""
    return offered(close_matches(word, candidates))


def offered(matches: Sequence[str]) -> str:
    """' (did you mean 'x' or 'y'?)' for names already chosen, or '' for none."""
    if not matches:
        return ""
    return " (did you mean " + " or ".join(f"'{match}'" for match in matches) + "?)"
