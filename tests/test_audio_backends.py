"""Each backend on its own: the simpleaudio safety rule, its worker, the system player, the
bell, and the order of the chain."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
import types
import wave
from pathlib import Path

import pytest

from coach.services.audio.backend import BackendUnavailable, Sound
from coach.services.audio.bell import BellBackend
from coach.services.audio.choose import BACKENDS, BackendChain, chain_for
from coach.services.audio.simpleaudio_backend import SimpleaudioBackend, load_module, refusal
from coach.services.audio.system_player import SystemPlayerBackend

STOCK = {"simpleaudio": "1.0.4"}
PATCHED = {"simpleaudio-patched": "1.0.5"}


@pytest.mark.parametrize(
    ("python", "builds", "refused"),
    [
        ((3, 11), STOCK, False),
        ((3, 12), STOCK, True),
        ((3, 13), STOCK, True),
        ((3, 12), PATCHED, False),
        ((3, 13), PATCHED, False),
        ((3, 13), {"simpleaudio": "1.0.6"}, False),  # a fixed stock release, should one come
        ((3, 12), {**STOCK, **PATCHED}, True),  # one module, two owners: which build is it?
        ((3, 12), {}, True),  # a module with no known distribution
        ((3, 11), {}, False),
    ],
)
def test_simpleaudio_is_refused_only_where_it_would_crash(
    python: tuple[int, int], builds: dict[str, str], refused: bool
) -> None:
    reason = refusal(python, builds)
    assert (reason is not None) is refused
    if python >= (3, 12) and builds == STOCK:
        assert reason == (
            "stock simpleaudio 1.0.4 crashes on Python "
            f"{python[0]}.{python[1]} (its playback thread frees memory without the GIL); "
            "install simpleaudio-patched instead"
        )


def test_stock_simpleaudio_on_3_12_is_refused_before_it_is_imported() -> None:
    imported = []
    with pytest.raises(BackendUnavailable, match=r"crashes on Python 3\.12"):
        load_module((3, 12), STOCK, importer=imported.append)  # type: ignore[arg-type]
    assert imported == []


def test_a_simpleaudio_build_that_does_not_import_is_passed_over() -> None:
    def broken(_name: str) -> types.ModuleType:
        raise OSError("libasound.so.2: cannot open shared object file")

    with pytest.raises(BackendUnavailable, match=r"does not import .*libasound\.so\.2"):
        load_module((3, 11), PATCHED, importer=broken)


class FakeSimpleaudio(types.ModuleType):
    """simpleaudio's surface; the first real cue takes `slow` seconds of the fake clock."""

    def __init__(self, clock, slow: float = 0.0, fail: bool = False) -> None:
        super().__init__("simpleaudio")
        self.clock = clock
        self.slow = slow
        self.fail = fail
        self.played: list[bytes] = []

    def play_buffer(self, pcm: bytes, channels: int, width: int, rate: int):
        assert (channels, width, rate) == (1, 2, 44100)
        if set(pcm) == {0}:
            return types.SimpleNamespace(is_playing=lambda: False)  # the start-up probe
        if self.fail:
            raise RuntimeError("Error opening PCM device. -- CODE: -19 -- MSG: No such device")
        self.played.append(pcm)
        self.clock.advance(self.slow)
        return types.SimpleNamespace(is_playing=lambda: False)

    def stop_all(self) -> None:
        return None


def settle(backend: SimpleaudioBackend) -> None:
    limit = time.monotonic() + 2.0
    while backend.busy() and time.monotonic() < limit:
        time.sleep(0.001)


def test_a_cue_that_waited_too_long_behind_a_slow_one_is_dropped(clock) -> None:
    fake = FakeSimpleaudio(clock, slow=0.3)
    backend = SimpleaudioBackend(fake, build="fake", clock=clock)
    go, tick = Sound("go", b"\x01\x00" * 10), Sound("tick", b"\x02\x00" * 10)
    backend.play(go, expires=clock.now + 0.15)
    backend.play(tick, expires=clock.now + 0.15)  # due now, but go holds the device 0.3 s
    settle(backend)
    backend.close()
    assert fake.played == [go.pcm]


def test_simpleaudio_reports_a_device_that_fails_after_start_up(clock) -> None:
    fake = FakeSimpleaudio(clock)
    backend = SimpleaudioBackend(fake, build="fake", clock=clock)
    assert backend.failure is None
    fake.fail = True
    backend.play(Sound("go", b"\x01\x00"), expires=clock.now + 1)
    settle(backend)
    assert backend.failure == "error opening PCM device: No such device (code -19)"
    backend.close()


def test_simpleaudio_that_cannot_open_the_device_is_unavailable(clock) -> None:
    fake = FakeSimpleaudio(clock)
    fake.play_buffer = lambda *a: (_ for _ in ()).throw(  # type: ignore[method-assign]
        RuntimeError("Error opening PCM device. -- CODE: -2 -- MSG: No such file or directory")
    )
    with pytest.raises(BackendUnavailable) as caught:
        SimpleaudioBackend(fake, build="simpleaudio-patched 1.0.5", clock=clock)
    assert str(caught.value) == (
        "simpleaudio-patched 1.0.5 cannot play: "
        "error opening PCM device: No such file or directory (code -2)"
    )


def fake_player(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!{sys.executable}\nimport shutil, sys\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_the_system_player_skips_a_player_that_fails_and_uses_the_next(tmp_path: Path) -> None:
    bin_dir, got = tmp_path / "bin", tmp_path / "got"
    bin_dir.mkdir()
    got.mkdir()
    fake_player(bin_dir, "pw-play", "sys.exit('pw-play: Host is down')")
    fake_player(bin_dir, "paplay", f"shutil.copy(sys.argv[-1], {str(got)!r})")

    def which(name: str) -> str | None:
        path = bin_dir / name
        return str(path) if path.exists() else None

    backend = SystemPlayerBackend(which=which)
    assert backend.detail == "paplay, started for each cue"
    sound = Sound("go", b"\x10\x00\x20\x00" * 50)
    started = time.monotonic()
    backend.play(sound, expires=time.monotonic() + 5)
    assert time.monotonic() - started < 0.05  # handed to a worker, not started here
    limit = time.monotonic() + 5.0
    while backend.busy() and time.monotonic() < limit:
        time.sleep(0.01)
    backend.close()
    (copied,) = [p for p in got.iterdir() if "go" in p.name]
    with wave.open(str(copied), "rb") as wav:
        assert wav.readframes(wav.getnframes()) == sound.pcm
    assert backend.failure is None


def test_no_system_player_is_unavailable_with_the_reasons(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake_player(bin_dir, "aplay", "sys.exit('aplay: main:831: audio open error: No such device')")

    def which(name: str) -> str | None:
        path = bin_dir / name
        return str(path) if path.exists() else None

    with pytest.raises(BackendUnavailable) as caught:
        SystemPlayerBackend(which=which)
    assert str(caught.value) == (
        "aplay: audio open error: No such device; pw-play, paplay, afplay not found"
    )


def test_the_bell_rings_and_flashes_for_every_cue() -> None:
    events: list[str] = []
    bell = BellBackend(lambda: events.append("ring"), lambda: events.append("flash"))
    for _ in range(2):
        bell.play(Sound("tick", b"\x00\x00"), expires=0)
    assert events == ["ring", "flash", "ring", "flash"]
    assert bell.detail == "terminal bell with a screen flash"


def test_the_bell_needs_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    read, write = os.pipe()
    with os.fdopen(write, "w") as pipe:
        monkeypatch.setattr(sys, "__stdout__", pipe)
        monkeypatch.setattr(sys, "__stderr__", pipe)
        with pytest.raises(BackendUnavailable, match="no terminal"):
            BellBackend()
    os.close(read)


def test_auto_tries_every_backend_in_the_documented_order() -> None:
    tried: list[str] = []

    def opener(name: str):
        def open_it():
            tried.append(name)
            raise BackendUnavailable(f"{name} is not here")

        return open_it

    chain = chain_for("auto", {name: opener(name) for name in BACKENDS[:-1]})
    backend = chain.open_next()
    assert tried == ["simpleaudio", "miniaudio", "system", "bell"]
    assert backend.name == "silent"
    assert [(a.backend, a.ok) for a in chain.attempts] == [
        ("simpleaudio", False),
        ("miniaudio", False),
        ("system", False),
        ("bell", False),
        ("silent", True),
    ]
    assert chain.attempts[1].reason == "miniaudio is not here"


def test_forcing_a_backend_tries_it_then_silence() -> None:
    chain = chain_for("system", {})
    assert chain.names == ("system", "silent")
    assert chain_for("silent", {}).names == ("silent",)
    with pytest.raises(ValueError, match="unknown audio backend 'loud'"):
        chain_for("loud", {})


def test_an_unexpected_error_while_opening_is_written_down_not_raised() -> None:
    def explode():
        raise RuntimeError("cffi said no")

    chain = BackendChain(("miniaudio",), {"miniaudio": explode})
    assert chain.open_next().name == "silent"
    assert chain.attempts[0].reason == "RuntimeError: cffi said no"


class _Hangs:
    """An opener stuck in a library call until the test lets it go."""

    def __init__(self) -> None:
        import threading

        self.release = threading.Event()
        self.closed = threading.Event()

    def __call__(self):
        self.release.wait(30)
        closed = self.closed

        class Late:
            name = "miniaudio"
            detail = "opened too late"

            def close(self) -> None:
                closed.set()

        return Late()


def test_a_backend_that_does_not_answer_is_passed_over_after_a_bounded_wait() -> None:
    hangs = _Hangs()
    chain = BackendChain(("miniaudio", "silent"), {"miniaudio": hangs}, open_timeout=0.05)
    backend = chain.open_next()
    assert backend.name == "silent"
    assert chain.attempts[0].backend == "miniaudio" and not chain.attempts[0].ok
    assert chain.attempts[0].reason == "did not open within 0.05 s (the device does not answer)"
    # When the device answers after all, what it opened is closed: nobody uses it.
    hangs.release.set()
    assert hangs.closed.wait(5)


AUDIO_MODULES = [
    *sorted(
        f"coach.services.audio.{p.stem}"
        for p in (Path(__file__).resolve().parent.parent / "coach/services/audio").glob("*.py")
        if p.stem != "__init__"
    ),
    "coach.services.audio",
    "coach.services.config",
]


@pytest.mark.parametrize("module", AUDIO_MODULES)
def test_each_audio_module_imports_first_without_textual_or_an_audio_library(module: str) -> None:
    # Fresh interpreter: an import cycle only shows when its module is imported first.
    code = (
        f"import sys, {module}\n"
        "loaded = [m for m in ('textual', 'miniaudio', 'simpleaudio') if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    root = str(Path(__file__).resolve().parent.parent)
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": root},
    )
    assert done.returncode == 0, done.stderr
