"""The sanity check on a typed load: twice, half, the absolute limit, across units."""

import pytest

from coach.domain.load import Load
from coach.domain.plausible import implausible

KG60 = Load(60, "kg")


@pytest.mark.parametrize(
    ("planned", "new"),
    [
        (KG60, Load(120, "kg")),  # exactly twice
        (KG60, Load(30, "kg")),  # exactly half
        (KG60, Load(62.5, "kg")),
        (KG60, Load(264, "lb")),  # 119.7 kg
        (Load(135, "lb"), Load(60, "kg")),  # 132.3 lb
        (Load(100, "lb"), Load(90.7, "kg")),  # 2.0 × in kg
        (None, Load(300, "kg")),  # nothing planned: only the limit applies
        (Load(words="bodyweight"), Load(20, "kg")),
        (KG60, Load(words="bodyweight")),
        (Load(0, "kg"), Load(20, "kg")),
        (Load(600, "lb"), Load(1100, "lb")),
    ],
)
def test_plausible_loads_pass(planned, new):
    assert implausible(planned, new) is None


def test_more_than_twice_names_both_numbers():
    assert implausible(Load(80, "kg"), Load(600, "kg")) == (
        "600 kg is more than twice the 80 kg planned for this set"
    )
    assert implausible(Load(80, "kg"), Load(160.5, "kg")) == (
        "160.5 kg is more than twice the 80 kg planned for this set"
    )


def test_less_than_half_names_both_numbers():
    assert implausible(KG60, Load(29.5, "kg")) == (
        "29.5 kg is less than half the 60 kg planned for this set"
    )


def test_units_are_converted_before_comparing():
    # 60 lb is 27.2 kg: less than half of 60 kg, although the numbers are equal.
    assert implausible(KG60, Load(60, "lb")) == (
        "60 lb (27.2 kg) is less than half the 60 kg planned for this set"
    )
    # 60 kg is 132.3 lb: more than twice 60 lb.
    assert implausible(Load(60, "lb"), KG60) == (
        "60 kg (132.3 lb) is more than twice the 60 lb planned for this set"
    )


def test_above_the_limit_names_the_plan_too():
    assert implausible(Load(400, "kg"), Load(600, "kg")) == (
        "600 kg is more than anyone lifts (the limit is 500 kg); 400 kg was planned for this set"
    )
    assert implausible(None, Load(600, "kg")) == (
        "600 kg is more than anyone lifts (the limit is 500 kg)"
    )


def test_the_absolute_limit_is_per_unit():
    assert implausible(None, Load(1100, "lb")) is None  # 499 kg
    assert "limit is 1100 lb" in (implausible(None, Load(1101, "lb")) or "")
    assert "limit is 500 kg" in (implausible(None, Load(500.5, "kg")) or "")
