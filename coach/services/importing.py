"""Bring a CSV export (Strong, Hevy, or coach's own) into the history, in one go.

The file is read and checked whole before anything is written, and the writing is one
transaction: a file with a mistake adds nothing, and a file added before adds nothing
again (a workout is known by where it came from, its name and when it started).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.domain.imports import (
    ImportedLog,
    ImportedWorkout,
    ImportProblem,
    library_names,
    match_exercise,
    read_export,
)
from coach.domain.library import Library, builtin_library
from coach.domain.load import Unit
from coach.domain.records import Run, SetRecord
from coach.services.history_store import HistoryStore

MAX_BYTES = 50_000_000


class ImportFailed(Exception):
    """The file cannot be imported; the message is one line naming the row and column."""


@dataclass(frozen=True)
class Imported:
    """What an import did, for the line that reports it."""

    layout: str
    workouts: int  # in the file
    sets: int  # in the file (the rows kept)
    runs_added: int
    sets_added: int
    kept_names: tuple[str, ...]  # exercise names that are not in the library
    mapped: tuple[tuple[str, str], ...]  # (name in the file, library id)
    left_out: tuple[tuple[str, int], ...]

    def describe(self) -> list[str]:
        lines = [
            f"Read {_many(self.workouts, 'workout')} ({_many(self.sets, 'set')}) from "
            f"{self.layout}: added {_many(self.runs_added, 'workout')} and "
            f"{_many(self.sets_added, 'set')}"
            + (
                f"; {_many(self.workouts - self.runs_added, 'workout')} already in the history"
                if self.runs_added < self.workouts
                else ""
            )
            + "."
        ]
        if self.mapped:
            lines.append(
                "Recorded as coach's exercises: "
                + ", ".join(f"{name} → {key}" for name, key in self.mapped)
                + "."
            )
        if self.kept_names:
            kept = ", ".join(self.kept_names)
            lines.append(f"Kept as they were (not in coach's library): {kept}.")
        for why, count in self.left_out:
            if why == "warm-up":
                lines.append(f"Left out: {count} warm-up {'set' if count == 1 else 'sets'}.")
            else:
                lines.append(f"Left out: {_many(count, 'set')} without reps (timed or distance).")
        return lines


def _many(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def read_file(path: Path) -> str:
    """The export's text, or ImportFailed with one line saying why not."""
    try:
        if path.is_dir():
            raise ImportFailed(f"{path}: this is a folder; give the exported .csv file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ImportFailed(f"{path}: the file is {size // 1_000_000} MB; an export is smaller")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read the file ({exc.strerror or exc})") from None
    if not raw:
        raise ImportFailed(f"{path}: the file is empty (0 bytes); export your workouts again")
    if b"\0" in raw:
        row = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise ImportFailed(f"{path}: row {row}: this is a binary file, not a CSV export")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            f"{path}: row {row}: the file is not UTF-8 text; export it again"
        ) from None


def _records(
    workout: ImportedWorkout, names: dict[str, tuple[str, str | None]], library: Library
) -> list[SetRecord]:
    """The workout's sets as the history keeps them: an exercise the library knows under
    its id, any other under its name as written; each exercise its own entry, in order."""
    entries: dict[tuple[str, str | None, str], int] = {}
    counts: dict[int, int] = {}
    records = []
    for item in workout.sets:
        if workout.source == "coach":
            exercise, variation = item.exercise, item.variation
            title = library[exercise].display_name(variation) if exercise in library else exercise
        else:
            found = match_exercise(item.exercise, names)
            exercise, variation = found if found else (item.exercise, None)
            title = library[exercise].display_name(variation) if found else item.exercise
        entry = entries.setdefault((exercise, variation, title), len(entries))
        counts[entry] = counts.get(entry, 0) + 1
        set_no = item.set_no or counts[entry]
        if item.warmup:
            set_no = -abs(set_no)  # as the history keeps a warm-up: never in a set's place
        started = item.started or workout.started
        load = str(item.load)
        records.append(
            SetRecord(
                run_id=0,
                entry=entry,
                exercise=exercise,
                variation=variation,
                title=title,
                set_no=set_no,
                side=item.side,
                reps_planned=item.reps if item.reps_planned is None else item.reps_planned,
                reps_done=item.reps,
                rounds_planned=item.rounds_planned,
                rounds_done=item.rounds_done,
                load=item.load,
                planned_load=load,
                file_load=load,
                started=started,
                ended=item.ended or started,
                skipped=item.skipped,
                corrected=item.corrected,
                warmup=item.warmup,
                # coach keeps effort on its own scale, RPE 6 to 10: a lighter one is left out
                rpe=item.rpe if item.rpe is not None and 6 <= item.rpe <= 10 else None,
                rir=item.rir,
                note=item.note,
            )
        )
    return records


def session_path(workout: ImportedWorkout) -> str:
    """Where an imported run says it came from: the app and the workout's name (coach's
    own CSV keeps the session file it names)."""
    if workout.source == "coach" and workout.session_file:
        return workout.session_file
    return f"{workout.source}:{workout.name}"


def plan_import(
    log: ImportedLog, library: Library | None = None
) -> tuple[list[tuple[Run, list[SetRecord]]], list[str], list[tuple[str, str]]]:
    """The runs to add, the names kept as written, and the names matched to the library."""
    library = library if library is not None else builtin_library()
    names = library_names(library)
    kept: dict[str, None] = {}
    mapped: dict[str, str] = {}
    runs = []
    for workout in log.workouts:
        for item in workout.sets:
            if workout.source == "coach":
                continue
            found = match_exercise(item.exercise, names)
            if found is None:
                kept[item.exercise] = None
            else:
                mapped[item.exercise] = found[0] if found[1] is None else f"{found[0]} ({found[1]})"
        records = _records(workout, names, library)
        run = Run(
            id=0,
            session_path=session_path(workout),
            session_name=workout.name,
            started=workout.started,
            ended=workout.ended or max(r.ended for r in records),
            state="finished",
        )
        runs.append((run, records))
    return runs, list(kept), sorted(mapped.items())


def import_file(path: Path, store: HistoryStore, unit: Unit = "kg") -> Imported:
    """Read `path` whole, then add what is new in one transaction. Raises ImportFailed
    (nothing written) for a file with a mistake; HistoryError when the history cannot
    be written."""
    text = read_file(path)
    try:
        log = read_export(text, unit)
    except ImportProblem as exc:
        raise ImportFailed(f"{path}: {exc}") from None
    if not log.workouts:
        raise ImportFailed(f"{path}: there are no sets with reps in this file; nothing to import")
    runs, kept, mapped = plan_import(log)
    added_runs, added_sets = store.add_imported(runs)
    return Imported(
        log.layout,
        len(log.workouts),
        log.rows,
        added_runs,
        added_sets,
        tuple(kept),
        tuple(mapped),
        tuple(sorted(log.left_out.items())),
    )
