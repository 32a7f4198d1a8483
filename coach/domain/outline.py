"""A session's plan one block at a time (a set, a rest, a get-ready, a round), without
its rep phases: what `coach plan` prints.

The timeline holds a segment per phase of every rep (a 5,000-exercise session has
480,000); a printed plan shows one line per set. This walks the session by the
timeline's own rules (its settings, tempo and phase helpers) and yields one `Block` per
timeline block, with the same start, length and words. `from_timeline` reads the same
blocks off a compiled timeline; the tests hold the two equal over every bundled session
and generated ones, so the shortcut cannot drift from the timeline.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, NamedTuple

from coach.domain.loading import LoadedSession
from coach.domain.models import Entry
from coach.domain.timeline import (
    MANUAL_SECONDS_PER_REP,
    Kind,
    Phase,
    Target,
    Timeline,
    _rep_phases,
    _Settings,
    _settings,
    tempo_of,
)

Side = Literal["left", "right"] | None


class Block(NamedTuple):
    """One block of the plan: where it starts, how long, and what its first segment says."""

    kind: Kind
    phase: Phase
    start: int
    length: int  # the block's planned seconds (a manual set: its estimate)
    open_ended: bool  # a manual set: its length is an estimate
    entry: int = -1
    title: str = ""
    load: str = ""
    set_no: int = 0
    sets: int = 0
    reps: int = 0
    side: Side = None
    round_no: int = 0
    rounds: int = 0


class Outline(NamedTuple):
    blocks: list[Block]
    total_seconds: int


def from_timeline(timeline: Timeline) -> Outline:
    """The blocks of a compiled timeline."""
    segments = timeline.segments
    starts = timeline.block_starts
    blocks = []
    for n, first_index in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(segments)
        first = segments[first_index]
        members = segments[first_index:stop]
        blocks.append(
            Block(
                first.kind,
                first.phase,
                first.start,
                sum(s.estimate for s in members),
                any(s.duration is None for s in members),
                first.entry,
                first.title,
                first.load,
                first.set_no,
                first.sets,
                first.reps,
                first.side,
                first.round_no,
                first.rounds,
            )
        )
    return Outline(blocks, timeline.total_seconds)


def outline(loaded: LoadedSession, targets: Mapping[int, Target] | None = None) -> Outline:
    """The blocks `compile_timeline(loaded, targets)` would give, without building it."""
    walk = _Walk()
    session = loaded.session
    last_entry = len(session.exercises) - 1
    for i, entry in enumerate(session.exercises):
        exercise = loaded.exercise(entry.exercise)
        target = (targets or {}).get(i, Target())
        settings = _settings(entry, session.defaults)
        load = target.load or entry.load
        title = exercise.display_name(entry.variation)
        about = _About(i, title, str(load) if load else "")
        if entry.kind == "intervals":
            walk.intervals(entry, settings, about)
        elif entry.kind == "emom":
            walk.emom(entry, settings, about)
        else:
            walk.sets(entry, exercise.starts, settings, about, target)
        if i < last_entry and settings.rest_after > 0:
            walk.add(about, "rest", Phase.REST, settings.rest_after)
    walk.add(_About(-1, "", ""), "finish", Phase.DONE, 0)
    return Outline(walk.blocks, walk.clock)


class _About(NamedTuple):
    entry: int
    title: str
    load: str


class _Walk:
    """Appends blocks at the running clock (built whole: a big plan has tens of thousands)."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.clock = 0

    def add(
        self,
        about: _About,
        kind: Kind,
        phase: Phase,
        length: int,
        *,
        open_ended: bool = False,
        set_no: int = 0,
        sets: int = 0,
        reps: int = 0,
        side: Side = None,
        round_no: int = 0,
        rounds: int = 0,
    ) -> None:
        self.blocks.append(
            Block(
                kind,
                phase,
                self.clock,
                length,
                open_ended,
                about.entry,
                about.title,
                about.load,
                set_no,
                sets,
                reps,
                side,
                round_no,
                rounds,
            )
        )
        self.clock += length

    def sets(
        self, entry: Entry, starts: str, settings: _Settings, about: _About, target: Target
    ) -> None:
        assert entry.reps is not None  # the loader guarantees reps on a sets entry
        reps = target.reps or entry.reps.low
        sets = entry.sets or 1
        tempo = tempo_of(entry)
        phases = _rep_phases(tempo, starts) if tempo is not None else []
        rep_seconds = sum(seconds for _, seconds in phases)
        first_phase = phases[0][0] if phases else Phase.GO
        sides: list[Side] = ["left", "right"] if entry.per_side else [None]
        add = self.add
        for set_no in range(1, sets + 1):
            if settings.get_ready > 0:
                add(
                    about, "get_ready", Phase.GET_READY, settings.get_ready,
                    set_no=set_no, sets=sets, reps=reps, side=sides[0],
                )  # fmt: skip
            for side in sides:
                if side == "right" and settings.switch > 0:
                    add(
                        about, "switch", Phase.SWITCH, settings.switch,
                        set_no=set_no, sets=sets, reps=reps, side=side,
                    )  # fmt: skip
                if tempo is None:
                    add(
                        about, "manual", Phase.GO, MANUAL_SECONDS_PER_REP * reps,
                        open_ended=True, set_no=set_no, sets=sets, reps=reps, side=side,
                    )  # fmt: skip
                else:  # the reps' phases, one after the other: one block
                    add(
                        about, "rep", first_phase, rep_seconds * reps,
                        set_no=set_no, sets=sets, reps=reps, side=side,
                    )  # fmt: skip
            if set_no < sets and settings.rest > 0:
                add(about, "rest", Phase.REST, settings.rest, set_no=set_no, sets=sets)

    def intervals(self, entry: Entry, settings: _Settings, about: _About) -> None:
        block = entry.intervals
        assert block is not None
        rounds = block.rounds
        if settings.get_ready > 0:
            self.add(
                about, "get_ready", Phase.GET_READY, settings.get_ready, round_no=1, rounds=rounds
            )
        for round_no in range(1, rounds + 1):
            self.add(
                about, "work", Phase.WORK, block.work,
                round_no=round_no, rounds=rounds, set_no=1, sets=1,
            )  # fmt: skip
            if round_no < rounds and block.rest > 0:
                self.add(
                    about, "rest", Phase.REST, block.rest,
                    round_no=round_no, rounds=rounds, set_no=1, sets=1,
                )  # fmt: skip

    def emom(self, entry: Entry, settings: _Settings, about: _About) -> None:
        block = entry.emom
        assert block is not None
        reps = block.reps.low if block.reps else 0
        rounds = block.rounds
        if settings.get_ready > 0:
            self.add(
                about, "get_ready", Phase.GET_READY, settings.get_ready,
                round_no=1, rounds=rounds, reps=reps,
            )  # fmt: skip
        for round_no in range(1, rounds + 1):
            self.add(
                about, "work", Phase.WORK, block.every,
                round_no=round_no, rounds=rounds, reps=reps, set_no=1, sets=1,
            )  # fmt: skip
