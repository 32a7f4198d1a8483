"""Durations as people write them: 90, "90s", "2m", "1m30s", "1:30", "0:45", "2 min".

The forms are regular expressions written in the subset that Python and JSON Schema
(ECMA-262) read alike, so the schema an editor checks with accepts exactly what coach does.
"""

from __future__ import annotations

import re

SPACE = "[ \t\r\n]*"  # Python's \s reaches further than ECMA's; spelt out alike
_MINUTES = "[0-9]+" + SPACE + "[mM](?:[iI][nN])?"
_SECONDS = "[0-9]+" + SPACE + "[sS](?:[eE][cC])?"
_CLOCK_FORM = "(?:[0-9]+:)?[0-9]+:[0-5][0-9]"
# The whole value as text: what the schema's pattern says and the parser matches.
PATTERN = f"^{SPACE}(?:[0-9]+|{_CLOCK_FORM}|{_MINUTES}(?:{SPACE}{_SECONDS})?|{_SECONDS}){SPACE}$"

_MINUTES_SECONDS = re.compile(
    f"(?:(?P<m>[0-9]+){SPACE}m(?:in)?)?{SPACE}(?:(?P<s>[0-9]+){SPACE}s(?:ec)?)?"
)
_CLOCK = re.compile("(?:(?P<h>[0-9]+):)?(?P<m>[0-9]+):(?P<s>[0-9]{2})")

FORMS = '90, "90s", "2m", "1m30s" or "1:30"'


class DurationError(ValueError):
    """A duration that cannot be read; the message says what is allowed."""


def parse_duration(value: object, *, what: str = "duration") -> int:
    """Return whole seconds for a duration value from a session file."""
    if isinstance(value, bool):
        raise DurationError(f"{what} must be a duration like {FORMS}, not {value!r}")
    if isinstance(value, int):
        seconds = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise DurationError(f"{what} {value} must be whole seconds, like {FORMS}")
        seconds = int(value)
    elif isinstance(value, str):
        seconds = _parse_text(value.strip(" \t\r\n").lower(), what)
    else:
        raise DurationError(f"{what} must be a duration like {FORMS}")
    if seconds < 0:
        raise DurationError(f"{what} cannot be negative; use 0 to turn it off")
    return seconds


def _parse_text(text: str, what: str) -> int:
    if text.isascii() and text.isdigit():
        return int(text)
    clock = _CLOCK.fullmatch(text)
    if clock:
        seconds = int(clock["s"])
        if seconds >= 60:
            raise DurationError(
                f'{what} "{text}" has {seconds} seconds; write 0-59 after the colon'
            )
        return int(clock["h"] or 0) * 3600 + int(clock["m"]) * 60 + seconds
    parts = _MINUTES_SECONDS.fullmatch(text)
    if text and parts and (parts["m"] or parts["s"]):
        return int(parts["m"] or 0) * 60 + int(parts["s"] or 0)
    raise DurationError(f'{what} "{text}" is not a duration; write it like {FORMS}')


def format_duration(seconds: float) -> str:
    """12:05 style for screens and plans; hours when needed."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def describe_duration(seconds: float) -> str:
    """ "1 h 05 min", "35 min", "45 s": a length a person reads at a glance."""
    whole = max(0, round(seconds))
    if whole < 60:
        return f"{whole} s"
    minutes = round(whole / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"
