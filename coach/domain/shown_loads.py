"""How each exercise's load is shown during a workout and in the plan: with the nearest
weight the equipment makes when the written one cannot be loaded, and a barbell's plates
per side ("80 kg · 20 kg bar + 25 + 5 each side")."""

from __future__ import annotations

from coach.domain.load import Equipment, LoadError, parse_load, shown_load
from coach.domain.loading import LoadedSession
from coach.domain.timeline import Timeline


def shown_loads(
    loaded: LoadedSession, timeline: Timeline, equipment: Equipment | None = None
) -> dict[int, str]:
    """Entry index → the load as a set of it shows it, for entries where that says more
    than the load itself."""
    shown: dict[int, str] = {}
    said: dict[tuple[str, str | None], str] = {}  # a long plan repeats a few loads
    for segment in timeline.segments:
        if segment.entry < 0 or segment.entry in shown or not segment.load:
            continue
        exercise = loaded.library.get(segment.exercise)
        implement = exercise.implement if exercise else None
        text = said.get((segment.load, implement), "")
        if not text:
            try:
                load = parse_load(segment.load)
            except LoadError:
                continue
            text = said[segment.load, implement] = shown_load(load, equipment, implement)
        if text != segment.load:
            shown[segment.entry] = text
    return shown
