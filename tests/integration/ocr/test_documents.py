"""Real OCR models on real images: the committed specimens (tests/fixtures/specimens/images,
made by generate.py with made-up values) are read field by field, exactly."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from app.ocr import OcrService, UnreadableImage
from cli.launcher import main as chudan
from tests.support.paths import REPO

pytestmark = (
    pytest.mark.slow
)  # the real OCR models: loading them and reading every specimen takes about 15 s

IMAGES = REPO / "tests" / "fixtures" / "specimens" / "images"
TRUTH = json.loads((IMAGES / "truth.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ocr():
    service = OcrService()
    service.warm_up()
    return service


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_every_field_is_read_exactly(ocr, name):
    expected = TRUTH[name]
    result = ocr.read(IMAGES / name)
    assert result.kind == expected["kind"]
    assert {k: v.value for k, v in result.fields.items()} == expected["fields"]
    assert result.elapsed_ms > 0


def test_exif_rotated_photo_is_read_upright(ocr, tmp_path):
    """A phone stores the photo sideways and says so in EXIF: it is turned before reading."""
    im = Image.open(IMAGES / "id-front-101.jpg")
    sideways = im.rotate(90, expand=True)
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to display
    path = tmp_path / "exif.jpg"
    sideways.save(path, "JPEG", quality=90, exif=exif)
    result = ocr.read(path)
    assert result.fields["id_number"].value == TRUTH["id-front-101.jpg"]["fields"]["id_number"]
    assert not any("turned" in w for w in result.warnings)


def test_wrong_document_kind_is_said(ocr):
    result = ocr.read(IMAGES / "id-back-102.jpg", kind="id-front")
    assert any("looks like id-back" in w for w in result.warnings)
    assert all(f.needs_review for f in result.fields.values() if not f.value)


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"this is not a picture", "not an image"),
    ],
)
def test_bad_files_get_a_clear_message(ocr, content, message):
    with pytest.raises(UnreadableImage, match=message):
        ocr.read(content)


def test_truncated_jpeg_gets_a_clear_message(ocr):
    data = (IMAGES / "id-front-101.jpg").read_bytes()
    with pytest.raises(UnreadableImage, match="damaged or incomplete"):
        ocr.read(data[: len(data) // 3])


def test_huge_photo_is_downscaled_not_fatal(ocr):
    big = Image.open(IMAGES / "id-front-101.jpg").resize((8660, 5460))  # ≈ 47 megapixels
    buf = io.BytesIO()
    big.save(buf, "JPEG", quality=85)
    result = ocr.read(buf.getvalue())
    assert result.fields["id_number"].value == TRUTH["id-front-101.jpg"]["fields"]["id_number"]


def test_blank_image_is_unknown_with_advice(ocr):
    buf = io.BytesIO()
    Image.new("RGB", (800, 500), "white").save(buf, "PNG")
    result = ocr.read(buf.getvalue())
    assert result.kind == "unknown" and "photograph the whole document" in result.warnings[0]


def test_cli_one_image_is_an_object_several_an_array(capsys):
    a, b = IMAGES / "id-back-102.jpg", IMAGES / "vehicle-licence-103.jpg"
    assert chudan(["ocr", str(a), "--json"]) == 0
    one = json.loads(capsys.readouterr().out)
    assert one["kind"] == "id-back" and {"kind", "fields", "warnings", "elapsed_ms"} <= set(one)
    assert one["fields"]["valid_from"] == {
        "value": TRUTH["id-back-102.jpg"]["fields"]["valid_from"],
        "confidence": one["fields"]["valid_from"]["confidence"],
        "needs_review": False,
    }
    missing = Path("/nonexistent/photo.jpg")
    assert chudan(["ocr", str(b), str(missing), "--json"]) == 1
    many = json.loads(capsys.readouterr().out)
    assert [m["kind"] for m in many] == ["vehicle-licence", "error"] and "There is no file" in many[
        1
    ]["error"]


@pytest.mark.live  # the installed `chudan` command
def test_installed_command_reads_and_reports_a_bad_file_without_traceback(tmp_path):
    import subprocess

    bad = tmp_path / "scan.jpg"
    bad.write_bytes(b"")
    r = subprocess.run(
        [
            str(REPO / ".venv" / "bin" / "chudan"),
            "ocr",
            str(IMAGES / "id-front-101.jpg"),
            str(bad),
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    good, empty = json.loads(r.stdout)
    assert good["fields"]["id_number"]["value"] == TRUTH["id-front-101.jpg"]["fields"]["id_number"]
    assert empty["kind"] == "error" and "empty (0 bytes)" in empty["error"]


def test_cli_reads_the_second_page_and_the_business_licence_by_kind(capsys):
    back, business = IMAGES / "vehicle-licence-back-106.jpg", IMAGES / "business-licence-107.jpg"
    assert chudan(["ocr", str(back), "--kind", "vehicle-licence-back", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["kind"] == "vehicle-licence-back"
    assert {k: v["value"] for k, v in out["fields"].items()} == TRUTH[back.name]["fields"]
    assert chudan(["ocr", str(business), "--kind", "business-licence", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["fields"]["uscc"]["value"] == TRUTH[business.name]["fields"]["uscc"]
    assert not out["fields"]["uscc"]["needs_review"]


def test_second_page_asked_for_on_a_main_page_is_said(ocr):
    result = ocr.read(IMAGES / "vehicle-licence-103.jpg", kind="vehicle-licence-back")
    assert any("looks like vehicle-licence," in w for w in result.warnings)


def test_tiny_image_is_unknown_not_a_crash(ocr):
    buf = io.BytesIO()
    Image.new("RGB", (3, 3), "white").save(buf, "PNG")
    result = ocr.read(buf.getvalue())
    assert result.kind == "unknown" and result.fields == {}
