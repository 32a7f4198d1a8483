"""Durations, tempo, loads: every form design.md lists, and clear refusals."""

import pytest

from coach.domain.durations import DurationError, describe_duration, format_duration, parse_duration
from coach.domain.load import Load, LoadError, parse_load
from coach.domain.tempo import TempoError, parse_tempo


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (90, 90),
        ("90", 90),
        ("90s", 90),
        ("2m", 120),
        ("1m30s", 90),
        ("1:30", 90),
        ("0:45", 45),
        ("1:00:00", 3600),
        (0, 0),
        (45.0, 45),
        (" 2m ", 120),
        ("1m 30s", 90),
    ],
)
def test_duration_forms(value, seconds):
    assert parse_duration(value) == seconds


@pytest.mark.parametrize("value", ["abc", "1:75", "-5", "1.5m", True, None, [1], 1.5, "", "m"])
def test_duration_refusals_say_the_forms(value):
    with pytest.raises(DurationError) as err:
        parse_duration(value, what="rest")
    assert "rest" in str(err.value)


@pytest.mark.parametrize("value", ["1:60", "0:60", "1:00:60"])
def test_a_minute_has_at_most_59_seconds_after_the_colon(value):
    with pytest.raises(DurationError, match="write 0-59 after the colon"):
        parse_duration(value, what="rest")
    assert parse_duration(value[:-2] + "59") == parse_duration(value[:-2] + "00") + 59


def test_negative_duration_says_how_to_turn_off():
    with pytest.raises(DurationError, match="use 0 to turn it off"):
        parse_duration(-1)


def test_duration_display():
    assert format_duration(65) == "1:05"
    assert format_duration(3725) == "1:02:05"
    assert describe_duration(2411) == "40 min"
    assert describe_duration(4000) == "1 h 07 min"


def test_tempo_string_mapping_and_x():
    t = parse_tempo("3-1-X-0")
    assert (t.lower, t.bottom, t.lift, t.top) == (3, 1, 1, 0)
    assert str(t) == "3-1-X-0"
    assert t.rep_seconds == 5
    assert parse_tempo({"lower": 2, "lift": 1, "top": 2}) == parse_tempo("2-0-1-2")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("3-1-x", "four parts"),
        ("3-1-1-31", "outside 0-30"),
        ("a-1-1-1", "or X"),
        ("0-0-0-0", "at least one second"),
        (3, "four parts"),
        ({"up": 1}, "unknown part up"),
    ],
)
def test_tempo_refusals(value, words):
    with pytest.raises(TempoError, match=words):
        parse_tempo(value)


def test_loads():
    assert parse_load("60 kg") == Load(60.0, "kg")
    assert parse_load("22.5kg") == Load(22.5, "kg")
    assert parse_load("35 lbs") == Load(35.0, "lb")
    assert str(parse_load("bodyweight")) == "bodyweight"
    assert Load(60.0, "kg").plus(Load(5.0, "lb")).amount == pytest.approx(62.27, abs=0.01)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (60, "needs a unit"),
        ("60 stone", "not a weight"),
        ("5000 kg", "more than anyone"),
        ("", "empty"),
    ],
)
def test_load_refusals(value, words):
    with pytest.raises(LoadError, match=words):
        parse_load(value)
