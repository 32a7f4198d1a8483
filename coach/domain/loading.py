"""Load a session file: bytes -> YAML with places -> validated models -> problems.

Every problem found is reported, each with the line and column of the key or value at
fault, in words that say what is allowed.
"""

from __future__ import annotations

import errno
import stat
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from coach.domain.counting import counted
from coach.domain.cues import CUE_NAMES
from coach.domain.dashes import lookalike_in, plain_dashes
from coach.domain.library import Exercise, Library, builtin_library, merge
from coach.domain.load import LoadError, parse_load
from coach.domain.models import ERROR_TYPE, NOT_BLANK, SET_KEYS, TAGS, ExerciseInfo, Session, flag
from coach.domain.problems import Problem, SessionFileError
from coach.domain.suggest import closest

if TYPE_CHECKING:  # YAML is loaded to read a file: a session kept checked needs none
    from coach.domain.yaml_reader import Located, Mark

MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class LoadedSession:
    path: Path
    session: Session
    library: Library

    def exercise(self, exercise_id: str) -> Exercise:
        return self.library[exercise_id]

    def sound_files(self) -> dict[str, Path]:
        """The session's own cue sounds, as paths relative to the session file."""
        return {cue: (self.path.parent / file) for cue, file in self.session.sounds.items()}


# --- reading the file ----------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file's text, or a SessionFileError with one clear line."""

    def fail(message: str, line: int = 0, column: int = 0) -> SessionFileError:
        return SessionFileError(path, [Problem(line, column, message)])

    try:
        facts = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise fail("a symbolic link to a file that does not exist") from None
        raise fail("no such file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise fail("symbolic links that lead in a loop; point the link at a file") from None
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    kind = facts.st_mode
    if stat.S_ISDIR(kind):
        raise fail("this is a folder; give a session file (.yaml)")
    if not stat.S_ISREG(kind):
        what = "a named pipe (FIFO)" if stat.S_ISFIFO(kind) else "not a regular file"
        raise fail(f"this is {what}, not a session file; give a .yaml file")
    too_big = f"the file is {facts.st_size // 1000} kB; a session file is text under 1 MB"
    if facts.st_size > MAX_BYTES:
        raise fail(too_big)
    try:
        with path.open("rb") as file:
            raw = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise fail(f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise fail(too_big)
    if b"\0" in raw:
        raise fail("this is a binary file, not a YAML session")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise fail("the file is not UTF-8 text; save it as UTF-8", line, column) from None


def _located(path: Path, text: str) -> tuple[Located, list[Problem]]:
    from coach.domain.yaml_reader import YamlProblem, read_yaml

    try:
        located, warnings = read_yaml(text)
    except YamlProblem as exc:
        raise SessionFileError(
            path, [Problem(exc.mark.line, exc.mark.column, exc.message)]
        ) from None
    return located, [Problem(m.line, m.column, msg) for m, msg in warnings]


# --- pydantic errors in a person's words ---------------------------------------------


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that holds the last element of `loc`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if part in TAGS:
            current = TAGS[str(part)]
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(str(part))
        if field is None:
            return current
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside Optional[...], list[...], dict[..., ...] or Annotated[...]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType, list, dict):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _parent_model(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    return _model_at(Session, loc[:-1]) if loc else Session


_TYPE_WORDS = {
    "string_type": "text",
    "bool_type": "true or false",
    "list_type": "a list (lines starting with -)",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
    "int_type": "a whole number",
    "float_type": "a number",
}


def _untagged(loc: tuple[str | int, ...]) -> tuple[str | int, ...]:
    """The path in the file: without the "<...>" tags that name which form was read."""
    return tuple(p for p in loc if not (isinstance(p, str) and p.startswith("<")))


def _describe(error: Any) -> tuple[tuple[str | int, ...], bool, str]:
    """(path, points at the key?, message) for one pydantic error."""
    tagged: tuple[str | int, ...] = tuple(error["loc"])
    loc = _untagged(tagged)
    kind = error["type"]
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "value")
    if loc and loc[-1] == "[key]":
        loc = loc[:-1]
        key = loc[-1] if loc else "?"
        if loc[:1] == ("sounds",):
            return loc, True, f"unknown cue '{key}' in sounds; the cues are {', '.join(CUE_NAMES)}"
        return loc, True, f"key '{key}' is not allowed here"
    if kind == ERROR_TYPE:
        return loc, False, error["msg"]
    if kind == "extra_forbidden":
        if name == "superset" and len(loc) > 2:
            return (
                loc,
                True,
                ("a superset cannot hold another superset; list all its exercises in one"),
            )
        parent = _parent_model(tagged)
        allowed = sorted(parent.model_fields) if parent else []
        guess = closest(name, allowed)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        return loc, True, f"unknown key '{name}'{hint}; allowed here: {', '.join(allowed)}"
    if kind == "missing":
        where = _where(loc[:-1])
        return loc[:-1], True, f"missing '{name}'{where}"
    if kind == "string_type" and isinstance(error.get("input"), int | float):
        # YAML reads 12 or 1.5 as a number; text that looks like one needs quotes.
        shown = error["input"]
        return loc, False, f'{name} must be text; put it in quotes: {name}: "{shown}"'
    if kind in _TYPE_WORDS:
        return loc, False, f"{name} must be {_TYPE_WORDS[kind]}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return loc, False, f"{name} {error['input']!r} is not one of {expected}"
    in_superset = ("superset", "exercises") in (tuple(loc[-3:-1]), tuple(loc[-2:]))
    if kind == "too_short":
        least = error["ctx"]["min_length"]
        if in_superset:
            had = len(error["input"]) if isinstance(error.get("input"), list) else 0
            return (
                loc,
                False,
                (
                    f"a superset needs at least {least} exercises, and this one has {had}; "
                    "an exercise on its own goes straight under exercises:"
                ),
            )
        if name == "exercises":
            return loc, False, "exercises is empty; a session needs at least one exercise"
        return loc, False, f"{name} needs at least {counted(least, 'item')}"
    if kind == "too_long" and "max_length" in error.get("ctx", {}):
        most = error["ctx"]["max_length"]
        if in_superset:
            return loc, False, f"a superset takes at most {most} exercises"
        what = "character" if isinstance(error.get("input"), str) else "item"
        return loc, False, f"{name} takes at most {counted(most, what)}"
    if kind == "string_too_short":
        return loc, False, f"{name} is empty"
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == NOT_BLANK:
        what = f"{name} item {loc[-1] + 1}" if loc and isinstance(loc[-1], int) else name
        return loc, False, f"{what} is blank: it holds only spaces"
    if kind == "string_too_long":
        return loc, False, f"{name} is too long (at most {error['ctx']['max_length']} characters)"
    return loc, False, f"{name}: {error['msg']}"


def _where(loc: tuple[str | int, ...]) -> str:
    if not loc:
        return " at the top of the file"
    if loc[:1] == ("exercises",) and loc[2:4] == ("superset", "exercises") and len(loc) >= 5:
        return f" in exercise {int(loc[4]) + 1} of the superset (exercise {int(loc[1]) + 1})"
    if loc[0] == "exercises" and len(loc) >= 2:
        return f" in exercise {int(loc[1]) + 1}"
    return f" in {'.'.join(str(p) for p in loc)}"


# --- checks across fields -----------------------------------------------------------

_SET_KEYS = SET_KEYS


def _without_nulls(
    data: Any, located: Located, path: tuple[str | int, ...] = ()
) -> tuple[Any, list[Problem], set[tuple[str | int, ...]]]:
    """`data` with every empty mapping value (nothing, ~ or null) taken out, each one a
    problem at its key: coach never takes an empty value to mean anything."""
    problems: list[Problem] = []
    empty: set[tuple[str | int, ...]] = set()
    if isinstance(data, list):
        items = []
        for i, item in enumerate(data):
            kept, more, gone = _without_nulls(item, located, (*path, i))
            items.append(kept)
            problems += more
            empty |= gone
        return items, problems, empty
    if not isinstance(data, dict):
        return data, problems, empty
    kept_keys: dict[str, Any] = {}
    for key, value in data.items():
        here = (*path, key)
        if value is None:
            mark = located.place(here, key=True)
            problems.append(
                Problem(
                    mark.line,
                    mark.column,
                    f"'{key}' has no value; write one after the colon, or remove the line",
                )
            )
            empty.add(here)
            continue
        kept_keys[key], more, gone = _without_nulls(value, located, here)
        problems += more
        empty |= gone
    return kept_keys, problems, empty


def _needs(key: str, missing: list[str]) -> str:
    return (
        f"library exercise '{key}' needs {' and '.join(missing)} "
        "(it is not a built-in exercise to build on)"
    )


def _library_problems(
    raw: dict[str, Any], located: Located, base: Library
) -> tuple[Library, list[Problem]]:
    library = dict(base)
    problems: list[Problem] = []
    entries = raw.get("library")
    if not isinstance(entries, dict):
        return library, problems
    for key, value in entries.items():
        if not isinstance(value, dict):
            continue  # the model reports the type
        try:
            info = ExerciseInfo.model_validate(value)
        except ValidationError:
            # The whole-session validation reports these; still count the id as known,
            # and say now what a new exercise lacks, with the other problems.
            library[key] = Exercise(id=key, name=str(value.get("name", key)), starts="top")
            missing = [k for k in ("name", "starts") if k not in value]
            if key not in base and missing:
                mark = located.place(("library", key), key=True)
                problems.append(Problem(mark.line, mark.column, _needs(key, missing)))
            continue
        merged = merge(base.get(key), key, info)
        if merged is None:
            missing = [k for k in ("name", "starts") if getattr(info, k) is None]
            mark = located.place(("library", key), key=True)
            problems.append(
                Problem(
                    mark.line,
                    mark.column,
                    _needs(key, missing),
                )
            )
            library[key] = Exercise(id=key, name=key, starts="top")
        else:
            library[key] = merged
    return library, problems


def _unknown_exercise(exercise_id: str, library: Library) -> str:
    known = ", ".join(sorted(library))
    dash = lookalike_in(exercise_id)
    if dash and plain_dashes(exercise_id) in library:
        return (
            f"unknown exercise '{exercise_id}': it has {dash} where an ordinary hyphen (-) "
            f"belongs; write '{plain_dashes(exercise_id)}'"
        )
    guess = closest(exercise_id, library)
    hint = f" (did you mean '{guess}'?)" if guess else ""
    return f"unknown exercise '{exercise_id}'{hint}; known: {known}"


def _entry_problems(
    raw: dict[str, Any],
    located: Located,
    library: Library,
    empty: set[tuple[str | int, ...]] = frozenset(),  # type: ignore[assignment]
) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: tuple[str | int, ...], message: str, *, key: bool = True) -> None:
        mark = located.place(path, key=key)
        problems.append(Problem(mark.line, mark.column, message))

    def check_exercise(entry: dict[str, Any], here: tuple[str | int, ...]) -> None:
        exercise_id = entry.get("exercise")
        if isinstance(exercise_id, str) and exercise_id not in library:
            add((*here, "exercise"), _unknown_exercise(exercise_id, library), key=False)
        variation = entry.get("variation")
        if isinstance(exercise_id, str) and exercise_id in library and isinstance(variation, str):
            names = [name for name, _ in library[exercise_id].variations]
            if variation not in names:
                offer = ", ".join(names) if names else "none"
                add(
                    (*here, "variation"),
                    f"'{exercise_id}' has no variation '{variation}'; its variations: {offer}",
                    key=False,
                )
        if "switch" in entry and flag(entry.get("per_side", False)) is not True:
            add((*here, "switch"), "'switch' only applies with per_side: true")
        if "tempo" in entry and "hold" in entry:
            add(
                (*here, "hold"),
                "tempo already sets the top pause (its fourth part); give either tempo or hold",
            )
        if "warmup" in entry and not _weighed(entry.get("load")):
            add(
                (*here, "warmup"),
                "warm-ups are percents of the load: give a load in kg or lb, like load: 60 kg",
            )

    entries = raw.get("exercises")
    if not isinstance(entries, list):
        return problems
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            add(
                ("exercises", i),
                f"exercise {i + 1} must be a mapping with an exercise: key",
                key=False,
            )
            continue
        here = ("exercises", i)
        if "superset" in entry:
            superset = entry["superset"]
            members = superset.get("exercises") if isinstance(superset, dict) else None
            for k, member in enumerate(members if isinstance(members, list) else []):
                if isinstance(member, dict) and "superset" not in member:
                    where = (*here, "superset", "exercises", k)
                    check_exercise(member, where)
                    problem = _double_progression_problem(member, [])
                    if problem:
                        add((*where, "progression", "rule"), problem, key=False)
            continue
        blocks = [k for k in ("intervals", "emom") if k in entry]
        if len(blocks) == 2:
            add((*here, "emom"), "an exercise is either intervals or emom, not both")
        elif blocks:
            for key in _SET_KEYS:
                if key in entry:
                    hint = {
                        "rest": f"; rest between rounds goes inside {blocks[0]}, and rest_after "
                        "sets the rest after the block",
                        "reps": "; an EMOM's reps go inside emom" if blocks[0] == "emom" else "",
                    }.get(key, "")
                    add((*here, key), f"'{key}' does not go with {blocks[0]}{hint}")
        else:
            said_empty = any((*here, key) in empty for key in ("reps", "intervals", "emom"))
            if "reps" not in entry and not said_empty:
                add(here, f"missing 'reps' in exercise {i + 1} (or give intervals or emom instead)")
        check_exercise({k: v for k, v in entry.items() if not blocks or k not in _SET_KEYS}, here)
        problem = _double_progression_problem(entry, blocks)
        if problem:
            add((*here, "progression", "rule"), problem, key=False)
    return problems


def _nested_superset(raw: Any, loc: tuple[str | int, ...]) -> bool:
    """True when `loc` is a key missing from a superset written inside a superset."""
    path = _untagged(tuple(loc))[:-1]
    if len(path) < 5:
        return False
    node = raw
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, dict) and "superset" in node


def _weighed(value: object) -> bool:
    """True for a load with a number and a unit (what a percent can be taken of)."""
    if value is None:
        return False
    try:
        return parse_load(value).amount is not None
    except LoadError:
        return True  # the model reports a load it cannot read


def _double_progression_problem(entry: dict[str, Any], blocks: list[str]) -> str | None:
    """Double progression climbs a rep range; an exercise's own rule needs one."""
    progression = entry.get("progression")
    if not isinstance(progression, dict) or progression.get("rule") != "double":
        return None
    if blocks:
        return f"double progression needs a rep range; {blocks[0]} progresses with rule: linear"
    reps = entry.get("reps")
    if isinstance(reps, int) and not isinstance(reps, bool):
        return (
            f"double progression needs a rep range like reps: {max(1, reps - 2)}-{reps + 2}, "
            "not one number; or use rule: linear"
        )
    if isinstance(reps, str) and "+" in reps:
        return (
            f'double progression needs a rep range like "8-12", not "{reps.strip()}"; '
            "an AMRAP set progresses with rule: linear"
        )
    return None


def _sound_problems(raw: dict[str, Any], located: Located, base: Path) -> list[Problem]:
    from coach.domain.wav import WavError, check_wav

    problems: list[Problem] = []
    sounds = raw.get("sounds")
    if not isinstance(sounds, dict):
        return problems
    for cue, file in sounds.items():
        if not isinstance(file, str) or cue not in CUE_NAMES:
            continue  # the model reports these
        mark = located.place(("sounds", cue))
        try:
            check_wav(base / file)
        except WavError as exc:
            problems.append(Problem(mark.line, mark.column, f"sound for '{cue}': {exc}"))
    return problems


# --- the whole load ------------------------------------------------------------------


def validate_text(path: Path, text: str, base: Library | None = None) -> LoadedSession:
    located, problems = _located(path, text)
    raw = located.data
    if raw is None:
        raise SessionFileError(
            path, [Problem(1, 1, "the file is empty; a session needs name and exercises")]
        )
    if not isinstance(raw, dict):
        mark = located.place(())
        kind = "a list" if isinstance(raw, list) else "a single value"
        raise SessionFileError(
            path,
            [
                Problem(
                    mark.line,
                    mark.column,
                    f"the file holds {kind}; a session is a mapping with name: and exercises:",
                )
            ],
        )
    raw, more, empty = _without_nulls(raw, located)
    problems += more
    library, more = _library_problems(raw, located, builtin_library() if base is None else base)
    problems += more
    problems += _entry_problems(raw, located, library, empty)
    problems += _sound_problems(raw, located, path.parent)
    session: Session | None = None
    try:
        session = Session.model_validate(raw)
    except ValidationError as exc:
        for error in exc.errors():
            if error["type"] == "missing" and _untagged(tuple(error["loc"])) in empty:
                continue  # reported as an empty value
            if error["type"] == "missing" and _nested_superset(raw, error["loc"]):
                continue  # reported as a superset in a superset
            loc, at_key, message = _describe(error)
            place: Mark = located.place(loc, key=at_key)
            problems.append(Problem(place.line, place.column, message))
    problems = sorted(set(problems))
    if problems or session is None:
        raise SessionFileError(path, problems)
    return LoadedSession(path=path, session=session, library=library)


def load_session(path: Path | str) -> LoadedSession:
    """Read and validate a session file; raises SessionFileError listing every problem."""
    path = Path(path)
    return validate_text(path, read_text(path))


def read_library_file(path: Path) -> Library:
    """Read a library file (id -> exercise) such as the built-in exercises.yaml."""
    located, problems = _located(path, read_text(path))
    raw = located.data
    if not isinstance(raw, dict):
        raise SessionFileError(
            path, [Problem(1, 1, "a library file is a mapping of id -> exercise")]
        )
    library: Library = {}
    for key, value in raw.items():
        try:
            info = ExerciseInfo.model_validate(value)
        except ValidationError as exc:
            for error in exc.errors():
                loc, at_key, message = _describe(error)
                mark = located.place((key, *loc), key=at_key)
                problems.append(Problem(mark.line, mark.column, message))
            continue
        merged = merge(None, key, info)
        if merged is None:
            mark = located.place((key,), key=True)
            problems.append(Problem(mark.line, mark.column, f"'{key}' needs name and starts"))
            continue
        library[key] = merged
    if problems:
        raise SessionFileError(path, problems)
    return library


def sounds_named(path: Path) -> list[Path]:
    """The sound files a session file names, valid or not: besides the file itself,
    what checking it reads (so a kept result of that check knows what to watch)."""
    try:
        located, _ = _located(path, read_text(path))
    except SessionFileError:
        return []
    raw = located.data
    sounds = raw.get("sounds") if isinstance(raw, dict) else None
    if not isinstance(sounds, dict):
        return []
    return [path.parent / file for file in sounds.values() if isinstance(file, str)]
