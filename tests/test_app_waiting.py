""" "Getting ready": shown only when getting a workout ready takes a while."""

from __future__ import annotations

import threading

from fixtures.appkit import FakeStarter, RecordingPlayer, build, notices, screen_text, settle
from test_app_picker import picker_sessions

from coach.interface import app as app_module
from coach.interface.app import make_app
from coach.interface.screens.picker import PickerScreen
from coach.interface.screens.waiting import WaitingScreen
from coach.interface.screens.workout import WorkoutScreen

SIZE = (100, 30)


def stack(app) -> list[str]:
    return [type(screen).__name__ for screen in app.screen_stack]


async def test_a_quick_start_goes_straight_to_the_workout(clock, monkeypatch):
    shown: list[str] = []

    class Recorded(WaitingScreen):
        def on_mount(self) -> None:
            shown.append(self.session_name)

    monkeypatch.setattr(app_module, "WaitingScreen", Recorded)
    app = build(clock, player=RecordingPlayer())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WorkoutScreen)
        assert stack(app) == ["Screen", "WorkoutScreen"]
    assert shown == []


async def test_a_slow_start_says_getting_ready_until_it_is(clock, monkeypatch):
    monkeypatch.setattr(app_module, "WAITING_AFTER_S", 0.01)  # "a while" is soon
    opened = threading.Event()
    player = RecordingPlayer()

    def slow_sound(_loaded):
        opened.wait(10)
        return player

    base = build(clock)
    app = make_app(
        session=base.first_session,
        sessions=[],
        clock=clock,
        sound=slow_sound,
        starter=FakeStarter(),
        resume=None,
    )
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(500):  # the timer runs on the app's loop: let it come round
            await pilot.pause(0.01)
            if isinstance(app.screen, WaitingScreen):
                break
        assert isinstance(app.screen, WaitingScreen)
        await pilot.pause()
        assert "Getting ready" in screen_text(app)
        opened.set()
        await settle(pilot)
        assert isinstance(app.screen, WorkoutScreen)
        assert stack(app) == ["Screen", "WorkoutScreen"]  # it took the waiting screen's place


class _Refusing(FakeStarter):
    def unfinished(self, loaded):
        raise OSError("the history cannot be read")


async def test_a_start_that_fails_at_once_leaves_the_picker_in_place(clock):
    app = build(clock, session=None, sessions=picker_sessions(), starter=_Refusing())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        assert stack(app) == ["Screen", "PickerScreen"]
        assert any("the history cannot be read" in n for n in notices(app))
