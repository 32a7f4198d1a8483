"""The workout screen paints only the widgets a change touches, and the terminal still
shows exactly what painting everything would: checked cell by cell in pyte, a terminal
emulator of its own, for every frame of a session's first minute."""

from __future__ import annotations

import pyte
from fixtures.appkit import advance, build, settle
from textual._compositor import CompositorUpdate, LayoutUpdate
from textual.widget import Widget

from coach.interface.changed_only import ChangedOnlyCompositor
from coach.interface.screens.workout import WorkoutScreen

WIDTH, HEIGHT = 100, 30


def cells(screen: pyte.Screen) -> list[list[tuple[object, ...]]]:
    return [
        [
            (c.data, c.fg, c.bg, c.bold, c.italics, c.underscore, c.reverse)
            for c in (screen.buffer[y][x] for x in range(WIDTH))
        ]
        for y in range(HEIGHT)
    ]


async def test_each_frame_leaves_the_terminal_as_a_full_paint_would(clock):
    app = build(clock)
    terminal = pyte.Screen(WIDTH, HEIGHT)
    stream = pyte.Stream(terminal)
    toasted = 0
    # Textual's test harness shows no toasts unless asked to.
    async with app.run_test(size=(WIDTH, HEIGHT), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WorkoutScreen)
        compositor = screen._compositor
        assert isinstance(compositor, ChangedOnlyCompositor)

        def whole() -> str:
            strips = compositor.render_strips()
            return LayoutUpdate(
                [[strip] for strip in strips], compositor.size.region
            ).render_segments(app.console)

        stream.feed(whole())  # the terminal as the screen first came out
        partial = 0
        textual_display = app._display

        def display(on: object, renderable: object) -> None:
            nonlocal partial
            if on is screen and isinstance(renderable, CompositorUpdate):
                if not isinstance(renderable, LayoutUpdate):
                    partial += 1
                stream.feed(renderable.render_segments(app.console))
            textual_display(on, renderable)

        app._display = display  # type: ignore[method-assign]
        for second in range(60):
            if second == 10:  # a toast over the screen, then gone: what it covered comes back
                app.notify("A note that lies over the workout for a while", timeout=60)
            if second == 20:
                app.clear_notifications()
            await advance(pilot, clock, 0.5 if second % 3 else 1.25)
            expected = pyte.Screen(WIDTH, HEIGHT)
            pyte.Stream(expected).feed(whole())
            assert cells(terminal) == cells(expected), f"after {second + 1} steps"
            shown = "\n".join(terminal.display)
            toasted += "lies over the workout" in shown
            if second >= 22:
                assert "lies over the workout" not in shown  # gone, and what it covered back
        assert partial >= 40  # the frames checked were partial updates, the case changed
        assert toasted >= 5  # the toast was on the screen for those frames


async def test_a_change_in_the_middle_and_at_the_bottom_leaves_the_top_unpainted(clock):
    app = build(clock)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await settle(pilot)
        await advance(pilot, clock, 4)  # into the first set's reps
        painted: dict[str, int] = {}

        def spy(widget: Widget) -> None:
            paint = widget.render_lines

            def counted(crop):  # type: ignore[no-untyped-def]
                painted[widget.id or ""] = painted.get(widget.id or "", 0) + 1
                return paint(crop)

            widget.render_lines = counted  # type: ignore[method-assign]

        for selector in ("#count", "#progress", "#headline", "#keys", "#session"):
            spy(app.screen.query_one(selector))
        for _ in range(3):
            await advance(pilot, clock, 1)
        assert painted.get("count", 0) >= 1 and painted.get("progress", 0) >= 1, painted
        # The header, the exercise's name and the key bar did not change: not painted.
        assert painted.get("headline", 0) == 0, painted
        assert painted.get("keys", 0) == 0, painted
        assert painted.get("session", 0) == 0, painted
