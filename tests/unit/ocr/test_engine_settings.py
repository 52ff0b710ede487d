"""The engine choice from Settings: the default engine when nothing is set; PaddleOCR only with
two model folders that hold loadable models, and a message that says which file is missing
(never a download)."""

from __future__ import annotations

import json

import pytest

from app.core.errors import InvalidInput
from app.ocr.engine import OcrUnavailable, PaddleOcrEngine, RapidOcrEngine
from app.ocr.settings import (
    ENGINE_KEY,
    PADDLE_DET_DIR_KEY,
    PADDLE_REC_DIR_KEY,
    engine_choice,
    engine_from_settings,
    validate_paddle_dirs,
)
from cli.launcher import main as chudan


def model_folder(root, name, *, files=("inference.onnx",), model="PP-OCRv6_small_det"):
    folder = root / name
    folder.mkdir()
    (folder / "inference.yml").write_text(
        f"Global:\n  model_name: {model}\nPreProcess:\n  transform_ops: []\n", encoding="utf-8"
    )
    for f in files:
        (folder / f).write_bytes(b"\0")
    return folder


def test_nothing_set_means_the_shipped_engine():
    assert engine_choice({}).engine == "rapidocr"
    assert isinstance(engine_from_settings({}), RapidOcrEngine)


def test_unknown_engine_in_settings_is_refused_with_the_choices():
    with pytest.raises(InvalidInput, match="choose rapidocr or paddleocr in Settings"):
        engine_choice({ENGINE_KEY: "tesseract"})


def test_complete_folders_name_their_models(tmp_path):
    det = model_folder(tmp_path, "det")
    rec = model_folder(
        tmp_path, "rec", files=("inference.json", "inference.pdiparams"), model="PP-OCRv6_small_rec"
    )
    r = validate_paddle_dirs(det, rec)
    assert r.valid and r.value == "PP-OCRv6_small_det + PP-OCRv6_small_rec"
    engine = engine_from_settings(
        {ENGINE_KEY: "paddle", PADDLE_DET_DIR_KEY: str(det), PADDLE_REC_DIR_KEY: str(rec)}
    )
    assert isinstance(engine, PaddleOcrEngine)
    assert engine._names == ("PP-OCRv6_small_det", "PP-OCRv6_small_rec")


def test_missing_folder_and_missing_model_file_are_both_said(tmp_path):
    rec = model_folder(tmp_path, "rec", files=("inference.pdiparams",))
    r = validate_paddle_dirs(tmp_path / "nowhere", rec)
    assert not r.valid
    assert f"detection model folder {tmp_path / 'nowhere'} does not exist" in r.message_en
    assert "has no model file" in r.message_en and "never downloads" in r.message_en
    assert (
        "不存在" in r.message_zh and "缺少模型文件" in r.message_zh and "设置 → OCR" in r.message_zh
    )


def test_unset_folders_and_a_yml_without_model_name(tmp_path):
    assert "detection model folder is not set" in validate_paddle_dirs(None, None).message_en
    det = model_folder(tmp_path, "det")
    (det / "inference.yml").write_text("Global: {}\n", encoding="utf-8")
    assert (
        "does not name its model"
        in validate_paddle_dirs(det, model_folder(tmp_path, "rec")).message_en
    )


def test_paddle_engine_with_bad_folders_is_refused_before_loading(tmp_path):
    with pytest.raises(OcrUnavailable, match="recognition model folder is not set"):
        engine_from_settings(
            {ENGINE_KEY: "paddleocr", PADDLE_DET_DIR_KEY: str(model_folder(tmp_path, "det"))}
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["det"]  # nothing fetched or cached


def test_cli_paddle_engine_with_missing_models_says_so(tmp_path, capsys):
    code = chudan(
        [
            "ocr",
            "card.jpg",
            "--engine",
            "paddle",
            "--det-dir",
            str(tmp_path / "d"),
            "--rec-dir",
            str(tmp_path / "r"),
            "--json",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    out = json.loads(captured.out)
    assert (
        out["kind"] == "error"
        and "does not exist" in out["error"]
        and "设置 → OCR" in out["error_zh"]
    )
    assert "Traceback" not in captured.err and "does not exist" in captured.err


def test_cli_paddle_engine_without_the_package_says_what_to_do(tmp_path, capsys):
    """Folders in order, but PaddleOCR is not installed in this environment (it lives in its own,
    its OpenCV clashes with rapidocr's): one clear message, no per-image failures, no traceback."""
    det, rec = (
        model_folder(tmp_path, "det"),
        model_folder(tmp_path, "rec", model="PP-OCRv6_small_rec"),
    )
    code = chudan(
        ["ocr", "card.jpg", "--engine", "paddle", "--det-dir", str(det), "--rec-dir", str(rec)]
    )
    err = capsys.readouterr().err
    assert code == 1 and "PaddleOCR is not installed" in err and "Settings → OCR" in err


def test_paddle_format_models_without_paddlepaddle_say_what_to_install(tmp_path, capsys):
    """Folders with Paddle-format models (a stand-in inference.pdmodel: nothing reads it, the
    engine refuses before loading), and no paddlepaddle here: the engine is unavailable with a
    message naming the package and the ONNX alternative, not PaddleX's own import error."""
    det = model_folder(tmp_path, "det", files=("inference.pdmodel", "inference.pdiparams"))
    rec = model_folder(
        tmp_path,
        "rec",
        files=("inference.pdmodel", "inference.pdiparams"),
        model="PP-OCRv6_small_rec",
    )
    settings = {ENGINE_KEY: "paddleocr", PADDLE_DET_DIR_KEY: str(det), PADDLE_REC_DIR_KEY: str(rec)}
    assert validate_paddle_dirs(det, rec).valid  # the folders themselves are in order
    engine = engine_from_settings(settings)
    with pytest.raises(OcrUnavailable) as raised:
        engine.warm_up()
    assert "need the paddlepaddle package" in str(
        raised.value
    ) and "pip install paddlepaddle" in str(raised.value)
    assert "inference.onnx" in str(raised.value) and "paddlepaddle" in raised.value.zh
    code = chudan(
        ["ocr", "card.jpg", "--engine", "paddle", "--det-dir", str(det), "--rec-dir", str(rec)]
    )
    err = capsys.readouterr().err
    assert code == 1 and "need the paddlepaddle package" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["det", "rec"]  # nothing fetched or cached


def test_paddleocr_failing_to_load_its_models_is_the_engine_unavailable(tmp_path, monkeypatch):
    """paddleocr cannot be installed in this environment (its OpenCV clashes with rapidocr's), so
    a stand-in module raises the way PaddleX does on models it cannot load; the point is that
    the error reaches the clerk as OcrUnavailable with what to do."""
    import sys
    import types

    class PaddleOCR:
        def __init__(self, **options):
            raise RuntimeError("model graph is corrupt")

    monkeypatch.setitem(sys.modules, "paddleocr", types.SimpleNamespace(PaddleOCR=PaddleOCR))
    det, rec = (
        model_folder(tmp_path, "det"),
        model_folder(tmp_path, "rec", model="PP-OCRv6_small_rec"),
    )
    engine = engine_from_settings(
        {ENGINE_KEY: "paddleocr", PADDLE_DET_DIR_KEY: str(det), PADDLE_REC_DIR_KEY: str(rec)}
    )
    with pytest.raises(
        OcrUnavailable,
        match=r"could not load the models .*RuntimeError: model graph is corrupt.*Settings → OCR",
    ):
        engine.warm_up()


def test_cli_engine_failing_to_load_keeps_the_output_shape_for_several_images(tmp_path, capsys):
    """Several images and an engine that cannot load: an array with one error per image, in
    order (as when each image fails), the reason once on stderr, exit 1; text mode: one line."""
    images = [str(tmp_path / "front.jpg"), str(tmp_path / "back.jpg")]
    missing = [
        "--engine",
        "paddle",
        "--det-dir",
        str(tmp_path / "d"),
        "--rec-dir",
        str(tmp_path / "r"),
    ]
    assert chudan(["ocr", *images, *missing, "--json"]) == 1
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert isinstance(out, list) and [o["source"] for o in out] == images
    assert all(
        o["kind"] == "error" and "does not exist" in o["error"] and o["fields"] == {} for o in out
    )
    assert (
        captured.err.count("\n") == 1
        and captured.err.startswith("chudan: ")
        and "does not exist" in captured.err
    )
    assert chudan(["ocr", *images, *missing]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "Traceback" not in captured.err
