"""How each exercise's load is shown during a workout and in the plan: with the nearest
weight the equipment makes when the written one cannot be loaded, and a barbell's plates
per side ("80 kg · 20 kg bar + 25 + 5 each side")."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from coach.domain.load import Equipment, LoadError, parse_load, shown_load
from coach.domain.loading import LoadedSession
from coach.domain.timeline import Timeline


class _Loaded(Protocol):
    """A stretch of the plan that names its entry and load (a segment, a block)."""

    @property
    def entry(self) -> int: ...
    @property
    def load(self) -> str: ...


def shown_loads(
    loaded: LoadedSession, timeline: Timeline, equipment: Equipment | None = None
) -> dict[int, str]:
    """Entry index → the load as a set of it shows it, for entries where that says more
    than the load itself."""
    return shown_loads_of(loaded, timeline.segments, equipment)


def shown_loads_of(
    loaded: LoadedSession, parts: Iterable[_Loaded], equipment: Equipment | None = None
) -> dict[int, str]:
    """`shown_loads` over the segments or blocks of a plan, in order."""
    shown: dict[int, str] = {}
    said: dict[tuple[str, str | None], str] = {}  # a long plan repeats a few loads
    entries = loaded.session.entries
    for part in parts:
        if part.entry < 0 or part.entry in shown or not part.load:
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
            shown[part.entry] = text
    return shown
