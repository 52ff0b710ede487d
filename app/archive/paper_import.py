"""Scanning in old paper documents: a photo or a multi-page PDF is read (the PDF's own text
where it has one, OCR for scanned pages and photos), categorised, and linked to the policy or
customer whose numbers it carries; what matches nothing waits in the archive's review list for a
person to file it (ArchiveService.link)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.permissions import CurrentUser, Permission, require
from app.access.standing import require_standing
from app.archive.categories import Category, category_of
from app.archive.keys import ID_NUMBER, PLATE, VIN, normalise
from app.core.errors import InvalidInput
from app.core.limits import MAX_IMAGE_BYTES, escaped
from local_db.models import ArchiveEntry, Customer, Document, Policy, Vehicle
from local_db.store import Store
from local_db.types import utcnow

if TYPE_CHECKING:
    from app.ocr import OcrService

MAX_PAGES = 50
PAGE_TEXT_MIN = 20  # fewer characters of its own text: a scanned page, read by OCR
RENDER_SCALE = 200 / 72  # 200 dpi
_POLICY_TOKEN = re.compile(r"[A-Z0-9][A-Z0-9-]{9,39}")
_MAGIC = {
    b"%PDF": "application/pdf",
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG": "image/png",
    b"II*\x00": "image/tiff",
    b"MM\x00*": "image/tiff",
    b"BM": "image/bmp",
}


@dataclass(frozen=True)
class Imported:
    document_id: int
    filename: str
    category: str
    pages: int
    policy_number: str | None  # the policy it was linked to
    customer_linked: bool
    review: bool  # matched nothing: waits in the review list


def _mime(content: bytes, filename: str) -> str:
    for magic, mime in _MAGIC.items():
        if content.startswith(magic):
            return mime
    raise InvalidInput(
        f"{escaped(filename, 60)} is neither a PDF nor a photo (JPEG, PNG, TIFF, BMP); scan it again as one of those.",
        zh=f"{escaped(filename, 60)} 不是 PDF 或图片（JPEG、PNG、TIFF、BMP），请重新扫描为上述格式。",
    )


def _text_category(body: str) -> Category:
    if "批单" in body or "批改" in body:
        return Category.ENDORSEMENT
    if "收据" in body or "发票" in body:
        return Category.RECEIPT
    if "保险单" in body or "保单" in body or "暂保单" in body:
        return Category.PAPER_POLICY
    return Category.OTHER


class PaperImport:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        ocr: Callable[[], OcrService],
        clock: Callable[[], datetime] = utcnow,
        tz: tzinfo | None = None,
    ) -> None:
        self._store = store
        self._audit = audit
        self._ocr = ocr  # loaded on first need: a PDF with its own text needs no engine
        self._clock = clock
        self._tz = tz

    def read(self, filename: str, content: bytes) -> tuple[str, str, str, int]:
        """(mime type, OCR kind or "", text, pages): no store, runs on a worker."""
        if not content:
            raise InvalidInput(
                f"{escaped(filename, 60)} is empty.", zh=f"{escaped(filename, 60)} 是空文件。"
            )
        if len(content) > MAX_IMAGE_BYTES:
            raise InvalidInput(
                f"{escaped(filename, 60)} is larger than {MAX_IMAGE_BYTES // 1024 // 1024} MB; scan it at a lower resolution.",
                zh=f"{escaped(filename, 60)} 超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB，请降低扫描分辨率。",
            )
        mime = _mime(content, filename)
        if mime != "application/pdf":
            result = self._ocr().read(content)
            kind = result.kind if result.kind != "unknown" else ""
            return mime, kind, result.text, 1
        body, pages, kinds = self._pdf_text(filename, content)
        # A scanned page the reader recognised (an ID card, a 行驶证) names the category, unless
        # the words say what the document is (a scanned 批单 or policy is read as "unknown").
        kind = kinds[0] if kinds and _text_category(body) is Category.OTHER else ""
        return mime, kind, body, pages

    def _pdf_text(self, filename: str, content: bytes) -> tuple[str, int, list[str]]:
        """The PDF's text page by page (OCR for scanned pages), its page count, and the kinds
        the OCR reader recognised on scanned pages."""
        import pypdfium2 as pdfium  # loaded only when a PDF is imported
        import pypdfium2.raw as pdfium_c

        try:
            pdf = pdfium.PdfDocument(io.BytesIO(content))
        except pdfium.PdfiumError as exc:
            raise InvalidInput(
                f"{escaped(filename, 60)} is not a readable PDF ({exc}); scan it again.",
                zh=f"{escaped(filename, 60)} 无法作为 PDF 打开，请重新扫描。",
            ) from exc
        try:
            pages = len(pdf)
            if pages > MAX_PAGES:
                raise InvalidInput(
                    f"{escaped(filename, 60)} has {pages} pages; import at most {MAX_PAGES} at a time.",
                    zh=f"{escaped(filename, 60)} 共 {pages} 页，每次最多导入 {MAX_PAGES} 页。",
                )
            texts, kinds = [], []
            for i in range(pages):
                page = pdf[i]
                own = page.get_textpage().get_text_range().strip()
                # A scanned page is an image with little or no text of its own (a scanner may
                # stamp a page number); a short page of real text needs no OCR.
                scanned = len(own) < PAGE_TEXT_MIN and any(
                    True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
                )
                if scanned:
                    buf = io.BytesIO()
                    page.render(scale=RENDER_SCALE).to_pil().save(buf, format="PNG")
                    result = self._ocr().read(buf.getvalue())
                    own = result.text
                    if result.kind != "unknown":
                        kinds.append(result.kind)
                texts.append(own)
            return "\n".join(texts), pages, kinds
        finally:
            pdf.close()

    def store(
        self,
        actor: CurrentUser,
        filename: str,
        content: bytes,
        mime: str,
        kind: str,
        body: str,
        pages: int,
    ) -> Imported:
        """Keep a read document in the archive, linked where its numbers match."""
        require(actor, Permission.ISSUE_POLICY)
        category = category_of(kind) if kind else _text_category(body)
        with self._store.write() as s:
            require_standing(s, actor, Permission.ISSUE_POLICY)
            policy, customer = self._match(s, body)
            doc = Document(
                kind=category.value,
                policy_id=policy.id if policy else None,
                customer_id=customer.id if customer else None,
                filename=filename[:260],
                mime_type=mime,
                content=content,
                extracted={"text": body, "pages": pages, "source": "import", "kind": kind},
                created_at=self._clock(),
            )
            s.add(doc)
            s.flush()
            review = policy is None and customer is None
            s.add(
                ArchiveEntry(
                    document_id=doc.id,
                    category=category.value,
                    doc_date=self._clock().astimezone(self._tz).date().isoformat(),
                    added_by=actor.user_id or None,
                    policy_id=policy.id if policy else None,
                    customer_id=customer.id if customer else None,
                    review=int(review),
                )
            )
            self._audit.record(
                s,
                actor.audit_name,
                "archive.import",
                "document",
                doc.id,
                f"{category.value}, {pages} page(s)"
                + (f", linked to {policy.policy_number}" if policy else "")
                + (", waits for review" if review else ""),
            )
            return Imported(
                doc.id,
                filename,
                category.value,
                pages,
                policy.policy_number if policy else None,
                customer is not None,
                review,
            )

    def import_file(self, actor: CurrentUser, filename: str, content: bytes) -> Imported:
        """Read and keep one file (headless use; the window reads on a worker, then stores)."""
        require(actor, Permission.ISSUE_POLICY)
        return self.store(actor, filename, content, *self.read(filename, content))

    @staticmethod
    def _match(s: Session, body: str) -> tuple[Policy | None, Customer | None]:
        """The policy (by its number, else by the vehicle's VIN or plate, else the customer's ID
        number's newest policy) and the customer the text names."""
        upper = normalise(body)
        tokens = set(_POLICY_TOKEN.findall(upper))
        policy = (
            s.execute(
                select(Policy)
                .where(Policy.policy_number.in_(tokens))
                .order_by(Policy.created_at.desc())
            )
            .scalars()
            .first()
            if tokens
            else None
        )
        if policy is None:
            vins = set(m.group(1) for m in VIN.finditer(upper)) - {None}
            plates = {m.group(0) for m in PLATE.finditer(upper)}
            if vins or plates:
                policy = (
                    s.execute(
                        select(Policy)
                        .join(Vehicle, Vehicle.id == Policy.vehicle_id)
                        .where(Vehicle.vin.in_(vins) | Vehicle.plate.in_(plates))
                        .where(Policy.policy_number.is_not(None))
                        .order_by(Policy.created_at.desc())
                    )
                    .scalars()
                    .first()
                )
        customer = None
        if policy is not None and policy.policyholder_id:
            customer = s.get(Customer, policy.policyholder_id)
        else:
            numbers = {m.group(1).upper() for m in ID_NUMBER.finditer(upper)}
            if numbers:
                customer = (
                    s.execute(select(Customer).where(Customer.id_number.in_(numbers)))
                    .scalars()
                    .first()
                )
                if customer is not None:
                    policy = (
                        s.execute(
                            select(Policy)
                            .where(Policy.policyholder_id == customer.id)
                            .where(Policy.policy_number.is_not(None))
                            .order_by(Policy.created_at.desc())
                        )
                        .scalars()
                        .first()
                    )
        return policy, customer


def summary(items: list[Imported]) -> dict[str, Any]:
    return {
        "imported": len(items),
        "linked": sum(1 for i in items if not i.review),
        "review": sum(1 for i in items if i.review),
    }
