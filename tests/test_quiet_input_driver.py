"""QuietLinuxDriver on its own, with a pipe for a terminal: keys come through, the stop
event wakes the sleeping thread at once, a terminal that ends is let go, and a driver
closed for good is not taken up again by a late SIGCONT (Ctrl-Z's close is not final)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from textual import events
from textual.drivers.linux_driver import LinuxDriver

from coach.interface.quiet_input import QuietLinuxDriver


@pytest.fixture
def driver(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[QuietLinuxDriver, int, list[Any]]]:
    """A driver reading a pipe (write keys to the returned fd), its messages collected,
    and the terminal left alone (application mode is only counted)."""
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTSTP, signal.SIGCONT)}
    started: list[Any] = []
    monkeypatch.setattr(LinuxDriver, "start_application_mode", lambda self: started.append(1))
    monkeypatch.setattr(LinuxDriver, "stop_application_mode", lambda self: None)

    async def make() -> QuietLinuxDriver:
        return QuietLinuxDriver(SimpleNamespace())

    made = asyncio.run(make())
    readable, writable = os.pipe()
    made.fileno = readable
    messages: list[Any] = []
    made.process_message = messages.append  # type: ignore[method-assign]
    made.started = started  # type: ignore[attr-defined]
    try:
        yield made, writable, messages
    finally:
        for fd in (readable, writable):
            with contextlib.suppress(OSError):
                os.close(fd)
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def run_thread(driver: QuietLinuxDriver) -> threading.Thread:
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    return thread


def wait_until(condition, within: float = 5.0) -> None:  # type: ignore[no-untyped-def]
    done = threading.Event()
    for _ in range(int(within / 0.01)):
        if condition():
            return
        done.wait(0.01)
    raise AssertionError("never happened")


def test_keys_come_through_and_the_stop_wakes_the_thread(driver):
    made, keys, messages = driver
    thread = run_thread(made)
    os.write(keys, b"q ")
    wait_until(lambda: len(messages) >= 2)
    assert [m.key for m in messages if isinstance(m, events.Key)] == ["q", "space"]
    made.exit_event.set()  # what Textual's disable_input does, then it joins
    thread.join(2.0)
    assert not thread.is_alive()  # woken from a sleep with no time-out


def test_a_lone_escape_is_handed_over_after_the_escape_delay(driver):
    made, keys, messages = driver
    thread = run_thread(made)
    os.write(keys, b"\x1b")
    wait_until(lambda: any(isinstance(m, events.Key) and m.key == "escape" for m in messages))
    made.exit_event.set()
    thread.join(2.0)
    assert not thread.is_alive()


def cpu_ticks(thread: threading.Thread) -> int:
    fields = Path(f"/proc/self/task/{thread.native_id}/stat").read_text().rsplit(")", 1)[1]
    return int(fields.split()[11]) + int(fields.split()[12])  # utime + stime


def test_a_terminal_that_ends_is_let_go_and_the_stop_still_works(driver):
    made, keys, _messages = driver
    thread = run_thread(made)
    os.close(keys)  # the terminal has gone
    threading.Event().wait(0.1)
    before = cpu_ticks(thread)
    threading.Event().wait(0.5)
    assert thread.is_alive()  # waiting for the stop,
    assert cpu_ticks(thread) - before <= 2  # not spinning on the dead descriptor (~50)
    made.exit_event.set()
    thread.join(2.0)
    assert not thread.is_alive()


def test_suspend_and_resume_take_the_terminal_up_again(driver):
    made, keys, messages = driver
    made.suspend_application_mode()  # Textual closes the driver here
    made.resume_application_mode()
    assert made.started == [1]
    thread = run_thread(made)  # the key thread of the resumed app
    os.write(keys, b"x")
    wait_until(lambda: any(isinstance(m, events.Key) and m.key == "x" for m in messages))
    made.exit_event.set()
    thread.join(2.0)
    assert not thread.is_alive()


def test_a_driver_closed_for_good_is_not_taken_up_again(driver):
    made, _keys, _messages = driver
    made.close()
    made.resume_application_mode()  # a SIGCONT on the way out
    assert made.started == []
    made.run_input_thread()  # returns at once: nothing to read for
    made.exit_event.set()  # and writes into no descriptor that might be reused


def test_a_sigcont_with_no_suspend_before_it_takes_nothing_up(driver):
    # A closing terminal sends SIGHUP and SIGCONT together: the SIGCONT can come after the
    # app gave the terminal back, before the driver is closed.
    made, _keys, _messages = driver
    made.stop_application_mode()
    made.resume_application_mode()
    assert made.started == []
    made.suspend_application_mode()  # ctrl+z, then fg: that one is resumed, once
    made.resume_application_mode()
    made.resume_application_mode()
    assert made.started == [1]


def test_a_stop_pipe_closed_under_the_thread_ends_it(driver):
    made, keys, _messages = driver
    thread = run_thread(made)
    os.close(made._stop.readable)  # closed while the thread sleeps on it
    os.write(keys, b"x")  # the thread wakes, and finds it closed
    thread.join(2.0)
    assert not thread.is_alive()  # ended, not spinning on the closed descriptor
