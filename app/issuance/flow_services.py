"""The issuance flow's hooks (app/issuance/flow.py) on the desk's services, for one clerk: the
quote and underwriting decision, head office's registry look-up, signing, the draft's payments and
issuing. The window runs each on its pool or its write lane; tests and scripts call them inline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from app.access.permissions import CurrentUser
from app.core.errors import ChudanError
from app.issuance.flow import Issued, Paid, Priced, PricingFailed, Signed

if TYPE_CHECKING:
    from app.issuance.service import DraftPayments, IssuanceService, IssueResult, Preview
    from app.rating.inception import StartWindow

# ask(call, vin=, wait_s=) -> head office's answer or None (network only), and
# queue(call, vin=, draft_id=) -> the key of the look-up queued for the next sync (a store write):
# head office's look-ups through the sync, when this desk has them.
Ask = Callable[..., Any]
Queue = Callable[..., str]
LOOKUP_WAIT_S = 3.0


def priced(preview: Preview) -> Priced:
    q = preview.quote
    d = q.decision
    return Priced(
        total=q.total,
        outcome=d.outcome,
        reasons_en=tuple(f.message_en for f in d.fired),
        reasons_zh=tuple(f.message_zh for f in d.fired),
        referral=preview.referral.status,
        referral_by=preview.referral.decided_by,
        referral_note=preview.referral.note,
        duplicate_en=preview.duplicate.message if preview.duplicate is not None else "",
        duplicate_zh=preview.duplicate.zh if preview.duplicate is not None else "",
        schedule_hash=preview.schedule_hash,
        fingerprint=preview.fingerprint,
        plans=dict(preview.plans),
        detail=preview,
    )


def paid(state: DraftPayments) -> Paid:
    return Paid(state.total, state.paid, tuple(state.parts))


def issued(result: IssueResult) -> Issued:
    return Issued(
        result.state, result.policy_number, result.message, result.message_zh, detail=result
    )


class DeskServices:
    """`FlowServices` for one user of this desk. `ask` and `queue` are head office's look-up
    (None on a desk without sync: the registry check then waits, and the policy is flagged)."""

    def __init__(
        self,
        issuance: IssuanceService,
        user: CurrentUser,
        ask: Ask | None = None,
        queue: Queue | None = None,
    ) -> None:
        self.issuance = issuance
        self.user = user
        self.ask = ask
        self.queue = queue

    def quote(self, request: dict[str, Any]) -> Priced | PricingFailed:
        try:
            preview = self.issuance.preview(request, plans=True)
        except ChudanError as exc:
            return PricingFailed(exc.message, exc.zh)
        return priced(preview)

    def start_range(self) -> StartWindow:
        """When cover may start for a policy issued now (a read)."""
        return self.issuance.start_range()

    def traffic_violation_range(self, start: date) -> tuple[Decimal, Decimal] | None:
        """The outlet region's traffic-violation range on that start, or None (a read)."""
        return self.issuance.traffic_violation_range(start)

    def registry(self, vin: str, draft_id: str | None) -> dict[str, Any]:
        """Head office's registry answer for the VIN if it gives one now (network only)."""
        if self.ask is None or not vin:
            return {"vin": vin}
        answer = self.ask("vehicle", vin=vin, wait_s=LOOKUP_WAIT_S)
        prior = None
        if answer:  # other outlets' policies on this VIN: only useful now, so not queued offline
            found = self.ask("prior_policies", vin=vin, wait_s=LOOKUP_WAIT_S)
            prior = (found or {}).get("policies")
        return {"vin": vin, "answer": answer, "prior": prior}

    def queue_registry(self, vin: str, draft_id: str | None) -> dict[str, Any]:
        """No answer now: the look-up waits for the next sync (a write: the window's lane)."""
        if self.queue is None or not vin:
            return {"vin": vin}
        return {"vin": vin, "key": self.queue("vehicle", vin=vin, draft_id=draft_id)}

    def sign(self, request: dict[str, Any], draft: dict[str, Any] | None = None) -> Signed:
        """The signature stored, and `draft` (the flow's data as it stands) saved in the same
        write: one write on the step the clerk waits for."""
        # Signed on the customer's phone (docs/phone.md): stored only over that very schedule.
        review = (draft or {}).get("review") or {}
        signed_over = review.get("phone_signed_hash") or None
        signature = self.issuance.sign(
            self.user, request, draft_data=draft, signed_over=signed_over
        )
        return Signed(signature.schedule_hash, signature.total)

    def payments(self, request: dict[str, Any]) -> Paid:
        return paid(self.issuance.draft_payment_state(str(request.get("draft_id") or "")))

    def record_payment(self, request: dict[str, Any], part: dict[str, Any]) -> Paid:
        return paid(self.issuance.record_draft_payment(self.user, request, part))

    def issue(self, request: dict[str, Any]) -> Issued:
        return issued(self.issuance.issue(self.user, request))
