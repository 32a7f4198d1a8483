"""The cycle collector is held off while coach starts, and let go once it has started:
a command that paints no screen gets it back before it runs, the app at its first frame."""

from __future__ import annotations

import gc
import sys

import pytest
from fixtures.appkit import build, settle

from coach.interface import cli, collector
from coach.interface.screens.workout import WorkoutScreen


@pytest.fixture
def held():
    """Hold the collector as the program does, and leave it as it was afterwards."""
    assert gc.isenabled() and not collector.holding()
    yield collector.hold
    collector.started()
    gc.unfreeze()  # the test process lives on: what start-up froze may go again
    assert gc.isenabled()


def test_holding_turns_the_collector_off_until_started(held):
    held()
    assert not gc.isenabled() and collector.holding()
    before = gc.get_freeze_count()
    collector.started()
    assert gc.isenabled() and not collector.holding()
    assert gc.get_freeze_count() > before  # what start-up made is out of its sight
    collector.started()  # a second time changes nothing
    assert gc.isenabled()


def test_a_collector_someone_else_turned_off_stays_off():
    gc.disable()
    try:
        collector.hold()
        collector.started()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_only_the_program_itself_holds_it(monkeypatch, capsys):
    """A test (or anything) calling main() with words leaves the collector alone."""
    seen = []
    monkeypatch.setattr(collector, "hold", lambda: seen.append("held"))
    assert cli.main(["schema"]) == 0
    assert seen == []
    capsys.readouterr()


@pytest.mark.parametrize(
    ("words", "during"),
    [(["schema"], True), (["run", "x", "--plain"], True), (["run", "x"], False)],
)
def test_a_command_without_a_screen_runs_with_the_collector_on(held, monkeypatch, words, during):
    """The program's main() holds it; it is let go before a command that paints no screen
    (and a plain run) begins, but not before the app, which lets go at its first frame.
    Whatever happens, it is on again once main() returns."""
    seen = []

    def command(args):
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(sys, "argv", ["coach", *words])
    import coach.interface.commands.run as run_command
    import coach.interface.commands.schema as schema_command

    monkeypatch.setattr(run_command, "run", command)
    monkeypatch.setattr(schema_command, "run", command)
    monkeypatch.setattr(collector, "hold", held)
    assert cli.main() == 0
    assert seen == [during]
    assert gc.isenabled()


async def test_the_app_lets_go_at_its_first_workout_frame(clock, held):
    app = build(clock)
    held()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WorkoutScreen)
        assert gc.isenabled() and not collector.holding()
