"""A change and a policy's history as people see them: personal values masked (app.core.masking),
states named in both languages, the money added up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.changes.kinds import RULES, Kind
from app.changes.lifecycle import STATE_NAMES_ZH, ChangeState
from app.changes.versions import snapshot, terms_of, versions
from app.core.masking import mask_as, mask_reference
from app.core.money import ZERO, fmt_money
from app.issuance.lifecycle import STATE_NAMES_ZH as POLICY_STATES_ZH
from app.issuance.lifecycle import State
from local_db.models import Document, Payment, Policy, PolicyChange, User

REPRINT_KIND = "reprint"


@dataclass
class ChangeView:
    """A change as the window and the command line show it (personal values masked)."""

    id: str
    policy_id: str
    policy_number: str
    kind: str  # endorsement | cancellation
    change_kind: str
    state: str
    number: str | None
    base_version: int
    version: int | None
    effective_date: date | None
    authority: str
    needs_signature: bool
    needs_approval: bool
    approved_by: str
    difference: Decimal
    outstanding: Decimal  # still to collect (an increase)
    changed: list[dict[str, Any]] = field(default_factory=list)
    priced: dict[str, Any] = field(default_factory=dict)
    refunds: list[dict[str, Any]] = field(default_factory=list)
    confirmation_code: str | None = None
    pdf_path: Path | None = None

    @property
    def state_zh(self) -> str:
        return STATE_NAMES_ZH[ChangeState(self.state)]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "policy_id": self.policy_id,
            "policy_number": self.policy_number,
            "kind": self.kind,
            "change_kind": self.change_kind,
            "state": self.state,
            "state_zh": self.state_zh,
            "number": self.number,
            "base_version": self.base_version,
            "version": self.version,
            "effective_date": self.effective_date.isoformat() if self.effective_date else None,
            "authority": self.authority,
            "needs_signature": self.needs_signature,
            "needs_approval": self.needs_approval,
            "approved_by": self.approved_by or None,
            "difference": fmt_money(self.difference),
            "outstanding": fmt_money(self.outstanding),
            "changed": self.changed,
            "lines": self.priced.get("lines", []),
            "days_total": self.priced.get("days_total"),
            "days_left": self.priced.get("days_left"),
            "worksheet": self.priced.get("worksheet", []),
            "refund_waits_for": self.priced.get("refund_waits_for") or None,
            "refunds": self.refunds,
            "confirmation_code": self.confirmation_code,
            "pdf": str(self.pdf_path) if self.pdf_path else None,
        }


def masked_changed(changed: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [
        {
            "field": c["field"],
            "label_zh": c["label_zh"],
            "label_en": c["label_en"],
            "before": mask_as(c.get("mask"), c.get("before")),
            "after": mask_as(c.get("mask"), c.get("after")),
            # Words, not personal data (app/changes/edits.py entry): never masked.
            **{k: c[k] for k in ("before_en", "after_en") if k in c},
        }
        for c in changed or []
    ]


def policy_history(s: Session, policy: Policy) -> dict[str, Any]:
    """Every version and transaction of a policy, oldest first, personal values masked, and
    the money: what the terms charged, what was paid and what was refunded."""

    stored = versions(s, policy.id)
    rows = (
        [(v.number, v.effective_date, v.state, v.change_id, v.content) for v in stored]
        if stored
        else [(0, policy.start_date, "issued", None, snapshot(s, policy))]
    )
    changes = list(
        s.execute(
            select(PolicyChange)
            .where(PolicyChange.policy_id == policy.id)
            .order_by(PolicyChange.created_at, PolicyChange.id)
        ).scalars()
    )
    by_id = {c.id: c for c in changes}
    users = dict(s.execute(select(User.id, User.username)).all())
    payments = list(
        s.execute(
            select(Payment).where(Payment.policy_id == policy.id).order_by(Payment.id)
        ).scalars()
    )
    reprints = list(
        s.execute(
            select(Document)
            .where(Document.policy_id == policy.id, Document.kind == REPRINT_KIND)
            .order_by(Document.id)
        ).scalars()
    )
    issued = terms_of(rows[0][4]).figures()["total"]
    counted = [
        c.premium_difference or ZERO
        for c in changes
        if ChangeState(c.state) in (ChangeState.BOUND, ChangeState.CONFIRMED)
    ]
    paid = sum((m.amount for m in payments if m.status == "succeeded"), ZERO)
    refunded = sum((m.amount for m in payments if m.amount < 0), ZERO)
    return {
        "policy_number": policy.policy_number,
        "state": policy.state,
        "state_zh": POLICY_STATES_ZH[State(policy.state)],
        "versions": [
            {
                "number": number,
                "effective_date": eff.isoformat() if eff else None,
                "state": st,
                "change": by_id[cid].number if cid in by_id else None,
                "change_kind": by_id[cid].change_kind if cid in by_id else "issued",
                "premium": {k: fmt_money(v) for k, v in terms_of(content).figures().items()},
                "plate": content["vehicle"].get("plate"),
                "vin": content["vehicle"].get("vin"),
                "covers": [c["code"] for c in content["terms"]["request"].get("coverages") or []],
                "cover_ends": content.get("cover_ends"),
            }
            for number, eff, st, cid, content in rows
        ],
        "transactions": [
            {
                "id": c.id,
                "number": c.number,
                "kind": c.kind,
                "change_kind": c.change_kind,
                "name_zh": RULES[Kind(c.change_kind)].name_zh,
                "name_en": RULES[Kind(c.change_kind)].name_en,
                "state": c.state,
                "state_zh": STATE_NAMES_ZH[ChangeState(c.state)],
                "base_version": c.base_version,
                "version": c.version,
                "effective_date": c.effective_date.isoformat() if c.effective_date else None,
                "difference": fmt_money(c.premium_difference or ZERO),
                "days": [
                    (c.priced or {}).get("days_left"),
                    (c.priced or {}).get("days_total"),
                ],
                "changed": masked_changed(c.changed),
                "created_by": users.get(c.created_by) if c.created_by else None,
                "approved_by": (c.decision or {}).get("by"),
                "bound_at": c.bound_at.isoformat() if c.bound_at else None,
                "confirmed_at": c.confirmed_at.isoformat() if c.confirmed_at else None,
                "confirmation_code": c.confirmation_code,
                "hq_reason": (c.hq_answer or {}).get("reason"),
                "refunds": [
                    {
                        "amount": fmt_money(m.amount),
                        "status": m.status,
                        "method": m.method,
                        "reference": mask_reference(m.reference or ""),
                        # Head office's payment: finance's reference (not the customer's
                        # account) and when it paid, once a sync has brought them.
                        "paid_reference": ((m.extra or {}).get("paid") or {}).get("reference"),
                        "paid_at": ((m.extra or {}).get("paid") or {}).get("paid_at"),
                    }
                    for m in payments
                    if m.change_id == c.id and m.amount < 0
                ],
            }
            for c in changes
        ],
        "reprints": [
            {
                "document": (d.extracted or {}).get("of"),
                "count": (d.extracted or {}).get("count"),
                "reason": (d.extracted or {}).get("reason"),
                "by": (d.extracted or {}).get("by"),
                "at": (d.extracted or {}).get("at"),
            }
            for d in reprints
        ],
        "money": {
            "issued": fmt_money(issued),
            "changes": fmt_money(sum(counted, ZERO)),
            "charged": fmt_money(issued + sum(counted, ZERO)),
            "paid": fmt_money(paid),
            "refunded": fmt_money(refunded),
            "net": fmt_money(paid + refunded),
        },
    }
