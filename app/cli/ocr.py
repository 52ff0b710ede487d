"""`chudan ocr IMAGE... [--kind id-front|id-back|vehicle-licence|auto] [--json]`: one image prints
one JSON object, several print an array in the same order; the engine loads once."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from app.cli.common import add_json_flag
from app.cli.output import print_json


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ocr", help="read ID cards and vehicle licences from images (offline)")
    p.add_argument("images", nargs="+", type=Path)
    p.add_argument("--kind", default="auto", choices=["auto", "id-front", "id-back", "vehicle-licence"])
    add_json_flag(p)
    p.set_defaults(func=_ocr)


def _ocr(args: argparse.Namespace) -> int:
    from app.errors import ChudanError
    from app.ocr import OcrService

    t0 = time.perf_counter()
    service = OcrService()
    service.warm_up()
    load_ms = (time.perf_counter() - t0) * 1000
    results, failed = [], False
    for path in args.images:
        try:
            r = service.read(path, args.kind).to_json()
            r["source"] = str(path)
            failed |= r["kind"] == "unknown"
        except ChudanError as exc:
            r = {"kind": "error", "source": str(path), "fields": {}, "warnings": [], "error": str(exc),
                 "error_zh": exc.zh, "elapsed_ms": 0}
            failed = True
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
