"""Our streaming XLSX writer (app/figures/xlsx.py), read back with openpyxl, an independent
reader: values and their types, Chinese text, money to the fen, dates, the header's bold, the
number formats, frozen panes, widths, several sheets, and text that could be mistaken for markup
or a formula kept as the text it is."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.figures.xlsx import XlsxBook, column_letter, excel_serial


def test_a_workbook_reads_back_with_its_values_types_and_formats(tmp_path):
    path = tmp_path / "book.xlsx"
    with XlsxBook(path, title="报表 2026-11", comments="Chudan 出单台") as book:
        bold = book.style(bold=True)
        money = book.style("#,##0.00")
        share = book.style("0.0%")
        day = book.style("yyyy-mm-dd")
        sheet = book.add_sheet("概览", widths=[20, 12, 10, 12], freeze=(1, 1))
        sheet.row(["指标", "保费", "占比", "出单日"], [bold, bold, bold, bold])
        sheet.row(
            ["张三 京A12345", Decimal("3515.10"), Decimal("0.8244"), date(2026, 11, 30)],
            [None, money, share, day],
        )
        sheet.row(['=HYPERLINK("x")', 7, None, "  前后\r空格  "])
        other = book.add_sheet("保单明细")
        other.row(["a<b & c>d", "控制\x01字符\r\n", 1.5, True])
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["概览", "保单明细"]
    assert wb.properties.title == "报表 2026-11"
    s = wb["概览"]
    assert [c.value for c in s[1]] == ["指标", "保费", "占比", "出单日"]
    assert s["A1"].font.bold and not s["A2"].font.bold
    assert s["A1"].fill.fgColor.rgb == "FFDDE6F0"
    assert s.freeze_panes == "B2"
    assert s.column_dimensions["A"].width == 20
    name, premium, ratio, issued = (c.value for c in s[2])
    assert name == "张三 京A12345"
    assert Decimal(str(premium)) == Decimal("3515.10") and s["B2"].number_format == "#,##0.00"
    assert ratio == 0.8244 and s["C2"].number_format == "0.0%"
    assert issued == datetime(2026, 11, 30) and s["D2"].number_format == "yyyy-mm-dd"
    # text that looks like a formula is a string cell, not a formula
    assert s["A3"].data_type == "s" and s["A3"].value == '=HYPERLINK("x")'
    assert s["B3"].value == 7 and isinstance(s["B3"].value, int)
    assert s["C3"].value is None  # None leaves the cell empty
    assert s["D3"].value == "  前后\r空格  "
    o = wb["保单明细"]
    assert [c.value for c in o[1]] == ["a<b & c>d", "控制字符\r\n", 1.5, True]
    assert o.freeze_panes is None
    with zipfile.ZipFile(path) as z:  # every part deflated, the sheets written as inline text
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())
        assert b"inlineStr" in z.read("xl/worksheets/sheet1.xml")


def test_styles_are_declared_before_the_sheets(tmp_path):
    with XlsxBook(tmp_path / "b.xlsx") as book:
        book.add_sheet("s")
        with pytest.raises(RuntimeError):
            book.style("0.00")


def test_an_empty_workbook_still_opens(tmp_path):
    XlsxBook(tmp_path / "e.xlsx").close()
    assert openpyxl.load_workbook(tmp_path / "e.xlsx").sheetnames == ["Sheet1"]


def test_column_letters_and_excel_day_numbers():
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "ZZ",
        "AAA",
    ]
    assert excel_serial(date(1900, 3, 1)) == 61  # Excel's own count (its 1900 leap day included)
    assert excel_serial(date(2026, 11, 30)) == 46356


_fen = st.decimals(
    min_value=Decimal("-99999999.99"), max_value=Decimal("99999999.99"), places=2
).filter(lambda d: d.is_finite())
_text = st.text(
    alphabet=st.characters(
        codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00\ufffe\uffff"
    ),
    max_size=30,
)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(_text, _fen), min_size=1, max_size=20))
def test_any_text_and_any_amount_read_back_unchanged(tmp_path, rows):
    path = tmp_path / "h.xlsx"
    with XlsxBook(path) as book:
        money = book.style("#,##0.00")
        sheet = book.add_sheet("s")
        for text, amount in rows:
            sheet.row([text, amount], [None, money])
    got = list(openpyxl.load_workbook(path)["s"].iter_rows(values_only=True))
    dropped = {chr(c) for c in range(0x20)} - {"\t", "\n", "\r"}
    for (text, amount), (text_back, amount_back) in zip(rows, got, strict=True):
        want = "".join(ch for ch in text if ch not in dropped)
        assert (text_back or "") == want
        # money to the fen: the float read back rounds to the very amount written
        assert Decimal(str(amount_back)).quantize(Decimal("0.01")) == amount


def test_cells_after_an_empty_one_keep_their_columns(tmp_path):
    """Rows and cells carry no reference (a reader counts them) until a cell is left empty:
    the cells after it name their place, so nothing shifts left."""
    from app.figures.xlsx import DATE, NUMBER, TEXT

    path = tmp_path / "gaps.xlsx"
    with XlsxBook(path) as book:
        money = book.style("#,##0.00")
        day = book.style("yyyy-mm-dd")
        sheet = book.add_sheet("s")
        sheet.row(["a", None, "c", None, 5])
        columns = [(TEXT, None), (NUMBER, money), (DATE, day), (TEXT, None)]

        def fallback(c, value):  # "-" for a missing number, empty for a missing text
            if value is None:
                return ("-", None) if c == 1 else (None, None)
            return value, None

        sheet.typed_rows(
            [
                ["京A12345", Decimal("950.00"), date(2026, 11, 9), "张*"],
                [" 前后空格 ", None, date(2026, 11, 10), "a<b & c"],
                [None, 7, "not a date", "after the gap"],
                ["x", Decimal("1.5"), date(2026, 11, 11), None],
            ],
            columns,
            fallback,
        )
    s = openpyxl.load_workbook(path)["s"]
    got = [list(r) for r in s.iter_rows(values_only=True)]  # each as wide as the widest
    assert got[0] == ["a", None, "c", None, 5]
    assert got[1][0] == "京A12345" and Decimal(str(got[1][1])) == Decimal("950.00")
    assert got[1][2] == datetime(2026, 11, 9) and s["C2"].number_format == "yyyy-mm-dd"
    assert s["B2"].number_format == "#,##0.00"
    assert got[2] == [" 前后空格 ", "-", datetime(2026, 11, 10), "a<b & c", None]
    assert got[3] == [None, 7, "not a date", "after the gap", None]
    assert got[4] == ["x", 1.5, datetime(2026, 11, 11), None, None]
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<row><c" in xml  # the common row names no place
    assert ' r="C1"' in xml and ' r="B4"' in xml  # after a gap, cells do
