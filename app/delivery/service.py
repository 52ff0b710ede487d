"""Delivering e-policies: by e-mail over SMTP (smtplib; configured on the settings page) or by
SMS through the insurer's gateway (app.delivery.sms). Deliveries are queued in the store and sent when
possible, so a closed network only delays them; each failure is kept with its reason and
retried, and after `MAX_ATTEMPTS` the delivery is marked failed and a person (the clerk who
issued the policy; supervisors see all) is told through the 待处理 queue. An SMS gateway that
cannot be reached is the network, not the message: the texts stay queued without using up their
attempts, and the channel is not tried again before a backoff (capped, with jitter) has passed."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import system_actor
from app.core.backoff import Backoff
from app.core.errors import InvalidInput
from app.core.limits import (
    MAX_DISPLAY_NAME,
    MAX_EMAIL,
    MAX_REFERENCE,
    MAX_TIMEOUT_S,
    MAX_URL,
    text_problem,
)
from app.core.masking import mask_text
from app.delivery.sms import GatewayUnreachable
from app.work_items.queue import WorkItemKind, WorkItemQueue
from local_db.models import Delivery, Document, Policy
from local_db.store import Store
from local_db.types import utcnow

MAX_ATTEMPTS = 5
GATEWAY_BACKOFF_S = (30.0, 1800.0)  # first wait and cap while the SMS gateway is unreachable
SMTP_SETTING_KEY = "smtp"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    sender: str = ""
    sender_name: str = "Chudan 出单台"
    username: str = ""
    password: str = ""
    security: str = "starttls"  # starttls | ssl | none (none only for a relay on this machine)
    timeout_s: float = 15.0

    def __post_init__(self) -> None:
        if self.security not in ("starttls", "ssl", "none"):
            raise InvalidInput(
                "SMTP security must be starttls, ssl or none.",
                zh="SMTP 加密方式须为 starttls、ssl 或 none。",
            )
        if not self.host or not self.sender:
            raise InvalidInput(
                "Enter the SMTP server and the sender address.", zh="请填写 SMTP 服务器和发件地址。"
            )
        for value, limit, en, zh in (
            (self.host, MAX_URL, "The SMTP server", "SMTP 服务器"),
            (self.sender, MAX_EMAIL, "The sender address", "发件地址"),
            (self.sender_name, MAX_DISPLAY_NAME, "The sender's name", "发件人名称"),
            (self.username, MAX_EMAIL, "The SMTP user name", "SMTP 用户名"),
            (self.password, MAX_REFERENCE * 4, "The SMTP password", "SMTP 密码"),
        ):
            problem = text_problem(value, limit)
            if problem is not None:  # a header injected through a line break, a 10 MB host
                raise InvalidInput(f"{en} {problem[0]}.", zh=f"{zh}{problem[1]}。")
        if not isinstance(self.port, int) or not 0 < self.port < 65536:
            raise InvalidInput(
                "The SMTP port is a number from 1 to 65535.", zh="SMTP 端口须为 1–65535。"
            )
        if not (isinstance(self.timeout_s, int | float) and 0 < self.timeout_s <= MAX_TIMEOUT_S):
            raise InvalidInput(
                f"The SMTP timeout is a number of seconds above 0 and at most {MAX_TIMEOUT_S:.0f}.",
                zh=f"SMTP 超时须为大于 0、不超过 {MAX_TIMEOUT_S:.0f} 的秒数。",
            )

    def to_json(self) -> dict:
        return asdict(self)


def load_smtp(secure: Any) -> SmtpSettings | None:
    """The outlet's SMTP account from the encrypted settings (`app.settings.secure`), or None."""
    data = secure.get(SMTP_SETTING_KEY)
    if not data:
        return None
    try:
        return SmtpSettings(**data)
    except (TypeError, InvalidInput):
        return None  # an incomplete record is treated as not set up; Settings says so


def save_smtp(secure: Any, actor: Any, smtp: SmtpSettings) -> None:
    secure.set(actor, SMTP_SETTING_KEY, smtp.to_json())


class SmsGateway(Protocol):
    def send(self, phone: str, text: str) -> None: ...


@dataclass
class DeliveryRun:
    sent: int = 0
    retry_later: int = 0
    failed: int = 0


class DeliveryService:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        work_items: WorkItemQueue,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._audit = audit
        self._work_items = work_items
        self._clock = clock
        # The SMS gateway's backoff lives with the service (one per open store): a restart tries
        # at once, which is what a person restarting the desk expects.
        first, cap = GATEWAY_BACKOFF_S
        self._gateway_backoff = Backoff(first, cap, spread=0.2)
        self._gateway_not_before: datetime | None = None

    def _gateway_down(self, now: datetime) -> datetime:
        self._gateway_not_before = now + timedelta(seconds=self._gateway_backoff.failed())
        return self._gateway_not_before

    def queue(
        self, session: Session, policy_id: str, channel: str, address: str, document_id: int | None
    ) -> int:
        if channel not in ("email", "sms"):
            raise InvalidInput(f"Unknown delivery channel {channel!r}.")
        d = Delivery(
            policy_id=policy_id,
            document_id=document_id,
            channel=channel,
            address=address.strip(),
            status="pending",
            attempts=0,
        )
        session.add(d)
        session.flush()
        return d.id

    @staticmethod
    def _message(smtp: SmtpSettings, address: str, number: str, pdf: bytes | None) -> EmailMessage:
        msg = EmailMessage()
        msg["Subject"] = f"您的电子保单 {number} / Your e-policy {number}"
        msg["From"] = formataddr((smtp.sender_name, smtp.sender))
        msg["To"] = address
        msg.set_content(
            f"您好：\n\n附件是您的机动车保险电子保单（保单号 {number}），与纸质保单具有同等法律效力。\n\n"
            f"Attached is your motor insurance e-policy {number}; it has the same legal effect as paper.\n"
        )
        if pdf is not None:
            msg.add_attachment(
                pdf, maintype="application", subtype="pdf", filename=f"{number or 'policy'}.pdf"
            )
        return msg

    @staticmethod
    def _send(smtp: SmtpSettings, msg: EmailMessage) -> None:
        context = ssl.create_default_context()
        if smtp.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                smtp.host, smtp.port, timeout=smtp.timeout_s, context=context
            )
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout_s)
        with client:
            if smtp.security == "starttls":
                client.starttls(context=context)
            if smtp.username:
                client.login(smtp.username, smtp.password)
            client.send_message(msg)

    def send_pending(
        self, smtp: SmtpSettings | None, sms: SmsGateway | None = None, limit: int = 50
    ) -> DeliveryRun:
        """Try every pending delivery once. Network trouble leaves it pending for the next run."""
        run = DeliveryRun()
        with self._store.read() as s:
            ids = list(
                s.execute(
                    select(Delivery.id)
                    .where(Delivery.status == "pending")
                    .order_by(Delivery.id)
                    .limit(limit)
                ).scalars()
            )
        for delivery_id in ids:
            # Read what to send, send with no transaction open (a slow mail server must not hold
            # the store's single writer), then record the outcome.
            with self._store.read() as s:
                d = s.get(Delivery, delivery_id)
                if d is None or d.status != "pending":
                    continue
                policy = s.get(Policy, d.policy_id)
                assert policy is not None  # a delivery's policy is a foreign key
                doc = s.get(Document, d.document_id) if d.document_id else None
                channel, address, number = d.channel, d.address, policy.policy_number or ""
                pdf = doc.content if doc else None
            if (
                channel == "sms"
                and sms is not None
                and self._gateway_not_before is not None
                and self._clock() < self._gateway_not_before
            ):
                run.retry_later += (
                    1  # the gateway was unreachable a moment ago: not asked again yet
                )
                continue
            if (channel == "email" and smtp is None) or (channel == "sms" and sms is None):
                # Nothing to send it with yet (no SMTP account set up, no SMS gateway reachable):
                # it waits without using up its attempts, which count real failures only.
                with self._store.write() as s:
                    d = s.get(Delivery, delivery_id)
                    assert d is not None
                    d.last_error = (
                        "waiting: no SMTP server is set up (Settings → e-mail)"
                        if channel == "email"
                        else "waiting: no SMS gateway is set up yet (its address and token, in the settings)"
                    )
                run.retry_later += 1
                continue
            error: OSError | smtplib.SMTPException | None = None
            try:
                if channel == "email":
                    assert smtp is not None
                    self._send(smtp, self._message(smtp, address, number, pdf))
                else:
                    assert sms is not None
                    sms.send(address, f"您的电子保单 {number} 已生成。")
            except (OSError, smtplib.SMTPException) as exc:
                error = exc
            with self._store.write() as s:
                d = s.get(Delivery, delivery_id)
                assert d is not None
                if isinstance(error, GatewayUnreachable):
                    retry_at = self._gateway_down(self._clock())
                    d.last_error = mask_text(
                        f"waiting: {error}; next try after "
                        f"{retry_at.astimezone().strftime('%H:%M:%S')}"
                    )
                    run.retry_later += 1
                    continue
                d.attempts += 1
                if error is not None:
                    d.last_error = mask_text(f"{type(error).__name__}: {error}")[:500]
                    if d.attempts >= MAX_ATTEMPTS:
                        d.status = "failed"
                        run.failed += 1
                        self._audit.record(
                            s, "delivery", "delivery.failed", "policy", d.policy_id, d.last_error
                        )
                        self._work_items.open_item(
                            s,
                            system_actor("delivery"),
                            WorkItemKind.DELIVERY_FAILED,
                            f"电子保单（{'短信' if d.channel == 'sms' else '邮件'}）已发送失败 "
                            f"{d.attempts} 次：{d.last_error}。请核对客户的联系方式后重新发送。",
                            policy_id=d.policy_id,
                            reason_en=f"e-policy by {d.channel} failed {d.attempts} times: "
                            f"{d.last_error}. Check the customer's address or number and send it again.",
                        )
                    else:
                        run.retry_later += 1
                    continue
                if channel == "sms":
                    self._gateway_not_before = None
                    self._gateway_backoff.succeeded()
                d.status = "sent"
                d.sent_at = self._clock()
                d.last_error = None
                run.sent += 1
                self._audit.record(
                    s,
                    "delivery",
                    "delivery.sent",
                    "policy",
                    d.policy_id,
                    f"{d.channel} to {d.address}",
                )
        return run
