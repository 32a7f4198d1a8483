"""Run a real session on the real clock, through the app (headless) or the plain mode,
and write down when each cue reached the audio backend."""

from __future__ import annotations

import asyncio
import io
import resource
import time
from dataclasses import dataclass, field
from typing import Any

from coach.domain.loading import LoadedSession
from coach.domain.timeline import compile_timeline, iter_cues
from coach.services.audio import CuePlayer, RecordingBackend, load_sounds


class TimingPlayer:
    """The real cue player over a recording backend, noting each cue's deadline."""

    def __init__(self) -> None:
        self.recorder = RecordingBackend()
        self.inner = CuePlayer(self.recorder, load_sounds(0.8))
        self.deadlines: list[tuple[str, float]] = []

    @property
    def muted(self) -> bool:
        return self.inner.muted

    def play(self, cue: str, deadline: float | None = None, now: float | None = None) -> bool:
        played = self.inner.play(cue, deadline, now)
        if played and deadline is not None:
            self.deadlines.append((cue, deadline))
        return played

    def toggle_mute(self) -> bool:
        return self.inner.toggle_mute()

    def close(self) -> None:
        self.inner.close()


@dataclass
class LiveFigures:
    face: str
    planned_s: float
    cues_planned: int
    cues_played: int
    lateness_ms: list[float] = field(default_factory=list)
    end_drift_ms: float = 0.0
    cpu_percent: float = 0.0
    wall_s: float = 0.0
    spoken: int = 0  # lines the voice said (a voice-on run)


def _figures(
    face: str, loaded: LoadedSession, player: TimingPlayer, start: float, cpu: float, wall: float
) -> LiveFigures:
    timeline = compile_timeline(loaded)
    planned = list(iter_cues(timeline))
    handed = player.recorder.events
    pairs = list(zip(player.deadlines, handed, strict=False))
    lateness = [(at - deadline) * 1000 for (_, deadline), (_, at) in pairs]
    finish = next((at for name, at in reversed(handed) if name == "finish"), None)
    end = start + timeline.total_seconds
    return LiveFigures(
        face=face,
        planned_s=timeline.total_seconds,
        cues_planned=len(planned),
        cues_played=len(handed),
        lateness_ms=lateness,
        end_drift_ms=((finish - end) * 1000) if finish is not None else float("nan"),
        cpu_percent=100 * cpu / wall if wall > 0 else 0.0,
        wall_s=wall,
    )


def voice_track() -> Any:
    """The real voice (espeak-ng and the phrase cache), speaking into a recorder of its
    own so the cue figures stay the cues'. None when no engine is installed."""
    from coach.services.speech.cache import PhraseCache
    from coach.services.speech.engines import find_engine
    from coach.services.speech.track import VoiceTrack

    engine = find_engine()
    if engine is None:
        raise SystemExit("coach.bench: the voice run needs a speech engine (espeak-ng)")
    output = CuePlayer(RecordingBackend(), load_sounds(0.8))
    return VoiceTrack(PhraseCache(engine).get, output)


def run_plain(loaded: LoadedSession, voice: bool = False) -> LiveFigures:
    from coach.interface.plain import PlainCoach
    from coach.services.workout import Beginning, Workout

    player = TimingPlayer()
    track = voice_track() if voice else None
    workout = Workout(loaded, Beginning(compile_timeline(loaded)), player=player, voice=track)

    def wait(timeout: float | None) -> str | None:
        if timeout:
            time.sleep(timeout)
        return None  # nobody types during the benchmark

    cpu0, wall0 = time.process_time(), time.monotonic()
    PlainCoach(workout, io.StringIO(), wait).run()
    cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
    start = workout.origin
    workout.close()
    figures = _figures("plain", loaded, player, start, cpu, wall)
    figures.spoken = len(track.spoken) if track is not None else 0
    return figures


def run_app(loaded: LoadedSession, voice: bool = False) -> LiveFigures:
    return asyncio.run(_run_app(loaded, voice))


async def _run_app(loaded: LoadedSession, voice: bool = False) -> LiveFigures:
    from coach.interface.app import make_app

    player = TimingPlayer()
    track = voice_track() if voice else None
    app = make_app(session=loaded, sound=lambda _loaded: player, voice=lambda _p: track)
    async with app.run_test(size=(100, 30), headless=True):
        waited = 0.0
        while app.workout is None:
            if waited > 30:
                raise RuntimeError(f"the workout did not start: {type(app.screen).__name__} shown")
            await asyncio.sleep(0.01)
            waited += 0.01
        workout = app.workout
        cpu0, wall0 = time.process_time(), time.monotonic()
        give_up = wall0 + workout.timeline.total_seconds + 60
        while not workout.finished:
            if not app.is_running:
                raise RuntimeError(f"the app stopped before the session ended: {app.return_code}")
            if time.monotonic() > give_up:
                where = workout.current
                raise RuntimeError(
                    f"the workout stood still at segment {where.index} ({where.kind}), "
                    "a minute past the planned end"
                )
            await asyncio.sleep(0.25)
        cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
        start = workout.origin
    figures = _figures("app", loaded, player, start, cpu, wall)
    figures.spoken = len(track.spoken) if track is not None else 0
    return figures


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
