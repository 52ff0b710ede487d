"""Writing a report's sections (app.figures.report) as an XLSX workbook, one formatted sheet per
section, or as one CSV file. Numbers stay numbers (money to the fen, shares as percentages,
rates to two decimals), a figure with nothing to divide by is "—", and text is always written
as text: a name such as "=HYPERLINK(...)" never becomes a formula (in CSV it is quoted with a
leading apostrophe, as spreadsheet programs expect)."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.figures.labels import label
from app.figures.report import Section, column_title, text_of

Progress = Callable[[int, int], None]
NONE = "—"
PROGRESS_EVERY = 2000  # rows between two progress reports

# Excel's number formats per column kind (docs/reports.md: shares shown to 0.1 %).
NUMBER_FORMATS = {
    "int": "#,##0",
    "money": "#,##0.00",
    "ratio": "0.0%",
    "rate": "#,##0.00",
    "minutes": "0.0",
    "hours": "0.0",
    "date": "yyyy-mm-dd",
}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _typed(kind: str, value: Any) -> tuple[str, Any]:
    """(kind, value) of a cell: an "any" column carries its own kind with each value."""
    if kind == "any" and isinstance(value, tuple):
        return value[0], value[1]
    return kind, value


def _text(value: Any, first: bool, lang: str) -> str:
    s = str(value)
    return text_of(s, lang) if first else s


def _sheet_name(title: str, used: set[str]) -> str:
    name = _BAD_SHEET_CHARS.sub(" ", title).strip("'")[:31] or "Sheet"
    base, n = name, 2
    while name.lower() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def row_count(sections: Iterable[Section]) -> int:
    return sum(len(s.rows) for s in sections)


def write_xlsx(
    sections: list[Section],
    path: Path,
    lang: str,
    *,
    title: str = "",
    progress: Progress | None = None,
) -> None:
    """One sheet per section: a bold header row, frozen under it and beside the first column,
    number formats per column, widths fitted to the header and the first rows."""
    import xlsxwriter  # loaded when a report is exported, not when the window starts

    total, done = row_count(sections), 0
    book = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, "strings_to_formulas": False, "in_memory": False}
    )
    try:
        book.set_properties({"title": title, "comments": "Chudan 出单台"})
        header = book.add_format(
            {"bold": True, "bg_color": "#DDE6F0", "border": 1, "text_wrap": True, "valign": "top"}
        )
        formats = {kind: book.add_format({"num_format": f}) for kind, f in NUMBER_FORMATS.items()}
        used: set[str] = set()
        for section in sections:
            sheet = book.add_worksheet(_sheet_name(label(section.key, lang), used))
            widths = [
                max(8, min(40, len(column_title(c.key, lang)) * 2 + 2)) for c in section.columns
            ]
            for c, column in enumerate(section.columns):
                sheet.write_string(0, c, column_title(column.key, lang), header)
            sheet.freeze_panes(1, 1)
            for r, row in enumerate(section.rows, start=1):
                for c, (column, raw) in enumerate(zip(section.columns, row, strict=True)):
                    kind, value = _typed(column.kind, raw)
                    if value is None:
                        sheet.write_string(r, c, NONE)
                    elif kind == "date" and isinstance(value, date):
                        sheet.write_datetime(r, c, value, formats["date"])
                    elif kind in formats and isinstance(value, int | Decimal | float):
                        sheet.write_number(r, c, float(value), formats[kind])
                    else:
                        text = _text(value, c == 0, lang)
                        if r <= 50:
                            widths[c] = max(widths[c], min(40, len(text) * 2 + 2))
                        sheet.write_string(r, c, text)
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, total)
            for c, w in enumerate(widths):
                sheet.set_column(c, c, w)
    finally:
        book.close()
    if progress is not None:
        progress(total, total)


def _csv_cell(kind: str, value: Any, first: bool, lang: str) -> str:
    if value is None:
        return NONE
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    if kind in NUMBER_FORMATS and isinstance(value, int | Decimal | float):
        return str(value)
    text = _text(value, first, lang)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(
    sections: list[Section], path: Path, lang: str, *, progress: Progress | None = None
) -> None:
    """One file, UTF-8 with a byte-order mark (so spreadsheet programs read the Chinese): each
    section is its title, its header and its rows, then an empty line. Shares are fractions
    (0.7500 = 75 %), amounts in yuan without thousands separators."""
    total, done = row_count(sections), 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        for section in sections:
            out.writerow([label(section.key, lang)])
            out.writerow([column_title(c.key, lang) for c in section.columns])
            for row in section.rows:
                out.writerow(
                    [
                        _csv_cell(*_typed(column.kind, raw), c == 0, lang)
                        for c, (column, raw) in enumerate(zip(section.columns, row, strict=True))
                    ]
                )
                done += 1
                if progress is not None and done % PROGRESS_EVERY == 0:
                    progress(done, total)
            out.writerow([])
    if progress is not None:
        progress(total, total)


__all__ = ["NUMBER_FORMATS", "row_count", "write_csv", "write_xlsx"]
