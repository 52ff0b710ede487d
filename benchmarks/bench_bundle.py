"""The frozen release bundle (dist/chudan, `make installer`): its size unpacked and its ten
largest parts, cold start to the log-in window, and `chudan ocr` of an ID card front, frozen and
from the venv (the same command, engine load included). Without a bundle the rows say so and
count as not met."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import Figure

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = Path(os.environ.get("CHUDAN_BUNDLE", ROOT / "dist" / "chudan"))
MB = 1024 * 1024


def _size(path: Path) -> int:
    """Bytes on disk as unpacked; PyInstaller's symlinks to libraries are not counted twice."""
    if path.is_symlink():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def parts(bundle: Path) -> list[tuple[str, int]]:
    """Top-level entries of the bundle and of its _internal folder, largest first."""
    entries = [p for p in bundle.iterdir() if p.name != "_internal"]
    internal = bundle / "_internal"
    if internal.is_dir():
        entries += list(internal.iterdir())
    sized = [(str(p.relative_to(bundle)), _size(p)) for p in entries if not p.is_symlink()]
    return sorted(sized, key=lambda item: item[1], reverse=True)


def _frozen_env(home: Path, **extra: str) -> list[str]:
    return ["env", "-i", f"CHUDAN_HOME={home}", *(f"{k}={v}" for k, v in extra.items())]


def _cold_start(exe: Path, home: Path, runs: int) -> list[float]:
    subprocess.run(
        [
            *_frozen_env(home),
            str(exe),
            "user",
            "add",
            "admin",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input="admin-pass-1\n",
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [*_frozen_env(home, QT_QPA_PLATFORM="offscreen", CHUDAN_STARTUP_PROBE="1"), str(exe)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()  # printed once the dialog is painted
        times.append(time.perf_counter() - t0)
        proc.wait(timeout=60)
        assert line.startswith("login-shown"), line
    return times


def _ocr_times(cmd: list[str], image: Path, runs: int, cwd: Path) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = subprocess.run(
            [*cmd, "ocr", "--json", str(image)],
            capture_output=True,
            text=True,
            cwd=cwd,
            timeout=300,
        )
        times.append(time.perf_counter() - t0)
        assert r.returncode == 0 and '"id_number"' in r.stdout, r.stderr[-500:]
    return times


def run(quick: bool = False) -> list[Figure]:
    exe = BUNDLE / "chudan"
    if not exe.exists():
        return [
            Figure(
                "bundle",
                "size unpacked",
                None,
                "MB",
                "≤ 300 MB",
                False,
                f"no bundle at {BUNDLE}: run `make installer` first",
            )
        ]
    total = _size(BUNDLE)
    figures = [
        Figure(
            "bundle",
            "size unpacked (release, dist/chudan)",
            round(total / MB, 1),
            "MB",
            "≤ 300 MB",
            total <= 300 * MB,
            f"{sum(1 for _ in BUNDLE.rglob('*'))} files",
        )
    ]
    for name, size in parts(BUNDLE)[:10]:
        figures.append(Figure("bundle", f"part: {name}", round(size / MB, 1), "MB"))
    runs = 3 if quick else 5
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        starts = _cold_start(exe, home, runs)
        figures.append(
            Figure(
                "bundle",
                "frozen cold start to the log-in window (median)",
                statistics.median(starts),
                "s",
                "≤ 1.5 s",
                statistics.median(starts) <= 1.5,
                f"{runs} fresh processes, offscreen Qt, from exec to the dialog painted",
            )
        )
        sys.path.insert(0, str(ROOT))
        from app.training.specimens import make

        image = Path(tmp) / "id-front.jpg"
        make("id-front", 4242).image.save(image, "JPEG", quality=92)
        frozen = statistics.median(
            _ocr_times([*_frozen_env(home), str(exe)], image, runs, Path(tmp))
        )
        venv_env = [
            "env",
            f"CHUDAN_HOME={home}",
            f"PYTHONPATH={ROOT}",
            sys.executable,
            "-m",
            "cli.launcher",
        ]
        venv = statistics.median(_ocr_times(venv_env, image, runs, ROOT))
        figures.append(
            Figure(
                "bundle",
                "frozen `chudan ocr` of an ID card front (median, engine load included)",
                frozen,
                "s",
                "same order as the venv",
                frozen <= 2 * venv,
                f"the same command from the venv: {venv:.2f} s",
            )
        )
    return figures
