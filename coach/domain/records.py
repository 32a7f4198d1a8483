"""What the training log holds: runs of a session and the sets done in each.

Plain values, no storage: the SQLite store (`coach.services.history_store`) reads and
writes them, progression and the history command read them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal, NamedTuple

from coach.domain.load import Load

RunState = Literal["active", "finished", "abandoned"]


class SetKey(NamedTuple):
    """Which set of a run: the session entry, the set number, and the side (per-side
    sets record each side under its own key)."""

    entry: int
    set_no: int
    side: str | None


def to_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def from_text(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Run:
    """One go at a session, finished or not."""

    id: int
    session_path: str
    session_name: str
    started: datetime
    ended: datetime | None
    state: RunState
    sets_recorded: int = 0
    note: str = ""  # what the person said of the session as a whole


@dataclass(frozen=True, slots=True)
class SetRecord:
    """One set (or one interval block) as it was done."""

    run_id: int
    entry: int  # index into the session's exercises (a superset's one by one)
    exercise: str
    variation: str | None
    title: str
    set_no: int  # a warm-up's is negative: warm-up 1 is -1
    side: str | None
    reps_planned: int
    reps_done: int
    rounds_planned: int
    rounds_done: int
    load: Load  # what was lifted, after any correction
    planned_load: str  # what coach asked for
    file_load: str  # the load the session file gave at the time
    started: datetime
    ended: datetime
    skipped: bool
    corrected: bool = False
    warmup: bool = False  # left out of volume, records and progression
    rpe: float | None = None  # how hard it was: 6 to 10 in halves
    rir: int | None = None  # reps left in reserve, 0 to 5
    note: str = ""
    session_name: str = ""  # filled in when read back
    session_path: str = ""
    id: int | None = None  # the set's number in the history file, once written

    @property
    def key(self) -> SetKey:
        return SetKey(self.entry, self.set_no, self.side)

    @property
    def completed(self) -> bool:
        """Done in full: not skipped, every planned rep (or round) done."""
        if self.skipped:
            return False
        if self.rounds_planned:
            return self.rounds_done >= self.rounds_planned
        return self.reps_done >= self.reps_planned

    @property
    def seconds(self) -> float:
        return max(0.0, (self.ended - self.started).total_seconds())
