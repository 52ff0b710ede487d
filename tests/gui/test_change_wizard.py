"""批改 and 退保 from the 保单 page, clicked through offscreen as a clerk would (every action a
real input event, counted by tests.support.clerk): adding the plate and adding a rider end with
the 批单 issued, in few actions; a cancellation the law does not allow is refused with the
reason and closing the wizard withdraws the change."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.core.money import fmt_amount
from local_db.models import Payment, Policy, PolicyChange, Vehicle
from tests.support.changes import policy_request
from tests.support.clerk import Clerk, wait_until
from tests.support.screenshots import shot


def _window(qtbot, ctx, user, **changes):
    from ui.main_window import MainWindow

    today = ctx.clock().astimezone().date()
    issued = ctx.issuance.issue(user, policy_request(today + timedelta(days=3), **changes))
    w = MainWindow(ctx, user)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):  # keys go to the focused field, as on a desk
        w.show()
    w.show_page(1)
    qtbot.waitUntil(lambda: w.pages[1].table.rowCount() > 0)  # the list is read on the pool
    return w, w.pages[1], issued


def _pick_row(clerk: Clerk, page) -> None:
    rect = page.table.visualItemRect(page.table.item(0, 0))
    clerk.click(page.table.viewport(), QPoint(rect.center()))
    assert page.table.currentRow() == 0


def test_adding_the_plate_takes_at_most_eight_actions(qtbot, gui_ctx, desk_clerk):
    w, page, issued = _window(qtbot, gui_ctx, desk_clerk, vehicle_plate=None)
    clerk = Clerk()
    try:
        _pick_row(clerk, page)
        clerk.click(page.endorse_button)
        dialog = page.change_dialog
        wait_until(dialog.isVisible, 5, "the change wizard")
        clerk.click(dialog.kind_buttons[next(k for k in dialog.kind_buttons if k.value == "plate")])
        field = dialog.inputs["plate"]
        wait_until(lambda: QApplication.focusWidget() is field, 5, "the cursor in the plate field")
        clerk.type("京A67890", into=dialog.inputs["plate"])
        clerk.click(dialog.quote_button)
        assert dialog.issue_button.isVisible(), dialog.problems.text()
        assert not dialog.pad.isVisible()  # no premium, no signature
        clerk.click(dialog.issue_button)
        assert dialog.stack.currentWidget() is dialog.done_label, dialog.problems.text()
        count = clerk.count
    finally:
        clerk.stop()
    assert count <= 8, clerk.counter.actions
    with gui_ctx.store.read() as s:
        p = s.get(Policy, issued.policy_id)
        assert s.get(Vehicle, p.vehicle_id).plate == "京A67890"
        change = s.execute(select(PolicyChange)).scalar_one()
        assert change.state == "bound" and change.number in dialog.done_label.text()
    dialog.close()


def test_adding_a_rider_takes_at_most_twelve_actions(qtbot, gui_ctx, desk_clerk):
    w, page, issued = _window(qtbot, gui_ctx, desk_clerk)
    clerk = Clerk()
    try:
        _pick_row(clerk, page)
        clerk.click(page.endorse_button)
        dialog = page.change_dialog
        wait_until(dialog.isVisible, 5, "the change wizard")
        clerk.click(next(b for k, b in dialog.kind_buttons.items() if k.value == "covers"))
        wait_until(lambda: QApplication.activeWindow() is dialog, 5, "the wizard in front")
        clerk.choose(dialog.inputs["add.0.code"], "scratch")
        clerk.fill(dialog.inputs["add.0.limit"], "2000")
        clerk.click(dialog.quote_button)
        assert "附加车身划痕损失险" in dialog.worksheet.text(), dialog.problems.text()
        assert dialog.pad.isVisible() and "570.00" in dialog.worksheet.text()
        clerk.sign(dialog.pad)
        clerk.click(dialog.issue_button)  # cash, the whole difference
        assert dialog.stack.currentWidget() is dialog.done_label, dialog.problems.text()
        count = clerk.count
    finally:
        clerk.stop()
    assert count <= 12, clerk.counter.actions
    with gui_ctx.store.read() as s:
        change = s.execute(select(PolicyChange)).scalar_one()
        (paid,) = s.execute(select(Payment).where(Payment.change_id == change.id)).scalars()
        assert (paid.method, paid.amount) == ("cash", change.premium_difference)
        assert change.state == "bound" and change.premium_difference > 0
    dialog.close()


def test_a_ctpl_cancellation_at_request_is_refused_and_closing_withdraws_it(
    qtbot, gui_ctx, desk_clerk
):
    w, page, issued = _window(qtbot, gui_ctx, desk_clerk)
    page.table.selectRow(0)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    dialog = page.change_dialog
    reason = dialog.inputs["reason"]
    reason.setCurrentIndex(reason.findData("customer_request"))
    dialog.quote_button.click()
    assert "交强险仅在" in dialog.problems.text()
    dialog.reject()
    with gui_ctx.store.read() as s:
        assert s.execute(select(PolicyChange.state)).scalar_one() == "withdrawn"


def test_the_wizard_offers_to_redo_a_change_head_office_rejected(qtbot, gui_ctx, desk_clerk):
    from tests.support.changes import reject

    w, page, issued = _window(qtbot, gui_ctx, desk_clerk, vehicle_plate=None)
    v = gui_ctx.changes.endorse(
        desk_clerk,
        issued.policy_number,
        {"kind": "contact", "policyholder": {"phone": "13900001111"}},
    )
    reject(gui_ctx, v.id, "stale", reason_code="stale_version")
    page.table.selectRow(0)
    qtbot.mouseClick(page.endorse_button, Qt.MouseButton.LeftButton)
    dialog = page.change_dialog
    assert dialog.redo_button.isVisible() and "变更联系方式" in dialog.redo_button.text()
    qtbot.mouseClick(dialog.redo_button, Qt.MouseButton.LeftButton)
    assert dialog.issue_button.isVisible(), dialog.problems.text()
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    assert dialog.stack.currentWidget() is dialog.done_label, dialog.problems.text()
    dialog.close()


def _uscc(first17: str) -> str:
    from app.identity.uscc import uscc_check_character

    return first17 + uscc_check_character(first17)


def test_the_owner_change_takes_an_organisation_with_its_uscc_checked(qtbot, gui_ctx, desk_clerk):
    """过户 to a company: the clerk says the new owner is an organisation and types its 统一社会
    信用代码; a code whose check character is wrong is refused with the reason, the right one
    goes through and the 批单 is issued with the organisation as owner."""
    w, page, issued = _window(qtbot, gui_ctx, desk_clerk)
    clerk = Clerk()
    try:
        _pick_row(clerk, page)
        clerk.click(page.endorse_button)
        dialog = page.change_dialog
        wait_until(dialog.isVisible, 5, "the change wizard")
        clerk.click(next(b for k, b in dialog.kind_buttons.items() if k.value == "owner"))
        wait_until(lambda: QApplication.activeWindow() is dialog, 5, "the wizard in front")
        clerk.choose(dialog.inputs["owner.kind"], "organisation")
        clerk.fill(dialog.inputs["owner.name"], "北京示例科技有限公司")
        good = _uscc("91110108MA01ABCDE")
        wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
        clerk.fill(dialog.inputs["owner.id_number"], wrong)
        clerk.choose(dialog.inputs["commercial"], "keep")
        clerk.click(dialog.quote_button)
        assert "owner.id_number" in dialog.problems.text() or "信用代码" in dialog.problems.text()
        assert dialog.stack.currentWidget() is dialog.form_page
        clerk.fill(dialog.inputs["owner.id_number"], good)
        clerk.click(dialog.quote_button)
        assert dialog.stack.currentWidget() is dialog.review_page, dialog.problems.text()
        assert good not in dialog.worksheet.text()  # masked as every identity number
        clerk.sign(dialog.pad)
        clerk.click(dialog.issue_button)
        assert dialog.stack.currentWidget() is dialog.done_label, dialog.problems.text()
    finally:
        clerk.stop()
    with gui_ctx.store.read() as s:
        change = s.execute(select(PolicyChange)).scalar_one()
        owner = change.edits["owner"]
        assert (owner["kind"], owner["id_type"], owner["id_number"]) == (
            "organisation",
            "uscc",
            good,
        )
        assert change.state == "bound"
    dialog.close()


def test_the_history_is_a_table_of_every_transaction(qtbot, gui_ctx, desk_clerk):
    """批改记录 lists the issue and every change as rows: date, 批单号, kind, what changed
    (masked), premium difference and state, with a refund's state beside its cancellation's."""
    from tests.support.changes import confirm

    w, page, issued = _window(qtbot, gui_ctx, desk_clerk, vehicle_plate=None)
    today = gui_ctx.clock().astimezone().date()
    plate = gui_ctx.changes.endorse(
        desk_clerk, issued.policy_number, {"kind": "plate", "plate": "京A67890"}
    )
    confirm(gui_ctx, plate.id)
    contact = gui_ctx.changes.endorse(
        desk_clerk,
        issued.policy_number,
        {"kind": "contact", "policyholder": {"phone": "13900001111"}},
    )
    confirm(gui_ctx, contact.id)
    supervisor = gui_ctx.auth.login("admin", "admin-pass-1")  # approves the cancellation
    cancel = gui_ctx.changes.cancel(
        desk_clerk,
        issued.policy_number,
        {
            "reason": "deregistered",
            "effective_date": (today + timedelta(days=3)).isoformat(),
            "documents": [{"kind": "deregistration_certificate", "reference": "ZX-7"}],
        },
        supervisor,
    )
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() > 0)
    page.table.selectRow(0)
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    dialog = page.history_dialog
    assert dialog is not None and dialog.isVisible()
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["日期", "批单号", "类型", "变更内容", "保费差额", "状态"]
    assert table.rowCount() == 4  # the issue, two endorsements, the cancellation
    rows = [[dialog.cell(r, c) for c in range(6)] for r in range(4)]
    assert rows[0][1] == "—" and issued.policy_number in rows[0][3]
    assert rows[1][1] == plate.number and "京A67890" in rows[1][3]
    assert (rows[1][4], rows[1][5]) == ("0.00", "总公司已确认")
    assert rows[2][1] == contact.number
    assert "139****1111" in rows[2][3] and "13900001111" not in rows[2][3]
    assert rows[3][1] == cancel.number and rows[3][4] == fmt_amount(cancel.difference)
    assert rows[3][5].startswith("已出批单（待确认）")
    assert "待总公司核查" in rows[3][5] and fmt_amount(-cancel.difference) in rows[3][5]
    # Amounts as everywhere else on screen: the issue's 4,960.70 with its separator, the
    # cancellation's refund too (its premium is thousands: CTPL 807.50 + commercial 3,733.20).
    assert rows[0][4] == "4,960.70" and "," in rows[3][4]
    assert "4,960.70" in dialog.totals.text()
    dialog.close()


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_a_cancellation_shows_its_refund_with_thousands_separators(
    qtbot, gui_ctx, desk_clerk, lang
):
    """退保 of the commercial cover at the customer's request, before cover starts (the policy
    starts in three days): each cover's paid premium comes back less the table's 3% fee, own
    damage 1,938.54 × 0.97 = 1,880.38, third party 1,653.33 × 0.97 = 1,603.73, driver 40.00 ×
    0.97 = 38.80, passengers 101.33 × 0.97 = 98.29; refund 1,880.38 + 1,603.73 + 38.80 + 98.29
    = 3,621.20, shown as the payment parts table and the schedule show amounts."""
    from ui.i18n import install_language

    gui_ctx.settings.set_language(lang)
    install_language(lang)
    w, page, issued = _window(qtbot, gui_ctx, desk_clerk)
    page.table.selectRow(0)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    dialog = page.change_dialog
    reason, scope = dialog.inputs["reason"], dialog.inputs["scope"]
    reason.setCurrentIndex(reason.findData("customer_request"))
    scope.setCurrentIndex(scope.findData("commercial"))
    qtbot.mouseClick(dialog.quote_button, Qt.MouseButton.LeftButton)
    text = dialog.worksheet.text()
    assert ("机动车损失保险" if lang == "zh_CN" else "own damage") in text, dialog.problems.text()
    for figure in ("1,880.38", "1,603.73", "38.80", "98.29", "3,621.20"):
        assert f"  {figure}" in text
    assert "3621.20" not in text and "1880.38" not in text
    if lang == "en":  # what ends is said in English too, not as the 批单 words it
        assert "commercial cover: until " in text and "ended before it started" in text
        assert not re.search(r"[\u4e00-\u9fff]", text), text
    assert dialog.issue_button.text() == (
        "登记退费 3,621.20 元并出具批单"
        if lang == "zh_CN"
        else "Record the refund of 3,621.20 and issue"
    )
    shot(dialog, f"change-cancel-refund-{lang}")
    dialog.reject()
