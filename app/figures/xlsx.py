"""A small streaming XLSX writer: an .xlsx file is a zip of XML parts (ECMA-376, SpreadsheetML),
and a sheet's rows are written into its part one after another, as text, with no object per cell.
It does what the reports' export needs and nothing more: several sheets, text as inline strings,
numbers, dates, a bold header style, number formats, frozen panes, column widths and the
document's title.

Why our own: the export of 100,000 policy rows took most of its time in XlsxWriter building and
checking a cell object per value (docs/reports.md, "Exports"); writing the XML directly is several
times faster and keeps memory flat. Reading XLSX stays with openpyxl (tests, the book import)."""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any, Self

# Excel counts days from 1899-12-30 (its 1900 leap-year bug folded in), in the 1900 date system.
_EPOCH = date(1899, 12, 30)
_EPOCH_DT = datetime(1899, 12, 30)
MAX_TEXT = 32_767  # characters Excel keeps in one cell
MAX_ROWS = 1_048_576
_FLUSH_ROWS = 500  # rows joined before they are encoded and compressed

# Characters that need escaping (a carriage return included), or that XML 1.0 cannot carry at all (control characters other
# than tab and line breaks): one search decides whether a text is written as it is.
_NEEDS_WORK = re.compile('[&<>"\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_EDGE_SPACE = " \t\n\r"  # a text starting or ending with one keeps it only if told so
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Column kinds for Sheet.typed_rows: what a column's cells usually are.
TEXT, NUMBER, DATE = "text", "number", "date"
# Number formats Excel defines itself (ECMA-376 part 1, 18.8.30): referred to by id, not redefined.
_BUILTIN_FORMATS = {"0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10}

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


def escape(text: str) -> str:
    """Text as XML character data: markup escaped, characters XML cannot hold dropped."""
    if _NEEDS_WORK.search(text) is None:
        return text
    text = _NOT_XML.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        # a bare carriage return would be read back as a line feed (XML end-of-line handling)
        .replace("\r", "&#13;")
    )


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def excel_serial(value: date) -> float | int:
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - _EPOCH_DT
        return delta.days + delta.seconds / 86_400
    return (value - _EPOCH).days


class Style:
    """A cell style: a number format, or the header look (bold, shaded, bordered, wrapped)."""

    __slots__ = ("attr", "bold", "index", "number_format")

    def __init__(self, index: int, number_format: str | None, bold: bool) -> None:
        self.index = index
        self.number_format = number_format
        self.bold = bold
        self.attr = f' s="{index}"' if index else ""  # as written in each cell


class Sheet:
    """One worksheet, written row after row; rows cannot be revisited."""

    def __init__(self, book: XlsxBook, part: str, widths: Sequence[float], freeze: tuple[int, int]):
        self._book = book
        self._stream = book.zip.open(part, "w", force_zip64=True)
        self._letters = [column_letter(i) for i in range(max(len(widths), 1))]
        self._rows = 0
        self._pending: list[str] = []
        head = [
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}" '
            f'xmlns:r="{_REL_NS}"><sheetViews><sheetView workbookViewId="0"'
            + (' tabSelected="1"' if not book.sheet_names else "")
            + ">"
        ]
        rows, cols = freeze
        if rows or cols:
            top_left = f"{column_letter(cols)}{rows + 1}"
            pane = "bottomRight" if rows and cols else ("bottomLeft" if rows else "topRight")
            split = (f' xSplit="{cols}"' if cols else "") + (f' ySplit="{rows}"' if rows else "")
            head.append(
                f'<pane{split} topLeftCell="{top_left}" activePane="{pane}" state="frozen"/>'
                f'<selection pane="{pane}" activeCell="{top_left}" sqref="{top_left}"/>'
            )
        head.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
        if widths:
            head.append("<cols>")
            head += [
                f'<col min="{i}" max="{i}" width="{w:.2f}" customWidth="1"/>'
                for i, w in enumerate(widths, start=1)
            ]
            head.append("</cols>")
        head.append("<sheetData>")
        self._stream.write("".join(head).encode())

    def row(self, values: Sequence[Any], styles: Sequence[Style | None] | None = None) -> None:
        """One row: str as text, int/float/Decimal as a number, date/datetime as a date (give it
        a date format), bool as TRUE/FALSE, None as an empty cell. Rows and cells carry no
        reference (ECMA-376 lets a reader count them) unless a cell was skipped before them."""
        if self._rows >= MAX_ROWS:
            raise ValueError("a sheet holds at most 1,048,576 rows")
        self._rows += 1
        out = ["<row>"]
        skipped = False
        for i, value in enumerate(values):
            if value is None:
                skipped = True
                continue
            style = styles[i] if styles is not None else None
            ref = f' r="{self._letter(i)}{self._rows}"' if skipped else ""
            out.append(self._other(ref, style.attr if style is not None else "", value))
        out.append("</row>")
        self._pending.append("".join(out))
        if len(self._pending) >= _FLUSH_ROWS:
            self._flush()

    def _letter(self, i: int) -> str:
        if i >= len(self._letters):
            self._letters = [column_letter(c) for c in range(i + 1)]
        return self._letters[i]

    def typed_rows(
        self,
        rows: Iterable[Sequence[Any]],
        columns: Sequence[tuple[str, Style | None]],
        fallback: Callable[[int, Any], tuple[Any, Style | None]],
        tick: Callable[[int], None] | None = None,
    ) -> None:
        """Many rows whose columns each hold one kind of value: `columns` gives each column's
        kind (TEXT, NUMBER, DATE, or "" for mixed) and style. A cell of its column's kind is
        written from a template made once per column, with no call per cell; any other value
        (None included) goes through `fallback(column, value)` → (value, style) and is written
        as `row` would. This is the export's inner loop (a million cells). `tick(n)` after each
        row, n rows written so far."""
        n = len(columns)
        kinds = [k for k, _ in columns]
        attrs = [st.attr if st is not None else "" for _, st in columns]
        text_open = [f'<c{a} t="inlineStr"><is><t>' for a in attrs]
        num_open = [f"<c{a}><v>" for a in attrs]
        # Text the template cannot carry as it is: anything escape() changes, or a space at
        # either end (which needs xml:space="preserve"; strip() hands back the same string
        # when it has none, cheaper than a second pattern).
        needs_work = _NEEDS_WORK.search
        other = self._other
        pending = self._pending
        epoch = _EPOCH
        for row in rows:
            if self._rows >= MAX_ROWS:
                raise ValueError("a sheet holds at most 1,048,576 rows")
            self._rows += 1
            out = ["<row>"]
            append = out.append
            skipped = False
            for i in range(n):
                value = row[i]
                t = type(value)
                kind = kinds[i]
                if not skipped:  # after a skipped cell every cell names its place
                    if kind is TEXT:
                        if (
                            t is str
                            and len(value) <= MAX_TEXT
                            and needs_work(value) is None
                            and value.strip(_EDGE_SPACE) is value
                        ):
                            append(f"{text_open[i]}{value}</t></is></c>")
                            continue
                    elif kind is NUMBER:
                        if t is int:
                            append(f"{num_open[i]}{value}</v></c>")
                            continue
                        if t is Decimal and value.is_finite():
                            # its decimal digits: money keeps its fen exactly as stored
                            append(f"{num_open[i]}{value:f}</v></c>")
                            continue
                    elif kind is DATE and t is date:
                        append(f"{num_open[i]}{(value - epoch).days}</v></c>")
                        continue
                written, style = fallback(i, value)
                if written is None:
                    skipped = True
                    continue
                ref = f' r="{self._letter(i)}{self._rows}"' if skipped else ""
                append(other(ref, style.attr if style is not None else "", written))
            append("</row>")
            pending.append("".join(out))
            if len(pending) >= _FLUSH_ROWS:
                self._flush()
            if tick is not None:
                tick(self._rows)

    @staticmethod
    def _other(ref: str, s: str, value: Any) -> str:
        """Any value as its cell; `ref` is the cell's reference attribute or "" (none)."""
        t = type(value)
        if t is str:
            return Sheet._other_text(ref, s, value)
        if t is Decimal:
            if not value.is_finite():
                raise ValueError(f"{value} cannot be written as a number")
            # Written as its decimal digits, so money keeps its fen exactly as stored.
            return f"<c{ref}{s}><v>{value:f}</v></c>"
        if t is int:
            return f"<c{ref}{s}><v>{value}</v></c>"
        if t is date:
            return f"<c{ref}{s}><v>{(value - _EPOCH).days}</v></c>"
        if isinstance(value, bool):
            return f'<c{ref}{s} t="b"><v>{int(value)}</v></c>'
        if isinstance(value, str):
            return Sheet._other_text(ref, s, value)
        if isinstance(value, int):
            return f"<c{ref}{s}><v>{int(value)}</v></c>"
        if isinstance(value, float | Decimal):
            if not (math.isfinite(value) if isinstance(value, float) else value.is_finite()):
                raise ValueError(f"{value} cannot be written as a number")
            return (
                f"<c{ref}{s}><v>{value!r}</v></c>"
                if isinstance(value, float)
                else f"<c{ref}{s}><v>{value:f}</v></c>"
            )
        if isinstance(value, date):
            return f"<c{ref}{s}><v>{excel_serial(value)}</v></c>"
        raise TypeError(f"cannot write {type(value).__name__} to a cell")

    @staticmethod
    def _other_text(ref: str, s: str, value: str) -> str:
        value = escape(str(value)[:MAX_TEXT])
        space = (
            ' xml:space="preserve"'
            if value and (value[0] in _EDGE_SPACE or value[-1] in _EDGE_SPACE)
            else ""
        )
        return f'<c{ref}{s} t="inlineStr"><is><t{space}>{value}</t></is></c>'

    def _flush(self) -> None:
        if self._pending:
            self._stream.write("".join(self._pending).encode())
            self._pending.clear()

    def close(self) -> None:
        self._flush()
        self._stream.write(b"</sheetData></worksheet>")
        self._stream.close()


class XlsxBook:
    """A workbook written to `path` as it goes: declare the styles, then write each sheet to the
    end before the next (a zip member is written in one go), then close.

        with XlsxBook(path, title="…") as book:
            bold = book.style(bold=True)
            money = book.style("#,##0.00")
            sheet = book.add_sheet("概览", widths=[20, 12], freeze=(1, 1))
            sheet.row(["指标", "本期"], [bold, bold])
            sheet.row(["保费", Decimal("3515.00")], [None, money])
    """

    def __init__(self, path: Path, *, title: str = "", comments: str = "") -> None:
        # Level 1 deflate: sheets of repeated markup shrink almost as much as at level 6, in a
        # third of the time.
        self.zip = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self.title = title
        self.comments = comments
        self.sheet_names: list[str] = []
        self._styles: list[Style] = [Style(0, None, False)]
        self._formats: dict[str, int] = {}
        self._open: Sheet | None = None

    def style(self, number_format: str | None = None, *, bold: bool = False) -> Style:
        if self.sheet_names:
            raise RuntimeError("declare styles before the first sheet")
        if number_format is not None and number_format not in _BUILTIN_FORMATS:
            self._formats.setdefault(number_format, 164 + len(self._formats))
        style = Style(len(self._styles), number_format, bold)
        self._styles.append(style)
        return style

    def add_sheet(
        self, name: str, *, widths: Sequence[float] = (), freeze: tuple[int, int] = (0, 0)
    ) -> Sheet:
        """`name`: at most 31 characters, none of []:*?/\\, unique ignoring case (the caller
        makes it so)."""
        if self._open is not None:
            self._open.close()
        self.sheet_names.append(name)
        self._open = Sheet(self, f"xl/worksheets/sheet{len(self.sheet_names)}.xml", widths, freeze)
        return self._open

    def close(self) -> None:
        if self._open is not None:
            self._open.close()
            self._open = None
        if not self.sheet_names:  # a workbook needs one sheet to open
            self.add_sheet("Sheet1").close()
            self._open = None
        z = self.zip
        n = len(self.sheet_names)
        z.writestr("[Content_Types].xml", self._content_types(n))
        z.writestr(
            "_rels/.rels",
            _xml(
                f'<Relationships xmlns="{_PKG_REL}">'
                f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
                'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
                "</Relationships>"
            ),
        )
        z.writestr(
            "docProps/core.xml",
            _xml(
                '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<dc:title>{escape(self.title)}</dc:title>"
                f"<dc:description>{escape(self.comments)}</dc:description>"
                "</cp:coreProperties>"
            ),
        )
        sheets = "".join(
            f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
            for i, name in enumerate(self.sheet_names, start=1)
        )
        z.writestr(
            "xl/workbook.xml",
            _xml(
                f'<workbook xmlns="{_NS}" xmlns:r="{_REL_NS}"><bookViews><workbookView/>'
                f"</bookViews><sheets>{sheets}</sheets></workbook>"
            ),
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{_REL_NS}/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, n + 1)
        )
        rels += f'<Relationship Id="rId{n + 1}" Type="{_REL_NS}/styles" Target="styles.xml"/>'
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            _xml(f'<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>'),
        )
        z.writestr("xl/styles.xml", self._styles_xml())
        z.close()

    def _content_types(self, n: int) -> str:
        ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        return _xml(
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f"{sheets}</Types>"
        )

    def _styles_xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{i}" formatCode="{escape(code)}"/>'
            for code, i in self._formats.items()
        )
        xfs = []
        for st in self._styles:
            fmt = 0
            if st.number_format is not None:
                fmt = _BUILTIN_FORMATS.get(st.number_format) or self._formats[st.number_format]
            if st.bold:
                # font 1 bold, fill 2 the header's shade, border 1 thin all round, wrapped
                xfs.append(
                    f'<xf numFmtId="{fmt}" fontId="1" fillId="2" borderId="1" xfId="0" '
                    'applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"'
                    + (' applyNumberFormat="1"' if fmt else "")
                    + '><alignment vertical="top" wrapText="1"/></xf>'
                )
            else:
                xfs.append(
                    f'<xf numFmtId="{fmt}" fontId="0" fillId="0" borderId="0" xfId="0"'
                    + (' applyNumberFormat="1"' if fmt else "")
                    + "/>"
                )
        thin = '<left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/>'
        return _xml(
            f'<styleSheet xmlns="{_NS}">'
            + (f'<numFmts count="{len(self._formats)}">{formats}</numFmts>' if formats else "")
            + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            '<fill><patternFill patternType="solid"><fgColor rgb="FFDDE6F0"/>'
            '<bgColor indexed="64"/></patternFill></fill></fills>'
            '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
            f"<border>{thin}<diagonal/></border></borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            f'</cellStyleXfs><cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _xml(body: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + body


__all__ = [
    "DATE",
    "MAX_TEXT",
    "NUMBER",
    "TEXT",
    "Sheet",
    "Style",
    "XlsxBook",
    "column_letter",
    "escape",
    "excel_serial",
]
