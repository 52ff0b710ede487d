"""THIRD-PARTY-NOTICES.txt: every package in the desk bundle with its version, licence and
licence texts, generated from the installed packages' own metadata (run by
scripts/build_bundle.sh inside the runtime venv; the bundle ships the result).

    python -m shipping.notices OUT [--requirements requirements-desk.txt]

Native components that come inside the wheels (Qt, OpenCV, ONNX Runtime, SQLCipher, OpenBLAS)
are named in their own section with the licence they are used under, since their texts sit in
the wheels' package folders rather than in the Python metadata."""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS|ThirdPartyNotices)", re.I)

# Components compiled into wheels, with the licence each is used under here and where its
# text is. How LGPL is met: Qt stays separate shared libraries in the bundle's folder, which a user
# may replace with their own builds of the same version. No FFmpeg ships: Qt's went with the camera
# (docs/install.md) and OpenCV's is replaced by stubs (shipping/opencv_ffmpeg_stub.py).
NATIVE_COMPONENTS = [
    (
        "Qt 6 (inside PySide6-Essentials / PySide6-Addons)",
        "LGPL-3.0-only",
        "dynamically linked shared libraries (libQt6*.so / Qt6*.dll) a user can replace",
    ),
    ("OpenCV (opencv-python-headless)", "Apache-2.0", "cv2/LICENSE.txt, cv2/LICENSE-3RD-PARTY.txt"),
    ("ONNX Runtime", "MIT", "onnxruntime/LICENSE, onnxruntime/ThirdPartyNotices.txt"),
    ("SQLCipher (statically linked in sqlcipher3)", "BSD-3-Clause", "sqlcipher3's licence below"),
    ("OpenBLAS (inside numpy and opencv-python-headless)", "BSD-3-Clause", "numpy's licence below"),
    (
        "WenQuanYi Micro Hei font (resources/fonts)",
        "Apache-2.0 or GPL-3.0 with font exception",
        "resources/fonts/LICENSE-wqy-microhei.txt",
    ),
    ("PP-OCR models (inside rapidocr)", "Apache-2.0", "rapidocr's licence below"),
]


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_distributions(requirements: Path) -> list[md.Distribution]:
    """The requirement file's packages and everything they depend on, as installed here."""
    names = [
        line.split("#")[0].strip()
        for line in requirements.read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    found: dict[str, md.Distribution] = {}
    todo = list(names)
    while todo:
        name = todo.pop()
        if _key(name) in found:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        found[_key(name)] = dist
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    return sorted(found.values(), key=lambda d: _key(d.metadata["Name"]))


def licence_of(dist: md.Distribution) -> str:
    meta = dist.metadata
    if meta.get("License-Expression"):
        return str(meta["License-Expression"])
    text = (meta.get("License") or "").strip()
    if text and len(text) < 80 and "\n" not in text:
        return text
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::")
    ]
    return "; ".join(classifiers) or (text.splitlines()[0][:80] if text else "see the text below")


def licence_texts(dist: md.Distribution) -> list[tuple[str, str]]:
    texts = []
    for f in dist.files or []:
        name = str(f)
        if ("dist-info/" in name and LICENCE_FILE.search(Path(name).name)) or (
            "dist-info/" not in name
            and Path(name).parent.name
            and LICENCE_FILE.search(Path(name).name)
            and Path(name).suffix in ("", ".txt", ".md", ".rst")
        ):
            path = Path(str(dist.locate_file(f)))
            if path.is_file():
                texts.append((name, path.read_text(encoding="utf-8", errors="replace")))
    return texts


def render(requirements: Path) -> str:
    dists = runtime_distributions(requirements)
    out = [
        "Chudan 出单台 — third-party notices",
        "",
        "Chudan itself is licensed under the Apache License 2.0 (LICENSE). It ships with the",
        "components below, each under its own licence. This file is generated from the installed",
        "packages when the bundle is built (shipping/notices.py).",
        "",
        "== Native components inside the packages ==",
        "",
    ]
    for what, licence, where in NATIVE_COMPONENTS:
        out.append(f"- {what}: {licence} ({where})")
    out += ["", "== Python packages ==", ""]
    for d in dists:
        out.append(f"- {d.metadata['Name']} {d.version}: {licence_of(d)}")
    for d in dists:
        for name, text in licence_texts(d):
            out += [
                "",
                "=" * 78,
                f"{d.metadata['Name']} {d.version} — {name}",
                "=" * 78,
                "",
                text.rstrip(),
            ]
    font = ROOT / "resources" / "fonts" / "LICENSE-wqy-microhei.txt"
    if font.exists():
        out += [
            "",
            "=" * 78,
            "WenQuanYi Micro Hei — resources/fonts/LICENSE-wqy-microhei.txt",
            "=" * 78,
            "",
        ]
        out.append(font.read_text(encoding="utf-8", errors="replace").rstrip())
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--requirements", type=Path, default=ROOT / "requirements-desk.txt")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(args.requirements), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
