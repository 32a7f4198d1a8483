"""Alerts without a terminal: the title's words and pace, which events flash and notify,
notifications that never hold up the caller, and the keep-awake helper's life."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from coach.domain.loading import load_session
from coach.domain.runner import CueDue, SegmentStarted, SessionFinished
from coach.domain.timeline import Segment, compile_timeline
from coach.services.alerts import Alerts, build_alerts, window_title
from coach.services.alerts.escapes import POP_TITLE, PUSH_TITLE, notification, set_title
from coach.services.alerts.keep_awake import (
    ES_CONTINUOUS,
    ES_DISPLAY_REQUIRED,
    ES_SYSTEM_REQUIRED,
    HelperInhibitor,
    NoInhibitor,
    WindowsInhibitor,
    choose_inhibitor,
)
from coach.services.alerts.notify import WAITING_AT_MOST, Notifier, choose_notifier
from coach.services.config import AlertsConfig, ConfigError, load_config

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def timeline():
    return compile_timeline(load_session(FIXTURES / "drive.yaml"))


def first(timeline, kind: str, **match) -> Segment:
    return next(
        s
        for s in timeline.segments
        if s.kind == kind and all(getattr(s, k) == v for k, v in match.items())
    )


class FakeInhibitor:
    detail = "fake"

    def __init__(self) -> None:
        self.calls: list[str] = []

    def start(self) -> None:
        self.calls.append("start")

    def release(self) -> None:
        self.calls.append("release")

    def wait(self, timeout: float) -> bool:
        return True


class FakeNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.closed = False

    def send(self, title: str, body: str) -> None:
        self.sent.append((title, body))

    def close(self, wait: float = 0.0) -> None:
        self.closed = True


# --- settings ---------------------------------------------------------------------------


def test_alert_settings_are_read_and_checked(tmp_path):
    path = tmp_path / "config.toml"
    assert load_config(path).alerts == AlertsConfig(True, True, False, True)
    path.write_text("[alerts]\nnotify = true\nkeep_awake = false\nflash = false\ntitle = false\n")
    assert load_config(path).alerts == AlertsConfig(
        title=False, flash=False, notify=True, keep_awake=False
    )
    path.write_text('[alerts]\nnotify = "yes"\n')
    with pytest.raises(ConfigError, match=r"\[alerts\] notify: 'yes' must be true or false"):
        load_config(path)
    path.write_text("[alerts]\nbeep = true\n")
    with pytest.raises(ConfigError, match="unknown key; allowed: title, flash, notify"):
        load_config(path)


# --- the title's words ------------------------------------------------------------------


def test_title_words_for_each_moment(timeline):
    rest = first(timeline, "rest", set_no=1)
    upcoming = first(timeline, "get_ready", set_no=2)
    said = window_title(
        rest, remaining=41.3, in_segment=0, paused=False, upcoming=upcoming, session="S"
    )
    assert said == "REST 0:42 · Hip thrust 2/2"
    paused = window_title(
        rest, remaining=41.3, in_segment=0, paused=True, upcoming=upcoming, session="S"
    )
    assert paused == "PAUSED · REST 0:42 · Hip thrust 2/2"
    manual = first(timeline, "manual")
    assert (
        window_title(
            manual, remaining=None, in_segment=7.9, paused=False, upcoming=manual, session="S"
        )
        == "GO 0:07 · Good morning 1/1"
    )
    work = first(timeline, "work", round_no=2)
    assert (
        window_title(work, remaining=75, in_segment=0, paused=False, upcoming=work, session="S")
        == "WORK 1:15 · Kettlebell swing round 2/2"
    )
    assert (
        window_title(
            rest,
            remaining=3,
            in_segment=0,
            paused=False,
            upcoming=upcoming,
            session="S",
            counting=False,
        )
        == "REST · Hip thrust 2/2"
    )
    finish = timeline.segments[-1]
    assert (
        window_title(
            finish, remaining=0, in_segment=0, paused=False, upcoming=None, session="Test drive"
        )
        == "DONE · Test drive"
    )


def test_escapes_cannot_be_broken_by_the_text():
    assert set_title("Hip\x07 thrust\x1b]0;x") == "\x1b]2;Hip  thrust ]0;x\x07"
    assert set_title("x" * 500).count("x") == 120


def test_the_terminal_notification_escape_for_each_terminal():
    assert notification("Rest over", "Next: Hip thrust 2/3", {"TERM": "xterm-256color"}) == (
        "\x1b]9;Rest over: Next: Hip thrust 2/3\x07"
    )
    assert notification("Rest over", "Next", {"TERM": "foot"}) == (
        "\x1b]777;notify;Rest over;Next\x07"
    )
    wrapped = notification("A", "B", {"TERM": "screen", "TMUX": "/tmp/tmux,1,0"})
    assert wrapped == "\x1bPtmux;\x1b\x1b]9;A: B\x07\x1b\\"


# --- the title's pace -------------------------------------------------------------------


def test_the_title_is_written_at_most_once_a_second(clock):
    written: list[str] = []
    alerts = Alerts(AlertsConfig(), write=written.append, clock=clock)
    alerts.show_title("REST 0:42 · Hip thrust 2/3")
    assert written == [PUSH_TITLE + set_title("REST 0:42 · Hip thrust 2/3")]
    clock.advance(0.4)
    alerts.show_title("GET READY 0:05 · Hip thrust 2/3")  # a skip: a new moment too soon
    alerts.show_title("GET READY 0:05 · Hip thrust 2/3")
    assert len(written) == 1
    clock.advance(0.6)
    alerts.show_title("GET READY 0:04 · Hip thrust 2/3")
    assert written[-1] == set_title("GET READY 0:04 · Hip thrust 2/3")
    clock.advance(0.1)
    alerts.show_title("PAUSED · GET READY 0:04 · Hip thrust 2/3", urgent=True)
    assert written[-1] == set_title("PAUSED · GET READY 0:04 · Hip thrust 2/3")
    alerts.close()
    alerts.close()
    alerts.show_title("late")
    assert written[-1] == POP_TITLE and written.count(POP_TITLE) == 1


def test_no_title_written_means_none_to_give_back(clock):
    written: list[str] = []
    Alerts(AlertsConfig(), write=written.append, clock=clock).close()
    assert written == []


# --- what each event does ---------------------------------------------------------------


def run_events(timeline, config: AlertsConfig, *kinds: Segment):
    flashes: list[int] = []
    notifier, inhibitor = FakeNotifier(), FakeInhibitor()
    written: list[str] = []
    alerts = Alerts(
        config,
        write=written.append,
        flash=lambda: flashes.append(1),
        notifier=notifier,  # type: ignore[arg-type]
        inhibitor=inhibitor,
    )
    alerts.start(timeline, "Test drive")
    for segment in kinds:
        alerts.on_event(SegmentStarted(segment, 0.0))
    return alerts, flashes, notifier, inhibitor, written


def test_the_cues_that_change_what_to_do_flash_and_the_beats_do_not(timeline):
    on = run_events(timeline, AlertsConfig())
    for name in ("get-ready", "tick", "lift", "hold", "release", "lower", "rest", "rest-ending"):
        on[0].on_event(CueDue(name, 1.0, 0))  # the count and the phase word show these
    assert on[1] == []
    for name in ("go", "finish"):
        on[0].on_event(CueDue(name, 2.0, 0))
    assert len(on[1]) == 2
    off = run_events(timeline, AlertsConfig(flash=False))
    off[0].on_event(CueDue("go", 2.0, 0))
    assert off[1] == []


def test_the_end_of_a_rest_between_sets_is_notified(timeline):
    rest = first(timeline, "rest", set_no=1)
    ready = first(timeline, "get_ready", set_no=2)
    _alerts, _f, notifier, _i, _w = run_events(timeline, AlertsConfig(notify=True), rest, ready)
    assert notifier.sent == [("Rest over", "Next: Hip thrust 2/2")]


def test_rests_inside_an_interval_block_are_not_notified(timeline):
    rest = first(timeline, "rest", round_no=1)
    work = first(timeline, "work", round_no=2)
    _alerts, _f, notifier, _i, _w = run_events(timeline, AlertsConfig(notify=True), rest, work)
    assert notifier.sent == []


def test_notifications_are_off_unless_asked(timeline):
    rest = first(timeline, "rest", set_no=1)
    ready = first(timeline, "get_ready", set_no=2)
    alerts, _f, notifier, _i, _w = run_events(timeline, AlertsConfig(), rest, ready)
    alerts.on_event(SessionFinished(10.0))
    assert notifier.sent == []


def test_the_finish_lets_the_machine_sleep_notifies_and_titles(timeline):
    alerts, _f, notifier, inhibitor, written = run_events(timeline, AlertsConfig(notify=True))
    assert inhibitor.calls == ["start"]
    alerts.on_event(SessionFinished(100.0))
    assert inhibitor.calls == ["start", "release"]
    assert notifier.sent == [("Workout complete", "Test drive")]
    assert written[-1].endswith(set_title("DONE · Test drive"))
    alerts.close()
    assert notifier.closed and written[-1] == POP_TITLE


def test_plain_mode_titles_each_segment_without_a_count(timeline):
    written: list[str] = []
    alerts = Alerts(AlertsConfig(), write=written.append, titles_per_segment=True)
    alerts.start(timeline, "Test drive")
    alerts.on_event(SegmentStarted(first(timeline, "rest", set_no=1), 0.0))
    alerts.on_event(SegmentStarted(first(timeline, "get_ready", set_no=2), 0.1))
    assert written == [
        PUSH_TITLE + set_title("REST · Hip thrust 2/2"),
        set_title("GET READY · Hip thrust 2/2"),
    ]


# --- notifications never hold anyone up -------------------------------------------------


def test_a_notifier_that_hangs_never_blocks_and_keeps_few_waiting():
    release = threading.Event()
    ran: list[list[str]] = []

    def run(command: list[str]) -> None:
        ran.append(command)
        release.wait(5)

    notifier = Notifier(lambda t, b: ["notify-send", t, b], detail="notify-send", run=run)
    began = time.monotonic()
    for n in range(20):
        notifier.send("Rest over", str(n))
    assert time.monotonic() - began < 0.5
    release.set()
    notifier.close(wait=5)
    assert 1 <= len(ran) <= WAITING_AT_MOST + 1  # the rest were dropped, not queued for ever
    assert ran[0] == ["notify-send", "Rest over", "0"]


def test_a_failing_notifier_says_so_once():
    warnings: list[str] = []

    def run(command: list[str]) -> None:
        raise subprocess.CalledProcessError(1, command, stderr=b"no session bus\n")

    notifier = Notifier(
        lambda t, b: ["notify-send"], detail="notify-send", run=run, on_warning=warnings.append
    )
    notifier.send("a", "b")
    notifier.send("c", "d")
    notifier.close(wait=5)
    assert warnings == ["Notifications: notify-send failed (no session bus)."]


def test_choosing_how_to_notify():
    which = {"notify-send": "/usr/bin/notify-send", "osascript": "/usr/bin/osascript"}.get
    linux = choose_notifier(write=None, platform="linux", which=which)
    assert linux.detail == "notify-send"
    mac = choose_notifier(write=None, platform="darwin", which=which)
    assert mac.detail == "osascript"
    assert mac._command is not None
    script = mac._command("Rest over", 'Next: "Hip" thrust')[2]
    assert script == 'display notification "Next: \\"Hip\\" thrust" with title "Rest over"'
    written: list[str] = []
    bare = choose_notifier(
        write=written.append, platform="linux", which=lambda name: None, env={"TERM": "xterm"}
    )
    bare.send("Workout complete", "Test drive")
    assert written == ["\x1b]9;Workout complete: Test drive\x07"]
    nowhere = choose_notifier(write=None, platform="linux", which=lambda name: None)
    nowhere.send("a", "b")  # nothing to send it to: dropped quietly


# --- keeping awake ----------------------------------------------------------------------


def test_choosing_how_to_keep_awake():
    found = {"systemd-inhibit": "/usr/bin/systemd-inhibit", "cat": "/bin/cat"}.get
    linux = choose_inhibitor(True, platform="linux", which=found)
    assert isinstance(linux, HelperInhibitor)
    assert linux.command[:2] == ["/usr/bin/systemd-inhibit", "--what=idle:sleep"]
    assert linux.command[-1] == "/bin/cat" and linux.pipe
    mac = choose_inhibitor(True, platform="darwin", which={"caffeinate": "/usr/bin/caffeinate"}.get)
    assert isinstance(mac, HelperInhibitor)
    assert mac.command[1:4] == ["-d", "-i", "-w"]
    missing = choose_inhibitor(True, platform="linux", which=lambda name: None)
    assert isinstance(missing, NoInhibitor) and "systemd-inhibit" in missing.detail
    off = choose_inhibitor(False, platform="linux", which=found)
    assert isinstance(off, NoInhibitor) and "keep_awake = false" in off.detail


def test_windows_keeps_awake_with_the_execution_state_call():
    calls: list[int] = []
    windows = WindowsInhibitor(lambda flags: calls.append(flags) or 1)
    windows.start()
    windows.release()
    windows.release()
    assert calls == [ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED, ES_CONTINUOUS]


def holder_command(tmp_path: Path) -> tuple[list[str], Path]:
    """A stand-in inhibitor: writes its pid, then holds on until its input ends."""
    pid_file = tmp_path / "pid"
    code = f"import os, sys; open({str(pid_file)!r}, 'w').write(str(os.getpid())); sys.stdin.read()"
    return [sys.executable, "-c", code], pid_file


def test_the_helper_ends_when_released(tmp_path):
    command, pid_file = holder_command(tmp_path)
    helper = HelperInhibitor(command, "stand-in", pipe=True)
    helper.start()
    for _ in range(500):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.01)
    assert helper._process is not None and helper._process.poll() is None
    helper.release()
    assert helper.wait(5)
    assert helper._process.returncode == 0  # it left by itself: its input ended


def test_the_helper_ends_with_the_process_that_started_it(tmp_path):
    """Killed outright, the starting process cannot release anything; the helper's input
    closes with it, and the helper ends."""
    command, pid_file = holder_command(tmp_path)
    starter = (
        "import sys, time; from coach.services.alerts.keep_awake import HelperInhibitor; "
        f"h = HelperInhibitor({command!r}, 'stand-in', pipe=True); h.start(); "
        "print('started', flush=True); time.sleep(60)"
    )
    process = subprocess.Popen([sys.executable, "-c", starter], stdout=subprocess.PIPE)
    assert process.stdout is not None and process.stdout.readline() == b"started\n"
    for _ in range(500):
        if pid_file.exists() and pid_file.read_text():
            break
        time.sleep(0.01)
    helper_pid = int(pid_file.read_text())
    process.kill()
    process.wait(5)
    for _ in range(500):
        if not _running(helper_pid):
            break
        time.sleep(0.01)
    assert not _running(helper_pid)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_a_release_before_the_helper_started_starts_none(tmp_path):
    command, pid_file = holder_command(tmp_path)
    helper = HelperInhibitor(command, "stand-in", pipe=True)
    helper.release()
    helper.start()
    assert helper.wait(5)
    assert helper._process is None and not pid_file.exists()


def test_build_alerts_turns_off_what_is_off():
    alerts = build_alerts(AlertsConfig(notify=False, keep_awake=False), write=None)
    assert alerts.notifier is None and isinstance(alerts.inhibitor, NoInhibitor)
