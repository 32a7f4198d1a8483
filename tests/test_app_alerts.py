"""Alerts in the app, with a clock the test moves: the title the terminal is sent, the
panel's border blinking at each go, and the title given back on leaving."""

from __future__ import annotations

from fixtures.appkit import RecordingPlayer, advance, build, settle

from coach.interface.screens.workout import WorkoutScreen
from coach.services.alerts import Alerts
from coach.services.alerts.escapes import POP_TITLE, PUSH_TITLE, set_title
from coach.services.config import AlertsConfig

SIZE = (100, 30)
REST_STARTS = 11  # drive.yaml: get ready 3 s, then two reps of lift 1, hold 2, lower 1


def with_alerts(clock, config: AlertsConfig | None = None):
    written: list[str] = []
    holder: dict[str, object] = {}

    def make() -> Alerts:
        app = holder["app"]
        return Alerts(config or AlertsConfig(), write=written.append, flash=app.flash, clock=clock)  # type: ignore[attr-defined]

    app = build(clock, player=RecordingPlayer(), alerts=make)
    holder["app"] = app
    return app, written


def titles(written: list[str]) -> list[str]:
    return [w.removeprefix(PUSH_TITLE)[4:-1] for w in written if w != POP_TITLE]


async def test_the_title_follows_the_rest_once_a_second_and_is_given_back(clock):
    app, written = with_alerts(clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert written[0] == PUSH_TITLE + set_title("GET READY 0:03 · Hip thrust 1/2")
        await advance(pilot, clock, REST_STARTS)
        assert titles(written)[-1] == "REST 0:20 · Hip thrust 2/2"
        before = len(written)
        for _ in range(9):  # ten redraws a second; the title changes with the count only
            await advance(pilot, clock, 0.1)
        assert len(written) == before
        await advance(pilot, clock, 0.1)
        assert titles(written)[-1] == "REST 0:19 · Hip thrust 2/2"
        assert len(written) == before + 1

        await pilot.press("space")  # a pause shows at once
        assert titles(written)[-1] == "PAUSED · REST 0:19 · Hip thrust 2/2"
        await pilot.press("space")
        assert titles(written)[-1] == "REST 0:19 · Hip thrust 2/2"

        await pilot.press("ctrl+c")
        await settle(pilot)
    assert written[-1] == POP_TITLE
    assert written.count(POP_TITLE) == 1 and sum(PUSH_TITLE in w for w in written) == 1


async def test_title_off_writes_nothing(clock):
    app, written = with_alerts(clock, AlertsConfig(title=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await advance(pilot, clock, REST_STARTS)
        await pilot.press("ctrl+c")
        await settle(pilot)
    assert written == []


async def test_go_blinks_the_panel_border_alone_and_a_rest_does_not(clock):
    app, _written = with_alerts(clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WorkoutScreen)
        panel = app.screen.query_one("#panel")
        await advance(pilot, clock, 2.5)  # getting ready: its countdown does not blink
        assert not app.border_flash.lit
        await advance(pilot, clock, 0.5)  # go
        assert app.border_flash.lit
        assert panel.styles.border_top[0] == "thick" and panel.styles.border_bottom[0] == "thick"
        # Two bars: the sides keep the set's own border (half the cells to send).
        assert not panel.styles.inline.has_rule("border_left")
        assert panel.styles.border_left[0] == "heavy"
        assert not panel.classes & {"-flash"}  # no class: the panel's insides keep their style
        await advance(pilot, clock, 0.1)  # (nothing changes on the screen)
        assert app.border_flash.lit
        await advance(pilot, clock, 0.9)  # the count's next second ends it, in that redraw
        assert not app.border_flash.lit
        assert not app.border_flash.lit
        assert panel.styles.border_top[0] == "heavy"  # the set's own border is back
        assert not panel.styles.inline.has_rule("border_top")
        await advance(pilot, clock, REST_STARTS - 3)  # the rest begins with its cue
        assert not app.border_flash.lit


async def test_flash_off_leaves_the_border_alone(clock):
    app, _written = with_alerts(clock, AlertsConfig(flash=False))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await advance(pilot, clock, REST_STARTS)
        assert not app.border_flash.lit


async def test_a_tiny_terminal_blinks_only_the_edges_it_shows(clock):
    app, _written = with_alerts(clock)
    async with app.run_test(size=(50, 15)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#panel")
        await advance(pilot, clock, 3)  # go
        assert app.border_flash.lit
        assert panel.styles.border_left[0] == "thick"
        assert panel.styles.border_top[0] == ""  # hidden stays hidden: no layout moves
