"""What a person types about a set they just did: reps, a load, or both.

The same grammar serves the live correction (app and plain mode) and `coach history
--edit`: "8" is reps done, "8 @ 57.5 kg" or "8 57.5" reps and load, "@60" or "57.5 kg"
the load only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach.domain.load import Load, LoadError, Unit, parse_load


class CorrectionError(ValueError):
    """Input that is neither reps nor a load; the message shows what to type."""


@dataclass(frozen=True)
class Correction:
    reps_done: int | None = None
    load: Load | None = None


_TOKEN = re.compile(r"\d+(?:\.\d+)?|@|kgs?|lbs?|\S+")
CORRECTION_HELP = "Enter keeps it; or type reps and load, like 10, 10 57.5 or @57.5 kg"


def parse_correction(text: str, unit: Unit | None = "kg") -> Correction:
    """Read what the user typed after a set.

    "" keeps the plan; "10" is reps done; "10 57.5" or "10 @ 57.5 kg" is reps and
    load; "@57.5", "57.5 kg" or a lone decimal such as "57.5" is the load only. A load
    without a unit takes `unit` (the planned load's).
    """
    cleaned = text.strip()
    if not cleaned:
        return Correction()
    tokens = _TOKEN.findall(cleaned.lower().replace(",", "."))

    def fail() -> CorrectionError:
        return CorrectionError(f'"{cleaned}" is not reps or a load. {CORRECTION_HELP}')

    def number(token: str) -> bool:
        return token[0].isdigit()

    given_unit: str | None = None
    amount: str | None = None
    if tokens[-1].startswith(("kg", "lb")):
        given_unit = tokens.pop()[:2]
        if not tokens or not number(tokens[-1]):
            raise fail()
        amount = tokens.pop()
        if tokens and tokens[-1] == "@":
            tokens.pop()
    elif "@" in tokens:
        at = tokens.index("@")
        after = tokens[at + 1 :]
        if len(after) != 1 or not number(after[0]):
            raise fail()
        amount, tokens = after[0], tokens[:at]
    elif len(tokens) == 2 or (len(tokens) == 1 and "." in tokens[0]):
        amount = tokens.pop()
    if len(tokens) > 1 or not all(t.isdigit() for t in tokens):
        raise fail()
    if amount is not None and not number(amount):
        raise fail()
    load = None
    if amount is not None:
        try:
            load = parse_load(f"{amount} {given_unit or unit or 'kg'}")
        except LoadError as exc:
            raise CorrectionError(str(exc)) from None
    return Correction(reps_done=_reps(tokens[0]) if tokens else None, load=load)


def _reps(text: str) -> int:
    reps = int(text)
    if reps > 500:
        raise CorrectionError(f"{reps} reps is more than a set holds; check the number")
    return reps
