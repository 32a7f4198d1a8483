"""A standard-library module that a library imports at its top but coach never uses,
put off until something really uses it.

miniaudio imports `urllib.request` (for playing streams from the web); with HTTP, e-mail
parsing and SSL behind it, that is about 25 ms of CPU, spent while the workout screen is
being built. `defer(name)` puts a stand-in under the module's name: the library's import
statement finds it and binds it, and the first attribute anyone asks of it loads the real
module, which then takes its place everywhere it is looked up by name. (The standard
library's LazyLoader cannot do this: the import statement itself reads the module's
`__spec__`, which loads it.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

_loading = threading.Lock()


def defer(name: str) -> None:
    """Put off loading the module `name` (its package is loaded), unless it is loaded
    already or cannot be found."""
    if name in sys.modules:
        return
    parent, _, child = name.rpartition(".")
    spec = importlib.util.find_spec(name)  # imports the package
    if spec is None:
        return
    stand_in = types.ModuleType(name)
    stand_in.__spec__ = spec
    stand_in.__loader__ = spec.loader
    stand_in.__file__ = spec.origin
    stand_in.__package__ = parent

    def real() -> types.ModuleType:
        with _loading:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
            return importlib.import_module(name)  # also sets it on its package

    def __getattr__(attribute: str) -> Any:
        return getattr(real(), attribute)

    def __dir__() -> list[str]:
        return dir(real())

    stand_in.__getattr__ = __getattr__  # type: ignore[method-assign]
    stand_in.__dir__ = __dir__  # type: ignore[method-assign]
    sys.modules[name] = stand_in
    if parent:
        setattr(sys.modules[parent], child, stand_in)
