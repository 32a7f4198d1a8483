"""The user's settings file (TOML), read once at start-up.

    [audio]
    backend = "auto"   # or simpleaudio, miniaudio, system, bell, silent
    volume = 0.8       # 0.0 to 1.0
    mute = false

    [voice]
    enabled = true     # speak (default: when a speech engine is installed)
    engine = "auto"    # or espeak-ng, say, windows
    name = ""          # the engine's voice, e.g. "en-us"
    rate = 175         # words per minute
    counts = false     # also say each rep's number, where the tempo leaves room

    [sounds]           # replace any cue with your own WAV (relative to this file)
    go = "~/sounds/whistle.wav"

    [alerts]
    title = true       # the terminal's title shows the phase and the count
    flash = true       # the workout panel's border blinks at each go and at the end
    notify = false     # a desktop notification when a rest ends and at the end
    keep_awake = true  # keep the machine and screen awake during a workout

    [equipment]        # the weights you own; every load coach works out is one of them
    unit = "kg"        # or "lb": the unit of the numbers below
    bar = 20
    plates = [25, 20, 15, 10, 5, 2.5, 1.25]   # sizes bought in pairs
    kettlebells = [8, 12, 16, 20, 24]
    dumbbells = [5, 7.5, 10, 12.5]

A missing file means the defaults. Anything wrong raises ConfigError with one line that
names the file and the key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from coach.domain.cues import CUE_NAMES
from coach.domain.load import Equipment, default_equipment
from coach.services.audio.choose import CHOICES
from coach.services.paths import user_config_file
from coach.services.regular_file import not_a_file, open_regular
from coach.services.speech.engines import CHOICES as VOICE_ENGINES
from coach.services.speech.engines import DEFAULT_RATE

DEFAULT_VOLUME = 0.8


class ConfigError(Exception):
    """The settings file is wrong; the message is one line naming the file and the key."""


@dataclass(frozen=True)
class AudioConfig:
    backend: str = "auto"
    volume: float = DEFAULT_VOLUME
    mute: bool = False


@dataclass(frozen=True)
class AlertsConfig:
    """How a workout reaches someone away from the keyboard."""

    title: bool = True
    flash: bool = True
    notify: bool = False
    keep_awake: bool = True


@dataclass(frozen=True)
class VoiceConfig:
    enabled: bool | None = None  # None: speak when an engine is installed
    engine: str = "auto"
    name: str = ""
    rate: int = DEFAULT_RATE
    counts: bool = False


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    """The file these settings came from, or None when there was none."""
    audio: AudioConfig = AudioConfig()
    voice: VoiceConfig = VoiceConfig()
    sounds: Mapping[str, Path] = field(default_factory=lambda: MappingProxyType({}))
    """Cue name → replacement WAV, already resolved against the file's folder."""
    alerts: AlertsConfig = AlertsConfig()
    equipment: Equipment | None = None
    """The weights owned; None without an [equipment] section (then the usual gym's, in
    each load's own unit)."""


_EQUIPMENT_KEYS = ("unit", "bar", "plates", "kettlebells", "dumbbells")
_ALERT_KEYS = ("title", "flash", "notify", "keep_awake")
_SECTIONS = {
    "audio": ("backend", "volume", "mute"),
    "voice": ("enabled", "engine", "name", "rate", "counts"),
    "sounds": CUE_NAMES,
    "alerts": _ALERT_KEYS,
    "equipment": _EQUIPMENT_KEYS,
}


def load_config(path: Path | None = None) -> Config:
    """Read the settings file (default: `user_config_file()`)."""
    path = path or user_config_file()
    standing = not_a_file(path)
    if standing is not None:  # never opened: a named pipe would wait for a writer
        raise ConfigError(f"{path}: is {standing}, not a settings file")
    try:
        with open_regular(path) as file:
            text = file.read()
    except FileNotFoundError:
        return Config()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    import tomllib  # only when there is a settings file to read

    try:
        data = tomllib.loads(text.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: is not a text file (TOML expected)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return _parse(path, data)


def _parse(path: Path, data: dict[str, Any]) -> Config:
    for section, value in data.items():
        if section not in _SECTIONS:
            raise ConfigError(
                f"{path}: unknown section [{section}]; the sections are "
                f"{', '.join(f'[{name}]' for name in _SECTIONS)}"
            )
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: {section} must be a [{section}] table")
        allowed = _SECTIONS[section]
        for key in value:
            if key not in allowed:
                raise ConfigError(
                    f"{path}: [{section}] {key}: unknown key; allowed: {', '.join(allowed)}"
                )
    audio = data.get("audio", {})
    backend = audio.get("backend", "auto")
    if backend not in CHOICES:
        raise ConfigError(
            f"{path}: [audio] backend: {backend!r} is not a backend; "
            f"choose from {', '.join(CHOICES)}"
        )
    volume = audio.get("volume", DEFAULT_VOLUME)
    if isinstance(volume, bool) or not isinstance(volume, int | float) or not 0 <= volume <= 1:
        raise ConfigError(f"{path}: [audio] volume: {volume!r} must be a number from 0.0 to 1.0")
    mute = audio.get("mute", False)
    if not isinstance(mute, bool):
        raise ConfigError(f"{path}: [audio] mute: {mute!r} must be true or false")
    sounds = {}
    for cue, file in data.get("sounds", {}).items():
        if not isinstance(file, str) or not file.strip():
            raise ConfigError(f"{path}: [sounds] {cue}: must be the path of a WAV file, in quotes")
        sounds[cue] = path.parent / Path(file).expanduser()
    return Config(
        path=path,
        audio=AudioConfig(backend=backend, volume=float(volume), mute=mute),
        voice=_voice(path, data.get("voice", {})),
        sounds=MappingProxyType(sounds),
        alerts=_alerts(path, data.get("alerts", {})),
        equipment=_equipment(path, data["equipment"]) if "equipment" in data else None,
    )


def _equipment(path: Path, table: dict[str, Any]) -> Equipment:
    unit = table.get("unit", "kg")
    if unit not in ("kg", "lb"):
        raise ConfigError(f'{path}: [equipment] unit: {unit!r} must be "kg" or "lb"')
    kit = default_equipment(unit)

    def weight(key: str, value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise ConfigError(
                f"{path}: [equipment] {key}: {value!r} must be a weight in {unit} above 0"
            )
        if value > 1000:
            raise ConfigError(f"{path}: [equipment] {key}: {value!r} is more than anything lifts")
        return float(value)

    def weights(key: str, default: tuple[float, ...]) -> tuple[float, ...]:
        value = table.get(key)
        if value is None:
            return default
        if not isinstance(value, list):
            raise ConfigError(
                f"{path}: [equipment] {key}: must be a list of weights in {unit}, like [8, 12, 16]"
            )
        return tuple(sorted({weight(key, item) for item in value}, reverse=True))

    return Equipment(
        unit=unit,
        bar=weight("bar", table["bar"]) if "bar" in table else kit.bar,
        plates=weights("plates", kit.plates),
        kettlebells=weights("kettlebells", kit.kettlebells),
        dumbbells=weights("dumbbells", kit.dumbbells),
    )


def _alerts(path: Path, table: dict[str, Any]) -> AlertsConfig:
    for key, value in table.items():
        if not isinstance(value, bool):
            raise ConfigError(f"{path}: [alerts] {key}: {value!r} must be true or false")
    return AlertsConfig(**table)


def _voice(path: Path, voice: dict[str, Any]) -> VoiceConfig:
    for key in ("enabled", "counts"):
        if not isinstance(voice.get(key, False), bool):
            raise ConfigError(f"{path}: [voice] {key}: {voice[key]!r} must be true or false")
    engine = voice.get("engine", "auto")
    if engine not in VOICE_ENGINES:
        raise ConfigError(
            f"{path}: [voice] engine: {engine!r} is not an engine; "
            f"choose from {', '.join(VOICE_ENGINES)}"
        )
    name = voice.get("name", "")
    if not isinstance(name, str):
        raise ConfigError(f"{path}: [voice] name: {name!r} must be a voice's name, in quotes")
    rate = voice.get("rate", DEFAULT_RATE)
    if isinstance(rate, bool) or not isinstance(rate, int) or not 80 <= rate <= 450:
        raise ConfigError(f"{path}: [voice] rate: {rate!r} must be words a minute, 80 to 450")
    return VoiceConfig(
        enabled=voice.get("enabled"),
        engine=engine,
        name=name,
        rate=rate,
        counts=voice.get("counts", False),
    )
