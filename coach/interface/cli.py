"""The `coach` command line: one parser, one module a command under `commands/`."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from coach import __version__
from coach.services.audio.settings import add_audio_arguments
from coach.services.speech.settings import add_voice_arguments

# Each module defines `register(subparsers)`, which adds its parser and sets
# `func(args) -> int` on it. Listed in the order `coach --help` shows them.
COMMANDS = (
    "run",
    "list",
    "validate",
    "plan",
    "new",
    "schema",
    "history",
    "sounds",
    "render",
    "program",
    "today",
    "serve",
)

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in how the command was called (exit status 2)."""


class CheckFailed(Exception):
    """A session file or a check failed (exit status 1); the message is for a person."""


class _CommandParser(argparse.ArgumentParser):
    """A command's own parser: an option it does not know is reported with its usage
    (`coach plan --bogus` shows `usage: coach plan ...`), not the top level's."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        parsed, extras = super().parse_known_args(args, namespace)
        if extras:
            self.error(f"unrecognized arguments: {' '.join(extras)}")
        assert parsed is not None
        return parsed, extras


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coach",
        description="A terminal workout coach. With no command, opens the session picker.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    add_audio_arguments(parser)  # for the picker: `coach --mute`
    add_voice_arguments(parser)  # and `coach --no-voice`
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    for name in COMMANDS:
        importlib.import_module(f"coach.interface.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from coach.interface.commands import pick

        func = pick.run
    else:
        func = args.func
    try:
        return int(func(args))
    except UsageError as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CheckFailed as exc:
        print(f"coach: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("coach: stopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `coach plan | head`: the reader went away; that is not an error.
        sys.stderr.close()
        return EXIT_OK
