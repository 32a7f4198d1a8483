"""Whether a load someone typed for a set can be what they meant.

A load more than twice or less than half of the one planned for the set, or above what
anyone lifts (500 kg, 1100 lb), is most likely a slip of the finger: it would put the
wrong weight on the bar next time. The faces ask before they keep it.
"""

from __future__ import annotations

from coach.domain.load import Load

KG_PER_LB = 0.45359237
LIMITS = {"kg": 500.0, "lb": 1100.0}  # nobody lifts more in a set coach counts
_SLACK = 1e-9  # exactly twice or exactly half is still plausible, whatever the unit


def in_kg(load: Load) -> float | None:
    if load.amount is None or load.unit is None:
        return None
    return load.amount if load.unit == "kg" else load.amount * KG_PER_LB


def implausible(planned: Load | None, new: Load) -> str | None:
    """Why `new` cannot be right for a set planned at `planned`, as one sentence that
    names both numbers; None when it may well be right. Loads in words (bodyweight)
    are never questioned."""
    new_kg = in_kg(new)
    if new_kg is None or new.unit is None or new.amount is None:
        return None
    planned_kg = in_kg(planned) if planned is not None else None
    if planned is not None and planned_kg is not None and planned_kg > 0:
        shown = _alike(new, planned)
        if new_kg > 2 * planned_kg * (1 + _SLACK):
            return f"{shown} is more than twice the {planned} planned for this set"
        if new_kg < planned_kg / 2 * (1 - _SLACK):
            return f"{shown} is less than half the {planned} planned for this set"
    if new.amount > LIMITS[new.unit]:
        said = f"{new} is more than anyone lifts (the limit is {LIMITS[new.unit]:g} {new.unit})"
        if planned is not None and planned_kg is not None:
            said += f"; {planned} was planned for this set"
        return said
    return None


def _alike(new: Load, planned: Load) -> str:
    """`new`, with its weight in the planned unit too when the units differ."""
    if new.unit == planned.unit or planned.unit is None:
        return str(new)
    kg = in_kg(new) or 0.0
    other = kg if planned.unit == "kg" else kg / KG_PER_LB
    return f"{new} ({other:.1f} {planned.unit})"
