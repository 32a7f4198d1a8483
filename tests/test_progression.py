"""Progression from a seeded history: double and linear, in kg and in lb."""

from datetime import UTC, datetime, timedelta

import pytest

from coach.domain.load import Load, parse_load
from coach.domain.loading import load_session
from coach.domain.problems import SessionFileError
from coach.domain.progression import advise, last_time, targets_for
from coach.domain.timeline import Target, compile_timeline
from coach.services.history_store import SetRecord, open_history

T0 = datetime(2024, 6, 3, 18, 0, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    return open_history(tmp_path / "data")


def seed(store, loaded, entry: int, sets, *, day: int = 0, file_load: str | None = None):
    """Record one run of `loaded` in which entry `entry` had `sets`: (reps, load) pairs,
    a reps of None meaning skipped; rounds entries give (rounds, load)."""
    item = loaded.session.exercises[entry]
    started = T0 + timedelta(days=day)
    run = store.start_run(str(loaded.path), loaded.session.name, started)
    sides = ["left", "right"] if item.per_side else [None]
    records = []
    for n, (done, load) in enumerate(sets):
        set_no, side = n // len(sides) + 1, sides[n % len(sides)]
        rounds = item.intervals.rounds if item.intervals else 0
        records.append(
            SetRecord(
                run_id=run,
                entry=entry,
                exercise=item.exercise,
                variation=item.variation,
                title=item.exercise,
                set_no=set_no,
                side=side,
                reps_planned=0 if rounds else (item.reps.low if item.reps else 0),
                reps_done=0 if rounds else (done or 0),
                rounds_planned=rounds,
                rounds_done=(done or 0) if rounds else 0,
                load=parse_load(load) if load else Load(),
                planned_load=load or "",
                file_load=(str(item.load) if item.load else "") if file_load is None else file_load,
                started=started + timedelta(minutes=n),
                ended=started + timedelta(minutes=n, seconds=40),
                skipped=done is None,
            )
        )
    store.save_sets(records)
    store.end_run(run, "finished", started + timedelta(hours=1))
    return run


def session(write_session, body: str, defaults: str = "", name: str = "Legs"):
    text = f"name: {name}\n{defaults}exercises:\n{body}"
    return load_session(write_session(text, name=f"{name.lower()}.yaml"))


DOUBLE_KG = (
    "  - exercise: hip-thrust\n    sets: 3\n    reps: 8-12\n    load: 60 kg\n"
    "    progression: {rule: double, step: 2.5 kg}\n"
)


def test_double_every_set_at_the_top_adds_the_step_and_returns_to_the_bottom(write_session, store):
    loaded = session(write_session, DOUBLE_KG)
    seed(store, loaded, 0, [(12, "60 kg")] * 3)
    assert targets_for(loaded, store) == {0: Target(load=Load(62.5, "kg"), reps=8)}
    advice = advise(loaded, store)[0]
    assert str(advice.last) == "last time 3×12 @ 60 kg"
    assert advice.today() == "today 62.5 kg × 8"
    assert "+2.5 kg" in advice.reason and "back to 8" in advice.reason
    # The timeline (and so `coach plan` and the live run) uses the target.
    first_set = next(
        s for s in compile_timeline(loaded, targets_for(loaded, store)).segments if s.is_work
    )
    assert (first_set.load, first_set.reps) == ("62.5 kg", 8)


def test_double_short_of_the_top_keeps_the_load_and_asks_one_rep_more(write_session, store):
    loaded = session(write_session, DOUBLE_KG)
    seed(store, loaded, 0, [(12, "62.5 kg"), (11, "62.5 kg"), (9, "62.5 kg")])
    assert targets_for(loaded, store) == {0: Target(load=Load(62.5, "kg"), reps=10)}
    assert last_time(loaded, store)[0].summary() == "12, 11, 9 @ 62.5 kg"


def test_double_one_set_lighter_or_skipped_is_not_the_top(write_session, store):
    loaded = session(write_session, DOUBLE_KG)
    seed(store, loaded, 0, [(12, "60 kg"), (12, "60 kg"), (12, "55 kg")])
    assert targets_for(loaded, store)[0].load == Load(60, "kg")
    seed(store, loaded, 0, [(12, "60 kg"), (12, "60 kg"), (None, "60 kg")], day=2)
    target = targets_for(loaded, store)[0]
    assert target == Target(load=Load(60, "kg"), reps=12)
    assert str(last_time(loaded, store)[0]) == "last time 2×12 @ 60 kg (1 skipped)"


def test_double_in_pounds(write_session, store):
    loaded = session(
        write_session,
        "  - exercise: romanian-deadlift\n    sets: 2\n    reps: 6-10\n    load: 135 lb\n"
        "    progression: {rule: double, step: 5 lb}\n",
    )
    seed(store, loaded, 0, [(10, "135 lb"), (10, "135 lb")])
    assert targets_for(loaded, store) == {0: Target(load=Load(140, "lb"), reps=6)}
    seed(store, loaded, 0, [(7, "140 lb"), (6, "140 lb")], day=3)
    assert targets_for(loaded, store) == {0: Target(load=Load(140, "lb"), reps=7)}


LINEAR = "  - exercise: good-morning\n    sets: 3\n    reps: 10\n    load: {load}\n"


def test_linear_adds_the_step_after_a_complete_session_only(write_session, store):
    loaded = session(
        write_session,
        LINEAR.format(load="40 kg"),
        defaults="defaults:\n  progression: {rule: linear, step: 2.5 kg}\n",
    )
    seed(store, loaded, 0, [(10, "40 kg")] * 3)
    assert targets_for(loaded, store) == {0: Target(load=Load(42.5, "kg"))}
    seed(store, loaded, 0, [(10, "42.5 kg"), (10, "42.5 kg"), (8, "42.5 kg")], day=2)
    assert targets_for(loaded, store) == {0: Target(load=Load(42.5, "kg"))}
    assert "not every set" in advise(loaded, store)[0].reason


def test_linear_keeps_the_load_when_a_set_was_skipped(write_session, store):
    loaded = session(
        write_session,
        LINEAR.format(load="40 kg") + "    progression: {rule: linear, step: 2.5 kg}\n",
    )
    seed(store, loaded, 0, [(10, "40 kg"), (None, None), (10, "40 kg")])
    assert targets_for(loaded, store) == {0: Target(load=Load(40, "kg"))}
    assert "not every set" in advise(loaded, store)[0].reason


def test_linear_keeps_the_load_when_a_set_is_missing_from_the_log(write_session, store):
    loaded = session(
        write_session,
        LINEAR.format(load="40 kg") + "    progression: {rule: linear, step: 2.5 kg}\n",
    )
    seed(store, loaded, 0, [(10, "40 kg")] * 2)  # three planned, two recorded
    assert targets_for(loaded, store) == {0: Target(load=Load(40, "kg"))}


def test_linear_in_pounds_and_a_step_in_the_other_unit(write_session, store):
    pounds = session(
        write_session,
        LINEAR.format(load="95 lb") + "    progression: {rule: linear, step: 5 lb}\n",
    )
    seed(store, pounds, 0, [(10, "95 lb")] * 3)
    assert targets_for(pounds, store) == {0: Target(load=Load(100, "lb"))}

    mixed = session(
        write_session,
        LINEAR.format(load="40 kg") + "    progression: {rule: linear, step: 5 lb}\n",
        name="Mixed",
    )
    seed(store, mixed, 0, [(10, "40 kg")] * 3)
    # 40 kg + 5 lb is 42.27 kg, which no bar and plates make: the nearest is 42.5 kg.
    assert targets_for(mixed, store) == {0: Target(load=Load(42.5, "kg"))}
    assert "42.5 kg, the nearest loadable weight" in advise(mixed, store)[0].reason


def test_linear_on_an_interval_block_counts_rounds(write_session, store):
    loaded = session(
        write_session,
        "  - exercise: kettlebell-swing\n    intervals: {work: 30, rest: 30, rounds: 10}\n"
        "    load: 16 kg\n    progression: {rule: linear, step: 4 kg}\n",
    )
    seed(store, loaded, 0, [(10, "16 kg")])
    assert targets_for(loaded, store) == {0: Target(load=Load(20, "kg"))}
    assert last_time(loaded, store)[0].summary() == "10/10 rounds @ 16 kg"
    seed(store, loaded, 0, [(7, "20 kg")], day=1)
    assert targets_for(loaded, store) == {0: Target(load=Load(20, "kg"))}


def test_per_side_sets_count_each_side(write_session, store):
    loaded = session(
        write_session,
        "  - exercise: romanian-deadlift\n    variation: step\n    sets: 2\n    reps: 8-10\n"
        "    per_side: true\n    load: 20 kg\n    progression: {rule: double, step: 2 kg}\n",
    )
    seed(store, loaded, 0, [(10, "20 kg")] * 4)
    # A 2 kg step on a bar with 1.25 kg as the smallest plates: 22.5 kg.
    assert targets_for(loaded, store) == {0: Target(load=Load(22.5, "kg"), reps=8)}
    assert last_time(loaded, store)[0].summary() == "2×10 each side @ 20 kg"
    seed(store, loaded, 0, [(10, "22 kg")] * 3, day=1)  # the last side was never done
    assert targets_for(loaded, store)[0].load == Load(22, "kg")


def test_editing_the_load_in_the_file_starts_over_from_it(write_session, store):
    loaded = session(write_session, DOUBLE_KG)
    seed(store, loaded, 0, [(12, "70 kg")] * 3, file_load="50 kg")
    assert targets_for(loaded, store) == {}
    assert "changed" in advise(loaded, store)[0].reason
    assert advise(loaded, store)[0].today() == "today 60 kg × 8"


def test_without_a_rule_last_time_shows_and_the_file_decides(write_session, store):
    loaded = session(write_session, LINEAR.format(load="40 kg"))
    seed(store, loaded, 0, [(10, "40 kg")] * 3)
    assert targets_for(loaded, store) == {}
    assert str(last_time(loaded, store)[0]) == "last time 3×10 @ 40 kg"


def test_no_history_means_the_file_values(write_session, store):
    loaded = session(write_session, DOUBLE_KG)
    advice = advise(loaded, store)[0]
    assert advice.last is None and advice.target is None
    assert advice.today() == "today 60 kg × 8"


def test_history_follows_an_exercise_when_another_is_inserted_before_it(write_session, store):
    before = session(write_session, DOUBLE_KG)
    seed(store, before, 0, [(12, "60 kg")] * 3)
    after = session(
        write_session, "  - exercise: good-morning\n    sets: 1\n    reps: 5\n" + DOUBLE_KG
    )
    assert targets_for(after, store) == {1: Target(load=Load(62.5, "kg"), reps=8)}


def test_a_resumed_run_is_not_its_own_last_time(write_session, store):
    loaded = session(write_session, DOUBLE_KG)
    seed(store, loaded, 0, [(12, "60 kg")] * 3)
    current = seed(store, loaded, 0, [(8, "62.5 kg")], day=1)
    assert targets_for(loaded, store, before_run=current)[0].load == Load(62.5, "kg")
    assert last_time(loaded, store, before_run=current)[0].summary() == "3×12 @ 60 kg"


def test_bodyweight_double_progression_caps_the_reps(write_session, store):
    loaded = session(
        write_session,
        "  - exercise: back-extension\n    sets: 2\n    reps: 10-15\n    load: bodyweight\n"
        "    progression: {rule: double, step: 2.5 kg}\n",
    )
    seed(store, loaded, 0, [(15, "bodyweight")] * 2)
    advice = advise(loaded, store)[0]
    assert advice.target == Target(reps=15) and "add load" in advice.reason
    assert advice.today() == "today bodyweight × 15"


def test_rules_are_checked_like_the_rest_of_the_file(write_session):
    text = (
        "name: Legs\n"
        "defaults:\n  progression: {rule: double, step: 2.5 kg}\n"  # fine: fixed reps allowed
        "exercises:\n"
        "  - exercise: hip-thrust\n    sets: 3\n    reps: 10\n"
        "    progression: {rule: double, step: 2.5 kg}\n"
        "  - exercise: kettlebell-swing\n    intervals: {work: 30, rounds: 5}\n"
        "    progression: {rule: double, step: 4 kg}\n"
        "  - exercise: good-morning\n    sets: 3\n    reps: 10\n"
        "    progression: {rule: triple, step: 2 stone}\n"
    )
    path = write_session(text)
    with pytest.raises(SessionFileError) as caught:
        load_session(path)
    assert caught.value.lines() == [
        f"{path}:8:25: double progression needs a rep range like reps: 8-12, not one number; "
        "or use rule: linear",
        f"{path}:11:25: double progression needs a rep range; intervals progresses with "
        "rule: linear",
        f"{path}:15:25: rule 'triple' is not one of 'double' or 'linear'",
        f'{path}:15:39: step "2 stone" is not a weight; write it like "60 kg" or "35 lb"',
    ]
