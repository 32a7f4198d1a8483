"""The bundled cues (what a listener would notice) and loading sounds, bundled or the user's."""

from __future__ import annotations

import itertools
import math
import struct
import subprocess
import sys
import wave
from array import array
from pathlib import Path

import pytest

from coach.domain.cues import CUE_NAMES
from coach.services.audio.sounds import SoundFileError, decode_wav, load_sounds, scale

REPO = Path(__file__).resolve().parent.parent
SOUNDS = REPO / "sounds"
RATE = 44100


def samples(cue: str) -> array[int]:
    with wave.open(str(SOUNDS / f"{cue}.wav"), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        return array("h", wav.readframes(wav.getnframes()))


def rms_db(values: array[int] | list[int]) -> float:
    sounding = [v for v in values if abs(v) > 3]
    return 20 * math.log10(math.sqrt(sum(v * v for v in sounding) / len(sounding)) / 32767)


def pitch(values: array[int] | list[int]) -> float:
    """Rough pitch from upward zero crossings."""
    crossings = sum(1 for a, b in itertools.pairwise(values) if a < 0 <= b)
    return crossings * RATE / len(values)


def write_wav(path: Path, data: bytes, *, channels: int = 1, width: int = 2, rate: int = RATE):
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(data)
    return path


def test_every_cue_has_a_file_and_the_files_match_the_script(tmp_path: Path) -> None:
    assert sorted(p.stem for p in SOUNDS.glob("*.wav")) == sorted(CUE_NAMES)
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "make_sounds.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.count(".wav") == len(CUE_NAMES)
    for cue in CUE_NAMES:
        made = array("h", decode_wav(tmp_path / f"{cue}.wav"))
        # Equal up to one step of rounding, in case another libm rounds a sine differently.
        assert max(abs(a - b) for a, b in zip(made, samples(cue), strict=True)) <= 1, cue


@pytest.mark.parametrize("cue", CUE_NAMES)
def test_each_cue_is_short_and_starts_and_ends_without_a_click(cue: str) -> None:
    values = samples(cue)
    seconds = len(values) / RATE
    limit = {"tick": 0.06, "finish": 1.0}.get(cue, 0.4)
    assert 0.03 <= seconds <= limit
    assert values[0] == 0 and values[-1] == 0
    # Fades: the first millisecond and the last two stay far below the body of the sound.
    peak = max(abs(v) for v in values)
    assert max(abs(v) for v in values[: int(0.001 * RATE)]) < peak / 4
    assert max(abs(v) for v in values[-int(0.002 * RATE) :]) < peak / 4
    assert peak < 32767 * 0.95  # headroom: no clipping


def test_the_cues_are_level_matched() -> None:
    levels = {cue: rms_db(samples(cue)) for cue in CUE_NAMES}
    assert max(levels.values()) - min(levels.values()) < 1.5, levels


def test_lift_rises_and_lower_falls() -> None:
    for cue, rising in (("lift", True), ("lower", False)):
        values = samples(cue)
        third = len(values) // 3
        start, end = pitch(values[:third]), pitch(values[-third:])
        assert (end > start * 1.4) if rising else (start > end * 1.4), (cue, start, end)


def test_hold_and_release_are_a_pair_and_the_tick_is_unlike_the_phase_tones() -> None:
    hold, release = samples("hold"), samples("release")
    assert abs(pitch(hold) - pitch(release[: len(release) // 3])) < 60  # one note, same pitch
    # release is two taps: a gap of silence in the middle, where hold keeps sounding.
    gap = slice(int(0.075 * RATE), int(0.105 * RATE))
    assert max(abs(v) for v in release[gap]) < 200 < max(abs(v) for v in hold[gap])
    tick = samples("tick")
    assert len(tick) < len(samples("lift")) / 3
    assert pitch(tick) > 1.5 * max(pitch(samples(c)) for c in ("lift", "lower", "hold"))


def test_go_is_higher_and_longer_than_the_pips_and_rest_is_low() -> None:
    go, pip, rest = samples("go"), samples("get-ready"), samples("rest")
    assert pitch(go) > pitch(pip) * 1.3 and len(go) > 2 * len(pip)
    assert pitch(rest) < pitch(samples("rest-ending"))
    assert pitch(rest) < pitch(samples("lower"))


def test_every_cue_sounds_different() -> None:
    pcm = [samples(cue).tobytes() for cue in CUE_NAMES]
    assert len(set(pcm)) == len(CUE_NAMES)


def test_wav_files_of_other_shapes_are_converted(tmp_path: Path) -> None:
    # 8-bit unsigned, stereo, 22050 Hz: both channels at +64 steps → one channel, twice as long
    eight = write_wav(tmp_path / "8.wav", bytes([192, 192]) * 100, channels=2, width=1, rate=22050)
    values = array("h", decode_wav(eight))
    assert len(values) == 200
    assert set(values) == {64 << 8}
    # 24-bit mono at the right rate keeps its top 16 bits
    frames = b"".join(struct.pack("<i", v << 8)[:3] for v in (1000, -1000, 32767))
    assert array("h", decode_wav(write_wav(tmp_path / "24.wav", frames, width=3))).tolist() == [
        1000,
        -1000,
        32767,
    ]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p, "no such file"),
        (lambda p: (p.write_bytes(b"ID3\x04 an mp3 really"), p)[1], "not a WAV file"),
        (lambda p: (p.mkdir(), p)[1], "is a folder"),
        (lambda p: write_wav(p, b"", rate=RATE), "holds no sound"),
        (lambda p: write_wav(p, bytes(2 * 11 * RATE)), "a cue may last 10 s at most"),
    ],
    ids=["missing", "not-wav", "folder", "empty", "too-long"],
)
def test_a_sound_file_that_cannot_be_used_says_why(tmp_path: Path, make, message: str) -> None:
    path = make(tmp_path / "cue.wav")
    with pytest.raises(SoundFileError, match=message):
        decode_wav(path)


def test_volume_scales_every_sample() -> None:
    pcm = array("h", [1000, -1000, 32767, 0]).tobytes()
    assert array("h", scale(pcm, 0.5)).tolist() == [500, -500, 16384, 0]
    assert scale(pcm, 1.0) == pcm
    assert set(scale(pcm, 0.0)) == {0}


def test_replacements_win_in_order_and_a_bad_one_names_where_it_came_from(tmp_path: Path) -> None:
    mine = write_wav(tmp_path / "mine.wav", array("h", [5, 6, 7]).tobytes())
    theirs = write_wav(tmp_path / "theirs.wav", array("h", [9, 9]).tobytes())
    sounds = load_sounds(
        1.0,
        [("config.toml [sounds]", {"go": mine, "tick": mine}), ("session sounds:", {"go": theirs})],
    )
    assert set(sounds) == set(CUE_NAMES)
    assert array("h", sounds["go"].pcm).tolist() == [9, 9]
    assert array("h", sounds["tick"].pcm).tolist() == [5, 6, 7]
    assert sounds["lift"].pcm == samples("lift").tobytes()

    not_wav = tmp_path / "beep.mp3"
    not_wav.write_bytes(b"\xff\xfb\x90 not a wav")
    with pytest.raises(SoundFileError) as caught:
        load_sounds(0.8, [("/home/me/.config/coach/config.toml: [sounds]", {"rest": not_wav})])
    assert str(caught.value) == (
        f"/home/me/.config/coach/config.toml: [sounds] rest: {not_wav} is not a WAV file "
        "(it lacks the RIFF/WAVE header)"
    )


def test_a_bad_replacement_can_be_reported_and_the_bundled_cue_kept(tmp_path: Path) -> None:
    problems: list[str] = []
    sounds = load_sounds(
        1.0, [("session sounds:", {"go": tmp_path / "gone.wav"})], on_problem=problems.append
    )
    assert problems == [f"session sounds: go: no such file {tmp_path / 'gone.wav'}"]
    assert sounds["go"].pcm == samples("go").tobytes()
