"""手机填写: the customer fills in on their own phone (docs/phone.md). The dialog shows
the QR code of a one-time application and lists the applications phones have sent, with the
desk's OCR already run on their photos; the clerk continues one in the wizard (the photos read
as scans are, the fields to check highlighted) or refuses it, and the phone shows why.

The network and the OCR run on the pool; what came in is shown from `PhoneReviews` on the page
and kept in the encrypted store with its OCR readings (`sync.phone_pending`) until the clerk
continues or refuses it, so closing the dialog or the desk loses nothing: a restart lists it
again (the keys of applications not taken yet are in the store too)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
)

from app.core.errors import ChudanError
from app.core.masking import mask_phone
from ui.widgets import named
from ui.wizard.qr_view import QrView

# How often the open dialog asks head office (an empty inbox answer is a few hundred bytes): a
# customer's submit shows in the list within about a second (benchmarks/bench_phone.py).
POLL_MS = 1000
PHOTO_SIDE = 480  # the vehicle photos' viewer: each scaled to fit this square
# Which wizard step a photo belongs to, by what the phone called it.
PHOTO_NAMES = {
    "id_front": "phone-id-front.jpg",
    "id_back": "phone-id-back.jpg",
    "vehicle_licence": "phone-vehicle-licence.jpg",
}


@dataclass
class PhoneReview:
    """One application as the clerk reviews it: what the customer typed and each photo read."""

    application_id: str
    submitted_at: datetime
    mobile: str
    email: str
    consent_version: str
    signed: bool
    phone_key: str  # the phone's one-time key: the proposal to sign is sealed to it
    photos: dict[str, bytes] = field(default_factory=dict)  # by the phone's name for each
    # (file name, JPEG bytes, the OCR's result as the wizard's scans give it), once read
    reads: list[tuple[str, bytes, dict[str, Any]]] = field(default_factory=list)
    reading: bool = True  # listed at once; the desk's OCR reads the photos meanwhile
    # A yard hand-off's photos of the vehicle (not read: kept with the draft as they are) and the
    # staff member who collected it.
    vehicle_photos: tuple[bytes, ...] = ()
    staff: str = ""
    # The yard's instant quote, {"request": ..., "total": ...}: the wizard starts the coverage
    # step with its covers and says so when the premium differs now.
    quote: dict[str, Any] | None = None

    def kinds(self) -> list[str]:
        return [r[2].get("kind", "unknown") for r in self.reads]


@dataclass
class PhoneReviews:
    """The page's: the desk's inbox, made on the pool the first time (it reads the device's
    settings from the store, which the GUI thread never does), and what waits for review."""

    make_inbox: Callable[[], Any]
    inbox: Any = None
    waiting: list[PhoneReview] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def ready(self) -> Any:
        """On a worker: the inbox, or None while the desk is not provisioned."""
        with self._lock:
            if self.inbox is None:
                self.inbox = self.make_inbox()
            return self.inbox


def fetch(inbox: Any) -> tuple[list[PhoneReview], int]:
    """On a worker: what phones sent, opened and checked (listed before any photo is read, so an
    application shows within a second of the customer's submit)."""
    received, rejected = inbox.fetch()
    reviews = []
    by_name = {name: kind for kind, name in PHOTO_NAMES.items()}
    for got in received:
        app = got.application
        kept = getattr(got, "reads", None)  # read before a restart: not read again
        reads = [
            (name, app.photo(by_name[name]), result)
            for name, result in kept or []
            if name in by_name
        ]
        reviews.append(
            PhoneReview(
                got.application_id,
                got.submitted_at,
                app.mobile,
                app.email,
                app.consent.version,
                bool(app.signature),
                got.phone_key,
                {kind: app.photo(kind) for kind in PHOTO_NAMES if app.photo(kind)},
                reads=reads,
                reading=kept is None,
                vehicle_photos=tuple(getattr(got, "vehicle_photos", ())),
                staff=getattr(got, "staff", ""),
                quote=getattr(got, "quote", None),
            )
        )
    return reviews, len(rejected)


def read_photos(photos: dict[str, bytes], ocr: Any) -> list[tuple[str, bytes, dict[str, Any]]]:
    """On a worker: each photo read by the desk's OCR, as a scan is."""
    return [
        (PHOTO_NAMES[kind], content, ocr.get().read(content, "auto").to_json())
        for kind, content in photos.items()
    ]


class VehiclePhotos(QDialog):
    """The yard's vehicle photos side by side, each scaled to fit (they are at most 1600 px)."""

    def __init__(self, parent: QDialog, photos: tuple[bytes, ...]) -> None:
        super().__init__(parent)
        self.setObjectName("vehiclePhotos")
        self.setWindowTitle(self.tr("Vehicle photos from the yard"))
        layout = QHBoxLayout(self)
        self.images: list[QLabel] = []
        for content in photos:
            label = named(QLabel(), "vehiclePhoto")
            pixmap = QPixmap()
            if pixmap.loadFromData(content):
                label.setPixmap(
                    pixmap.scaled(PHOTO_SIDE, PHOTO_SIDE, Qt.AspectRatioMode.KeepAspectRatio)
                )
            else:
                label.setText(self.tr("This photo cannot be shown."))
            layout.addWidget(label)
            self.images.append(label)


class PhoneDialog(QDialog):
    def __init__(self, page, reviews: PhoneReviews, ocr) -> None:
        super().__init__(page)
        self.setObjectName("phoneDialog")
        self.page, self.reviews, self.ocr = page, reviews, ocr
        self.qr = named(QrView(260), "phoneQr")
        self.hint = named(QLabel(), "phoneHint")
        self.hint.setWordWrap(True)
        self.expiry = named(QLabel(), "phoneExpiry")
        self.new_qr = named(QPushButton(), "phoneNewQr")
        self.poster_button = named(QPushButton(), "phonePoster")
        self.list = named(QListWidget(), "phoneApplications")
        self.status = named(QLabel(), "phoneStatus")
        self.status.setWordWrap(True)
        self.continue_button = named(QPushButton(), "phoneContinue")
        self.continue_button.setProperty("role", "primary")
        self.vehicle_button = named(QPushButton(), "phoneVehiclePhotos")
        self.reason = named(QComboBox(), "phoneRefusalReason")
        self.refuse_button = named(QPushButton(), "phoneRefuse")
        top = QHBoxLayout()
        top.addWidget(self.qr)
        side = QVBoxLayout()
        side.addWidget(self.hint)
        side.addWidget(self.expiry)
        side.addWidget(self.new_qr)
        side.addWidget(self.poster_button)
        side.addStretch(1)
        top.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.continue_button)
        buttons.addWidget(self.vehicle_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reason)
        buttons.addWidget(self.refuse_button)
        layout.addLayout(buttons)
        self.new_qr.clicked.connect(self.invite)
        self.poster_button.clicked.connect(self.print_poster)
        self.continue_button.clicked.connect(self.continue_selected)
        self.refuse_button.clicked.connect(self.refuse_selected)
        self.vehicle_button.clicked.connect(self.show_vehicle_photos)
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)
        self._polling = False
        self._shown_ids: list[str] = []
        self.retranslate()
        self._show_list()
        self.new_qr.setEnabled(False)
        self.poster_button.setEnabled(False)
        self.poster_path: Path | None = None  # the poster's PDF, once written for printing
        self.vehicle_view: VehiclePhotos | None = None
        self.page.ops.read(reviews.ready, done=self._ready, failed=self._failed, owner=self)

    def _ready(self, inbox) -> None:
        if inbox is None:
            self.status.setText(
                self.tr(
                    "This desk is not connected to head office yet: an administrator provisions it "
                    "on the Sync page."
                )
            )
            return
        self.new_qr.setEnabled(True)
        self.poster_button.setEnabled(True)
        self.invite()
        self.timer.start()
        self._stock()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Customer fills in on the phone"))
        self.hint.setText(
            self.tr(
                "The customer scans this code with the phone's camera, photographs the ID card and "
                "the vehicle licence, types the mobile and e-mail and consents. Everything is "
                "encrypted on the phone for this desk only. The code works once."
            )
        )
        self.new_qr.setText(self.tr("New QR code"))
        self.poster_button.setText(self.tr("Print a poster…"))
        self.continue_button.setText(self.tr("Check and continue in the wizard"))
        self.refuse_button.setText(self.tr("Return to the customer"))
        self.vehicle_button.setText(self.tr("Vehicle photos…"))
        self.reason.clear()
        for code, text in (
            ("photo_unreadable", self.tr("A photo cannot be read")),
            ("documents_mismatch", self.tr("The ID card and the licence do not match")),
            ("document_expired", self.tr("A document has expired")),
            ("not_insurable", self.tr("This vehicle cannot be insured here")),
            ("other", self.tr("Other (we will call the customer)")),
        ):
            self.reason.addItem(text, code)

    def _zh(self) -> bool:
        return str(self.page.ops.language()).startswith("zh")

    def _failed(self, text: str, exc: BaseException) -> None:
        if isinstance(exc, ChudanError):
            text = exc.localized(str(self.page.ops.language()))
        self.status.setText(self.tr("Head office cannot be reached: %1").replace("%1", text))

    def invite(self) -> None:
        inbox = self.reviews.inbox

        def shown(invitation) -> None:
            self.qr.set_data(invitation.url)
            local = invitation.expires_at.astimezone().strftime("%H:%M")
            self.expiry.setText(self.tr("Valid until %1, once.").replace("%1", local))
            self.status.setText("")

        self.page.ops.read(inbox.invite, done=shown, failed=self._failed, owner=self)

    def _stock(self) -> None:
        """Keys for the poster's customers topped up at head office (nothing before a poster
        was printed); asked when the dialog opens and after applications came in."""
        inbox = self.reviews.inbox
        if inbox is not None:
            self.page.ops.read(inbox.stock_poster, owner=self)

    def print_poster(self) -> None:
        """The outlet's poster (docs/phone.md): one QR code for any number of customers, as a PDF
        in the print folder, opened for printing."""
        inbox, home, store = self.reviews.inbox, self.page.ctx.home, self.page.ctx.store
        if inbox is None:
            return
        self.poster_button.setEnabled(False)
        self.status.setText(self.tr("Preparing the poster…"))

        def make() -> Path:
            from app.core.print_folder import PRINT_FOLDER, write_atomically
            from app.documents.phone_poster import poster_pdf
            from sync.state import load_device

            url = inbox.poster_url()
            inbox.stock_poster()
            device = load_device(store)
            path = home / PRINT_FOLDER / "phone-poster.pdf"
            write_atomically(path, poster_pdf(url, device.outlet_code if device else ""))
            return path

        def made(path: Path) -> None:
            self.poster_button.setEnabled(True)
            self.poster_path = path
            self.status.setText(
                self.tr(
                    "The poster is ready to print. Its code works for every customer; this desk "
                    "keeps one-time codes for it at head office whenever it is online."
                )
            )
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        def failed(text: str, exc: BaseException) -> None:
            self.poster_button.setEnabled(True)
            self._failed(text, exc)

        self.page.ops.read(make, done=made, failed=failed, owner=self)

    def poll(self) -> None:
        if self._polling or self.reviews.inbox is None:
            return
        self._polling = True

        def arrived(result) -> None:
            self._polling = False
            new, rejected = result
            shown = {r.application_id for r in self.reviews.waiting}
            new = [r for r in new if r.application_id not in shown]
            self.reviews.waiting.extend(new)
            for review in new:
                if review.reading:
                    self._read(review)
            if new:
                self.invite()  # that code is used: the next customer gets a fresh one
                self._stock()  # one may have come through the poster
            if rejected:
                self.status.setText(
                    self.tr(
                        "%1 application(s) did not open at this desk and were returned to the phone."
                    ).replace("%1", str(rejected))
                )
            self._show_list()

        def failed(text: str, exc: BaseException) -> None:
            self._polling = False
            self._failed(text, exc)

        self.page.ops.read(fetch, self.reviews.inbox, done=arrived, failed=failed, owner=self)

    def _read(self, review: PhoneReview) -> None:
        """The photos read on the pool; the answer is kept on the page even if this dialog has
        closed meanwhile."""

        inbox = self.reviews.inbox

        def done(reads) -> None:
            review.reads, review.reading = reads, False
            if hasattr(inbox, "keep_reads"):  # kept: a restart does not read them again
                kept = [(name, result) for name, _content, result in reads]
                self.page.ops.read(inbox.keep_reads, review.application_id, kept, owner=self.page)
            if shiboken6.isValid(self):
                self._show_list()

        def failed(text: str, exc: BaseException) -> None:
            review.reading = False  # continued without readings: the clerk scans or types
            if shiboken6.isValid(self):
                self._failed(text, exc)
                self._show_list()

        self.page.ops.read(
            read_photos, review.photos, self.ocr, done=done, failed=failed, owner=self.page
        )

    def _show_list(self) -> None:
        names = {
            "id-front": self.tr("ID card"),
            "id-back": self.tr("ID card (back)"),
            "vehicle-licence": self.tr("vehicle licence"),
            "vehicle-licence-back": self.tr("vehicle licence (back)"),
            "unknown": self.tr("unreadable photo"),
        }
        # A redraw (another application read meanwhile) keeps the one the clerk has chosen.
        row = self.list.currentRow()
        chosen = self._shown_ids[row] if 0 <= row < len(self._shown_ids) else None
        self.list.clear()
        self._shown_ids = [r.application_id for r in self.reviews.waiting]
        for r in self.reviews.waiting:
            if r.reading:
                read = self.tr("reading the photos…")
            else:
                read = "、".join(names.get(k, k) for k in r.kinds()) or self.tr("no photos")
            parts = [
                r.submitted_at.astimezone().strftime("%H:%M"),
                mask_phone(r.mobile) if r.mobile else self.tr("no mobile"),
                read,
            ]
            if r.signed:
                parts.append(self.tr("signed"))
            if r.vehicle_photos:
                parts.append(
                    self.tr("%1 vehicle photo(s)").replace("%1", str(len(r.vehicle_photos)))
                )
            if r.staff:
                parts.append(self.tr("from the yard (%1)").replace("%1", r.staff))
            self.list.addItem(" · ".join(parts))
        if chosen in self._shown_ids:
            self.list.setCurrentRow(self._shown_ids.index(chosen))
        elif self.reviews.waiting:
            self.list.setCurrentRow(0)
        self._enable()

    def _enable(self) -> None:
        row = self.list.currentRow()
        chosen = 0 <= row < len(self.reviews.waiting)
        # The wizard takes an application with its photos read.
        self.continue_button.setEnabled(chosen and not self.reviews.waiting[row].reading)
        self.refuse_button.setEnabled(chosen)
        self.vehicle_button.setEnabled(chosen and bool(self.reviews.waiting[row].vehicle_photos))

    def show_vehicle_photos(self) -> None:
        """The yard's photos of the chosen hand-off's vehicle, for the clerk to look at before
        continuing (the registry-mismatch rule may ask for them)."""
        row = self.list.currentRow()
        if 0 <= row < len(self.reviews.waiting) and self.reviews.waiting[row].vehicle_photos:
            self.vehicle_view = VehiclePhotos(self, self.reviews.waiting[row].vehicle_photos)
            self.vehicle_view.show()

    def _take(self) -> PhoneReview | None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.reviews.waiting):
            return None
        return self.reviews.waiting.pop(row)

    def continue_selected(self) -> None:
        review = self._take()
        if review is None:
            return
        self.timer.stop()
        self.accept()
        self.page.continue_phone_application(review)

    def refuse_selected(self) -> None:
        review = self._take()
        if review is None:
            return
        code = self.reason.currentData()
        self._show_list()
        self.page.ops.read(
            self.reviews.inbox.refuse,
            review.application_id,
            code,
            failed=self._failed,
            owner=self,
        )

    def done(self, result: int) -> None:  # closed in any way: stop asking head office
        self.timer.stop()
        super().done(result)
