"""`coach list`: every session found, where it lives, and how long it takes."""

from __future__ import annotations

import argparse

from coach.domain.durations import describe_duration
from coach.domain.problems import shown_path
from coach.interface.cli import SUMMARY
from coach.services.catalog import session_rows
from coach.services.paths import bundled_sessions_dir, user_sessions_dir
from coach.services.schema_file import refresh_user_schema


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser("list", help=SUMMARY["list"])
    parser.set_defaults(func=run)


def length_text(seconds: int, estimated: bool) -> str:
    text = describe_duration(seconds)
    return f"~{text}" if estimated else text


def run(args: argparse.Namespace) -> int:
    refresh_user_schema()  # so a session copied into the folder finds its schema
    rows, program_files = session_rows()
    width = max((len(shown_path(r.key)) for r in rows), default=4)
    yours = {r.key for r in rows if r.origin != "bundled"}
    for row in rows:
        found = row.finding
        if found.usable:
            length = length_text(found.total_seconds, found.estimated)
            title = found.title
        else:
            length = "-"
            problems = row.error.problems if row.error else []
            first = problems[0].message if problems else ""
            count = len(problems)
            where = shown_path(row.key)
            more = f" (and {count - 1} more: coach validate {where})" if count > 1 else ""
            title = f"cannot be used: {first}{more}"
        if row.origin == "bundled" and row.key in yours:
            title += f" (yours is the one `coach run {shown_path(row.key)}` runs)"
        print(f"{shown_path(row.key):<{width}}  {length:>9}  {row.origin:<7}  {title}")
    programs = [p.stem for p in program_files]
    print()
    if programs:
        print(f"programs: {', '.join(programs)} (coach program shows where each stands)")
        from coach.services.program_findings import program_problems

        for path, marked in program_problems(program_files).items():
            if marked:
                where = shown_path(path.stem)
                more = f" (and {len(marked) - 1} more)" if len(marked) > 1 else ""
                print(f"  {where} cannot be used: {marked[0][2]}{more}; coach validate {where}")
    print(f"bundled: {bundled_sessions_dir()}")
    print(f"yours:   {user_sessions_dir()}" + ("" if user_sessions_dir().is_dir() else " (empty)"))
    print("~ marks an estimate: manual sets are counted at 3 s a rep.")
    return 0
