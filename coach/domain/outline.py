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
from coach.domain.models import DEFAULT_BETWEEN, Entry, Group
from coach.domain.tempo import Tempo
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
    warmup_rest,
)
from coach.domain.warmup import warmup_sets

Side = Literal["left", "right"] | None


class Block(NamedTuple):
    """One block of the plan: where it starts, how long, and what its first segment says."""

    kind: Kind
    phase: Phase
    start: int
    length: int  # the block's planned seconds (a manual set: its estimate)
    open_ended: bool  # a manual set, or an AMRAP set past its target: ends on Enter
    entry: int = -1
    title: str = ""
    load: str = ""
    set_no: int = 0
    sets: int = 0
    reps: int = 0
    side: Side = None
    round_no: int = 0
    rounds: int = 0
    warmup: bool = False
    superset: str = ""
    amrap: bool = False


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
                first.warmup,
                first.superset,
                first.amrap,
            )
        )
    return Outline(blocks, timeline.total_seconds)


def outline(loaded: LoadedSession, targets: Mapping[int, Target] | None = None) -> Outline:
    """The blocks `compile_timeline(loaded, targets)` would give, without building it."""
    walk = _Walk()
    session = loaded.session
    targets = targets or {}
    groups = session.groups
    last_group = len(groups) - 1
    for g, group in enumerate(groups):
        abouts = [_about(loaded, group.first + k, targets) for k in range(len(group.entries))]
        settings = _settings(group.entries[0], session.defaults)
        if group.superset is not None:
            walk.superset(loaded, group, settings, abouts, targets)
        else:
            entry = group.entries[0]
            if entry.kind == "intervals":
                walk.intervals(entry, settings, abouts[0])
            elif entry.kind == "emom":
                walk.emom(entry, settings, abouts[0])
            else:
                starts = loaded.exercise(entry.exercise).starts
                target = targets.get(group.first, Target())
                walk.sets(entry, starts, settings, abouts[0], target)
        if g < last_group and settings.rest_after > 0:
            walk.add(abouts[-1], "rest", Phase.REST, settings.rest_after)
    walk.add(_About(-1, "", ""), "finish", Phase.DONE, 0)
    return Outline(walk.blocks, walk.clock)


class _About(NamedTuple):
    entry: int
    title: str
    load: str


def _about(loaded: LoadedSession, index: int, targets: Mapping[int, Target]) -> _About:
    entry = loaded.session.entries[index]
    load = targets.get(index, Target()).load or entry.load
    title = loaded.exercise(entry.exercise).display_name(entry.variation)
    return _About(index, title, str(load) if load else "")


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
        warmup: bool = False,
        superset: str = "",
        amrap: bool = False,
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
                warmup,
                superset,
                amrap,
            )
        )
        self.clock += length

    def one_set(
        self,
        about: _About,
        tempo: Tempo | None,
        starts: str,
        sides: list[Side],
        switch: int,
        set_no: int,
        sets: int,
        reps: int,
        *,
        warmup: bool = False,
        superset: str = "",
        amrap: bool = False,
    ) -> None:
        """One set, each side in turn: a block of counted reps (an AMRAP set goes on
        past its target, open-ended, counted as no time), or a manual block."""
        add = self.add
        if tempo is None:
            kind: Kind = "manual"
            phase = Phase.GO
            length = MANUAL_SECONDS_PER_REP * reps
            open_ended = True
        else:
            phases = _rep_phases(tempo, starts)
            kind = "rep"
            phase = phases[0][0] if phases else Phase.GO
            length = sum(seconds for _, seconds in phases) * reps
            open_ended = amrap
        for side in sides:
            if side == "right" and switch > 0:
                add(
                    about, "switch", Phase.SWITCH, switch,
                    set_no=set_no, sets=sets, reps=reps, side=side,
                    warmup=warmup, superset=superset, amrap=amrap,
                )  # fmt: skip
            add(
                about, kind, phase, length, open_ended=open_ended,
                set_no=set_no, sets=sets, reps=reps, side=side,
                warmup=warmup, superset=superset, amrap=amrap,
            )  # fmt: skip

    def warmups(
        self, entry: Entry, starts: str, settings: _Settings, about: _About, target: Target
    ) -> None:
        """The entry's warm-up sets, each with its get-ready and a short rest after it."""
        assert entry.reps is not None
        ramp = warmup_sets(entry, target.load or entry.load, target.reps or entry.reps.low)
        tempo = tempo_of(entry)
        sides = _sides(entry)
        rest = warmup_rest(settings.rest)
        for n, step in enumerate(ramp, 1):
            here = about._replace(load=str(step.load))
            if settings.get_ready > 0:
                self.add(
                    here, "get_ready", Phase.GET_READY, settings.get_ready,
                    set_no=n, sets=len(ramp), reps=step.reps, side=sides[0], warmup=True,
                )  # fmt: skip
            self.one_set(
                here, tempo, starts, sides, settings.switch, n, len(ramp), step.reps,
                warmup=True,
            )  # fmt: skip
            if rest > 0:
                self.add(
                    here, "rest", Phase.REST, rest,
                    set_no=n, sets=len(ramp), reps=step.reps, warmup=True,
                )  # fmt: skip

    def sets(
        self, entry: Entry, starts: str, settings: _Settings, about: _About, target: Target
    ) -> None:
        assert entry.reps is not None  # the loader guarantees reps on a sets entry
        self.warmups(entry, starts, settings, about, target)
        reps = target.reps or entry.reps.low
        amrap = entry.reps.amrap
        sets = entry.sets or 1
        tempo = tempo_of(entry)
        sides = _sides(entry)
        for set_no in range(1, sets + 1):
            if settings.get_ready > 0:
                self.add(
                    about, "get_ready", Phase.GET_READY, settings.get_ready,
                    set_no=set_no, sets=sets, reps=reps, side=sides[0], amrap=amrap,
                )  # fmt: skip
            self.one_set(
                about, tempo, starts, sides, settings.switch, set_no, sets, reps, amrap=amrap
            )
            if set_no < sets and settings.rest > 0:
                self.add(about, "rest", Phase.REST, settings.rest, set_no=set_no, sets=sets)

    def superset(
        self,
        loaded: LoadedSession,
        group: Group,
        settings: _Settings,
        abouts: list[_About],
        targets: Mapping[int, Target],
    ) -> None:
        """Round after round, each exercise once, with a change-over between them."""
        superset = group.superset
        assert superset is not None
        between = DEFAULT_BETWEEN if superset.between is None else superset.between
        starts = [loaded.exercise(entry.exercise).starts for entry in group.entries]
        for m, entry in enumerate(group.entries):
            target = targets.get(group.first + m, Target())
            self.warmups(entry, starts[m], settings, abouts[m], target)
        rounds = superset.sets
        for round_no in range(1, rounds + 1):
            for m, entry in enumerate(group.entries):
                assert entry.reps is not None
                reps = targets.get(group.first + m, Target()).reps or entry.reps.low
                amrap = entry.reps.amrap
                place = f"{_letter(m)}{round_no}"
                sides = _sides(entry)
                lead_kind: Kind | None = None
                if m == 0:
                    if settings.get_ready > 0:
                        lead_kind, lead_phase, lead = (
                            "get_ready",
                            Phase.GET_READY,
                            settings.get_ready,
                        )
                elif between > 0:
                    lead_kind, lead_phase, lead = "switch", Phase.CHANGE, between
                if lead_kind is not None:
                    self.add(
                        abouts[m], lead_kind, lead_phase, lead,
                        set_no=round_no, sets=rounds, reps=reps, side=sides[0],
                        superset=place, amrap=amrap,
                    )  # fmt: skip
                switch = _settings(entry, loaded.session.defaults).switch
                self.one_set(
                    abouts[m], tempo_of(entry), starts[m], sides, switch, round_no, rounds, reps,
                    superset=place, amrap=amrap,
                )  # fmt: skip
            if round_no < rounds and settings.rest > 0:
                self.add(
                    abouts[-1], "rest", Phase.REST, settings.rest, set_no=round_no, sets=rounds
                )

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


def _sides(entry: Entry) -> list[Side]:
    return ["left", "right"] if entry.per_side else [None]


def _letter(n: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n]
