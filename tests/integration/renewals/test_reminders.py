"""Renewal reminders through the e-policies' delivery code, to a real SMTP server and SMS gateway
on loopback: only to customers who consented to the channel, at the outlet's lead times, never in
its quiet hours; each logged in the renewal's history; a failing one retried and, when it gives
up, shown in 待处理 (docs/renewals.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.delivery.service import MAX_ATTEMPTS, SmtpSettings, save_smtp
from app.delivery.sms import SmsSettings, save_sms
from app.work_items.queue import WorkItemKind
from local_db.models import RenewalReminder, WorkItem
from tests.support.book import book_row, csv_bytes, phone
from tests.support.sms_gateway import sms_gateway
from tests.support.smtp_inbox import smtp_inbox

LIVE = pytest.mark.live  # an SMTP server and an SMS gateway on loopback


def _set_up(desk, smtp_port: int, gateway_url: str) -> None:
    admin = desk.ctx.auth.login("admin", "demo-admin-2026")
    save_smtp(
        desk.ctx.secure_settings,
        admin,
        SmtpSettings(host="127.0.0.1", port=smtp_port, sender="desk@example.com", security="none"),
    )
    save_sms(desk.ctx.secure_settings, admin, SmsSettings(url=gateway_url, token="tok-1"))


def _book(desk, today):
    rows = [
        # consented to both: due in 25 days → the 30-day reminder
        book_row(1, today + timedelta(days=25), reminder_consent="sms;email",
                 holder_email="li@example.com"),
        book_row(2, today + timedelta(days=25)),  # no consent: nothing
        book_row(3, today + timedelta(days=5), reminder_consent="短信"),  # the 7-day one only
        book_row(4, today + timedelta(days=60), reminder_consent="sms"),  # not yet
    ]  # fmt: skip
    desk.ctx.renewals.import_content(desk.supervisor, csv_bytes(rows), "book.csv")


@LIVE
def test_reminders_go_to_consenting_customers_at_the_lead_time_outside_quiet_hours(desk):
    today = desk.clock.today()
    desk.clock.set_day(today, hour=22)  # in the default quiet hours (21:00–08:30)
    _book(desk, today)
    with smtp_inbox() as (inbox, port), sms_gateway() as gateway:
        _set_up(desk, port, gateway.url)
        dry = desk.ctx.renewals.remind(desk.supervisor, dry_run=True)
        assert dry.planned == 3 and dry.sent == 0
        assert sorted((p["channel"], p["lead"]) for p in dry.preview) == [
            ("email", 30),
            ("sms", 7),
            ("sms", 30),
        ]
        assert all("*" in p["to"] for p in dry.preview)  # masked
        night = desk.ctx.renewals.remind(desk.supervisor)
        assert (night.planned, night.sent, night.waiting) == (3, 0, 3)
        assert gateway.received == [] and inbox.messages == []
        desk.clock.set_day(today + timedelta(days=1), hour=9)  # the next morning
        morning = desk.ctx.renewals.remind(desk.supervisor)
        assert (morning.planned, morning.sent) == (0, 3)
        assert sorted(m["to"] for m in gateway.received) == sorted([phone(1), phone(3)])
        assert all("续保" in m["text"] for m in gateway.received)
        assert [rcpt for rcpt, _ in inbox.messages] == [["li@example.com"]]
        again = desk.ctx.renewals.remind(desk.supervisor)  # nothing twice
        assert (again.planned, again.sent) == (0, 0)
    number = book_row(1, today)["policy_number"]
    detail = desk.ctx.renewals.detail(
        desk.supervisor, desk.ctx.renewals.find(desk.supervisor, number)
    )
    sent = [e.text for e in detail.events if e.kind == "reminder" and e.text.endswith("sent")]
    assert len(sent) == 2 and all("*" in t for t in sent)


def test_withdrawn_consent_stops_reminders(desk):
    today = desk.clock.today()
    desk.clock.set_day(today, hour=10)
    _book(desk, today)
    row = desk.ctx.renewals.find(desk.supervisor, book_row(3, today)["policy_number"])
    desk.ctx.renewals.record_consent(desk.clerk, row, {"sms": False})
    run = desk.ctx.renewals.remind(desk.supervisor, dry_run=True)
    assert sorted(p["policy_number"] for p in run.preview) == sorted(
        [book_row(1, today)["policy_number"]] * 2
    )


@LIVE
def test_a_refused_reminder_is_retried_then_shows_in_the_queue(desk):
    today = desk.clock.today()
    desk.clock.set_day(today, hour=10)
    desk.ctx.renewals.import_content(
        desk.supervisor,
        csv_bytes([book_row(5, today + timedelta(days=3), reminder_consent="sms")]),
        "one.csv",
    )
    with smtp_inbox() as (_inbox, port), sms_gateway() as gateway:
        _set_up(desk, port, gateway.url)
        gateway.status = 400  # the gateway refuses the message
        first = desk.ctx.renewals.remind(desk.supervisor)
        assert (first.sent, first.waiting, first.failed) == (0, 1, 0)
        for _ in range(MAX_ATTEMPTS - 1):
            desk.clock.now += timedelta(hours=2)  # past the growing wait
            run = desk.ctx.renewals.remind(desk.supervisor)
        assert run.failed == 1 and len(gateway.received) == MAX_ATTEMPTS
    with desk.ctx.store.read() as s:
        r = s.execute(select(RenewalReminder)).scalar_one()
        assert r.status == "failed" and r.attempts == MAX_ATTEMPTS and phone(5) not in r.last_error
        items = s.execute(select(WorkItem)).scalars().all()
    assert [i.kind for i in items] == [WorkItemKind.DELIVERY_FAILED.value]
    assert "续保提醒" in items[0].reason
