"""`coach validate SESSION...`: every problem in every file, then a summary, all on stdout
(like a linter, so a pipe keeps them in order)."""

from __future__ import annotations

import argparse

from coach.domain.loading import load_session
from coach.domain.problems import SessionFileError
from coach.domain.programs import load_program
from coach.interface.cli import SUMMARY, check_failed
from coach.services.catalog import SessionNotFound, is_program_file, resolve
from coach.services.programs import find_session
from coach.services.schema_file import refresh_user_schema


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "validate",
        help=SUMMARY["validate"],
        description="Check sessions: paths to .yaml files, or names from `coach list`. "
        "Prints PATH:LINE:COL: problem for every problem found, then a summary, on stdout. "
        "Exit status 1 when any is invalid.",
    )
    parser.add_argument(
        "files", nargs="+", metavar="SESSION", help="a .yaml file, or a name from `coach list`"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    refresh_user_schema()  # after an upgrade, editors check against the new rules
    bad = 0
    problems = 0
    for name in args.files:
        try:
            path = resolve(name)
            if is_program_file(path):  # a program in the sessions folder, checked as one
                load_program(path, find_session)
            else:
                load_session(path)
        except SessionNotFound as exc:
            check_failed()
            bad += 1
            problems += 1
            print(f"{name}: {exc}")
        except SessionFileError as exc:
            check_failed()
            bad += 1
            problems += len(exc.problems)
            for line in exc.lines():
                print(line)
    total = len(args.files)
    files = "file" if total == 1 else "files"
    if bad:
        plural = "s" if problems != 1 else ""
        print(f"{bad} of {total} {files} invalid ({problems} problem{plural})")
        return 1
    print(f"{total} {files} valid")
    return 0
