"""What checking a session file found, kept in the cache folder so that the next
`coach list` or `coach plan` of an unchanged file needs neither YAML nor pydantic.

Each finding is kept with the file's signature (size, modification and change times,
inode and device) and those of the files it leads to (the session's own cue sounds),
under a stamp of this coach's code (its version and the size and time of every file in
the package). A file whose signature differs, or a coach that differs, is checked again:
an edited file is always re-read. A file changed within the last two seconds is not kept
(two edits in one tick of the file system's clock could leave the same signature), nor
is anything whose files changed while it was being worked out.

The cache is a convenience, never a source of errors: a file that is missing, damaged,
from another version or being written by another coach at the same moment is ignored
and written anew; one that cannot be written is simply not kept. Writers replace the
whole file at once, so a reader sees the old or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach import __version__
from coach.services.paths import user_cache_dir
from coach.services.regular_file import open_regular

if TYPE_CHECKING:
    from coach.domain.loading import LoadedSession

Signature = tuple[int, ...] | None
"""A file's (size, mtime_ns, ctime_ns, inode, device); a link that leads nowhere, its
own with -1 for the device; None: nothing there at all."""

SUMMARY_FILE = "checked-sessions.json"
PLANS_FOLDER = "plans"
SESSIONS_FOLDER = "sessions"
SETTLE_NS = 2_000_000_000  # younger files are not kept: see the module's doc
LARGEST_PLAN = 1_000_000  # characters of plan text worth keeping


def signature(path: Path | str) -> Signature:
    try:
        facts = os.stat(path)
    except OSError:
        try:
            facts = os.lstat(path)
        except OSError:
            return None
        return (facts.st_size, facts.st_mtime_ns, facts.st_ctime_ns, facts.st_ino, -1)
    return (facts.st_size, facts.st_mtime_ns, facts.st_ctime_ns, facts.st_ino, facts.st_dev)


def settled(signatures: Iterable[Signature], now_ns: int | None = None) -> bool:
    """Whether none of the files changed within the last two seconds."""
    now_ns = time.time_ns() if now_ns is None else now_ns
    for sig in signatures:
        if sig is not None and max(sig[1], sig[2]) > now_ns - SETTLE_NS:
            return False
    return True


PACKAGE = Path(__file__).resolve().parent.parent  # coach itself, bundled sessions included


def stamped(path: str) -> bool:
    """Whether `path` (absolute) lies in coach's own package, whose every change the code
    stamp follows: such a file need not settle (an install writes the bundled sessions
    moments before the quick start opens the picker)."""
    return os.path.realpath(path).startswith(f"{PACKAGE}{os.sep}")


@cache
def code_stamp() -> str:
    """This coach's version and a checksum over the size and time of its package files:
    an upgrade or an edit of coach itself makes every kept finding stale."""
    listing: list[str] = []
    folders = [PACKAGE]
    while folders:
        folder = folders.pop()
        with contextlib.suppress(OSError), os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if entry.name != "__pycache__":
                        folders.append(Path(entry.path))
                elif entry.name.endswith((".py", ".yaml", ".json", ".tcss")):
                    with contextlib.suppress(OSError):
                        facts = entry.stat()
                        listing.append(f"{entry.path}:{facts.st_size}:{facts.st_mtime_ns}")
    text = "\n".join(sorted(listing)).encode("utf-8", "surrogateescape")
    return f"{__version__}:{zlib.crc32(text):08x}{zlib.adler32(text):08x}:{len(listing)}"


def _sig_list(sig: Signature) -> list[int] | None:
    return None if sig is None else list(sig)


def _same(stored: Any, sig: Signature) -> bool:
    if sig is None:
        return stored is None
    return isinstance(stored, list) and tuple(stored) == sig


def _deps_unchanged(stored: Any) -> bool:
    if not isinstance(stored, list):
        return False
    for item in stored:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            return False
        if not _same(item[1], signature(item[0])):
            return False
    return True


def _read_json(path: Path) -> Any:
    """The file's JSON, or None when it is missing or not JSON at all."""
    try:
        with open_regular(path) as file:
            return json.loads(file.read())
    except (OSError, ValueError, RecursionError):
        return None


def _write_json(path: Path, value: object) -> None:
    """Replace `path` with `value` at once; a failure leaves things as they were."""
    write_file(path, lambda: json.dumps(value, separators=(",", ":"), ensure_ascii=True).encode())


def write_file(path: Path, content: Callable[[], bytes]) -> None:
    """Replace `path` with `content()` at once; a failure leaves things as they were."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as file:
            file.write(content())
        os.replace(partial, path)
    except Exception:  # a cache that cannot be written is not kept, and that is all
        with contextlib.suppress(OSError):
            os.unlink(partial)


@dataclass(frozen=True)
class Finding:
    """What `coach list` shows of one file: its title and length, or why it cannot be
    used (every problem, as line, column and message), and whether it is a program."""

    title: str
    total_seconds: int
    estimated: bool
    problems: tuple[tuple[int, int, str], ...] = ()
    program: bool = False

    @property
    def usable(self) -> bool:
        return not self.problems


def _finding_from(value: Any) -> Finding | None:
    if not isinstance(value, dict):
        return None
    title = value.get("title")
    total = value.get("total_seconds")
    estimated = value.get("estimated")
    program = value.get("program")
    problems = value.get("problems")
    if not (
        isinstance(title, str)
        and isinstance(total, int)
        and isinstance(estimated, bool)
        and isinstance(program, bool)
        and isinstance(problems, list)
    ):
        return None
    found: list[tuple[int, int, str]] = []
    for item in problems:
        if not (
            isinstance(item, list)
            and len(item) == 3
            and isinstance(item[0], int)
            and isinstance(item[1], int)
            and isinstance(item[2], str)
        ):
            return None
        found.append((item[0], item[1], item[2]))
    return Finding(title, total, estimated, tuple(found), program)


class Findings:
    """The kept findings of the session files, by absolute path: read once, looked up
    file by file, written back (only the files asked about) when anything was new."""

    def __init__(self, folder: Path | None = None, name: str = SUMMARY_FILE) -> None:
        self.file = (folder or user_cache_dir()) / name
        self._stamp = code_stamp()
        data = _read_json(self.file)
        kept = data.get("files") if isinstance(data, dict) else None
        fresh = isinstance(data, dict) and data.get("stamp") == self._stamp
        self._kept: dict[str, Any] = kept if fresh and isinstance(kept, dict) else {}
        self._now: dict[str, Any] = {}
        self._changed = False

    def get(self, path: Path) -> Finding | None:
        """The kept finding of `path` if neither it nor a file it leads to changed."""
        name = os.path.abspath(path)
        entry = self._kept.get(name)
        if not isinstance(entry, dict) or not _same(entry.get("sig"), signature(name)):
            return None
        if not _deps_unchanged(entry.get("deps")):
            return None
        finding = _finding_from(entry.get("finding"))
        if finding is not None:
            self._now[name] = entry
        return finding

    def put(
        self, path: Path, before: Signature, finding: Finding, leads_to: Sequence[Path]
    ) -> None:
        """Keep what checking `path` found; `before` is its signature from before it was
        read (nothing is kept when the file changed meanwhile, or only just now)."""
        name = os.path.abspath(path)
        deps = [(os.path.abspath(p), signature(p)) for p in leads_to]
        watched = [sig for p, sig in [(name, before), *deps] if not stamped(p)]
        if signature(name) != before or not settled(watched):
            self._changed = self._changed or name in self._kept
            return
        self._now[name] = {
            "sig": _sig_list(before),
            "deps": [[p, _sig_list(sig)] for p, sig in deps],
            "finding": {
                "title": finding.title,
                "total_seconds": finding.total_seconds,
                "estimated": finding.estimated,
                "problems": [list(p) for p in finding.problems],
                "program": finding.program,
            },
        }
        self._changed = True

    def save(self) -> None:
        """Write the findings of the files looked up, if anything differs from before."""
        if self._changed or set(self._now) != set(self._kept):
            _write_json(self.file, {"stamp": self._stamp, "files": self._now})


# --- plans ---------------------------------------------------------------------------


def plan_key(
    shown: str, session: Path, leads_to: Sequence[Path], also: Mapping[str, Sequence[Path]]
) -> list[object]:
    """Everything a text plan depends on, as its signatures: coach itself, the session
    file (by the path shown and the absolute one) and the sounds it names, and the
    files in `also` (the settings, the history)."""
    return [
        code_stamp(),
        shown,
        os.path.abspath(session),
        _sig_list(signature(session)),
        [[os.path.abspath(p), _sig_list(signature(p))] for p in leads_to],
        {name: [[str(p), _sig_list(signature(p))] for p in paths] for name, paths in also.items()},
    ]


def _plan_file(session: Path, folder: Path | None) -> Path:
    name = os.path.abspath(session).encode("utf-8", "surrogateescape")
    return (folder or user_cache_dir()) / PLANS_FOLDER / f"{zlib.crc32(name):08x}.json"


def kept_plan(
    shown: str, session: Path, also: Mapping[str, Sequence[Path]], folder: Path | None = None
) -> str | None:
    """The plan text kept for `session` if nothing it was worked out from has changed
    since (the sounds it names are those kept with it), else None."""
    data = _read_json(_plan_file(session, folder))
    if not isinstance(data, dict):
        return None
    stored, text = data.get("key"), data.get("text")
    if not isinstance(stored, list) or len(stored) != 6 or not isinstance(text, str):
        return None
    sounds = stored[4]
    if not isinstance(sounds, list) or not all(
        isinstance(item, list) and item and isinstance(item[0], str) for item in sounds
    ):
        return None
    now = plan_key(shown, session, [Path(item[0]) for item in sounds], also)
    # Through JSON, as it was stored: tuples become lists.
    return text if json.loads(json.dumps(now)) == stored else None


def keep_plan(
    session: Path,
    before: list[object],
    after: list[object],
    key: list[object],
    text: str,
    folder: Path | None = None,
) -> None:
    """Keep the plan text worked out for `key`, when the files it depends on are as they
    were before the work began (`before` == `after`) and none changed only just now."""
    if before != after or len(text) > LARGEST_PLAN:
        return
    sigs: list[Signature] = []
    _collect(key[3:], sigs)
    if settled(sigs):
        _write_json(_plan_file(session, folder), {"key": key, "text": text})


def _collect(value: object, into: list[Signature]) -> None:
    """Every signature inside a plan key."""
    if isinstance(value, list) and len(value) >= 5 and all(isinstance(v, int) for v in value):
        into.append(tuple(value))
    elif isinstance(value, list | tuple):
        for item in value:
            _collect(item, into)
    elif isinstance(value, dict):
        for item in value.values():
            _collect(item, into)


# --- checked sessions ----------------------------------------------------------------
#
# For the commands that need the session itself (run, today, render, plan --json): the
# loaded session as Python's pickle, after a line of JSON that says what it was made
# from, which is compared before anything is unpickled. The folder is the user's own, as
# their settings and history are.


def _session_file(session: Path, folder: Path | None) -> Path:
    name = os.path.abspath(session).encode("utf-8", "surrogateescape")
    return (folder or user_cache_dir()) / SESSIONS_FOLDER / f"{zlib.crc32(name):08x}.pickle"


def kept_session(path: Path, folder: Path | None = None) -> LoadedSession | None:
    """The session loaded from `path` before, if neither it nor its sounds changed."""
    try:
        with open_regular(_session_file(path, folder)) as file:
            about = json.loads(file.readline())
            if not (
                isinstance(about, dict)
                and about.get("stamp") == code_stamp()
                and about.get("path") == os.path.abspath(path)
                and _same(about.get("sig"), signature(path))
                and _deps_unchanged(about.get("deps"))
            ):
                return None
            import pickle

            from coach.domain.loading import LoadedSession

            loaded = pickle.loads(file.read())
    except Exception:  # missing, damaged, from another coach: loaded from the file instead
        return None
    if not isinstance(loaded, LoadedSession):
        return None
    if loaded.path != path:  # the same file by another name: the name asked for
        from dataclasses import replace

        loaded = replace(loaded, path=path)
    return loaded


def keep_session(
    path: Path, before: Signature, loaded: LoadedSession, folder: Path | None = None
) -> None:
    """Keep a session just loaded from `path`, whose signature was `before`."""
    deps = [(os.path.abspath(p), signature(p)) for p in loaded.sound_files().values()]
    if signature(path) != before or not settled([before, *(sig for _, sig in deps)]):
        return
    about = {
        "stamp": code_stamp(),
        "path": os.path.abspath(path),
        "sig": _sig_list(before),
        "deps": [[p, _sig_list(sig)] for p, sig in deps],
    }

    def content() -> bytes:
        import pickle

        head = json.dumps(about, ensure_ascii=True).encode() + b"\n"
        return head + pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)

    write_file(_session_file(path, folder), content)
