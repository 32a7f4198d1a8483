"""Is a load someone typed believable for the set it corrects?

A typo in a correction (600 for 60) would set next week's load, so a load more than
twice or less than half of what was planned, or above what anyone lifts in these
movements, is asked about before it is kept.
"""

from __future__ import annotations

from coach.domain.load import Load

KG_PER_LB = 0.45359237
CEILING = {"kg": 500.0, "lb": 1100.0}


def _kg(load: Load) -> float | None:
    if load.amount is None or load.unit is None:
        return None
    return load.amount * (KG_PER_LB if load.unit == "lb" else 1.0)


def implausible(planned: Load | None, new: Load) -> str | None:
    """None when `new` is believable for a set planned at `planned`; otherwise the
    sentence that says why, naming both numbers."""
    if new.amount is None or new.unit is None:
        return None
    if new.amount > CEILING[new.unit]:
        return f"{new} is more than {CEILING[new.unit]:g} {new.unit}; check the number"
    new_kg, planned_kg = _kg(new), _kg(planned) if planned is not None else None
    if new_kg is None or not planned_kg:
        return None
    if new_kg > 2 * planned_kg:
        return f"{new} is more than twice the planned {planned}"
    if new_kg < planned_kg / 2:
        return f"{new} is less than half the planned {planned}"
    return None
