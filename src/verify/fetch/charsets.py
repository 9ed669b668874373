"""A stand-in for charset_normalizer while requests is imported: the detector itself loads on first use.

requests imports charset_normalizer (about 14 ms) at its own import, for `Response.text` and
`Response.apparent_encoding`, which verify never reads: `documents.decode` decodes every body, and imports
the detector only for a page that declares no charset and is not UTF-8. Importing this module (fetch/http.py
does, just before requests) puts the stand-in in `sys.modules` unless the real module is already there. It
carries the package's version and path, all requests reads at import; any other name loads the real module,
which takes the stand-in's place in `sys.modules`, and the stand-in hands on every later look-up to it.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
import threading
import types
from pathlib import Path
from typing import Any

NAME = "charset_normalizer"
_LOCK = threading.Lock()


class Deferred(types.ModuleType):
    """charset_normalizer as requests sees it until something really asks it to detect an encoding."""

    def __init__(self, version: str, path: list[str]) -> None:
        super().__init__(NAME)
        self.__version__ = version
        self.__path__ = path  # a package: a submodule import finds its files as ever

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # probes (__file__, __all__…) are not a use
        return getattr(load(), name)


def load() -> types.ModuleType:
    """The real charset_normalizer, imported on first use in place of the stand-in."""
    with _LOCK:
        if isinstance(sys.modules.get(NAME), Deferred):
            del sys.modules[NAME]
        return importlib.import_module(NAME)


def _install() -> None:
    if NAME in sys.modules:
        return
    try:
        spec = importlib.util.find_spec(NAME)
        path = list(spec.submodule_search_locations or []) if spec is not None else []
        source = Path(path[0], "version.py").read_text(encoding="utf-8") if path else ""
    except (ImportError, OSError, ValueError):
        return  # requests then imports (or misses) it as usual
    m = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", source, re.M)
    if m:
        sys.modules[NAME] = Deferred(m.group(1), path)


_install()
