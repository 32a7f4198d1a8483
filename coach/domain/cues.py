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
