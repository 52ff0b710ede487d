"""Drop debug information and static symbol tables from the bundle's libraries (Linux):
libpython, sqlcipher3, pyclipper, Qt and others arrive with them, tens of MB that nothing reads
at run time (the dynamic symbols the loader needs stay: `strip --strip-unneeded`).

Files in a wheel's `*.libs` folder are left alone: auditwheel rewrote those libraries' program
headers with patchelf, and stripping them leaves them unloadable ("ELF load command
address/offset not page-aligned", seen with numpy's OpenBLAS when PyInstaller's own strip=True
was tried).

    python -m shipping.strip_debug BUNDLE_INTERNAL_DIR"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

ELF_MAGIC = b"\x7fELF"


def has_strippable_sections(path: Path) -> bool:
    out = subprocess.run(["readelf", "-S", "-W", str(path)], capture_output=True, text=True).stdout
    return ".debug_info" in out or " .symtab " in out


def strip_debug(internal: Path) -> list[tuple[str, int, int]]:
    done = []
    for path in sorted(internal.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if any(part.endswith(".libs") for part in path.relative_to(internal).parts[:-1]):
            continue
        with open(path, "rb") as fh:
            if fh.read(4) != ELF_MAGIC:
                continue
        if not has_strippable_sections(path):
            continue
        before = path.stat().st_size
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        done.append((str(path.relative_to(internal)), before, path.stat().st_size))
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="strip the bundle's libraries but the wheels' .libs"
    )
    parser.add_argument("internal", type=Path)
    args = parser.parse_args(argv)
    for name, before, after in strip_debug(args.internal):
        print(f"strip: {name} {before / 1e6:.1f} -> {after / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
