"""The workout screen at every size, its header, its words and its dialogs: what a person
reads from across the room, and what they can always reach."""

from __future__ import annotations

import pytest
from fixtures.appkit import (
    FIXTURES,
    CorrectingJournal,
    FakeStarter,
    RecordingPlayer,
    advance,
    build,
    resize,
    screen_text,
    settle,
    shown,
)

from coach.domain.loading import load_session
from coach.domain.timeline import compile_timeline
from coach.interface.app import make_app
from coach.interface.screens.correct import CorrectScreen
from coach.interface.screens.quit_confirm import QuitScreen
from coach.interface.screens.resume import ResumeScreen
from coach.interface.widgets.big_count import BigCount
from coach.interface.widgets.key_bar import KeyBar
from coach.interface.wording import position, sound_state, where

SIZES = [(40, 12), (60, 20), (80, 24), (100, 30), (200, 60)]


class BackendPlayer(RecordingPlayer):
    """A player that says which backend its cues go to, as the real one does."""

    def __init__(self, backend_name: str) -> None:
        super().__init__()
        self.backend_name = backend_name


async def _moments(pilot, clock):
    """Walk through a get-ready, a counted rep, and a rest, yielding the moment's name."""
    yield "get ready"
    await advance(pilot, clock, 3.5)
    yield "rep"
    await pilot.press("n")
    yield "rest"


@pytest.mark.parametrize("size", SIZES)
async def test_quit_is_always_in_the_key_bar_and_the_bar_fits(clock, size):
    app = build(clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        async for moment in _moments(pilot, clock):
            bottom = screen_text(app).splitlines()[-1]
            assert "q Quit" in bottom, (moment, bottom)
            bar = app.screen.query_one(KeyBar)
            assert "q Quit" in bar.text, (moment, bar.text)
            assert "…" not in bottom, (moment, bottom)
            assert "Pause" in bottom, (moment, bottom)
            # What is left out is still one key away: the palette is in the bar.
            left_out = len(bar.shown) < len(bar.keys)
            assert ("^p more" in bottom) == left_out or size[0] < 40, (moment, bottom)


async def test_a_narrow_key_bar_leaves_out_idle_keys_first(clock):
    app = build(clock)
    async with app.run_test(size=(40, 12)) as pilot:
        await settle(pilot)
        await advance(pilot, clock, 3.5)  # a counted rep: Enter, + and - do nothing
        shown_keys = {k.description for k in app.screen.query_one(KeyBar).shown}
        assert {"Pause", "Next", "Quit"} <= shown_keys
        assert not {"Done/Go", "Rest +15s", "Rest -15s"} & shown_keys


@pytest.mark.parametrize("size", SIZES)
async def test_phase_count_and_next_are_on_screen_at_every_size(clock, size):
    app = build(clock)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await advance(pilot, clock, 4.5)  # in the hold, 1.5 s left
        text = screen_text(app)
        assert shown(app, "#phase") == "HOLD" and shown(app, "#count") == "2"
        assert "Next: rest 20 s" in text
        assert "Set 1 of 2 · Rep 1 of 2" in text
        count = app.screen.query_one(BigCount)
        assert count.region.height >= count.rows  # drawn whole
        lines = text.splitlines()
        assert len(lines) == size[1]


async def test_the_count_grows_with_the_screen(clock):
    app = build(clock)
    rows = []
    async with app.run_test(size=SIZES[0]) as pilot:
        await settle(pilot)
        await advance(pilot, clock, 4.5)
        for size in SIZES:
            await resize(pilot, *size)
            rows.append(app.screen.query_one(BigCount).rows)
    assert rows == sorted(rows), rows
    assert rows[1] >= 3 and rows[-1] >= 20 and rows[-1] > rows[3], rows


def test_the_count_steps_down_rather_than_overflow():
    from coach.interface.widgets.big_count import rows_for

    big = rows_for("1:30", 200, 60)
    assert len(big) == 35 and max(len(r) for r in big) <= 200  # step 7: 7 x 26 columns
    for width, height in [(26, 5), (20, 5), (12, 3), (3, 1)]:
        drawn = rows_for("1:30", width, height)
        assert len(drawn) <= height and max(len(r) for r in drawn) <= max(width, 4)
    assert len(rows_for("1:30", 26, 5)) == 5 and "█" in rows_for("1:30", 26, 5)[0]
    assert len(rows_for("12:00", 26, 5)) == 3  # too wide for the block font: digits
    assert rows_for("5", 10, 2) == ["5"]


def test_the_header_says_what_the_cues_really_do():
    assert sound_state(False, "miniaudio") == "sound: speakers"
    assert sound_state(False, "system") == "sound: speakers"
    assert sound_state(False, "bell") == "sound: bell only"
    assert sound_state(False, "silent") == "sound: none"
    assert sound_state(True, "bell") == "sound: muted"
    assert sound_state(False, None) == "sound: on"


async def test_the_header_follows_the_player_when_it_falls_back_to_the_bell(clock):
    player = BackendPlayer("miniaudio")
    app = build(clock, player=player)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert shown(app, "#status").endswith("sound: speakers")
        player.backend_name = "bell"  # the device went away mid-workout
        await advance(pilot, clock, 0.2)
        assert shown(app, "#status").endswith("sound: bell only")


@pytest.mark.parametrize("size", [(60, 20), (40, 12)])
async def test_a_sound_warning_goes_in_the_header_not_over_the_count(clock, size):
    player = BackendPlayer("bell")
    app = None

    def sound(_loaded):
        # As the real player does when nothing but the bell works: it says so while
        # the workout is getting ready.
        app.warn("No sound: no audio output works here; cues ring the terminal bell.")
        return player

    app = make_app(session=load_session(_fixture("drive")), sessions=[], clock=clock, sound=sound)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert not app._notifications  # no toast over the count
        header = screen_text(app).splitlines()[0]
        assert header.lstrip().startswith("No sound"), header
        app.warn("Sound: bell stopped working")  # another, mid-workout: after the first
        assert not app._notifications
        notice = app.screen.query_one("#session")
        notice._next()  # the first one's time is up
        await pilot.pause()
        assert screen_text(app).splitlines()[0].lstrip().startswith("Sound: bell stopped")
        notice._next()
        await pilot.pause()
        if size == (40, 12):  # a tiny terminal's header goes again with the warning
            assert "Test drive" not in screen_text(app)
        else:  # the header is back, and says what the cues do
            header = screen_text(app).splitlines()[0]
            assert header.lstrip().startswith("Test drive") and "sound: bell only" in header


def _fixture(name):
    from fixtures.appkit import FIXTURES

    return FIXTURES / f"{name}.yaml"


async def test_the_header_names_the_exercise_the_headline_names(clock):
    app = build(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # get-ready, set 1, rest, get-ready, set 2: then the rest before good mornings
        await pilot.press(*["n"] * 5)
        assert shown(app, "#phase") == "REST"
        assert shown(app, "#headline") == "Good morning · 20 kg"
        assert "exercise 2 of 3" in shown(app, "#status")


async def test_paused_shows_the_phase_it_stopped_in(clock):
    app = build(clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await advance(pilot, clock, 4.5)
        await pilot.press("space")
        assert shown(app, "#phase") == "PAUSED"
        assert "paused in HOLD" in shown(app, "#detail")


def test_an_emom_round_is_a_minute_only_when_it_lasts_one(write_session):
    text = """
name: E
exercises:
  - exercise: kettlebell-swing
    emom: {every: %s, rounds: 4, reps: 10}
"""
    for every, word in (("60", "Minute"), ("30", "Round"), ("2m", "Round")):
        loaded = load_session(write_session(text % every))
        work = next(s for s in compile_timeline(loaded).segments if s.kind == "work")
        assert position(work, emom=True)[0] == f"{word} 1 of 4", every
        assert where(work, emom=True) == f"{word.lower()} 1/4", every


# --- dialogs: the left button is what Escape does -----------------------------------


async def _buttons(app) -> list[str]:
    from textual.widgets import Button

    return [b.id for b in app.screen.query(Button)]


async def test_escape_on_the_resume_question_starts_over(clock):
    starter = FakeStarter(offer="an unfinished run from Mon 3 Jun 18:02 (2 of 5 sets done)")
    app = build(clock, starter=starter)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ResumeScreen)
        buttons = await _buttons(app)
        await pilot.press("escape")
        await settle(pilot)
        assert starter.asked == [False]
        assert shown(app, "#position") == "Set 1 of 2 · 2 reps"
        assert buttons == ["start-over", "carry-on"]


async def test_every_dialog_puts_the_escape_answer_on_the_left(clock):
    starter = FakeStarter(journal=CorrectingJournal())
    app = build(clock, starter=starter)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await advance(pilot, clock, 11.2)  # set 1 done: its rest
        await pilot.press("e")
        assert isinstance(app.screen, CorrectScreen)
        assert await _buttons(app) == ["keep", "save"]
        await pilot.click("#keep")  # the left button does what Escape does
        assert not isinstance(app.screen, CorrectScreen)
        assert starter.journal.corrections == []
        await pilot.press("q")
        assert isinstance(app.screen, QuitScreen)
        assert await _buttons(app) == ["keep", "stop"]
        await pilot.click("#keep")
        assert not isinstance(app.screen, QuitScreen)
        await pilot.press("e")
        await pilot.press(*"1", "tab")
        await pilot.click("#save")
        assert starter.journal.corrections and starter.journal.corrections[0].reps_done == 1


async def test_a_workout_opens_once_and_one_answer_ends_the_question(clock):
    from coach.interface.screens.workout import WorkoutScreen

    class NotingStarter(FakeStarter):
        def begin(self, loaded, resume):
            from dataclasses import replace

            return replace(super().begin(loaded, resume), notes=("Carrying on: 1 set done.",))

    starter = NotingStarter(offer="an unfinished run from Mon 3 Jun 18:02 (2 of 5 sets done)")
    app = build(clock, starter=starter)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert not any(isinstance(s, ResumeScreen) for s in app.screen_stack)
        assert isinstance(app.screen, WorkoutScreen)
        assert starter.asked == [True]
        assert [n.message for n in app._notifications] == ["Carrying on: 1 set done."]


async def test_a_long_session_name_cut_short_keeps_apart_from_the_status(clock, write_session):
    # At 60 columns the name ran straight into "exercise 1 of 3".
    text = (
        (FIXTURES / "drive.yaml")
        .read_text()
        .replace("name: Test drive", "name: Test drive with a rather long session name")
    )
    loaded = load_session(write_session(text, name="long.yaml"))
    app = make_app(session=loaded, sessions=[], clock=clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        header = screen_text(app).splitlines()[0]
        assert "…  exercise 1 of 3" in header, header
