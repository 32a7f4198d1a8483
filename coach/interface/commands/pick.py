"""`coach` with no command: the session picker, then the workout chosen."""

from __future__ import annotations

import argparse

from coach.interface.commands.run import run_app


def run(args: argparse.Namespace) -> int:
    return run_app(args)
