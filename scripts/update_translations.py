"""Refresh the translation sources from the code and compile them.

    .venv/bin/python scripts/update_translations.py

`pyside6-lupdate` adds new tr() strings to resources/translations/chudan_zh_CN.ts and keeps the
existing translations; translate the new (unfinished) entries there (Qt Linguist, or any XML
editor), then run this again: `pyside6-lrelease` compiles the .qm the app loads. Both .ts and .qm
are committed, so a machine without the Qt tools still shows Chinese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGS = ["zh_CN"]


def tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def main() -> int:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    for lang in LANGS:
        ts = TS_DIR / f"chudan_{lang}.ts"
        subprocess.run(
            [tool("pyside6-lupdate"), *sources, "-ts", str(ts.relative_to(ROOT)), "-no-obsolete"],
            cwd=ROOT,
            check=True,
        )
        subprocess.run(
            [tool("pyside6-lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))],
            cwd=ROOT,
            check=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
