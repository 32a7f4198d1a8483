"""A change of mood (get ready, work, rest, paused) restyles only the widgets whose own
rules name the mood, each once: the panel, the phase word and (paused) the count. The
widgets inside the panel only paint again, with the panel's new background, and what
they show is what a full restyle of the screen gives, with no line drawn before (the
lines kept for a count or a word shown again) in a style that is no longer theirs."""

from __future__ import annotations

from fixtures.appkit import RecordingPlayer, advance, build, settle
from textual.css.stylesheet import Stylesheet

from coach.interface.widgets import big_count, big_word

SIZE = (100, 30)


def _screen_cells(app) -> list[list[tuple[str, object]]]:  # type: ignore[no-untyped-def]
    return [
        [(segment.text, segment.style) for segment in strip]
        for strip in app.screen._compositor.render_strips()
    ]


async def test_a_change_of_mood_restyles_the_panel_and_the_phase_word_once(clock, monkeypatch):
    restyled: list[str] = []
    apply = Stylesheet.apply

    def counted(self, node, *args, **kwargs):  # type: ignore[no-untyped-def]
        restyled.append(node.id or type(node).__name__)
        return apply(self, node, *args, **kwargs)

    monkeypatch.setattr(Stylesheet, "apply", counted)
    app = build(clock, player=RecordingPlayer())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#panel")
        assert panel.has_class("-ready")
        restyled.clear()
        await advance(pilot, clock, 3.05)  # get ready ends: the first set begins
        assert panel.has_class("-work") and not panel.has_class("-ready")
        assert sorted(restyled) == ["panel", "phase"]
        restyled.clear()
        await pilot.press("space")  # paused: the count dims too
        assert panel.has_class("-paused")
        assert sorted(restyled) == ["count", "panel", "phase"]


async def test_each_mood_looks_as_a_full_restyle_of_the_screen_makes_it(clock):
    app = build(clock, player=RecordingPlayer())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        seen = set()
        for step, seconds in enumerate([0.5, 3.0, 2.0, 4.0, 30.0, 3.0, 0.5, 0.5, 0.5]):
            await advance(pilot, clock, seconds)
            if step == 6:
                await pilot.press("space")  # paused
            if step == 7:
                await pilot.press("space")  # and going again
            panel = app.screen.query_one("#panel")
            seen.add(" ".join(sorted(panel.classes)))
            before = _screen_cells(app)
            app.screen.update_node_styles()  # every widget restyled from scratch
            for kept in (big_count.drawn, big_word.drawn):
                kept.cache_clear()  # and the lines kept for the count and word drawn anew
            for widget in app.screen.walk_children():
                widget.refresh()
            await pilot.pause()
            assert _screen_cells(app) == before, f"step {step}: {panel.classes}"
        assert {"-ready", "-work", "-rest"} <= seen, seen
        assert any("-paused" in classes for classes in seen), seen
