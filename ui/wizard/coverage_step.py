"""Step 3, coverage: the platform's record of the vehicle (entered as the platform shows it), the
start of cover and a short term (months, or a last day), the region's traffic-violation
coefficient where it has one, vehicle-tax arrears, the plans side by side with their prices (CTPL
alone, three presets, or the covers one by one), the premium as a table (CTPL, each commercial
cover, the vehicle tax collected with it and its arrears and late fee, the totals), the
underwriting decision and head office's registry check. What the rules allow is the engine's to
say (app/rating: the month table, pro rata by day, the region's range): the step only offers
choices inside them and shows the premium it is given."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.money import fmt_amount
from app.rating.worksheet import num
from ui.style import set_state
from ui.widgets import field_label, named
from ui.wizard.fields import NumberField
from ui.wizard.step_base import Step

if TYPE_CHECKING:
    from app.issuance.referrals import ReferralStatus
    from app.issuance.service import Preview
    from app.rating import Quote
    from ui.wizard.custom_covers import CustomCovers

PLANS = ("ctpl_only", "basic", "standard", "full", "custom")
# A short term: months (the engine prices CTPL by its month table, commercial cover by the day) or
# a last day of cover the clerk picks; "" is a full year.
TERM_MONTHS = tuple(range(1, 12))
TERM_TO_DAY = "to_day"
ARREARS_YEARS = 3  # the earlier tax years offered (the engine refuses any it would not collect)
# A decimal as the request takes it (a coefficient, an amount): digits, at most four decimals.
DECIMAL_TEXT = QRegularExpression(r"^\d{0,7}(\.\d{0,4})?$")
# Ticks of the platform's record: unticked is the platform saying "no" (both lower nothing).
HISTORY_FLAGS = (
    ("fatal", "ctpl_fatal_at_fault_last_year"),
    ("first_ctpl", "first_ctpl"),
)
HISTORY = (
    ("claim_free", "ctpl_claim_free_years"),
    ("at_fault", "ctpl_at_fault_claims_last_year"),
    ("ncd", "ncd_level"),
    ("drink", "drink_driving"),
    ("drunk", "drunk_driving"),
)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class Worksheet(QTextBrowser):
    """How the premium is worked out: its HTML is made when it is read (shown, or its text
    asked for), not for every quote while the panel is closed, as it mostly is (making and
    laying it out was the dearest part of drawing a re-quote on the GUI thread)."""

    def __init__(self) -> None:
        super().__init__()
        self._make: Callable[[], str] | None = None

    def show_later(self, make: Callable[[], str]) -> None:
        self._make = make
        if self.isVisible():
            self._fill()

    def _fill(self) -> None:
        if self._make is not None:
            make, self._make = self._make, None
            self.setHtml(make())

    def showEvent(self, event) -> None:
        self._fill()
        super().showEvent(event)

    def toPlainText(self) -> str:
        self._fill()
        return super().toPlainText()

    def toHtml(self) -> str:
        self._fill()
        return super().toHtml()


class CoverageStep(Step):
    key = "coverage"

    def __init__(self, wizard) -> None:
        super().__init__(wizard)
        self.build_in_parts(self._build())

    def _build(self) -> Iterator[None]:
        """The step, a section a part (step_base.py, "building in parts")."""
        # Two columns, so that the premium table and 下一步 are in view on a 1366×768 screen
        # without scrolling: what the clerk enters (the platform record, the term, the traffic
        # record, the tax arrears) on the left; the plans and the premium they give on the right.
        columns = QHBoxLayout()
        self.outer.addLayout(columns)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left)
        columns.addLayout(right, 1)
        self.history_box = named(QGroupBox(), "historyBox")
        from PySide6.QtWidgets import QFormLayout

        form = self.hform = QFormLayout(self.history_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.claim_free = self.row(
            form, NumberField("claimFreeYears", 0, 20, 70), "history.ctpl_claim_free_years"
        )
        self.at_fault = self.row(
            form,
            NumberField("atFaultClaims", 0, 20, 70),
            "history.ctpl_at_fault_claims_last_year",
        )
        self.ncd = self.row(form, NumberField("ncdLevel", -4, 5, 70), "history.ncd_level")
        self.drink = self.row(form, NumberField("drinkDriving", 0, 9, 70), "history.drink_driving")
        self.drunk = self.row(form, NumberField("drunkDriving", 0, 9, 70), "history.drunk_driving")
        # The ticks span the form's width (their text is their label): the box stays narrow
        # enough for the plans beside it on a 1366-wide screen in English.
        self.fatal = named(QCheckBox(), "fatalAccident")
        self.first_ctpl = named(QCheckBox(), "firstCtpl")
        for box, path in (
            (self.fatal, "history.ctpl_fatal_at_fault_last_year"),
            (self.first_ctpl, "history.first_ctpl"),
        ):
            box.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            form.addRow(box)
            self.paths[path] = box
        yield
        self.start = self.row(form, named(QDateEdit(), "startDate"), "start_date")
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.start.setCalendarPopup(True)
        self.start.setMaximumWidth(140)
        self.shown_start = self.start.date()
        self.start_range: tuple[date, date] | None = None
        self.immediate_first = False  # a start on the range's first day is 即时生效
        left.addWidget(self.history_box)

        yield
        # The term, the region's traffic-violation coefficient and the vehicle-tax arrears.
        self.term_box = named(QGroupBox(), "termBox")
        tgrid = QGridLayout(self.term_box)
        self.term = named(QComboBox(), "termKind")
        self.end = named(QDateEdit(), "endDate")
        self.end.setDisplayFormat("yyyy-MM-dd")
        self.end.setCalendarPopup(True)
        self.end.setMaximumWidth(140)
        self.traffic = named(QLineEdit(), "trafficCoefficient")
        self.traffic.setValidator(QRegularExpressionValidator(DECIMAL_TEXT, self.traffic))
        self.traffic.setMaximumWidth(90)
        self.traffic_range: tuple[Decimal, Decimal] | None = None
        self.term_labels: dict[str, QLabel] = {}
        for row, key, widget in (
            (0, "term", self.term),
            (1, "end", self.end),
            (2, "traffic", self.traffic),
        ):
            label = self.term_labels[key] = QLabel()
            label.setBuddy(widget)
            tgrid.addWidget(label, row, 0)
            tgrid.addWidget(widget, row, 1, 1, 2)
        yield
        # Vehicle-tax arrears: one line per earlier tax year (the request takes a list), the
        # amount owed typed in, the late fee the quote works out for it shown beside.
        self.term_labels["arrears"] = QLabel()
        self.term_labels["arrears"].setWordWrap(True)
        tgrid.addWidget(self.term_labels["arrears"], 3, 0, 1, 3)
        self.arrears: list[tuple[QLabel, QLineEdit, QLabel]] = []
        for i in range(ARREARS_YEARS):
            year = QLabel()
            year.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            amount = named(QLineEdit(), f"arrearsAmount{i}")
            amount.setValidator(QRegularExpressionValidator(DECIMAL_TEXT, amount))
            amount.setMaximumWidth(110)
            year.setBuddy(amount)
            # The late fee on a line of its own under the amount (hidden until priced): beside
            # it, it would widen the column and squeeze the premium table.
            fee = named(QLabel(), f"arrearsLateFee{i}")
            fee.hide()
            tgrid.addWidget(year, 4 + 2 * i, 0)
            tgrid.addWidget(amount, 4 + 2 * i, 1, 1, 2)
            tgrid.addWidget(fee, 5 + 2 * i, 1, 1, 2)
            self.arrears.append((year, amount, fee))
        self.arrears_years: list[int] = []
        self.late_fee_note = named(QLabel(), "lateFeeNote")
        self.late_fee_note.setWordWrap(True)
        # Wrapped to the column's width, never widening it (and squeezing the premium table).
        for wrapped in (self.late_fee_note, self.term_labels["arrears"]):
            wrapped.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        tgrid.addWidget(self.late_fee_note, 4 + 2 * ARREARS_YEARS, 0, 1, 3)
        tgrid.setColumnStretch(2, 1)
        for path, widget in (
            ("end_date", self.end),
            ("short_term_months", self.term),
            ("traffic_violation_coefficient", self.traffic),
        ):
            self.paths[path] = widget
        for i, (_year, amount, _fee) in enumerate(self.arrears):
            # The request lists the years owed in this order, so a problem about the i-th
            # (checks.py: tax.arrears[i].year) is on this line when the lines above are filled.
            self.paths[f"tax.arrears[{i}].year"] = amount
        self.term.currentIndexChanged.connect(lambda _i: self._show_term())
        self.start.dateChanged.connect(self._start_moved)
        for _year, amount, _fee in self.arrears:
            amount.textChanged.connect(lambda _t: self._show_arrears())

        yield
        self.plan_box = named(QGroupBox(), "planBox")
        grid = QGridLayout(self.plan_box)
        grid.setContentsMargins(8, 4, 8, 6)  # compact: the premium table below stays in view
        grid.setSpacing(6)
        self.plan_buttons: dict[str, QPushButton] = {}
        self.plan_group = QButtonGroup(self)
        for i, code in enumerate(PLANS):
            b = named(QPushButton(), f"plan_{code}")
            b.setCheckable(True)
            b.setProperty("role", "plan")
            b.setMinimumHeight(46)
            self.plan_group.addButton(b)
            self.plan_buttons[code] = b
            grid.addWidget(b, i // 2, i % 2)  # CTPL alone first: it is never refused
            b.clicked.connect(lambda _=False, c=code: self._plan_clicked(c))
        self.paths["plan"] = self.plan_buttons["standard"]
        right.addWidget(self.plan_box)
        self.totals: dict[str, Decimal] = {}
        left.addWidget(self.term_box)
        left.addStretch(1)

        yield
        # The table, then what it means (the decision, the recommendation) under it: the right
        # column is too narrow to have them side by side.
        self.premium_box = named(QGroupBox(), "premiumBox")
        pv = QVBoxLayout(self.premium_box)
        pv.setContentsMargins(8, 4, 8, 6)
        self.breakdown = named(QTableWidget(0, 3), "breakdown")
        self.breakdown.verticalHeader().setVisible(False)
        self.breakdown.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.breakdown.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.breakdown.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.breakdown.setMinimumHeight(150)
        pv.addWidget(self.breakdown)
        yield
        side = QWidget()
        sv = QVBoxLayout(side)
        sv.setContentsMargins(0, 0, 0, 0)
        self.premium = named(QLabel(), "premium")
        self.premium.setProperty("tone", "premium")
        self.decision = named(QLabel(), "decision")
        self.decision.setWordWrap(True)
        self.registry = named(QLabel(), "registryCheck")
        self.registry.setWordWrap(True)
        self.refer_button = named(QPushButton(), "referButton")
        self.refer_button.hide()
        self.hq_button = named(QPushButton(), "referToHqButton")
        self.hq_button.hide()
        self.worksheet_button = named(QPushButton(), "worksheetButton")
        self.worksheet_button.setProperty("role", "link")
        # Clicked, it leaves the cursor where it was (Enter still goes on); Tab still reaches it.
        self.worksheet_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # A renewal: last year's premium beside this year's, line by line (app.renewals.renewal).
        self.renewal_change = named(QLabel(), "renewalChange")
        self.renewal_change.setWordWrap(True)
        self.renewal_change.hide()
        self.renewal_lines: list[tuple[str, str]] = []
        # 精准推荐: the plan the rate table's rules propose, with the reasons to read out.
        self.recommended = named(QLabel(), "recommendedPlan")
        self.recommended.setWordWrap(True)
        self.use_recommended = named(QPushButton(), "useRecommended")
        self.use_recommended.hide()
        self.use_recommended.clicked.connect(lambda: self.wizard.use_recommendation())
        self.recommendation = None
        for w in (
            self.premium,
            self.renewal_change,
            self.recommended,
            self.use_recommended,
            self.decision,
            self.refer_button,
            self.hq_button,
            self.registry,
            self.worksheet_button,
        ):
            sv.addWidget(w)
        pv.addWidget(side)
        right.addWidget(self.premium_box)
        right.addStretch(1)
        yield
        # The covers one by one (自选) under both columns: a row's English name and its limit
        # need the step's whole width, and the premium stays in view above while they are ticked.
        self.custom: CustomCovers | None = None  # built from the rate table when first chosen
        self.custom_slot = QHBoxLayout()
        self.outer.addLayout(self.custom_slot)
        self.worksheet = named(Worksheet(), "worksheet")
        self.worksheet.setMinimumHeight(220)
        self.worksheet.hide()
        self.outer.addWidget(self.worksheet)
        self.outer.addStretch(1)
        self.worksheet_button.clicked.connect(
            lambda: self.worksheet.setVisible(not self.worksheet.isVisible())
        )
        self.claim_free.textEdited.connect(lambda _t: self._show_at_fault())
        self.watch(
            self.claim_free,
            self.at_fault,
            self.ncd,
            self.drink,
            self.drunk,
            self.fatal,
            self.first_ctpl,
            self.start,
            self.term,
            self.end,
            self.traffic,
            *(amount for _year, amount, _fee in self.arrears),
        )

        self.quote: Quote | None = None
        self.preview: Preview | None = None  # of what is shown
        self.fingerprint = ""  # of what was priced: a referral decision is for exactly that
        self.referral: ReferralStatus | None = None
        self.duplicate = ""  # why this cover cannot be bought, in words for the customer
        self.error: tuple[str, str] | None = None  # a quote that could not be made (en, zh)
        self.error_is_problem = True
        self.registry_check = None
        yield
        self.retranslate()

    # -- texts --------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self._start_tip()
        self.history_box.setTitle(self.tr("Platform record"))
        self.plan_box.setTitle(self.tr("Plan"))
        self.premium_box.setTitle(self.tr("Premium"))
        for widget, text in (
            (self.claim_free, self.tr("CTPL years without a claim")),
            (self.at_fault, self.tr("At-fault CTPL claims last year")),
            (self.ncd, self.tr("NCD level")),
            (self.drink, self.tr("Drink-driving records")),
            (self.drunk, self.tr("Drunk-driving records")),
            (self.start, self.tr("Cover starts")),
        ):
            field_label(self.hform, widget).setText(text)
        self.term_box.setTitle(self.tr("Term, traffic record and vehicle tax"))
        for key, text in (
            ("term", self.tr("Term")),
            ("end", self.tr("Last day of cover")),
            ("traffic", self.tr("Traffic-violation coefficient")),
            ("arrears", self.tr("Vehicle-tax arrears (tax owed for earlier years)")),
        ):
            self.term_labels[key].setText(text)
        self._fill_term_choices()
        self._fill_arrears_years()
        for _year, amount, _fee in self.arrears:
            amount.setPlaceholderText(self.tr("none owed"))
        self.late_fee_note.setText(
            self.tr("Arrears are collected with the CTPL, with their late fee to the day of issue.")
        )
        self._show_late_fees()
        self._show_traffic()
        self.fatal.setText(self.tr("A fatal at-fault accident last year"))
        self.first_ctpl.setText(self.tr("The vehicle's first CTPL policy"))
        for w in (self.claim_free, self.ncd, self.at_fault):
            w.setPlaceholderText(self.tr("as shown"))
        for w in (self.drink, self.drunk):
            w.setPlaceholderText(self.tr("none"))
        self.refer_button.setText(self.tr("Supervisor decision…"))
        self.hq_button.setText(self.tr("Send to head office"))
        self.use_recommended.setText(self.tr("Use the recommended plan"))
        self.worksheet_button.setText(self.tr("Show how the premium is worked out"))
        self.breakdown.setHorizontalHeaderLabels(
            [self.tr("Cover"), self.tr("Sum insured / limit"), self.tr("Premium (yuan)")]
        )
        self._show_plans()
        self._show_at_fault()
        if self.custom is not None:
            self.custom.setTitle(self.tr("Covers"))
            self.custom.retranslate(self.lang())
        self.redraw()

    def _plan_texts(self) -> dict[str, tuple[str, str]]:
        return {
            "ctpl_only": (self.tr("CTPL only"), self.tr("the compulsory cover alone")),
            "basic": (self.tr("Basic"), self.tr("CTPL + third party 1M")),
            "standard": (self.tr("Standard"), self.tr("+ own damage, 2M third party, seats")),
            "full": (self.tr("Full"), self.tr("+ scratches, medical, services")),
            "custom": (self.tr("Custom"), self.tr("choose the covers one by one")),
        }

    def _show_plans(self) -> None:
        for code, (name, what) in self._plan_texts().items():
            total = self.totals.get(code)
            price = self.tr("%1 yuan").replace("%1", fmt_amount(total)) if total is not None else ""
            self.plan_buttons[code].setText(f"{name}   {price}\n{what}")

    def _show_at_fault(self) -> None:
        self.hform.setRowVisible(self.at_fault, self.claim_free.value() == 0)

    # -- the data -------------------------------------------------------------------------------
    def plan(self) -> str:
        return next((c for c, b in self.plan_buttons.items() if b.isChecked()), "standard")

    def choose_plan(self, code: str) -> None:
        self.plan_buttons[code].setChecked(True)
        self._show_custom()

    def _plan_clicked(self, code: str) -> None:
        self._show_custom()
        self._changed()

    def _show_custom(self, coverages: list[dict] | None = None) -> None:
        on = self.plan() == "custom"
        if on and self.custom is None:
            from ui.wizard.custom_covers import CustomCovers

            self.custom = CustomCovers(self.wizard.table_for_start())
            self.custom.setTitle(self.tr("Covers"))
            self.custom.retranslate(self.lang())
            self.custom.changed.connect(self._changed)
            self.custom_slot.addWidget(self.custom)
        if self.custom is not None:
            if coverages:
                self.custom.load(coverages)
            self.custom.setVisible(on)

    def set_start_range(self, first: date, last: date, immediate: bool = False) -> None:
        """No back-dating: the earliest start the rating rules allow for a policy issued now is
        the picker's minimum, the table's lead time its maximum; `immediate`: a start on `first`
        is 即时生效 (the last-day picker's range depends on it)."""
        self.start_range = (first, last)
        self.immediate_first = immediate
        self.start.setDateRange(_qdate(first), _qdate(last))
        self._start_tip()
        self._end_range()

    def _start_tip(self) -> None:
        if self.start_range is None:
            return
        first, last = self.start_range
        self.start.setToolTip(
            self.tr("Cover can start from %1 to %2 (no back-dating).")
            .replace("%1", first.isoformat())
            .replace("%2", last.isoformat())
        )

    def fill(self, data: dict[str, Any]) -> None:
        plan = data.get("plan") or "standard"
        self.plan_buttons[plan].setChecked(True)
        self._show_custom(data.get("coverages") if plan == "custom" else None)
        start = data.get("start_date")
        self.start.setDate(
            _qdate(date.fromisoformat(start) if start else date.today() + timedelta(days=1))
        )
        self.shown_start = self.start.date()  # the picker may move a start outside its range
        self._show_term_data(data)
        self._show_traffic_data(data.get("traffic_violation_coefficient"))
        owed = {
            a.get("year"): str(a.get("amount") or "")
            for a in (data.get("tax") or {}).get("arrears") or []
        }
        self._fill_arrears_years(owed)  # the draft's, not what was typed before
        h = data.get("history") or {}
        for attr, key in HISTORY:
            getattr(self, attr).set_value(h.get(key) if h.get(key) not in ("",) else None)
        for attr, key in HISTORY_FLAGS:
            getattr(self, attr).setChecked(bool(h.get(key)))
        self._show_at_fault()

    def load(self, data: dict[str, Any]) -> None:
        """Fill the step as if typed (tests and scripts): the flow hears of it."""
        current = self.collect()
        merged = {
            **current,
            **data,
            "history": {**current["history"], **(data.get("history") or {})},
        }
        self.show_data(merged)
        self.edited.emit()

    def collect(self) -> dict[str, Any]:
        q = self.start.date()
        history = {}
        for attr, key in HISTORY:
            value = getattr(self, attr).value()
            if value is not None:
                history[key] = value
        for attr, key in HISTORY_FLAGS:
            if getattr(self, attr).isChecked():
                history[key] = True
        if history.get("ctpl_claim_free_years"):  # claim-free years mean no claim last year
            history["ctpl_at_fault_claims_last_year"] = 0
        out: dict[str, Any] = {
            "plan": self.plan(),
            "start_date": date(q.year(), q.month(), q.day()).isoformat(),
            "history": history,
        }
        if out["plan"] == "custom" and self.custom is not None:
            out["coverages"] = self.custom.coverages()
        return out | self._term_data()

    # -- the term, the coefficient and the arrears ------------------------------------------------
    def _fill_term_choices(self) -> None:
        chosen = self.term.currentData()
        self.term.blockSignals(True)
        self.term.clear()
        self.term.addItem(self.tr("One year"), "")
        for m in TERM_MONTHS:
            months = self.tr("1 month") if m == 1 else self.tr("%1 months").replace("%1", str(m))
            self.term.addItem(months, m)
        self.term.addItem(self.tr("To a chosen last day"), TERM_TO_DAY)
        self.term.setCurrentIndex(max(0, self.term.findData(chosen if chosen is not None else "")))
        self.term.blockSignals(False)

    def _owed(self) -> dict[int, str]:
        """The amounts typed, by tax year."""
        return {
            year: amount.text().strip()
            for year, (_label, amount, _fee) in zip(self.arrears_years, self.arrears, strict=False)
            if amount.text().strip()
        }

    def _fill_arrears_years(self, owed: dict[Any, str] | None = None) -> None:
        """The earlier tax years (the year cover starts less one, two, three), newest first,
        each with the amount owed for it: `owed`, or what was typed for that year before."""
        amounts = self._owed() if owed is None else owed
        start_year = self.start.date().year()
        self.arrears_years = list(range(start_year - 1, start_year - 1 - ARREARS_YEARS, -1))
        for year, (label, amount, _fee) in zip(self.arrears_years, self.arrears, strict=True):
            label.setText(self.tr("%1 tax").replace("%1", str(year)))
            amount.blockSignals(True)
            amount.setText(amounts.get(year, ""))
            amount.blockSignals(False)
        self._show_arrears()

    def _start_moved(self, _day: QDate) -> None:
        self._end_range()
        self._fill_arrears_years()

    def _show_term(self) -> None:
        self.end.setEnabled(self.term.currentData() == TERM_TO_DAY)
        self._end_range()

    def _end_range(self) -> None:
        """The last days the rules allow for a short term from the start shown (app/rating/
        terms.py): with 即时生效 cover ends at the hour it started, so the range moves a day."""
        from app.rating.terms import last_day_range

        q = self.start.date()
        start = date(q.year(), q.month(), q.day())
        immediate = (
            self.immediate_first and self.start_range is not None and start == self.start_range[0]
        )
        first, last = last_day_range(start, immediate)
        self.end.setDateRange(_qdate(first), _qdate(last))

    def _show_arrears(self) -> None:
        self.late_fee_note.setVisible(bool(self._owed()))
        self._show_late_fees()

    def _show_late_fees(self) -> None:
        """Beside each year owed, the late fee the quote shown works out for it (and its days)."""
        tax = self.quote.vehicle_tax if self.quote is not None and self.error is None else None
        found = {y: (d, f) for y, _a, d, f in (tax.arrears_detail if tax is not None else ())}
        owed = self._owed()
        for year, (_label, _amount, fee) in zip(self.arrears_years, self.arrears, strict=False):
            days_fee = found.get(year) if year in owed else None
            fee.setText(
                self.tr("late fee %1 (%2 days)")
                .replace("%1", fmt_amount(days_fee[1]))
                .replace("%2", str(days_fee[0]))
                if days_fee is not None
                else ""
            )
            fee.setVisible(days_fee is not None)

    def _show_term_data(self, data: dict[str, Any]) -> None:
        months, end = data.get("short_term_months"), data.get("end_date")
        self.term.blockSignals(True)
        if end:
            self.term.setCurrentIndex(self.term.findData(TERM_TO_DAY))
        else:
            self.term.setCurrentIndex(max(0, self.term.findData(months or "")))
        self.term.blockSignals(False)
        self._show_term()
        if end:
            self.end.setDate(_qdate(date.fromisoformat(end)))

    def _show_traffic_data(self, value: Any) -> None:
        self.traffic.setText("" if value in (None, "") else str(value))

    def set_traffic_range(self, found: tuple[Decimal, Decimal] | None) -> None:
        """The region's range for the coefficient, or None where the region uses none (then
        the field is hidden and nothing is sent)."""
        self.traffic_range = found
        self._show_traffic()

    def _show_traffic(self) -> None:
        on = self.traffic_range is not None
        self.traffic.setVisible(on)
        self.term_labels["traffic"].setVisible(on)
        if on:
            lo, hi = self.traffic_range  # type: ignore[misc]
            self.traffic.setPlaceholderText(f"{num(lo)}–{num(hi)}")
            self.traffic.setToolTip(
                self.tr("This region's coefficient from the vehicle's violations: %1 to %2.")
                .replace("%1", num(lo))
                .replace("%2", num(hi))
            )

    def _term_data(self) -> dict[str, Any]:
        kind = self.term.currentData()
        end = self.end.date()
        out: dict[str, Any] = {
            "short_term_months": kind if isinstance(kind, int) else None,
            "end_date": date(end.year(), end.month(), end.day()).isoformat()
            if kind == TERM_TO_DAY
            else None,
            "traffic_violation_coefficient": (self.traffic.text().strip() or None)
            if self.traffic_range is not None
            else None,
        }
        out["tax"] = {
            "arrears": [{"year": year, "amount": amount} for year, amount in self._owed().items()]
        }
        return out

    # -- what the services said -----------------------------------------------------------------
    def pricing(self) -> None:
        self.premium.setText(self.tr("Pricing…"))

    def show_quote(self, preview: Preview) -> None:
        self.preview = preview
        self.quote = preview.quote
        self.fingerprint, self.referral = preview.fingerprint, preview.referral
        self.duplicate = (
            preview.duplicate.localized(self.lang()) if preview.duplicate is not None else ""
        )
        self.error = None
        if preview.plans:
            self.totals = dict(preview.plans)
        self.redraw()

    def show_error(self, en: str, zh: str, problem: bool = True) -> None:
        """No premium, and why: a quote that failed (`problem`, in red), or what is still to
        be entered before anything is priced (in the normal colour: it is the next thing to do)."""
        self.quote = self.preview = None
        self.error = (en, zh)
        self.error_is_problem = problem
        self.redraw()

    def show_renewal_change(self, lines: list[tuple[str, str]]) -> None:
        """A renewal's "last year vs this year" lines (zh, en), or none for a new policy."""
        self.renewal_lines = list(lines)
        self._show_renewal_change(self.lang().startswith("zh"))

    def _show_renewal_change(self, zh: bool) -> None:
        self.renewal_change.setText("\n".join(z if zh else e for z, e in self.renewal_lines))
        self.renewal_change.setVisible(bool(self.renewal_lines))

    def show_recommendation(self, plan) -> None:
        """The recommended plan (app.rating.recommend) with its reasons, or nothing."""
        self.recommendation = plan
        self._show_recommendation(self.lang().startswith("zh"))

    def _show_recommendation(self, zh: bool) -> None:
        from app.renewals.renewal import cover_name

        plan = self.recommendation
        if plan is None:
            self.recommended.clear()
            self.use_recommended.hide()
            return
        table = self.wizard.table_for_start()
        covers = ("、" if zh else ", ").join(
            cover_name(c["code"], table, zh)
            + (f" {fmt_amount(Decimal(c['limit']))}" if c.get("limit") else "")
            for c in plan.covers
        )
        reasons = "".join(f"\n· {r.zh if zh else r.en}" for r in plan.reasons)
        self.recommended.setText(self.tr("Recommended: %1").replace("%1", covers) + reasons)
        self.use_recommended.show()

    def show_registry(self, check) -> None:
        self.registry_check = check
        self._show_registry(self.lang().startswith("zh"))

    def redraw(self) -> None:
        """Everything the last answers say, in the window's language."""
        zh = self.lang().startswith("zh")
        self._show_plans()
        self.refer_button.setVisible(False)
        self.hq_button.setVisible(False)
        priced = self.quote is not None and self.preview is not None and self.error is None
        self.breakdown.setVisible(priced)  # no empty table where a premium would be
        self.worksheet_button.setVisible(priced)
        if not priced:
            self.worksheet.hide()
        if self.error is not None:
            self.premium.setText(self.tr("Not priced yet"))
            self.decision.setText(self.error[1] if zh else self.error[0])
            set_state(self.decision, "tone", "problem" if self.error_is_problem else "")
            self.breakdown.setRowCount(0)
        elif priced:
            self._show_quote(zh)
        else:
            self.premium.setText("")
            self.decision.setText("")
        self._show_registry(zh)
        self._show_renewal_change(zh)
        self._show_late_fees()
        if self.recommendation is not None:
            self._show_recommendation(zh)

    def _show_quote(self, zh: str | bool) -> None:
        q = self.quote
        assert q is not None and self.preview is not None
        self.duplicate = (
            self.preview.duplicate.localized(self.lang())
            if self.preview.duplicate is not None
            else ""
        )
        self.premium.setText(self.tr("Premium %1 yuan").replace("%1", fmt_amount(q.total)))
        self._fill_breakdown(q, bool(zh))
        d = q.decision
        referral = self.referral
        self.refer_button.setVisible(
            d.outcome == "refer" and referral is not None and referral.status in ("none", "pending")
        )
        self.hq_button.setVisible(
            d.outcome == "refer"
            and referral is not None
            and referral.status == "none"
            and self.wizard.refer is not None
        )
        if d.outcome == "pass":
            text, tone = self.tr("Underwriting: pass"), "ok"
        else:
            reasons = "；".join(f.message_zh if zh else f.message_en for f in d.fired)
            label = (
                self.tr("Underwriting: referred to a supervisor")
                if d.outcome == "refer"
                else self.tr("Underwriting: declined")
            )
            text, tone = f"{label} — {reasons}", "warning" if d.outcome == "refer" else "problem"
            if d.outcome == "refer" and referral is not None and referral.status == "approved":
                text += "\n" + self.tr("Approved by %1: %2").replace(
                    "%1", referral.decided_by
                ).replace("%2", referral.note)
                tone = "ok"
            elif d.outcome == "refer" and referral is not None and referral.status == "declined":
                text += "\n" + self.tr("Declined by %1: %2").replace(
                    "%1", referral.decided_by
                ).replace("%2", referral.note)
                tone = "problem"
            elif d.outcome == "refer" and referral is not None and referral.status == "pending":
                text += "\n" + self.tr("Waiting for a supervisor in the Waiting queue.")
        if self.duplicate:
            text, tone = text + "\n" + self.duplicate, "problem"
        self.decision.setText(text)
        set_state(self.decision, "tone", tone)
        from app.rating.worksheet_text import present

        lang = self.lang()
        self.worksheet.show_later(lambda: present(q, lang).as_html())

    def _fill_breakdown(self, q: Quote, zh: bool) -> None:
        """CTPL, each commercial cover, the subtotals, the tax collected with it, the total."""
        rows: list[tuple[str, str, str, bool]] = []
        if q.ctpl:
            rows.append(
                (
                    self.tr("CTPL (compulsory)"),
                    self.tr("statutory limits"),
                    fmt_amount(q.ctpl.premium),
                    False,
                )
            )
        for ln in q.lines:
            cover_amount = ln.sum_insured or ln.limit
            shown = fmt_amount(cover_amount) if cover_amount else "—"
            if ln.code == "passenger" and ln.seats:
                shown = self.tr("%1 × %2 seats").replace("%1", shown).replace("%2", str(ln.seats))
            rows.append((ln.name_zh if zh else ln.name_en, shown, fmt_amount(ln.premium), False))
        if q.lines:
            rows.append((self.tr("Commercial subtotal"), "", fmt_amount(q.commercial_total), True))
        if q.vehicle_tax is not None:
            tax = q.vehicle_tax
            rows.append(
                (
                    self.tr("Vehicle and vessel tax (collected, not a premium)"),
                    "",
                    fmt_amount(tax.total),
                    False,
                )
            )
            # What the tax line adds up: each earlier year's tax and its late fee, apart.
            for year, owed, days, fee in tax.arrears_detail:
                rows.append(
                    (
                        "    " + self.tr("of which arrears (%1)").replace("%1", str(year)),
                        "",
                        fmt_amount(owed),
                        False,
                    )
                )
                rows.append(
                    (
                        "    "
                        + self.tr("of which late fee (%1, %2 days)")
                        .replace("%1", str(year))
                        .replace("%2", str(days)),
                        "",
                        fmt_amount(fee),
                        False,
                    )
                )
        rows.append((self.tr("Total to pay"), "", fmt_amount(q.total), True))
        # A re-quote changes the cells in place (the items a row had are kept): a new item
        # per cell made the table lay itself out and draw again from nothing each time.
        self.breakdown.setRowCount(len(rows))
        for r, (name, shown_amount, premium, bold) in enumerate(rows):
            for c, text in enumerate((name, shown_amount, premium)):
                item = self.breakdown.item(r, c)
                if item is None:
                    item = QTableWidgetItem(text)
                    if c == 2:
                        item.setTextAlignment(
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                        )
                    self.breakdown.setItem(r, c, item)
                elif item.text() != text:
                    item.setText(text)
                if item.font().bold() != bold:
                    font = item.font()
                    font.setBold(bold)
                    item.setFont(font)
        # Every row in view: the table is as tall as what it holds (the step scrolls instead).
        self.breakdown.resizeRowsToContents()
        self.breakdown.setFixedHeight(
            self.breakdown.horizontalHeader().sizeHint().height()
            + sum(self.breakdown.rowHeight(r) for r in range(len(rows)))
            + 2 * self.breakdown.frameWidth()
            + 2
        )

    def _show_registry(self, zh: str | bool) -> None:
        check = self.registry_check
        if check is None:
            self.registry.setText("")
            return
        if check.status == "matched":
            self.registry.setText(self.tr("Registry: matches the vehicle licence."))
            set_state(self.registry, "tone", "ok")
        elif check.status == "pending":
            self.registry.setText(
                self.tr(
                    "Registry look-up waiting (offline): the policy will be flagged for "
                    "manual verification and the licence photo kept."
                )
            )
            set_state(self.registry, "tone", "warning")
        else:
            found = "；".join(check.differences_zh) if zh else "; ".join(check.differences_en)
            self.registry.setText(
                self.tr(
                    "Registry differs: %1. Check the licence itself; the policy will be "
                    "flagged for manual verification."
                ).replace("%1", found)
            )
            set_state(self.registry, "tone", "problem")
