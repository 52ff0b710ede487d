"""Searching, opening, reviewing and purging the archive. Everyone at the desk may search it;
opening an ID-card image needs Permission.VIEW_ID_IMAGES (supervisors, administrators); every
opening is audited (`archive.view`), every purge too (`archive.purge`). Retention periods per
category are an outlet setting (administrators)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission, require, system_actor
from app.access.standing import require_standing
from app.archive import index
from app.archive.categories import SENSITIVE, Category, category_name
from app.archive.keys import KEY_SETTING, digest, normalise
from app.core.errors import InvalidInput, NotFound, PermissionDenied
from app.core.limits import escaped
from app.core.masking import mask_name
from local_db.models import (
    ArchiveEntry,
    ArchiveKey,
    Customer,
    Document,
    Policy,
    PolicyChange,
    Setting,
    User,
    Vehicle,
)
from local_db.store import Store
from local_db.types import utcnow

RETENTION_KEY = "archive.retention_days"
MAX_QUERY = 100
MIN_FULL_TEXT = 3  # the trigram index finds three characters or more


@dataclass(frozen=True)
class Hit:
    document_id: int
    category: str
    filename: str
    doc_date: date
    policy_number: str | None
    plate: str | None
    holder: str  # masked
    added_by: str | None
    matched: str  # id_number | phone | name | plate | vin | policy | change | text
    review: bool
    purged: bool
    added_by_id: int | None = None
    transaction_ref: str | None = None  # the change (批改, 退保) a 批单 belongs to: its id
    change_number: str | None = None  # … and its 批单号


@dataclass(frozen=True)
class Opened:
    hit: Hit
    mime_type: str
    content: bytes
    text: str  # what was read from it (OCR or the PDF's own text)


@dataclass(frozen=True)
class SearchFilter:
    category: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    clerk_id: int | None = None
    review_only: bool = False


def _pdf_text(content: bytes) -> str:
    import io

    import pypdfium2 as pdfium  # loaded only when a PDF is opened

    try:
        pdf = pdfium.PdfDocument(io.BytesIO(content))
    except pdfium.PdfiumError:
        return ""
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def _fts_phrase(q: str) -> str:
    return '"' + q.replace('"', '""') + '"'


class ArchiveService:
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

    # -- keeping the index up to date --------------------------------------------------------
    def refresh(self) -> int:
        """Index what was added or linked since (a write only when something waits)."""
        with self._store.read() as s:
            if not index.pending(s):
                return 0
        with self._store.write() as s:
            return index.catch_up(s, self._tz)

    # -- search ----------------------------------------------------------------------------
    def search(
        self,
        actor: CurrentUser,
        query: str,
        where: SearchFilter | None = None,
        *,
        limit: int = 50,
    ) -> list[Hit]:
        """One box: a policy number, plate, VIN, name, ID number or phone finds its documents
        exactly (through the keyed digests); three characters or more also search the text.
        An empty query lists the newest documents that match the filters."""
        require(actor, Permission.ISSUE_POLICY)
        where = where or SearchFilter()
        q = query.strip()
        if len(q) > MAX_QUERY:
            raise InvalidInput(
                f"Search for at most {MAX_QUERY} characters.", zh=f"搜索内容最多 {MAX_QUERY} 个字。"
            )
        self.refresh()
        with self._store.read() as s:
            found: dict[int, str] = {}
            if q:
                row = s.get(Setting, KEY_SETTING)
                if row is not None:
                    d = digest(bytes.fromhex(row.value), q)
                    for doc_id, kind in s.execute(
                        select(ArchiveKey.document_id, ArchiveKey.kind)
                        .where(ArchiveKey.digest == d)
                        .order_by(ArchiveKey.document_id.desc())
                        .limit(limit * 4)
                    ):
                        found.setdefault(doc_id, kind)
                # Numbers that could be an ID number or a phone are never looked for in the
                # text (it holds them masked).
                looks_personal = re.fullmatch(r"\d{11}|\d{15}|\d{17}[\dXx]", normalise(q))
                # A whole policy number, plate or VIN found exactly needs no substring search:
                # what carries it is linked to it or was indexed by it. Words (names, places)
                # are also looked for in the text.
                whole_number = bool(found) and re.fullmatch(
                    r"[0-9A-Z-]+|\w[A-Z0-9]{5,7}", normalise(q)
                )
                if len(q) >= MIN_FULL_TEXT and not looks_personal and not whole_number:
                    sql, params = self._filtered(
                        "SELECT f.rowid FROM archive_fts f JOIN archive_entry e "
                        "ON e.document_id = f.rowid WHERE archive_fts MATCH :q",
                        where,
                    )
                    params.update(q=_fts_phrase(q), n=limit)
                    for (doc_id,) in s.execute(
                        text(sql + " ORDER BY f.rowid DESC LIMIT :n"), params
                    ):
                        found.setdefault(doc_id, "text")
            else:
                sql, params = self._filtered(
                    "SELECT e.document_id FROM archive_entry e WHERE 1", where
                )
                params["n"] = limit
                for (doc_id,) in s.execute(
                    text(sql + " ORDER BY e.document_id DESC LIMIT :n"), params
                ):
                    found[doc_id] = ""
            hits = self._hits(s, found)
        return [h for h in hits if self._passes(h, where)][:limit]

    @staticmethod
    def _filtered(sql: str, where: SearchFilter) -> tuple[str, dict[str, Any]]:
        params: dict[str, Any] = {}
        if where.category:
            sql += " AND e.category = :category"
            params["category"] = where.category
        if where.date_from:
            sql += " AND e.doc_date >= :date_from"
            params["date_from"] = where.date_from.isoformat()
        if where.date_to:
            sql += " AND e.doc_date <= :date_to"
            params["date_to"] = where.date_to.isoformat()
        if where.clerk_id is not None:
            sql += " AND e.added_by = :clerk"
            params["clerk"] = where.clerk_id
        if where.review_only:
            sql += " AND e.review = 1"
        return sql, params

    @staticmethod
    def _passes(h: Hit, where: SearchFilter) -> bool:
        return (
            (not where.category or h.category == where.category)
            and (where.date_from is None or h.doc_date >= where.date_from)
            and (where.date_to is None or h.doc_date <= where.date_to)
            and (where.clerk_id is None or h.added_by_id == where.clerk_id)
            and (not where.review_only or h.review)
        )

    def _hits(self, s: Session, found: dict[int, str]) -> list[Hit]:
        if not found:
            return []
        rows = s.execute(
            select(
                ArchiveEntry,
                Document.filename,
                Policy.policy_number,
                Vehicle.plate,
                Customer.name,
                Customer.kind,
                User.username,
                PolicyChange.number,
            )
            .join(Document, Document.id == ArchiveEntry.document_id)
            .outerjoin(PolicyChange, PolicyChange.id == ArchiveEntry.transaction_ref)
            .outerjoin(Policy, Policy.id == ArchiveEntry.policy_id)
            .outerjoin(Vehicle, Vehicle.id == Policy.vehicle_id)
            .outerjoin(Customer, Customer.id == ArchiveEntry.customer_id)
            .outerjoin(User, User.id == ArchiveEntry.added_by)
            .where(ArchiveEntry.document_id.in_(list(found)))
        ).all()
        by_id = {r[0].document_id: r for r in rows}
        out = []
        for doc_id, matched in found.items():
            r = by_id.get(doc_id)
            if r is None:
                continue
            e, filename, number, plate, name, party, who, change_number = r
            holder = (mask_name(name) if party == "person" else name) if name else ""
            out.append(
                Hit(
                    doc_id,
                    e.category,
                    filename or "",
                    date.fromisoformat(e.doc_date),
                    number,
                    plate,
                    holder,
                    who,
                    matched,
                    bool(e.review),
                    e.purged_at is not None,
                    e.added_by,
                    e.transaction_ref,
                    change_number,
                )
            )
        return out

    def adders(self, actor: CurrentUser) -> list[tuple[int, str]]:
        """Who added documents (id, name shown), for the "added by" filter (whoever may search
        sees every document, so every name is offered)."""
        require(actor, Permission.ISSUE_POLICY)
        self.refresh()
        with self._store.read() as s:
            q = (
                select(User.id, User.display_name, User.username)
                .where(User.id.in_(select(ArchiveEntry.added_by).distinct()))
                .order_by(User.display_name)
            )
            return [(uid, shown or name) for uid, shown, name in s.execute(q)]

    # -- opening a document ------------------------------------------------------------------
    def open(self, actor: CurrentUser, document_id: int) -> Opened:
        """The document's content and text, audited; an ID-card image only for the roles that
        may see it."""
        require(actor, Permission.ISSUE_POLICY)
        self.refresh()
        with self._store.write() as s:
            entry = s.get(ArchiveEntry, document_id)
            doc = s.get(Document, document_id)
            if entry is None or doc is None:
                raise NotFound(
                    f"There is no document {document_id} in the archive.",
                    zh=f"单证库中没有编号为 {document_id} 的单证。",
                )
            if entry.category in SENSITIVE and not actor.can(Permission.VIEW_ID_IMAGES):
                raise PermissionDenied(
                    "ID-card images are shown only to supervisors and administrators; ask one to open it.",
                    zh="身份证影像仅主管和管理员可查看，请联系主管。",
                )
            require_standing(s, actor, Permission.ISSUE_POLICY)
            if entry.purged_at is not None:
                raise NotFound(
                    f"This document's image was purged on {entry.purged_at.astimezone(self._tz).date()} "
                    "at the end of its retention period.",
                    zh=f"该单证影像已于 {entry.purged_at.astimezone(self._tz).date()} 按保存期限删除。",
                )
            self._audit.record(
                s,
                actor.audit_name,
                "archive.view",
                "document",
                document_id,
                f"{entry.category} viewed",
            )
            hit = self._hits(s, {document_id: ""})[0]
            content, mime = doc.content, doc.mime_type
            body = index._read_text(doc)
        if not body and mime == "application/pdf":
            body = _pdf_text(content)  # a policy or cover note the desk printed: its own text
        return Opened(hit, mime, content, body)

    # -- review list: imports that matched nothing ---------------------------------------------
    def link(
        self,
        actor: CurrentUser,
        document_id: int,
        category: str,
        policy_number: str = "",
    ) -> None:
        """A person files an imported document: its category, and the policy it belongs to
        (optional: an old paper policy of another insurer may belong to none)."""
        require(actor, Permission.ISSUE_POLICY)
        if category not in Category.__members__.values():
            raise InvalidInput(
                f"{escaped(category, 30)} is not a category of the archive.", zh="单证类别无效。"
            )
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            entry = s.get(ArchiveEntry, document_id)
            if entry is None:
                raise NotFound(
                    f"There is no document {document_id} in the archive.",
                    zh=f"单证库中没有编号为 {document_id} 的单证。",
                )
            policy = None
            if policy_number.strip():
                policy = s.execute(
                    select(Policy).where(Policy.policy_number == policy_number.strip())
                ).scalar_one_or_none()
                if policy is None:
                    raise NotFound(
                        f"There is no policy {escaped(policy_number, 40)}; check the number.",
                        zh=f"找不到保单 {escaped(policy_number, 40)}，请核对保单号。",
                    )
            entry.category = category
            entry.review = 0
            doc = s.get(Document, document_id)
            assert doc is not None  # a foreign key
            if policy is not None:
                entry.policy_id = policy.id
                doc.policy_id = policy.id  # queued for indexing again with the link (trigger)
                doc.customer_id = policy.policyholder_id
            self._audit.record(
                s,
                actor.audit_name,
                "archive.file",
                "document",
                document_id,
                f"{category}" + (f" for {policy.policy_number}" if policy else ""),
            )

    # -- retention ---------------------------------------------------------------------------
    def retention(self) -> dict[str, int]:
        """Days each category is kept (only categories with a period; the rest are kept)."""
        with self._store.read() as s:
            row = s.get(Setting, RETENTION_KEY)
        return dict(row.value) if row is not None else {}

    def set_retention(self, actor: CurrentUser, category: str, days: int | None) -> None:
        require(actor, Permission.MANAGE_SETTINGS)
        if category not in Category.__members__.values():
            raise InvalidInput(f"{escaped(category, 30)} is not a category.", zh="单证类别无效。")
        if days is not None and not 1 <= days <= 36500:
            raise InvalidInput(
                "A retention period is from 1 to 36,500 days; leave it empty to keep documents.",
                zh="保存期限须为 1 至 36500 天；不填表示长期保存。",
            )
        with self._store.write() as s:
            require_standing(s, actor, Permission.MANAGE_SETTINGS)
            row = s.get(Setting, RETENTION_KEY)
            value = dict(row.value) if row is not None else {}
            if days is None:
                value.pop(category, None)
            else:
                value[category] = days
            if row is None:
                s.add(Setting(key=RETENTION_KEY, value=value))
            else:
                row.value = value
            self._audit.record(
                s,
                actor.audit_name,
                "settings.change",
                "setting",
                RETENTION_KEY,
                f"{category}: {days if days is not None else 'kept'} days",
            )

    def purge_expired(self, actor: CurrentUser | None = None) -> int:
        """Blank the content (and what was read from it) of every document older than its
        category's retention period, take it out of the index, and audit the purge. The row
        stays, so the archive still says the document existed and when it was purged."""
        actor = actor or system_actor("retention")
        periods = self.retention()
        if not periods:
            return 0  # the usual case: one read, after every sync run
        self.refresh()
        today = self._clock().astimezone(self._tz).date()
        purged = 0
        with self._store.write() as s:
            for category, days in periods.items():
                cutoff = (today - timedelta(days=int(days))).isoformat()
                ids = list(
                    s.scalars(
                        select(ArchiveEntry.document_id).where(
                            ArchiveEntry.category == category,
                            ArchiveEntry.doc_date < cutoff,
                            ArchiveEntry.purged_at.is_(None),
                        )
                    )
                )
                if not ids:
                    continue
                now = self._clock()
                s.execute(
                    update(Document).where(Document.id.in_(ids)).values(content=b"", extracted=None)
                )
                s.execute(
                    update(ArchiveEntry)
                    .where(ArchiveEntry.document_id.in_(ids))
                    .values(purged_at=now)
                )
                s.execute(delete(ArchiveKey).where(ArchiveKey.document_id.in_(ids)))
                for doc_id in ids:
                    s.execute(text("DELETE FROM archive_fts WHERE rowid = :id"), {"id": doc_id})
                self._audit.record(
                    s,
                    actor.audit_name,
                    "archive.purge",
                    "document",
                    f"{category}",
                    f"{len(ids)} {category} document(s) older than {days} days purged",
                )
                purged += len(ids)
        return purged

    @staticmethod
    def category_name(category: str, lang: str) -> str:
        return category_name(category, lang)


__all__ = ["ArchiveService", "Hit", "Opened", "SearchFilter", "UTC"]
