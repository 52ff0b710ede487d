"""Renewal reminders to customers, by SMS and e-mail through the e-policies' delivery code
(app.delivery: the outlet's SMTP account and the insurer's SMS gateway). Only to customers whose
latest consent record allows the channel for renewal reminders (PIPL, app.renewals.consent), at
the outlet's lead times, never in its quiet hours. Every reminder is a row (`renewal_reminder`)
and a line in the renewal's history; a failed one is retried with a growing wait, and after
`MAX_ATTEMPTS` it is marked failed and shows in 待处理.

Which lead applies: a renewal `d` days from its end gets the reminder of the smallest lead time
that is at least `d` (leads 30 and 7: at 30 days, then at 7). A desk that was closed on the day
sends the one due now, not a string of old ones."""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import system_actor
from app.core.masking import mask_email, mask_phone, mask_text
from app.delivery.service import MAX_ATTEMPTS, DeliveryService, SmsGateway, SmtpSettings
from app.delivery.sms import GatewayUnreachable
from app.renewals.book import log_event
from app.renewals.consent import consented
from app.renewals.settings import RenewalSettings
from app.renewals.states import OPEN_STATES
from app.work_items.queue import WorkItemKind, WorkItemQueue
from local_db.models import BookPolicy, RenewalReminder
from local_db.store import Store

SYSTEM = "reminders"
RETRY_MINUTES = 5  # the first retry's wait; it doubles with each failure


@dataclass
class ReminderRun:
    planned: int = 0
    sent: int = 0
    waiting: int = 0  # quiet hours, a retry's wait, or nothing to send it with yet
    failed: int = 0
    preview: list[dict[str, Any]] = field(default_factory=list)  # a dry run: what would go

    def to_json(self) -> dict[str, Any]:
        return {
            "planned": self.planned,
            "sent": self.sent,
            "waiting": self.waiting,
            "failed": self.failed,
            "would_send": self.preview,
        }


def lead_for(days_left: int, leads: tuple[int, ...]) -> int | None:
    """The lead time whose reminder is due for a renewal `days_left` days from its end."""
    fitting = [d for d in leads if d >= days_left]
    return min(fitting) if fitting and days_left >= 0 else None


def text(row: Any, outlet_name: str) -> str:
    vehicle = row.plate or row.vin[-6:]
    return (
        f"尊敬的客户：您的车辆 {vehicle} 的保险（保单号 {row.policy_number}）将于 {row.end_date} "
        f"24 时到期，欢迎联系{outlet_name}办理续保。回复 TD 退订。"
    )


def _message(smtp: SmtpSettings, address: str, row: Any, outlet_name: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = (
        f"续保提醒：保单 {row.policy_number} 将于 {row.end_date} 到期 / Renewal reminder"
    )
    msg["From"] = formataddr((smtp.sender_name, smtp.sender))
    msg["To"] = address
    msg.set_content(
        text(row, outlet_name)
        + f"\n\nYour motor insurance policy {row.policy_number} ends on {row.end_date} at 24:00; "
        f"contact {outlet_name} to renew it.\n"
    )
    return msg


def plan(
    s: Session, today: date, settings: RenewalSettings, now: datetime, *, dry_run: bool = False
) -> tuple[int, list[dict[str, Any]]]:
    """Reminders due today for open renewals whose customer consented to the channel (stored
    unless `dry_run`)."""
    leads = settings.leads
    if not leads:
        return 0, []
    rows = list(
        s.execute(
            select(BookPolicy).where(
                BookPolicy.end_date >= today,
                BookPolicy.end_date <= today + timedelta(days=max(leads)),
                BookPolicy.state.in_([st.value for st in OPEN_STATES]),
            )
        ).scalars()
    )
    allowed = consented(s, [r.holder_id_number for r in rows])
    existing = {
        (b, c, lead)
        for b, c, lead in s.execute(
            select(
                RenewalReminder.book_policy_id,
                RenewalReminder.channel,
                RenewalReminder.lead_days,
            ).where(RenewalReminder.book_policy_id.in_([r.id for r in rows]))
        )
    }
    made = 0
    preview = []
    for row in rows:
        lead = lead_for((row.end_date - today).days, leads)
        if lead is None:
            continue
        for channel in sorted(allowed.get(row.holder_id_number, set())):
            address = row.holder_phone if channel == "sms" else row.holder_email
            if not address or (row.id, channel, lead) in existing:
                continue
            made += 1
            shown = mask_phone(address) if channel == "sms" else mask_email(address)
            preview.append(
                {"policy_number": row.policy_number, "channel": channel, "to": shown, "lead": lead}
            )
            if dry_run:
                continue
            s.add(
                RenewalReminder(
                    book_policy_id=row.id,
                    channel=channel,
                    address=address,
                    lead_days=lead,
                    status="pending",
                    attempts=0,
                    not_before=now,
                )
            )
            log_event(s, row, SYSTEM, "reminder", f"{channel} to {shown}: queued", at=now)
    return made, preview


class Reminders:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        work_items: WorkItemQueue,
        clock: Callable[[], datetime],
    ) -> None:
        self._store = store
        self._audit = audit
        self._work_items = work_items
        self._clock = clock

    def run(
        self,
        settings: RenewalSettings,
        smtp: SmtpSettings | None,
        sms: SmsGateway | None,
        outlet_name: str,
        *,
        dry_run: bool = False,
    ) -> ReminderRun:
        """Plan the reminders due now and send what may go (see the module's docstring)."""
        now = self._clock()
        today = now.astimezone().date()
        out = ReminderRun()
        if dry_run:
            with self._store.read() as s:
                out.planned, out.preview = plan(s, today, settings, now, dry_run=True)
            return out
        with self._store.write() as s:
            out.planned, out.preview = plan(s, today, settings, now)
        quiet = settings.quiet_until(now.astimezone())
        with self._store.read() as s:
            pending = [
                r.id
                for r in s.execute(
                    select(RenewalReminder)
                    .where(RenewalReminder.status == "pending")
                    .order_by(RenewalReminder.id)
                ).scalars()
                if r.not_before is None or r.not_before <= now
            ]
            out.waiting = len(
                s.execute(
                    select(RenewalReminder.id).where(RenewalReminder.status == "pending")
                ).all()
            ) - len(pending)
        if quiet is not None:
            # No reminder goes out in the quiet hours: they wait for the morning.
            with self._store.write() as s:
                for rid in pending:
                    r = s.get(RenewalReminder, rid)
                    if r is not None:
                        r.not_before = quiet
            out.waiting += len(pending)
            return out
        for rid in pending:
            self._send_one(rid, smtp, sms, outlet_name, out)
        return out

    def _send_one(
        self,
        rid: int,
        smtp: SmtpSettings | None,
        sms: SmsGateway | None,
        outlet_name: str,
        out: ReminderRun,
    ) -> None:
        with self._store.read() as s:
            r = s.get(RenewalReminder, rid)
            row = s.get(BookPolicy, r.book_policy_id) if r is not None else None
            if r is None or row is None:
                return
            channel, address = r.channel, r.address
            s.expunge(row)  # read its fields with no transaction open while sending
        if (channel == "email" and smtp is None) or (channel == "sms" and sms is None):
            with self._store.write() as s:
                r = s.get(RenewalReminder, rid)
                assert r is not None
                r.last_error = (
                    "waiting: no SMTP server is set up (Settings → e-mail)"
                    if channel == "email"
                    else "waiting: no SMS gateway is set up yet"
                )
            out.waiting += 1
            return
        error: Exception | None = None
        try:
            if channel == "email":
                assert smtp is not None
                DeliveryService._send(smtp, _message(smtp, address, row, outlet_name))
            else:
                assert sms is not None
                sms.send(address, text(row, outlet_name))
        except (OSError, smtplib.SMTPException) as exc:  # the network, the server, the gateway
            error = exc
        now = self._clock()
        shown = mask_phone(address) if channel == "sms" else mask_email(address)
        with self._store.write() as s:
            r = s.get(RenewalReminder, rid)
            book = s.get(BookPolicy, row.id)
            assert r is not None and book is not None
            if isinstance(error, GatewayUnreachable):
                r.last_error = mask_text(f"waiting: {error}")[:500]
                r.not_before = now + timedelta(minutes=RETRY_MINUTES)
                out.waiting += 1
                return
            r.attempts += 1
            if error is None:
                r.status, r.sent_at, r.last_error = "sent", now, None
                out.sent += 1
                log_event(s, book, SYSTEM, "reminder", f"{channel} to {shown}: sent", at=now)
                self._audit.record(
                    s,
                    SYSTEM,
                    "reminder.sent",
                    "book_policy",
                    book.id,
                    f"{book.policy_number}: {channel} to {shown} ({r.lead_days} days ahead)",
                )
                return
            r.last_error = mask_text(f"{type(error).__name__}: {error}")[:500]
            if r.attempts >= MAX_ATTEMPTS:
                r.status = "failed"
                out.failed += 1
                log_event(s, book, SYSTEM, "reminder", f"{channel} to {shown}: failed", at=now)
                self._audit.record(
                    s, SYSTEM, "reminder.failed", "book_policy", book.id, r.last_error
                )
                self._work_items.open_item(
                    s,
                    system_actor(SYSTEM),
                    WorkItemKind.DELIVERY_FAILED,
                    f"续保提醒（{channel}，保单 {book.policy_number}）发送 {r.attempts} 次均失败："
                    f"{r.last_error} / renewal reminder by {channel} failed {r.attempts} times",
                )
            else:
                r.not_before = now + timedelta(minutes=RETRY_MINUTES * 2 ** (r.attempts - 1))
                out.waiting += 1
