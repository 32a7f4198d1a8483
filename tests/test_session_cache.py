"""`coach list` and the text `coach plan` keep what they worked out in the cache folder,
and never show anything a fresh check would not: an edited file, a sound file that
appeared, new settings or history are seen at once; a damaged cache is no error."""

from __future__ import annotations

import json
import os
import wave
from pathlib import Path

import pytest
from test_cli import write_broken

from coach.interface.cli import main
from coach.interface.commands import plan
from coach.services import catalog, session_cache

SESSION = """\
name: {name}
exercises:
  - exercise: hip-thrust
    sets: 2
    reps: {reps}
"""


@pytest.fixture
def sessions(user_folders):
    folder = user_folders / "sessions"
    folder.mkdir(parents=True)
    return folder


_TICK = [1_000_000_000]


def rewrite(path: Path, text: str) -> None:
    """Write `text` and give the file a time of its own: two writes of one size in the
    same tick of the file system's clock would otherwise look alike (the case the real
    cache guards against by keeping nothing younger than two seconds)."""
    path.write_text(text, encoding="utf-8")
    _TICK[0] += 1_000_000_000
    os.utime(path, ns=(_TICK[0], _TICK[0]))


def listed(capsys) -> str:
    assert main(["list"]) == 0
    return capsys.readouterr().out


def row(out: str, key: str) -> str:
    return next(line for line in out.splitlines() if line.split()[:1] == [key])


def kept_files(user_folders) -> dict[str, object]:
    data = json.loads((user_folders / "cache" / session_cache.SUMMARY_FILE).read_text())
    return data["files"]


def test_a_second_list_reads_no_file_and_shows_the_same(
    sessions, user_folders, capsys, settle_now, monkeypatch
):
    write_broken(sessions)
    (sessions / "mine.yaml").write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    (sessions / "plan-a.yaml").write_text("program: A\nrotation: [mine]\n", encoding="utf-8")
    first = listed(capsys)
    assert "programs: plan-a" in first and "cannot be used" in first
    checked: list[Path] = []
    real = catalog._ref
    monkeypatch.setattr(catalog, "_ref", lambda p, o: checked.append(p) or real(p, o))
    assert listed(capsys) == first
    assert checked == []  # the pipe and the looping link too are told by their signature


def test_the_picker_leaves_what_a_first_list_needs(
    sessions, user_folders, capsys, settle_now, monkeypatch
):
    write_broken(sessions)
    (sessions / "mine.yaml").write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    (sessions / "plan-a.yaml").write_text("program: A\nrotation: [mine]\n", encoding="utf-8")
    shown = [ref.key for ref in catalog.list_sessions()]  # `coach` before the picker opens
    assert "mine" in shown and "plan-a" not in shown
    checked: list[Path] = []
    real = catalog._ref
    monkeypatch.setattr(catalog, "_ref", lambda p, o: checked.append(p) or real(p, o))
    after_picker = listed(capsys)
    assert checked == []  # every file's finding was kept by the picker
    (user_folders / "cache" / session_cache.SUMMARY_FILE).unlink()
    assert listed(capsys) == after_picker  # and it is what a list from scratch shows
    assert len(checked) == len(catalog._found())  # that one checked every file again


def test_an_edited_file_is_read_again(sessions, capsys, settle_now):
    path = sessions / "mine.yaml"
    path.write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    assert "Mine" in row(listed(capsys), "mine")
    rewrite(path, SESSION.format(name="Ours", reps=8))  # the same size
    assert "Ours" in row(listed(capsys), "mine")
    rewrite(path, "name: [\n")
    assert "cannot be used: YAML syntax" in row(listed(capsys), "mine")
    rewrite(path, SESSION.format(name="Fixed", reps=8))
    assert "Fixed" in row(listed(capsys), "mine")


def test_a_file_changed_just_now_is_not_kept(sessions, user_folders, capsys):
    (sessions / "mine.yaml").write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    listed(capsys)
    kept = kept_files(user_folders)
    assert str(sessions / "mine.yaml") not in kept  # written this instant: not trusted yet
    assert any(name.endswith("posterior-chain.yaml") for name in kept)


def test_a_file_of_coach_s_own_package_is_kept_at_once(tmp_path, user_folders, monkeypatch):
    # An install writes the bundled sessions moments before the quick start opens the
    # picker; the code stamp follows every change to them, so they need not settle.
    package = tmp_path / "site-packages" / "coach"
    (package / "sessions").mkdir(parents=True)
    monkeypatch.setattr(session_cache, "PACKAGE", package)
    bundled = package / "sessions" / "fresh.yaml"
    bundled.write_text(SESSION.format(name="Fresh", reps=8), encoding="utf-8")
    mine = user_folders / "mine.yaml"
    user_folders.mkdir(parents=True, exist_ok=True)
    mine.write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    kept = session_cache.Findings()
    finding = session_cache.Finding("Fresh", 60, False)
    for path in (bundled, mine):
        kept.put(path, session_cache.signature(path), finding, [])
    kept.save()
    files = kept_files(user_folders)
    assert str(bundled) in files  # written this instant, and kept
    assert str(mine) not in files  # the user's file, just as new: not trusted yet


def _wav(path: Path) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(b"\0\0" * 80)


def test_a_sound_file_that_appears_or_goes_is_seen(sessions, capsys, settle_now):
    text = SESSION.format(name="Loud", reps=8) + "sounds:\n  go: beep.wav\n"
    (sessions / "loud.yaml").write_text(text, encoding="utf-8")
    assert "cannot be used: sound for 'go'" in row(listed(capsys), "loud")
    _wav(sessions / "beep.wav")
    assert "Loud" in row(listed(capsys), "loud")
    (sessions / "beep.wav").unlink()
    assert "cannot be used: sound for 'go'" in row(listed(capsys), "loud")


@pytest.mark.parametrize(
    "damage",
    [
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'{"stamp": "STAMP", "files": []}',
        b'{"stamp": "STAMP", "files": {"PATH": {"sig": "x", "deps": 3, "finding": 1}}}',
        b'{"stamp": "STAMP", "files": {"PATH": {"sig": SIG, "deps": [], "finding": 1}}}',
        b'{"stamp": "STAMP", "files": {"PATH": {"sig": SIG, "deps": [], "finding": '
        b'{"title": 5, "total_seconds": "x", "estimated": 1, "problems": [[1]], "program": 0}}}}',
        b'{"stamp": "STAMP", "files": {"PATH": {"sig": SIG, "deps": [["/nowhere", [1]]], '
        b'"finding": {"title": "Stale", "total_seconds": 1, "estimated": false, '
        b'"problems": [], "program": false}}}}',
    ],
)
def test_a_damaged_cache_is_ignored_and_written_anew(
    sessions, user_folders, capsys, settle_now, damage
):
    path = sessions / "mine.yaml"
    path.write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    clean = listed(capsys)
    cache = user_folders / "cache" / session_cache.SUMMARY_FILE
    sig = json.dumps(list(session_cache.signature(path) or ()))
    cache.write_bytes(
        damage.replace(b"STAMP", session_cache.code_stamp().encode())
        .replace(b"PATH", str(path).encode())
        .replace(b"SIG", sig.encode())
    )
    assert listed(capsys) == clean
    assert str(path) in json.loads(cache.read_text())["files"]


def test_a_cache_of_another_coach_is_not_used(sessions, user_folders, capsys, settle_now):
    path = sessions / "mine.yaml"
    path.write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    listed(capsys)
    cache = user_folders / "cache" / session_cache.SUMMARY_FILE
    data = json.loads(cache.read_text())
    data["files"][str(path)]["finding"]["title"] = "From another version"
    data["stamp"] = "0.0.0:other"
    cache.write_text(json.dumps(data))
    assert "Mine" in row(listed(capsys), "mine")


def test_a_cache_that_cannot_be_written_is_no_error(sessions, user_folders, capsys, settle_now):
    (user_folders / "cache").parent.mkdir(parents=True, exist_ok=True)
    (user_folders / "cache").write_text("a file where the folder would be")
    (sessions / "mine.yaml").write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    assert "Mine" in row(listed(capsys), "mine")


# --- plan ------------------------------------------------------------------------------


def planned(capsys, name: str = "mine") -> str:
    assert main(["plan", name]) == 0
    return capsys.readouterr().out


@pytest.fixture
def worked_out(monkeypatch):
    """How many times a plan was worked out from the files (not read from the cache)."""
    calls: list[str] = []
    real = plan.plan_text
    monkeypatch.setattr(plan, "plan_text", lambda loaded: calls.append("x") or real(loaded))
    return calls


def test_a_second_plan_is_read_from_the_cache(sessions, capsys, settle_now, worked_out):
    (sessions / "mine.yaml").write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    first = planned(capsys)
    assert planned(capsys) == first
    assert len(worked_out) == 1


def test_a_plan_follows_the_file_its_sounds_the_settings_and_the_history(
    sessions, user_folders, capsys, settle_now, worked_out
):
    path = sessions / "mine.yaml"
    path.write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    planned(capsys)
    rewrite(path, SESSION.format(name="Mine", reps=9))
    assert "9 reps" in planned(capsys)
    assert len(worked_out) == 2
    (user_folders / "config.toml").write_text("", encoding="utf-8")
    planned(capsys)
    assert len(worked_out) == 3
    (user_folders / "data").mkdir(parents=True)
    (user_folders / "data" / "history.sqlite3-wal").write_bytes(b"")
    planned(capsys)
    assert len(worked_out) == 4
    planned(capsys)
    assert len(worked_out) == 4
    text = SESSION.format(name="Mine", reps=9) + "sounds:\n  go: beep.wav\n"
    rewrite(path, text)
    _wav(sessions / "beep.wav")
    planned(capsys)
    planned(capsys)
    assert len(worked_out) == 5
    _wav(sessions / "beep.wav")
    os.utime(sessions / "beep.wav", ns=(5, 5))
    planned(capsys)
    assert len(worked_out) == 6


def test_a_bad_file_is_planned_as_before_and_not_kept(sessions, user_folders, capsys):
    (sessions / "bad.yaml").write_text("name: [\n", encoding="utf-8")
    assert main(["plan", "bad"]) == 1
    assert "YAML syntax" in capsys.readouterr().err
    assert not (user_folders / "cache" / session_cache.PLANS_FOLDER).exists()


@pytest.mark.parametrize("damage", [b"{", b"[]", b'{"key": [], "text": 3}', b"\x00" * 9])
def test_a_damaged_plan_in_the_cache_is_worked_out_again(
    sessions, user_folders, capsys, settle_now, worked_out, damage
):
    (sessions / "mine.yaml").write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    first = planned(capsys)
    (kept,) = (user_folders / "cache" / session_cache.PLANS_FOLDER).iterdir()
    kept.write_bytes(damage)
    assert planned(capsys) == first
    assert len(worked_out) == 2


# --- the session itself (run, today, render, plan --json) -------------------------------


def _no_reading(monkeypatch):
    import coach.domain.loading as loading

    def refuse(path):
        raise AssertionError("the file was read again")

    monkeypatch.setattr(loading, "load_session", refuse)


def test_a_session_loaded_before_is_taken_from_the_cache(sessions, settle_now, monkeypatch):
    path = sessions / "mine.yaml"
    path.write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    first = plan.load_named("mine")
    with monkeypatch.context() as patched:
        _no_reading(patched)
        again = plan.load_named("mine")
        assert again == first and again.path == path
        assert again.session.entries == first.session.entries
        # The same file by another name: the name asked for is the one it carries.
        patched.chdir(sessions)
        other = plan.load_named("./mine.yaml")
        assert other.path == Path("mine.yaml") and other.session == first.session
    rewrite(path, SESSION.format(name="Ours", reps=8))
    assert plan.load_named("mine").session.name == "Ours"


def test_a_bad_session_is_never_kept(sessions, user_folders, settle_now):
    (sessions / "bad.yaml").write_text("name: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(plan.CheckFailed, match="YAML syntax"):
            plan.load_named("bad")
    assert not (user_folders / "cache" / session_cache.SESSIONS_FOLDER).exists()


@pytest.mark.parametrize("part", ["head", "body"])
def test_a_damaged_kept_session_is_loaded_from_the_file(
    sessions, user_folders, settle_now, monkeypatch, part
):
    path = sessions / "mine.yaml"
    path.write_text(SESSION.format(name="Mine", reps=8), encoding="utf-8")
    first = plan.load_named("mine")
    (kept,) = (user_folders / "cache" / session_cache.SESSIONS_FOLDER).iterdir()
    head, _, body = kept.read_bytes().partition(b"\n")
    if part == "head":  # another coach's: what follows is not used
        about = json.loads(head)
        about["stamp"] = "0.0.0:other"
        kept.write_bytes(json.dumps(about).encode() + b"\n" + body)
    else:
        kept.write_bytes(head + b"\n" + body[: len(body) // 2])
    assert session_cache.kept_session(path) is None
    assert plan.load_named("mine") == first


def test_a_kept_session_follows_its_sounds(sessions, settle_now):
    text = SESSION.format(name="Loud", reps=8) + "sounds:\n  go: beep.wav\n"
    (sessions / "loud.yaml").write_text(text, encoding="utf-8")
    _wav(sessions / "beep.wav")
    plan.load_named("loud")
    (sessions / "beep.wav").unlink()
    with pytest.raises(plan.CheckFailed, match="sound for 'go'"):
        plan.load_named("loud")
