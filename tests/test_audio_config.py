"""The settings file and how it meets the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from coach.services.audio.settings import add_audio_arguments, audio_settings
from coach.services.config import AudioConfig, Config, ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    config = load_config(tmp_path / "absent.toml")
    assert config == Config()
    assert config.audio == AudioConfig(backend="auto", volume=0.8, mute=False)


def test_the_default_file_is_the_user_config_file(tmp_path: Path, user_folders: Path) -> None:
    (user_folders / "config.toml").parent.mkdir(parents=True)
    (user_folders / "config.toml").write_text("[audio]\nvolume = 0.3\n", encoding="utf-8")
    assert load_config().audio.volume == 0.3


def test_a_full_file_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[audio]\nbackend = "miniaudio"\nvolume = 1\nmute = true\n\n'
        '[sounds]\ngo = "whistle.wav"\nrest = "/abs/stop.wav"\n',
    )
    config = load_config(path)
    assert config.path == path
    assert config.audio == AudioConfig(backend="miniaudio", volume=1.0, mute=True)
    assert dict(config.sounds) == {"go": tmp_path / "whistle.wav", "rest": Path("/abs/stop.wav")}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[audio]\nvolume = 1.5\n", "[audio] volume: 1.5 must be a number from 0.0 to 1.0"),
        ('[audio]\nvolume = "loud"\n', "[audio] volume: 'loud' must be a number from 0.0 to 1.0"),
        ("[audio]\nvolume = true\n", "[audio] volume: True must be a number from 0.0 to 1.0"),
        ('[audio]\nmute = "yes"\n', "[audio] mute: 'yes' must be true or false"),
        (
            '[audio]\nbackend = "pulse"\n',
            "[audio] backend: 'pulse' is not a backend; choose from auto, simpleaudio, "
            "miniaudio, system, bell, silent",
        ),
        ("[audio]\nvolum = 0.5\n", "[audio] volum: unknown key; allowed: backend, volume, mute"),
        ('[sounds]\ntrumpet = "t.wav"\n', "[sounds] trumpet: unknown key; allowed: get-ready,"),
        ("[sounds]\ngo = 3\n", "[sounds] go: must be the path of a WAV file, in quotes"),
        (
            "[video]\n",
            "unknown section [video]; the sections are [audio], [voice], [sounds], [alerts], "
            "[equipment]",
        ),
        ("audio = 3\n", "audio must be a [audio] table"),
        ("[audio\nvolume = 1\n", "(at line 1, column 7)"),
    ],
)
def test_a_bad_file_gets_one_line_naming_the_file_and_key(
    tmp_path: Path, text: str, message: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    line = str(caught.value)
    assert "\n" not in line
    assert line.startswith(f"{path}: ")
    assert message in line


def test_a_binary_file_or_a_folder_is_refused(tmp_path: Path) -> None:
    binary = tmp_path / "config.toml"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(ConfigError, match="is not a text file"):
        load_config(binary)
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_audio_arguments(parser)
    return parser.parse_args(argv)


def test_the_command_line_wins_over_the_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[audio]\nbackend = "system"\nvolume = 0.2\n'))
    settings = audio_settings(config, parse())
    assert (settings.backend, settings.volume, settings.muted) == ("system", 0.2, False)
    assert settings.forced_by == str(config.path)
    settings = audio_settings(config, parse("--audio", "bell", "--volume", "0.9", "--mute"))
    assert (settings.backend, settings.volume, settings.muted) == ("bell", 0.9, True)
    assert settings.forced_by == "--audio"
    assert audio_settings(config, parse("--audio", "auto")).forced_by is None


@pytest.mark.parametrize("argv", [["--volume", "2"], ["--volume", "x"], ["--audio", "pulse"]])
def test_bad_audio_flags_are_usage_errors(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        parse(*argv)
    assert caught.value.code == 2
