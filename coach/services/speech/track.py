"""The voice of a workout in progress: phrases rendered ahead, spoken in the gaps.

`VoiceTrack` is told where the workout is (`follow`, after every poll of the runner) and
speaks on its own thread, so neither rendering nor waiting for a phrase's moment ever
happens on the event loop. Every phrase of the session is rendered in the background as
the workout opens; a phrase not ready at its moment is dropped, never played late. Pause,
skip and back cut off a phrase that is playing; a rest made shorter cuts off one that
would now run into a cue.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from coach.domain.phrases import all_forms, segment_lines
from coach.domain.runner import Event, Runner, SegmentStarted
from coach.domain.timeline import Timeline
from coach.domain.voice import MARGIN, Placement, cue_slots, fits, place_segment
from coach.services.audio.backend import Sound
from coach.services.speech.engines import EngineError

LATE_S = 0.05
"""A phrase that would start later than this after its moment is dropped."""
FINAL_WORDS_S = 6.0
"""At most this long, closing waits for the last words ("Workout complete") to be heard."""


class PhraseOutput(Protocol):
    """Where phrases are played: the cue player (same device as the beeps, mixed)."""

    @property
    def sounds(self) -> Mapping[str, Sound]: ...

    def speak(self, sound: Sound) -> bool: ...

    def hush(self, sound: Sound) -> None: ...


Render = Callable[[str], Sound]
"""Text to a ready phrase; raises EngineError saying why not (the phrase cache's `get`)."""


@dataclass(frozen=True)
class _Where:
    index: int
    visit: int
    start: float
    end: float | None
    paused: bool


@dataclass
class _Playing:
    visit: int
    placement: Placement
    sound: Sound
    ends: float


class VoiceTrack:
    def __init__(
        self,
        render: Render,
        output: PhraseOutput,
        *,
        counts: bool = False,
        clock: Callable[[], float] = time.monotonic,
        on_warning: Callable[[str], None] | None = None,
        sets_done: Callable[[], int] | None = None,
        threaded: bool = True,
    ) -> None:
        """`threaded=False` leaves rendering (`render_pending`) and speaking (`step`) to
        the caller: the tests drive them with their own clock."""
        self._render = render
        self._output = output
        self._counts = counts
        self._clock = clock
        self._on_warning = on_warning
        self._sets_done = sets_done
        self._records: Callable[[], int] | None = None
        self._threaded = threaded
        self._lock = threading.Condition()
        self._ready: dict[str, Sound] = {}
        self._failed: set[str] = set()
        self._queue: deque[str] = deque()
        self._where: _Where | None = None
        self._visit = 0
        self._done: set[tuple[int, str]] = set()
        self._playing: _Playing | None = None
        self._timeline: Timeline | None = None
        self._emom: frozenset[int] = frozenset()
        self._warned = False
        self._closed = False
        self._threads: list[threading.Thread] = []
        self.spoken: list[tuple[float, str]] = []  # (when, text): what was said, in order
        self._silenced = False
        self._changes = 0  # counts what the speaking thread must look at again

    def _changed(self) -> None:
        """Wake the threads: something they act on has changed. Call with the lock held."""
        self._changes += 1
        self._lock.notify_all()

    # --- opening ------------------------------------------------------------------------

    def open(
        self,
        timeline: Timeline,
        *,
        start: int = 0,
        emom: frozenset[int] = frozenset(),
        sets_done: Callable[[], int] | None = None,
        records: Callable[[], int] | None = None,
    ) -> None:
        """Start rendering every phrase of the session from segment `start` on.
        `sets_done` counts the sets done so far, `records` the exercises that set a
        personal record (both said at the end)."""
        self._timeline = timeline
        self._emom = emom
        if sets_done is not None:
            self._sets_done = sets_done
        self._records = records
        self._queue.extend(all_forms(timeline, emom_entries=emom, counts=self._counts, start=start))
        if self._threaded:
            for target, name in (
                (self._render_all, "coach-voice-render"),
                (self._speak_all, "coach-voice"),
            ):
                thread = threading.Thread(target=target, name=name, daemon=True)
                thread.start()
                self._threads.append(thread)

    @property
    def silenced(self) -> bool:
        return self._silenced

    def toggle(self) -> bool:
        """Turn speech off (a line being said stops at once) or on again; True when off.
        Lines whose moment passes while it is off are not said later."""
        self._silenced = not self._silenced
        if self._silenced:
            self._cut()
        with self._lock:
            self._changed()
        return self._silenced

    def duration_of(self, text: str) -> float | None:
        sound = self._ready.get(text)
        return None if sound is None else sound.seconds

    def render_pending(self) -> None:
        """Render everything queued (the render thread's work, callable directly)."""
        while not self._closed:
            with self._lock:
                if not self._queue:
                    return
                text = self._queue.popleft()
                if text in self._ready or text in self._failed:
                    continue
            try:
                sound = self._render(text)
            except EngineError as exc:
                with self._lock:
                    self._failed.add(text)
                self._warn_once(f"Voice: a phrase was left out ({exc}); the workout goes on.")
                continue
            except Exception as exc:  # an engine failing in a way nobody planned for
                with self._lock:
                    self._failed.add(text)
                self._warn_once(f"Voice: a phrase was left out ({type(exc).__name__}: {exc}).")
                continue
            with self._lock:
                self._ready[text] = sound
                self._changed()

    def _render_all(self) -> None:
        while not self._closed:
            self.render_pending()
            with self._lock:
                if not self._queue and not self._closed:
                    self._lock.wait()  # until follow() queues a line, or close()

    def _warn_once(self, message: str) -> None:
        if self._warned or self._on_warning is None:
            return
        self._warned = True
        with contextlib.suppress(Exception):
            self._on_warning(message)

    # --- where the workout is -----------------------------------------------------------

    def follow(self, runner: Runner, events: Iterable[Event] = ()) -> None:
        """The runner was just polled (after a cue, a key, a pause): note where it is."""
        if self._timeline is None or self._closed or not runner.started:
            return
        if any(isinstance(event, SegmentStarted) for event in events):
            self._visit += 1
        view = runner.view()
        where = _Where(
            index=view.segment.index,
            visit=self._visit,
            start=runner.now() - view.in_segment,
            end=runner.deadline(),
            paused=view.paused,
        )
        with self._lock:
            if where != self._where:
                self._where = where
                self._want_now(where.index)
                self._changed()

    def _want_now(self, index: int) -> None:
        # The lines of the segment just entered go to the front of the render queue (the
        # last words count the sets really done, which the run only knows at the end).
        for line in self._lines(index):
            for text in reversed(line.forms):
                if text not in self._ready and text not in self._failed:
                    self._queue.appendleft(text)

    def _lines(self, index: int) -> list:  # type: ignore[type-arg]
        assert self._timeline is not None
        done = self._sets_done() if self._sets_done is not None else None
        segment = self._timeline.segments[index]
        records = self._records() if self._records and segment.kind == "finish" else 0
        return segment_lines(
            self._timeline,
            index,
            emom_entries=self._emom,
            counts=self._counts,
            sets_done=done,
            records=records,
        )

    # --- speaking -----------------------------------------------------------------------

    def step(self, now: float | None = None) -> float | None:
        """Speak what is due now; return the clock time of the next line (None: none)."""
        now = self._clock() if now is None else now
        with self._lock:
            where = self._where
            timeline = self._timeline
        if where is None or timeline is None or self._closed:
            return None
        playing = self._playing
        if playing is not None and (where.paused or playing.visit != where.visit):
            self._cut()
        if where.paused:
            return None
        if self._silenced:
            if self._playing is not None:
                self._cut()
            return None
        segment = timeline.segments[where.index]
        lengths = {name: sound.seconds for name, sound in self._output.sounds.items()}
        cues = cue_slots(segment, where.start, where.end, lengths)
        limit = float("inf") if where.end is None or segment.kind == "finish" else where.end
        playing = self._playing
        if playing is not None:
            if playing.ends <= now:
                self._playing = None
            elif not fits(now, playing.ends, cues, limit):
                self._cut()  # the rest was made shorter: a cue now falls inside it
        placements = place_segment(
            self._lines(where.index), segment, where.start, where.end, self.duration_of, lengths
        )
        for spot in placements:
            key = (where.visit, spot.key)
            if key in self._done:
                continue
            if spot.start > now:
                return spot.start
            self._done.add(key)
            sound = self._ready[spot.text]
            ends = now + sound.seconds
            if now - spot.start > LATE_S or not fits(now, ends, cues, limit):
                continue  # its moment has passed: dropped, never late
            if self._output.speak(sound):
                self._playing = _Playing(where.visit, spot, sound, ends)
                self.spoken.append((now, spot.text))
        return None

    def _cut(self) -> None:
        playing, self._playing = self._playing, None
        if playing is not None:
            self._output.hush(playing.sound)

    def _speak_all(self) -> None:
        """Speak each line at its moment, and sleep in between: until the next line is
        due, or (nothing to come) until the workout moves on, is paused or resumed, speech
        is turned off or on, a phrase is rendered, or the track closes. A change made
        while `step` ran is seen before sleeping, so none is missed."""
        while not self._closed:
            with self._lock:
                seen = self._changes
            try:
                upcoming = self.step()
            except Exception as exc:  # the voice must never take the workout down
                self._warn_once(f"Voice: stopped speaking ({type(exc).__name__}: {exc}).")
                return
            with self._lock:
                if self._closed:
                    return
                if self._changes != seen:
                    continue
                self._lock.wait(None if upcoming is None else max(0.0, upcoming - self._clock()))

    # --- the end ------------------------------------------------------------------------

    def _let_last_words_finish(self) -> None:
        where, timeline = self._where, self._timeline
        if where is None or timeline is None or where.paused:
            return
        if timeline.segments[where.index].kind != "finish":
            return
        limit = self._clock() + FINAL_WORDS_S
        while self._clock() < limit:
            playing = self._playing
            said = (where.visit, "finish") in self._done
            if said and (playing is None or playing.ends <= self._clock()):
                return
            if not said and self._clock() - where.start > 2.0:
                return  # it was never going to be said (not rendered)
            time.sleep(0.02)

    def close(self) -> None:
        """Stop rendering and speaking. The last words of a finished workout are let
        finish (a bounded wait); anything else is cut off. Safe to call twice."""
        if self._closed:
            return
        if self._threaded:
            self._let_last_words_finish()
        with self._lock:
            self._closed = True
            self._changed()
        for thread in self._threads:
            thread.join(1.0)
        self._cut()


__all__ = ["MARGIN", "PhraseOutput", "Render", "VoiceTrack"]
