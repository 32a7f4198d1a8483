"""Which simpleaudio build is installed is read from the import path without importing
importlib.metadata, and the answer is always the one importlib.metadata gives."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata

import pytest

from coach.services.audio import installed
from coach.services.audio.installed import normalized, versions
from coach.services.audio.simpleaudio_backend import PATCHED, STOCK, installed_builds

NAMES = (STOCK, PATCHED)


def _by_metadata(names, path=None):
    """What importlib.metadata says, as `versions` answers it."""
    found = {}
    for name in names:
        if path is None:
            try:
                found[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                continue
        else:
            for distribution in metadata.distributions(name=name, path=path):
                found[name] = distribution.version
                break
    return found


@pytest.fixture
def no_fallback(monkeypatch):
    """Fail the test if the quick reading hands the question to importlib.metadata."""

    def refuse(name, path):
        raise AssertionError(f"asked importlib.metadata about {name}")

    monkeypatch.setattr(installed, "_asking_metadata", refuse)


def _dist(folder, entry, text, filename="METADATA"):
    info = folder / entry
    info.mkdir(parents=True, exist_ok=True)
    (info / filename).write_text(text, encoding="utf-8")
    return info


def _wheel_metadata(name, version, extra=""):
    return (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        f"Summary: Simple, asynchronous audio playback\nLicense: MIT\n{extra}\n"
        "A description, with a line that says\nVersion: 9.9.9\n"
    )


def test_the_real_environment_agrees_with_importlib_metadata(no_fallback):
    # The simpleaudio builds (whichever are installed here) and coach itself, an
    # editable install, all read without importlib.metadata.
    names = (*NAMES, "workout-coach", "miniaudio", "pydantic", "Textual", "no-such-thing")
    assert versions(names) == _by_metadata(names)
    assert installed_builds() == _by_metadata(NAMES)


def test_every_distribution_installed_here_agrees():
    # Quick or not, every answer is importlib.metadata's.
    names = sorted({d.metadata["Name"] for d in metadata.distributions()})
    assert len(names) > 10
    assert versions(names) == _by_metadata(names)


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ({"simpleaudio-1.0.4.dist-info": ("simpleaudio", "1.0.4")}, {STOCK: "1.0.4"}),
        (
            {"simpleaudio_patched-1.0.5.dist-info": ("simpleaudio-patched", "1.0.5")},
            {PATCHED: "1.0.5"},
        ),
        (
            {
                "simpleaudio-1.0.4.dist-info": ("simpleaudio", "1.0.4"),
                "simpleaudio_patched-1.0.5.dist-info": ("simpleaudio-patched", "1.0.5"),
            },
            {STOCK: "1.0.4", PATCHED: "1.0.5"},
        ),
        ({"miniaudio-1.71.dist-info": ("miniaudio", "1.71")}, {}),
        ({}, {}),
        (
            {"SimpleAudio_Patched-1.0.5.dist-info": ("SimpleAudio_Patched", "1.0.5")},
            {PATCHED: "1.0.5"},
        ),
        (
            {"SimpleAudio.Patched-1.0.5.DIST-INFO": ("SimpleAudio.Patched", "1.0.5")},
            {PATCHED: "1.0.5"},
        ),
        (
            {"simpleaudio__patched-1.0.5rc1.dist-info": ("simpleaudio-patched", "1.0.5rc1")},
            {PATCHED: "1.0.5rc1"},
        ),
        # A name that only starts the same is another distribution.
        ({"simpleaudio_patchedx-1.0.dist-info": ("simpleaudio-patchedx", "1.0")}, {}),
    ],
    ids=[
        "stock",
        "patched",
        "both",
        "neither",
        "empty",
        "odd-case",
        "dots",
        "doubled",
        "longer",
    ],
)
def test_fake_site_folders(tmp_path, no_fallback, entries, expected):
    site = tmp_path / "site-packages"
    site.mkdir()
    for entry, (name, version) in entries.items():
        _dist(site, entry, _wheel_metadata(name, version))
    path = [str(tmp_path / "missing"), str(site)]
    assert versions(NAMES, path) == expected
    assert versions(NAMES, path) == _by_metadata(NAMES, path)


def test_the_version_is_the_header_read_as_the_email_parser_reads_it(tmp_path, no_fallback):
    site = tmp_path / "site"
    text = "Metadata-Version: 2.1\nName: simpleaudio\nVERSION:\t 1.0.4 \nVersion: 2\n"
    _dist(site, "simpleaudio-1.0.4.dist-info", text)
    # Folded lines of an earlier header, and a Windows line ending, change nothing.
    text = "Name: simpleaudio-patched\nSummary: a\n  b\r\nVersion: 1.0.5\r\n"
    _dist(site, "simpleaudio_patched-1.0.5.dist-info", text)
    assert versions(NAMES, [str(site)]) == {STOCK: "1.0.4 ", PATCHED: "1.0.5"}
    assert versions(NAMES, [str(site)]) == _by_metadata(NAMES, [str(site)])


def test_the_first_folder_on_the_path_wins(tmp_path, no_fallback):
    first, second = tmp_path / "first", tmp_path / "second"
    _dist(first, "simpleaudio_patched-1.0.5.dist-info", _wheel_metadata(PATCHED, "1.0.5"))
    _dist(second, "simpleaudio_patched-1.0.6.dist-info", _wheel_metadata(PATCHED, "1.0.6"))
    _dist(second, "simpleaudio-1.0.4.dist-info", _wheel_metadata(STOCK, "1.0.4"))
    path = [str(first), str(second)]
    assert versions(NAMES, path) == {STOCK: "1.0.4", PATCHED: "1.0.5"}
    assert versions(NAMES, path) == _by_metadata(NAMES, path)


def test_egg_info_folders_and_files(tmp_path, no_fallback):
    site = tmp_path / "site"
    _dist(site, "simpleaudio-1.0.2-py3.8.egg-info", _wheel_metadata(STOCK, "1.0.2"), "PKG-INFO")
    (site / "simpleaudio_patched-1.0.5-py3.11.egg-info").write_text(
        _wheel_metadata(PATCHED, "1.0.5"), encoding="utf-8"
    )
    assert versions(NAMES, [str(site)]) == {STOCK: "1.0.2", PATCHED: "1.0.5"}
    assert versions(NAMES, [str(site)]) == _by_metadata(NAMES, [str(site)])


@pytest.mark.parametrize(
    "text",
    [
        "Name: simpleaudio\nVersion: 1.0\n 4\n",  # a folded version
        "Name: simpleaudio\nSummary: caf\u00e9\nVersion: 1.0.4\n",  # beyond ASCII
        "Name: simpleaudio\n\nVersion: 1.0.4\n",  # after the headers: no version
        "From someone\nVersion: 1.0.4\n",
        "Name: simpleaudio\nnot a header\nVersion: 1.0.4\n",
        "Name: simpleaudio\n",  # no version at all
    ],
    ids=["folded", "non-ascii", "body", "from", "not-a-header", "none"],
)
def test_what_the_quick_reading_is_unsure_of_is_asked_of_importlib_metadata(tmp_path, text):
    site = tmp_path / "site"
    _dist(site, "simpleaudio-1.0.4.dist-info", text)
    asked = []
    real = installed._asking_metadata

    def spy(name, path):
        asked.append(name)
        return real(name, path)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(installed, "_asking_metadata", spy)
        found = versions(NAMES, [str(site)])
    assert asked == [STOCK]
    assert found == _by_metadata(NAMES, [str(site)])


def test_an_empty_metadata_file_is_passed_over_for_pkg_info(tmp_path, no_fallback):
    site = tmp_path / "site"
    info = _dist(site, "simpleaudio-1.0.4.dist-info", "")
    (info / "PKG-INFO").write_text("Name: simpleaudio\nVersion: 1.0.3\n", encoding="utf-8")
    assert versions(NAMES, [str(site)]) == {STOCK: "1.0.3"}
    assert versions(NAMES, [str(site)]) == _by_metadata(NAMES, [str(site)])


def test_a_zip_on_the_path_is_asked_of_importlib_metadata(tmp_path):
    import zipfile

    archive = tmp_path / "packages.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("simpleaudio-1.0.4.dist-info/METADATA", _wheel_metadata(STOCK, "1.0.4"))
    assert versions(NAMES, [str(archive)]) == {STOCK: "1.0.4"}
    assert versions(NAMES, [str(archive)]) == _by_metadata(NAMES, [str(archive)])


def test_names_are_normalized_as_importlib_metadata_does():
    assert normalized("SimpleAudio.Patched") == "simpleaudio_patched"
    assert normalized("simpleaudio--_patched") == "simpleaudio_patched"
    assert normalized(STOCK) == "simpleaudio"


def test_learning_the_build_imports_no_importlib_metadata():
    code = (
        "import json, sys\n"
        "from coach.services.audio import simpleaudio_backend\n"
        "simpleaudio_backend.installed_builds()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = json.loads(out)
    assert [
        m for m in loaded if m == "email" or m.startswith(("importlib.metadata", "email."))
    ] == []
