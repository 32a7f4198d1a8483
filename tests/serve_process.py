"""Start `coach serve` on 127.0.0.1 with a free port, read its address, stop it."""

from __future__ import annotations

import re
import select
import signal
import subprocess
import sys
import urllib.parse
from pathlib import Path


def serve_extra_installed() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("textual_serve", "segno"))


class Served:
    def __init__(self, *args: str, log: Path) -> None:
        self.log_path = log
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "coach", "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        assert self.process.stdout is not None
        # Bounded: a server that never says where it listens fails the test, not the run.
        ready, _, _ = select.select([self.process.stdout], [], [], 60)
        line = self.process.stdout.readline() if ready else ""
        found = re.search(r"(https?://\S+)", line)
        if found is None:
            self.stop()
            raise AssertionError(f"no address printed: {line!r}; log: {self.log()}")
        self.url = found.group(1)
        parts = urllib.parse.urlsplit(self.url)
        self.host = parts.hostname or ""
        self.port = parts.port or 0
        self.token = urllib.parse.parse_qs(parts.query)["token"][0]
        self.base = f"{parts.scheme}://{parts.netloc}"

    def log(self) -> str:
        self._log.flush()
        return self.log_path.read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._log.close()
