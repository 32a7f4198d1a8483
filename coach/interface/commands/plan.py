"""`coach plan SESSION`: the timeline with times and the total; --json for machines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import Any, TextIO

from coach.domain.durations import format_duration
from coach.domain.load import Equipment
from coach.domain.loading import LoadedSession, load_session
from coach.domain.problems import SessionFileError
from coach.domain.shown_loads import LoadKey, shown_load_of, shown_loads
from coach.domain.timeline import Segment, Timeline, compile_timeline
from coach.interface.cli import CheckFailed, UsageError
from coach.interface.wording import reps_word, set_place
from coach.services.catalog import SessionNotFound, is_program_file, resolve


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "plan",
        help="show a session's timeline and total",
        description="Every exercise, set, rest and interval with its start time, and the total.",
    )
    parser.add_argument("session", metavar="SESSION", help="a name from `coach list`, or a path")
    parser.add_argument("--json", action="store_true", help="one JSON object, every segment")
    parser.set_defaults(func=run)


def load_named(name: str) -> LoadedSession:
    """Resolve and load a session for a command, as one clear line on failure."""
    try:
        path = resolve(name)
    except SessionNotFound as exc:
        raise UsageError(str(exc)) from None
    try:
        return load_session(path)
    except SessionFileError as exc:
        if is_program_file(path):
            raise UsageError(
                f"{name} is a program, not a session; `coach today {path.stem}` runs its "
                "next session, `coach program` shows where it stands"
            ) from None
        raise CheckFailed("\n".join(exc.lines())) from None


def run(args: argparse.Namespace) -> int:
    loaded = load_named(args.session)
    equipment = plan_equipment()
    timeline = compile_timeline(loaded, plan_targets(loaded, equipment))
    if args.json:
        write_json(loaded, timeline, sys.stdout)
    else:
        sys.stdout.write(render(loaded, timeline, shown_loads(loaded, timeline, equipment)))
    return 0


def plan_equipment() -> Equipment | None:
    """The weights the settings file names (None: the usual gym's)."""
    from coach.services.config import ConfigError, load_config

    try:
        return load_config().equipment
    except ConfigError as exc:
        raise CheckFailed(str(exc)) from None


def plan_targets(loaded: LoadedSession, equipment: Equipment | None = None) -> dict[int, Any]:
    """Today's targets from the training history, when a history is kept."""
    try:
        from coach.services.journal import targets_for_plan
    except ImportError:
        return {}
    return targets_for_plan(loaded, equipment=equipment)


_NUMBERS = ("set_no", "sets", "rep_no", "reps", "round_no", "rounds")


CHUNK = 2000  # segments encoded per call: the C encoder's speed without the whole plan in memory


def write_json(loaded: LoadedSession, timeline: Timeline, out: TextIO) -> None:
    """The plan for machines, written as it is encoded. What is the same for a whole
    exercise (its name, load) is said once under `exercises`; each segment names its
    exercise by `entry`."""
    exercises: dict[int, dict[str, Any]] = {}
    for s in timeline.segments:
        if s.entry >= 0 and s.entry not in exercises:
            exercises[s.entry] = {
                "entry": s.entry,
                "exercise": s.exercise,
                "title": s.title,
                "load": s.load or None,
            }
    head = {
        "session": loaded.session.name,
        "path": str(loaded.path),
        "total_seconds": timeline.total_seconds,
        "estimated": timeline.estimated,
        "exercises": [exercises[k] for k in sorted(exercises)],
    }
    out.write(_compact(head)[:-1] + ',"segments":[')
    segments = timeline.segments
    for at in range(0, len(segments), CHUNK):
        if at:
            out.write(",")
        out.write(_compact([_segment_json(s) for s in segments[at : at + CHUNK]])[1:-1])
    out.write("]}\n")


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _segment_json(s: Segment) -> dict[str, Any]:
    start = s.start
    item: dict[str, Any] = {
        "kind": s.kind,
        "phase": s.phase,  # a str enum: encodes as its word
        "start": start,
        "duration": s.estimate,
        "cues": [{"name": c.name, "at": start + c.at} for c in s.cues],
    }
    if s.duration is None:
        item["open_ended"] = True
    if s.entry >= 0:
        item["entry"] = s.entry
        for key in _NUMBERS:
            value = getattr(s, key)
            if value:
                item[key] = value
        if s.side:
            item["side"] = s.side
        for flag in ("warmup", "amrap"):
            if getattr(s, flag):
                item[flag] = True
        if s.superset:
            item["superset"] = s.superset
    return item


def _describe_set(
    first: Segment, loaded: LoadedSession, seconds: int, loads: Mapping[LoadKey, str]
) -> str:
    entry = loaded.session.entries[first.entry]
    parts = [f"{first.title}", set_place(first)]
    if first.side:
        parts.append(first.side)
    parts.append(reps_word(first))
    if first.kind == "manual":
        parts.append("manual (Enter when done)")
    elif first.amrap:
        parts.append("counted on until Enter")
    elif entry.tempo is not None:
        parts.append(f"tempo {entry.tempo}")
    elif entry.hold is not None:
        parts.append(f"hold {entry.hold} s")
    if first.load:
        parts.append(shown_load_of(loads, first.entry, first.load))
    return " · ".join(parts)


def render(
    loaded: LoadedSession, timeline: Timeline, loads: Mapping[LoadKey, str] | None = None
) -> str:
    """The plan as lines; `loads` shows an entry's load its own way (nearest loadable
    weight, plates per side)."""
    loads = loads or {}
    lines = [f"{loaded.session.name}  ({loaded.path})", ""]
    estimated_sets = 0
    for block_start in timeline.block_starts:
        first = timeline.segments[block_start]
        members = timeline.segments[block_start : _block_end(timeline, block_start)]
        seconds = sum(s.estimate for s in members)
        at = format_duration(first.start)
        length = format_duration(seconds)
        if first.kind in ("rep", "manual"):
            text = _describe_set(first, loaded, seconds, loads)
            if first.kind == "manual":
                estimated_sets += 1
                length = f"~{length}"
        elif first.kind == "work":
            what = "EMOM round" if loaded.session.entries[first.entry].emom else "round"
            text = f"{first.title} · {what} {first.round_no}/{first.rounds} · WORK"
            if first.reps:
                text += f" · {first.reps} reps"
            if first.load:
                text += f" · {shown_load_of(loads, first.entry, first.load)}"
        elif first.kind == "finish":
            lines.append(f"{at:>8}  DONE")
            continue
        else:
            text = first.phase.value
        lines.append(f"{at:>8}  {length:>6}  {text}")
    total = format_duration(timeline.total_seconds)
    lines.append("")
    if estimated_sets:
        lines.append(
            f"Total {total} (estimated: {estimated_sets} manual set"
            f"{'s' if estimated_sets != 1 else ''} counted at 3 s a rep)"
        )
    else:
        lines.append(f"Total {total}")
    return "\n".join(lines) + "\n"


def _block_end(timeline: Timeline, start: int) -> int:
    return timeline.block_of(start).stop
