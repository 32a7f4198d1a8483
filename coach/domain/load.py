"""Loads: "60 kg", "35 lb", "22.5kg", or words such as "bodyweight"."""

from __future__ import annotations

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


_ROUNDING = {"kg": 2.5, "lb": 5.0}


def loadable(load: Load, equipment: object | None = None) -> Load:
    """The nearest weight that can be loaded (to 2.5 kg or 5 lb; halves round up).
    Loads without a number come back as they are."""
    if load.amount is None or load.unit is None:
        return load
    step = _ROUNDING[load.unit]
    return Load(math.floor(load.amount / step + 0.5) * step, load.unit)
