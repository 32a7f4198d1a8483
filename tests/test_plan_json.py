"""The compact timeline (a counted set's reps as one record) is the timeline a segment per
rep phase made: the same segments, blocks and totals. `coach plan --json`, written from
the compact records, is byte for byte what `json.dumps` writes over those segments. Over
every bundled session and generated ones (supersets, AMRAP, warm-ups, per side,
intervals, EMOM, with and without defaults), with today's targets and without."""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

import pytest
from reference_timeline import Reference, reference_compile
from test_outline import BUNDLED, FIXTURES, _generated, _reference_segment

from coach.bench.sessions import big_session, realtime_session
from coach.domain.load import Load
from coach.domain.loading import LoadedSession, load_session
from coach.domain.timeline import RepRun, Target, Timeline, compile_timeline
from coach.interface.commands import plan

TARGETS: tuple[dict[int, Target] | None, ...] = (
    None,
    {0: Target(load=Load(62.5, "kg"), reps=7), 1: Target(reps=1), 2: Target(reps=3)},
)


def _sessions(folder: Path) -> list[Path]:
    paths = list(BUNDLED + FIXTURES)
    made = [*_generated(), ("big", big_session(12)), ("live", realtime_session(6))]
    for name, text in made:
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _reference_json(loaded: LoadedSession, ref: Reference) -> str:
    """The plan as one `json.dumps` of a dict, every segment spelt out from the segment
    per rep phase timeline."""
    exercises: dict[int, dict[str, object]] = {}
    for s in ref.segments:
        if s.entry >= 0 and s.entry not in exercises:
            exercises[s.entry] = {
                "entry": s.entry,
                "exercise": s.exercise,
                "title": s.title,
                "load": s.load or None,
            }
    data = {
        "session": loaded.session.name,
        "path": str(loaded.path),
        "total_seconds": ref.segments[-1].end,
        "estimated": any(s.duration is None for s in ref.segments),
        "exercises": [exercises[k] for k in sorted(exercises)],
        "segments": [_reference_segment(s) for s in ref.segments],
    }
    return json.dumps(data, separators=(",", ":")) + "\n"


def test_the_compact_timeline_is_the_one_built_a_rep_phase_at_a_time(tmp_path):
    checked = 0
    for path in _sessions(tmp_path):
        loaded = load_session(path)
        for targets in TARGETS:
            timeline = compile_timeline(loaded, targets)
            ref = reference_compile(loaded, targets)
            assert tuple(timeline.iter_segments()) == ref.segments, path.name
            assert timeline.segments == ref.segments, path.name
            assert timeline.block_starts == ref.block_starts, path.name
            assert timeline.total_seconds == ref.segments[-1].end
            assert timeline.estimated == any(s.duration is None for s in ref.segments)
            assert timeline.manual_sets == sum(1 for s in ref.segments if s.kind == "manual")
            # The cues of equal phases stay one shared tuple, as they were.
            assert len({id(s.cues) for s in timeline.segments}) == len(
                {s.cues for s in timeline.segments}
            )
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("chunk", [plan.CHUNK, 7, 1])
def test_the_json_plan_is_the_bytes_json_dumps_writes(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(plan, "CHUNK", chunk)  # the joins between written chunks
    runs = 0
    for path in _sessions(tmp_path):
        loaded = load_session(path)
        for targets in TARGETS:
            timeline = compile_timeline(loaded, targets)
            runs += sum(1 for part in timeline.parts if isinstance(part, RepRun))
            out = io.StringIO()
            plan.write_json(loaded, timeline, out)
            expected = _reference_json(loaded, reference_compile(loaded, targets))
            _same(out.getvalue(), expected, path.name)
    assert runs > 1000  # the counted sets went through the compact records


def test_the_json_plan_never_makes_a_segment_per_rep_phase(tmp_path, monkeypatch, capsys):
    path = tmp_path / "big.yaml"
    path.write_text(big_session(30), encoding="utf-8")
    expected = _reference_json(load_session(path), reference_compile(load_session(path)))

    def refuse(*args: object) -> None:
        raise AssertionError("the JSON plan made every rep phase into a segment")

    monkeypatch.setattr(RepRun, "segments", refuse)
    monkeypatch.setattr(Timeline, "segments", property(refuse))
    monkeypatch.setattr(plan, "plan_targets", lambda loaded, equipment=None: {})
    assert plan.run(argparse.Namespace(session=str(path), json=True)) == 0
    _same(capsys.readouterr().out, expected, path.name)


def _same(written: str, expected: str, name: str) -> None:
    """Equal texts; else where they part, briefly (a diff of megabytes takes minutes)."""
    if written == expected:
        return
    at = next(
        (i for i, (a, b) in enumerate(zip(written, expected, strict=False)) if a != b),
        min(len(written), len(expected)),
    )
    pytest.fail(
        f"{name}: differs at character {at} of {len(expected)}:\n"
        f"  written  ...{written[max(0, at - 60) : at + 60]}...\n"
        f"  expected ...{expected[max(0, at - 60) : at + 60]}..."
    )


def test_a_set_of_counted_reps_is_one_record(tmp_path):
    path = tmp_path / "one.yaml"
    path.write_text(
        "name: One\nexercises:\n"
        "  - {exercise: hip-thrust, sets: 2, reps: 10, tempo: 2-0-1-2, per_side: true}\n",
        encoding="utf-8",
    )
    timeline = compile_timeline(load_session(path))
    runs = [part for part in timeline.parts if isinstance(part, RepRun)]
    assert [run.count for run in runs] == [30, 30, 30, 30]  # 2 sets x 2 sides x 10 reps x 3
    assert len(timeline.parts) < 20
    assert len(timeline.segments) == len(timeline.parts) - len(runs) + 120


@pytest.mark.parametrize("json_output", [False, True])
def test_the_plan_pauses_the_cycle_collector_and_gives_it_back(
    tmp_path, monkeypatch, capsys, json_output
):
    import gc

    path = tmp_path / "big.yaml"
    path.write_text(big_session(3), encoding="utf-8")
    seen: list[bool] = []
    load_named, load_path = plan.load_named, plan.load_path

    def load(name: str) -> LoadedSession:
        seen.append(gc.isenabled())
        return load_named(name)

    def load_from(name: str, where: Path) -> LoadedSession:  # (the text plan's way in)
        seen.append(gc.isenabled())
        return load_path(name, where)

    monkeypatch.setattr(plan, "load_named", load)
    monkeypatch.setattr(plan, "load_path", load_from)
    monkeypatch.setattr(plan, "plan_targets", lambda loaded, equipment=None: {})
    assert gc.isenabled()
    assert plan.run(argparse.Namespace(session=str(path), json=json_output)) == 0
    assert seen and not any(seen)  # paused while the session is read and the plan written
    assert gc.isenabled()  # and on again after
    assert "Hip thrust" in capsys.readouterr().out
