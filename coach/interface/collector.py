"""Python's cycle collector while coach starts.

Starting coach makes a few hundred thousand objects (modules, classes, the models,
Textual's widgets and styles) and almost no garbage in reference cycles. The collector
would walk them all several times over before the first frame is out: about a seventh of
the start. So the command line holds it off from its first step until the first screen
is on the terminal, or until a command that paints no screen begins. Then everything
made so far is moved out of the collector's sight (`gc.freeze`: it lives as long as the
process anyway) and it runs as usual, so the objects that last the whole workout are
never walked again during it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_held = False


def hold() -> None:
    """No cycle collection until `started()` (nothing changes if it is already off)."""
    global _held
    if gc.isenabled() and not _held:
        gc.disable()
        _held = True


def started() -> None:
    """Start-up is over: keep what it made, and collect as usual from here on."""
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()


def holding() -> bool:
    return _held


@contextmanager
def paused() -> Iterator[None]:
    """No cycle collection inside (as it was after): for work that makes many objects in
    one pass and no cycles, where the collector would only rescan a growing heap."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
