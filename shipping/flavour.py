"""The build flag, written into the frozen app by the spec (see app/core/build_flavour.py)."""

from __future__ import annotations

from pathlib import Path

FLAVOURS = ("release", "development")


def write_flavour_module(folder: Path, flavour: str) -> Path:
    if flavour not in FLAVOURS:
        raise ValueError(f"unknown build flavour {flavour!r}")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "chudan_build_flavour.py"
    path.write_text(
        f'"""Written by the build: this bundle is a {flavour} build."""\n\nFLAVOUR = "{flavour}"\n',
        encoding="utf-8",
    )
    return path
