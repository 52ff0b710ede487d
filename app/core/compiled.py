"""The premium engine compiled to C with mypyc (scripts/build_native.py; docs/rating.md, "Speed").

The same Python files run either way: a compiled module is an extension file beside its source
(`engine.cpython-311-x86_64-linux-gnu.so` next to `engine.py`), which Python's import prefers.
That preference is also the risk: a source edited after the build would be shadowed by the old
compiled file. The build therefore records each source's SHA-256, and `stale()` names every
compiled module whose source has changed since (the test session refuses to start on one;
`make` rebuilds before `test`, `run` and `bench`)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What a quote runs through (app.rating.quote_and_underwrite), profiled: the request's field
# rules, the checks, the pricing, the worksheet, money's rounding and the underwriting decision.
# app/rating/request.py and table.py stay Python: they are pydantic models and frozen
# dataclasses built from JSON, which mypyc does not speed up.
MODULES = (
    "app.core.money",
    "app.core.request_fields",
    "app.rating.checks",
    "app.rating.commercial",
    "app.rating.ctpl",
    "app.rating.depreciation",
    "app.rating.engine",
    "app.rating.ncd",
    "app.rating.regions",
    "app.rating.terms",
    "app.rating.vehicle_tax",
    "app.rating.worksheet",
    "app.underwriting.decisions",
)
# The shared runtime library is a module of the package (app/core/engine_native__mypyc…so), so
# that entry points run from any directory find it as they find the package.
GROUP = "app.core.engine_native"
DIGESTS = ROOT / "build" / "native" / "sources.json"


def source_of(module: str, root: Path = ROOT) -> Path:
    path = root.joinpath(*module.split("."))
    return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


def compiled_files(module: str, root: Path = ROOT) -> list[Path]:
    """The extension files built for a module (none when it runs as Python)."""
    src = source_of(module, root)
    stem = "__init__" if src.name == "__init__.py" else src.stem
    return [
        src.with_name(stem + suffix)
        for suffix in EXTENSION_SUFFIXES
        if src.with_name(stem + suffix).exists()
    ]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def stale(root: Path = ROOT) -> list[str]:
    """Compiled modules that no longer match their source (or were built by no recorded build)."""
    try:
        recorded = json.loads((root / DIGESTS.relative_to(ROOT)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = {}
    return [
        m
        for m in MODULES
        if compiled_files(m, root) and recorded.get(m) != digest(source_of(m, root))
    ]


def loaded_compiled() -> bool:
    """Whether the engine this process imports is the compiled one (found, not imported)."""
    spec = importlib.util.find_spec("app.rating.engine")
    return spec is not None and not (spec.origin or "").endswith(".py")


def describe() -> str:
    return "compiled (mypyc)" if loaded_compiled() else "Python (not compiled)"


if __name__ == "__main__":  # `python -m app.core.compiled`: what is compiled, and whether current
    bad = stale()
    print(describe(), "; stale: " + ", ".join(bad) if bad else "")
    sys.exit(1 if bad else 0)
