"""`coach run` opens the sound device on a thread of its own from the start, while the
screen is set up: the workout gets that player, a failure to build it, or (when the
workout was left meanwhile) nothing, and a player nobody takes is closed."""

from __future__ import annotations

import threading

import pytest

from coach.interface.starting import SoundOpening, StartCancelled

WAIT_S = 10.0  # a bound for a broken test, never reached when the code works


class Player:
    def __init__(self) -> None:
        self.closed = threading.Event()

    def close(self) -> None:
        self.closed.set()


def opening(player: Player | Exception):
    """A SoundOpening whose build waits for `go`; `began` is set once it runs."""
    began, go = threading.Event(), threading.Event()

    def build():
        began.set()
        assert go.wait(WAIT_S)
        if isinstance(player, Exception):
            raise player
        return player

    return SoundOpening(build), began, go


def test_the_build_starts_at_once_and_its_player_is_handed_over():
    player = Player()
    early, began, go = opening(player)
    assert began.wait(WAIT_S)  # building before anyone asked
    go.set()
    assert early.result(lambda: False) is player
    early.abandon()  # taken: the app owns it now
    assert not player.closed.is_set()


def test_a_failure_to_build_is_raised_where_the_player_is_asked_for():
    early, _, go = opening(RuntimeError("bad sound file"))
    go.set()
    with pytest.raises(RuntimeError, match="bad sound file"):
        early.result(lambda: False)


def test_leaving_while_it_builds_stops_the_wait_and_closes_the_late_player():
    player = Player()
    early, began, go = opening(player)
    assert began.wait(WAIT_S)
    with pytest.raises(StartCancelled):
        early.result(lambda: True)
    go.set()
    assert player.closed.wait(WAIT_S)


@pytest.mark.parametrize("built_first", [True, False])
def test_a_player_nobody_asked_for_is_closed(built_first):
    player = Player()
    early, _, go = opening(player)
    if built_first:
        go.set()
        early._done.wait(WAIT_S)
        early.abandon()
    else:
        early.abandon()
        go.set()
    assert player.closed.wait(WAIT_S)
