"""The session file as validated models: what a person may write, and nothing else.

Values people write in many forms (durations, tempo, loads, rep ranges) are parsed by
the small modules beside this one; the models only say where each may appear, with
limits that catch typing mistakes (a 900-set exercise is a typo, not a plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from coach.domain.cues import CueName
from coach.domain.durations import DurationError, parse_duration
from coach.domain.load import Load, LoadError, parse_load
from coach.domain.tempo import Tempo, TempoError, parse_tempo

ERROR_TYPE = "coach"


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError(ERROR_TYPE, message)


# --- durations ---------------------------------------------------------------------

_DURATION_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {
            "type": "string",
            "pattern": r"^\s*(\d+|\d+\s*s|\d+\s*m|\d+\s*m\s*\d+\s*s|(\d+:)?\d+:\d{2})\s*$",
        },
    ],
    "description": 'Seconds: 90, "90s", "2m", "1m30s" or "1:30".',
}


def _duration(low: int, high: int) -> Callable[[object, ValidationInfo], int]:
    def check(value: object, info: ValidationInfo) -> int:
        what = info.field_name or "duration"
        try:
            seconds = parse_duration(value, what=what)
        except DurationError as exc:
            raise _fail(str(exc)) from None
        if seconds < low:
            raise _fail(f"{what} must be at least {low} s")
        if seconds > high:
            raise _fail(f"{what} {seconds} s is longer than the {high} s allowed; check the number")
        return seconds

    return check


_DURATION = WithJsonSchema(_DURATION_SCHEMA)
Pause = Annotated[int, PlainValidator(_duration(0, 3600)), _DURATION]  # rests
Lead = Annotated[int, PlainValidator(_duration(0, 600)), _DURATION]  # get_ready, switch
Work = Annotated[int, PlainValidator(_duration(1, 3600)), _DURATION]  # work, EMOM period
Hold = Annotated[int, PlainValidator(_duration(1, 60)), _DURATION]


# --- counts and rep ranges ---------------------------------------------------------


def _count(high: int) -> Callable[[object, ValidationInfo], int]:
    def check(value: object, info: ValidationInfo) -> int:
        what = info.field_name or "count"
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(f"{what} must be a whole number, like 3")
        if value < 1:
            raise _fail(f"{what} must be at least 1, not {value}")
        if value > high:
            raise _fail(f"{what} {value} is more than the {high} allowed; check the number")
        return value

    return check


Sets = Annotated[
    int,
    PlainValidator(_count(50)),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 50}),
]
Rounds = Annotated[
    int,
    PlainValidator(_count(500)),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": 500}),
]

MAX_REPS = 500


@dataclass(frozen=True)
class RepRange:
    """Reps for a set: one number, or a range "8-12" for double progression."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


def _reps(value: object, info: ValidationInfo) -> RepRange:
    what = info.field_name or "reps"
    if isinstance(value, RepRange):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        low = high = value
    elif isinstance(value, str) and "-" in value:
        parts = [p.strip() for p in value.split("-")]
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise _fail(f'{what} "{value}" must be a number like 10, or a range like "8-12"')
        low, high = int(parts[0]), int(parts[1])
        if low > high:
            raise _fail(f'{what} "{value}" goes down; write the smaller number first, like "8-12"')
    else:
        raise _fail(f'{what} must be a number like 10, or a range like "8-12"')
    if low < 1:
        raise _fail(f"{what} must be at least 1")
    if high > MAX_REPS:
        raise _fail(f"{what} {high} is more than the {MAX_REPS} allowed; check the number")
    return RepRange(low, high)


Reps = Annotated[
    RepRange,
    PlainValidator(_reps),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_REPS},
                {"type": "string", "pattern": r"^\s*\d+\s*-\s*\d+\s*$"},
            ],
            "description": 'Reps per set: 10, or a range "8-12".',
        }
    ),
]


# --- tempo and load ----------------------------------------------------------------


def _tempo(value: object) -> Tempo:
    try:
        return parse_tempo(value)
    except TempoError as exc:
        raise _fail(str(exc)) from None


_TEMPO_PART = {"anyOf": [{"type": "integer", "minimum": 0, "maximum": 30}, {"const": "X"}]}
TempoField = Annotated[
    Tempo,
    PlainValidator(_tempo),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": r"^\s*(\d+|[xX])-(\d+|[xX])-(\d+|[xX])-(\d+|[xX])\s*$",
                },
                {
                    "type": "object",
                    "properties": {p: _TEMPO_PART for p in ("lower", "bottom", "lift", "top")},
                    "additionalProperties": False,
                },
            ],
            "description": "Seconds lower-bottom-lift-top, like 3-1-1-0; X is explosive (1 s).",
        }
    ),
]


def _load(value: object) -> Load:
    try:
        return parse_load(value)
    except LoadError as exc:
        raise _fail(str(exc)) from None


LoadField = Annotated[
    Load,
    PlainValidator(_load),
    WithJsonSchema(
        {
            "type": "string",
            "description": 'A weight like "60 kg" or "35 lb", or words like "bodyweight".',
        }
    ),
]


def _step(value: object) -> Load:
    try:
        load = parse_load(value)
    except LoadError as exc:
        raise _fail(str(exc).replace("load", "step", 1)) from None
    if load.amount is None or load.amount <= 0:
        raise _fail('step must be a weight to add, like "2.5 kg" or "5 lb"')
    return load


Step = Annotated[
    Load,
    PlainValidator(_step),
    WithJsonSchema({"type": "string", "description": 'The load to add, like "2.5 kg".'}),
]

Text = Annotated[str, Field(min_length=1, max_length=200)]
Cue = Annotated[str, Field(min_length=1, max_length=60)]
Starts = Literal["top", "bottom"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Progression(_Strict):
    """How the load grows from one session to the next."""

    rule: Literal["double", "linear"] = Field(
        description="double: with a rep range, add `step` once every set reached the top; "
        "linear: add `step` after every session in which all sets were completed."
    )
    step: Step


class Intervals(_Strict):
    work: Work
    rest: Pause = 0
    rounds: Rounds


class Emom(_Strict):
    every: Work = Field(
        description="The length of each round; what is left after the reps is rest."
    )
    rounds: Rounds
    reps: Reps | None = None


class Defaults(_Strict):
    rest: Pause | None = Field(None, description="After each set but an exercise's last (60 s).")
    rest_after: Pause | None = Field(None, description="After an exercise's last set.")
    get_ready: Lead | None = Field(None, description="Before every set and interval block (5 s).")
    switch: Lead | None = Field(None, description="Between sides of a per-side set (5 s).")
    progression: Progression | None = None


class Variation(_Strict):
    name: Text
    about: str | None = None
    setup: list[Text] | None = None
    cues: Annotated[list[Cue], Field(min_length=1, max_length=4)] | None = None


class ExerciseInfo(_Strict):
    """An exercise in a library. In a session's `library:` every key is optional when it
    overrides a built-in exercise; a new exercise needs at least `name` and `starts`."""

    name: Text | None = None
    starts: Starts | None = Field(
        None, description="Where a rep starts: bottom (lift first) or top (lower first)."
    )
    muscles: list[Text] | None = None
    setup: list[Text] | None = None
    cues: Annotated[list[Cue], Field(min_length=1, max_length=4)] | None = None
    safety: str | None = None
    progression: str | None = None
    variations: dict[str, Variation] | None = None


class Entry(_Strict):
    """One exercise in a session: sets of reps, an interval block, or an EMOM block."""

    exercise: Text = Field(description="An id from the exercise library, like hip-thrust.")
    variation: Text | None = None
    sets: Sets | None = None
    reps: Reps | None = None
    tempo: TempoField | None = None
    hold: Hold | None = Field(None, description="Seconds at the top of every rep.")
    per_side: StrictBool = False
    switch: Lead | None = None
    rest: Pause | None = None
    rest_after: Pause | None = None
    get_ready: Lead | None = None
    intervals: Intervals | None = None
    emom: Emom | None = None
    load: LoadField | None = None
    progression: Progression | None = None

    @property
    def kind(self) -> Literal["sets", "intervals", "emom"]:
        if self.intervals is not None:
            return "intervals"
        if self.emom is not None:
            return "emom"
        return "sets"


class Session(_Strict):
    name: Text
    about: str = ""
    defaults: Defaults = Defaults()
    library: dict[str, ExerciseInfo] = Field(default_factory=dict)
    sounds: dict[CueName, Text] = Field(
        default_factory=dict, description="Replace cue sounds with WAV files (relative paths)."
    )
    exercises: Annotated[list[Entry], Field(min_length=1)]
