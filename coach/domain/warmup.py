"""Warm-up sets: a ramp of lighter sets before an exercise's working sets.

`warmup: [50%x8, 70%x5]` gives each set as a percent of the working load and its reps;
`warmup: auto` picks a ramp from the working load: the heavier the load, the more steps.
Every warm-up load is rounded to one that can be loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.load import Load, loadable
from coach.domain.models import Entry, WarmupStep

_KG_PER_LB = 0.45359237

# (working load from, in kg) -> the ramp; the first that fits is used
AUTO_RAMPS: tuple[tuple[float, tuple[WarmupStep, ...]], ...] = (
    (60.0, (WarmupStep(40, 8), WarmupStep(60, 5), WarmupStep(80, 3))),
    (30.0, (WarmupStep(50, 8), WarmupStep(75, 4))),
    (0.0, (WarmupStep(60, 6),)),
)


@dataclass(frozen=True)
class WarmupSet:
    percent: int
    load: Load
    reps: int


def auto_ramp(working: Load, reps: int) -> tuple[WarmupStep, ...]:
    """The `warmup: auto` ramp for a working load and reps: three steps from 60 kg (132
    lb), two from 30 kg, one below; no warm-up has more reps than the working sets."""
    amount = working.amount or 0.0
    kg = amount * _KG_PER_LB if working.unit == "lb" else amount
    ramp = next(steps for floor, steps in AUTO_RAMPS if kg >= floor)
    return tuple(WarmupStep(s.percent, min(s.reps, max(1, reps))) for s in ramp)


def warmup_sets(entry: Entry, working: Load | None, reps: int) -> list[WarmupSet]:
    """The entry's warm-up sets at today's working load (none without a weight)."""
    if entry.warmup is None or working is None or working.amount is None:
        return []
    steps = auto_ramp(working, reps) if entry.warmup == "auto" else tuple(entry.warmup)
    return [
        WarmupSet(
            step.percent,
            loadable(Load(working.amount * step.percent / 100, working.unit)),
            step.reps,
        )
        for step in steps
    ]
