"""python -m coach.bench [--minutes N] [--json] [--growth] | --against termdown [--seconds N]

Runs a generated session of N minutes on the real clock through the app (headless) and
through the plain mode, each in its own process with a backend that records when every
cue was handed to it; then measures start-up and the cost of `coach plan`.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from coach.bench.sessions import big_session, realtime_session, write
from coach.bench.startup import first_frame, plan_cost

TARGETS = {
    "cue_lateness_ms.p99": 2.0,
    "cue_lateness_ms.max": 10.0,
    "end_drift_ms": 5.0,
    "cpu_percent": 1.0,
    "peak_rss_mb": 80.0,
    "first_frame_s": 0.6,
    "plan_500_s": 0.5,
}
# `coach plan` of 5,000 exercises: each figure of `plan.5000` against its ceiling.
PLAN_5000_TARGETS = {"text_s": 1.0, "json_s": 2.5, "text_rss_mb": 100.0, "json_rss_mb": 100.0}


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def child(face: str, path: Path) -> None:
    """Run one face and print its figures as one JSON line."""
    from coach.bench.live import peak_rss_mb, run_app, run_plain
    from coach.domain.loading import load_session

    loaded = load_session(path)
    kind, _, voice = face.partition("+")
    run = run_app if kind == "app" else run_plain
    figures = run(loaded, voice=bool(voice))
    print(
        json.dumps(
            {
                "face": face,
                "planned_s": figures.planned_s,
                "cues_planned": figures.cues_planned,
                "cues_played": figures.cues_played,
                "lateness_ms": figures.lateness_ms,
                "end_drift_ms": figures.end_drift_ms,
                "cpu_percent": figures.cpu_percent,
                "peak_rss_mb": peak_rss_mb(),
                "spoken": figures.spoken,
            }
        )
    )


def _run_faces(path: Path, faces: tuple[str, ...] = ("app", "plain")) -> dict[str, dict[str, Any]]:
    # Each face keeps its history in a folder of its own: sharing one, the second to
    # start would find the first's run unfinished and stop to ask about it.
    procs = {
        face: subprocess.Popen(
            [sys.executable, "-m", "coach.bench", "--child", face, str(path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ, COACH_DATA_DIR=str(path.parent / f"data-{face}")),
        )
        for face in faces
    }
    results = {}
    for face, proc in procs.items():
        out, _ = proc.communicate()
        if proc.returncode != 0:
            raise SystemExit(f"coach.bench: the {face} run failed (status {proc.returncode})")
        results[face] = json.loads(out.strip().splitlines()[-1])
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coach.bench", description=__doc__.split("\n")[2]
    )
    parser.add_argument("--minutes", type=float, default=5.0, help="session length (default 5)")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    parser.add_argument(
        "--growth", action="store_true", help="also plan 50/500/5,000 exercises (and their memory)"
    )
    parser.add_argument(
        "--against",
        choices=("termdown",),
        help="only run the workout screen side by side with termdown; print the ratios",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=120.0,
        help="how long --against measures (default 120)",
    )
    parser.add_argument(
        "--countdown",
        action="store_true",
        help="with --against: coach counts down one long rest, as termdown does",
    )
    parser.add_argument(
        "--runs",
        type=int,
        default=7,
        help="with --against: how many times each start-up is timed (default 7)",
    )
    parser.add_argument(
        "--plan-only",
        action="store_true",
        help="only time `coach plan` (with --growth: on 50, 500 and 5,000 exercises)",
    )
    parser.add_argument("--child", nargs=2, metavar=("FACE", "SESSION"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    if args.against:
        if args.seconds <= 0:
            parser.error("--seconds must be more than 0")
        from coach.bench.against import against_termdown

        figures = against_termdown(
            args.seconds, runs=max(1, args.runs), countdown_only=args.countdown
        )
        if figures is not None:
            print(json.dumps(figures))
        return 0
    if args.minutes <= 0:
        parser.error("--minutes must be more than 0")
    if args.plan_only:
        return _plan_only(args.growth, args.json)

    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
        work = Path(folder)
        # Never the person's own history: start-up and plan runs get a folder of their own.
        os.environ["COACH_DATA_DIR"] = str(work / "data")
        session = write(work, "realtime", realtime_session(args.minutes))
        print(
            f"Running a {args.minutes:g}-minute session through the app and the plain mode "
            "(real time)...",
            file=sys.stderr,
            flush=True,
        )
        faces = _run_faces(session)
        # The voice on, after: a new phrase cache, so every line renders during the run.
        os.environ["COACH_CACHE_DIR"] = str(work / "cache")
        voiced = _run_faces(session, ("app+voice", "plain+voice"))
        frames = [first_frame(session) for _ in range(5)]
        plans = _plans(work, (50, 500, 5000) if args.growth else (500,))

    lateness = faces["app"]["lateness_ms"] + faces["plain"]["lateness_ms"]
    result: dict[str, Any] = {
        "minutes": args.minutes,
        "cue_lateness_ms": {
            "p50": round(_percentile(lateness, 0.50), 3),
            "p99": round(_percentile(lateness, 0.99), 3),
            "max": round(max(lateness, default=float("nan")), 3),
        },
        "end_drift_ms": round(max(abs(f["end_drift_ms"]) for f in faces.values()), 3),
        "cpu_percent": round(faces["app"]["cpu_percent"], 3),
        "peak_rss_mb": round(faces["app"]["peak_rss_mb"], 1),
        "first_frame_s": round(statistics.median(frames), 3),
        "plan_500_s": round(plans[500]["text_s"], 3),
        "faces": {
            face: {
                "cues_planned": f["cues_planned"],
                "cues_played": f["cues_played"],
                "lateness_ms": {
                    "p50": round(_percentile(f["lateness_ms"], 0.5), 3),
                    "p99": round(_percentile(f["lateness_ms"], 0.99), 3),
                    "max": round(max(f["lateness_ms"], default=float("nan")), 3),
                },
                "end_drift_ms": round(f["end_drift_ms"], 3),
                "cpu_percent": round(f["cpu_percent"], 3),
                "peak_rss_mb": round(f["peak_rss_mb"], 1),
            }
            for face, f in faces.items()
        },
        "plan": {str(n): {k: round(v, 3) for k, v in p.items()} for n, p in plans.items()},
        **({"plan_per_1000": _per_thousand(plans)} if args.growth else {}),
        "voice_on": {
            face: {
                "cues_planned": f["cues_planned"],
                "cues_played": f["cues_played"],
                "lines_spoken": f["spoken"],
                "lateness_ms": {
                    "p50": round(_percentile(f["lateness_ms"], 0.5), 3),
                    "p99": round(_percentile(f["lateness_ms"], 0.99), 3),
                    "max": round(max(f["lateness_ms"], default=float("nan")), 3),
                },
            }
            for face, f in voiced.items()
        },
    }
    _table(result)
    if args.json:
        print(json.dumps(result))
    return 0


def _plans(folder: Path, sizes: tuple[int, ...]) -> dict[int, dict[str, float]]:
    plans: dict[int, dict[str, float]] = {}
    for n in sizes:
        path = write(folder, f"big{n}", big_session(n))
        runs = [plan_cost(path) for _ in range(3)]
        json_runs = [plan_cost(path, json_output=True) for _ in range(3)]
        plans[n] = {
            "text_s": statistics.median(r[0] for r in runs),
            "text_rss_mb": max(r[1] for r in runs),
            "json_s": statistics.median(r[0] for r in json_runs),
            "json_rss_mb": max(r[1] for r in json_runs),
        }
    return plans


def _plan_only(growth: bool, as_json: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as folder:
        os.environ["COACH_DATA_DIR"] = str(Path(folder) / "data")
        plans = _plans(Path(folder), (50, 500, 5000) if growth else (500,))
    rounded = {str(n): {k: round(v, 3) for k, v in p.items()} for n, p in plans.items()}
    result: dict[str, Any] = {
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "plan": rounded,
    }
    if growth:
        result["plan_per_1000"] = _per_thousand(plans)
    _plan_lines(result)
    if as_json:
        print(json.dumps(result))
    return 0


def _per_thousand(plans: dict[int, dict[str, float]]) -> dict[str, dict[str, float]]:
    """Seconds each 1,000 more exercises add, from 50 to 500 and from 500 to 5,000 (the
    start-up cancels out): a linear plan adds the same in both."""
    return {
        f"{low}-{high}": {
            key: round((plans[high][key] - plans[low][key]) / (high - low) * 1000, 3)
            for key in ("text_s", "json_s")
        }
        for low, high in ((50, 500), (500, 5000))
    }


def _plan_lines(r: dict[str, Any]) -> None:
    for n, p in r["plan"].items():
        verdict = ""
        if n == "5000":
            misses = [
                f"{key} {p[key]} > {ceiling:g}"
                for key, ceiling in PLAN_5000_TARGETS.items()
                if p[key] > ceiling
            ]
            verdict = f"  MISSES ({', '.join(misses)})" if misses else "  ok"
        print(
            f"  plan {int(n):>5} exercises: text {p['text_s']} s ({p['text_rss_mb']:.0f} MB), "
            f"json {p['json_s']} s ({p['json_rss_mb']:.0f} MB){verdict}"
        )
    for span, p in r.get("plan_per_1000", {}).items():
        print(
            f"  plan, each 1,000 exercises more ({span}): text {p['text_s']} s, "
            f"json {p['json_s']} s"
        )


def _table(r: dict[str, Any]) -> None:
    rows = [
        ("cue lateness p50 (ms)", r["cue_lateness_ms"]["p50"], None),
        ("cue lateness p99 (ms)", r["cue_lateness_ms"]["p99"], TARGETS["cue_lateness_ms.p99"]),
        ("cue lateness max (ms)", r["cue_lateness_ms"]["max"], TARGETS["cue_lateness_ms.max"]),
        ("end drift (ms)", r["end_drift_ms"], TARGETS["end_drift_ms"]),
        ("CPU on the workout screen (% of a core)", r["cpu_percent"], TARGETS["cpu_percent"]),
        ("peak RSS of the app (MB)", r["peak_rss_mb"], TARGETS["peak_rss_mb"]),
        ("first frame (s)", r["first_frame_s"], TARGETS["first_frame_s"]),
        ("coach plan, 500 exercises (s)", r["plan_500_s"], TARGETS["plan_500_s"]),
    ]
    print(f"coach benchmark · {r['minutes']:g}-minute session")
    for label, value, target in rows:
        verdict = (
            "" if target is None else ("ok" if value <= target else f"MISSES (target {target})")
        )
        print(f"  {label:<42} {value:>10}  {verdict}")
    for face, f in r["faces"].items():
        late = f["lateness_ms"]
        print(
            f"  {face:<6} cues {f['cues_played']}/{f['cues_planned']} · lateness p50 {late['p50']} "
            f"p99 {late['p99']} max {late['max']} ms · drift {f['end_drift_ms']} ms · "
            f"CPU {f['cpu_percent']}% · RSS {f['peak_rss_mb']} MB"
        )
    for face, f in r["voice_on"].items():
        late = f["lateness_ms"]
        target = TARGETS["cue_lateness_ms.p99"]
        verdict = "ok" if late["p99"] <= target else f"MISSES (target {target})"
        print(
            f"  {face:<11} cues {f['cues_played']}/{f['cues_planned']} · "
            f"{f['lines_spoken']} lines spoken · lateness p50 {late['p50']} p99 {late['p99']} "
            f"max {late['max']} ms  {verdict}"
        )
    _plan_lines(r)


if __name__ == "__main__":
    raise SystemExit(main())
