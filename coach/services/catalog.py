"""Find sessions: the bundled ones and the user's folder, by name or by path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from coach.domain.loading import LoadedSession, load_session, read_text
from coach.domain.problems import Problem, SessionFileError, shown_path
from coach.domain.programs import is_program_text
from coach.domain.timeline import Timeline, compile_timeline
from coach.services.paths import bundled_sessions_dir, user_sessions_dir

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
    try:
        return is_program_text(read_text(path))
    except SessionFileError:
        return False


def list_sessions() -> list[SessionRef]:
    """Bundled sessions first, then the user's; a user file may shadow a bundled name.
    Program files are not sessions and are left out (`coach program` lists them)."""
    refs = [_ref(p, "bundled") for p in _files(bundled_sessions_dir())]
    refs += [_ref(p, "user") for p in _files(user_sessions_dir())]
    return [ref for ref in refs if ref.error is None or not is_program_file(ref.path)]


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
    names = sorted(
        {p.stem for f in (bundled_sessions_dir(), user_sessions_dir()) for p in _files(f)}
    )
    raise SessionNotFound(
        f"no session called '{name_or_path}'; known: {', '.join(names) or 'none'} "
        "(or give a path to a .yaml file)"
    )
