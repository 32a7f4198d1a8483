"""`coach render` writes WAV, and says so rather than write WAV under another format's name."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.interface.cli import main


@pytest.mark.parametrize("name", ["workout.mp3", "workout.OGG", "workout.flac", "workout.m4a"])
def test_a_name_for_another_audio_format_is_refused_before_anything_is_written(
    tmp_path: Path, capsys, name: str
) -> None:
    out = tmp_path / name
    assert main(["render", "beginner-holds", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"coach: {out}: coach render writes WAV, not ")
    assert "ending in .wav" in err
    assert not out.exists()
