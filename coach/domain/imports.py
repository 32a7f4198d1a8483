"""Read the CSV exports of other training logs (and coach's own) into plain workouts.

Four layouts, told apart by their header row:

- **Strong**, comma-separated: `Date,Workout Name,Duration,Exercise Name,Set Order,
  Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE`. The weights are in the unit
  the app was set to, which the file does not say: the caller passes it.
- **Strong**, the older semicolon-separated layout: `Date;Workout Name;Exercise Name;
  Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;
  Workout Notes` (and sometimes `Workout Duration`).
- **Hevy**: `title,start_time,end_time,description,exercise_title,superset_id,
  exercise_notes,set_index,set_type,weight_kg,reps,distance_km,duration_seconds,rpe`,
  with `weight_lbs` and `distance_miles` instead when the app was set to pounds.
- **coach**: what `coach history --csv` writes.

Nothing here touches a file or the history: text in, workouts out, or an ImportProblem
naming the row and column at fault.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from coach.domain.library import Library
from coach.domain.load import MAX_KG, MAX_LB, Load, Unit

Source = Literal["strong", "hevy", "coach"]


class ImportProblem(ValueError):
    """Why a file cannot be imported: one line, naming the row and column when there is one."""

    def __init__(self, message: str, row: int | None = None, column: str | None = None) -> None:
        self.row = row
        self.column = column
        self.message = message
        where = []
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f'column "{column}"')
        super().__init__(f"{', '.join(where)}: {message}" if where else message)


@dataclass(frozen=True)
class ImportedSet:
    exercise: str  # the name as the file has it
    reps: int
    load: Load
    rpe: float | None = None
    # coach's own CSV carries more of the set than other apps do
    variation: str | None = None
    set_no: int | None = None
    side: str | None = None
    reps_planned: int | None = None
    rounds_planned: int = 0
    rounds_done: int = 0
    skipped: bool = False
    corrected: bool = False
    started: datetime | None = None
    ended: datetime | None = None
    warmup: bool = False
    rir: int | None = None
    note: str = ""


@dataclass
class ImportedWorkout:
    source: Source
    name: str
    started: datetime  # as the file says, in local time when it gives no zone
    ended: datetime | None
    sets: list[ImportedSet] = field(default_factory=list)
    session_file: str = ""  # coach's CSV: the session file it was run from

    @property
    def key(self) -> tuple[str, str, datetime]:
        return (self.source, self.name, self.started)


@dataclass
class ImportedLog:
    source: Source
    layout: str  # in words, for the report
    workouts: list[ImportedWorkout]
    left_out: dict[str, int] = field(default_factory=dict)  # why -> how many rows

    @property
    def rows(self) -> int:
        return sum(len(w.sets) for w in self.workouts)


# --- the header ----------------------------------------------------------------------

STRONG = (
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
)
STRONG_OLD = (
    "Date",
    "Workout Name",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Weight Unit",
    "Reps",
    "RPE",
    "Distance",
    "Distance Unit",
    "Seconds",
    "Notes",
    "Workout Notes",
)
HEVY = (
    "title",
    "start_time",
    "end_time",
    "description",
    "exercise_title",
    "superset_id",
    "exercise_notes",
    "set_index",
    "set_type",
    "reps",
    "duration_seconds",
    "rpe",
)
COACH = (
    "started",
    "ended",
    "session",
    "session_file",
    "run",
    "exercise",
    "variation",
    "title",
    "set",
    "side",
    "reps_planned",
    "reps_done",
    "rounds_planned",
    "rounds_done",
    "load_amount",
    "load_unit",
    "skipped",
    "corrected",
)
# The columns a layout cannot do without (the rest may be missing or empty).
_NEEDED = {
    "strong": ("Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Reps"),
    "strong-old": (
        "Date",
        "Workout Name",
        "Exercise Name",
        "Set Order",
        "Weight",
        "Weight Unit",
        "Reps",
    ),
    "hevy": ("title", "start_time", "exercise_title", "set_index", "reps"),
    "coach": (
        "started",
        "session",
        "run",
        "exercise",
        "set",
        "reps_done",
        "load_amount",
        "load_unit",
    ),
}
_DELIMITER = {"strong": ",", "strong-old": ";", "hevy": ",", "coach": ","}
_NAMES = {
    "strong": "a Strong export",
    "strong-old": "a Strong export (semicolon layout)",
    "hevy": "a Hevy export",
    "coach": "coach's own CSV",
}


def _layout(header: list[str]) -> str | None:
    names = set(header)
    if "Weight Unit" in names and "Exercise Name" in names:
        return "strong-old"
    if "Exercise Name" in names or "Workout Name" in names:
        return "strong"
    if "exercise_title" in names or "start_time" in names:
        return "hevy"
    if "reps_done" in names or "session_file" in names:
        return "coach"
    return None


def _split_header(line: str) -> tuple[list[str], str]:
    """The header's fields, and the delimiter that gives the most of them."""
    best: tuple[list[str], str] = ([line], ",")
    for delimiter in (",", ";", "\t", "|"):
        fields = next(csv.reader([line], delimiter=delimiter), [])
        if len(fields) > len(best[0]):
            best = (fields, delimiter)
    return [f.strip() for f in best[0]], best[1]


def _shown(delimiter: str) -> str:
    return {"\t": "tabs", ",": "commas", ";": "semicolons", "|": "bars"}[delimiter]


# --- values --------------------------------------------------------------------------

_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %I:%M:%S %p",
    "%Y-%m-%d %I:%M %p",
    "%d %b %Y, %H:%M",
    "%d %b %Y, %H:%M:%S",
    "%d %B %Y, %H:%M",
)
_SAMPLE_DATE = {
    "strong": "2024-03-05 18:30:00",
    "strong-old": "2024-03-05 18:30:00",
    "hevy": "5 Mar 2024, 18:30",
    "coach": "2024-03-05T18:30:00+01:00",
}


def _date(text: str, row: int, column: str, layout: str) -> datetime:
    text = text.replace("\u202f", " ").replace("\u00a0", " ").strip()
    if layout == "coach":
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            moment = None
        if moment is not None:
            return moment if moment.tzinfo else moment.astimezone()
    else:
        for form in _DATE_FORMATS:
            try:
                return datetime.strptime(text, form).astimezone()
            except ValueError:
                continue
    if not text:
        raise ImportProblem("the date is empty", row, column)
    raise ImportProblem(
        f'"{text}" is not a date coach can read; {_NAMES[layout]} writes dates like '
        f"{_SAMPLE_DATE[layout]}",
        row,
        column,
    )


def _number(text: str, row: int, column: str) -> float | None:
    """A number, or None when the field is empty."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ImportProblem(f'"{text}" is not a number', row, column) from None
    if not math.isfinite(value) or value < 0:
        raise ImportProblem(f'"{text}" is not a weight or count coach can keep', row, column)
    return value


def _whole(text: str, row: int, column: str) -> int | None:
    value = _number(text, row, column)
    if value is None:
        return None
    if not value.is_integer():
        raise ImportProblem(f'"{text.strip()}" is not a whole number', row, column)
    return int(value)


def _unit(text: str, row: int, column: str) -> Unit:
    word = text.strip().lower()
    if word in ("kg", "kgs"):
        return "kg"
    if word in ("lb", "lbs"):
        return "lb"
    raise ImportProblem(f'"{text.strip()}" is not a weight unit; kg or lbs', row, column)


def _load(amount: float | None, unit: Unit, row: int, column: str) -> Load:
    if amount is None or amount == 0:
        return Load()  # bodyweight, or a set without a weight
    if amount > (MAX_KG if unit == "kg" else MAX_LB):
        raise ImportProblem(f"{amount:g} {unit} is more than anyone lifts", row, column)
    return Load(round(amount, 3), unit)


def _rpe(text: str, row: int, column: str) -> float | None:
    value = _number(text, row, column)
    if value is None or value == 0:
        return None
    if value > 10:
        raise ImportProblem(f'RPE "{text.strip()}" is above 10', row, column)
    return value


def _rir(text: str, row: int, column: str) -> int | None:
    value = _whole(text, row, column)
    if value is not None and not 0 <= value <= 5:
        raise ImportProblem(f'reps in reserve "{text.strip()}" is not 0 to 5', row, column)
    return value


_DURATION = re.compile(r"(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+)\s*s)?")


def _duration(text: str) -> timedelta | None:
    """Strong's "1h 5m" (a length it could not read is left out: it is only a length)."""
    match = _DURATION.fullmatch(text.strip())
    if not text.strip() or match is None or not any(match.groupdict().values()):
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v}
    return timedelta(hours=parts.get("h", 0), minutes=parts.get("m", 0), seconds=parts.get("s", 0))


# --- the rows ------------------------------------------------------------------------


def read_export(text: str, unit: Unit = "kg") -> ImportedLog:
    """The workouts in an export's text. `unit`: the unit of Strong's comma layout,
    which does not say. Raises ImportProblem for the first thing that is wrong."""
    if not text.strip():
        raise ImportProblem("the file is empty; export your workouts again")
    lines = text.splitlines()
    header, delimiter = _split_header(lines[0])
    layout = _layout(header)
    if layout is None:
        raise ImportProblem(
            "this header is not one coach knows: it reads Strong and Hevy exports and its "
            f"own CSV (the first line has: {', '.join(header[:6])})",
            1,
        )
    if delimiter != _DELIMITER[layout]:
        raise ImportProblem(
            f"the columns are separated by {_shown(delimiter)}; {_NAMES[layout]} separates "
            f"them by {_shown(_DELIMITER[layout])}",
            1,
        )
    weight_column = None
    if layout == "hevy":
        weight_column = next((c for c in ("weight_kg", "weight_lbs") if c in header), None)
        if weight_column is None:
            raise ImportProblem('missing column "weight_kg" (or "weight_lbs")', 1)
    for needed in _NEEDED[layout]:
        if needed not in header:
            raise ImportProblem(
                f'missing column "{needed}"; {_NAMES[layout]} has ' + ", ".join(_NEEDED[layout]),
                1,
            )
    if len(set(header)) != len(header):
        twice = next(c for c in header if header.count(c) > 1)
        raise ImportProblem(f'column "{twice}" is there twice', 1)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    try:
        next(reader)
        records: list[tuple[int, dict[str, str]]] = []
        for fields in reader:
            row = reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if len(fields) != len(header):
                raise ImportProblem(
                    f"{len(fields)} fields where the header has {len(header)} (a stray "
                    f"{_shown(delimiter)[:-1]}, or a different separator on this line?)",
                    row,
                )
            records.append((row, dict(zip(header, fields, strict=True))))
    except csv.Error as exc:
        raise ImportProblem(f"this is not well-formed CSV ({exc})", reader.line_num) from None
    if layout == "hevy":
        assert weight_column is not None
        return _hevy(records, weight_column)
    if layout == "coach":
        return _coach(records)
    return _strong(records, layout, unit)


def _workout(
    found: dict[tuple[str, datetime], ImportedWorkout],
    source: Source,
    name: str,
    started: datetime,
    ended: datetime | None,
) -> ImportedWorkout:
    key = (name, started)
    if key not in found:
        found[key] = ImportedWorkout(source, name, started, ended)
    return found[key]


def _count(left_out: dict[str, int], why: str) -> None:
    left_out[why] = left_out.get(why, 0) + 1


def _strong(records: list[tuple[int, dict[str, str]]], layout: str, unit: Unit) -> ImportedLog:
    found: dict[tuple[str, datetime], ImportedWorkout] = {}
    left_out: dict[str, int] = {}
    for row, r in records:
        if r["Set Order"].strip().lower() == "rest timer":
            continue  # a rest, not a set
        started = _date(r["Date"], row, "Date", layout)
        name = r["Workout Name"].strip() or "Workout"
        length = _duration(r.get("Duration") or r.get("Workout Duration") or "")
        workout = _workout(found, "strong", name, started, started + length if length else None)
        row_unit = (
            _unit(r["Weight Unit"], row, "Weight Unit")
            if layout == "strong-old" and r["Weight Unit"].strip()
            else unit
        )
        weight = _number(r["Weight"], row, "Weight")
        reps = _whole(r["Reps"], row, "Reps")
        rpe = _rpe(r.get("RPE", ""), row, "RPE")
        exercise = r["Exercise Name"].strip()
        if not exercise:
            raise ImportProblem("the exercise name is empty", row, "Exercise Name")
        if r["Set Order"].strip().upper() == "W":
            _count(left_out, "warm-up")
            continue
        if not reps:
            _count(left_out, "without reps")
            continue
        workout.sets.append(
            ImportedSet(exercise, reps, _load(weight, row_unit, row, "Weight"), rpe)
        )
    return ImportedLog("strong", _NAMES[layout], _sorted(found), left_out)


def _hevy(records: list[tuple[int, dict[str, str]]], weight_column: str) -> ImportedLog:
    unit: Unit = "kg" if weight_column == "weight_kg" else "lb"
    found: dict[tuple[str, datetime], ImportedWorkout] = {}
    left_out: dict[str, int] = {}
    for row, r in records:
        started = _date(r["start_time"], row, "start_time", "hevy")
        ended = (
            _date(r["end_time"], row, "end_time", "hevy") if r.get("end_time", "").strip() else None
        )
        workout = _workout(found, "hevy", r["title"].strip() or "Workout", started, ended)
        weight = _number(r[weight_column], row, weight_column)
        reps = _whole(r["reps"], row, "reps")
        rpe = _rpe(r.get("rpe", ""), row, "rpe")
        exercise = r["exercise_title"].strip()
        if not exercise:
            raise ImportProblem("the exercise name is empty", row, "exercise_title")
        if r.get("set_type", "").strip().lower() == "warmup":
            _count(left_out, "warm-up")
            continue
        if not reps:
            _count(left_out, "without reps")
            continue
        workout.sets.append(
            ImportedSet(exercise, reps, _load(weight, unit, row, weight_column), rpe)
        )
    return ImportedLog("hevy", _NAMES["hevy"], _sorted(found), left_out)


def _flag(text: str, row: int, column: str) -> bool:
    value = _whole(text or "0", row, column)
    if value not in (0, 1):
        raise ImportProblem(f'"{text}" is not 0 or 1', row, column)
    return value == 1


def _coach(records: list[tuple[int, dict[str, str]]]) -> ImportedLog:
    by_run: dict[str, list[tuple[int, dict[str, str], datetime]]] = {}
    for row, r in records:
        started = _date(r["started"], row, "started", "coach")
        by_run.setdefault(r["run"].strip(), []).append((row, r, started))
    workouts: list[ImportedWorkout] = []
    for rows in by_run.values():
        first_row, first, _ = rows[0]
        began = min(started for _, _, started in rows)
        name = first["session"].strip() or "Workout"
        workout = ImportedWorkout(
            "coach", name, began, None, session_file=first.get("session_file", "").strip()
        )
        for row, r, started in rows:
            ended = (
                _date(r["ended"], row, "ended", "coach") if r.get("ended", "").strip() else started
            )
            amount = _number(r["load_amount"], row, "load_amount")
            if amount is not None:
                load = _load(amount, _unit(r["load_unit"], row, "load_unit"), row, "load_amount")
            else:
                words = r.get("load", "").strip()
                load = Load(words=words) if words else Load()
            reps = _whole(r["reps_done"], row, "reps_done") or 0
            workout.sets.append(
                ImportedSet(
                    exercise=r["exercise"].strip(),
                    reps=reps,
                    load=load,
                    rpe=_rpe(r.get("rpe", ""), row, "rpe") if "rpe" in r else None,
                    variation=r.get("variation", "").strip() or None,
                    set_no=_whole(r["set"], row, "set"),
                    side=r.get("side", "").strip() or None,
                    reps_planned=_whole(r.get("reps_planned", ""), row, "reps_planned"),
                    rounds_planned=_whole(r.get("rounds_planned", ""), row, "rounds_planned") or 0,
                    rounds_done=_whole(r.get("rounds_done", ""), row, "rounds_done") or 0,
                    skipped=_flag(r.get("skipped", ""), row, "skipped"),
                    corrected=_flag(r.get("corrected", ""), row, "corrected"),
                    started=started,
                    ended=ended,
                    warmup=_flag(r.get("warmup", ""), row, "warmup"),
                    rir=_rir(r.get("rir", ""), row, "rir"),
                    note=r.get("note", "").strip(),
                )
            )
            if not workout.sets[-1].exercise:
                raise ImportProblem("the exercise is empty", row, "exercise")
        workout.ended = max(s.ended for s in workout.sets if s.ended is not None)
        del first_row
        workouts.append(workout)
    return ImportedLog("coach", _NAMES["coach"], sorted(workouts, key=lambda w: w.started), {})


def _sorted(found: dict[tuple[str, datetime], ImportedWorkout]) -> list[ImportedWorkout]:
    return sorted((w for w in found.values() if w.sets), key=lambda w: w.started)


# --- names -----------------------------------------------------------------------------


def _plain(name: str) -> str:
    """A name without what is in brackets, in lower case, words only: "Hip Thrust
    (Barbell)" and "hip-thrust" both read "hip thrust"."""
    name = re.sub(r"\([^)]*\)", " ", name.lower())
    return " ".join(re.findall(r"[a-z0-9]+", name))


def library_names(library: Library) -> dict[str, tuple[str, str | None]]:
    """What an exercise may be called in another app -> (id, variation)."""
    names: dict[str, tuple[str, str | None]] = {}
    for key, exercise in library.items():
        names[_plain(key)] = (key, None)
        names[_plain(exercise.name)] = (key, None)
        for variation, _ in exercise.variations:
            names[_plain(exercise.display_name(variation))] = (key, variation)
            names[_plain(f"{variation} {exercise.name}")] = (key, variation)
    names.setdefault("hyperextension", ("back-extension", None))
    names.setdefault("glute hip thrust", ("hip-thrust", None))
    return names


def match_exercise(
    name: str, names: dict[str, tuple[str, str | None]]
) -> tuple[str, str | None] | None:
    """The library id (and variation) another app's exercise name means, if any."""
    return names.get(_plain(name))
