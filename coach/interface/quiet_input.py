"""Keys from the terminal, read by a thread that sleeps until there is one.

Textual's Linux driver reads keys on a thread that wakes ten times a second, key or no
key, to see whether it should stop. Over an hour's workout that is 36,000 wake-ups and a
fifth of coach's CPU on the live screen. This driver's thread sleeps in `poll` until a
key comes, or until it is told to stop: the stop event writes a byte to a pipe the thread
also watches. Only after a lone Escape does it wait with a time-out, to tell the Escape
key from the start of an escape sequence (Textual's parser decides that after
`ESCAPE_DELAY`; the thread wakes once then, to let it).

A terminal that goes away (read fails or ends) is no longer watched: the thread waits for
its stop event, and `coach.interface.hangup` turns the loss into a SIGHUP. Textual's own
loop would spin on the dead descriptor.
"""

from __future__ import annotations

import contextlib
import math
import os
import select
import threading
from codecs import getincrementaldecoder
from collections.abc import Iterable
from typing import Any

from textual import constants
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

#: After input, wait this long (ms) for the rest of an escape sequence, then let the parser
#: decide. A little over Textual's own delay, so its deadline has surely passed.
ESCAPE_WAIT_MS = math.ceil(constants.ESCAPE_DELAY * 1000) + 5
READ_SIZE = 4096


class _WakingEvent(threading.Event):
    """An Event whose `set` also writes a byte to a pipe, to wake a thread in `poll` on
    `readable`. It owns the pipe: `close` ends it, and a later `set` writes nowhere."""

    def __init__(self) -> None:
        super().__init__()
        self.readable, self._writable = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)

    def set(self) -> None:
        super().set()
        if self._writable >= 0:
            with contextlib.suppress(OSError):  # full: the thread is being woken anyway
                os.write(self._writable, b"!")

    def close(self) -> None:
        for fd in (self.readable, self._writable):
            with contextlib.suppress(OSError):
                os.close(fd)
        self.readable = self._writable = -1


class QuietLinuxDriver(LinuxDriver):
    """Textual's Linux driver with an input thread that has no wake-ups of its own."""

    def __init__(self, app: Any, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._closed = False  # for good: the app has ended
        self._suspending = False
        self._suspended = False  # left application mode for a while (ctrl+z): resumable
        self._stop = _WakingEvent()
        self.exit_event = self._stop  # what Textual sets to end the input thread

    def suspend_application_mode(self) -> None:
        self._suspending = True  # Textual closes the driver, to open it again on resume
        self._suspended = True
        try:
            super().suspend_application_mode()
        finally:
            self._suspending = False

    def resume_application_mode(self) -> None:
        # Textual resumes at every SIGCONT. One can come while the app is on its way out
        # (a closing terminal sends SIGHUP and SIGCONT together), after the terminal was
        # given back: Textual would take it again (alternate screen, raw mode, a new key
        # thread on a pipe about to close, which kept coach from ending). Only a suspend
        # is resumed, and a driver closed for good stays closed.
        if self._closed or not self._suspended:
            return
        self._suspended = False
        super().resume_application_mode()

    def run_input_thread(self) -> None:
        if self._closed:
            return
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")(errors="replace").decode
        wake = self._stop.readable
        _drain(wake)  # a byte left from the last stop (before a suspend)
        poller = select.poll()
        poller.register(wake, select.POLLIN)
        poller.register(self.fileno, select.POLLIN)
        watching = True
        timeout: int | None = None  # sleep until something comes
        try:
            while not self.exit_event.is_set():
                try:
                    ready = poller.poll(timeout)
                except InterruptedError:
                    continue
                if not ready:  # the escape delay has passed: the parser may decide now
                    self._hand_over(parser.tick())
                    timeout = None
                    continue
                for fd, mask in ready:
                    if fd == wake:
                        if mask & select.POLLNVAL:
                            return  # the stop pipe is closed: the driver is done
                        _drain(fd)
                        continue
                    try:
                        data = os.read(fd, READ_SIZE)
                    except BlockingIOError:
                        continue  # woken for nothing: keep watching
                    except OSError:
                        data = b""  # it cannot be read any more: it has gone
                    if not data:
                        poller.unregister(fd)  # gone: never spin on it
                        watching = False
                        continue
                    self._hand_over(parser.feed(decode(data)))
                    self._hand_over(parser.tick())
                    timeout = ESCAPE_WAIT_MS
            if watching:  # what came with the stop is still the person's
                leftover = _read_ready(self.fileno)
                if leftover:
                    self._hand_over(parser.feed(decode(leftover, final=True)))
        finally:
            with contextlib.suppress(EOFError, ParseError):
                for _ in parser.feed(""):
                    pass

    def _hand_over(self, events: Iterable[Message]) -> None:
        for event in events:
            self.process_message(event)

    def close(self) -> None:
        super().close()
        if not self._suspending:
            self._closed = True
            self._stop.close()


def _drain(fd: int) -> None:
    with contextlib.suppress(OSError):
        while os.read(fd, 64):
            pass


def _read_ready(fd: int) -> bytes:
    """Whatever the terminal has right now, without waiting."""
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    try:
        if not poller.poll(0):
            return b""
        return os.read(fd, READ_SIZE)
    except OSError:
        return b""
