"""Run inside .venv-paddle by bench_ocr: PaddleOCR 3.x's own pipeline (ONNX Runtime engine, the
same PP-OCR model files as rapidocr's, no orientation or unwarping models) on the given images;
prints JSON with the model load time and the warm time per image. Never downloads.

    .venv-paddle/bin/python benchmarks/paddle_side_by_side.py MODELS_DIR RAPIDOCR_MODELS IMAGE...

PaddleX wants a folder per model with inference.onnx and inference.yml; the folders are made
once from rapidocr's ONNX files, the yml from PaddleX's own per-model metadata plus the
character list the recognition model carries in its ONNX metadata.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def prepare(models: Path, source: Path) -> None:
    import shutil

    import onnxruntime as ort
    import yaml
    from paddlex.modules.base.utils.pdparams2safetensors.inference_meta import build_inference_meta

    for sub, name, onnx in (
        ("det", "PP-OCRv6_small_det", "PP-OCRv6_det_small.onnx"),
        ("rec", "PP-OCRv6_small_rec", "PP-OCRv6_rec_small.onnx"),
    ):
        folder = models / sub
        if (folder / "inference.yml").exists():
            continue
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / onnx, folder / "inference.onnx")
        meta = {"Global": {"model_name": name}, **build_inference_meta(name)}
        if sub == "rec":
            chars = (
                ort.InferenceSession(str(source / onnx), providers=["CPUExecutionProvider"])
                .get_modelmeta()
                .custom_metadata_map["character"]
                .splitlines()
            )
            meta.setdefault("PostProcess", {})["character_dict"] = chars
        (folder / "inference.yml").write_text(
            yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8"
        )


def main(argv: list[str]) -> int:
    models = Path(argv[0])
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # forced: an inherited 0 would turn telemetry on
    os.environ.setdefault("PADDLE_PDX_CACHE_HOME", str(models / ".cache"))
    os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
    prepare(models, Path(argv[1]))
    import cv2
    from paddleocr import PaddleOCR

    t0 = time.perf_counter()
    ocr = PaddleOCR(
        text_detection_model_dir=str(models / "det"),
        text_detection_model_name="PP-OCRv6_small_det",
        text_recognition_model_dir=str(models / "rec"),
        text_recognition_model_name="PP-OCRv6_small_rec",
        use_doc_orientation_classify=False,
        use_doc_unwarping=False,
        use_textline_orientation=False,
        engine="onnxruntime",
    )
    images = [cv2.imread(p) for p in argv[2:]]
    list(ocr.predict(images[0]))  # warm-up, as the app warms up after log-in
    load_ms = (time.perf_counter() - t0) * 1000
    times, texts = [], []
    for img in images:
        t = time.perf_counter()
        pages = list(ocr.predict(img))
        times.append((time.perf_counter() - t) * 1000)
        texts.append("".join(pages[0]["rec_texts"]) if pages else "")
    print(json.dumps({"load_ms": load_ms, "times_ms": times, "texts": texts}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
