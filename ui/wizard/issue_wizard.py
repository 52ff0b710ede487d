"""The issuance wizard: a view over the issuance flow (app/issuance/flow.py). The flow decides
where "next" and "back" lead, what stops them and which service calls run on the way; this window
shows the steps, reports what the clerk enters, and runs those calls through the operations runner
(ui/operations.py): reads, quotes, OCR and look-ups on the pool, every store write — draft saves,
scans kept, the signature, payments, referrals, issuing — on the one write lane. Nothing here
touches the store on the GUI thread."""

from __future__ import annotations

import copy
import logging
import threading
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.access.permissions import CurrentUser
from app.archive.categories import VEHICLE_PHOTO
from app.core.errors import ChudanError, InvalidInput
from app.core.money import fmt_amount
from app.issuance.draft_request import CHECKLIST_LENGTH
from app.issuance.drafts import new_draft_id
from app.issuance.flow import (
    STEPS,
    TITLES,
    WRITING_HOOKS,
    Blocked,
    IssuanceFlow,
    Move,
    Paid,
    Priced,
    PricingFailed,
    Problem,
)
from ui import heap
from ui.i18n import current_language
from ui.operations import Operations
from ui.tasks import TaskRunner
from ui.widgets import named
from ui.wizard.coverage_step import CoverageStep
from ui.wizard.customer_step import CustomerStep
from ui.wizard.payment_step import PaymentStep
from ui.wizard.review_step import ReviewStep
from ui.wizard.summary_panel import SummaryPanel
from ui.wizard.vehicle_step import VehicleStep, WrongVehicle

log = logging.getLogger(__name__)
STEP_CLASSES: dict[str, type[Step]] = {
    "customer": CustomerStep,
    "vehicle": VehicleStep,
    "coverage": CoverageStep,
    "review": ReviewStep,
    "payment": PaymentStep,
}

if TYPE_CHECKING:
    from app.issuance.flow_services import DeskServices
    from app.ocr import OcrService
    from ui.wizard.step_base import Step

QR_CHECK_MS = (
    3000  # while a payment QR is shown, how often head office is asked whether it was paid
)
# The steps after the first are built one at a time this far apart, so the window answers its
# timers and the clerk in between (zero would chain them ahead of everything else).
BUILD_GAP_MS = 40
PART_GAP_MS = 10  # between the parts of one step (each a few ms of the GUI thread's time)
AUTOSAVE_AFTER_MS = 700  # after the last keystroke: a killed process loses at most this much typing
KIND_NAMES = {  # what a document is called when it was dropped on the wrong step
    "id-front": ("身份证", "an ID card"),
    "id-back": ("身份证（国徽面）", "the back of an ID card"),
    "business-licence": ("营业执照", "a business licence"),
    "vehicle-licence": ("行驶证", "a vehicle licence"),
    "vehicle-licence-back": ("行驶证副页", "a vehicle licence's second page"),
}


def _sentences(texts: list[str]) -> str:
    """Messages side by side, each ending as a sentence (no "。；")."""
    out = []
    for p in dict.fromkeys(x.strip() for x in texts if x.strip()):
        if not p.endswith(("。", ".", "！", "？", "!", "?", "…")):
            p += "。" if any("\u4e00" <= c <= "\u9fff" for c in p) else "."
        out.append(p)
    return " ".join(out)


def _standards(ctx):
    """The outlet's standard times, or None when its file is unreadable (the wizard works on)."""
    from app.core.errors import ChudanError
    from app.desk.training import real_home
    from app.training.standards import load_standards

    try:
        return load_standards(real_home(ctx))
    except ChudanError:
        return None


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
        queue_lookup=None,
        refer=None,
        qr_status=None,
        warm_ocr: bool = False,
        ops: Operations | None = None,
        sync_now=None,
        phone=None,
        documents=None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("issueWizard")
        # phone() -> the desk's PhoneInbox, or None while the desk is not provisioned (on the
        # pool): a signature link to the customer's phone for any issuance (docs/phone.md)
        self.phone = phone
        # A training scenario's customer documents (app.training.documents), offered beside
        # the scan steps that take them; None in real work.
        self.documents = list(documents or [])
        self.ctx, self.user, self.tasks, self.ocr = ctx, user, tasks, ocr
        self._language = ("", "")  # (the interface language, the settings' language then)
        self.ops = ops or Operations(tasks, ctx.settings.language, self)
        # lookup(call, vin=, wait_s=) -> head office's answer or None (network, on the pool);
        # queue_lookup(call, vin=, draft_id=) -> the key of the look-up queued (a write, on the lane)
        self.lookup = lookup
        self.queue_lookup = queue_lookup
        # refer(draft_id, reasons, quote_request, summary) -> referral id: to head office's underwriters
        self.refer = refer
        # qr_status(reference) -> {"paid", "amount", ...} or None: the gateway's word, via head office
        self.qr_status = qr_status
        self.sync_now = sync_now  # ask the sync to run now (a referral queued for head office)
        self.flow = IssuanceFlow(draft_id=new_draft_id())
        # Told what the clerk does, on every flow this wizard opens (a training drill scores
        # from it, app/training/wizard_drill.py); None in real work.
        self.observer: Callable[[str, dict[str, Any]], None] | None = None
        # A training drill's OCR result boundary: what the reader returned, as the drill's
        # scenario says it was misread (app/training/wizard_drill.py); None in real work.
        self.ocr_result: Callable[[dict[str, Any]], dict[str, Any]] | None = None
        # A training drill's card terminal: the card's limit in yuan, over which the
        # simulated terminal declines (shown on the payment step); None in real work.
        self.card_limit: Decimal | None = None
        self._services: DeskServices | None = None
        self._quote_seq = 0  # the newest quote; older answers are dropped
        self._recommend_seq = 0  # the newest recommendation asked for
        self._qr_checking = False
        self._blocked = False  # the problems shown are what stopped "next" on this step
        self._problem_notes: list[Problem] = []
        self._message: tuple[str, str] | None = None  # a one-off message (en, zh) under the step
        self._advance_when_priced = False
        self._busy = False  # an accept hook (signing, issuing) is on its way
        self._reading = 0  # photos being read on a worker
        # The customer's phone (docs/phone.md): (inbox, application id, the phone's key) for an
        # application that came from it, and the schedule sent there waiting for its signature.
        self.phone_link: tuple | None = None
        # What the yard showed the customer for the covers it handed over (app.issuance.yard_quote):
        # set beside every premium the desk works out for this issuance.
        self.yard_total: Decimal | None = None
        self._yard_said: Decimal | None = None  # the desk's premium last said differs
        # A signature link shown and not answered yet: (inbox, application id).
        self._phone_hello: tuple | None = None
        self._phone_wait: tuple[str, str, str] | None = None
        self._phone_asking = False
        self._phone_timer = QTimer(self, interval=1000)
        self._phone_timer.timeout.connect(self._poll_phone_signature)
        self._noted_duplicate = False
        self.saved = False  # the draft has a row in the store
        self.loaded = True  # False while a draft is being read
        self.result = None  # the IssueResult, once issued
        # The steps are built one per turn of the event loop, the first at once: building all five
        # in one go would hold the window for a noticeable moment when an issuance starts. A step
        # asked for before its turn (wiz.payment) is built then.
        self._built: dict[str, Step] = {}
        self._building: Step | None = None  # the step the builder is part of the way through
        self._camera: bool | None = None
        self._camera_state: str | None = None  # ui.wizard.camera.camera_state(), once asked
        self.header = named(QLabel(), "wizardHeader")
        # The outlet's standard time and checklist of each step (标准化操作, docs/training.md):
        # the same figures a training drill is timed against.
        self.standard = named(QLabel(), "wizardStandard")
        self.standard.setWordWrap(True)
        self.standard.setProperty("tone", "muted")
        self._standards = _standards(ctx)
        self.stack = QStackedWidget()
        self._slots = []
        for _ in STEPS:
            slot = QWidget()
            box = QVBoxLayout(slot)
            box.setContentsMargins(0, 0, 0, 0)
            self.stack.addWidget(slot)
            self._slots.append(box)
        self.summary = SummaryPanel()
        self.problems = named(QLabel(), "wizardProblems")
        self.problems.setWordWrap(True)
        self.problems.setProperty("tone", "problem")
        self.back = named(QPushButton(), "backButton")
        self.next = named(QPushButton(), "nextButton")
        self.next.setProperty("role", "primary")
        self.next.setDefault(False)
        nav = QHBoxLayout()
        nav.addWidget(self.problems, 1)
        nav.addWidget(self.back)
        nav.addWidget(self.next)
        body = QHBoxLayout()
        body.addWidget(self.stack, 1)
        body.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.standard)
        layout.addLayout(body, 1)
        layout.addLayout(nav)
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        shortcuts: tuple[tuple[str, Callable[[], None]], ...] = (
            ("Alt+Right", self.go_next),
            ("Ctrl+Return", self.go_next),
            ("Alt+Left", self.go_back),
        )
        for keys, action in shortcuts:
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self._qr_timer = QTimer(self, interval=QR_CHECK_MS)  # runs while the wizard is on screen
        self._qr_timer.timeout.connect(self.check_qr_payment)
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_AFTER_MS)
        self._autosave.timeout.connect(self.save_draft)
        # The frame goes on screen first; the first step is built in parts on the next turns
        # of the event loop, like the others (a step asked for before is finished then).
        self._building = self._start_building(self.flow.step)
        self.retranslate()
        self._show_step()
        # Set once the event loop has turned after the wizard opened (its first paint done).
        self._opened = threading.Event()
        QTimer.singleShot(PART_GAP_MS, self._build_next)
        # The issuance time starts when the wizard opens (docs/reports.md): recorded once the
        # event loop turns, unless a saved draft is being opened instead (load_draft, called
        # right after this).
        QTimer.singleShot(0, self._record_start)
        # One worker loads what the issuance needs, in the order the clerk needs it: the OCR
        # engine (not at log-in: the idle window stays small), then the issuance services (the
        # rating engine, reportlab). Not on the GUI thread, and one after the other: loading
        # both at once would take the interpreter from the window longer. A failure to load
        # the engine shows at the scan.
        # What each part loaded lives as long as the window: it is kept out of full collections
        # as soon as it is loaded (ui/heap.py), before the next part's allocations set one off.
        ocr, ctx, opened = self.ocr, self.ctx, self._opened

        def warm_up() -> None:
            # The OCR's imports hold the interpreter in C for long stretches: not while the
            # window draws the wizard for the first time (at most half a second's wait).
            opened.wait(0.5)
            if warm_ocr:
                with heap.collections_paused():
                    try:
                        ocr.get()
                    except Exception:  # noqa: BLE001 - the scan reports it, with what to do
                        log.info("OCR warm-up failed; the first scan says why")
                    heap.freeze_once("the OCR engine", collect=False)  # a worker: no collection
            ctx.issuance  # noqa: B018 - built once, here
            # The PDF's CJK font is parsed in Python (a few hundred ms, once): here, not in the
            # middle of issuing, where it was the longest pause of the issuance.
            from app.documents.policy_pdf import load_font

            load_font()

        self.ops.read(warm_up, done=lambda _none: heap.freeze_once("the issuance's engines"))

    def _record_start(self) -> None:
        if not self.loaded:
            return  # a draft opened again started when it was first opened
        drafts, user = self.ctx.drafts, self.user
        call = self.flow.start_call(lambda draft_id: drafts.start(user, draft_id))
        if call is not None:
            self.ops.write(call, initiator=self)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._qr_timer.start()
        if self._phone_wait is not None or self._phone_hello is not None:
            self._phone_timer.start()

    def hideEvent(self, event) -> None:
        """Off screen (closed, logged out, another page shown): head office is no longer asked
        about the payment QR, and typing still waiting for the autosave is saved now."""
        self._qr_timer.stop()
        self._phone_timer.stop()
        self.flush_typing()
        if self._autosave.isActive():
            self.save_draft()
        super().hideEvent(event)

    # -- the steps ----------------------------------------------------------------------------------
    def step_named(self, key: str) -> Step:
        """The step, built (and wired) the first time it is asked for."""
        step = self._built.get(key)
        if step is not None:
            return step
        building = self._building
        if building is not None and building.key == key:
            self._building = None  # (another step half built stays the builder's)
            step = building
        else:
            step = self._start_building(key)
        step.finish_building()  # what the builder had not done yet, now
        self._built[key] = step
        step.edited.connect(lambda st=step: self._step_edited(st))
        step.body.on_enter = lambda w, st=step: self._enter_from(st, w)
        if self.documents and isinstance(step, CustomerStep | VehicleStep):
            from ui.wizard.training_documents import DocumentStrip

            docs = [d for d in self.documents if step.accepts(d.kind)]
            if docs:
                target: Step = step

                def read(paths: list[str]) -> None:
                    self.scan_files(target, paths)

                strip = step.documents = DocumentStrip(docs, read)
                # Under the scan buttons, where the clerk looks for the documents.
                box = step.scan_row.parentWidget()
                form = box.layout() if box is not None else None
                assert isinstance(form, QFormLayout)
                row = next(
                    (
                        r
                        for r in range(form.rowCount())
                        if (item := form.itemAt(r, QFormLayout.ItemRole.SpanningRole)) is not None
                        and item.widget() is step.scan_row
                    ),
                    form.rowCount() - 1,
                )
                form.insertRow(row + 1, strip)
        if isinstance(step, CustomerStep):
            step.scan_button.clicked.connect(lambda: self.scan("auto"))
            step.scan_back_button.clicked.connect(lambda: self.scan("id-back"))
        elif isinstance(step, VehicleStep):
            step.scan_button.clicked.connect(lambda: self.scan("vehicle-licence"))
            step.scan_back_button.clicked.connect(lambda: self.scan("vehicle-licence-back"))
        elif isinstance(step, CoverageStep):
            step.refer_button.clicked.connect(lambda: self.ask_supervisor())
            step.hq_button.clicked.connect(self.send_to_head_office)
            self._ask_start_range(step)
        elif isinstance(step, ReviewStep):
            step.reveal.clicked.connect(self._reveal_id)
        elif isinstance(step, PaymentStep):
            step.issue_button.clicked.connect(self.issue)
            step.open_pdf.clicked.connect(self._open_pdf)
        if isinstance(step, (CustomerStep, VehicleStep)):
            kind = "auto" if isinstance(step, CustomerStep) else "vehicle-licence"
            step.camera_button.setVisible(self._has_camera())  # where Qt finds a camera
            step.camera_button.clicked.connect(lambda _=False, k=kind: self.photograph(k))
        step.show_data(self.flow.data)
        if hasattr(self, "summary"):
            self._show_priced()
        step.show()  # whole and wired (a row added to a step on screen would show a turn later)
        return step

    def _ask_start_range(self, coverage: CoverageStep) -> None:
        """The date picker keeps to when cover may start for a policy issued now (no
        back-dating; the region's 即时生效; the table's lead time), as the services say."""

        def done(window) -> None:
            self.flow.facts.start_range = (window.first, window.last)
            coverage.set_start_range(window.first, window.last, window.immediate)
            if coverage.start.date() != coverage.shown_start:  # moved into the allowed range
                coverage.edited.emit()

        def failed(_text: str, exc: BaseException) -> None:
            log.info("start range not known: %s", exc)  # the quote still refuses a bad start

        # `self.services` is resolved on the worker: the first time, it builds the issuance
        # service (about 15 ms), which the coverage step's build did on the GUI thread.
        self.ops.read(lambda: self.services.start_range(), done=done, failed=failed, owner=self)
        self._ask_traffic_range(coverage)

    def _ask_traffic_range(self, coverage: CoverageStep) -> None:
        """The traffic-violation coefficient is asked for only where the outlet's region uses
        one, within that region's range (the engine refuses anything else)."""
        from datetime import date

        start = date.fromisoformat(self.flow.data.get("start_date") or date.today().isoformat())

        def failed(_text: str, exc: BaseException) -> None:
            log.info("traffic-violation range not known: %s", exc)

        self.ops.read(
            lambda: self.services.traffic_violation_range(start),
            done=coverage.set_traffic_range,
            failed=failed,
            owner=self,
        )

    def _has_camera(self) -> bool:
        """A camera button where a camera is attached, even when this installation cannot drive
        it (the outlet bundle has no Qt multimedia): the button then says what to do instead."""
        if self._camera is None:
            from ui.wizard.camera import NO_CAMERA, camera_state

            self._camera_state = camera_state()
            self._camera = self._camera_state != NO_CAMERA
        return self._camera

    def _start_building(self, key: str) -> Step:
        """The step's frame, in its place on the (hidden) page: the rest is built in parts
        (step_base.py), so that its widgets take the window's style sheet where they stay."""
        step = STEP_CLASSES[key](self)
        step.hide()  # until whole (on the page shown, a half-built step would be drawn)
        self._slots[STEPS.index(key)].addWidget(step)
        return step

    def _build_next(self) -> None:
        """One part of the next step not built yet, a turn of the event loop apart; once whole,
        it is wired and shows the flow's data (a part of its own)."""
        self._opened.set()
        building = self._building
        missing = next((k for k in STEPS if k not in self._built), None)
        if missing is None:
            return
        # Building a step polishes its widgets against the style sheet on the GUI thread: not
        # while the clerk watches a photo being read, when the window must keep answering
        # (the step on screen excepted).
        if self._reading and not (building is not None and building.key == self.flow.step):
            QTimer.singleShot(BUILD_GAP_MS, self._build_next)
            return
        if building is None:
            self._building = self._start_building(missing)
        elif building.building:
            building.build_part()
        else:
            self.step_named(building.key)  # whole: wired, and shows the flow's data
            QTimer.singleShot(BUILD_GAP_MS, self._build_next)
            return
        QTimer.singleShot(PART_GAP_MS, self._build_next)

    @property
    def customer(self) -> CustomerStep:
        return self.step_named("customer")  # type: ignore[return-value]

    @property
    def vehicle(self) -> VehicleStep:
        return self.step_named("vehicle")  # type: ignore[return-value]

    @property
    def coverage(self) -> CoverageStep:
        return self.step_named("coverage")  # type: ignore[return-value]

    @property
    def review(self) -> ReviewStep:
        return self.step_named("review")  # type: ignore[return-value]

    @property
    def payment(self) -> PaymentStep:
        return self.step_named("payment")  # type: ignore[return-value]

    @property
    def steps(self) -> list[Step]:
        return [self.step_named(k) for k in STEPS]

    def current(self) -> Step:
        return self.step_named(self.flow.step)

    # -- small things the steps ask -------------------------------------------------------------
    def language(self) -> str:
        # The settings file is read again only when the window's language changed (the
        # settings are saved before the language is installed): the steps ask for it on every
        # text they draw, and each read was a file opened on the GUI thread.
        now = current_language()
        if self._language[0] != now:
            self._language = (now, self.ctx.settings.language())
        return self._language[1]

    @property
    def services(self) -> DeskServices:
        if self._services is None:
            from app.issuance.flow_services import DeskServices

            self._services = DeskServices(
                self.ctx.issuance, self.user, self.lookup, self.queue_lookup
            )
        return self._services

    @property
    def draft_id(self) -> str:
        return str(self.flow.draft_id)

    def table_for_start(self):
        """The rate table the policy is priced with: the one in force on the start date."""
        from datetime import date

        return self.ctx.issuance.table_for(date.fromisoformat(self.flow.data["start_date"]))

    def aml_rules(self):
        """The payment rules of that table (the service checks them again)."""
        from datetime import date

        from app.issuance.payments import PaymentRules
        from app.rating.signing import RateTableError

        try:
            return self.ctx.issuance.payment_rules(date.fromisoformat(self.flow.data["start_date"]))
        except RateTableError:
            return PaymentRules()

    def aml_facts_call(self):
        """The read behind `aml_reason`, for the pool (the GUI thread never reads the store): the
        payer's cash earlier today at this desk, and the table's payment rules."""
        holder = self.flow.data.get("policyholder") or {}
        draft_id, id_number = self.draft_id, str(holder.get("id_number") or "")

        def call():
            return self.ctx.issuance.cash_paid_today(draft_id, id_number), self.aml_rules()

        return call

    def aml_reason(self, amount: Decimal, earlier: Decimal, rules) -> str | None:
        """Why this cash part needs the large-value record, or None: the payer's cash today at
        this desk (`earlier`, from `aml_facts_call`), this part included, reaches the table's
        threshold (one rule, in app/issuance/payments.py; the service checks it again when the
        part is stored)."""
        from app.issuance.payments import aml_message_en, aml_message_zh, aml_needed

        total = earlier + amount
        if not aml_needed(total, rules):
            return None
        if self.language() == "zh":
            return aml_message_zh(total, earlier, rules)
        return aml_message_en(total, earlier, rules)

    def has_content(self) -> bool:
        """Anything entered or read: worth keeping as a draft."""
        d = self.data()
        return bool(
            self.saved
            or any(
                str(v or "").strip()
                for k, v in d["policyholder"].items()
                if k not in ("kind", "id_type", "consent")
            )
            or any(str(v or "").strip() for k, v in d["vehicle"].items() if k != "no_plate")
        )

    # -- texts ------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.back.setText(self.tr("Back"))
        self.next.setText(self.tr("Next"))
        self.back.setToolTip(self.tr("Back (Alt+Left)"))
        self.next.setToolTip(self.tr("Next (Enter on the last field, Alt+Right)"))
        self._show_header()
        self._show_problems()
        self.summary.show_flow(self.flow, self.language())
        if "payment" in self._built:
            self.payment.result.setText(self._result_text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._show_priced()
        super().changeEvent(event)

    def _show_header(self) -> None:
        zh = self.language().startswith("zh")
        index = self.flow.index
        titles = [f"{i + 1} {TITLES[s][1 if zh else 0]}" for i, s in enumerate(STEPS)]
        self.header.setText(
            "  ›  ".join(f"<b>{t}</b>" if i == index else t for i, t in enumerate(titles))
        )
        std = self._standards.steps.get(STEPS[index]) if self._standards else None
        if std is None:
            self.standard.setText("")
            return
        items = "  ".join("✓ " + (i["zh"] if zh else i["en"]) for i in std.checklist)
        head = self.tr("Standard time %1 s").replace("%1", str(std.seconds))
        self.standard.setText(f"{head}  {items}".strip())

    def say_scan(self, step, *note: str) -> None:
        """The line beside a step's scan buttons, from what the last photo gave; said again in the
        other language when the clerk switches."""
        if not hasattr(step, "scan_status"):
            return
        step.scan_note = note
        kind = note[0] if note else ""
        zh = self.language().startswith("zh")
        if kind == "reading":
            text = self.tr("Reading the document…")
        elif kind == "read":
            n = len(step.to_check()) + (1 if getattr(step, "usage_read", "") else 0)
            text = (
                self.tr("Read; %1 field(s) to check (highlighted).").replace("%1", str(n))
                if n
                else self.tr("Read; nothing to check.")
            )
        elif kind == "wrong":
            expected, found = note[1], note[2]
            text = (
                self.tr("This is not %1 (it looks like %2): nothing was filled in.")
                .replace("%1", KIND_NAMES[expected][0 if zh else 1])
                .replace("%2", KIND_NAMES.get(found, ("?", "?"))[0 if zh else 1])
            )
        elif kind == "unknown":
            text = self.tr(
                "No ID card, vehicle licence or business licence recognised in this photo: "
                "photograph the whole document, flat and in good light."
            )
        elif kind == "other-vehicle":
            text = (
                self.tr(
                    "This second page is of %1, not %2: nothing was filled in; check the licence."
                )
                .replace("%1", note[1])
                .replace("%2", note[2])
            )
        elif kind == "error":
            text = note[2] if zh else note[1]
        else:
            text = self.tr("…or drop the photos here (several at once).")
        step.scan_status.setText(text)
        step.scan_status.setProperty(
            "tone", "problem" if kind in ("wrong", "unknown", "other-vehicle", "error") else ""
        )
        step.scan_status.style().polish(step.scan_status)
        step.scan_row.busy.setVisible(kind == "reading")

    def refresh_scan_notes(self) -> None:
        for step in [self._built[k] for k in ("customer", "vehicle") if k in self._built]:
            if step.scan_note and step.scan_note[0] == "read":
                self.say_scan(step, *step.scan_note)
        self._step_edited(self.current())

    # -- the flow's data ----------------------------------------------------------------------------
    def _step_edited(self, step: Step) -> None:
        """The clerk changed something on `step`: the flow takes it, the draft is saved soon, and
        what depends on it is worked out again."""
        self._take(step)
        self._autosave.start()
        if STEPS.index(step.key) <= STEPS.index("coverage") and self.flow.index >= 2:
            self.requote()
        self._after_change()

    def _take(self, step: Step) -> None:
        """The step's widgets into the flow: sections it holds whole (history, a plan's covers)
        are replaced, the others merged (the review keeps its ticks, which the flow holds)."""
        data = self.flow.data
        for section, values in step.collect().items():
            if section == "sources":
                kept = {k: v for k, v in data["sources"].items() if not k.startswith("vehicle.")}
                data["sources"] = {**kept, **values}
            elif section in ("to_check", "policyholder", "vehicle", "review"):
                # Merged through the flow, which tells its observer (a training drill) what
                # the clerk changed.
                self.flow.update(section, values)
            else:
                data[section] = copy.deepcopy(values)  # held whole: a key untouched is gone
        if step.key in ("customer", "vehicle"):
            self.flow.update("to_check", {step.key: step.to_check()})
            if step.scan_note[:1] == ("read",):  # "n to check" stays true as fields are checked
                self.say_scan(step, *step.scan_note)
        if step.key == "customer" and "vehicle" in self._built:
            self.vehicle._show_owner_id()

    def ticked(self, checked: list[bool]) -> None:
        self.flow.tick(checked)
        self._autosave.start()
        self._after_change()

    def _after_change(self) -> None:
        self.summary.show_flow(self.flow, self.language())
        if self._blocked:
            self._show_problems(recheck=True)

    def flush_typing(self) -> None:
        """Keys typed in this turn of the event loop, taken now: whatever reads the flow's data
        (a step change, a save, a request) calls this first (Step._typed)."""
        for step in list(self._built.values()):
            step.flush_typing()

    def data(self) -> dict[str, Any]:
        self.flush_typing()
        return self.flow.data

    def request(self) -> dict[str, Any]:
        self.flush_typing()
        return self.flow.request()

    # -- saving and opening ----------------------------------------------------------------------------
    def save_draft(self) -> None:
        """Queue the draft's save on the write lane (the lane keeps order: a save queued before
        the signature is stored before it)."""
        self.flush_typing()
        self._autosave.stop()
        if self.flow.facts.issued is not None and self.flow.facts.issued.policy_number:
            return  # issued: the draft is closed
        self.saved = True
        data = copy.deepcopy(self.flow.data)
        self.ops.write(
            self.ctx.drafts.save, self.user, self.draft_id, self.flow.step, data, initiator=self
        )

    def save_now(self) -> None:
        """Closing or leaving: what is on screen is kept (if anything was entered)."""
        if self.has_content():
            self.save_draft()

    def load_draft(self, draft_id: str) -> None:
        """Open a saved draft: read on the write lane (opening records the resume for the
        reports' step times, a write), then shown at the step where it was left."""
        self.loaded = False

        def read():
            step, data = self.ctx.drafts.load(self.user, draft_id)
            return step, data, self.ctx.issuance.draft_payment_state(draft_id)

        def done(result) -> None:
            step, data, state = result
            self._open(draft_id, step, data, state)

        def failed(text: str, _exc: BaseException) -> None:
            self.loaded = True
            self._say(text, text)

        self.ops.write(read, done=done, failed=failed, initiator=self)

    def _open(self, draft_id: str, step: str, data: dict[str, Any], state) -> None:
        from app.issuance.flow_services import paid

        self.flow = IssuanceFlow(data, step, draft_id=draft_id)
        self.flow.observer = self.observer
        self.flow.facts.paid = paid(state)
        self.saved = True
        for built in list(self._built.values()):
            built.show_data(self.flow.data)
        self.payment.show_paid(state.total, state.parts)
        self.loaded = True
        self._show_step()
        hooks = list(self.flow.spec.enter)
        if self.flow.index >= STEPS.index("coverage") and "quote" not in hooks:
            hooks.insert(0, "quote")  # priced again: what was signed is checked against it
        for hook in hooks:
            self.run_hook(hook)
        if self.flow.index >= STEPS.index("coverage"):
            self.recommend()
        self._focus_first()  # the cursor waits where the clerk goes on

    # -- moving ------------------------------------------------------------------------------------------
    def go(self, index: int) -> None:
        """One step forwards or back (tests and the benchmark)."""
        if index > self.flow.index:
            self.go_next()
        elif index < self.flow.index:
            self.go_back()

    def go_next(self, issuing: bool = False) -> None:
        if self._busy or not self.loaded:
            return
        if self.flow.spec.last and not issuing:
            return  # the last step's "next" is issuing: only its own button does that
        self.flush_typing()
        self._take(self.current())
        self._message = None
        try:
            move = self.flow.plan_next()
        except Blocked as stopped:
            if stopped.problems and all(p.waiting for p in stopped.problems):
                self._advance_when_priced = True  # goes on by itself once the premium is in
            self._blocked = True
            self._show_problems()
            self._focus_problem(stopped.problems)
            return
        if move.accept:
            self._accept(move)
        else:
            self._arrive(move)

    def go_back(self) -> None:
        if self._busy or not self.loaded:
            return
        self.flush_typing()
        self._take(self.current())
        self._message = None
        self._advance_when_priced = False
        try:
            move = self.flow.plan_back()
        except Blocked as stopped:
            self._blocked = True
            self._problem_notes = stopped.problems
            self._show_problems(keep=True)
            return
        if move.target != "review" or move.source != "payment":
            self.review.revealed = False
        self._arrive(move)

    def _accept(self, move: Move) -> None:
        """Run the step's accept hook (signing, issuing) on the write lane; arrive when it is in."""
        accept = move.accept
        assert accept is not None
        if accept != "sign" or not self.saved:
            # Queued first (the lane keeps order); signing saves the draft in its own write.
            self.save_draft()
        else:
            self._autosave.stop()
        self._busy = True
        self.next.setEnabled(False)
        if accept == "sign":
            self._say("Storing the signature…", "正在保存签名…")
        call = self.flow.hook_call(accept, self.services)

        def done(result) -> None:
            self._busy = False
            self.next.setEnabled(True)
            self._message = None
            self.flow.apply(accept, result)
            if accept == "issue":
                self._issued(result)
                return
            self._arrive(move)

        def failed(text: str, exc: BaseException) -> None:
            self._busy = False
            self.next.setEnabled(True)
            if accept == "issue":
                self.payment.issue_button.setEnabled(True)
                self.payment.result.setText(text)
            self._refused(text, exc)

        self.ops.write(call, done=done, failed=failed, initiator=self)

    def _arrive(self, move: Move) -> None:
        self.flow.arrive(move)
        self._blocked = False
        self._advance_when_priced = False
        self.current().show_data(self.flow.data)  # what other steps changed in it
        self._show_step()
        self.save_draft()
        for hook in move.enter:
            self.run_hook(hook)
        if self.flow.step == "coverage" and move.source != "review":
            self.recommend()
        self._focus_first()

    def _show_step(self) -> None:
        index = self.flow.index
        self.stack.setCurrentIndex(index)
        self._show_header()
        locked = "payment" in self._built and self.payment.locked
        self.back.setEnabled(index > 0 and not locked)
        self.next.setVisible(not self.flow.spec.last)
        self._problem_notes = []
        if not self._message:
            self.problems.clear()
        self._show_priced()
        self.summary.show_flow(self.flow, self.language())

    def _show_problems(self, recheck: bool = False, keep: bool = False) -> None:
        """What stopped "next" on this step, until it is put right (then it goes)."""
        lang = self.language()
        if not keep and self._blocked:
            # A problem that goes by itself (the premium being worked out) is not the clerk's to
            # put right: it is said once, as "goes on when the premium is in", not in red.
            self._problem_notes = [p for p in self.flow.problems() if not p.waiting]
            if recheck and not self._problem_notes:
                self._blocked = False
        texts = [p.text(lang) for p in self._problem_notes]
        if self._advance_when_priced:
            texts.append(self.tr("Pricing… the wizard goes on when the premium is in."))
        if self._message:
            texts.insert(0, self._message[1] if lang.startswith("zh") else self._message[0])
        self.problems.setText(_sentences(texts))

    def _say(self, en: str, zh: str) -> None:
        self._message = (en, zh)
        self._show_problems(keep=True)

    def _refused(self, text: str, exc: BaseException) -> None:
        from app.issuance.signing import ScheduleChanged

        if isinstance(exc, ScheduleChanged):
            self.back_to_signature(exc.message, exc.zh)
            return
        if isinstance(exc, ChudanError):
            self._say(exc.message, exc.zh)
        else:
            self._say(text, text)

    def back_to_signature(self, en: str, zh: str) -> None:
        """What the customer signed no longer holds: back to the review to sign again."""
        if self.flow.step == "payment":
            self.flow.stack.pop()
            self.flow.step = "review"
        self.flow.unsign()
        self.review.show_data(self.flow.data)
        self._show_step()
        self.save_draft()
        self._say(en, zh)
        self.run_hook("quote")

    # -- focus ---------------------------------------------------------------------------------------
    def _focus_problem(self, problems: list[Problem]) -> None:
        """The cursor to the first field, in the form's order, that a problem is about."""
        step = self.current()
        named = {p.field for p in problems}
        for path in step.paths:
            w = step.widget_for(path)
            if path in named and w is not None and w.isVisibleTo(step) and w.isEnabled():
                w.setFocus()
                step.ensureWidgetVisible(w)
                return

    def _focus_first(self) -> None:
        step = self.current()
        problems = [p for p in self.flow.problems() if not p.waiting]
        if problems:
            self._focus_problem(problems)
            return
        inputs = step.inputs()
        if inputs:
            inputs[0].setFocus()

    def focus_after_scan(self, step: Step, filled: list) -> None:
        """After a scan the cursor waits where the clerk goes on: the first field to check, else
        the first one still needing something; not while the clerk is typing elsewhere here."""
        typing = self.focusWidget()
        if (
            isinstance(typing, QLineEdit)
            and step.isAncestorOf(typing)
            and typing.hasFocus()
            and typing.isModified()  # typed into by the clerk, not filled by this scan
        ):
            return
        review = next((f for f in filled if f.needs_review()), None)
        if review is not None:
            review.edit.setFocus()
            return
        empty = next((f for f in step.next_to_fill() if f.isVisible() and not f.text()), None)
        if empty is not None:
            empty.edit.setFocus()
            return
        problems = [p for p in self.flow.problems() if not p.waiting]
        self._focus_problem(problems)

    def _enter_from(self, step: Step, widget: QWidget | None) -> None:
        """Enter goes on: to the next field that still needs something, or to the next step."""
        if widget is None or not step.isAncestorOf(widget):
            return
        if isinstance(widget, QPushButton):
            widget.click()  # Enter on a button presses it
            return
        self._take(step)
        self._autosave.start()
        if self.flow.index >= 2 and step.key == "coverage":
            self.requote()
        needing = {p.field for p in self.flow.problems() if not p.waiting}
        inputs = step.inputs()
        after = inputs[inputs.index(widget) + 1 :] if widget in inputs else inputs
        for w in after:
            path = next((p for p, x in step.paths.items() if step.widget_for(p) is w), "")
            if path in needing:
                w.setFocus()
                step.ensureWidgetVisible(w)
                return
        if not self.flow.spec.last:
            self.go_next()

    # -- hooks: what the flow asks the services ------------------------------------------------------------
    def run_hook(self, name: str) -> None:
        if name == "quote":
            self.requote()
            return
        if name == "registry" and self.lookup is None:
            self.flow.apply("registry", {"vin": self.flow.data["vehicle"].get("vin") or ""})
            self._show_registry()
            return
        call = self.flow.hook_call(name, self.services)

        def done(result) -> None:
            then = self.flow.apply(name, result)
            if name == "registry":
                self._show_registry()
            elif name == "payments":
                self.payment.show_paid(result.total, list(result.parts))
            for hook in then:
                self.run_hook(hook)
            self._after_change()

        def failed(text: str, exc: BaseException) -> None:
            if name == "registry":
                self._show_registry()
            else:
                self._refused(text, exc)

        if name in WRITING_HOOKS:
            self.ops.write(call, done=done, failed=failed, initiator=self)
        else:
            self.ops.read(call, done=done, failed=failed, owner=self)

    def requote(self) -> None:
        """The premium for what the flow holds now, on the pool; only the newest answer counts."""
        self._quote_seq = seq = self._quote_seq + 1
        from app.issuance.flow import record_missing

        missing = record_missing(self.flow)
        if missing:
            # Nothing is priced from an assumed record: no premium, no plan prices, until the
            # clerk has typed what the platform says (an answer on its way is for other data).
            self.flow.facts.priced, self.flow.facts.quoting = None, False
            self.coverage.totals = {}
            self.coverage.show_error(
                "Enter the platform's record (claim-free years, NCD level) to see the premium.",
                "请先按平台查询结果填写无赔年数和 NCD 等级，再显示保费。",
                problem=False,
            )
            self._show_priced()
            self._after_change()
            return
        self.coverage.pricing()
        call = self.flow.hook_call("quote", self.services)
        self.summary.show_premium(self.flow)

        def done(priced) -> None:
            if seq != self._quote_seq:
                return
            review = self.flow.data["review"]
            held = (list(review.get("checked") or []), bool(review.get("signature")))
            self.flow.apply("quote", priced)
            now = (list(review.get("checked") or []), bool(review.get("signature")))
            if now != held and "review" in self._built:
                # What would be signed changed: the ticks and the signature went with it.
                self.review.show_data(self.flow.data)
            self._show_priced()
            self._renewal_quoted(priced)
            if self.flow.step == "payment" and self._signature_stale(priced):
                total = f"{priced.total:.2f}" if isinstance(priced, Priced) else ""
                self.back_to_signature(
                    f"What the customer signed has changed since (the premium is now {total} "
                    "yuan): check the schedule with the customer and sign again.",
                    f"客户签名后投保单内容有变化（现保费 {total} 元）：请与客户重新核对投保单并重新签名。",
                )
                return
            self._note_duplicate(priced)
            self._after_change()
            if self._advance_when_priced and not self.flow.facts.quoting:
                self._advance_when_priced = False
                self.go_next()

        def failed(text: str, _exc: BaseException) -> None:
            if seq != self._quote_seq:
                return
            self.flow.apply("quote", PricingFailed(text, text))
            self._show_priced()
            self._after_change()

        self.ops.read(call, done=done, failed=failed, owner=self)

    def _renewal_quoted(self, priced) -> None:
        """A renewal's draft: last year's premium beside this year's on the coverage step, and
        the renewal is 已报价 with the premium the customer was shown (app.renewals)."""
        if not isinstance(priced, Priced) or priced.detail is None:
            return
        quote, draft_id, user = priced.detail.quote, self.draft_id, self.user

        def shown(change) -> None:
            self.coverage.show_renewal_change(list(change) + self._yard_lines(quote))
            if change:  # a renewal's premium shown to the customer: the renewal is quoted
                premium = (
                    quote.ctpl.premium if quote.ctpl else Decimal(0)
                ) + quote.commercial_total
                self.ops.write(  # no tax in the renewal's premium
                    self.ctx.renewals.draft_priced, user, draft_id, premium, initiator=self
                )

        self.ops.read(self.ctx.renewals.explain, draft_id, quote, done=shown, owner=self)

    def recommend(self) -> None:
        """精准推荐 on the coverage step: the plan the rate table's rules propose for this vehicle
        (a renewal: from last year's covers), worked out on the write lane (it is kept with the
        draft, so that what the clerk did with it is recorded when the policy is bound)."""
        self._recommend_seq = seq = self._recommend_seq + 1
        if not self.saved:
            self.save_draft()  # the recommendation is kept with the draft's row

        def shown(plan) -> None:
            if seq == self._recommend_seq:  # only the newest counts
                self.coverage.show_recommendation(plan)

        self.ops.write(
            self.ctx.renewals.recommend,
            self.user,
            self.request(),
            self.draft_id,
            done=shown,
            failed=lambda _text, _exc: shown(None),  # nothing to recommend: no panel
            initiator=self,
        )

    def use_recommendation(self) -> None:
        plan = self.coverage.recommendation
        if plan is None:
            return
        self.coverage.load({"plan": "custom", "coverages": plan.covers})  # requoted as edited
        self.ops.write(
            self.ctx.renewals.recommendation_applied, self.user, self.draft_id, initiator=self
        )

    def _signature_stale(self, priced) -> bool:
        review = self.flow.data["review"]
        if not isinstance(priced, Priced):
            return False
        if review.get("signed_hash") and priced.schedule_hash:
            return review["signed_hash"] != priced.schedule_hash
        signed = review.get("signed_total")
        return signed is not None and signed != f"{priced.total:.2f}"

    def _show_priced(self) -> None:
        """The last premium on the steps that show it (those built so far)."""
        priced = self.flow.facts.priced
        coverage, review = self._built.get("coverage"), self._built.get("review")
        if isinstance(priced, Priced) and priced.detail is not None:
            preview = priced.detail
            # Drawn once per answer, not on every step change: the tables and the HTML are the
            # dearest things the window draws.
            if isinstance(coverage, CoverageStep) and coverage.preview is not preview:
                coverage.show_quote(preview)
            if isinstance(review, ReviewStep) and review.shown_for is not preview:
                from app.issuance.schedule import schedule_view

                review.shown_for = preview
                review.show_schedule(
                    schedule_view(preview.schedule) if preview.schedule is not None else None
                )
        elif isinstance(priced, PricingFailed):
            if isinstance(coverage, CoverageStep):
                coverage.show_error(priced.en, priced.zh)
            if isinstance(review, ReviewStep):
                review.show_schedule(None)

    def _note_duplicate(self, priced) -> None:
        """A duplicate found while pricing waits on a person (待处理), once per draft."""
        if not isinstance(priced, Priced) or not priced.duplicate_en or self._noted_duplicate:
            return
        self._noted_duplicate = True
        if not self.saved:
            self.save_draft()
        error = InvalidInput(priced.duplicate_en, zh=priced.duplicate_zh)
        self.ops.write(
            self.ctx.issuance.note_duplicate, self.user, self.draft_id, error, initiator=self
        )

    def _show_registry(self) -> None:
        from app.issuance.registry_check import compare

        found = self.flow.facts.registry
        vehicle = self.flow.data["vehicle"]
        answer = found.get("answer") if found.get("vin") == vehicle.get("vin") else None
        self.coverage.show_registry(compare(vehicle, answer))

    # -- documents ------------------------------------------------------------------------------------------
    def photograph(self, kind: str) -> None:
        from ui.wizard.camera import NOT_INSTALLED, CameraDialog, explain_no_camera

        if self._camera_state == NOT_INSTALLED:
            explain_no_camera(self)
            return
        dialog = CameraDialog(self)
        if dialog.exec() == CameraDialog.DialogCode.Accepted and dialog.path is not None:
            self.scan(kind, str(dialog.path))

    def scan(self, kind: str, path: str | None = None) -> None:
        """A photo from the file dialog (or the camera) for the step it belongs to."""
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
        self.scan_files(step, [path])

    def scan_files(self, step, paths: list[str]) -> None:
        """Read each photo (the photo says what it is) and fill `step` from the ones that belong
        there; a document of another kind says so and fills nothing."""
        if not paths:
            return
        self.say_scan(step, "reading")
        self._reading += 1

        def read():  # on a worker: each photo read from disk once (a regular file, size-capped)
            from app.ocr.images import read_image_file

            out = []
            for p in paths:
                content = read_image_file(p)
                out.append((p, content, self.ocr.get().read(content, "auto").to_json()))
            return out

        def done(results) -> None:
            self._reading -= 1
            self._read(step, results)

        def failed(text: str, exc: BaseException) -> None:
            self._reading -= 1
            if isinstance(exc, ChudanError):
                self.say_scan(step, "error", exc.message, exc.zh)
            else:
                self.say_scan(step, "error", text, text)

        self.ops.read(read, done=done, failed=failed, owner=self)

    def _read(self, step, results: list[tuple[str, bytes, dict]]) -> None:
        filled: list = []
        note: tuple[str, ...] = ()
        for path, content, read in results:
            result = self.ocr_result(read) if self.ocr_result is not None else read
            kind = result["kind"]
            if kind == "unknown":
                note = ("unknown",)
                continue
            if not step.accepts(kind):
                expected = "vehicle-licence" if step is self.vehicle else "id-front"
                note = ("wrong", expected, kind)
                continue
            try:
                filled += step.apply_scan(kind, result["fields"])
            except WrongVehicle as other:
                note = ("other-vehicle", other.read, other.expected)
                continue
            self.ops.write(
                self.ctx.drafts.attach_document,
                self.user,
                self.draft_id,
                kind,
                Path(path).name,
                content,
                result,
                initiator=self,
            )
            self.saved = True
            if not note:
                note = ("read",)
        self.say_scan(step, *(note or ("read",)))
        self._step_edited(step)
        self.save_draft()  # a scan alone is worth keeping
        self.focus_after_scan(step, filled)

    def send_to_phone(self) -> None:
        """The schedule on the review step to the customer's phone; their signature, when it
        comes, goes in the pad as if signed here (over exactly that schedule)."""
        preview = self.coverage.preview
        if preview is None or preview.schedule is None:
            return
        if self.phone_link is None:
            self.open_signature_link()
            return
        inbox, application_id, phone_key = self.phone_link
        review = self.review
        review.phone_status.setText(self.tr("Sending to the customer's phone…"))

        def sent(schedule_hash: str) -> None:
            review.phone_status.setText(
                self.tr("Sent: the customer reads the proposal and signs on their phone.")
            )
            self._phone_wait = (application_id, phone_key, schedule_hash)
            self._phone_timer.start()

        def failed(text: str, exc: BaseException) -> None:
            message = exc.localized(self.language()) if isinstance(exc, ChudanError) else text
            review.phone_status.setText(message)

        self.ops.read(
            inbox.send_schedule,
            application_id,
            phone_key,
            preview.schedule,
            done=sent,
            failed=failed,
            owner=self,
        )

    def open_signature_link(self) -> None:
        """An issuance not started from the customer's phone: a one-time signature link (a QR
        code on the review step) through head office's relay; once the customer's phone has
        opened it, the schedule goes there as for a phone application."""
        if self.phone is None or self._phone_hello is not None:
            return
        from sync.phone_inbox import SIGNATURE

        review, phone = self.review, self.phone
        review.phone_status.setText(self.tr("Making a one-time QR code for the customer's phone…"))
        review.phone_button.setEnabled(False)

        def make():
            inbox = phone()
            return None if inbox is None else (inbox, inbox.invite(SIGNATURE))

        def made(result) -> None:
            review.phone_button.setEnabled(True)
            if result is None:
                review.phone_status.setText(
                    self.tr(
                        "This desk is not connected to head office yet: an administrator "
                        "provisions it on the Sync page."
                    )
                )
                return
            inbox, invitation = result
            self._phone_hello = (inbox, invitation.application_id)
            review.phone_qr.set_data(invitation.url)
            review.phone_qr.show()
            local = invitation.expires_at.astimezone().strftime("%H:%M")
            review.phone_status.setText(
                self.tr(
                    "The customer scans this code with the phone's camera: the proposal then "
                    "opens on that phone to read and sign. Valid until %1, once."
                ).replace("%1", local)
            )
            self._phone_timer.start()

        def failed(text: str, exc: BaseException) -> None:
            review.phone_button.setEnabled(True)
            message = exc.localized(self.language()) if isinstance(exc, ChudanError) else text
            review.phone_status.setText(message)

        self.ops.read(make, done=made, failed=failed, owner=self)

    def _poll_phone_hello(self) -> None:
        assert self._phone_hello is not None
        inbox, application_id = self._phone_hello
        link = self._phone_hello
        self._phone_asking = True

        def answered(phone_key) -> None:
            self._phone_asking = False
            if phone_key and self._phone_hello is link:
                self._phone_hello = None
                self._phone_timer.stop()
                self.phone_link = (inbox, application_id, phone_key)
                self.review.phone_qr.hide()
                self.send_to_phone()

        def failed(text: str, exc: BaseException) -> None:
            self._phone_asking = False
            self._phone_hello = None
            self._phone_timer.stop()
            self.review.phone_qr.hide()
            message = exc.localized(self.language()) if isinstance(exc, ChudanError) else text
            self.review.phone_status.setText(message)

        self.ops.read(inbox.signing_phone, application_id, done=answered, failed=failed, owner=self)

    def _poll_phone_signature(self) -> None:
        if self._phone_asking:
            return
        if self._phone_hello is not None:
            self._poll_phone_hello()
            return
        if self.phone_link is None or self._phone_wait is None:
            return
        inbox = self.phone_link[0]
        application_id, phone_key, schedule_hash = self._phone_wait
        self._phone_asking = True

        def answered(strokes) -> None:
            self._phone_asking = False
            if strokes and self._phone_wait == (application_id, phone_key, schedule_hash):
                self._phone_timer.stop()
                self._phone_wait = None
                self.review.signed_on_phone(strokes, schedule_hash)

        def failed(text: str, exc: BaseException) -> None:
            self._phone_asking = False
            self._phone_timer.stop()
            message = exc.localized(self.language()) if isinstance(exc, ChudanError) else text
            self.review.phone_status.setText(message)

        self.ops.read(
            inbox.signature,
            application_id,
            phone_key,
            schedule_hash,
            done=answered,
            failed=failed,
            owner=self,
        )

    def take_phone_application(self, review, inbox=None) -> None:
        """An application the customer filled on the phone (ui/pages/phone_dialog.py): the
        photos, already read by the desk's OCR, fill the customer and vehicle steps exactly as
        scans do (kept with the draft, doubtful readings highlighted); the mobile and e-mail the
        customer typed are marked as theirs for the clerk to check; the consent given on the
        phone (its version) stands for the box. Then the wizard goes on by itself, as the clerk
        pressing 下一步 would, to the coverage step, or stops at the first step that needs the
        clerk (`land_after_phone`)."""
        c = self.customer
        if inbox is not None and review.phone_key:
            # The phone that applied can read and sign the proposal (the review step's button).
            self.phone_link = (inbox, review.application_id, review.phone_key)
            if "review" in self._built:  # built already: its button shows now
                self.review.phone_button.show()
        if review.mobile:
            c.phone.set_text(review.mobile, False, "phone")
        if review.email:
            c.email.set_text(review.email, False, "phone")
        c.consent.setChecked(True)
        self._take_yard_quote(getattr(review, "quote", None))
        vehicle = [r for r in review.reads if r[2].get("kind", "").startswith("vehicle")]
        customer = [r for r in review.reads if r not in vehicle]
        if vehicle:
            self._read(self.vehicle, vehicle)
        if customer:
            self._read(self.customer, customer)
        # The yard's photos of the vehicle, kept with the draft (and so with the policy and in its
        # archive) as they are: the OCR has nothing to read on them.
        for number, content in enumerate(getattr(review, "vehicle_photos", ()), 1):
            self.ops.write(
                self.ctx.drafts.attach_document,
                self.user,
                self.draft_id,
                VEHICLE_PHOTO,
                f"yard-vehicle-{number}.jpg",
                content,
                None,
                initiator=self,
            )
            self.saved = True
        self._step_edited(c)
        self.save_draft()
        # The licence's 品牌型号 may bring the price from the model catalogue: decide once in.
        self.vehicle.when_catalogue_answered(self.land_after_phone)

    def _take_yard_quote(self, quote: Any) -> None:
        """The yard's quote: its covers start the coverage step (as the custom plan), and the
        premium shown to the customer is kept to compare with the desk's (`_yard_lines`)."""
        from app.issuance.yard_quote import shown_total, yard_coverages

        if not isinstance(quote, dict):
            return
        covers = yard_coverages(quote.get("request"))
        if covers:
            self.flow.data["plan"], self.flow.data["coverages"] = "custom", covers
            if "coverage" in self._built:
                self.coverage.show_data(self.flow.data)
        self.yard_total = shown_total(quote)

    def _yard_lines(self, quote) -> list[tuple[str, str]]:
        """The yard's premium beside the desk's on the coverage step; a difference is also said
        in the wizard's message line, once per new premium."""
        from app.issuance.yard_quote import compared

        if self.yard_total is None:
            return []
        now = quote.total
        line = compared(self.yard_total, now)
        if now != self.yard_total and now != self._yard_said:
            self._yard_said = now
            self._say(line[1], line[0])
        return [line]

    def land_after_phone(self) -> None:
        """Forwards over the customer and vehicle steps while nothing on them needs the clerk:
        a highlighted reading not yet confirmed, or anything the step still lacks, stops it there
        with the step's problems and a line saying why; else it lands on the coverage step."""
        while self.flow.step in ("customer", "vehicle") and not self._busy:
            step = self.current()
            self._take(step)
            problems = [p for p in self.flow.problems() if not p.waiting]
            if problems:
                self._blocked = True
                self._problem_notes = problems
                self._message = (
                    "Filled from the customer's phone: check this step (the highlighted fields "
                    "and what is said below), then go on.",
                    "已按客户手机填写的内容填入：请核对本步骤（标黄的字段及下方提示）后继续。",
                )
                self._show_problems(keep=True)
                self._focus_problem(problems)
                return
            before = self.flow.step
            self.go_next()
            if self.flow.step == before:
                return  # go_next said why it did not move
        if self.flow.step == "coverage":
            self._say(
                "Customer and vehicle filled from the customer's phone and checked: choose the "
                "covers.",
                "投保人和车辆信息已按客户手机填写内容填入并通过核对：请选择险种。",
            )

    # -- referrals ---------------------------------------------------------------------------------------
    def send_to_head_office(self) -> None:
        """No supervisor at the outlet: head office's underwriters decide (sent when online)."""
        preview = self.coverage.preview
        if preview is None or self.refer is None:
            return
        self.save_draft()
        fired = preview.quote.decision.fired
        reasons_zh = [f.message_zh for f in fired]
        reasons_en = "; ".join(f.message_en for f in fired)
        draft_id, user = self.draft_id, self.user
        summary = {
            "total": f"{preview.quote.total:.2f}",
            "rate_version": preview.quote.rate_table_version,
        }

        def send():
            item_id = self.ctx.referrals.submit(
                user, draft_id, preview.fingerprint, "；".join(reasons_zh), reasons_en
            )
            referral_id = self.refer(draft_id, reasons_zh, preview.quote_request, summary)
            return self.ctx.referrals.sent_to_head_office(user, item_id, referral_id)

        def done(_changes) -> None:
            if self.sync_now is not None:
                self.sync_now()
            self.requote()

        self.ops.write(send, done=done, failed=self._refused, initiator=self)

    def ask_supervisor(self, dialog=None) -> None:
        """A supervisor decides at this desk with their own log-in (checked on the write lane);
        the decision is for exactly what is priced now (its fingerprint)."""
        from ui.wizard.referral_dialog import ReferralDialog

        q = self.coverage.quote
        if q is None:
            return
        zh = self.language().startswith("zh")
        reasons = "；".join(f.message_zh if zh else f.message_en for f in q.decision.fired)
        reasons_zh = "；".join(f.message_zh for f in q.decision.fired)
        reasons_en = "; ".join(f.message_en for f in q.decision.fired)
        dialog = dialog or ReferralDialog(reasons, self)
        if dialog.exec() != ReferralDialog.DialogCode.Accepted:
            return
        self.save_draft()
        args = (
            self.user,
            self.draft_id,
            self.coverage.fingerprint,
            reasons_zh,
            dialog.username.text(),
            dialog.password.text(),
            dialog.approve,
            dialog.note.text(),
        )

        def decide():
            from app.core.changes import Changes

            self.ctx.referrals.decide_at_desk(*args, reasons_en=reasons_en)
            return Changes(work_items=True)

        self.ops.write(decide, done=lambda _c: self.requote(), failed=self._refused, initiator=self)

    # -- payment ---------------------------------------------------------------------------------------
    def ask_aml_record(self, amount: str, why: str = "") -> dict | None:
        from ui.wizard.aml_dialog import AmlDialog

        holder = self.flow.data["policyholder"]
        self.aml_dialog = AmlDialog(amount, self, payer_id=holder.get("id_number") or "", why=why)
        return (
            self.aml_dialog.record
            if self.aml_dialog.exec() == AmlDialog.DialogCode.Accepted
            else None
        )

    def record_payment(self, part: dict, note: str = "") -> None:
        """Store one part on the write lane; the step shows the parts as the store has them
        (and `note` under them, once stored)."""
        request = self.flow.request()
        services = self.services

        def done(paid: Paid) -> None:
            self.flow.on_paid(paid)
            self.payment.part_recorded(list(paid.parts), paid.total)
            if note:
                self.payment.message.setText(note)
            self._after_change()

        def failed(text: str, exc: BaseException) -> None:
            self.payment.part_refused(text)
            from app.issuance.signing import ScheduleChanged

            if isinstance(exc, ScheduleChanged):
                self.back_to_signature(exc.message, exc.zh)

        self.ops.write(
            services.record_payment, request, part, done=done, failed=failed, initiator=self
        )

    @property
    def checking_qr_payment(self) -> bool:
        """Head office is being asked about the payment QR on screen; its answer is not in yet."""
        return self._qr_checking

    def check_qr_payment(self) -> None:
        """While a payment QR is shown: ask head office whether the gateway reported it paid; if
        so, the part is recorded as the clerk would record it (a timer calls this)."""
        if "payment" not in self._built:
            return  # no QR can be on screen: not a reason to build the step
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
                    .replace("%1", fmt_amount(Decimal(str(status.get("amount")))))
                    .replace("%2", fmt_amount(amount))
                )
                return
            pay.busy = True
            pay.refresh()
            self.record_payment(
                {"method": "qr", "amount": f"{amount:.2f}", "reference": reference},
                self.tr("Head office confirmed the QR payment of %1 yuan.").replace(
                    "%1", fmt_amount(amount)
                ),
            )

        def failed(_text: str, _exc: BaseException) -> None:
            self._qr_checking = False

        self.ops.read(lambda: self.qr_status(reference), done=done, failed=failed, owner=self)

    def issue(self) -> None:
        self.payment.issue_button.setEnabled(False)
        self.payment.result.setText(self.tr("Issuing…"))
        self.go_next(issuing=True)

    def _issued(self, issued) -> None:
        self.result = issued.detail
        self.payment.result.setText(self._result_text())
        if issued.policy_number:
            self.payment.open_pdf.show()
            self.payment.lock()
            self.back.setEnabled(False)  # issued: the schedule is the policy's now
        else:
            self.payment.issue_button.setEnabled(True)
        self.issued.emit(self.result)

    def _result_text(self) -> str:
        issued = self.flow.facts.issued
        if issued is None:
            return ""
        if issued.policy_number:
            return self.tr(
                "Issued: policy %1 (cover note, awaiting the insurer's confirmation)."
            ).replace("%1", issued.policy_number)
        return self.tr("Not issued yet: %1").replace(
            "%1", issued.zh if self.language().startswith("zh") else issued.en
        )

    def _open_pdf(self) -> None:
        if self.result and self.result.pdf_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.pdf_path)))

    def _reveal_id(self) -> None:
        """The customer checks their full ID number against their card: shown on request, and
        the showing is audited."""
        review = self.review
        if review.revealed:
            review.revealed = False
            review.retranslate()
            return
        self.save_draft()

        def done(_changes) -> None:
            review.revealed = True
            review.retranslate()

        self.ops.write(
            self.ctx.drafts.reveal_for_review,
            self.user,
            self.draft_id,
            "policyholder ID number",
            done=done,
            failed=self._refused,
            initiator=self,
        )


__all__ = ["CHECKLIST_LENGTH", "IssueWizard", "OcrHolder"]
