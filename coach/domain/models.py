"""The session file as validated models: what a person may write, and nothing else.

Values people write in many forms (durations, tempo, loads, rep ranges) are parsed by
the small modules beside this one; the models only say where each may appear, with
limits that catch typing mistakes (a 900-set exercise is a typo, not a plan).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from coach.domain import durations, load, tempo
from coach.domain.cues import CueName
from coach.domain.dashes import DASH, plain_dashes
from coach.domain.durations import SPACE, DurationError, parse_duration
from coach.domain.load import Implement, Load, LoadError, parse_load
from coach.domain.tempo import Tempo, TempoError, parse_tempo

ERROR_TYPE = "coach"


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError(ERROR_TYPE, message)


# --- durations ---------------------------------------------------------------------


def _duration_schema(low: int, high: int) -> dict[str, Any]:
    return {
        "anyOf": [
            {"type": "integer", "minimum": low, "maximum": high},
            {"type": "string", "pattern": durations.PATTERN},
        ],
        "description": f'Seconds ({low}-{high}): 90, "90s", "2m", "1m30s", "2 min" or "1:30".',
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


def _seconds(low: int, high: int) -> tuple[PlainValidator, WithJsonSchema]:
    return PlainValidator(_duration(low, high)), WithJsonSchema(_duration_schema(low, high))


Pause = Annotated[int, *_seconds(0, 3600)]  # rests
Lead = Annotated[int, *_seconds(0, 600)]  # get_ready, switch
Work = Annotated[int, *_seconds(1, 3600)]  # work, EMOM period
Hold = Annotated[int, *_seconds(1, 60)]


def whole_number(value: object) -> int | None:
    """An int, or a float with nothing after the point (YAML's 3.0); None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None


# --- counts and rep ranges ---------------------------------------------------------


def _count(high: int) -> Callable[[object, ValidationInfo], int]:
    def check(value: object, info: ValidationInfo) -> int:
        what = info.field_name or "count"
        value = whole_number(value)
        if value is None:
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
    """Reps for a set: one number, a range "8-12" for double progression, or "8+": at
    least 8, as many as you can (AMRAP)."""

    low: int
    high: int
    amrap: bool = False

    def __str__(self) -> str:
        if self.amrap:
            return f"{self.low}+"
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


_REPS_FORMS = 'a number like 10, a range like "8-12", or "8+" for as many as you can'


def _reps(value: object, info: ValidationInfo, amrap: bool = True) -> RepRange:
    what = info.field_name or "reps"
    forms = _REPS_FORMS if amrap else 'a number like 10, or a range like "8-12"'
    if isinstance(value, RepRange):
        return value
    if amrap and isinstance(value, str) and value.strip(" \t\r\n").endswith("+"):
        number = value.strip(" \t\r\n")[:-1].strip(" \t\r\n")
        if not (number.isascii() and number.isdigit()):
            raise _fail(f'{what} "{value}" must be {_REPS_FORMS}')
        low = int(number)
        if low < 1:
            raise _fail(f"{what} must be at least 1")
        if low > MAX_REPS:
            raise _fail(f"{what} {low} is more than the {MAX_REPS} allowed; check the number")
        return RepRange(low, low, amrap=True)
    if whole_number(value) is not None:
        low = high = whole_number(value) or 0
    elif isinstance(value, str) and "-" in plain_dashes(value):
        parts = [p.strip(" \t\r\n") for p in plain_dashes(value).split("-")]
        if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts):
            raise _fail(f'{what} "{value}" must be {forms}')
        low, high = int(parts[0]), int(parts[1])
        if low > high:
            raise _fail(f'{what} "{value}" goes down; write the smaller number first, like "8-12"')
    else:
        raise _fail(f"{what} must be {forms}")
    if low < 1:
        raise _fail(f"{what} must be at least 1")
    if high > MAX_REPS:
        raise _fail(f"{what} {high} is more than the {MAX_REPS} allowed; check the number")
    return RepRange(low, high)


def _from(low: int, high: int) -> str:
    """A regular expression for the whole numbers low..high (no leading zeros)."""
    if len(str(low)) < len(str(high)):
        split = 10 ** len(str(low)) - 1
        return f"(?:{_from(low, split)}|{_from(split + 1, high)})"
    return _same_length_tail("", str(low), str(high))


def _same_length_tail(head: str, low: str, high: str) -> str:
    """head followed by the digit strings low..high of the same length (zeros kept)."""
    if len(low) == 1:
        return f"{head}[{low}-{high}]" if low != high else head + low
    if low[0] == high[0]:
        return _same_length_tail(head + low[0], low[1:], high[1:])
    parts = [_same_length_tail(head + low[0], low[1:], "9" * (len(low) - 1))]
    if int(low[0]) + 1 <= int(high[0]) - 1:
        parts.append(f"{head}[{int(low[0]) + 1}-{int(high[0]) - 1}][0-9]{{{len(low) - 1}}}")
    parts.append(_same_length_tail(head + high[0], "0" * (len(high) - 1), high[1:]))
    return "(?:" + "|".join(parts) + ")"


def _rep_range_pattern() -> str:
    """Any "low-high" range with 1 <= low <= high <= MAX_REPS; leading zeros and dash
    lookalikes allowed, as the parser takes them."""
    dash = f"{SPACE}{DASH}{SPACE}0*"
    ranges = [
        f"{low}{dash}{_from(low, min(10 ** len(str(low)) - 1, MAX_REPS))}"
        for low in range(1, MAX_REPS + 1)
    ]
    top = len(str(MAX_REPS))
    for digits in range(1, top):  # a high with more digits than the low is always higher
        lows = _from(10 ** (digits - 1), 10**digits - 1)
        ranges.append(f"{lows}{dash}{_from(10**digits, MAX_REPS)}")
    return f"^{SPACE}0*(?:{'|'.join(ranges)}){SPACE}$"


REP_RANGE_SCHEMA = {"type": "string", "pattern": _rep_range_pattern()}
AMRAP_PATTERN = f"^{SPACE}0*{_from(1, MAX_REPS)}{SPACE}\\+{SPACE}$"


def _plain_reps(value: object, info: ValidationInfo) -> RepRange:
    if isinstance(value, str) and value.strip(" \t\r\n").endswith("+"):
        raise _fail(
            f'{info.field_name or "reps"} here is a number or a range; "+" (as many as '
            "you can) belongs to sets of reps"
        )
    return _reps(value, info, amrap=False)


Reps = Annotated[
    RepRange,
    PlainValidator(_reps),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_REPS},
                REP_RANGE_SCHEMA,
                {"type": "string", "pattern": AMRAP_PATTERN},
            ],
            "description": f'Reps per set: 10, a range "8-12" (1-{MAX_REPS}, smaller first), '
            'or "8+": at least 8, as many as you can.',
        }
    ),
]
EmomReps = Annotated[
    RepRange,
    PlainValidator(_plain_reps),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": MAX_REPS},
                REP_RANGE_SCHEMA,
            ],
            "description": f'Reps per round: 10, or a range "8-12" (1-{MAX_REPS}, smaller first).',
        }
    ),
]


# --- warm-ups ------------------------------------------------------------------------

MAX_WARMUP_SETS = 10
MAX_WARMUP_REPS = 30
_WARMUP_FORMS = 'a percent of the working load and reps, like "50%x8"'
_TIMES = "xX×"


@dataclass(frozen=True)
class WarmupStep:
    """One warm-up set: a percent of the working load, and its reps."""

    percent: int
    reps: int

    def __str__(self) -> str:
        return f"{self.percent}%x{self.reps}"


def _warmup_step(value: object) -> WarmupStep:
    if isinstance(value, WarmupStep):
        return value
    if not isinstance(value, str):
        raise _fail(f"a warm-up set is {_WARMUP_FORMS}")
    text = value.strip(" \t\r\n")
    percent, sign, rest = text.partition("%")
    times = rest.strip(" \t\r\n")
    if not sign or not times or times[0] not in _TIMES:
        raise _fail(f'warm-up "{text}" must be {_WARMUP_FORMS}')
    percent, reps = percent.strip(" \t\r\n"), times[1:].strip(" \t\r\n")
    if not all(p.isascii() and p.isdigit() for p in (percent, reps)):
        raise _fail(f'warm-up "{text}" must be {_WARMUP_FORMS} (whole numbers)')
    if int(percent) > 100:
        raise _fail(
            f'warm-up "{text}": {int(percent)}% is more than the working load; a warm-up is 1-100%'
        )
    if int(percent) < 1:
        raise _fail(f'warm-up "{text}": the percent must be at least 1')
    if not 1 <= int(reps) <= MAX_WARMUP_REPS:
        raise _fail(f'warm-up "{text}": reps must be 1-{MAX_WARMUP_REPS}')
    return WarmupStep(int(percent), int(reps))


_PERCENT = f"0*{_from(1, 100)}"
_WARMUP_REPS = f"0*{_from(1, MAX_WARMUP_REPS)}"
WARMUP_PATTERN = f"^{SPACE}{_PERCENT}{SPACE}%{SPACE}[{_TIMES}]{SPACE}{_WARMUP_REPS}{SPACE}$"
WarmupStepField = Annotated[
    WarmupStep,
    PlainValidator(_warmup_step),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": WARMUP_PATTERN,
            "description": "Percent of the working load (1-100) and reps, like 50%x8.",
        }
    ),
]


def _auto(value: object) -> Literal["auto"]:
    if value == "auto":
        return "auto"
    raise _fail("warmup must be a list like [50%x8, 70%x5, 85%x3], or auto")


def _warmup_kind(value: object) -> str:
    return "<steps>" if isinstance(value, list | tuple) else "<auto>"


WarmupField = Annotated[
    Annotated[
        Annotated[list[WarmupStepField], Field(min_length=1, max_length=MAX_WARMUP_SETS)],
        Tag("<steps>"),
    ]
    | Annotated[
        Annotated[
            Literal["auto"],
            PlainValidator(_auto),
            WithJsonSchema({"const": "auto", "description": "A ramp chosen for the load."}),
        ],
        Tag("<auto>"),
    ],
    Discriminator(_warmup_kind),
]


# --- tempo and load ----------------------------------------------------------------


def _tempo(value: object) -> Tempo:
    try:
        return parse_tempo(value)
    except TempoError as exc:
        raise _fail(str(exc)) from None


_TEMPO_WORD = f"^{SPACE}{tempo.PART_PATTERN}{SPACE}$"
_TEMPO_PART = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": tempo.MAX_PHASE},
        {"type": "string", "pattern": _TEMPO_WORD},
    ]
}
_TEMPO_NONZERO = {
    "anyOf": [
        {"type": "integer", "minimum": 1},
        {"type": "string", "pattern": _TEMPO_WORD, "not": {"pattern": f"^{SPACE}0+{SPACE}$"}},
    ]
}
TempoField = Annotated[
    Tempo,
    PlainValidator(_tempo),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "string",
                    "pattern": tempo.PATTERN,
                    "not": {"pattern": tempo.ALL_ZERO_PATTERN},
                },
                {
                    "type": "object",
                    "properties": dict.fromkeys(tempo.PARTS, _TEMPO_PART),
                    "additionalProperties": False,
                    "anyOf": [
                        {"required": [part], "properties": {part: _TEMPO_NONZERO}}
                        for part in tempo.PARTS
                    ],
                },
            ],
            "description": "Seconds lower-bottom-lift-top, like 3-1-1-0, each 0-30; X is "
            "explosive (1 s). Or a mapping {lower, bottom, lift, top}; missing parts are 0.",
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
            "anyOf": [{"pattern": load.WEIGHT_PATTERN}, {"pattern": load.WORDS_PATTERN}],
            "description": f'A weight like "60 kg" (up to {load.MAX_KG:g} kg) or "35 lb" (up '
            f'to {load.MAX_LB:g} lb), or words without a number, like "bodyweight".',
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
    WithJsonSchema(
        {
            "type": "string",
            "pattern": load.WEIGHT_PATTERN,
            "not": {"pattern": load.ZERO_PATTERN},
            "description": 'The load to add, like "2.5 kg".',
        }
    ),
]

# YAML 1.1 spelt true and false these ways too; coach takes them where a yes/no is asked.
YES_WORDS = ("yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE")
NO_WORDS = ("no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE")


def flag(value: object) -> bool | None:
    """true/false, or one of the yes/no words; None for anything else."""
    if isinstance(value, bool):
        return value
    if value in YES_WORDS:
        return True
    if value in NO_WORDS:
        return False
    return None


def _flag(value: object, info: ValidationInfo) -> bool:
    answer = flag(value)
    if answer is None:
        raise _fail(f"{info.field_name or 'value'} must be true or false")
    return answer


Flag = Annotated[
    bool,
    PlainValidator(_flag),
    WithJsonSchema(
        {
            "anyOf": [{"type": "boolean"}, {"enum": [*YES_WORDS, *NO_WORDS]}],
            "description": "true or false (yes/no and on/off work too).",
        }
    ),
]

NOT_BLANK = r"\S"
"""Text must hold something besides spaces (a name of spaces shows as nothing)."""
Text = Annotated[str, Field(min_length=1, max_length=200, pattern=NOT_BLANK)]
Cue = Annotated[str, Field(min_length=1, max_length=60, pattern=NOT_BLANK)]
Starts = Literal["top", "bottom"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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
    reps: EmomReps | None = None


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
    implement: Implement | None = Field(
        None,
        description="What the load is lifted with: barbell, kettlebell, dumbbell, or "
        "bodyweight (with any load held); loads are rounded to what it can be loaded to.",
    )
    muscles: list[Text] | None = None
    setup: list[Text] | None = None
    cues: Annotated[list[Cue], Field(min_length=1, max_length=4)] | None = None
    safety: str | None = None
    progression: str | None = None
    variations: dict[str, Variation] | None = None


SET_KEYS = ("sets", "reps", "tempo", "hold", "per_side", "switch", "rest", "warmup")


def _entry_rules() -> dict[str, Any]:
    """The rules across an entry's keys, as JSON Schema (the loader checks the same)."""
    block = {"anyOf": [{"required": ["intervals"]}, {"required": ["emom"]}]}
    return {
        "allOf": [
            {"not": {"required": ["intervals", "emom"]}},
            {"if": block, "then": {"properties": dict.fromkeys(SET_KEYS, False)}},
            {"if": {"not": block}, "then": {"required": ["reps"]}},
            {"not": {"required": ["tempo", "hold"]}},
            {"if": {"required": ["warmup"]}, "then": _WARMUP_NEEDS},
            {
                "if": {"required": ["switch"]},
                "then": {
                    "required": ["per_side"],
                    "properties": {"per_side": {"enum": [True, *YES_WORDS]}},
                },
            },
            {
                "if": {
                    "required": ["progression"],
                    "properties": {
                        "progression": {
                            "required": ["rule"],
                            "properties": {"rule": {"const": "double"}},
                        }
                    },
                },
                "then": {"required": ["reps"], "properties": {"reps": _RANGE_ONLY}},
            },
        ]
    }


_WARMUP_NEEDS = {"required": ["load"], "properties": {"load": {"pattern": load.WEIGHT_PATTERN}}}
_RANGE_ONLY = {"type": "string", "not": {"pattern": "\\+"}}


def _member_rules() -> dict[str, Any]:
    """The rules across a superset exercise's keys (the loader checks the same)."""
    return {
        "allOf": [
            {"not": {"required": ["tempo", "hold"]}},
            {
                "if": {"required": ["switch"]},
                "then": {
                    "required": ["per_side"],
                    "properties": {"per_side": {"enum": [True, *YES_WORDS]}},
                },
            },
            {"if": {"required": ["warmup"]}, "then": _WARMUP_NEEDS},
            {
                "if": {
                    "required": ["progression"],
                    "properties": {
                        "progression": {
                            "required": ["rule"],
                            "properties": {"rule": {"const": "double"}},
                        }
                    },
                },
                "then": {"properties": {"reps": _RANGE_ONLY}},
            },
        ]
    }


class Entry(_Strict):
    """One exercise in a session: sets of reps, an interval block, or an EMOM block."""

    model_config = ConfigDict(json_schema_extra=_entry_rules())

    exercise: Text = Field(description="An id from the exercise library, like hip-thrust.")
    variation: Text | None = None
    sets: Sets | None = None
    reps: Reps | None = None
    tempo: TempoField | None = None
    hold: Hold | None = Field(None, description="Seconds at the top of every rep.")
    per_side: Flag = False
    switch: Lead | None = None
    rest: Pause | None = None
    rest_after: Pause | None = None
    get_ready: Lead | None = None
    intervals: Intervals | None = None
    emom: Emom | None = None
    load: LoadField | None = None
    progression: Progression | None = None
    warmup: WarmupField | None = Field(
        None,
        description="Warm-up sets before the working sets: [50%x8, 70%x5, 85%x3] (percent "
        "of the working load and reps), or auto.",
    )

    @property
    def kind(self) -> Literal["sets", "intervals", "emom"]:
        if self.intervals is not None:
            return "intervals"
        if self.emom is not None:
            return "emom"
        return "sets"


MAX_SUPERSET = 10
DEFAULT_BETWEEN = 10


class Member(_Strict):
    """One exercise of a superset: its reps and how they are done; the superset gives
    the rounds and the rests."""

    model_config = ConfigDict(json_schema_extra=_member_rules())

    exercise: Text = Field(description="An id from the exercise library, like hip-thrust.")
    variation: Text | None = None
    reps: Reps
    tempo: TempoField | None = None
    hold: Hold | None = Field(None, description="Seconds at the top of every rep.")
    per_side: Flag = False
    switch: Lead | None = None
    load: LoadField | None = None
    progression: Progression | None = None
    warmup: WarmupField | None = Field(
        None, description="Warm-up sets before the superset's first round: [50%x8] or auto."
    )


class Superset(_Strict):
    """Two or more exercises done in turn: A1, B1, rest, A2, B2, rest, ..."""

    sets: Sets = Field(1, description="Rounds: each exercise once per round.")
    rest: Pause | None = Field(None, description="After each round but the last (60 s).")
    between: Lead | None = Field(
        None, description=f"Change-over from one exercise to the next ({DEFAULT_BETWEEN} s)."
    )
    rest_after: Pause | None = Field(None, description="After the last round.")
    get_ready: Lead | None = Field(None, description="Before each round (5 s).")
    exercises: Annotated[list[Member], Field(min_length=2, max_length=MAX_SUPERSET)]


class SupersetEntry(_Strict):
    superset: Superset


def _entry_kind(value: object) -> str:
    return "<superset>" if isinstance(value, dict) and "superset" in value else "<exercise>"


Item = Annotated[
    Annotated[Entry, Tag("<exercise>")] | Annotated[SupersetEntry, Tag("<superset>")],
    Discriminator(_entry_kind),
]
TAGS: dict[str, type[BaseModel]] = {"<exercise>": Entry, "<superset>": SupersetEntry}


@dataclass(frozen=True)
class Group:
    """Entries done together: one exercise, or the exercises of a superset, numbered
    from `first` in the session's flat list of entries."""

    first: int
    entries: tuple[Entry, ...]
    superset: Superset | None = None


def _as_entry(member: Member, superset: Superset) -> Entry:
    """A superset's exercise as an entry of its own: its sets are the rounds."""
    return Entry.model_construct(
        **{name: getattr(member, name) for name in member.model_fields_set},
        sets=superset.sets,
        rest=superset.rest,
        rest_after=superset.rest_after,
        get_ready=superset.get_ready,
    )


class Session(_Strict):
    name: Text
    about: str = ""
    defaults: Defaults = Defaults.model_construct()
    library: dict[str, ExerciseInfo] = Field(default_factory=dict)
    sounds: dict[CueName, Text] = Field(
        default_factory=dict, description="Replace cue sounds with WAV files (relative paths)."
    )
    exercises: Annotated[list[Item], Field(min_length=1)]

    @cached_property
    def groups(self) -> tuple[Group, ...]:
        groups: list[Group] = []
        first = 0
        for item in self.exercises:
            if isinstance(item, SupersetEntry):
                members = tuple(_as_entry(m, item.superset) for m in item.superset.exercises)
                groups.append(Group(first, members, item.superset))
            else:
                groups.append(Group(first, (item,)))
            first += len(groups[-1].entries)
        return tuple(groups)

    @cached_property
    def entries(self) -> tuple[Entry, ...]:
        """Every exercise in order, a superset's one by one: what `entry` numbers index
        (the timeline, the log, progression)."""
        return tuple(entry for group in self.groups for entry in group.entries)
