"""The thread that starts cues for the simpleaudio and system-player backends."""

from __future__ import annotations

import threading

from coach.services.audio.backend import Sound
from coach.services.audio.cue_worker import CueWorker

TICK = Sound("tick", b"\x01\x00" * 10)


def test_starts_cues_in_order_and_skips_those_that_expired_on_the_queue() -> None:
    now = [10.0]
    started: list[str] = []
    done = threading.Event()

    def start(sound: Sound) -> None:
        started.append(sound.name)
        if len(started) == 2:
            done.set()

    worker = CueWorker(start, name="t", describe=str, clock=lambda: now[0])
    worker.play(Sound("a", b"\x00\x00"), expires=11.0)
    worker.play(Sound("late", b"\x00\x00"), expires=9.0)  # already past its time
    worker.play(Sound("b", b"\x00\x00"), expires=11.0)
    worker.play(Sound("empty", b""), expires=11.0)  # nothing to play
    assert done.wait(5)
    worker.close(wait=5)
    assert started == ["a", "b"]
    assert not worker.pending()


def test_the_first_error_becomes_the_failure_and_stops_later_starts() -> None:
    calls: list[str] = []

    def start(sound: Sound) -> None:
        calls.append(sound.name)
        raise OSError("device gone")

    worker = CueWorker(start, name="t", describe=lambda exc: f"said: {exc}")
    worker.play(TICK, expires=float("inf"))
    worker.play(Sound("after", b"\x00\x00"), expires=float("inf"))
    worker.close(wait=5)  # the queue is drained before the thread ends
    assert worker.failure == "said: device gone"
    assert calls == ["tick"]


def test_housekeeping_runs_while_idle_and_play_after_close_is_ignored() -> None:
    tidied = threading.Event()
    worker = CueWorker(
        lambda sound: None,
        name="t",
        describe=str,
        housekeeping=tidied.set,
        housekeeping_every=0.01,
    )
    assert tidied.wait(5)
    worker.close(wait=5)
    worker.play(TICK, expires=float("inf"))
    assert not worker.pending()
