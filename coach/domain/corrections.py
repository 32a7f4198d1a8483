"""What a person types about a set they just did: reps, a load, or both, and how hard
it was and a note.

The same grammar serves the live correction (app and plain mode) and `coach history
--edit`: "8" is reps done, "8 @ 57.5 kg" or "8 57.5" reps and load, "@60" or "57.5 kg"
the load only. Effort follows as "rpe 8" (6 to 10 in halves) or "rir 2" (reps in
reserve, 0 to 5), and "note ..." takes the rest of the line as a note: "8 @ 60 kg rpe 8
note left hip tight".
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
    rpe: float | None = None  # rate of perceived exertion, 6 to 10 in halves
    rir: int | None = None  # reps in reserve, 0 to 5
    note: str | None = None

    @property
    def says_done(self) -> bool:
        """It changes what was done (reps or load), not only how it felt."""
        return self.reps_done is not None or self.load is not None

    def feel_text(self) -> str:
        """The effort and note alone, as they are typed ("rpe 8 note left hip tight")."""
        parts = []
        if self.rpe is not None:
            parts.append(f"rpe {self.rpe:g}")
        if self.rir is not None:
            parts.append(f"rir {self.rir}")
        if self.note is not None:
            parts.append(f"note {self.note}")
        return " ".join(parts)

    @property
    def empty(self) -> bool:
        return not self.says_done and self.rpe is None and self.rir is None and self.note is None


RPE_VALUES = tuple(n / 2 for n in range(12, 21))  # 6, 6.5, ... 10
RIR_VALUES = tuple(range(6))
_NOTE = re.compile(r"(?:^|\s)note\b[:\s]*(?P<text>.*)$", re.IGNORECASE | re.DOTALL)
_EFFORT = re.compile(r"\b(?P<kind>rpe|rir)(?![a-z])\s*(?P<value>[^\s@]*)", re.IGNORECASE)
NOTE_LIMIT = 500


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
    note: str | None = None
    found = _NOTE.search(cleaned)
    if found:
        note = " ".join(found["text"].split())
        if not note:
            raise CorrectionError('"note" needs its text after it, like: note left hip tight')
        if len(note) > NOTE_LIMIT:
            raise CorrectionError(f"a note holds up to {NOTE_LIMIT} characters")
        cleaned = cleaned[: found.start()].strip()
    effort: dict[str, float | int] = {}
    for match in _EFFORT.finditer(cleaned):
        kind = match["kind"].lower()
        if kind in effort:
            raise CorrectionError(f"{kind.upper()} is given twice; give it once")
        effort[kind] = _effort(kind, match["value"])
    cleaned = _EFFORT.sub(" ", cleaned).strip()
    rpe = effort.get("rpe")
    rir = effort.get("rir")
    feel = Correction(
        rpe=float(rpe) if rpe is not None else None,
        rir=int(rir) if rir is not None else None,
        note=note,
    )
    if not cleaned:
        return feel
    done = _reps_and_load(cleaned, unit)
    return Correction(done.reps_done, done.load, feel.rpe, feel.rir, feel.note)


def _effort(kind: str, value: str) -> float | int:
    """An RPE (6 to 10 in halves) or an RIR (0 to 5) as typed after its word."""
    text = value.replace(",", ".")
    if not text:
        example = "rpe 8 (6 to 10 in halves)" if kind == "rpe" else "rir 2 (0 to 5)"
        raise CorrectionError(f"{kind.upper()} needs a number after it, like {example}")
    if kind == "rpe":
        try:
            rpe = float(text)
        except ValueError:
            rpe = -1.0
        if rpe not in RPE_VALUES:
            raise CorrectionError(
                f'RPE "{value}" is not one: give 6 to 10 in halves, like rpe 8 or rpe 7.5'
            )
        return rpe
    if not text.isdigit() or int(text) not in RIR_VALUES:
        raise CorrectionError(
            f'RIR "{value}" is not one: give the reps left in reserve, 0 to 5, like rir 2'
        )
    return int(text)


def _reps_and_load(cleaned: str, unit: Unit | None) -> Correction:
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
