"""The plan's outline (one block a set, no rep phases) is the compiled timeline's blocks:
same starts, lengths, words and total, over every bundled session and generated ones."""

from __future__ import annotations

import argparse
import io
import itertools
from pathlib import Path

import pytest

from coach.bench.sessions import big_session, realtime_session
from coach.domain.load import Load
from coach.domain.loading import load_session
from coach.domain.outline import from_timeline, outline
from coach.domain.shown_loads import shown_loads, shown_loads_of
from coach.domain.timeline import Target, compile_timeline
from coach.interface.commands import plan

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = sorted((ROOT / "sessions").glob("*.yaml"))
FIXTURES = sorted(
    p for p in (ROOT / "tests" / "fixtures").glob("*.yaml") if p.name != "broken.yaml"
)

HEAD = "name: Generated\n"
_ENTRIES = [
    "{exercise: hip-thrust, sets: 3, reps: 5, tempo: 2-1-1-0, rest: 30, load: 60 kg}",
    "{exercise: romanian-deadlift, sets: 2, reps: 4, tempo: 3-0-1-1, per_side: true, switch: 4}",
    "{exercise: romanian-deadlift, sets: 2, reps: 4, per_side: true, switch: 0, get_ready: 0}",
    "{exercise: back-extension, sets: 2, reps: 6, hold: 3, rest: 0, rest_after: 0}",
    "{exercise: good-morning, sets: 3, reps: 8, rest: 45}",
    "{exercise: kettlebell-swing, intervals: {work: 20, rest: 10, rounds: 4}, rest_after: 15}",
    "{exercise: kettlebell-swing, intervals: {work: 30, rest: 0, rounds: 3}, get_ready: 0}",
    "{exercise: kettlebell-swing, emom: {every: 60, rounds: 3, reps: 12}}",
    "{exercise: kettlebell-swing, emom: {every: 40, rounds: 2}, get_ready: 7}",
    "{exercise: good-morning, reps: 10, tempo: 1-2-1-0}",
    "{exercise: hip-thrust, sets: 2, reps: 6+, tempo: 2-0-1-1, load: 70 kg, rest: 40}",
    "{exercise: good-morning, sets: 2, reps: 5+, load: 40 kg}",
    "{exercise: hip-thrust, sets: 2, reps: 5, tempo: 1-0-1-0, load: 100 kg, warmup: auto}",
    "{exercise: romanian-deadlift, reps: 4+, tempo: 1-0-1-0, per_side: true, load: 30 kg,"
    " warmup: [50%x4, 80%x2], rest: 15}",
    "{exercise: good-morning, sets: 2, reps: 3, load: 62.5 kg, warmup: [40%x3], rest: 1}",
    "{superset: {sets: 3, rest: 50, exercises: [{exercise: hip-thrust, reps: 5, load: 80 kg,"
    " tempo: 2-0-1-1}, {exercise: back-extension, reps: 6+, hold: 2}]}}",
    "{superset: {sets: 2, between: 0, get_ready: 0, rest: 0, rest_after: 25, exercises: ["
    "{exercise: good-morning, reps: 4, load: 50 kg, warmup: auto},"
    " {exercise: romanian-deadlift, reps: 3, per_side: true, switch: 2, tempo: 1-1-1-0},"
    " {exercise: hip-thrust, reps: 2+, tempo: 1-0-1-0, load: 90 kg, warmup: [50%x2]}]}}",
]


def _generated() -> list[tuple[str, str]]:
    """Sessions made of every pair and a few longer runs of the entries above, with and
    without session defaults."""
    texts = []
    for a, b in itertools.product(range(len(_ENTRIES)), repeat=2):
        texts.append((f"pair-{a}-{b}", f"exercises:\n  - {_ENTRIES[a]}\n  - {_ENTRIES[b]}\n"))
    defaults = "defaults: {rest: 20, rest_after: 40, get_ready: 2, switch: 3}\n"
    everything = "exercises:\n" + "".join(f"  - {e}\n" for e in _ENTRIES)
    texts.append(("all", everything))
    texts.append(("all-defaults", defaults + everything))
    texts.append(("one", "exercises:\n  - {exercise: hip-thrust, reps: 1, tempo: 1-0-0-0}\n"))
    return [(name, HEAD + text) for name, text in texts]


def _check(path: Path, targets: dict[int, Target] | None = None) -> None:
    loaded = load_session(path)
    timeline = compile_timeline(loaded, targets)
    short = outline(loaded, targets)
    assert short == from_timeline(timeline)
    assert short.total_seconds == timeline.total_seconds
    assert plan.render_outline(loaded, short) == plan.render(loaded, timeline)
    loads = shown_loads(loaded, timeline)
    assert shown_loads_of(loaded, short.blocks) == loads
    assert plan.render_outline(loaded, short, loads) == plan.render(loaded, timeline, loads)


@pytest.mark.parametrize("path", BUNDLED + FIXTURES, ids=lambda p: p.name)
def test_the_outline_of_a_file_is_its_timeline_in_blocks(path):
    _check(path)


def test_generated_sessions_outline_as_their_timelines(tmp_path):
    for name, text in _generated():
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        _check(path)


def test_the_benchmark_sessions_and_targets_outline_alike(tmp_path):
    for name, text in (("big", big_session(40)), ("live", realtime_session(6))):
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        _check(path)
        # Today's targets (progression) change reps and loads: the outline follows them.
        _check(path, {0: Target(load=Load(62.5, "kg"), reps=7), 2: Target(reps=3)})


def test_the_text_plan_does_not_build_the_rep_phases(monkeypatch, tmp_path, capsys):
    path = tmp_path / "big.yaml"
    path.write_text(big_session(5), encoding="utf-8")

    def refuse(*args, **kwargs):
        raise AssertionError("the text plan compiled the whole timeline")

    monkeypatch.setattr(plan, "compile_timeline", refuse)
    monkeypatch.setattr(plan, "plan_targets", lambda loaded, equipment=None: {})
    assert plan.run(argparse.Namespace(session=str(path), json=False)) == 0
    out = capsys.readouterr().out
    assert out.count("Hip thrust · set") == 15
    assert out.rstrip().endswith(f"Total {_total(path)}")


def _total(path: Path) -> str:
    from coach.domain.durations import format_duration

    return format_duration(compile_timeline(load_session(path)).total_seconds)


def test_render_of_a_timeline_reads_as_before(tmp_path):
    path = tmp_path / "live.yaml"
    path.write_text(realtime_session(3), encoding="utf-8")
    loaded = load_session(path)
    out = io.StringIO()
    out.write(plan.render(loaded, compile_timeline(loaded)))
    assert "Hip thrust · set 1/1 · 4 reps · hold 2 s" in out.getvalue()


def _reference_segment(s) -> dict:
    """The JSON shape of a segment, spelt out as a dict (what `json.dumps` gave before
    the plan wrote its segments as text)."""
    item = {
        "kind": s.kind,
        "phase": s.phase.value,
        "start": s.start,
        "duration": s.estimate,
        "cues": [{"name": c.name, "at": s.start + c.at} for c in s.cues],
    }
    if s.duration is None:
        item["open_ended"] = True
    if s.entry >= 0:
        item["entry"] = s.entry
        for key in ("set_no", "sets", "rep_no", "reps", "round_no", "rounds"):
            if getattr(s, key):
                item[key] = getattr(s, key)
        if s.side:
            item["side"] = s.side
        for flag in ("warmup", "amrap"):
            if getattr(s, flag):
                item[flag] = True
        if s.superset:
            item["superset"] = s.superset
    return item


def test_the_json_plan_is_every_segment_in_its_documented_shape(tmp_path, monkeypatch):
    import json

    monkeypatch.setattr(plan, "CHUNK", 7)  # several chunks, and their joins
    path = tmp_path / "all.yaml"
    path.write_text(dict(_generated())["all-defaults"], encoding="utf-8")
    loaded = load_session(path)
    timeline = compile_timeline(loaded)
    out = io.StringIO()
    plan.write_json(loaded, timeline, out)
    text = out.getvalue()
    assert text.endswith("]}\n")
    data = json.loads(text)
    assert data["segments"] == [_reference_segment(s) for s in timeline.segments]
    assert data["total_seconds"] == timeline.total_seconds
    # Compact, as json.dumps writes it with (",", ":").
    assert text.rstrip("\n") == json.dumps(data, separators=(",", ":"))
