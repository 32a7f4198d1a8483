"""`coach schema`: the JSON Schema of a session file, for editors and other tools."""

from __future__ import annotations

import argparse
import sys

from coach.interface.cli import SUMMARY, CheckFailed
from coach.services.schema_file import (
    ensure_user_program_schema,
    ensure_user_schema,
    program_schema_text,
    schema_text,
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "schema",
        help=SUMMARY["schema"],
        description="Print the JSON Schema that session files follow, for pointing an "
        "editor or a checker at it. With --path, print where the copy in your sessions "
        "folder is (writing or refreshing it first).",
    )
    parser.add_argument(
        "--path", action="store_true", help="print the path of your copy instead of the schema"
    )
    parser.add_argument(
        "--program",
        action="store_true",
        help="the schema of program files (sessions in rotation or by weekday) instead",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.path:
        sys.stdout.write(program_schema_text() if args.program else schema_text())
        return 0
    try:
        path = ensure_user_program_schema() if args.program else ensure_user_schema()
    except OSError as exc:
        raise CheckFailed(f"cannot write the schema copy: {exc.strerror or exc}") from None
    print(path)
    return 0
