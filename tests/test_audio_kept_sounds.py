"""Cue sounds at a volume are kept in the cache folder, and a kept sound is always the one
the WAV file would give now: the same bytes, made again whenever anything differs."""

from __future__ import annotations

import os
from array import array

import pytest

from coach.domain.cues import CUE_NAMES
from coach.services import session_cache
from coach.services.audio import kept_sounds, sounds
from coach.services.audio.kept_sounds import KeptSounds
from coach.services.audio.sounds import SoundFileError, decode_wav, load_sounds, scale
from coach.services.paths import bundled_sounds_dir, user_cache_dir
from tests.test_audio_sounds import write_wav


@pytest.fixture
def scaled(monkeypatch):
    """The WAV files whose samples were scaled (not taken from the cache)."""
    calls: list[int] = []
    real = sounds.scale

    def counting(pcm, volume):
        calls.append(len(pcm))
        return real(pcm, volume)

    monkeypatch.setattr(sounds, "scale", counting)
    return calls


def _fresh(volume, overrides=()):
    """What loading gives with nothing kept: each cue's WAV decoded, then scaled."""
    pcm = {name: decode_wav(bundled_sounds_dir() / f"{name}.wav") for name in CUE_NAMES}
    for _, mapping in overrides:
        for cue, path in mapping.items():
            pcm[cue] = decode_wav(path)
    return {cue: scale(data, volume) for cue, data in pcm.items()}


def _as_bytes(loaded):
    return {cue: (sound.name, sound.pcm) for cue, sound in loaded.items()}


def _kept_files():
    return sorted((user_cache_dir() / kept_sounds.FOLDER).glob("*.pcm"))


def test_the_second_load_takes_the_kept_sounds_byte_for_byte(tmp_path, settle_now, scaled):
    mine = write_wav(tmp_path / "mine.wav", array("h", [5, -6, 7, 32767, -32768]).tobytes())
    overrides = [("session sounds:", {"go": mine, "extra": mine})]
    first = load_sounds(0.8, overrides)
    assert len(scaled) == len(CUE_NAMES) + 1
    # The bundled go.wav is not used (nor scaled); mine.wav is kept once for two cues.
    assert len(_kept_files()) == len(CUE_NAMES)
    scaled.clear()
    second = load_sounds(0.8, overrides)
    assert scaled == []
    expected = {cue: (cue, pcm) for cue, pcm in _fresh(0.8, overrides).items()}
    assert _as_bytes(first) == _as_bytes(second) == expected
    assert list(second) == list(expected)
    assert array("h", second["go"].pcm).tolist() == [4, -5, 6, 26214, -26214]


def test_a_kept_sound_is_not_decoded_again(settle_now, monkeypatch):
    load_sounds(0.5)
    monkeypatch.setattr(sounds, "decode_wav", lambda path: pytest.fail(f"decoded {path}"))
    assert _as_bytes(load_sounds(0.5)) == {cue: (cue, pcm) for cue, pcm in _fresh(0.5).items()}


def test_another_volume_is_made_from_the_file(settle_now, scaled):
    load_sounds(0.8)
    scaled.clear()
    quieter = load_sounds(0.3)
    assert len(scaled) == len(CUE_NAMES)
    assert {cue: s.pcm for cue, s in quieter.items()} == _fresh(0.3)
    assert {cue: s.pcm for cue, s in load_sounds(0.8).items()} == _fresh(0.8)


def test_full_volume_keeps_nothing(settle_now):
    assert {cue: s.pcm for cue, s in load_sounds(1.0).items()} == _fresh(1.0)
    assert _kept_files() == []


def test_an_edited_wav_is_read_again(tmp_path, settle_now):
    mine = write_wav(tmp_path / "mine.wav", array("h", [1000, 2000]).tobytes())
    overrides = [("session sounds:", {"go": mine})]
    assert array("h", load_sounds(0.5, overrides)["go"].pcm).tolist() == [500, 1000]
    write_wav(mine, array("h", [3000, 4000]).tobytes())
    assert array("h", load_sounds(0.5, overrides)["go"].pcm).tolist() == [1500, 2000]
    mine.write_bytes(b"not a wav at all")
    with pytest.raises(SoundFileError, match="not a WAV file"):
        load_sounds(0.5, overrides)


def test_a_wav_changed_just_now_is_not_kept(tmp_path):
    mine = write_wav(tmp_path / "mine.wav", array("h", [1000, 2000]).tobytes())
    kept = KeptSounds(0.5)
    before = session_cache.signature(mine)
    kept.put(mine, before, b"\x01\x00")
    assert kept.get(mine, before) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: b"{not json\n" + data.partition(b"\n")[2],
        lambda data: data[:-2],  # cut short
        lambda data: data[:-2] + bytes([data[-2] ^ 1, data[-1]]),  # a sample changed
        lambda data: data.replace(b'"order":"little"', b'"order":"big"'),
        lambda data: data.replace(b'"stamp":"', b'"stamp":"x'),  # another coach's
    ],
    ids=["empty", "not-json", "short", "changed", "byte-order", "stamp"],
)
def test_a_damaged_or_foreign_kept_sound_is_made_again_and_written_anew(settle_now, scaled, damage):
    load_sounds(0.8)
    files = _kept_files()
    originals = {path: path.read_bytes() for path in files}
    for path in files:
        path.write_bytes(damage(path.read_bytes()))
    scaled.clear()
    again = load_sounds(0.8)
    assert len(scaled) == len(CUE_NAMES)
    assert {cue: s.pcm for cue, s in again.items()} == _fresh(0.8)
    assert {path: path.read_bytes() for path in _kept_files()} == originals


def test_a_cache_folder_that_cannot_be_written_is_no_error(settle_now):
    user_cache_dir().mkdir(parents=True)
    (user_cache_dir() / kept_sounds.FOLDER).write_text("a file where the folder should be")
    assert {cue: s.pcm for cue, s in load_sounds(0.8).items()} == _fresh(0.8)
    assert {cue: s.pcm for cue, s in load_sounds(0.8).items()} == _fresh(0.8)


def test_the_cache_folder_given_is_used(tmp_path, settle_now):
    load_sounds(0.8, cache_dir=tmp_path / "elsewhere")
    assert len(list((tmp_path / "elsewhere" / kept_sounds.FOLDER).iterdir())) == len(CUE_NAMES)
    assert _kept_files() == []


def test_a_missing_bundled_sound_is_still_reported_once_others_are_kept(tmp_path, settle_now):
    folder = tmp_path / "sounds"
    folder.mkdir()
    for name in CUE_NAMES:
        os.symlink(bundled_sounds_dir() / f"{name}.wav", folder / f"{name}.wav")
    load_sounds(0.8, sounds_dir=folder)
    (folder / "tick.wav").unlink()
    problems: list[str] = []
    loaded = load_sounds(0.8, sounds_dir=folder, on_problem=problems.append)
    assert len(problems) == 1 and "'tick'" in problems[0]
    assert loaded["tick"].pcm == b""
    assert loaded["go"].pcm == _fresh(0.8)["go"]
