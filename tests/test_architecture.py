"""The layers keep to their imports.

The domain may import the standard library, pydantic and yaml, and itself: nothing else.
Within the standard library it may not reach for storage, processes, threads, event loops,
signals, the network or the terminal (DOMAIN_DENIED): those belong to services and faces.
Services never import the interface.

Each rule is checked twice: on the import statements in the source (wherever they are,
inside functions too), and in a fresh interpreter that imports every module of the layer
and lists what got loaded.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "coach"

# Third-party packages the domain may use; pydantic_core is pydantic's own engine (its
# error type is the documented way to raise a custom validation error).
DOMAIN_THIRD_PARTY = frozenset({"pydantic", "pydantic_core", "yaml"})

# Standard-library modules that do the world's work: a rule that needs one of them is
# not a pure rule. Storage (sqlite3, dbm, shelve), processes and threads (subprocess,
# multiprocessing, concurrent, threading, _thread), event loops and signals (asyncio,
# signal, select, selectors), the network (socket, ssl, http, urllib) and the terminal
# (termios, tty, pty, curses).
DOMAIN_DENIED = frozenset(
    {
        "sqlite3",
        "dbm",
        "shelve",
        "subprocess",
        "multiprocessing",
        "concurrent",
        "threading",
        "_thread",
        "asyncio",
        "signal",
        "select",
        "selectors",
        "socket",
        "ssl",
        "http",
        "urllib",
        "termios",
        "tty",
        "pty",
        "curses",
    }
)


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules_of(layer: str) -> list[Path]:
    return sorted((PACKAGE / layer).rglob("*.py"))


def imported_names(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import statement in the file."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # `from coach import interface` names a module too
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def domain_may_import(name: str) -> bool:
    top = name.partition(".")[0]
    if top == "coach":
        return name == "coach" or within(name, "coach.domain")
    if top in DOMAIN_THIRD_PARTY:
        return True
    return top in sys.stdlib_module_names and top not in DOMAIN_DENIED


# Run in a fresh interpreter: import every module of a layer, with __import__ watched so
# that each import a coach module makes is written down with the module that made it.
_WATCH = """
import builtins, importlib, importlib.util, json, sys
made = []
real_import = builtins.__import__
def watched(name, globals=None, locals=None, fromlist=(), level=0):
    importer = (globals or {}).get("__name__", "")
    if importer.startswith("coach."):
        target = name
        if level:
            target = importlib.util.resolve_name("." * level + name, globals["__package__"])
        made.append((importer, target))
        made.extend((importer, f"{target}.{item}") for item in fromlist or ())
    return real_import(name, globals, locals, fromlist, level)
builtins.__import__ = watched
for name in NAMES:
    importlib.import_module(name)
print(json.dumps({"made": made, "loaded": sorted(sys.modules)}))
"""


def import_layer(layer: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The imports the layer's modules made (importer, module) and every module loaded."""
    names = [module_name(p) for p in modules_of(layer)]
    code = _WATCH.replace("NAMES", repr(names))
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert set(names) <= set(found["loaded"])  # the check really imported the whole layer
    return [(importer, target) for importer, target in found["made"]], found["loaded"]


def test_the_domain_imports_only_the_standard_library_pydantic_and_yaml_in_its_source():
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {name}"
        for path in modules_of("domain")
        for line, name in imported_names(path)
        if not domain_may_import(name)
    ]
    assert offenders == []


def test_the_domain_loads_only_the_standard_library_pydantic_and_yaml_when_imported():
    made, loaded = import_layer("domain")
    offenders = [
        f"{importer}: {target}"
        for importer, target in made
        if within(importer, "coach.domain") and not domain_may_import(target)
    ]
    assert offenders == []
    # nor does anything it imports bring in the rest of coach
    assert [name for name in loaded if within(name, "coach") and not domain_may_import(name)] == []


def test_services_never_import_the_interface_in_their_source():
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {name}"
        for path in modules_of("services")
        for line, name in imported_names(path)
        if within(name, "coach.interface")
    ]
    assert offenders == []


def test_services_never_load_the_interface_when_imported():
    made, loaded = import_layer("services")
    assert [
        f"{importer}: {target}" for importer, target in made if within(target, "coach.interface")
    ] == []
    assert [name for name in loaded if within(name, "coach.interface")] == []
