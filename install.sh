#!/bin/sh
# Install coach from this clone for the person running it: a virtual environment of its
# own, and the `coach` command linked into a folder on the PATH. Run it again to upgrade;
# `./install.sh --uninstall` takes it away (your sessions and history stay).
#
#   root:       /opt/workout-coach, command in /usr/local/bin
#   otherwise:  ~/.local/share/workout-coach, command in ~/.local/bin
#
# COACH_PREFIX and COACH_BIN choose other folders; PYTHON another interpreter (3.11+).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}

if [ "$(id -u)" -eq 0 ]; then
    prefix=${COACH_PREFIX:-/opt/workout-coach}
    bin=${COACH_BIN:-/usr/local/bin}
else
    prefix=${COACH_PREFIX:-${XDG_DATA_HOME:-$HOME/.local/share}/workout-coach}
    bin=${COACH_BIN:-$HOME/.local/bin}
fi

say() { printf 'install.sh: %s\n' "$*" >&2; }

if [ "${1:-}" = "--uninstall" ]; then
    if [ -L "$bin/coach" ] && [ "$(readlink "$bin/coach")" = "$prefix/bin/coach" ]; then
        rm -f "$bin/coach"
    fi
    rm -rf "$prefix"
    say "removed $prefix and $bin/coach (your sessions and history are kept)"
    exit 0
fi

if ! command -v "$python" >/dev/null 2>&1; then
    say "$python not found: install Python 3.11 or newer (Debian, Ubuntu: apt install python3 python3-venv)"
    exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    say "coach needs Python 3.11 or newer; $python is $("$python" -c 'import platform; print(platform.python_version())')"
    exit 1
fi
if [ ! -x "$prefix/bin/python" ]; then
    if ! "$python" -m venv "$prefix" >/dev/null 2>&1; then
        rm -rf "$prefix"
        say "$python cannot make a virtual environment (Debian, Ubuntu: apt install python3-venv)"
        exit 1
    fi
fi
"$prefix/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade "$here"

mkdir -p "$bin"
ln -sf "$prefix/bin/coach" "$bin/coach"
say "installed $("$bin/coach" --version) in $prefix; the command is $bin/coach"

case ":$PATH:" in
    *":$bin:"*) ;;
    *)
        say "$bin is not on your PATH yet: open a new login shell, or run"
        say "  export PATH=\"$bin:\$PATH\""
        ;;
esac
