"""The version the bundle, the .deb and the Windows resources carry: app.__version__, read
without importing the app (the spec and the packaging scripts run outside it)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def app_version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise RuntimeError("app/__init__.py has no __version__")
    return match.group(1)


def version_tuple(version: str) -> tuple[int, int, int, int]:
    numbers = [int(n) for n in re.findall(r"\d+", version)[:4]]
    return tuple(numbers + [0] * (4 - len(numbers)))  # type: ignore[return-value]


DESCRIPTIONS = {
    "chudan": "Chudan 出单台 motor-insurance issuance desk",
    "chudan-cli": "Chudan 出单台 command line (db check, backup, restore, export-key)",
}


def windows_version_text(version: str, program: str = "chudan") -> str:
    """PyInstaller's version-resource format: what Explorer shows under Properties > Details.
    `program` is the executable's name without .exe: chudan (the window) or chudan-cli."""
    v = version_tuple(version)
    strings = {
        "CompanyName": "Chudan",
        "FileDescription": DESCRIPTIONS.get(program, DESCRIPTIONS["chudan"]),
        "FileVersion": version,
        "InternalName": program,
        "LegalCopyright": "Apache License 2.0; see LICENSE and THIRD-PARTY-NOTICES.txt",
        "OriginalFilename": f"{program}.exe",
        "ProductName": "Chudan 出单台",
        "ProductVersion": version,
    }
    entries = ",\n".join(f"          StringStruct({k!r}, {val!r})" for k, val in strings.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={v}, prodvers={v}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
      StringTable('080404b0', [
{entries}
      ])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200, 0x0409, 1200])])
  ]
)
"""


def write_windows_version_file(path: Path, program: str = "chudan") -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(windows_version_text(app_version(), program), encoding="utf-8")
    return str(path)
