"""Problems found in a file, each one line a person can act on: PATH:LINE:COL: message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    line: int  # 1-based
    column: int  # 1-based
    message: str

    def format(self, path: Path | str) -> str:
        return f"{path}:{self.line}:{self.column}: {self.message}"


class SessionFileError(Exception):
    """A session file that cannot be used, with every problem found in it."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = sorted(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [problem.format(self.path) for problem in self.problems]
