"""The app's side of `coach serve`: cues for the page, written next to the screen.

Under `coach serve` the app runs as a child of the web server with Textual's web driver,
which frames everything it writes to stdout as packets: "D" + 4-byte length + screen
data, or "M" + length + a JSON object (meta). The server passes the screen to the page
and reads coach's own meta packets (types starting with "coach_") itself.

Packets are written on the event loop only, where the driver writes the screen, so the
two never interleave.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.domain.cue_plan import PlannedCue
from coach.domain.loading import LoadedSession
from coach.services.audio.browser import BrowserCuePlayer, Message, build_browser_player

if TYPE_CHECKING:
    from coach.interface.app import CoachApp
    from coach.services.config import Config
    from coach.services.ports import SoundPlayer

SERVED_ENV = "COACH_SERVED"
"""Set to "1" by `coach serve` for the app it starts."""
TICK_S = 0.02
"""How often the page's schedule is brought up to date (a pause reaches it this fast)."""


def served() -> bool:
    """True in the app `coach serve` started, with Textual's web driver."""
    return os.environ.get(SERVED_ENV) == "1" and "WebDriver" in os.environ.get("TEXTUAL_DRIVER", "")


def write_meta(message: Message) -> None:
    """One meta packet to the server (call on the event loop)."""
    data = json.dumps(message, separators=(",", ":")).encode("utf-8")
    stdout = sys.__stdout__
    if stdout is not None:
        os.write(stdout.fileno(), b"M" + len(data).to_bytes(4, "big") + data)


class ServedSound:
    """Makes each workout's player and keeps the page's schedule current."""

    def __init__(
        self,
        app: CoachApp,
        config: Config,
        args: argparse.Namespace,
        clock: Callable[[], float] = time.monotonic,
        send: Callable[[Message], None] = write_meta,
        *,
        start: bool = True,
    ) -> None:
        self.app = app
        self.config = config
        self.args = args
        self.clock = clock
        self.send = send
        self.player: BrowserCuePlayer | None = None
        self._armed = False
        if start:
            threading.Thread(target=self._start_ticking, name="coach-web-cues", daemon=True).start()

    def __call__(self, loaded: LoadedSession) -> SoundPlayer:
        player = build_browser_player(
            self.config, self.args, loaded.sound_files(), self.send, on_warning=self.app.warn
        )
        player.follow(self._upcoming)
        self.player = player
        return player

    def _upcoming(self, until: float) -> list[PlannedCue]:
        workout = self.app.workout
        return [] if workout is None else workout.upcoming_cues(until)

    def tick(self) -> None:
        if self.player is not None:
            self.player.tick(self.clock())

    def _on_loop(self) -> None:
        self.app.set_interval(TICK_S, self.tick)
        self.app.watch(self.app, "app_focus", self._focus_changed, init=False)

    def _focus_changed(self, focused: bool) -> None:
        # The server blurs the app when the browser's connection drops (and only then):
        # the workout pauses until the person is back. Textual's web driver also blurs
        # the app once as it starts, at a moment of its own; a blur before the server has
        # ever focused the app is that one, and the server is asked to focus it now.
        if focused:
            self._armed = True
            return
        if not self._armed:
            self.send({"type": "coach_blurred"})
            return
        if self.app.workout is not None:
            self.app.pause_workout()
            self.tick()

    def _start_ticking(self) -> None:
        # The timer must be made on the event loop, which runs once the app has started.
        for _ in range(600):
            try:
                self.app.call_from_thread(self._on_loop)
                return
            except RuntimeError:
                time.sleep(0.05)
