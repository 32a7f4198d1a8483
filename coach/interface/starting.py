"""The real parts a workout starts with: the cue player and the training history.

`coach run`, `coach run --plain` and the picker all build them here, so the three
start a workout the same way.
"""

from __future__ import annotations

import argparse
import contextlib
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from coach.domain.load import Equipment
from coach.domain.loading import LoadedSession
from coach.domain.programs import Standing
from coach.domain.progression import Advice
from coach.domain.runner import Clock
from coach.domain.shown_loads import shown_loads
from coach.interface.cli import CheckFailed
from coach.services.audio.settings import build_cue_player
from coach.services.audio.sounds import SoundFileError
from coach.services.config import Config, ConfigError, load_config
from coach.services.journal import Journal
from coach.services.ports import SoundPlayer, Voice
from coach.services.workout import Beginning, Offer

CANCEL_POLL_S = 0.05
"""How often a workout that is opening its sound looks whether it was left."""


def read_config() -> Config:
    try:
        return load_config()
    except ConfigError as exc:
        raise CheckFailed(str(exc)) from None


class StartCancelled(Exception):
    """The workout was left (the app is closing) while its sound was still opening."""


def cue_player(
    config: Config,
    args: argparse.Namespace,
    loaded: LoadedSession,
    *,
    on_warning: Callable[[str], None],
    on_flash: Callable[[], None] | None = None,
    ring: Callable[[], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SoundPlayer:
    """The player for this session's cues (its own sounds over the config's).

    A replacement sound that will not load stops the command (SoundFileError, raised as
    CheckFailed here), as in `coach sounds`. Opening the audio takes at most a few seconds
    (each backend is given up on after a bounded wait); with `cancelled`, the wait also
    ends as soon as it says True (raising StartCancelled), so quitting is never held up by
    a sound device."""

    def build() -> SoundPlayer:
        try:
            return build_cue_player(
                config,
                args,
                loaded.sound_files(),
                on_flash=on_flash,
                on_warning=on_warning,
                ring=ring,
            )
        except SoundFileError as exc:
            raise CheckFailed(str(exc)) from None

    if cancelled is None:
        return build()
    return _unless_cancelled(build, cancelled)


def _unless_cancelled(
    build: Callable[[], SoundPlayer], cancelled: Callable[[], bool]
) -> SoundPlayer:
    return SoundOpening(build).result(cancelled)


class SoundOpening:
    """A cue player being built on a daemon thread from the moment this is made, so that
    `coach run` can open the sound device while the screen is still being set up.

    A process that is leaving never waits for it; a player that arrives after nobody
    wants it (`result` cancelled, or `abandon`) is closed."""

    def __init__(self, build: Callable[[], SoundPlayer]) -> None:
        self._build = build
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._box: dict[str, Any] = {}
        threading.Thread(target=self._run, name="coach-open-sound", daemon=True).start()

    def _run(self) -> None:
        box = self._box
        try:
            box["player"] = self._build()
        except BaseException as exc:  # handed to the waiting thread
            box["error"] = exc
        with self._lock:
            self._done.set()
            orphan = box.get("abandoned") and box.get("player")
        if orphan:
            with contextlib.suppress(Exception):
                orphan.close()

    def result(self, cancelled: Callable[[], bool]) -> SoundPlayer:
        """The player, once built (raising what building it raised); StartCancelled as
        soon as `cancelled` says True while it is still being built."""
        while not self._done.wait(CANCEL_POLL_S):
            if cancelled():
                with self._lock:
                    if not self._done.is_set():
                        self._box["abandoned"] = True
                        raise StartCancelled
        if "error" in self._box:
            raise self._box["error"]
        with self._lock:
            self._box["taken"] = True
        player: SoundPlayer = self._box["player"]
        return player

    def abandon(self) -> None:
        """Nobody will take the player: close it now, or as soon as it is built."""
        with self._lock:
            if self._box.get("taken"):
                return
            self._box["abandoned"] = True
            player = self._box.get("player") if self._done.is_set() else None
        if player is not None:
            with contextlib.suppress(Exception):
                player.close()


def voice_for(
    config: Config,
    args: argparse.Namespace,
    player: SoundPlayer,
    *,
    on_warning: Callable[[str], None],
) -> Voice | None:
    """What speaks the workout, through the cue player: the speakers here, or the page
    of `coach serve` (None: speech is off)."""
    from coach.services.audio.browser import BrowserCuePlayer
    from coach.services.audio.player import CuePlayer
    from coach.services.speech.settings import build_voice

    if not isinstance(player, CuePlayer | BrowserCuePlayer):
        return None
    return build_voice(config, args, player, on_warning=on_warning)


def advice_line(advice: Advice) -> str:
    """ "last time 10, 10, 10 @ 80 kg · today 82.5 kg x 10"-style; empty without news."""
    parts = []
    if advice.last is not None:
        parts.append(str(advice.last))
    if advice.target is not None and advice.today():
        parts.append(advice.today())
    return " · ".join(parts)


class HistoryStarter:
    """Begins a workout from the training history: today's targets, where an unfinished
    run left off, and a journal that writes each set as it ends."""

    def __init__(
        self,
        clock: Clock,
        programs: Mapping[Path, Standing] | None = None,
        equipment: Equipment | None = None,
    ) -> None:
        self.clock = clock
        # Today's session of each program, by its resolved file: run through the picker
        # or `coach today`, it follows the program's week (a deload?).
        self.programs = dict(programs or {})
        self.equipment = equipment  # the weights owned (None: the usual gym's)
        self._journal: Journal | None = None

    def _open(self) -> Journal:
        if self._journal is None:
            self._journal = Journal(clock=self.clock)
        return self._journal

    def last_and_today(self, loaded: LoadedSession) -> dict[int, str]:
        """For the picker: "last time ... · today ..." per exercise with a history."""
        from coach.services.journal import advice_for

        advice = advice_for(loaded, equipment=self.equipment)
        return {i: line for i, a in advice.items() if (line := advice_line(a))}

    def unfinished(self, loaded: LoadedSession) -> Offer | None:
        found = self._open().unfinished(loaded)
        if found is None:
            return None
        return Offer(found.describe(), found.held_by)

    def begin(self, loaded: LoadedSession, resume: bool) -> Beginning:
        journal = self._open()
        self._journal = None  # one journal per workout
        program = self.programs.get(loaded.path.resolve())
        if program is not None:
            begun = journal.begin(
                loaded,
                resume,
                program.deload,
                program.deload_runs,
                equipment=self.equipment,
            )
        else:
            begun = journal.begin(loaded, resume=resume, equipment=self.equipment)
        advice = {i: line for i, a in begun.advice.items() if (line := advice_line(a))}
        notes = [f"History: {w}" for w in journal.take_warnings()]
        if begun.resumed:
            done = f"{begun.sets_done} set{'' if begun.sets_done == 1 else 's'}"
            skipped = f", {begun.sets_skipped} skipped" if begun.sets_skipped else ""
            notes.insert(0, f"Carrying on: {done} already done{skipped}.")
        return Beginning(
            begun.timeline,
            begun.at_segment,
            journal,
            advice=advice,
            notes=tuple(notes),
            loads=shown_loads(loaded, begun.timeline, self.equipment),
        )
