"""Exporting a report: the same figures the window shows (ReportService.report), plus the
policies behind them on their own sheet, as XLSX or CSV; or the monthly PDF with the charts. Whoever may read a report may export it
(a clerk their own figures); policyholders' names stay masked unless the exporter asks for them
and may see personal data. Every export is audited (`report.export`: format, period, scope, rows,
masked or not). The file is written beside its destination and moved into place, so a failed
export never leaves half a file under the name asked for."""

from __future__ import annotations

import gc
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission
from app.core.errors import InvalidInput
from app.core.limits import escaped
from app.core.output_files import checked_destination
from app.figures.labels import label
from app.figures.period import Period
from app.figures.report import Drill, Report, policies_section
from app.figures.sheets import Progress, row_count, write_csv, write_xlsx
from app.reports.service import ReportService
from local_db.keystore import store_files
from local_db.store import Store

FORMATS = ("xlsx", "csv", "pdf")
MAX_POLICY_ROWS = 1_000_000  # Excel's sheet holds 1,048,576 rows


@dataclass(frozen=True)
class Exported:
    path: Path
    format: str
    sheets: int
    rows: int
    policy_rows: int
    masked: bool


class ReportExports:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        reports: ReportService,
        *,
        home: Path,
    ) -> None:
        """`home`: the data directory, where no report is ever written."""
        self._store = store
        self._audit = audit
        self._reports = reports
        self._home = home

    def export(
        self,
        actor: CurrentUser,
        period: Period,
        path: Path,
        clerk_id: int | None = None,
        *,
        lang: str = "zh_CN",
        clear: bool = False,
        today: date | None = None,
        progress: Progress | None = None,
        shown: Report | None = None,
    ) -> Exported:
        """`shown`: the report the window shows for this period and clerk, if any. It is written
        as it is while nothing was audited since it was worked out (ReportService.still_current),
        which saves working the figures out again (about 1.5 s of CPU for 100,000 policies);
        otherwise the figures are worked out afresh."""
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise InvalidInput(
                f"Export to a file ending in .xlsx, .csv or .pdf, not {escaped(path.name, 60)}.",
                zh=f"导出文件名须以 .xlsx、.csv 或 .pdf 结尾（当前为 {escaped(path.name, 60)}）。",
            )
        # The save dialog has asked before replacing a file; never the store, its key or
        # anything in the data directory (an issued policy's PDF is a .pdf too).
        path = checked_destination(
            path,
            home=self._home,
            force=True,
            what="the report",
            protected=store_files(self._store.path),
        )
        masked = not (clear and actor.can(Permission.REVEAL_PERSONAL_DATA))
        # An export makes a few hundred thousand small objects that hold no cycles (the lines,
        # their rows, the cells' text): the cyclic collector would walk all of them again and
        # again as they pile up (a sixth of the export's time). Paused meanwhile, it catches up
        # after; reference counting still frees everything as usual.
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return self._export(
                actor, period, path, clerk_id, fmt, masked, lang, today, progress, shown
            )
        finally:
            if was_enabled:
                gc.enable()

    def _export(
        self,
        actor: CurrentUser,
        period: Period,
        path: Path,
        clerk_id: int | None,
        fmt: str,
        masked: bool,
        lang: str,
        today: date | None,
        progress: Progress | None,
        shown: Report | None,
    ) -> Exported:
        current = shown is not None and self._reports.still_current(shown, actor, period, clerk_id)
        if fmt == "pdf":
            # The PDF is the month at a glance: the policies behind it are the spreadsheets'.
            report = (
                shown
                if shown is not None and current
                else self._reports.report(actor, period, clerk_id, today=today)
            )
            lines = []
        elif shown is not None and current:
            report = shown
            lines = self._reports.drill(
                actor,
                period,
                Drill("issued_all"),
                clerk_id,
                limit=MAX_POLICY_ROWS,
                today=today,
                reveal=not masked,
            )
        else:
            # The policy list is read on a second thread while the figures are worked out:
            # both are mostly SQLite reading, which lets the other thread run meanwhile. The
            # facts are caught up first, so neither thread has anything to write.
            self._reports.refresh_facts()
            with ThreadPoolExecutor(1, thread_name_prefix="export-lines") as pool:
                reading = pool.submit(
                    self._reports.drill,
                    actor,
                    period,
                    Drill("issued_all"),
                    clerk_id,
                    limit=MAX_POLICY_ROWS,
                    today=today,
                    reveal=not masked,
                )
                report = self._reports.report(actor, period, clerk_id, today=today)
                lines = reading.result()
        sections = report.sections(lang)
        if fmt != "pdf":
            sections.append(policies_section(lines, report.who_kind, report.who_names))
        title = f"{label('report_title', lang)} {report.scope_name} {period.label()}"
        partial = path.with_name(f".{path.name}.partial")
        try:
            if fmt == "xlsx":
                write_xlsx(sections, partial, lang, title=title, progress=progress)
            elif fmt == "pdf":
                from app.figures.report_pdf import write_pdf  # reportlab: loaded when used

                write_pdf(report, partial, lang)
            else:
                write_csv(sections, partial, lang, progress=progress)
            os.replace(partial, path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise InvalidInput(
                f"The report could not be written to {escaped(str(path), 80)} ({exc.strerror or exc}); "
                "choose another folder or close the file if it is open.",
                zh=f"报表无法写入 {escaped(str(path), 80)}：请换一个文件夹，或先关闭已打开的该文件。",
            ) from exc
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        done = Exported(path, fmt, len(sections), row_count(sections), len(lines), masked)
        with self._store.write() as s:
            self._audit.record(
                s,
                actor.audit_name,
                "report.export",
                "report",
                period.label(),
                f"{fmt}, {report.scope} {report.scope_name}, {done.policy_rows} policies, "
                + ("names masked" if masked else "names in clear"),
            )
        return done


__all__ = ["FORMATS", "Exported", "ReportExports"]
