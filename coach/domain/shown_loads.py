"""How each exercise's load is shown during a workout and in the plan: with the nearest
weight the equipment makes when the written one cannot be loaded, and a barbell's plates
per side ("80 kg · 20 kg bar + 25 + 5 each side")."""

from __future__ import annotations

from collections.abc import Mapping

from coach.domain.load import Equipment, LoadError, parse_load, shown_load
from coach.domain.loading import LoadedSession
from coach.domain.timeline import Timeline

LoadKey = tuple[int, str]
"""An entry and a load of it as the timeline writes it (a warm-up has loads of its own)."""


def shown_load_of(loads: Mapping[LoadKey, str], entry: int, load: str) -> str:
    """How `load` of `entry` is shown: as `shown_loads` worked it out, else as written."""
    return loads.get((entry, load)) or load


def shown_loads(
    loaded: LoadedSession, timeline: Timeline, equipment: Equipment | None = None
) -> dict[LoadKey, str]:
    """(Entry index, load) → the load as a set shows it, where that says more than the
    load itself."""
    shown: dict[LoadKey, str] = {}
    said: dict[tuple[str, str | None], str] = {}  # a long plan repeats a few loads
    for segment in timeline.segments:
        if segment.entry < 0 or not segment.load or (segment.entry, segment.load) in shown:
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
            shown[segment.entry, segment.load] = text
    return shown
