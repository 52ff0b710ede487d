"""The outlet store's tables (SQLAlchemy 2). Later changes extend them by migration only.

Personal data sits in ordinary columns: the whole file is encrypted by SQLCipher, so nothing
here is readable without the key. Money columns are integer fen (`Fen`)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from local_db.types import Fen, JSONText, UTCDateTime, utcnow

# Stable constraint names: Alembic's batch mode on SQLite needs them to alter tables later.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Outlet(Base):
    __tablename__ = "outlet"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str] = mapped_column(String(6))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Device(Base):
    __tablename__ = "device"
    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlet.id"))
    device_number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200), default="")
    hq_device_id: Mapped[str | None] = mapped_column(String(64))
    provisioned_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    __table_args__ = (UniqueConstraint("outlet_id", "device_number"),)


class User(Base):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int | None] = mapped_column(ForeignKey("outlet.id"))
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(
        String(16)
    )  # clerk | supervisor | admin (app.access.auth.Role)
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Customer(Base):
    """投保人 / 被保险人 / 车主: a person or an organisation."""

    __tablename__ = "customer"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # person | organisation
    name: Mapped[str] = mapped_column(String(200))
    id_type: Mapped[str] = mapped_column(
        String(32)
    )  # resident_id | uscc | hmt_permit | foreign_pr | passport
    id_number: Mapped[str] = mapped_column(String(64), index=True)
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(Text)
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Vehicle(Base):
    __tablename__ = "vehicle"
    id: Mapped[int] = mapped_column(primary_key=True)
    vin: Mapped[str] = mapped_column(String(17), index=True)
    plate: Mapped[str | None] = mapped_column(
        String(16), index=True
    )  # None: new car, not yet plated
    engine_number: Mapped[str | None] = mapped_column(String(32))
    brand_model: Mapped[str | None] = mapped_column(String(200))
    vehicle_type: Mapped[str | None] = mapped_column(String(64))  # as printed on the 行驶证
    vehicle_class: Mapped[str | None] = mapped_column(String(64))  # rating class
    usage_code: Mapped[str | None] = mapped_column(String(2))
    seats: Mapped[int | None] = mapped_column(Integer)
    first_registration: Mapped[date | None] = mapped_column(Date)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Draft(Base):
    """An issuance in progress: saved at every step so a crash loses nothing."""

    __tablename__ = "draft"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID
    created_by: Mapped[int] = mapped_column(ForeignKey("user.id"))
    step: Mapped[str] = mapped_column(String(32))
    data: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | issued | abandoned
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Policy(Base):
    __tablename__ = "policy"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the permanent policy id (UUID)
    policy_number: Mapped[str | None] = mapped_column(String(40), unique=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    draft_id: Mapped[str | None] = mapped_column(ForeignKey("draft.id"))
    policyholder_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    insured_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    vehicle_id: Mapped[int | None] = mapped_column(ForeignKey("vehicle.id"))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    rate_table_version: Mapped[int | None] = mapped_column(Integer)
    premium_ctpl: Mapped[Decimal | None] = mapped_column(Fen)
    premium_commercial: Mapped[Decimal | None] = mapped_column(Fen)
    vehicle_tax: Mapped[Decimal | None] = mapped_column(Fen)
    premium_total: Mapped[Decimal | None] = mapped_column(Fen)
    quote: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    flags: Mapped[list[str] | None] = mapped_column(JSONText)
    schedule_hash: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmation_code: Mapped[str | None] = mapped_column(String(64))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    coverage_lines: Mapped[list[CoverageLine]] = relationship(
        back_populates="policy", cascade="all, delete-orphan"
    )
    payments: Mapped[list[Payment]] = relationship(
        back_populates="policy", cascade="all, delete-orphan"
    )


class CoverageLine(Base):
    __tablename__ = "coverage_line"
    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[str] = mapped_column(ForeignKey("policy.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    sum_insured: Mapped[Decimal | None] = mapped_column(Fen)
    limit: Mapped[Decimal | None] = mapped_column(Fen)
    deductible: Mapped[str | None] = mapped_column(String(40))
    premium: Mapped[Decimal] = mapped_column(Fen)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    policy: Mapped[Policy] = relationship(back_populates="coverage_lines")


class Payment(Base):
    __tablename__ = "payment"
    id: Mapped[int] = mapped_column(primary_key=True)
    # A part is recorded the moment it is taken, against the draft; issuing attaches it to the
    # policy (0004).
    policy_id: Mapped[str | None] = mapped_column(
        ForeignKey("policy.id", ondelete="CASCADE"), index=True
    )
    draft_id: Mapped[str | None] = mapped_column(ForeignKey("draft.id"), index=True)
    method: Mapped[str] = mapped_column(String(16))  # cash | card | qr | transfer
    amount: Mapped[Decimal] = mapped_column(Fen)
    status: Mapped[str] = mapped_column(String(16))  # pending | succeeded | failed
    reference: Mapped[str | None] = mapped_column(String(64))
    payer_name: Mapped[str | None] = mapped_column(String(200))
    failure_reason: Mapped[str | None] = mapped_column(Text)
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSONText)  # e.g. the AML record
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A part taken or refunded for an endorsement or cancellation (0005). A refund is a negative
    # amount, status awaiting_check | requested | paid (head office pays it).
    change_id: Mapped[str | None] = mapped_column(ForeignKey("policy_change.id"), index=True)
    policy: Mapped[Policy | None] = relationship(back_populates="payments")


class Document(Base):
    """A scanned image and what was read from it."""

    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(
        String(32)
    )  # id-front | id-back | vehicle-licence | business-licence | signature | pdf
    draft_id: Mapped[str | None] = mapped_column(ForeignKey("draft.id"), index=True)
    policy_id: Mapped[str | None] = mapped_column(ForeignKey("policy.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    filename: Mapped[str | None] = mapped_column(String(260))
    mime_type: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    extracted: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The endorsement or cancellation it belongs to: its signature, its 批单 (0005).
    change_id: Mapped[str | None] = mapped_column(ForeignKey("policy_change.id"), index=True)


class PolicyChange(Base):
    """An endorsement (批改), a cancellation (退保) or a reprint (补打) of an issued policy: a
    transaction on the version it was made on (app.changes, docs/changes.md). Its id is
    permanent and is the outbox row's key."""

    __tablename__ = "policy_change"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUID
    policy_id: Mapped[str] = mapped_column(ForeignKey("policy.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # endorsement | cancellation | reprint
    change_kind: Mapped[str] = mapped_column(String(24))  # app.changes.kinds.Kind
    number: Mapped[str | None] = mapped_column(String(48), unique=True)  # 批单号, drawn at bind
    state: Mapped[str] = mapped_column(String(16), index=True)  # app.changes.lifecycle
    base_version: Mapped[int] = mapped_column(Integer)
    version: Mapped[int | None] = mapped_column(Integer)  # the version it made, from bind on
    effective_date: Mapped[date | None] = mapped_column(Date)
    effective_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    request: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)  # as asked
    edits: Mapped[dict[str, Any] | None] = mapped_column(JSONText)  # as applied
    priced: Mapped[dict[str, Any] | None] = mapped_column(JSONText)  # lines, days, worksheet
    changed: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONText)  # before and after
    premium_difference: Mapped[Decimal | None] = mapped_column(Fen)  # + collected, − refunded
    authority: Mapped[str] = mapped_column(String(16), default="clerk")
    decision: Mapped[dict[str, Any] | None] = mapped_column(JSONText)  # a supervisor's
    schedule_hash: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    bound_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmation_code: Mapped[str | None] = mapped_column(String(64))
    hq_answer: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class PolicyVersion(Base):
    """What a policy was from a date on: version 0 as issued, one more per bound change. The
    content is the version's parties, vehicle and priced terms; the policy row holds the newest
    that is not void (0005)."""

    __tablename__ = "policy_version"
    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[str] = mapped_column(ForeignKey("policy.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    change_id: Mapped[str | None] = mapped_column(ForeignKey("policy_change.id"))
    effective_date: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(16))  # provisional | confirmed | void
    content: Mapped[dict[str, Any]] = mapped_column(JSONText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Not unique by (policy, number): a version head office rejected stays, void, beside the one
    # head office holds under the same number (app.changes.answers records it).


class WorkItem(Base):
    """待处理: anything that waits on a person (referral, mismatch, rejection, ...)."""

    __tablename__ = "exception_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    policy_id: Mapped[str | None] = mapped_column(ForeignKey("policy.id"), index=True)
    draft_id: Mapped[str | None] = mapped_column(ForeignKey("draft.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open | resolved
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))  # 0002
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSONText, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow
    )  # 0002
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class OutboxItem(Base):
    """Written in the same transaction as the change it carries to head office."""

    __tablename__ = "outbox_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(
        String(32)
    )  # policy | endorsement | cancellation | lookup | referral
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    policy_id: Mapped[str | None] = mapped_column(ForeignKey("policy.id"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONText)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RateTableRecord(Base):
    """Which signed rate tables are installed (the documents themselves are files)."""

    __tablename__ = "rate_table"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, unique=True)
    issuer: Mapped[str] = mapped_column(String(200))
    effective_from: Mapped[date] = mapped_column(Date)
    effective_to: Mapped[date | None] = mapped_column(Date)
    sha256: Mapped[str] = mapped_column(String(64))
    installed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEvent(Base):
    """Append-only and hash-chained: each row's hash covers its content and the previous hash.
    Triggers (see the initial migration) refuse UPDATE and DELETE."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    ts: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(32), default="")
    object_id: Mapped[str] = mapped_column(String(64), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class Delivery(Base):
    """An e-policy on its way to the customer (e-mail now, SMS through a gateway when online)."""

    __tablename__ = "delivery"
    id: Mapped[int] = mapped_column(primary_key=True)
    policy_id: Mapped[str] = mapped_column(ForeignKey("policy.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id"))
    channel: Mapped[str] = mapped_column(String(8))  # email | sms
    address: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(
        String(16), default="pending", index=True
    )  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Setting(Base):
    """Settings that must stay encrypted (the SMTP password, the device token): key → JSON."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSONText)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
