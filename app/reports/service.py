"""The outlet's figures for a period, for the whole outlet or one clerk, from the store; and the
policies behind any figure. A clerk sees their own figures; supervisors and administrators the
outlet's (Permission.VIEW_OUTLET_REPORTS). Arithmetic and definitions: app.figures,
docs/reports.md."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission, require
from app.access.standing import require_standing
from app.core.errors import InvalidInput, PermissionDenied
from app.core.masking import mask_name
from app.core.money import fmt_amount, fmt_money, to_decimal
from app.figures.measures import fen_to_yuan
from app.figures.outcomes import Quality
from app.figures.period import Period
from app.figures.report import Drill, PolicyLine, Report
from app.figures.timing import STEP_ORDER, Timing, spread
from app.figures.volume import COVER_ORDER, IssuedGroup, Volume, volume
from app.reports import facts
from app.reports.complaints import complaint_figures, complaint_policy_ids
from app.reports.renewal import NOT_KEPT, RenewalFigures
from local_db.models import Setting, User
from local_db.store import Store
from local_db.types import utcnow

HIGH_VALUE_KEY = "reports.high_value"
# docs/regulations.md §11: "e.g. commercial premium of 5,000 or more or a new-car price of
# 500,000 or more (illustrative)". The outlet changes it on the 报表 page; the rule in force is
# printed beside the figure.
HIGH_VALUE_DEFAULT = {"commercial_premium": "5000.00", "purchase_price": "500000.00"}
DRILL_LIMIT = 5000
EXPORT_CACHE_KIB = (
    -65_536
)  # SQLite's page cache for an export's policy list: 64 MiB (negative: KiB)


@dataclass(frozen=True)
class HighValueRule:
    commercial_premium: Decimal | None
    purchase_price: Decimal | None

    def describe(self, lang: str) -> str:
        zh = lang.startswith("zh")
        parts = []
        if self.commercial_premium is not None:
            amount = fmt_amount(self.commercial_premium)
            parts.append(f"商业险保费 ≥ {amount}" if zh else f"commercial premium ≥ {amount}")
        if self.purchase_price is not None:
            amount = fmt_amount(self.purchase_price)
            parts.append(f"新车购置价 ≥ {amount}" if zh else f"new-car price ≥ {amount}")
        if not parts:
            return "未设置" if zh else "not set"
        return ("或" if zh else " or ").join(parts)


def _utc_bounds(period: Period, tz: tzinfo | None) -> tuple[str, str]:
    """The period's local days as UTC ISO bounds [start, end), as the store keeps times."""
    zone = tz or datetime.now().astimezone().tzinfo
    start = datetime.combine(period.start, time.min, tzinfo=zone).astimezone(UTC)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
    return start.isoformat(timespec="microseconds"), end.isoformat(timespec="microseconds")


def _normalise_reason(reason: str) -> str:
    """Head office's reasons name figures; counted together they would never repeat."""
    return re.sub(r"\d+(?:[.,]\d+)*", "#", reason).strip()[:120] or "—"


class ReportService:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        clock: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
        renewals: RenewalFigures | None = None,
    ) -> None:
        self._store = store
        self._audit = audit
        self._clock = clock
        self._tz = tz
        # The renewal funnel and recommendations come from the work-list (app.renewals), wired
        # by the desk: one definition for the 续保 page, the command line and the reports.
        self._renewals = renewals

    # -- who sees what ----------------------------------------------------------------------
    def scope(self, actor: CurrentUser, clerk_id: int | None) -> int | None:
        """The clerk whose figures `actor` may read: their own for a clerk; any (None: the
        whole outlet) for a supervisor or administrator."""
        require(actor, Permission.ISSUE_POLICY)
        if actor.can(Permission.VIEW_OUTLET_REPORTS):
            return clerk_id
        if clerk_id not in (None, actor.user_id):
            raise PermissionDenied(
                "A clerk sees their own figures only; a supervisor sees every clerk's.",
                zh="出单员只能查看本人的业绩，查看他人业绩请联系主管。",
            )
        return actor.user_id

    def clerks(self, actor: CurrentUser) -> list[tuple[int, str]]:
        """Whom the clerk filter offers `actor`: everyone with an account for a supervisor."""
        with self._store.read() as s:
            q = select(User.id, User.display_name).order_by(User.display_name)
            if not actor.can(Permission.VIEW_OUTLET_REPORTS):
                q = q.where(User.id == actor.user_id)
            return [(i, n) for i, n in s.execute(q)]

    # -- the high-value rule (an outlet setting) ---------------------------------------------
    def high_value_rule(self) -> HighValueRule:
        with self._store.read() as s:
            row = s.get(Setting, HIGH_VALUE_KEY)
        value = row.value if row is not None else HIGH_VALUE_DEFAULT
        return HighValueRule(
            to_decimal(value["commercial_premium"]) if value.get("commercial_premium") else None,
            to_decimal(value["purchase_price"]) if value.get("purchase_price") else None,
        )

    def set_high_value_rule(
        self, actor: CurrentUser, commercial_premium: str, purchase_price: str
    ) -> HighValueRule:
        """Either amount may be left empty (not used); both empty is refused."""
        require(actor, Permission.MANAGE_SETTINGS)
        values: dict[str, str | None] = {}
        for key, given, en, zh in (
            ("commercial_premium", commercial_premium, "commercial premium", "商业险保费"),
            ("purchase_price", purchase_price, "new-car price", "新车购置价"),
        ):
            given = given.strip().replace(",", "")
            try:
                values[key] = fmt_money(to_decimal(given)) if given else None
            except ValueError as exc:
                raise InvalidInput(
                    f"The high-value {en} {given[:20]!r} {exc}; write an amount in yuan, e.g. 5000.",
                    zh=f"高价值保单的{zh}“{given[:20]}”有误：请填写金额（元），例如 5000。",
                ) from exc
        if not any(values.values()):
            raise InvalidInput(
                "Give a commercial premium or a new-car price (or both) from which a policy counts as high value.",
                zh="请至少填写商业险保费或新车购置价中的一项作为高价值保单的标准。",
            )
        with self._store.write() as s:
            require_standing(s, actor, Permission.MANAGE_SETTINGS)
            row = s.get(Setting, HIGH_VALUE_KEY)
            if row is None:
                s.add(Setting(key=HIGH_VALUE_KEY, value=values))
            else:
                row.value = values
            self._audit.record(
                s,
                actor.audit_name,
                "settings.change",
                "setting",
                HIGH_VALUE_KEY,
                f"high value: commercial {values['commercial_premium']}, price {values['purchase_price']}",
            )
        return self.high_value_rule()

    # -- the report -------------------------------------------------------------------------
    def refresh_facts(self) -> int:
        """Take the facts of newly bound policies (a write only when some are waiting)."""
        with self._store.read() as s:
            if not facts.pending(s):
                return 0
        with self._store.write() as s:
            return facts.catch_up(s, self._tz)

    def report(
        self,
        actor: CurrentUser,
        period: Period,
        clerk_id: int | None = None,
        *,
        compare: bool = True,
        today: date | None = None,
    ) -> Report:
        clerk = self.scope(actor, clerk_id)
        self.refresh_facts()
        if self._renewals is not None:
            self._renewals.refresh()
        rule = self.high_value_rule()
        today = today or self._clock().astimezone(self._tz).date()
        with self._store.read() as s:
            mark = self._audit_mark(s)  # read first: anything audited later makes it stale
            vol = self._volume(s, period, clerk, rule)
            prev = self._volume(s, period.previous(), clerk, rule) if compare else None
            names = {str(i): n for i, n in s.execute(select(User.id, User.display_name))}
            names[""] = "命令行 / command line"  # policies issued without an account
            outlet = s.execute(text("SELECT code FROM outlet ORDER BY id LIMIT 1")).scalar()
            report = Report(
                period=period,
                scope="clerk" if clerk is not None else "outlet",
                scope_name=names.get(str(clerk), str(clerk))
                if clerk is not None
                else (outlet or ""),
                generated_at=self._clock(),
                volume=vol,
                previous=prev,
                timing=self._timing(s, period, clerk),
                renewal=(
                    self._renewals.funnel(s, period.start, period.end, clerk)
                    if self._renewals is not None
                    else NOT_KEPT
                ),
                complaints=complaint_figures(
                    s,
                    period,
                    clerk,
                    vol.totals.policies,
                    vol.totals.ctpl_fen + vol.totals.commercial_fen,
                    self._tz,
                ),
                quality=self._quality(s, period, clerk, vol),
                who_names=names,
                who_kind="clerk",
                high_value_rule=rule.describe("en"),
                clerk_id=clerk,
                audit_mark=mark,
            )
        return report

    @staticmethod
    def _audit_mark(s: Session) -> int:
        return int(s.execute(text("SELECT coalesce(max(id), 0) FROM audit_event")).scalar() or 0)

    def still_current(
        self, report: Report, actor: CurrentUser, period: Period, clerk_id: int | None
    ) -> bool:
        """Whether `report` (as the window shows it) is what `report(actor, period, clerk_id)`
        would work out now: the same period and scope, and nothing audited since. Every event
        the figures count is audited (bind, refusal, endorsement, cancellation, complaint,
        renewal work, the high-value rule), so an unchanged last audit event means unchanged
        figures; an export then writes them without working them out again."""
        if report.audit_mark is None or report.period != period:
            return False
        if report.clerk_id != self.scope(actor, clerk_id) or report.scope == "head_office":
            return False
        with self._store.read() as s:
            return self._audit_mark(s) == report.audit_mark

    @staticmethod
    def _where(clerk: int | None, alias: str = "") -> str:
        a = f"{alias}." if alias else ""
        return f" AND {a}clerk_id = :clerk" if clerk is not None else ""

    def _volume(self, s: Session, period: Period, clerk: int | None, rule: HighValueRule) -> Volume:
        bits = ", ".join(f"sum((covers >> {i}) & 1)" for i in range(len(COVER_ORDER)))
        high = (
            " OR ".join(
                cond
                for cond, value in (
                    ("commercial_fen >= :hv_premium", rule.commercial_premium),
                    ("purchase_price_fen >= :hv_price", rule.purchase_price),
                )
                if value is not None
            )
            or "0"
        )
        params: dict[str, Any] = {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "clerk": clerk,
            "hv_premium": int((rule.commercial_premium or 0) * 100),
            "hv_price": int((rule.purchase_price or 0) * 100),
        }
        rows = s.execute(
            text(
                "SELECT issued_on, coalesce(clerk_id, ''), channel, state = 'rejected', count(*), "
                "sum(ctpl_fen), sum(commercial_fen), sum(tax_fen), sum(has_ctpl), "
                "sum(has_commercial), sum(has_ctpl AND has_commercial), sum(own_damage), "
                f"sum(CASE WHEN {high} THEN 1 ELSE 0 END), {bits} "
                "FROM policy_fact WHERE issued_on BETWEEN :start AND :end"
                + self._where(clerk)
                + " GROUP BY 1, 2, 3, 4"
            ),
            params,
        ).all()
        groups = [
            IssuedGroup(
                day=date.fromisoformat(r[0]),
                who=str(r[1]),
                channel=r[2],
                rejected=bool(r[3]),
                policies=r[4],
                ctpl_fen=r[5],
                commercial_fen=r[6],
                tax_fen=r[7],
                with_ctpl=r[8],
                with_commercial=r[9],
                with_both=r[10],
                own_damage=r[11],
                high_value=r[12],
                covers={code: n for code, n in zip(COVER_ORDER, r[13:], strict=True) if n},
            )
            for r in rows
        ]
        extra: dict[str, int] = defaultdict(int)
        for (codes,) in s.execute(
            text(
                "SELECT extra_covers FROM policy_fact WHERE issued_on BETWEEN :start AND :end "
                "AND extra_covers IS NOT NULL AND state != 'rejected'" + self._where(clerk)
            ),
            params,
        ):
            for code in codes.split():
                extra[code] += 1
        if extra and groups:
            first = groups[0]
            groups.append(
                IssuedGroup(first.day, first.who, first.channel, False, 0, covers=dict(extra))
            )
        limits: dict[int, int] = dict(
            s.execute(
                text(
                    "SELECT tp_limit_fen, count(*) FROM policy_fact WHERE issued_on BETWEEN "
                    ":start AND :end AND tp_limit_fen IS NOT NULL AND state != 'rejected'"
                    + self._where(clerk)
                    + " GROUP BY 1"
                ),
                params,
            ).all()
        )
        return volume(period, groups, limits)

    def _timing(self, s: Session, period: Period, clerk: int | None) -> Timing:
        cols = ", ".join(f"{step}_s" for step in STEP_ORDER)
        rows = s.execute(
            text(
                f"SELECT issue_s, {cols} FROM policy_fact WHERE issued_on BETWEEN :start AND :end "
                "AND issue_s IS NOT NULL" + self._where(clerk)
            ),
            {"start": period.start.isoformat(), "end": period.end.isoformat(), "clerk": clerk},
        ).all()
        columns = list(zip(*rows, strict=True)) if rows else [()] * (len(STEP_ORDER) + 1)
        steps = {
            step: spread([v for v in columns[i + 1] if v]) for i, step in enumerate(STEP_ORDER)
        }
        return Timing(spread(list(columns[0])), {k: v for k, v in steps.items() if v.count})

    def _events(
        self, s: Session, period: Period, clerk: int | None, action: str
    ) -> list[tuple[str, str]]:
        """(policy id, summary) of `action` audit events in the period on the scope's policies."""
        start, end = _utc_bounds(period, self._tz)
        q = (
            "SELECT DISTINCT a.object_id, a.summary FROM audit_event a "
            "JOIN policy_fact f ON f.policy_id = a.object_id "
            "WHERE a.action = :action AND a.ts >= :start AND a.ts < :end" + self._where(clerk, "f")
        )
        return [
            (r[0], r[1])
            for r in s.execute(
                text(q), {"action": action, "start": start, "end": end, "clerk": clerk}
            )
        ]

    def _quality(self, s: Session, period: Period, clerk: int | None, vol: Volume) -> Quality:
        endorsed = {pid for pid, _ in self._events(s, period, clerk, "policy.endorse")}
        cancelled = {pid for pid, _ in self._events(s, period, clerk, "policy.cancel")}
        rejections = self._events(s, period, clerk, "policy.reject")
        reasons: dict[str, int] = defaultdict(int)
        for _pid, summary in rejections:
            reasons[_normalise_reason(summary.partition(": ")[2] or summary)] += 1
        start, end = _utc_bounds(period, self._tz)
        q = (
            "SELECT kind, created_at, resolved_at FROM exception_item "
            "WHERE created_at >= :start AND created_at < :end"
        )
        if clerk is not None:
            q += " AND (assigned_to = :clerk OR created_by = :clerk)"
        opened: dict[str, int] = defaultdict(int)
        durations = []
        for kind, created, resolved in s.execute(
            text(q), {"start": start, "end": end, "clerk": clerk}
        ):
            opened[kind] += 1
            if resolved:
                durations.append(
                    (
                        datetime.fromisoformat(resolved) - datetime.fromisoformat(created)
                    ).total_seconds()
                )
        return Quality(
            issued=vol.totals.policies + vol.rejected,
            endorsed=len(endorsed),
            cancelled=len(cancelled),
            rejected=len({pid for pid, _ in rejections}),
            rejection_reasons=dict(sorted(reasons.items(), key=lambda kv: -kv[1])),
            items_opened=dict(sorted(opened.items())),
            items_resolved=len(durations),
            time_to_resolve=spread(durations),
            recommendations=(
                self._renewals.recommendations(s, period.start, period.end, clerk, self._tz)
                if self._renewals is not None
                else None
            ),
        )

    # -- drill-down ------------------------------------------------------------------------
    def drill(
        self,
        actor: CurrentUser,
        period: Period,
        drill: Drill,
        clerk_id: int | None = None,
        *,
        limit: int = DRILL_LIMIT,
        today: date | None = None,
        reveal: bool = False,
    ) -> list[PolicyLine]:
        """The policies behind a figure, newest first, at most `limit`. Names are masked unless
        `reveal` and the actor may see personal data (the caller audits that)."""
        clerk = self.scope(actor, clerk_id)
        self.refresh_facts()
        if drill.kind == "renewal" and self._renewals is not None:
            self._renewals.refresh()
        today = today or self._clock().astimezone(self._tz).date()
        clear = reveal and actor.can(Permission.REVEAL_PERSONAL_DATA)
        with self._store.read() as s:
            fact = self._fact_where(period, drill, clerk)
            if fact is not None:
                # One joined read in order (an export's hundred thousand policies take half the
                # time of reading their ids and then the lines by id).
                where, params = fact
                sql = (
                    _LINES_SELECT
                    + f"FROM (SELECT * FROM policy_fact WHERE {where}) f"
                    + _LINES_JOIN
                    + "ORDER BY f.bound_at DESC LIMIT :max_rows"
                )
                # Plain tuples from the driver's cursor, in the session's read transaction:
                # SQLAlchemy's row objects cost more than the read for an export's 100,000.
                cursor = s.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                # An export's read jumps across the policy table by id: with SQLite's usual
                # page cache a page is decrypted again and again. A larger cache for this read
                # alone decrypts each about once (a third less time for 100,000 policies).
                cache = (
                    cursor.execute("PRAGMA cache_size").fetchone()[0]
                    if limit > DRILL_LIMIT
                    else None
                )
                try:
                    if cache is not None:
                        cursor.execute(f"PRAGMA cache_size = {EXPORT_CACHE_KIB}")
                    rows = cursor.execute(sql, {**params, "max_rows": limit}).fetchall()
                finally:
                    if cache is not None:
                        cursor.execute(f"PRAGMA cache_size = {int(cache)}")
                    cursor.close()
                return self._make_lines(rows, clear)
            ids = self._drill_ids(s, period, drill, clerk, today)
            return self._lines(s, ids, limit, clear)

    def _fact_where(
        self, period: Period, drill: Drill, clerk: int | None
    ) -> tuple[str, dict[str, Any]] | None:
        """The condition on `policy_fact` that selects a figure's policies, for the figures
        that are counts of facts (None for the others: events, renewals, complaints, items)."""
        kind, value = drill.kind, drill.value
        params: dict[str, Any] = {
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "clerk": clerk,
            "value": value,
        }
        in_force = "state != 'rejected'"
        conditions = {
            "issued": in_force,
            "issued_all": "1",
            "with_ctpl": f"{in_force} AND has_ctpl",
            "with_commercial": f"{in_force} AND has_commercial",
            "with_both": f"{in_force} AND has_ctpl AND has_commercial",
            "timed": f"{in_force} AND issue_s IS NOT NULL",
            "who": f"{in_force} AND coalesce(CAST(clerk_id AS TEXT), '') = :value",
            "channel": f"{in_force} AND channel = :value",
        }
        condition = conditions.get(kind)
        if kind == "high_value":
            rule = self.high_value_rule()
            parts = []
            if rule.commercial_premium is not None:
                parts.append("commercial_fen >= :hv_premium")
                params["hv_premium"] = int(rule.commercial_premium * 100)
            if rule.purchase_price is not None:
                parts.append("purchase_price_fen >= :hv_price")
                params["hv_price"] = int(rule.purchase_price * 100)
            condition = f"{in_force} AND ({' OR '.join(parts) or '0'})"
        elif kind == "cover" and value in COVER_ORDER:
            condition = f"{in_force} AND (covers >> {COVER_ORDER.index(value)}) & 1"
        elif kind == "cover":
            condition = f"{in_force} AND (' ' || extra_covers || ' ') LIKE :pattern"
            params["pattern"] = f"% {value} %"
        elif kind == "tp_limit":
            condition = f"{in_force} AND tp_limit_fen = :limit"
            try:
                params["limit"] = int(Decimal(value) * 100)
            except ArithmeticError as exc:
                raise InvalidInput(f"{value[:20]!r} is not a limit.") from exc
        elif kind == "bucket":
            b = next((b for b in period.buckets() if b.key == value), None)
            if b is None:
                return "0", params
            params["start"], params["end"] = b.start.isoformat(), b.end.isoformat()
            condition = in_force
        if condition is None:
            return None
        return f"issued_on BETWEEN :start AND :end AND {condition}" + self._where(clerk), params

    def _drill_ids(
        self, s: Session, period: Period, drill: Drill, clerk: int | None, today: date
    ) -> list[str]:
        kind, value = drill.kind, drill.value
        fact = self._fact_where(period, drill, clerk)
        if fact is not None:
            where, params = fact
            q = f"SELECT policy_id FROM policy_fact WHERE {where} ORDER BY bound_at DESC"
            return [r[0] for r in s.execute(text(q), params)]
        if kind in _AUDITED:
            return sorted({pid for pid, _ in self._events(s, period, clerk, _AUDITED[kind])})
        if kind == "renewal":
            if self._renewals is None:
                return []
            return self._renewals.policy_ids(s, period.start, period.end, clerk, value)
        if kind == "complaints":
            return complaint_policy_ids(s, period, clerk, value)
        if kind == "items":
            start, end = _utc_bounds(period, self._tz)
            q = (
                "SELECT DISTINCT policy_id FROM exception_item WHERE policy_id IS NOT NULL "
                "AND created_at >= :start AND created_at < :end"
            )
            if value:
                q += " AND kind = :value"
            if clerk is not None:
                q += " AND (assigned_to = :clerk OR created_by = :clerk)"
            return [
                r[0]
                for r in s.execute(
                    text(q), {"start": start, "end": end, "clerk": clerk, "value": value}
                )
            ]
        raise InvalidInput(
            f"There is nothing to list for {kind[:30]!r}.", zh="该指标没有明细可列。"
        )

    def _lines(self, s: Session, ids: list[str], limit: int, clear: bool) -> list[PolicyLine]:
        # Plain rows in large chunks, the ids passed as one JSON array: ORM rows or one bound
        # parameter per id cost more than the read.
        out: list[PolicyLine] = []
        for i in range(0, min(len(ids), limit), LINES_CHUNK):
            chunk = ids[i : min(i + LINES_CHUNK, limit)]
            rows = {r[0]: r for r in s.execute(_LINES_SQL, {"ids": json.dumps(chunk)}).all()}
            out += self._make_lines([rows[pid] for pid in chunk if pid in rows], clear)
        return out

    @staticmethod
    def _make_lines(rows: Sequence[Any], clear: bool) -> list[PolicyLine]:
        out: list[PolicyLine] = []
        masked: dict[str, str] = {}
        # An export converts hundreds of thousands of lines whose days and amounts repeat
        # (standard CTPL premiums and taxes): each distinct value is converted once.
        days: dict[str, date] = {}
        yuan: dict[int, Decimal] = {}

        def to_yuan(fen: int) -> Decimal:
            amount = fen_to_yuan(fen)
            if type(fen) is int:
                yuan[fen] = amount
            return amount

        get_yuan = yuan.get
        append = out.append
        for r in rows:
            pid, issued_on, clerk_id, channel, state, ctpl, commercial, tax = r[:8]
            number, holder, kind, plate = r[8] or "", r[9] or "", r[10], r[11] or ""
            if holder and not clear and kind == "person":  # a company's name is not masked
                holder = masked.get(holder) or masked.setdefault(holder, mask_name(holder))
            day = days.get(issued_on) or days.setdefault(issued_on, date.fromisoformat(issued_on))
            if (a := get_yuan(ctpl)) is None:
                a = to_yuan(ctpl)
            if (b := get_yuan(commercial)) is None:
                b = to_yuan(commercial)
            if (c := get_yuan(tax)) is None:
                c = to_yuan(tax)
            append(
                PolicyLine(
                    pid, number, day, str(clerk_id or ""), channel, state, a, b, c, holder, plate
                )
            )
        return out


LINES_CHUNK = 5000
# A policy line: its fact, number, holder and plate (the columns _make_lines reads, in order).
_LINES_SELECT = (
    "SELECT f.policy_id, f.issued_on, f.clerk_id, f.channel, f.state, f.ctpl_fen, "
    "f.commercial_fen, f.tax_fen, p.policy_number, c.name, c.kind, v.plate "
)
_LINES_JOIN = (
    " JOIN policy p ON p.id = f.policy_id "
    "LEFT JOIN customer c ON c.id = p.policyholder_id "
    "LEFT JOIN vehicle v ON v.id = p.vehicle_id "
)
_LINES_SQL = text(
    _LINES_SELECT
    + "FROM policy_fact f"
    + _LINES_JOIN
    + "WHERE f.policy_id IN (SELECT value FROM json_each(:ids))"
)


_AUDITED = {
    "endorsed": "policy.endorse",
    "cancelled": "policy.cancel",
    "rejected": "policy.reject",
}


__all__ = ["HighValueRule", "ReportService"]
