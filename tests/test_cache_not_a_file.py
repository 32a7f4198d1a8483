"""Something other than a file where the cache keeps one (a named pipe, a folder) is a
miss like any other: coach neither waits on it nor fails, and goes on as with nothing
kept. A named pipe as the settings file is refused in one line, and one standing where
coach writes the editor's schema is replaced. A named pipe opened for reading waits for
a writer, so each read here runs in a thread that has to end; a reader that waited
would still be there."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from coach.interface.cli import main
from coach.services import session_cache
from coach.services.audio.kept_sounds import KeptSounds
from coach.services.config import ConfigError, load_config
from coach.services.paths import (
    bundled_sessions_dir,
    user_cache_dir,
    user_config_file,
    user_sessions_dir,
)
from coach.services.schema_file import user_schema_file
from coach.services.speech.cache import PhraseCache
from coach.services.speech.engines import Engine


def _pipe(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def _ends(call: Callable[[], Any], pipe: Path) -> Any:
    result: list[Any] = []
    reader = threading.Thread(target=lambda: result.append(call()), daemon=True)
    reader.start()
    reader.join(timeout=10)
    waited = reader.is_alive()
    if waited:  # let it go: a writer opening the pipe ends the wait
        with contextlib.suppress(OSError):
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=5)
    assert not waited, f"waited on the named pipe {pipe}"
    return result[0]


def test_coach_list_with_a_pipe_for_its_findings(capsys):
    pipe = _pipe(user_cache_dir() / session_cache.SUMMARY_FILE)
    assert _ends(lambda: main(["list"]), pipe) == 0
    assert "posterior-chain" in capsys.readouterr().out


def test_coach_plan_with_a_pipe_for_its_kept_plan(capsys):
    session = bundled_sessions_dir() / "posterior-chain.yaml"
    pipe = _pipe(session_cache._plan_file(session, None))
    assert _ends(lambda: main(["plan", "posterior-chain"]), pipe) == 0
    assert "Hip thrust" in capsys.readouterr().out


def test_a_pipe_for_a_kept_session():
    session = bundled_sessions_dir() / "posterior-chain.yaml"
    pipe = _pipe(session_cache._session_file(session, None))
    assert _ends(lambda: session_cache.kept_session(session), pipe) is None


def test_a_pipe_for_a_kept_sound(tmp_path):
    wav = tmp_path / "go.wav"
    wav.write_bytes(b"RIFF")
    kept = KeptSounds(0.8)
    pipe = _pipe(kept._file(os.path.abspath(wav)))
    assert _ends(lambda: kept.get(wav, session_cache.signature(wav)), pipe) is None


def test_a_pipe_for_a_kept_phrase():
    cache = PhraseCache(Engine("espeak-ng", "/nonexistent/espeak-ng"))
    pipe = _pipe(cache.path_for("Halfway"))
    assert _ends(lambda: cache.cached("Halfway"), pipe) is None


@pytest.mark.parametrize("name", [session_cache.SUMMARY_FILE])
def test_a_folder_for_the_findings(capsys, name):
    (user_cache_dir() / name).mkdir(parents=True)
    assert main(["list"]) == 0
    assert "posterior-chain" in capsys.readouterr().out


def test_a_pipe_for_the_settings_file_is_refused_in_one_line():
    pipe = _pipe(user_config_file())

    def loading() -> str:
        with pytest.raises(ConfigError) as refused:
            load_config()
        return str(refused.value)

    assert _ends(loading, pipe) == f"{pipe}: is a named pipe, not a settings file"


def test_a_pipe_where_the_editors_schema_goes_is_replaced(capsys):
    user_sessions_dir().mkdir(parents=True)
    pipe = _pipe(user_schema_file())
    assert _ends(lambda: main(["list"]), pipe) == 0
    assert user_schema_file().is_file()  # the schema, written over the pipe
