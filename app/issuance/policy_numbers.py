"""Policy numbers made offline (docs/architecture.md): outlet code + device number + date +
per-device daily sequence + check character (the format: `app.core.policy_number`).

Uniqueness rests on three things:

- head office assigns the device number at provisioning, unique within the outlet, so two desks
  of one outlet never draw from the same range;
- the date and per-device daily sequence are drawn inside the store's single-writer transaction
  that also writes the policy, so a rolled-back issuance frees its number and two never share one;
- a store that may be behind what this device already issued (restored from a backup, or a desk
  provisioned before head office assigned device numbers) does not draw until a sync has told it
  its device number and the last number head office holds from its range (`NUMBERING_KEY`);
  it then draws after that one."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from app.core.errors import ChudanError
from app.core.policy_number import (
    AMBIGUOUS_CHECKS,
    SEQ_DIGITS,
    TRAINING_PREFIX,
    is_outlet_code,
    parse,
    prefix,
    with_check,
)
from local_db.models import Device, Policy, Setting

NUMBERING_KEY = "sync.numbering"
# Set in a training sandbox's store (app/training/sandbox.py): its numbers carry TRAINING_PREFIX.
TRAINING_STORE_KEY = "training.sandbox"

# A range on the unique index (LIKE would not use it): every number of one device and day.
_LAST_OF_PREFIX = select(func.max(Policy.policy_number)).where(
    Policy.policy_number >= bindparam("lo"), Policy.policy_number < bindparam("hi")
)


@dataclass
class Numbering:
    """What this desk knows from head office about its range."""

    device_number: int | None = None
    last_at_hq: str | None = None  # the last policy number head office holds from this range
    checked_at: str = ""  # when head office last said so
    held: str = ""  # why this desk may not draw until it has synced, "" when it may


def load_numbering(session: Session) -> Numbering | None:
    row = session.get(Setting, NUMBERING_KEY)
    if row is None or not isinstance(row.value, dict):
        return None
    known = {k: v for k, v in row.value.items() if k in Numbering.__dataclass_fields__}
    return Numbering(**known)


def _save(session: Session, numbering: Numbering) -> None:
    row = session.get(Setting, NUMBERING_KEY)
    if row is None:
        session.add(Setting(key=NUMBERING_KEY, value=asdict(numbering)))
    else:
        row.value = asdict(numbering)


def hold_numbering(session: Session, reason: str) -> None:
    """This store may be behind what the device issued (e.g. it was just restored from a backup):
    no number is drawn until a sync has brought head office's last number."""
    numbering = load_numbering(session) or Numbering()
    numbering.held = reason
    _save(session, numbering)


def provisioned(session: Session, device_number: int | None, at: datetime) -> None:
    """A new device identity from head office: a range no earlier store drew from. Without a
    device number (a file from before head office assigned them) the first sync brings it."""
    _save(
        session,
        Numbering(
            device_number=device_number,
            last_at_hq=None,
            checked_at=at.isoformat(timespec="seconds") if device_number else "",
            held="" if device_number else "head office has not told this desk its device number",
        ),
    )


def learned_from_hq(
    session: Session, device: Device, device_number: int, last_at_hq: str | None, at: datetime
) -> bool:
    """Head office's answer on a sync: adopt its device number and draw after its last number.
    Returns whether the device number changed."""
    changed = device.device_number != device_number
    if changed:
        device.device_number = device_number
    _save(
        session,
        Numbering(
            device_number=device_number,
            last_at_hq=last_at_hq,
            checked_at=at.isoformat(timespec="seconds"),
            held="",
        ),
    )
    return changed


def format_number(outlet_code: str, device_number: int, day: date, seq: int) -> str:
    if not 1 <= seq < 10**SEQ_DIGITS:
        raise ChudanError(
            f"This device has issued the maximum {10**SEQ_DIGITS - 1} policies today; issue on another device.",
            zh="本设备今日保单号已用尽，请在其他设备出单。",
        )
    return with_check(prefix(outlet_code, device_number, day) + f"{seq:0{SEQ_DIGITS}d}")


def is_valid_number(number: str) -> bool:
    return parse(number) is not None


def _must_sync_first(reason: str) -> ChudanError:
    return ChudanError(
        f"This desk must learn its last policy number from head office before it issues ({reason}): "
        "sync now (立即同步 on the sync page, or `chudan sync run`), then issue again. Nothing was issued.",
        zh=f"本设备须先从总公司获取最新保单号（{reason}）后才能出单：请先同步（同步页面“立即同步”或 "
        "`chudan sync run`），再重新出单。未出单。",
    )


def draw_number(session: Session, outlet_code: str, device_number: int, day: date) -> str:
    """The next number for this device and day, after the last one this store and head office
    know of. Call inside the write transaction that stores the policy with it."""
    if not is_outlet_code(outlet_code):
        raise ValueError(f"outlet code {outlet_code!r} must be 2–12 upper-case letters or digits")
    desk_is_provisioned = (
        session.execute(select(Device.id).where(Device.hq_device_id.is_not(None))).first()
        is not None
    )
    numbering = load_numbering(session)
    if desk_is_provisioned:
        if numbering is None:
            raise _must_sync_first("it was provisioned before head office assigned device numbers")
        if numbering.held:
            raise _must_sync_first(numbering.held)
    training = is_training_store(session)
    p = (TRAINING_PREFIX if training else "") + prefix(outlet_code, device_number, day)
    last = session.execute(_LAST_OF_PREFIX, {"lo": p, "hi": p + "~"}).scalar_one()
    seq = int(last[len(p) : len(p) + SEQ_DIGITS]) if last else 0
    hq_last = parse(numbering.last_at_hq) if numbering and numbering.last_at_hq else None
    if hq_last is not None and hq_last.prefix == p:
        seq = max(seq, hq_last.seq)
    number = next_printable(outlet_code, device_number, day, seq + 1)
    return TRAINING_PREFIX + number if training else number


def next_printable(outlet_code: str, device_number: int, day: date, seq: int) -> str:
    """The number for `seq`, or for the first sequence after it whose check character is not O or
    I: on paper they read as 0 and 1, so such numbers are skipped and a day's sequence has gaps
    (docs/issuance.md, "Policy numbers")."""
    while True:
        number = format_number(outlet_code, device_number, day, seq)
        if number[-1] not in AMBIGUOUS_CHECKS:
            return number
        seq += 1


def is_training_store(session: Session) -> bool:
    row = session.get(Setting, TRAINING_STORE_KEY)
    return row is not None and row.value is True


def mark_training_store(session: Session) -> None:
    """This store is a training sandbox's: every number it draws from now on is a training one."""
    if session.get(Setting, TRAINING_STORE_KEY) is None:
        session.add(Setting(key=TRAINING_STORE_KEY, value=True))
