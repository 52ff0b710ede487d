"""No FFmpeg in the Linux bundle: OpenCV's wheel links its own FFmpeg (and AV1, VP8/9 and
AVIF codecs through it), used only by cv2.VideoCapture/VideoWriter and AVIF files, which the
desk never calls (OCR reads JPEG/PNG photos through Pillow and OpenCV's image functions). Qt's
FFmpeg left the bundle with the desk camera (docs/install.md).

After PyInstaller has collected the bundle, this replaces OpenCV's libavcodec, libavformat,
libavutil, libswscale and libavif with small stub libraries of the same file names that export
every symbol cv2 imports from them (with the same symbol versions, so the dynamic linker
accepts them), each of which aborts with a message if ever called; then it deletes the
libraries in OpenCV's folder that nothing needs any more (libaom, libvpx, ...).

    python -m shipping.opencv_ffmpeg_stub BUNDLE_INTERNAL_DIR

Needs gcc and binutils (readelf) at build time; Linux only. On Windows the wheel's FFmpeg is
one DLL (opencv_videoio_ffmpeg*.dll) that the spec does not collect there."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

STUBBED = ("libavcodec-", "libavformat-", "libavutil-", "libswscale-", "libavif-")
# Unversioned symbols are assigned to a stubbed library by their prefix.
PREFIX_OF = {"libavif-": ("avif",)}


def _readelf(*args: str) -> str:
    return subprocess.run(
        ["readelf", "-W", *args], check=True, capture_output=True, text=True
    ).stdout


def needed(binary: Path) -> list[str]:
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", _readelf("-d", str(binary)))


def version_files(binary: Path) -> dict[str, str]:
    """Version name (LIBAVCODEC_62) -> the file that must provide it."""
    out: dict[str, str] = {}
    current = None
    for line in _readelf("-V", str(binary)).splitlines():
        m = re.search(r"File: (\S+)", line)
        if m:
            current = m.group(1)
            continue
        m = re.search(r"Name: (\S+)", line)
        if m and current:
            out[m.group(1)] = current
    return out


def imported_symbols(binary: Path) -> list[tuple[str, str | None]]:
    """(name, version or None) of every undefined dynamic symbol."""
    syms = []
    for line in _readelf("--dyn-syms", str(binary)).splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[6] == "UND" and parts[7]:
            name, _, version = parts[7].partition("@")
            syms.append((name, version.split(" ")[0] or None))
    return syms


def stub_source(lib: str, names: list[str]) -> str:
    body = [
        "#include <stdio.h>",
        "#include <stdlib.h>",
        "static void chudan_stub_called(const char *name) {",
        f'    fprintf(stderr, "chudan: {lib} is not in this build (called %s)\\n", name);',
        "    abort();",
        "}",
    ]
    for name in names:
        body.append(f'void *{name}(void) {{ chudan_stub_called("{name}"); return 0; }}')
    return "\n".join(body) + "\n"


def build_stub(lib_path: Path, names: list[str], versions: list[str], work: Path) -> None:
    src = work / (lib_path.name + ".c")
    src.write_text(stub_source(lib_path.name, names), encoding="ascii")
    cmd = ["gcc", "-shared", "-fPIC", "-O1", "-s", f"-Wl,-soname,{lib_path.name}"]
    if versions:
        script = work / (lib_path.name + ".map")
        # Every symbol under the (single) version the importer asks for.
        (version,) = versions
        script.write_text(f"{version} {{ global: {'; '.join(names)}; local: *; }};\n")
        cmd.append(f"-Wl,--version-script,{script}")
    out = work / lib_path.name
    subprocess.run([*cmd, "-o", str(out), str(src)], check=True)
    shutil.copyfile(out, lib_path)


def stub_opencv_ffmpeg(internal: Path) -> list[str]:
    """Returns the names of the files removed or replaced."""
    cv2_so = next((internal / "cv2").glob("cv2*.so"))
    libs = internal / "opencv_python_headless.libs"
    ver_files = version_files(cv2_so)
    wanted: dict[str, tuple[list[str], set[str]]] = {}
    for name, version in imported_symbols(cv2_so):
        target = ver_files.get(version) if version else None
        if target is None:
            target = next(
                (
                    f
                    for f in needed(cv2_so)
                    for prefix, starts in PREFIX_OF.items()
                    if f.startswith(prefix) and name.startswith(starts)
                ),
                None,
            )
        if target and target.startswith(STUBBED):
            names, versions = wanted.setdefault(target, ([], set()))
            names.append(name)
            if version:
                versions.add(version)
    changed = []
    with tempfile.TemporaryDirectory() as tmp:
        for target, (names, versions) in sorted(wanted.items()):
            build_stub(libs / target, sorted(set(names)), sorted(versions), Path(tmp))
            changed.append(target)
    # Keep what cv2 (and what it keeps) still needs; the codecs behind FFmpeg go.
    keep: set[str] = set()
    todo = [cv2_so]
    while todo:
        for dep in needed(todo.pop()):
            if dep not in keep and (libs / dep).exists():
                keep.add(dep)
                todo.append(libs / dep)
    for f in sorted(libs.iterdir()):
        if f.name not in keep:
            f.unlink()
            changed.append(f.name)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Replace OpenCV's FFmpeg in a bundle with stubs")
    parser.add_argument("internal", type=Path, help="the bundle's _internal folder")
    args = parser.parse_args(argv)
    for name in stub_opencv_ffmpeg(args.internal):
        print(f"opencv: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
