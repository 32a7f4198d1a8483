"""Loads rounded to what the equipment makes: bar and plates, kettlebells, dumbbells."""

import pytest

from coach.domain.library import builtin_library
from coach.domain.load import (
    KG_EQUIPMENT,
    LB_EQUIPMENT,
    Equipment,
    Load,
    loadable,
    loadable_above,
    parse_load,
    plates_per_side,
    shown_load,
)
from coach.domain.progression import heavier_load
from coach.interface.cli import main
from coach.services.config import ConfigError, load_config


def kg(amount: float) -> Load:
    return Load(amount, "kg")


def lb(amount: float) -> Load:
    return Load(amount, "lb")


@pytest.mark.parametrize(
    ("asked", "made"),
    [
        (kg(61), kg(60)),  # 1 kg from 60, 1.5 kg from 62.5
        (kg(62.27), kg(62.5)),
        (kg(61.25), kg(60)),  # halfway: the lighter one
        (kg(100), kg(100)),
        (kg(12.27), kg(20)),  # under the bar: the bar alone
        (kg(36.3), kg(37.5)),
    ],
)
def test_barbell_loads_in_kg_are_the_bar_and_pairs_of_plates(asked, made):
    assert loadable(asked, None, "barbell") == made
    assert loadable(asked, KG_EQUIPMENT, "barbell") == made


@pytest.mark.parametrize(
    ("asked", "made"),
    [(lb(137), lb(135)), (lb(138), lb(140)), (lb(226), lb(225)), (lb(40), lb(45))],
)
def test_barbell_loads_in_lb_use_the_lb_bar_and_plates(asked, made):
    assert loadable(asked, None, "barbell") == made
    assert loadable(asked, LB_EQUIPMENT, "barbell") == made


def test_a_load_in_the_other_unit_is_converted_to_the_equipment_s():
    assert loadable(lb(135), KG_EQUIPMENT, "barbell") == kg(60)  # 61.2 kg
    assert loadable(kg(100), LB_EQUIPMENT, "barbell") == lb(220)  # 220.5 lb


@pytest.mark.parametrize(
    ("asked", "made"),
    [(kg(12.27), kg(12)), (kg(18), kg(16)), (kg(19), kg(20)), (kg(60), kg(48)), (kg(3), kg(8))],
)
def test_kettlebell_loads_are_the_bells_owned(asked, made):
    assert loadable(asked, None, "kettlebell") == made


def test_owned_kettlebells_and_plates_decide():
    home = Equipment(bar=15, plates=(10.0, 5.0), kettlebells=(12.0, 24.0))
    assert loadable(kg(20), home, "kettlebell") == kg(24)
    assert loadable(kg(32), home, "barbell") == kg(35)  # 15 + 2 x 10
    assert loadable(kg(29), home, "barbell") == kg(25)  # 15 + 2 x 5; 35 is 6 kg away
    assert plates_per_side(kg(45), home) == "15 kg bar + 10 + 5 each side"
    assert loadable(kg(20), Equipment(kettlebells=()), "kettlebell") == kg(20)  # none owned


def test_dumbbells_and_bodyweight_additions():
    assert loadable(kg(11), None, "dumbbell") == kg(10)
    assert loadable(lb(23), None, "dumbbell") == lb(25)
    assert loadable(kg(3.6), None, "bodyweight") == kg(3.75)  # 2.5 + 1.25 held
    assert loadable(parse_load("bodyweight"), None, "barbell") == parse_load("bodyweight")


def test_plates_per_side():
    assert plates_per_side(kg(81.5)) == ""  # not a load the plates make
    assert plates_per_side(kg(82.5)) == "20 kg bar + 25 + 5 + 1.25 each side"
    assert plates_per_side(kg(20)) == "the 20 kg bar alone"
    assert plates_per_side(lb(225)) == "45 lb bar + 45 + 45 each side"
    assert plates_per_side(lb(100), KG_EQUIPMENT) == ""  # 45.36 kg


def test_a_load_that_cannot_be_loaded_is_shown_with_the_nearest_that_can():
    assert shown_load(kg(61), None, "barbell") == (
        "61 kg (nearest loadable: 60 kg) · 20 kg bar + 20 each side"
    )
    assert shown_load(kg(60), None, "barbell") == "60 kg · 20 kg bar + 20 each side"
    assert shown_load(kg(18), None, "kettlebell") == "18 kg (nearest loadable: 16 kg)"
    assert shown_load(kg(16), None, "kettlebell") == "16 kg"


def test_a_progression_step_lands_on_a_loadable_weight_and_always_goes_up():
    assert heavier_load(kg(40), lb(5), None, "barbell") == kg(42.5)  # not 42.27
    assert heavier_load(kg(60), kg(1), None, "barbell") == kg(62.5)  # 61 rounds back to 60
    assert heavier_load(kg(16), kg(2), None, "kettlebell") == kg(20)
    assert heavier_load(kg(48), kg(4), None, "kettlebell") == kg(52)  # none heavier owned
    assert loadable_above(kg(48), None, "kettlebell") is None


def test_the_library_says_what_each_exercise_is_lifted_with():
    implements = {key: exercise.implement for key, exercise in builtin_library().items()}
    assert implements["hip-thrust"] == "barbell"
    assert implements["kettlebell-swing"] == "kettlebell"
    assert implements["back-extension"] == "bodyweight"
    assert None not in implements.values()


# --- the settings file and the plan ---------------------------------------------------


def write_config(user_folders, text: str):
    path = user_folders / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_equipment_section_is_read_with_defaults_for_what_it_leaves_out(user_folders):
    path = write_config(user_folders, '[equipment]\nunit = "lb"\nbar = 35\nplates = [45, 10, 5]\n')
    kit = load_config(path).equipment
    assert kit == Equipment(
        unit="lb",
        bar=35,
        plates=(45, 10, 5),
        kettlebells=LB_EQUIPMENT.kettlebells,
        dumbbells=LB_EQUIPMENT.dumbbells,
    )
    assert load_config(write_config(user_folders, "")).equipment is None
    assert load_config(write_config(user_folders, "[equipment]\n")).equipment == KG_EQUIPMENT


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("plates = [20, -5]", "[equipment] plates: -5 must be a weight in kg above 0"),
        ('unit = "stone"', '[equipment] unit: \'stone\' must be "kg" or "lb"'),
        ("kettlebells = 16", "[equipment] kettlebells: must be a list of weights in kg"),
        ("bar = true", "[equipment] bar: True must be a weight in kg above 0"),
        ("bars = 20", "[equipment] bars: unknown key; allowed: unit, bar, plates,"),
    ],
)
def test_a_wrong_equipment_setting_is_one_line_naming_the_key(user_folders, text, message):
    path = write_config(user_folders, f"[equipment]\n{text}\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


PLAN = """name: Loads
exercises:
  - {exercise: hip-thrust, sets: 1, reps: 5, load: 61 kg}
  - {exercise: kettlebell-swing, sets: 1, reps: 10, load: 18 kg}
  - {exercise: good-morning, sets: 1, reps: 5, load: 135 lb}
"""


def test_plan_shows_the_nearest_loadable_load_and_the_plates(user_folders, write_session, capsys):
    session = write_session(PLAN)
    assert main(["plan", str(session)]) == 0
    out = capsys.readouterr().out
    assert "61 kg (nearest loadable: 60 kg) · 20 kg bar + 20 each side" in out
    assert "18 kg (nearest loadable: 16 kg)" in out
    assert "135 lb · 45 lb bar + 45 each side" in out

    write_config(user_folders, "[equipment]\nbar = 15\nkettlebells = [12, 20]\nplates = [10, 5]\n")
    assert main(["plan", str(session)]) == 0
    out = capsys.readouterr().out
    assert "61 kg (nearest loadable: 65 kg) · 15 kg bar + 10 + 10 + 5 each side" in out
    assert "18 kg (nearest loadable: 20 kg)" in out
    assert "135 lb (nearest loadable: 65 kg)" in out  # 61.2 kg on kg plates


def test_a_broken_equipment_setting_stops_plan_with_one_line(user_folders, write_session, capsys):
    write_config(user_folders, "[equipment]\nplates = [20, -5]\n")
    assert main(["plan", str(write_session(PLAN))]) != 0
    err = capsys.readouterr().err.strip()
    assert err.endswith("[equipment] plates: -5 must be a weight in kg above 0")
    assert len(err.splitlines()) == 1


def test_a_workout_shows_the_loadable_load_on_its_headline_and_set_lines(write_session):
    from coach.domain.loading import load_session
    from coach.interface.starting import HistoryStarter
    from coach.interface.wording import headline, work_label

    loaded = load_session(write_session(PLAN))
    beginning = HistoryStarter(lambda: 0.0, equipment=Equipment(kettlebells=(12, 24))).begin(
        loaded, False
    )
    try:
        first = next(s for s in beginning.timeline.segments if s.is_work)
        assert headline(first, beginning.loads) == (
            "Hip thrust · 61 kg (nearest loadable: 60 kg) · 20 kg bar + 20 each side"
        )
        swing = next(s for s in beginning.timeline.segments if s.entry == 1 and s.is_work)
        assert work_label(swing, False, beginning.loads) == (
            "Kettlebell swing · set 1/1 · 18 kg (nearest loadable: 12 kg)"  # a tie: lighter
        )
        assert headline(first) == "Hip thrust · 61 kg"
    finally:
        if beginning.journal is not None:
            beginning.journal.close()
