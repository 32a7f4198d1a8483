""" "Did you mean ...?": the nearest known word to a typo.

Nearness is the edit distance that counts a swapped pair of neighbouring letters as one
edit (the commonest slip: "rpes" is one edit from "reps" and two from "rest").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def edit_distance(a: str, b: str) -> int:
    """Insertions, deletions, substitutions and adjacent swaps turning `a` into `b`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known word nearest to `word`, or None when none is near enough to suggest."""
    options = list(known)
    if not options:
        return None
    limit = max(1, len(word) // 4)
    ranked = sorted((edit_distance(word.lower(), option.lower()), option) for option in options)
    distance, best = ranked[0]
    if distance <= limit:
        return best
    fallback = difflib.get_close_matches(word, options, n=1)
    return fallback[0] if fallback else None
