"""Renewals as the window and the command line use them: the work-list, hand-overs, notes and call
outcomes, marking a renewal lost, the funnel, importing the book, and the outlet's settings. Every
call names its actor and is checked against the permissions; every change leaves a line in the
row's history (time and user) and an audit event."""

from __future__ import annotations

import copy
import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission, require
from app.access.standing import require_standing
from app.core.errors import InvalidInput, NotFound, PermissionDenied
from app.core.input_files import read_user_file
from app.core.limits import check_note, escaped
from app.core.masking import mask_email, mask_id_number, mask_phone
from app.core.money import fmt_money
from app.issuance.outlet import this_desk
from app.rating.commercial import MAIN_COVERS
from app.rating.installed import InstalledTables
from app.rating.recommend import Facts, recommend
from app.rating.recommend import Recommendation as Plan
from app.rating.signing import RateTableError
from app.rating.table import InceptionRules, RateTable
from app.renewals import consent, recommendations
from app.renewals.book import Book, log_event, move, new_premium, renewable_from
from app.renewals.book_import import ImportReport, Progress, import_book
from app.renewals.book_rows import BY_HEADING, MAIN_COVER_WORDS, check_row
from app.renewals.funnel import Funnel, renewal_funnel
from app.renewals.policy_scan import ScannedField, read_policy_page
from app.renewals.reminders import ReminderRun, Reminders
from app.renewals.renewal import (
    HEAD_OFFICE_KEY,
    HeadOfficeRecord,
    LastYear,
    explain_change,
    renewal_draft_data,
    renewal_request,
)
from app.renewals.settings import RenewalSettings, load_settings, save_settings
from app.renewals.states import (
    CALL_OUTCOME_NAMES,
    OPEN_STATES,
    STATE_NAMES,
    CallOutcome,
    RenewalEvent,
    RenewalState,
    lost_reason,
)
from app.renewals.worklist import PAGE, WorkList, masked_holder, work_list
from app.work_items.queue import WorkItemQueue
from local_db.models import BookEvent, BookImport, BookPolicy, Draft, Policy, Recommendation, User
from local_db.store import Store

MAX_BOOK_FILE_BYTES = 200 * 1024 * 1024  # 50,000 rows of CSV are about 15 MB


@dataclass(frozen=True)
class BookEventView:
    at: datetime
    actor: str
    kind: str
    outcome: str | None
    text: str


@dataclass(frozen=True)
class BookPolicyDetail:
    """One row of the book as the work-list's detail shows it (personal data masked)."""

    id: int
    source: str
    policy_number: str
    insurer: str
    coverage: str
    start_date: date
    end_date: date
    renewable_from: date
    state: str
    state_zh: str
    lost_reason: str | None
    holder: str
    holder_id_number: str
    phone: str | None
    email: str | None
    plate: str | None
    vin: str
    vehicle: dict[str, Any]
    covers: list[dict[str, Any]]
    history: dict[str, Any]
    premium: str | None
    quoted_premium: str | None
    renewed_premium: str | None
    assigned_to: str | None
    renewal_draft_id: str | None
    renewed_policy_id: str | None
    consent: list[str]  # the channels reminders may go on
    events: list[BookEventView]

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "events"}
        for k in ("start_date", "end_date", "renewable_from"):
            out[k] = out[k].isoformat()
        out["events"] = [
            {
                "at": e.at.isoformat(),
                "by": e.actor,
                "kind": e.kind,
                "outcome": e.outcome,
                "text": e.text,
            }
            for e in self.events
        ]
        return out


def cover_names(table: RateTable | None) -> dict[str, str]:
    """Every cover code and name an import may use (codes, the main covers' Chinese names, the
    table's riders by code and name)."""
    names = {"ctpl": "ctpl", **{c: c for c in MAIN_COVERS}, **MAIN_COVER_WORDS}
    for code, (zh, _en) in MAIN_COVERS.items():
        names[zh] = code
    if table is not None:
        for code, rider in table.commercial.riders.items():
            names[code] = code
            names[rider.name_zh] = code
    return names


class RenewalService:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        secure_settings: Any,
        home: Path,
        clock: Callable[[], datetime],
        *,
        work_items: WorkItemQueue | None = None,
        sends: bool = True,
    ) -> None:
        self._store = store
        self._audit = audit
        self._secure = secure_settings
        # False in a training session (docs/training.md): reminders are queued, never sent.
        self._sends = sends
        self._clock = clock
        self._work_items = work_items or WorkItemQueue(store, audit)
        self.tables = InstalledTables(home)
        self.book = Book(audit, clock)

    # -- keeping the book up to date ------------------------------------------------------------
    def refresh(self) -> bool:
        """Fold what was issued, cancelled or rejected since the last look into the book. Cheap
        when nothing happened (one indexed read)."""
        with self._store.read() as s:
            if not self.book.pending(s, self.book.seen(s)):
                return False
        with self._store.write() as s:
            return bool(self.book.reconcile(s))

    def today(self) -> date:
        return self._clock().astimezone().date()

    def settings(self) -> RenewalSettings:
        return load_settings(self._secure)

    def save_settings(self, actor: CurrentUser, settings: RenewalSettings) -> None:
        save_settings(self._secure, actor, settings)

    def lead_days(self) -> int:
        """How many days ahead a renewal may start (the newest rate table's setting)."""
        try:
            return self.tables.newest().inception.max_days_ahead
        except RateTableError:
            return InceptionRules().max_days_ahead

    # -- reading --------------------------------------------------------------------------------
    def work_list(
        self,
        actor: CurrentUser,
        *,
        due_within: int | None = None,
        states: tuple[RenewalState, ...] = OPEN_STATES,
        mine_only: bool = False,
        offset: int = 0,
        limit: int = PAGE,
    ) -> WorkList:
        require(actor, Permission.ISSUE_POLICY)
        self.refresh()
        window = due_within if due_within is not None else self.settings().window_days
        if not 0 <= window <= 366:
            raise InvalidInput(
                "Give the window as a number of days from 0 to 366.",
                zh="时间窗须为 0–366 天。",
            )
        with self._store.read() as s:
            return work_list(
                s,
                actor,
                self.today(),
                window,
                self.lead_days(),
                states=states,
                mine_only=mine_only,
                offset=offset,
                limit=limit,
            )

    def funnel(
        self, actor: CurrentUser, start: date, end: date, *, clerk: str | None = None
    ) -> Funnel:
        """The funnel (app.renewals.funnel) with the book brought up to date first."""
        require(actor, Permission.ISSUE_POLICY)
        if end < start:
            raise InvalidInput(
                "The period ends before it starts.", zh="统计期间的结束日期早于开始日期。"
            )
        self.refresh()
        with self._store.read() as s:
            clerk_id = None
            if clerk is not None:
                clerk_id = self._user_id(s, clerk)
            elif not actor.can(Permission.VIEW_ALL_EXCEPTIONS):
                clerk_id = actor.user_id
            if clerk_id is not None and clerk_id != actor.user_id:
                require(actor, Permission.VIEW_ALL_EXCEPTIONS)
            return renewal_funnel(s, start, end, assigned_to=clerk_id)

    def _visible_row(self, s: Session, actor: CurrentUser, row_id: int) -> BookPolicy:
        row = s.get(BookPolicy, row_id)
        if row is None or not (
            actor.can(Permission.VIEW_ALL_EXCEPTIONS) or row.assigned_to in (None, actor.user_id)
        ):
            raise NotFound(
                f"There is no renewal {row_id} on your work-list.",
                zh=f"您的续保清单中没有第 {row_id} 条。",
            )
        return row

    def find(self, actor: CurrentUser, number: str) -> int:
        """A book row by its policy number (the newest, should two insurers share a number)."""
        require(actor, Permission.ISSUE_POLICY)
        self.refresh()
        with self._store.read() as s:
            ids = list(
                s.execute(
                    select(BookPolicy.id)
                    .where(BookPolicy.policy_number == number.strip())
                    .order_by(BookPolicy.end_date.desc())
                ).scalars()
            )
            for row_id in ids:
                try:
                    self._visible_row(s, actor, row_id)
                except NotFound:
                    continue
                return row_id
        raise NotFound(
            f"There is no policy {number[:40]!r} in the book that you can see; check the number "
            "(`chudan renewals list`).",
            zh=f"续保清单中找不到保单 {number[:40]}，请核对保单号。",
        )

    def detail(self, actor: CurrentUser, row_id: int) -> BookPolicyDetail:
        require(actor, Permission.ISSUE_POLICY)
        self.refresh()
        with self._store.read() as s:
            row = self._visible_row(s, actor, row_id)
            who = s.get(User, row.assigned_to) if row.assigned_to else None
            events = [
                BookEventView(e.at, e.actor, e.kind, e.outcome, e.text)
                for e in s.execute(
                    select(BookEvent)
                    .where(BookEvent.book_policy_id == row.id)
                    .order_by(BookEvent.id)
                ).scalars()
            ]
            channels = consent.consented(s, [row.holder_id_number])[row.holder_id_number]
            renewed = new_premium(s, row.renewed_policy_id)
            return BookPolicyDetail(
                row.id,
                row.source,
                row.policy_number,
                row.insurer,
                row.coverage,
                row.start_date,
                row.end_date,
                renewable_from(row.end_date, self.lead_days()),
                row.state,
                STATE_NAMES[RenewalState(row.state)][0],
                row.lost_reason,
                masked_holder(row.holder_kind, row.holder_name),
                mask_id_number(row.holder_id_number),
                mask_phone(row.holder_phone) if row.holder_phone else None,
                mask_email(row.holder_email) if row.holder_email else None,
                row.plate,
                row.vin,
                dict(row.vehicle or {}),
                list(row.covers or []),
                dict(row.history or {}),
                fmt_money(row.premium) if row.premium is not None else None,
                fmt_money(row.quoted_premium) if row.quoted_premium is not None else None,
                fmt_money(renewed) if renewed is not None else None,
                who.username if who else None,
                row.renewal_draft_id,
                row.renewed_policy_id,
                sorted(channels),
                events,
            )

    def contact_details(self, actor: CurrentUser, row_id: int) -> dict[str, str | None]:
        """The customer's phone and e-mail in full, to call them: for the clerk the renewal is
        handed to, or someone who may reveal personal data. Audited every time."""
        require(actor, Permission.ISSUE_POLICY)
        with self._store.write() as s:
            row = self._visible_row(s, actor, row_id)
            if row.assigned_to != actor.user_id and not actor.can(Permission.REVEAL_PERSONAL_DATA):
                raise PermissionDenied(
                    "Take the renewal first (or ask a supervisor): the customer's number is shown "
                    "to the clerk who calls them.",
                    zh="请先认领该续保（或请主管处理）：客户电话只向负责跟进的出单员显示。",
                )
            require_standing(s, actor, Permission.ISSUE_POLICY)
            self._audit.record(
                s,
                actor.audit_name,
                "renewal.contact_shown",
                "book_policy",
                row.id,
                f"contact details of {row.policy_number} shown to call the customer",
            )
            return {"phone": row.holder_phone, "email": row.holder_email}

    # -- changing -------------------------------------------------------------------------------
    @staticmethod
    def _user_id(s: Session, username: str) -> int:
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None or user.disabled:
            raise NotFound(
                f"There is no active user called {username[:32]!r}.",
                zh=f"没有名为 {username[:32]} 的有效用户。",
            )
        return user.id

    def assign(self, actor: CurrentUser, row_ids: list[int], username: str) -> int:
        """Hand renewals to a clerk (a clerk may take unassigned ones for themselves)."""
        require(actor, Permission.ISSUE_POLICY)
        self_take = username == actor.username
        if not self_take:
            require(actor, Permission.MANAGE_BOOK)
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            user_id = self._user_id(s, username)
            now = self._clock()
            for row_id in row_ids:
                row = self._visible_row(s, actor, row_id)
                if (
                    self_take
                    and row.assigned_to not in (None, actor.user_id)
                    and not actor.can(Permission.MANAGE_BOOK)
                ):
                    raise PermissionDenied(
                        "This renewal is handed to someone else; ask a supervisor.",
                        zh="该续保已分配给他人，请联系主管。",
                    )
                row.assigned_to = user_id
                log_event(
                    s, row, actor.audit_name, "assign", username, user_id=actor.user_id, at=now
                )
            self._audit.record(
                s,
                actor.audit_name,
                "renewal.assign",
                "book_policy",
                ",".join(str(i) for i in row_ids)[:64],
                f"{len(row_ids)} renewal(s) to {username}",
            )
            return len(row_ids)

    def note(
        self,
        actor: CurrentUser,
        row_id: int,
        text: str,
        *,
        call: CallOutcome | str | None = None,
    ) -> None:
        """A note, or a call's outcome with a note: kept with time and user. A call that reached
        the customer moves a due renewal to contacted."""
        require(actor, Permission.ISSUE_POLICY)
        text = check_note(text, "The note", "备注")
        outcome = CallOutcome(call) if call is not None else None
        if outcome is None and not text:
            raise InvalidInput("The note is empty.", zh="备注为空。")
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            row = self._visible_row(s, actor, row_id)
            now = self._clock()
            log_event(
                s,
                row,
                actor.audit_name,
                "call" if outcome else "note",
                text,
                user_id=actor.user_id,
                outcome=outcome.value if outcome else None,
                at=now,
            )
            if outcome in (CallOutcome.REACHED, CallOutcome.CALL_BACK):
                if row.state in (RenewalState.DUE.value, RenewalState.CONTACTED.value):
                    move(
                        s,
                        row,
                        RenewalEvent.CONTACT,
                        actor.audit_name,
                        CALL_OUTCOME_NAMES[outcome][0],
                        user_id=actor.user_id,
                        at=now,
                    )
            self._audit.record(
                s,
                actor.audit_name,
                "renewal.call" if outcome else "renewal.note",
                "book_policy",
                row.id,
                (f"{outcome.value}: " if outcome else "") + text,
            )

    def mark_quoted(self, actor: CurrentUser, row_id: int, premium: Any = None) -> None:
        """The customer was given a price (by phone, say), optionally with the amount."""
        from app.core.money import to_decimal

        require(actor, Permission.ISSUE_POLICY)
        amount = None
        if premium not in (None, ""):
            try:
                amount = to_decimal(str(premium))
            except ValueError as exc:
                raise InvalidInput(
                    f"The quoted premium {exc}.", zh="报价金额有误，请写作 3650.00 这样的金额。"
                ) from exc
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            row = self._visible_row(s, actor, row_id)
            move(
                s,
                row,
                RenewalEvent.QUOTE,
                actor.audit_name,
                fmt_money(amount) if amount is not None else "",
                user_id=actor.user_id,
                at=self._clock(),
            )
            if amount is not None:
                row.quoted_premium = amount
            self._audit.record(
                s, actor.audit_name, "renewal.quote", "book_policy", row.id, row.policy_number
            )

    def mark_lost(self, actor: CurrentUser, row_id: int, reason: str, note: str = "") -> None:
        """The renewal is lost, with its reason (转保 to another insurer, sold, scrapped,
        unreachable, other). The row stays in the book and the funnel."""
        require(actor, Permission.ISSUE_POLICY)
        why = lost_reason(reason)
        note = check_note(note, "The note", "备注")
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            row = self._visible_row(s, actor, row_id)
            move(
                s,
                row,
                RenewalEvent.LOSE,
                actor.audit_name,
                why.value + (f": {note}" if note else ""),
                user_id=actor.user_id,
                at=self._clock(),
            )
            row.lost_reason = why.value
            self._audit.record(
                s,
                actor.audit_name,
                "renewal.lost",
                "book_policy",
                row.id,
                f"{row.policy_number}: {why.value}" + (f" ({note})" if note else ""),
            )

    def reopen(self, actor: CurrentUser, row_id: int, note: str) -> None:
        """A renewal marked lost by mistake (or the customer came back): due again."""
        require(actor, Permission.MANAGE_BOOK)
        note = check_note(note, "The note", "备注")
        if not note:
            raise InvalidInput("Say why it is reopened.", zh="请填写重新跟进的原因。")
        with self._store.write() as s:
            require_standing(s, actor, Permission.MANAGE_BOOK)
            row = self._visible_row(s, actor, row_id)
            move(
                s,
                row,
                RenewalEvent.REOPEN,
                actor.audit_name,
                note,
                user_id=actor.user_id,
                at=self._clock(),
            )
            self._audit.record(s, actor.audit_name, "renewal.reopen", "book_policy", row.id, note)

    def record_consent(
        self,
        actor: CurrentUser,
        row_id: int,
        channels: dict[str, bool],
        *,
        source: str = "desk",
    ) -> None:
        """The customer agreed to (or withdrew from) renewal reminders on these channels, after
        the clerk read them the consent text (app.renewals.consent)."""
        require(actor, Permission.ISSUE_POLICY)
        for channel in channels:
            consent.check_channel(channel)
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            row = self._visible_row(s, actor, row_id)
            for channel, given in channels.items():
                if given and channel == "sms" and not row.holder_phone:
                    raise InvalidInput(
                        "There is no mobile number for this customer: add it before SMS reminders.",
                        zh="该客户没有手机号码，无法发送短信提醒。",
                    )
                if given and channel == "email" and not row.holder_email:
                    raise InvalidInput(
                        "There is no e-mail address for this customer: add it before e-mail reminders.",
                        zh="该客户没有电子邮箱，无法发送邮件提醒。",
                    )
                consent.record(
                    s,
                    row.holder_id_number,
                    channel,
                    given,
                    source=source,
                    recorded_by=actor.audit_name,
                )
            summary = ", ".join(f"{c} {'yes' if g else 'withdrawn'}" for c, g in channels.items())
            log_event(
                s,
                row,
                actor.audit_name,
                "consent",
                summary,
                user_id=actor.user_id,
                at=self._clock(),
            )
            self._audit.record(
                s,
                actor.audit_name,
                "consent.reminders",
                "customer",
                mask_id_number(row.holder_id_number),
                f"renewal reminders: {summary} (text {consent.CONSENT_TEXT_VERSION})",
            )

    # -- importing the book ---------------------------------------------------------------------
    def import_file(
        self,
        actor: CurrentUser,
        path: str | Path,
        *,
        all_or_nothing: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        content = read_user_file(path, what="the policies to import", max_bytes=MAX_BOOK_FILE_BYTES)
        return self.import_content(
            actor,
            content,
            Path(path).name,
            all_or_nothing=all_or_nothing,
            progress=progress,
        )

    def import_content(
        self,
        actor: CurrentUser,
        content: bytes,
        file_name: str,
        *,
        all_or_nothing: bool = False,
        progress: Progress | None = None,
    ) -> ImportReport:
        require(actor, Permission.MANAGE_BOOK)
        try:
            table: RateTable | None = self.tables.newest()
        except RateTableError:
            table = None
        with self._store.write() as s:
            require_standing(s, actor, Permission.MANAGE_BOOK)
            report = import_book(
                s,
                content=content,
                file_name=file_name,
                actor_name=actor.audit_name,
                today=self.today(),
                cover_names=cover_names(table),
                all_or_nothing=all_or_nothing,
                progress=progress,
            )
            if report.stored:
                self._audit.record(
                    s,
                    actor.audit_name,
                    "book.import",
                    "book_import",
                    report.import_id or "",
                    f"{file_name[:80]}: {report.added} added, {report.already} already in the "
                    f"book, {report.refused_rows} refused",
                )
        return report

    # -- one-click renewal ----------------------------------------------------------------------
    def _renewable(self, s: Session, actor: CurrentUser, row_id: int) -> BookPolicy:
        row = self._visible_row(s, actor, row_id)
        if row.state == RenewalState.RENEWED.value:
            raise InvalidInput(
                f"{row.policy_number} is renewed already; see the policies page.",
                zh=f"保单 {row.policy_number} 已续保，请在保单页查看。",
            )
        if row.state == RenewalState.VOID.value:
            raise InvalidInput(
                f"{row.policy_number} was cancelled or rejected: there is nothing to renew.",
                zh=f"保单 {row.policy_number} 已注销或被退回，无需续保。",
            )
        first = renewable_from(row.end_date, self.lead_days())
        if self.today() < first:
            raise InvalidInput(
                f"{row.policy_number} may be renewed from {first} (the rate table lets cover "
                f"start at most {self.lead_days()} days after issue); call the customer until then.",
                zh=f"保单 {row.policy_number} 自 {first} 起方可续保（费率表规定起保日期最多在出单后 "
                f"{self.lead_days()} 天内）。",
            )
        return row

    def _ncd_section(self) -> Any:
        try:
            return self.tables.newest().commercial.ncd
        except RateTableError:
            return None

    def start_renewal(
        self,
        actor: CurrentUser,
        row_id: int,
        *,
        claims: int | None = None,
        record: HeadOfficeRecord | None = None,
    ) -> str:
        """续保 on a work-list row: a draft of this year's policy pre-filled from the expiring one
        (app.renewals.renewal), which the issuance wizard opens like any draft. An open renewal
        draft of the row is resumed rather than made twice. `claims`: during the expiring term,
        when the customer or the platform says (None: not known; the level is then to verify).
        `record`: head office's claims-register answer, asked by the caller while online; it
        wins over `claims` and the estimate, and the row keeps it so the coverage step can say
        where the level came from."""
        require(actor, Permission.ISSUE_POLICY)
        if claims is not None and not 0 <= claims <= 99:
            raise InvalidInput(
                "Claims last year are a number from 0 to 99.", zh="上年出险次数须为 0–99。"
            )
        self.refresh()
        ncd = self._ncd_section()
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            row = self._renewable(s, actor, row_id)
            if row.renewal_draft_id:
                old = s.get(Draft, row.renewal_draft_id)
                if (
                    old is not None
                    and old.status == "open"
                    and (
                        old.created_by == actor.user_id or actor.can(Permission.VIEW_ALL_EXCEPTIONS)
                    )
                ):
                    return old.id
            history = dict(row.history or {})
            if claims is None and isinstance(history.get("claims_last_year"), int):
                claims = history["claims_last_year"]  # as the imported file says
            if record is not None:
                row.history = {**history, HEAD_OFFICE_KEY: record.as_dict()}
            elif HEAD_OFFICE_KEY in history:  # an older answer is not this renewal's source
                row.history = {k: v for k, v in history.items() if k != HEAD_OFFICE_KEY}
            draft_id = str(uuid.uuid4())
            # Issued here, the customer's consent is on record (the issuance audits it): the
            # wizard opens on the coverage step, last year beside this year. From another
            # system: on the customer step, to ask for it.
            here = row.source == "issued"
            s.add(
                Draft(
                    id=draft_id,
                    created_by=actor.user_id,
                    step="coverage" if here else "customer",
                    data=renewal_draft_data(
                        row, self.today(), claims, ncd, consent_on_record=here, record=record
                    ),
                )
            )
            s.flush()  # the draft before the row that points at it (no ORM relationship orders them)
            row.renewal_draft_id = draft_id
            if row.assigned_to is None:
                row.assigned_to = actor.user_id
            log_event(
                s,
                row,
                actor.audit_name,
                "renewal",
                "renewal draft opened"
                + (
                    f"; NCD level {record.ncd_level} from head office's claims register "
                    f"({record.as_of})"
                    if record is not None
                    else "; NCD level estimated (head office not asked or not answering)"
                ),
                user_id=actor.user_id,
                at=self._clock(),
            )
            self._audit.record(
                s,
                actor.audit_name,
                "draft.create",
                "draft",
                draft_id,
                f"renewal of {row.policy_number}",
            )
            return draft_id

    def renewal_request(
        self,
        actor: CurrentUser,
        row_id: int,
        answers: dict[str, Any],
        record: HeadOfficeRecord | None = None,
    ) -> dict[str, Any]:
        """This year's policy request for a headless renewal (`chudan renewals renew`): the
        book's parties, vehicle, covers and moved-on history, overlaid with `answers` (what the
        customer gives this year: consent, signature, payments, and any change; `claims`: during
        the expiring term). The caller issues it (IssuanceService.issue); the book then finds the
        renewal by its vehicle and dates."""
        require(actor, Permission.ISSUE_POLICY)
        if not isinstance(answers, dict):
            raise InvalidInput(
                "The renewal request is a JSON object (see docs/renewals.md).",
                zh="续保请求须为 JSON 对象（见文档）。",
            )
        answers = copy.deepcopy(answers)
        claims = answers.pop("claims", None)
        if claims is not None and (
            not isinstance(claims, int) or isinstance(claims, bool) or not 0 <= claims <= 99
        ):
            raise InvalidInput(
                "claims (during the expiring term) is a whole number from 0 to 99.",
                zh="claims（上一保险期间出险次数）须为 0–99 的整数。",
            )
        self.refresh()
        ncd = self._ncd_section()
        with self._store.read() as s:
            row = self._renewable(s, actor, row_id)
            if claims is None and isinstance((row.history or {}).get("claims_last_year"), int):
                claims = row.history["claims_last_year"]
            base = renewal_request(row, self.today(), claims, ncd, record)
        for key in ("policyholder", "vehicle"):
            if isinstance(answers.get(key), dict):
                base[key] = {**base[key], **answers.pop(key)}
        if "plan" in answers:
            base.pop("coverages", None)
        base.update(answers)
        return base

    def renewal_for_draft(self, draft_id: str | None) -> LastYear | None:
        """Last year's policy, when `draft_id` is a renewal's draft (else None)."""
        if not draft_id:
            return None
        with self._store.read() as s:
            row = s.execute(
                select(BookPolicy).where(BookPolicy.renewal_draft_id == draft_id)
            ).scalar_one_or_none()
            if row is None:
                return None
            version = None
            if row.policy_id:
                p = s.get(Policy, row.policy_id)
                version = p.rate_table_version if p is not None else None
            return LastYear(
                row.premium_ctpl,
                row.premium_commercial,
                tuple(c.get("code", "") for c in row.covers or []),
                (row.history or {}).get("ncd_level"),
                row.start_date,
                row.insurer,
                version,
                HeadOfficeRecord.from_answer((row.history or {}).get(HEAD_OFFICE_KEY)),
            )

    def draft_priced(self, actor: CurrentUser, draft_id: str | None, total: Any) -> None:
        """The coverage step showed a renewal draft's premium to the customer: the renewal is
        已报价 (quoted), with the premium, if it was still due or contacted. Nothing for a draft
        that is not a renewal's."""
        if not draft_id:
            return
        with self._store.write() as s:
            row = s.execute(
                select(BookPolicy).where(BookPolicy.renewal_draft_id == draft_id)
            ).scalar_one_or_none()
            if row is None or row.state not in (
                RenewalState.DUE.value,
                RenewalState.CONTACTED.value,
            ):
                if row is not None and row.state == RenewalState.QUOTED.value:
                    row.quoted_premium = total
                return
            move(
                s,
                row,
                RenewalEvent.QUOTE,
                actor.audit_name,
                f"priced in the wizard: {fmt_money(total)}",
                user_id=actor.user_id or None,
                at=self._clock(),
            )
            row.quoted_premium = total

    def explain(self, draft_id: str | None, quote: Any) -> list[tuple[str, str]]:
        """The coverage step's "last year vs this year" lines for a renewal's draft (none for a
        new policy)."""
        last = self.renewal_for_draft(draft_id)
        if last is None:
            return []
        return explain_change(last, quote, self.tables.load(quote.rate_table_version))

    # -- recommendations ------------------------------------------------------------------------
    def recommend(
        self, actor: CurrentUser, request: dict[str, Any], draft_id: str | None = None
    ) -> Plan | None:
        """The plan the rate table's rules propose for this request (new business or a renewal),
        with its reasons; kept with the draft, if any, so that its outcome (taken, changed,
        ignored) is recorded when the policy is bound. None: the vehicle is not yet described
        enough to recommend for, or the table has no rules."""
        require(actor, Permission.ISSUE_POLICY)
        v = request.get("vehicle") or {}
        try:
            table = self.tables.newest()
            start = date.fromisoformat(str(request.get("start_date") or ""))
            first = date.fromisoformat(str(v.get("first_registration") or ""))
            price = Decimal(str(v.get("purchase_price") or ""))
        except (RateTableError, ValueError, InvalidOperation):
            return None
        seats = v.get("seats")
        with self._store.read() as s:
            outlet, _device = this_desk(s)
            row = None
            if draft_id:
                row = s.execute(
                    select(BookPolicy).where(BookPolicy.renewal_draft_id == draft_id)
                ).scalar_one_or_none()
            history = dict(row.history or {}) if row is not None else {}
            # Head office's claims register, when the renewal took it, knows the claims best.
            record = HeadOfficeRecord.from_answer(history.get(HEAD_OFFICE_KEY))
            claims = record.claims_last_year if record else history.get("claims_last_year")
            facts = Facts(
                vehicle_class=str(v.get("class") or ""),
                usage=str(v.get("usage") or "A"),
                fuel=str(v.get("fuel") or "petrol"),
                first_registration=first,
                purchase_price=price,
                seats=seats if isinstance(seats, int) else None,
                start_date=start,
                region=outlet.region_code,
                last_covers=list(row.covers) if row is not None and row.covers else None,
                claims=claims if isinstance(claims, int) else None,
            )
        plan = recommend(table, facts)
        if plan is None or not draft_id:
            return plan
        with self._store.write() as s:
            recommendations.keep(
                s,
                draft_id,
                plan,
                shown_by=actor.user_id or None,
                book_policy_id=row.id if row is not None else None,
                at=self._clock(),
            )
        return plan

    def recommendation_applied(self, actor: CurrentUser, draft_id: str) -> None:
        """The clerk took the recommended plan into the draft (they may still change it)."""
        require(actor, Permission.ISSUE_POLICY)
        with self._store.write() as s:
            for row in s.execute(
                select(Recommendation).where(
                    Recommendation.draft_id == draft_id, Recommendation.outcome.is_(None)
                )
            ).scalars():
                row.applied_at = self._clock()

    def recommendation_counts(self, actor: CurrentUser, start: date, end: date) -> dict[str, int]:
        """Recommendations decided in the period: taken, changed, ignored (for the reports)."""
        require(actor, Permission.ISSUE_POLICY)
        self.refresh()
        with self._store.read() as s:
            return recommendations.counts(s, start, end)

    # -- reminders ------------------------------------------------------------------------------
    def remind(self, actor: CurrentUser, *, dry_run: bool = False) -> ReminderRun:
        """Queue the reminders due now (consent, lead times) and send those that may go (not in
        the quiet hours; by the outlet's SMTP account and the insurer's SMS gateway). The sync
        worker and `chudan renewals remind` call it; `dry_run` says what would go and stores
        nothing."""
        from app.delivery.service import load_smtp
        from app.delivery.sms import sms_gateway

        require(actor, Permission.ISSUE_POLICY)
        self.refresh()
        with self._store.read() as s:
            outlet, _device = this_desk(s)
            name = outlet.name
        return Reminders(self._store, self._audit, self._work_items, self._clock).run(
            self.settings(),
            load_smtp(self._secure) if self._sends else None,
            sms_gateway(self._secure) if self._sends else None,
            name,
            dry_run=dry_run,
        )

    # -- a paper policy, scanned ----------------------------------------------------------------
    def scan_paper_policy(
        self, actor: CurrentUser, image: str | Path | bytes, ocr: Any
    ) -> dict[str, ScannedField]:
        """The fields OCR reads on a paper policy's first page (app.renewals.policy_scan), for the
        clerk to confirm one by one. `ocr`: the window's app.ocr.OcrService (its engine loaded)."""
        from app.ocr.images import load_image
        from app.ocr.layout import group_lines

        require(actor, Permission.MANAGE_BOOK)
        try:
            table: RateTable | None = self.tables.newest()
        except RateTableError:
            table = None
        lines = [ln.text for ln in group_lines(ocr.engine.read(load_image(image)))]
        return read_policy_page(lines, cover_names(table))

    def add_paper_policy(
        self,
        actor: CurrentUser,
        fields: dict[str, str],
        *,
        image: bytes = b"",
        file_name: str = "paper policy",
    ) -> int:
        """A paper policy joins the book once the clerk has confirmed every field (the columns of
        an import file, checked by the same rules). Refused with every problem listed, or when it
        is in the book already."""
        require(actor, Permission.MANAGE_BOOK)
        try:
            table: RateTable | None = self.tables.newest()
        except RateTableError:
            table = None
        raw = {k: str(v or "") for k, v in fields.items() if k in BY_HEADING}
        checked = check_row(raw, self.today(), cover_names(table))
        if isinstance(checked, list):
            raise InvalidInput(
                "The policy cannot join the book: "
                + "; ".join(f"{p.column} {p.en}" for p in checked)
                + ".",
                zh="该保单不能加入续保清单："
                + "；".join(f"{p.column}{p.zh}" for p in checked)
                + "。",
            )
        with self._store.write() as s:
            require_standing(s, actor, Permission.MANAGE_BOOK)
            insurer, number = checked.key
            if s.execute(
                select(BookPolicy.id).where(
                    BookPolicy.insurer == insurer, BookPolicy.policy_number == number
                )
            ).first():
                raise InvalidInput(
                    f"Policy {number} of {insurer} is in the book already.",
                    zh=f"{insurer}的保单 {number} 已在续保清单中。",
                )
            record = BookImport(
                source="scan",
                file_name=escaped(Path(file_name).name, 200),
                sha256=hashlib.sha256(image).hexdigest(),
                mode="rows",
                imported_by=actor.audit_name,
                rows_total=1,
                rows_added=1,
                rows_already=0,
                rows_refused=0,
                refused=[],
            )
            s.add(record)
            s.flush()
            row = BookPolicy(**checked.values, source="imported", import_id=record.id, state="due")
            s.add(row)
            s.flush()
            log_event(
                s, row, actor.audit_name, "state", "scanned from paper", user_id=actor.user_id
            )
            self._audit.record(
                s, actor.audit_name, "book.scan", "book_policy", row.id, f"{number} ({insurer})"
            )
            return row.id
