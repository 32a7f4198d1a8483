"""The browser player: cues sent ahead with their times, called off by pause and mute."""

from __future__ import annotations

import base64
import io
import wave

from coach.domain.cue_plan import PlannedCue
from coach.services.audio.backend import Sound
from coach.services.audio.browser import BrowserCuePlayer, wav_bytes
from coach.services.ports import SoundPlayer

SOUNDS = {"go": Sound("go", b"\x01\x00" * 441), "tick": Sound("tick", b"\x02\x00" * 441)}


class Plan:
    """Stands in for `upcoming_cues`: what is planned, cut at the horizon asked for."""

    def __init__(self) -> None:
        self.cues: list[PlannedCue] = []
        self.asked: list[float] = []

    def __call__(self, until: float) -> list[PlannedCue]:
        self.asked.append(until)
        return [c for c in self.cues if c.at <= until]


def make(muted: bool = False):
    sent: list[dict] = []
    plan = Plan()
    player = BrowserCuePlayer(SOUNDS, sent.append, muted=muted, lookahead=1.5)
    player.follow(plan)
    return player, plan, sent


def schedules(sent: list[dict]) -> list[list[tuple[str, float]]]:
    return [[(c["cue"], c["at"]) for c in m["cues"]] for m in sent if m["type"] == "coach_cues"]


def test_it_is_a_sound_player():
    assert isinstance(BrowserCuePlayer(SOUNDS, lambda _m: None), SoundPlayer)


def test_the_sounds_go_first_as_wav_files():
    player, _, sent = make()
    player.tick(100.0)
    assert sent[0]["type"] == "coach_sounds"
    data = base64.b64decode(sent[0]["sounds"]["go"])
    with wave.open(io.BytesIO(data)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, 44100)
        assert wav.readframes(441) == SOUNDS["go"].pcm
    assert wav_bytes(SOUNDS["tick"]) != data


def test_cues_within_the_horizon_go_out_once_and_again_only_when_the_plan_changes():
    player, plan, sent = make()
    plan.cues = [PlannedCue("3.0", "tick", 101.0), PlannedCue("3.1", "go", 103.0)]
    player.tick(100.0)
    assert plan.asked == [101.5]
    player.tick(100.02)
    assert schedules(sent) == [[("tick", 101.0)]]  # nothing new: nothing sent
    player.tick(101.6)
    assert schedules(sent)[-1] == [("tick", 101.0), ("go", 103.0)]
    # A pause: the plan empties, and the page is told (so it calls off what it had).
    plan.cues = []
    player.tick(101.7)
    last = [m for m in sent if m["type"] == "coach_cues"][-1]
    assert last["cues"] == [] and last["now"] == 101.7


def test_a_fired_cue_already_announced_is_not_sent_again_and_one_never_announced_is():
    player, plan, sent = make()
    plan.cues = [PlannedCue("3.0", "tick", 101.0)]
    player.tick(100.0)
    count = len(sent)
    assert player.play("tick", 101.0, 101.001)
    assert len(sent) == count
    assert player.play("go", 102.0, 102.003)  # the first cue after a skip, say
    assert sent[-1] == {"type": "coach_cue_now", "cue": "go", "at": 102.0}


def test_mute_calls_everything_off_and_sends_nothing_until_unmuted():
    player, plan, sent = make()
    plan.cues = [PlannedCue("3.0", "tick", 101.0)]
    player.tick(100.0)
    assert player.toggle_mute() is True
    assert sent[-1] == {"type": "coach_cues", "cues": [], "now": None}
    count = len(sent)
    player.tick(100.1)
    assert not player.play("go", 100.2, 100.2)
    assert len(sent) == count
    assert player.toggle_mute() is False
    player.tick(100.3)
    assert schedules(sent)[-1] == [("tick", 101.0)]


def test_a_page_that_went_away_does_not_stop_the_workout():
    def broken(_message: dict) -> None:
        raise ConnectionError("gone")

    player = BrowserCuePlayer(SOUNDS, broken)
    player.follow(lambda until: [PlannedCue("1.0", "go", until - 1)])
    player.tick(5.0)
    assert player.play("go", 5.0, 5.0)
    player.close()
