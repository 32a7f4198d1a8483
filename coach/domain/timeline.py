"""Compile a session into timed segments, each carrying the cues it plays.

The plan and the live run use this one timeline, so their timing rules cannot drift
apart. A segment is the smallest stretch the screen shows with one phase word: one
phase of one rep, a rest, a get-ready, one interval round. Segments are grouped in
blocks (a set, a rest, a round), the steps that skip and back move between.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache, cached_property
from typing import Literal, NamedTuple, TypeAlias

from coach.domain.cues import CueName
from coach.domain.library import Exercise
from coach.domain.load import Load
from coach.domain.loading import LoadedSession
from coach.domain.models import DEFAULT_BETWEEN, Defaults, Entry, Group
from coach.domain.records import SetKey
from coach.domain.tempo import Tempo
from coach.domain.warmup import warmup_sets

DEFAULT_REST = 60
DEFAULT_GET_READY = 5
DEFAULT_SWITCH = 5
MANUAL_SECONDS_PER_REP = 3
COUNTDOWN = 3  # pips on the last seconds before a change
AMRAP_COUNTED_EXTRA = 50  # reps past an AMRAP target that are still counted out loud


class Phase(StrEnum):
    GET_READY = "GET READY"
    LIFT = "LIFT"
    HOLD = "HOLD"
    LOWER = "LOWER"
    PAUSE = "PAUSE"
    GO = "GO"  # a manual set: do the reps, then press Enter
    WORK = "WORK"
    REST = "REST"
    SWITCH = "SWITCH SIDES"
    CHANGE = "NEXT EXERCISE"  # the change-over between a superset's exercises
    MORE = "KEEP GOING"  # past an AMRAP set's target: Enter when done
    DONE = "DONE"


Kind = Literal["get_ready", "rep", "manual", "work", "rest", "switch", "finish"]
WORK_KINDS = frozenset({"rep", "manual", "work"})


@dataclass(frozen=True, slots=True)
class CueAt:
    name: CueName
    at: int  # seconds from the segment's start
    from_end: bool = False  # a countdown: it moves with the end when a rest is extended


@dataclass(frozen=True, slots=True)
class Target:
    """Today's load and reps for an entry, when progression or the user changes them."""

    load: Load | None = None
    reps: int | None = None


class Segment(NamedTuple):
    """One stretch of the session with one phase word. A tuple: immutable, and quick to
    build by the tens of thousands (a 500-exercise plan has about 50,000)."""

    index: int  # type: ignore[assignment]  # shadows tuple.index on purpose: the name reads best
    kind: Kind
    phase: Phase
    block: int
    start: int  # planned start, seconds from the session's start
    duration: int | None  # None: open-ended, ends when the user says so
    estimate: int  # duration, or the plan's estimate for an open-ended segment
    cues: tuple[CueAt, ...]
    entry: int = -1  # index into session.exercises; -1 for the finish
    exercise: str = ""
    title: str = ""
    load: str = ""
    form_cues: tuple[str, ...] = ()
    set_no: int = 0
    sets: int = 0
    rep_no: int = 0
    reps: int = 0
    side: Literal["left", "right"] | None = None
    round_no: int = 0
    rounds: int = 0
    last_of_record: bool = False  # the set or interval block ends with this segment
    warmup: bool = False  # a warm-up set (set_no counts the warm-ups)
    superset: str = ""  # its place in a superset: "A1" is the first exercise, round 1
    amrap: bool = False  # reps is the target: as many as you can
    rep_seconds: int = 0  # past an AMRAP target (open-ended): the length of one rep

    @property
    def is_work(self) -> bool:
        return self.kind in WORK_KINDS

    @property
    def key(self) -> SetKey:
        """The set this segment belongs to, as the log keys it."""
        return set_key(self.entry, self.set_no, self.side, self.warmup)

    @property
    def end(self) -> int:
        return self.start + self.estimate


def set_key(entry: int, set_no: int, side: str | None, warmup: bool = False) -> SetKey:
    """How the log keys a set: warm-up n is set number -n, so it never meets a working
    set's key."""
    return SetKey(entry, -set_no if warmup else set_no, side)


@dataclass(frozen=True, slots=True)
class RepRun:
    """One side of a counted set: `reps` reps of the same phases, a segment each, made
    when they are asked for. Every segment of the run is `first` with another index,
    phase, start, length, cues, rep number and end-of-set mark."""

    first: Segment
    reps: int
    phases: tuple[tuple[Phase, int], ...]
    first_rep_cues: tuple[tuple[CueAt, ...], ...]  # each phase's cues in the first rep
    later_rep_cues: tuple[tuple[CueAt, ...], ...]  # and in every rep after it
    ends_record: bool  # its last segment ends the set (an AMRAP set goes on after it)

    @property
    def count(self) -> int:
        """How many segments the run holds."""
        return self.reps * len(self.phases)

    @property
    def rep_length(self) -> int:
        return sum(seconds for _, seconds in self.phases)

    def segments(self) -> Iterator[Segment]:
        first = self.first
        make = Segment._make
        head, mid, tail = first[8:15], first[16:20], first[21:]
        index, block, start = first.index, first.block, first.start
        phases = self.phases
        last_phase = len(phases) - 1
        cue_rows = self.first_rep_cues
        for rep_no in range(1, self.reps + 1):
            if rep_no == 2:
                cue_rows = self.later_rep_cues
            for n, (phase, seconds) in enumerate(phases):
                last = self.ends_record and rep_no == self.reps and n == last_phase
                yield make(
                    (index, "rep", phase, block, start, seconds, seconds, cue_rows[n],
                     *head, rep_no, *mid, last, *tail)
                )  # fmt: skip
                index += 1
                start += seconds


Part: TypeAlias = Segment | RepRun


@dataclass(frozen=True)
class Timeline:
    """The session's segments in order. It is held compact, a counted set's reps as one
    `RepRun`: `parts` and `iter_segments` give them without making every rep phase an
    object; `segments` makes them all once, on first use."""

    name: str
    parts: tuple[Part, ...]
    block_starts: tuple[int, ...]  # index of each block's first segment
    total_seconds: int
    estimated: bool  # a segment is open-ended: the total counts its estimate
    manual_sets: int  # the manual segments

    @cached_property
    def segments(self) -> tuple[Segment, ...]:
        was_enabled = gc.isenabled()
        gc.disable()  # see compile_timeline: many small objects, no cycles
        try:
            return tuple(self.iter_segments())
        finally:
            if was_enabled:
                gc.enable()

    def iter_segments(self) -> Iterator[Segment]:
        for part in self.parts:
            if isinstance(part, RepRun):
                yield from part.segments()
            else:
                yield part

    def block_of(self, index: int) -> range:
        block = self.segments[index].block
        first = self.block_starts[block]
        last = (
            self.block_starts[block + 1]
            if block + 1 < len(self.block_starts)
            else len(self.segments)
        )
        return range(first, last)


# --- the compiler --------------------------------------------------------------------


@dataclass
class _Builder:
    parts: list[Part] = field(default_factory=list)
    block_starts: list[int] = field(default_factory=list)
    count: int = 0  # segments so far
    clock: int = 0
    pending_rest_cue: bool = False  # a set or block just ended: the next segment says "rest"
    estimated: bool = False
    manual: int = 0

    def new_block(self) -> int:
        self.block_starts.append(self.count)
        return len(self.block_starts) - 1

    def _opening(self, kind: Kind, cues: list[CueAt]) -> tuple[CueAt, ...]:
        """The segment's cues, "rest" first when a set or block has just ended."""
        if self.pending_rest_cue and kind != "finish":
            cues = [CueAt("rest", 0), *[c for c in cues if c.at != 0]]
            cues.sort(key=_at)
        return _shared_cues(tuple(cues))

    def add(
        self,
        kind: Kind,
        phase: Phase,
        block: int,
        duration: int | None,
        cues: list[CueAt],
        info: dict[str, object],
        estimate: int | None = None,
    ) -> None:
        shared = self._opening(kind, cues)
        self.pending_rest_cue = bool(info.get("last_of_record"))
        length = duration if duration is not None else (estimate or 0)
        self.parts.append(
            Segment(
                index=self.count,
                kind=kind,
                phase=phase,
                block=block,
                start=self.clock,
                duration=duration,
                estimate=length,
                cues=shared,
                **info,  # type: ignore[arg-type]  # the compiler passes Segment's own fields
            )
        )
        self.count += 1
        self.clock += length
        if duration is None:
            self.estimated = True
        if kind == "manual":
            self.manual += 1

    def add_reps(
        self,
        block: int,
        phases: list[tuple[Phase, int]],
        reps: int,
        amrap: bool,
        info: dict[str, object],
    ) -> bool:
        """`reps` counted reps of `phases` as one run; whether the last phase was a hold
        (the next phase then opens with "release")."""
        if not phases or reps < 1:
            return False
        rows: list[list[tuple[CueAt, ...]]] = [[], []]
        after_hold = False
        for rep_no, row in enumerate(rows, 1):
            for n, (phase, seconds) in enumerate(phases):
                opening: CueName = _PHASE_CUE[phase]
                if rep_no == 1 and n == 0:
                    opening = "go"
                elif after_hold:
                    opening = "release"
                row.append(_shared_cues(tuple(_phase_cues(opening, seconds))))
                after_hold = phase is Phase.HOLD
        rows[0][0] = self._opening("rep", list(rows[0][0]))
        first_phase, first_seconds = phases[0]
        first = Segment(
            index=self.count,
            kind="rep",
            phase=first_phase,
            block=block,
            start=self.clock,
            duration=first_seconds,
            estimate=first_seconds,
            cues=rows[0][0],
            **dict(  # type: ignore[arg-type]  # Segment's own fields
                info, rep_no=1, last_of_record=reps == 1 and len(phases) == 1 and not amrap
            ),
        )
        run = RepRun(first, reps, tuple(phases), tuple(rows[0]), tuple(rows[1]), not amrap)
        self.parts.append(run)
        self.count += run.count
        self.clock += reps * run.rep_length
        self.pending_rest_cue = not amrap
        return after_hold


@cache
def _shared_cues(cues: tuple[CueAt, ...]) -> tuple[CueAt, ...]:
    # Equal cue tuples are stored once: a long plan repeats a handful of them.
    return cues


def _at(cue: CueAt) -> int:
    return cue.at


def _countdown(name: CueName, duration: int) -> list[CueAt]:
    return [CueAt(name, t, from_end=True) for t in range(max(1, duration - COUNTDOWN), duration)]


@cache
def _phase_cues(opening: CueName, seconds: int) -> list[CueAt]:
    # Shared between the thousands of rep phases that sound alike; `add` copies it.
    return [CueAt(opening, 0), *(CueAt("tick", t) for t in range(1, seconds))]


def _rep_phases(tempo: Tempo, starts: str) -> list[tuple[Phase, int]]:
    if starts == "bottom":
        order = [
            (Phase.LIFT, tempo.lift),
            (Phase.HOLD, tempo.top),
            (Phase.LOWER, tempo.lower),
            (Phase.PAUSE, tempo.bottom),
        ]
    else:
        order = [
            (Phase.LOWER, tempo.lower),
            (Phase.PAUSE, tempo.bottom),
            (Phase.LIFT, tempo.lift),
            (Phase.HOLD, tempo.top),
        ]
    return [(phase, seconds) for phase, seconds in order if seconds > 0]


_PHASE_CUE: dict[Phase, CueName] = {
    Phase.LIFT: "lift",
    Phase.LOWER: "lower",
    Phase.HOLD: "hold",
    Phase.PAUSE: "tick",
}


@dataclass(frozen=True)
class _Settings:
    rest: int
    rest_after: int
    get_ready: int
    switch: int


def _settings(entry: Entry, defaults: Defaults) -> _Settings:
    def first(*values: int | None, fallback: int) -> int:
        return next((v for v in values if v is not None), fallback)

    own_rest = first(entry.rest, defaults.rest, fallback=DEFAULT_REST)
    return _Settings(
        rest=own_rest,
        rest_after=first(entry.rest_after, defaults.rest_after, fallback=own_rest),
        get_ready=first(entry.get_ready, defaults.get_ready, fallback=DEFAULT_GET_READY),
        switch=first(entry.switch, defaults.switch, fallback=DEFAULT_SWITCH),
    )


def tempo_of(entry: Entry) -> Tempo | None:
    """The entry's tempo: its own, or 2-0-1-N from `hold: N`; None for a manual set."""
    if entry.tempo is not None:
        return entry.tempo
    if entry.hold is not None:
        return Tempo(2, 0, 1, entry.hold)
    return None


def compile_timeline(
    loaded: LoadedSession, targets: Mapping[int, Target] | None = None
) -> Timeline:
    """The session as segments, in order, with their cues and start times."""
    # A big plan is hundreds of thousands of small objects without a single reference
    # cycle; the cycle collector would only rescan the growing heap, again and again (a
    # third of the time at 5,000 exercises). It is paused while they are built.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _compile(loaded, targets)
    finally:
        if was_enabled:
            gc.enable()


def _compile(loaded: LoadedSession, targets: Mapping[int, Target] | None) -> Timeline:
    session = loaded.session
    builder = _Builder()
    groups = session.groups
    for g, group in enumerate(groups):
        infos = [_info(loaded, group.first + k, targets) for k in range(len(group.entries))]
        settings = _settings(group.entries[0], session.defaults)
        if group.superset is not None:
            _superset(builder, loaded, group, settings, infos, targets or {})
        else:
            entry = group.entries[0]
            if entry.kind == "intervals":
                _intervals(builder, entry, settings, infos[0])
            elif entry.kind == "emom":
                _emom(builder, entry, settings, infos[0])
            else:
                exercise = loaded.exercise(entry.exercise)
                target = (targets or {}).get(group.first, Target())
                _sets(builder, entry, exercise, settings, infos[0], target)
        if g < len(groups) - 1 and settings.rest_after > 0:
            _rest(builder, settings.rest_after, infos[-1])
    builder.add("finish", Phase.DONE, builder.new_block(), 0, [CueAt("finish", 0)], {})
    return Timeline(
        session.name,
        tuple(builder.parts),
        tuple(builder.block_starts),
        builder.clock,
        builder.estimated,
        builder.manual,
    )


def _info(
    loaded: LoadedSession, index: int, targets: Mapping[int, Target] | None
) -> dict[str, object]:
    entry = loaded.session.entries[index]
    exercise = loaded.exercise(entry.exercise)
    target = (targets or {}).get(index, Target())
    load = target.load or entry.load
    return {
        "entry": index,
        "exercise": entry.exercise,
        "title": exercise.display_name(entry.variation),
        "load": str(load) if load else "",
        "form_cues": exercise.cues_for(entry.variation),
    }


def _rest(builder: _Builder, seconds: int, info: dict[str, object]) -> None:
    cues = [CueAt("rest", 0), *_countdown("rest-ending", seconds)]
    builder.add("rest", Phase.REST, builder.new_block(), seconds, cues, info)


def _get_ready(builder: _Builder, seconds: int, info: dict[str, object]) -> None:
    if seconds > 0:
        cues = _countdown("get-ready", seconds)
        builder.add("get_ready", Phase.GET_READY, builder.new_block(), seconds, cues, info)


def warmup_rest(rest: int) -> int:
    """The rest after a warm-up set: half the exercise's rest."""
    return rest // 2


def _warmups(
    builder: _Builder,
    entry: Entry,
    exercise: Exercise,
    settings: _Settings,
    info: dict[str, object],
    target: Target,
) -> None:
    """The entry's warm-up sets, each with its get-ready and a short rest after it."""
    assert entry.reps is not None
    reps = target.reps or entry.reps.low
    ramp = warmup_sets(entry, target.load or entry.load, reps)
    tempo = tempo_of(entry)
    sides = _sides(entry)
    for n, step in enumerate(ramp, 1):
        this_set = dict(
            info, set_no=n, sets=len(ramp), reps=step.reps, load=str(step.load), warmup=True
        )
        _get_ready(builder, settings.get_ready, dict(this_set, side=sides[0]))
        _one_set(builder, tempo, exercise.starts, sides, settings.switch, this_set)
        if warmup_rest(settings.rest) > 0:
            _rest(builder, warmup_rest(settings.rest), this_set)


def _sides(entry: Entry) -> list[Literal["left", "right"] | None]:
    return ["left", "right"] if entry.per_side else [None]


def _sets(
    builder: _Builder,
    entry: Entry,
    exercise: Exercise,
    settings: _Settings,
    info: dict[str, object],
    target: Target,
) -> None:
    assert entry.reps is not None  # the loader guarantees reps on a sets entry
    _warmups(builder, entry, exercise, settings, info, target)
    reps = target.reps or entry.reps.low
    sets = entry.sets or 1
    tempo = tempo_of(entry)
    sides = _sides(entry)
    for set_no in range(1, sets + 1):
        this_set = dict(info, set_no=set_no, sets=sets, reps=reps, amrap=entry.reps.amrap)
        _get_ready(builder, settings.get_ready, dict(this_set, side=sides[0]))
        _one_set(builder, tempo, exercise.starts, sides, settings.switch, this_set)
        if set_no < sets and settings.rest > 0:
            _rest(builder, settings.rest, dict(info, set_no=set_no, sets=sets))


def _superset(
    builder: _Builder,
    loaded: LoadedSession,
    group: Group,
    settings: _Settings,
    infos: list[dict[str, object]],
    targets: Mapping[int, Target],
) -> None:
    """Round after round, each exercise once: A1, B1, rest, A2, B2, rest, ...; a
    change-over of `between` seconds from one exercise to the next."""
    superset = group.superset
    assert superset is not None
    between = DEFAULT_BETWEEN if superset.between is None else superset.between
    members = list(enumerate(group.entries))
    exercises = [loaded.exercise(entry.exercise) for entry in group.entries]
    for m, entry in members:
        target = targets.get(group.first + m, Target())
        _warmups(builder, entry, exercises[m], settings, infos[m], target)
    rounds = superset.sets
    for round_no in range(1, rounds + 1):
        for m, entry in members:
            assert entry.reps is not None
            target = targets.get(group.first + m, Target())
            sides = _sides(entry)
            this_set = dict(
                infos[m],
                set_no=round_no,
                sets=rounds,
                reps=target.reps or entry.reps.low,
                amrap=entry.reps.amrap,
                superset=f"{_letter(m)}{round_no}",
            )
            lead = dict(this_set, side=sides[0])
            if m == 0:
                _get_ready(builder, settings.get_ready, lead)
            elif between > 0:
                cues = _countdown("get-ready", between)
                builder.add("switch", Phase.CHANGE, builder.new_block(), between, cues, lead)
            switch = _settings(entry, loaded.session.defaults).switch
            _one_set(builder, tempo_of(entry), exercises[m].starts, sides, switch, this_set)
        if round_no < rounds and settings.rest > 0:
            _rest(builder, settings.rest, dict(infos[-1], set_no=round_no, sets=rounds))


def _letter(n: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n]


def _one_set(
    builder: _Builder,
    tempo: Tempo | None,
    starts: str,
    sides: list[Literal["left", "right"] | None],
    switch: int,
    this_set: dict[str, object],
) -> None:
    """One set (each side in turn): counted reps, or a manual block; an AMRAP set goes
    on past its target, still counted, until Enter."""
    reps = int(str(this_set["reps"]))
    amrap = bool(this_set.get("amrap"))
    for side in sides:
        here = dict(this_set, side=side)
        if side == "right" and switch > 0:
            cues = _countdown("get-ready", switch)
            builder.add("switch", Phase.SWITCH, builder.new_block(), switch, cues, here)
        block = builder.new_block()
        if tempo is None:
            builder.add(
                "manual",
                Phase.GO,
                block,
                None,
                [CueAt("go", 0)],
                dict(here, rep_no=1, last_of_record=True),
                estimate=MANUAL_SECONDS_PER_REP * reps,
            )
            continue
        phases = _rep_phases(tempo, starts)
        after_hold = builder.add_reps(block, phases, reps, amrap, here)
        if amrap:
            _amrap_tail(builder, block, phases, after_hold, dict(here, rep_no=reps + 1))


def _amrap_tail(
    builder: _Builder,
    block: int,
    phases: list[tuple[Phase, int]],
    after_hold: bool,
    here: dict[str, object],
) -> None:
    """Past the target: one open-ended stretch that keeps counting the tempo, rep after
    rep, until the person says the set is done. The plan counts it as no time."""
    rep = sum(seconds for _, seconds in phases)
    cues: list[CueAt] = []
    at = 0
    for _ in range(AMRAP_COUNTED_EXTRA):
        for phase, seconds in phases:
            opening: CueName = "release" if after_hold else _PHASE_CUE[phase]
            cues += [CueAt(opening, at), *(CueAt("tick", at + t) for t in range(1, seconds))]
            after_hold = phase is Phase.HOLD
            at += seconds
    builder.add(
        "manual",
        Phase.MORE,
        block,
        None,
        cues,
        dict(here, last_of_record=True, rep_seconds=rep),
        estimate=0,
    )


def _intervals(
    builder: _Builder, entry: Entry, settings: _Settings, info: dict[str, object]
) -> None:
    block = entry.intervals
    assert block is not None
    _get_ready(builder, settings.get_ready, dict(info, round_no=1, rounds=block.rounds))
    for round_no in range(1, block.rounds + 1):
        here = dict(info, round_no=round_no, rounds=block.rounds, set_no=1, sets=1)
        last = round_no == block.rounds
        cues = [CueAt("go", 0), *_countdown("tick", block.work)]
        builder.add(
            "work",
            Phase.WORK,
            builder.new_block(),
            block.work,
            cues,
            dict(here, last_of_record=last),
        )
        if not last and block.rest > 0:
            cues = [CueAt("rest", 0), *_countdown("rest-ending", block.rest)]
            builder.add("rest", Phase.REST, builder.new_block(), block.rest, cues, here)


def _emom(builder: _Builder, entry: Entry, settings: _Settings, info: dict[str, object]) -> None:
    block = entry.emom
    assert block is not None
    reps = block.reps.low if block.reps else 0
    _get_ready(builder, settings.get_ready, dict(info, round_no=1, rounds=block.rounds, reps=reps))
    for round_no in range(1, block.rounds + 1):
        here = dict(info, round_no=round_no, rounds=block.rounds, reps=reps, set_no=1, sets=1)
        last = round_no == block.rounds
        cues = [CueAt("go", 0), *_countdown("tick", block.every)]
        builder.add(
            "work",
            Phase.WORK,
            builder.new_block(),
            block.every,
            cues,
            dict(here, last_of_record=last),
        )


def iter_cues(timeline: Timeline) -> Iterator[tuple[int, CueName, Segment]]:
    """Every cue with its planned time from the session's start (manual sets at their
    estimate; past an AMRAP target, nothing: the plan counts no extra reps)."""
    for segment in timeline.segments:
        for cue in segment.cues:
            if segment.rep_seconds and segment.duration is None:
                break
            yield segment.start + cue.at, cue.name, segment
