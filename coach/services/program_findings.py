"""Whether each program file can be used, for `coach list`, kept like its findings.

What checking a program finds depends on more than the file: on the sessions it names
(whether they exist, and can be used). So the check is kept under the signatures of
everything it could have read: the program file, the session folders (a session added,
removed or renamed changes its folder), every session file in them and the sound files
each names, and any file the program names by a path. Anything that differs, and the
program is checked again. The check itself (YAML, pydantic, the sessions) is imported
only then: a `coach list` of unchanged files reads none of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from coach.services.catalog import SUFFIXES, _files
from coach.services.paths import bundled_sessions_dir, user_sessions_dir
from coach.services.session_cache import Finding, Findings, signature

PROGRAMS_FILE = "checked-programs.json"

Problems = tuple[tuple[int, int, str], ...]  # line, column, message


def program_problems(paths: Sequence[Path], folder: Path | None = None) -> dict[Path, Problems]:
    """Every problem that makes each program unusable (none: it can be used), as
    `coach program` and `coach validate` would find them."""
    kept = Findings(folder, PROGRAMS_FILE)
    found: dict[Path, Problems] = {}
    for path in paths:
        finding = kept.get(path)
        if finding is None:
            before = signature(path)
            problems, leads_to = _check(path)
            finding = Finding(path.stem, 0, False, problems, program=True)
            kept.put(path, before, finding, leads_to)
        found[path] = finding.problems
    kept.save()
    return found


def _check(path: Path) -> tuple[Problems, list[Path]]:
    """The program's problems, and every file and folder their check could have read."""
    from coach.domain.loading import sounds_named
    from coach.domain.problems import SessionFileError
    from coach.domain.programs import load_program
    from coach.services.programs import find_session

    named: list[Path] = []

    def lookup(name: str, folder: Path) -> Path | str:
        given = Path(name).expanduser()
        if given.suffix in SUFFIXES or "/" in name:
            named.append(given if given.is_absolute() else folder / given)
        found = find_session(name, folder)
        if isinstance(found, Path):
            named.extend([found, *sounds_named(found)])
        return found

    try:
        load_program(path, lookup)
        problems: Problems = ()
    except SessionFileError as exc:
        problems = tuple((p.line, p.column, p.message) for p in exc.problems)
    folders = list(dict.fromkeys([bundled_sessions_dir(), user_sessions_dir(), path.parent]))
    sessions = [file for each in folders for file in _files(each)]
    sounds = [sound for file in sessions for sound in sounds_named(file)]
    return problems, [*folders, *sessions, *sounds, *named]
