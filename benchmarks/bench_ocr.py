"""Issue 4 figures: on generated documents of each kind, clean and degraded, the share of fields
read exactly, ID numbers and VINs exactly right or flagged (never wrong and unflagged), time per
image (warm) and model load, and peak memory. N = 200 per kind and variant (10 with --quick)."""

from __future__ import annotations

import os
import resource
import statistics
import time

from benchmarks import Figure


def run(quick: bool = False) -> list[Figure]:
    from app.ocr import OcrService
    from tests.fixtures.specimens.generate import MAKERS, make

    n = 10 if quick else 200
    t0 = time.perf_counter()
    svc = OcrService()
    svc.warm_up()
    load_s = time.perf_counter() - t0
    figures = [Figure(4, "OCR model load (rapidocr, PP-OCRv6 small det+rec)", load_s * 1000, "ms")]
    id_front_times: list[float] = []
    for degraded in (False, True):
        label = "degraded" if degraded else "clean"
        right = total = 0
        numbers_ok = numbers = wrong_unflagged = 0
        times = []
        for kind in MAKERS:
            for i in range(n):
                spec = make(kind, 10_000 + i, degraded=degraded)
                import io

                buf = io.BytesIO()
                spec.image.save(buf, "JPEG", quality=92)
                result = svc.read(buf.getvalue())
                times.append(result.elapsed_ms)
                if kind == "id-front" and not degraded:
                    id_front_times.append(result.elapsed_ms)
                for name, truth in spec.fields.items():
                    got = result.fields.get(name)
                    total += 1
                    right += bool(got and got.value == truth)
                    if name in ("id_number", "vin"):
                        numbers += 1
                        if got and (got.value == truth or got.needs_review):
                            numbers_ok += 1
                        else:
                            wrong_unflagged += 1
        share = 100 * right / total
        target = 99 if not degraded else 95
        figures += [
            Figure(4, f"fields exactly right, {label} ({n} per kind)", share, "%", f"≥ {target}%", share >= target),
            Figure(4, f"ID numbers and VINs right or flagged, {label}", 100 * numbers_ok / numbers, "%", "≥ 99.5%",
                   100 * numbers_ok / numbers >= 99.5, f"{wrong_unflagged} wrong and unflagged"),
            Figure(4, f"time per image, {label} (median)", statistics.median(times), "ms"),
            Figure(4, f"time per image, {label} (p95)", sorted(times)[int(len(times) * 0.95) - 1], "ms"),
        ]
    figures.append(Figure(4, "ID card front, clean (median)", statistics.median(id_front_times), "ms",
                          "≤ 0.8 × PaddleOCR pipeline", None,
                          "PaddleOCR side-by-side not run: .venv-paddle is not built by this benchmark yet"))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures.append(Figure(4, "peak memory of the benchmark process (OCR loaded)", peak_mb, "MB", "≤ 400 MB",
                          peak_mb <= 400, f"pid {os.getpid()}"))
    return figures
