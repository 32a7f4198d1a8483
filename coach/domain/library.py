"""The exercise library: built-in movements, merged with a session's own `library:`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from coach.domain.load import Implement
from coach.domain.models import ExerciseInfo, Variation

BUILTIN_FILE = Path(__file__).with_name("exercises.yaml")


@dataclass(frozen=True)
class Exercise:
    """A complete library entry, as the timeline and the screens use it."""

    id: str
    name: str
    starts: Literal["top", "bottom"]
    muscles: tuple[str, ...] = ()
    setup: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    safety: str = ""
    progression: str = ""
    variations: tuple[tuple[str, Variation], ...] = ()
    implement: Implement | None = None  # None: not known, any weight owned

    def variation(self, key: str) -> Variation | None:
        return dict(self.variations).get(key)

    def display_name(self, variation: str | None) -> str:
        found = self.variation(variation) if variation else None
        return found.name if found else self.name

    def cues_for(self, variation: str | None) -> tuple[str, ...]:
        found = self.variation(variation) if variation else None
        if found and found.cues:
            return tuple(found.cues)
        return self.cues


Library = dict[str, Exercise]


def merge(base: Exercise | None, exercise_id: str, info: ExerciseInfo) -> Exercise | None:
    """`info` laid over `base`; None when a new exercise lacks its name or starts."""
    name = info.name or (base.name if base else None)
    starts = info.starts or (base.starts if base else None)
    if name is None or starts is None:
        return None
    variations = dict(base.variations) if base else {}
    variations.update(info.variations or {})

    def pick(mine: list[str] | None, theirs: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(mine) if mine is not None else theirs

    return Exercise(
        id=exercise_id,
        name=name,
        starts=starts,
        muscles=pick(info.muscles, base.muscles if base else ()),
        setup=pick(info.setup, base.setup if base else ()),
        cues=pick(info.cues, base.cues if base else ()),
        safety=info.safety if info.safety is not None else (base.safety if base else ""),
        progression=(
            info.progression if info.progression is not None else (base.progression if base else "")
        ),
        variations=tuple(variations.items()),
        implement=info.implement or (base.implement if base else None),
    )


@cache
def builtin_library() -> Library:
    """The bundled exercises. A problem in that file is a bug in coach, so it raises."""
    from coach.domain.loading import read_library_file

    return read_library_file(BUILTIN_FILE)
