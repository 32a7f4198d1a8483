"""Reaching someone away from the keyboard: the terminal title, a flash at each go and rest,
desktop notifications, and keeping the machine awake for the length of a workout.

The faces make one `Alerts` per workout, `start` it as the workout opens, hand it every
event of the run (`on_event`), ask it to show a title, and `close` it on the way out.
Nothing here blocks the caller: processes start and run in threads of their own.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Mapping

from coach.domain.cues import MOMENTS
from coach.domain.runner import Clock, CueDue, Event, SegmentStarted, SessionFinished
from coach.domain.timeline import Segment, Timeline
from coach.services.alerts.escapes import POP_TITLE, PUSH_TITLE, set_title
from coach.services.alerts.keep_awake import Inhibitor, NoInhibitor, choose_inhibitor
from coach.services.alerts.notify import Notifier, choose_notifier
from coach.services.alerts.title import where, window_title
from coach.services.config import AlertsConfig

__all__ = ["TITLE_EVERY_S", "Alerts", "build_alerts", "window_title"]

TITLE_EVERY_S = 0.5  # the screen redraws once a second, a little early or late
"""The title is written at most this often (a pause or resume shows at once)."""

NOTIFY_CLOSE_WAIT_S = 1.0  # a notification on its way gets this long when coach leaves

Write = Callable[[str], None]


class Alerts:
    def __init__(
        self,
        config: AlertsConfig,
        *,
        write: Write | None = None,
        flash: Callable[[], None] | None = None,
        notifier: Notifier | None = None,
        inhibitor: Inhibitor | None = None,
        clock: Clock = time.monotonic,
        titles_per_segment: bool = False,
    ) -> None:
        """`write` sends text to the terminal (None: there is none, so no title and no
        escape notifications); `flash` blinks the workout panel. `titles_per_segment`:
        the title is written as each segment starts, without a count (the plain mode)."""
        self.config = config
        self._write = write if config.title else None
        self._flash = flash if config.flash else None
        self.notifier = notifier if config.notify else None
        self.inhibitor: Inhibitor = inhibitor or NoInhibitor("not asked for")
        self.clock = clock
        self.titles_per_segment = titles_per_segment
        self._lock = threading.Lock()
        self._title_pushed = False
        self._title_shown: str | None = None
        self._title_at = -TITLE_EVERY_S
        self._title_paused = False
        self._segment: Segment | None = None
        self._timeline: Timeline | None = None
        self._session = ""
        self._emom: frozenset[int] = frozenset()
        self._started = False
        self._closed = False

    # --- the workout opens ------------------------------------------------------------

    def start(self, timeline: Timeline, session: str, emom: frozenset[int] = frozenset()) -> None:
        """The workout begins: keep the machine awake, keep the person's title to restore."""
        if self._started or self._closed:
            return
        self._started = True
        self._timeline = timeline
        self._session = session
        self._emom = emom
        self.inhibitor.start()

    # --- what happens -----------------------------------------------------------------

    def on_event(self, event: Event) -> None:
        """One event of the run, as it is delivered."""
        if isinstance(event, CueDue):
            if self._flash is not None and event.name in MOMENTS:
                self._flash()
        elif isinstance(event, SegmentStarted):
            self._segment_started(event.segment)
        elif isinstance(event, SessionFinished):
            self.inhibitor.release()  # the workout is over, the summary may stay up
            self._notify("Workout complete", self._session)
            self.show_title(f"DONE · {self._session}", urgent=True)

    def _segment_started(self, segment: Segment) -> None:
        before, self._segment = self._segment, segment
        # A rest between sets or exercises; the rests inside an interval block come too
        # fast for a notification each.
        if (
            before is not None
            and before.kind == "rest"
            and not before.round_no
            and segment.kind != "finish"
        ):
            focus = segment if segment.is_work else self._upcoming(segment)
            body = where(focus, focus.entry in self._emom) if focus else self._session
            self._notify("Rest over", f"Next: {body}")
        if self.titles_per_segment:
            self.show_title(
                window_title(
                    segment,
                    remaining=None,
                    in_segment=0.0,
                    paused=False,
                    upcoming=self._upcoming(segment),
                    session=self._session,
                    emom=segment.entry in self._emom,
                    counting=False,
                ),
                urgent=True,
            )

    def _upcoming(self, segment: Segment) -> Segment | None:
        if self._timeline is None:
            return None
        for later in self._timeline.segments[segment.index :]:
            if later.is_work:
                return later
        return None

    def _notify(self, title: str, body: str) -> None:
        if self.notifier is not None and not self._closed:
            self.notifier.send(title, body)

    # --- the title --------------------------------------------------------------------

    def show_title(self, text: str, *, urgent: bool = False) -> None:
        """Put `text` in the terminal's title, if it changed and the last write was at
        least TITLE_EVERY_S ago (`urgent`: at once)."""
        if self._write is None or self._closed:
            return
        now = self.clock()
        with self._lock:
            if text == self._title_shown:
                return
            if not urgent and now - self._title_at < TITLE_EVERY_S:
                return
            self._title_shown = text
            self._title_at = now
            sequence = set_title(text)
            if not self._title_pushed:
                self._title_pushed = True
                sequence = PUSH_TITLE + sequence
        self._write(sequence)

    def show_moment(
        self,
        segment: Segment,
        remaining: float | None,
        in_segment: float,
        paused: bool,
    ) -> None:
        """The title for the moment the screen shows (called with every redraw; it is
        written at most once a second, and at once when a pause starts or ends)."""
        if self._write is None:
            return
        urgent = paused != self._title_paused
        self._title_paused = paused
        text = window_title(
            segment,
            remaining=remaining,
            in_segment=in_segment,
            paused=paused,
            upcoming=self._upcoming(segment),
            session=self._session,
            emom=segment.entry in self._emom,
        )
        self.show_title(text, urgent=urgent)

    # --- the end ----------------------------------------------------------------------

    def close(self, wait: float = NOTIFY_CLOSE_WAIT_S) -> None:
        """Give the person their title back, let the machine sleep, stop notifying.
        Safe to call twice and from any thread (not the event loop: it waits at most
        `wait` seconds for a notification still being sent and for the helper that kept
        the machine awake to end)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            pushed = self._title_pushed
        if pushed and self._write is not None:
            with contextlib.suppress(Exception):
                self._write(POP_TITLE)
        self.inhibitor.release()
        if self.notifier is not None:
            self.notifier.close(wait)
        self.inhibitor.wait(wait)


def build_alerts(
    config: AlertsConfig,
    *,
    write: Write | None,
    flash: Callable[[], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    titles_per_segment: bool = False,
    env: Mapping[str, str] | None = None,
) -> Alerts:
    """The real thing: notifications and keep-awake chosen for this system."""
    notifier = None
    if config.notify:
        notifier = choose_notifier(
            write=write, env=env if env is not None else os.environ, on_warning=on_warning
        )
    return Alerts(
        config,
        write=write,
        flash=flash,
        notifier=notifier,
        inhibitor=choose_inhibitor(config.keep_awake),
        titles_per_segment=titles_per_segment,
    )
