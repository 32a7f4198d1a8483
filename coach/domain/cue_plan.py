"""The cues a running workout will sound soon, with their clock times.

A player that must schedule sounds ahead of time (a browser across a network) asks for
the cues due before a horizon. The answer assumes nobody touches the workout: a pause,
a skip or a change of rest makes the next answer different, and the player cancels what
is no longer planned.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.runner import Runner


@dataclass(frozen=True)
class PlannedCue:
    key: str
    """The same cue of the same segment keeps its key; a revisit (back) keeps it too, with
    a new time."""
    name: str
    at: float
    """Clock time the cue belongs at."""


def upcoming_cues(runner: Runner, until: float) -> list[PlannedCue]:
    """Cues after the present and up to `until`, in time order; none while paused."""
    if not runner.started or runner.finished or runner.paused:
        return []
    now = runner.now()
    view = runner.view()
    segment = runner.current
    end = runner.deadline()
    extra = view.extra
    if end is not None and segment.duration is not None:
        start = end - segment.duration - extra
    else:
        start = now - view.in_segment
    found: list[PlannedCue] = []
    for k, cue in enumerate(segment.cues):
        at = start + cue.at + (extra if cue.from_end and segment.duration is not None else 0)
        if now < at <= until:
            found.append(PlannedCue(f"{segment.index}.{k}", cue.name, at))
    # The segments after this one, each starting when the one before it ends.
    moment = end
    index = segment.index + 1
    while moment is not None and moment <= until and index < len(runner.segments):
        following = runner.segments[index]
        for k, cue in enumerate(following.cues):
            at = moment + cue.at
            if now < at <= until:
                found.append(PlannedCue(f"{following.index}.{k}", cue.name, at))
        moment = None if following.duration is None else moment + following.duration
        index += 1
    found.sort(key=lambda c: c.at)
    return found
