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
        assert lines[0].startswith(" " + app.live.name[:10])
        assert "GET READY" in shown(app, "#phase")
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


async def test_a_big_terminal_gets_a_big_count(clock):
    app = build(clock)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await advance(pilot, clock, 3.5)
        count = app.screen.query_one("#count")
        assert count.region.height >= 15
        text = screen_text(app).splitlines()
        rows = text[count.region.y : count.region.bottom]
        inked = [r for r in rows if r[10:190].strip()]  # inside the panel's sides
        assert len(inked) >= 12  # the digit, drawn at least four times its usual size


def test_stretching_keeps_the_strokes_joined():
    from coach.interface.widgets.stretch import stretch

    box = ["┏━┓", "┃ ┃", "┗━┛"]
    assert stretch(box, 1) == box
    assert stretch(box, 2) == [
        "      ",
        " ┏━━━┓",
        " ┃   ┃",
        " ┃   ┃",
        " ┃   ┃",
        " ┗━━━┛",
    ]
    assert stretch(["╺┳╸", " ┃ "], 3) == [
        "         ",
        " ╺━━┳━━╸ ",
        "    ┃    ",
        "    ┃    ",
        "    ┃    ",
        "    ┃    ",
    ]
