"""OCR figures: on generated documents of each kind, clean and degraded, the share of fields
read exactly; for ID numbers, VINs and USCCs each (never pooled) the share exactly right, right
or flagged, and the count wrong and unflagged; time per image (warm), the ID card front's
median clean, degraded and pooled, and model load; peak memory of a process that only reads;
and the ID card front side by side with PaddleOCR's own pipeline (in .venv-paddle, built here
when missing, PaddleOCR pinned to the measured 3.7). N = 200 per kind and variant (10 with
--quick)."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import Figure

REPO = Path(__file__).resolve().parent.parent
PADDLE_VENV = REPO / ".venv-paddle"
OUT = REPO / "benchmarks" / "out" / "ocr"


# The version the OCR figures were measured with (≈ 210–260 ms warm per card with the onnxruntime
# engine); a newer PaddleOCR would make the side-by-side figure a different comparison.
PADDLEOCR_PIN = "paddleocr~=3.7.0"
PADDLEOCR_SERIES = "3.7."


def _paddle_python() -> tuple[Path | None, str]:
    """The .venv-paddle interpreter with the pinned PaddleOCR, building or updating the
    environment when needed; or why not."""
    python = PADDLE_VENV / "bin" / "python"
    probe_code = (
        "import importlib.metadata as m, onnxruntime, paddleocr; print(m.version('paddleocr'))"
    )
    try:
        if not python.exists():
            subprocess.run(
                [sys.executable, "-m", "venv", "--clear", str(PADDLE_VENV)],
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            )
        probe = subprocess.run(
            [str(python), "-c", probe_code], capture_output=True, text=True, timeout=120
        )
        if probe.returncode != 0 or not probe.stdout.strip().startswith(PADDLEOCR_SERIES):
            subprocess.run(
                [str(python), "-m", "pip", "install", "-q", PADDLEOCR_PIN, "onnxruntime"],
                check=True,
                capture_output=True,
                text=True,
                timeout=1800,
            )
            probe = subprocess.run(
                [str(python), "-c", probe_code], capture_output=True, text=True, timeout=120
            )
    except subprocess.CalledProcessError as exc:
        return None, f"building .venv-paddle failed: {(exc.stderr or '').strip().splitlines()[-1:]}"
    except subprocess.TimeoutExpired:
        return None, "building .venv-paddle took over 30 min (no network?)"
    if probe.returncode != 0:
        return (
            None,
            f".venv-paddle cannot import paddleocr: {probe.stderr.strip().splitlines()[-1:]}",
        )
    return python, ""


def _paddle_times(images: list[Path]) -> tuple[list[float] | None, float, str]:
    python, why = _paddle_python()
    if python is None:
        return None, 0.0, why
    import rapidocr

    models = Path(rapidocr.__file__).parent / "models"
    r = subprocess.run(
        [
            str(python),
            str(REPO / "benchmarks" / "paddle_side_by_side.py"),
            str(OUT / "paddle-models"),
            str(models),
            *map(str, images),
        ],
        capture_output=True,
        text=True,
        timeout=3600,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(OUT / "paddle-home"),
            "ORT_DISABLE_TELEMETRY": "1",
        },
    )
    if r.returncode != 0:
        return None, 0.0, f"PaddleOCR run failed: {r.stderr.strip().splitlines()[-1:]}"
    data = json.loads(r.stdout.strip().splitlines()[-1])
    return data["times_ms"], data["load_ms"], ""


def _side_by_side(svc, images: list[Path], chunk: int) -> list[Figure]:
    """Ours and PaddleOCR's pipeline on the same images, alternating in chunks so that the load
    from everything else on this shared machine falls on both alike."""
    ours: list[float] = []
    theirs: list[float] = []
    loads: list[float] = []
    why = ""
    for start in range(0, len(images), chunk):
        part = images[start : start + chunk]
        ours += [svc.read(p).elapsed_ms for p in part]
        times, load_ms, why = _paddle_times(part)
        if times is None:
            break
        theirs += times
        loads.append(load_ms)
    mine = statistics.median(ours)
    if not theirs or why:
        return [
            Figure(
                "ocr",
                "ID card front, clean (median), Chudan reader",
                mine,
                "ms",
                "≤ 0.8 × PaddleOCR",
                None,
                f"PaddleOCR side by side not run: {why}",
            )
        ]
    other = statistics.median(theirs)
    return [
        Figure(
            "ocr",
            "ID card front, clean (median), PaddleOCR 3.x own pipeline",
            other,
            "ms",
            "",
            None,
            f"same {len(theirs)} images, same ONNX models, onnxruntime engine; load+warm-up "
            f"{statistics.median(loads):.0f} ms",
        ),
        Figure(
            "ocr",
            "ID card front, clean (median), Chudan reader",
            mine,
            "ms",
            "≤ 0.8 × PaddleOCR",
            mine <= 0.8 * other,
            f"ratio {mine / other:.2f}, alternating in chunks of {chunk}",
        ),
    ]


APP_PADDLE = r"""
import json, sys
from pathlib import Path
from app.ocr import OcrService
from app.ocr.settings import engine_from_settings
models = Path(sys.argv[1])
service = OcrService(engine_from_settings({"ocr.engine": "paddleocr", "ocr.paddle_det_dir": str(models / "det"),
                                           "ocr.paddle_rec_dir": str(models / "rec")}))
service.warm_up()
truth = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
right = total = 0
for name, t in truth.items():
    fields = service.read(Path(sys.argv[2]).parent / name, t["kind"]).to_json()["fields"]
    for key, value in t["fields"].items():
        total += 1
        right += fields.get(key, {}).get("value") == value
print(json.dumps({"right": right, "total": total}))
"""


def _app_paddle_backend() -> Figure:
    """The app's own PaddleOCR backend (Settings → OCR → PaddleOCR) reading the committed specimens
    in the PaddleOCR environment, with the model folders the side-by-side run prepared."""
    python, why = _paddle_python()
    models = OUT / "paddle-models"
    if python is None or not (models / "rec" / "inference.yml").exists():
        return Figure(
            "ocr",
            "Chudan's PaddleOCR backend, committed specimens: fields exactly right",
            None,
            "%",
            "",
            None,
            f"not run: {why or 'no prepared model folders (the side-by-side run makes them)'}",
        )
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pure = [
        line
        for line in lock
        if line.lower().split("==")[0] in ("python-stdnum", "vininfo", "opencc")
    ]
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", *pure],
        check=True,
        capture_output=True,
        timeout=600,
    )
    truth = REPO / "tests" / "fixtures" / "specimens" / "images" / "truth.json"
    r = subprocess.run(
        [str(python), "-c", APP_PADDLE, str(models), str(truth)],
        capture_output=True,
        text=True,
        timeout=1800,
        cwd=REPO,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(OUT / "paddle-home"),
            "PYTHONPATH": str(REPO),
            "ORT_DISABLE_TELEMETRY": "1",
        },
    )
    if r.returncode != 0:
        return Figure(
            "ocr",
            "Chudan's PaddleOCR backend, committed specimens: fields exactly right",
            None,
            "%",
            "",
            None,
            f"failed: {r.stderr.strip().splitlines()[-1:]}",
        )
    data = json.loads(r.stdout.strip().splitlines()[-1])
    share = 100 * data["right"] / data["total"]
    return Figure(
        "ocr",
        "Chudan's PaddleOCR backend, committed specimens: fields exactly right",
        share,
        "%",
        "",
        None,
        f"{data['right']} of {data['total']} fields; the app's engine class in .venv-paddle",
    )


def _specimens(n: int, degraded: bool) -> tuple[Path, dict]:
    """N specimens of each kind, written by the generator in its own process (so that the peak
    memory measured here is the reader's alone) and kept for the next run."""
    folder = OUT / f"{'degraded' if degraded else 'clean'}-{n}"
    truth_file = folder / "truth.json"
    if not truth_file.exists():
        cmd = [
            sys.executable,
            "-m",
            "app.training.specimens",
            str(folder),
            "--count",
            str(n),
            "--start",
            "10000",
        ] + (["--degraded"] if degraded else [])
        subprocess.run(cmd, check=True, cwd=REPO, timeout=3600)
    return folder, json.loads(truth_file.read_text(encoding="utf-8"))


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


NUMBERS = {"id_number": "ID numbers", "vin": "VINs", "uscc": "USCCs"}


def _number_figures(label: str, tally: dict[str, list[int]]) -> list[Figure]:
    """Per kind of number (never pooled): exactly right; right or flagged; wrong and unflagged."""
    figures = []
    for field_name, (exact, right_or_flagged, wrong_unflagged, total) in tally.items():
        what = NUMBERS[field_name]
        share_exact, share_ok = 100 * exact / total, 100 * right_or_flagged / total
        target = field_name != "uscc"  # USCCs: reported, no target
        figures += [
            Figure(
                "ocr",
                f"{what} exactly right, {label}",
                share_exact,
                "%",
                "",
                None,
                f"{exact} of {total}",
            ),
            Figure(
                "ocr",
                f"{what} right or flagged, {label}",
                share_ok,
                "%",
                at_least=99.5 if target else None,
                note=f"{right_or_flagged} of {total}",
            ),
            Figure(
                "ocr",
                f"{what} wrong and unflagged, {label}",
                wrong_unflagged,
                "",
                at_most=0 if target else None,
                note=f"of {total}",
            ),
        ]
    return figures


def _read_and_measure(n: int, quick: bool) -> tuple[list[Figure], float]:
    """Everything that reads with the app's engine, run in a spawned child (`run` below) whose
    only work is this: its ru_maxrss is then the reader's peak, not that of the benchmarks run
    before in the same `make bench` process. PaddleOCR runs in its own processes (not counted)."""
    sets = {degraded: _specimens(n, degraded) for degraded in (False, True)}

    from app.ocr import OcrService

    t0 = time.perf_counter()
    svc = OcrService()
    svc.warm_up()
    load_s = time.perf_counter() - t0
    figures = [
        Figure("ocr", "OCR model load (rapidocr, PP-OCRv6 small det+rec)", load_s * 1000, "ms")
    ]
    id_front_times: dict[str, list[float]] = {}
    id_front_images: list[Path] = []
    for degraded in (False, True):
        label = "degraded" if degraded else "clean"
        folder, truths = sets[degraded]
        right = total = 0
        tally: dict[
            str, list[int]
        ] = {}  # field: [exact, right or flagged, wrong and unflagged, total]
        times = []
        per_kind: dict[str, list[int]] = {}
        for name, truth in truths.items():
            kind = truth["kind"]
            result = svc.read(folder / name)
            times.append(result.elapsed_ms)
            if kind == "id-front":
                id_front_times.setdefault(label, []).append(result.elapsed_ms)
                if not degraded:
                    id_front_images.append(folder / name)
            counts = per_kind.setdefault(kind, [0, 0])
            for field_name, value in truth["fields"].items():
                got = result.fields.get(field_name)
                total += 1
                counts[1] += 1
                ok = bool(got and got.value == value)
                right += ok
                counts[0] += ok
                if field_name in NUMBERS:
                    t = tally.setdefault(field_name, [0, 0, 0, 0])
                    t[0] += ok
                    flagged = bool(got and got.needs_review)
                    t[1] += ok or flagged
                    t[2] += not ok and not flagged
                    t[3] += 1
        share = 100 * right / total
        target = 99 if not degraded else 95
        kinds_note = ", ".join(f"{k} {100 * r / t:.1f}%" for k, (r, t) in per_kind.items())
        figures += [
            Figure(
                "ocr",
                f"fields exactly right, {label} ({n} per kind)",
                share,
                "%",
                at_least=target,
                note=f"{total - right} of {total} wrong or empty; {kinds_note}",
            ),
            *_number_figures(label, tally),
            Figure("ocr", f"time per image, {label} (median)", statistics.median(times), "ms"),
            Figure("ocr", f"time per image, {label} (p95)", _p95(times), "ms"),
        ]
    both = id_front_times.get("clean", []) + id_front_times.get("degraded", [])
    figures += [
        Figure(
            "ocr",
            f"ID card front, {label} (median)",
            statistics.median(times),
            "ms",
            "",
            None,
            f"{len(times)} cards",
        )
        for label, times in id_front_times.items()
    ]
    figures += [
        Figure(
            "ocr",
            "ID card front, clean and degraded (median)",
            statistics.median(both),
            "ms",
            "",
            None,
            f"{len(both)} cards",
        ),
        Figure(
            "ocr",
            "ID card front, clean and degraded (p95)",
            _p95(both),
            "ms",
            "",
            None,
            f"{len(both)} cards",
        ),
    ]
    figures += _side_by_side(svc, id_front_images, 10 if quick else 20)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures, peak_mb


def run(quick: bool = False, n: int | None = None) -> list[Figure]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    n = n or (10 if quick else 200)  # n: a medium run, called directly
    load_at_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    # Both sets are made before the engine loads, two generators at once on the two cores.
    pending = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.training.specimens",
                str(OUT / f"{label}-{n}"),
                "--count",
                str(n),
                "--start",
                "10000",
                *extra,
            ],
            cwd=REPO,
        )
        for label, extra in (("clean", []), ("degraded", ["--degraded"]))
        if not (OUT / f"{label}-{n}" / "truth.json").exists()
    ]
    for proc in pending:
        proc.wait(timeout=3600)
    # spawn, not fork: a forked child starts with this process's peak already in its ru_maxrss.
    with ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        figures, peak_mb = pool.submit(_read_and_measure, n, quick).result()
    figures.append(_app_paddle_backend())
    figures.append(
        Figure(
            "ocr",
            "peak memory while reading (RSS of a process that only reads)",
            peak_mb,
            "MB",
            at_most=400,
            note="a spawned child: engine loaded, all images above read; generation and PaddleOCR ran in "
            "other processes",
        )
    )
    one, five, fifteen = os.getloadavg()
    figures.append(
        Figure(
            "ocr",
            "machine load average at the end (1 min)",
            one,
            "",
            "",
            None,
            f"5 min {five:.2f}, 15 min {fifteen:.2f}; at the start {load_at_start}",
        )
    )
    return figures
