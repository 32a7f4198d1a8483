"""Choose a session: each with its length and what it is about; Enter starts it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from coach.domain.durations import describe_duration
from coach.domain.loading import LoadedSession
from coach.domain.models import Entry
from coach.interface.wording import seconds
from coach.services.catalog import SessionRef

if TYPE_CHECKING:
    from coach.interface.app import CoachApp


@runtime_checkable
class Advisor(Protocol):
    """What reads the history for the picker: per exercise (by its index in the session),
    "last time ... · today ..." in words; nothing for an exercise with no news. May be
    slow: the picker asks off the event loop."""

    def last_and_today(self, loaded: LoadedSession) -> Mapping[int, str]: ...


def length_of(ref: SessionRef) -> str:
    if ref.timeline is None:
        return "cannot be used"
    about = "about " if ref.timeline.estimated else ""
    return f"{about}{describe_duration(ref.timeline.total_seconds)}"


def describe_entry(loaded: LoadedSession, entry: Entry) -> str:
    """One exercise of a session, as the preview lists it."""
    exercise = loaded.exercise(entry.exercise)
    parts = [exercise.display_name(entry.variation)]
    if entry.intervals is not None:
        block = entry.intervals
        rest = f" / {seconds(block.rest)} off" if block.rest else ""
        parts.append(f"{block.rounds} rounds of {seconds(block.work)} on{rest}")
    elif entry.emom is not None:
        reps = f", {entry.emom.reps} reps" if entry.emom.reps else ""
        parts.append(f"every {seconds(entry.emom.every)} × {entry.emom.rounds}{reps}")
    else:
        sets = entry.sets or 1
        parts.append(f"{sets} × {entry.reps}" + (" each side" if entry.per_side else ""))
        if entry.tempo is not None:
            parts.append(f"tempo {entry.tempo}")
        elif entry.hold is not None:
            parts.append(f"hold {entry.hold} s")
        else:
            parts.append("your own pace")
    if entry.load is not None:
        parts.append(str(entry.load))
    return " · ".join(parts)


class PickerScreen(Screen[None]):
    app: CoachApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", priority=True),
        Binding("q", "app.request_quit", "Quit"),
    ]

    def __init__(self, sessions: Sequence[SessionRef], advisor: Advisor | None = None) -> None:
        super().__init__()
        self.sessions = list(sessions)
        self.advisor = advisor
        self._advice: dict[int, Mapping[int, str]] = {}  # by session, read once each
        self._shown: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("coach · choose a session", id="picker-title")
        with Horizontal(id="picker"):
            options: list[Option | None] = []
            for n, ref in enumerate(self.sessions):
                if n:
                    options.append(None)  # a rule between sessions
                options.append(self._option(n, ref))
            yield OptionList(*options, id="sessions")
            with VerticalScroll(id="preview"):
                yield Static("", id="preview-text")
        yield Footer()

    def _option(self, n: int, ref: SessionRef) -> Option:
        prompt = Text(ref.title, style="bold")
        prompt.append(f"\n{length_of(ref)}", style="dim" if ref.error is None else "red")
        if ref.origin == "user":
            prompt.append(" · yours", style="dim")
        if ref.today:
            prompt.append(" · today", style="bold")
        return Option(prompt, id=str(n))

    def on_mount(self) -> None:
        options = self.query_one("#sessions", OptionList)
        if self.sessions:
            options.highlighted = 0
            self._preview(0)
        else:
            self.query_one("#preview-text", Static).update(
                "No sessions found. `coach new NAME` writes one to start from."
            )
        options.focus()

    @on(OptionList.OptionHighlighted, "#sessions")
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._preview(int(event.option.id))

    def _preview(self, index: int) -> None:
        self._shown = index
        ref = self.sessions[index]
        if self.advisor is not None and ref.loaded is not None and index not in self._advice:
            self._advice[index] = {}  # asked once; the answer redraws this preview
            self._read_advice(index, ref.loaded)
        advice = self._advice.get(index, {})
        text = Text()
        text.append(ref.title, style="bold")
        text.append(f"\n{length_of(ref)}", style="bold")
        if ref.loaded is not None:
            count = len(ref.loaded.session.entries)
            text.append(f" · {count} exercise{'' if count == 1 else 's'}")
        text.append(f" · {'your session' if ref.origin == 'user' else 'bundled'}\n", style="dim")
        if ref.error is not None or ref.loaded is None:
            text.append("\nThis file has problems; `coach validate` lists them all:\n\n")
            lines = ref.error.lines() if ref.error is not None else []
            text.append("\n".join(lines[:8]), style="red")
            self.query_one("#preview-text", Static).update(text)
            return
        if ref.today:
            text.append(f"\n{ref.today[:1].upper()}{ref.today[1:]}.\n", style="bold")
        if ref.about:
            text.append(f"\n{ref.about}\n")
        # One row an exercise; a long one wraps under its own text, not under the bullet.
        exercises = Table.grid(padding=(0, 1))
        exercises.add_column(no_wrap=True)
        exercises.add_column()
        for n, entry in enumerate(ref.loaded.session.entries):
            line = Text(describe_entry(ref.loaded, entry))
            if advice.get(n):
                line.append(f"\n{advice[n]}", style="dim")
            exercises.add_row("•", line)
        parts: list[RenderableType] = [text, exercises]
        if ref.origin == "user":
            parts.append(Text(f"\n{ref.path.name} in your sessions folder", style="dim"))
        self.query_one("#preview-text", Static).update(Group(*parts))

    @work(thread=True, group="advice", exit_on_error=False)
    def _read_advice(self, index: int, loaded: LoadedSession) -> tuple[int, Mapping[int, str]]:
        assert self.advisor is not None
        return index, self.advisor.last_and_today(loaded)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A history that cannot be read leaves the preview as the file says; the workout
        # itself reports the problem.
        if event.worker.group != "advice" or event.state != WorkerState.SUCCESS:
            return
        result = event.worker.result
        if result is None:
            return
        index, advice = result
        self._advice[index] = advice
        if index == self._shown:
            self._preview(index)

    @on(OptionList.OptionSelected, "#sessions")
    def selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._start(int(event.option.id))

    def action_start(self) -> None:
        option = self.query_one("#sessions", OptionList).highlighted_option
        if option is not None and option.id is not None:
            self._start(int(option.id))

    def _start(self, index: int) -> None:
        ref = self.sessions[index]
        if ref.loaded is None:
            self.notify(
                f"{ref.path.name} has problems; run `coach validate {ref.path}` to see them.",
                title="Cannot start",
                severity="error",
            )
            return
        self.app.start_session(ref.loaded)
