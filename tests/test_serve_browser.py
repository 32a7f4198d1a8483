"""`coach serve` in real headless Chromium held like a phone: tap, train, listen.

The page logs every cue it schedules at `window.coach.cues` ({cue, planned, played}, in
ms on the page's clock). A short session runs to its end with one pause in the middle;
every cue of the plan must have been played within 30 ms of its planned time, none while
paused, and the page must fetch nothing from anywhere but the coach server.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import need
from serve_process import Served, serve_extra_installed
from web_browser import Browser, chromium_path

from coach.domain.loading import load_session
from coach.domain.timeline import compile_timeline, iter_cues

SESSION = (
    "name: Phone check\n"
    "exercises:\n"
    "  - {exercise: hip-thrust, sets: 2, reps: 2, hold: 1, rest: 3, get_ready: 3}\n"
)
TOLERANCE_MS = 30.0
SCREENSHOTS = os.environ.get("COACH_SCREENSHOTS")
"""A folder to copy the screenshots into (the README's picture comes from here)."""


@pytest.fixture
def browser(tmp_path: Path):
    need(chromium_path() is not None, "chromium (Debian: apt-get install chromium)")
    profile = tmp_path / "profile"
    profile.mkdir()
    opened = Browser(profile, width=390, height=844)
    yield opened
    opened.close()


def played(browser: Browser) -> list[dict]:
    return [c for c in browser.evaluate("window.coach.cues") if c["played"] is not None]


def cell_spot(browser: Browser, column: int, from_bottom: int) -> tuple[float, float]:
    """The middle of one character cell of the terminal, on the page."""
    left, top, width, height, columns, rows = browser.evaluate(
        "(() => { const box = document.querySelector('.xterm-screen').getBoundingClientRect();"
        " return [box.left, box.top, box.width, box.height,"
        " window.coach.size.width, window.coach.size.height]; })()"
    )
    cell_w, cell_h = width / columns, height / rows
    return left + (column + 0.5) * cell_w, top + (rows - from_bottom + 0.5) * cell_h


def wait_played(browser: Browser, count: int, timeout: float) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = played(browser)
        if len(done) >= count:
            return done
        time.sleep(0.05)
    raise AssertionError(f"{len(played(browser))} of {count} cues played in {timeout} s")


def test_a_phone_hears_every_cue_on_time_and_none_while_paused(
    browser: Browser, tmp_path: Path, write_session
):
    need(serve_extra_installed(), "the serve extra (pip install -e '.[serve]')")
    path = write_session(SESSION)
    plan = [name for _, name, _ in iter_cues(compile_timeline(load_session(path)))]
    server = Served(str(path), log=tmp_path / "serve.log")
    try:
        browser.open(server.url)
        assert browser.evaluate("document.querySelector('#tap').innerText").count("Tap to start")
        browser.tap(195, 420)
        browser.wait_for("window.coach.started && window.coach.offset !== null")
        # The page's idea of the server's clock, against this machine's (the same one).
        before = time.monotonic()
        page_now = browser.evaluate("performance.now()")
        after = time.monotonic()
        offset = (before + after) / 2 * 1000 - page_now
        assert abs(browser.evaluate("window.coach.offset") - offset) < 15 + (after - before) * 500
        browser.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

        # Pause a moment after the third cue, well before the fourth is due.
        wait_played(browser, 3, timeout=20)
        time.sleep(0.3)
        paused_at = browser.evaluate("performance.now()")
        # A finger on "space Pause", the first key of the bar's three rows: no keyboard.
        browser.tap(*cell_spot(browser, column=8, from_bottom=3))
        time.sleep(1.5)
        resumed_at = browser.evaluate("performance.now()")
        browser.key(" ")

        wait_played(browser, 6, timeout=20)
        browser.screenshot(tmp_path / "serve-portrait.png")
        done = wait_played(browser, len(plan), timeout=40)
        cues = browser.evaluate("window.coach.cues")
        # The summary; q leaves it, the app ends, and the page says so. (A q that beats
        # the summary to the screen asks "stop?", and a second q says yes.)
        over = "getComputedStyle(document.getElementById('ended')).display === 'flex'"
        browser.key("q")
        try:
            browser.wait_for(over, timeout=3)
        except AssertionError:
            browser.key("q")
            browser.wait_for(over)
        ended = browser.evaluate("document.getElementById('ended-title').textContent")
        log = server.log()
        deadline = time.monotonic() + 10
        while "the app has ended" not in log and time.monotonic() < deadline:
            time.sleep(0.05)
            log = server.log()
    finally:
        server.stop()

    assert [c["cue"] for c in done] == plan, log
    assert ended == "The workout has ended."
    assert "the app has ended" in log
    late = [(c["cue"], round(c["played"] - c["planned"], 1)) for c in done]
    assert all(abs(off) <= TOLERANCE_MS for _, off in late), late
    during = [c for c in done if paused_at + 50 < c["played"] < resumed_at]
    assert not during, (paused_at, resumed_at, during)
    assert any(c.get("cancelled") for c in cues), "the pause called off no scheduled cue"
    outside = [u for u in browser.requested_urls() if not u.startswith(server.base + "/")]
    assert outside == []
    if SCREENSHOTS:
        shutil.copy(tmp_path / "serve-portrait.png", Path(SCREENSHOTS) / "serve-portrait.png")
