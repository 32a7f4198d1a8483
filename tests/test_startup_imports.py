"""`coach --help` starts light: it loads no command module, and none of pydantic, YAML,
sqlite3, Textual or the audio backends (checked in a fresh interpreter); nor do
`coach list` and `coach plan` of files that did not change since they were checked."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from coach.interface.cli import COMMANDS, build_parser

HEAVY = ("pydantic", "yaml", "sqlite3", "textual", "rich", "coach.services.audio")

LOADED = """
import contextlib, json, sys
from coach.interface.cli import main
with contextlib.redirect_stdout(open("/dev/null", "w")), contextlib.suppress(SystemExit):
    main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(*argv: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", LOADED, *argv], capture_output=True, text=True, check=True
    ).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


@pytest.mark.parametrize("argv", [["--help"], ["--mute", "--audio", "bell", "--help"]])
def test_help_loads_nothing_heavy(argv):
    loaded = _modules_after(*argv)
    heavy = [m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert heavy == []
    assert [m for m in loaded if m.startswith("coach.interface.commands.")] == []


@pytest.mark.parametrize("argv", [["list"], ["plan", "posterior-chain"]])
def test_list_and_plan_of_unchanged_files_load_no_yaml_nor_models(argv):
    # The first run checks the files (YAML, pydantic) and keeps what it found in the
    # cache folder (the test's own); the next finds the files unchanged.
    assert "pydantic" in _modules_after(*argv)
    loaded = _modules_after(*argv)
    heavy = [m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert heavy == []
    assert [m for m in loaded if m.startswith("coach.domain.models")] == []


def test_list_with_programs_of_unchanged_files_loads_no_yaml_nor_models(user_folders):
    # Programs are checked against the sessions they name; that too is kept.
    folder = user_folders / "sessions"
    folder.mkdir(parents=True)
    (folder / "plan-a.yaml").write_text("program: A\nrotation: [posterior-chain]\n")
    (folder / "plan-b.yaml").write_text("program: B\nrotation: [nosuch]\n")
    settled_now = "import coach.services.session_cache as kept; kept.SETTLE_NS = 0\n"

    def modules() -> list[str]:
        out = subprocess.run(
            [sys.executable, "-c", settled_now + LOADED, "list"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return list(json.loads(out.strip().splitlines()[-1]))

    assert "coach.domain.programs" in modules()  # checked, and kept
    loaded = modules()
    heavy = [m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY)]
    assert heavy == []
    assert [
        m for m in loaded if m.startswith(("coach.domain.models", "coach.domain.programs"))
    ] == []


def test_a_session_loaded_before_needs_no_yaml():
    # What `coach run` loads: the models (pickled), neither YAML nor pydantic's plugins.
    argv = ("plan", "--json", "posterior-chain")
    assert "yaml" in _modules_after(*argv)
    loaded = _modules_after(*argv)
    assert "coach.domain.models" in loaded
    assert [m for m in loaded if m == "yaml" or m.startswith(("yaml.", "importlib.metadata"))] == []


def test_a_command_loads_its_own_module_alone():
    loaded = _modules_after("schema", "--help")
    commands = [m for m in loaded if m.startswith("coach.interface.commands.")]
    assert commands == ["coach.interface.commands.schema"]


def test_the_short_help_lists_every_command_as_the_full_parser_does():
    light = build_parser(["--help"]).format_help()
    full = build_parser().format_help()
    assert light == full
    for name in COMMANDS:
        assert f"    {name} " in light


@pytest.mark.parametrize("name", COMMANDS)
def test_each_command_gets_its_own_parser_when_named(name):
    # Its own options are known: --help of that command is the module's, not a stub's.
    parser = build_parser(["--audio", "bell", name])
    full = build_parser()
    assert _sub_help(parser, name) == _sub_help(full, name)


def _sub_help(parser, name):
    for action in parser._actions:
        if hasattr(action, "choices") and isinstance(action.choices, dict):
            return action.choices[name].format_help()
    raise AssertionError("no subcommands")
