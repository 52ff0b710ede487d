"""Head-office tables. Each uploaded policy id is stored once, forever (primary key). The schema
is made by the Alembic migrations in `hq/migrations` (`hq.migrate`), never by create_all."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
)
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Device(Base):
    __tablename__ = "devices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    token_sha256: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    enrolment_code_sha256: Mapped[str | None] = mapped_column(
        String(64), unique=True, nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The Ed25519 public key (base64) the device signs printed policies' QR tokens with (0004).
    signing_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    signing_key_registered_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True), nullable=True
    )
    # Assigned by head office at provisioning, unique within the outlet, never reused (0005): the
    # two digits after the outlet code in every policy number this device draws.
    device_number: Mapped[int] = mapped_column(Integer)
    # A device provisioned to replace another (a desk rebuilt or restored) may still upload the
    # numbers the replaced device drew.
    replaces: Mapped[str | None] = mapped_column(String(36), nullable=True)
    __table_args__ = (
        UniqueConstraint(
            "outlet_code", "device_number", name="uq_devices_outlet_code_device_number"
        ),
    )


class Policy(Base):
    __tablename__ = "policies"
    policy_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(36))
    policy_number: Mapped[str] = mapped_column(String(64))
    confirmation_code: Mapped[str] = mapped_column(String(32))
    content_json: Mapped[str] = mapped_column(Text)  # sealed: it names the parties (0006)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # From the content, for other outlets' duplicate-insurance look-ups (0002).
    vin: Mapped[str | None] = mapped_column(String(17), index=True, nullable=True)
    period_start: Mapped[str | None] = mapped_column(String(10), nullable=True)
    period_end: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # The policyholder's ID number as a keyed blind index (hq.personal_data), for look-ups (0006).
    holder_idx: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)


class PolicyNumber(Base):
    """Each policy number once, forever (0005): the policy that holds it."""

    __tablename__ = "policy_numbers"
    policy_number: Mapped[str] = mapped_column(String(64), primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(36))


class PolicyCover(Base):
    """What each accepted policy covers, on which vehicle, when (0005): head office refuses a
    second CTPL, or a second commercial cover of the same kind, on the same vehicle for any day
    of the same period, whichever outlet issues it."""

    __tablename__ = "policy_covers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    policy_id: Mapped[str] = mapped_column(String(36), index=True)
    vin: Mapped[str] = mapped_column(String(17))
    cover: Mapped[str] = mapped_column(String(40))
    period_start: Mapped[str] = mapped_column(String(10))
    period_end: Mapped[str] = mapped_column(String(10))


Index("ix_policy_covers_vin_cover", PolicyCover.vin, PolicyCover.cover)


class IntakeEvent(Base):
    """Duplicates answered and rejections (a changed resend is flagged here), for stats."""

    __tablename__ = "intake_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    policy_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(36))
    outcome: Mapped[str] = mapped_column(String(16))
    reason_code: Mapped[str] = mapped_column(String(32), default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RateTableVersion(Base):
    """A published, signed rate table. Rows are never changed: a version is what it was signed as."""

    __tablename__ = "rate_tables"
    version: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    signed_json: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(32))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class LookupVehicle(Base):
    __tablename__ = "lookup_vehicles"
    vin: Mapped[str] = mapped_column(String(17), primary_key=True)
    plate: Mapped[str] = mapped_column(String(16), index=True)
    model: Mapped[str] = mapped_column(String(100))
    usage_nature: Mapped[str] = mapped_column(String(32))
    # Sealed (hq.personal_data), answered masked only.
    owner_name: Mapped[str] = mapped_column(Text)
    registered_on: Mapped[str] = mapped_column(String(10), default="")


class LookupViolation(Base):
    __tablename__ = "lookup_violations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plate: Mapped[str] = mapped_column(String(16), index=True)
    occurred_on: Mapped[str] = mapped_column(String(10))
    code: Mapped[str] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(String(200))
    points: Mapped[int] = mapped_column(Integer, default=0)
    fine: Mapped[str] = mapped_column(String(16), default="0")  # decimal string, never float


class LookupPriorPolicy(Base):
    __tablename__ = "lookup_prior_policies"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    vin: Mapped[str] = mapped_column(String(17), index=True)
    policy_number: Mapped[str] = mapped_column(String(64))
    insurer: Mapped[str] = mapped_column(String(100))
    outlet_code: Mapped[str] = mapped_column(String(32))
    coverage: Mapped[str] = mapped_column(String(16))
    start: Mapped[str] = mapped_column(String(10))
    end: Mapped[str] = mapped_column(String(10))


class Setting(Base):
    """Operator switches changeable while `serve` runs (e.g. the look-up outage)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class Referral(Base):
    __tablename__ = "referrals"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # chosen by the outlet
    device_id: Mapped[str] = mapped_column(String(36))
    outlet_code: Mapped[str] = mapped_column(String(32))
    draft_id: Mapped[str] = mapped_column(String(64), default="")
    policy_number: Mapped[str] = mapped_column(String(64), default="")
    reasons_json: Mapped[str] = mapped_column(Text)
    # Sealed (hq.personal_data): the quote request and summary as sent, the clerk's note.
    submitted_json: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    decision_note: Mapped[str] = mapped_column(Text, default="")
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


Index("ix_intake_events_outcome", IntakeEvent.outcome)
Index("ix_referrals_status", Referral.status)


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # SQLAlchemy opens transactions itself (see _sqlite_begin): pysqlite's own implicit BEGIN
    # would break SAVEPOINTs and defer taking the write lock.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # A batch writer takes the write lock up front and waits for it (busy timeout); a deferred
    # BEGIN that reads first and writes later fails at once if another writer committed between.
    conn.exec_driver_sql(
        "BEGIN IMMEDIATE" if conn.get_execution_options().get("hq_writer") else "BEGIN"
    )


def writer_sessions(engine: Engine) -> sessionmaker[Session]:
    """Sessions for a request that reads and then writes: on SQLite they begin with the write
    lock (BEGIN IMMEDIATE, waiting their turn). With a deferred BEGIN, a write committed by another
    request between this one's read and its write fails it at once with "database is locked"."""
    return sessionmaker(engine.execution_options(hq_writer=True), expire_on_commit=False)


def _create_private(path: str) -> None:
    """A new SQLite file made 0600 before SQLite opens it: SQLite would make it 0644, and gives
    its -wal and -shm files the database file's mode."""
    if not path or path == ":memory:" or os.path.exists(path):
        return
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def make_engine(url: str) -> Engine:
    """An engine with the pragmas and pool head office needs; the schema comes from `hq.migrate`."""
    if url.startswith("sqlite"):
        _create_private(make_url(url).database or "")
        # Many outlets write at once: wait for the lock instead of failing, and let readers
        # proceed beside the writer (WAL).
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_size=20, max_overflow=40)
    return engine


class AuditAnchor(Base):
    """A desk's audit-chain head as a sync sent it (0007): every one is kept; the last is what
    the next must extend (never fewer events, the same hash at that count)."""

    __tablename__ = "audit_anchors"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    count: Mapped[int] = mapped_column(BigInteger)
    head_hash: Mapped[str] = mapped_column(String(64))
    # The first event the desk's seal covered when it sent this: it never changes for a device.
    sealed_from: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AnchorRefusal(Base):
    """A chain head head office refused (0007): shrank or forked since the last anchor."""

    __tablename__ = "audit_anchor_refusals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    reason_code: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(BigInteger)
    head_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RecoveryReport(Base):
    """An administrator recovery (`user.recovery`) a desk recorded, reported with its anchor
    (0007). The summary is sealed (hq.personal_data): it is the desk's masked text, but still
    says who did what."""

    __tablename__ = "recovery_reports"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(36))
    event_id: Mapped[int] = mapped_column(BigInteger)
    ts: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (
        UniqueConstraint("device_id", "event_id", name="uq_recovery_reports_device_id_event_id"),
    )


class QrPayment(Base):
    """A payment QR the gateway reported paid (0003): the outlet that showed it asks by reference."""

    __tablename__ = "qr_payments"
    reference: Mapped[str] = mapped_column(String(64), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    amount: Mapped[str] = mapped_column(String(20))  # as the gateway reported it, two decimals
    paid_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PolicyChange(Base):
    """An endorsement or cancellation an outlet uploaded (hq.changes, docs/changes.md): stored
    once per change id, forever, with head office's answer, so a resend gets the same answer.
    `priced_json` is head office's own pricing (lines, difference, days), never the outlet's."""

    __tablename__ = "policy_changes"
    change_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    policy_id: Mapped[str] = mapped_column(String(36), index=True)
    device_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))  # endorsement | cancellation
    change_kind: Mapped[str] = mapped_column(String(24))
    number: Mapped[str] = mapped_column(String(48), default="")  # 批单号
    base_version: Mapped[int] = mapped_column(Integer)
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)  # accepted: the one made
    content_hash: Mapped[str] = mapped_column(String(64))
    content_json: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(16))  # accepted | rejected
    reason_code: Mapped[str] = mapped_column(String(32), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    confirmation_code: Mapped[str] = mapped_column(String(32), default="")
    priced_json: Mapped[str] = mapped_column(Text, default="")
    difference: Mapped[str] = mapped_column(String(20), default="0.00")  # decimal string
    refund: Mapped[str | None] = mapped_column(String(20), nullable=True)  # owed to the customer
    refund_state: Mapped[str] = mapped_column(String(16), default="")  # owed | paid
    # Finance's payment reference and when it paid the refund (0009_refunds_paid).
    refund_reference: Mapped[str | None] = mapped_column(String(64), nullable=True)
    refund_paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PolicyVersion(Base):
    """A policy's version at head office after an accepted change: the priced terms (quote
    request and quote) head office worked out. Version 0 is the policy as uploaded. One row per
    (policy, number): two changes made on the same version cannot both be accepted."""

    __tablename__ = "policy_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    policy_id: Mapped[str] = mapped_column(String(36), index=True)
    number: Mapped[int] = mapped_column(Integer)
    change_id: Mapped[str] = mapped_column(String(36))
    terms_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("policy_id", "number", name="uq_policy_versions_number"),)


class LookupTotalLoss(Base):
    """The claims system's answer, as far as refunds need it: a cover of a policy paid a total
    loss, so its premium is not refunded on cancellation (stand-in data, like the other look-ups)."""

    __tablename__ = "lookup_total_losses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    policy_number: Mapped[str] = mapped_column(String(64), index=True)
    cover: Mapped[str] = mapped_column(String(40))


class StaffUser(Base):
    """A head-office staff account (0010_staff_accounts, hq/accounts.py): a person who reads
    head office's figures or runs it, never a device. The password is kept only as a scrypt hash."""

    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # reports | finance | admin
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class StaffToken(Base):
    """A short-lived token a staff log-in handed out, by its SHA-256 (the clear token is given
    once and never kept). Kept apart from devices' tokens: neither table answers for the other."""

    __tablename__ = "staff_tokens"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class StaffLogin(Base):
    """Every staff log-in attempt, kept (the audit of log-ins; failed ones also drive the rate
    limit). `outcome`: ok | bad_password | unknown | disabled | throttled."""

    __tablename__ = "staff_logins"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    name: Mapped[str] = mapped_column(String(64), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    client: Mapped[str] = mapped_column(String(64), default="")


class StaffAction(Base):
    """What a head-office staff member did, kept (0013_staff_actions): finance recording a paid
    refund (`refund.paid`), from the command line (actor "command line") or the staff endpoint
    (actor "staff:NAME"), and the endpoint's refusals. `outcome`: ok, or the refusal's code
    (forbidden | not_found | already_paid | invalid_request). Never personal data: `object` is a
    批单号, `detail` finance's payment reference."""

    __tablename__ = "staff_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(32))
    object: Mapped[str] = mapped_column(String(48), index=True)
    outcome: Mapped[str] = mapped_column(String(24))
    detail: Mapped[str] = mapped_column(String(200), default="")


class Claim(Base):
    """The claims register (0011_claims_register, hq/claims.py): one row per claim the claims
    system exported. VIN and plate are sealed like other personal data and found by blind index."""

    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    claim_number: Mapped[str] = mapped_column(String(40), unique=True)
    vin_idx: Mapped[str] = mapped_column(String(64), index=True)
    vin: Mapped[str] = mapped_column(Text)  # sealed
    plate_idx: Mapped[str | None] = mapped_column(String(64), index=True, nullable=True)
    plate: Mapped[str | None] = mapped_column(Text, nullable=True)  # sealed
    loss_date: Mapped[str] = mapped_column(String(10))  # ISO date
    paid_fen: Mapped[int] = mapped_column(BigInteger)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PhonePoster(Base):
    """An outlet's printed poster (0013_phone_posters): the hash of the code its QR carries and
    the desk's poster signing key (the page checks every one-time key against it)."""

    __tablename__ = "phone_posters"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    code_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    sign_key: Mapped[str] = mapped_column(String(88))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PhonePosterKey(Base):
    """A one-time public key the desk deposited for its poster, signed with the poster's key;
    given to one phone's application, then spent."""

    __tablename__ = "phone_poster_keys"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    poster_id: Mapped[str] = mapped_column(String(36), index=True)
    desk_key: Mapped[str] = mapped_column(String(88))
    key_signature: Mapped[str] = mapped_column(String(88))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    application_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class PhoneApplication(Base):
    """A one-time application for the customer's phone (0012_phone_applications): head office
    relays the sealed envelope and cannot open it (hq/phone_relay.py)."""

    __tablename__ = "phone_applications"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    device_id: Mapped[str] = mapped_column(String(36), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    desk_key: Mapped[str] = mapped_column(String(88))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    received_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # Dropped once the desk has taken it: head office keeps no ciphertext longer than needed.
    envelope: Mapped[str | None] = mapped_column(Text, nullable=True)
    refusal: Mapped[str] = mapped_column(String(32), default="", server_default="")
    # The remote signature (docs/phone.md): the schedule sealed for the phone, and the phone's
    # sealed signature over it (one per schedule; a new schedule clears it).
    to_phone: Mapped[str | None] = mapped_column(Text, nullable=True)
    signature: Mapped[str | None] = mapped_column(Text, nullable=True)
