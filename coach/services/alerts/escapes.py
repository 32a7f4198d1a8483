"""The terminal's own controls for its title and its notifications, as escape sequences.

Nothing here writes: each function returns the text to send, and the caller sends it
through whatever owns the terminal (the app's driver, or the plain mode's stdout).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TITLE_LIMIT = 120  # characters; longer titles are cut, terminals cut them anyway


def clean(text: str, limit: int = TITLE_LIMIT) -> str:
    """Text safe inside an escape sequence: no control character can end or nest it."""
    return _CONTROLS.sub(" ", text)[:limit]


def set_title(text: str) -> str:
    """OSC 2: the window (and tmux pane) title."""
    return f"\x1b]2;{clean(text)}\x07"


# XTWINOPS 22/23 keep a stack of titles: the one the person had is pushed before the
# workout writes its own, and popped back at the end. Terminals without the stack
# ignore both (xterm, VTE, kitty, iTerm2, WezTerm, foot and tmux have it).
PUSH_TITLE = "\x1b[22;0t"
POP_TITLE = "\x1b[23;0t"


def notification(title: str, body: str, env: Mapping[str, str]) -> str:
    """The terminal's own desktop notification: OSC 777 where the terminal is known to
    speak it (foot, urxvt), else OSC 9 (iTerm2, WezTerm, Ghostty, kitty, Windows
    Terminal). Inside tmux it is wrapped so tmux passes it on to the outer terminal
    (that needs `set -g allow-passthrough on`)."""
    term = env.get("TERM", "")
    title, body = clean(title), clean(body, 240)
    if term.startswith(("foot", "rxvt")):
        sequence = f"\x1b]777;notify;{title};{body}\x07"
    else:
        # OSC 9 carries one line; a leading digit and ";" would read as a subcommand.
        sequence = f"\x1b]9;{title}: {body}\x07"
    if env.get("TMUX"):
        sequence = "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence
