"""Head-office staff's HTTP paths (hq/accounts.py): the log-in, the reports API and finance's
record of a paid refund. Every path here but the log-in needs a staff token, which the request
guard checks before the route runs (hq/request_guard.py); a device token never opens these
paths."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine

from app.core.errors import ChudanError, InvalidInput
from app.figures.period import Grain, Period
from hq import accounts
from hq.changes import (
    MAX_REFERENCE,
    NoRefundOwed,
    RefundAlreadyPaid,
    audit_staff_action,
    mark_refund_paid,
)
from hq.models import writer_sessions
from hq.personal_data import DataKey
from hq.reports import as_json, report
from sync.protocol import API_PREFIX

STAFF_PREFIX = f"{API_PREFIX}/staff/"
LOGIN = f"{API_PREFIX}/staff/login"
REPORTS_PREFIX = f"{API_PREFIX}/reports/"
REPORT = f"{API_PREFIX}/reports/{{month}}"
FINANCE_PREFIX = f"{API_PREFIX}/finance/"
REFUND_PAID = f"{API_PREFIX}/finance/changes/{{number}}/refund-paid"
# The guard sends every path under these to the staff check (the log-in is public).
STAFF_PREFIXES = (STAFF_PREFIX, REPORTS_PREFIX, FINANCE_PREFIX)


class LoginRequest(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=accounts.MAX_PASSWORD)


class RefundPaidRequest(BaseModel):
    """Finance's payment: its reference, and when it was paid (ISO 8601 with a time zone;
    left out: now). The rules on both are hq.changes.mark_refund_paid's."""

    reference: str = Field(min_length=1, max_length=MAX_REFERENCE)
    paid_at: datetime | None = None


def staff_router(
    engine: Engine,
    key: DataKey,
    error: Callable[[int, str, str, str], Exception],
    *,
    password_cost: int = accounts.DEFAULT_COST,
) -> APIRouter:
    """`error(status, code, message, message_zh)` makes the app's ApiError (hq/server.py)."""
    writer = writer_sessions(engine)
    router = APIRouter()

    def _staff(request: Request, what: str) -> accounts.Staff:
        staff = getattr(request.state, "staff", None)
        if staff is None:  # the guard let nothing through without a staff token; never reached
            raise error(401, "unauthorized", "Log in as head-office staff first.", "请先登录。")
        if not staff.may(what):
            raise error(
                403,
                "forbidden",
                f"The account {staff.name!r} (role {staff.role}) may not read {what}.",
                "该账号无权查看此内容。",
            )
        return staff

    @router.post(LOGIN)
    def login(body: LoginRequest, request: Request) -> dict[str, Any]:
        client = request.client.host if request.client else ""
        with writer() as session:
            try:
                done = accounts.log_in(
                    session, body.name, body.password, client=client, cost=password_cost
                )
            except accounts.LoginRefused as exc:
                session.commit()  # the refused attempt stays in the audit (and counts)
                status, code = (429, "throttled") if exc.throttled else (401, "unauthorized")
                raise error(status, code, exc.message, exc.zh) from exc
            session.commit()
        return {
            "token": done.token,
            "expires_at": done.expires_at.isoformat(),
            "name": done.staff.name,
            "role": done.staff.role,
        }

    @router.get(REPORT)
    def month_report(
        month: Annotated[str, Path(max_length=7)],
        request: Request,
        lang: Literal["zh", "en"] = "zh",
        by: Grain = Grain.DAY,
    ) -> dict[str, Any]:
        """`?by=day|week|month` buckets the month as `chudan-hq report --by` does."""
        _staff(request, "reports")
        try:
            period = Period.parse_month(month, by)
        except InvalidInput as exc:
            raise error(422, "invalid_request", exc.message, exc.zh) from exc
        return as_json(report(engine, period, key=key), lang)

    @router.post(REFUND_PAID)
    def refund_paid(
        number: Annotated[str, Path(min_length=1, max_length=48)],
        body: RefundPaidRequest,
        request: Request,
    ) -> dict[str, str]:
        """Finance records that it paid the refund head office owed on a 批单号: the same rule
        as `chudan-hq changes refund-paid` (hq.changes.mark_refund_paid), audited with the
        staff member's name; refusals are audited too."""
        staff = getattr(request.state, "staff", None)
        actor = f"staff:{staff.name}" if staff is not None else "staff:?"

        def refused(status: int, code: str, message: str, zh: str) -> Exception:
            with engine.begin() as conn:
                audit_staff_action(conn, actor, "refund.paid", number, code, body.reference)
            return error(status, code, message, zh)

        if staff is None or not staff.may("finance"):
            raise refused(
                403,
                "forbidden",
                f"The account {actor[6:]!r} may not record a refund as paid (finance or admin).",
                "该账号无权登记退费付款（需财务或管理员角色）。",
            )
        try:
            return mark_refund_paid(
                engine, number, body.reference, body.paid_at or datetime.now(UTC), actor=actor
            )
        except NoRefundOwed as exc:
            raise refused(404, "not_found", exc.message, exc.zh) from exc
        except RefundAlreadyPaid as exc:
            raise refused(409, "already_paid", exc.message, exc.zh) from exc
        except ChudanError as exc:
            raise refused(422, "invalid_request", exc.message, exc.zh) from exc

    return router


__all__ = ["LOGIN", "REFUND_PAID", "REPORT", "STAFF_PREFIXES", "staff_router"]
