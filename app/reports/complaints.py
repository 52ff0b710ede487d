"""The complaint register (against a policy, a clerk or the outlet) and its figures: received,
resolved, by category, channel and target, time to resolve, and the regulators' measures per
10,000 policies and per 100 million yuan of premium (docs/regulations.md §11).

Recording and resolving need Permission.MANAGE_COMPLAINTS (supervisors, administrators); the
description and resolution are masked (app.core.masking) before they are stored, as 待处理 notes
are. Time to resolve runs from the start of the day the complaint was received."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission, require
from app.access.standing import require_standing
from app.core.errors import InvalidInput, NotFound
from app.core.limits import check_note, escaped
from app.core.masking import mask_text
from app.figures.labels import COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_TARGETS
from app.figures.outcomes import ComplaintFigures
from app.figures.period import Period
from app.figures.timing import spread
from local_db.models import Complaint, Policy, User
from local_db.store import Store
from local_db.types import utcnow


@dataclass(frozen=True)
class ComplaintView:
    id: int
    received_on: date
    channel: str
    category: str
    against: str
    policy_number: str | None
    clerk: str | None
    description: str
    resolution: str | None
    resolved_at: datetime | None
    recorded_by: str | None


def _received_at(d: date, tz: tzinfo | None) -> datetime:
    zone = tz or datetime.now().astimezone().tzinfo
    return datetime.combine(d, time.min, tzinfo=zone).astimezone(UTC)


def _choice(value: str, table: dict[str, tuple[str, str]], en: str, zh: str) -> str:
    if value not in table:
        raise InvalidInput(
            f"{escaped(value, 30)} is not a complaint {en}; choose one of {', '.join(table)}.",
            zh=f"投诉{zh}“{escaped(value, 30)}”无效，请从列表中选择。",
        )
    return value


class ComplaintRegister:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        clock: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
    ) -> None:
        self._store = store
        self._audit = audit
        self._clock = clock
        self._tz = tz

    def record(
        self,
        actor: CurrentUser,
        *,
        received_on: date,
        channel: str,
        category: str,
        against: str,
        description: str,
        policy_number: str = "",
        clerk_id: int | None = None,
    ) -> int:
        require(actor, Permission.MANAGE_COMPLAINTS)
        _choice(channel, COMPLAINT_CHANNELS, "channel", "渠道")
        _choice(category, COMPLAINT_CATEGORIES, "category", "类别")
        _choice(against, COMPLAINT_TARGETS, "target", "对象")
        if not description.strip():
            raise InvalidInput(
                "Describe the complaint in a sentence or two.", zh="请填写投诉内容。"
            )
        check_note(description, "The description", "投诉内容")
        today = self._clock().astimezone(self._tz).date()
        if received_on > today:
            raise InvalidInput(
                f"A complaint cannot be received on {received_on}, after today; check the date.",
                zh=f"投诉受理日期 {received_on} 晚于今天，请核对。",
            )
        with self._store.write() as s:
            require_standing(s, actor, Permission.MANAGE_COMPLAINTS)
            policy_id = None
            if against == "policy" or policy_number.strip():
                number = policy_number.strip()
                policy_id = s.scalar(select(Policy.id).where(Policy.policy_number == number))
                if policy_id is None:
                    raise NotFound(
                        f"There is no policy {escaped(number, 40) or '(none given)'}; give the number of the policy complained about.",
                        zh=f"找不到保单 {escaped(number, 40)}，请填写被投诉保单的保单号。",
                    )
            if against == "clerk":
                if clerk_id is None or s.get(User, clerk_id) is None:
                    raise InvalidInput(
                        "Choose the clerk the complaint is about.", zh="请选择被投诉的出单员。"
                    )
            else:
                clerk_id = None
            c = Complaint(
                received_on=received_on,
                channel=channel,
                category=category,
                against=against,
                policy_id=policy_id,
                clerk_id=clerk_id,
                description=mask_text(description.strip()),
                recorded_by=actor.user_id or None,
                created_at=self._clock(),
            )
            s.add(c)
            s.flush()
            self._audit.record(
                s,
                actor.audit_name,
                "complaint.record",
                "complaint",
                c.id,
                f"{category} via {channel}",
            )
            return c.id

    def resolve(self, actor: CurrentUser, complaint_id: int, resolution: str) -> None:
        require(actor, Permission.MANAGE_COMPLAINTS)
        if not resolution.strip():
            raise InvalidInput("Say how the complaint was resolved.", zh="请填写处理结果。")
        check_note(resolution, "The resolution", "处理结果")
        with self._store.write() as s:
            require_standing(s, actor, Permission.MANAGE_COMPLAINTS)
            c = s.get(Complaint, complaint_id)
            if c is None:
                raise NotFound(
                    f"There is no complaint {complaint_id}.", zh=f"没有投诉 {complaint_id}。"
                )
            if c.resolved_at is not None:
                raise InvalidInput("This complaint is already resolved.", zh="该投诉已办结。")
            c.resolution = mask_text(resolution.strip())
            c.resolved_at = self._clock()
            self._audit.record(s, actor.audit_name, "complaint.resolve", "complaint", c.id, "")

    def list(self, actor: CurrentUser, period: Period | None = None) -> list[ComplaintView]:
        """Supervisors see every complaint; a clerk those about them or their policies."""
        require(actor, Permission.ISSUE_POLICY)
        with self._store.read() as s:
            q = select(Complaint).order_by(Complaint.received_on.desc(), Complaint.id.desc())
            if period is not None:
                q = q.where(Complaint.received_on.between(period.start, period.end))
            if not actor.can(Permission.VIEW_OUTLET_REPORTS):
                q = q.outerjoin(Policy, Policy.id == Complaint.policy_id).where(
                    or_(Complaint.clerk_id == actor.user_id, Policy.created_by == actor.user_id)
                )
            names = dict(s.execute(select(User.id, User.display_name)).all())
            numbers = dict(
                s.execute(
                    select(Policy.id, Policy.policy_number).join(
                        Complaint, Complaint.policy_id == Policy.id
                    )
                ).all()
            )
            return [
                ComplaintView(
                    c.id,
                    c.received_on,
                    c.channel,
                    c.category,
                    c.against,
                    numbers.get(c.policy_id) if c.policy_id else None,
                    names.get(c.clerk_id) if c.clerk_id else None,
                    c.description,
                    c.resolution,
                    c.resolved_at,
                    names.get(c.recorded_by) if c.recorded_by else None,
                )
                for c in s.scalars(q)
            ]


def _scoped(period: Period, clerk: int | None):
    q = select(Complaint).where(Complaint.received_on.between(period.start, period.end))
    if clerk is not None:
        q = q.outerjoin(Policy, Policy.id == Complaint.policy_id).where(
            or_(Complaint.clerk_id == clerk, Policy.created_by == clerk)
        )
    return q


def complaint_figures(
    s: Session,
    period: Period,
    clerk: int | None,
    policies: int,
    premium_fen: int,
    tz: tzinfo | None = None,
) -> ComplaintFigures:
    """The period's complaints over the same period's policies and premium (the scope's)."""
    by_category: dict[str, int] = defaultdict(int)
    by_channel: dict[str, int] = defaultdict(int)
    by_target: dict[str, int] = defaultdict(int)
    days: list[float] = []
    received = 0
    for c in s.scalars(_scoped(period, clerk)):
        received += 1
        by_category[c.category] += 1
        by_channel[c.channel] += 1
        by_target[c.against] += 1
        if c.resolved_at is not None:
            days.append((c.resolved_at - _received_at(c.received_on, tz)).total_seconds())
    return ComplaintFigures(
        received=received,
        resolved=len(days),
        by_category=dict(sorted(by_category.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_channel=dict(sorted(by_channel.items(), key=lambda kv: (-kv[1], kv[0]))),
        by_target=dict(sorted(by_target.items())),
        time_to_resolve=spread(days),
        policies=policies,
        premium_fen=premium_fen,
    )


def complaint_policy_ids(s: Session, period: Period, clerk: int | None, category: str) -> list[str]:
    q = _scoped(period, clerk)
    if category:
        q = q.where(Complaint.category == category)
    return list(dict.fromkeys(c.policy_id for c in s.scalars(q) if c.policy_id))
