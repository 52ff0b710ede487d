"""Policyholder, insured and vehicle owner may be three parties (issue 6 step 1-2): the insured
is someone else, and the 行驶证 names a leasing company as owner, which the wizard compares with
the insured and then asks for its credit code. The policy stores all three."""

from __future__ import annotations

import copy

from PySide6.QtCore import QPoint, Qt

from tests.gui.test_wizard_drafts import EXAMPLE, _desk, _wizard

COMPANY = "厦门鹭岛汽车租赁有限公司"
COMPANY_USCC = "91350100M000100Y43"  # a well-formed code (domain.md §5 check character)


def _resident_id(first17: str) -> str:
    from app.identity import id_check_character

    return first17 + id_check_character(first17)


def test_insured_and_owner_differ_from_the_policyholder(qtbot, gui_ctx):
    from local_db.models import Customer, Policy, Vehicle

    clerk = _desk(gui_ctx)
    wiz = _wizard(qtbot, gui_ctx, clerk)
    insured_id = _resident_id("35020319900101002")
    wiz.customer.load({**EXAMPLE["policyholder"], "consent": True})
    box = wiz.customer.insured_other
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))  # on the tick box
    assert wiz.customer.insured_name.isVisible()
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 0 and "被保险人" in wiz.problems.text()
    wiz.customer.insured_name.edit.setText("李娜")
    wiz.customer.insured_id.edit.setText(insured_id)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 1

    wiz.vehicle.load({**EXAMPLE["vehicle"], "owner_name": COMPANY})  # as read from the licence
    assert wiz.vehicle.owner_id.isVisible()  # the licence names someone other than the insured
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 1 and COMPANY in wiz.problems.text()
    wiz.vehicle.owner_id.edit.setText(COMPANY_USCC)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None, timeout=30_000)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    schedule = wiz.review.schedule.toPlainText()
    assert "被保险人 李娜" in schedule and f"车辆所有人 {COMPANY}" in schedule and insured_id not in schedule

    request = copy.deepcopy(wiz.request())
    request["payments"] = [{"method": "cash", "amount": "rest"}]
    request["checklist_confirmed"] = True
    result = gui_ctx.issuance.issue(clerk, request)
    assert result.state == "bound"
    with gui_ctx.store.read() as s:
        policy = s.get(Policy, result.policy_id)
        holder, insured = s.get(Customer, policy.policyholder_id), s.get(Customer, policy.insured_id)
        owner = s.get(Customer, s.get(Vehicle, policy.vehicle_id).owner_id)
        assert (holder.name, insured.name, insured.id_number) == ("张伟", "李娜", insured_id)
        assert (owner.kind, owner.name, owner.id_type, owner.id_number) == ("organisation", COMPANY, "uscc", COMPANY_USCC)
