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
from app.figures.xlsx import DATE, NUMBER, TEXT, Style, XlsxBook

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
    number formats per column, widths fitted to the header and the first rows. Written by our
    streaming writer (app.figures.xlsx), row by row."""
    total, done = row_count(sections), 0
    with XlsxBook(path, title=title, comments="Chudan 出单台") as book:
        header = book.style(bold=True)
        formats = {kind: book.style(f) for kind, f in NUMBER_FORMATS.items()}
        used: set[str] = set()
        for section in sections:
            widths = [
                max(8, min(40, len(column_title(c.key, lang)) * 2 + 2)) for c in section.columns
            ]
            for row in section.rows[:50]:  # the widths, from the header and the first rows
                for c, (column, raw) in enumerate(zip(section.columns, row, strict=True)):
                    value = _cell(
                        column.kind, raw, c == 0 and section.first_is_label, lang, formats
                    )[0]
                    if isinstance(value, str):
                        widths[c] = max(widths[c], min(40, len(value) * 2 + 2))
            sheet = book.add_sheet(
                _sheet_name(label(section.key, lang), used), widths=widths, freeze=(1, 1)
            )
            sheet.row([column_title(c.key, lang) for c in section.columns], [header] * len(widths))
            # Each column's kind, once: the policies sheet has a million cells, and most of
            # them (text, an amount, a date in its own column) are written from a template per
            # column; the rest (an "any" column, a missing value, a figure's name in the first
            # column, text needing escapes) go through _cell.
            translate = section.first_is_label
            kinds = [
                _column_kind(column.kind, formats) if c or not translate else ("", None)
                for c, column in enumerate(section.columns)
            ]
            column_kinds = [column.kind for column in section.columns]

            def fallback(
                c: int,
                raw: Any,
                column_kinds: list[str] = column_kinds,
                translate: bool = translate,
            ) -> tuple[Any, Style | None]:
                return _cell(column_kinds[c], raw, c == 0 and translate, lang, formats)

            tick = None
            if progress is not None:
                report = progress

                def tick(n: int, before: int = done, report: Progress = report) -> None:
                    # n counts the header row too
                    if (before + n - 1) % PROGRESS_EVERY == 0:
                        report(before + n - 1, total)

            sheet.typed_rows(section.rows, kinds, fallback, tick)
            done += len(section.rows)
    if progress is not None:
        progress(total, total)


def _column_kind(kind: str, formats: dict[str, Style]) -> tuple[str, Style | None]:
    """(Sheet.typed_rows' kind, style) of a section's column kind."""
    if kind == "text":
        return TEXT, None
    if kind == "date":
        return DATE, formats["date"]
    if kind in formats:
        return NUMBER, formats[kind]
    return "", None  # "any": each value carries its kind


def _cell(
    kind: str, raw: Any, first: bool, lang: str, formats: dict[str, Style]
) -> tuple[Any, Style | None]:
    """A section's value as the cell it becomes: (value, style)."""
    kind, value = _typed(kind, raw)
    if value is None:
        return NONE, None
    if kind == "date" and isinstance(value, date):
        return value, formats["date"]
    if kind in formats and isinstance(value, int | Decimal | float) and not isinstance(value, bool):
        return value, formats[kind]
    return _text(value, first, lang), None


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
                        _csv_cell(
                            *_typed(column.kind, raw), c == 0 and section.first_is_label, lang
                        )
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
