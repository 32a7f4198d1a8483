"""mypy --strict holds over the whole package: the suite runs it, so `bash .ci/run` does too."""

import re
import subprocess
import sys

import pytest
from conftest import REPO, need


def test_mypy_strict_passes_on_every_module_of_the_package():
    try:
        import mypy  # noqa: F401
    except ImportError:
        need(False, "mypy (the test extra)")
    # The files come from pyproject's [tool.mypy]; --strict is repeated here so that
    # loosening the config cannot quietly loosen the check.
    out = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if out.returncode != 0:
        pytest.fail(f"mypy found errors:\n{out.stdout}{out.stderr}")
    checked = re.search(r"no issues found in (\d+) source files", out.stdout)
    assert checked, out.stdout
    modules = sorted((REPO / "coach").rglob("*.py"))
    assert int(checked.group(1)) == len(modules)
