"""The lists say whom and what each line is about. 待处理: the customer, the plate, the policy or
draft and how long it has waited. 保单: the date each was issued, found by number, plate, VIN or
name, opened with a double-click; the clerk who issued a policy sees their customer's name, a
supervisor sees it masked and can reveal it (audited); never "no policies" above a listed one.
同步: a clerk is not sent to controls only an administrator sees."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from tests.support.desk import EXAMPLE, clerk_at_demo_outlet, main_window
from tests.support.screenshots import shot


def _issue(ctx, user, **vehicle):
    request = copy.deepcopy(EXAMPLE)
    request["vehicle"].update(vehicle)
    request["payments"] = [{"method": "cash", "amount": "rest"}]
    return ctx.issuance.issue(user, request)


def _vin(first8: str, last8: str) -> str:
    from app.vehicle import vin_check_digit

    return first8 + vin_check_digit(first8 + "0" + last8) + last8


def test_waiting_items_say_customer_plate_policy_or_draft_and_age(qtbot, gui_ctx):
    from app.core.masking import mask_name
    from app.work_items.queue import WorkItemKind

    clerk = clerk_at_demo_outlet(gui_ctx)
    issued = _issue(gui_ctx, clerk)
    draft = gui_ctx.drafts.create(clerk)
    gui_ctx.drafts.save(
        clerk,
        draft,
        "payment",
        {"policyholder": {"name": "李娜"}, "vehicle": {"plate": "京N6E830"}},
    )
    with gui_ctx.store.write() as s:
        gui_ctx.work_items.open_item(
            s,
            clerk,
            WorkItemKind.REGISTRY_MISMATCH,
            "品牌型号不一致（请核对行驶证原件）",
            policy_id=issued.policy_id,
        )
        gui_ctx.work_items.open_item(
            s, clerk, WorkItemKind.PAYMENT_FAILED, "刷卡 3000.00 失败：单笔限额", draft_id=draft
        )
    w = main_window(qtbot, gui_ctx, clerk)
    w.show_page(2)
    page = w.pages[2]
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers == ["编号", "类型", "客户", "车牌", "保单或草稿", "原因", "处理人", "已等待"]
    rows = {
        page.table.item(r, 1).text(): [page.table.item(r, c).text() for c in range(8)]
        for r in range(2)
    }
    on_policy, on_draft = rows["行驶证信息待核实"], rows["支付失败"]
    assert on_policy[2:5] == [
        mask_name(EXAMPLE["policyholder"]["name"]),
        EXAMPLE["vehicle"]["plate"],
        issued.policy_number,
    ]
    assert on_draft[2:5] == [mask_name("李娜"), "京N6E830", "草稿"]
    assert on_draft[7] == "刚刚"
    shot(w, "waiting-who-and-what")
    w.tasks.wait_idle()


def test_policies_are_dated_searched_opened_and_named_for_whoever_may_see_it(
    qtbot, gui_ctx, monkeypatch
):
    from datetime import date

    from app.access.permissions import Role
    from app.core.changes import Changes
    from app.core.masking import mask_name

    clerk = clerk_at_demo_outlet(gui_ctx)
    w = main_window(qtbot, gui_ctx, clerk)
    w.show_page(1)
    page = w.pages[1]
    qtbot.waitUntil(lambda: page.note.text() == "暂无保单。")
    first = _issue(gui_ctx, clerk)
    vin = _vin("LFV2A21K", "G3123456")
    second = _issue(gui_ctx, clerk, vin=vin, plate="京B88888", engine_number="CSS123456")
    w.ops.announce(Changes(policies=True))  # as the issuing write does
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)
    assert "暂无" not in page.note.text()  # never "no policies" above listed ones
    headers = [page.table.horizontalHeaderItem(c).text() for c in range(page.table.columnCount())]
    assert headers[:4] == ["保单号", "出单日期", "状态", "投保人"]
    today = date.today().isoformat()
    assert {page.table.item(r, 1).text() for r in range(2)} == {today}
    # The clerk who issued them sees the customer's name in full.
    assert page.table.item(0, 3).text() == EXAMPLE["policyholder"]["name"]
    for term, expected in (
        (second.policy_number, second.policy_number),
        ("京B88888", second.policy_number),
        (vin.lower(), second.policy_number),  # a VIN typed in lower case
        (EXAMPLE["policyholder"]["name"][:1], None),  # both are the same customer's
    ):
        page.search.setText(term)
        if expected is None:
            qtbot.waitUntil(lambda: page.table.rowCount() == 2)
        else:
            qtbot.waitUntil(
                lambda exp=expected: (
                    page.table.rowCount() == 1 and page.table.item(0, 0).text() == exp
                )
            )
    page.search.setText("京Z00000")
    qtbot.waitUntil(lambda: page.table.rowCount() == 0)
    assert page.note.text() == "没有符合条件的保单。"
    page.search.clear()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2)

    opened: list[str] = []
    monkeypatch.setattr(
        QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True
    )
    row = next(r for r in range(2) if page.table.item(r, 0).text() == first.policy_number)
    page.table.selectRow(row)
    rect = page.table.visualItemRect(page.table.item(row, 0))
    # A double-click as the hand makes it: press, release, then the second press.
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: opened == [str(first.pdf_path)])  # the cover note, opened
    assert not page.reveal.isVisible()  # a clerk has no reveal
    shot(w, "policies-dated-and-searched")

    # A supervisor sees the name masked, and reveals it: each field shown is audited.
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    gui_ctx.users.add_user(admin, "lee", "lee-pass-123", Role.SUPERVISOR, "李主管")
    lee = gui_ctx.auth.login("lee", "lee-pass-123")
    w2 = main_window(qtbot, gui_ctx, lee)
    w2.show_page(1)
    page2 = w2.pages[1]
    qtbot.waitUntil(lambda: page2.table.rowCount() == 2)
    assert page2.table.item(0, 3).text() == mask_name(EXAMPLE["policyholder"]["name"])
    assert page2.reveal.isVisible()
    page2.table.selectRow(0)
    qtbot.mouseClick(page2.reveal, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: EXAMPLE["policyholder"]["id_number"] in page2.revealed.text())
    assert EXAMPLE["policyholder"]["name"] in page2.revealed.text()
    reveals = [e for e in gui_ctx.audit.recent(10) if e.action == "personal_data.reveal"]
    assert len(reveals) == 3 and all(e.actor == "lee" for e in reveals)
    shot(w2, "policies-supervisor-reveal")
    w.tasks.wait_idle()
    w2.tasks.wait_idle()


def test_a_clerk_is_not_sent_to_controls_only_an_administrator_sees(qtbot, gui_ctx):
    clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
    w = main_window(qtbot, gui_ctx, clerk)
    w.show_page(5)
    page = w.pages[5]
    qtbot.waitUntil(lambda: bool(page.state.text()))
    assert not page.provision_box.isVisible()
    text = page.state.text()
    assert "下方" not in text and "管理员" in text and "待发送：0" in text
    shot(w, "sync-page-clerk-not-provisioned")
