"""The `coach` command line: one parser, one module a command under `commands/`.

A command's module is imported only when that command runs: `coach --help` lists every
command from the summaries below, and `coach list` loads what listing needs, not what a
workout does."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from coach import __version__
from coach.interface import collector
from coach.services.flags import add_audio_arguments, add_voice_arguments

# Each module defines `register(subparsers)`, which adds its parser (with the summary
# here as its help) and sets `func(args) -> int` on it. In the order `coach --help`
# shows them.
SUMMARY = {
    "run": "run a session: the full-screen coach, or --plain lines",
    "list": "list the sessions and their estimated length",
    "validate": "check session and program files",
    "plan": "show a session's timeline and total",
    "new": "write a commented starter session",
    "schema": "print the JSON Schema of session files",
    "history": "what was done, when, at what load; a chart over time",
    "sounds": "which audio backend is in use and why; plays every cue once",
    "render": "write the whole workout, cues and voice, as one WAV file",
    "program": "programs, where each stands, and the next session",
    "today": "run today's session of your program",
    "serve": "the coach in a web browser (a phone or tablet in the gym), sounds there too",
}
COMMANDS = tuple(SUMMARY)
_VALUED = ("--audio", "--volume")  # the top-level options that take a value

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in how the command was called (exit status 2)."""


class CheckFailed(Exception):
    """A session file or a check failed (exit status 1); the message is for a person."""


_failed = False


def check_failed() -> None:
    """A command found a problem it will end with status 1 for: said before it prints
    the problem, so that status stands even when the reader of its output leaves early
    (`coach validate x.yaml | head -1`)."""
    global _failed
    _failed = True


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


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv`: every command's when `argv` is None, else just enough to
    parse it (the command it names in full, the others by name and summary)."""
    parser = argparse.ArgumentParser(
        prog="coach",
        description="A terminal workout coach. With no command, opens the session picker.",
    )
    parser.add_argument("--version", action="version", version=f"coach {__version__}")
    add_audio_arguments(parser)  # for the picker: `coach --mute`
    add_voice_arguments(parser)  # and `coach --no-voice`
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_CommandParser)
    wanted = COMMANDS if argv is None else _command_in(argv)
    for name in COMMANDS:
        if name in wanted:
            importlib.import_module(f"coach.interface.commands.{name}").register(sub)
        else:  # named in the help; its module stays unloaded
            sub.add_parser(name, help=SUMMARY[name], add_help=False)
    return parser


def _command_in(argv: Sequence[str]) -> tuple[str, ...]:
    """The command `argv` names (as a 0- or 1-tuple): its first word past the options."""
    args = iter(argv)
    for word in args:
        if word == "--":
            break
        if word.startswith("-"):
            if "=" not in word and len(word) > 2 and any(o.startswith(word) for o in _VALUED):
                next(args, None)  # `--audio bell`: the value is not the command
            continue
        return (word,) if word in SUMMARY else ()
    return ()


# The commands that paint a screen let the cycle collector go once it is up.
PAINTING = frozenset({None, "run", "today"})


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # the program itself, not a test calling in
        collector.hold()
    try:
        return _main(sys.argv[1:] if argv is None else list(argv))
    finally:
        collector.started()


def _main(words: list[str]) -> int:
    global _failed
    _failed = False
    parser = build_parser(words)
    args = parser.parse_args(words)
    if args.command is None:
        from coach.interface.commands import pick

        func = pick.run
    else:
        func = args.func
    if args.command not in PAINTING or getattr(args, "plain", False):
        collector.started()
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
        # `coach plan | head`: the reader went away; that is not an error. A problem
        # the command had found before still is.
        sys.stderr.close()
        return EXIT_INVALID if _failed else EXIT_OK
