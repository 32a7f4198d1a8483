"""One live run per session: a run being trained is held by its process.

The hold is an advisory lock (`flock`) on a small file per run in the user data folder:
the kernel lets go of it when the process ends, however it ends, so a killed coach never
leaves a run locked. The file carries the holder's process id so another coach can say
who has it. A short lock per session file makes "look for an unfinished run, then take
or start one" one step, so two coaches starting together cannot both take the same run.

Where `fcntl` does not exist (Windows) nothing is locked.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCKS = "locks"


class RunLocks:
    """Holds runs for this process; asks who holds the others."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder / LOCKS
        self._held: dict[int, IO[str]] = {}

    def _path(self, run_id: int) -> Path:
        return self.folder / f"run-{run_id}.lock"

    def _open(self, path: Path) -> IO[str] | None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            return path.open("a+", encoding="utf-8")
        except OSError:
            return None

    def hold(self, run_id: int) -> bool:
        """Hold `run_id` for as long as this process lives (or until `release`). False
        when another process holds it."""
        if fcntl is None or run_id in self._held:
            return True
        handle = self._open(self._path(run_id))
        if handle is None:
            return True  # no lock can be taken here; training goes on unguarded
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._held[run_id] = handle
        return True

    def holder(self, run_id: int) -> int | None:
        """The process id holding `run_id` when another process holds it, else None."""
        if fcntl is None or run_id in self._held:
            return None
        path = self._path(run_id)
        if not path.exists():
            return None
        handle = self._open(path)
        if handle is None:
            return None
        with handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                handle.seek(0)
                text = handle.read().strip()
                return int(text) if text.isdigit() else -1
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        return None

    def release(self, run_id: int) -> None:
        handle = self._held.pop(run_id, None)
        if handle is not None:
            with contextlib.suppress(OSError):
                handle.close()

    def release_all(self) -> None:
        for run_id in list(self._held):
            self.release(run_id)

    @contextlib.contextmanager
    def session(self, session_path: str, timeout: float = 5.0) -> Iterator[None]:
        """While held, no other coach looks for or starts a run of this session file."""
        if fcntl is None:
            yield
            return
        digest = hashlib.sha1(session_path.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        handle = self._open(self.folder / f"session-{digest}.lock")
        if handle is None:
            yield
            return
        with handle:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError:
                    if time.monotonic() >= deadline:
                        break  # go on unguarded rather than hang the start
                    time.sleep(0.02)
            try:
                yield
            finally:
                with contextlib.suppress(OSError):
                    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
