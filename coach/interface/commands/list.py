"""`coach list`: every session found, where it lives, and how long it takes."""

from __future__ import annotations

import argparse

from coach.domain.durations import describe_duration
from coach.domain.problems import shown_path
from coach.interface.cli import SUMMARY
from coach.services.catalog import is_program_file, list_sessions, user_files
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
    refs = list_sessions()
    width = max((len(shown_path(r.key)) for r in refs), default=4)
    for ref in refs:
        if ref.timeline is not None:
            length = length_text(ref.timeline.total_seconds, ref.timeline.estimated)
            title = ref.title
        else:
            length = "-"
            first = ref.error.problems[0].message if ref.error and ref.error.problems else ""
            count = len(ref.error.problems) if ref.error else 0
            where = shown_path(ref.key)
            more = f" (and {count - 1} more: coach validate {where})" if count > 1 else ""
            title = f"cannot be used: {first}{more}"
        print(f"{shown_path(ref.key):<{width}}  {length:>9}  {ref.origin:<7}  {title}")
    programs = [p.stem for p in user_files() if is_program_file(p)]
    print()
    if programs:
        print(f"programs: {', '.join(programs)} (coach program shows where each stands)")
    print(f"bundled: {bundled_sessions_dir()}")
    print(f"yours:   {user_sessions_dir()}" + ("" if user_sessions_dir().is_dir() else " (empty)"))
    print("~ marks an estimate: manual sets are counted at 3 s a rep.")
    return 0
