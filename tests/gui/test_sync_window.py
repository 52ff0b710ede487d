"""Sync in the window against a real head office on loopback (issue 7, outlet side): an
administrator provisions the desk from the sync page, a policy is issued, "sync now" uploads it,
head office confirms it, the formal policy is rendered; the status bar says where things stand
and, once head office revokes the device, says that plainly."""

from __future__ import annotations

import copy

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from sqlalchemy.orm import Session

from tests.gui.conftest import shot
from tests.hq.hq_setup import migrated_engine, publish_demo
from tests.sync.outlet_setup import EXAMPLE, RestartableHq, enrolment_code


def test_provision_issue_sync_confirm_and_revoke_in_the_window(qtbot, gui_ctx, tmp_path):
    from app.demo import ensure_demo_outlet
    from hq import devices
    from local_db.models import Policy
    from ui.main_window import MainWindow

    engine = migrated_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    hq = RestartableHq(engine, key).start()
    w = None
    try:
        ensure_demo_outlet(gui_ctx)
        admin = gui_ctx.auth.login("admin", "admin-pass-1")
        w = MainWindow(gui_ctx, admin)
        qtbot.addWidget(w)
        w.show()
        assert w.sync_label.text() == "同步：未配置"
        qtbot.mouseClick(w.sync_label, Qt.MouseButton.LeftButton)
        page = w.pages[5]
        device_id, code = enrolment_code(engine)
        page.url.setText(hq.url)
        page.code.setText(code)
        qtbot.mouseClick(page.provision_online, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "已开通" in page.provision_message.text(), timeout=30_000)
        # Provisioning starts the sync: head office's rate table comes down and the desk is online.
        qtbot.waitUntil(lambda: w.sync.status.get("state") == "online" and not w.sync.running, timeout=30_000)
        assert w.sync_label.text().startswith("在线 · 待上传 0")

        clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
        issued = gui_ctx.issuance.issue(clerk, copy.deepcopy(EXAMPLE))
        assert issued.state == "bound"
        w.sync.refresh_status()
        assert w.sync_label.text().startswith("在线 · 待上传 1") and page.queue.rowCount() == 1
        assert page.queue.item(0, 1).text() == issued.policy_number

        qtbot.mouseClick(page.sync_now, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not w.sync.running and w.sync.status.get("queue_length") == 0, timeout=30_000)
        with gui_ctx.store.read() as s:
            policy = s.get(Policy, issued.policy_id)
            assert policy.state == "confirmed" and policy.confirmation_code
        assert gui_ctx.formal_policies.pending() == []
        assert (gui_ctx.home / "policies" / f"{issued.policy_number}-policy.pdf").exists()
        assert page.queue.rowCount() == 0 and "上次成功" in page.state.text()
        shot(w, "sync-page-online")

        with Session(engine) as s:  # head office takes the device back
            assert devices.revoke(s, device_id)
            s.commit()
        qtbot.mouseClick(page.sync_now, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not w.sync.running and w.sync.status.get("state") == "revoked", timeout=30_000)
        assert w.sync_label.text().startswith("同步：设备已停用") and "停用" in page.state.text()
    finally:
        if w is not None:
            w.sync.stop()
            w.tasks.wait_idle()
        hq.stop()
        engine.dispose()


def test_a_referral_sent_to_head_office_is_decided_there(qtbot, qapp, app_ctx, tmp_path):
    """No supervisor at the outlet: the clerk sends the referral to head office; its underwriter
    approves (chudan-hq decide); the next sync brings the decision and the clerk goes on."""
    from hq import referrals
    from local_db.models import OutboxItem
    from tests.gui.test_wizard_drafts import _wizard
    from tests.sync.outlet_setup import provision
    from ui.i18n import install_language
    from ui.sync_runner import SyncRunner
    from ui.tasks import TaskRunner

    engine = migrated_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    hq = RestartableHq(engine, key).start()
    tasks = TaskRunner()
    try:
        install_language("zh_CN")
        gui_ctx = app_ctx
        provision(gui_ctx, hq.url, engine)  # sets up the demo desk and its users too
        clerk = gui_ctx.auth.login("clerk", "demo-clerk-2026")
        runner = SyncRunner(gui_ctx, tasks)
        wiz = _wizard(qtbot, gui_ctx, clerk)
        wiz.refer, wiz.lookup = runner.refer, runner.worker.ask
        wiz.customer.load({**EXAMPLE["policyholder"], "consent": True})
        wiz.vehicle.load({**EXAMPLE["vehicle"], "purchase_price": "1200000"})  # referred: high value
        wiz.coverage.load({"plan": "standard", "start_date": EXAMPLE["start_date"]})
        qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
        cov = wiz.coverage
        qtbot.waitUntil(lambda: cov.quote is not None and cov.hq_button.isVisible(), timeout=30_000)
        qtbot.mouseClick(cov.hq_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: cov.referral is not None and cov.referral.status == "pending", timeout=30_000)
        qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
        with Session(engine) as s:
            (pending,) = referrals.listing(s, "pending")
            assert pending["quote_summary"]["total"] == f"{cov.quote.total:.2f}"
            referrals.decide(s, pending["referral_id"], True, "总部核保同意，已核实发票")
            s.commit()
        with gui_ctx.store.write() as s:  # a minute later: the desk asks head office again (REFERRAL_POLL_S)
            for row in s.query(OutboxItem).filter(OutboxItem.kind == "referral"):
                row.next_attempt_at = None
        runner.run_now()
        qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
        wiz.requote()
        qtbot.waitUntil(lambda: cov.referral is not None and cov.referral.status == "approved", timeout=30_000)
        assert "总公司核保" in cov.decision.text() and "已核实发票" in cov.decision.text()
        qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
        assert wiz.stack.currentIndex() == 3
        request = copy.deepcopy(wiz.request()) | {"checklist_confirmed": True,
                                                    "payments": [{"method": "cash", "amount": "rest"}]}
        assert gui_ctx.issuance.issue(clerk, request).state == "bound"
        assert ("head-office", "policy.approve") in [(e.actor, e.action) for e in gui_ctx.audit.recent(30)]
    finally:
        tasks.wait_idle()
        hq.stop()
        engine.dispose()


def test_a_qr_payment_the_gateway_reports_is_recorded_without_typing(qtbot, qapp, app_ctx, tmp_path):
    """Issue 6 step 6: the payment QR's confirmation is entered by the clerk or pushed by head office
    when online. Here the gateway's callback is `chudan-hq payments confirm` (hq.qr_payments)."""
    from hq import qr_payments
    from local_db.models import Payment
    from sync.worker import SyncWorker
    from tests.gui.test_wizard_drafts import _to_payment, _wizard
    from tests.sync.outlet_setup import provision
    from ui.i18n import install_language

    engine = migrated_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    hq = RestartableHq(engine, key).start()
    try:
        install_language("zh_CN")
        provision(app_ctx, hq.url, engine)
        clerk = app_ctx.auth.login("clerk", "demo-clerk-2026")
        wiz = _wizard(qtbot, app_ctx, clerk)
        wiz.qr_status = SyncWorker(app_ctx).qr_payment
        _to_payment(qtbot, wiz)
        pay = wiz.payment
        total = wiz.coverage.quote.total
        pay.method.setCurrentIndex(pay.method.findData("qr"))
        reference = pay.reference.text()
        assert pay.qr_panel.isVisible() and reference.startswith("QR")
        wiz.check_qr_payment()  # not paid yet: nothing happens
        wiz.tasks.wait_idle()
        qtbot.wait(50)
        assert pay.payments == []
        with Session(engine) as s:
            qr_payments.confirm(s, reference, f"{total:.2f}", "DEMO01")
            s.commit()
        # The wizard's timer asks every few seconds; the test asks once now.
        wiz.check_qr_payment()
        qtbot.waitUntil(lambda: pay.payments != [], timeout=30_000)
        assert [(p["method"], p["amount"]) for p in pay.payments] == [("qr", f"{total:.2f}")]
        assert "已确认扫码支付" in pay.message.text() and pay.issue_button.isEnabled()
        with app_ctx.store.read() as s:
            (taken,) = s.query(Payment).all()
            assert taken.reference == reference and taken.status == "succeeded"
    finally:
        hq.stop()
        engine.dispose()
