"""E-policies by text message go through the insurer's HTTP SMS gateway (app.delivery.sms), tested here
against a real HTTP server on 127.0.0.1 (http.server in a thread): the message is posted as JSON
with the token; a gateway that is down keeps it queued without using up its attempts and is not
asked again before the backoff has passed; a refusal counts as a failed attempt; the phone never
appears unmasked in the log, the delivery's error or the audit log."""

from __future__ import annotations

import json
import logging
import threading
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app.core.errors import InvalidInput
from app.delivery.service import MAX_ATTEMPTS, DeliveryService
from app.delivery.sms import HttpSmsGateway, SmsSettings, load_sms, save_sms, sms_gateway
from local_db.models import Delivery, Policy
from tests.support.ports import free_port

PHONE = "13812345678"
NUMBER = "DEMO010120261125000001R"


class Gateway:
    """What the insurer's gateway does, switchable: answer 200, 503 (down) or 400 (refused)."""

    def __init__(self):
        self.status = 200
        self.received: list[tuple[dict, dict]] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.received.append((dict(self.headers), body))
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(
                    json.dumps({"to": body.get("to"), "ok": gateway.status == 200}).encode()
                )

            def log_message(self, *args):  # the test server stays quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms/send"
        # A short poll interval: stop() returns at once instead of after half a second.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    g = Gateway()
    yield g
    g.stop()


class Clock:
    def __init__(self):
        self.now = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def queued(app_ctx):
    clock = Clock()
    service = DeliveryService(app_ctx.store, app_ctx.audit, app_ctx.work_items, clock)
    pid = str(uuid.uuid4())
    with app_ctx.store.write() as s:
        s.add(Policy(id=pid, state="confirmed", policy_number=NUMBER))
        s.flush()
        service.queue(s, pid, "sms", PHONE, None)
    return app_ctx, service, clock, pid


def _delivery(ctx):
    with ctx.store.read() as s:
        return s.get(Delivery, 1)


@pytest.mark.live  # the SMS gateway on loopback
def test_the_text_is_posted_as_json_with_the_token(queued, gateway, caplog):
    ctx, service, _clock, _pid = queued
    caplog.set_level(logging.DEBUG)
    sms = HttpSmsGateway(SmsSettings(url=gateway.url, token="tok-123", sender="示例保险"))
    assert service.send_pending(None, sms).sent == 1
    ((headers, body),) = gateway.received
    assert headers["Authorization"] == "Bearer tok-123" and headers["Content-Type"].startswith(
        "application/json"
    )
    assert body == {"to": PHONE, "text": f"您的电子保单 {NUMBER} 已生成。", "sender": "示例保险"}
    assert _delivery(ctx).status == "sent"
    assert service.send_pending(None, sms).sent == 0  # never twice
    assert PHONE not in caplog.text and "138****5678" in caplog.text
    assert PHONE not in ctx.audit.recent(1)[0].summary


@pytest.mark.live  # the SMS gateway on loopback
def test_a_gateway_that_is_down_keeps_the_text_queued_with_backoff(queued, gateway, caplog):
    ctx, service, clock, _pid = queued
    caplog.set_level(logging.DEBUG)
    sms = HttpSmsGateway(SmsSettings(url=gateway.url, token="tok-123", timeout_s=2))
    gateway.status = 503
    for _ in range(MAX_ATTEMPTS + 1):  # down for longer than the attempts would allow: still queued
        before = len(gateway.received)
        assert service.send_pending(None, sms).retry_later == 1
        assert len(gateway.received) == before + 1
        d = _delivery(ctx)
        assert (d.status, d.attempts) == ("pending", 0) and "down for now" in d.last_error
        assert (
            service.send_pending(None, sms).retry_later == 1
        )  # at once again: the gateway is not asked
        assert len(gateway.received) == before + 1
        clock.now += timedelta(hours=1)  # past the backoff (capped at 30 minutes)
    gateway.status = 200
    assert service.send_pending(None, sms).sent == 1
    assert PHONE not in caplog.text and PHONE not in (_delivery(ctx).last_error or "")


def test_an_unreachable_gateway_waits_then_backs_off_longer(queued):
    ctx, service, clock, _pid = queued
    url = f"http://127.0.0.1:{free_port()}/sms/send"  # nothing listens there: connection refused
    sms = HttpSmsGateway(SmsSettings(url=url, token="t", timeout_s=2))
    assert service.send_pending(None, sms).retry_later == 1
    assert "cannot be reached" in _delivery(ctx).last_error and _delivery(ctx).attempts == 0
    first_wait = service._gateway_not_before - clock.now
    clock.now = service._gateway_not_before + timedelta(seconds=1)
    service.send_pending(None, sms)
    second_wait = service._gateway_not_before - clock.now
    assert timedelta(seconds=20) < first_wait < timedelta(seconds=40) < second_wait


@pytest.mark.live  # the SMS gateway on loopback
def test_a_refused_text_counts_as_a_failed_attempt_and_reaches_the_clerk(queued, gateway, app_ctx):
    ctx, service, _clock, pid = queued
    admin = ctx.auth.create_first_admin("admin", "admin-pass-1", "A")
    from app.access.permissions import Role

    ctx.users.add_user(admin, "wang", "clerk-pass-1", Role.CLERK, "王")
    wang = ctx.auth.login("wang", "clerk-pass-1")
    with ctx.store.write() as s:
        s.get(Policy, pid).created_by = wang.user_id  # wang issued it
    gateway.status = 400
    sms = HttpSmsGateway(SmsSettings(url=gateway.url, token="t"))
    for attempt in range(1, MAX_ATTEMPTS):
        assert service.send_pending(None, sms).retry_later == 1
        assert _delivery(ctx).attempts == attempt and "refused" in _delivery(ctx).last_error
    assert service.send_pending(None, sms).failed == 1
    (item,) = ctx.work_items.list_items(
        wang
    )  # opened by the system, handed to the clerk who issued it
    assert (
        item.kind == "delivery_failed" and item.assigned_to == "wang" and PHONE not in item.reason
    )


def test_sms_settings_are_checked_and_kept_encrypted(app_ctx):
    with pytest.raises(InvalidInput, match="https"):
        SmsSettings(url="http://sms.example.com/send", token="t")
    with pytest.raises(InvalidInput, match="token"):
        SmsSettings(url="https://sms.example.com/send", token=" ")
    assert sms_gateway(app_ctx.secure_settings) is None  # not set up: texts wait
    admin = app_ctx.auth.create_first_admin("admin", "admin-pass-1", "A")
    cfg = SmsSettings(url="https://sms.example.com/send", token="s3cret-token")
    save_sms(app_ctx.secure_settings, admin, cfg)
    assert load_sms(app_ctx.secure_settings) == cfg
    assert isinstance(sms_gateway(app_ctx.secure_settings), HttpSmsGateway)
    assert "s3cret-token" not in app_ctx.audit.recent(1)[0].summary


@pytest.mark.live  # the SMS gateway on loopback
def test_after_a_sync_run_the_configured_gateway_sends_the_text(app_ctx, gateway):
    admin = app_ctx.auth.create_first_admin("admin", "admin-pass-1", "A")
    save_sms(app_ctx.secure_settings, admin, SmsSettings(url=gateway.url, token="tok"))
    pid = str(uuid.uuid4())
    with app_ctx.store.write() as s:
        # Its formal policy is made already (a confirmed policy would be rendered first).
        s.add(Policy(id=pid, state="bound", policy_number=NUMBER))
        s.flush()
        app_ctx.deliveries.queue(s, pid, "sms", PHONE, None)
    app_ctx.after_confirmation([])
    assert [b["to"] for _h, b in gateway.received] == [PHONE]
    assert _delivery(app_ctx).status == "sent"


def test_the_gateway_is_set_up_from_the_command_line_with_the_token_on_stdin(
    seeded_home, capsys, monkeypatch
):
    import io

    from cli.launcher import main as chudan

    assert chudan(["demo"]) == 0
    capsys.readouterr()
    assert chudan(["epolicy", "sms-gateway", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["configured"] is False
    assert (
        chudan(["epolicy", "sms-gateway", "--url", "https://sms.example.com/send"]) == 1
    )  # token not on stdin
    assert "--token-stdin" in capsys.readouterr().err
    # An administrator's change: their password first, then the token.
    monkeypatch.setattr("sys.stdin", io.StringIO("demo-admin-2026\ntok-from-stdin\n"))
    assert (
        chudan(
            [
                "epolicy",
                "sms-gateway",
                "--url",
                "https://sms.example.com/send",
                "--token-stdin",
                "--sender",
                "示例保险",
                "--json",
                "--as",
                "admin",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert json.loads(out) == {
        "configured": True,
        "url": "https://sms.example.com/send",
        "sender": "示例保险",
    }
    assert "tok-from-stdin" not in out
    from app.desk.context import AppContext

    with AppContext.open(seeded_home) as ctx:
        assert load_sms(ctx.secure_settings).token == "tok-from-stdin"
