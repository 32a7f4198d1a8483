"""Keep ALSA's own error messages off the terminal.

libasound prints every failed lookup ("ALSA lib confmisc.c:855:(parse_card) cannot find
card '0'" and a dozen more) straight to file descriptor 2, which is the screen the app draws
on. Both simpleaudio and miniaudio use the same process-wide libasound, so one handler that
swallows the messages covers both. The reasons still reach `coach sounds` through the
exceptions the libraries raise.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import sys
from typing import Any

_HANDLER_TYPE: Any = None
_handler: Any = None  # kept alive here: libasound holds a raw pointer to it
_library: Any = None


def silence_alsa() -> None:
    """Install a handler that drops libasound error messages (Linux; once; best effort)."""
    global _HANDLER_TYPE, _handler, _library
    if _handler is not None or not sys.platform.startswith("linux"):
        return
    try:
        library = ctypes.CDLL("libasound.so.2")
        # void handler(const char *file, int line, const char *func, int err, const char *fmt, ...)
        handler_type = ctypes.CFUNCTYPE(
            None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
        )
        handler = handler_type(_drop)
        library.snd_lib_error_set_handler(handler)
    except (OSError, AttributeError):
        return  # no libasound: nothing will print either
    _HANDLER_TYPE, _handler, _library = handler_type, handler, library
    atexit.register(_restore)


def _drop(*_args: object) -> None:
    return None


def _restore() -> None:
    # Late in shutdown, calling back into Python is unsafe; give libasound its default back.
    global _handler
    if _library is not None and _handler is not None:
        with contextlib.suppress(OSError, AttributeError):
            _library.snd_lib_error_set_handler(None)
    _handler = None
