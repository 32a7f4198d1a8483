"""Which distributions are installed, and their versions, found the way
`importlib.metadata.version` finds them, without importing it.

importlib.metadata brings in the email package (about 10 ms of CPU), and the sound is
opened while the workout screen is being built, on one core at a time. So the search is
done here as importlib.metadata does it: each folder of the import path in turn, the
first `NAME-*.dist-info` or `NAME-*.egg-info` entry whose name normalizes to the one
asked for (`SimpleAudio.Patched-1.0.5.dist-info` is `simpleaudio-patched`), and the
first `Version:` header of its METADATA (or PKG-INFO) file.

Whatever this reading is not sure of (an import hook that finds distributions of its
own, a zip file or an egg on the path, a metadata file with folded lines or characters
beyond plain ASCII before its version) is asked of importlib.metadata after all, so the
answer is always the one it gives.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Sequence
from importlib.machinery import PathFinder

_SEPARATORS = re.compile(r"[-_.]+")
_PLAIN_LINE = re.compile(r"[\t\x20-\x7e]*")
_HEADER_LINE = re.compile(r"[\x21-\x39\x3b-\x7e]+:")
_READ_ERRORS = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError)


class _Unsure(Exception):
    """The quick reading cannot promise importlib.metadata's answer."""


def normalized(name: str) -> str:
    """A distribution name as importlib.metadata compares it (PEP 503, dashes as
    underscores)."""
    return _SEPARATORS.sub("-", name).lower().replace("-", "_")


def versions(names: Iterable[str], path: Sequence[str] | None = None) -> dict[str, str]:
    """The version of each of `names` that is installed, by name, in the order asked;
    those not installed are left out. `path` is where to look (sys.path by default)."""
    folders = list(sys.path if path is None else path)
    listings: dict[str, list[str]] = {}
    found: dict[str, str] = {}
    for name in names:
        try:
            version = _quick_version(name, folders, listings)
        except _Unsure:
            there, version = _asking_metadata(name, None if path is None else folders)
            if there:
                found[name] = version
            continue
        if version is not None:
            found[name] = version
    return found


def _asking_metadata(name: str, path: list[str] | None) -> tuple[bool, str]:
    """Whether importlib.metadata finds the distribution, and its version (which it
    gives as None when the metadata has none, and so is it kept)."""
    from importlib import metadata

    if path is None:
        try:
            return True, metadata.version(name)
        except metadata.PackageNotFoundError:
            return False, ""
    for distribution in metadata.distributions(name=name, path=path):
        return True, distribution.version
    return False, ""


def _quick_version(name: str, folders: list[str], listings: dict[str, list[str]]) -> str | None:
    for finder in sys.meta_path:
        if finder is not PathFinder and getattr(finder, "find_distributions", None):
            raise _Unsure
    wanted = normalized(name)
    for folder in folders:
        if not isinstance(folder, str):
            raise _Unsure
        if folder not in listings:
            listings[folder] = _entries(folder)
        for entry in listings[folder]:
            low = entry.lower()
            if low.endswith((".dist-info", ".egg-info")) and wanted == normalized(
                low.rpartition(".")[0].partition("-")[0]
            ):
                return _version_in(os.path.join(folder, entry))
    return None


def _entries(folder: str) -> list[str]:
    try:
        entries = os.listdir(folder or ".")
    except (FileNotFoundError, PermissionError):
        return []  # importlib.metadata finds nothing there either
    except OSError:
        raise _Unsure from None  # a file (a zip?) or a folder that cannot be read
    if os.path.basename(folder).lower().endswith(".egg") and "egg-info" in (
        entry.lower() for entry in entries
    ):
        raise _Unsure
    return entries


def _version_in(info: str) -> str:
    """The first Version header of a dist-info or egg-info entry, read as the email
    parser reads it (the value after the colon, leading blanks dropped)."""
    for filename in ("METADATA", "PKG-INFO", ""):
        try:
            with open(os.path.join(info, filename) if filename else info, encoding="utf-8") as file:
                text = file.read()
        except _READ_ERRORS:
            continue
        except (OSError, ValueError):
            raise _Unsure from None
        if text:
            break
    else:
        raise _Unsure
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if not line or not _PLAIN_LINE.fullmatch(line):
            raise _Unsure  # the headers end, or a line the parser may treat otherwise
        if line[0] in " \t":
            if number == 0:
                raise _Unsure
            continue  # a folded line of an earlier header
        if not _HEADER_LINE.match(line):
            raise _Unsure
        header, _, value = line.partition(":")
        if header.lower() == "version":
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if following[:1] in (" ", "\t"):
                raise _Unsure  # a folded version
            return value.lstrip(" \t")
    raise _Unsure
