"""The picker: every session with its length and a preview; Enter starts the one chosen."""

from __future__ import annotations

from fixtures.appkit import FIXTURES, build, fixture_ref, notices, screen_text, settle, shown

from coach.domain.loading import load_session
from coach.domain.problems import SessionFileError
from coach.interface.screens.picker import PickerScreen
from coach.interface.screens.workout import WorkoutScreen
from coach.services.catalog import SessionRef


def broken_ref() -> SessionRef:
    path = FIXTURES / "broken.yaml"
    try:
        load_session(path)
    except SessionFileError as exc:
        return SessionRef("broken", path, "user", None, None, exc)
    raise AssertionError("the broken fixture loaded")


def picker_sessions() -> list[SessionRef]:
    return [fixture_ref("drive"), fixture_ref("short", "user"), broken_ref()]


async def test_lists_sessions_with_length_and_previews_the_highlighted_one(clock):
    app = build(clock, session=None, sessions=picker_sessions())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        text = screen_text(app)
        assert "Test drive" in text and "about 2 min" in text
        assert "Quick check" in text and "14 s" in text
        assert "Broken on purpose" not in text and "broken" in text  # named by its file
        assert "cannot be used" in text
        preview = screen_text(app)
        assert "Hip thrust · 2 × 2 · tempo 1-0-1-2 · 40 kg" in preview
        assert "Good morning · 1 × 5 · your own pace · 20 kg" in preview
        assert "Kettlebell swing · 2 rounds of 10 s on / 5 s off · 16 kg" in preview

        await pilot.press("down")
        preview = screen_text(app)
        assert "14 s · 2 exercises · your session" in preview
        assert "short.yaml in your sessions folder" in preview

        await pilot.press("down")
        assert 'tempo "3-1-x" needs four parts' in shown(app, "#preview-text")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)  # it cannot start, and says why
        assert any(n.startswith("Cannot start: broken.yaml has problems") for n in notices(app))

        await pilot.press("up", "enter")
        await settle(pilot)
        assert isinstance(app.screen, WorkoutScreen)
        assert shown(app, "#session") == "Quick check"
        assert shown(app, "#phase") == "GET READY"


async def test_q_leaves_the_picker(clock):
    app = build(clock, session=None, sessions=picker_sessions())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_value is None


async def test_the_picker_opens_whatever_is_in_the_sessions_folder(clock, user_folders):
    """Broken files of every kind are listed as unusable; the bundled sessions still run."""
    import os

    from coach.services.catalog import list_sessions

    folder = user_folders / "sessions"
    folder.mkdir(parents=True)
    (folder / "empty-reps.yaml").write_text(
        "name: A\nexercises:\n  - {exercise: hip-thrust, reps: ~}\n", encoding="utf-8"
    )
    (folder / "deep.yaml").write_text("name: " + "[" * 3000 + "]" * 3000 + "\n")
    os.mkfifo(folder / "pipe.yaml")
    (folder / os.fsdecode(b"caf\xe9.yaml")).write_text("name: X\n", encoding="utf-8")
    sessions = list_sessions()
    unusable = {ref.key for ref in sessions if ref.error is not None}
    assert unusable == {"empty-reps", "deep", "pipe", os.fsdecode(b"caf\xe9")}
    app = build(clock, session=None, sessions=sessions)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen)
        text = screen_text(app)
        assert "Posterior chain A" in text and "empty-reps" in text
        assert "'caf'$'\\351'" in text
        assert text.count("cannot be used") >= 4


async def test_the_preview_says_last_time_and_today_for_each_exercise(clock, user_folders):
    """From the real history: one earlier run at 40 kg with every rep done, and a linear
    rule that adds 2.5 kg after such a run."""
    from datetime import UTC, datetime, timedelta

    from coach.domain.load import parse_load
    from coach.domain.records import SetRecord
    from coach.domain.timeline import compile_timeline
    from coach.interface.starting import HistoryStarter
    from coach.services.history_store import open_history

    path = user_folders / "climb.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (FIXTURES / "short.yaml").read_text(encoding="utf-8")
    text = text.replace("name: Quick check", "name: Climb").replace(
        "defaults:\n", "defaults:\n  progression: {rule: linear, step: 2.5 kg}\n"
    )
    path.write_text(text, encoding="utf-8")
    loaded = load_session(path)
    climb = SessionRef("climb", path, "user", loaded, compile_timeline(loaded), None)  # type: ignore[arg-type]
    store = open_history(user_folders / "data")
    start = datetime(2024, 5, 1, 17, 0, tzinfo=UTC)
    run = store.start_run(str(path), "Climb", start)
    store.save_sets(
        [
            SetRecord(
                run_id=run,
                entry=0,
                exercise="hip-thrust",
                variation=None,
                title="Hip thrust",
                set_no=1,
                side=None,
                reps_planned=2,
                reps_done=2,
                rounds_planned=0,
                rounds_done=0,
                load=parse_load("40 kg"),
                planned_load="40 kg",
                file_load="40 kg",
                started=start,
                ended=start + timedelta(seconds=20),
                skipped=False,
            )
        ]
    )
    store.end_run(run, "finished", start + timedelta(minutes=1))
    store.close()
    starter = HistoryStarter(clock)

    app = build(clock, session=None, sessions=[fixture_ref("drive"), climb], starter=starter)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "last time" not in screen_text(app)  # the other session has no history
        await pilot.press("down")
        await settle(pilot)
        text = screen_text(app)
        assert "Hip thrust · 1 × 2 · tempo 1-0-1-1 · 40 kg" in text
        assert "last time 1×2 @ 40 kg · today 42.5 kg × 2" in text
        # The swings were not in that run: nothing is said under them.
        assert text.count("last time") == 1


async def test_todays_session_of_a_program_is_marked_and_says_why(clock):
    from dataclasses import replace

    today = replace(
        fixture_ref("short", "user"),
        today="today in Two days: after drive",
    )
    app = build(clock, session=None, sessions=[today, fixture_ref("drive")])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "14 s · yours · today" in text
        assert "Today in Two days: after drive." in text
        await pilot.press("down")
        assert "Today in" not in screen_text(app)
