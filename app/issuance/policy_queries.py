"""Reading policies: the list and the detail a clerk or supervisor sees, personal data masked.
(Writing happens only through the issuance services and the lifecycle.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.access.permissions import CurrentUser, Permission, require
from app.core.errors import NotFound
from app.core.limits import escaped
from app.core.masking import mask_id_number, mask_name, mask_phone, mask_reference
from app.core.money import fmt_money
from app.issuance.lifecycle import STATE_NAMES_ZH, State
from app.issuance.verification import Verification, verify_token
from local_db.models import Customer, Document, Policy, User, Vehicle
from local_db.store import Store


@dataclass(frozen=True)
class PolicyRow:
    id: str
    policy_number: str | None
    state: str
    state_zh: str
    policyholder: str  # masked
    plate: str | None
    vin: str | None
    start_date: date | None
    premium_total: Decimal | None
    created_by: str | None
    updated_at: datetime
    issued_at: datetime | None = None  # bound (the cover note), else when it was stored
    policyholder_id: int | None = None  # for an audited reveal

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "policy_number": self.policy_number,
            "state": self.state,
            "state_zh": self.state_zh,
            "policyholder": self.policyholder,
            "plate": self.plate,
            "vin": self.vin,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "premium_total": fmt_money(self.premium_total)
            if self.premium_total is not None
            else None,
            "created_by": self.created_by,
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True)
class PolicyDetail:
    row: PolicyRow
    policyholder: dict[str, Any]
    insured: dict[str, Any]
    vehicle: dict[str, Any]
    coverages: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    confirmation_code: str | None = None
    rate_table_version: int | None = None
    flags: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            **self.row.to_json(),
            "policyholder": self.policyholder,
            "insured": self.insured,
            "vehicle": self.vehicle,
            "coverages": self.coverages,
            "payments": self.payments,
            "confirmation_code": self.confirmation_code,
            "rate_table_version": self.rate_table_version,
            "flags": self.flags,
        }


def _masked_party(c: Customer | None) -> dict[str, Any]:
    if c is None:
        return {}
    return {
        "kind": c.kind,
        "name": mask_name(c.name) if c.kind == "person" else c.name,
        "id_type": c.id_type,
        "id_number": mask_id_number(c.id_number),
        "phone": mask_phone(c.phone) if c.phone else None,
    }


class PolicyQueries:
    def __init__(self, store: Store) -> None:
        self._store = store

    def verify_document(self, actor: CurrentUser, token: str) -> Verification:
        """Whether a printed policy's QR token is genuine (app/issuance/verification.py). Anyone
        at the desk may check a paper a customer brings; nothing is written."""
        require(actor, Permission.ISSUE_POLICY)
        with self._store.read() as s:
            return verify_token(s, token)

    def _base(self, actor: CurrentUser, holder=None):
        holder = holder if holder is not None else aliased(Customer)
        q = (
            select(Policy, holder, Vehicle, User.username)
            .outerjoin(holder, holder.id == Policy.policyholder_id)
            .outerjoin(Vehicle, Vehicle.id == Policy.vehicle_id)
            .outerjoin(User, User.id == Policy.created_by)
        )
        if not actor.can(Permission.VIEW_ALL_EXCEPTIONS):  # clerks: their own business
            q = q.where(Policy.created_by == actor.user_id)
        return q

    @staticmethod
    def _row(
        p: Policy,
        holder: Customer | None,
        v: Vehicle | None,
        who: str | None,
        actor: CurrentUser | None = None,
    ) -> PolicyRow:
        # The clerk who issued a policy met the customer and typed or scanned the name: they see
        # it whole on their own policies; everyone else sees it masked.
        own = actor is not None and p.created_by is not None and p.created_by == actor.user_id
        name = (
            (holder.name if own or holder.kind != "person" else mask_name(holder.name))
            if holder
            else "—"
        )
        return PolicyRow(
            p.id,
            p.policy_number,
            p.state,
            STATE_NAMES_ZH[State(p.state)],
            name,
            v.plate if v else None,
            v.vin if v else None,
            p.start_date,
            p.premium_total,
            who,
            p.updated_at,
            p.bound_at or p.created_at,
            p.policyholder_id,
        )

    def list_policies(
        self,
        actor: CurrentUser,
        state: str | None = None,
        limit: int = 500,
        search: str = "",
    ) -> list[PolicyRow]:
        """Newest first. `search` finds a policy by its number, the plate, the VIN or the
        policyholder's name (any part of it)."""
        with self._store.read() as s:
            holder = aliased(Customer)
            q = self._base(actor, holder).order_by(Policy.updated_at.desc()).limit(limit)
            if state:
                q = q.where(Policy.state == state)
            term = search.strip()
            if term:
                like = f"%{term}%"
                q = q.where(
                    Policy.policy_number.ilike(like)
                    | Vehicle.plate.ilike(like)
                    | Vehicle.vin.ilike(like.upper())
                    | holder.name.like(like)
                )
            return [self._row(p, h, v, who, actor) for p, h, v, who in s.execute(q).all()]

    def get(self, actor: CurrentUser, number_or_id: str) -> PolicyDetail:
        with self._store.read() as s:
            q = self._base(actor).where(
                (Policy.policy_number == number_or_id) | (Policy.id == number_or_id)
            )
            r = s.execute(q).first()
            if r is None:
                raise NotFound(
                    f"There is no policy {escaped(number_or_id, 40)} that you can see; check the number.",
                    zh=f"找不到保单 {escaped(number_or_id, 40)}，请核对保单号。",
                )
            p, holder, v, who = r
            return self._detail(s, p, holder, v, who, actor)

    def pdf_file(self, actor: CurrentUser, policy_id: str, kind: str, home: Path) -> Path:
        """The cover note ("cover_note") or formal policy ("policy") as a file to open or print.
        The store is the record; the file under <data>/print is written again from it when it
        is missing or differs (cleared when the window closed, or copied over by hand)."""
        from app.issuance.formal import policy_pdf_path, write_atomically

        with self._store.read() as s:
            r = s.execute(self._base(actor).where(Policy.id == policy_id)).first()
            if r is None:
                raise NotFound(
                    f"There is no policy {escaped(policy_id, 40)} that you can see.",
                    zh="找不到该保单。",
                )
            policy = r[0]
            doc = (
                s.execute(
                    select(Document)
                    .where(Document.policy_id == policy_id, Document.kind == kind)
                    .order_by(Document.id.desc())
                )
                .scalars()
                .first()
            )
            if doc is None or not policy.policy_number:
                what_en, what_zh = (
                    ("formal policy", "正式保单") if kind == "policy" else ("cover note", "暂保单")
                )
                wait_en = (
                    " It is made when head office confirms the policy." if kind == "policy" else ""
                )
                wait_zh = "总公司确认后生成。" if kind == "policy" else ""
                raise NotFound(
                    f"This policy has no {what_en} yet.{wait_en}",
                    zh=f"该保单尚无{what_zh}。{wait_zh}",
                )
            number, content = policy.policy_number, doc.content
        path = policy_pdf_path(home, number, kind)
        if not path.exists() or path.read_bytes() != content:
            write_atomically(path, content)
        return path

    def _detail(self, s: Session, p: Policy, holder, v, who, actor=None) -> PolicyDetail:
        insured = s.get(Customer, p.insured_id) if p.insured_id else None
        vehicle = (
            {
                "plate": v.plate,
                "vin": v.vin,
                "engine_number": v.engine_number,
                "brand_model": v.brand_model,
                "usage_code": v.usage_code,
                "seats": v.seats,
            }
            if v
            else {}
        )
        return PolicyDetail(
            self._row(p, holder, v, who, actor),
            _masked_party(holder),
            _masked_party(insured),
            vehicle,
            [
                {
                    "code": c.code,
                    "sum_insured": fmt_money(c.sum_insured) if c.sum_insured is not None else None,
                    "limit": fmt_money(c.limit) if c.limit is not None else None,
                    "deductible": c.deductible,
                    "premium": fmt_money(c.premium),
                }
                for c in p.coverage_lines
            ],
            [
                {
                    "method": x.method,
                    "amount": fmt_money(x.amount),
                    "status": x.status,
                    "reference": mask_reference(x.reference) if x.reference else None,
                    "failure_reason": x.failure_reason,
                }
                for x in p.payments
            ],
            p.confirmation_code,
            p.rate_table_version,
            list(p.flags or []),
        )
