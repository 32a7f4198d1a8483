"""Programs: sessions in rotation or by weekday, with a lighter week every so often.

A program file lives in the sessions folder beside the sessions it names, and is told
apart from them by its top-level `program:` key (a session has `name:` instead):

    program: Posterior chain, two days
    rotation: [lower-a.yaml, lower-b.yaml]
    deload: {every: 4, load: 90%}

or, by weekday, `days: {mon: lower-a, thu: lower-b}`.

Where a program stands is worked out from the runs of its sessions in the history, never
kept on its own: the functions here take those runs as plain values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, ValidationError, WithJsonSchema
from pydantic_core import PydanticCustomError

from coach.domain.load import Load
from coach.domain.loading import read_text
from coach.domain.models import ERROR_TYPE, whole_number
from coach.domain.problems import Problem, SessionFileError
from coach.domain.progression import Advice
from coach.domain.suggest import closest
from coach.domain.timeline import Target

if TYPE_CHECKING:
    from coach.domain.yaml_reader import Located

PROGRAM_KEY = "program"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LONG_DAYS = {name.lower(): short for name, short in zip(DAY_NAMES, WEEKDAYS, strict=True)}
Weekday = Literal[
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
]
PERCENT_PATTERN = "^ *[0-9]+(\\.[0-9]+)? *% *$"
# The same for an editor, held to the range: 40% to 99.x%.
_PERCENT_IN_RANGE = "^ *(4[0-9]|[5-9][0-9])(\\.[0-9]+)? *% *$"
LOW_PERCENT, HIGH_PERCENT = 40, 99


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError(ERROR_TYPE, message)


def _percent(value: object) -> float:
    """A deload load: "90%" or 90, as a fraction of the usual load (0.9)."""
    number: float | None
    if isinstance(value, str) and re.fullmatch(PERCENT_PATTERN, value):
        number = float(value.strip().rstrip("%").strip())
    elif isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        number = None
    if number is None:
        raise _fail('load must be a percent of the usual load, like "90%"')
    if 0 < number < 1 and LOW_PERCENT <= number * 100 <= HIGH_PERCENT:
        raise _fail(  # 0.9 for 90%: the likeliest slip, named as such
            f"load {number:g} reads as {number:g}%, out of range; for {number * 100:g}% of the "
            f"usual load, write {number * 100:g}%"
        )
    if not LOW_PERCENT <= number <= HIGH_PERCENT:
        raise _fail(
            f"load {number:g}% is out of range; a deload lifts {LOW_PERCENT}% to "
            f"{HIGH_PERCENT}% of the usual load"
        )
    return number / 100


def _weeks(value: object) -> int:
    weeks = whole_number(value)
    if weeks is None:
        raise _fail("every must be a whole number of weeks, like 4")
    if not 2 <= weeks <= 52:
        raise _fail(f"every {weeks} is out of range; a deload comes every 2 to 52 weeks")
    return weeks


def _start(value: object) -> date:
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise _fail(f'start "{value}" is not a date; write it like 2026-11-30') from None


Percent = Annotated[
    float,
    PlainValidator(_percent),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": LOW_PERCENT, "maximum": HIGH_PERCENT},
                {"type": "string", "pattern": _PERCENT_IN_RANGE},
            ],
            "description": f'The deload week\'s loads as a percent of the usual ones: "90%" '
            f"({LOW_PERCENT}-{HIGH_PERCENT}).",
        }
    ),
]
Weeks = Annotated[
    int,
    PlainValidator(_weeks),
    WithJsonSchema({"type": "integer", "minimum": 2, "maximum": 52}),
]
StartDate = Annotated[
    date,
    PlainValidator(_start),
    WithJsonSchema(
        {"type": "string", "format": "date", "description": "Week 1 starts this day's week."}
    ),
]
SessionName = Annotated[str, Field(min_length=1, max_length=300)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Deload(_Strict):
    """Every `every`th week of the program, loads are `load` of the usual ones."""

    every: Weeks = Field(description="A deload week every this many weeks (the last of each).")
    load: Percent


class Program(_Strict):
    """A program file: sessions in rotation, or by weekday."""

    program: Annotated[str, Field(min_length=1, max_length=200)] = Field(
        description="The program's name."
    )
    about: str = ""
    rotation: Annotated[list[SessionName], Field(min_length=1, max_length=50)] | None = Field(
        default=None,
        description="Sessions in turn: names from `coach list`, or paths relative to this file.",
    )
    days: Annotated[dict[Weekday, SessionName], Field(min_length=1)] | None = Field(
        default=None,
        description="Sessions by weekday (mon ... sun): names from `coach list`, or paths.",
    )
    deload: Deload | None = None
    start: StartDate | None = None


# --- the file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One session of a program: as written, the file it means, and its weekday (0 is
    Monday) in the weekday form."""

    name: str
    path: Path
    weekday: int | None = None

    @property
    def key(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class LoadedProgram:
    path: Path
    program: Program
    slots: tuple[Slot, ...]  # the rotation in order, or the days from Monday

    @property
    def name(self) -> str:
        return self.program.program

    @property
    def key(self) -> str:
        return self.path.stem

    def describe(self) -> str:
        """How the program goes, in one line."""
        if self.program.rotation is not None:
            text = "rotation: " + " → ".join(slot.key for slot in self.slots)
        else:
            text = ", ".join(f"{WEEKDAYS[s.weekday or 0]} {s.key}" for s in self.slots)
        deload = self.program.deload
        if deload is not None:
            text += f"; deload every {deload.every} weeks at {deload.load:.0%}"
        return text


# What a name in a program means: the session file, or why there is none (one line).
Lookup = Callable[[str, Path], Path | str]


def is_program_data(data: object) -> bool:
    """Whether a YAML document is a program (a mapping with a top-level `program:`)."""
    return isinstance(data, dict) and PROGRAM_KEY in data


def is_program_text(text: str) -> bool:
    from coach.domain.yaml_reader import YamlProblem, read_yaml

    try:
        located, _ = read_yaml(text)
    except YamlProblem:
        return False
    return is_program_data(located.data)


def _describe(error: Any) -> tuple[tuple[str | int, ...], bool, str]:
    loc: tuple[str | int, ...] = tuple(error["loc"])
    kind = error["type"]
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    if kind == ERROR_TYPE:
        return loc, False, str(error["msg"])
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        return (
            loc,
            True,
            f"'{loc[-1]}' is not a weekday; write mon, tue, wed, thu, fri, sat or sun",
        )
    if kind == "extra_forbidden":
        model: type[BaseModel] = Deload if loc[:1] == ("deload",) else Program
        allowed = sorted(model.model_fields)
        guess = closest(name, allowed)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        return loc, True, f"unknown key '{name}'{hint}; allowed here: {', '.join(allowed)}"
    if kind == "missing":
        return loc[:-1], True, f"missing '{name}'" + (" in deload" if len(loc) > 1 else "")
    if kind == "string_type" and loc[:1] in (("rotation",), ("days",)):
        return loc, False, f"{name} must be text (a session name or path)"
    if kind == "string_type" and isinstance(error.get("input"), int | float):
        # YAML reads 12 or 1.5 as a number; a name that looks like one needs quotes.
        shown = error["input"]
        return loc, False, f'{name} must be text; put it in quotes: {name}: "{shown}"'
    if kind == "string_type":
        return loc, False, f"{name} must be text"
    if kind in ("list_type",):
        return loc, False, f"{name} must be a list of sessions, like [lower-a, lower-b]"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return loc, False, f"{name} must be a mapping (key: value lines)"
    if kind == "too_short":
        return loc, False, f"{name} is empty; name at least one session"
    if kind == "literal_error":
        return loc, False, f"{name} is not a weekday; write mon, tue, wed, thu, fri, sat or sun"
    if kind == "too_long":
        return loc, False, f"{name} names too many sessions (at most 50)"
    if kind == "string_too_short":
        return loc, False, f"{name} is empty"
    if kind == "string_too_long":
        return loc, False, f"{name} is too long"
    return loc, False, f"{name}: {error['msg']}"


def _reference_problems(
    path: Path, raw: dict[str, Any], located: Located, lookup: Lookup
) -> tuple[list[Slot], list[Problem]]:
    slots: list[Slot] = []
    problems: list[Problem] = []
    named: list[tuple[tuple[str | int, ...], str, int | None]] = []
    rotation = raw.get("rotation")
    days = raw.get("days")
    if isinstance(rotation, list):
        named += [(("rotation", i), n, None) for i, n in enumerate(rotation) if isinstance(n, str)]
    if isinstance(days, dict):
        for day, name in days.items():
            short = _LONG_DAYS.get(str(day), str(day))
            if short in WEEKDAYS and isinstance(name, str):
                named.append((("days", day), name, WEEKDAYS.index(short)))
    seen_days: dict[int, str] = {}
    for where, name, weekday in named:
        mark = located.place(where)
        if weekday is not None:
            if weekday in seen_days:
                problems.append(
                    Problem(
                        mark.line,
                        mark.column,
                        f"{DAY_NAMES[weekday]} is given twice ({seen_days[weekday]} and "
                        f"{where[-1]}); give each day once",
                    )
                )
                continue
            seen_days[weekday] = str(where[-1])
        if not name.strip():
            continue  # the model reports it
        found = lookup(name.strip(), path.parent)
        if isinstance(found, str):
            problems.append(Problem(mark.line, mark.column, found))
            continue
        slots.append(Slot(name.strip(), found, weekday))
    if isinstance(days, dict):
        slots.sort(key=lambda slot: slot.weekday or 0)
    return slots, problems


def validate_program_text(path: Path, text: str, lookup: Lookup) -> LoadedProgram:
    """A program file checked, and every session it names found by `lookup`; raises
    SessionFileError with every problem at its line and column."""
    from coach.domain.yaml_reader import YamlProblem, read_yaml

    try:
        located, warnings = read_yaml(text)
    except YamlProblem as exc:
        problem = Problem(exc.mark.line, exc.mark.column, exc.message)
        raise SessionFileError(path, [problem]) from None
    problems = [Problem(m.line, m.column, message) for m, message in warnings]
    raw = located.data
    if not is_program_data(raw):
        raise SessionFileError(
            path, [Problem(1, 1, "a program file is a mapping that starts with program: NAME")]
        )
    assert isinstance(raw, dict)
    for key, value in raw.items():
        if value is None:
            mark = located.place((key,), key=True)
            problems.append(
                Problem(
                    mark.line,
                    mark.column,
                    f"'{key}' has no value; write one after the colon, or remove the line",
                )
            )
    raw = {key: value for key, value in raw.items() if value is not None}
    if "rotation" in raw and "days" in raw:
        mark = located.place(("days",), key=True)
        problems.append(Problem(mark.line, mark.column, "a program has rotation or days, not both"))
    elif "rotation" not in raw and "days" not in raw:
        mark = located.place(("program",), key=True)
        problems.append(
            Problem(
                mark.line,
                mark.column,
                "a program needs rotation: [SESSION, ...] or days: {mon: SESSION, ...}",
            )
        )
    program: Program | None = None
    try:
        program = Program.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            loc, at_key, message = _describe(error)
            mark = located.place(loc, key=at_key)
            problems.append(Problem(mark.line, mark.column, message))
    slots, more = _reference_problems(path, raw, located, lookup)
    problems += more
    problems = sorted(set(problems))
    if problems or program is None:
        raise SessionFileError(path, problems)
    return LoadedProgram(path, program, tuple(slots))


def load_program(path: Path | str, lookup: Lookup) -> LoadedProgram:
    path = Path(path)
    return validate_program_text(path, read_text(path), lookup)


# --- where a program stands ----------------------------------------------------------


@dataclass(frozen=True)
class DoneRun:
    """A run of one of the program's sessions, as the history has it."""

    run_id: int
    session_path: str  # the session file, resolved (as the history keeps it)
    day: date  # the local day it started


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True)
class Standing:
    """Where a program stands today, and what comes next."""

    program: LoadedProgram
    week: int  # 1-based, counted from the week of `start` or of its first run
    deload: float | None  # this week's load factor, when it is a deload week
    next: Slot
    on: date  # the day `next` is meant for (today in a rotation)
    reason: str  # why `next` is next, in words
    last: DoneRun | None  # the program's latest run
    deload_runs: frozenset[int]  # earlier runs done in deload weeks
    today: date

    @property
    def is_today(self) -> bool:
        """Whether the next session is meant for today (always, in a rotation)."""
        return self.on == self.today


def _week(program: Program, runs: Sequence[DoneRun], day: date) -> int:
    first = program.start or (min(r.day for r in runs) if runs else day)
    return max(0, (_monday(day) - _monday(first)).days // 7) + 1


def is_deload_week(program: Program, week: int) -> bool:
    return program.deload is not None and week % program.deload.every == 0


def _counted(loaded: LoadedProgram, runs: Sequence[DoneRun]) -> list[DoneRun]:
    paths = {str(slot.path) for slot in loaded.slots}
    start = loaded.program.start
    chosen = [r for r in runs if r.session_path in paths and (start is None or r.day >= start)]
    return sorted(chosen, key=lambda r: (r.day, r.run_id))


def rotation_position(slots: Sequence[Slot], runs: Sequence[DoneRun]) -> int:
    """The index of the next session in a rotation, after `runs` (oldest first): each run
    moves to just after the first place, from the current one on, that holds its
    session, so a session done out of turn picks the rotation up from there."""
    position = 0
    for run in runs:
        for step in range(len(slots)):
            index = (position + step) % len(slots)
            if str(slots[index].path) == run.session_path:
                position = (index + 1) % len(slots)
                break
    return position


def standing(loaded: LoadedProgram, runs: Sequence[DoneRun], today: date) -> Standing:
    """Where `loaded` stands on `today`, from the runs of its sessions (any order; runs
    of other sessions and runs before `start` are left out)."""
    program = loaded.program
    counted = _counted(loaded, runs)
    last = counted[-1] if counted else None
    if program.rotation is not None:
        index = rotation_position(loaded.slots, counted)
        slot, on = loaded.slots[index], today
        if last is None:
            reason = "first in the rotation"
        else:
            after = next(s.key for s in loaded.slots if str(s.path) == last.session_path)
            reason = f"next in the rotation after {after} ({last.day:%a %d %b})"
    else:
        done_today = {r.session_path for r in counted if r.day == today}
        slot, on = _next_day(loaded.slots, today, done_today)
        reason = f"{DAY_NAMES[on.weekday()]}'s session"
        if on != today:
            reason += f" (today, {DAY_NAMES[today.weekday()]}, has none to do)"
    week = _week(program, counted, on)
    deload = program.deload.load if program.deload and is_deload_week(program, week) else None
    light = frozenset(
        r.run_id for r in counted if is_deload_week(program, _week(program, counted, r.day))
    )
    return Standing(loaded, week, deload, slot, on, reason, last, light, today)


def _next_day(slots: Sequence[Slot], today: date, done_today: set[str]) -> tuple[Slot, date]:
    by_day = {slot.weekday: slot for slot in slots}
    for ahead in range(8):
        day = today + timedelta(days=ahead)
        slot = by_day.get(day.weekday())
        if slot is None or (ahead == 0 and str(slot.path) in done_today):
            continue
        return slot, day
    raise AssertionError("a program by weekday names at least one day")  # validated


# --- a deload week's loads -----------------------------------------------------------


def rounded(amount: float, unit: str) -> float:
    """The nearest load in steps of 2.5 kg or 5 lb (a half-way load goes down: this is
    for lighter weeks)."""
    step = 2.5 if unit == "kg" else 5.0
    return math.ceil(amount / step - 0.5) * step


def lighter(load: Load, factor: float) -> Load:
    """`load` scaled by `factor` and rounded to a loadable step; words stay as they are."""
    if load.amount is None or load.unit is None:
        return load
    return Load(rounded(load.amount * factor, load.unit), load.unit)


def deloaded(advice: dict[int, Advice], factor: float) -> dict[int, Advice]:
    """Today's advice with every numeric load (the target's, or the file's) scaled for a
    deload week; the reps stay."""
    result: dict[int, Advice] = {}
    for index, item in advice.items():
        usual = item.load
        if usual is None or usual.amount is None:
            result[index] = item
            continue
        light = lighter(usual, factor)
        reps = item.target.reps if item.target is not None else None
        reason = f"deload week: {factor:.0%} of {usual}"
        result[index] = Advice(
            item.entry, item.last, Target(load=light, reps=reps), reason, light, item.reps
        )
    return result
