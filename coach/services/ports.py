"""What the live workout needs from sound and from the training history.

The workout in progress talks to these two small protocols only. The real cue player
(`coach.services.audio.CuePlayer`) satisfies `SoundPlayer`; the history store satisfies
`Journal`. Each has a do-nothing stand-in, so a workout runs without either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, runtime_checkable

from coach.domain.personal_records import NewRecord
from coach.domain.records import SetKey
from coach.domain.runner import Event, Runner, SetResult
from coach.domain.sets import Logged
from coach.domain.timeline import Timeline


@runtime_checkable
class SoundPlayer(Protocol):
    """Plays cues by name without blocking; never raises."""

    @property
    def muted(self) -> bool: ...

    def play(self, cue: str, deadline: float | None = None, now: float | None = None) -> bool:
        """Start `cue` now; `deadline` is when it was due and `now` the caller's clock."""
        ...

    def toggle_mute(self) -> bool:
        """Flip mute; True when now muted."""
        ...

    def close(self) -> None: ...


def output_of(player: SoundPlayer) -> str | None:
    """Where the cues really go: the backend playing them ("miniaudio", "bell", "silent"),
    or None when the player does not say. The cue player may have fallen back to the
    bell or to silence since start-up, so this is asked each time it is shown."""
    name = getattr(player, "backend_name", None)
    return name if isinstance(name, str) else None


class SilentPlayer:
    """No sound at all (and mute still toggles, so the screen can say so)."""

    backend_name = "silent"

    def __init__(self, muted: bool = False) -> None:
        self._muted = muted

    @property
    def muted(self) -> bool:
        return self._muted

    def play(self, cue: str, deadline: float | None = None, now: float | None = None) -> bool:
        return False

    def toggle_mute(self) -> bool:
        self._muted = not self._muted
        return self._muted

    def close(self) -> None:
        pass


@runtime_checkable
class Journal(Protocol):
    """Where finished sets go, the moment each one ends."""

    @property
    def keeps(self) -> bool:
        """True when sets go somewhere that lasts."""
        ...

    def earlier(self) -> dict[SetKey, Logged]:
        """Sets an earlier sitting of this run recorded (a resumed run), by key."""
        ...

    def set_finished(self, result: SetResult) -> None:
        """Record one set (or interval block): done, cut short, or skipped."""
        ...

    def correct(self, logged: Logged) -> None:
        """Record what the person says really happened in a set already recorded."""
        ...

    def note_run(self, note: str) -> None:
        """Keep a note on the session as a whole with the run."""
        ...

    def new_records(self) -> list[NewRecord]:
        """The personal records the run's sets beat."""
        ...

    def finish(self, at: float) -> None:
        """The run's last set has ended (clock time `at`): the run is finished."""
        ...

    def hold_writes(self) -> None:
        """Take in what comes, but start writing it only at `release_writes()`."""
        ...

    @property
    def writes_held(self) -> bool:
        """Something came in since `hold_writes()` and waits for `release_writes()`."""
        ...

    def release_writes(self) -> None:
        """Start writing what came in since `hold_writes()`."""
        ...

    def after_writes(self, then: Callable[[], None]) -> None:
        """Call `then` (on any thread, without waiting here) once what was handed over
        so far has been written or has failed."""
        ...

    def take_warnings(self) -> list[str]:
        """What went wrong since the last call, one line each."""
        ...

    def close(self) -> object:
        """The workout is over (finished or stopped); flush and let go."""
        ...


class NoJournal:
    """Keeps nothing: the default until a history store is passed in."""

    keeps = False

    def earlier(self) -> dict[SetKey, Logged]:
        return {}

    def set_finished(self, result: SetResult) -> None:
        pass

    def correct(self, logged: Logged) -> None:
        pass

    def note_run(self, note: str) -> None:
        pass

    def new_records(self) -> list[NewRecord]:
        return []

    def finish(self, at: float) -> None:
        pass

    def hold_writes(self) -> None:
        pass

    writes_held = False

    def release_writes(self) -> None:
        pass

    def after_writes(self, then: Callable[[], None]) -> None:
        then()

    def take_warnings(self) -> list[str]:
        return []

    def close(self) -> None:
        pass


class Voice(Protocol):
    """Speaks the workout in the gaps between cues (`coach.services.speech.VoiceTrack`)."""

    def open(
        self,
        timeline: Timeline,
        *,
        start: int = 0,
        emom: frozenset[int] = frozenset(),
        sets_done: Callable[[], int] | None = None,
        records: Callable[[], int] | None = None,
    ) -> None:
        """The workout opens: render its phrases in the background. `records` counts
        the exercises that set a personal record (said at the end)."""
        ...

    def follow(self, runner: Runner, events: Iterable[Event] = ()) -> None:
        """The runner was just polled: a segment began, a pause, a skip, a cue."""
        ...

    @property
    def silenced(self) -> bool:
        """True while the person has turned speech off (the beeps go on)."""
        ...

    def toggle(self) -> bool:
        """Turn speech off or on again; True when now off."""
        ...

    def close(self) -> None: ...
