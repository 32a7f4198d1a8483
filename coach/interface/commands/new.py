"""`coach new NAME`: a commented starter session in the user's sessions folder."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from coach.interface.cli import SUMMARY, CheckFailed, UsageError
from coach.services.catalog import SUFFIXES
from coach.services.paths import bundled_sessions_dir, user_sessions_dir
from coach.services.schema_file import MODELINE, ensure_user_schema

STARTER = Path(__file__).resolve().parent.parent / "starter.yaml"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,60}$")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "new",
        help=SUMMARY["new"],
        description="Write a commented starter session into your sessions folder.",
    )
    parser.add_argument("name", metavar="NAME", help="a short name, used as the file name")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    name = args.name.strip()
    if not _NAME.match(name) or name.endswith((".yaml", ".yml")):
        raise UsageError(
            f"'{args.name}' is not a usable session name; use letters, digits, spaces, - or _ "
            "(no folder, no .yaml)"
        )
    key = re.sub(r"\s+", "-", name.lower())
    folder = user_sessions_dir()
    path = folder / f"{key}.yaml"
    if path.exists() and not args.force:
        raise CheckFailed(f"{path} already exists; edit it, or add --force to start it afresh")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ensure_user_schema()  # the modeline names it relative to the session
        text = STARTER.read_text(encoding="utf-8")
        for field, value in (
            ("{modeline}", MODELINE),
            ("{path}", str(path)),
            ("{key}", key),
            ("{title}", name),
        ):
            text = text.replace(field, value)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CheckFailed(f"cannot write {path}: {exc.strerror or exc}") from None
    print(f"wrote {path}")
    print(f"edit it, then: coach validate {path}  ·  coach run {key}")
    bundled = [p for p in (bundled_sessions_dir() / f"{key}{s}" for s in SUFFIXES) if p.is_file()]
    if bundled:  # yours takes the name from now on: say so, rather than let it surprise
        print(f"note: coach comes with a session called {key} too; `coach run {key}` now runs")
        print(f"yours, and {bundled[0]} still runs by its path")
    return 0
