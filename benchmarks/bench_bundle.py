"""The frozen release bundle (dist/chudan, `make installer`): its size unpacked and its ten
largest parts, cold start to the log-in window, and `chudan ocr` of an ID card front, frozen and
from the venv (the same command, engine load included).

The times go through the same calibration as every benchmark (`Figure.judge`): the cold start is
judged scaled against 1.5 s; the OCR is judged as the ratio of the frozen time to the venv's,
both taken here, so it is not scaled. Without a bundle, or when the frozen program fails, each row
says why and counts as not measured (exit 2), not as a miss."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import ChildFailed, Figure, LineReader, child_env, not_measured, run_child

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = Path(os.environ.get("CHUDAN_BUNDLE", ROOT / "dist" / "chudan"))
MB = 1024 * 1024
LIMIT_S = 120  # a start or an OCR run this long has failed, however busy the machine
SIZE_MB = 300
COLD_START_S = 1.5
# "Same order as in the venv": the frozen OCR may take at most twice the venv's time.
OCR_RATIO = 2.0

SIZE = "size unpacked (release, dist/chudan)"
COLD = "frozen cold start to the log-in window (fresh process, median)"
OCR = "frozen `chudan ocr` of an ID card front (median, engine load included)"
OCR_VS_VENV = "frozen OCR ÷ the same command from the venv"


def _size(path: Path) -> int:
    """Bytes on disk as unpacked; PyInstaller's symlinks to libraries are not counted twice."""
    if path.is_symlink():
        return 0
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def parts(bundle: Path) -> list[tuple[str, int]]:
    """Top-level entries of the bundle and of its _internal folder, largest first; Qt's folder
    (PySide6/Qt) is split into its lib, plugins and translations, where most of the bytes are."""
    entries = [p for p in bundle.iterdir() if p.name != "_internal"]
    internal = bundle / "_internal"
    if internal.is_dir():
        for p in internal.iterdir():
            qt = p / "Qt"
            if p.name == "PySide6" and qt.is_dir():
                entries += [c for c in p.iterdir() if c.name != "Qt"] + list(qt.iterdir())
            else:
                entries.append(p)
    sized = [(str(p.relative_to(bundle)), _size(p)) for p in entries if not p.is_symlink()]
    return sorted(sized, key=lambda item: item[1], reverse=True)


def _frozen_env(home: Path, **extra: str) -> list[str]:
    """An empty environment, as installer-check runs the bundle: nothing of the venv leaks in."""
    return ["env", "-i", f"CHUDAN_HOME={home}", *(f"{k}={v}" for k, v in extra.items())]


def _cold_start(exe: Path, home: Path) -> float:
    """One fresh frozen process to the log-in dialog painted (exit not counted)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [*_frozen_env(home, QT_QPA_PLATFORM="offscreen", CHUDAN_STARTUP_PROBE="1"), str(exe)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stderr is not None
    out, err = LineReader(proc.stdout), LineReader(proc.stderr)
    try:
        shown = out.next_line(LIMIT_S)  # printed once the dialog is painted
        shown_at = time.perf_counter() - t0
        if not (shown or "").startswith("login-shown"):
            proc.kill()
            proc.wait(timeout=LIMIT_S)
            err.wait_for(lambda _: False, 2)
            raise ChildFailed(
                f"the frozen window did not reach the log-in dialog within {LIMIT_S} s "
                f"(exit {proc.returncode}): {err.tail(3) or 'no stderr'}"
            )
        proc.wait(timeout=LIMIT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return shown_at


def _ocr_time(cmd: list[str], image: Path, cwd: Path, env: dict[str, str] | None) -> float:
    t0 = time.perf_counter()
    out = run_child(
        [*cmd, "ocr", "--json", str(image)], what="chudan ocr", cwd=cwd, env=env, timeout_s=LIMIT_S
    )
    seconds = time.perf_counter() - t0
    if '"id_number"' not in out:
        raise ChildFailed("`chudan ocr` of the ID card front printed no id_number")
    return seconds


def _missing(why: str) -> list[Figure]:
    return [
        not_measured("bundle", SIZE, "MB", why, at_most=SIZE_MB),
        not_measured("bundle", COLD, "s", why, at_most=COLD_START_S),
        not_measured("bundle", OCR_VS_VENV, "×", why, at_most=OCR_RATIO),
    ]


def run(quick: bool = False) -> list[Figure]:
    exe = BUNDLE / "chudan"
    if not exe.exists():
        return _missing(f"no bundle at {BUNDLE}: run `make installer` first")
    total = _size(BUNDLE)
    figures = [
        Figure(
            "bundle",
            SIZE,
            round(total / MB, 1),
            "MB",
            at_most=SIZE_MB,
            note=f"{sum(1 for _ in BUNDLE.rglob('*'))} files",
        )
    ]
    for name, size in parts(BUNDLE)[:10]:
        figures.append(Figure("bundle", f"part: {name}", round(size / MB, 1), "MB"))
    runs = 5 if quick else 11
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        try:
            run_child(
                [*_frozen_env(home), str(exe), "user", "add", "admin", "--role", "admin"]
                + ["--password-stdin"],
                what="creating the frozen desk's store",
                input="admin-pass-1\n",
                timeout_s=LIMIT_S,
            )
            _cold_start(exe, home)  # the first start reads the bundle into the page cache
            starts = [_cold_start(exe, home) for _ in range(runs)]
            figures.append(
                Figure(
                    "bundle",
                    COLD,
                    statistics.median(starts),
                    "s",
                    at_most=COLD_START_S,
                    note=f"offscreen Qt, `env -i`, exec to the dialog painted; "
                    f"{min(starts):.2f}–{max(starts):.2f} s over {runs} starts",
                )
            )
        except ChildFailed as exc:
            figures.append(not_measured("bundle", COLD, "s", str(exc), at_most=COLD_START_S))

        sys.path.insert(0, str(ROOT))
        from app.training.specimens import make

        image = Path(tmp) / "id-front.jpg"
        make("id-front", 4242).image.save(image, "JPEG", quality=92)
        ocr_runs = 3 if quick else 5
        try:
            frozen = statistics.median(
                _ocr_time([*_frozen_env(home), str(exe)], image, Path(tmp), None)
                for _ in range(ocr_runs)
            )
            venv_env = child_env(CHUDAN_HOME=str(home))
            venv = statistics.median(
                _ocr_time([sys.executable, "-m", "cli.launcher"], image, ROOT, venv_env)
                for _ in range(ocr_runs)
            )
        except ChildFailed as exc:
            figures.append(not_measured("bundle", OCR_VS_VENV, "×", str(exc), at_most=OCR_RATIO))
        else:
            figures += [
                Figure("bundle", OCR, frozen, "s", note=f"median of {ocr_runs}"),
                Figure(
                    "bundle",
                    OCR_VS_VENV,
                    round(frozen / venv, 2),
                    "×",
                    at_most=OCR_RATIO,
                    note=f"from the venv {venv:.2f} s (median of {ocr_runs}); "
                    "both taken here, so not scaled",
                ),
            ]
    return figures
