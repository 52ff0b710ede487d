"""Settings → OCR (admins): the shipped engine (RapidOCR, nothing to set up) or PaddleOCR with
the model folders an insurer standardised on. Nothing is ever downloaded: the folders are checked
on the spot and the message says which file is missing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.ocr.settings import (
    ENGINE_KEY,
    PADDLE_DET_DIR_KEY,
    PADDLE_REC_DIR_KEY,
    validate_paddle_dirs,
)
from ui.style import set_state
from ui.widgets import field_label, named


def ocr_settings(ctx) -> dict:
    """The stored OCR choice as the mapping app.ocr.settings reads."""
    return {
        key: ctx.secure_settings.get(key)
        for key in (ENGINE_KEY, PADDLE_DET_DIR_KEY, PADDLE_REC_DIR_KEY)
    }


class OcrBox(QGroupBox):
    def __init__(self, ctx, user, on_saved=None, parent=None, ops=None) -> None:
        super().__init__(parent)
        self.setObjectName("ocrBox")
        self.ctx, self.user, self.on_saved = ctx, user, on_saved
        if ops is None:
            from ui.operations import Operations
            from ui.tasks import TaskRunner

            ops = Operations(TaskRunner(self), ctx.settings.language, self)
        self.ops = ops
        self.engine = named(QComboBox(), "ocrEngine")
        self.engine.addItem("RapidOCR (PP-OCR, ONNX)", "rapidocr")
        self.engine.addItem("PaddleOCR", "paddleocr")
        self.det_dir = named(QLineEdit(), "paddleDetDir")
        self.rec_dir = named(QLineEdit(), "paddleRecDir")
        self.save = named(QPushButton(), "ocrSave")
        self.message = named(QLabel(), "ocrMessage")
        self.message.setWordWrap(True)
        self.form = QFormLayout(self)
        self.form.addRow(QLabel(), self.engine)
        self.det_browse, self.rec_browse = QPushButton(), QPushButton()
        self.det_row, self.rec_row = QWidget(), QWidget()
        for edit, browse, row in (
            (self.det_dir, self.det_browse, self.det_row),
            (self.rec_dir, self.rec_browse, self.rec_row),
        ):
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(edit, 1)
            h.addWidget(browse)
            self.form.addRow(QLabel(), row)
            browse.clicked.connect(lambda _=False, e=edit: self._browse(e))
        self.form.addRow(self.save, self.message)
        stored = ocr_settings(ctx)
        self.engine.setCurrentIndex(max(0, self.engine.findData(stored[ENGINE_KEY] or "rapidocr")))
        self.det_dir.setText(stored[PADDLE_DET_DIR_KEY] or "")
        self.rec_dir.setText(stored[PADDLE_REC_DIR_KEY] or "")
        self.engine.currentIndexChanged.connect(self._show_dirs)
        self.save.clicked.connect(self._save)
        self.retranslate()
        self._show_dirs()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Document reading (OCR)"))
        field_label(self.form, self.engine).setText(self.tr("Engine"))
        field_label(self.form, self.det_row).setText(self.tr("Detection model folder"))
        field_label(self.form, self.rec_row).setText(self.tr("Recognition model folder"))
        self.det_browse.setText(self.tr("Choose…"))
        self.rec_browse.setText(self.tr("Choose…"))
        self.save.setText(self.tr("Save OCR settings"))

    def _show_dirs(self) -> None:
        paddle = self.engine.currentData() == "paddleocr"
        for row in (self.det_row, self.rec_row):
            self.form.setRowVisible(row, paddle)

    def _browse(self, edit: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Model folder"), edit.text())
        if folder:
            edit.setText(folder)

    def _save(self) -> None:
        engine = self.engine.currentData()
        note = ""
        if engine == "paddleocr":
            check = validate_paddle_dirs(self.det_dir.text().strip(), self.rec_dir.text().strip())
            zh = self.ctx.settings.language().startswith("zh")
            if not check.valid:
                set_state(self.message, "tone", "problem")
                self.message.setText(check.message_zh if zh else check.message_en)
                return
            note = check.message_zh if zh else check.message_en
        values = (
            (ENGINE_KEY, engine),
            (PADDLE_DET_DIR_KEY, self.det_dir.text().strip()),
            (PADDLE_REC_DIR_KEY, self.rec_dir.text().strip()),
        )
        secure, user = self.ctx.secure_settings, self.user

        def save() -> None:
            for key, value in values:
                secure.set(user, key, value)

        def done(_result) -> None:
            set_state(self.message, "tone", "ok")
            self.message.setText(
                (note + " " if note else "") + self.tr("Saved; the next document read uses it.")
            )
            if self.on_saved is not None:
                self.on_saved()

        def failed(text: str, _exc: BaseException) -> None:
            set_state(self.message, "tone", "problem")
            self.message.setText(text)

        self.ops.write(save, done=done, failed=failed, initiator=self)
