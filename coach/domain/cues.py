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

MOMENTS: Final[frozenset[CueName]] = frozenset({"go", "finish"})
"""The cues that call the person to act: start moving (a set, a side, a round), and the
end. The screen marks these with a blink, for someone looking from across the room; the
count and the phase word show every other beat."""
