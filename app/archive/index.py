"""Indexing: each document queued by the triggers on `document` (migration 0006) gets its
archive entry (category, links, date, who added it), its exact keys (digests of the numbers and
names on it and on what it is linked to) and its full text (masked), in the caller's write
transaction. A document indexed again (its scans were linked to the issued policy) replaces its
keys and text."""

from __future__ import annotations

from datetime import tzinfo
from typing import Any

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session, defer

from app.archive.categories import Category, category_of
from app.archive.keys import ID_NUMBER, PHONE, PLATE, VIN, digest, index_key, normalise
from app.core.masking import mask_text
from local_db.models import (
    ArchiveEntry,
    ArchiveKey,
    ArchivePending,
    Customer,
    Document,
    Draft,
    Policy,
    PolicyChange,
    Vehicle,
)

CHUNK = 200
MAX_TEXT = 20_000  # characters of one document's text that go into the full-text index


def _strings(value: Any) -> list[str]:
    """Every string inside an OCR result (field values, the lines read)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [x for v in value.values() for x in _strings(v)]
    if isinstance(value, list):
        return [x for v in value for x in _strings(v)]
    return []


def _read_text(doc: Document) -> str:
    extracted = doc.extracted or {}
    parts = [str(extracted.get("text") or "")]
    fields = extracted.get("fields") or {}
    parts += [str(f.get("value") or "") if isinstance(f, dict) else str(f) for f in fields.values()]
    return "\n".join(p for p in parts if p)


def _keys_in(body: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for m in ID_NUMBER.finditer(body):
        found.append(("id_number", m.group(1)))
    for m in PHONE.finditer(body):
        found.append(("phone", m.group(1)))
    upper = normalise(body)
    for m in VIN.finditer(upper):
        if any(c.isalpha() for c in m.group(1)):  # seventeen digits is an ID number's body
            found.append(("vin", m.group(1)))
    for m in PLATE.finditer(upper):
        found.append(("plate", m.group(0)))
    return found


def index_document(s: Session, doc: Document, key: bytes, tz: tzinfo | None) -> None:
    entry = s.get(ArchiveEntry, doc.id)
    draft = s.get(Draft, doc.draft_id) if doc.draft_id else None
    policy_id = doc.policy_id or (entry.policy_id if entry is not None else None)
    policy = s.get(Policy, policy_id) if policy_id else None
    # A 批单 (and the change's signed schedule, a reprint of its 批单) belongs to its change
    # transaction (批改 or 退保): linked by the change's permanent id, found by its 批单号.
    change = s.get(PolicyChange, doc.change_id) if doc.change_id else None
    if entry is None:
        category = category_of(doc.kind)
        if change is not None and category is Category.OTHER:
            category = Category.ENDORSEMENT  # a reprint of the change's 批单
        entry = ArchiveEntry(
            document_id=doc.id,
            category=category.value,
            doc_date=doc.created_at.astimezone(tz).date().isoformat(),
            added_by=(draft.created_by if draft else None)
            or (change.created_by if change else None)
            or (policy.created_by if policy else None),
            review=0,
        )
        s.add(entry)
    if change is not None:
        entry.transaction_ref = change.id
    if entry.purged_at is not None:
        return  # its content is gone: nothing to find it by but its category and date
    holder = s.get(Customer, policy.policyholder_id) if policy and policy.policyholder_id else None
    customer = s.get(Customer, doc.customer_id) if doc.customer_id else holder
    vehicle = s.get(Vehicle, policy.vehicle_id) if policy and policy.vehicle_id else None
    entry.policy_id = policy.id if policy else entry.policy_id
    entry.customer_id = customer.id if customer else entry.customer_id
    entry.vehicle_id = vehicle.id if vehicle else entry.vehicle_id

    keys: list[tuple[str, str]] = []
    said: list[str] = [doc.filename or ""]
    if policy is not None and policy.policy_number:
        keys.append(("policy", policy.policy_number))
        said.append(policy.policy_number)
    if change is not None and change.number:
        keys.append(("change", change.number))
        said.append(change.number)
    if vehicle is not None:
        keys += [("vin", vehicle.vin)] + ([("plate", vehicle.plate)] if vehicle.plate else [])
        said += [vehicle.vin, vehicle.plate or "", vehicle.brand_model or ""]
    for party in {c.id: c for c in (customer, holder) if c is not None}.values():
        keys += [("id_number", party.id_number), ("name", party.name)]
        if party.phone:
            keys.append(("phone", party.phone))
        said.append(party.name)
    body = _read_text(doc)
    keys += _keys_in(body)
    if doc.kind in ("id-front",) and doc.extracted:
        name = ((doc.extracted.get("fields") or {}).get("name") or {}).get("value")
        if name:
            keys.append(("name", name))
    said.append(body)
    full = mask_text("\n".join(p for p in said if p))[:MAX_TEXT]

    s.execute(delete(ArchiveKey).where(ArchiveKey.document_id == doc.id))
    seen: set[str] = set()
    for kind, value in keys:
        if not value or not value.strip():
            continue
        d = digest(key, value)
        if d not in seen:
            seen.add(d)
            s.add(ArchiveKey(digest=d, document_id=doc.id, kind=kind))
    s.execute(text("DELETE FROM archive_fts WHERE rowid = :id"), {"id": doc.id})
    s.execute(
        text("INSERT INTO archive_fts (rowid, body) VALUES (:id, :body)"),
        {"id": doc.id, "body": full},
    )


def catch_up(s: Session, tz: tzinfo | None = None) -> int:
    """Index every queued document, in the caller's write transaction; returns how many."""
    done = 0
    key: bytes | None = None
    while True:
        ids = list(s.scalars(select(ArchivePending.document_id).limit(CHUNK)))
        if not ids:
            return done
        key = key or index_key(s)
        docs = select(Document).options(defer(Document.content)).where(Document.id.in_(ids))
        for doc in s.scalars(docs):
            index_document(s, doc, key, tz)
        s.execute(delete(ArchivePending).where(ArchivePending.document_id.in_(ids)))
        s.flush()
        done += len(ids)


def pending(s: Session) -> bool:
    return s.scalar(select(ArchivePending.document_id).limit(1)) is not None


__all__ = ["Category", "catch_up", "index_document", "pending"]
