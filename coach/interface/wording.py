"""The words the screen and the plain mode use for a moment of the workout.

Both faces say the same things in the same words, so they read from here: where the
person is (set, rep, side, round), what the count means, and what comes next.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from coach.domain.counting import counted
from coach.domain.durations import format_duration
from coach.domain.shown_loads import LoadKey, shown_load_of
from coach.domain.timeline import Segment, Timeline

if TYPE_CHECKING:
    from coach.domain.runner import View

SIDE = {"left": "left side", "right": "right side"}


class SetLike(Protocol):
    """What names a set: a timeline segment, or a block of the plan's outline."""

    @property
    def set_no(self) -> int: ...
    @property
    def sets(self) -> int: ...
    @property
    def reps(self) -> int: ...
    @property
    def warmup(self) -> bool: ...
    @property
    def superset(self) -> str: ...
    @property
    def amrap(self) -> bool: ...


def seconds(value: float) -> str:
    """A length as a person reads it: "45 s", "1:30"."""
    whole = max(0, round(value))
    return f"{whole} s" if whole < 60 else format_duration(whole)


def compact(value: float) -> str:
    """A length in a plain line: "2s", "1:30"."""
    whole = max(0, round(value))
    return f"{whole}s" if whole < 60 else format_duration(whole)


# What the cues really do, by the backend playing them (see `coach sounds`).
CUES_GO_TO = {
    "simpleaudio": "sound: speakers",
    "miniaudio": "sound: speakers",
    "system": "sound: speakers",
    "bell": "sound: bell only",
    "silent": "sound: none",
}


def sound_state(muted: bool, output: str | None) -> str:
    """The header's word on the cues: "sound: speakers", "sound: bell only", "sound: muted"."""
    if muted:
        return "sound: muted"
    return CUES_GO_TO.get(output or "", "sound: on")


def count(remaining: float) -> str:
    """The big count: whole seconds rounded up, so 3, 2, 1 line up with the pips."""
    whole = max(0, math.ceil(remaining - 1e-9))
    return str(whole) if whole < 60 else format_duration(whole)


def count_up(elapsed: float) -> str:
    """A manual set's running time: 0:07, 1:12."""
    return format_duration(math.floor(elapsed))


@dataclass(frozen=True)
class ClockFace:
    """Every time the screen shows for one moment, all read off one clock.

    The big count changes once a second (rounded up while counting down, down while
    counting up). The other times are shown as they were at the instant the count last
    changed, so all of them move together, at the same instant, and agree with each
    other in between: "to go" is the count plus what follows, "done" and "to go" add up
    to the session's length, and the progress bar fills on the same beat."""

    count: str
    done: str
    to_go: str
    progress: float
    next_change: float | None  # seconds until any of them changes (None: none will)


def clock_face(view: View) -> ClockFace:
    """The times to show for `view`, and when they next change."""
    segment = view.segment
    if segment.kind == "finish" or view.finished:
        return ClockFace("0", format_duration(view.elapsed), format_duration(0), 1.0, None)
    if view.remaining is None:  # counting up: a manual set
        whole = math.floor(view.in_segment + 1e-9)
        since = max(0.0, view.in_segment - whole)
        shown = format_duration(whole)
        here_now = max(0.0, segment.estimate - view.in_segment)
        to_go = view.remaining_total - here_now + max(0, segment.estimate - whole)
    else:
        whole = max(0, math.ceil(view.remaining - 1e-9))
        since = max(0.0, whole - view.remaining)
        shown = str(whole) if whole < 60 else format_duration(whole)
        to_go = view.remaining_total + since
    done = max(0.0, view.elapsed - since)
    total = done + to_go
    progress = 1.0 if total <= 0 else min(1.0, done / total)
    change = None if view.paused else 1.0 - since
    if view.remaining is not None and whole == 0:
        change = None  # the segment's end moves everything, and it has a wake-up of its own
    return ClockFace(shown, format_duration(done), format_duration(to_go), progress, change)


def headline(segment: Segment, loads: Mapping[LoadKey, str] | None = None) -> str:
    """ "Hip thrust · 80 kg", or with the load as `loads` shows it for the entry
    ("Hip thrust · 80 kg · 20 kg bar + 25 + 5 each side")."""
    load = shown_load_of(loads or {}, segment.entry, segment.load)
    return " · ".join(part for part in (segment.title, load) if part)


def round_word(segment: Segment, emom: bool = False) -> str:
    """What a round is called: "minute" for an EMOM round of 60 s, else "round"."""
    return "minute" if emom and segment.kind == "work" and segment.estimate == 60 else "round"


def set_place(segment: SetLike) -> str:
    """Which set, in a short form: "set 2/3", "warm-up 1/2", "superset A2 · set 2/3"."""
    if segment.warmup:
        return f"warm-up {segment.set_no}/{segment.sets}"
    place = f"set {segment.set_no}/{segment.sets}"
    return f"superset {segment.superset} · {place}" if segment.superset else place


def reps_word(segment: SetLike) -> str:
    """ "10 reps", or for an AMRAP set "8+ reps" (at least 8, as many as you can)."""
    if segment.amrap:
        return f"{segment.reps}+ reps"
    return counted(segment.reps, "rep")


def position(segment: Segment, emom: bool = False, upcoming: bool = False) -> list[str]:
    """Where in the exercise: ["Set 2 of 3", "Rep 4 of 10", "Left side"]. For a set not
    begun yet (`upcoming`), its reps: ["Set 2 of 3", "10 reps"]."""
    parts: list[str] = []
    if segment.round_no:
        word = round_word(segment, emom).capitalize()
        parts.append(f"{word} {segment.round_no} of {segment.rounds}")
        if emom and segment.reps:
            parts.append(counted(segment.reps, "rep"))
        return parts
    if segment.warmup:
        parts.append(f"Warm-up {segment.set_no} of {segment.sets}")
    elif segment.set_no:
        if segment.superset:
            parts.append(f"Superset {segment.superset}")
        parts.append(f"Set {segment.set_no} of {segment.sets}")
    target = f"{segment.reps}{'+' if segment.amrap else ''}"
    if segment.kind == "rep" and not upcoming:
        parts.append(f"Rep {segment.rep_no} of {target}")
    elif segment.rep_seconds and not upcoming:
        parts.append(f"{target} {'rep' if target == '1' else 'reps'} · Enter when done")
    elif segment.kind in ("rep", "manual", "get_ready", "switch") and segment.reps:
        parts.append(reps_word(segment))
    if segment.side:
        parts.append(SIDE[segment.side].capitalize())
    return parts


def where(segment: Segment, emom: bool = False) -> str:
    """The short form for a plain line: "set 2/3 · left side", "round 3/10"."""
    if segment.round_no:
        word = round_word(segment, emom)
        return f"{word} {segment.round_no}/{segment.rounds}"
    parts = [set_place(segment)] if segment.set_no else []
    if segment.side:
        parts.append(SIDE[segment.side])
    return " · ".join(parts)


def work_label(
    segment: Segment, emom: bool = False, loads: Mapping[LoadKey, str] | None = None
) -> str:
    """ "Hip thrust · set 2/3 · 80 kg": a work block named for "next" (with the load as
    `loads` shows it for the entry, when given)."""
    load = shown_load_of(loads or {}, segment.entry, segment.load)
    parts = [segment.title, where(segment, emom), load]
    return " · ".join(p for p in parts if p)


def following_work(timeline: Timeline, after: int) -> Segment | None:
    """The first work segment from `after` on."""
    for segment in timeline.segments[after:]:
        if segment.is_work:
            return segment
    return None


def next_text(timeline: Timeline, index: int, emom_entries: frozenset[int] = frozenset()) -> str:
    """What follows the block holding segment `index`: "rest 1:30, then Hip thrust · set 2/3"."""
    after = timeline.block_of(index).stop
    segments = timeline.segments
    upcoming = segments[after] if after < len(segments) else None
    if upcoming is None or upcoming.kind == "finish":
        return "the finish: this is the last one"
    parts: list[str] = []
    if upcoming.kind == "rest":
        parts.append(f"rest {seconds(upcoming.estimate)}")
    work = following_work(timeline, upcoming.index)
    if work is None:
        parts.append("the finish")
    else:
        parts.append(work_label(work, work.entry in emom_entries))
    return ", then ".join(parts)


def stopped_where(
    timeline: Timeline, segment: Segment, emom_entries: frozenset[int] = frozenset()
) -> str:
    """ " at Hip thrust · set 2/3 · 80 kg" mid-set, " before ..." in a rest or get-ready."""
    if segment.is_work:
        return f" at {work_label(segment, segment.entry in emom_entries)}"
    upcoming = following_work(timeline, segment.index)
    if upcoming is None:
        return ""
    return f" before {work_label(upcoming, upcoming.entry in emom_entries)}"
