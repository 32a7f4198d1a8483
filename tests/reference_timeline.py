"""The timeline's compiler as it was before a counted set became one record: every
rep phase built as its own segment, one after another. The tests hold the compact
timeline (and the JSON plan written from it) to exactly these segments."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from coach.domain.cues import CueName
from coach.domain.library import Exercise
from coach.domain.loading import LoadedSession
from coach.domain.models import DEFAULT_BETWEEN, Entry, Group
from coach.domain.tempo import Tempo
from coach.domain.timeline import (
    _PHASE_CUE,
    AMRAP_COUNTED_EXTRA,
    MANUAL_SECONDS_PER_REP,
    CueAt,
    Kind,
    Phase,
    Segment,
    Target,
    _at,
    _countdown,
    _info,
    _letter,
    _phase_cues,
    _rep_phases,
    _Settings,
    _settings,
    _sides,
    tempo_of,
    warmup_rest,
)
from coach.domain.warmup import warmup_sets


class Reference(NamedTuple):
    segments: tuple[Segment, ...]
    block_starts: tuple[int, ...]


@dataclass
class _Builder:
    segments: list[Segment] = field(default_factory=list)
    block_starts: list[int] = field(default_factory=list)
    clock: int = 0
    pending_rest_cue: bool = False  # a set or block just ended: the next segment says "rest"

    def new_block(self) -> int:
        self.block_starts.append(len(self.segments))
        return len(self.block_starts) - 1

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
        if self.pending_rest_cue and kind != "finish":
            cues = [CueAt("rest", 0), *[c for c in cues if c.at != 0]]
            cues.sort(key=_at)
        shared = tuple(cues)
        self.pending_rest_cue = bool(info.get("last_of_record"))
        length = duration if duration is not None else (estimate or 0)
        self.segments.append(
            Segment(
                index=len(self.segments),
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
        self.clock += length


def reference_compile(
    loaded: LoadedSession, targets: Mapping[int, Target] | None = None
) -> Reference:
    """The segments and block starts, a segment built per rep phase."""
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
    return Reference(tuple(builder.segments), tuple(builder.block_starts))


def _rest(builder: _Builder, seconds: int, info: dict[str, object]) -> None:
    cues = [CueAt("rest", 0), *_countdown("rest-ending", seconds)]
    builder.add("rest", Phase.REST, builder.new_block(), seconds, cues, info)


def _get_ready(builder: _Builder, seconds: int, info: dict[str, object]) -> None:
    if seconds > 0:
        cues = _countdown("get-ready", seconds)
        builder.add("get_ready", Phase.GET_READY, builder.new_block(), seconds, cues, info)


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
        after_hold = False
        for rep_no in range(1, reps + 1):
            for n, (phase, seconds) in enumerate(phases):
                opening: CueName = _PHASE_CUE[phase]
                if rep_no == 1 and n == 0:
                    opening = "go"
                elif after_hold:
                    opening = "release"
                cues = _phase_cues(opening, seconds)
                last = rep_no == reps and n == len(phases) - 1 and not amrap
                builder.add(
                    "rep",
                    phase,
                    block,
                    seconds,
                    cues,
                    dict(here, rep_no=rep_no, last_of_record=last),
                )
                after_hold = phase is Phase.HOLD
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
