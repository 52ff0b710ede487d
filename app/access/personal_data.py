"""Revealing a masked value: a permission, and an audited event every time."""

from __future__ import annotations

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission, require
from app.access.standing import require_standing
from app.core.errors import InvalidInput, NotFound
from app.core.limits import check_note, escaped
from local_db.models import Customer
from local_db.store import Store

REVEALABLE = {"name", "id_number", "phone", "email", "address"}


class PersonalDataService:
    def __init__(self, store: Store, audit: AuditLog) -> None:
        self._store = store
        self._audit = audit

    def reveal(self, actor: CurrentUser, customer_id: int, field: str, reason: str = "") -> str:
        require(actor, Permission.REVEAL_PERSONAL_DATA)
        if field not in REVEALABLE:
            raise InvalidInput(
                f"{escaped(field, 40)} cannot be revealed; choose one of {sorted(REVEALABLE)}."
            )
        check_note(reason, "The reason", "查看理由")
        with self._store.write() as s:
            require_standing(s, actor, Permission.REVEAL_PERSONAL_DATA)
            customer = s.get(Customer, customer_id)
            if customer is None:
                raise NotFound(
                    f"There is no customer {customer_id}.", zh=f"客户 {customer_id} 不存在。"
                )
            self._audit.record(
                s,
                actor.audit_name,
                "personal_data.reveal",
                "customer",
                customer_id,
                f"{field} revealed" + (f": {reason}" if reason else ""),
            )
            return getattr(customer, field) or ""
