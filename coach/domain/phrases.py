"""Every line the coach speaks, in one table, built from the timeline's segments.

A line comes in forms, longest first: the scheduler speaks the first form that fits in
the gap before the next cue, else the next one, else nothing. Wording (and one day a
translation) lives here only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from coach.domain.counting import counted
from coach.domain.timeline import COUNTDOWN, Phase, Segment, Timeline

HALFWAY_FROM = 60  # holds, rests and interval rounds this long or longer get "halfway"
TEN_SECONDS_FROM = 20  # rests this long or longer get "10 seconds" before they end

Align = Literal["start", "end"]


@dataclass(frozen=True, slots=True)
class Line:
    """One thing to say in a segment: its forms (longest first) and where it goes.

    `at` is seconds from the segment's start, or from its end when `from_end` (such a line
    moves with the end when a rest is made longer). `align` "end" means the line should
    finish at that point rather than begin there."""

    key: str
    forms: tuple[str, ...]
    at: float = 0.0
    from_end: bool = False
    align: Align = "start"


def _load_words(load: str) -> str:
    for unit, word in (("kg", "kilos"), ("lb", "pounds")):
        if load.endswith(f" {unit}"):
            amount = load[: -len(unit) - 1]
            return f"{amount} {'kilo' if amount == '1' else word}"
    return load


def _seconds(n: int) -> str:
    if n >= 120 and n % 60 == 0:
        return f"{n // 60} minutes"
    return f"{n} second{'s' if n != 1 else ''}"


def _name(segment: Segment) -> str:
    return segment.title or segment.exercise.replace("-", " ")


def _side(segment: Segment) -> str:
    return f", {segment.side} side" if segment.side else ""


def _set_words(segment: Segment) -> str:
    if segment.sets > 1 and segment.set_no == segment.sets:
        return "last set"
    return f"set {segment.set_no} of {segment.sets}" if segment.sets > 1 else ""


def _following_work(timeline: Timeline, index: int) -> Segment | None:
    # Read on from `index`, never a copy of the rest: every rest and get-ready asks, and
    # copying the rest each time made a long session's phrases take quadratic time.
    segments = timeline.segments
    for later in range(index + 1, len(segments)):
        if segments[later].is_work:
            return segments[later]
    return None


def about_to_start(work: Segment, *, emom: bool = False) -> tuple[str, ...]:
    """What is said while getting ready: the exercise, load, set and reps."""
    name = _name(work)
    load = _load_words(work.load)
    if work.round_no:
        if emom:
            reps = f", {counted(work.reps, 'rep')}" if work.reps else ""
            full = f"{name}{reps}, every minute, {work.rounds} rounds"
        else:
            full = f"{name}, {work.rounds} rounds of {_seconds(work.duration or 0)}"
        return (full, f"{name}, {work.rounds} rounds", name)
    set_words = _set_words(work)
    parts = [name + _side(work), load, set_words, counted(work.reps, "rep") if work.reps else ""]
    full = ", ".join(p for p in parts if p)
    short = ", ".join(p for p in (name, set_words) if p)
    shortest = "Last set" if set_words == "last set" else name
    return tuple(dict.fromkeys((full, short, shortest)))


def rest_begins(rest: Segment, following: Segment | None) -> tuple[str, ...]:
    """When a rest starts: its length and what comes next."""
    length = f"Rest {_seconds(rest.duration or rest.estimate)}"
    if following is None:
        return (f"{length}.", "Rest")
    if following.round_no > 1:
        nxt = f"round {following.round_no} of {following.rounds}"
        return (f"{length}. Next: {nxt}", f"Rest. {nxt[:1].upper()}{nxt[1:]}", "Rest")
    what = _name(following)
    if following.round_no == 1:
        what += f", {following.rounds} rounds"
    elif following.sets > 1 and not following.round_no:
        last = following.set_no == following.sets
        what += ", last set" if last else f", set {following.set_no}"
    return (f"{length}. Next: {what}", f"{length}.", "Rest")


def rounds_next(work: Segment) -> tuple[str, ...]:
    nxt = work.round_no + 1
    return (f"Next: round {nxt} of {work.rounds}", f"Round {nxt}")


def finished(sets: int, records: int = 0) -> tuple[str, ...]:
    """At the end: how it went, and whether a personal record fell (`records`: the
    exercises that set one)."""
    done = f"Workout complete: {sets} set{'s' if sets != 1 else ''}"
    if records:
        news = "a new personal record" if records == 1 else f"new records in {records} exercises"
        return (f"{done}, and {news}", f"Workout complete, and {news}", "Workout complete")
    return (done, "Workout complete")


def manual_note(reps: int) -> tuple[str, ...]:
    """A manual set in a recorded track: its length is a guess, so the voice says so."""
    return (
        f"{counted(reps, 'rep')} at your pace. When you are done, rest starts",
        "When you are done, rest starts",
    )


SWITCH = ("Switch to the other side", "Switch")
TEN_SECONDS = ("10 seconds",)
HALFWAY = ("Halfway",)
TEST_PHRASE = "This is the voice of coach. Rest 90 seconds. Next: hip thrust, set 2"


def _planned_sets(timeline: Timeline) -> int:
    return sum(1 for s in timeline.segments if s.last_of_record and not s.round_no and not s.warmup)


def segment_lines(
    timeline: Timeline,
    index: int,
    *,
    emom_entries: frozenset[int] = frozenset(),
    counts: bool = False,
    track: bool = False,
    sets_done: int | None = None,
    records: int = 0,
) -> list[Line]:
    """The lines for one segment, in the order they are placed. `track` is the recorded
    audio file (manual sets run at their estimate, and the voice says so); `sets_done`
    is the count said at the end (the planned sets when not given)."""
    segment = timeline.segments[index]
    kind = segment.kind
    lines: list[Line] = []
    length = segment.duration
    if kind == "get_ready":
        work = _following_work(timeline, index) or segment
        lines.append(Line("get_ready", about_to_start(work, emom=work.entry in emom_entries)))
    elif kind == "switch":
        lines.append(Line("switch", SWITCH))
    elif kind == "rest":
        following = _following_work(timeline, index)
        lines.append(Line("rest", rest_begins(segment, following)))
        if length is not None and length >= HALFWAY_FROM:
            lines.append(Line("halfway", HALFWAY, at=length / 2))
        if length is not None and length >= TEN_SECONDS_FROM:
            lines.append(Line("ten_seconds", TEN_SECONDS, at=10, from_end=True))
    elif kind == "manual" and track:
        lines.append(Line("manual", manual_note(segment.reps)))
    elif kind == "work":
        if length is not None and length >= HALFWAY_FROM:
            lines.append(Line("halfway", HALFWAY, at=length / 2))
        emom = segment.entry in emom_entries
        if emom and segment.round_no < segment.rounds:
            # No rest between EMOM rounds: the next round is named before its countdown.
            lines.append(
                Line("round", rounds_next(segment), at=COUNTDOWN, from_end=True, align="end")
            )
    elif kind == "rep":
        if segment.phase is Phase.HOLD and length is not None and length >= HALFWAY_FROM:
            lines.append(Line("halfway", HALFWAY, at=length / 2))
        first_phase = index == 0 or timeline.segments[index - 1].rep_no != segment.rep_no
        if counts and first_phase:
            lines.append(Line("count", (str(segment.rep_no),)))
    elif kind == "finish":
        done = _planned_sets(timeline) if sets_done is None else sets_done
        lines.append(Line("finish", finished(done, records)))
    return lines


def all_forms(
    timeline: Timeline,
    *,
    emom_entries: frozenset[int] = frozenset(),
    counts: bool = False,
    track: bool = False,
    start: int = 0,
) -> Iterator[str]:
    """Every form of every line from segment `start` on, each once, in the order needed."""
    seen: set[str] = set()
    for index in range(start, len(timeline.segments)):
        for line in segment_lines(
            timeline, index, emom_entries=emom_entries, counts=counts, track=track
        ):
            for form in line.forms:
                if form not in seen:
                    seen.add(form)
                    yield form
