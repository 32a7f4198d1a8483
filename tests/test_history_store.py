"""The history file: schema and migrations, upserts, and every bad state a disk can be in."""

import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach.domain.load import Load
from coach.services.history_store import (
    FILE_NAME,
    SCHEMA_VERSION,
    HistoryError,
    HistoryLocked,
    HistoryUnwritable,
    SetRecord,
    open_history,
)

T0 = datetime(2024, 6, 3, 18, 0, tzinfo=UTC)

# The first released schema, frozen here: a file written by the first version must open.
SCHEMA_1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    session_path TEXT NOT NULL,
    session_name TEXT NOT NULL,
    started TEXT NOT NULL,
    ended TEXT,
    state TEXT NOT NULL DEFAULT 'active'
        CHECK (state IN ('active', 'finished', 'abandoned'))
);
CREATE INDEX runs_by_path ON runs (session_path, id);
CREATE INDEX runs_by_name ON runs (session_name, id);
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
);
PRAGMA user_version = 1;
"""


def a_set(run_id: int, set_no: int = 1, **changes) -> SetRecord:
    values = dict(
        run_id=run_id,
        entry=0,
        exercise="hip-thrust",
        variation=None,
        title="Hip thrust",
        set_no=set_no,
        side=None,
        reps_planned=10,
        reps_done=10,
        rounds_planned=0,
        rounds_done=0,
        load=Load(60, "kg"),
        planned_load="60 kg",
        file_load="60 kg",
        started=T0 + timedelta(minutes=set_no * 3),
        ended=T0 + timedelta(minutes=set_no * 3, seconds=40),
        skipped=False,
    )
    values.update(changes)
    return SetRecord(**values)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_a_new_history_is_created_in_wal_mode_at_the_current_schema(folder):
    store = open_history(folder)
    assert store is not None and store.path == folder / FILE_NAME
    assert store.warnings == []
    assert store.schema_version == SCHEMA_VERSION
    db = sqlite3.connect(store.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reading_without_a_history_creates_nothing(folder):
    assert open_history(folder, create=False) is None
    assert not folder.exists()


def test_a_set_recorded_twice_is_kept_once_with_the_latest_values(folder):
    store = open_history(folder)
    run = store.start_run("/s.yaml", "Legs", T0)
    store.save_set(a_set(run, reps_done=8))
    store.save_set(a_set(run, reps_done=10, load=Load(62.5, "kg"), corrected=True))
    store.save_set(a_set(run, set_no=2))
    store.save_set(a_set(run, set_no=1, side="left"))  # another side is another set
    sets = store.run_sets(run)
    assert [(s.set_no, s.side, s.reps_done, str(s.load)) for s in sets] == [
        (1, None, 10, "62.5 kg"),
        (1, "left", 10, "60 kg"),
        (2, None, 10, "60 kg"),
    ]
    assert sets[0].corrected and sets[0].session_name == "Legs"
    assert sets[0].started == T0 + timedelta(minutes=3)  # times come back as they went in


def test_runs_latest_and_state(folder):
    store = open_history(folder)
    first = store.start_run("/s.yaml", "Legs", T0)
    store.save_set(a_set(first))
    store.end_run(first, "finished", T0 + timedelta(hours=1))
    second = store.start_run("/s.yaml", "Legs", T0 + timedelta(days=2))
    latest = store.latest_run("/s.yaml")
    assert latest is not None and latest.id == second and latest.state == "active"
    assert latest.sets_recorded == 0
    assert store.forget_run_if_empty(second)
    assert store.forget_run_if_empty(first) is False
    assert [r.id for r in store.runs()] == [first]


def test_a_file_from_the_first_schema_is_migrated_and_keeps_its_sets(folder):
    folder.mkdir()
    old = sqlite3.connect(folder / FILE_NAME)
    old.executescript(SCHEMA_1)
    old.execute(
        "INSERT INTO runs (id, session_path, session_name, started, state) "
        "VALUES (1, '/s.yaml', 'Legs', '2024-06-03T18:00:00.000+00:00', 'finished')"
    )
    old.execute(
        "INSERT INTO sets (run_id, entry, exercise, set_no, reps_planned, reps_done, load, "
        "load_amount, load_unit, started, ended) VALUES (1, 0, 'hip-thrust', 1, 10, 9, "
        "'60 kg', 60, 'kg', '2024-06-03T18:01:00.000+00:00', '2024-06-03T18:02:00.000+00:00')"
    )
    old.commit()
    old.close()

    store = open_history(folder)
    assert store.schema_version == SCHEMA_VERSION and store.warnings == []
    [record] = store.run_sets(1)
    assert (record.reps_done, str(record.load), record.corrected) == (9, "60 kg", False)
    store.save_set(a_set(1, set_no=2, corrected=True))
    assert [s.corrected for s in store.run_sets(1)] == [False, True]
    indexes = {row[0] for row in store._db.execute("SELECT name FROM sqlite_master")}
    assert "sets_by_exercise" in indexes and "changes" in indexes
    assert [s.id for s in store.run_sets(1)] == [1, 2]  # the ids a person saw stay theirs
    assert store.delete_set(2) is not None
    store.save_set(a_set(1, set_no=3))
    assert [s.id for s in store.run_sets(1)] == [1, 3]  # a deleted id is never given again
    assert store._db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_set_saved_again_keeps_its_id(folder):
    store = open_history(folder)
    run = store.start_run("/s.yaml", "Legs", T0)
    store.save_sets([a_set(run, set_no=1), a_set(run, set_no=2)])
    ids = [s.id for s in store.run_sets(run)]
    assert ids == [1, 2]
    store.save_set(a_set(run, set_no=1, reps_done=7, corrected=True))  # the upsert
    again = store.run_sets(run)
    assert [(s.id, s.reps_done) for s in again] == [(1, 7), (2, 10)]
    assert store.set_by_id(2) == again[1] and store.set_by_id(99) is None


def test_edit_delete_and_undo_walk_back_exactly(folder):
    store = open_history(folder)
    run = store.start_run("/s.yaml", "Legs", T0)
    store.save_sets([a_set(run, set_no=1), a_set(run, set_no=2, side="left")])
    first, second = store.run_sets(run)
    raw = store._db.execute("SELECT * FROM sets ORDER BY id").fetchall()

    edited = store.edit_set(replace(first, reps_done=6, load=Load(57.5, "kg")))
    assert edited.corrected and store.set_by_id(first.id) == edited
    assert store.delete_set(second.id) == second
    assert store.delete_set(second.id) is None  # gone already
    store.edit_set(replace(edited, reps_done=0))
    assert [s.reps_done for s in store.run_sets(run)] == [0]

    undone = store.undo()
    assert undone.kind == "edit" and undone.record == edited and undone.replaced.reps_done == 0
    undone = store.undo()
    assert undone.kind == "delete" and undone.record == second and undone.replaced is None
    undone = store.undo()
    assert undone.kind == "edit" and undone.record == first
    assert store.undo() is None  # nothing further back
    assert store._db.execute("SELECT * FROM sets ORDER BY id").fetchall() == raw


def test_undo_brings_back_a_run_that_went_with_its_last_set(folder):
    store = open_history(folder)
    run = store.start_run("/s.yaml", "Legs", T0)
    store.save_set(a_set(run))
    [record] = store.run_sets(run)
    store.delete_set(record.id)
    assert store.forget_run_if_empty(run)  # the next start tidies the empty run away
    other = store.start_run("/t.yaml", "Arms", T0 + timedelta(days=1))  # takes its id
    assert other == run
    undone = store.undo()
    assert undone.record.id == record.id and undone.record.session_path == "/s.yaml"
    assert undone.record.run_id != other
    assert store.run(undone.record.run_id).started == T0


def test_undo_refuses_when_the_place_was_taken_since(folder):
    store = open_history(folder)
    run = store.start_run("/s.yaml", "Legs", T0)
    store.save_set(a_set(run))
    [record] = store.run_sets(run)
    store.delete_set(record.id)
    store.save_set(a_set(run, reps_done=4))  # the resumed run did that set again
    with pytest.raises(HistoryError, match=r"recorded again since, as set 2; delete 2 first"):
        store.undo()
    store.delete_set(2)
    assert store.undo().record.id == 2  # the later deletion comes back first


def test_a_newer_file_is_left_alone_and_history_goes_beside_it(folder):
    folder.mkdir()
    newer = sqlite3.connect(folder / FILE_NAME)
    newer.execute("CREATE TABLE future (x)")
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    newer.commit()
    newer.close()
    before = (folder / FILE_NAME).read_bytes()

    store = open_history(folder, now=lambda: T0)
    assert store.path == folder / "history-recovered-20240603-180000.sqlite3"
    [warning] = store.warnings
    assert "newer coach" in warning and str(store.path) in warning
    store.save_set(a_set(store.start_run("/s.yaml", "Legs", T0)))
    store.close()
    assert (folder / FILE_NAME).read_bytes() == before

    # The next workout keeps using the same file rather than starting yet another.
    again = open_history(folder, now=lambda: T0 + timedelta(days=1))
    assert again.path == store.path and len(again.sets()) == 1
    # And `coach history` reads it too, saying why.
    reader = open_history(folder, create=False)
    assert reader.path == store.path and reader.warnings


def test_a_damaged_file_is_never_overwritten(folder):
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(b"this is not a database\n" * 100)
    store = open_history(folder, now=lambda: T0)
    assert store.path.name.startswith("history-recovered-")
    assert "cannot be used" in store.warnings[0] and "left as it is" in store.warnings[0]
    assert (folder / FILE_NAME).read_bytes() == b"this is not a database\n" * 100


def test_a_file_damaged_inside_is_caught_by_the_check(folder):
    store = open_history(folder)
    run = store.start_run("/s.yaml", "Legs", T0)
    store.save_sets(a_set(run, set_no=n, title="x" * 500) for n in range(1, 60))
    store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path = folder / FILE_NAME
    data = bytearray(path.read_bytes())
    page = 4096
    data[page * 2 : page * 3] = b"\xff" * page  # scribble over a page of the sets table
    path.write_bytes(bytes(data))

    fresh = open_history(folder, now=lambda: T0)
    [warning] = fresh.warnings
    assert fresh.path != path and "it is damaged (SQLite's integrity check fails)" in warning
    assert "\n" not in warning and "Page" not in warning  # one line, no SQLite internals
    assert path.read_bytes() == bytes(data)


def test_a_named_pipe_where_the_file_goes_is_never_waited_on(folder):
    import os
    import stat
    import threading

    path = folder / FILE_NAME
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)  # opening it to read would wait for a writer for ever
    found: list[object] = []

    def opening() -> None:
        with pytest.raises(HistoryUnwritable) as reading:
            open_history(folder, create=False)
        found.append(str(reading.value))
        found.append(open_history(folder, now=lambda: T0))

    worker = threading.Thread(target=opening, daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # let it go: a writer opening the pipe ends the wait
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=5)
        pytest.fail("opening the history waited on the named pipe")
    message, store = found
    assert message == f"the history file {path} cannot be read: it is a named pipe, not a file"
    [warning] = store.warnings  # a workout still gets recorded, beside it
    assert "it is a named pipe, not a file" in warning
    assert store.path == folder / "history-recovered-20240603-180000.sqlite3"
    assert stat.S_ISFIFO(os.stat(path).st_mode)  # left as it is


def test_a_folder_where_the_file_goes_is_called_a_folder(folder):
    (folder / FILE_NAME).mkdir(parents=True)
    with pytest.raises(HistoryUnwritable) as reading:
        open_history(folder, create=False)
    assert str(reading.value) == (
        f"the history file {folder / FILE_NAME} cannot be read: it is a folder, not a file"
    )
    store = open_history(folder, now=lambda: T0)  # a workout still gets recorded, beside it
    [warning] = store.warnings
    assert "it is a folder, not a file" in warning and "read-only" not in warning
    assert store.path == folder / "history-recovered-20240603-180000.sqlite3"


def test_a_locked_file_waits_briefly_then_says_so(folder):
    store = open_history(folder, timeout=0.2)
    run = store.start_run("/s.yaml", "Legs", T0)
    other = sqlite3.connect(folder / FILE_NAME, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    began = time.monotonic()
    with pytest.raises(HistoryLocked, match="busy"):
        store.save_set(a_set(run))
    assert time.monotonic() - began >= 0.19
    other.execute("ROLLBACK")
    store.save_set(a_set(run))  # once free, writing works again
    assert len(store.run_sets(run)) == 1


def test_a_full_disk_is_an_error_a_person_can_read(folder):
    store = open_history(folder)
    run = store.start_run("/s.yaml", "Legs", T0)
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    with pytest.raises(HistoryUnwritable, match="full"):
        store.save_sets(a_set(run, set_no=n, title="x" * 2000) for n in range(1, 50))


def test_a_folder_that_cannot_be_made_is_an_error_a_person_can_read(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(HistoryUnwritable, match="cannot create the folder"):
        open_history(blocker / "coach")


WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
sys.path.insert(0, {tests!r})
from test_history_store import a_set
from coach.services.history_store import open_history

store = open_history(Path({folder!r}), timeout=10)
run = store.start_run("/s.yaml", "Legs", datetime.now(UTC))
for n in range(1, 201):
    store.save_set(a_set(run, set_no=n, entry={entry}))
print(run)
"""


def test_two_processes_writing_at_once_lose_nothing(folder):
    open_history(folder).close()  # both find the schema ready; neither migrates
    tests = str(Path(__file__).parent)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER.format(tests=tests, folder=str(folder), entry=e)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for e in (0, 1, 2)
    ]
    results = [w.communicate(timeout=60) for w in writers]
    assert all(w.returncode == 0 for w in writers), [err for _, err in results]
    store = open_history(folder)
    runs = [int(out) for out, _ in results]
    assert sorted(len(store.run_sets(r)) for r in runs) == [200, 200, 200]
    assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_two_processes_migrating_a_new_file_at_once(folder):
    code = (
        "from pathlib import Path\n"
        "from coach.services.history_store import open_history\n"
        f"print(open_history(Path({str(folder)!r}), timeout=10).schema_version)\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outs = [p.communicate(timeout=60)[0].strip() for p in procs]
    assert outs == [str(SCHEMA_VERSION)] * 3
