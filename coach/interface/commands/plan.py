"""`coach plan SESSION`: the timeline with times and the total; --json for machines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from coach.domain.durations import format_duration
from coach.domain.problems import SessionFileError
from coach.interface import collector
from coach.interface.cli import SUMMARY, CheckFailed, UsageError
from coach.services.catalog import SessionNotFound, is_program_file, resolve

# A text plan of a file, settings and history unchanged since the last one is printed
# from the cache: the models, YAML and the timeline are loaded only to work one out.
if TYPE_CHECKING:
    from coach.domain.load import Equipment
    from coach.domain.loading import LoadedSession
    from coach.domain.outline import Block, Outline
    from coach.domain.shown_loads import LoadKey
    from coach.domain.timeline import CueAt, Phase, RepRun, Segment, Timeline


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
    return load_path(name, path)


def load_path(name: str, path: Path) -> LoadedSession:
    """Load a resolved session file for a command, as one clear line on failure. A file
    unchanged since it was last loaded is taken from the cache, checked as it was."""
    from coach.services import session_cache

    kept = session_cache.kept_session(path)
    if kept is not None:
        return kept
    from coach.domain.loading import load_session

    before = session_cache.signature(path)
    try:
        loaded = load_session(path)
    except SessionFileError as exc:
        if is_program_file(path):
            raise UsageError(
                f"{name} is a program, not a session; `coach today {path.stem}` runs its "
                "next session, `coach program` shows where it stands"
            ) from None
        raise CheckFailed("\n".join(exc.lines())) from None
    session_cache.keep_session(path, before, loaded)
    return loaded


def run(args: argparse.Namespace) -> int:
    # A plan is read and written in one go: tens of thousands of small objects (the YAML
    # nodes, the models, the blocks or records), none of them in a reference cycle. The
    # cycle collector would only rescan that growing heap, a third of the time of a
    # 5,000-exercise plan; it waits until the plan is out.
    with collector.paused():
        return _plan(args)


def _plan(args: argparse.Namespace) -> int:
    if args.json:
        loaded = load_named(args.session)
        targets = plan_targets(loaded, plan_equipment())
        write_json(loaded, compile_timeline(loaded, targets), sys.stdout)
        return 0
    from coach.services import session_cache

    try:
        path = resolve(args.session)
    except SessionNotFound as exc:
        raise UsageError(str(exc)) from None
    shown, also = str(path), plan_depends_on()
    kept = session_cache.kept_plan(shown, path, also)
    if kept is not None:
        sys.stdout.write(kept)
        return 0
    before = session_cache.plan_key(shown, path, [], also)
    loaded = load_path(args.session, path)
    text = plan_text(loaded)
    sys.stdout.write(text)
    after = session_cache.plan_key(shown, path, [], also)
    keys = session_cache.plan_key(shown, path, list(loaded.sound_files().values()), also)
    session_cache.keep_plan(path, before, after, keys, text)
    return 0


def compile_timeline(loaded: LoadedSession, targets: Mapping[int, Any] | None = None) -> Timeline:
    """The whole timeline, every rep phase (the JSON plan's; the text needs only the
    outline)."""
    from coach.domain.timeline import compile_timeline as compile_all

    return compile_all(loaded, targets)


def plan_depends_on() -> dict[str, list[Path]]:
    """The files besides the session that a text plan depends on: the settings (the
    weights owned) and the history (today's targets: every file of it but the shared
    memory index, which readers write too)."""
    import os

    from coach.services.paths import user_config_file, user_data_dir

    folder = user_data_dir()
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        names = []
    history = [
        folder / name for name in names if name.startswith("history") and not name.endswith("-shm")
    ]
    return {"settings": [user_config_file()], "history": history}


def plan_text(loaded: LoadedSession) -> str:
    """The plan as text, one line a set, with today's targets and loads as `coach run`
    would use them."""
    from coach.domain.outline import outline
    from coach.domain.shown_loads import shown_loads_of

    equipment = plan_equipment()
    targets = plan_targets(loaded, equipment)
    # One line a set: the outline, not the rep phases the timeline is made of.
    short = outline(loaded, targets)
    return render_outline(loaded, short, shown_loads_of(loaded, short.blocks, equipment))


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


CHUNK = 2000  # segments written per call: quick, without the whole plan's text in memory


def write_json(loaded: LoadedSession, timeline: Timeline, out: TextIO) -> None:
    """The plan for machines, written as it is encoded, from the timeline's compact parts
    (a counted set's reps are never made into segment objects). What is the same for a
    whole exercise (its name, load) is said once under `exercises`; each segment names
    its exercise by `entry`."""
    from coach.domain.timeline import RepRun

    exercises: dict[int, dict[str, Any]] = {}
    for part in timeline.parts:
        s = part.first if isinstance(part, RepRun) else part
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
    cue_texts: dict[int, tuple[object, list[tuple[str, int]]]] = {}
    forms: _Forms = {}
    texts: list[str] = []
    written = 0  # segments in `texts`
    first = True
    for part in timeline.parts:
        if isinstance(part, RepRun):
            texts.append(_run_text(part, forms))
            written += part.count
        else:
            texts.append(_segment_text(part, cue_texts))
            written += 1
        if written >= CHUNK:
            out.write(("" if first else ",") + ",".join(texts))
            texts, written, first = [], 0, False
    if texts:
        out.write(("" if first else ",") + ",".join(texts))
    out.write("]}\n")


def _compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _segment_text(s: Segment, cue_texts: dict[int, tuple[object, list[tuple[str, int]]]]) -> str:
    """One segment as compact JSON: its kind, phase, start, duration and cues (each at its
    time from the session's start), then what it belongs to. Every value is a number or
    one of the timeline's own ASCII words, so it is written as text directly: a quarter
    of the time `json.dumps` takes over a dict per segment, for the same characters."""
    start = s.start
    cues = s.cues
    known = cue_texts.get(id(cues))  # the timeline shares equal cue tuples
    if known is None or known[0] is not cues:
        known = cue_texts[id(cues)] = (cues, [(f'{{"name":"{c.name}","at":', c.at) for c in cues])
    cue_text = ",".join([f"{name}{start + at}}}" for name, at in known[1]])
    return (
        f'{{"kind":"{s.kind}","phase":"{s.phase.value}","start":{start},'
        f'"duration":{s.estimate},"cues":[{cue_text}]{_belongs(s)}}}'
    )


def _belongs(s: Segment) -> str:
    """What a segment belongs to, as the tail of its JSON object."""
    text = ',"open_ended":true' if s.duration is None else ""
    if s.entry >= 0:
        text += f',"entry":{s.entry}'
        for key in _NUMBERS:
            value = getattr(s, key)
            if value:
                text += f',"{key}":{value}'
        if s.side:
            text += f',"side":"{s.side}"'
        if s.warmup:
            text += ',"warmup":true'
        if s.amrap:
            text += ',"amrap":true'
        if s.superset:
            text += f',"superset":"{s.superset}"'
    return text


_REP_NO = -1  # stands for the rep number while its place in the text is found
_BEFORE, _AFTER = "\0before\0", "\0after\0"  # a rep template's places for `_belongs`
_Forms = dict[tuple[object, ...], tuple[str, list[int]]]


def _run_text(run: RepRun, forms: _Forms) -> str:
    """A run of counted reps, as the same JSON `_segment_text` writes for each of its
    segments: each rep is a template filled with its times and its number."""
    first = run.first
    # What the segments belong to, split where the rep number goes (it is never 0).
    before_rep, after_rep = _belongs(first._replace(rep_no=_REP_NO)).split(f'"rep_no":{_REP_NO}')
    belongs = (_escaped(before_rep), _escaped(after_rep))
    length = run.rep_length
    texts = []
    for rows, reps in (
        (run.first_rep_cues, range(1, 2)),
        (run.later_rep_cues, range(2, run.reps + 1)),
    ):
        key = (run.phases, rows)
        known = forms.get(key)
        if known is None:
            known = forms[key] = _rep_form(run.phases, rows)
        shape, times = known
        form = shape.replace(_BEFORE, belongs[0]).replace(_AFTER, belongs[1])
        start = first.start + (reps.start - 1) * length
        for rep_no in reps:
            texts.append(form.format(*[start + t for t in times], r=rep_no))
            start += length
    return ",".join(texts)


def _rep_form(
    phases: tuple[tuple[Phase, int], ...], rows: tuple[tuple[CueAt, ...], ...]
) -> tuple[str, list[int]]:
    """One rep's segments as a `str.format` template, and each numbered slot's time from
    the rep's start; `{r}` is the rep number, and _BEFORE and _AFTER stand for what the
    segments belong to, before and after it."""
    parts: list[str] = []
    times: list[int] = []

    def text(literal: str) -> None:
        parts.append(_escaped(literal))

    def time(at: int) -> None:
        parts.append(f"{{{len(times)}}}")
        times.append(at)

    at = 0
    for n, ((phase, seconds), cues) in enumerate(zip(phases, rows, strict=True)):
        text(f'{"," if n else ""}{{"kind":"rep","phase":"{phase.value}","start":')
        time(at)
        text(f',"duration":{seconds},"cues":[')
        for k, cue in enumerate(cues):
            text(f'{"," if k else ""}{{"name":"{cue.name}","at":')
            time(at + cue.at)
            text("}")
        parts.append(f']{_BEFORE}"rep_no":{{r}}{_AFTER}}}}}')
        at += seconds
    return "".join(parts), times


def _escaped(literal: str) -> str:
    return literal.replace("{", "{{").replace("}", "}}")


def _describe_set(first: Block, loaded: LoadedSession, loads: Mapping[LoadKey, str]) -> str:
    from coach.domain.shown_loads import shown_load_of
    from coach.interface.wording import reps_word, set_place

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
    """The plan as text, from a compiled timeline; `loads` shows an entry's load its own
    way (nearest loadable weight, plates per side)."""
    from coach.domain.outline import from_timeline

    return render_outline(loaded, from_timeline(timeline), loads)


def render_outline(
    loaded: LoadedSession, plan: Outline, loads: Mapping[LoadKey, str] | None = None
) -> str:
    from coach.domain.shown_loads import shown_load_of

    loads = loads or {}
    lines = [f"{loaded.session.name}  ({loaded.path})", ""]
    estimated_sets = 0
    for block in plan.blocks:
        at = format_duration(block.start)
        length = format_duration(block.length)
        if block.kind in ("rep", "manual"):
            text = _describe_set(block, loaded, loads)
            if block.kind == "manual":
                estimated_sets += 1
                length = f"~{length}"
        elif block.kind == "work":
            what = "EMOM round" if loaded.session.entries[block.entry].emom else "round"
            text = f"{block.title} · {what} {block.round_no}/{block.rounds} · WORK"
            if block.reps:
                text += f" · {block.reps} reps"
            if block.load:
                text += f" · {shown_load_of(loads, block.entry, block.load)}"
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
