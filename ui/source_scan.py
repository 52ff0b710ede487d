"""PySide6's import hook reads the source of every module imported after Qt, and keeps it.

PySide6 (6.12 here; shibokensupport/feature.py) looks at each newly imported module to know
whether it uses `from __feature__ import snake_case`: `_mod_uses_pyside` calls
`inspect.getsource(module)` and searches it for "PySide6". `inspect` reads through `linecache`,
which keeps every line of every file it read for the life of the process: the window's ~1,000
modules came to about 15 MB of text held as some 35 MB of str objects, about a sixth of the idle
window's memory (docs/benchmarks.md, "What the idle window holds").

`stop()` swaps in the same test without the cache (the loader's source, read and dropped) and
empties what was cached so far. It does not import Qt: it acts only once PySide6 has been
imported, so it is called both when `ui` is imported (tests and benchmarks import Qt first) and
right after `ui.app_main` imports Qt (the desk's own start)."""

from __future__ import annotations

import linecache
import sys
from types import ModuleType

_FEATURE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"  # PySide6's private name, looked up when a module is imported


def _uses_pyside(module: ModuleType) -> bool:
    """What PySide6's own check answers (does the source mention PySide6?), nothing cached."""
    try:
        source = module.__loader__.get_source(module.__name__)  # type: ignore[union-attr]
    except (AttributeError, ImportError, OSError, SyntaxError, TypeError, ValueError):
        return False
    return bool(source) and "PySide6" in source


def stop() -> bool:
    """True if PySide6's check is (now) the cache-free one; False while Qt is not imported."""
    feature = sys.modules.get(_FEATURE)
    if feature is None or not hasattr(feature, _CHECK):
        return False
    if getattr(feature, _CHECK) is not _uses_pyside:
        setattr(feature, _CHECK, _uses_pyside)
        # What the hook read so far; a traceback reads the lines it prints again when needed.
        linecache.clearcache()
    return True
