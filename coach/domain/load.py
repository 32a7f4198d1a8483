"""Loads: "60 kg", "35 lb", "22.5kg", or words such as "bodyweight"."""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from typing import Literal

from coach.domain.durations import SPACE

_BLANKS = " \t\r\n"
_NUMBER = "[0-9]+(?:\\.[0-9]+)?"
_KG = "[kK][gG][sS]?"
_LB = "[lL][bB][sS]?"
_AMOUNT = re.compile(f"(?P<n>{_NUMBER}){SPACE}(?P<unit>{_KG}|{_LB})")

Unit = Literal["kg", "lb"]
MAX_KG = 1000.0
MAX_LB = 2200.0  # a round figure just under 1000 kg

# For the schema, in the regular-expression subset Python and ECMA-262 share: a weight
# within the limits, or words without a digit.
_DECIMALS = "(?:\\.[0-9]+)?"
_UP_TO_1000 = f"0*(?:[0-9]{{1,3}}{_DECIMALS}|1000(?:\\.0+)?)"
_UP_TO_2200 = f"0*(?:(?:[0-9]{{1,3}}|1[0-9]{{3}}|2[01][0-9]{{2}}){_DECIMALS}|2200(?:\\.0+)?)"
WEIGHT_PATTERN = f"^{SPACE}(?:{_UP_TO_1000}{SPACE}{_KG}|{_UP_TO_2200}{SPACE}{_LB}){SPACE}$"
WORDS_PATTERN = "^[^0-9]*[^0-9 \t\r\n][^0-9]*$"
ZERO_PATTERN = f"^{SPACE}0+(?:\\.0+)?{SPACE}[kKlL]"


class LoadError(ValueError):
    """A load that cannot be read; the message says what is allowed."""


@dataclass(frozen=True)
class Load:
    amount: float | None = None
    unit: Unit | None = None
    words: str | None = None

    def __str__(self) -> str:
        if self.amount is None:
            return self.words or ""
        number = f"{self.amount:g}"
        return f"{number} {self.unit}"

    def plus(self, step: Load) -> Load:
        """This load made heavier by `step` (converted when the units differ)."""
        if self.amount is None or step.amount is None or self.unit is None:
            return self
        extra = step.amount
        if step.unit != self.unit:
            extra = extra * 0.45359237 if step.unit == "lb" else extra / 0.45359237
        return Load(round(self.amount + extra, 2), self.unit)


def parse_load(value: object) -> Load:
    if isinstance(value, Load):
        return value
    if isinstance(value, bool) or value is None:
        raise LoadError('load must be a weight like "60 kg" or "35 lb", or words like bodyweight')
    if isinstance(value, int | float):
        raise LoadError(f'load {value} needs a unit: write "{value:g} kg" or "{value:g} lb"')
    if not isinstance(value, str):
        raise LoadError('load must be a weight like "60 kg" or "35 lb", or words like bodyweight')
    text = value.strip(_BLANKS)
    match = _AMOUNT.fullmatch(text)
    if match:
        amount = float(match["n"])
        unit: Unit = "kg" if match["unit"].lower().startswith("kg") else "lb"
        if amount > (MAX_KG if unit == "kg" else MAX_LB):
            raise LoadError(f'load "{text}" is more than anyone lifts; check the number')
        return Load(amount, unit)
    if any(ch in "0123456789" for ch in text):
        raise LoadError(f'load "{text}" is not a weight; write it like "60 kg" or "35 lb"')
    if not text:
        raise LoadError('load is empty; write a weight like "60 kg" or words like bodyweight')
    return Load(words=text)


# --- what can be loaded ---------------------------------------------------------------

KG_PER_LB = 0.45359237
Implement = Literal["barbell", "kettlebell", "dumbbell", "bodyweight"]
IMPLEMENTS: tuple[Implement, ...] = ("barbell", "kettlebell", "dumbbell", "bodyweight")


@dataclass(frozen=True)
class Equipment:
    """The weights someone owns, all in `unit`: a bar, plate sizes (bought in pairs, as
    many pairs of each size as a load needs), kettlebells and dumbbells."""

    unit: Unit = "kg"
    bar: float = 20.0
    plates: tuple[float, ...] = (25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25)
    kettlebells: tuple[float, ...] = tuple(range(8, 49, 4))
    dumbbells: tuple[float, ...] = tuple(n / 2 for n in range(5, 101, 5))  # 2.5 to 50


KG_EQUIPMENT = Equipment()
LB_EQUIPMENT = Equipment(
    unit="lb",
    bar=45.0,
    plates=(45.0, 35.0, 25.0, 10.0, 5.0, 2.5),
    kettlebells=(10, 15, 20, 25, 30, 35, 40, 45, 50, 53, 62, 70, 80, 88, 97, 106),
    dumbbells=tuple(range(5, 101, 5)),
)


def default_equipment(unit: Unit | None) -> Equipment:
    """The usual gym's weights in `unit` (kg when it is not known)."""
    return LB_EQUIPMENT if unit == "lb" else KG_EQUIPMENT


def convert(amount: float, source: Unit, target: Unit) -> float:
    if source == target:
        return amount
    return amount * KG_PER_LB if source == "lb" else amount / KG_PER_LB


_CENTS = 100  # weights are compared in hundredths of their unit


def _plate_counts(plates: tuple[float, ...], most: int) -> tuple[int, dict[int, tuple[int, ...]]]:
    """Every sum of plates (any number of each size) up to `most` hundredths, with the
    fewest plates that make it, largest first; and the step between sums."""
    bucket = -(-max(most, 1) // _BUCKET) * _BUCKET  # a few tables serve every load
    return _plate_table(tuple(plates), bucket)


_BUCKET = 100 * _CENTS


@functools.lru_cache(maxsize=64)
def _plate_table(plates: tuple[float, ...], most: int) -> tuple[int, dict[int, tuple[int, ...]]]:
    sizes = sorted({round(p * _CENTS) for p in plates if p > 0}, reverse=True)
    if not sizes:
        return 1, {0: ()}
    step = math.gcd(*sizes)
    best: list[tuple[int, ...] | None] = [None] * (most // step + 1)
    best[0] = ()
    for at in range(1, len(best)):
        for size in sizes:
            before = at - size // step
            if before >= 0 and (found := best[before]) is not None:
                option = tuple(sorted((*found, size), reverse=True))
                chosen = best[at]
                if chosen is None or len(option) < len(chosen):
                    best[at] = option
    return step, {i * step: p for i, p in enumerate(best) if p is not None}


def _choices(target: float, kit: Equipment, implement: Implement | None) -> list[float]:
    """The loads the kit makes near `target` (in the kit's unit) for an implement."""
    most = round(max(target, 0) * _CENTS) + round(max(kit.plates, default=0) * 2 * _CENTS)
    choices: list[float] = []
    if implement in ("barbell", None):
        _, sums = _plate_counts(kit.plates, max(0, (most - round(kit.bar * _CENTS)) // 2))
        choices += [kit.bar + 2 * s / _CENTS for s in sums]
    if implement == "bodyweight":
        _, sums = _plate_counts(kit.plates, most)
        choices += [s / _CENTS for s in sums]
    if implement in ("kettlebell", "bodyweight", None):
        choices += kit.kettlebells
    if implement in ("dumbbell", "bodyweight", None):
        choices += kit.dumbbells
    return choices


def loadable(
    load: Load, equipment: object | None = None, implement: Implement | None = None
) -> Load:
    """The nearest load that `equipment` makes (the lighter one on a tie), in the
    equipment's unit: a bar with pairs of plates, a kettlebell, a dumbbell, or plates
    held (for a bodyweight movement with added load). Without an implement, any of them.
    Without equipment, the usual gym's weights in the load's own unit. Words such as
    "bodyweight" are kept as they are."""
    if load.amount is None or load.unit is None:
        return load
    kit = equipment if isinstance(equipment, Equipment) else default_equipment(load.unit)
    target = convert(load.amount, load.unit, kit.unit)
    choices = _choices(target, kit, implement)
    if not choices:
        return load
    nearest = min(choices, key=lambda c: (round(abs(c - target) * _CENTS), c))
    return Load(round(nearest, 2), kit.unit)


def loadable_above(
    load: Load, equipment: object | None = None, implement: Implement | None = None
) -> Load | None:
    """The lightest load the equipment makes that is heavier than `load` (None when none
    is, or for words)."""
    if load.amount is None or load.unit is None:
        return None
    kit = equipment if isinstance(equipment, Equipment) else default_equipment(load.unit)
    target = convert(load.amount, load.unit, kit.unit)
    above = [c for c in _choices(target, kit, implement) if round((c - target) * _CENTS) > 0]
    return Load(round(min(above), 2), kit.unit) if above else None


def same_load(a: Load, b: Load) -> bool:
    """Both the same weight (to a hundredth of a kilogram), or the same words."""
    if a.amount is None or b.amount is None or a.unit is None or b.unit is None:
        return a == b
    return abs(convert(a.amount, a.unit, "kg") - convert(b.amount, b.unit, "kg")) < 0.01


def plates_per_side(load: Load, equipment: object | None = None) -> str:
    """How a barbell load is made: "20 kg bar + 25 + 5 + 1.25 each side", "the 20 kg bar
    alone"; empty when the load is not one the bar and plates make."""
    if load.amount is None or load.unit is None:
        return ""
    kit = equipment if isinstance(equipment, Equipment) else default_equipment(load.unit)
    amount = convert(load.amount, load.unit, kit.unit)
    side = round((amount - kit.bar) * _CENTS / 2)
    bar = f"{kit.bar:g} {kit.unit} bar"
    if side == 0:
        return f"the {bar} alone"
    if side < 0 or abs((amount - kit.bar) * _CENTS / 2 - side) > 0.5:
        return ""
    _, sums = _plate_counts(kit.plates, side)
    plates = sums.get(side)
    if plates is None:
        return ""
    return f"{bar} + " + " + ".join(f"{p / _CENTS:g}" for p in plates) + " each side"


def shown_load(
    load: Load, equipment: object | None = None, implement: Implement | None = None
) -> str:
    """A load as a set shows it: with the nearest loadable weight when the equipment
    cannot make it ("61 kg (nearest loadable: 60 kg)"), and the plates for a barbell."""
    if load.amount is None:
        return str(load)
    near = loadable(load, equipment, implement)
    text = str(load) if same_load(near, load) else f"{load} (nearest loadable: {near})"
    if implement == "barbell":
        plates = plates_per_side(near, equipment)
        if plates:
            text += f" · {plates}"
    return text
