"""Find sessions: the bundled ones and the user's folder, by name or by path.

Finding a file by name costs a few file-system calls; loading one imports YAML, pydantic
and the models, so that happens only in the functions that load."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from coach.domain.problems import Problem, SessionFileError, shown_path
from coach.services.paths import bundled_sessions_dir, user_sessions_dir

if TYPE_CHECKING:
    from coach.domain.loading import LoadedSession
    from coach.domain.timeline import Timeline
    from coach.services.session_cache import Finding, Findings

Origin = Literal["bundled", "user"]
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SessionRef:
    """A session file found in one of the folders, with what loading it gave."""

    key: str  # the name `coach run` accepts: the file name without .yaml
    path: Path
    origin: Origin
    loaded: LoadedSession | None
    timeline: Timeline | None
    error: SessionFileError | None
    today: str = ""  # why a program makes this today's session; empty when none does

    @property
    def title(self) -> str:
        return self.loaded.session.name if self.loaded else shown_path(self.key)

    @property
    def about(self) -> str:
        return self.loaded.session.about if self.loaded else ""


class SessionNotFound(LookupError):
    pass


def _files(folder: Path) -> list[Path]:
    """Every .yaml name in the folder but sub-folders: a file that cannot be read (a pipe,
    a broken link) is still listed, with its reason, rather than silently left out."""
    try:
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.iterdir() if p.suffix in SUFFIXES and not p.is_dir())
    except OSError:
        return []


def _ref(path: Path, origin: Origin) -> SessionRef:
    """What loading one file gave. No file, however broken, may take the list down with it:
    anything that goes wrong becomes the reason the file cannot be used."""
    from coach.domain.loading import load_session
    from coach.domain.timeline import compile_timeline

    try:
        loaded = load_session(path)
        timeline = compile_timeline(loaded)
    except SessionFileError as exc:
        return SessionRef(path.stem, path, origin, None, None, exc)
    except Exception as exc:  # a fault in coach itself, kept to this one file
        reason = f"coach could not use this file ({type(exc).__name__}: {exc})"
        error = SessionFileError(path, [Problem(0, 0, reason)])
        return SessionRef(path.stem, path, origin, None, None, error)
    return SessionRef(path.stem, path, origin, loaded, timeline, None)


def user_files() -> list[Path]:
    """The .yaml files in the user's sessions folder: sessions and programs."""
    return _files(user_sessions_dir())


def is_program_file(path: Path) -> bool:
    """Whether a file in the sessions folder is a program (top-level `program:`)."""
    from coach.domain.loading import read_text
    from coach.domain.programs import is_program_text

    try:
        return is_program_text(read_text(path))
    except SessionFileError:
        return False


def _found() -> list[tuple[Path, Origin]]:
    """The session folders' files, bundled first: the order of the picker and the list."""
    found: list[tuple[Path, Origin]] = [(p, "bundled") for p in _files(bundled_sessions_dir())]
    return found + [(p, "user") for p in _files(user_sessions_dir())]


def list_sessions() -> list[SessionRef]:
    """Bundled sessions first, then the user's; a user file may shadow a bundled name.
    Program files are not sessions and are left out (`coach program` lists them).

    Every file is loaded, and what that found is kept for `coach list` (see
    `session_cache`): the picker has done the work a first `coach list` would do."""
    from coach.services.session_cache import Findings, signature

    kept = Findings()
    refs: list[SessionRef] = []
    for path, origin in _found():
        before = signature(path)
        ref = _ref(path, origin)
        finding, leads_to = _finding_of(ref)
        kept.put(path, before, finding, leads_to)
        if not finding.program:
            refs.append(ref)
    kept.save()
    return refs


@dataclass(frozen=True)
class SessionRow:
    """A line of `coach list`: a session file and what checking it found."""

    key: str
    path: Path
    origin: Origin
    finding: Finding

    @property
    def error(self) -> SessionFileError | None:
        problems = self.finding.problems
        return SessionFileError(self.path, [Problem(*p) for p in problems]) if problems else None


def session_rows() -> tuple[list[SessionRow], list[Path]]:
    """What `coach list` shows: the rows of `list_sessions()`, in its order, and the
    program files in the user's folder. Files unchanged since they were last checked
    are not read again (see `session_cache`)."""
    from coach.services.session_cache import Findings

    kept = Findings()
    rows = [SessionRow(p.stem, p, origin, _finding(p, origin, kept)) for p, origin in _found()]
    kept.save()
    programs = [r.path for r in rows if r.origin == "user" and r.finding.program]
    return [r for r in rows if not r.finding.program], programs


def _finding(path: Path, origin: Origin, kept: Findings) -> Finding:
    from coach.services.session_cache import signature

    finding = kept.get(path)
    if finding is not None:
        return finding
    before = signature(path)
    finding, leads_to = _finding_of(_ref(path, origin))
    kept.put(path, before, finding, leads_to)
    return finding


def _finding_of(ref: SessionRef) -> tuple[Finding, list[Path]]:
    """What `coach list` shows of a loaded file, and the files that finding depends on
    besides the file itself (the session's own cue sounds)."""
    from coach.domain.loading import sounds_named
    from coach.services.session_cache import Finding

    if ref.timeline is not None and ref.loaded is not None:
        finding = Finding(ref.title, ref.timeline.total_seconds, ref.timeline.estimated)
        return finding, list(ref.loaded.sound_files().values())
    problems = ref.error.problems if ref.error else []
    lines = tuple((p.line, p.column, p.message) for p in problems)
    return Finding(ref.title, 0, False, lines, is_program_file(ref.path)), sounds_named(ref.path)


def resolve(name_or_path: str) -> Path:
    """A path as given, or the file behind a listed name (the user's folder wins)."""
    given = Path(name_or_path).expanduser()
    if given.suffix in SUFFIXES or given.exists() or "/" in name_or_path:
        return given
    for folder in (user_sessions_dir(), bundled_sessions_dir()):
        for suffix in SUFFIXES:
            candidate = folder / f"{name_or_path}{suffix}"
            if candidate.is_file():
                return candidate
    from coach.domain.suggest import closest

    files = {p.stem: p for f in (bundled_sessions_dir(), user_sessions_dir()) for p in _files(f)}
    programs = sorted(name for name, path in files.items() if is_program_file(path))
    sessions = sorted(name for name in files if name not in programs)
    guess = closest(name_or_path, sessions)
    hint = f" (did you mean '{guess}'?)" if guess else ""
    known = f"known: {', '.join(sessions) or 'none'}"
    if programs:  # run with `coach today`, not as a session: named apart, not offered
        known += f"; programs (coach today PROGRAM): {', '.join(programs)}"
    raise SessionNotFound(
        f"no session called '{name_or_path}'{hint}; {known} (or give a path to a .yaml file)"
    )


def shortest_name(path: Path) -> str:
    """What to type to run `path` again: its name when that name leads to this very file
    (a bundled session, or one in your folder), else the path."""
    name = path.stem
    try:
        if resolve(name).resolve() == path.resolve():
            return name
    except (SessionNotFound, OSError):
        pass
    return str(path)
