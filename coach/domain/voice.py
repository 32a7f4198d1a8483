"""Where a spoken line may go: in a gap between cues, never over one.

A line plays only if it ends at least MARGIN seconds before the next cue is due (or the
segment ends); otherwise a shorter form, or nothing. A cue already sounding when a line
would begin is let finish first. Beeps are never moved: only the voice gives way.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from coach.domain.phrases import Line
from coach.domain.timeline import Segment

MARGIN = 0.15


@dataclass(frozen=True, slots=True)
class CueSlot:
    """A cue in time: when it is due and how long its sound lasts."""

    at: float
    length: float


@dataclass(frozen=True, slots=True)
class Placement:
    key: str
    text: str
    start: float
    end: float


def cue_slots(
    segment: Segment, start: float, end: float | None, lengths: Mapping[str, float]
) -> list[CueSlot]:
    """The segment's cues at their times (a countdown moves with the end), in order."""
    slots = []
    for cue in segment.cues:
        if cue.from_end and segment.duration is not None and end is not None:
            at = end - (segment.duration - cue.at)
        else:
            at = start + cue.at
        slots.append(CueSlot(at, lengths.get(cue.name, 0.0)))
    slots.sort(key=lambda slot: slot.at)
    return slots


def fits(start: float, end: float, cues: Sequence[CueSlot], limit: float) -> bool:
    """True when speech from `start` to `end` clears every cue (and `limit`) by MARGIN."""
    if end + MARGIN > limit:
        return False
    for cue in cues:
        finished_before = cue.at + cue.length <= start
        after = cue.at >= end + MARGIN
        if not (finished_before or after):
            return False
    return True


def place_line(
    line: Line,
    anchor: float,
    duration_of: Callable[[str], float | None],
    cues: Sequence[CueSlot],
    limit: float,
    not_before: float,
) -> Placement | None:
    """The first form of `line` that fits at `anchor`, or None. `duration_of` gives a
    form's length, or None when it is not rendered (yet); `limit` is where the segment
    ends (a line never runs into the next one); `not_before` is where the previous line
    of the segment ends."""
    for text in line.forms:
        length = duration_of(text)
        if length is None:
            continue
        if line.align == "end":
            start = anchor - MARGIN - length
            if start < not_before:
                continue
        else:
            start = max(anchor, not_before)
            for cue in cues:  # let a cue that is sounding finish
                if cue.at <= start < cue.at + cue.length:
                    start = cue.at + cue.length
        if fits(start, start + length, cues, limit):
            return Placement(line.key, text, start, start + length)
    return None


def place_segment(
    lines: Sequence[Line],
    segment: Segment,
    start: float,
    end: float | None,
    duration_of: Callable[[str], float | None],
    cue_lengths: Mapping[str, float],
) -> list[Placement]:
    """Every line of one segment placed in its gaps, in clock time (the segment starts at
    `start` and ends at `end`; None for an open-ended set or the finish)."""
    cues = cue_slots(segment, start, end, cue_lengths)
    limit = math.inf if end is None or segment.kind == "finish" else end
    placed: list[Placement] = []
    not_before = -math.inf
    for line in lines:
        if line.from_end:
            if end is None:
                continue
            anchor = end - line.at
        else:
            anchor = start + line.at
        spot = place_line(line, anchor, duration_of, cues, limit, not_before)
        if spot is not None:
            placed.append(spot)
            not_before = spot.end
    return placed
