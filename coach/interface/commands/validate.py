"""`coach validate FILE...`: every problem in every file, then a summary."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coach.domain.loading import load_session
from coach.domain.problems import SessionFileError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "validate",
        help="check session files",
        description="Check session files. Prints PATH:LINE:COL: problem for every problem "
        "found, then a summary. Exit status 1 when any file is invalid.",
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="session files (.yaml)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    bad = 0
    problems = 0
    for name in args.files:
        try:
            load_session(Path(name))
        except SessionFileError as exc:
            bad += 1
            problems += len(exc.problems)
            for line in exc.lines():
                print(line)
    total = len(args.files)
    files = "file" if total == 1 else "files"
    if bad:
        print(
            f"{bad} of {total} {files} invalid ({problems} problem{'s' if problems != 1 else ''})",
            file=sys.stderr,
        )
        return 1
    print(f"{total} {files} valid")
    return 0
