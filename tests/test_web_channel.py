"""The served app's side: a lost browser pauses the workout; the start-up blur does not."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from coach.interface.web.channel import ServedSound


class App:
    """The app as the channel sees it: a workout on, which a pause stops."""

    def __init__(self) -> None:
        self.paused = False
        self.workout = object()
        self.warn = lambda _m: None

    def pause_workout(self) -> None:
        self.paused = True


def make():
    sent: list[dict] = []
    runner = App()
    app = runner
    sound = ServedSound(app, config=None, args=None, send=sent.append, start=False)  # type: ignore[arg-type]
    return sound, runner, sent


def test_the_blur_textual_gives_at_start_up_does_not_pause_and_asks_for_focus():
    sound, runner, sent = make()
    sound._focus_changed(False)  # the web driver's own, before any focus
    assert not runner.paused
    assert sent == [{"type": "coach_blurred"}]


def test_a_blur_after_the_server_focused_the_app_pauses_the_workout():
    sound, runner, _sent = make()
    sound._focus_changed(False)
    sound._focus_changed(True)  # the server: a browser shows it
    assert not runner.paused
    sound._focus_changed(False)  # the server: the browser's connection dropped
    assert runner.paused


def test_meta_packets_are_framed_for_the_server():
    code = (
        "from coach.interface.web.channel import write_meta\n"
        "write_meta({'type': 'coach_cues', 'cues': []})\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, check=True, env=dict(os.environ)
    ).stdout
    assert out[:1] == b"M"
    size = int.from_bytes(out[1:5], "big")
    assert json.loads(out[5 : 5 + size]) == {"type": "coach_cues", "cues": []}
    assert len(out) == 5 + size
