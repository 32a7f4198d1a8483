"""`coach serve`: the app in a browser, one workout at a time, behind a token.

Built on textual-serve's `AppService`, which runs the app as a child process with
Textual's web driver and relays its screen over a websocket. This module owns the rest:

- Every request but the static files (textual-serve's script, styles and font, and
  coach's own page script) needs `?token=` matching the one printed at start-up,
  compared in constant time. Anything else gets an error status and a log line.
- The websocket also refuses an `Origin` other than the page's own host, and frames
  larger than `MAX_FRAME` or not in the page's format close it.
- One app at a time. While a browser is connected another gets a page saying so. When the
  connection drops, the app is told (it pauses the workout) and waits `KEEP_S` for the
  same URL to come back; after that it is stopped.
- The app's own meta packets (`coach_sounds`, `coach_cues`, `coach_cue_now`) go to the
  page, which plays the cues; its clock questions (`coach_sync`) are answered with this
  machine's monotonic clock, the one the app's timers use.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hmac
import json
import logging
import secrets
import shlex
import ssl
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

from coach.domain.cues import CUE_NAMES
from coach.interface.web.channel import SERVED_ENV

log = logging.getLogger("coach.serve")

MAX_FRAME = 64 * 1024
"""The largest websocket message the page may send (keys and sizes are tiny)."""
KEEP_S = 600.0
"""How long a workout waits for its browser to come back."""
ENDING_S = 1.0
"""How long a closed socket waits to see whether the app is leaving."""
MAX_COLUMNS = 500
MAX_ROWS = 300

HERE = Path(__file__).resolve().parent
TEXTUAL_STATIC = Path(str(files("textual_serve"))) / "static"
STATIC_FILES = {
    "textual.js": (TEXTUAL_STATIC / "js" / "textual.js", "text/javascript"),
    "xterm.css": (TEXTUAL_STATIC / "css" / "xterm.css", "text/css"),
    "RobotoMono.ttf": (TEXTUAL_STATIC / "fonts" / "RobotoMono-VariableFont_wght.ttf", "font/ttf"),
    "coach.js": (HERE / "static" / "coach.js", "text/javascript"),
    "coach.css": (HERE / "static" / "coach.css", "text/css"),
}


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _page(name: str) -> str:
    return (HERE / "static" / name).read_text(encoding="utf-8")


class _Service(AppService):
    """One app process; its screen goes to whichever socket is attached."""

    def __init__(self, command: str, workout: Workout) -> None:
        self.workout = workout
        self.shown = False
        super().__init__(
            command,
            write_bytes=workout.send_bytes,
            write_str=workout.send_str,
            close=workout.close_socket,
            download_manager=DownloadManager(),
        )

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment[SERVED_ENV] = "1"
        return environment

    async def run(self) -> None:
        try:
            await super().run()
        finally:
            self.workout.ended.set()

    async def on_meta(self, data: bytes) -> None:
        try:
            meta = json.loads(data)
        except ValueError:
            log.warning("the app sent a meta packet that is not JSON")
            return
        kind = meta.get("type") if isinstance(meta, dict) else None
        if kind == "coach_blurred":
            # The app was blurred before it was ever focused (Textual's web driver does
            # that as it starts): if a browser shows it, it is on show.
            if self.workout.socket is not None:
                await self.focus()
        elif isinstance(kind, str) and kind.startswith("coach_"):
            if not self.shown:
                self.shown = True
                await self.focus()
            await self.workout.from_app(meta)
        else:
            await super().on_meta(data)


@dataclass
class Workout:
    """The one app that runs, and the socket that shows it (if any)."""

    command: str
    socket: web.WebSocketResponse | None = None
    service: _Service | None = None
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    sounds: dict[str, bytes] = field(default_factory=dict)
    sounds_version: int = 0
    last_cues: dict[str, Any] | None = None
    expiry: asyncio.TimerHandle | None = None

    # A socket that goes away mid-write must not stop the relay: the app goes on (and
    # its screen is drawn afresh for the next browser).

    async def send_bytes(self, data: bytes) -> None:
        if self.socket is not None and not self.socket.closed:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self.socket.send_bytes(data)

    async def send_str(self, data: str) -> None:
        if self.socket is not None and not self.socket.closed:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await self.socket.send_str(data)

    async def close_socket(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def to_page(self, message: dict[str, Any]) -> None:
        await self.send_str(json.dumps(["coach", message]))

    async def from_app(self, meta: dict[str, Any]) -> None:
        if meta["type"] == "coach_sounds":
            raw = meta.get("sounds")
            if not isinstance(raw, dict):
                return
            sounds = {
                str(name): base64.b64decode(str(data))
                for name, data in raw.items()
                if name in CUE_NAMES
            }
            if sounds != self.sounds:  # the page has these already, unless they changed
                self.sounds = sounds
                self.sounds_version += 1
                await self.announce_sounds()
            return
        if meta["type"] == "coach_cues":
            self.last_cues = meta
        await self.to_page(meta)

    async def announce_sounds(self) -> None:
        if self.sounds:
            names = sorted(self.sounds)
            await self.to_page(
                {"type": "coach_sounds", "names": names, "version": self.sounds_version}
            )


class CoachServer:
    def __init__(
        self,
        argv: Sequence[str],
        token: str,
        *,
        sounds: dict[str, bytes] | None = None,
        keep_s: float = KEEP_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.command = shlex.join(argv)
        self.token = token
        self.keep_s = keep_s
        self.clock = clock
        self.workout: Workout | None = None
        self.sounds = dict(sounds or {})
        """The cue sounds known before the app starts, so the page has them in time for
        the first cue (the app sends its own when it picks a session)."""

    # --- checks -----------------------------------------------------------------------

    def _token_ok(self, request: web.Request) -> bool:
        given = request.query.get("token", "")
        return hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    def _refuse(self, request: web.Request, status: int, why: str) -> web.Response:
        log.warning("%s %s from %s: %s", request.method, request.path, request.remote, why)
        texts = {403: "Forbidden: open the address coach printed, with its token.\n"}
        return web.Response(status=status, text=texts.get(status, why + "\n"))

    @staticmethod
    def _origin_ok(request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser: the token is the whole check
        host = request.headers.get("Host", "")
        scheme = "https" if request.secure else "http"
        return hmac.compare_digest(origin.lower(), f"{scheme}://{host}".lower())

    def _busy(self) -> bool:
        workout = self.workout
        return workout is not None and workout.socket is not None and not workout.socket.closed

    # --- routes -----------------------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._log_errors])
        app.add_routes(
            [
                web.get("/", self.page),
                web.get("/ws", self.websocket),
                web.get("/cue/{name}.wav", self.cue),
                web.get("/static/{name}", self.static),
                web.get("/favicon.ico", self.no_icon),
            ]
        )
        app.on_shutdown.append(self._shutdown)
        return app

    @web.middleware
    async def _log_errors(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPException as exc:
            if exc.status >= 400:
                log.warning(
                    "%s %s from %s: %s", request.method, request.path, request.remote, exc.reason
                )
            raise

    async def page(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return self._refuse(request, 403, "missing or wrong token")
        if self._busy():
            log.info("a second browser was turned away")
            return web.Response(
                status=409, text=_page("busy.html"), content_type="text/html", headers=NO_STORE
            )
        return web.Response(text=_page("page.html"), content_type="text/html", headers=NO_STORE)

    async def no_icon(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def static(self, request: web.Request) -> web.FileResponse:
        found = STATIC_FILES.get(request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        path, kind = found
        return web.FileResponse(path, headers={"Content-Type": kind})

    async def cue(self, request: web.Request) -> web.Response:
        if not self._token_ok(request):
            return self._refuse(request, 403, "missing or wrong token")
        name = request.match_info["name"]
        data = (self.workout.sounds if self.workout else self.sounds).get(name)
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data, content_type="audio/wav", headers=NO_STORE)

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        if not self._token_ok(request):
            return self._refuse(request, 403, "missing or wrong token")
        if not self._origin_ok(request):
            return self._refuse(request, 403, f"foreign origin {request.headers.get('Origin')}")
        if self._busy():
            return self._refuse(request, 409, "a workout is already showing in another browser")
        width = _size(request.query.get("width"), 80, MAX_COLUMNS)
        height = _size(request.query.get("height"), 24, MAX_ROWS)
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=MAX_FRAME)
        await socket.prepare(request)
        workout = self.workout
        if workout is None or workout.ended.is_set():
            workout = self.workout = Workout(self.command, sounds=dict(self.sounds))
            workout.socket = socket
            await workout.announce_sounds()
            workout.service = _Service(self.command, workout)
            await workout.service.start(width, height)
            log.info("a browser connected; the app started")
        else:
            if workout.expiry is not None:
                workout.expiry.cancel()
                workout.expiry = None
            workout.socket = socket
            assert workout.service is not None
            await workout.service.set_terminal_size(width, height)
            await workout.service.focus()
            await workout.announce_sounds()
            if workout.last_cues is not None:
                await workout.to_page(workout.last_cues)
            log.info("a browser came back to the workout")
        try:
            await self._read(socket, workout)
        finally:
            if workout.socket is socket:
                workout.socket = None
                await self._detached(workout)
        return socket

    async def _read(self, socket: web.WebSocketResponse, workout: Workout) -> None:
        service = workout.service
        assert service is not None
        async for message in socket:
            if message.type == WSMsgType.ERROR:
                log.warning("websocket closed: %s", socket.exception())
                return
            if message.type != WSMsgType.TEXT:
                log.warning("websocket closed: a binary frame where text was expected")
                await socket.close(code=1003, message=b"text frames only")
                return
            try:
                envelope = json.loads(message.data)
            except ValueError:
                envelope = None
            if not isinstance(envelope, list) or not envelope:
                log.warning("websocket closed: a frame that is not a JSON list")
                await socket.close(code=1007, message=b"malformed frame")
                return
            kind = envelope[0]
            arg = envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(arg, str):
                await service.send_bytes(arg.encode("utf-8"))
            elif kind == "resize" and isinstance(arg, dict):
                await service.set_terminal_size(
                    _size(arg.get("width"), 80, MAX_COLUMNS),
                    _size(arg.get("height"), 24, MAX_ROWS),
                )
            elif kind == "ping":
                await socket.send_json(["pong", arg])
            elif kind == "coach_sync" and isinstance(arg, int | float):
                server = self.clock()
                await workout.to_page({"type": "coach_sync", "page": arg, "server": server})
            elif kind in ("focus", "blur"):
                pass  # the app pauses when the connection is lost, not when the page blurs
            else:
                log.warning("websocket: ignored a frame of unknown kind %r", str(kind)[:40])

    async def _detached(self, workout: Workout) -> None:
        if workout.service is None:
            return
        with contextlib.suppress(TimeoutError):
            # The app closes the socket as it leaves: then it is over, not waiting.
            await asyncio.wait_for(workout.ended.wait(), ENDING_S)
        if workout.ended.is_set():
            log.info("the app has ended; the next browser to open the address starts it again")
            return
        log.info(
            "the browser went away; the workout is paused and waits %.0f minutes",
            self.keep_s / 60,
        )
        await workout.service.blur()
        loop = asyncio.get_running_loop()
        workout.expiry = loop.call_later(
            self.keep_s, lambda: asyncio.ensure_future(self._stop(workout))
        )

    async def _stop(self, workout: Workout) -> None:
        if workout.service is not None and workout.socket is None:
            log.info("nobody came back; the workout is stopped (finished sets are kept)")
            await workout.service.stop()

    async def _shutdown(self, app: web.Application) -> None:
        workout = self.workout
        if workout is not None and workout.service is not None and not workout.ended.is_set():
            await workout.service.stop()


NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _size(value: object, default: int, largest: int) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return max(1, min(largest, number))


def tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    """Raises OSError or ssl.SSLError with the library's reason."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(cert), str(key))
    return context


def child_argv(session: str | None, extra: Sequence[str] = ()) -> list[str]:
    """The command the server runs for each workout: this Python, this coach."""
    import sys

    argv = [sys.executable, "-m", "coach", *extra]
    if session is not None:
        argv += ["run", session]
    return argv
