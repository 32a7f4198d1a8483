"""The summary screen corrects any set of the run (both sides of a per-side set, the last
set too, an implausible load asked again), and a correction dialog lives only as long as
its rest: the key meant for the workout never lands in it."""

from __future__ import annotations

from pathlib import Path

from fixtures.appkit import FakeStarter, RecordingJournal, advance, build, screen_text, settle

from coach.domain.loading import load_session
from coach.interface.app import make_app
from coach.interface.screens.correct import CorrectScreen
from coach.interface.screens.summary import SummaryScreen
from coach.interface.screens.workout import WorkoutScreen

SIZE = (100, 30)

SIDES_THEN_COUNTED = """\
name: Sides
about: A per-side manual set, then a counted set last.
defaults:
  get_ready: 0
  rest_after: 0
exercises:
  - exercise: romanian-deadlift
    sets: 1
    reps: 6
    load: 12 kg
    per_side: true
    switch: 0
  - exercise: hip-thrust
    sets: 1
    reps: 1
    load: 80 kg
    tempo: 1-0-1-0
"""


def sides_app(clock, tmp_path: Path, journal: RecordingJournal):
    path = tmp_path / "sides.yaml"
    path.write_text(SIDES_THEN_COUNTED)
    return make_app(
        session=load_session(path),
        sessions=[],
        clock=clock,
        starter=FakeStarter(journal=journal),
    )


async def correct_on_summary(pilot, app, row: int, text: str) -> None:
    chosen = app.screen.query_one("#summary-sets")
    chosen.highlighted = row
    await pilot.pause()
    await pilot.press("e")
    assert isinstance(app.screen, CorrectScreen)
    await pilot.press(*text, "enter")
    await pilot.pause()


async def test_the_summary_corrects_each_side_and_the_last_set(clock, tmp_path):
    journal = RecordingJournal()
    app = sides_app(clock, tmp_path, journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # left side done
        await advance(pilot, clock, 0.5)
        await pilot.press("enter")  # right side done
        for _ in range(10):
            await advance(pilot, clock, 1)
        assert isinstance(app.screen, SummaryScreen)
        await correct_on_summary(pilot, app, 0, "4")
        await correct_on_summary(pilot, app, 1, "5 @ 14")
        await correct_on_summary(pilot, app, 2, "0")  # the last set of all: failed
        assert isinstance(app.screen, SummaryScreen)
        assert [(c.key, c.reps_done, c.load) for c in journal.corrections] == [
            ((0, 1, "left"), 4, "12 kg"),
            ((0, 1, "right"), 5, "14 kg"),
            ((1, 1, None), 0, "80 kg"),
        ]
        text = screen_text(app)
        assert "Romanian deadlift set 1 left: 4 of 6 reps @ 12 kg" in text
        assert "Romanian deadlift set 1 right: 5 of 6 reps @ 14 kg" in text

        await correct_on_summary(pilot, app, 2, "@600")  # far from the planned 80 kg
        assert isinstance(app.screen, CorrectScreen)  # asked again, not taken
        assert "600" in screen_text(app) and "80" in screen_text(app)
        assert len(journal.corrections) == 3
        await pilot.press("enter")  # the same text again keeps it
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert (journal.corrections[-1].key, journal.corrections[-1].load) == (
            (1, 1, None),
            "600 kg",
        )


async def test_the_correction_dialog_closes_with_its_rest(clock):
    journal = RecordingJournal()
    app = build(clock, starter=FakeStarter(journal=journal))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await advance(pilot, clock, 11.5)  # set 1 done: its rest runs
        await pilot.press("e")
        assert isinstance(app.screen, CorrectScreen)
        await pilot.press("7")  # begun, never sent
        await advance(pilot, clock, 20)  # the rest ends with the dialog open
        assert isinstance(app.screen, WorkoutScreen)
        await pilot.press("enter")  # meant for the workout: the get-ready starts now
        await pilot.pause()
        assert isinstance(app.screen, WorkoutScreen)
        assert journal.corrections == []
        assert "LIFT" in screen_text(app) or "Rep 1 of 2" in screen_text(app)


async def test_on_the_summary_the_arrow_keys_pick_the_set_that_e_corrects(clock, tmp_path):
    """As the README says: pick a set with the arrow keys, then e. (The list must have
    the keys from the start; a person cannot be expected to Tab to it first.)"""
    journal = RecordingJournal()
    app = sides_app(clock, tmp_path, journal)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # left side done
        await advance(pilot, clock, 0.5)
        await pilot.press("enter")  # right side done
        for _ in range(10):
            await advance(pilot, clock, 1)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("up", "up", "e")  # from the last set up to the left side
        assert isinstance(app.screen, CorrectScreen)
        assert "Romanian deadlift set 1 left" in screen_text(app)
