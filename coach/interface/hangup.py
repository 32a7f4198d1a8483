"""A terminal that goes away without a SIGHUP.

Closing a terminal window normally hangs up the session and sends SIGHUP, which stops the
workout like q does. But a coach that has no controlling terminal (started by a
supervisor, under `setsid`, in a pseudo-terminal some program opened and then closed)
gets no signal: its terminal simply vanishes. Textual's output thread then dies on the
first write, its input thread spins on the dead descriptor at a whole core, and a few
dozen frames later the screen's own writes block for ever: the workout stands still, its
run stays locked, and the process never ends.

So a thread waits on the terminal for a hang-up alone (`poll` with no events asked for
still reports POLLHUP and POLLERR, and nothing else: it sleeps until then, with no
wake-ups of its own), and then sends the process a SIGHUP, which ends the workout the
way a closed window does: the sets kept, exit status 129.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import threading

GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL


def watch_for_hangup(fd: int) -> threading.Thread:
    """Start the thread that turns the terminal on `fd` going away into a SIGHUP."""
    thread = threading.Thread(target=_wait, args=(fd,), name="coach-hangup", daemon=True)
    thread.start()
    return thread


def _wait(fd: int) -> None:
    poller = select.poll()
    poller.register(fd, 0)
    while True:
        try:
            events = poller.poll()
        except InterruptedError:  # a signal: go on waiting
            continue
        except OSError:
            return
        if any(mask & GONE for _, mask in events):
            break
    if any(mask & select.POLLNVAL for _, mask in events):
        return  # the descriptor was closed here, on the way out: nothing went away
    with contextlib.suppress(OSError):
        os.kill(os.getpid(), signal.SIGHUP)
