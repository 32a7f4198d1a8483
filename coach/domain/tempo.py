"""Tempo: lower-bottom-lift-top seconds, as "3-1-X-0" or a mapping."""

from __future__ import annotations

from dataclasses import dataclass

from coach.domain.dashes import DASH, plain_dashes
from coach.domain.durations import SPACE

MAX_PHASE = 30
PARTS = ("lower", "bottom", "lift", "top")
EXAMPLE = "3-1-1-0"
_BLANKS = " \t\r\n"

# For the schema, in the regular-expression subset Python and ECMA-262 share.
PART_PATTERN = "(?:0*(?:[0-9]|[12][0-9]|30)|[xX])"
PATTERN = "^" + f"{SPACE}{DASH}{SPACE}".join([SPACE + PART_PATTERN] * 4) + SPACE + "$"
ALL_ZERO_PATTERN = "^" + f"{SPACE}{DASH}{SPACE}".join([SPACE + "0+"] * 4) + SPACE + "$"


class TempoError(ValueError):
    """A tempo that cannot be read; the message says what is allowed."""


@dataclass(frozen=True)
class Tempo:
    """Seconds in each part of a rep. `explosive` names parts written as X."""

    lower: int
    bottom: int
    lift: int
    top: int
    explosive: frozenset[str] = frozenset()

    @property
    def rep_seconds(self) -> int:
        return self.lower + self.bottom + self.lift + self.top

    def with_top(self, seconds: int) -> Tempo:
        return Tempo(self.lower, self.bottom, self.lift, seconds, self.explosive - {"top"})

    def __str__(self) -> str:
        return "-".join(
            "X" if part in self.explosive else str(getattr(self, part)) for part in PARTS
        )


def _part(name: str, raw: object, shown: str) -> tuple[int, bool]:
    if isinstance(raw, str) and raw.strip(_BLANKS).upper() == "X":
        return 1, True
    if isinstance(raw, bool):
        raise TempoError(f"tempo {shown}: {name} must be seconds 0-{MAX_PHASE} or X")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str) and raw.strip(_BLANKS).isascii() and raw.strip(_BLANKS).isdigit():
        value = int(raw.strip(_BLANKS))
    else:
        raise TempoError(
            f"tempo {shown}: {name} {raw!r} must be seconds 0-{MAX_PHASE} or X (explosive)"
        )
    if not 0 <= value <= MAX_PHASE:
        raise TempoError(f"tempo {shown}: {name} {value} s is outside 0-{MAX_PHASE}")
    return value, False


def parse_tempo(value: object) -> Tempo:
    if isinstance(value, Tempo):
        return value
    if isinstance(value, dict):
        unknown = sorted(str(k) for k in value if k not in PARTS)
        if unknown:
            raise TempoError(
                f"tempo has unknown part {', '.join(unknown)}; "
                "the parts are lower, bottom, lift, top"
            )
        raw_parts = [value.get(name, 0) for name in PARTS]
        shown = "mapping"
    elif isinstance(value, str):
        raw_parts = [p for p in plain_dashes(value).strip(_BLANKS).split("-")]
        shown = f'"{value}"'
        if len(raw_parts) != 4 or any(p.strip(_BLANKS) == "" for p in raw_parts):
            raise TempoError(
                f"tempo {shown} needs four parts lower-bottom-lift-top, like {EXAMPLE}"
            )
    else:
        raise TempoError(
            f"tempo must be four parts lower-bottom-lift-top like {EXAMPLE}, "
            "or a mapping {lower, bottom, lift, top}"
        )
    seconds: list[int] = []
    explosive: set[str] = set()
    for name, raw in zip(PARTS, raw_parts, strict=True):
        number, fast = _part(name, raw, shown)
        seconds.append(number)
        if fast:
            explosive.add(name)
    lower, bottom, lift, top = seconds
    tempo = Tempo(lower, bottom, lift, top, explosive=frozenset(explosive))
    if tempo.rep_seconds == 0:
        raise TempoError(f"tempo {shown} adds up to 0 s; a rep needs at least one second")
    return tempo
