"""报表: the outlet's figures for a month or a year (ReportService, docs/reports.md): the headline
figures beside the previous period's, charts by day/week/month, by cover and of the renewal
funnel, every section as a table, and the policies behind any figure or bar that is clicked. A
clerk sees their own figures; supervisors and administrators the outlet's and any clerk's.
Exports (XLSX, CSV) run on a worker with their progress shown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.access.permissions import Permission
from app.core.errors import ChudanError
from app.core.money import fmt_amount
from app.figures.labels import COVER_NAMES, label
from app.figures.measures import change
from app.figures.period import Grain, Period
from app.figures.report import (
    Drill,
    Report,
    Section,
    column_title,
    policies_section,
    shown,
    text_of,
)
from app.issuance.lifecycle import STATE_NAMES_ZH, State
from ui.charts import Bar, BarChart
from ui.pages.base import Page, fill_table, read_only_table
from ui.widgets import named

if TYPE_CHECKING:
    from app.figures.sheets import Progress
    from app.reports.export import Exported

_STATES = {s.value for s in State}
MONTHS_OFFERED = 24
YEARS_OFFERED = 3


class ReportsPage(Page):
    def __init__(self, ctx, user, parent=None, tasks=None, ops=None) -> None:
        super().__init__(ctx, user, parent, ops)
        self.tasks = tasks  # exports run on a worker when the window gives one
        self.report: Report | None = None
        self.sections: list[Section] = []
        self.drill_lines: list = []

        controls = QHBoxLayout()
        self.period_label = QLabel()
        self.period_box = named(QComboBox(), "reportPeriod")
        self.grain_label = QLabel()
        self.grain_box = named(QComboBox(), "reportGrain")
        self.clerk_label = QLabel()
        self.clerk_box = named(QComboBox(), "reportClerk")
        self.clerk_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.compare_box = named(QCheckBox(), "reportCompare")
        self.compare_box.setChecked(True)
        self.show_button = named(QPushButton(), "showReport")
        self.export_xlsx = named(QPushButton(), "exportXlsx")
        self.export_csv = named(QPushButton(), "exportCsv")
        self.export_pdf = named(QPushButton(), "exportPdf")
        self.complaints_button = named(QPushButton(), "complaintsButton")
        self.clear_names = named(QCheckBox(), "exportClearNames")
        self.clear_names.setVisible(user.can(Permission.REVEAL_PERSONAL_DATA))
        for w in (
            self.period_label,
            self.period_box,
            self.grain_label,
            self.grain_box,
            self.clerk_label,
            self.clerk_box,
            self.compare_box,
            self.show_button,
        ):
            controls.addWidget(w)
        controls.addStretch(1)
        for w in (
            self.complaints_button,
            self.clear_names,
            self.export_xlsx,
            self.export_csv,
            self.export_pdf,
        ):
            controls.addWidget(w)
        self.layout_.addLayout(controls)

        # The high-value rule (an outlet setting, administrators; audited): shown to all.
        rule_row = QHBoxLayout()
        self.rule_label = named(QLabel(), "highValueRule")
        self.hv_premium = named(QLineEdit(), "highValuePremium")
        self.hv_price = named(QLineEdit(), "highValuePrice")
        self.hv_save = named(QPushButton(), "saveHighValue")
        rule_row.addWidget(self.rule_label, 1)
        editor: tuple[QWidget, ...] = (self.hv_premium, self.hv_price, self.hv_save)
        for editable in editor:
            editable.setVisible(user.can(Permission.MANAGE_SETTINGS))
            rule_row.addWidget(editable)
        self.layout_.addLayout(rule_row)
        self.hv_save.clicked.connect(self.save_high_value_rule)

        top = QHBoxLayout()
        self.headline = read_only_table("reportHeadline")
        self.headline.setMinimumWidth(380)
        top.addWidget(self.headline, 2)
        charts = QWidget()
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 0, 0)
        self.buckets_chart = named(BarChart(), "bucketsChart")
        self.premium_chart = named(BarChart(), "premiumChart")
        self.covers_chart = named(BarChart(), "coversChart")
        self.renewal_chart = named(BarChart(), "renewalChart")
        grid.addWidget(self.buckets_chart, 0, 0)
        grid.addWidget(self.premium_chart, 0, 1)
        grid.addWidget(self.covers_chart, 1, 0)
        grid.addWidget(self.renewal_chart, 1, 1)
        top.addWidget(charts, 3)
        self.layout_.addLayout(top, 3)

        bottom = QHBoxLayout()
        self.tabs = named(QTabWidget(), "reportSections")
        bottom.addWidget(self.tabs, 3)
        drill_box = QWidget()
        drill_layout = QVBoxLayout(drill_box)
        drill_layout.setContentsMargins(0, 0, 0, 0)
        self.drill_title = named(QLabel(), "drillTitle")
        self.drill_title.setWordWrap(True)
        self.drill_table = read_only_table("drillTable")
        drill_layout.addWidget(self.drill_title)
        drill_layout.addWidget(self.drill_table)
        bottom.addWidget(drill_box, 2)
        self.layout_.addLayout(bottom, 2)

        self.show_button.clicked.connect(self.refresh)
        self.headline.cellClicked.connect(self._headline_clicked)
        self.buckets_chart.barClicked.connect(lambda i: self._bar_clicked("bucket", i))
        self.premium_chart.barClicked.connect(lambda i: self._bar_clicked("bucket", i))
        self.covers_chart.barClicked.connect(lambda i: self._bar_clicked("cover", i))
        self.renewal_chart.barClicked.connect(lambda i: self._bar_clicked("renewal", i))
        self.export_xlsx.clicked.connect(lambda: self.export("xlsx"))
        self.export_csv.clicked.connect(lambda: self.export("csv"))
        self.export_pdf.clicked.connect(lambda: self.export("pdf"))
        self.complaints_button.clicked.connect(self.open_complaints)
        self.complaints_dialog: QDialog | None = None
        self._bar_drills: dict[str, list[Drill]] = {}
        self._headline_drills: list[Drill | None] = []
        self._filled = False
        self._generation = 0
        self.busy = False  # a report is being worked out on a worker
        self.retranslate()

    # -- language ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Reports"))
        self.note.setText(
            self.tr("Click a figure, a bar or a table row to list the policies behind it.")
        )
        self.period_label.setText(self.tr("Period"))
        self.grain_label.setText(self.tr("By"))
        self.clerk_label.setText(self.tr("Clerk"))
        self.compare_box.setText(self.tr("Compare with the previous period"))
        self.show_button.setText(self.tr("Show"))
        self.export_xlsx.setText(self.tr("Export XLSX"))
        self.export_csv.setText(self.tr("Export CSV"))
        self.export_pdf.setText(self.tr("Monthly PDF"))
        self.complaints_button.setText(self.tr("Complaints"))
        self.hv_premium.setPlaceholderText(self.tr("Commercial premium from (yuan)"))
        self.hv_price.setPlaceholderText(self.tr("New-car price from (yuan)"))
        self.hv_save.setText(self.tr("Set the high-value rule"))
        self.clear_names.setText(self.tr("Names in clear (audited)"))
        grain = self.grain_box.currentData()
        self.grain_box.blockSignals(True)
        self.grain_box.clear()
        for g, text in (
            (Grain.DAY, self.tr("Day")),
            (Grain.WEEK, self.tr("Week")),
            (Grain.MONTH, self.tr("Month")),
        ):
            self.grain_box.addItem(text, g)
        self.grain_box.setCurrentIndex(max(0, self.grain_box.findData(grain)))
        self.grain_box.blockSignals(False)

    # -- choices ----------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        """Months and years up to today; the clerks this user may read."""
        today = self.ctx.clock().astimezone().date()
        self.period_box.clear()
        y, m = today.year, today.month
        for _ in range(MONTHS_OFFERED):
            self.period_box.addItem(f"{y}-{m:02d}", ("month", y, m))
            y, m = (y, m - 1) if m > 1 else (y - 1, 12)
        for year in range(today.year, today.year - YEARS_OFFERED, -1):
            self.period_box.addItem(self.tr("Year %1").replace("%1", str(year)), ("year", year, 0))
        self.clerk_box.clear()
        if self.user.can(Permission.VIEW_OUTLET_REPORTS):
            self.clerk_box.addItem(self.tr("Whole outlet"), None)
        for user_id, name in self.ctx.reports.clerks(self.user):
            self.clerk_box.addItem(name, user_id)
        self.clerk_box.setEnabled(self.clerk_box.count() > 1)
        self._filled = True

    def period(self) -> Period:
        kind, y, m = self.period_box.currentData()
        grain = Grain(self.grain_box.currentData())
        if kind == "year":
            return Period.year(y, grain)
        return Period.month(y, m, grain)

    def select_period(self, text: str) -> None:
        """Choose a period by what the box shows ("2026-11"), as a person would."""
        i = self.period_box.findText(text)
        if i < 0:
            raise LookupError(text)
        self.period_box.setCurrentIndex(i)

    def select_year(self, year: int) -> None:
        if not self._filled:
            self._fill_choices()
        for i in range(self.period_box.count()):
            if tuple(self.period_box.itemData(i)) == ("year", year, 0):
                self.period_box.setCurrentIndex(i)
                return
        raise LookupError(year)

    # -- showing the report -----------------------------------------------------------------
    def refresh(self) -> None:
        """Compute the chosen report (on a worker when the window gives one: a year of a busy
        outlet takes seconds to sum) and show it."""
        if not self._filled:
            self._fill_choices()
        args = (self.user, self.period(), self.clerk_box.currentData())
        compare = self.compare_box.isChecked()
        if self.tasks is None:
            try:
                self.report = self.ctx.reports.report(*args, compare=compare)
            except ChudanError as exc:
                self.note.setText(exc.localized(self.lang()))
                return
            self._show(self.report)
            return
        self._generation += 1
        generation = self._generation
        self.busy = True
        self.note.setText(self.tr("Working out the figures …"))

        def done(report: Any) -> None:
            if not isValid(self) or generation != self._generation:
                return  # the window closed, or another period was chosen meanwhile
            self.busy = False
            self.report = report
            self.retranslate()
            self._show(report)

        def failed(exc: BaseException) -> None:
            if not isValid(self) or generation != self._generation:
                return
            self.busy = False
            text = exc.localized(self.lang()) if isinstance(exc, ChudanError) else str(exc)[:200]
            self.note.setText(text)

        self.tasks.run(
            lambda: self.ctx.reports.report(*args, compare=compare),
            on_success=done,
            on_failure=failed,
        )

    def _show(self, report: Report) -> None:
        lang = self.lang()
        self._show_rule()
        rows = report.headline()
        self.headline.clear()
        headers = [label(k, lang) for k in ("figure", "value", "previous", "change")]
        self.headline.setColumnCount(4)
        self.headline.setHorizontalHeaderLabels(headers)
        self.headline.setRowCount(len(rows))
        self._headline_drills = []
        for r, (key, now, before, kind, drill) in enumerate(rows):
            diff = change(now, before) if before is not None and report.previous else None
            cells = [
                label(key, lang),
                shown(kind, now, lang),
                shown(kind, before, lang) if report.previous else "",
                shown("change", diff, lang) if report.previous else "",
            ]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if drill is not None:
                    item.setToolTip(self.tr("Click to list the policies"))
                self.headline.setItem(r, c, item)
            self._headline_drills.append(drill)
        self.headline.resizeColumnsToContents()
        self._charts(report, lang)
        self.sections = report.sections(lang)[1:]  # the summary is the headline table
        self.tabs.clear()
        for section in self.sections:
            table = read_only_table(section.key)
            fill_section(table, section, lang)
            table.cellClicked.connect(
                lambda row, _col, s=section: self._drill(s.drills[row], s.rows[row][0])
            )
            self.tabs.addTab(table, label(section.key, lang))
        self.tabs.addTab(self._training_results(), self.tr("Training results"))

    def _training_results(self) -> QTableWidget:
        """Each clerk's 实战演练 results over time (docs/training.md): one row a clerk, from the
        results kept beside the training store (a small file, read here)."""
        from app.desk.training import real_home
        from app.training.results import ResultsLog

        per_clerk: dict[str, list[Any]] = {}
        for r in ResultsLog(real_home(self.ctx)).runs():
            per_clerk.setdefault(r.user, []).append(r)
        table = read_only_table("trainingResultsByClerk")
        fill_table(
            table,
            [
                self.tr("Clerk"),
                self.tr("Drills"),
                self.tr("Passed"),
                self.tr("Points"),
                self.tr("First"),
                self.tr("Last"),
            ],
            [
                [
                    user,
                    str(len(runs)),
                    str(sum(r.passed for r in runs)),
                    f"{sum(r.points for r in runs)}/{sum(r.max_points for r in runs)}",
                    runs[0].at[:10],
                    runs[-1].at[:10],
                ]
                for user, runs in sorted(per_clerk.items())
            ],
        )
        return table

    def _charts(self, report: Report, lang: str) -> None:
        v = report.volume
        prev_by_index: list[Any] = (
            list(report.previous.by_bucket.values()) if report.previous else []
        )
        buckets = list(v.by_bucket.items())
        self._bar_drills["bucket"] = [Drill("bucket", key) for key, _ in buckets]
        self.buckets_chart.set_bars(
            label("policies", lang),
            [
                Bar(
                    key[5:] if report.period.grain == Grain.DAY else key,
                    t.policies,
                    f"{t.policies:,}",
                    prev_by_index[i].policies if i < len(prev_by_index) else None,
                )
                for i, (key, t) in enumerate(buckets)
            ],
        )
        self.premium_chart.set_bars(
            label("premium", lang),
            [
                Bar(
                    key[5:] if report.period.grain == Grain.DAY else key,
                    float(t.premium),
                    fmt_amount(t.premium),
                    float(prev_by_index[i].premium) if i < len(prev_by_index) else None,
                )
                for i, (key, t) in enumerate(buckets)
            ],
        )
        covers = [(code, n) for code, n in v.covers.items() if n]
        self._bar_drills["cover"] = [Drill("cover", code) for code, _ in covers]
        self.covers_chart.set_bars(
            label("section_covers", lang),
            [Bar(label(code, lang, COVER_NAMES), n, f"{n:,}") for code, n in covers],
        )
        f = report.renewal
        funnel = [
            ("expiring", f.expiring),
            ("contacted", f.contacted),
            ("quoted", f.quoted),
            ("renewed", f.renewed),
            ("lost", f.lost),
        ]
        self._bar_drills["renewal"] = [Drill("renewal", key) for key, _ in funnel]
        self.renewal_chart.set_bars(
            label("section_renewal", lang),
            [Bar(label(key, lang).split(" (")[0], n, f"{n:,}") for key, n in funnel],
        )

    # -- drill-down -------------------------------------------------------------------------
    def _headline_clicked(self, row: int, _col: int) -> None:
        if 0 <= row < len(self._headline_drills):
            item = self.headline.item(row, 0)
            self._drill(self._headline_drills[row], item.text() if item else "")

    def _bar_clicked(self, chart: str, index: int) -> None:
        drills = self._bar_drills.get(chart, [])
        if 0 <= index < len(drills):
            d = drills[index]
            name = label(d.value, self.lang(), COVER_NAMES) if chart == "cover" else d.value
            self._drill(d, name)

    def _drill(self, drill: Drill | None, what: Any) -> None:
        if drill is None or self.report is None:
            return
        lang = self.lang()
        try:
            self.drill_lines = self.ctx.reports.drill(
                self.user, self.report.period, drill, self.clerk_box.currentData()
            )
        except ChudanError as exc:
            self.note.setText(exc.localized(lang))
            return
        title = text_of(str(what), lang) if not isinstance(what, tuple) else str(what[1])
        self.drill_title.setText(
            self.tr("%1: %2 policies")
            .replace("%1", title)
            .replace("%2", str(len(self.drill_lines)))
        )
        section = policies_section(self.drill_lines, self.report.who_kind, self.report.who_names)
        fill_section(self.drill_table, section, lang)

    # -- the high-value rule ----------------------------------------------------------------
    def _show_rule(self) -> None:
        rule = self.ctx.reports.high_value_rule()
        self.rule_label.setText(self.tr("High value: %1").replace("%1", rule.describe(self.lang())))

    def save_high_value_rule(self) -> None:
        try:
            self.ctx.reports.set_high_value_rule(
                self.user, self.hv_premium.text(), self.hv_price.text()
            )
        except ChudanError as exc:
            self.note.setText(exc.localized(self.lang()))
            return
        self.refresh()

    # -- the complaint register -------------------------------------------------------------
    def open_complaints(self) -> None:
        from ui.pages.complaints_dialog import ComplaintsDialog

        period = self.report.period if self.report is not None else self.period()
        dialog = ComplaintsDialog(self.ctx, self.user, period, self)
        dialog.finished.connect(lambda _result: self.refresh())  # the figures count them
        self.complaints_dialog = dialog
        dialog.open()

    # -- exports ----------------------------------------------------------------------------
    def export(self, fmt: str) -> None:
        if self.report is None or self.busy:
            return  # nothing shown yet: the export writes what the page shows
        suggested = f"report-{self.report.period.label().replace(' – ', '_')}.{fmt}"
        chosen, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the report"), str(Path.home() / suggested), f"*.{fmt}"
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != f".{fmt}":
            path = path.with_name(path.name + f".{fmt}")
        exports = self.ctx.report_exports
        user, period, clerk = self.user, self.report.period, self.clerk_box.currentData()
        lang, clear, shown = self.lang(), self.clear_names.isChecked(), self.report

        def write(progress: Progress | None = None) -> Exported:
            # The figures shown are written as they are unless something changed since.
            return exports.export(
                user, period, path, clerk, lang=lang, clear=clear, progress=progress, shown=shown
            )

        if self.tasks is None:
            try:
                self._exported(write())
            except ChudanError as exc:
                self.note.setText(exc.localized(self.lang()))
            return
        dialog = named(QProgressDialog(self), "exportProgress")
        dialog.setLabelText(self.tr("Writing %1 …").replace("%1", path.name))
        dialog.setCancelButton(None)
        dialog.setRange(0, 0)
        dialog.setMinimumDuration(300)
        self.progress = dialog
        for b in (self.export_xlsx, self.export_csv, self.export_pdf):
            b.setEnabled(False)

        def progressed(done: int, total: int) -> None:
            dialog.setRange(0, max(total, 1))
            dialog.setValue(done)

        def finished(_: Any = None) -> None:
            dialog.reset()
            dialog.deleteLater()
            for b in (self.export_xlsx, self.export_csv, self.export_pdf):
                b.setEnabled(True)

        def failed(exc: BaseException) -> None:
            finished()
            if isinstance(exc, ChudanError):
                self.note.setText(exc.localized(self.lang()))
            else:
                self.note.setText(self.tr("The export failed: %1").replace("%1", str(exc)[:200]))

        def succeeded(done: Any) -> None:
            finished()
            self._exported(done)

        self.tasks.run(
            write,
            on_success=succeeded,
            on_failure=failed,
            on_progress=progressed,
        )

    def _exported(self, done: Any) -> None:
        self.note.setText(
            self.tr("Exported %1 policies to %2.")
            .replace("%1", f"{done.policy_rows:,}")
            .replace("%2", str(done.path))
        )


def fill_section(table: QTableWidget, section: Section, lang: str) -> None:
    """A section's rows as the window shows them: numbers right-aligned, codes named."""
    table.clear()
    table.setColumnCount(len(section.columns))
    table.setHorizontalHeaderLabels([column_title(c.key, lang) for c in section.columns])
    table.setRowCount(len(section.rows))
    for r, row in enumerate(section.rows):
        for c, (column, value) in enumerate(zip(section.columns, row, strict=True)):
            if column.key == "state" and lang.startswith("zh"):
                text = (
                    STATE_NAMES_ZH.get(State(value), str(value)) if value in _STATES else str(value)
                )
            elif column.kind == "text":
                named_code = c == 0 or column.key in ("channel", "cover")
                text = text_of(str(value), lang) if named_code else str(value)
            else:
                text = shown(column.kind, value, lang)
            item = QTableWidgetItem(text)
            if column.kind not in ("text", "date"):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    table.resizeColumnsToContents()
