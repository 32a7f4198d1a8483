"""The voice: the phrase table, the gap rule, the engines and cache, the voice track."""

from __future__ import annotations

import shutil
import wave
from array import array
from pathlib import Path

import pytest
from conftest import need

from coach.domain.loading import load_session
from coach.domain.phrases import segment_lines
from coach.domain.timeline import compile_timeline
from coach.domain.voice import MARGIN, place_segment
from coach.services.audio.backend import RATE, Sound
from coach.services.speech.cache import PhraseCache
from coach.services.speech.engines import Engine, EngineError, find_engine
from coach.services.speech.track import VoiceTrack
from coach.services.workout import Beginning, Workout

SETS = "  - {exercise: hip-thrust, sets: 3, reps: 2, tempo: 1-0-1-0, load: 80 kg, rest: 90}\n"


def timeline_of(write_session, body: str, defaults: str = ""):
    loaded = load_session(write_session(f"name: T\n{defaults}exercises:\n{body}"))
    return loaded, compile_timeline(loaded)


# --- the phrase table -----------------------------------------------------------------


def test_the_lines_name_the_exercise_load_set_reps_rest_and_the_end(write_session):
    _, timeline = timeline_of(write_session, SETS)
    ready, rest = timeline.segments[0], next(s for s in timeline.segments if s.kind == "rest")
    assert segment_lines(timeline, ready.index)[0].forms[0] == (
        "Hip thrust, 80 kilos, set 1 of 3, 2 reps"
    )
    keys = [line.key for line in segment_lines(timeline, rest.index)]
    assert keys == ["rest", "halfway", "ten_seconds"]
    assert segment_lines(timeline, rest.index)[0].forms[0] == (
        "Rest 90 seconds. Next: Hip thrust, set 2"
    )
    last_ready = [s for s in timeline.segments if s.kind == "get_ready"][-1]
    assert "last set" in segment_lines(timeline, last_ready.index)[0].forms[0]
    finish = timeline.segments[-1]
    assert segment_lines(timeline, finish.index)[0].forms[0] == "Workout complete: 3 sets"


def test_interval_rests_announce_the_next_round(write_session):
    body = "  - {exercise: kettlebell-swing, intervals: {work: 30, rest: 30, rounds: 10}}\n"
    _, timeline = timeline_of(write_session, body)
    rests = [s for s in timeline.segments if s.kind == "rest"]
    assert segment_lines(timeline, rests[1].index)[0].forms[0] == (
        "Rest 30 seconds. Next: round 3 of 10"
    )


# --- the gap rule ---------------------------------------------------------------------


def durations(per_word: float = 0.3):
    return lambda text: per_word * len(text.split())


def test_a_line_starts_after_the_cue_and_ends_before_the_next_with_the_margin(write_session):
    _, timeline = timeline_of(write_session, SETS)
    rest = next(s for s in timeline.segments if s.kind == "rest")
    lines = segment_lines(timeline, rest.index)
    lengths = {"rest": 0.37, "rest-ending": 0.09}
    spots = place_segment(lines, rest, 100.0, 190.0, durations(), lengths)
    assert [(s.key, s.text) for s in spots] == [
        ("rest", "Rest 90 seconds. Next: Hip thrust, set 2"),
        ("halfway", "Halfway"),
        ("ten_seconds", "10 seconds"),
    ]
    assert spots[0].start == pytest.approx(100.37)  # after the rest beep, not over it
    assert spots[1].start == pytest.approx(145.0)
    assert spots[2].start == pytest.approx(180.0)
    assert spots[2].end + MARGIN <= 187.0  # the countdown's first pip


def test_no_room_means_a_shorter_form_or_nothing(write_session):
    _, timeline = timeline_of(write_session, SETS)
    ready = timeline.segments[0]  # 5 s get-ready: pips at 2, 3 and 4 s
    lines = segment_lines(timeline, ready.index)
    spots = place_segment(lines, ready, 0.0, 5.0, durations(0.3), {"get-ready": 0.09})
    assert [s.text for s in spots] == ["Hip thrust, set 1 of 3"]  # 5 words: 1.5 s
    assert spots[0].end + MARGIN <= 2.0
    spots = place_segment(lines, ready, 0.0, 5.0, durations(0.5), {"get-ready": 0.09})
    assert [s.text for s in spots] == ["Hip thrust"]
    assert place_segment(lines, ready, 0.0, 5.0, durations(1.0), {"get-ready": 0.09}) == []


def test_a_line_not_rendered_is_left_out(write_session):
    _, timeline = timeline_of(write_session, SETS)
    ready = timeline.segments[0]
    lines = segment_lines(timeline, ready.index)
    assert place_segment(lines, ready, 0.0, 5.0, lambda text: None, {}) == []


# --- the voice track, with a fake speaker and a fake clock -----------------------------


class FakeSpeaker:
    def __init__(self) -> None:
        self.sounds = {"rest": Sound("rest", bytes(2 * int(0.37 * RATE)))}
        self.spoken: list[str] = []
        self.hushed: list[str] = []

    def speak(self, sound: Sound) -> bool:
        self.spoken.append(sound.name)
        return True

    def hush(self, sound: Sound) -> None:
        self.hushed.append(sound.name)


def fake_render(text: str) -> Sound:
    seconds = 0.3 * len(text.split())
    return Sound(text, bytes(2 * int(seconds * RATE)))


def live_with_voice(write_session, clock, body=SETS):
    loaded, timeline = timeline_of(write_session, body)
    speaker = FakeSpeaker()
    track = VoiceTrack(fake_render, speaker, clock=clock, threaded=False)
    live = Workout(loaded, Beginning(timeline), clock=clock, voice=track)
    live.start()
    track.render_pending()
    return live, track, speaker


def run_until(live, track, clock, moment: float) -> None:
    """Move the clock from wake-up to wake-up (the runner's and the voice's) to `moment`."""
    while True:
        live.poll()
        upcoming = [t for t in (live.next_wakeup(), track.step()) if t is not None]
        nxt = min(upcoming, default=None)
        if nxt is None or nxt > moment:
            clock.set(moment)
            live.poll()
            track.step()
            return
        clock.set(nxt)


def test_the_track_speaks_each_line_in_its_gap(write_session, clock):
    live, track, speaker = live_with_voice(write_session, clock)
    start = clock()
    run_until(live, track, clock, start + 30)
    said = [(round(when - start, 2), text) for when, text in track.spoken]
    assert said[0] == (0.0, "Hip thrust, set 1 of 3")
    rest = 5 + 4  # get-ready, then 2 reps of 2 s
    assert said[1] == (round(rest + 0.37, 2), "Rest 90 seconds. Next: Hip thrust, set 2")
    run_until(live, track, clock, start + rest + 90)
    texts = [text for _, text in track.spoken]
    assert texts[2:4] == ["Halfway", "10 seconds"]
    assert speaker.hushed == []


def test_pause_cuts_the_phrase_off_and_it_is_not_said_again(write_session, clock):
    live, track, speaker = live_with_voice(write_session, clock)
    start = clock()
    run_until(live, track, clock, start + 9 + 1.0)  # the rest line is playing
    assert speaker.spoken[-1] == "Rest 90 seconds. Next: Hip thrust, set 2"
    live.pause()
    track.step()
    assert speaker.hushed == ["Rest 90 seconds. Next: Hip thrust, set 2"]
    clock.advance(5)
    live.resume()
    run_until(live, track, clock, clock() + 2)
    assert speaker.spoken.count("Rest 90 seconds. Next: Hip thrust, set 2") == 1


def test_skip_cuts_the_phrase_off(write_session, clock):
    live, track, speaker = live_with_voice(write_session, clock)
    run_until(live, track, clock, clock() + 9 + 1.0)
    live.skip()
    track.step()
    assert speaker.hushed == ["Rest 90 seconds. Next: Hip thrust, set 2"]
    assert speaker.spoken[-1] == "Hip thrust, set 2 of 3"  # the next get-ready speaks


def test_a_phrase_not_ready_at_its_moment_is_dropped_not_late(write_session, clock):
    loaded, timeline = timeline_of(write_session, SETS)
    speaker = FakeSpeaker()
    track = VoiceTrack(fake_render, speaker, clock=clock, threaded=False)
    live = Workout(loaded, Beginning(timeline), clock=clock, voice=track)
    live.start()
    clock.advance(1.0)  # nothing rendered yet when the get-ready line was due
    live.poll()
    track.render_pending()
    track.step()
    assert speaker.spoken == []


# --- the engine and the cache ----------------------------------------------------------


def espeak() -> Engine:
    engine = find_engine("espeak-ng")
    need(engine is not None, "espeak-ng is not installed (apt install espeak-ng)")
    assert engine is not None
    return engine


def test_espeak_renders_a_phrase_to_a_wav_with_speech_in_it(tmp_path: Path):
    cache = PhraseCache(espeak(), tmp_path)
    sound = cache.get("Rest 90 seconds. Next: hip thrust, set 2")
    assert 1.5 < sound.seconds < 8
    path = cache.path_for("Rest 90 seconds. Next: hip thrust, set 2")
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        samples = array("h", wav.readframes(wav.getnframes()))
    loud = sum(1 for value in samples if abs(value) > 1000)
    assert loud > len(samples) // 10  # speech, not silence


def test_the_second_run_renders_nothing_and_a_damaged_file_is_rendered_again(tmp_path: Path):
    engine = espeak()
    PhraseCache(engine, tmp_path).get("Halfway")
    broken = Engine(engine.name, "/nonexistent/espeak-ng", engine.voice, engine.rate)
    assert PhraseCache(broken, tmp_path).get("Halfway").seconds > 0.2  # from the cache
    path = PhraseCache(engine, tmp_path).path_for("Halfway")
    path.write_bytes(path.read_bytes()[:100])  # cut short
    with pytest.raises(EngineError, match="does not start"):
        PhraseCache(broken, tmp_path).get("Halfway")
    assert PhraseCache(engine, tmp_path).get("Halfway").seconds > 0.2
    assert PhraseCache(broken, tmp_path).get("Halfway").seconds > 0.2


def test_a_hanging_engine_costs_one_phrase_after_a_bounded_wait(tmp_path: Path):
    need(shutil.which("sleep") is not None, "sleep is not installed")
    hang = tmp_path / "espeak-ng"
    hang.write_text("#!/bin/sh\nexec sleep 30\n")
    hang.chmod(0o755)
    engine = Engine("espeak-ng", str(hang))
    with pytest.raises(EngineError, match=r"did not finish a phrase in 0\.3 s"):
        engine.render("Halfway", tmp_path / "x.wav", timeout=0.3)


def test_a_failing_engine_is_said_once_and_the_track_goes_on(write_session, clock):
    _, timeline = timeline_of(write_session, SETS)
    warnings: list[str] = []

    def failing(text: str) -> Sound:
        raise EngineError("espeak-ng failed (no voice)")

    track = VoiceTrack(
        failing, FakeSpeaker(), clock=clock, threaded=False, on_warning=warnings.append
    )
    track.open(timeline)
    track.render_pending()
    assert warnings == [
        "Voice: a phrase was left out (espeak-ng failed (no voice)); the workout goes on."
    ]


def test_turning_the_voice_off_cuts_the_line_and_says_nothing_until_it_is_back(
    write_session, clock
):
    live, track, speaker = live_with_voice(write_session, clock)
    run_until(live, track, clock, clock() + 9 + 1.0)  # the rest line is playing
    assert live.toggle_voice() is True
    assert speaker.hushed == ["Rest 90 seconds. Next: Hip thrust, set 2"]
    said = len(speaker.spoken)
    run_until(live, track, clock, clock() + 90)  # into set 2's get-ready: silent
    assert len(speaker.spoken) == said
    assert live.toggle_voice() is False
    run_until(live, track, clock, clock() + 200)
    assert len(speaker.spoken) > said  # speaking again at the next lines
