"""PP-OCR's recogniser sometimes answers in traditional characters; mainland documents are printed
in simplified ones, so the engine converts the script (and only the script) before the readers
see the text: a name, an address or a vehicle type read as 張偉 / 廣東省 / 轎車 would otherwise
fail to match what the clerk and the registry hold."""

from app.ocr.engine import _to_simplified


def test_traditional_characters_come_out_simplified():
    assert (
        _to_simplified("張偉 廣東省廣州市 小型轎車 機動車行駛證")
        == "张伟 广东省广州市 小型轿车 机动车行驶证"
    )


def test_simplified_text_digits_and_latin_pass_unchanged():
    text = "粤A12345 LSVAU2180N2123456 2026-12-02 重型半挂牵引车"
    assert _to_simplified(text) == text
