"""实战演练 in the real window: a training session (the training store, the simulated head office)
shows the watermark over every page, and the training page plays two scenarios, a careful
clerk's and a careless one's, to their debriefs. Screenshots for people to look at:
/tmp/chudan-shots/training-*.png."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.core.policy_number import TRAINING_WATERMARK
from tests.support.screenshots import shot

pytestmark = pytest.mark.gui


@pytest.fixture
def training_window(qtbot, gui_ctx, seeded_home):
    from app.desk.training import open_training, trainee
    from ui.main_window import MainWindow

    real_user = gui_ctx.auth.login("clerk", "clerk-pass-1")
    training = open_training(seeded_home)
    user = trainee(training, real_user.username, real_user.display_name, real_user.role)
    w = MainWindow(training, user)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()
    w.tasks.wait_idle()
    training.close()


def _play(qtbot, w, page, scenario_id, pick):
    row = [s.id for s in page.scenarios].index(scenario_id)
    page.list.setCurrentRow(row)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    scenario = page.current
    assert scenario is not None and w.sandbox_hq.scenario is scenario  # head office plays it
    for _step in scenario.steps:
        for cp in scenario.checkpoints:
            if cp.id in page.groups:
                page.choose(cp.id, pick(cp))
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.current is None and w.sandbox_hq.scenario is None
    return scenario


def test_two_scenarios_played_through_the_training_window(qtbot, training_window):
    from ui.main_window import TRAINING_PAGE

    w = training_window
    assert w.windowTitle().startswith(TRAINING_WATERMARK)
    assert w.findChild(type(w.user_label), "statusTraining").text() == TRAINING_WATERMARK
    # the watermark lies over every page, above it, and lets clicks through
    for i in range(w.nav.count()):
        w.show_page(i)
        qtbot.wait(10)
        assert w.watermark.isVisible()
        assert w.watermark.geometry() == w.centralWidget().rect()
        assert w.watermark.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    w.show_page(0)
    shot(w, "training-new-policy")
    assert w.nav.item(TRAINING_PAGE).text() == "实战演练"

    w.show_page(TRAINING_PAGE)
    page = w.pages[TRAINING_PAGE]
    careful = _play(qtbot, w, page, "card-limit-then-qr-advanced", lambda cp: cp.expected)
    n = len(careful.checkpoints)  # one click a checkpoint: the fewest actions
    assert page.verdict.text() == (
        f"得分 {careful.max_points} / {careful.max_points} · 通过 · 操作 {n} 次"
    )
    assert page.debrief.rowCount() == len(careful.checkpoints)
    assert all(page.debrief.item(r, 0).text() == "✓" for r in range(page.debrief.rowCount()))
    shot(w, "training-debrief-careful")

    careless = _play(qtbot, w, page, "large-cash-aml-beginner", lambda cp: cp.trap or cp.expected)
    assert "· 未通过 ·" in page.verdict.text()
    first = careless.checkpoints[0]
    assert page.debrief.item(0, 0).text() == "✗"
    assert page.debrief.item(0, 2).text() == first.options[first.trap]["zh"]
    assert page.debrief.item(0, 3).text() == first.options[first.expected]["zh"]
    assert first.rule["source"] in page.debrief.item(0, 4).text()
    shot(w, "training-debrief-careless")

    page.tabs.setCurrentIndex(1)
    assert page.results_table.rowCount() == 2
    assert {page.results_table.item(r, 1).text() for r in range(2)} == {"clerk"}


def test_each_clerks_training_results_are_a_tab_of_the_reports_page(qtbot, training_window):
    from ui.main_window import TRAINING_PAGE

    w = training_window
    page = w.pages[TRAINING_PAGE]
    w.show_page(TRAINING_PAGE)
    _play(qtbot, w, page, "id-expired-beginner", lambda cp: cp.expected)
    _play(qtbot, w, page, "ocr-misread-beginner", lambda cp: cp.trap)
    w.show_page(3)
    reports = w.pages[3]
    qtbot.waitUntil(lambda: reports.report is not None and not reports.busy)
    tabs = [reports.tabs.tabText(i) for i in range(reports.tabs.count())]
    assert tabs[-1] == "培训成绩"
    reports.tabs.setCurrentIndex(reports.tabs.count() - 1)
    table = reports.tabs.currentWidget()
    row = [table.item(0, c).text() for c in range(4)]
    assert row == ["clerk", "2", "1", "2/4"]
    shot(w, "training-results-in-reports")


def test_the_wizard_shows_each_steps_standard_time_and_checklist(qtbot, make_wizard, gui_ctx):
    """The outlet's standard times (标准化操作) in real work too: the step's limit and checklist
    above it, the same figures a drill is timed against."""
    from app.training.standards import load_standards

    clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
    wiz = make_wizard(gui_ctx, clerk)
    std = load_standards(gui_ctx.home).steps["customer"]
    assert wiz.standard.text().startswith(f"标准操作时间 {std.seconds} 秒")
    assert all(item["zh"] in wiz.standard.text() for item in std.checklist)


def test_a_supervisor_assigns_and_the_clerk_sees_it_starred(qtbot, gui_ctx, seeded_home):
    from app.access.permissions import Role
    from app.training.assignments import Assignments
    from ui.pages.training_page import TrainingPage

    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    gui_ctx.users.add_user(admin, "zhang", "super-pass-1", Role.SUPERVISOR, "张主管")
    supervisor = gui_ctx.auth.login("zhang", "super-pass-1")
    page = TrainingPage(gui_ctx, supervisor)
    qtbot.addWidget(page)
    page.show()
    assert page.assign_box.isVisible()
    row = [s.id for s in page.scenarios].index("consent-refused-advanced")
    page.list.setCurrentRow(row)
    page.assign_clerk.setText("clerk")
    qtbot.mouseClick(page.assign_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.assign_mode, Qt.MouseButton.LeftButton)
    book = Assignments(seeded_home)
    assert [a.scenario for a in book.open_for("clerk")] == ["consent-refused-advanced"]
    assert book.training_mode_required("clerk")

    clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
    mine = TrainingPage(gui_ctx, clerk)
    qtbot.addWidget(mine)
    mine.show()
    assert not mine.assign_box.isVisible()
    assert mine.list.item(row).text().startswith("★ ")
    _play_page(qtbot, mine, "consent-refused-advanced")
    assert not mine.list.item(row).text().startswith("★")  # passed: no longer open


def _play_page(qtbot, page, scenario_id):
    page.list.setCurrentRow([s.id for s in page.scenarios].index(scenario_id))
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    scenario = page.current
    for _step in scenario.steps:
        for cp in scenario.checkpoints:
            if cp.id in page.groups:
                page.choose(cp.id, cp.expected)
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)


def test_a_scenarios_customer_opens_in_the_real_wizard(qtbot, training_window):
    """Playing through the real wizard: the scenario's customer and vehicle in a draft of the
    training store, the wizard on it, the simulated head office playing the scenario."""
    from ui.main_window import TRAINING_PAGE

    w = training_window
    w.show_page(TRAINING_PAGE)
    page = w.pages[TRAINING_PAGE]
    page.list.setCurrentRow(
        [s.id for s in page.scenarios].index("registry-model-mismatch-advanced")
    )
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    scenario = page.current
    assert page.wizard_button.isVisible() and page.wizard_button.isEnabled()
    qtbot.mouseClick(page.wizard_button, Qt.MouseButton.LeftButton)
    # The draft is made once the customer's documents are rendered (phone photos take seconds).
    qtbot.waitUntil(
        lambda: w.stack.currentIndex() == 0 and w.issue_page.wizard is not None, timeout=30_000
    )
    wiz = w.issue_page.wizard
    qtbot.waitUntil(lambda: wiz.loaded and wiz.customer.name.text() == scenario.customer["name"])
    assert wiz.customer.id_number.text() == scenario.customer["id_number"]
    assert not wiz.customer.consent.isChecked()  # the clerk asks for it
    assert w.sandbox_hq.scenario is scenario
    shot(w, "training-wizard")


def _set_up(page, ids, limit=1800):
    """A supervisor's competition in the book the page reads (the clerk cannot set one up)."""
    from app.access.permissions import CurrentUser, Role

    supervisor = CurrentUser(1, "zhang", "张主管", Role.SUPERVISOR)
    return page.competitions.create(
        supervisor, "cup", page.scenarios, page.clock(), limit_seconds=limit, chosen=ids
    )


def test_a_timed_competition_ends_on_its_leaderboard(qtbot, training_window):
    from ui.main_window import TRAINING_PAGE

    w = training_window
    w.show_page(TRAINING_PAGE)
    page = w.pages[TRAINING_PAGE]
    assert not page.setup_box.isVisible()  # a clerk plays competitions, a supervisor sets them
    chosen = [page.scenarios[5].id, page.scenarios[2].id]
    _set_up(page, chosen)
    qtbot.mouseClick(page.comp_button, Qt.MouseButton.LeftButton)
    assert "time left" in page.comp_clock.text() or "剩余" in page.comp_clock.text()
    played = []
    while page.current is not None:
        scenario = page.current
        played.append(scenario.id)
        for _step in scenario.steps:
            for cp in scenario.checkpoints:
                if cp.id in page.groups:
                    page.choose(cp.id, cp.expected)
            qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert played == chosen  # the supervisor's set, in its order
    assert page.tabs.currentIndex() == 2  # the leaderboard
    assert page.board.rowCount() == 1 and page.board.item(0, 1).text() == "clerk"
    total = sum(page.scenarios[i].max_points for i in (5, 2))
    assert page.board.item(0, 2).text() == f"{total}/{total}"
    shot(w, "training-leaderboard")


def test_the_competition_ends_when_the_clerks_time_is_up(qtbot, training_window):
    from datetime import timedelta

    from ui.main_window import TRAINING_PAGE

    w = training_window
    w.show_page(TRAINING_PAGE)
    page = w.pages[TRAINING_PAGE]
    first, second = page.scenarios[0], page.scenarios[1]
    _set_up(page, [first.id, second.id], limit=600)
    qtbot.mouseClick(page.comp_button, Qt.MouseButton.LeftButton)
    started = page.clock()
    for _step in first.steps:  # the first scenario in time: counted
        for cp in first.checkpoints:
            if cp.id in page.groups:
                page.choose(cp.id, cp.expected)
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.current is second
    page.clock = lambda: started + timedelta(seconds=601)  # the clerk's ten minutes are over
    for _step in second.steps:
        if page.current is None:
            break
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.current is None and page.queue == []
    assert not page.next_button.isEnabled()
    runs = [r.scenario for r in page.results.runs("clerk") if r.competition == "cup"]
    assert runs == [first.id]  # the run finished after the time is not counted
    total = first.max_points + second.max_points
    assert page.board.item(0, 2).text() == f"{first.max_points}/{total}"
    shot(w, "training-competition-time-up")


def test_a_dialog_opened_in_a_training_session_carries_the_watermark(qtbot, training_window):
    from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

    from ui.training_mark import TrainingWatermark

    dialog = QDialog(training_window)
    QVBoxLayout(dialog).addWidget(QLabel("大额交易登记"))
    qtbot.addWidget(dialog)
    dialog.resize(420, 240)
    dialog.show()
    mark = dialog.findChild(TrainingWatermark, "trainingWatermark")
    assert mark is not None and mark.isVisible() and mark.geometry() == dialog.rect()
    shot(dialog, "training-dialog")
    dialog.close()


def test_the_log_in_offers_training_mode(qtbot, gui_ctx):
    from ui.login_dialog import LoginDialog

    d = LoginDialog(gui_ctx)
    qtbot.addWidget(d)
    d.show()
    assert d.training.isVisible() and not d.training.isChecked()
    assert d.training.text().startswith("培训模式")


def test_training_mode_is_the_clerks_choice_or_a_supervisors(gui_ctx, seeded_home):
    from app.training.assignments import Assignments
    from ui.app_main import training_session

    clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
    assert training_session(clerk, wants=False) == (None, clerk)
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    Assignments(seeded_home).set_training_mode(admin, "clerk", True)
    training, trainee = training_session(clerk, wants=False)
    try:
        assert training is not None and training.training
        assert training.home == seeded_home / "training"
        assert (trainee.username, trainee.role) == ("clerk", clerk.role)
        assert trainee.user_id != 0
    finally:
        training.close()


def test_an_english_training_window_names_the_role_in_english(qtbot, gui_ctx, training_window):
    """The training store keeps its own settings (Chinese, the default) while the clerk's window
    is in English: the status bar's role follows the window ("clerk", not 出单员); the display
    name is data and stays as typed."""
    from ui.i18n import install_language

    w = training_window
    assert w.user_label.text() == "用户：王出单（出单员）"
    gui_ctx.settings.set_language("en")  # as the settings page or the log-in does
    install_language("en")
    qtbot.waitUntil(lambda: w.nav.item(0).text() == "New policy")
    assert w.ctx.settings.language() == "zh_CN"  # the training store's own setting
    assert w.user_label.text() == "User: 王出单 (clerk)"
    shot(w, "training-status-bar-en")


def test_the_scenarios_documents_are_offered_in_the_wizard_and_read_when_dropped(
    qtbot, training_window
):
    """在出单向导中为该客户出单: the customer's documents (rendered by the specimen generator from
    the scenario's kinds and seeds) sit beside the scan steps; dropped on the step like a photo
    from a file manager, the real reader fills the customer's fields."""
    from tests.gui.test_wizard_drop import _drop
    from ui.main_window import TRAINING_PAGE

    w = training_window
    w.show_page(TRAINING_PAGE)
    page = w.pages[TRAINING_PAGE]
    row = [s.id for s in page.scenarios].index("id-expired-beginner")
    page.list.setCurrentRow(row)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    scenario = page.current
    qtbot.mouseClick(page.wizard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.issue_page.wizard is not None, timeout=30_000)
    wiz = w.issue_page.wizard
    strip = wiz.customer.documents
    assert strip is not None and strip.isVisible()
    assert [b.doc.kind for b in strip.buttons] == ["id-front", "id-back"]
    assert all(b.doc.path.is_file() and "training" in b.doc.path.parts for b in strip.buttons)
    assert not any(b.doc.kind.startswith("id") for b in wiz.vehicle.documents.buttons)
    front = strip.buttons[0]
    assert [u.toLocalFile() for u in front.mime_data().urls()] == [str(front.doc.path)]
    shot(w, "training-wizard-documents")
    wiz.customer.id_number.set_text("", False, "")  # the draft had them: read them again
    wiz.customer.name.set_text("", False, "")
    assert _drop(wiz.customer.scan_status, front.doc.path)
    qtbot.waitUntil(
        lambda: wiz.customer.id_number.text() == scenario.customer["id_number"], timeout=120_000
    )
    assert wiz.customer.name.text() == scenario.customer["name"]
    wiz.tasks.wait_idle()


def _in_wizard(qtbot, w, page, scenario_id):
    """Start the drill and open its customer in the real wizard."""
    page.list.setCurrentRow([s.id for s in page.scenarios].index(scenario_id))
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    scenario = page.current
    before = w.issue_page.wizard
    qtbot.mouseClick(page.wizard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: w.issue_page.wizard is not None and w.issue_page.wizard is not before,
        timeout=30_000,
    )
    wiz = w.issue_page.wizard
    qtbot.waitUntil(lambda: wiz.loaded)
    return scenario, wiz


def _answer_on_page(qtbot, w, page, scenario, pick):
    from ui.main_window import TRAINING_PAGE

    w.show_page(TRAINING_PAGE)
    for _step in scenario.steps:
        for cp in scenario.checkpoints:
            if cp.id in page.groups:
                page.choose(cp.id, pick(cp))
        qtbot.mouseClick(page.next_button, Qt.MouseButton.LeftButton)
    assert page.current is None


def test_checkpoints_are_scored_from_what_the_clerk_does_in_the_wizard(qtbot, training_window):
    """Two scenarios played in the real wizard: what the clerk does there, not what they answer
    on the page, scores the checkpoints the wizard sees (the debrief says so)."""
    from ui.main_window import TRAINING_PAGE

    w = training_window
    w.show_page(TRAINING_PAGE)
    page = w.pages[TRAINING_PAGE]

    # A customer who refuses consent: the clerk ticks the box anyway in the wizard, then
    # answers the page as expected. The wizard's tick is what counts: a costly mistake.
    scenario, wiz = _in_wizard(qtbot, w, page, "consent-refused-beginner")
    qtbot.mouseClick(wiz.customer.consent, Qt.MouseButton.LeftButton)
    assert wiz.customer.consent.isChecked()
    wiz.go(1)  # the flow hears of the step as it stands
    _answer_on_page(qtbot, w, page, scenario, lambda cp: cp.expected)
    assert page.debrief.item(0, 0).text() == "✗"
    assert "向导" in page.debrief.item(0, 2).text()  # done in the wizard
    assert (
        page.debrief.item(0, 2)
        .text()
        .startswith(scenario.checkpoint("refused_consent").options["tick_anyway"]["zh"])
    )
    assert "未通过" in page.verdict.text()
    shot(w, "training-debrief-from-wizard")

    # An expired ID card: the wizard stops on it; the clerk then answers the page carelessly,
    # but what happened in the wizard (stopped, a valid card needed) is the handling scored.
    scenario, wiz = _in_wizard(qtbot, w, page, "id-expired-beginner")
    wiz.customer.set_validity(scenario.customer["id_valid_until"])
    qtbot.mouseClick(wiz.customer.consent, Qt.MouseButton.LeftButton)
    wiz.go(1)
    assert wiz.stack.currentIndex() == 0 and "过期" in wiz.problems.text()
    _answer_on_page(qtbot, w, page, scenario, lambda cp: cp.trap or cp.expected)
    assert page.debrief.item(0, 0).text() == "✓"
    assert "向导" in page.debrief.item(0, 2).text()
    assert "通过" in page.verdict.text() and "未通过" not in page.verdict.text()
    wiz.tasks.wait_idle()


def test_a_supervisor_sets_up_a_competition_of_chosen_or_drawn_scenarios(qtbot, gui_ctx):
    from PySide6.QtCore import QItemSelectionModel

    from app.access.permissions import Role
    from app.training.competitions import draw
    from ui.pages.training_page import TrainingPage

    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    gui_ctx.users.add_user(admin, "zhang", "super-pass-1", Role.SUPERVISOR, "张主管")
    supervisor = gui_ctx.auth.login("zhang", "super-pass-1")
    page = TrainingPage(gui_ctx, supervisor)
    qtbot.addWidget(page)
    page.show()
    assert page.setup_box.isVisible()
    select = QItemSelectionModel.SelectionFlag.Select
    page.list.clearSelection()
    for row in (7, 3):
        page.list.selectionModel().select(page.list.model().index(row, 0), select)
    qtbot.mouseClick(page.comp_create, Qt.MouseButton.LeftButton)
    chosen = page.competitions.latest()
    assert chosen is not None and chosen.seed is None
    assert sorted(chosen.scenarios) == sorted(page.scenarios[r].id for r in (7, 3))
    assert chosen.limit_seconds == page.standards.competition_seconds
    assert chosen.name in page.verdict.text()
    page.list.clearSelection()
    page.list.setCurrentRow(0)
    page.comp_count.setValue(4)
    qtbot.wait(1100)  # another second: another name
    qtbot.mouseClick(page.comp_create, Qt.MouseButton.LeftButton)
    drawn = page.competitions.latest()
    assert drawn is not None and drawn.name != chosen.name and drawn.seed is not None
    assert drawn.scenarios == draw(page.scenarios, 4, drawn.seed)  # the recorded draw
