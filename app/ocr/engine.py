"""The OCR engine behind a small interface: `read(image) -> list[TextBox]`.

Default: PaddleOCR's PP-OCR models on ONNX Runtime through `rapidocr`, whose wheel carries the
model files; the paths are given explicitly so nothing is ever downloaded. Optional: PaddleOCR
itself (`pip install .[paddle]`, in its own environment because it pulls a different OpenCV),
with model folders configured in Settings.

onnxruntime phones home unless ORT_DISABLE_TELEMETRY is set before it is imported, so this
module (the one place that imports an engine) sets it first."""

from __future__ import annotations

import os

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

import threading  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Protocol  # noqa: E402

import numpy as np  # noqa: E402

from app.errors import ChudanError  # noqa: E402


class OcrUnavailable(ChudanError):
    """The engine cannot run; the message says what to install or configure."""


@dataclass(frozen=True)
class TextBox:
    points: tuple[tuple[float, float], ...]  # four corners, clockwise from top-left
    text: str
    score: float

    @property
    def x0(self) -> float:
        return min(p[0] for p in self.points)

    @property
    def x1(self) -> float:
        return max(p[0] for p in self.points)

    @property
    def y0(self) -> float:
        return min(p[1] for p in self.points)

    @property
    def y1(self) -> float:
        return max(p[1] for p in self.points)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def width(self) -> float:
        return self.x1 - self.x0


class OcrEngine(Protocol):
    name: str

    def read(self, bgr: np.ndarray) -> list[TextBox]: ...


def _to_simplified(text: str) -> str:
    """PP-OCR's recogniser sometimes answers in traditional characters (強 for 强); mainland
    documents are printed in simplified ones. Script conversion only, no vocabulary changes."""
    import zhconv

    return zhconv.convert(text, "zh-hans")


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self, threads: int = 0) -> None:
        self._engine = None
        self._lock = threading.Lock()
        self._threads = threads or min(4, os.cpu_count() or 2)

    def _load(self):
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    try:
                        import rapidocr
                        from rapidocr import RapidOCR
                    except ImportError as exc:
                        raise OcrUnavailable("The OCR engine (rapidocr) is not installed; run `make run` to set up.",
                                             zh="未安装 OCR 引擎（rapidocr），请重新安装。") from exc
                models = Path(rapidocr.__file__).parent / "models"
                det, rec, cls = (models / "PP-OCRv6_det_small.onnx", models / "PP-OCRv6_rec_small.onnx",
                                 models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx")
                missing = [p.name for p in (det, rec, cls) if not p.exists()]
                if missing:
                    raise OcrUnavailable(f"OCR model files are missing from the install ({', '.join(missing)}); reinstall Chudan.",
                                         zh="OCR 模型文件缺失，请重新安装出单台。")
                self._engine = RapidOCR(params={
                    "Global.log_level": "error", "Global.use_cls": False,
                    "Det.model_path": str(det), "Rec.model_path": str(rec), "Cls.model_path": str(cls),
                    # Detect on a bounded image: cards are read well at 736 px on the long side.
                    "Det.limit_type": "max", "Det.limit_side_len": 736,
                    # rapidocr's default batch of 6 lines stays: batches of 2 lower the peak memory by
                    # ~90 MB but misread 0 as O in some model codes (the padding changes the read).
                    "EngineConfig.onnxruntime.intra_op_num_threads": self._threads,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                })
        return self._engine

    def warm_up(self) -> None:
        blank = np.full((64, 256, 3), 255, np.uint8)
        self._load()(blank)

    def read(self, bgr: np.ndarray) -> list[TextBox]:
        out = self._load()(bgr)
        if out.boxes is None or out.txts is None:
            return []
        return [TextBox(tuple((float(x), float(y)) for x, y in box.tolist()), _to_simplified(txt), float(score))
                for box, txt, score in zip(out.boxes, out.txts, out.scores, strict=True)]


class PaddleOcrEngine:
    """PaddleOCR 3.x with local model folders and the ONNX Runtime engine: never downloads."""

    name = "paddleocr"

    def __init__(self, det_dir: Path, rec_dir: Path, det_name: str | None = None, rec_name: str | None = None) -> None:
        from app.ocr.settings import model_name

        self._dirs = (Path(det_dir), Path(rec_dir))
        # The names PaddleX needs are in each folder's inference.yml; given ones win.
        self._names = (det_name or model_name(self._dirs[0]), rec_name or model_name(self._dirs[1]))
        self._engine = None
        self._lock = threading.Lock()

    def _load(self):
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    missing = [str(d) for d in self._dirs if not d.is_dir() or not any(d.iterdir())]
                    if missing:
                        raise OcrUnavailable(
                            f"PaddleOCR model folders are missing: {', '.join(missing)}. Set them in Settings → OCR; "
                            "Chudan never downloads models.", zh="未找到 PaddleOCR 模型目录，请在“设置 → OCR”中配置。")
                    # PaddleX writes caches under the home folder unless told otherwise, and checks
                    # model hosts on start-up unless this is set: both are read when paddlex is imported.
                    os.environ.setdefault("PADDLE_PDX_CACHE_HOME", str(self._dirs[0].parent / ".cache"))
                    os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
                    try:
                        from paddleocr import PaddleOCR
                    except ImportError as exc:
                        raise OcrUnavailable("PaddleOCR is not installed; install the [paddle] extra in its own environment.",
                                             zh="未安装 PaddleOCR。") from exc
                    onnx = all((d / "inference.onnx").is_file() for d in self._dirs)
                    self._engine = PaddleOCR(
                        text_detection_model_dir=str(self._dirs[0]), text_detection_model_name=self._names[0],
                        text_recognition_model_dir=str(self._dirs[1]), text_recognition_model_name=self._names[1],
                        use_doc_orientation_classify=False, use_doc_unwarping=False, use_textline_orientation=False,
                        **({"engine": "onnxruntime"} if onnx else {}))
        return self._engine

    def read(self, bgr: np.ndarray) -> list[TextBox]:
        boxes: list[TextBox] = []
        for page in self._load().predict(bgr):
            for poly, txt, score in zip(page["rec_polys"], page["rec_texts"], page["rec_scores"], strict=True):
                boxes.append(TextBox(tuple((float(x), float(y)) for x, y in np.asarray(poly).tolist()),
                                     _to_simplified(txt), float(score)))
        return boxes


def load_engine(kind: str = "rapidocr", **options) -> OcrEngine:
    if kind == "rapidocr":
        return RapidOcrEngine(**options)
    if kind == "paddleocr":
        return PaddleOcrEngine(**options)
    raise OcrUnavailable(f"Unknown OCR engine {kind!r}; choose rapidocr or paddleocr.", zh=f"未知的 OCR 引擎：{kind}。")
