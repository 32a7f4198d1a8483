"""Programs in the user's sessions folder, and where each stands by the history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from coach.domain.loading import load_session
from coach.domain.problems import SessionFileError, shown_path
from coach.domain.programs import DoneRun, LoadedProgram, Standing, load_program, standing
from coach.domain.suggest import closest
from coach.services.catalog import (
    SUFFIXES,
    SessionNotFound,
    SessionRef,
    _files,
    is_program_file,
    resolve,
)
from coach.services.history_store import HistoryError, HistoryStore, open_history
from coach.services.paths import bundled_sessions_dir, user_data_dir, user_sessions_dir


def _session_names() -> list[str]:
    folders = (bundled_sessions_dir(), user_sessions_dir())
    return sorted({p.stem for folder in folders for p in _files(folder)})


def find_session(name: str, folder: Path) -> Path | str:
    """The session file a program means by `name` (a path relative to the program's
    folder, or a name from `coach list`), resolved; or why there is none, in one line."""
    given = Path(name).expanduser()
    path: Path | None = None
    if given.suffix in SUFFIXES or "/" in name:
        relative = given if given.is_absolute() else folder / given
        if relative.is_file():
            path = relative
        elif "/" not in name:
            path = _listed(given.stem)
    else:
        here = [folder / f"{name}{suffix}" for suffix in SUFFIXES]
        path = next((p for p in here if p.is_file()), None) or _listed(name)
    if path is None:
        known = [n for n in _session_names() if not is_program_file(_named(n))]
        guess = closest(Path(name).stem, known)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        return (
            f"no session '{name}'{hint}; name one from `coach list` "
            f"({', '.join(known) or 'none'}) or give a path relative to this file"
        )
    if is_program_file(path):
        return f"'{name}' is a program, not a session; a program names sessions"
    try:
        load_session(path)
    except SessionFileError as exc:
        count = len(exc.problems)
        first = exc.problems[0].message if exc.problems else "it cannot be used"
        more = f" (and {count - 1} more)" if count > 1 else ""
        return f"session '{name}' cannot be used: {first}{more}; coach validate {shown_path(path)}"
    return path.resolve()


def _named(name: str) -> Path:
    return _listed(name) or Path(name)


def _listed(name: str) -> Path | None:
    """The file behind a name from `coach list`, if there is one."""
    try:
        path = resolve(name)
    except SessionNotFound:
        return None
    return path if path.is_file() else None


@dataclass(frozen=True)
class ProgramFile:
    """A program file found in the sessions folder: loaded, or why it cannot be used."""

    path: Path
    loaded: LoadedProgram | None
    error: SessionFileError | None

    @property
    def key(self) -> str:
        return self.path.stem


def program_files(folder: Path | None = None) -> list[ProgramFile]:
    """Every program in the user's sessions folder, by file name."""
    found = []
    for path in _files(folder or user_sessions_dir()):
        if not is_program_file(path):
            continue
        try:
            found.append(ProgramFile(path, load_program(path, find_session), None))
        except SessionFileError as exc:
            found.append(ProgramFile(path, None, exc))
    return found


def done_runs(store: HistoryStore | None) -> list[DoneRun]:
    """Every run with at least one set, as programs count them."""
    if store is None:
        return []
    return [
        DoneRun(run.id, run.session_path, run.started.astimezone().date()) for run in store.runs()
    ]


def read_runs() -> tuple[list[DoneRun], str | None]:
    """The history's runs, and a warning when it could not be read."""
    try:
        store = open_history(user_data_dir(), create=False)
    except HistoryError as exc:
        return [], str(exc)
    if store is None:
        return [], None
    try:
        return done_runs(store), None
    except HistoryError as exc:
        return [], str(exc)
    finally:
        store.close()


def standings(
    programs: Sequence[ProgramFile], runs: Sequence[DoneRun], today: date | None = None
) -> list[Standing]:
    day = today or date.today()
    return [standing(p.loaded, runs, day) for p in programs if p.loaded is not None]


def choose(found: Sequence[Standing], runs: Sequence[DoneRun], name: str | None) -> Standing:
    """The program `coach today` follows: the one named, the only one, or the one trained
    most recently. LookupError (a line for a person) when that says none."""
    if name is not None:
        for item in found:
            if name in (item.program.key, item.program.name):
                return item
        known = ", ".join(item.program.key for item in found) or "none"
        raise LookupError(f"no program called '{name}'; programs: {known} (coach program)")
    if not found:
        raise LookupError(
            f"no program in {user_sessions_dir()}; a program is a .yaml file there that "
            "starts with program: NAME (see `coach program`)"
        )
    if len(found) == 1:
        return found[0]
    latest = [item for item in found if item.last is not None]
    if latest:
        return max(latest, key=lambda item: (item.last.day, item.last.run_id) if item.last else ())
    names = ", ".join(item.program.key for item in found)
    raise LookupError(f"there are several programs ({names}); name one: coach today PROGRAM")


def todays_sessions(today: date | None = None) -> dict[Path, Standing]:
    """Each program's session for today, by its resolved file (the first program wins
    when two name the same one); empty when nothing can be read."""
    try:
        found = standings(program_files(), read_runs()[0], today)
    except (OSError, HistoryError):
        return {}
    chosen: dict[Path, Standing] = {}
    for item in found:
        if item.is_today:
            chosen.setdefault(item.next.path, item)
    return chosen


def why_today(item: Standing) -> str:
    light = f"; deload week, loads at {item.deload:.0%}" if item.deload else ""
    return f"today in {item.program.name}: {item.reason}{light}"


def today_first(refs: Sequence[SessionRef], todays: dict[Path, Standing]) -> list[SessionRef]:
    """The picker's list with each program's session for today first, saying why."""
    first: list[SessionRef] = []
    rest: list[SessionRef] = []
    for ref in refs:
        item = todays.get(ref.path.resolve())
        if item is not None and ref.loaded is not None:
            first.append(replace(ref, today=why_today(item)))
        else:
            rest.append(ref)
    return first + rest
