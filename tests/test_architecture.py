"""The domain stays free of the interface and of audio: proven in a fresh interpreter."""

import json
import subprocess
import sys
from pathlib import Path

DOMAIN = sorted(
    f"coach.domain.{p.stem}"
    for p in (Path(__file__).resolve().parent.parent / "coach" / "domain").glob("*.py")
    if p.stem not in ("__init__",)
)
FORBIDDEN = ("textual", "rich", "simpleaudio", "miniaudio", "coach.interface", "coach.services")


def test_domain_imports_neither_textual_nor_audio():
    code = (
        "import importlib, json, sys\n"
        f"for name in {DOMAIN!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert "coach.domain.runner" in loaded  # the check really imported the domain
    offenders = [m for m in loaded if any(m == f or m.startswith(f + ".") for f in FORBIDDEN)]
    assert offenders == []
