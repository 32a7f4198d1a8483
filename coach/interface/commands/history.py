"""`coach history [EXERCISE]`: recent sessions and sets, a chart over time, or CSV."""

from __future__ import annotations

import argparse
import csv
import difflib
import math
import os
import shutil
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from coach.domain.corrections import (
    CORRECTION_HELP,
    Correction,
    CorrectionError,
    parse_correction,
)
from coach.domain.counting import counted
from coach.domain.durations import format_duration
from coach.domain.library import builtin_library
from coach.domain.load import Load, LoadError, Unit, parse_load
from coach.domain.personal_records import E1RM_MAX_REPS, bests
from coach.domain.plausible import implausible
from coach.domain.records import SetRecord
from coach.interface.cli import SUMMARY, CheckFailed, UsageError
from coach.services.history_store import HistoryError, HistoryStore, open_history
from coach.services.paths import user_data_dir
from coach.services.pending import move_in, pending_path

KG_PER_LB = 0.45359237
CSV_COLUMNS = (
    "id",
    "started",
    "ended",
    "seconds",
    "session",
    "session_file",
    "run",
    "exercise",
    "variation",
    "title",
    "set",
    "side",
    "reps_planned",
    "reps_done",
    "rounds_planned",
    "rounds_done",
    "load",
    "load_amount",
    "load_unit",
    "skipped",
    "corrected",
    "warmup",
    "rpe",
    "rir",
    "note",
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "history",
        help=SUMMARY["history"],
        description="Recent sessions (or, with EXERCISE, that exercise's sets) as a table, "
        "and a chart of top load and total volume per session.",
    )
    parser.add_argument(
        "exercise",
        nargs="?",
        metavar="EXERCISE",
        help="an exercise id such as hip-thrust, or a name as shown in the table",
    )
    parser.add_argument("--csv", action="store_true", help="every set as CSV on stdout")
    parser.add_argument(
        "--since", metavar="DATE", type=since_date, help="only from this day on (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--last",
        metavar="N",
        type=int,
        default=20,
        help="sessions in the table (default 20; the chart shows all)",
    )
    parser.add_argument("--no-chart", action="store_true", help="the table only")
    parser.add_argument(
        "--records",
        action="store_true",
        help="personal records per exercise: estimated 1RM, heaviest load for each rep "
        "count, most reps at a load, best session volume",
    )
    change = parser.add_mutually_exclusive_group()
    change.add_argument(
        "--edit",
        nargs="+",
        metavar="ID TEXT",
        help='correct set ID (the id column of --csv) as during a workout: "8", '
        '"8 @ 57.5 kg", "@60", "rpe 8" or "note left hip tight"',
    )
    change.add_argument("--delete", metavar="ID", help="remove set ID from the history")
    change.add_argument(
        "--undo",
        action="store_true",
        help="bring back the set as it was before the last --edit or --delete (again: "
        "the one before)",
    )
    parser.add_argument(
        "--yes", action="store_true", help="with --edit: keep a load far from the plan"
    )
    add_import_arguments(parser, change)
    parser.set_defaults(func=run)


def since_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'"{text}" is not a date; write it like 2024-05-31'
        ) from None


# --- numbers per session ------------------------------------------------------------


def _kg(load: Load) -> float | None:
    if load.amount is None:
        return None
    return load.amount if load.unit == "kg" else load.amount * KG_PER_LB


def display_unit(records: Sequence[SetRecord]) -> Unit:
    """The unit most sets were lifted in (kg on a tie or with none)."""
    pounds = sum(1 for r in records if r.load.unit == "lb")
    kilos = sum(1 for r in records if r.load.unit == "kg")
    return "lb" if pounds > kilos else "kg"


def in_unit(kg: float, unit: Unit) -> float:
    return kg if unit == "kg" else kg / KG_PER_LB


@dataclass
class SessionRow:
    """One run, summed up from its sets."""

    started: datetime
    session: str
    records: list[SetRecord]

    @property
    def done(self) -> list[SetRecord]:
        """The working sets done: warm-ups count toward no total."""
        return [r for r in self.records if not r.skipped and not r.warmup]

    def _sets(self) -> list[list[SetRecord]]:
        """The working sets, each with its sides: a per-side set is one set."""
        sides: dict[tuple[int, int], list[SetRecord]] = defaultdict(list)
        for r in self.records:
            if not r.warmup and not r.rounds_planned:
                sides[(r.entry, r.set_no)].append(r)
        return list(sides.values())

    def sets_cell(self) -> str:
        """ "3 (1 skipped), 2 rounds": what the closing line counts. A per-side set is one
        set, done when either side was, skipped when both were; an interval or EMOM
        block is its rounds."""
        sets = self._sets()
        skipped = sum(1 for s in sets if all(r.skipped for r in s))
        text = str(len(sets) - skipped) + (f" ({skipped} skipped)" if skipped else "")
        if any(r.rounds_planned for r in self.records if not r.warmup):
            rounds = sum(r.rounds_done for r in self.done if r.rounds_planned)
            text += f", {rounds} {'round' if rounds == 1 else 'rounds'}"
        return text

    def top_kg(self) -> float | None:
        loads = [kg for r in self.done if (kg := _kg(r.load)) is not None and r.reps_done]
        return max(loads) if loads else None

    def volume_kg(self) -> float:
        return sum(r.reps_done * (_kg(r.load) or 0.0) for r in self.done)

    def reps(self) -> int:
        return sum(r.reps_done for r in self.done)

    def seconds(self) -> float:
        span = max(r.ended for r in self.records) - min(r.started for r in self.records)
        return span.total_seconds()


def by_run(records: Sequence[SetRecord]) -> list[SessionRow]:
    groups: dict[int, list[SetRecord]] = defaultdict(list)
    for record in records:
        groups[record.run_id].append(record)
    rows = [
        SessionRow(min(r.started for r in sets), sets[0].session_name, sets)
        for sets in groups.values()
    ]
    return sorted(rows, key=lambda row: row.started)


def _number(value: float, unit: str = "") -> str:
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text} {unit}".rstrip()


def _when(moment: datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


def _set_text(record: SetRecord) -> str:
    """One set in words: reps times load ("10 x 60 kg" with a multiplication sign), rounds
    of a block ("8 of 10 rounds x 16 kg"), the side first for a per-side set, then whether
    it was corrected afterwards or cut short; "skipped" for a skipped one."""
    side = ("warm-up " if record.warmup else "") + (f"{record.side} " if record.side else "")
    if record.skipped:
        return f"{side}skipped"
    load = f" × {record.load}" if str(record.load) else ""
    if record.rounds_planned:
        done = f"{record.rounds_done} of {record.rounds_planned} rounds{load}"
    else:
        done = f"{record.reps_done}{load}" if load else counted(record.reps_done, "rep")
    marks = ["corrected"] if record.corrected else [] if record.completed else ["cut short"]
    marks += effort_marks(record)
    return side + done + (f" ({', '.join(marks)})" if marks else "")


def effort_text(record: SetRecord) -> str:
    """ " (RPE 8, "left hip tight")": how hard the set was and its note, as said."""
    marks = effort_marks(record)
    return f" ({', '.join(marks)})" if marks else ""


def effort_marks(record: SetRecord) -> list[str]:
    """["RPE 8", '"left hip tight"']: how hard the set was and its note, as said."""
    parts = []
    if record.rpe is not None:
        parts.append(f"RPE {record.rpe:g}")
    if record.rir is not None:
        parts.append(f"RIR {record.rir}")
    if record.note:
        parts.append(f'"{record.note}"')
    return parts


def _sets_text(records: Sequence[SetRecord]) -> str:
    """The sets of one session in words, in order, alike ones counted together:
    "2 sets of 10 x 62.5 kg, skipped" (with a multiplication sign)."""
    groups: list[tuple[str, int]] = []
    for record in records:
        text = _set_text(record)
        if groups and groups[-1][0] == text:
            groups[-1] = (text, groups[-1][1] + 1)
        else:
            groups.append((text, 1))
    parts = []
    for text, count in groups:
        if count == 1:
            parts.append(text)
        elif text.endswith("skipped"):
            parts.append(f"{count} {text}")
        else:
            parts.append(f"{count} sets of {text}")
    return ", ".join(parts)


# --- the table ------------------------------------------------------------------------


def table(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def sessions_table(rows: Sequence[SessionRow], unit: Unit) -> str:
    body = [["date", "session", "sets", "time", "reps", "volume"]]
    for row in reversed(rows):
        volume = row.volume_kg()
        body.append(
            [
                _when(row.started),
                row.session,
                row.sets_cell(),
                format_duration(row.seconds()),
                str(row.reps()),
                _number(in_unit(volume, unit), unit) if volume else "–",
            ]
        )
    return table(body, right=(2, 3, 4, 5))


def exercise_table(rows: Sequence[SessionRow], unit: Unit) -> str:
    body = [["date", "session", "sets (reps × load)", "top load", "volume"]]
    for row in reversed(rows):
        top = row.top_kg()
        volume = row.volume_kg()
        body.append(
            [
                _when(row.started),
                row.session,
                _sets_text(row.records),
                _number(in_unit(top, unit), unit) if top is not None else "–",
                _number(in_unit(volume, unit), unit) if volume else "–",
            ]
        )
    return table(body, right=(3, 4))


# --- the chart ------------------------------------------------------------------------


def chart(rows: Sequence[SessionRow], unit: Unit, with_top: bool, colour: bool) -> str:
    """Top load (when asked and known) and volume per session, stacked, as text."""
    import plotext as plt  # type: ignore[import-untyped]

    # One place per session, the same in every panel, labelled with its day: a time axis
    # would crowd days with several sessions and stretch long breaks.
    places = list(range(1, len(rows) + 1))
    starts = [row.started.astimezone() for row in rows]
    tops = [row.top_kg() for row in rows]
    weighed = any(row.volume_kg() for row in rows)
    panels: list[tuple[str, list[float], bool]] = []
    if with_top and any(t is not None for t in tops):
        panels.append((f"Top load ({unit})", [in_unit(t or 0.0, unit) for t in tops], False))
    if weighed:
        panels.append(
            (f"Volume ({unit}, reps × load)", [in_unit(r.volume_kg(), unit) for r in rows], True)
        )
    else:
        panels.append(("Reps", [float(r.reps()) for r in rows], True))
    width = max(40, min(100, shutil.get_terminal_size((80, 24)).columns))
    figure = plt.figure
    figure.clear()
    if len(panels) > 1:
        figure.subplots(len(panels), 1)
    figure.plot_size(width, 12 * len(panels))
    labelled = label_places(len(rows), width)
    # A label on the same day as the label before it gives the time: no date twice.
    days = [
        f"{starts[i - 1]:%H:%M}"
        if k and starts[i - 1].date() == starts[labelled[k - 1] - 1].date()
        else f"{starts[i - 1]:%Y-%m-%d}"
        for k, i in enumerate(labelled)
    ]
    # Round values on the y axes, their labels all as wide, so the panels line up.
    y_ticks = [
        nice_ticks(max(values)) if bars else span_ticks(min(values), max(values))
        for _, values, bars in panels
    ]
    y_width = max(len(_number(t)) for ticks in y_ticks for t in ticks)
    for n, (title, values, bars) in enumerate(panels, start=1):
        plot = figure.subplot(n, 1) if len(panels) > 1 else figure
        if bars:
            signal = plot.bar(places, values)
        else:
            signal = plot.signal(places, values, marker="braille")
            signal.lines()
        plot.draw(signal)
        ticks = y_ticks[n - 1]
        plot.ruler("y").lim(ticks[0], ticks[-1])
        plot.ruler("y").ticks(ticks, [_number(t).rjust(y_width) for t in ticks])
        plot.ruler("x").lim(0.5, len(rows) + 0.5)
        plot.ruler("x").ticks(labelled, days)
        plot.title(title)
    text: str = figure.build().string(colorless=not colour)
    return text.rstrip() + "\n"


def label_places(count: int, width: int, label: int = 10) -> list[int]:
    """Which of the sessions 1..count get their date under the axis: as many as fit in
    `width` columns (a label and a gap each), evenly spread, always the first and last."""
    room = max(1, (width - 6) // (label + 3))
    if count <= room:
        return list(range(1, count + 1))
    if room == 1:
        return [count]
    step = (count - 1) / (room - 1)
    return sorted({1 + round(i * step) for i in range(room)})


def span_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values around `low`..`high`: 60, 62.5, 65, 67.5 for loads of 60 to 67.5."""
    if high <= low:
        return [low - 1, low, low + 1] if low else [0.0, 1.0]
    rough = (high - low) / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    first = math.floor(low / step)
    return [step * i for i in range(first, math.ceil(high / step) + 1)]


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least `top`: 0, 500, 1000, ... rather than 6.4e2."""
    if top <= 0:
        return [0.0, 1.0]
    rough = top / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    return [step * i for i in range(math.ceil(top / step) + 1)]


# --- the command ----------------------------------------------------------------------


def _open(warn: bool) -> HistoryStore | None:
    try:
        store = open_history(user_data_dir(), create=False)
    except HistoryError as exc:
        raise CheckFailed(str(exc)) from None
    if store is not None and warn:
        for warning in store.warnings:
            print(f"coach: {warning}", file=sys.stderr)
    if store is not None:
        _move_pending_in(store)
    return store


def _move_pending_in(store: HistoryStore) -> None:
    """Sets a workout had to keep beside the history go in before anything is shown."""
    path = pending_path(user_data_dir())
    try:
        moved = move_in(path, store)
    except HistoryError as exc:
        print(f"coach: the sets kept in {path} are not shown yet: {exc}", file=sys.stderr)
        return
    except OSError as exc:
        print(f"coach: cannot read {path} ({exc.strerror or exc})", file=sys.stderr)
        return
    if moved is not None and (moved.count or moved.unreadable):
        print(f"coach: {moved.describe()}", file=sys.stderr)


def _pick_exercise(name: str, store: HistoryStore) -> tuple[str, str | None]:
    """(exercise id, title or None) that `name` means; UsageError when it means none."""
    wanted = name.strip().lower()
    recorded = store.exercises()
    known = sorted(set(recorded) | set(builtin_library()))
    if wanted in known:
        return wanted, None
    titles = {r.title.lower(): r for r in store.sets() if r.title}
    if wanted in titles:
        record = titles[wanted]
        return record.exercise, record.title
    guess = difflib.get_close_matches(wanted, known + list(titles), n=1)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    listed = ", ".join(recorded) or "none yet"
    raise UsageError(f"no exercise called '{name}'{hint}; exercises with a history: {listed}")


def write_csv(records: Sequence[SetRecord]) -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for r in records:
        out.writerow(
            [
                r.id,
                r.started.astimezone().isoformat(timespec="seconds"),
                r.ended.astimezone().isoformat(timespec="seconds"),
                f"{r.seconds:.1f}",
                r.session_name,
                r.session_path,
                r.run_id,
                r.exercise,
                r.variation or "",
                r.title,
                abs(r.set_no),
                r.side or "",
                r.reps_planned,
                r.reps_done,
                r.rounds_planned,
                r.rounds_done,
                str(r.load),
                "" if r.load.amount is None else f"{r.load.amount:g}",
                r.load.unit or "",
                int(r.skipped),
                int(r.corrected),
                int(r.warmup),
                "" if r.rpe is None else f"{r.rpe:g}",
                "" if r.rir is None else r.rir,
                r.note,
            ]
        )


def run(args: argparse.Namespace) -> int:
    if args.import_file is not None:
        return import_command(args)
    if args.edit is not None or args.delete is not None or args.undo:
        return change(args)
    if args.last < 1:
        raise UsageError(f"--last {args.last} must be at least 1")
    store = _open(warn=True)
    since = datetime.combine(args.since, time()).astimezone() if args.since else None
    if store is None:
        if args.csv:
            write_csv([])
            return 0
        print(
            "No workouts recorded yet. Every set is saved as you train: "
            "start one with `coach run SESSION`."
        )
        return 0
    try:
        exercise, title = _pick_exercise(args.exercise, store) if args.exercise else (None, None)
        records = store.sets(exercise, since)
        notes = run_notes(store, since)
    except HistoryError as exc:
        raise CheckFailed(str(exc)) from None
    finally:
        store.close()
    path = store.path
    if title is not None:
        records = [r for r in records if r.title == title]
    if args.csv:
        write_csv(records)
        return 0
    if args.records:
        print(records_text(records), end="")
        return 0
    if not records:
        what = f"of {title or exercise} " if exercise else ""
        when = f" since {args.since:%Y-%m-%d}" if args.since else ""
        print(f"No sets {what}recorded{when} yet.")
        return 0
    rows = by_run(records)
    unit = display_unit(records)
    shown = rows[-args.last :]
    if exercise:
        name = title or next((r.title for r in records if r.exercise == exercise), exercise)
        print(f"{name}: {_count(shown, rows)}, newest first\n")
        print(exercise_table(shown, unit))
    else:
        print(f"{_count(shown, rows).capitalize()}, newest first\n")
        print(sessions_table(shown, unit))
    notes_text = session_notes_text(shown, notes)
    if notes_text:
        print(f"\n{notes_text}")
    if not args.no_chart:
        print()
        if len(rows) < 2:
            print("The chart starts after the second session.")
        else:
            colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
            try:
                sys.stdout.write(chart(rows, unit, with_top=exercise is not None, colour=colour))
            except Exception as exc:  # a drawing library problem must not hide the table
                print(f"coach: the chart could not be drawn ({exc})", file=sys.stderr)
    if not exercise:
        print(f"\nOne exercise over time: coach history EXERCISE ({', '.join(_ids(records))})")
    print(f"History file: {path}")
    return 0


def records_text(records: Sequence[SetRecord]) -> str:
    """`--records`: each exercise's personal records, exercises by name."""
    found = [b for b in bests(records).values() if b.lifts]
    if not found:
        return "No records yet: they come from sets done with a load in kg or lb.\n"
    lines = [
        f"Personal records ({len(found)} exercise{'s' if len(found) != 1 else ''}); "
        f"estimated 1RM by the Epley formula, from sets of 1 to {E1RM_MAX_REPS} reps",
    ]
    for best in sorted(found, key=lambda b: b.title.lower()):
        lines += ["", f"{best.title} ({best.exercise})"]
        if best.e1rm is not None:
            kg, lift = best.e1rm
            e1rm = _number(in_unit(kg, best.unit), best.unit)
            lines.append(
                f"  estimated 1RM  {e1rm}, from {lift.reps} × {lift.load} "
                f"on {lift.when.astimezone():%Y-%m-%d}"
            )
        maxes = " · ".join(
            f"{reps} rep{'s' if reps != 1 else ''}: {lift.load}" for reps, lift in best.rep_maxes()
        )
        lines.append(f"  heaviest for  {maxes}")
        most = " · ".join(f"{load}: {lift.reps}" for load, lift in best.reps_at_loads())
        lines.append(f"  most reps at  {most}")
        if best.volume is not None:
            volume = best.volume
            lines.append(
                f"  best volume   {_number(in_unit(volume.kg, best.unit), best.unit)} "
                f"on {volume.when.astimezone():%Y-%m-%d} ({volume.session})"
            )
    return "\n".join(lines) + "\n"


def run_notes(store: HistoryStore, since: datetime | None) -> dict[int, str]:
    """Run id → what was said of the session as a whole."""
    return {run.id: run.note for run in store.runs(since) if run.note}


def session_notes_text(rows: Sequence[SessionRow], notes: dict[int, str]) -> str:
    """ "Session notes:" and a line per session shown that has one, newest first."""
    lines = [
        f"  {_when(row.started)}  {row.session}: {notes[run_id]}"
        for row in reversed(rows)
        if (run_id := row.records[0].run_id) in notes
    ]
    return "\n".join(["Session notes:", *lines]) if lines else ""


def _ids(records: Sequence[SetRecord]) -> list[str]:
    return sorted({r.exercise for r in records})


def _count(shown: Sequence[SessionRow], rows: Sequence[SessionRow]) -> str:
    many = "session" if len(rows) == 1 else "sessions"
    if len(shown) == len(rows):
        return f"{len(rows)} {many}"
    return f"the last {len(shown)} of {len(rows)} {many}"


# --- changing the log after the fact --------------------------------------------------

UNDO_HINT = "`coach history --undo` brings it back as it was"


def change(args: argparse.Namespace) -> int:
    """--edit, --delete or --undo: one change to one set, said in one line."""
    asked = "--edit" if args.edit is not None else "--delete" if args.delete else "--undo"
    if args.exercise or args.csv or args.since:
        raise UsageError(
            f"{asked} works on one set by its id; leave out EXERCISE, --csv and --since"
        )
    store = _open(warn=True)
    if store is None:
        raise CheckFailed(f"no workouts recorded yet: there is nothing to {asked[2:]}")
    try:
        if args.edit is not None:
            if len(args.edit) < 2:
                raise UsageError(
                    "--edit needs a set id and what was done, like: "
                    'coach history --edit 12 "8 @ 57.5 kg"'
                )
            print(_edit(store, _set_id(args.edit[0]), " ".join(args.edit[1:]), args.yes))
        elif args.delete is not None:
            set_id = _set_id(args.delete)
            gone = store.delete_set(set_id)
            if gone is None:
                raise CheckFailed(_no_such_set(set_id))
            print(f"Deleted {_which(gone)}: {_what(gone)}. {UNDO_HINT}.")
        else:
            undone = store.undo()
            if undone is None:
                raise CheckFailed("nothing to undo: no --edit or --delete is left on record")
            print(
                f"{_which(undone.record)} is back as it was before --{undone.kind}: "
                f"{_what(undone.record)}."
            )
    except HistoryError as exc:
        raise CheckFailed(str(exc)) from None
    finally:
        store.close()
    return 0


def _set_id(text: str) -> int:
    if not text.strip().isdigit() or int(text) < 1:
        raise UsageError(
            f'"{text}" is not a set id; the id column of `coach history --csv` gives them'
        )
    return int(text)


def _no_such_set(set_id: int) -> str:
    return f"no set has id {set_id}; the id column of `coach history --csv` lists them"


def _planned(record: SetRecord) -> Load | None:
    try:
        load = parse_load(record.planned_load) if record.planned_load else None
    except LoadError:
        return None
    return load if load is not None and load.amount is not None else None


def corrected(record: SetRecord, correction: Correction) -> SetRecord:
    """`record` as `correction` says it was done. The number counts rounds for an
    interval block, reps otherwise; a number above 0 makes a skipped set done; 0 is
    recorded as 0."""
    changed = record
    if correction.reps_done is not None:
        if record.rounds_planned:
            changed = replace(changed, rounds_done=correction.reps_done)
        else:
            changed = replace(changed, reps_done=correction.reps_done)
        if record.skipped and correction.reps_done > 0:
            changed = replace(changed, skipped=False)
    if correction.load is not None:
        changed = replace(changed, load=correction.load)
    if correction.rpe is not None:
        changed = replace(changed, rpe=correction.rpe)
    if correction.rir is not None:
        changed = replace(changed, rir=correction.rir)
    if correction.note is not None:
        changed = replace(changed, note=correction.note)
    return replace(changed, corrected=True)


def _edit(store: HistoryStore, set_id: int, text: str, sure: bool) -> str:
    record = store.set_by_id(set_id)
    if record is None:
        raise CheckFailed(_no_such_set(set_id))
    planned = _planned(record)
    unit = planned.unit if planned is not None else record.load.unit
    try:
        correction = parse_correction(text, unit)
    except CorrectionError as exc:
        raise UsageError(str(exc).replace("Enter keeps it; or type", "Type")) from None
    if correction.empty:
        raise UsageError(f"--edit {set_id} needs what was done: {_TYPE_HELP}")
    if record.skipped and correction.says_done and not correction.reps_done:
        raise CheckFailed(
            f"{_which(record)} was skipped; to record it as done, give what was done, "
            f'like "8" or "8 @ {record.planned_load or "60 kg"}"'
        )
    if correction.load is not None and not sure:
        reason = implausible(planned, correction.load)
        if reason is not None:
            raise CheckFailed(f"not changed: {reason}; if that is right, add --yes")
    new = store.edit_set(corrected(record, correction))
    return f"{_which(new)} now says {_what(new)} (it said {_what(record)}). {UNDO_HINT}."


_TYPE_HELP = CORRECTION_HELP.replace("Enter keeps it; or type", "type")


def _which(record: SetRecord) -> str:
    side = f" {record.side}" if record.side else ""
    return (
        f"Set {record.id} ({record.title or record.exercise}, "
        f"{'warm-up' if record.warmup else 'set'} {abs(record.set_no)}{side}, "
        f"{record.session_name} {_when(record.started)})"
    )


def _what(record: SetRecord) -> str:
    if record.skipped:
        return "skipped"
    if record.rounds_planned:
        done = f"{record.rounds_done} of {record.rounds_planned} rounds"
    else:
        done = f"{record.reps_done} {'rep' if record.reps_done == 1 else 'reps'}"
    done = f"{done} @ {record.load}" if str(record.load) else done
    return done + effort_text(record)


# --- bringing in another log -----------------------------------------------------------


def add_import_arguments(
    parser: argparse.ArgumentParser, group: argparse._MutuallyExclusiveGroup
) -> None:
    group.add_argument(
        "--import",
        dest="import_file",
        metavar="FILE",
        help="add the workouts in a Strong or Hevy CSV export, or in coach's own --csv; "
        "a second import of the same file adds nothing",
    )
    parser.add_argument(
        "--unit",
        choices=("kg", "lb"),
        default="kg",
        help="with --import: the unit of a Strong export's weights (its comma layout does "
        "not say; default kg)",
    )


def import_command(args: argparse.Namespace) -> int:
    """--import FILE: read it whole, then add what is new in one transaction."""
    from pathlib import Path

    from coach.services.importing import ImportFailed, import_file

    if args.exercise or args.csv or args.since:
        raise UsageError("--import reads a whole file; leave out EXERCISE, --csv and --since")
    try:
        store = open_history(user_data_dir(), create=True)
    except HistoryError as exc:
        raise CheckFailed(str(exc)) from None
    assert store is not None
    for warning in store.warnings:
        print(f"coach: {warning}", file=sys.stderr)
    try:
        done = import_file(Path(args.import_file).expanduser(), store, args.unit)
    except ImportFailed as exc:
        raise CheckFailed(f"{exc}; nothing was imported") from None
    except HistoryError as exc:
        raise CheckFailed(f"{exc}; nothing was imported") from None
    finally:
        store.close()
    for line in done.describe():
        print(line)
    return 0
