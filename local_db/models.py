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
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
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
    # A part taken or refunded for an endorsement or cancellation (0008). A refund is a negative
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
    # The endorsement or cancellation it belongs to: its signature, its 批单 (0008).
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
    that is not void (0008)."""

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
    # A draft's `issuance.start` (the wizard opened) found by the draft's id (migration 0009).
    __table_args__ = (
        Index(
            "ix_audit_event_issuance_start",
            "object_id",
            sqlite_where=text("action = 'issuance.start'"),
        ),
    )
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


# -- reports (0005) -------------------------------------------------------------------------


class DraftEvent(Base):
    """When a draft moved to another step, and when it was reopened after sitting parked: the
    events the issuance-time figures are measured from (docs/reports.md)."""

    __tablename__ = "draft_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("draft.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))  # step | resume
    step: Mapped[str] = mapped_column(String(32), default="")  # step: the step entered
    from_step: Mapped[str] = mapped_column(String(32), default="")  # step: the step left
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    parked_from: Mapped[datetime | None] = mapped_column(UTCDateTime)  # resume: the last save
    user_id: Mapped[int | None] = mapped_column(Integer)


class PolicyFact(Base):
    """What the reports count of one bound policy, taken from its quote once (app/reports/facts.py)
    so a year of policies is summed without reading their quotes. `state` follows the policy's
    by a trigger; money is integer fen so SQL sums it exactly."""

    __tablename__ = "policy_fact"
    policy_id: Mapped[str] = mapped_column(
        ForeignKey("policy.id", ondelete="CASCADE"), primary_key=True
    )
    issued_on: Mapped[str] = mapped_column(String(10), index=True)  # the desk's local date
    bound_at: Mapped[datetime] = mapped_column(UTCDateTime)
    clerk_id: Mapped[int | None] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    ctpl_fen: Mapped[int] = mapped_column(Integer, default=0)
    commercial_fen: Mapped[int] = mapped_column(Integer, default=0)
    tax_fen: Mapped[int] = mapped_column(Integer, default=0)
    purchase_price_fen: Mapped[int | None] = mapped_column(Integer)
    has_ctpl: Mapped[int] = mapped_column(Integer, default=0)
    has_commercial: Mapped[int] = mapped_column(Integer, default=0)
    own_damage: Mapped[int] = mapped_column(Integer, default=0)
    tp_limit_fen: Mapped[int | None] = mapped_column(Integer)
    covers: Mapped[int] = mapped_column(Integer, default=0)  # bit i: app.figures COVER_ORDER[i]
    extra_covers: Mapped[str | None] = mapped_column(String(400))  # codes not in COVER_ORDER
    # For the renewal funnel: when cover starts and ends, and the vehicle (a VIN is not personal).
    starts_on: Mapped[str | None] = mapped_column(String(10))
    ends_on: Mapped[str | None] = mapped_column(String(10), index=True)
    vin: Mapped[str | None] = mapped_column(String(17), index=True)
    # 出单时效 in whole seconds, parked time taken out (app/figures/timing.py); None: no wizard.
    issue_s: Mapped[int | None] = mapped_column(Integer)
    customer_s: Mapped[int | None] = mapped_column(Integer)
    vehicle_s: Mapped[int | None] = mapped_column(Integer)
    coverage_s: Mapped[int | None] = mapped_column(Integer)
    review_s: Mapped[int | None] = mapped_column(Integer)
    payment_s: Mapped[int | None] = mapped_column(Integer)


class ReportPending(Base):
    """Bound policies whose facts are still to be taken (filled by triggers on `policy`)."""

    __tablename__ = "report_pending"
    policy_id: Mapped[str] = mapped_column(
        ForeignKey("policy.id", ondelete="CASCADE"), primary_key=True
    )


class Complaint(Base):
    """The complaint register: against a policy, a clerk or the outlet."""

    __tablename__ = "complaint"
    id: Mapped[int] = mapped_column(primary_key=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32))
    against: Mapped[str] = mapped_column(String(8))  # policy | clerk | outlet
    policy_id: Mapped[str | None] = mapped_column(ForeignKey("policy.id"), index=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    description: Mapped[str] = mapped_column(Text)  # masked (app.core.masking) when stored
    resolution: Mapped[str | None] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# -- the archive (0006) ---------------------------------------------------------------------


class ArchiveEntry(Base):
    """电子化单证: what the archive knows of one document (the document itself stays in
    `document`): its category, links, date, who added it, whether it waits for review, and
    whether its content was purged at the end of its retention period (app/archive)."""

    __tablename__ = "archive_entry"
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)
    category: Mapped[str] = mapped_column(String(32), index=True)
    doc_date: Mapped[str] = mapped_column(String(10), index=True)  # local date it was added
    added_by: Mapped[int | None] = mapped_column(Integer)
    policy_id: Mapped[str | None] = mapped_column(String(36), index=True)
    customer_id: Mapped[int | None] = mapped_column(Integer)
    vehicle_id: Mapped[int | None] = mapped_column(Integer)
    transaction_ref: Mapped[str | None] = mapped_column(String(64))  # an endorsement, a refund
    review: Mapped[int] = mapped_column(Integer, default=0)  # 1: an import waiting for a person
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ArchiveKey(Base):
    """Exact look-ups: a keyed hash (HMAC-SHA-256, the key in `setting`) of a normalised number
    or name found on a document. ID numbers and phones are found through these only: the full
    text index holds them masked."""

    __tablename__ = "archive_key"
    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(32), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # id_number | phone | name | plate | vin | policy


class ArchivePending(Base):
    """Documents to (re)index: filled by triggers on `document` (insert, new links)."""

    __tablename__ = "archive_pending"
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id"), primary_key=True)


# --- The outlet's book and its renewals (0007) -------------------------------------------------


class BookImport(Base):
    """One import of the outlet's existing book (a CSV or XLSX file, or a scanned paper policy):
    what came in, what was added, and each refused row with its reason (never its values)."""

    __tablename__ = "book_import"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(8))  # csv | xlsx | scan
    file_name: Mapped[str] = mapped_column(String(260))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    mode: Mapped[str] = mapped_column(String(8))  # rows | all (all or nothing)
    imported_by: Mapped[str] = mapped_column(String(64))
    rows_total: Mapped[int] = mapped_column(Integer, default=0)
    rows_added: Mapped[int] = mapped_column(Integer, default=0)
    rows_already: Mapped[int] = mapped_column(Integer, default=0)
    rows_refused: Mapped[int] = mapped_column(Integer, default=0)
    refused: Mapped[list[dict[str, Any]]] = mapped_column(JSONText, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BookPolicy(Base):
    """A policy of the outlet's book that falls due for renewal: issued at this desk (copied when
    it is bound) or imported from another system. Imported ones are never uploaded to head office
    (they are not new business). The renewal funnel's state lives on the row:
    due (应续) → contacted (已联系) → quoted (已报价) → renewed (已续) | lost (流失)."""

    __tablename__ = "book_policy"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(8))  # issued | imported
    policy_id: Mapped[str | None] = mapped_column(ForeignKey("policy.id"), unique=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("book_import.id"))
    policy_number: Mapped[str] = mapped_column(String(64))
    insurer: Mapped[str] = mapped_column(String(200))
    coverage: Mapped[str] = mapped_column(String(16))  # ctpl | commercial | both
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)  # the last day covered (to 24:00)
    premium_ctpl: Mapped[Decimal | None] = mapped_column(Fen)
    premium_commercial: Mapped[Decimal | None] = mapped_column(Fen)
    premium: Mapped[Decimal | None] = mapped_column(Fen)  # CTPL + commercial, tax not included
    vehicle_tax: Mapped[Decimal | None] = mapped_column(Fen)
    holder_kind: Mapped[str] = mapped_column(String(16))  # person | organisation
    holder_name: Mapped[str] = mapped_column(String(200))
    holder_id_type: Mapped[str] = mapped_column(String(32))
    holder_id_number: Mapped[str] = mapped_column(String(64), index=True)
    holder_phone: Mapped[str | None] = mapped_column(String(32))
    holder_email: Mapped[str | None] = mapped_column(String(254))
    holder_address: Mapped[str | None] = mapped_column(Text)
    # The insured and the vehicle's owner when another party: {kind, name, id_type, id_number}.
    parties: Mapped[dict[str, Any] | None] = mapped_column(JSONText)
    vin: Mapped[str] = mapped_column(String(17), index=True)
    plate: Mapped[str | None] = mapped_column(String(16))
    vehicle: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)  # the rest, as known
    covers: Mapped[list[dict[str, Any]]] = mapped_column(JSONText, default=list)
    history: Mapped[dict[str, Any]] = mapped_column(JSONText, default=dict)  # last year's record
    state: Mapped[str] = mapped_column(String(16), default="due")
    lost_reason: Mapped[str | None] = mapped_column(String(16))
    assigned_to: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    renewal_draft_id: Mapped[str | None] = mapped_column(ForeignKey("draft.id"))
    renewed_policy_id: Mapped[str | None] = mapped_column(ForeignKey("policy.id"))
    quoted_premium: Mapped[Decimal | None] = mapped_column(Fen)
    contacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    quoted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The work-list reads (due date, state, clerk) for a whole window from this index alone.
    __table_args__ = (
        UniqueConstraint("insurer", "policy_number"),
        Index("ix_book_policy_due", "end_date", "state", "assigned_to"),
    )


class BookEvent(Base):
    """What happened to a book policy, with time and user: notes, call outcomes, state changes,
    hand-overs, reminders."""

    __tablename__ = "book_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    book_policy_id: Mapped[int] = mapped_column(ForeignKey("book_policy.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # note | call | state | assign | reminder | ...
    outcome: Mapped[str | None] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text, default="")


class ContactConsent(Base):
    """A customer's consent (PIPL) to be contacted for a stated purpose over a stated channel,
    where it came from, and when it was withdrawn. The latest record per customer, channel and
    purpose is the one that holds."""

    __tablename__ = "contact_consent"
    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(64), index=True)  # the customer's
    channel: Mapped[str] = mapped_column(String(8))  # sms | email
    purpose: Mapped[str] = mapped_column(String(32))  # renewal_reminder
    given: Mapped[bool] = mapped_column(Boolean)
    text_version: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(100))  # desk | import <file> | command line
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class RenewalReminder(Base):
    """A renewal reminder on its way (or sent): one per book policy, channel and lead time."""

    __tablename__ = "renewal_reminder"
    id: Mapped[int] = mapped_column(primary_key=True)
    book_policy_id: Mapped[int] = mapped_column(ForeignKey("book_policy.id"), index=True)
    channel: Mapped[str] = mapped_column(String(8))  # sms | email
    address: Mapped[str] = mapped_column(String(254))
    lead_days: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(
        String(16), default="pending", index=True
    )  # pending | sent | failed | skipped
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    __table_args__ = (UniqueConstraint("book_policy_id", "channel", "lead_days"),)


class Recommendation(Base):
    """A plan the desk recommended for a quote, with its reasons, and what the clerk did with it:
    taken, changed or ignored (decided when the policy is bound)."""

    __tablename__ = "recommendation"
    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[str] = mapped_column(ForeignKey("draft.id"), index=True)
    policy_id: Mapped[str | None] = mapped_column(ForeignKey("policy.id"), index=True)
    book_policy_id: Mapped[int | None] = mapped_column(ForeignKey("book_policy.id"))
    table_version: Mapped[int] = mapped_column(Integer)
    rules_version: Mapped[str] = mapped_column(String(40))
    covers: Mapped[list[dict[str, Any]]] = mapped_column(JSONText)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSONText)
    shown_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(16), index=True)  # taken | changed | ignored
    final_covers: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONText)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PhoneKey(Base):
    """The desk's one-time private key of a phone application it opened and has not taken yet
    (docs/phone.md), so an application sent while the desk was closed still opens. Only here,
    inside the SQLCipher file; deleted when the application is taken, refused or expired
    (`forget_after`)."""

    __tablename__ = "phone_key"
    application_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary)  # PKCS#8 DER, P-256
    kind: Mapped[str] = mapped_column(String(16))  # application | signature
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    forget_after: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class PhonePending(Base):
    """An application the desk has taken from a phone or the yard (opened and acknowledged: the
    relay no longer holds it) that the clerk has neither continued into a draft nor refused
    (docs/phone.md), so a restart shows it again in the review list. Inside the SQLCipher file
    like every personal field; deleted when continued or refused, or at `forget_after`."""

    __tablename__ = "phone_pending"
    application_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    source: Mapped[str] = mapped_column(String(8))  # hq | lan | yard
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    application: Mapped[bytes] = mapped_column(LargeBinary)  # the opened JSON, as the phone sent
    phone_key: Mapped[str] = mapped_column(Text, default="")  # the phone's one-time public key
    # The desk's one-time private key it was opened with (PKCS#8 DER): the schedule to sign is
    # sealed with it, also after a restart.
    desk_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    vehicle_photos: Mapped[list[str] | None] = mapped_column(JSONText)  # the yard's, base64
    staff: Mapped[str] = mapped_column(String(64), default="")  # who collected it in the yard
    device_id: Mapped[str] = mapped_column(String(32), default="")
    quote: Mapped[dict[str, Any] | None] = mapped_column(JSONText)  # the yard's instant quote
    reads: Mapped[list[Any] | None] = mapped_column(JSONText)  # the desk's OCR, once read
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    forget_after: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class LanState(Base):
    """What the desk's LAN server must still know after a restart (yard/, docs/phone.md), by
    kind: `relay` (a LAN application, by id), `yard.sent` (a hand-off the desk may still
    refuse), `yard.refused` (a refusal not yet told to its device). Forgotten at
    `forget_after`."""

    __tablename__ = "lan_state"
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSONText)
    forget_after: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
