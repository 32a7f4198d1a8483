"""A phone held upright (`coach serve`): narrow and tall, nothing that matters is lost."""

from __future__ import annotations

from fixtures.appkit import advance, build, screen_text, settle, shown

from coach.interface.screens.workout import WorkoutScreen
from coach.interface.widgets.key_bar import KeyBar

UPRIGHT = (40, 44)


async def test_upright_the_session_the_next_step_and_every_key_stay_on_screen(clock):
    app = build(clock)
    async with app.run_test(size=UPRIGHT) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WorkoutScreen)
        assert app.screen.has_class("-tall")
        text = screen_text(app)
        lines = text.splitlines()
        assert app.screen.query_one("#session").region.height == 1
        assert lines[0].startswith(" " + app.workout.name[:10])
        assert "GET READY" in shown(app, "#phase")
        assert app.screen.query_one("#phase").region.height >= 3  # in big letters
        assert app.screen.query_one("#next").region.height >= 1
        bar = app.screen.query_one(KeyBar)
        drawn = "\n".join(lines[-3:])
        for key in bar.keys:
            assert key.description in drawn, key.description
        assert "palette" in drawn


async def test_upright_a_key_on_the_bar_s_second_row_is_pressed_by_a_tap(clock):
    app = build(clock)
    async with app.run_test(size=UPRIGHT) as pilot:
        await settle(pilot)
        await advance(pilot, clock, 3)
        await pilot.press("n")  # into the rest
        assert shown(app, "#count") == "20"
        bar = app.screen.query_one(KeyBar)
        spot = next(
            (x, y)
            for y in range(3)
            for x in range(UPRIGHT[0])
            if (k := bar.key_at(x, y)) and k.key == "plus"
        )
        assert spot[1] > 0  # it wrapped onto a later row
        await pilot.click(KeyBar, offset=spot)
        assert shown(app, "#count") == "35"
