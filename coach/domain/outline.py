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
        about = Block("finish", Phase.DONE, 0, 0, False, i, title, str(load) if load else "")
        if entry.kind == "intervals":
            walk.intervals(entry, settings, about)
        elif entry.kind == "emom":
            walk.emom(entry, settings, about)
        else:
            walk.sets(entry, exercise.starts, settings, about, target)
        if i < last_entry and settings.rest_after > 0:
            walk.add(about._replace(kind="rest", phase=Phase.REST), settings.rest_after)
    walk.add(Block("finish", Phase.DONE, 0, 0, False), 0)
    return Outline(walk.blocks, walk.clock)


class _Walk:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.clock = 0

    def add(self, block: Block, length: int, *, open_ended: bool = False) -> None:
        self.blocks.append(block._replace(start=self.clock, length=length, open_ended=open_ended))
        self.clock += length

    def sets(
        self, entry: Entry, starts: str, settings: _Settings, about: Block, target: Target
    ) -> None:
        assert entry.reps is not None  # the loader guarantees reps on a sets entry
        reps = target.reps or entry.reps.low
        sets = entry.sets or 1
        tempo = tempo_of(entry)
        phases = _rep_phases(tempo, starts) if tempo is not None else []
        rep_seconds = sum(seconds for _, seconds in phases)
        first_phase = phases[0][0] if phases else Phase.GO
        sides: list[Side] = ["left", "right"] if entry.per_side else [None]
        for set_no in range(1, sets + 1):
            this_set = about._replace(set_no=set_no, sets=sets, reps=reps)
            if settings.get_ready > 0:
                ready = this_set._replace(kind="get_ready", phase=Phase.GET_READY, side=sides[0])
                self.add(ready, settings.get_ready)
            for side in sides:
                here = this_set._replace(side=side)
                if side == "right" and settings.switch > 0:
                    self.add(here._replace(kind="switch", phase=Phase.SWITCH), settings.switch)
                if tempo is None:
                    manual = here._replace(kind="manual", phase=Phase.GO)
                    self.add(manual, MANUAL_SECONDS_PER_REP * reps, open_ended=True)
                else:  # the reps' phases, one after the other: one block
                    self.add(here._replace(kind="rep", phase=first_phase), rep_seconds * reps)
            if set_no < sets and settings.rest > 0:
                rest = about._replace(kind="rest", phase=Phase.REST, set_no=set_no, sets=sets)
                self.add(rest, settings.rest)

    def intervals(self, entry: Entry, settings: _Settings, about: Block) -> None:
        block = entry.intervals
        assert block is not None
        if settings.get_ready > 0:
            ready = about._replace(
                kind="get_ready", phase=Phase.GET_READY, round_no=1, rounds=block.rounds
            )
            self.add(ready, settings.get_ready)
        for round_no in range(1, block.rounds + 1):
            here = about._replace(round_no=round_no, rounds=block.rounds, set_no=1, sets=1)
            self.add(here._replace(kind="work", phase=Phase.WORK), block.work)
            if round_no < block.rounds and block.rest > 0:
                self.add(here._replace(kind="rest", phase=Phase.REST), block.rest)

    def emom(self, entry: Entry, settings: _Settings, about: Block) -> None:
        block = entry.emom
        assert block is not None
        reps = block.reps.low if block.reps else 0
        if settings.get_ready > 0:
            ready = about._replace(
                kind="get_ready", phase=Phase.GET_READY, round_no=1, rounds=block.rounds, reps=reps
            )
            self.add(ready, settings.get_ready)
        for round_no in range(1, block.rounds + 1):
            here = about._replace(
                round_no=round_no, rounds=block.rounds, reps=reps, set_no=1, sets=1
            )
            self.add(here._replace(kind="work", phase=Phase.WORK), block.every)
