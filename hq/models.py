"""Head-office tables. Each uploaded policy id is stored once, forever (primary key). The schema
is made by the Alembic migrations in `hq/migrations` (`hq.migrate`), never by create_all."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text, create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


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


class Policy(Base):
    __tablename__ = "policies"
    policy_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    device_id: Mapped[str] = mapped_column(String(36))
    policy_number: Mapped[str] = mapped_column(String(64))
    confirmation_code: Mapped[str] = mapped_column(String(32))
    content_json: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # From the content, for other outlets' duplicate-insurance look-ups (0002).
    vin: Mapped[str | None] = mapped_column(String(17), index=True, nullable=True)
    period_start: Mapped[str | None] = mapped_column(String(10), nullable=True)
    period_end: Mapped[str | None] = mapped_column(String(10), nullable=True)


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
    owner_name: Mapped[str] = mapped_column(String(100))  # answered masked only
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
    submitted_json: Mapped[str] = mapped_column(Text)  # quote request and summary as sent
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


def make_engine(url: str) -> Engine:
    """An engine with the pragmas and pool head office needs; the schema comes from `hq.migrate`."""
    if url.startswith("sqlite"):
        # Many outlets write at once: wait for the lock instead of failing, and let readers
        # proceed beside the writer (WAL).
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(url, pool_size=20, max_overflow=40)
    return engine


class QrPayment(Base):
    """A payment QR the gateway reported paid (0003): the outlet that showed it asks by reference."""

    __tablename__ = "qr_payments"
    reference: Mapped[str] = mapped_column(String(64), primary_key=True)
    outlet_code: Mapped[str] = mapped_column(String(32))
    amount: Mapped[str] = mapped_column(String(20))  # as the gateway reported it, two decimals
    paid_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
