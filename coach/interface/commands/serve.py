"""`coach serve [SESSION]`: the coach in a browser, on this computer or a phone nearby."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ipaddress
import logging
import signal
import socket
import ssl
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from coach.interface.cli import SUMMARY, CheckFailed, UsageError
from coach.services.audio.settings import add_audio_arguments

if TYPE_CHECKING:
    from coach.interface.web.server import CoachServer

DEFAULT_PORT = 8421
LOCAL = "127.0.0.1"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = sub.add_parser(
        "serve",
        help=SUMMARY["serve"],
        description="Serve the coach to a web browser: the picker, or straight into "
        "SESSION. It listens on this computer only unless --host says otherwise, and "
        "prints an address with a fresh secret token; only that address opens it.",
    )
    parser.add_argument(
        "session", metavar="SESSION", nargs="?", help="a name from `coach list`, or a path"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        metavar="N",
        help=f"the port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--host",
        default=LOCAL,
        metavar="ADDR",
        help="the address to listen on: 0.0.0.0 for every network of this computer "
        "(a phone on the same Wi-Fi), or one of its addresses (default 127.0.0.1)",
    )
    parser.add_argument(
        "--tls",
        nargs=2,
        metavar=("CERT", "KEY"),
        type=Path,
        help="serve HTTPS with this certificate and private key (PEM files)",
    )
    add_audio_arguments(parser)
    parser.set_defaults(func=run)


def lan_address() -> str | None:
    """This computer's address on its local network, or None when it has none."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # a documentation address: nothing is sent
        address = str(probe.getsockname()[0])
        if not ipaddress.ip_address(address).is_loopback:
            return address
    return None


def shown_host(host: str) -> str:
    """The address to print for a listening address."""
    if host in ("0.0.0.0", "::", ""):
        return lan_address() or LOCAL
    return f"[{host}]" if ":" in host else host


def print_qr(url: str, out: TextIO) -> None:
    try:
        import segno
    except ImportError:
        return
    segno.make(url, error="l").terminal(out=out, compact=True, border=2)


def early_sounds(
    args: argparse.Namespace, session_sounds: Mapping[str, Path] | None
) -> dict[str, bytes]:
    """The cue WAVs as the app will resolve them, for the page to load before it starts."""
    from coach.interface.starting import read_config
    from coach.services.audio.browser import resolved_sounds, wav_bytes

    found = resolved_sounds(read_config(), args, session_sounds)
    return {name: wav_bytes(sound) for name, sound in found.items() if sound.pcm}


def run(args: argparse.Namespace) -> int:
    try:
        from coach.interface.web.server import CoachServer, child_argv, new_token, tls_context
    except ImportError as exc:
        raise CheckFailed(
            f"`coach serve` needs the serve extra ({exc.name} is missing): "
            "pip install 'coach[serve]'"
        ) from None
    if not 0 <= args.port <= 65535:
        raise UsageError(f"--port {args.port} is not a port; use 1 to 65535, or 0")
    session = None
    session_sounds = None
    if args.session is not None:
        from coach.interface.commands.plan import load_named

        loaded = load_named(args.session)
        session, session_sounds = str(loaded.path), loaded.sound_files()
    ssl_context = None
    if args.tls:
        cert, key = args.tls
        try:
            ssl_context = tls_context(cert, key)
        except (OSError, ValueError) as exc:
            raise CheckFailed(f"--tls {cert} {key}: cannot use them ({exc})") from None
    if getattr(args, "audio", None) not in (None, "auto"):
        print("coach: --audio does not apply here: the cues play in the browser.", file=sys.stderr)
    extra: list[str] = []
    if getattr(args, "volume", None) is not None:
        extra += ["--volume", str(args.volume)]
    if getattr(args, "mute", False):
        extra.append("--mute")

    logging.basicConfig(level=logging.INFO, format="coach serve: %(message)s", stream=sys.stderr)
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    token = new_token()
    sounds = early_sounds(args, session_sounds)
    server = CoachServer(child_argv(session, extra), token, sounds=sounds)
    try:
        return asyncio.run(_serve(server, args.host, args.port, ssl_context, token))
    except KeyboardInterrupt:
        print("coach: stopped serving.", file=sys.stderr)
        return 0


async def _serve(
    server: CoachServer, host: str, port: int, ssl_context: ssl.SSLContext | None, token: str
) -> int:
    from aiohttp import web

    runner = web.AppRunner(server.make_app(), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port, ssl_context=ssl_context)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        reason = exc.strerror or str(exc)
        raise CheckFailed(
            f"cannot listen on {host}:{port} ({reason}); choose another with --port"
        ) from None
    bound = runner.addresses[0][1] if runner.addresses else port
    announce(host, bound, token, tls=ssl_context is not None, out=sys.stdout, err=sys.stderr)
    stop = asyncio.Event()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
    return 0


def announce(host: str, port: int, token: str, *, tls: bool, out: TextIO, err: TextIO) -> str:
    """Print the address to open (and for other machines a QR code of it, and a warning
    when it is plain HTTP); returns the address."""
    scheme = "https" if tls else "http"
    url = f"{scheme}://{shown_host(host)}:{port}/?token={token}"
    print(f"coach: open {url}", file=out, flush=True)
    local = ipaddress.ip_address(host).is_loopback if _is_ip(host) else host == "localhost"
    if not local:
        print_qr(url, out)
        print(
            "coach: scan the code with a phone on the same network, or type the address.",
            file=out,
        )
        if not tls:
            print(
                "coach: warning: this is plain HTTP: anyone on this network can read the "
                "traffic and the token. Use --tls CERT KEY where you do not trust the network.",
                file=err,
                flush=True,
            )
    print("coach: Ctrl-C stops the server.", file=out, flush=True)
    return url


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
