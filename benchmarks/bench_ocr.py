"""Issue 4 figures: on generated documents of each kind, clean and degraded, the share of fields
read exactly, ID numbers and VINs exactly right or flagged (never wrong and unflagged), time per
image (warm) and model load, peak memory, and the ID card front side by side with PaddleOCR's
own pipeline (in .venv-paddle, built here when missing). N = 200 per kind and variant (10 with
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


def _paddle_python() -> tuple[Path | None, str]:
    """The .venv-paddle interpreter, building the environment when it is missing; or why not."""
    python = PADDLE_VENV / "bin" / "python"
    if not python.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(PADDLE_VENV)], check=True,
                           capture_output=True, text=True, timeout=300)
            subprocess.run([str(python), "-m", "pip", "install", "-q", "paddleocr", "onnxruntime"], check=True,
                           capture_output=True, text=True, timeout=1800)
        except subprocess.CalledProcessError as exc:
            return None, f"building .venv-paddle failed: {(exc.stderr or '').strip().splitlines()[-1:]}"
        except subprocess.TimeoutExpired:
            return None, "building .venv-paddle took over 30 min (no network?)"
    probe = subprocess.run([str(python), "-c", "import paddleocr, onnxruntime"], capture_output=True, text=True)
    if probe.returncode != 0:
        return None, f".venv-paddle cannot import paddleocr: {probe.stderr.strip().splitlines()[-1:]}"
    return python, ""


def _paddle_times(images: list[Path]) -> tuple[list[float] | None, float, str]:
    python, why = _paddle_python()
    if python is None:
        return None, 0.0, why
    import rapidocr

    models = Path(rapidocr.__file__).parent / "models"
    r = subprocess.run([str(python), str(REPO / "benchmarks" / "paddle_side_by_side.py"), str(OUT / "paddle-models"),
                        str(models), *map(str, images)], capture_output=True, text=True, timeout=3600,
                       env={"PATH": "/usr/bin:/bin", "HOME": str(OUT / "paddle-home"), "ORT_DISABLE_TELEMETRY": "1"})
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
        part = images[start:start + chunk]
        ours += [svc.read(p).elapsed_ms for p in part]
        times, load_ms, why = _paddle_times(part)
        if times is None:
            break
        theirs += times
        loads.append(load_ms)
    mine = statistics.median(ours)
    if not theirs or why:
        return [Figure(4, "ID card front, clean (median), Chudan reader", mine, "ms", "≤ 0.8 × PaddleOCR", None,
                       f"PaddleOCR side by side not run: {why}")]
    other = statistics.median(theirs)
    return [
        Figure(4, "ID card front, clean (median), PaddleOCR 3.x own pipeline", other, "ms", "", None,
               f"same {len(theirs)} images, same ONNX models, onnxruntime engine; load+warm-up "
               f"{statistics.median(loads):.0f} ms"),
        Figure(4, "ID card front, clean (median), Chudan reader", mine, "ms", "≤ 0.8 × PaddleOCR",
               mine <= 0.8 * other, f"ratio {mine / other:.2f}, alternating in chunks of {chunk}"),
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
        return Figure(4, "Chudan's PaddleOCR backend, committed specimens: fields exactly right", None, "%", "", None,
                      f"not run: {why or 'no prepared model folders (the side-by-side run makes them)'}")
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pure = [line for line in lock if line.lower().split("==")[0] in ("python-stdnum", "vininfo", "zhconv")]
    subprocess.run([str(python), "-m", "pip", "install", "-q", *pure], check=True, capture_output=True, timeout=600)
    truth = REPO / "tests" / "fixtures" / "specimens" / "images" / "truth.json"
    r = subprocess.run([str(python), "-c", APP_PADDLE, str(models), str(truth)], capture_output=True, text=True,
                       timeout=1800, cwd=REPO, env={"PATH": "/usr/bin:/bin", "HOME": str(OUT / "paddle-home"),
                                                    "PYTHONPATH": str(REPO), "ORT_DISABLE_TELEMETRY": "1"})
    if r.returncode != 0:
        return Figure(4, "Chudan's PaddleOCR backend, committed specimens: fields exactly right", None, "%", "", None,
                      f"failed: {r.stderr.strip().splitlines()[-1:]}")
    data = json.loads(r.stdout.strip().splitlines()[-1])
    share = 100 * data["right"] / data["total"]
    return Figure(4, "Chudan's PaddleOCR backend, committed specimens: fields exactly right", share, "%", "", None,
                  f"{data['right']} of {data['total']} fields; the app's engine class in .venv-paddle")


def _specimens(n: int, degraded: bool) -> tuple[Path, dict]:
    """N specimens of each kind, written by the generator in its own process (so that the peak
    memory measured here is the reader's alone) and kept for the next run."""
    folder = OUT / f"{'degraded' if degraded else 'clean'}-{n}"
    truth_file = folder / "truth.json"
    if not truth_file.exists():
        cmd = [sys.executable, "-m", "tests.fixtures.specimens.generate", str(folder), "--count", str(n),
               "--start", "10000"] + (["--degraded"] if degraded else [])
        subprocess.run(cmd, check=True, cwd=REPO, timeout=3600)
    return folder, json.loads(truth_file.read_text(encoding="utf-8"))


def run(quick: bool = False, n: int | None = None) -> list[Figure]:
    n = n or (10 if quick else 200)  # n: a medium run, called directly
    load_at_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    # Both sets are made before the engine loads, two generators at once on the two cores.
    pending = [subprocess.Popen([sys.executable, "-m", "tests.fixtures.specimens.generate",
                                 str(OUT / f"{label}-{n}"), "--count", str(n), "--start", "10000", *extra], cwd=REPO)
               for label, extra in (("clean", []), ("degraded", ["--degraded"]))
               if not (OUT / f"{label}-{n}" / "truth.json").exists()]
    for proc in pending:
        proc.wait(timeout=3600)
    sets = {degraded: _specimens(n, degraded) for degraded in (False, True)}

    from app.ocr import OcrService

    t0 = time.perf_counter()
    svc = OcrService()
    svc.warm_up()
    load_s = time.perf_counter() - t0
    figures = [Figure(4, "OCR model load (rapidocr, PP-OCRv6 small det+rec)", load_s * 1000, "ms")]
    id_front_times: list[float] = []
    id_front_images: list[Path] = []
    for degraded in (False, True):
        label = "degraded" if degraded else "clean"
        folder, truths = sets[degraded]
        right = total = 0
        numbers_ok = numbers = wrong_unflagged = 0
        times = []
        per_kind: dict[str, list[int]] = {}
        for name, truth in truths.items():
            kind = truth["kind"]
            result = svc.read(folder / name)
            times.append(result.elapsed_ms)
            if kind == "id-front" and not degraded:
                id_front_times.append(result.elapsed_ms)
                id_front_images.append(folder / name)
            counts = per_kind.setdefault(kind, [0, 0])
            for field_name, value in truth["fields"].items():
                got = result.fields.get(field_name)
                total += 1
                counts[1] += 1
                ok = bool(got and got.value == value)
                right += ok
                counts[0] += ok
                if field_name in ("id_number", "vin", "uscc"):
                    numbers += 1
                    if got and (got.value == value or got.needs_review):
                        numbers_ok += 1
                    else:
                        wrong_unflagged += 1
        share = 100 * right / total
        target = 99 if not degraded else 95
        kinds_note = ", ".join(f"{k} {100 * r / t:.1f}%" for k, (r, t) in per_kind.items())
        figures += [
            Figure(4, f"fields exactly right, {label} ({n} per kind)", share, "%", f"≥ {target}%", share >= target,
                   f"{total - right} of {total} wrong or empty; {kinds_note}"),
            Figure(4, f"ID numbers, VINs and USCCs right or flagged, {label}", 100 * numbers_ok / numbers, "%",
                   "≥ 99.5%", 100 * numbers_ok / numbers >= 99.5, f"{wrong_unflagged} wrong and unflagged"),
            Figure(4, f"time per image, {label} (median)", statistics.median(times), "ms"),
            Figure(4, f"time per image, {label} (p95)", sorted(times)[int(len(times) * 0.95) - 1], "ms"),
        ]
    # Peak memory of this process, which only reads (images were generated in other processes);
    # taken before PaddleOCR runs, which it does in another process anyway.
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures.append(Figure(4, "ID card front, clean (median, in the run above)", statistics.median(id_front_times),
                          "ms"))
    figures += _side_by_side(svc, id_front_images, 10 if quick else 20)
    figures.append(_app_paddle_backend())
    figures.append(Figure(4, "peak memory while reading (RSS of the reading process)", peak_mb, "MB", "≤ 400 MB",
                          peak_mb <= 400, "engine loaded, all images above read; generation ran in other processes"))
    one, five, fifteen = os.getloadavg()
    figures.append(Figure(4, "machine load average at the end (1 min)", one, "", "", None,
                          f"5 min {five:.2f}, 15 min {fifteen:.2f}; at the start {load_at_start}"))
    return figures
