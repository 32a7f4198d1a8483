"""A change of mood (get ready, work, rest) restyles the panel once: each class change on
its own restyled the panel and everything in it again."""

from __future__ import annotations

from fixtures.appkit import RecordingPlayer, advance, build, settle

from coach.interface.app import CoachApp

SIZE = (100, 30)


async def test_a_change_of_mood_restyles_the_panel_once(clock, monkeypatch):
    restyled: list[str] = []
    update_styles = CoachApp.update_styles

    def counted(self, node=None, *args, **kwargs):
        if node is not None and node.id == "panel":
            restyled.append(" ".join(sorted(node.classes)))
        return update_styles(self, node, *args, **kwargs)

    monkeypatch.setattr(CoachApp, "update_styles", counted)
    app = build(clock, player=RecordingPlayer())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one("#panel")
        assert panel.has_class("-ready")
        restyled.clear()
        await advance(pilot, clock, 3.05)  # get ready ends: the first set begins
        assert panel.has_class("-work") and not panel.has_class("-ready")
    assert restyled == ["-work"]
