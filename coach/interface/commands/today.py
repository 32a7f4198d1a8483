"""`coach today [PROGRAM]`: run the session a program has next, as `coach run` does."""

from __future__ import annotations

import argparse
import sys

from coach.domain.programs import DAY_NAMES
from coach.interface.cli import SUMMARY, CheckFailed, UsageError
from coach.interface.commands import run as run_command
from coach.interface.commands.plan import load_named
from coach.services.programs import choose, program_files, read_runs, standings, why_today


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "today",
        help=SUMMARY["today"],
        description="Run the session a program has next (see `coach program`), in a deload "
        "week at its lighter loads. PROGRAM is a program's file name or name; without it, "
        "the only program, or the one trained most recently. Takes `coach run`'s options.",
    )
    parser.add_argument("program", nargs="?", metavar="PROGRAM", help="which program")
    run_command.add_run_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    found = program_files()
    runs, warning = read_runs()
    if warning:
        print(f"coach: {warning}", file=sys.stderr)
    broken = [p for p in found if p.loaded is None and args.program in (None, p.key)]
    if broken and broken[0].error is not None and args.program is not None:
        raise CheckFailed("\n".join(broken[0].error.lines()))
    try:
        item = choose(standings(found, runs), runs, args.program)
    except LookupError as exc:
        raise UsageError(str(exc)) from None
    if not item.is_today:
        today = DAY_NAMES[item.today.weekday()]
        raise CheckFailed(
            f"{item.program.name} has no session left for today ({today}); next is "
            f"{item.next.key} on {DAY_NAMES[item.on.weekday()]}. "
            f"`coach run {item.next.key}` runs it now"
        )
    loaded = load_named(str(item.next.path))
    print(f"coach: {why_today(item)} → {item.next.key}", file=sys.stderr)
    args.programs = {item.next.path: item}
    if args.plain:
        from coach.interface.plain import run_plain_command

        return run_plain_command(loaded, args)
    return run_command.run_app(args, session=loaded)
