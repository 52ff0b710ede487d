"""Taking the document's photo with a camera, where Qt finds one (a document camera on the
desk, a laptop's webcam): a live view and a "take photo" button; the photo goes through the
same reading as a scanned file. Without any camera the wizard simply offers no camera button.

The outlet bundle leaves Qt's multimedia out (QtMultimedia, QML and Qt's FFmpeg, about 40 MB;
docs/install.md): there, a PC with a camera attached still shows the button, and it says how to
photograph the documents instead (the customer's phone, or any photo or scan chosen as a file)."""

from __future__ import annotations

import glob
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout

from ui.widgets import named

# What camera_state() finds.
NO_CAMERA = "none"
CAMERA = "camera"
NOT_INSTALLED = "not-installed"  # a video device, but this installation has no Qt multimedia


def camera_state() -> str:
    """Whether Qt finds a camera. On Linux a machine without any video device says so at once:
    asking Qt would load its multimedia back end (FFmpeg) into the window for nothing, a pause of
    a good part of a second each time an issuance starts."""
    if sys.platform.startswith("linux") and not glob.glob("/dev/video*"):
        return NO_CAMERA
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:  # the outlet bundle, or the platform's multimedia libraries missing
        return NOT_INSTALLED
    return CAMERA if QMediaDevices.videoInputs() else NO_CAMERA


def cameras_available() -> bool:
    return camera_state() == CAMERA


def no_camera_message() -> str:
    return QCoreApplication.translate(
        "Camera",
        "This installation of Chudan has no camera support. Photograph the documents in one of "
        "these ways:\n"
        "• with the customer's phone: New policy → Customer fills in on the phone…, the customer "
        "scans the code and photographs the ID card and the vehicle licence;\n"
        "• with any camera, phone or scanner: save the photo or scan, then choose it with the "
        "Scan… button of this step (JPEG, PNG or PDF).",
    )


def explain_no_camera(parent=None) -> None:
    """Said when the camera button is pressed where this installation cannot drive the camera."""
    QMessageBox.information(
        parent, QCoreApplication.translate("Camera", "Camera"), no_camera_message()
    )


class CameraDialog(QDialog):
    """Shows the default camera; `path` is the photo taken, or None."""

    def __init__(self, parent=None) -> None:
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession, QMediaDevices
        from PySide6.QtMultimediaWidgets import QVideoWidget

        super().__init__(parent)
        self.setObjectName("cameraDialog")
        self.setWindowTitle(self.tr("Take a photo of the document"))
        self.path: Path | None = None
        self.view = QVideoWidget()
        self.view.setMinimumSize(640, 420)
        self.status = QLabel()
        self.take = named(QPushButton(self.tr("Take photo")), "takePhoto")
        cancel = QPushButton(self.tr("Cancel"))
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.take)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.session = QMediaCaptureSession(self)
        self.camera = QCamera(QMediaDevices.defaultVideoInput(), self)
        self.capture = QImageCapture(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.view)
        self.capture.imageSaved.connect(self._saved)
        self.capture.errorOccurred.connect(lambda _id, _err, text: self.status.setText(text))
        self.camera.errorOccurred.connect(lambda _err, text: self.status.setText(text))
        self.take.clicked.connect(self._take)
        cancel.clicked.connect(self.reject)
        self.camera.start()

    def _take(self) -> None:
        self.take.setEnabled(False)
        self.status.setText(self.tr("Taking the photo…"))
        target = Path(tempfile.mkdtemp(prefix="chudan-camera-")) / "document.jpg"
        self.capture.captureToFile(str(target))

    def _saved(self, _id: int, file_name: str) -> None:
        self.path = Path(file_name)
        self.camera.stop()
        self.accept()

    def reject(self) -> None:
        self.camera.stop()
        super().reject()
