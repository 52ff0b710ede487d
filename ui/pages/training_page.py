"""实战演练, the training page (docs/training.md): the scenarios, a drill played step by step
with its checkpoints (each step timed against the outlet's standard time), the debrief with every
checkpoint (what the clerk did, what was expected, why), a timed competition of N scenarios with
its leaderboard, and the clerk's results. Every decision is app.training's; results are kept
beside the training store (app/training/results.py). In a training session the page also points
the simulated head office at the scenario being played, so the wizard meets its exceptions."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.access.permissions import CurrentUser, Permission
from app.core.errors import ChudanError
from app.desk.context import AppContext
from app.desk.training import real_home
from app.training.assignments import Assignments
from app.training.competitions import Competition, Competitions, standings
from app.training.documents import scenario_documents
from app.training.requests import scenario_draft_data
from app.training.results import ResultsLog, leaderboard
from app.training.scenarios import Scenario, all_scenarios
from app.training.scoring import Answers, Result, score
from app.training.standards import load_standards
from app.training.wizard_drill import WizardDrill
from ui.operations import Operations
from ui.pages.base import Page, fill_table, read_only_table
from ui.widgets import named


class TrainingPage(Page):
    def __init__(
        self,
        ctx: AppContext,
        user: CurrentUser,
        *,
        ops: Operations | None = None,
        on_scenario: Callable[[Scenario | None], None] | None = None,
        open_draft: Callable[[str], Any] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(ctx, user, ops=ops)
        self.on_scenario = on_scenario or (lambda _s: None)
        self.open_draft = open_draft
        self.clock = clock or ctx.clock
        self.home = real_home(ctx)
        self.results = ResultsLog(self.home)
        self.assignments = Assignments(self.home)
        self.standards = load_standards(self.home)
        self.scenarios = all_scenarios()
        self.competitions = Competitions(self.home)
        self.queue: list[Scenario] = []  # what is left of a competition
        self.competition: str | None = None
        self.current: Scenario | None = None
        self.step_index = 0
        self.step_started = 0.0
        self.step_seconds: dict[str, float] = {}
        self.choices: dict[str, str] = {}
        self.action_count = 0  # options clicked, changes of mind included
        self.groups: dict[str, QButtonGroup] = {}
        self.last_result: Result | None = None
        self.drill: WizardDrill | None = None  # the wizard's view of the scenario being played
        self.drill_wizards: list[Any] = []  # the wizards opened on it, hooked to the drill
        self.from_wizard: set[str] = set()  # the last debrief's checkpoints the wizard scored

        self.tabs = named(QTabWidget(), "trainingTabs")
        # drills
        drills = QWidget()
        row = QHBoxLayout(drills)
        left = QVBoxLayout()
        self.list = named(QListWidget(), "trainingScenarios")
        for _ in self.scenarios:
            self.list.addItem("")
        self.list.currentRowChanged.connect(self._show_brief)
        left.addWidget(self.list, 1)
        self.start_button = named(QPushButton(), "trainingStart")
        self.start_button.clicked.connect(self.start_selected)
        left.addWidget(self.start_button)
        # A supervisor sets a competition up: the scenarios selected, else N drawn (seeded);
        # every clerk then plays that same set against the outlet's time limit.
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setup_box = QWidget()
        setup = QHBoxLayout(self.setup_box)
        setup.setContentsMargins(0, 0, 0, 0)
        self.comp_count = named(QSpinBox(), "competitionCount")
        self.comp_count.setRange(1, max(1, len(self.scenarios)))
        self.comp_count.setValue(min(5, len(self.scenarios)))
        self.comp_create = named(QPushButton(), "competitionCreate")
        self.comp_create.clicked.connect(self.create_competition)
        setup.addWidget(self.comp_count)
        setup.addWidget(self.comp_create, 1)
        self.setup_box.setVisible(user.can(Permission.MANAGE_CLERKS))
        left.addWidget(self.setup_box)
        self.comp_button = named(QPushButton(), "competitionStart")
        self.comp_button.clicked.connect(self.start_competition)
        left.addWidget(self.comp_button)
        self.comp_clock = named(QLabel(), "competitionClock")
        left.addWidget(self.comp_clock)
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)
        # A supervisor assigns the selected scenario, or training mode, to a clerk.
        self.assign_box = QWidget()
        assign = QHBoxLayout(self.assign_box)
        assign.setContentsMargins(0, 0, 0, 0)
        self.assign_clerk = named(QLineEdit(), "assignClerk")
        self.assign_button = named(QPushButton(), "assignScenario")
        self.assign_button.clicked.connect(self.assign_selected)
        self.assign_mode = named(QPushButton(), "assignTrainingMode")
        self.assign_mode.clicked.connect(self.require_training_mode)
        assign.addWidget(self.assign_clerk, 1)
        assign.addWidget(self.assign_button)
        assign.addWidget(self.assign_mode)
        self.assign_box.setVisible(user.can(Permission.MANAGE_CLERKS))
        left.addWidget(self.assign_box)
        row.addLayout(left, 1)
        right = QVBoxLayout()
        self.brief = named(QLabel(), "trainingBrief")
        self.brief.setWordWrap(True)
        right.addWidget(self.brief)
        self.step_box = named(QGroupBox(), "trainingStep")
        self.step_layout = QVBoxLayout(self.step_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.step_box)
        right.addWidget(scroll, 2)
        # In a training session: the real wizard on the scenario's customer and vehicle, its
        # head office the scenario's (the checkpoints stay on this page).
        self.wizard_button = named(QPushButton(), "trainingWizard")
        self.wizard_button.clicked.connect(self.open_in_wizard)
        self.wizard_button.setVisible(
            bool(getattr(ctx, "training", False)) and open_draft is not None
        )
        self.wizard_button.setEnabled(False)
        right.addWidget(self.wizard_button)
        self.next_button = named(QPushButton(), "trainingNext")
        self.next_button.clicked.connect(self.next_step)
        self.next_button.setEnabled(False)
        right.addWidget(self.next_button)
        self.verdict = named(QLabel(), "trainingVerdict")
        self.verdict.setWordWrap(True)
        right.addWidget(self.verdict)
        self.debrief = read_only_table("trainingDebrief")
        self.debrief.setWordWrap(True)
        right.addWidget(self.debrief, 2)
        row.addLayout(right, 2)
        self.tabs.addTab(drills, "")
        # results and leaderboard
        self.results_table = read_only_table("trainingResults")
        self.tabs.addTab(self.results_table, "")
        self.board = read_only_table("trainingLeaderboard")
        self.tabs.addTab(self.board, "")
        self.layout_.addWidget(self.tabs, 1)
        self.retranslate()
        if self.scenarios:
            self.list.setCurrentRow(0)

    def _zh(self) -> bool:
        return self.lang().startswith("zh")

    def _t(self, text: dict[str, str]) -> str:
        return text["zh"] if self._zh() else text["en"]

    def retranslate(self) -> None:
        self.title.setText(self.tr("Training drills"))
        self.note.setText(
            self.tr(
                "Scenarios with the exceptions outlets meet. Each step is timed against the "
                "outlet's standard time; the debrief shows what you did, what was expected and why."
            )
        )
        assigned = {a.scenario for a in self.assignments.open_for(self.user.username)}
        for i, s in enumerate(self.scenarios):
            # ★: assigned by a supervisor and not yet passed
            self.list.item(i).setText(("★ " if s.id in assigned else "") + self._t(s.title))
        self.start_button.setText(self.tr("Start drill"))
        self.comp_create.setText(self.tr("Set up a competition (selected, or N drawn)"))
        self.comp_button.setText(self.tr("Start the competition"))
        self.next_button.setText(self.tr("Next step"))
        self.wizard_button.setText(self.tr("Issue this customer's policy in the wizard"))
        self.assign_clerk.setPlaceholderText(self.tr("Clerk's user name"))
        self.assign_button.setText(self.tr("Assign scenario"))
        self.assign_mode.setText(self.tr("Training mode at log-in"))
        self.tabs.setTabText(0, self.tr("Drills"))
        self.tabs.setTabText(1, self.tr("Results"))
        self.tabs.setTabText(2, self.tr("Leaderboard"))

    def refresh(self) -> None:
        runs = self.results.runs()
        fill_table(
            self.results_table,
            [
                self.tr("When"),
                self.tr("Clerk"),
                self.tr("Scenario"),
                self.tr("Points"),
                self.tr("Passed"),
            ],
            [
                [
                    r.at,
                    r.user,
                    r.scenario,
                    f"{r.points}/{r.max_points}",
                    self.tr("yes") if r.passed else self.tr("no"),
                ]
                for r in reversed(runs)
            ],
        )
        comp = self.competitions.get(self.competition) if self.competition else None
        if self.competition:
            rows = (
                standings(comp, self.scenarios, runs)
                if comp is not None
                else leaderboard(runs, self.competition)
            )
            fill_table(
                self.board,
                [
                    self.tr("Rank"),
                    self.tr("Clerk"),
                    self.tr("Points"),
                    self.tr("Passed"),
                    self.tr("Time (s)"),
                ],
                [
                    [str(i), u, f"{p}/{m}", str(n), f"{t:.0f}"]
                    for i, (u, p, m, n, t) in enumerate(rows, 1)
                ],
            )

    def open_in_wizard(self) -> None:
        """A draft of the scenario's customer and vehicle in the training store, opened in the
        issuance wizard (the simulated head office keeps playing the scenario meanwhile)."""
        scenario, open_draft = self.current, self.open_draft
        if scenario is None or open_draft is None:
            return
        data = scenario_draft_data(scenario, self.clock().date())
        home, user = self.home, self.user

        def make() -> str:
            from sync.sandbox import fleet_paid_before

            # The customer's documents rendered now, off the GUI thread, the first time (phone
            # photos take a few seconds): the wizard shows them.
            scenario_documents(home, scenario)
            # A large-cash drill: the fleet's other policies paid in cash today first, so the
            # one paid in the wizard meets the large-value record (sync.sandbox).
            fleet_paid_before(self.ctx, user, scenario)
            return self.ctx.drafts.create(user, data)

        drill = self.drill

        def opened(draft_id: str) -> None:
            wizard = open_draft(draft_id)
            if wizard is not None and drill is not None and drill is self.drill:
                # What the clerk does in the wizard scores the checkpoints it can see; the
                # scenario's misread and card terminal happen there.
                wizard.observer = wizard.flow.observer = drill.observe
                wizard.ocr_result = drill.misread
                wizard.card_limit = drill.card_limit
                drill.probe = lambda: wizard.flow.data
                self.drill_wizards.append(wizard)

        self.ops.write(make, done=opened, initiator=self)

    # --- assignments ---------------------------------------------------------------------
    def assign_selected(self) -> None:
        row, clerk = self.list.currentRow(), self.assign_clerk.text().strip()
        if clerk and 0 <= row < len(self.scenarios):
            self.assignments.assign(self.user, clerk, [self.scenarios[row].id], self.clock())
            self.verdict.setText(self.tr("Assigned to %1").replace("%1", clerk))

    def require_training_mode(self) -> None:
        clerk = self.assign_clerk.text().strip()
        if clerk:
            self.assignments.set_training_mode(self.user, clerk, True)
            self.verdict.setText(
                self.tr("%1 works in training mode from the next log-in").replace("%1", clerk)
            )

    # --- a drill ---------------------------------------------------------------------------
    def _show_brief(self, row: int) -> None:
        if 0 <= row < len(self.scenarios) and self.current is None:
            s = self.scenarios[row]
            self.brief.setText(f"<b>{self._t(s.title)}</b><br>{self._t(s.brief)}")

    def start_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.scenarios):
            self.competition = None
            self.queue = []
            self.ticker.stop()
            self.comp_clock.clear()
            self.start(self.scenarios[row])

    def create_competition(self) -> None:
        """A supervisor's competition: the scenarios selected in the list (two or more), else
        N drawn with a fresh seed; recorded, so every clerk plays the same set."""
        chosen = [self.scenarios[i.row()].id for i in self.list.selectedIndexes()]
        limit = self.standards.competition_seconds or 3600
        name = self.clock().strftime("competition-%Y%m%d-%H%M%S")
        try:
            comp = self.competitions.create(
                self.user,
                name,
                self.scenarios,
                self.clock(),
                limit_seconds=limit,
                chosen=chosen if len(chosen) > 1 else None,
                count=self.comp_count.value(),
            )
        except ChudanError as exc:
            self.verdict.setText(exc.localized(self.lang()))
            return
        self.verdict.setText(
            self.tr("Competition %1: %2 scenarios, %3 minutes")
            .replace("%1", comp.name)
            .replace("%2", str(len(comp.scenarios)))
            .replace("%3", str(comp.limit_seconds // 60))
        )

    def start_competition(self) -> None:
        """The latest competition a supervisor set up: its scenarios not yet played by this
        clerk, one after the other, within the clerk's time (it begins now, once)."""
        comp = self.competitions.latest()
        if comp is None:
            self.verdict.setText(self.tr("No competition has been set up yet."))
            return
        comp = self.competitions.begin(comp.name, self.user.username, self.clock())
        done = {
            r.scenario for r in self.results.runs(self.user.username) if r.competition == comp.name
        }
        by_id = {s.id: s for s in self.scenarios}
        self.queue = [by_id[i] for i in comp.scenarios if i in by_id and i not in done]
        self.competition = comp.name
        if not self.queue or comp.time_left(self.user.username, self.clock()) <= 0:
            self._time_up(comp)
            return
        self.ticker.start()
        self._tick()
        self.start(self.queue.pop(0))

    def _tick(self) -> None:
        """The clerk's time left, shown; at zero the competition ends (the run under way is
        not counted)."""
        comp = self.competitions.get(self.competition) if self.competition else None
        if comp is None:
            self.ticker.stop()
            self.comp_clock.clear()
            return
        left = comp.time_left(self.user.username, self.clock())
        self.comp_clock.setText(
            self.tr("Competition time left: %1").replace(
                "%1", f"{int(left) // 60}:{int(left) % 60:02d}"
            )
        )
        if left <= 0:
            self._time_up(comp)

    def _time_up(self, comp: Competition) -> None:
        self.ticker.stop()
        self.queue = []
        self.drill = None
        self._unhook()
        if self.current is not None:
            self._clear_step()
            self.step_box.setTitle("")
            self.current = None
            self.on_scenario(None)
        self.next_button.setEnabled(False)
        self.wizard_button.setEnabled(False)
        self.start_button.setEnabled(True)
        self.comp_button.setEnabled(True)
        self.verdict.setText(
            self.tr("Time is up in competition %1: what was not finished is not counted.").replace(
                "%1", comp.name
            )
        )
        self.refresh()
        self.tabs.setCurrentIndex(2)

    def start(self, scenario: Scenario) -> None:
        self.current = scenario
        self.drill = WizardDrill(scenario)
        self.on_scenario(scenario)
        self.choices, self.step_seconds = {}, {}
        self.action_count = 0
        self.step_index = 0
        self.verdict.setText("")
        self.debrief.clear()
        self.debrief.setRowCount(0)
        self.brief.setText(f"<b>{self._t(scenario.title)}</b><br>{self._t(scenario.brief)}")
        self.start_button.setEnabled(False)
        self.comp_button.setEnabled(False)
        self.wizard_button.setEnabled(True)
        self._show_step()

    def _clear_step(self) -> None:
        while self.step_layout.count():
            item = self.step_layout.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.deleteLater()
        self.groups = {}

    def _show_step(self) -> None:
        assert self.current is not None
        self._clear_step()
        step = self.current.steps[self.step_index]
        std = self.standards.steps.get(step)
        head = self.tr("Step: %1").replace("%1", self._step_name(step))
        if std is not None:
            head += " · " + self.tr("standard time %1 s").replace("%1", str(std.seconds))
        self.step_box.setTitle(head)
        if std is not None and std.checklist:
            checklist = QLabel("✓ " + "\n✓ ".join(self._t(i) for i in std.checklist))
            checklist.setObjectName("trainingChecklist")
            self.step_layout.addWidget(checklist)
        for cp in self.current.checkpoints:
            if cp.step != step:
                continue
            prompt = QLabel(f"<b>{self._t(cp.prompt)}</b>")
            prompt.setWordWrap(True)
            self.step_layout.addWidget(prompt)
            group = QButtonGroup(self)
            group.buttonClicked.connect(self._counted)
            self.groups[cp.id] = group
            for key, label in cp.options.items():
                b = named(QRadioButton(self._t(label)), f"option_{cp.id}_{key}")
                b.setProperty("option", key)
                group.addButton(b)
                self.step_layout.addWidget(b)
        self.step_layout.addStretch(1)
        self.next_button.setEnabled(True)
        self.step_started = time.monotonic()

    def _step_name(self, step: str) -> str:
        names = {
            "customer": self.tr("customer"),
            "vehicle": self.tr("vehicle"),
            "coverage": self.tr("coverage"),
            "review": self.tr("review and signature"),
            "payment": self.tr("payment"),
            "confirm": self.tr("head office's answer"),
            "endorse": self.tr("endorsement"),
        }
        return names.get(step, step)

    def _counted(self, _button) -> None:
        self.action_count += 1

    def choose(self, checkpoint: str, option: str) -> None:
        """A click on an option (tests call it to play a scripted clerk)."""
        for b in self.groups[checkpoint].buttons():
            if b.property("option") == option:
                b.click()

    def next_step(self) -> None:
        assert self.current is not None
        step = self.current.steps[self.step_index]
        self.step_seconds[step] = time.monotonic() - self.step_started
        for cid, group in self.groups.items():
            b = group.checkedButton()
            if b is not None:
                self.choices[cid] = str(b.property("option"))
        self.step_index += 1
        if self.step_index < len(self.current.steps):
            self._show_step()
        else:
            self._finish()

    def _unhook(self) -> None:
        """The drill is over: a wizard left open works as in real work again (no misread, no
        card terminal, nobody listening)."""
        for wizard in self.drill_wizards:
            try:
                wizard.observer = wizard.flow.observer = None
                wizard.ocr_result = None
                wizard.card_limit = None
            except RuntimeError:  # closed meanwhile: its C++ side is gone
                continue
        self.drill_wizards = []

    def _finish(self) -> None:
        assert self.current is not None
        s = self.current
        seen = self.drill.did() if self.drill is not None else {}
        self.drill = None
        self._unhook()
        self.from_wizard = set(seen)
        # The checkpoints the wizard saw are scored from what was done there, not as answered.
        choices = {**self.choices, **seen}
        result = score(s, Answers(choices, self.step_seconds, self.action_count), self.standards)
        if self.competition and self.competitions.get(self.competition) is not None:
            try:  # counted only when finished within the clerk's time
                self.competitions.admit(
                    self.competition,
                    self.user.username,
                    s.id,
                    self.clock(),
                    self.results.runs(self.user.username),
                )
            except ChudanError as exc:
                comp = self.competitions.get(self.competition)
                assert comp is not None
                self._time_up(comp)
                self.verdict.setText(exc.localized(self.lang()))
                return
        self.results.record(self.user.username, result, self.clock(), self.competition)
        self.last_result = result
        self._clear_step()
        self.step_box.setTitle("")
        self.next_button.setEnabled(False)
        self.verdict.setText(
            self.tr("%1 of %2 points · %3")
            .replace("%1", str(result.points))
            .replace("%2", str(result.max_points))
            .replace("%3", self.tr("passed") if result.passed else self.tr("not passed"))
            + " · "
            + self.tr("%1 actions").replace("%1", str(result.actions))
        )
        rows: list[list[str]] = []
        for o in result.checkpoints:
            cp = s.checkpoint(o.id)
            did = self._t(cp.options[o.did]) if o.did else self.tr("(no answer)")
            if o.id in self.from_wizard:
                did += " " + self.tr("(done in the wizard)")
            why = f"{self._t(o.rule)} ({o.rule['source']})"
            if o.costly:
                why += " · " + self.tr("costly: %1").replace("%1", self._t(o.costly))
            rows.append(
                [
                    "✓" if o.correct else "✗",
                    self._t(cp.prompt),
                    did,
                    self._t(cp.options[o.expected]),
                    why,
                ]
            )
        for t in result.times:
            if t.over:
                rows.append(
                    [
                        "⏱",
                        t.step,
                        f"{t.seconds:.0f} s",
                        f"≤ {t.limit} s",
                        self.tr("over the outlet's standard time"),
                    ]
                )
        fill_table(
            self.debrief,
            ["", self.tr("Checkpoint"), self.tr("You did"), self.tr("Expected"), self.tr("Why")],
            rows,
        )
        self.current = None
        self.wizard_button.setEnabled(False)
        self.on_scenario(None)
        self.retranslate()  # an assigned scenario passed loses its ★
        self.refresh()
        if self.queue:
            self.start(self.queue.pop(0))
        else:
            self.ticker.stop()
            self.start_button.setEnabled(True)
            self.comp_button.setEnabled(True)
            if self.competition:
                self.tabs.setCurrentIndex(2)
