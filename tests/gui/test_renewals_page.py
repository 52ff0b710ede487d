"""续保 in the window: a supervisor imports the book and hands a renewal to a clerk, the clerk notes
the call and renews it with one click through the wizard to issue (last year's premium shown
beside this year's); the row leaves the work-list as 已续. Every action is a real input event."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support import clerk as desk
from tests.support.book import BOOK_EXAMPLE, issue_request, vin
from tests.support.screenshots import shot

FIRST = "PDAA2025110100000001"  # the example book's first policy: ends in 10 days


def _page(qtbot, ctx, user):
    from ui.main_window import RENEWALS_PAGE, MainWindow

    w = MainWindow(ctx, user)
    qtbot.addWidget(w)
    with qtbot.waitActive(w):  # keys go to the focused field, as on a desk
        w.show()
    w.show_page(RENEWALS_PAGE)
    return w, w.pages[RENEWALS_PAGE]


def _row(page, number: str) -> int:
    return next(i for i, r in enumerate(page.rows) if r.policy_number == number)


def test_import_hand_over_call_and_renew_through_the_wizard(qtbot, gui_ctx, desk_clerk):
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    w, page = _page(qtbot, gui_ctx, admin)
    assert page.import_button.isVisible() and page.table.rowCount() == 0
    page.import_file(str(BOOK_EXAMPLE))  # the path as the file dialog gives it; on a worker
    qtbot.waitUntil(lambda: "6 行；新增 6 条，已在清单中 0 条，拒绝 0 条" in page.note.text())
    assert page.table.rowCount() == 6  # all end within the default 90 days
    assert page.table.item(0, 2).text() == FIRST and page.table.item(0, 4).text() == "李*"
    # Last year's premium with its thousands separator: CTPL 665.00 + commercial 3,312.40
    # (the vehicle tax is not a premium) = 3,977.40.
    assert page.table.item(0, 6).text() == "3,977.40"
    shot(w, "renewals-work-list")
    person = desk.Clerk()
    person.click(page.table.viewport(), page.table.visualItemRect(page.table.item(0, 0)).center())
    person.choose(page.assignee, "clerk")
    person.click(page.assign)
    assert page.table.item(_row(page, FIRST), 8).text() == "clerk"
    assert "assign clerk" in page.history.toPlainText()
    person.stop()
    w.close()

    # the clerk: notes the call, then 续保 → the wizard on the customer step, everything filled
    w2, page2 = _page(qtbot, gui_ctx, desk_clerk)
    clerk = desk.Clerk()
    row = _row(page2, FIRST)
    end = page2.rows[row].end_date
    clerk.click(
        page2.table.viewport(), page2.table.visualItemRect(page2.table.item(row, 0)).center()
    )
    clerk.fill(page2.text, "客户同意续保")
    clerk.choose(page2.call, "reached")
    clerk.click(page2.save_note)
    assert page2.table.item(_row(page2, FIRST), 7).text() == "已联系"
    assert "reached 客户同意续保" in page2.history.toPlainText()
    assert "139****0001" in page2.history.toPlainText()  # masked until asked for
    clerk.click(page2.show_number)  # handed to this clerk: shown in full, and audited
    assert "电话 13911110001" in page2.note.text()
    clerk.click(page2.renew)
    # 续保 asks head office's claims register first, on the pool; this desk is not provisioned,
    # so the level is estimated and the page says so.
    qtbot.waitUntil(lambda: w2.pages[0].wizard is not None)
    assert "估算" in page2.note.text() or "estimated" in page2.note.text()
    wiz = w2.pages[0].wizard
    assert wiz is not None and wiz.isVisible() and w2.stack.currentIndex() == 0
    qtbot.waitUntil(lambda: wiz.loaded)  # the draft is read on the pool
    # Offscreen, the page's closed drop-down keeps the activation when the page is hidden (a
    # window manager gives it back): the window is made active, as the clerk's next click would.
    w2.activateWindow()
    qtbot.waitUntil(w2.isActiveWindow)
    assert wiz.stack.currentIndex() == 0  # from another system: the customer consents here
    assert wiz.customer.name.text() == "李娜" and wiz.vehicle.vin.text() == "LSVCC6A48PN200000"
    assert not wiz.customer.consent.isChecked()
    clerk.click(wiz.customer.consent)
    clerk.click(wiz.next)
    # the platform's record came with the renewal (moved on a year): priced as soon as it is shown
    clerk.click(wiz.next)
    desk.wait_until(lambda: wiz.stack.currentIndex() == 2, 10, "the coverage step")
    desk.wait_until(lambda: wiz.coverage.quote is not None, 30, "the premium")
    q = wiz.coverage.quote
    assert q.start_date == end + timedelta(days=1)  # 00:00 after the old end: no overlap
    # last year beside this year: read on the pool once the premium is in
    desk.wait_until(wiz.coverage.renewal_change.isVisible, 10, "last year's premium")
    change = wiz.coverage.renewal_change.text()
    assert "上年 3,977.40 元" in change  # 665.00 + 3,312.40 (the example file)
    assert (
        "无赔款优待等级由 -1（系数 0.8）调整为 -2（系数 0.7）" in change
        and "中国人民财产保险股份有限公司" in change
    )
    # the customer was given this price: the renewal is 已报价, with the premium
    row_id = page2.rows[row].id
    qtbot.waitUntil(lambda: gui_ctx.renewals.detail(desk_clerk, row_id).state == "quoted")
    priced = gui_ctx.renewals.detail(desk_clerk, row_id)
    assert priced.quoted_premium == f"{q.ctpl.premium + q.commercial_total:.2f}"  # tax aside
    clerk.click(wiz.next)
    desk.wait_until(lambda: wiz.stack.currentIndex() == 3, 30, "the review step")
    desk.wait_until(lambda: wiz.review.view is not None, 30, "the schedule")
    # the schedule for the last premium (a newer one redraws it, and the ticks go with it)
    desk.wait_until(lambda: not wiz.flow.facts.quoting, 30, "the last premium")
    desk.review_and_sign(clerk, wiz)
    desk.to_payment(clerk, wiz)
    clerk.click(wiz.payment.paid_button)
    result = desk.issue(clerk, wiz)
    clerk.stop()
    assert result.state == "bound"
    w2.show_page(w2.pages.index(page2))
    assert FIRST not in [r.policy_number for r in page2.rows]  # renewed: off the list
    number = gui_ctx.renewals.find(desk_clerk, FIRST)
    assert gui_ctx.renewals.detail(desk_clerk, number).state == "renewed"
    w2.tasks.wait_idle()  # the wizard warms OCR up on a worker


def test_a_policy_issued_here_renews_in_eight_actions_or_fewer(qtbot, gui_ctx, desk_clerk):
    """No changes: 续保, then the wizard opens on the coverage step (consent on record)."""
    today = gui_ctx.renewals.today()
    gui_ctx.issuance.issue(desk_clerk, issue_request(vin(77), today + timedelta(days=1)))
    # a year later (the clock cannot move in the window: the old policy is moved instead)
    from local_db.models import BookPolicy, Policy

    with gui_ctx.store.write() as s:
        gui_ctx.renewals.book.reconcile(s)
        row = s.query(BookPolicy).one()
        old = s.get(Policy, row.policy_id)
        for r in (row, old):
            r.start_date, r.end_date = today - timedelta(days=345), today + timedelta(days=20)
    w, page = _page(qtbot, gui_ctx, desk_clerk)
    clerk = desk.Clerk()
    clerk.click(page.table.viewport(), page.table.visualItemRect(page.table.item(0, 0)).center())
    clerk.click(page.renew)
    qtbot.waitUntil(lambda: w.pages[0].wizard is not None)  # after asking head office
    wiz = w.pages[0].wizard
    qtbot.waitUntil(lambda: wiz.loaded)  # the draft is read on the pool
    assert wiz.stack.currentIndex() == 2  # the coverage step, last year beside this year
    # The claims during the expiring term are not known here: nothing is priced from a guessed
    # record, so the clerk types the platform's claim-free years where the cursor waits.
    qtbot.waitUntil(lambda: wiz.coverage.claim_free.hasFocus())
    clerk.type(desk.CLAIM_FREE_YEARS, into=wiz.coverage.claim_free)
    desk.wait_until(lambda: wiz.coverage.quote is not None, 30, "the premium")
    desk.wait_until(lambda: "上年" in wiz.coverage.renewal_change.text(), 10, "last year")
    desk.to_review(clerk, wiz)  # Enter after the figure goes on
    desk.review_and_sign(clerk, wiz)
    desk.to_payment(clerk, wiz)
    clerk.click(wiz.payment.paid_button)
    result = desk.issue(clerk, wiz)
    clerk.stop()
    assert result.state == "bound"
    assert clerk.count <= 8, clerk.counter.actions
    w.tasks.wait_idle()  # the wizard warms OCR up on a worker


def test_the_coverage_step_recommends_a_plan_with_reasons_and_taking_it_is_recorded(
    qtbot, gui_ctx, desk_clerk, make_wizard
):
    from PySide6.QtCore import QPoint, Qt
    from sqlalchemy import select

    from local_db.models import Recommendation
    from tests.support.desk import HISTORY
    from tests.support.examples import POLICY_REQUEST

    wiz = make_wizard(gui_ctx, desk_clerk)
    wiz.customer.load({**POLICY_REQUEST["policyholder"], "consent": True})
    wiz.vehicle.load(POLICY_REQUEST["vehicle"])  # a 2022 family car, 150,000 new
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    wiz.coverage.load({"history": HISTORY})  # the platform's record, as the clerk types it
    qtbot.waitUntil(lambda: wiz.coverage.quote is not None, timeout=30_000)
    qtbot.waitUntil(lambda: wiz.coverage.recommended.text() != "")  # worked out on a worker
    shown = wiz.coverage.recommended.text()
    # the demo outlet is in Beijing: own damage for a young car, 2 million third party, each why
    assert shown.startswith("推荐方案：") and "机动车损失保险" in shown
    assert "车龄 4 年" in shown and "三者险建议保额 200 万元" in shown
    assert wiz.coverage.use_recommended.isVisible()
    qtbot.mouseClick(wiz.coverage.use_recommended, Qt.MouseButton.LeftButton)
    assert wiz.coverage.plan() == "custom"
    qtbot.waitUntil(
        lambda: (
            wiz.coverage.quote is not None
            and {ln.code for ln in wiz.coverage.quote.lines} >= {"vehicle_damage", "third_party"}
        ),
        timeout=30_000,
    )
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.stack.currentIndex() == 3 and wiz.review.view is not None)
    qtbot.waitUntil(lambda: not wiz.flow.facts.quoting, timeout=30_000)  # the last premium
    qtbot.mouseClick(wiz.review.all_checked, Qt.MouseButton.LeftButton)
    pad = wiz.review.pad
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    qtbot.mouseMove(pad, QPoint(150, 90))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(260, 70))
    qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.stack.currentIndex() == 4, timeout=30_000)  # once priced
    qtbot.waitUntil(wiz.payment.paid_button.isEnabled)  # the amount due
    qtbot.mouseClick(wiz.payment.paid_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(wiz.payment.issue_button.isEnabled)  # the payment recorded
    qtbot.mouseClick(wiz.payment.issue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wiz.result is not None, timeout=60_000)
    assert wiz.result.state == "bound"
    gui_ctx.renewals.refresh()  # the book follows the bind (the page does this when shown)
    with gui_ctx.store.read() as s:
        rec = s.execute(select(Recommendation)).scalar_one()
    assert rec.outcome == "taken" and rec.policy_id == wiz.result.policy_id


def test_reminders_from_the_page_reach_a_loopback_smtp_server_and_sms_gateway(
    qtbot, gui_ctx, desk_clerk
):
    """The example book: the policy ending in 10 days agreed to SMS and e-mail, the one in 25 days
    to SMS; the others end beyond the 30-day lead time. The clerk records a third customer's
    consent to SMS on the page (the text to read is the button's tooltip): their policy ends in 40
    days, so nothing goes to them yet."""
    from app.delivery.service import SmtpSettings, save_smtp
    from app.delivery.sms import SmsSettings, save_sms
    from app.renewals.settings import RenewalSettings, save_settings
    from tests.support.sms_gateway import sms_gateway
    from tests.support.smtp_inbox import smtp_inbox

    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    # no quiet hours, whatever the time of day the test runs at
    save_settings(
        gui_ctx.secure_settings, admin, RenewalSettings(quiet_start="00:00", quiet_end="00:00")
    )
    gui_ctx.renewals.import_content(admin, BOOK_EXAMPLE.read_bytes(), "book-import.csv")
    with smtp_inbox() as (inbox, port), sms_gateway() as gateway:
        save_smtp(
            gui_ctx.secure_settings,
            admin,
            SmtpSettings(host="127.0.0.1", port=port, sender="desk@example.com", security="none"),
        )
        save_sms(gui_ctx.secure_settings, admin, SmsSettings(url=gateway.url, token="tok-1"))

        # the clerk: the customer of the 40-day policy agrees to SMS reminders
        w, page = _page(qtbot, gui_ctx, desk_clerk)
        person = desk.Clerk()
        row = _row(page, "PDAA2025110100000003")
        person.click(
            page.table.viewport(), page.table.visualItemRect(page.table.item(row, 0)).center()
        )
        assert not page.consent_sms.isChecked() and "撤回" in page.record_consent.toolTip()
        person.click(page.consent_sms)
        person.click(page.record_consent)
        assert "consent sms yes" in page.history.toPlainText()
        assert not page.remind.isVisible()  # a supervisor's (or the sync's) to send
        person.stop()
        w.close()

        w2, page2 = _page(qtbot, gui_ctx, admin)
        sender = desk.Clerk()
        sender.click(page2.remind)
        qtbot.waitUntil(lambda: "已发送 3 条" in page2.note.text(), timeout=30_000)
        sender.stop()
        assert sorted(m["to"] for m in gateway.received) == ["13911110001", "13911110002"]
        assert [rcpt for rcpt, _ in inbox.messages] == [["li.na@example.com"]]
        w2.tasks.wait_idle()


@pytest.mark.slow
def test_a_paper_policy_scanned_confirmed_field_by_field_joins_the_work_list(
    qtbot, gui_ctx, desk_clerk, tmp_path
):
    from tests.support.book import paper_policy_page, person_id

    today = gui_ctx.renewals.today()
    fields = {
        "policy_number": "PDAA202611010000000777",
        "insurer": "中国平安财产保险股份有限公司",
        "start_date": str(today - timedelta(days=350)),
        "end_date": str(today + timedelta(days=14)),
        "plate": "京A3P7K9",
        "vin": vin(88),
    }
    image = paper_policy_page(tmp_path / "paper.png", fields)
    admin = gui_ctx.auth.login("admin", "admin-pass-1")
    w, page = _page(qtbot, gui_ctx, admin)
    assert page.scan_button.isVisible()
    page.scan_paper(str(image))  # the path as the file dialog gives it; OCR on a worker
    qtbot.waitUntil(
        lambda: page.scan_dialog is not None and page.scan_dialog.isVisible(), timeout=120_000
    )
    dialog = page.scan_dialog
    for key, value in fields.items():
        assert dialog.edits[key].text() == value, key
    assert not dialog.add.isEnabled()  # nothing confirmed, the policyholder not typed
    person = desk.Clerk()
    person.fill(dialog.edits["holder_name"], "王强")
    person.fill(dialog.edits["holder_id_number"], person_id(88))
    for key in dialog.fields():
        person.click(dialog.ticks[key])
    assert dialog.add.isEnabled()
    person.click(dialog.add)
    person.stop()
    assert not dialog.isVisible() and "已加入续保清单" in page.note.text()
    assert fields["policy_number"] in [r.policy_number for r in page.rows]
    w.tasks.wait_idle()


@pytest.mark.slow  # a head office on loopback, provisioning and the wizard: about 4 s
def test_renew_takes_head_offices_level_when_it_answers(qtbot, gui_ctx, desk_clerk, tmp_path):
    """The desk provisioned with a real head office whose claims register knows the vehicle:
    续保 asks it, the page says where the level came from, and the draft carries it."""
    from local_db.models import BookPolicy, Policy
    from tests.support.claims_hq import (
        EXPECTED_CLAIMS_LAST_YEAR,
        EXPECTED_LEVEL,
        head_office_knowing,
        provision_with_rates,
    )

    with head_office_knowing(tmp_path, vin(78)) as (url, engine):
        provision_with_rates(gui_ctx, url, engine)
        today = gui_ctx.renewals.today()
        gui_ctx.issuance.issue(desk_clerk, issue_request(vin(78), today + timedelta(days=1)))
        with gui_ctx.store.write() as s:
            gui_ctx.renewals.book.reconcile(s)
            row = s.query(BookPolicy).one()
            old = s.get(Policy, row.policy_id)
            for r in (row, old):
                r.start_date, r.end_date = today - timedelta(days=345), today + timedelta(days=20)
        w, page = _page(qtbot, gui_ctx, desk_clerk)
        clerk = desk.Clerk()
        cell = page.table.visualItemRect(page.table.item(0, 0)).center()
        clerk.click(page.table.viewport(), cell)
        clerk.click(page.renew)
        qtbot.waitUntil(lambda: w.pages[0].wizard is not None, timeout=15_000)
        clerk.stop()
        assert "总部理赔记录" in page.note.text() or "claims register" in page.note.text()
        qtbot.waitUntil(lambda: w.pages[0].wizard.loaded)
        with gui_ctx.store.read() as s:
            draft_id = s.query(BookPolicy).one().renewal_draft_id
        _step, data = gui_ctx.drafts.load(desk_clerk, draft_id)
        assert data["history"]["ncd_level"] == EXPECTED_LEVEL
        assert data["history"]["ctpl_at_fault_claims_last_year"] == EXPECTED_CLAIMS_LAST_YEAR
        w.tasks.wait_idle()
