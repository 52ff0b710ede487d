"""CSV files head office imports (the claims register, the look-up extracts): read whole as UTF-8
text, then row by row with the line number an editor shows. A file that is not such text, or a row
that is not CSV, refuses the whole file with a message saying what to do."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.core.errors import InvalidInput


def read_csv_text(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{path.name} is not a UTF-8 CSV file (it holds bytes that are not text); export it "
            "as CSV UTF-8. Nothing was imported.",
            zh=f"{path.name} 不是 UTF-8 编码的 CSV 文件，请另存为 CSV UTF-8 后重新导入。未导入任何数据。",
        ) from exc
    if "\x00" in text:
        raise InvalidInput(
            f"{path.name} holds NUL bytes: it is not a CSV text file. Nothing was imported.",
            zh=f"{path.name} 含有空字节，不是 CSV 文本文件。未导入任何数据。",
        )
    return text


def csv_rows(path: Path, text: str) -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """(header, rows): the header's names trimmed; each row with its line number (the header is
    line 1). A row with more values than the header has them under the key None."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        while True:
            try:
                raw = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InvalidInput(
                    f"{path.name} line {reader.line_num}: not a CSV row ({exc}). Nothing was "
                    "imported.",
                    zh=f"{path.name} 第 {reader.line_num} 行不是有效的 CSV 行。未导入任何数据。",
                ) from exc
            yield reader.line_num, raw

    return header, rows()
