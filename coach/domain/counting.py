"""Numbers with their word: "1 rep", "8 reps"."""

from __future__ import annotations


def counted(n: int, word: str) -> str:
    """`n` and `word`, the word plural unless `n` is one: "1 rep", "2 reps", "0 reps"."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
