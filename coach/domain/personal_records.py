"""Personal records per exercise, from the sets of the log: the estimated one-rep max,
the heaviest load for a number of reps, the most reps at a load, and the best session
volume; and which of them a new session beat.

- **Estimated 1RM** (Epley): load * (1 + reps / 30), from sets of 1 to 12 reps (a single
  is its own load); longer sets say little about a one-rep max and are left out.
- **Heaviest for N reps** (a rep max): the heaviest load lifted for at least N reps.
- **Most reps at a load**: the most reps done with at least that load.
- **Best session volume**: the most reps times load in one run of the exercise.

Only sets done with a numeric load count (a skipped set, an interval block or a load in
words does not), and warm-up sets are left out. Loads in lb are compared in kg.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from coach.domain.counting import counted
from coach.domain.load import Load, Unit, convert
from coach.domain.records import SetRecord

E1RM_MAX_REPS = 12
_SAME = 0.01  # kg: loads this close are the same load


def epley(load_kg: float, reps: int) -> float | None:
    """The estimated one-rep max of `reps` reps at `load_kg` (None past 12 reps or for
    no rep)."""
    if reps < 1 or reps > E1RM_MAX_REPS or load_kg <= 0:
        return None
    return load_kg if reps == 1 else load_kg * (1 + reps / 30)


def _kg(load: Load) -> float | None:
    if load.amount is None or load.unit is None:
        return None
    return convert(load.amount, load.unit, "kg")


def counts(record: SetRecord) -> bool:
    """The set can hold a record: done, with reps, at a numeric load, not a warm-up."""
    if record.skipped or record.rounds_planned or record.reps_done < 1:
        return False
    if getattr(record, "warmup", False):
        return False
    return (_kg(record.load) or 0.0) > 0


@dataclass(frozen=True)
class Lift:
    """One set that holds a record."""

    load: Load
    reps: int
    when: datetime

    @property
    def kg(self) -> float:
        return _kg(self.load) or 0.0


@dataclass(frozen=True)
class Volume:
    kg: float
    when: datetime
    session: str


@dataclass
class Bests:
    """An exercise's records so far."""

    exercise: str
    title: str
    unit: Unit = "kg"  # the unit most of its sets were lifted in
    e1rm: tuple[float, Lift] | None = None  # (kg, the set it came from)
    lifts: list[Lift] = field(default_factory=list)  # every counted set, for rep maxes

    volume: Volume | None = None

    def heaviest_for(self, reps: int) -> Lift | None:
        """The heaviest load lifted for at least `reps` reps (the earliest on a tie)."""
        found = [lift for lift in self.lifts if lift.reps >= reps]
        return max(found, key=lambda x: (x.kg, -x.when.timestamp())) if found else None

    def most_reps_at(self, kg: float) -> Lift | None:
        """The most reps done with at least `kg` (the earliest on a tie)."""
        found = [lift for lift in self.lifts if lift.kg >= kg - _SAME]
        return max(found, key=lambda x: (x.reps, -x.when.timestamp())) if found else None

    def rep_maxes(self) -> list[tuple[int, Lift]]:
        """For every rep count done, the heaviest load for at least that many."""
        result = []
        for reps in sorted({lift.reps for lift in self.lifts}):
            best = self.heaviest_for(reps)
            if best is not None:
                result.append((reps, best))
        return result

    def reps_at_loads(self) -> list[tuple[Load, Lift]]:
        """For every load lifted (heaviest first), the most reps done with at least it."""
        loads: dict[float, Load] = {}
        for lift in self.lifts:
            loads.setdefault(round(lift.kg, 2), lift.load)
        result = []
        for kg in sorted(loads, reverse=True):
            best = self.most_reps_at(kg)
            if best is not None:
                result.append((loads[kg], best))
        return result


def bests(records: Iterable[SetRecord]) -> dict[str, Bests]:
    """Every exercise's records, from its sets (any order), keyed by exercise id."""
    by_exercise: dict[str, list[SetRecord]] = defaultdict(list)
    for record in records:
        by_exercise[record.exercise].append(record)
    return {key: _bests(key, sets) for key, sets in by_exercise.items()}


def _bests(exercise: str, records: Sequence[SetRecord]) -> Bests:
    counted = [r for r in records if counts(r)]
    pounds = sum(1 for r in counted if r.load.unit == "lb")
    found = Bests(
        exercise,
        next((r.title for r in records if r.title), exercise),
        "lb" if pounds * 2 > len(counted) else "kg",
    )
    runs: dict[int, list[SetRecord]] = defaultdict(list)
    for record in sorted(counted, key=lambda r: r.ended):
        lift = Lift(record.load, record.reps_done, record.ended)
        found.lifts.append(lift)
        e1rm = epley(lift.kg, lift.reps)
        if e1rm is not None and (found.e1rm is None or e1rm > found.e1rm[0] + _SAME):
            found.e1rm = (e1rm, lift)
        runs[record.run_id].append(record)
    for sets in runs.values():
        kg = sum(r.reps_done * (_kg(r.load) or 0.0) for r in sets)
        when = min(r.started for r in sets)
        if found.volume is None or kg > found.volume.kg + _SAME:
            found.volume = Volume(kg, when, sets[0].session_name)
    return found


# --- what a session beat --------------------------------------------------------------


@dataclass(frozen=True)
class NewRecord:
    """A record a session set, in words: "estimated 1RM 95.3 kg (was 90 kg)"."""

    exercise: str
    title: str
    kind: str  # "e1rm", "heaviest", "most_reps", "volume"
    text: str


def in_unit(kg: float, unit: Unit) -> str:
    """A weight worked out by coach (not lifted as such), to a tenth: "95.3 kg"."""
    return f"{convert(kg, 'kg', unit):,.1f}".removesuffix(".0") + f" {unit}"


def new_records(earlier: Iterable[SetRecord], today: Iterable[SetRecord]) -> list[NewRecord]:
    """The records `today`'s sets beat, exercise by exercise. An exercise done for the
    first time sets none (there was nothing to beat); nor does a rep count or a load
    never done before it (a first set of 20 reps is not a rep record)."""
    before = bests(earlier)
    found: list[NewRecord] = []
    today_by: dict[str, list[SetRecord]] = defaultdict(list)
    for record in today:
        today_by[record.exercise].append(record)
    for exercise, sets in today_by.items():
        old = before.get(exercise)
        if old is None or not old.lifts:
            continue
        new = _bests(exercise, sets)
        found += _beaten(old, new)
    return found


def _beaten(old: Bests, new: Bests) -> list[NewRecord]:
    unit, title, key = old.unit, new.title, old.exercise
    found: list[NewRecord] = []
    if new.e1rm is not None and (old.e1rm is None or new.e1rm[0] > old.e1rm[0] + _SAME):
        was = f" (was {in_unit(old.e1rm[0], unit)})" if old.e1rm else ""
        found.append(
            NewRecord(key, title, "e1rm", f"estimated 1RM {in_unit(new.e1rm[0], unit)}{was}")
        )
    # The heaviest set of today that beats the old rep max for its reps; failing that,
    # the set with the most reps beyond the old best at its load.
    heavier = [
        (lift, best)
        for lift in new.lifts
        if (best := old.heaviest_for(lift.reps)) is not None and lift.kg > best.kg + _SAME
    ]
    if heavier:
        lift, best = max(heavier, key=lambda pair: (pair[0].kg, pair[0].reps))
        found.append(
            NewRecord(
                key,
                title,
                "heaviest",
                f"heaviest for {counted(lift.reps, 'rep')}: {lift.load} (was {best.load})",
            )
        )
    more = [
        (lift, best)
        for lift in new.lifts
        if (best := old.most_reps_at(lift.kg)) is not None and lift.reps > best.reps
    ]
    if more:
        lift, best = max(more, key=lambda pair: (pair[0].reps - pair[1].reps, pair[0].kg))
        found.append(
            NewRecord(
                key,
                title,
                "most_reps",
                f"most reps at {lift.load}: {lift.reps} (was {best.reps})",
            )
        )
    if new.volume is not None and old.volume is not None and new.volume.kg > old.volume.kg + _SAME:
        found.append(
            NewRecord(
                key,
                title,
                "volume",
                f"best session volume {in_unit(new.volume.kg, unit)} "
                f"(was {in_unit(old.volume.kg, unit)})",
            )
        )
    return found


def announce(found: Sequence[NewRecord]) -> list[str]:
    """One line per exercise: "New record · Hip thrust: estimated 1RM 95.3 kg (was 90 kg);
    ..."."""
    by_title: dict[str, list[str]] = defaultdict(list)
    for record in found:
        by_title[record.title].append(record.text)
    return [
        f"New record{'s' if len(texts) > 1 else ''} · {title}: {'; '.join(texts)}"
        for title, texts in by_title.items()
    ]
