"""The terminal title during a workout: "REST 0:42 · Hip thrust 2/3"."""

from __future__ import annotations

import math

from coach.domain.durations import format_duration
from coach.domain.timeline import Segment

SIDES = {"left": "left", "right": "right"}


def where(segment: Segment, emom: bool = False) -> str:
    """ "Hip thrust 2/3", "Hip thrust 2/3 left", "Kettlebell swing round 4/10"."""
    if segment.round_no:
        word = "minute" if emom else "round"
        place = f"{word} {segment.round_no}/{segment.rounds}"
    elif segment.set_no:
        place = f"{segment.set_no}/{segment.sets}"
    else:
        place = ""
    if segment.side:
        place = f"{place} {SIDES[segment.side]}".strip()
    return " ".join(part for part in (segment.title, place) if part)


def window_title(
    segment: Segment,
    *,
    remaining: float | None,
    in_segment: float,
    paused: bool,
    upcoming: Segment | None,
    session: str,
    emom: bool = False,
    counting: bool = True,
) -> str:
    """The title for this moment. `upcoming`: the work a rest or get-ready leads to.
    `counting`: with the count (the app redraws it); without, the phase alone (plain
    mode writes the title once per segment)."""
    if segment.kind == "finish":
        return f"DONE · {session}"
    word = segment.phase.value
    if counting:
        if remaining is None:
            shown = format_duration(math.floor(in_segment))
        else:
            shown = format_duration(max(0, math.ceil(remaining - 1e-9)))
        word = f"{word} {shown}"
    focus = segment if segment.is_work else upcoming
    parts = ["PAUSED"] if paused else []
    parts.append(word)
    if focus is not None:
        parts.append(where(focus, emom))
    return " · ".join(parts)
