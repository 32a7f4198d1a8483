"""`coach plan SESSION`: the timeline with times and the total; --json for machines."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, TextIO

from coach.domain.durations import format_duration
from coach.domain.loading import LoadedSession, load_session
from coach.domain.outline import Block, Outline, from_timeline, outline
from coach.domain.problems import SessionFileError
from coach.domain.timeline import Segment, Timeline, compile_timeline
from coach.interface.cli import SUMMARY, CheckFailed, UsageError
from coach.services.catalog import SessionNotFound, resolve


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "plan",
        help=SUMMARY["plan"],
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
        raise CheckFailed("\n".join(exc.lines())) from None


def run(args: argparse.Namespace) -> int:
    loaded = load_named(args.session)
    targets = plan_targets(loaded)
    if args.json:
        write_json(loaded, compile_timeline(loaded, targets), sys.stdout)
    else:
        # One line a set: the outline, not the rep phases the timeline is made of.
        sys.stdout.write(render_outline(loaded, outline(loaded, targets)))
    return 0


def plan_targets(loaded: LoadedSession) -> dict[int, Any]:
    """Today's targets from the training history, when a history is kept."""
    try:
        from coach.services.journal import targets_for_plan
    except ImportError:
        return {}
    return targets_for_plan(loaded)


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
    return item


def _describe_set(first: Block, loaded: LoadedSession) -> str:
    entry = loaded.session.exercises[first.entry]
    parts = [f"{first.title}", f"set {first.set_no}/{first.sets}"]
    if first.side:
        parts.append(first.side)
    parts.append(f"{first.reps} reps")
    if first.kind == "manual":
        parts.append("manual (Enter when done)")
    elif entry.tempo is not None:
        parts.append(f"tempo {entry.tempo}")
    elif entry.hold is not None:
        parts.append(f"hold {entry.hold} s")
    if first.load:
        parts.append(first.load)
    return " · ".join(parts)


def render(loaded: LoadedSession, timeline: Timeline) -> str:
    """The plan as text, from a compiled timeline."""
    return render_outline(loaded, from_timeline(timeline))


def render_outline(loaded: LoadedSession, plan: Outline) -> str:
    lines = [f"{loaded.session.name}  ({loaded.path})", ""]
    estimated_sets = 0
    for block in plan.blocks:
        at = format_duration(block.start)
        length = format_duration(block.length)
        if block.kind in ("rep", "manual"):
            text = _describe_set(block, loaded)
            if block.kind == "manual":
                estimated_sets += 1
                length = f"~{length}"
        elif block.kind == "work":
            what = "EMOM round" if loaded.session.exercises[block.entry].emom else "round"
            text = f"{block.title} · {what} {block.round_no}/{block.rounds} · WORK"
            if block.reps:
                text += f" · {block.reps} reps"
            if block.load:
                text += f" · {block.load}"
        elif block.kind == "finish":
            lines.append(f"{at:>8}  DONE")
            continue
        else:
            text = block.phase.value
        lines.append(f"{at:>8}  {length:>6}  {text}")
    total = format_duration(plan.total_seconds)
    lines.append("")
    if estimated_sets:
        lines.append(
            f"Total {total} (estimated: {estimated_sets} manual set"
            f"{'s' if estimated_sets != 1 else ''} counted at 3 s a rep)"
        )
    else:
        lines.append(f"Total {total}")
    return "\n".join(lines) + "\n"
