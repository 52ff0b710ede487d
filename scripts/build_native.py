"""Compile the premium engine with mypyc, in place (app/core/compiled.py lists the modules and
says why). `make` runs this before `test`, `run` and `bench` whenever a source changed.

    python scripts/build_native.py           build; on failure say why and leave pure Python
    python scripts/build_native.py --clean   remove the compiled files (the bundle ships Python)

A machine without a C compiler still runs everything, as Python and slower: the build failing is
a warning, not an error (`--strict` makes it one)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.compiled import DIGESTS, GROUP, MODULES, compiled_files, digest, source_of  # noqa: E402

BUILD = ROOT / "build" / "native"


def clean() -> None:
    for m in MODULES:
        for f in compiled_files(m):
            f.unlink()
    package, _, name = GROUP.rpartition(".")
    for f in ROOT.joinpath(*package.split(".")).glob(name + "__mypyc*"):
        f.unlink()
    for f in ROOT.glob("chudan_native__mypyc*"):  # where the first build put it
        f.unlink()
    DIGESTS.unlink(missing_ok=True)


# Run in a child: setuptools' build_ext and mypy's type check, with the sources as they are now.
SETUP = f"""
import sys
from setuptools import setup
from mypyc.build import mypycify
paths = sys.argv[1:]
sys.argv = [sys.argv[0], "build_ext", "--inplace", "--build-temp", {str(BUILD / "temp")!r}]
setup(name="chudan-native", ext_modules=mypycify(paths, group_name={GROUP!r},
      target_dir={str(BUILD / "c")!r}), script_args=sys.argv[1:])
"""


def build(strict: bool) -> int:
    clean()
    BUILD.mkdir(parents=True, exist_ok=True)
    sources = [str(source_of(m).relative_to(ROOT)) for m in MODULES]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", SETUP, *sources],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0 or not all(compiled_files(m) for m in MODULES):
        clean()
        (BUILD / "last-error.txt").write_text(done.stdout + done.stderr, encoding="utf-8")
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-5:])
        print(
            "build_native: the engine could not be compiled; it runs as Python (slower).\n"
            f"{tail}\nFull output: {BUILD / 'last-error.txt'}. A C compiler (gcc) and mypy are needed.",
            file=sys.stderr,
        )
        # Recorded as "nothing compiled", so make does not retry until a source changes.
        DIGESTS.write_text("{}", encoding="utf-8")
        return 1 if strict else 0
    DIGESTS.write_text(
        json.dumps({m: digest(source_of(m)) for m in MODULES}, indent=1), encoding="utf-8"
    )
    print(f"build_native: {len(MODULES)} modules compiled")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clean", action="store_true", help="remove the compiled files")
    ap.add_argument("--strict", action="store_true", help="fail when the build fails")
    args = ap.parse_args()
    if args.clean:
        clean()
        return 0
    return build(args.strict)


if __name__ == "__main__":
    sys.exit(main())
