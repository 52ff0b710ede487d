"""`chudan ocr IMAGE... [--kind KIND|auto] [--engine rapidocr|paddle --det-dir D --rec-dir R] [--json]`:
one image prints one JSON object, several print an array in the same order; the engine loads once.
When the engine cannot load, every image gets the same error (same shape) and stderr says why once."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from cli.common import add_json_flag
from cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ocr", help="read ID cards, vehicle licences and business licences from images (offline)"
    )
    p.add_argument("images", nargs="+", type=Path)
    # Kept literal (not imported from app.ocr) so that `chudan --help` does not load numpy.
    p.add_argument(
        "--kind",
        default="auto",
        choices=[
            "auto",
            "id-front",
            "id-back",
            "vehicle-licence",
            "vehicle-licence-back",
            "business-licence",
        ],
    )
    p.add_argument(
        "--engine",
        default="rapidocr",
        choices=["rapidocr", "paddle", "paddleocr"],
        help="paddle: PaddleOCR with local model folders (--det-dir, --rec-dir); never downloads",
    )
    p.add_argument("--det-dir", type=Path, help="PaddleOCR detection model folder")
    p.add_argument("--rec-dir", type=Path, help="PaddleOCR recognition model folder")
    add_json_flag(p)
    p.set_defaults(func=_ocr)


def _error(path: Path, exc) -> dict:
    return {
        "kind": "error",
        "source": str(path),
        "fields": {},
        "warnings": [],
        "error": str(exc),
        "error_zh": exc.zh,
        "elapsed_ms": 0,
    }


def _ocr(args: argparse.Namespace) -> int:
    from app.core.errors import ChudanError
    from app.ocr import OcrService
    from app.ocr.settings import (
        ENGINE_KEY,
        PADDLE_DET_DIR_KEY,
        PADDLE_REC_DIR_KEY,
        engine_from_settings,
    )
    from cli.output import fail

    t0 = time.perf_counter()
    settings = {
        ENGINE_KEY: args.engine,
        PADDLE_DET_DIR_KEY: args.det_dir or "",
        PADDLE_REC_DIR_KEY: args.rec_dir or "",
    }
    try:
        service = OcrService(engine_from_settings(settings))
        service.warm_up()
    except ChudanError as exc:
        # No image can be read: with --json the output keeps its shape (one object, or an array
        # with one error per image in order); the reason is said once on stderr either way.
        if args.json:
            errors = [_error(path, exc) for path in args.images]
            print_json(errors[0] if len(errors) == 1 else errors)
        return fail(str(exc))
    load_ms = (time.perf_counter() - t0) * 1000
    results, failed = [], False
    for path in args.images:
        try:
            r = service.read(path, args.kind).to_json()
            r["source"] = str(path)
            failed |= r["kind"] == "unknown"
        except ChudanError as exc:
            r = _error(path, exc)
            failed = True
            fail(str(exc))  # and the reason (which names the image) on stderr, one line each
        results.append(r)
    if args.json:
        print_json(results[0] if len(results) == 1 else results)
    else:
        print(f"engine loaded in {load_ms:.0f} ms")
        for r in results:
            print(f"{r['source']}: {r['kind']} ({r['elapsed_ms']} ms)")
            if "error" in r:
                print(f"  error: {r['error']}")
            for name, f in r["fields"].items():
                flag = "  ← check" if f["needs_review"] else ""
                print(f"  {name:<18} {f['value']}  ({f['confidence']:.2f}){flag}")
            for w in r["warnings"]:
                print(f"  warning: {w}")
    return 1 if failed else 0
