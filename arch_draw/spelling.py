"""Did-you-mean suggestions for misspelt keys, ids, kinds and node types.

Closeness is the edit distance with transpositions (optimal string alignment): typing
`lable` for `label` or `rsd` for `rds` is one slip, as a person would count it.
"""

from __future__ import annotations

from collections.abc import Iterable


def close_matches(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates a few slips away from `word` (case-insensitive), closest first."""
    typed = word.lower()
    allowed = min(3, max(1, (len(typed) + 1) // 3))
    scored: list[tuple[int, int, str]] = []
    for candidate in candidates:
        length_gap = abs(len(candidate) - len(typed))
        if length_gap > allowed:
            continue
        distance = edit_distance(typed, candidate.lower(), allowed)
        if distance <= allowed:
            scored.append((distance, length_gap, candidate))
    return [candidate for _distance, _gap, candidate in sorted(scored)[:limit]]


def edit_distance(first: str, second: str, bound: int | None = None) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours turning one into the other.

    With `bound`, gives up as soon as the distance must exceed it (returning bound + 1):
    most catalogue names are far from a typo, and this keeps suggestions instant.
    """
    before_previous: list[int] = []
    previous = list(range(len(second) + 1))
    for i, first_char in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, second_char in enumerate(second, start=1):
            cost = first_char != second_char
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            swapped = (
                i > 1 and j > 1 and first_char == second[j - 2] and first[i - 2] == second_char
            )
            if swapped:
                current[j] = min(current[j], before_previous[j - 2] + 1)
        before_previous, previous = previous, current
        if bound is not None and min(current) > bound:
            return bound + 1
    return previous[-1]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' or '' when nothing is close."""
    matches = close_matches(word, candidates)
    if not matches:
        return ""
    return " (did you mean " + " or ".join(f"'{match}'" for match in matches) + "?)"
