"""Loads: "60 kg", "35 lb", "22.5kg", or words such as "bodyweight"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

_AMOUNT = re.compile(r"^(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>kg|kgs|lb|lbs)$", re.IGNORECASE)

Unit = Literal["kg", "lb"]
MAX_KG = 1000.0


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
    text = value.strip()
    match = _AMOUNT.match(text)
    if match:
        amount = float(match["n"])
        unit: Unit = "kg" if match["unit"].lower().startswith("kg") else "lb"
        kilograms = amount if unit == "kg" else amount * 0.45359237
        if kilograms > MAX_KG:
            raise LoadError(f'load "{text}" is more than anyone lifts; check the number')
        return Load(amount, unit)
    if any(ch.isdigit() for ch in text):
        raise LoadError(f'load "{text}" is not a weight; write it like "60 kg" or "35 lb"')
    if not text:
        raise LoadError('load is empty; write a weight like "60 kg" or words like bodyweight')
    return Load(words=text)
