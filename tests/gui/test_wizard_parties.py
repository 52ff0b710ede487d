"""Policyholder, insured and vehicle owner may be three parties (the customer and vehicle steps): the insured
is someone else, and the 行驶证 names a leasing company as owner, which the wizard compares with
the insured and then asks for its credit code. The policy stores all three."""

from __future__ import annotations

import copy

from PySide6.QtCore import QPoint, Qt

from tests.support.desk import HISTORY
from tests.support.examples import POLICY_REQUEST

COMPANY = "厦门鹭岛汽车租赁有限公司"
COMPANY_USCC = "91350100M000100Y43"  # a well-formed code (docs/regulations.md §7.2 check character)


def _resident_id(first17: str) -> str:
    from app.identity import id_check_character

    return first17 + id_check_character(first17)


def test_insured_and_owner_differ_from_the_policyholder(qtbot, gui_ctx, desk_clerk, make_wizard):
    from local_db.models import Customer, Policy, Vehicle

    clerk = desk_clerk
    wiz = make_wizard(gui_ctx, clerk)
    insured_id = _resident_id("35020319900101002")
    wiz.customer.load({**POLICY_REQUEST["policyholder"], "consent": True})
    box = wiz.customer.insured_other
    qtbot.mouseClick(
        box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2)
    )  # on the tick box
    assert wiz.customer.insured_name.isVisible()
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 0 and "被保险人" in wiz.problems.text()
    wiz.customer.insured_name.edit.setText("李娜")
    wiz.customer.insured_id.edit.setText(insured_id)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 1

    wiz.vehicle.load(
        {**POLICY_REQUEST["vehicle"], "owner_name": COMPANY}
    )  # as read from the licence
    assert wiz.vehicle.owner_id.isVisible()  # the licence names someone other than the insured
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 1 and COMPANY in wiz.problems.text()
    wiz.vehicle.owner_id.edit.setText(COMPANY_USCC)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    wiz.coverage.load({"history": HISTORY})  # the platform's record: then it is priced
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None, timeout=30_000)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    schedule = wiz.review.schedule.toPlainText()
    assert (
        "被保险人 李娜" in schedule
        and f"车辆所有人 {COMPANY}" in schedule
        and insured_id not in schedule
    )

    request = copy.deepcopy(wiz.request())
    request["payments"] = [{"method": "cash", "amount": "rest"}]
    request["checklist_confirmed"] = True
    result = gui_ctx.issuance.issue(clerk, request)
    assert result.state == "bound"
    with gui_ctx.store.read() as s:
        policy = s.get(Policy, result.policy_id)
        holder, insured = (
            s.get(Customer, policy.policyholder_id),
            s.get(Customer, policy.insured_id),
        )
        owner = s.get(Customer, s.get(Vehicle, policy.vehicle_id).owner_id)
        assert (holder.name, insured.name, insured.id_number) == ("张伟", "李娜", insured_id)
        assert (owner.kind, owner.name, owner.id_type, owner.id_number) == (
            "organisation",
            COMPANY,
            "uscc",
            COMPANY_USCC,
        )


def test_a_company_as_policyholder_gives_its_credit_code(qtbot, gui_ctx, desk_clerk, make_wizard):
    from local_db.models import Customer, Policy

    clerk = desk_clerk
    wiz = make_wizard(gui_ctx, clerk)
    cust = wiz.customer
    box = cust.organisation
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))
    assert cust.scan_button.text() == "扫描营业执照…" and cust.is_organisation()
    cust.name.edit.setText(COMPANY)
    cust.id_number.edit.setText(COMPANY_USCC[:-1] + "0")  # a wrong check character
    assert not cust.id_number.validate() and "统一社会信用代码" in cust.id_number.message.text()
    cust.id_number.edit.setText(COMPANY_USCC)
    cust.phone.edit.setText("13812345678")
    box = cust.consent
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    assert wiz.stack.currentIndex() == 1, wiz.problems.text()
    wiz.vehicle.load(
        {**POLICY_REQUEST["vehicle"], "owner_name": COMPANY}
    )  # the company owns the car
    assert not wiz.vehicle.owner_differs()
    request = copy.deepcopy(wiz.request())
    request["payments"] = [
        {
            "method": "transfer",
            "amount": "rest",
            "reference": "BT20261125001",
            "payer_name": COMPANY,
        }
    ]
    request["checklist_confirmed"] = True  # the review step is not part of this test
    wiz.save_draft()  # the draft the request names is in the store (saved on the write lane)
    wiz.tasks.wait_idle()
    result = gui_ctx.issuance.issue(clerk, request)
    with gui_ctx.store.read() as s:
        holder = s.get(Customer, s.get(Policy, result.policy_id).policyholder_id)
        assert (holder.kind, holder.id_type, holder.id_number) == (
            "organisation",
            "uscc",
            COMPANY_USCC,
        )


def test_a_company_is_filled_in_from_its_business_licence(qtbot, gui_ctx, desk_clerk, make_wizard):
    import json

    from tests.support.paths import SPECIMEN_IMAGES as images

    truth = json.loads((images / "truth.json").read_text(encoding="utf-8"))[
        "business-licence-107.jpg"
    ]["fields"]
    clerk = desk_clerk
    wiz = make_wizard(gui_ctx, clerk)
    box = wiz.customer.organisation
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(10, box.height() // 2))
    wiz.scan("auto", str(images / "business-licence-107.jpg"))
    qtbot.waitUntil(lambda: wiz.customer.id_number.text() == truth["uscc"], timeout=120_000)
    assert wiz.customer.name.text() == truth["name"] and wiz.customer.id_number.validate()
    wiz.tasks.wait_idle()
