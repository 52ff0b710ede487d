"""Customers' consent to renewal reminders (PIPL: separate consent for a stated purpose). Each
record says to what (the purpose), over which channel, which text the customer agreed to, where it
came from (the desk, an imported file, the command line) and who recorded it; a withdrawal is a
record too. The latest record for a customer, channel and purpose holds; nothing is overwritten."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import InvalidInput
from local_db.models import ContactConsent

REMINDER_PURPOSE = "renewal_reminder"
CHANNELS = ("sms", "email")
# The words the clerk reads to the customer before ticking consent (the version is recorded).
CONSENT_TEXT_VERSION = "reminder-2026-1"
CONSENT_TEXT_ZH = (
    "本人同意保险销售网点在保单到期前，通过所选方式（短信/电子邮件）向本人发送续保提醒。"
    "本人可随时撤回此同意。"
)
CONSENT_TEXT_EN = (
    "I agree that the outlet may send me renewal reminders before my policy ends, over the "
    "channels I chose (SMS / e-mail). I may withdraw this consent at any time."
)


def check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise InvalidInput(
            f"A reminder goes by sms or email, not {channel[:10]!r}.",
            zh="提醒方式须为短信（sms）或邮件（email）。",
        )
    return channel


def record(
    session: Session,
    id_number: str,
    channel: str,
    given: bool,
    *,
    source: str,
    recorded_by: str,
    text_version: str = CONSENT_TEXT_VERSION,
) -> None:
    session.add(
        ContactConsent(
            id_number=id_number,
            channel=check_channel(channel),
            purpose=REMINDER_PURPOSE,
            given=given,
            text_version=text_version,
            source=source[:100],
            recorded_by=recorded_by,
        )
    )


def consented(session: Session, id_numbers: Iterable[str]) -> dict[str, set[str]]:
    """For each customer, the channels their latest records allow reminders on."""
    ids = list(dict.fromkeys(id_numbers))
    out: dict[str, set[str]] = {i: set() for i in ids}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(ContactConsent.id_number, ContactConsent.channel, ContactConsent.given)
            .where(
                ContactConsent.purpose == REMINDER_PURPOSE,
                ContactConsent.id_number.in_(ids[start : start + 500]),
            )
            .order_by(ContactConsent.id)
        )
        for number, channel, given in rows:
            if given:
                out[number].add(channel)
            else:
                out[number].discard(channel)
    return out
