"""miniaudio's unused `urllib.request` is put off, and still works for whoever uses it."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_importing_miniaudio_loads_no_http_nor_email():
    out = run(
        """
        import sys
        from coach.services.audio.miniaudio_backend import import_miniaudio
        miniaudio = import_miniaudio()
        assert miniaudio.SampleFormat.SIGNED16 is not None
        print(sorted(m for m in ("http.client", "email.parser", "urllib.request") if m in sys.modules))
        print(type(sys.modules["urllib.request"]).__name__, "urlopen" in vars(sys.modules["urllib.request"]))
        """
    )
    # the stand-in is there under the name, but the real module was not run
    assert out.splitlines() == ["['urllib.request']", "module False"]


def test_the_first_use_loads_the_real_module_everywhere():
    out = run(
        """
        import sys
        from coach.services.audio.miniaudio_backend import import_miniaudio
        miniaudio = import_miniaudio()
        stand_in = sys.modules["urllib.request"]
        import urllib.request
        from urllib.request import Request  # the way other code uses it
        request = Request("http://127.0.0.1/x", headers={"icy-metadata": "1"})
        print(request.full_url, request.get_header("Icy-metadata"))
        real = sys.modules["urllib.request"]
        print(real is not stand_in, urllib.request is real, "http.client" in sys.modules)
        print(miniaudio.urllib.request.urlopen is real.urlopen, "Request" in dir(stand_in))
        """
    )
    assert out.splitlines() == ["http://127.0.0.1/x 1", "True True True", "True True"]


def test_a_module_already_loaded_is_left_as_it_is():
    out = run(
        """
        import sys, urllib.request
        before = sys.modules["urllib.request"]
        from coach.services.audio.deferred import defer
        defer("urllib.request")
        defer("no_such_module_here")
        print(sys.modules["urllib.request"] is before, "no_such_module_here" in sys.modules)
        """
    )
    assert out == "True False"
