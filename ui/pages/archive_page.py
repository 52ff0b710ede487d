"""单证库: every document the desk keeps, found from one box (app/archive, docs/archive.md): a
policy number, plate, VIN, name, ID number or phone finds its documents exactly; three characters
or more also search their text. Filters by category, the days added (a range, both included), who
added them, and "waiting for review". A document opens
inside the window (never written to disk in clear); ID-card images only for the roles that may
see them, every opening audited. Old paper documents (photos, PDFs) are imported on a worker and
linked to their policy when their numbers match, else they wait for review."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
)
from shiboken6 import isValid

from app.access.permissions import Permission
from app.archive.categories import CATEGORY_NAMES, category_name
from app.archive.service import Hit, SearchFilter
from app.core.errors import ChudanError
from ui.pages.base import Page, fill_table, read_only_table
from ui.widgets import named

PREVIEW_WIDTH = 520


def _preview(mime: str, content: bytes) -> QPixmap | None:
    """The image, or a PDF's first page rendered in memory."""
    if mime == "application/pdf":
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(io.BytesIO(content))
        except pdfium.PdfiumError:
            return None
        try:
            if not len(pdf):
                return None
            buf = io.BytesIO()
            pdf[0].render(scale=1.2).to_pil().save(buf, format="PNG")
        finally:
            pdf.close()
        content = buf.getvalue()
    image = QImage.fromData(content)
    return None if image.isNull() else QPixmap.fromImage(image)


class ArchivePage(Page):
    def __init__(self, ctx, user, parent=None, tasks=None, ocr=None, ops=None) -> None:
        super().__init__(ctx, user, parent, ops)
        self.tasks = tasks
        self.ocr = ocr  # the window's OCR engine holder (imports of photos and scanned PDFs)
        self.hits: list[Hit] = []
        row = QHBoxLayout()
        self.query = named(QLineEdit(), "archiveQuery")
        self.category = named(QComboBox(), "archiveCategory")
        self.review_only = named(QCheckBox(), "archiveReviewOnly")
        # Added between two days (both included), when ticked; and by whom.
        self.dated = named(QCheckBox(), "archiveDated")
        today = QDate.currentDate()
        self.date_from = named(QDateEdit(today.addMonths(-1)), "archiveDateFrom")
        self.date_to = named(QDateEdit(today), "archiveDateTo")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.dated.toggled.connect(self.date_from.setEnabled)
        self.dated.toggled.connect(self.date_to.setEnabled)
        self.added_by = named(QComboBox(), "archiveAddedBy")
        self.search_button = named(QPushButton(), "archiveSearch")
        self.import_button = named(QPushButton(), "archiveImport")
        row.addWidget(self.query, 1)
        row.addWidget(self.category)
        row.addWidget(self.search_button)
        row.addStretch(1)
        row.addWidget(self.import_button)
        self.layout_.addLayout(row)
        filters = QHBoxLayout()  # a second line: the box keeps its width at 1366 pixels
        for f in (self.dated, self.date_from, self.date_to, self.added_by, self.review_only):
            filters.addWidget(f)
        filters.addStretch(1)
        self.layout_.addLayout(filters)
        self.table = read_only_table("archiveResults")
        self.layout_.addWidget(self.table, 2)
        bottom = QHBoxLayout()
        self.open_button = named(QPushButton(), "archiveOpen")
        self.text = named(QTextBrowser(), "archiveText")
        self.image = named(QLabel(), "archiveImage")
        self.image.setMinimumWidth(PREVIEW_WIDTH)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        bottom.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        bottom.addWidget(self.image, 2)
        bottom.addWidget(self.text, 1)
        self.layout_.addLayout(bottom, 2)

        # Filing a document from the review list: its category and the policy it belongs to.
        file_row = QHBoxLayout()
        self.file_category = named(QComboBox(), "fileCategory")
        self.file_policy = named(QLineEdit(), "filePolicy")
        self.file_button = named(QPushButton(), "fileDocument")
        for w in (self.file_category, self.file_policy, self.file_button):
            file_row.addWidget(w)
        file_row.addStretch(1)
        # Retention periods per category (administrators; audited).
        self.keep_category = named(QComboBox(), "retentionCategory")
        self.keep_days = named(QLineEdit(), "retentionDays")
        self.keep_button = named(QPushButton(), "saveRetention")
        for w in (self.keep_category, self.keep_days, self.keep_button):
            w.setVisible(user.can(Permission.MANAGE_SETTINGS))
            file_row.addWidget(w)
        self.layout_.addLayout(file_row)
        self.file_button.clicked.connect(self.file_selected)
        self.keep_button.clicked.connect(self.save_retention)
        self.query.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.open_button.clicked.connect(self.open_selected)
        self.table.cellDoubleClicked.connect(lambda _r, _c: self.open_selected())
        self.import_button.clicked.connect(self.import_files)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Document archive"))
        self.note.setText(
            self.tr(
                "Type a policy number, plate, VIN, name, ID number or phone, or any three characters of a document's text."
            )
        )
        self.query.setPlaceholderText(self.tr("Search documents"))
        self.review_only.setText(self.tr("Waiting for review only"))
        self.dated.setText(self.tr("Added from"))
        self.date_to.setToolTip(self.tr("to (both days included)"))
        # Only the words change here (a language change must not read the store); the names
        # are filled in by refresh().
        if self.added_by.count():
            self.added_by.setItemText(0, self.tr("Added by anyone"))
        else:
            self.added_by.addItem(self.tr("Added by anyone"), None)
        self.search_button.setText(self.tr("Search"))
        self.import_button.setText(self.tr("Import paper documents…"))
        self.open_button.setText(self.tr("Open"))
        self.file_policy.setPlaceholderText(self.tr("Policy number (optional)"))
        self.file_button.setText(self.tr("File the selected document"))
        self.keep_days.setPlaceholderText(self.tr("Days kept (empty: kept)"))
        self.keep_button.setText(self.tr("Set the retention period"))
        for box, first in (
            (self.category, self.tr("All categories")),
            (self.file_category, None),
            (self.keep_category, None),
        ):
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            if first is not None:
                box.addItem(first, None)
            for code in CATEGORY_NAMES:
                box.addItem(category_name(code, self.lang()), str(code))
            box.setCurrentIndex(max(0, box.findData(chosen)))
            box.blockSignals(False)

    def _fill_adders(self) -> None:
        """ "Added by": anyone, or one of the people who added documents."""
        chosen = self.added_by.currentData()
        try:
            adders = self.ctx.archive.adders(self.user)
        except ChudanError:
            adders = []
        self.added_by.blockSignals(True)
        self.added_by.clear()
        self.added_by.addItem(self.tr("Added by anyone"), None)
        for uid, name in adders:
            self.added_by.addItem(name, uid)
        self.added_by.setCurrentIndex(max(0, self.added_by.findData(chosen)))
        self.added_by.blockSignals(False)

    def refresh(self) -> None:
        self._fill_adders()
        self.search()

    def search(self) -> None:
        dated = self.dated.isChecked()
        first, last = (
            date.fromisoformat(e.date().toString("yyyy-MM-dd"))
            for e in (self.date_from, self.date_to)
        )
        where = SearchFilter(
            category=self.category.currentData(),
            date_from=first if dated else None,
            date_to=last if dated else None,
            clerk_id=self.added_by.currentData(),
            review_only=self.review_only.isChecked(),
        )
        if where.date_from and where.date_to and where.date_from > where.date_to:
            self.note.setText(self.tr("The first day comes after the last; swap them."))
            return
        try:
            self.hits = self.ctx.archive.search(self.user, self.query.text(), where)
        except ChudanError as exc:
            self.note.setText(exc.localized(self.lang()))
            return
        headers = [
            self.tr("Date"),
            self.tr("Category"),
            self.tr("File"),
            self.tr("Policy"),
            self.tr("Plate"),
            self.tr("Policyholder"),
            self.tr("Added by"),
            self.tr("Found by"),
            self.tr("Endorsement no."),
        ]
        rows = [
            [
                h.doc_date.isoformat(),
                category_name(h.category, self.lang())
                + (self.tr(" (purged)") if h.purged else "")
                + (self.tr(" (review)") if h.review else ""),
                h.filename,
                h.policy_number or "",
                h.plate or "",
                h.holder,
                h.added_by or "",
                h.matched,
                h.change_number or "",
            ]
            for h in self.hits
        ]
        fill_table(self.table, headers, rows)

    def open_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.hits):
            self.note.setText(self.tr("Choose a document in the list first."))
            return
        try:
            opened = self.ctx.archive.open(self.user, self.hits[row].document_id)
        except ChudanError as exc:
            self.note.setText(exc.localized(self.lang()))
            self.image.clear()
            self.text.clear()
            return
        pixmap = _preview(opened.mime_type, opened.content)
        if pixmap is None:
            self.image.setText(self.tr("No preview for this file."))
        else:
            self.image.setPixmap(
                pixmap.scaledToWidth(PREVIEW_WIDTH, Qt.TransformationMode.SmoothTransformation)
            )
        self.text.setPlainText(opened.text)

    def file_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.hits):
            self.note.setText(self.tr("Choose a document in the list first."))
            return
        try:
            self.ctx.archive.link(
                self.user,
                self.hits[row].document_id,
                self.file_category.currentData(),
                self.file_policy.text(),
            )
        except ChudanError as exc:
            self.note.setText(exc.localized(self.lang()))
            return
        self.file_policy.clear()
        self.note.setText(self.tr("Filed."))
        self.search()

    def save_retention(self) -> None:
        text = self.keep_days.text().strip()
        if text and not text.isdigit():
            self.note.setText(
                self.tr("Write the number of days, e.g. 1095, or leave it empty to keep documents.")
            )
            return
        try:
            self.ctx.archive.set_retention(
                self.user, self.keep_category.currentData(), int(text) if text else None
            )
        except ChudanError as exc:
            self.note.setText(exc.localized(self.lang()))
            return
        self.note.setText(self.tr("Retention period saved."))

    def import_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import paper documents"),
            str(Path.home()),
            "*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.bmp",
        )
        if not paths:
            return
        from app.archive.paper_import import PaperImport

        def engine() -> Any:
            if self.ocr is None:
                from app.ocr import OcrService

                return OcrService()
            return self.ocr.get()

        importer = PaperImport(self.ctx.store, self.ctx.audit, engine, self.ctx.clock)
        user = self.user

        def work(progress: Any) -> list[Any]:
            done: list[Any] = []
            for i, p in enumerate(paths):
                path = Path(p)
                try:
                    done.append(importer.import_file(user, path.name, path.read_bytes()))
                except ChudanError as exc:
                    done.append(exc)
                progress(i + 1, len(paths))
            return done

        def finished(results: list[Any]) -> None:
            if not isValid(self):
                return
            self.import_button.setEnabled(True)
            failed = [r for r in results if isinstance(r, ChudanError)]
            kept = [r for r in results if not isinstance(r, ChudanError)]
            waiting = sum(1 for r in kept if r.review)
            text = (
                self.tr("%1 imported, %2 waiting for review.")
                .replace("%1", str(len(kept)))
                .replace("%2", str(waiting))
            )
            if failed:
                text += " " + " ".join(e.localized(self.lang()) for e in failed[:3])
            self.note.setText(text)
            self.search()

        def crashed(exc: BaseException) -> None:
            if isValid(self):
                self.import_button.setEnabled(True)
                self.note.setText(str(exc)[:200])

        self.import_button.setEnabled(False)
        if self.tasks is None:
            finished(work(lambda _d, _t: None))
            return
        self.tasks.run(work, on_success=finished, on_failure=crashed, serial=True)
