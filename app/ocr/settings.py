"""Which OCR engine the desk uses, from the settings the GUI stores (Settings → OCR).

Keys (all optional; absent means the default engine shipped with the install):
- `ocr.engine`: "rapidocr" (default) or "paddleocr";
- `ocr.paddle_det_dir`, `ocr.paddle_rec_dir`: PaddleOCR's detection and recognition model
  folders, as exported by PaddleOCR/PaddleX (`inference.yml` plus `inference.onnx`, or the
  Paddle format `inference.json`/`inference.pdmodel` with `inference.pdiparams`).

The model names are read from each folder's `inference.yml`, so the clerk only picks folders.
Nothing here downloads: a folder that is missing or incomplete gives a message saying which
file is missing and where to set the folder."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.check_result import CheckResult, bad, ok
from app.core.errors import InvalidInput
from app.ocr.model_folders import model_name

if TYPE_CHECKING:
    from app.ocr.engine import OcrEngine

ENGINE_KEY = "ocr.engine"
PADDLE_DET_DIR_KEY = "ocr.paddle_det_dir"
PADDLE_REC_DIR_KEY = "ocr.paddle_rec_dir"
SETTINGS_KEYS = (ENGINE_KEY, PADDLE_DET_DIR_KEY, PADDLE_REC_DIR_KEY)
ENGINES = ("rapidocr", "paddleocr")
_ALIASES = {
    "": "rapidocr",
    "default": "rapidocr",
    "rapidocr": "rapidocr",
    "paddle": "paddleocr",
    "paddleocr": "paddleocr",
}


@dataclass(frozen=True)
class EngineChoice:
    engine: str  # one of ENGINES
    det_dir: Path | None = None
    rec_dir: Path | None = None


def engine_choice(settings: Mapping[str, Any]) -> EngineChoice:
    """The choice stored in `settings` (a plain mapping of the keys above)."""
    raw = str(settings.get(ENGINE_KEY) or "").strip().lower()
    if raw not in _ALIASES:
        raise InvalidInput(
            f"Unknown OCR engine {raw!r} in settings; choose rapidocr or paddleocr in Settings → OCR.",
            zh=f"设置中的 OCR 引擎“{raw}”无效，请在“设置 → OCR”中选择 rapidocr 或 paddleocr。",
        )

    def folder(key: str) -> Path | None:
        value = str(settings.get(key) or "").strip()
        return Path(value).expanduser() if value else None

    return EngineChoice(_ALIASES[raw], folder(PADDLE_DET_DIR_KEY), folder(PADDLE_REC_DIR_KEY))


def _folder_problem(folder: Path | None, what_en: str, what_zh: str) -> tuple[str, str] | None:
    if folder is None:
        return (f"the {what_en} model folder is not set", f"未设置{what_zh}模型目录")
    if not folder.is_dir():
        return (
            f"the {what_en} model folder {folder} does not exist",
            f"{what_zh}模型目录 {folder} 不存在",
        )
    if not (folder / "inference.yml").is_file():
        return (f"{folder} has no inference.yml", f"{folder} 中缺少 inference.yml")
    has_onnx = (folder / "inference.onnx").is_file()
    has_paddle = (folder / "inference.pdiparams").is_file() and any(
        (folder / n).is_file() for n in ("inference.json", "inference.pdmodel")
    )
    if not (has_onnx or has_paddle):
        return (
            f"{folder} has no model file (inference.onnx, or inference.json/.pdmodel with inference.pdiparams)",
            f"{folder} 中缺少模型文件（inference.onnx，或 inference.json/.pdmodel 与 inference.pdiparams）",
        )
    if model_name(folder) is None:
        return (
            f"{folder}/inference.yml does not name its model (Global.model_name)",
            f"{folder}/inference.yml 中没有模型名称（Global.model_name）",
        )
    return None


def validate_paddle_dirs(det_dir: str | Path | None, rec_dir: str | Path | None) -> CheckResult:
    """Whether the two folders hold PaddleOCR models that can be loaded without a download. The
    value on success is "DET_NAME + REC_NAME" (shown next to the folders in Settings)."""
    det = Path(det_dir).expanduser() if det_dir else None
    rec = Path(rec_dir).expanduser() if rec_dir else None
    problems = [
        p
        for p in (
            _folder_problem(det, "detection", "检测"),
            _folder_problem(rec, "recognition", "识别"),
        )
        if p
    ]
    if problems:
        return bad(
            "",
            "paddle_models_missing",
            "；".join(p[1] for p in problems)
            + "。请在“设置 → OCR”中选择 PaddleOCR 导出的模型目录（出单台不会自动下载模型）。",
            "; ".join(p[0] for p in problems).capitalize()
            + ". Choose the model folders exported by "
            "PaddleOCR in Settings → OCR (Chudan never downloads models).",
        )
    assert det is not None and rec is not None
    names = f"{model_name(det)} + {model_name(rec)}"
    return ok(
        names,
        f"PaddleOCR 模型可用：{names}。",
        f"PaddleOCR models found: {names}.",
        det_model=model_name(det),
        rec_model=model_name(rec),
    )


def engine_from_settings(settings: Mapping[str, Any]) -> OcrEngine:
    """The engine the settings choose (not yet loaded: it loads on first use, in the worker)."""
    from app.ocr.engine import OcrUnavailable, load_engine

    choice = engine_choice(settings)
    if choice.engine == "rapidocr":
        return load_engine("rapidocr")
    check = validate_paddle_dirs(choice.det_dir, choice.rec_dir)
    if not check.valid:
        raise OcrUnavailable(check.message_en, zh=check.message_zh)
    return load_engine(
        "paddleocr",
        det_dir=choice.det_dir,
        rec_dir=choice.rec_dir,
        det_name=check.details["det_model"],
        rec_name=check.details["rec_model"],
    )
