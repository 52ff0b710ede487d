"""E-policies go out by e-mail over real SMTP (an aiosmtpd server on loopback here); with no
server reachable they wait and are retried; after five failures a person is told."""

from __future__ import annotations

import uuid
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

from app.core.errors import InvalidInput
from app.delivery.service import MAX_ATTEMPTS, SmtpSettings
from local_db.models import Delivery, Document, Policy
from tests.support.ports import free_port

PDF = b"%PDF-1.4 fake-but-bytes-matter\n%%EOF"


@pytest.fixture
def queued(app_ctx):
    pid = str(uuid.uuid4())
    with app_ctx.store.write() as s:
        s.add(Policy(id=pid, state="confirmed", policy_number="DEMO010120261125000001R"))
        s.flush()  # no ORM relationship ties Document to Policy, so order the inserts by hand
        doc = Document(kind="pdf", policy_id=pid, mime_type="application/pdf", content=PDF)
        s.add(doc)
        s.flush()
        app_ctx.deliveries.queue(s, pid, "email", "zhang.wei@example.com", doc.id)
    return app_ctx, pid


def _smtp(port):
    return SmtpSettings(
        host="127.0.0.1", port=port, sender="policy@insurer.example", security="none"
    )


def test_email_delivery_carries_the_pdf(queued, smtp_server):
    ctx, pid = queued
    inbox, port = smtp_server
    run = ctx.deliveries.send_pending(_smtp(port))
    assert run.sent == 1
    ((rcpt, raw),) = inbox.messages
    assert rcpt == ["zhang.wei@example.com"]
    msg = message_from_bytes(raw, policy=default_policy)
    assert "DEMO010120261125000001R" in msg["Subject"]
    (att,) = list(msg.iter_attachments())
    assert att.get_content() == PDF and att.get_filename() == "DEMO010120261125000001R.pdf"
    with ctx.store.read() as s:
        assert s.get(Delivery, 1).status == "sent"
    assert ctx.deliveries.send_pending(_smtp(port)).sent == 0  # never twice
    last = ctx.audit.recent(1)[0]
    assert last.action == "delivery.sent" and "zhang.wei@" not in last.summary


def test_unreachable_server_keeps_it_pending_then_fails_to_a_person(queued):
    ctx, pid = queued
    dead = _smtp(free_port())
    for attempt in range(1, MAX_ATTEMPTS):
        run = ctx.deliveries.send_pending(dead)
        assert run.retry_later == 1
        with ctx.store.read() as s:
            d = s.get(Delivery, 1)
            assert (d.status, d.attempts) == (
                "pending",
                attempt,
            ) and "ConnectionRefused" in d.last_error
    assert ctx.deliveries.send_pending(dead).failed == 1
    admin = ctx.auth.create_first_admin("admin", "admin-pass-1", "A")
    (item,) = ctx.work_items.list_items(admin)
    assert item.kind == "delivery_failed" and item.policy_id == pid


def test_no_smtp_configured_waits_without_losing_the_delivery(queued, smtp_server):
    ctx, pid = queued
    for _ in range(
        MAX_ATTEMPTS + 2
    ):  # a sync run every minute for a while: still waiting, not failed
        assert ctx.deliveries.send_pending(None).retry_later == 1
    with ctx.store.read() as s:
        (d,) = s.query(Delivery).all()
        assert (d.status, d.attempts) == ("pending", 0) and "SMTP" in d.last_error
    inbox, port = smtp_server
    assert ctx.deliveries.send_pending(_smtp(port)).sent == 1


def test_smtp_settings_are_checked_and_stored_encrypted(app_ctx):
    with pytest.raises(InvalidInput):
        SmtpSettings(host="", sender="x@y.z")
    admin = app_ctx.auth.create_first_admin("admin", "admin-pass-1", "A")
    cfg = SmtpSettings(
        host="smtp.example.com", sender="p@example.com", username="u", password="s3cret-pw"
    )
    app_ctx.secure_settings.set(admin, "smtp", cfg.to_json())
    assert SmtpSettings(**app_ctx.secure_settings.get("smtp")) == cfg
    assert "s3cret-pw" not in app_ctx.audit.recent(1)[0].summary
