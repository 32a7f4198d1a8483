"""`coach sounds` as a person meets it (the real-audio run is in test_audio_alsa.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.domain.cues import CUE_NAMES
from coach.interface.cli import main


def test_silence_asked_for_lists_the_backend_and_every_cue(capsys) -> None:
    assert main(["sounds", "--audio", "silent"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == [
        "Audio backends, in the order coach tries them:",
        "  silent       yes  no sound; cues show on screen only",
        "Using silent (asked for by --audio), volume 80%.",
    ]
    cues = out[3 : 3 + len(CUE_NAMES)]
    assert [line.strip() for line in cues] == list(CUE_NAMES)
    assert out[3 + len(CUE_NAMES)].startswith("Voice: ")  # the engine, or which to install


def test_a_forced_backend_that_cannot_play_fails_with_one_line(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("coach.services.audio.bell.terminal_ring", lambda: None)
    assert main(["sounds", "--audio", "bell", "--volume", "0.5"]) == 1
    captured = capsys.readouterr()
    assert "  bell         no   no terminal to ring (output is not a terminal)" in captured.out
    assert "Using silent: bell was asked for by --audio." in captured.out
    assert captured.err == "coach: no sound: bell cannot play here\n"


def test_say_fails_as_the_listing_does_when_nothing_can_play(
    capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`coach sounds --say TEXT` is the same check with other words: a backend that
    cannot play makes it fail too, not print the text and report success."""
    monkeypatch.setattr("coach.services.audio.bell.terminal_ring", lambda: None)
    assert main(["sounds", "--audio", "bell", "--say", "Ten more seconds"]) == 1
    assert capsys.readouterr().err == "coach: no sound: bell cannot play here\n"


def test_mute_lists_the_cues_without_playing(capsys) -> None:
    assert main(["sounds", "--audio", "silent", "--mute"]) == 0
    assert "Muted: the cues are listed, not played." in capsys.readouterr().out


def test_the_config_file_chooses_when_no_flag_does(user_folders: Path, capsys) -> None:
    config = user_folders / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[audio]\nbackend = "silent"\nvolume = 0.25\n', encoding="utf-8")
    assert main(["sounds"]) == 0
    assert f"Using silent (asked for by {config}), volume 25%." in capsys.readouterr().out


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("[audio]\nvolume = 3\n", "[audio] volume: 3 must be a number from 0.0 to 1.0"),
        ('[sounds]\ngo = "missing.wav"\n', "[sounds] go: no such file"),
        ('[sounds]\ngo = "notes.txt"\n', "[sounds] go: {dir}/notes.txt is not a WAV file"),
    ],
    ids=["bad-value", "missing-sound", "not-a-wav"],
)
def test_a_bad_config_is_one_line_and_exit_status_1(
    user_folders: Path, capsys, text: str, error: str
) -> None:
    config = user_folders / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(text, encoding="utf-8")
    (config.parent / "notes.txt").write_text("not a sound\n", encoding="utf-8")
    assert main(["sounds", "--audio", "silent"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"coach: {config}: ")
    assert error.format(dir=config.parent) in err


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _bad_sound_config(user_folders: Path) -> Path:
    config = user_folders / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[sounds]\ngo = "notes.txt"\n', encoding="utf-8")
    (config.parent / "notes.txt").write_text("not a sound\n", encoding="utf-8")
    return config


def test_a_bad_replacement_sound_stops_coach_run_with_one_line(user_folders: Path) -> None:
    import os
    import subprocess
    import sys

    config = _bad_sound_config(user_folders)
    done = subprocess.run(
        [sys.executable, "-m", "coach", "run", str(FIXTURES / "short.yaml"), "--plain"],
        env={**os.environ, "COACH_CONFIG": str(config)},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""  # the workout never started
    assert done.stderr == (
        f"coach: {config}: [sounds] go: {config.parent}/notes.txt is not a WAV file "
        "(it lacks the RIFF/WAVE header)\n"
    )


async def test_a_bad_replacement_sound_stops_the_app_with_one_line(user_folders: Path) -> None:
    import argparse
    import contextlib

    from fixtures.appkit import FakeStarter, fixture_session
    from textual.worker import WorkerFailed

    from coach.interface.app import make_app
    from coach.interface.starting import cue_player
    from coach.services.config import load_config

    config = _bad_sound_config(user_folders)
    args = argparse.Namespace(audio="silent")
    app = make_app(
        session=fixture_session("short"),
        sessions=[],
        clock=lambda: 0.0,
        sound=lambda loaded: cue_player(load_config(), args, loaded, on_warning=print),
        starter=FakeStarter(),
    )
    async with app.run_test() as pilot:
        # The start-up worker fails on purpose: wait for it, then for the app to react.
        with contextlib.suppress(WorkerFailed):
            await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 1
    assert app.return_value is not None
    assert app.return_value.line == (
        f"coach: {config}: [sounds] go: {config.parent}/notes.txt is not a WAV file "
        "(it lacks the RIFF/WAVE header)"
    )
