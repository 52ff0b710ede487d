"""Sync in the window against a real head office on loopback (sync, outlet side): an
administrator provisions the desk from the sync page, a policy is issued, "sync now" uploads it,
head office confirms it, the formal policy is rendered; the status bar says where things stand
and, once head office revokes the device, says that plainly. Also: the run at start-up and on the
(shortened) timer, the run when the network comes back, offline and the last error in the status
bar and on the sync page, an expired table's grace warned in the status bar, and provisioning
from a signed file picked in the file dialog."""

from __future__ import annotations

import copy
import json
from contextlib import contextmanager
from datetime import datetime

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PySide6.QtCore import Qt
from sqlalchemy.orm import Session

from tests.support.desk import HISTORY
from tests.support.examples import POLICY_REQUEST
from tests.support.hq_data import demo_table_doc, migrated_engine, publish_demo
from tests.support.hq_server import RestartableHq
from tests.support.outlet import enrolment_code, issue_real, provision, request_for
from tests.support.screenshots import shot
from tests.support.wizard import fill_to_payment

pytestmark = pytest.mark.live  # head office on loopback


def test_provision_issue_sync_confirm_and_revoke_in_the_window(qtbot, gui_ctx, tmp_path):
    from app.desk.demo import ensure_demo_outlet
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
        qtbot.waitUntil(
            lambda: w.sync.status.get("state") == "online" and not w.sync.running, timeout=30_000
        )
        assert w.sync_label.text().startswith("在线 · 待上传 0")

        clerk = gui_ctx.auth.login("clerk", "clerk-pass-1")
        issued = gui_ctx.issuance.issue(clerk, request_for(0))
        assert issued.state == "bound"
        w.sync.refresh_status()
        assert w.sync_label.text().startswith("在线 · 待上传 1")
        qtbot.waitUntil(lambda: page.queue.rowCount() == 1)  # the queue, read on the pool
        assert "待发送：1" in page.state.text()  # what waits, counted from what is listed
        assert page.queue.item(0, 1).text() == issued.policy_number

        qtbot.mouseClick(page.sync_now, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: not w.sync.running and w.sync.status.get("queue_length") == 0, timeout=30_000
        )
        with gui_ctx.store.read() as s:
            policy = s.get(Policy, issued.policy_id)
            assert policy.state == "confirmed" and policy.confirmation_code
        assert gui_ctx.formal_policies.pending() == []
        assert (gui_ctx.home / "print" / f"{issued.policy_number}-policy.pdf").exists()
        qtbot.waitUntil(lambda: page.queue.rowCount() == 0)
        assert "上次成功" in page.state.text()
        shot(w, "sync-page-online")

        with Session(engine) as s:  # head office takes the device back
            assert devices.revoke(s, device_id)
            s.commit()
        qtbot.mouseClick(page.sync_now, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: not w.sync.running and w.sync.status.get("state") == "revoked", timeout=30_000
        )
        assert w.sync_label.text().startswith("同步：设备已停用") and "停用" in page.state.text()
    finally:
        if w is not None:
            w.sync.stop()
            w.tasks.wait_idle()
        hq.stop()
        engine.dispose()


def test_a_referral_sent_to_head_office_is_decided_there(
    qtbot, qapp, app_ctx, tmp_path, make_wizard
):
    """No supervisor at the outlet: the clerk sends the referral to head office; its underwriter
    approves (chudan-hq decide); the next sync brings the decision and the clerk goes on."""
    from hq import referrals
    from hq.personal_data import data_key
    from local_db.models import OutboxItem
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
        wiz = make_wizard(gui_ctx, clerk)
        wiz.refer, wiz.lookup = runner.refer, runner.worker.ask
        wiz.customer.load({**POLICY_REQUEST["policyholder"], "consent": True})
        wiz.vehicle.load(
            {**POLICY_REQUEST["vehicle"], "purchase_price": "1200000"}
        )  # referred: high value
        wiz.coverage.load({"plan": "standard", "history": HISTORY})
        qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
        cov = wiz.coverage
        qtbot.waitUntil(lambda: cov.quote is not None and cov.hq_button.isVisible(), timeout=30_000)
        qtbot.mouseClick(cov.hq_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: cov.referral is not None and cov.referral.status == "pending", timeout=30_000
        )
        qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
        with Session(engine) as s:
            (pending,) = referrals.listing(s, data_key(engine), "pending")
            assert pending["quote_summary"]["total"] == f"{cov.quote.total:.2f}"
            referrals.decide(s, pending["referral_id"], True, "总部核保同意，已核实发票")
            s.commit()
        with (
            gui_ctx.store.write() as s
        ):  # a minute later: the desk asks head office again (REFERRAL_POLL_S)
            for row in s.query(OutboxItem).filter(OutboxItem.kind == "referral"):
                row.next_attempt_at = None
        runner.run_now()
        qtbot.waitUntil(lambda: not runner.running, timeout=30_000)
        wiz.requote()
        qtbot.waitUntil(
            lambda: cov.referral is not None and cov.referral.status == "approved", timeout=30_000
        )
        assert "总公司核保" in cov.decision.text() and "已核实发票" in cov.decision.text()
        qtbot.mouseClick(wiz.next, Qt.MouseButton.LeftButton)
        assert wiz.stack.currentIndex() == 3
        request = copy.deepcopy(wiz.request()) | {
            "checklist_confirmed": True,
            "payments": [{"method": "cash", "amount": "rest"}],
        }
        assert gui_ctx.issuance.issue(clerk, request).state == "bound"
        assert ("head-office", "policy.approve") in [
            (e.actor, e.action) for e in gui_ctx.audit.recent(30)
        ]
    finally:
        tasks.wait_idle()
        hq.stop()
        engine.dispose()


def test_a_qr_payment_the_gateway_reports_is_recorded_without_typing(
    qtbot, qapp, app_ctx, tmp_path, make_wizard
):
    """The payment step: the payment QR's confirmation is entered by the clerk or pushed by head office
    when online. Here the gateway's callback is `chudan-hq payments confirm` (hq.qr_payments)."""
    from hq import qr_payments
    from local_db.models import Payment
    from sync.worker import SyncWorker
    from ui.i18n import install_language

    engine = migrated_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    hq = RestartableHq(engine, key).start()
    try:
        install_language("zh_CN")
        provision(app_ctx, hq.url, engine)
        clerk = app_ctx.auth.login("clerk", "demo-clerk-2026")
        wiz = make_wizard(app_ctx, clerk)
        worker, answers = SyncWorker(app_ctx), []

        def ask_head_office(reference):
            answers.append(worker.qr_payment(reference))
            return answers[-1]

        wiz.qr_status = ask_head_office
        fill_to_payment(qtbot, wiz)
        pay = wiz.payment
        total = wiz.coverage.quote.total
        pay.method.setCurrentIndex(pay.method.findData("qr"))
        reference = pay.reference.text()
        assert pay.qr_panel.isVisible() and reference.startswith("QR")
        # Not paid yet: head office says so, and the wizard records nothing. Waiting until the
        # wizard has taken the answer in (not a fixed pause) is what lets this check fail.
        wiz.check_qr_payment()
        assert wiz.checking_qr_payment
        qtbot.waitUntil(lambda: not wiz.checking_qr_payment, timeout=30_000)
        assert answers and answers[-1] is not None and answers[-1]["paid"] is False
        assert pay.payments == []
        with Session(engine) as s:
            qr_payments.confirm(s, reference, total, "DEMO01")
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


# --- when the window syncs, and what the status bar and sync page say ------------------------


@contextmanager
def _head_office(tmp_path, table: dict | None = None):
    """A real head office on loopback with the demo table (or `table`) published as version 1."""
    from hq.rates import publish

    engine = migrated_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    key = Ed25519PrivateKey.generate()
    if table is None:
        publish_demo(engine, key)
    else:
        with Session(engine) as s:
            publish(s, table, key)
            s.commit()
    hq = RestartableHq(engine, key).start()
    try:
        yield hq, engine
    finally:
        hq.stop()
        engine.dispose()


def _window(qtbot, ctx, **kwargs):
    from ui.i18n import install_language
    from ui.main_window import MainWindow

    install_language("zh_CN")
    admin = ctx.auth.login("admin", "demo-admin-2026")
    w = MainWindow(ctx, admin, **kwargs)
    qtbot.addWidget(w)
    w.show()
    return w


def _close(w) -> None:
    w.sync.stop()
    w.tasks.wait_idle()


def _runs(w) -> list:
    """Every RunSummary the window's runner finishes, in order."""
    done: list = []
    w.sync.finished.connect(done.append)
    return done


def test_the_window_syncs_at_start_up_and_then_on_its_timer(qtbot, app_ctx, tmp_path):
    from local_db.models import Policy

    with _head_office(tmp_path) as (hq, engine):
        provision(app_ctx, hq.url, engine)
        (pid,) = issue_real(app_ctx, 1)
        w = _window(qtbot, app_ctx, sync_interval_ms=300)  # the timer shortened from a minute
        runs = _runs(w)
        try:
            assert runs == [] and not w.sync.running  # a window alone does not sync
            w.start_sync()  # as after log-in: a run at once, nobody presses anything
            qtbot.waitUntil(lambda: len(runs) >= 1, timeout=30_000)
            assert runs[0].ok and runs[0].upload.accepted == 1
            with app_ctx.store.read() as s:
                assert s.get(Policy, pid).state == "confirmed"
            # A policy issued later goes with the next timer tick, still without anyone pressing.
            (later,) = issue_real(app_ctx, 1, start=1)
            qtbot.waitUntil(lambda: any(r.upload.accepted for r in runs[1:]), timeout=30_000)
            with app_ctx.store.read() as s:
                assert s.get(Policy, later).state == "confirmed"
            qtbot.waitUntil(
                lambda: not w.sync.running and w.sync_label.text().startswith("在线 · 待上传 0"),
                timeout=30_000,
            )
        finally:
            _close(w)


def test_the_network_coming_back_starts_a_run(qtbot, app_ctx, tmp_path):
    # The operating system's "network is back" cannot be caused here: the test calls the slot
    # QNetworkInformation.reachabilityChanged is connected to, with the values Qt would pass.
    from PySide6.QtNetwork import QNetworkInformation

    with _head_office(tmp_path) as (hq, engine):
        provision(app_ctx, hq.url, engine)
        w = _window(qtbot, app_ctx)  # the timer at its minute: no tick during the test
        runs = _runs(w)
        try:
            w.sync._reachability_changed(QNetworkInformation.Reachability.Disconnected)
            assert not w.sync.running and runs == []
            w.sync._reachability_changed(QNetworkInformation.Reachability.Online)
            qtbot.waitUntil(lambda: len(runs) == 1, timeout=30_000)
            assert runs[0].ok and w.sync.status["state"] == "online"
        finally:
            _close(w)


def test_a_provisioned_desk_that_has_not_synced_yet_does_not_say_offline(qtbot, app_ctx, tmp_path):

    with _head_office(tmp_path) as (hq, engine):
        provision(app_ctx, hq.url, engine)
        w = _window(
            qtbot, app_ctx
        )  # no run yet: the timer is at its minute and start_sync not called
        try:
            assert w.sync.status["state"] == "never"
            assert (
                w.sync_label.text().startswith("尚未同步 · 待上传 0")
                and "离线" not in w.sync_label.text()
            )
            shot(w, "status-not-synced-yet")
        finally:
            _close(w)


def test_offline_and_the_last_error_are_shown_in_the_status_bar_and_on_the_sync_page(
    qtbot, app_ctx, tmp_path, monkeypatch
):

    with _head_office(tmp_path) as (hq, engine):
        provision(app_ctx, hq.url, engine)
        issue_real(app_ctx, 1)
        hq.stop()  # head office goes away (the link is down)
        w = _window(qtbot, app_ctx)
        runs = _runs(w)
        try:
            w.sync.run_now()
            qtbot.waitUntil(lambda: len(runs) == 1 and not w.sync.running, timeout=60_000)
            assert w.sync_label.text().startswith("离线 · 待上传 1")
            stored = w.sync.status["last_error_zh"]
            at, _, message = stored.partition(" ")
            assert "无法连接总公司" in message
            shown = (
                datetime.fromisoformat(at).astimezone().strftime("%Y-%m-%d %H:%M") + " " + message
            )
            assert w.sync_label.toolTip() == shown  # the time in local time, not UTC ISO
            qtbot.mouseClick(w.sync_label, Qt.MouseButton.LeftButton)
            page = w.pages[5]
            assert w.stack.currentWidget() is page
            text = page.state.text()
            assert "离线" in text and "上次错误：" + shown in text
            shot(w, "sync-page-offline")

            # Head office is back (at the address the desk knows) and the next run succeeds: the
            # old error is not shown again.
            port = hq.port
            monkeypatch.setattr("tests.support.hq_server.free_port", lambda: port)
            hq.start()
            w.sync.run_now()
            qtbot.waitUntil(lambda: len(runs) == 2 and not w.sync.running, timeout=60_000)
            assert w.sync.status["state"] == "online" and not w.sync.status["last_error_zh"]
            qtbot.waitUntil(lambda: "在线" in page.state.text())
            assert "上次错误" not in page.state.text() and w.sync_label.toolTip() == ""
            shot(w, "sync-page-error-gone")
        finally:
            _close(w)


def test_an_expired_table_in_its_grace_is_warned_in_the_status_bar(qtbot, app_ctx, tmp_path):
    from datetime import date, timedelta

    today = date.today()
    ended = today - timedelta(days=3)
    table = demo_table_doc() | {
        "effective_from": (today - timedelta(days=90)).isoformat(),
        "effective_to": ended.isoformat(),
        "on_expiry": {"mode": "grace", "grace_days": 10},
    }
    with _head_office(tmp_path, table) as (hq, engine):
        provision(app_ctx, hq.url, engine)  # the desk's only table is the expired one
        w = _window(qtbot, app_ctx)
        try:
            w.sync.refresh_status()
            text = w.rates_label.text()
            assert f"已于 {ended} 到期" in text and f"宽限至 {ended + timedelta(days=10)}" in text
            assert w.rates_label.property("tone") == "problem"  # red, by the one style sheet
            assert text in w.pages[5].state.text()
        finally:
            _close(w)


def test_provisioning_from_a_signed_file_in_the_window(qtbot, gui_ctx, tmp_path, monkeypatch):
    from app.desk.demo import ensure_demo_outlet
    from hq.cli import main as hq_main
    from hq.keys import init_key
    from sync.state import load_device
    from ui.main_window import MainWindow

    hq_home = tmp_path / "hq-home"
    monkeypatch.setenv("CHUDAN_HQ_HOME", str(hq_home))
    hq_home.mkdir()
    _, key = init_key(home=hq_home)
    engine = migrated_engine(f"sqlite:///{hq_home / 'hq.sqlite3'}")
    publish_demo(engine, key)
    hq = RestartableHq(engine, key).start()
    w = None
    try:
        file = tmp_path / "usb" / "DEMO01.chudan"
        file.parent.mkdir()
        assert (
            hq_main(
                ["device", "provision", "--outlet", "DEMO01", "--file", str(file), "--url", hq.url]
            )
            == 0
        )
        ensure_demo_outlet(gui_ctx)
        w = MainWindow(gui_ctx, gui_ctx.auth.login("admin", "admin-pass-1"))
        qtbot.addWidget(w)
        w.show()
        page = w.pages[5]
        w.show_page(5)
        # The administrator picks the file from the USB stick in the file dialog.
        monkeypatch.setattr(
            "ui.pages.sync_page.QFileDialog.getOpenFileName", lambda *a, **k: (str(file), "")
        )
        qtbot.mouseClick(page.provision_file, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(  # stored on the write lane
            lambda: (
                "已开通" in page.provision_message.text()
                and "DEMO01" in page.provision_message.text()
            )
        )
        # Provisioning starts the sync: head office's table comes down and the desk is online.
        qtbot.waitUntil(
            lambda: w.sync.status.get("state") == "online" and not w.sync.running, timeout=30_000
        )
        assert w.sync_label.text().startswith(
            "在线 · 待上传 0"
        ) and w.rates_label.text().startswith("费率表")

        # A file changed after head office signed it is refused, saying so, and changes nothing.
        forged = tmp_path / "usb" / "forged.chudan"
        doc = json.loads(file.read_text(encoding="utf-8"))
        doc["payload"]["outlet_code"] = "EVIL01"
        forged.write_text(json.dumps(doc), encoding="utf-8")
        monkeypatch.setattr(
            "ui.pages.sync_page.QFileDialog.getOpenFileName", lambda *a, **k: (str(forged), "")
        )
        page.provision_message.clear()
        qtbot.mouseClick(page.provision_file, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(page.provision_message.text()))
        assert page.provision_message.property("tone") == "problem"
        assert load_device(gui_ctx.store).outlet_code == "DEMO01"
    finally:
        if w is not None:
            _close(w)
        hq.stop()
        engine.dispose()
