"""Importing the outlet's existing book from another system: a CSV (UTF-8 or GB18030, as Excel
saves it) or an XLSX workbook (its first sheet, read with openpyxl). Every row is checked
(app.renewals.book_rows); the report lists each refused row with its column and reason. Nothing is
half-imported: by default the good rows go in together in one transaction and the refused ones
are listed to be corrected and imported again; with `all_or_nothing` a single refused row stores
nothing. A policy already in the book (same insurer and policy number) is never added twice, so
re-importing a file, or a corrected one, adds only what is new. Imported policies are marked as
such and are never uploaded to head office as new business."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from app.core.limits import escaped
from app.renewals.book_rows import BY_HEADING, REQUIRED, CheckedRow, Problem, cell_text, check_row
from app.renewals.consent import REMINDER_PURPOSE
from local_db.models import BookImport, BookPolicy, ContactConsent, User

MAX_BOOK_ROWS = 200_000
MAX_XLSX_INFLATED = 512 * 1024 * 1024  # what the workbook's parts may expand to, together
MAX_STORED_REFUSALS = 2_000  # the report keeps this many in the store; the count is complete
PROGRESS_EVERY = 1_000
CHUNK = 2_000

Progress = Callable[[int, int], None]  # (rows done, rows in the file)


@dataclass
class ImportReport:
    file_name: str
    total: int = 0
    added: int = 0
    already: int = 0  # in the book before, or earlier in the same file
    refused: list[dict[str, Any]] = field(default_factory=list)  # {row, column, en, zh}
    refused_rows: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    stored: bool = True  # False: all or nothing, and something was refused
    import_id: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file_name,
            "rows": self.total,
            "added": self.added,
            "already_in_book": self.already,
            "refused_rows": self.refused_rows,
            "refused": self.refused,
            "ignored_columns": self.ignored_columns,
            "stored": self.stored,
        }


def _refuse_file(name: str, en: str, zh: str) -> InvalidInput:
    return InvalidInput(f"{name}: {en} Nothing was imported.", zh=f"{name}：{zh}未导入任何数据。")


def _csv_rows(content: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _refuse_file(
            name,
            "the file is neither UTF-8 nor GB18030 text; save it as CSV (UTF-8) and import it again.",
            "文件不是 UTF-8 或 GB18030 编码的文本，请另存为 CSV（UTF-8）后重新导入。",
        )
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader, [])
        rows: list[tuple[int, list[str]]] = []
        for values in reader:
            if len(rows) >= MAX_BOOK_ROWS:
                raise _refuse_file(
                    name,
                    f"it has more than {MAX_BOOK_ROWS:,} rows; split it into smaller files.",
                    f"超过 {MAX_BOOK_ROWS:,} 行，请拆分为多个文件。",
                )
            if any(v.strip() for v in values):
                rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise _refuse_file(
            name,
            f"line {reader.line_num} cannot be read as CSV ({exc}).",
            f"第 {reader.line_num} 行无法按 CSV 读取。",
        ) from exc
    return header, rows


def _xlsx_rows(content: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    from openpyxl import load_workbook  # only when a workbook is imported

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            inflated = sum(i.file_size for i in z.infolist())
    except zipfile.BadZipFile as exc:
        raise _refuse_file(
            name,
            "the file is not an XLSX workbook (nor a CSV); save it as .xlsx or .csv.",
            "文件不是 XLSX 工作簿，请另存为 .xlsx 或 .csv。",
        ) from exc
    if inflated > MAX_XLSX_INFLATED:
        raise _refuse_file(
            name,
            "the workbook expands to more than 512 MB; save the policies as CSV instead.",
            "工作簿解压后超过 512 MB，请另存为 CSV。",
        )
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise _refuse_file(
            name,
            f"the workbook cannot be read ({type(exc).__name__}); open it in Excel and save it again.",
            "工作簿无法读取，请在 Excel 中打开后重新保存。",
        ) from exc
    try:
        sheet = book.worksheets[0]
        it = sheet.iter_rows(values_only=True)
        header = [cell_text(v) for v in next(it, ())]
        rows: list[tuple[int, list[str]]] = []
        for number, values in enumerate(it, start=2):
            cells = [cell_text(v) for v in values]
            if not any(cells):
                continue
            if len(rows) >= MAX_BOOK_ROWS:
                raise _refuse_file(
                    name,
                    f"it has more than {MAX_BOOK_ROWS:,} rows; split it into smaller files.",
                    f"超过 {MAX_BOOK_ROWS:,} 行，请拆分为多个文件。",
                )
            rows.append((number, cells))
    finally:
        book.close()
    return header, rows


def read_rows(content: bytes, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(row number as the file's editor shows it, cells)]) of a CSV or XLSX file."""
    if content[:4] == b"PK\x03\x04":
        return _xlsx_rows(content, name)
    return _csv_rows(content, name)


def _columns(header: list[str], name: str) -> tuple[dict[int, str], list[str]]:
    """Cell index → column key, and the headings this desk does not read."""
    by_index: dict[int, str] = {}
    ignored: list[str] = []
    for i, heading in enumerate(header):
        key = BY_HEADING.get(heading.strip()) or BY_HEADING.get(heading.strip().lower())
        if key is None:
            if heading.strip():
                ignored.append(escaped(heading.strip(), 40))
            continue
        if key in by_index.values():
            raise _refuse_file(
                name,
                f"the column {key} appears twice in the header; keep one.",
                f"表头中 {key} 列出现两次，请只保留一列。",
            )
        by_index[i] = key
    missing = [k for k in REQUIRED if k not in by_index.values()]
    if missing:
        raise _refuse_file(
            name,
            f"the header lacks the column(s) {', '.join(missing)} (docs/renewals.md lists the "
            "columns and the Chinese headings accepted for each).",
            f"表头缺少必填列：{', '.join(missing)}（列名见文档）。",
        )
    return by_index, ignored


def checked_rows(
    rows: list[tuple[int, list[str]]],
    columns: dict[int, str],
    today: date,
    cover_names: dict[str, str],
    progress: Progress | None = None,
) -> Iterator[tuple[int, CheckedRow | list[Problem]]]:
    total = len(rows)
    for done, (number, cells) in enumerate(rows, start=1):
        raw = {key: cells[i] if i < len(cells) else "" for i, key in columns.items()}
        yield number, check_row(raw, today, cover_names)
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)


def import_book(
    session: Session,
    *,
    content: bytes,
    file_name: str,
    actor_name: str,
    today: date,
    cover_names: dict[str, str],
    all_or_nothing: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Check every row and store the good ones in the caller's transaction (see the module's
    docstring for what is stored when)."""
    source = "xlsx" if content[:4] == b"PK\x03\x04" else "csv"
    header, rows = read_rows(content, file_name)
    columns, ignored = _columns(header, file_name)
    report = ImportReport(file_name, ignored_columns=ignored)
    if progress is not None:
        progress(0, len(rows))
    existing = {
        (insurer, number)
        for insurer, number in session.execute(select(BookPolicy.insurer, BookPolicy.policy_number))
    }
    users = {name: uid for uid, name in session.execute(select(User.id, User.username))}
    consents = {
        (number, channel)
        for number, channel in session.execute(
            # any record, given or withdrawn: an import never overrides what the desk recorded
            select(ContactConsent.id_number, ContactConsent.channel).where(
                ContactConsent.purpose == REMINDER_PURPOSE
            )
        )
    }
    good: list[CheckedRow] = []
    for number, result in checked_rows(rows, columns, today, cover_names, progress):
        report.total += 1
        if isinstance(result, list):
            report.refused_rows += 1
            for p in result:
                if len(report.refused) < MAX_STORED_REFUSALS:
                    report.refused.append(p.to_json(number))
            continue
        if result.assignee is not None and result.assignee not in users:
            report.refused_rows += 1
            report.refused.append(
                Problem(
                    "assigned_to",
                    "names no user of this desk; leave it empty or give a user name",
                    "不是本机的用户名，请留空或填写用户名",
                ).to_json(number)
            )
            continue
        if result.key in existing:
            report.already += 1
            continue
        existing.add(result.key)
        good.append(result)
    if all_or_nothing and report.refused_rows:
        report.stored = False
        return report
    record = BookImport(
        source=source,
        file_name=escaped(Path(file_name).name, 200),
        sha256=hashlib.sha256(content).hexdigest(),
        mode="all" if all_or_nothing else "rows",
        imported_by=actor_name,
        rows_total=report.total,
        rows_added=len(good),
        rows_already=report.already,
        rows_refused=report.refused_rows,
        refused=report.refused,
    )
    session.add(record)
    session.flush()
    report.import_id = record.id
    consent_source = f"import {record.file_name}"[:100]
    for start in range(0, len(good), CHUNK):
        chunk = good[start : start + CHUNK]
        session.execute(
            insert(BookPolicy),
            [
                {
                    **row.values,
                    "source": "imported",
                    "import_id": record.id,
                    "state": "due",
                    "assigned_to": users.get(row.assignee) if row.assignee else None,
                }
                for row in chunk
            ],
        )
        new_consents = []
        for row in chunk:
            for channel in row.consent:
                key = (row.values["holder_id_number"], channel)
                if key in consents:
                    continue
                consents.add(key)
                new_consents.append(
                    {
                        "id_number": key[0],
                        "channel": channel,
                        "purpose": REMINDER_PURPOSE,
                        "given": True,
                        "text_version": "imported",
                        "source": consent_source,
                        "recorded_by": actor_name,
                    }
                )
        if new_consents:
            session.execute(insert(ContactConsent), new_consents)
    report.added = len(good)
    return report
