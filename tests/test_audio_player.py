"""The cue player: late cues dropped, mute, falling over to the next backend, never raising."""

from __future__ import annotations

import threading
import time

import pytest

from coach.services.audio.backend import BackendFailed, BackendUnavailable, Sound
from coach.services.audio.choose import BackendChain, choose_backend
from coach.services.audio.player import CuePlayer
from coach.services.audio.recording import RecordingBackend

SOUNDS = {name: Sound(name, b"\x01\x00" * 100) for name in ("go", "tick", "rest")}


class Flaky:
    """A backend that fails the way it is told to."""

    def __init__(
        self, name: str = "simpleaudio", raise_on: int | None = None, fail_on: int | None = None
    ) -> None:
        self.name = name
        self.detail = name
        self.played: list[str] = []
        self.closed = False
        self._raise_on = raise_on
        self._fail_on = fail_on

    @property
    def failure(self) -> str | None:
        if self._fail_on is not None and len(self.played) >= self._fail_on:
            return "the device went away"
        return None

    def play(self, sound: Sound, expires: float) -> None:
        if self._raise_on is not None and len(self.played) >= self._raise_on:
            raise BackendFailed("write error")
        self.played.append(sound.name)

    def busy(self) -> bool:
        return False

    def close(self) -> None:
        self.closed = True


def test_a_cue_on_time_or_a_little_late_plays_and_a_later_one_is_dropped(clock) -> None:
    recorder = RecordingBackend(clock=clock)
    player = CuePlayer(recorder, SOUNDS, clock=clock)
    assert player.play("go", deadline=clock.now, now=clock.now)
    assert player.play("tick", deadline=clock.now - 0.149)
    assert not player.play("tick", deadline=clock.now - 0.151)
    assert player.play("rest")  # no deadline: now
    assert recorder.cues == ["go", "tick", "rest"]


def test_how_late_is_too_late_can_be_set(clock) -> None:
    recorder = RecordingBackend(clock=clock)
    player = CuePlayer(recorder, SOUNDS, clock=clock, max_late=0.05)
    assert not player.play("go", deadline=10.0, now=10.06)
    assert player.play("go", deadline=10.0, now=10.04)


def test_the_backend_gets_the_slack_that_is_left(clock) -> None:
    seen = []

    class Spy(RecordingBackend):
        def play(self, sound: Sound, expires: float) -> None:
            seen.append(expires)

    player = CuePlayer(Spy(), SOUNDS, clock=clock)
    player.play("go", deadline=50.0, now=50.1)  # the caller's clock may differ from ours
    player.play("go")
    assert seen == [pytest.approx(clock.now + 0.05), pytest.approx(clock.now + 0.15)]


def test_mute_stops_cues_and_unmute_brings_them_back(clock) -> None:
    recorder = RecordingBackend()
    player = CuePlayer(recorder, SOUNDS, muted=True)
    assert player.muted
    assert not player.play("go")
    assert player.toggle_mute() is False
    assert player.play("tick")
    player.muted = True
    assert not player.play("rest")
    assert recorder.cues == ["tick"]


def test_an_unknown_cue_is_ignored() -> None:
    recorder = RecordingBackend()
    assert not CuePlayer(recorder, SOUNDS).play("trumpet")
    assert recorder.events == []


def chain_of(*backends: Flaky | RecordingBackend) -> BackendChain:
    names = ("simpleaudio", "miniaudio", "system", "bell")[: len(backends)]
    openers = {name: (lambda b=b: b) for name, b in zip(names, backends, strict=True)}
    return BackendChain(names, openers)


def test_a_backend_that_raises_hands_the_same_cue_to_the_next_one() -> None:
    first = Flaky(raise_on=1)
    second = RecordingBackend()
    second.name = "miniaudio"
    chain = chain_of(first, second)
    warnings: list[str] = []
    player = CuePlayer(
        chain.open_next(), SOUNDS, fallbacks=chain, on_warning=warnings.append, switch_wait=5
    )
    assert player.play("go") and player.play("tick") and player.play("rest")
    assert first.played == ["go"] and first.closed
    assert second.cues == ["tick", "rest"]
    assert player.backend_name == "miniaudio"
    assert warnings == ["Sound: simpleaudio stopped working (write error); now using miniaudio."]


def test_a_backend_that_reports_a_failure_later_is_left_behind() -> None:
    first = Flaky(fail_on=2)
    second = RecordingBackend()
    chain = chain_of(first, second)
    player = CuePlayer(chain.open_next(), SOUNDS, fallbacks=chain, switch_wait=5)
    for cue in ("go", "tick", "rest"):
        player.play(cue)
    assert first.played == ["go", "tick"]
    assert second.cues == ["rest"]
    assert len(player.warnings) == 1


def test_when_every_backend_fails_it_goes_silent_and_says_so_once() -> None:
    first, second = Flaky(raise_on=0), Flaky("miniaudio", raise_on=0)
    chain = chain_of(first, second)
    warnings: list[str] = []
    player = CuePlayer(
        chain.open_next(), SOUNDS, fallbacks=chain, on_warning=warnings.append, switch_wait=5
    )
    assert not player.play("go")
    assert not player.play("tick")
    assert player.backend_name == "silent"
    assert warnings[-1].endswith("no sound from here on; cues show on screen only.")
    assert len(warnings) == 2  # simpleaudio → miniaudio, miniaudio → silent; nothing after


def test_nothing_a_backend_does_reaches_the_caller() -> None:
    class Hostile(Flaky):
        @property
        def failure(self) -> str | None:
            raise RuntimeError("boom")

        def close(self) -> None:
            raise RuntimeError("boom")

    def shouting(_message: str) -> None:
        raise RuntimeError("the interface is gone")

    player = CuePlayer(Hostile(), SOUNDS, on_warning=shouting, switch_wait=5)
    assert not player.play("go")
    player.close()
    player.close()
    assert not player.play("go")


def test_a_slow_switch_happens_off_the_callers_thread_and_drops_cues_meanwhile() -> None:
    first = Flaky(raise_on=0)
    second = RecordingBackend()
    may_open = threading.Event()

    def slow_open() -> RecordingBackend:
        may_open.wait(5)  # a system player being tried, say
        return second

    chain = BackendChain(
        ("simpleaudio", "system"), {"simpleaudio": lambda: first, "system": slow_open}
    )
    warnings: list[str] = []
    player = CuePlayer(chain.open_next(), SOUNDS, fallbacks=chain, on_warning=warnings.append)
    started = time.monotonic()
    assert not player.play("go")
    assert not player.play("tick")
    assert time.monotonic() - started < 1.0  # waited a moment at most, never for the open
    assert player.busy() and warnings == []
    may_open.set()
    deadline = time.monotonic() + 5
    while player.busy() and time.monotonic() < deadline:
        time.sleep(0.001)
    assert player.play("rest")
    assert second.cues == ["rest"]
    assert warnings == ["Sound: simpleaudio stopped working (write error); now using recording."]
    player.close()


def test_closing_during_a_switch_closes_the_backend_that_arrives_late() -> None:
    may_open = threading.Event()
    late = Flaky("miniaudio")

    def slow_open() -> Flaky:
        may_open.wait(5)
        return late

    chain = BackendChain(
        ("simpleaudio", "miniaudio"),
        {"simpleaudio": lambda: Flaky(raise_on=0), "miniaudio": slow_open},
    )
    player = CuePlayer(chain.open_next(), SOUNDS, fallbacks=chain)
    player.play("go")
    player.close()
    may_open.set()
    deadline = time.monotonic() + 5
    while not late.closed and time.monotonic() < deadline:
        time.sleep(0.001)
    assert late.closed


def test_start_up_in_silence_warns_once_unless_silence_was_asked_for() -> None:
    def unavailable() -> Flaky:
        raise BackendUnavailable("no device")

    openers = {name: unavailable for name in ("simpleaudio", "miniaudio", "system", "bell")}
    warnings: list[str] = []
    backend, chain = choose_backend("auto", openers={**openers})
    CuePlayer(backend, SOUNDS, fallbacks=chain, on_warning=warnings.append)
    assert len(warnings) == 1 and warnings[0].startswith("No sound here:")

    backend, chain = choose_backend("silent")
    player = CuePlayer(backend, SOUNDS, fallbacks=chain, on_warning=warnings.append)
    assert player.backend_name == "silent" and len(warnings) == 1


def test_falling_to_the_bell_says_there_is_no_sound_device() -> None:
    from coach.services.audio.bell import BellBackend

    def unavailable() -> Flaky:
        raise BackendUnavailable("no device")

    rings: list[int] = []
    openers = {
        **{name: unavailable for name in ("simpleaudio", "miniaudio", "system")},
        "bell": lambda: BellBackend(lambda: rings.append(1), None),
    }
    warnings: list[str] = []
    backend, chain = choose_backend("auto", openers=openers)
    player = CuePlayer(backend, SOUNDS, fallbacks=chain, on_warning=warnings.append)
    assert player.backend_name == "bell"
    assert warnings == ["No sound here: cues ring the bell and flash; `coach sounds` says why."]
    assert len(warnings[0]) <= 78  # the whole of it in an 80-column header (was cut off)

    backend, chain = choose_backend("bell", openers=openers)  # asked for: nothing to say
    CuePlayer(backend, SOUNDS, fallbacks=chain, on_warning=warnings.append)
    assert len(warnings) == 1

    # Started muted: said at the first unmute instead, and only once.
    backend, chain = choose_backend("auto", openers=openers)
    player = CuePlayer(backend, SOUNDS, fallbacks=chain, muted=True, on_warning=warnings.append)
    assert len(warnings) == 1
    player.toggle_mute()
    assert len(warnings) == 2 and warnings[-1].startswith("No sound here:")
    player.toggle_mute()
    player.toggle_mute()
    assert len(warnings) == 2


def test_the_recorder_writes_down_each_cue_and_when(clock) -> None:
    inner = RecordingBackend()
    recorder = RecordingBackend(inner, clock=clock)
    player = CuePlayer(recorder, SOUNDS, clock=clock)
    player.play("go")
    clock.advance(1.0)
    player.play("tick", deadline=clock.now - 0.2)  # too late: never reaches the recorder
    player.play("tick")
    assert recorder.events == [("go", 1000.0), ("tick", 1001.0)]
    assert inner.cues == ["go", "tick"]
