"""`coach program`: each program in the sessions folder, where it stands, and what is next."""

from __future__ import annotations

import argparse
import sys

from coach.domain.problems import shown_path
from coach.domain.programs import DAY_NAMES, Standing
from coach.interface.cli import SUMMARY, check_failed
from coach.services.paths import user_sessions_dir
from coach.services.programs import program_files, read_runs, standings

EXAMPLE = """\
program: Posterior chain, two days
rotation: [lower-a, lower-b]     # names from `coach list`, or paths relative to this file
deload: {every: 4, load: 90%}    # optional: every 4th week at 90% of the usual loads"""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "program",
        help=SUMMARY["program"],
        description="Every program in your sessions folder (a .yaml file that starts with "
        "program: NAME): its sessions, which week it is in, what was done last and what "
        "comes next. `coach today` runs the next one.",
    )
    parser.set_defaults(func=run)


def describe(item: Standing) -> list[str]:
    """A program's standing as indented lines under its name."""
    lines = [f"  {item.program.describe()}"]
    week = f"week {item.week}"
    if item.last is None:
        lines.append(f"  {week}; nothing done yet")
    else:
        last = next(
            (s.key for s in item.program.slots if str(s.path) == item.last.session_path), "?"
        )
        lines.append(f"  {week}; last: {last} on {item.last.day:%a %d %b %Y}")
    when = "today" if item.is_today else f"{DAY_NAMES[item.on.weekday()]} {item.on:%d %b}"
    lines.append(f"  next: {item.next.key} ({when}): {item.reason}")
    if item.deload is not None:
        lines.append(f"  deload week: today's loads at {item.deload:.0%} of the usual ones")
    return lines


def run(args: argparse.Namespace) -> int:
    found = program_files()
    if not found:
        print(f"No programs in {user_sessions_dir()}. A program is a .yaml file there like:\n")
        print(EXAMPLE)
        return 0
    runs, warning = read_runs()
    if warning:
        print(f"coach: {warning}", file=sys.stderr)
    standing = {item.program.path: item for item in standings(found, runs)}
    if any(program.loaded is None for program in found):
        check_failed()  # before a line is printed: see check_failed
    bad = 0
    for n, program in enumerate(found):
        if n:
            print()
        if program.loaded is None:
            bad += 1
            print(f"{shown_path(program.key)}: cannot be used")
            for line in program.error.lines() if program.error else []:
                print(f"  {line}")
            continue
        print(f"{program.loaded.name}  ({shown_path(program.path.name)})")
        for line in describe(standing[program.path]):
            print(line)
    return 1 if bad else 0
