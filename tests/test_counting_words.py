"""One rep is "1 rep": the screen, plain mode, the voice and the records said "1 reps"."""

from __future__ import annotations

from coach.domain.counting import counted
from coach.domain.loading import load_session
from coach.domain.phrases import manual_note
from coach.domain.timeline import compile_timeline
from coach.interface.wording import position, reps_word


def test_one_rep_is_said_in_the_singular(tmp_path):
    path = tmp_path / "singles.yaml"
    path.write_text(
        "name: Singles\nexercises:\n"
        "  - {exercise: hip-thrust, sets: 2, reps: 1, tempo: 1-0-1-0, load: 100 kg}\n"
        "  - {exercise: good-morning, sets: 1, reps: 1, load: 40 kg}\n"
    )
    segments = compile_timeline(load_session(path)).segments
    ready = next(s for s in segments if s.kind == "get_ready")
    manual = next(s for s in segments if s.kind == "manual")
    assert reps_word(ready) == "1 rep"
    assert "1 rep" in position(ready, upcoming=True)
    assert reps_word(manual) == "1 rep"
    assert manual_note(1)[0].startswith("1 rep at your pace")
    assert [counted(n, "rep") for n in (0, 1, 2)] == ["0 reps", "1 rep", "2 reps"]
