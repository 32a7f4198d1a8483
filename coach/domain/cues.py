"""The names of the sound cues, shared by the timeline, the runner and the players."""

from typing import Final, Literal

CueName = Literal[
    "get-ready",
    "go",
    "tick",
    "lift",
    "lower",
    "hold",
    "release",
    "rest",
    "rest-ending",
    "finish",
]

CUE_NAMES: Final[tuple[CueName, ...]] = (
    "get-ready",
    "go",
    "tick",
    "lift",
    "lower",
    "hold",
    "release",
    "rest",
    "rest-ending",
    "finish",
)

MOMENTS: Final[frozenset[CueName]] = frozenset({"go", "rest", "finish"})
"""The cues that change what the person does: start moving, stop and rest, the end. The
screen marks these with a blink; the count and the phase word show every other beat."""
