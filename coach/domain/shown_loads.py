"""How each exercise's load is shown during a workout and in the plan: with the nearest
weight the equipment makes when the written one cannot be loaded, and a barbell's plates
per side ("80 kg · 20 kg bar + 25 + 5 each side")."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from coach.domain.load import Equipment, LoadError, parse_load, shown_load
from coach.domain.loading import LoadedSession
from coach.domain.timeline import Timeline

LoadKey = tuple[int, str]
"""An entry and a load of it as the timeline writes it (a warm-up has loads of its own)."""


def shown_load_of(loads: Mapping[LoadKey, str], entry: int, load: str) -> str:
    """How `load` of `entry` is shown: as `shown_loads` worked it out, else as written."""
    return loads.get((entry, load)) or load


class _Loaded(Protocol):
    """A stretch of the plan that names its entry and load (a segment, a block)."""

    @property
    def entry(self) -> int: ...
    @property
    def load(self) -> str: ...


def shown_loads(
    loaded: LoadedSession, timeline: Timeline, equipment: Equipment | None = None
) -> dict[LoadKey, str]:
    """(Entry index, load) → the load as a set shows it, where that says more than the
    load itself."""
    return shown_loads_of(loaded, timeline.segments, equipment)


def shown_loads_of(
    loaded: LoadedSession, parts: Iterable[_Loaded], equipment: Equipment | None = None
) -> dict[LoadKey, str]:
    """`shown_loads` over the segments or blocks of a plan, in order."""
    shown: dict[LoadKey, str] = {}
    said: dict[tuple[str, str | None], str] = {}  # a long plan repeats a few loads
    entries = loaded.session.entries
    for part in parts:
        if part.entry < 0 or not part.load or (part.entry, part.load) in shown:
            continue
        exercise = loaded.library.get(entries[part.entry].exercise)
        implement = exercise.implement if exercise else None
        text = said.get((part.load, implement), "")
        if not text:
            try:
                load = parse_load(part.load)
            except LoadError:
                continue
            text = said[part.load, implement] = shown_load(load, equipment, implement)
        if text != part.load:
            shown[part.entry, part.load] = text
    return shown
