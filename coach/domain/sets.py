"""Set states and counting: one vocabulary for the summary, the exit line, the resume
question and the history.

A set is *done* (with the reps really done: fewer than planned when it was cut short or
failed) or *skipped* (ended before its first rep). A per-side set is one set, counted
once both sides have ended: done when either side was done, skipped when both were. An
interval or EMOM block counts rounds, not sets.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal

from coach.domain.records import SetKey
from coach.domain.timeline import Timeline

SetState = Literal["done", "skipped"]


@dataclass(frozen=True, slots=True)
class Logged:
    """What the log says of one set, one side of a set, or one interval block."""

    key: SetKey
    exercise: str
    title: str
    load: str
    reps_planned: int
    reps_done: int
    rounds_planned: int = 0
    rounds_done: int = 0
    skipped: bool = False
    corrected: bool = False
    warmup: bool = False  # a warm-up set: not counted among the sets
    rpe: float | None = None
    rir: int | None = None
    note: str = ""

    @property
    def state(self) -> SetState:
        return "skipped" if self.skipped else "done"

    @property
    def interval(self) -> bool:
        return self.rounds_planned > 0

    def describe(self) -> str:
        """ "Hip thrust set 2 left: 8 of 10 reps @ 80 kg" (or "skipped")."""
        side = f" {self.key.side}" if self.key.side else ""
        word = "warm-up" if self.warmup else "set"
        number = abs(self.key.set_no)
        where = self.title if self.interval else f"{self.title} {word} {number}{side}"
        if self.skipped:
            return f"{where}: skipped"
        if self.interval:
            return f"{where}: {self.rounds_done} of {self.rounds_planned} rounds"
        load = f" @ {self.load}" if self.load else ""
        return f"{where}: {self.reps_done} of {self.reps_planned} reps{load}{self.feel()}"

    def feel(self) -> str:
        """ ", RPE 8, note: left hip tight" (empty when nothing was said)."""
        parts = []
        if self.rpe is not None:
            parts.append(f"RPE {self.rpe:g}")
        if self.rir is not None:
            parts.append(f"RIR {self.rir}")
        if self.note:
            parts.append(f"note: {self.note}")
        return "".join(f", {part}" for part in parts)


def corrected(
    logged: Logged,
    reps_done: int | None,
    load: str | None,
    *,
    rpe: float | None = None,
    rir: int | None = None,
    note: str | None = None,
) -> Logged:
    """The set as the person says it went. Reps given make it done (0 is a failed set,
    done with no rep), a load alone changes only the load; either marks it corrected.
    Effort (RPE, RIR) and a note are kept with it, each replacing what was said before,
    without marking it corrected."""
    felt = replace(
        logged,
        rpe=logged.rpe if rpe is None else rpe,
        rir=logged.rir if rir is None else rir,
        note=logged.note if note is None else note,
    )
    if reps_done is None and load is None:
        return felt
    reps = logged.reps_done if reps_done is None else max(0, reps_done)
    skipped = logged.skipped and reps_done is None
    return replace(
        felt,
        reps_done=reps,
        load=logged.load if load is None else load,
        skipped=skipped,
        corrected=True,
    )


def keeps_earlier(earlier: Logged | None, later: Logged) -> bool:
    """True when `later` must not replace `earlier` in the log: going back to a set and
    skipping it never overwrites what was done there. A set done again replaces it."""
    return earlier is not None and not earlier.skipped and later.skipped


@dataclass(frozen=True, slots=True)
class EntryCount:
    """How one exercise of the session went, in sets (or rounds for an interval block)."""

    entry: int
    title: str
    load: str
    interval: bool
    planned: int
    done: int
    skipped: int  # ended before their first rep (or round)
    reps_done: int

    @property
    def left(self) -> int:
        """Not reached yet."""
        return max(0, self.planned - self.done - self.skipped)


@dataclass(frozen=True, slots=True)
class PlannedSet:
    """A set the timeline records, grouped as a person counts it (both sides one set)."""

    key: SetKey
    title: str
    load: str
    rounds: int  # an interval block's rounds, 0 for a set
    warmup: bool = False


def count(planned: Iterable[PlannedSet], logged: Mapping[SetKey, Logged]) -> list[EntryCount]:
    """Per entry, in session order: planned, done, skipped and reps done. Warm-up sets
    are not sets here: they count toward nothing."""
    by_entry: dict[int, list[PlannedSet]] = {}
    for item in planned:
        if not item.warmup:
            by_entry.setdefault(item.key.entry, []).append(item)
    counts = []
    for entry, items in by_entry.items():
        first = items[0]
        found = [logged[i.key] for i in items if i.key in logged]
        reps = sum(x.reps_done for x in found if not x.skipped)
        if first.rounds:
            planned_rounds = sum(i.rounds for i in items)
            done = sum(x.rounds_done for x in found if not x.skipped)
            skipped = sum(x.rounds_planned - x.rounds_done for x in found)
            counts.append(
                EntryCount(
                    entry, first.title, first.load, True, planned_rounds, done, skipped, reps
                )
            )
            continue
        sides: dict[int, list[Logged | None]] = {}
        for item in items:
            sides.setdefault(item.key.set_no, []).append(logged.get(item.key))
        # A per-side set is one set, settled once every side is: done when a side was.
        settled = [g for g in sides.values() if all(x is not None for x in g)]
        done = sum(1 for group in settled if any(x and not x.skipped for x in group))
        skipped = len(settled) - done
        counts.append(
            EntryCount(entry, first.title, first.load, False, len(sides), done, skipped, reps)
        )
    return counts


@dataclass(frozen=True, slots=True)
class Totals:
    """The counts every face says: sets done and skipped, of how many; rounds."""

    sets_planned: int
    sets_done: int
    sets_skipped: int
    rounds_planned: int
    rounds_done: int

    @property
    def sets_left(self) -> int:
        return self.sets_planned - self.sets_done - self.sets_skipped

    def sets_phrase(self) -> str:
        """ "3 sets done", "1 set done, 2 skipped"."""
        text = f"{self.sets_done} set{'' if self.sets_done == 1 else 's'} done"
        if self.sets_skipped:
            text += f", {self.sets_skipped} skipped"
        return text


def totals(counts: Iterable[EntryCount]) -> Totals:
    counts = list(counts)
    sets = [c for c in counts if not c.interval]
    rounds = [c for c in counts if c.interval]
    return Totals(
        sets_planned=sum(c.planned for c in sets),
        sets_done=sum(c.done for c in sets),
        sets_skipped=sum(c.skipped for c in sets),
        rounds_planned=sum(c.planned for c in rounds),
        rounds_done=sum(c.done for c in rounds),
    )


def planned_sets(timeline: Timeline) -> list[PlannedSet]:
    """Every set (each side apart), warm-up set and interval block the timeline records,
    in order."""
    return [
        PlannedSet(s.key, s.title, s.load, s.rounds if s.round_no else 0, s.warmup)
        for s in timeline.segments
        if s.last_of_record
    ]


def resume_point(timeline: Timeline, recorded: Iterable[SetKey]) -> int:
    """The segment a resumed run starts at: the first block of the first set not yet
    recorded (done or skipped), stepped back over its get-ready (or side switch). When
    every set is recorded, the finish segment."""
    known = set(recorded)
    for segment in timeline.segments:
        if not segment.last_of_record or segment.key in known:
            continue
        first = timeline.block_of(segment.index).start
        if segment.round_no:  # an interval or EMOM block starts with its first round
            first = next(
                s.index for s in timeline.segments if s.entry == segment.entry and s.kind == "work"
            )
            first = timeline.block_of(first).start
        if first > 0 and timeline.segments[first - 1].kind in ("get_ready", "switch"):
            first = timeline.block_of(first - 1).start
        return first
    return len(timeline.segments) - 1
