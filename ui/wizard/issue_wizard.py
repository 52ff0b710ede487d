"""The issuance wizard: customer → vehicle → coverage → review and signature → payment and issue.
Each step is saved as a draft when it is left (a crash loses nothing); OCR, quoting and issuing
run off the GUI thread; every decision is a call into app."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.access.permissions import CurrentUser
from app.core.errors import ChudanError
from ui.tasks import TaskRunner
from ui.widgets import named
from ui.wizard.steps import CoverageStep, CustomerStep, PaymentStep, ReviewStep, VehicleStep

if TYPE_CHECKING:
    from app.ocr import OcrService

STEP_KEYS = ("customer", "vehicle", "coverage", "review", "payment")
REVIEW, PAYMENT = 3, 4
QR_CHECK_MS = (
    3000  # while a payment QR is shown, how often head office is asked whether it was paid
)
AUTOSAVE_AFTER_MS = 700  # after the last keystroke: a killed process loses at most this much typing


def _sentences(problems: list[str]) -> str:
    """Messages side by side, each ending as a sentence (no "。；")."""
    out = []
    for p in dict.fromkeys(x.strip() for x in problems if x.strip()):
        if not p.endswith(("。", ".", "！", "？", "!", "?")):
            p += "。" if any("\u4e00" <= c <= "\u9fff" for c in p) else "."
        out.append(p)
    return " ".join(out)


class OcrHolder:
    """One OCR engine per window, loaded lazily in a worker (warm-up when an issuance starts), as
    Settings → OCR chose it (`settings()` returns that mapping; None means the shipped engine)."""

    def __init__(self, settings=None) -> None:
        self.service: OcrService | None = None
        self._settings = settings
        self._lock = threading.Lock()  # the warm-up and a first scan must not load it twice

    def reset(self) -> None:
        """The choice changed: the next read loads the engine again."""
        self.service = None

    def get(self) -> OcrService:
        with self._lock:
            return self._get()

    def _get(self) -> OcrService:
        if self.service is None:
            from app.ocr import OcrService

            engine = None
            if self._settings is not None:
                from app.ocr.settings import engine_from_settings

                engine = engine_from_settings(self._settings())
            service = OcrService(engine)
            service.warm_up()
            self.service = service
        return self.service


class IssueWizard(QWidget):
    issued = Signal(object)

    def __init__(
        self,
        ctx,
        user: CurrentUser,
        tasks: TaskRunner,
        ocr: OcrHolder,
        parent=None,
        *,
        lookup=None,
        refer=None,
        qr_status=None,
        warm_ocr: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("issueWizard")
        self.ctx, self.user, self.tasks, self.ocr = ctx, user, tasks, ocr
        # lookup(call, vin=, plate=, draft_id=) -> (answer, None) or (None, key of the queued call)
        self.lookup = lookup
        # refer(draft_id, reasons, quote_request, summary) -> referral id: to head office's underwriters
        self.refer = refer
        # qr_status(reference) -> {"paid", "amount", ...} or None: the gateway's word, via head office
        self.qr_status = qr_status
        self.registry: dict = {}  # {"vin", "answer"} or {"vin", "key"}: sent with the request
        self._quote_seq = 0  # the newest requote; older answers are dropped
        self._qr_checking = False
        self._blocked = False  # the problems shown are what stopped "next" on this step
        self.draft_id: str | None = None
        self.result = None
        self.customer, self.vehicle, self.coverage = (
            CustomerStep(self),
            VehicleStep(self),
            CoverageStep(self),
        )
        self.review, self.payment = ReviewStep(self), PaymentStep(self)
        self.steps = [self.customer, self.vehicle, self.coverage, self.review, self.payment]
        self.titles = [
            self.tr("1 Customer"),
            self.tr("2 Vehicle"),
            self.tr("3 Coverage"),
            self.tr("4 Review and sign"),
            self.tr("5 Payment and issue"),
        ]
        self.header = named(QLabel(), "wizardHeader")
        self.header.setStyleSheet("font-size: 13pt;")
        self.stack = QStackedWidget()
        for s in self.steps:
            self.stack.addWidget(s)
        self.problems = named(QLabel(), "wizardProblems")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c62828;")
        self.back = named(QPushButton(self.tr("Back")), "backButton")
        self.next = named(QPushButton(self.tr("Next")), "nextButton")
        nav = QHBoxLayout()
        nav.addWidget(self.problems, 1)
        nav.addWidget(self.back)
        nav.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        layout.addLayout(nav)
        self.back.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next.clicked.connect(lambda: self.go(self.stack.currentIndex() + 1))
        self.customer.scan_button.clicked.connect(
            lambda: self.scan(self.customer.scan_kind or "id-front")
        )
        self.customer.scan_back_button.clicked.connect(lambda: self.scan("id-back"))
        from ui.wizard.camera import cameras_available

        has_camera = cameras_available()  # a camera where Qt finds one; otherwise no button
        for step in (self.customer, self.vehicle):
            step.camera_button.setVisible(has_camera)
            step.camera_button.clicked.connect(
                lambda _=False, st=step: self.photograph(st.scan_kind or "id-front")
            )
        self.vehicle.scan_button.clicked.connect(lambda: self.scan("vehicle-licence"))
        self.coverage.changed.connect(self.requote)
        self.coverage.refer_button.clicked.connect(self.ask_supervisor)
        self.coverage.hq_button.clicked.connect(self.send_to_head_office)
        self.payment.issue_button.clicked.connect(self.issue)
        self.payment.open_pdf.clicked.connect(self._open_pdf)
        self.payment.changed.connect(self.save_draft)
        self._qr_timer = QTimer(self, interval=QR_CHECK_MS)  # runs while the wizard is on screen
        self._qr_timer.timeout.connect(self.check_qr_payment)
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_AFTER_MS)
        self._autosave.timeout.connect(self.save_draft)
        self._watch_edits()
        self._show(0)
        if warm_ocr:
            # The OCR engine loads in a worker as soon as an issuance starts (not at log-in: the
            # idle window stays small), so the first scan does not wait; a failure shows at the scan.
            self.tasks.run(self.ocr.get, on_failure=lambda _exc: None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._qr_timer.start()

    def hideEvent(self, event) -> None:
        """Off screen (closed, logged out, another page shown): head office is no longer asked
        about the payment QR, and typing still waiting for the autosave is saved now."""
        self._qr_timer.stop()
        if self._autosave.isActive():
            self.save_draft()
        super().hideEvent(event)

    # -- data ------------------------------------------------------------------------------
    def _watch_edits(self) -> None:
        """Every edit a person makes restarts the autosave timer (programmatic fills do not)."""
        for step in self.steps:
            for edit in step.findChildren(QLineEdit):
                edit.textEdited.connect(self._edited)
            for box in step.findChildren(QComboBox):
                box.activated.connect(self._edited)
                box.activated.connect(self._recheck)
            for date_edit in step.findChildren(QDateEdit):
                date_edit.editingFinished.connect(self._edited)
            for button in step.findChildren(QAbstractButton):
                if button.isCheckable():
                    button.clicked.connect(self._edited)
                button.clicked.connect(self._recheck)
            for edit in step.findChildren(QLineEdit):
                edit.editingFinished.connect(self._recheck)
        self.review.all_checked.clicked.connect(self._edited)
        self.review.pad.changed.connect(self._edited)
        self.review.pad.changed.connect(self._recheck)

    def _edited(self, *_args) -> None:
        self._autosave.start()

    def _recheck(self, *_args) -> None:
        """What stopped "next" is shown until it is put right, not after (a field left, a box
        ticked, a signature drawn)."""
        if self._blocked:
            problems = self.steps[self.stack.currentIndex()].problems()
            self.problems.setText(_sentences(problems))
            self._blocked = bool(problems)

    def data(self) -> dict:
        holder = self.customer.data()
        return {
            "policyholder": holder,
            "vehicle": self.vehicle.data(),
            **self.coverage.data(),
            "review": self.review.data(),
            **self.payment.data(),
            "to_check": {
                "customer": self.customer.unchecked(),
                "vehicle": self.vehicle.unchecked(),
                "usage_read": self.vehicle.usage_read,
            },
        }  # doubtful readings, still doubtful

    def request(self) -> dict:
        d = self.data()
        holder = {
            k: v
            for k, v in d["policyholder"].items()
            if k not in ("consent", "insured", "id_valid_until")
        }
        parties = {"insured": d["policyholder"].get("insured"), "owner": self.vehicle.owner_party()}
        vehicle = {
            k: v
            for k, v in d["vehicle"].items()
            if (v is not None or k == "plate") and k not in ("owner_name", "owner_id_number")
        }
        return {
            "policyholder": holder,
            "consent": {"given": bool(d["policyholder"].get("consent"))},
            **{k: v for k, v in parties.items() if v},
            "vehicle": vehicle,
            "start_date": d["start_date"],
            "history": d["history"],
            **(
                {"coverages": d.get("coverages") or []}
                if d["plan"] == "custom"
                else {"plan": d["plan"]}
            ),
            "signature": self.review.pad.strokes() or None,
            "checklist_confirmed": not self.review.problems(),
            "payments": [],
            "draft_id": self.draft_id,  # the parts are in the store already
            **self._registry_fields(vehicle),
        }

    def _registry_fields(self, vehicle: dict) -> dict:
        if self.registry.get("vin") != vehicle.get("vin"):
            return {}  # asked about another VIN: this one is pending
        return {
            k: v
            for k, v in (
                ("registry_answer", self.registry.get("answer")),
                ("registry_key", self.registry.get("key")),
                ("prior_policies", self.registry.get("prior")),
            )
            if v
        }

    def load_draft(self, draft_id: str) -> None:
        step, data = self.ctx.drafts.load(self.user, draft_id)
        self.draft_id = draft_id
        self.customer.load(data.get("policyholder") or {})
        self.vehicle.load(data.get("vehicle") or {})
        self.coverage.load(data)
        self.review.load(data.get("review") or {})
        to_check = data.get("to_check") or {}
        self.customer.restore_unchecked(to_check.get("customer") or [])
        self.vehicle.restore_unchecked(to_check.get("vehicle") or [])
        self.vehicle.set_usage_read(to_check.get("usage_read") or "")
        recorded = self.ctx.issuance.draft_payments(draft_id)
        self.payment.load(
            {**data, "payments": recorded} if recorded else data
        )  # the store is the record
        index = STEP_KEYS.index(step) if step in STEP_KEYS else 0
        self._show(index)
        if index >= 2:
            self.requote()  # review and payment are filled in when the premium is back (_quoted)

    def save_draft(self) -> None:
        """Synchronous on purpose: a few milliseconds (see `make bench`), and what the clerk saw
        saved is saved before anything else happens."""
        self._autosave.stop()
        if self.draft_id is None:
            self.draft_id = self.ctx.drafts.create(self.user)
        self.ctx.drafts.save(
            self.user, self.draft_id, STEP_KEYS[self.stack.currentIndex()], self.data()
        )

    # -- navigation -------------------------------------------------------------------------
    def _show(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.header.setText(
            "  ›  ".join(f"<b>{t}</b>" if i == index else t for i, t in enumerate(self.titles))
        )
        self.back.setEnabled(index > 0)
        self.next.setVisible(index < len(self.steps) - 1)
        self.problems.clear()
        self._blocked = False

    def go(self, index: int) -> None:
        current = self.stack.currentIndex()
        if index > current:
            problems = self.steps[current].problems()
            if problems:
                self.problems.setText(_sentences(problems))
                self._blocked = True  # cleared by _recheck once put right
                return
        if index < 0 or index >= len(self.steps):
            return
        if index < REVIEW <= current and self.payment.paid() > 0:
            self.problems.setText(
                self.tr(
                    "Money has been taken for this schedule: issue the policy, or refund "
                    "the payment before changing what the customer signed."
                )
            )
            return
        if current == REVIEW and index == PAYMENT and self.coverage.quote is not None:
            # Signing freezes the schedule in the store (its hash and the time); payment and issue
            # refuse any other. The premium is kept here too, to check a restored draft (_quoted).
            try:
                if self.draft_id is None:
                    self.save_draft()
                # The review step is saved with the signature, in one write (if signing is
                # refused, the pending autosave keeps what was changed on it).
                signed = self.ctx.issuance.sign(self.user, self.request(), draft_data=self.data())
            except ChudanError as exc:
                self.problems.setText(exc.localized(self.ctx.settings.language()))
                return
            self.review.signed_total = signed.total
        elif index < REVIEW and current >= REVIEW:
            self.review.signed_total = None  # anything may change now: the customer signs again
            self.review.pad.clear()
        self._show(index)
        self.save_draft()
        if index == 2:
            self.requote()
            self.check_registry()
        elif index >= REVIEW and self.coverage.quote is not None:
            self._quoted(self.coverage.quote)

    def _quoted(self, q) -> None:
        """Fill the review or payment step from the premium now in force."""
        index = self.stack.currentIndex()
        signed = self.review.signed_total
        if index == PAYMENT and signed is not None and signed != str(q.total):
            # The premium moved since the customer signed (a new rate table, say): never take money
            # for a schedule the customer did not sign.
            self.review.signed_total = None
            self.review.pad.clear()
            self._show(REVIEW)
            self.problems.setText(
                self.tr(
                    "The premium changed since the customer signed (now %1 yuan): check the "
                    "schedule with the customer and sign again."
                ).replace("%1", f"{q.total:.2f}")
            )
            index = REVIEW
        if index == REVIEW:
            self.review.show_schedule(self.customer.data(), self.vehicle.data(), q)
        elif index == PAYMENT:
            self.payment.set_total(q.total)

    # -- work off the GUI thread -------------------------------------------------------------
    def photograph(self, kind: str) -> None:
        from ui.wizard.camera import CameraDialog

        dialog = CameraDialog(self)
        if dialog.exec() == CameraDialog.DialogCode.Accepted and dialog.path is not None:
            self.scan(kind, str(dialog.path))

    def scan(self, kind: str, path: str | None = None) -> None:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                self.tr("Choose the photo or scan"),
                "",
                self.tr("Images (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)"),
            )
            if not path:
                return
        step = self.vehicle if kind.startswith("vehicle") else self.customer
        status = step.scan_status
        status.setText(self.tr("Reading the document…"))
        if self.draft_id is None:
            self.draft_id = self.ctx.drafts.create(self.user)
        draft_id = self.draft_id

        def work():  # on a worker: read, then keep the photo with what was read from it
            from app.ocr.images import read_image_file

            content = read_image_file(path)  # once (a regular file, size-capped): read and kept
            result = self.ocr.get().read(content, kind).to_json()  # "auto": it says what it is
            if result["kind"] != "unknown":
                self._store_scan(draft_id, result["kind"], path, content, result)
            return result

        def done(result: dict) -> None:
            if result["kind"] == "unknown":
                status.setText(
                    self.tr(
                        "No ID card, vehicle licence or business licence recognised in this photo: "
                        "photograph the whole document, flat and in good light."
                    )
                )
                return
            target = self.vehicle if result["kind"].startswith("vehicle") else self.customer
            target.apply_scan(result["fields"])
            target.show_read(int(result["elapsed_ms"]))

        def failed(exc: BaseException) -> None:
            status.setText(
                exc.localized(self.ctx.settings.language())
                if isinstance(exc, ChudanError)
                else str(exc)
            )

        self.tasks.run(work, on_success=done, on_failure=failed)

    def _store_scan(
        self, draft_id: str, kind: str, path: str, content: bytes, result: dict
    ) -> None:
        self.ctx.drafts.attach_document(self.user, draft_id, kind, Path(path).name, content, result)

    def requote(self) -> None:
        data = self.request()
        self.coverage.premium.setText(self.tr("Pricing…"))
        # Quotes run on a pool: an older one may finish after a newer one. Only the newest counts.
        self._quote_seq = seq = self._quote_seq + 1

        def done(preview) -> None:
            if seq != self._quote_seq:
                return
            self.coverage.show_quote(preview)
            if self.stack.currentIndex() >= REVIEW:
                self._quoted(preview.quote)

        def failed(exc: BaseException) -> None:
            if seq != self._quote_seq:
                return
            self.coverage.show_error(
                exc.localized(self.ctx.settings.language())
                if isinstance(exc, ChudanError)
                else str(exc)
            )

        self.tasks.run(self.ctx.issuance.preview, data, on_success=done, on_failure=failed)

    def check_registry(self) -> None:
        """Ask head office's registry about this VIN (a few seconds at most; offline the call is
        queued and the policy will carry the pending flag). The answer shows on the coverage step."""
        vehicle = self.vehicle.data()
        vin = vehicle.get("vin") or ""
        if (
            self.lookup is None
            or not vin
            or self.registry.get("vin") == vin
            and self.registry.get("answer")
        ):
            self.coverage.show_registry(self._registry_check(vehicle))
            return
        draft_id = self.draft_id

        def done(result) -> None:
            (answer, key), prior = result
            self.registry = {"vin": vin, "answer": answer, "key": key, "prior": prior}
            self.coverage.show_registry(self._registry_check(self.vehicle.data()))
            if prior:
                self.requote()  # the premium step re-checks for a duplicate with head office's answer

        def failed(exc: BaseException) -> None:
            self.coverage.show_registry(self._registry_check(self.vehicle.data()))

        def work():
            registry = self.lookup("vehicle", vin=vin, draft_id=draft_id, wait_s=3.0)
            # Other outlets' policies on this VIN: only useful now, so not queued when offline.
            prior = (
                self.lookup("prior_policies", vin=vin, draft_id=draft_id, wait_s=3.0)
                if registry[0]
                else (None, None)
            )
            return registry, (prior[0] or {}).get("policies")

        self.tasks.run(work, on_success=done, on_failure=failed)

    def _registry_check(self, vehicle: dict):
        from app.issuance.registry_check import compare

        answer = (
            self.registry.get("answer") if self.registry.get("vin") == vehicle.get("vin") else None
        )
        return compare(vehicle, answer)

    def aml_threshold(self):
        """The table's large-value cash threshold (the service checks it again when the part is stored)."""
        from app.issuance.payments import PaymentRules
        from app.rating.signing import RateTableError

        try:
            return self.ctx.issuance.tables.newest().payment.aml_cash_threshold
        except RateTableError:
            return PaymentRules().aml_cash_threshold

    def ask_aml_record(self, amount: str) -> dict | None:
        from ui.wizard.aml_dialog import AmlDialog

        self.aml_dialog = AmlDialog(amount, self)
        return (
            self.aml_dialog.record
            if self.aml_dialog.exec() == AmlDialog.DialogCode.Accepted
            else None
        )

    def record_payment(self, part: dict) -> list[dict]:
        """Store one part now (a few milliseconds); returns the draft's parts as recorded."""
        if self.draft_id is None:
            self.save_draft()
        from app.issuance.signing import ScheduleChanged

        try:
            self.ctx.issuance.record_draft_payment(self.user, self.request(), part)
        except ScheduleChanged as exc:
            self._sign_again(exc)
            raise
        return self.ctx.issuance.draft_payments(self.draft_id)

    def _sign_again(self, exc: ChudanError) -> None:
        """The service refused: the schedule is not the one signed. Back to the signature."""
        self.review.signed_total = None
        self.review.pad.clear()
        self._show(REVIEW)
        self.problems.setText(exc.localized(self.ctx.settings.language()))
        if self.coverage.quote is not None:
            self._quoted(self.coverage.quote)

    @property
    def checking_qr_payment(self) -> bool:
        """Head office is being asked about the payment QR on screen; its answer is not in yet."""
        return self._qr_checking

    def check_qr_payment(self) -> None:
        """While a payment QR is shown: ask head office whether the gateway reported it paid; if
        so, the part is recorded as the clerk would record it (a timer calls this)."""
        pay = self.payment
        reference, amount = pay.reference.text().strip(), pay.qr_amount
        if (
            self.qr_status is None
            or not pay.qr_panel.isVisible()
            or not reference
            or self._qr_checking
        ):
            return
        self._qr_checking = True

        def done(status) -> None:
            self._qr_checking = False
            if not status or not status.get("paid") or reference != pay.reference.text().strip():
                return
            if Decimal(str(status.get("amount"))) != amount:
                pay.message.setText(
                    self.tr(
                        "Head office reports %1 yuan paid for this QR, not %2: check with the "
                        "customer."
                    )
                    .replace("%1", str(status.get("amount")))
                    .replace("%2", f"{amount:.2f}")
                )
                return
            try:
                pay.payments = self.record_payment(
                    {"method": "qr", "amount": f"{amount:.2f}", "reference": reference}
                )
            except ChudanError as exc:
                pay.message.setText(exc.localized(self.ctx.settings.language()))
                return
            pay.reference.clear()
            pay.refresh()
            pay.message.setText(
                self.tr("Head office confirmed the QR payment of %1 yuan.").replace(
                    "%1", f"{amount:.2f}"
                )
            )
            pay.changed.emit()

        def failed(_exc: BaseException) -> None:
            self._qr_checking = False

        self.tasks.run(lambda: self.qr_status(reference), on_success=done, on_failure=failed)

    def send_to_head_office(self) -> None:
        """No supervisor at the outlet: head office's underwriters decide (sent when online)."""
        preview = self.coverage.preview
        if preview is None or self.refer is None:
            return
        if self.draft_id is None:
            self.save_draft()
        reasons_zh = [f.message_zh for f in preview.quote.decision.fired]
        try:
            item_id = self.ctx.referrals.submit(
                self.user, self.draft_id, preview.fingerprint, "；".join(reasons_zh)
            )
            referral_id = self.refer(
                self.draft_id,
                reasons_zh,
                preview.quote_request,
                {
                    "total": f"{preview.quote.total:.2f}",
                    "rate_version": preview.quote.rate_table_version,
                },
            )
            self.ctx.referrals.sent_to_head_office(self.user, item_id, referral_id)
        except ChudanError as exc:
            self.problems.setText(exc.localized(self.ctx.settings.language()))
            return
        self.requote()

    def ask_supervisor(self, dialog=None) -> None:
        """A supervisor decides at this desk with their own log-in; the decision is for exactly
        what is priced now (its fingerprint)."""
        from ui.wizard.referral_dialog import ReferralDialog

        q = self.coverage.quote
        if q is None:
            return
        zh = self.ctx.settings.language().startswith("zh")
        reasons = "；".join(f.message_zh if zh else f.message_en for f in q.decision.fired)
        dialog = dialog or ReferralDialog(reasons, self)
        if dialog.exec() != ReferralDialog.DialogCode.Accepted:
            return
        if self.draft_id is None:
            self.save_draft()
        try:
            self.ctx.referrals.decide_at_desk(
                self.user,
                self.draft_id,
                self.coverage.fingerprint,
                reasons,
                dialog.username.text(),
                dialog.password.text(),
                dialog.approve,
                dialog.note.text(),
            )
        except ChudanError as exc:
            self.problems.setText(exc.localized(self.ctx.settings.language()))
            return
        self.requote()

    def issue(self) -> None:
        request = self.request()
        draft_id = self.draft_id
        self.payment.issue_button.setEnabled(False)
        self.payment.result.setText(self.tr("Issuing…"))

        def work():
            result = self.ctx.issuance.issue(self.user, request)
            if draft_id and result.policy_number:
                self.ctx.drafts.mark_issued(self.user, draft_id)
            return result

        def done(result) -> None:
            self.result = result
            if result.policy_number:
                self.payment.result.setText(
                    self.tr(
                        "Issued: policy %1 (cover note, awaiting the insurer's confirmation)."
                    ).replace("%1", result.policy_number)
                )
                self.payment.open_pdf.show()
                self.payment.lock()
                self.back.setEnabled(False)  # issued: the schedule is the policy's now
            else:
                self.payment.result.setText(
                    self.tr("Not issued yet: %1").replace("%1", result.state)
                )
            self.issued.emit(result)

        def failed(exc: BaseException) -> None:
            self.payment.issue_button.setEnabled(True)
            self.payment.result.setText(
                exc.localized(self.ctx.settings.language())
                if isinstance(exc, ChudanError)
                else str(exc)
            )
            from app.issuance.signing import ScheduleChanged

            if isinstance(exc, ScheduleChanged):
                self._sign_again(exc)

        self.tasks.run(work, on_success=done, on_failure=failed, serial=True)

    def _open_pdf(self) -> None:
        if self.result and self.result.pdf_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.pdf_path)))
