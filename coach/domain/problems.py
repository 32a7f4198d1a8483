"""Problems found in a file, each one line a person can act on: PATH:LINE:COL: message,
or PATH: message for a problem with the file as a whole (it has no lines to point at)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


def shown_path(path: Path | str) -> str:
    """A path as `ls` shows it: bytes that are not UTF-8 (kept by Python as surrogates)
    are written $'\\351' in shell quoting, the rest is left alone when it can be."""
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text
    raw = text.encode("utf-8", "surrogateescape")
    parts: list[str] = []
    good = bytearray()

    def flush() -> None:
        if good:
            quoted = good.decode("utf-8", "replace").replace("'", "'\\''")
            parts.append(f"'{quoted}'")
            good.clear()

    i = 0
    while i < len(raw):
        # Keep whole UTF-8 characters together; escape each byte that is not one.
        for width in (1, 2, 3, 4):
            chunk = raw[i : i + width]
            try:
                chunk.decode("utf-8")
            except UnicodeDecodeError:
                continue
            good.extend(chunk)
            i += width
            break
        else:
            flush()
            parts.append(f"$'\\{raw[i]:03o}'")
            i += 1
    flush()
    return "".join(parts)


@dataclass(frozen=True, order=True)
class Problem:
    line: int  # 1-based; 0 when the problem is with the file as a whole
    column: int  # 1-based
    message: str

    def format(self, path: Path | str) -> str:
        if self.line == 0:
            return f"{shown_path(path)}: {self.message}"
        return f"{shown_path(path)}:{self.line}:{self.column}: {self.message}"


class SessionFileError(Exception):
    """A session file that cannot be used, with every problem found in it."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = sorted(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [problem.format(self.path) for problem in self.problems]
