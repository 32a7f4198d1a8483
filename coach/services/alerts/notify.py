"""Desktop notifications: `notify-send` on Linux, `osascript` on macOS, else the
terminal's own notification escape.

`send` returns at once: a thread of its own runs the command, one at a time, each
bounded by a timeout. A few notifications may wait; beyond that the newest is dropped
(a notification minutes late is worse than none).
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping

from coach.services.alerts.escapes import notification

APP_NAME = "coach"
COMMAND_TIMEOUT_S = 5.0
WAITING_AT_MOST = 4

Run = Callable[[list[str]], None]


def _run(command: list[str]) -> None:
    subprocess.run(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=COMMAND_TIMEOUT_S,
        check=True,
    )


def _applescript_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Notifier:
    """Sends a notification through one way chosen at start; see `choose_notifier`."""

    def __init__(
        self,
        command: Callable[[str, str], list[str]] | None,
        *,
        detail: str,
        write: Callable[[str], None] | None = None,
        env: Mapping[str, str] | None = None,
        run: Run = _run,
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        self.detail = detail
        self._command = command
        self._write = write
        self._env = env if env is not None else os.environ
        self._run = run
        self._on_warning = on_warning
        self._queue: queue.Queue[tuple[str, str] | None] = queue.Queue(WAITING_AT_MOST)
        self._thread: threading.Thread | None = None
        self._failed = False
        self._closed = False

    def send(self, title: str, body: str) -> None:
        """Show a notification; returns at once, from any thread."""
        if self._closed:
            return
        if self._command is None:
            if self._write is not None:
                self._write(notification(title, body, self._env))
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._serve, name="notify", daemon=True)
            self._thread.start()
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait((title, body))

    def _serve(self) -> None:
        while (item := self._queue.get()) is not None:
            assert self._command is not None
            try:
                self._run(self._command(*item))
            except (OSError, subprocess.SubprocessError) as exc:
                self._warn_once(exc)

    def _warn_once(self, exc: Exception) -> None:
        if self._failed or self._on_warning is None:
            return
        self._failed = True
        reason = str(exc).strip() or type(exc).__name__
        if isinstance(exc, subprocess.TimeoutExpired):
            reason = f"it did not answer within {COMMAND_TIMEOUT_S:g} s"
        elif isinstance(exc, subprocess.CalledProcessError) and exc.stderr:
            reason = exc.stderr.decode(errors="replace").strip().splitlines()[-1]
        self._on_warning(f"Notifications: {self.detail} failed ({reason}).")

    def close(self, wait: float = 0.0) -> None:
        """Stop taking notifications; give one being sent up to `wait` seconds."""
        self._closed = True
        if self._thread is None:
            return
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)
        if wait > 0:
            self._thread.join(wait)


def choose_notifier(
    *,
    write: Callable[[str], None] | None,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
    env: Mapping[str, str] | None = None,
    run: Run = _run,
    on_warning: Callable[[str], None] | None = None,
) -> Notifier:
    """notify-send (Linux and the BSDs), osascript (macOS), else the terminal's escape
    sent through `write` (None: nowhere to send it, notifications are dropped)."""

    def make(command: Callable[[str, str], list[str]] | None, detail: str) -> Notifier:
        return Notifier(
            command, detail=detail, write=write, env=env, run=run, on_warning=on_warning
        )

    if platform == "darwin":
        osascript = which("osascript")
        if osascript:

            def apple(title: str, body: str) -> list[str]:
                script = (
                    f"display notification {_applescript_text(body)} "
                    f"with title {_applescript_text(title)}"
                )
                return [osascript, "-e", script]

            return make(apple, "osascript")
    elif platform != "win32":
        notify_send = which("notify-send")
        if notify_send:

            def freedesktop(title: str, body: str) -> list[str]:
                return [notify_send, f"--app-name={APP_NAME}", "--", title, body]

            return make(freedesktop, "notify-send")
    detail = "the terminal's notification escape" if write else "none (no terminal to tell)"
    return make(None, detail)
