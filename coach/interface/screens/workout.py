"""The live workout: what to do now, a big count, how it should feel, and what comes next.

The screen talks to one object, the `Workout`: each key is one of its actions, which
brings the workout to the present, acts, and returns a `Frame` (what happened, when to
wake next). Two timers, each with one job. A wake-up is set for the frame's `wake` (the
next cue or segment end); when it comes, the workout is polled and delivers what is due
(a cue to the speaker, a set to the journal), and the screen is drawn. A redraw is set for
the next visible change in between (the next whole second of the count: see
`wording.clock_face`); it reads `workout.view()` and draws it, and never moves the workout
along. Nothing is drawn more often than the display changes: a redraw that would land with
a wake-up is left to the wake-up.

The wake-up is an alarm (on Linux the kernel's timerfd, watched by the loop; elsewhere a
thread that hands the moment to the loop: see `alarm.py`), not a Textual timer: a one-shot
Textual timer whose moment has already passed when it first looks (a delay of a fraction
of a millisecond, or a thread holding the GIL) skips its callback, and a zero delay raises
inside it. Either froze the workout. The loop's own `call_at` never skips, but waits in
whole milliseconds; the alarm keeps cues within a fraction of one. As a second line of
defence, each redraw polls the workout itself when a wake-up is overdue, and
a redraw is always set for just after the next wake-up: a lost one is made good at once.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from coach.domain.counting import counted
from coach.domain.timeline import Phase, Segment
from coach.interface import changed_only
from coach.interface.alarm import Alarm, KernelAlarm, make_alarm
from coach.interface.before_sleep import before_sleep
from coach.interface.widgets.big_count import BigCount
from coach.interface.widgets.big_word import BigWord
from coach.interface.widgets.key_bar import Key, KeyBar
from coach.interface.widgets.notice import Notice
from coach.interface.widgets.progress_line import ProgressLine
from coach.interface.wording import (
    clock_face,
    following_work,
    headline,
    next_text,
    position,
    reps_word,
    round_word,
    seconds,
    sound_state,
)
from coach.services.audio.player import ONLY_SIGNS
from coach.services.ports import output_of
from coach.services.workout import Frame, Workout

if TYPE_CHECKING:
    from textual.app import SystemCommand

    from coach.interface.screens.correct import CorrectScreen

REST_STEP = 15  # seconds + and - add to or take from a rest
OVERDUE_S = 0.05  # a wake-up this late is taken as lost, and the redraw polls instead
STANDBY_S = 2 * OVERDUE_S  # a redraw after a wake-up, in case it is lost
TOGETHER_S = 0.005  # a visible change this close to a wake-up is drawn by the wake-up

MOOD = {
    "get_ready": "ready",
    "switch": "ready",
    "rep": "work",
    "manual": "work",
    "work": "work",
    "rest": "rest",
    "finish": "done",
}


class WorkoutScreen(Screen[None]):
    class Finished(Message):
        """The last set has ended: the summary comes next."""

        def __init__(self, workout: Workout) -> None:
            super().__init__()
            self.workout = workout

    class Stop(Message):
        """The person confirmed they want to leave the workout."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "toggle_pause", "Pause", id="pause"),
        Binding("enter", "done", "Done/Go", id="done"),
        Binding("n", "skip", "Next", id="next"),
        Binding("b", "back", "Back", id="back"),
        Binding("plus", f"rest({REST_STEP})", "Rest +15s", key_display="+", id="rest_more"),
        Binding("equals_sign", f"rest({REST_STEP})", "Rest +15s", show=False),  # + unshifted
        Binding("minus", f"rest(-{REST_STEP})", "Rest -15s", key_display="-", id="rest_less"),
        Binding("e", "correct", "Correct", id="correct"),
        Binding("m", "mute", "Mute", id="mute"),
        Binding("v", "voice", "Voice", id="voice"),
        Binding("q", "quit_workout", "Quit", id="quit"),
    ]

    # For a narrow key bar: each key's short words, and the order keys are left out in
    # (the highest first; 0 is always shown). What is left out stays in the palette.
    NARROW_KEYS: ClassVar[dict[str, tuple[str, int]]] = {
        "pause": ("Pause", 1),
        "done": ("Go", 2),
        "next": ("Next", 3),
        "rest_more": ("15s", 4),
        "rest_less": ("15s", 5),
        "back": ("Back", 6),
        "mute": ("Mute", 7),
        "correct": ("Fix", 8),
        "voice": ("Voice", 9),
        "quit": ("Quit", 0),
    }

    def __init__(
        self, workout: Workout, *, redraw_every: float, notices: list[str] | None = None
    ) -> None:
        super().__init__()
        changed_only.install(self)  # each second paints the widgets it changes, no others
        self._notices = list(notices or [])  # warnings raised while it got ready
        self.workout = workout
        self.redraw_every = redraw_every
        self.emom = workout.emom_entries
        self._dialog: CorrectScreen | None = None
        self._redraw_call: asyncio.TimerHandle | None = None
        self._alarm: Alarm | KernelAlarm | None = None
        self._shown: dict[str, object] = {}
        self._segment_shown = -1
        self._paused_shown: bool | None = None
        self._tempo: Text = Text()
        self._about = ""
        self._keys_offered: tuple[bool, ...] = ()
        self._shapes: dict[str, tuple[int, int]] = {}
        self._done = False
        self._exercise = -1  # the exercise the headline names, for the header
        self._widgets: dict[str, Widget] = {}  # looked up once: a redraw asks every second

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Notice(self.workout.name, id="session", waiting=self._notices)
            yield Static("", id="status", markup=False)
        with Vertical(id="main"):
            yield Static("", id="headline", markup=False)
            yield Static("", id="position", markup=False)
            yield Static("", id="advice", markup=False)
            with Vertical(id="panel"):
                yield BigWord("", id="phase")
                yield BigCount("", id="count")
                yield Static("", id="detail", markup=False)
                yield Static("", id="steps", markup=False)
            yield Static("", id="cues", markup=False)
            yield Static("", id="next", markup=False)
        yield ProgressLine(id="progress")  # the bar, then "0:42 done · 1:10 to go"
        yield KeyBar(id="keys", right=self._palette_key())

    def on_mount(self) -> None:
        self._widget("#progress")  # from now on, its absence means the screen is going
        if not self.workout.started:
            self._apply(self.workout.start())
        else:
            self._apply(self.workout.poll())

    async def _on_idle(self, event: events.Idle) -> None:
        """Paint as soon as the screen has taken in a change, in the same wake-up of the
        thread as the change itself. (Textual waits for a frame timer, a sixtieth of a
        second on, which woke the process a second time for every change on the screen.)
        Textual's own handler runs after this one and finds nothing left to paint."""
        if (
            self.is_current
            and not self.app._batch_count
            and (
                self._layout_required
                or self._scroll_required
                or self._repaint_required
                or self._recompose_required
                or self._dirty_widgets
            )
        ):
            self._on_timer_update()

    def on_resize(self, event: events.Resize) -> None:
        # Small terminals keep what matters most: the phase, the count, the set and rep.
        width, height = event.size
        self.set_class(height < 27, "-short")
        self.set_class(height < 19 or width < 60, "-tiny")
        self.set_class(height >= 45 and width >= 120, "-huge")  # room for a bigger phase word
        self.set_class(width < 60 and height >= 30, "-tall")  # a phone held upright

    def on_notice_changed(self, event: Notice.Changed) -> None:
        # A tiny terminal has no header, except while it carries a warning.
        self.set_class(event.showing, "-noticing")

    # --- time -------------------------------------------------------------------------

    def tick(self) -> None:
        """The clock moved: let the workout deliver what is due, then draw it."""
        if not self._done and not self._taken_down():
            # A set this ends goes to the history's writer when this thread is about to
            # sleep, its frame out: handed over sooner, the writer would take Python's
            # lock from this thread mid-frame, and this thread would sleep once more to
            # get it back.
            frame = self.workout.poll_holding_writes()
            if self.workout.writes_held:
                before_sleep(asyncio.get_running_loop()).call(self._release_writes)
            self._apply(frame)

    def _release_writes(self) -> None:
        self.workout.release_writes()

    def _taken_down(self) -> bool:
        """True once the screen is being removed: a wake-up or redraw queued before that
        finds no widgets, and the workout is no longer this screen's to move."""
        if self._closing:
            return True
        progress = self._widgets.get("#progress")
        return progress is None or not progress.is_attached

    def _widget(self, selector: str) -> Widget:
        """The screen's widget for `selector`, found once (searching the screen for it at
        every redraw was a tenth of the workout's CPU)."""
        widget = self._widgets.get(selector)
        if widget is None:
            widget = self._widgets[selector] = self.query_one(selector)
        return widget

    def _apply(self, frame: Frame) -> None:
        """Show what an action (or the clock) did and plan the next wake-up."""
        if self._done:
            return
        if frame.finished:
            self._finish()
            return
        if self._dialog is not None and self.workout.correctable != self._dialog.key:
            # The dialog belongs to its set's rest: when the rest ends, so does it, and
            # the next key goes to the workout. What was typed in it is not saved, and
            # the person is told so rather than left to think it was.
            typed = self._dialog.typed()
            self._dialog.dismiss(None)
            if typed:
                self.app.notify(
                    f"Not saved: the rest ended before Enter ({typed}). "
                    "e on the summary corrects any set.",
                    severity="warning",
                    timeout=8,
                )
            self._dialog = None
        self._schedule(frame.wake)
        self.redraw()
        self._refresh_keys()

    def pause_now(self) -> None:
        self._apply(self.workout.pause())

    def _schedule(self, wake: float | None) -> None:
        if wake is None:
            self._cancel_wakeup()
            return
        if self._alarm is None:
            self._alarm = make_alarm(asyncio.get_running_loop(), self._woken)
        self._alarm.set(wake - self.workout.clock())

    def _woken(self) -> None:
        if self._alarm is not None:  # not a late call for a screen already gone
            self.call_next(self.tick)  # in the screen's own message loop, like a key

    def _cancel_wakeup(self) -> None:
        if self._alarm is not None:
            self._alarm.cancel()

    def _plan_redraw(self, change_in: float | None) -> None:
        """Set the next redraw: at the next visible change (`change_in` seconds away), or,
        when a wake-up comes first or with it, just after that wake-up, in case it is lost.
        Never later than `redraw_every`. Nothing moves while paused: no redraw then."""
        if self._redraw_call is not None:
            self._redraw_call.cancel()
            self._redraw_call = None
        wake = self.workout.next_wakeup()
        delay = change_in
        if wake is not None:
            wake_in = max(0.0, wake - self.workout.clock())
            if change_in is None or wake_in <= change_in + TOGETHER_S:
                delay = wake_in + STANDBY_S
        if delay is None:
            return
        delay = min(max(delay, 0.001), self.redraw_every)
        self._redraw_call = asyncio.get_running_loop().call_later(delay, self._redraw_due)

    def _redraw_due(self) -> None:
        self._redraw_call = None
        if not self._done:
            self.call_next(self.redraw)

    def on_unmount(self) -> None:
        self._release_writes()
        if self._redraw_call is not None:
            self._redraw_call.cancel()
            self._redraw_call = None
        if self._alarm is not None:
            self._alarm.close(wait=0)  # the thread ends by itself: no join on the loop
            self._alarm = None

    def _finish(self) -> None:
        self._done = True
        self._release_writes()  # the last set: this screen draws no frame for it
        if self._redraw_call is not None:
            self._redraw_call.cancel()
            self._redraw_call = None
        self._cancel_wakeup()
        if self._dialog is not None:
            self._dialog.dismiss(None)
            self._dialog = None
        self.post_message(self.Finished(self.workout))

    # --- drawing ----------------------------------------------------------------------

    def _put(self, selector: str, content: object) -> None:
        """Update a widget only when what it shows has changed."""
        if self._shown.get(selector) == content:
            return
        self._shown[selector] = content
        widget = self._widget(selector)
        if isinstance(widget, BigCount | BigWord):
            assert isinstance(content, str)
            widget.update(content)
            return
        assert isinstance(widget, Static)
        # A full layout pass costs more than everything else in a redraw. A widget of fixed
        # size never needs one, nor does one sized by its text while the text keeps its
        # shape: with the width its own, as many lines as it has rows and none too long for
        # the width (a new exercise's cues of other lengths); with the width taken from the
        # text, the same lines and widest line ("0:42 done" -> "0:41 done").
        reshaped = False
        styles = widget.styles
        if styles.is_auto_width or styles.is_auto_height:
            lines = (content.plain if isinstance(content, Text) else str(content)).split("\n")
            widest = max(cell_len(line) for line in lines)
            if styles.is_auto_width:
                shape = (len(lines), widest)
                reshaped = self._shapes.get(selector) != shape
                self._shapes[selector] = shape
            else:
                room = widget.content_size
                reshaped = widest > room.width or len(lines) != room.height
        widget.update(content, layout=reshaped)  # type: ignore[arg-type]

    def redraw(self) -> None:
        if self._done or self._taken_down():
            return
        flash = getattr(self.app, "border_flash", None)
        if flash is not None:  # a blink lasts until the next change on the screen
            flash.end_with_redraw()
        wake = self.workout.next_wakeup()
        if wake is not None and self.workout.clock() - wake > OVERDUE_S:
            self.tick()  # a wake-up went missing: never let the workout stand still
            return
        view = self.workout.view()
        segment = view.segment
        if segment.index != self._segment_shown:
            self._segment_shown = segment.index
            self._draw_segment(segment)
        if view.paused != self._paused_shown:
            self._paused_shown = view.paused
            paused = {"-paused": view.paused}
            self._set_classes("#panel", paused, alone=True)
            self._set_classes("#phase", paused)
            self._set_classes("#count", paused)
        self._refresh_keys()  # a cheap comparison; the key bar repaints only on a change
        self._put("#phase", "PAUSED" if view.paused else segment.phase.value)
        face = clock_face(view)  # one clock: every time below moves on the same beat
        self._put("#count", face.count)
        self._put("#detail", self._detail(segment, view.paused, view.extra))
        progress = self._widget("#progress")
        assert isinstance(progress, ProgressLine)
        progress.show(face.progress, f"  {face.done} done · {self._about}{face.to_go} to go")
        self._put("#status", self._status(segment))
        if self.workout.alerts is not None:  # the terminal's title, with the count
            self.workout.alerts.show_moment(segment, view.remaining, view.in_segment, view.paused)
        self._plan_redraw(face.next_change)

    def _draw_segment(self, segment: Segment) -> None:
        # A manual set still to come makes the time left an estimate.
        self._about = "about " if self.workout.open_ended_ahead() else ""
        mood = {f"-{m}": MOOD[segment.kind] == m for m in ("ready", "work", "rest", "done")}
        self._set_classes("#panel", mood, alone=True)
        self._set_classes("#phase", mood)
        timeline = self.workout.timeline
        focus = segment if segment.is_work else following_work(timeline, segment.index)
        self._exercise = focus.entry if focus is not None else -1
        if segment.kind == "finish" or focus is None:
            self._put("#headline", "Finished")
            self._put("#position", "")
            self._put("#advice", "")
            self._set_classes("#advice", {"-shown": False})
            self._put("#cues", "")
            self._put("#next", "")
            self._refresh_keys()
            return
        emom = focus.entry in self.emom
        where = " · ".join(position(focus, emom, upcoming=not segment.is_work))
        if segment.kind == "rest":
            where = f"Up next: {where}"
        advice = self.workout.beginning.advice.get(focus.entry, "")
        self._put("#advice", advice if not segment.is_work else "")
        self._set_classes("#advice", {"-shown": bool(advice) and not segment.is_work})
        self._put("#headline", headline(focus, self.workout.beginning.loads))
        self._put("#position", where)
        self._put("#cues", "\n".join(f"• {cue}" for cue in focus.form_cues))
        then = next_text(timeline, focus.index, self.emom)
        self._put("#next", f"Next: {then}" if segment.is_work else f"After that: {then}")
        self._tempo = self._tempo_strip(segment)
        self._put("#steps", self._steps(segment))
        self._refresh_keys()

    def _set_classes(self, selector: str, wanted: dict[str, bool], *, alone: bool = False) -> None:
        """Set a widget's classes, all in one restyle, and only those that change.

        A class change restyles the widget and everything inside it, which is most of what
        a change of mood costs. With `alone`, no rule of a widget inside depends on these
        classes (coach.tcss keeps it so), so the widget is restyled by itself and the
        widgets inside only paint again, with what they take from it (its background)."""
        widget = self._widget(selector)
        changes = {name: on for name, on in wanted.items() if widget.has_class(name) != on}
        if not changes:
            return
        if not alone:
            widget.update_classes(changes)
            return
        widget.update_classes(changes, update=False)
        self.app.stylesheet.update_nodes([widget], animate=True)
        for inside in widget.walk_children():
            inside.notify_style_update()  # its styles cached with the old background
            if isinstance(inside, Widget):
                inside.refresh()

    def _palette_key(self) -> Key | None:
        if not self.app.ENABLE_COMMAND_PALETTE:
            return None
        binding = Binding(self.app.COMMAND_PALETTE_BINDING, "command_palette", "palette")
        display = self.app.get_key_display(binding)
        return Key(binding.key, display, binding.description, True, short="more")

    def _refresh_keys(self) -> None:
        """Show the keys on offer (dimmed when they do nothing now), when they change."""
        segment = self.workout.current
        offered = (
            segment.kind in ("manual", "get_ready", "switch"),
            segment.kind == "rest",
            self.workout.paused,
            self.workout.correctable is not None,
        )
        if offered != self._keys_offered:
            self._keys_offered = offered
            paused = self.workout.paused
            keys = [
                self._key(a.binding, a.enabled, paused)
                for a in self.active_bindings.values()
                if a.binding.show
            ]
            keybar = self._widget("#keys")
            assert isinstance(keybar, KeyBar)
            keybar.show(keys)

    def _key(self, binding: Binding, enabled: bool, paused: bool) -> Key:
        """A key for the bar, in long and short words; while paused, space goes on."""
        display = binding.key_display or self.app.get_key_display(binding)
        if paused and binding.id == "pause":
            return Key(binding.key, display, "Go on", enabled, "Go on", 1)
        short, rank = self.NARROW_KEYS.get(binding.id or "", ("", 9))
        return Key(binding.key, display, binding.description, enabled, short, rank)

    def _tempo_strip(self, segment: Segment) -> Text:
        """This rep's phases in the order the movement goes, the current one lit."""
        if segment.kind != "rep":
            return Text()
        timeline = self.workout.timeline
        block = timeline.block_of(segment.index)
        phases = [
            s for s in timeline.segments[block.start : block.stop] if s.rep_no == segment.rep_no
        ]
        strip = Text(justify="center")
        for n, phase in enumerate(phases):
            if n:
                strip.append("  ›  ", style="dim")
            label = f" {phase.phase.value} {phase.estimate}s "
            strip.append(label, style="reverse bold" if phase.index == segment.index else "")
        return strip

    def _steps(self, segment: Segment) -> Text:
        """Reps of the set, or rounds of the block, as a row of bars: done ones filled."""
        if segment.kind == "rep":
            done, total = segment.rep_no, segment.reps
        elif segment.round_no and segment.kind in ("work", "rest"):
            done, total = segment.round_no, segment.rounds
        else:
            return Text()
        if total > 30:
            return Text(f"{done} of {total}", justify="center")
        row = Text(justify="center")
        for n in range(1, total + 1):
            if n > 1:
                row.append(" ")
            row.append("██" if n <= done else "░░", style="" if n <= done else "dim")
        return row

    def _detail(self, segment: Segment, paused: bool, extra: int) -> object:
        if paused:
            # The big word says PAUSED; this line keeps the phase it stopped in.
            return f"paused in {segment.phase.value} · space to go on"
        kind = segment.kind
        if kind == "rep":
            return self._tempo
        if kind == "get_ready":
            return "get into position · Enter starts now"
        if kind == "switch" and segment.phase is Phase.CHANGE:
            return f"on to {segment.title} · {reps_word(segment)} · Enter starts now"
        if kind == "switch":
            return f"switch to the {segment.side or 'other'} side · Enter starts now"
        if kind == "manual" and segment.rep_seconds:
            return f"{reps_word(segment)} · Enter when done"
        if kind == "manual":
            return f"{reps_word(segment)} at your own pace · Enter when done"
        if kind == "work":
            if segment.entry in self.emom:
                reps = f"{counted(segment.reps, 'rep')}, then " if segment.reps else ""
                return f"{reps}rest until the {round_word(segment, emom=True)} is up"
            return f"round {segment.round_no} of {segment.rounds} · keep going"
        if kind == "rest":
            changed = ""
            if extra:
                changed = f" ({'+' if extra > 0 else '-'}{seconds(abs(extra))})"
            fix = " · e corrects the set" if self.workout.correctable is not None else ""
            return f"breathe{changed} · + or - changes it by {REST_STEP} s{fix}"
        return "well done"

    def _status(self, segment: Segment) -> str:
        parts = []
        if segment.kind != "finish" and self._exercise >= 0:
            # The exercise the headline names: in the rest before an exercise, that one.
            total = len(self.workout.loaded.session.entries)
            parts.append(f"exercise {self._exercise + 1} of {total}")
        player = self.workout.player
        output = output_of(player)
        parts.append(sound_state(player.muted, output))
        voice = self.workout.voice
        if voice is not None and output in ONLY_SIGNS:
            parts.append("no voice")  # a bell, or nothing, cannot speak
        elif voice is not None:
            parts.append("voice off" if voice.silenced else "voice on")
        return " · ".join(parts)

    # --- keys -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        segment = self.workout.current
        if action == "done":
            usable = segment.kind in ("manual", "get_ready", "switch") and not self.workout.paused
            return True if usable else None
        if action == "rest":
            return True if segment.kind == "rest" else None
        if action == "correct":
            if not self.workout.can_correct:
                return False  # nothing keeps sets: no key for it
            return True if self.workout.correctable is not None else None
        if action == "voice":
            return self.workout.voice is not None  # no speech engine: no key for it
        return True

    def action_toggle_pause(self) -> None:
        self._apply(self.workout.toggle_pause())

    def action_done(self) -> None:
        self._apply(self.workout.done())

    def action_skip(self) -> None:
        self._apply(self.workout.skip())

    def action_back(self) -> None:
        self._apply(self.workout.back())

    def action_rest(self, step: int) -> None:
        self._apply(self.workout.adjust_rest(step))

    def action_correct(self) -> None:
        """What was really done in the set just finished (while its rest runs)."""
        from coach.interface.screens.correct import CorrectScreen

        key = self.workout.correctable
        if key is None:
            return

        def noted(line: str | None) -> None:
            self._dialog = None
            if line:
                self.notify(f"Noted: {line}", timeout=4)

        self._dialog = CorrectScreen(self.workout, key)
        self.app.push_screen(self._dialog, noted)

    def action_voice(self) -> None:
        off = self.workout.toggle_voice()
        if off is not None:
            self.notify("Voice off" if off else "Voice on", timeout=2)
            self.redraw()

    def action_mute(self) -> None:
        muted = self.workout.player.toggle_mute()
        self.notify("Sound off" if muted else "Sound on", timeout=2)
        self.redraw()

    def action_quit_workout(self) -> None:
        from coach.interface.screens.quit_confirm import QuitScreen

        was_paused = self.workout.paused
        self._apply(self.workout.pause())

        def answer(stop: bool | None) -> None:
            if stop:
                self.post_message(self.Stop())
                return
            if not was_paused:
                self._apply(self.workout.resume())
            else:
                self._apply(self.workout.poll())

        self.app.push_screen(QuitScreen(self.workout.keeps_history), answer)

    def commands(self) -> list[SystemCommand]:
        """The workout's keys as command-palette entries."""
        from textual.app import SystemCommand

        return [
            SystemCommand(
                "Pause or resume",
                "Stop every clock; again to go on (space)",
                self.action_toggle_pause,
            ),
            SystemCommand(
                "Done / start now",
                "End a manual set, or skip the get-ready (enter)",
                self.action_done,
            ),
            SystemCommand("Next", "Skip to the next set, rest or round (n)", self.action_skip),
            SystemCommand(
                "Back", "Restart this set, or go to the one before (b)", self.action_back
            ),
            SystemCommand(
                "Rest +15 s",
                "Make the current rest longer (+)",
                lambda: self.action_rest(REST_STEP),
            ),
            SystemCommand(
                "Rest -15 s",
                "Make the current rest shorter (-)",
                lambda: self.action_rest(-REST_STEP),
            ),
            SystemCommand(
                "Correct the last set",
                "Say what was really done: reps, load or both (e)",
                self.action_correct,
            ),
            SystemCommand("Mute or unmute", "Turn the cues off or on (m)", self.action_mute),
            SystemCommand(
                "Voice off or on", "Stop or start the spoken coaching (v)", self.action_voice
            ),
            SystemCommand(
                "Quit the workout",
                "Ask, then leave; finished sets are kept (q)",
                self.action_quit_workout,
            ),
        ]
