"""The lines a workout ends with, the same in the app and in plain mode: how it went,
where it stopped, what was kept and how to carry on."""

from __future__ import annotations

import shlex
import signal

from coach.domain.durations import format_duration
from coach.interface.wording import stopped_where
from coach.services.workout import Workout

EXIT_STATUS = {signal.SIGINT: 130, signal.SIGTERM: 143, signal.SIGHUP: 129, signal.SIGPIPE: 141}
SIGNAL_WORD = {
    signal.SIGINT: "Ctrl-C",
    signal.SIGTERM: "SIGTERM",
    signal.SIGHUP: "SIGHUP",
    signal.SIGPIPE: "its output was closed",  # plain mode's reader went away
}


def done_phrase(workout: Workout) -> str:
    """ "4 sets done, 1 skipped, 10 of 10 rounds", from every sitting of the run."""
    sums = workout.totals()
    parts = [sums.sets_phrase()] if sums.sets_planned else []
    if sums.rounds_planned:
        parts.append(f"{sums.rounds_done} of {sums.rounds_planned} rounds")
    return ", ".join(parts) or "nothing done"


def kept_phrase(workout: Workout) -> str:
    """What became of the sets: kept, or not recorded (and why that matters)."""
    if workout.kept_aside is not None:
        count, path = workout.kept_aside
        sets = f"{count} {'set' if count == 1 else 'sets'}"
        return f"{sets} kept in {path} until the history can be written"
    if not workout.keeps_history:
        return "not recorded (the history could not be opened)"
    return "kept in your history"


def resume_hint(workout: Workout) -> str:
    from coach.services.catalog import shortest_name

    return f"`coach run {shlex.quote(shortest_name(workout.loaded.path))} --resume` carries on"


def finished_line(workout: Workout) -> str:
    active, _paused = workout.time_taken()
    line = f"{workout.name}: finished in {format_duration(active)}, {done_phrase(workout)}"
    if not workout.keeps_history or workout.kept_aside is not None:
        line += f"; {kept_phrase(workout)}"
    return line + "."


def stopped_line(workout: Workout, signum: int | None = None, lead: str = "") -> str:
    """ "Legs: stopped at Squat · set 2/3 after 3:10 (SIGTERM); 4 sets done, kept in your
    history; `coach run legs.yaml --resume` carries on." `lead` replaces "Legs: stopped"."""
    active, _paused = workout.time_taken()
    where = stopped_where(workout.timeline, workout.current, workout.emom_entries)
    how = f" ({SIGNAL_WORD[signal.Signals(signum)]})" if signum in SIGNAL_WORD else ""
    lead = lead or f"{workout.name}: stopped"
    line = f"{lead}{where} after {format_duration(active)}{how}"
    if nothing_recorded(workout):
        # A run with no set in it is not kept, so there is nothing to carry on.
        return f"{line}; {done_phrase(workout)}, so nothing was recorded."
    line += f"; {done_phrase(workout)}, {kept_phrase(workout)}"
    if workout.keeps_history:
        line += f"; {resume_hint(workout)}"
    return line + "."


def nothing_recorded(workout: Workout) -> bool:
    """No set of the run (this sitting or an earlier one) was done or skipped: the
    history keeps no run without a set in it."""
    return workout.keeps_history and workout.kept_aside is None and not workout.logged


def closing_line(workout: Workout, signum: int | None = None) -> str:
    """A finished run says so, also when a signal closes its summary: nothing is left
    to carry on."""
    if workout.finished:
        return finished_line(workout)
    return stopped_line(workout, signum)
