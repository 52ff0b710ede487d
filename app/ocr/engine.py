"""The OCR engine behind a small interface: `read(image) -> list[TextBox]`.

Default: PaddleOCR's PP-OCR models on ONNX Runtime through `rapidocr`, whose wheel carries the
model files; the paths are given explicitly so nothing is ever downloaded. Optional: PaddleOCR
itself (`pip install .[paddle]`, in its own environment because it pulls a different OpenCV),
with model folders configured in Settings.

onnxruntime phones home unless ORT_DISABLE_TELEMETRY=1 is set before it is imported, so this
module (the one place that imports an engine) sets it first, whatever the environment said."""

from __future__ import annotations

import os

# Forced, not defaulted: an inherited ORT_DISABLE_TELEMETRY=0 would turn telemetry back on.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

import functools  # noqa: E402
import importlib.util  # noqa: E402
import threading  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Protocol  # noqa: E402

import numpy as np  # noqa: E402

from app.core.errors import ChudanError  # noqa: E402
from app.ocr.boxes import TextBox  # noqa: E402
from app.ocr.model_folders import model_name  # noqa: E402


class OcrUnavailable(ChudanError):
    """The engine cannot run; the message says what to install or configure."""


class OcrEngine(Protocol):
    name: str

    def read(self, bgr: np.ndarray) -> list[TextBox]: ...


def _to_simplified(text: str) -> str:
    """PP-OCR's recogniser sometimes answers in traditional characters (強 for 强); mainland
    documents are printed in simplified ones. Script conversion only, no vocabulary changes."""
    return _traditional_to_simplified().convert(text)


@functools.cache
def _traditional_to_simplified() -> Any:
    # OpenCC (Apache-2.0) with its standard t2s dictionaries; built once (it reads its tables).
    import opencc

    return opencc.OpenCC("t2s")


# Padded width (pixels at the recogniser's 48 px height) of one recognition batch: one long
# 行驶证 line or about ten short ones. Measured here: 1000 against 2400 lowers the peak memory by
# ~90 MB and is faster too (less padding of short lines to the batch's widest).
REC_BATCH_WIDTH = 1000
REC_MIN_WIDTH = 96


class RapidOcrEngine:
    name = "rapidocr"

    def __init__(self, threads: int = 0) -> None:
        self._engine = None
        self._lock = threading.Lock()
        self._threads = threads or min(2, os.cpu_count() or 2)

    def _load(self):
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine = self._build()
        return self._engine

    def _build(self):
        try:
            import rapidocr
            from rapidocr import RapidOCR
        except ImportError as exc:
            raise OcrUnavailable(
                "The OCR engine (rapidocr) is not installed; run `make run` to set up.",
                zh="未安装 OCR 引擎（rapidocr），请重新安装。",
            ) from exc
        models = Path(rapidocr.__file__).parent / "models"
        det, rec, cls = (
            models / "PP-OCRv6_det_small.onnx",
            models / "PP-OCRv6_rec_small.onnx",
            models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
        )
        missing = [p.name for p in (det, rec, cls) if not p.exists()]
        if missing:
            raise OcrUnavailable(
                f"OCR model files are missing from the install ({', '.join(missing)}); reinstall Chudan.",
                zh="OCR 模型文件缺失，请重新安装出单台。",
            )
        engine = RapidOCR(
            params={
                "Global.log_level": "error",
                "Global.use_cls": False,
                "Det.model_path": str(det),
                "Rec.model_path": str(rec),
                "Cls.model_path": str(cls),
                # Detect on a bounded image: cards are read well at 736 px on the long side.
                "Det.limit_type": "max",
                "Det.limit_side_len": 736,
                # A line is padded to at least this width before recognition; PaddleOCR's 320
                # px makes a two-character label cost as much as a seven-character value.
                # 96 px reads the same text on the specimen sets, ~25% faster per card.
                "Rec.rec_img_shape": [3, 48, REC_MIN_WIDTH],
            }
        )
        # rapidocr takes ready-made sessions: ours do not spin waiting for work, which on a
        # desk PC (and this 2-core machine) shared with other programs is ~15% faster and
        # leaves the GUI its CPU between reads.
        engine.cfg._set_flag("allow_objects", True)
        engine.cfg.Det.session = self._session(det)
        engine.cfg.Rec.session = self._session(rec)
        return engine

    def _session(self, model: Path):
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.log_severity_level = 4
        opts.enable_cpu_mem_arena = False  # the arena keeps the largest batch's memory for good
        # Memory patterns are planned and kept per input shape; every photo and line batch has its
        # own shape, so they only pile up (measured: peak 353 -> 308 MB over 240 licences).
        opts.enable_mem_pattern = False
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.intra_op_num_threads = self._threads
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])

    def warm_up(self) -> None:
        """Load both models and run each once (the first run of a session allocates its kernels)."""
        engine = self._load()
        engine._load_det_model()
        engine._load_rec_model()
        page = np.full((96, 480, 3), 255, np.uint8)
        page[36:60, 40:440] = 0  # a dark bar the detector takes for a line of text
        self.read(page)

    def _recognise(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Recognition in batches bounded by padded width, not by count: a batch is padded to its
        widest line, so six long 行驶证 lines in one batch cost ~160 MB of activations and pad short
        lines to the longest; short lines (labels, names) still go many at a time."""
        from rapidocr.ch_ppocr_rec import TextRecInput

        rec = self._load()._load_rec_model()
        height = rec.rec_image_shape[1]
        min_width = rec.rec_image_shape[2]
        widths = [max(min_width, height * c.shape[1] / max(1, c.shape[0])) for c in crops]
        order = sorted(range(len(crops)), key=lambda i: widths[i])
        out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
        batch: list[int] = []
        for i in order + [-1]:
            if batch and (i < 0 or widths[i] * (len(batch) + 1) > REC_BATCH_WIDTH):
                rec.rec_batch_num = len(batch)
                res = rec(TextRecInput(img=[crops[j] for j in batch]))
                for j, txt, score in zip(batch, res.txts, res.scores, strict=True):
                    out[j] = (txt, float(score))
                batch = []
            if i >= 0:
                batch.append(i)
        return out

    def read(self, bgr: np.ndarray) -> list[TextBox]:
        """Detect once, crop each line, recognise the crops in width-bounded batches; lines the
        recogniser scores below 0.5 are noise (rapidocr's own cut-off)."""
        from rapidocr.utils.process_img import get_rotate_crop_image

        engine = self._load()
        found = engine._load_det_model()(bgr)
        if found.boxes is None or len(found.boxes) == 0:
            return []
        crops = [get_rotate_crop_image(bgr, box.copy()) for box in found.boxes]
        boxes = []
        for box, (txt, score) in zip(found.boxes, self._recognise(crops), strict=True):
            if score >= 0.5 and txt:
                boxes.append(
                    TextBox(
                        tuple((float(x), float(y)) for x, y in box.tolist()),
                        _to_simplified(txt),
                        score,
                    )
                )
        return boxes


class PaddleOcrEngine:
    """PaddleOCR 3.x with local model folders and the ONNX Runtime engine: never downloads."""

    name = "paddleocr"

    def __init__(
        self, det_dir: Path, rec_dir: Path, det_name: str | None = None, rec_name: str | None = None
    ) -> None:
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
                            "Chudan never downloads models.",
                            zh="未找到 PaddleOCR 模型目录，请在“设置 → OCR”中配置。",
                        )
                    # PaddleX writes caches under the home folder unless told otherwise, and checks
                    # model hosts on start-up unless this is set: both are read when paddlex is imported.
                    os.environ.setdefault(
                        "PADDLE_PDX_CACHE_HOME", str(self._dirs[0].parent / ".cache")
                    )
                    os.environ.setdefault("PADDLE_PDX_DISABLE_MODEL_SOURCE_CHECK", "True")
                    onnx = all((d / "inference.onnx").is_file() for d in self._dirs)
                    if not onnx and importlib.util.find_spec("paddle") is None:
                        # Said before PaddleX fails on it with an import error of its own.
                        raise OcrUnavailable(
                            "The PaddleOCR model folders hold Paddle-format models (inference.pdmodel or "
                            "inference.json), which need the paddlepaddle package: install it next to paddleocr in the "
                            "PaddleOCR environment (pip install paddlepaddle), or choose folders with ONNX models "
                            "(inference.onnx, run by onnxruntime without paddlepaddle) in Settings → OCR.",
                            zh="PaddleOCR 模型目录中是 Paddle 格式模型（inference.pdmodel 或 inference.json），需要 paddlepaddle："
                            "请在 PaddleOCR 环境中安装（pip install paddlepaddle），或在“设置 → OCR”中改选含 ONNX 模型"
                            "（inference.onnx）的目录。",
                        )
                    try:
                        from paddleocr import PaddleOCR
                    except ImportError as exc:
                        raise OcrUnavailable(
                            "PaddleOCR is not installed; install the [paddle] extra in its own environment, "
                            "or choose the built-in engine (rapidocr) in Settings → OCR.",
                            zh="未安装 PaddleOCR：请在独立环境中安装 [paddle] 附加组件，或在“设置 → OCR”中改用内置引擎。",
                        ) from exc
                    try:
                        self._engine = PaddleOCR(
                            text_detection_model_dir=str(self._dirs[0]),
                            text_detection_model_name=self._names[0],
                            text_recognition_model_dir=str(self._dirs[1]),
                            text_recognition_model_name=self._names[1],
                            use_doc_orientation_classify=False,
                            use_doc_unwarping=False,
                            use_textline_orientation=False,
                            **({"engine": "onnxruntime"} if onnx else {}),
                        )
                    except (
                        Exception
                    ) as exc:  # PaddleX's own errors: said once, as the engine being unavailable
                        raise OcrUnavailable(
                            f"PaddleOCR could not load the models in {self._dirs[0]} and {self._dirs[1]} "
                            f"({type(exc).__name__}: {exc}). Check the folders in Settings → OCR, or choose the built-in "
                            "engine (rapidocr).",
                            zh="PaddleOCR 无法加载所选目录中的模型，请在“设置 → OCR”中检查模型目录，或改用内置引擎。",
                        ) from exc
        return self._engine

    def warm_up(self) -> None:
        """Load now (a missing package or folder is said here, once, not per image)."""
        self._load()

    def read(self, bgr: np.ndarray) -> list[TextBox]:
        boxes: list[TextBox] = []
        for page in self._load().predict(bgr):
            for poly, txt, score in zip(
                page["rec_polys"], page["rec_texts"], page["rec_scores"], strict=True
            ):
                boxes.append(
                    TextBox(
                        tuple((float(x), float(y)) for x, y in np.asarray(poly).tolist()),
                        _to_simplified(txt),
                        float(score),
                    )
                )
        return boxes


def load_engine(kind: str = "rapidocr", **options) -> OcrEngine:
    if kind == "rapidocr":
        return RapidOcrEngine(**options)
    if kind == "paddleocr":
        return PaddleOcrEngine(**options)
    raise OcrUnavailable(
        f"Unknown OCR engine {kind!r}; choose rapidocr or paddleocr.",
        zh=f"未知的 OCR 引擎：{kind}。",
    )
