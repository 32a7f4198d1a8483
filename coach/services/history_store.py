"""The training history: every finished set, kept in an SQLite file.

One file in the user data folder, in WAL mode so a reader never waits for a writer and
two `coach` processes can write at once. Every write is its own transaction, committed
before the call returns, so a killed process loses nothing that was already handed over.

The schema carries a version (`PRAGMA user_version`) and a list of forward migrations.
A file this program cannot use (damaged, or written by a newer version) is never
written to: history goes to a fresh file beside it, and a warning says where.

Times are stored as ISO 8601 text in UTC, so they read well in any SQLite tool and
sort in time order as plain strings.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from coach.domain.load import Load
from coach.domain.records import Run, RunState, SetRecord, from_text, to_text
from coach.services.regular_file import not_a_file

FILE_NAME = "history.sqlite3"
RECOVERED_PREFIX = "history-recovered-"
BUSY_TIMEOUT = 2.0  # seconds a write waits for another process before giving up
SQLITE_MAGIC = b"SQLite format 3\x00"


# Each migration moves the schema up by one version; never edit a released one, add one.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: runs of a session, and the sets done in each
    (
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            session_path TEXT NOT NULL,
            session_name TEXT NOT NULL,
            started TEXT NOT NULL,
            ended TEXT,
            state TEXT NOT NULL DEFAULT 'active'
                CHECK (state IN ('active', 'finished', 'abandoned'))
        )
        """,
        "CREATE INDEX runs_by_path ON runs (session_path, id)",
        "CREATE INDEX runs_by_name ON runs (session_name, id)",
        """
        CREATE TABLE sets (
            id INTEGER PRIMARY KEY,
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            entry INTEGER NOT NULL,
            exercise TEXT NOT NULL,
            variation TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            set_no INTEGER NOT NULL,
            side TEXT NOT NULL DEFAULT '',
            reps_planned INTEGER NOT NULL DEFAULT 0,
            reps_done INTEGER NOT NULL DEFAULT 0,
            rounds_planned INTEGER NOT NULL DEFAULT 0,
            rounds_done INTEGER NOT NULL DEFAULT 0,
            load TEXT NOT NULL DEFAULT '',
            load_amount REAL,
            load_unit TEXT CHECK (load_unit IN ('kg', 'lb')),
            planned_load TEXT NOT NULL DEFAULT '',
            file_load TEXT NOT NULL DEFAULT '',
            started TEXT NOT NULL,
            ended TEXT NOT NULL,
            skipped INTEGER NOT NULL DEFAULT 0,
            UNIQUE (run_id, entry, set_no, side)
        )
        """,
    ),
    # 2: remember which sets the user corrected after the fact; find an exercise fast
    (
        "ALTER TABLE sets ADD COLUMN corrected INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX sets_by_exercise ON sets (exercise, started)",
    ),
    # 3: a set's id is never given to another set (AUTOINCREMENT), so an id a person
    # noted stays theirs and a deleted set can come back under it; every edit and
    # deletion made after the fact keeps the row it replaced, for undo
    (
        """
        CREATE TABLE sets_numbered (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            entry INTEGER NOT NULL,
            exercise TEXT NOT NULL,
            variation TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            set_no INTEGER NOT NULL,
            side TEXT NOT NULL DEFAULT '',
            reps_planned INTEGER NOT NULL DEFAULT 0,
            reps_done INTEGER NOT NULL DEFAULT 0,
            rounds_planned INTEGER NOT NULL DEFAULT 0,
            rounds_done INTEGER NOT NULL DEFAULT 0,
            load TEXT NOT NULL DEFAULT '',
            load_amount REAL,
            load_unit TEXT CHECK (load_unit IN ('kg', 'lb')),
            planned_load TEXT NOT NULL DEFAULT '',
            file_load TEXT NOT NULL DEFAULT '',
            started TEXT NOT NULL,
            ended TEXT NOT NULL,
            skipped INTEGER NOT NULL DEFAULT 0,
            corrected INTEGER NOT NULL DEFAULT 0,
            UNIQUE (run_id, entry, set_no, side)
        )
        """,
        """
        INSERT INTO sets_numbered
        SELECT id, run_id, entry, exercise, variation, title, set_no, side, reps_planned,
            reps_done, rounds_planned, rounds_done, load, load_amount, load_unit,
            planned_load, file_load, started, ended, skipped, corrected
        FROM sets
        """,
        "DROP TABLE sets",
        "ALTER TABLE sets_numbered RENAME TO sets",
        "CREATE INDEX sets_by_exercise ON sets (exercise, started)",
        """
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            made TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('edit', 'delete')),
            set_id INTEGER NOT NULL,
            set_row TEXT NOT NULL,
            run_row TEXT NOT NULL
        )
        """,
    ),
    # 4: warm-up sets are kept, marked, and left out of volume, records and progression
    ("ALTER TABLE sets ADD COLUMN warmup INTEGER NOT NULL DEFAULT 0",),
    # 5: how hard a set was (RPE 6-10, or reps in reserve 0-5) and a note, per set; a
    # note on the run as a whole
    (
        "ALTER TABLE sets ADD COLUMN rpe REAL CHECK (rpe IS NULL OR rpe BETWEEN 6 AND 10)",
        "ALTER TABLE sets ADD COLUMN rir INTEGER CHECK (rir IS NULL OR rir BETWEEN 0 AND 5)",
        "ALTER TABLE sets ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE runs ADD COLUMN note TEXT NOT NULL DEFAULT ''",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


# --- errors ---------------------------------------------------------------------------


class HistoryError(Exception):
    """The history cannot be used right now; the message is one line for a person."""


class HistoryLocked(HistoryError):
    """Another program held the file longer than the wait allows."""


class HistoryUnwritable(HistoryError):
    """The disk is full, or the file or its folder is read-only."""


class _Unusable(Exception):
    """The file is damaged or from a newer version: leave it alone."""


def _problem(exc: sqlite3.Error, path: Path) -> HistoryError | _Unusable:
    """Sort an sqlite3 error into what a person can do about it."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = " ".join(str(exc).split())  # one line, whatever SQLite said
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return HistoryLocked(
            f"the history file {path} is busy (another program is writing to it); "
            "gave up after waiting"
        )
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "not a database" in text:
        return _Unusable(f"it is damaged ({text})")
    if name.startswith("SQLITE_FULL") or "full" in text:
        return HistoryUnwritable(f"the disk holding {path} is full; history is not being saved")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM")) or (
        "readonly" in text or "unable to open" in text
    ):
        return HistoryUnwritable(f"cannot write {path} (read-only file or folder)")
    return HistoryUnwritable(f"cannot write {path}: {text}")


_SET_COLUMNS = (
    "run_id, entry, exercise, variation, title, set_no, side, reps_planned, reps_done, "
    "rounds_planned, rounds_done, load, load_amount, load_unit, planned_load, file_load, "
    "started, ended, skipped, corrected, warmup, rpe, rir, note"
)
# Columns that older kept changes (see `undo`) may lack, with the value they stand for.
_LATER_COLUMNS: dict[str, object] = {"warmup": 0, "rpe": None, "rir": None, "note": ""}
_SET_NAMES = tuple(c.strip() for c in _SET_COLUMNS.split(","))
_SET_SELECT = ", ".join(f"s.{c}" for c in _SET_NAMES)
_SET_FROM = (
    f"SELECT {_SET_SELECT}, r.session_name, r.session_path, s.id "
    "FROM sets s JOIN runs r ON r.id = s.run_id"
)
_SET_KEY = ("run_id", "entry", "set_no", "side")
_UPSERT = (
    f"INSERT INTO sets ({_SET_COLUMNS}) VALUES ({', '.join('?' * len(_SET_NAMES))}) "
    f"ON CONFLICT (run_id, entry, set_no, side) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _SET_NAMES if c not in _SET_KEY)
)
_RUN_NAMES = ("id", "session_path", "session_name", "started", "ended", "state", "note")


def _set_row(record: SetRecord) -> tuple[object, ...]:
    return (
        record.run_id,
        record.entry,
        record.exercise,
        record.variation or "",
        record.title,
        record.set_no,
        record.side or "",
        record.reps_planned,
        record.reps_done,
        record.rounds_planned,
        record.rounds_done,
        str(record.load),
        record.load.amount,
        record.load.unit,
        record.planned_load,
        record.file_load,
        to_text(record.started),
        to_text(record.ended),
        int(record.skipped),
        int(record.corrected),
        int(record.warmup),
        record.rpe,
        record.rir,
        record.note,
    )


def _record(row: Sequence[object]) -> SetRecord:
    amount, unit, words = row[12], row[13], row[11]
    if amount is not None and unit in ("kg", "lb"):
        load = Load(float(str(amount)), "kg" if unit == "kg" else "lb")
    else:
        load = Load(words=str(words)) if words else Load()
    return SetRecord(
        run_id=int(str(row[0])),
        entry=int(str(row[1])),
        exercise=str(row[2]),
        variation=str(row[3]) or None,
        title=str(row[4]),
        set_no=int(str(row[5])),
        side=str(row[6]) or None,
        reps_planned=int(str(row[7])),
        reps_done=int(str(row[8])),
        rounds_planned=int(str(row[9])),
        rounds_done=int(str(row[10])),
        load=load,
        planned_load=str(row[14]),
        file_load=str(row[15]),
        started=from_text(str(row[16])),
        ended=from_text(str(row[17])),
        skipped=bool(row[18]),
        corrected=bool(row[19]),
        warmup=bool(row[20]),
        rpe=float(str(row[21])) if row[21] is not None else None,
        rir=int(str(row[22])) if row[22] is not None else None,
        note=str(row[23] or ""),
        session_name=str(row[24]),
        session_path=str(row[25]),
        id=int(str(row[26])),
    )


def _run(row: Sequence[object]) -> Run:
    state = str(row[5])
    return Run(
        id=int(str(row[0])),
        session_path=str(row[1]),
        session_name=str(row[2]),
        started=from_text(str(row[3])),
        ended=from_text(str(row[4])) if row[4] else None,
        state="finished"
        if state == "finished"
        else "abandoned"
        if state == "abandoned"
        else "active",
        sets_recorded=int(str(row[6])),
        note=str(row[7] or ""),
    )


_RUN_SELECT = (
    "SELECT r.id, r.session_path, r.session_name, r.started, r.ended, r.state, "
    "(SELECT count(*) FROM sets s WHERE s.run_id = r.id), r.note FROM runs r"
)


# --- the store ------------------------------------------------------------------------


class HistoryStore:
    """An open history file. Safe to share between threads; each call holds a lock.

    Reads and writes raise HistoryError (HistoryLocked, HistoryUnwritable) with a line
    for a person; `warnings` collects what was said while opening (a file set aside).
    """

    def __init__(self, connection: sqlite3.Connection, path: Path, warnings: list[str]) -> None:
        self._db = connection
        self.path = path
        self.warnings = warnings
        self._lock = threading.Lock()

    # --- plumbing ---------------------------------------------------------------------

    @contextmanager
    def _cursor(self, write: bool = False) -> Iterator[sqlite3.Cursor]:
        with self._lock:
            cursor = self._db.cursor()
            try:
                if write:
                    cursor.execute("BEGIN IMMEDIATE")
                yield cursor
                if write:
                    cursor.execute("COMMIT")
            except sqlite3.Error as exc:
                if self._db.in_transaction:
                    # The first error is the one worth reporting.
                    with suppress(sqlite3.Error):
                        self._db.rollback()
                raise _error(exc, self.path) from None
            except BaseException:
                if self._db.in_transaction:
                    with suppress(sqlite3.Error):
                        self._db.rollback()
                raise
            finally:
                cursor.close()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @property
    def schema_version(self) -> int:
        with self._cursor() as cur:
            return int(cur.execute("PRAGMA user_version").fetchone()[0])

    # --- runs -------------------------------------------------------------------------

    def start_run(self, session_path: str, session_name: str, started: datetime) -> int:
        with self._cursor(write=True) as cur:
            cur.execute(
                "INSERT INTO runs (session_path, session_name, started) VALUES (?, ?, ?)",
                (session_path, session_name, to_text(started)),
            )
            run_id = cur.lastrowid
        assert run_id is not None
        return run_id

    def end_run(self, run_id: int, state: RunState, ended: datetime) -> None:
        with self._cursor(write=True) as cur:
            cur.execute(
                "UPDATE runs SET state = ?, ended = ? WHERE id = ?",
                (state, to_text(ended), run_id),
            )

    def note_run(self, run_id: int, note: str) -> None:
        """Keep what the person said of the run as a whole (replacing any earlier note)."""
        with self._cursor(write=True) as cur:
            cur.execute("UPDATE runs SET note = ? WHERE id = ?", (note, run_id))

    def forget_run_if_empty(self, run_id: int) -> bool:
        """Remove a run in which no set was recorded; True when it was removed."""
        with self._cursor(write=True) as cur:
            cur.execute(
                "DELETE FROM runs WHERE id = ? AND NOT EXISTS "
                "(SELECT 1 FROM sets WHERE run_id = ?)",
                (run_id, run_id),
            )
            return cur.rowcount > 0

    def latest_run(self, session_path: str) -> Run | None:
        """The most recent run of the session file at `session_path`."""
        with self._cursor() as cur:
            row = cur.execute(
                f"{_RUN_SELECT} WHERE r.session_path = ? ORDER BY r.id DESC LIMIT 1",
                (session_path,),
            ).fetchone()
        return _run(row) if row else None

    def run(self, run_id: int) -> Run | None:
        with self._cursor() as cur:
            row = cur.execute(f"{_RUN_SELECT} WHERE r.id = ?", (run_id,)).fetchone()
        return _run(row) if row else None

    def runs(self, since: datetime | None = None) -> list[Run]:
        """Runs with at least one set, oldest first."""
        with self._cursor() as cur:
            rows = cur.execute(
                f"{_RUN_SELECT} WHERE r.started >= ? AND EXISTS "
                "(SELECT 1 FROM sets s WHERE s.run_id = r.id) ORDER BY r.started, r.id",
                (to_text(since) if since else "",),
            ).fetchall()
        return [_run(row) for row in rows]

    # --- sets -------------------------------------------------------------------------

    def save_sets(self, records: Iterable[SetRecord]) -> None:
        """Insert or replace sets, keyed by (run, entry, set, side), in one transaction.

        A set run again (the user stepped back to it) replaces the earlier record, so
        nothing is ever recorded twice.
        """
        rows = [_set_row(r) for r in records]
        if not rows:
            return
        with self._cursor(write=True) as cur:
            cur.executemany(_UPSERT, rows)

    def save_set(self, record: SetRecord) -> None:
        self.save_sets([record])

    def run_sets(self, run_id: int) -> list[SetRecord]:
        with self._cursor() as cur:
            rows = cur.execute(
                f"{_SET_FROM} WHERE s.run_id = ? ORDER BY s.entry, s.set_no, s.side", (run_id,)
            ).fetchall()
        return [_record(row) for row in rows]

    def session_sets(
        self, session_name: str, before_run: int | None = None, runs: int = 30
    ) -> list[SetRecord]:
        """Sets of the last `runs` runs of a session (by name) before `before_run`,
        newest run first."""
        with self._cursor() as cur:
            rows = cur.execute(
                f"{_SET_FROM} WHERE s.run_id IN ("
                "SELECT id FROM runs WHERE session_name = ? AND id < ? "
                "ORDER BY id DESC LIMIT ?) "
                "ORDER BY s.run_id DESC, s.entry, s.set_no, s.side",
                (session_name, before_run if before_run is not None else 2**62, runs),
            ).fetchall()
        return [_record(row) for row in rows]

    def sets(self, exercise: str | None = None, since: datetime | None = None) -> list[SetRecord]:
        """Every set (of one exercise, when given) since a moment, in the order done."""
        query = f"{_SET_FROM} WHERE s.started >= ?"
        params: list[object] = [to_text(since) if since else ""]
        if exercise is not None:
            query += " AND s.exercise = ?"
            params.append(exercise)
        query += " ORDER BY s.started, s.run_id, s.entry, s.set_no, s.side"
        with self._cursor() as cur:
            rows = cur.execute(query, params).fetchall()
        return [_record(row) for row in rows]

    def exercises(self) -> list[str]:
        """The exercise ids with at least one recorded set."""
        with self._cursor() as cur:
            rows = cur.execute("SELECT DISTINCT exercise FROM sets ORDER BY exercise").fetchall()
        return [str(row[0]) for row in rows]

    def set_by_id(self, set_id: int) -> SetRecord | None:
        with self._cursor() as cur:
            row = cur.execute(f"{_SET_FROM} WHERE s.id = ?", (set_id,)).fetchone()
        return _record(row) if row else None

    # --- changes after the fact, and undo ---------------------------------------------

    def edit_set(self, record: SetRecord, now: datetime | None = None) -> SetRecord:
        """Write `record` over the set with its id, marked corrected; the row it replaces
        is kept for `undo`. HistoryError when there is no such set any more."""
        if record.id is None:
            raise ValueError("edit_set needs a record read from the history")
        changed = replace(record, corrected=True)
        with self._cursor(write=True) as cur:
            self._keep_change(cur, "edit", record.id, now)
            cur.execute(
                f"UPDATE sets SET {', '.join(f'{c} = ?' for c in _SET_NAMES)} WHERE id = ?",
                (*_set_row(changed), record.id),
            )
        return changed

    def delete_set(self, set_id: int, now: datetime | None = None) -> SetRecord | None:
        """Remove a set, keeping it for `undo`; None when there is no such set."""
        record = self.set_by_id(set_id)
        if record is None:
            return None
        with self._cursor(write=True) as cur:
            self._keep_change(cur, "delete", set_id, now)
            cur.execute("DELETE FROM sets WHERE id = ?", (set_id,))
        return record

    def _keep_change(
        self, cur: sqlite3.Cursor, kind: str, set_id: int, now: datetime | None
    ) -> None:
        row = cur.execute(f"SELECT id, {_SET_COLUMNS} FROM sets WHERE id = ?", (set_id,)).fetchone()
        if row is None:
            raise HistoryError(f"there is no set with id {set_id} any more")
        run = cur.execute(
            f"SELECT {', '.join(_RUN_NAMES)} FROM runs WHERE id = ?", (row[1],)
        ).fetchone()
        cur.execute(
            "INSERT INTO changes (made, kind, set_id, set_row, run_row) VALUES (?, ?, ?, ?, ?)",
            (
                to_text(now or datetime.now(UTC)),
                kind,
                set_id,
                json.dumps(dict(zip(("id", *_SET_NAMES), row, strict=True))),
                json.dumps(dict(zip(_RUN_NAMES, run, strict=True))),
            ),
        )

    def undo(self) -> Undone | None:
        """Bring back the set as it was before the latest edit or deletion still on
        record, and forget that change (so the next call goes one further back).
        None when there is nothing to undo; HistoryError when the set cannot come back
        (its place in the run was taken by a set recorded since)."""
        with self._cursor(write=True) as cur:
            change = cur.execute(
                "SELECT id, kind, set_id, set_row, run_row FROM changes ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if change is None:
                return None
            change_id, kind, set_id = int(change[0]), str(change[1]), int(change[2])
            old: dict[str, object] = json.loads(change[3])
            run: dict[str, object] = json.loads(change[4])
            now = cur.execute(f"{_SET_FROM} WHERE s.id = ?", (set_id,)).fetchone()
            old["run_id"] = self._run_for(cur, run)
            taken = cur.execute(
                "SELECT id FROM sets WHERE run_id = ? AND entry = ? AND set_no = ? "
                "AND side = ? AND id != ?",
                (old["run_id"], old["entry"], old["set_no"], old["side"], set_id),
            ).fetchone()
            if taken is not None:
                raise HistoryError(
                    f"set {set_id} cannot come back: the same set of that run was recorded "
                    f"again since, as set {taken[0]}; delete {taken[0]} first"
                )
            values = [old[c] if c in old else _LATER_COLUMNS[c] for c in _SET_NAMES]
            if now is None:
                cur.execute(
                    f"INSERT INTO sets (id, {_SET_COLUMNS}) "
                    f"VALUES (?, {', '.join('?' * len(_SET_NAMES))})",
                    (set_id, *values),
                )
            else:
                cur.execute(
                    f"UPDATE sets SET {', '.join(f'{c} = ?' for c in _SET_NAMES)} WHERE id = ?",
                    (*values, set_id),
                )
            cur.execute("DELETE FROM changes WHERE id = ?", (change_id,))
            back = cur.execute(f"{_SET_FROM} WHERE s.id = ?", (set_id,)).fetchone()
        return Undone(
            "edit" if kind == "edit" else "delete",
            _record(back),
            _record(now) if now is not None else None,
        )

    @staticmethod
    def _run_for(cur: sqlite3.Cursor, run: dict[str, object]) -> int:
        """The id of `run` (as it was kept with a change), making it again if it has
        gone: under its old id when that is free, else under a new one."""
        same = cur.execute(
            "SELECT id FROM runs WHERE id = ? AND session_path = ? AND started = ?",
            (run["id"], run["session_path"], run["started"]),
        ).fetchone()
        if same is not None:
            return int(same[0])
        used = cur.execute("SELECT 1 FROM runs WHERE id = ?", (run["id"],)).fetchone()
        names = _RUN_NAMES if used is None else _RUN_NAMES[1:]
        cur.execute(
            f"INSERT INTO runs ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [run.get(n, "") for n in names],  # changes kept before notes have none
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    # --- sets kept elsewhere while the file could not be written ----------------------

    def absorb(self, runs: Iterable[tuple[Run, Sequence[SetRecord]]]) -> int:
        """Write sets kept outside the file, with their runs, in one transaction; the
        number of sets written. A run is found by its session file and start (made when
        missing), a set by its place in the run, so absorbing the same sets again
        changes nothing. A run that ended is marked so unless the file says otherwise."""
        count = 0
        with self._cursor(write=True) as cur:
            for run, records in runs:
                found = cur.execute(
                    "SELECT id, state FROM runs WHERE session_path = ? AND started = ? "
                    "ORDER BY id LIMIT 1",
                    (run.session_path, to_text(run.started)),
                ).fetchone()
                if found is None and run.id:
                    found = cur.execute(
                        "SELECT id, state FROM runs WHERE id = ? AND session_path = ?",
                        (run.id, run.session_path),
                    ).fetchone()
                ended = to_text(run.ended) if run.ended else None
                if found is None:
                    cur.execute(
                        "INSERT INTO runs (session_path, session_name, started, ended, state) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (
                            run.session_path,
                            run.session_name,
                            to_text(run.started),
                            ended,
                            run.state,
                        ),
                    )
                    assert cur.lastrowid is not None
                    run_id = cur.lastrowid
                else:
                    run_id = int(found[0])
                    if found[1] == "active" and run.state != "active":
                        cur.execute(
                            "UPDATE runs SET state = ?, ended = ? WHERE id = ?",
                            (run.state, ended, run_id),
                        )
                cur.executemany(_UPSERT, [_set_row(replace(r, run_id=run_id)) for r in records])
                count += len(records)
        return count

    # --- workouts brought in from another log -----------------------------------------

    def add_imported(self, runs: Iterable[tuple[Run, Sequence[SetRecord]]]) -> tuple[int, int]:
        """Add finished runs read from an export, all in one transaction; (runs added,
        sets added). A run already there (same session_path and start) keeps what it
        has, sets and corrections alike, so the same file twice adds nothing."""
        added_runs = added_sets = 0
        with self._cursor(write=True) as cur:
            for run, records in runs:
                found = cur.execute(
                    "SELECT id FROM runs WHERE session_path = ? AND started = ? LIMIT 1",
                    (run.session_path, to_text(run.started)),
                ).fetchone()
                if found is not None:
                    continue
                cur.execute(
                    "INSERT INTO runs (session_path, session_name, started, ended, state) "
                    "VALUES (?, ?, ?, ?, 'finished')",
                    (
                        run.session_path,
                        run.session_name,
                        to_text(run.started),
                        to_text(run.ended or run.started),
                    ),
                )
                assert cur.lastrowid is not None
                run_id = cur.lastrowid
                rows = [_set_row(replace(r, run_id=run_id)) for r in records]
                marks = ", ".join("?" * len(_SET_NAMES))
                cur.executemany(f"INSERT INTO sets ({_SET_COLUMNS}) VALUES ({marks})", rows)
                added_runs += 1
                added_sets += len(rows)
        return added_runs, added_sets


@dataclass(frozen=True)
class Undone:
    """What `undo` brought back: the set as it is again, and what it replaced (None
    when the set had been deleted)."""

    kind: Literal["edit", "delete"]
    record: SetRecord
    replaced: SetRecord | None


def _error(exc: sqlite3.Error, path: Path) -> HistoryError:
    problem = _problem(exc, path)
    if isinstance(problem, _Unusable):
        return HistoryUnwritable(f"the history file {path} cannot be read: {problem}")
    return problem


# --- opening --------------------------------------------------------------------------


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    # isolation_level=None: no implicit transactions; every write states its own.
    db = sqlite3.connect(path, timeout=timeout, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA foreign_keys = ON")
    return db


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError:
        return True  # let SQLite say what is wrong
    return head in (b"", SQLITE_MAGIC)


def _prepare(path: Path, timeout: float) -> sqlite3.Connection:
    """Open `path`, check it, and migrate it to the current schema.

    Raises _Unusable (damaged, newer) or HistoryError (locked, unwritable).
    """
    standing = not_a_file(path)
    if standing is not None:  # a folder, or a named pipe, whose opening would wait
        raise _Unusable(f"it is {standing}, not a file")
    if path.exists() and not _looks_like_sqlite(path):
        raise _Unusable("it is not an SQLite database")
    try:
        db = _connect(path, timeout)
    except sqlite3.Error as exc:
        raise _problem(exc, path) from None
    try:
        _check_and_migrate(db)
    except sqlite3.Error as exc:
        db.close()
        raise _problem(exc, path) from None
    except BaseException:
        db.close()
        raise
    return db


def _check_and_migrate(db: sqlite3.Connection) -> None:
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise _Unusable(
            f"it was written by a newer coach (schema {version}; this one knows up to "
            f"{SCHEMA_VERSION})"
        )
    verdict = db.execute("PRAGMA quick_check").fetchone()[0]
    if verdict != "ok":  # SQLite's own report is lines of page numbers: not for a person
        raise _Unusable("it is damaged (SQLite's integrity check fails)")
    if version < SCHEMA_VERSION:
        _migrate(db)
    mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise sqlite3.OperationalError("attempt to write a readonly database")
    # In WAL mode NORMAL survives any crash of the program; only a power cut may lose
    # the last commits, never consistency.
    db.execute("PRAGMA synchronous = NORMAL")


def _migrate(db: sqlite3.Connection) -> None:
    db.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have migrated while this one waited for the lock.
        version = int(db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise _Unusable(f"it was written by a newer coach (schema {version})")
        for number in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[number]:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


def _recovered_files(folder: Path) -> list[Path]:
    """Files set up beside an unusable history, newest first."""
    return sorted(folder.glob(f"{RECOVERED_PREFIX}*.sqlite3"), reverse=True)


def open_history(
    folder: Path,
    *,
    create: bool = True,
    timeout: float = BUSY_TIMEOUT,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> HistoryStore | None:
    """Open (or with `create`, make) the history in `folder`.

    Returns None when there is no history yet and `create` is false. A damaged file, or
    one from a newer version, is left untouched: the newest usable
    `history-recovered-*.sqlite3` beside it is used instead (with `create`, a new one),
    and `warnings` on the store says so. Raises HistoryLocked when another program keeps
    the file busy past `timeout`, HistoryUnwritable when it cannot be created or opened.
    """
    main = folder / FILE_NAME
    if not create and not main.exists():
        return None
    if create:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise HistoryUnwritable(
                f"cannot create the folder {folder} ({exc.strerror or exc}); "
                "history is not being saved"
            ) from None
    try:
        return HistoryStore(_prepare(main, timeout), main, [])
    except _Unusable as why:
        reason = str(why)
    for candidate in _recovered_files(folder):
        try:
            db = _prepare(candidate, timeout)
        except (_Unusable, HistoryError):
            continue
        return HistoryStore(db, candidate, [_set_aside(main, reason, candidate)])
    if not create:
        raise HistoryUnwritable(f"the history file {main} cannot be read: {reason}")
    fresh = folder / f"{RECOVERED_PREFIX}{now().astimezone(UTC):%Y%m%d-%H%M%S}.sqlite3"
    try:
        db = _prepare(fresh, timeout)
    except _Unusable as again:  # a file of that name appeared and is itself unusable
        raise HistoryUnwritable(f"cannot start a new history file {fresh}: {again}") from None
    return HistoryStore(db, fresh, [_set_aside(main, reason, fresh)])


def _set_aside(main: Path, reason: str, used: Path) -> str:
    return (
        f"the history file {main} cannot be used: {reason}. It is left as it is; "
        f"history is kept in {used} instead"
    )
