"""Sets kept beside the history while the history file cannot take them.

When a workout ends and some of its sets could not be written to the history file
(another program held it, the disk was full), they go to `pending-sets.jsonl` in the
same folder: appended, one JSON line per set, flushed to the disk before coach says so.
Each line carries its run (session file, name, start, end, state), so the run can be
made when the file never had it.

The next start that can write the history moves them in, in one transaction, and then
removes the file. Moving in is keyed by the run's session file and start and by the
set's place in the run, so if coach is stopped between the two steps the next start
moves the same sets in again and nothing changes twice. Lines that cannot be read (a
write cut off by a crash) are set aside in `pending-sets.unreadable.jsonl`, never lost.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from coach.domain.load import Load
from coach.domain.records import Run, SetRecord, from_text, to_text
from coach.services.history_store import HistoryStore

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: one coach at a time touches the file
    fcntl = None  # type: ignore[assignment]

FILE_NAME = "pending-sets.jsonl"
UNREADABLE_NAME = "pending-sets.unreadable.jsonl"
_TIMES = ("started", "ended")
_NOT_KEPT = ("id", "session_name", "session_path")  # the history gives these


def pending_path(folder: Path) -> Path:
    return folder / FILE_NAME


@dataclass(frozen=True)
class Kept:
    """Sets written to the pending file instead of the history."""

    count: int
    path: Path

    def describe(self) -> str:
        return f"{self.count} {'set' if self.count == 1 else 'sets'} kept in {self.path}"


@dataclass(frozen=True)
class MovedIn:
    count: int  # sets moved into the history
    path: Path  # where they were kept
    unreadable: int = 0  # lines set aside, unreadable

    def describe(self) -> str:
        sets = "set" if self.count == 1 else "sets"
        said = f"moved {self.count} {sets} kept in {self.path} into the history"
        if self.unreadable:
            said += (
                f"; {self.unreadable} unreadable line(s) are left in "
                f"{self.path.with_name(UNREADABLE_NAME)}"
            )
        return said


# --- writing --------------------------------------------------------------------------


def keep(path: Path, run: Run, records: Sequence[SetRecord]) -> Kept:
    """Append `records` of `run` to the pending file at `path`, on the disk when this
    returns. OSError when it cannot be written."""
    run_line = {
        "id": run.id or None,
        "session_path": run.session_path,
        "session_name": run.session_name,
        "started": to_text(run.started),
        "ended": to_text(run.ended) if run.ended else None,
        "state": run.state,
    }
    text = "".join(
        json.dumps({"run": run_line, "set": _set_fields(r)}, sort_keys=True) + "\n" for r in records
    )
    new = not path.exists()
    with _locked(path) as fd:
        os.write(fd, text.encode())
        os.fsync(fd)
    if new:
        _sync_folder(path.parent)
    return Kept(len(records), path)


def _set_fields(record: SetRecord) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in fields(record):
        if field.name in _NOT_KEPT:
            continue
        value = getattr(record, field.name)
        if isinstance(value, Load):
            value = {"amount": value.amount, "unit": value.unit, "words": value.words}
        elif isinstance(value, datetime):
            value = to_text(value)
        out[field.name] = value
    return out


@contextmanager
def _locked(path: Path) -> Iterator[int]:
    """The pending file, open to read and append, held against every other coach.

    A file that was moved in and removed while this one waited for the lock is opened
    again, so nothing is appended to a file nobody will read."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                yield fd
                return
        finally:
            os.close(fd)  # closing also lets go of the lock


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- moving in ------------------------------------------------------------------------


def move_in(path: Path, store: HistoryStore) -> MovedIn | None:
    """Move the sets kept at `path` into `store` and remove the file; None when there
    is nothing kept. HistoryError (the file stays) when the history cannot take them;
    OSError when the pending file cannot be read."""
    if not path.exists():
        return None
    with _locked(path) as fd:
        with open(fd, "rb", closefd=False) as handle:
            handle.seek(0)
            lines = handle.read().splitlines()
        runs: dict[tuple[str, str], tuple[Run, list[SetRecord]]] = {}
        bad: list[bytes] = []
        for line in lines:
            if not line.strip():
                continue
            try:
                run, record = _read_line(line)
            except (ValueError, KeyError, TypeError):
                bad.append(line)
                continue
            key = (run.session_path, to_text(run.started))
            records = runs[key][1] if key in runs else []
            records.append(record)
            runs[key] = (run, records)  # the latest line says how the run ended
        count = store.absorb(runs.values())
        if bad:
            with path.with_name(UNREADABLE_NAME).open("ab") as aside:
                aside.write(b"".join(line + b"\n" for line in bad))
                aside.flush()
                os.fsync(aside.fileno())
        _remove(path)
    return MovedIn(count, path, len(bad))


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _read_line(line: bytes) -> tuple[Run, SetRecord]:
    data = json.loads(line)
    run, kept = data["run"], data["set"]
    state = run["state"]
    if state not in ("active", "finished", "abandoned"):
        raise ValueError(f"unknown run state {state!r}")
    values = dict(kept)
    load = values["load"]
    values["load"] = Load(load["amount"], load["unit"], load["words"])
    for name in _TIMES:
        values[name] = from_text(values[name])
    known = {f.name for f in fields(SetRecord)}
    record = SetRecord(**{k: v for k, v in values.items() if k in known})
    return (
        Run(
            id=int(run["id"] or 0),
            session_path=str(run["session_path"]),
            session_name=str(run["session_name"]),
            started=from_text(run["started"]),
            ended=from_text(run["ended"]) if run["ended"] else None,
            state=state,
        ),
        record,
    )
