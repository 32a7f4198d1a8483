"""`coach serve` over HTTP: the token, the Origin, one browser at a time, bad frames."""

from __future__ import annotations

import json
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import need
from serve_process import Served, serve_extra_installed
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

SESSION = (
    "name: Short served\nexercises:\n  - {exercise: hip-thrust, sets: 1, reps: 2, get_ready: 3}\n"
)


@pytest.fixture
def served(tmp_path: Path, write_session):
    need(serve_extra_installed(), "the serve extra (pip install -e '.[serve]')")
    server = Served(str(write_session(SESSION)), log=tmp_path / "serve.log")
    yield server
    server.stop()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def ws_url(server: Served, token: str | None = None) -> str:
    token = server.token if token is None else token
    return f"ws://{server.host}:{server.port}/ws?token={token}&width=60&height=30"


def wait_log(server: Served, text: str) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        log = server.log()
        if text in log:
            return log
        time.sleep(0.05)
    raise AssertionError(f"{text!r} not in the server's log:\n{server.log()}")


def test_it_prints_a_local_address_with_a_fresh_token_each_start(tmp_path, write_session):
    need(serve_extra_installed(), "the serve extra (pip install -e '.[serve]')")
    path = str(write_session(SESSION))
    first = Served(path, log=tmp_path / "a.log")
    second = Served(path, log=tmp_path / "b.log")
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{20,}", first.url)
        assert first.token != second.token
    finally:
        first.stop()
        second.stop()


def test_the_page_needs_the_token(served: Served):
    status, _ = get(f"{served.base}/")
    assert status == 403
    status, body = get(f"{served.base}/?token=wrong")
    assert status == 403 and "token" in body
    assert "GET / from 127.0.0.1: missing or wrong token" in wait_log(served, "wrong token")


def test_the_right_token_gives_a_page_for_phones_that_fetches_nothing_outside(served: Served):
    status, page = get(served.url)
    assert status == 200
    assert '<meta name="viewport" content="width=device-width' in page
    assert not re.search(r"(https?:)?//[a-z]", page, re.IGNORECASE)  # no outside URL at all
    assert "Tap to start" in page
    for name in ("coach.js", "coach.css", "textual.js", "xterm.css", "RobotoMono.ttf"):
        status, _ = get(f"{served.base}/static/{name}")
        assert status == 200, name
    _, script = get(f"{served.base}/static/coach.js")
    _, style = get(f"{served.base}/static/coach.css")
    assert not re.search(r"https?://", script + style)
    # The socket's address comes from the page's own location, not from the server.
    assert "location.host" in script


def test_unknown_paths_and_cue_files_without_the_token_are_refused(served: Served):
    assert get(f"{served.base}/etc/passwd")[0] == 404
    assert get(f"{served.base}/static/../server.py")[0] == 404
    assert get(f"{served.base}/cue/go.wav")[0] == 403
    status, _ = get(f"{served.base}/cue/go.wav?token={served.token}")
    assert status == 200
    assert "/etc/passwd" in wait_log(served, "/etc/passwd")


def test_the_socket_refuses_a_wrong_token_and_a_foreign_origin(served: Served):
    with pytest.raises(InvalidStatus) as refused:
        connect(ws_url(served, token="nope"), origin=served.base, open_timeout=10)
    assert refused.value.response.status_code == 403
    with pytest.raises(InvalidStatus) as refused:
        connect(ws_url(served), origin="http://evil.example", open_timeout=10)
    assert refused.value.response.status_code == 403
    assert "foreign origin http://evil.example" in wait_log(served, "evil.example")
    with connect(ws_url(served), origin=served.base, open_timeout=10) as ws:
        ws.send(json.dumps(["ping", "hello"]))
        assert wait_for_message(ws, lambda m: m[0] == "pong") == ["pong", "hello"]


def wait_for_message(ws, wanted) -> list:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        message = ws.recv(timeout=15)
        if isinstance(message, str):
            decoded = json.loads(message)
            if wanted(decoded):
                return decoded
    raise AssertionError("the message never came")


def test_it_listens_on_127_0_0_1_only(served: Served):
    for other in ("127.0.0.2", *others()):
        with pytest.raises(OSError), socket.create_connection((other, served.port), timeout=2):
            pass
    with socket.create_connection(("127.0.0.1", served.port), timeout=2):
        pass


def others() -> list[str]:
    """This machine's non-loopback IPv4 addresses."""
    from coach.interface.commands.serve import lan_address

    found = lan_address()
    return [found] if found else []


def test_one_browser_at_a_time_and_a_clear_page_for_the_second(served: Served):
    with connect(ws_url(served), origin=served.base, open_timeout=10) as ws:
        ws.send(json.dumps(["ping", 1]))
        wait_for_message(ws, lambda m: m[0] == "pong")
        status, page = get(served.url)
        assert status == 409 and "already showing in another browser" in page
        with pytest.raises(InvalidStatus) as refused:
            connect(ws_url(served), origin=served.base, open_timeout=10)
        assert refused.value.response.status_code == 409
    # Gone: the workout waits for a browser to come back with the same address.
    wait_log(served, "the browser went away")
    assert get(served.url)[0] == 200


@pytest.mark.parametrize(
    ("frame", "logged"),
    [
        ("not json at all", "not a JSON list"),
        (json.dumps({"stdin": "q"}), "not a JSON list"),
        (b"\x00\x01binary", "binary frame"),
        ("x" * 200_000, "websocket closed"),
    ],
    ids=["not-json", "not-a-list", "binary", "oversized"],
)
def test_a_bad_frame_closes_that_socket_and_the_workout_carries_on(served: Served, frame, logged):
    with connect(ws_url(served), origin=served.base, open_timeout=10, max_size=None) as ws:
        wait_for_message(ws, lambda m: m[0] == "coach" and m[1]["type"] == "coach_sounds")
        ws.send(frame)
        with pytest.raises(ConnectionClosed):
            for _ in range(10_000):
                ws.recv(timeout=10)
    wait_log(served, logged)
    # The same address carries on with the same app.
    with connect(ws_url(served), origin=served.base, open_timeout=10) as ws:
        ws.send(json.dumps(["ping", 2]))
        wait_for_message(ws, lambda m: m[0] == "pong")
    assert "came back to the workout" in wait_log(served, "came back")


def screen_text(ws, seconds: float) -> str:
    """What the app drew over a few seconds, escape sequences and all."""
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            message = ws.recv(timeout=max(0.01, deadline - time.monotonic()))
        except TimeoutError:
            break
        if isinstance(message, bytes):
            seen.append(message.decode("utf-8", "replace"))
    return "".join(seen)


def shown_done(ws, width: int) -> str:
    """The "M:SS done" the app shows after redrawing all of its screen."""
    ws.send(json.dumps(["resize", {"width": width, "height": 30}]))
    found = re.findall(r"(\d+:\d\d) done", screen_text(ws, 1.0))
    assert found, "the app drew no time"
    return found[-1]


def test_a_dropped_connection_pauses_the_workout_and_the_same_address_carries_on(
    served: Served,
):
    with connect(ws_url(served), origin=served.base, open_timeout=10, max_size=None) as ws:
        # The workout runs: the page is sent cues ahead of time, and the time moves.
        wait_for_message(
            ws, lambda m: m[0] == "coach" and m[1]["type"] == "coach_cues" and m[1]["cues"]
        )
        first = shown_done(ws, 60)
        time.sleep(1.0)
        assert shown_done(ws, 61) != first
    wait_log(served, "the browser went away")
    with connect(ws_url(served), origin=served.base, open_timeout=10, max_size=None) as ws:
        back = shown_done(ws, 62)
        time.sleep(1.5)
        assert shown_done(ws, 63) == back  # paused while nobody watched, and still
    assert "came back to the workout" in served.log()


def test_a_lan_address_comes_with_a_qr_code_and_a_plain_http_warning(monkeypatch):
    import io

    from coach.interface.commands import serve

    monkeypatch.setattr(serve, "lan_address", lambda: "192.168.1.20")
    out, err = io.StringIO(), io.StringIO()
    url = serve.announce("0.0.0.0", 8421, "tok", tls=False, out=out, err=err)
    assert url == "http://192.168.1.20:8421/?token=tok"
    shown = out.getvalue()
    assert f"coach: open {url}" in shown
    code = [line for line in shown.splitlines() if "▀" in line or "▄" in line or "█" in line]
    assert len(code) >= 12  # a QR code, two modules a character row
    assert "plain HTTP" in err.getvalue()

    out, err = io.StringIO(), io.StringIO()
    url = serve.announce("192.168.1.20", 8421, "tok", tls=True, out=out, err=err)
    assert url.startswith("https://192.168.1.20:8421/") and err.getvalue() == ""
    assert "▀" in out.getvalue() or "▄" in out.getvalue()

    out, err = io.StringIO(), io.StringIO()
    serve.announce("127.0.0.1", 8421, "tok", tls=False, out=out, err=err)
    assert "▀" not in out.getvalue() and err.getvalue() == ""  # this computer only: no code


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    need(shutil.which("openssl") is not None, "openssl, to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def test_tls_serves_the_page_and_the_socket_over_https(tmp_path, write_session, certificate):
    need(serve_extra_installed(), "the serve extra (pip install -e '.[serve]')")
    cert, key = certificate
    server = Served(
        str(write_session(SESSION)), "--tls", str(cert), str(key), log=tmp_path / "tls.log"
    )
    try:
        assert server.url.startswith("https://127.0.0.1:")
        trust = ssl.create_default_context(cafile=str(cert))
        with urllib.request.urlopen(server.url, context=trust, timeout=10) as answer:
            assert answer.status == 200
        address = f"wss://127.0.0.1:{server.port}/ws?token={server.token}"
        with connect(address, origin=server.base, ssl=trust, open_timeout=10) as ws:
            ws.send(json.dumps(["ping", 3]))
            wait_for_message(ws, lambda m: m[0] == "pong")
        with pytest.raises(InvalidStatus):  # http:// is another origin than https://
            connect(address, origin=server.base.replace("https", "http"), ssl=trust)
    finally:
        server.stop()


def test_an_unusable_certificate_is_one_line(tmp_path, write_session):
    need(serve_extra_installed(), "the serve extra (pip install -e '.[serve]')")
    missing = tmp_path / "nope.pem"
    done = subprocess.run(
        [sys.executable, "-m", "coach", "serve", str(write_session(SESSION)), "--tls",
         str(missing), str(missing), "--port", "0"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith(f"coach: --tls {missing} {missing}: cannot use them")
    assert len(done.stderr.splitlines()) == 1


def test_a_port_in_use_is_one_line(tmp_path, write_session):
    need(serve_extra_installed(), "the serve extra (pip install -e '.[serve]')")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "coach", "serve", str(write_session(SESSION)), "--port", str(port)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith(f"coach: cannot listen on 127.0.0.1:{port} (")
    assert "choose another with --port" in done.stderr
    assert len(done.stderr.splitlines()) == 1


async def test_a_socket_gone_mid_write_does_not_stop_the_relay():
    need(serve_extra_installed(), "the serve extra (pip install -e '.[serve]')")
    from coach.interface.web.server import Workout

    class Gone:
        closed = False

        async def send_bytes(self, data: bytes) -> None:
            raise ConnectionResetError("Cannot write to closing transport")

        async def send_str(self, data: str) -> None:
            raise ConnectionResetError("Cannot write to closing transport")

    workout = Workout("coach")
    workout.socket = Gone()  # type: ignore[assignment]
    await workout.send_bytes(b"screen")  # the app's output keeps being read
    await workout.send_str("[]")
