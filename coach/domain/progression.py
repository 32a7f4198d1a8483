"""Progressive overload: from what was done last time, today's load and reps.

Two rules, declared per exercise or in `defaults`:

- **double** (with a rep range such as `reps: 8-12`): while some set fell short of the
  top of the range, keep the load and aim for one rep more than the weakest set managed
  (never below the bottom, never above the top). Once every set reached the top, add
  `step` and go back to the bottom of the range.
- **linear**: add `step` after every session in which every set was completed (every
  planned rep or round done, none skipped); otherwise repeat the load.

An AMRAP set (`reps: 8+`) that went well past its target (by a quarter of it, at least
2 reps: 10 for 8+, 7 for 5+) moves the load up two steps instead of one under either
rule. Warm-up sets are not read at all.

Either way the load goes up from the heaviest load of last time, and only when every set
was done at that load. The heavier load is the nearest one the equipment makes (never
the same load again: a step smaller than the plates allow moves to the next loadable
weight). Changing `load:` in the session file starts over from the file's
number. An exercise without a rule still shows "last time", and keeps the file's load.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from coach.domain.load import Equipment, Implement, Load, loadable, loadable_above, same_load
from coach.domain.loading import LoadedSession
from coach.domain.models import Entry, Progression, Session
from coach.domain.records import SetRecord
from coach.domain.timeline import Target

_KG_PER_LB = 0.45359237
_SAME_LOAD_KG = 0.01  # loads this close count as the same


class SessionSets(Protocol):
    """Where earlier sets of a session are read from (the history store)."""

    def session_sets(
        self, session_name: str, before_run: int | None = None, runs: int = 30
    ) -> list[SetRecord]: ...


def rule_for(entry: Entry, session: Session) -> Progression | None:
    """The entry's own progression rule, or the session's default one."""
    return entry.progression or session.defaults.progression


def planned_records(entry: Entry) -> int:
    """How many records a complete go at the entry leaves (a set per side)."""
    if entry.kind != "sets":
        return 1
    return (entry.sets or 1) * (2 if entry.per_side else 1)


def _kg(load: Load) -> float | None:
    if load.amount is None:
        return None
    return load.amount if load.unit == "kg" else load.amount * _KG_PER_LB


# --- last time ------------------------------------------------------------------------


@dataclass(frozen=True)
class LastTime:
    """What was done at one entry the last time the session was run."""

    when: datetime  # when its last set ended
    sets: tuple[SetRecord, ...]  # in order; skipped ones included

    @property
    def done(self) -> tuple[SetRecord, ...]:
        return tuple(s for s in self.sets if not s.skipped)

    @property
    def top_load(self) -> Load | None:
        """The heaviest numeric load of the sets done."""
        weighed = [(kg, s.load) for s in self.done if (kg := _kg(s.load)) is not None]
        return max(weighed, key=lambda pair: pair[0])[1] if weighed else None

    def summary(self) -> str:
        """Sets by reps and load, like "12, 12, 10 @ 60 kg", "10/10 rounds @ 16 kg", or
        equal sets as count times reps ("3 times 12" is written with a multiplication sign)."""
        done = self.done
        skipped = len(self.sets) - len(done)
        if not done:
            text = "skipped"
        elif done[0].rounds_planned:
            first = done[0]
            text = f"{first.rounds_done}/{first.rounds_planned} rounds"
            if str(first.load):
                text += f" @ {first.load}"
        else:
            groups: dict[str, list[SetRecord]] = defaultdict(list)
            for record in done:
                groups[str(record.load)].append(record)
            text = " + ".join(
                _reps_text(records) + (f" @ {load}" if load else "")
                for load, records in groups.items()
            )
        if skipped and done:
            text += f" ({skipped} skipped)"
        return text

    def __str__(self) -> str:
        return f"last time {self.summary()}"


def _reps_text(records: Sequence[SetRecord]) -> str:
    sides = {r.side for r in records}
    each_side = ""
    if None not in sides and len(records) % 2 == 0:
        by_set: dict[int, set[int]] = defaultdict(set)
        for record in records:
            by_set[record.set_no].add(record.reps_done)
        if all(len(reps) == 1 for reps in by_set.values()):
            records = [r for r in records if r.side == "left"] or list(records)
            each_side = " each side"
    reps = [r.reps_done for r in records]
    if len(set(reps)) == 1:
        return f"{len(reps)}×{reps[0]}{each_side}"
    return ", ".join(str(n) for n in reps) + each_side


def _occurrences(session: Session) -> list[int]:
    """For each entry, how many earlier entries have the same exercise and variation
    (one pass: a 5,000-exercise session must not cost 12 million comparisons)."""
    seen: dict[tuple[str, str | None], int] = defaultdict(int)
    result = []
    for entry in session.entries:
        key = (entry.exercise, entry.variation)
        result.append(seen[key])
        seen[key] += 1
    return result


def last_times_from(loaded: LoadedSession, records: Iterable[SetRecord]) -> dict[int, LastTime]:
    """Last time for each entry, from earlier runs' sets (any order).

    An entry is matched to the sets of the same exercise and variation: at the same
    position in the file when it is there, otherwise the same occurrence (the second
    hip thrust of the session is matched to the second hip thrust of the run), so
    adding an exercise to a file does not lose its history. Runs in which the entry was
    wholly skipped do not count.
    """
    runs: dict[int, dict[int, list[SetRecord]]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        if not record.warmup:
            runs[record.run_id][record.entry].append(record)
    session = loaded.session
    found: dict[int, LastTime] = {}
    occurrences = _occurrences(session)
    for index, entry in enumerate(session.entries):
        wanted = (entry.exercise, entry.variation)
        occurrence = occurrences[index]
        for run_id in sorted(runs, reverse=True):
            by_entry = runs[run_id]
            same = sorted(
                i for i, sets in by_entry.items() if (sets[0].exercise, sets[0].variation) == wanted
            )
            if index in same:
                chosen = by_entry[index]
            elif occurrence < len(same):
                chosen = by_entry[same[occurrence]]
            else:
                continue
            if all(s.skipped for s in chosen):
                continue
            ordered = sorted(chosen, key=lambda s: (s.set_no, s.side or ""))
            found[index] = LastTime(max(s.ended for s in ordered), tuple(ordered))
            break
    return found


# --- today's target -------------------------------------------------------------------


def well_past(target: int) -> int:
    """The reps at which an AMRAP set went well past its target: a quarter more, at
    least 2 more."""
    return target + max(2, math.ceil(target / 4))


def _well_past(entry: Entry, done: Sequence[SetRecord]) -> bool:
    """True when every set was completed and an AMRAP set reached `well_past`."""
    if entry.reps is None or not entry.reps.amrap:
        return False
    return all(s.completed for s in done) and any(
        s.reps_done >= well_past(entry.reps.low) for s in done
    )


@dataclass(frozen=True)
class Advice:
    """Last time and today's target for one entry, with the reason in words."""

    entry: int
    last: LastTime | None
    target: Target | None  # None: the file's own load and reps
    reason: str
    load: Load | None  # today's load, from the target or the file
    reps: int | None  # today's reps per set (None for interval blocks)

    def today(self) -> str:
        """Today's load and reps (load, a multiplication sign, reps); empty without either."""
        parts = [str(self.load)] if self.load is not None and str(self.load) else []
        if self.reps:
            parts.append(f"{self.reps} reps" if not parts else f"× {self.reps}")
        return f"today {' '.join(parts)}" if parts else ""


def heavier_load(
    base: Load, step: Load, equipment: Equipment | None, implement: Implement | None
) -> Load:
    """`base` plus `step`, rounded to a weight the equipment makes, and never `base`."""
    raw = base.plus(step)
    near = loadable(raw, equipment, implement)
    if _kg(near) is not None and (_kg(near) or 0.0) <= (_kg(base) or 0.0) + _SAME_LOAD_KG:
        near = loadable_above(base, equipment, implement) or raw
    return near


def next_target(
    entry: Entry,
    rule: Progression | None,
    last: LastTime | None,
    equipment: Equipment | None = None,
    implement: Implement | None = None,
) -> tuple[Target | None, str]:
    """Today's target for an entry under `rule`, given last time, and why. A heavier
    load is one `equipment` makes for `implement` (see `loadable`)."""
    if rule is None:
        return None, ""
    if last is None:
        return None, "no history yet: the load in the file"
    if any(s.file_load != (str(entry.load) if entry.load else "") for s in last.sets):
        return None, "the load in the file changed since last time: starting from it"
    base = last.top_load
    base_kg = _kg(base) if base is not None else None
    done = last.done
    at_base = base_kg is None or all(
        (kg := _kg(s.load)) is not None and abs(kg - base_kg) < _SAME_LOAD_KG for s in done
    )
    whole = len(done) >= planned_records(entry) and len(done) == len(last.sets) and at_base
    heavier = heavier_load(base, rule.step, equipment, implement) if base is not None else None
    step = f"+{rule.step}"
    if heavier is not None and base is not None and not same_load(heavier, base.plus(rule.step)):
        step += f" (to {heavier}, the nearest loadable weight)"
    if heavier is not None and whole and _well_past(entry, done):
        twice = heavier_load(heavier, rule.step, equipment, implement)
        return Target(load=twice), (
            f"an AMRAP set went well past {entry.reps.low if entry.reps else 0}: "
            f"+{rule.step} twice (to {twice})"
        )
    if rule.rule == "double" and entry.kind == "sets" and entry.reps is not None:
        low, high = entry.reps.low, entry.reps.high
        if whole and all(s.reps_done >= high for s in done):
            if heavier is None:
                return Target(reps=high), f"every set reached {high}: add load when you can"
            return Target(load=heavier, reps=low), (
                f"every set reached {high}: {step}, back to {low} reps"
            )
        weakest = min(s.reps_done for s in done)
        reps = max(low, min(high, weakest + 1))
        return Target(load=base, reps=reps), f"same load until every set reaches {high}"
    if whole and all(s.completed for s in done):
        if heavier is None:
            return None, "every set completed: add load when you can"
        return Target(load=heavier), f"every set completed: {step}"
    return Target(load=base), "not every set was completed last time: same load"


def advise_from(
    loaded: LoadedSession, records: Iterable[SetRecord], equipment: Equipment | None = None
) -> dict[int, Advice]:
    """Last time and today's target for every entry, from earlier runs' sets; loads
    coach works out are ones `equipment` makes (None: the usual gym's)."""
    session = loaded.session
    lasts = last_times_from(loaded, records)
    advice: dict[int, Advice] = {}
    for index, entry in enumerate(session.entries):
        last = lasts.get(index)
        exercise = loaded.library.get(entry.exercise)
        implement = exercise.implement if exercise is not None else None
        target, reason = next_target(entry, rule_for(entry, session), last, equipment, implement)
        load = (target.load if target else None) or entry.load
        reps: int | None = None
        if entry.kind == "sets" and entry.reps is not None:
            reps = (target.reps if target else None) or entry.reps.low
        elif entry.emom is not None and entry.emom.reps is not None:
            reps = entry.emom.reps.low
        advice[index] = Advice(index, last, target, reason, load, reps)
    return advice


def advise(
    loaded: LoadedSession,
    store: SessionSets,
    before_run: int | None = None,
    equipment: Equipment | None = None,
) -> dict[int, Advice]:
    """Advice for every entry from the store's earlier runs of this session (by name),
    before the run `before_run` when resuming one."""
    return advise_from(loaded, store.session_sets(loaded.session.name, before_run), equipment)


def targets_for(
    loaded: LoadedSession,
    store: SessionSets,
    before_run: int | None = None,
    equipment: Equipment | None = None,
) -> dict[int, Target]:
    """Today's targets, keyed by entry index, for `compile_timeline`."""
    return {
        index: item.target
        for index, item in advise(loaded, store, before_run, equipment).items()
        if item.target is not None
    }


def last_time(
    loaded: LoadedSession, store: SessionSets, before_run: int | None = None
) -> dict[int, LastTime]:
    """What was done last time at each entry that has a history."""
    return last_times_from(loaded, store.session_sets(loaded.session.name, before_run))
