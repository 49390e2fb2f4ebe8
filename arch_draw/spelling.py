"""Did-you-mean suggestions for misspelt keys, ids, kinds and node types."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6


def close_matches(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates most like `word` (case-insensitive), best first, ties alphabetical."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word.lower())
    scored: list[tuple[float, str]] = []
    for candidate in candidates:
        matcher.set_seq1(candidate.lower())
        if matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF:
            score = matcher.ratio()
            if score >= CUTOFF:
                scored.append((-score, candidate))
    return [candidate for _score, candidate in sorted(scored)[:limit]]


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'x'?)' or '' when nothing is close."""
    matches = close_matches(word, candidates)
    if not matches:
        return ""
    return " (did you mean " + " or ".join(f"'{match}'" for match in matches) + "?)"
