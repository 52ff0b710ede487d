"""The policy PDF (reportlab): an A4 schedule in Chinese with the bundled CJK font embedded as a
subset; parties (ID numbers masked), vehicle, covers with sums insured, limits and deductibles,
premium and tax, period, the customer's signature drawn from its strokes, a QR code with the
policy number and verification hash, and the rate-table version. While the policy is bound but
not confirmed the title is 暂保单 and it says it awaits the insurer's confirmation."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from app.core.masking import mask_id_number, mask_phone
from app.core.money import fmt_money
from app.core.paths import resources_dir
from app.documents.qr import qr_matrix

FONT = "WQYMicroHei"
FONT_FILE = resources_dir() / "fonts" / "wqy-microhei.ttc"


@lru_cache(maxsize=1)
def _register_font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    return FONT


@dataclass(frozen=True)
class Party:
    role_zh: str
    name: str
    id_type_zh: str
    id_number: str
    phone: str | None = None


@dataclass(frozen=True)
class CoverRow:
    name_zh: str
    amount: str  # sum insured or limit, formatted, or "—"
    deductible: str
    premium: Decimal


@dataclass(frozen=True)
class PolicySchedule:
    kind: str  # cover_note | policy
    policy_number: str
    outlet: str
    issued_at: str
    period: str
    parties: list[Party]
    vehicle: list[tuple[str, str]]  # (label, value)
    covers: list[CoverRow]
    ctpl_premium: Decimal
    commercial_premium: Decimal
    tax: Decimal
    total: Decimal
    rate_table_version: int
    illustrative: bool
    verification_hash: str
    confirmation_code: str | None = None
    signature: list[list[tuple[float, float]]] | None = field(default=None)  # strokes in a 0..1 box


def _draw_qr(c: canvas.Canvas, data: str, x: float, y: float, size: float) -> None:
    """The QR code as filled squares: no drawing library that would pull in a default font."""
    matrix = qr_matrix(data)
    cell = size / len(matrix)
    c.setFillColorRGB(0, 0, 0)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                c.rect(x + col * cell, y + size - (row + 1) * cell, cell, cell, stroke=0, fill=1)


def render_policy_pdf(s: PolicySchedule) -> bytes:
    font = _register_font()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=font)
    c.setTitle(f"{s.policy_number}")
    w, h = A4
    left, right = 18 * mm, w - 18 * mm
    y = h - 22 * mm
    title = "机动车保险暂保单（投保确认前临时凭证）" if s.kind == "cover_note" else "机动车保险单"
    c.setFont(font, 18)
    c.drawCentredString(w / 2, y, title)
    y -= 7 * mm
    c.setFont(font, 9.5)
    if s.kind == "cover_note":
        c.setFillColorRGB(0.7, 0.1, 0.1)
        c.drawCentredString(w / 2, y, "待保险公司确认 · awaiting confirmation by the insurer")
        c.setFillColorRGB(0, 0, 0)
    else:
        c.drawCentredString(w / 2, y, f"投保确认码 confirmation code: {s.confirmation_code}")
    y -= 9 * mm
    c.setFont(font, 10)
    c.drawString(left, y, f"保单号 Policy No.: {s.policy_number}")
    c.drawRightString(right, y, f"出单时间 Issued: {s.issued_at}")
    y -= 5.5 * mm
    c.drawString(left, y, f"出单机构 Outlet: {s.outlet}")
    c.drawRightString(right, y, f"保险期间 Period: {s.period}")
    y -= 8 * mm

    def section(label: str) -> None:
        nonlocal y
        c.setFillColorRGB(0.92, 0.94, 0.97)
        c.rect(left, y - 1.5 * mm, right - left, 6 * mm, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(font, 10.5)
        c.drawString(left + 2 * mm, y, label)
        y -= 7 * mm
        c.setFont(font, 9.5)

    section("当事人 Parties")
    for p in s.parties:
        phone = f"   电话 {mask_phone(p.phone)}" if p.phone else ""
        c.drawString(
            left + 2 * mm,
            y,
            f"{p.role_zh}：{p.name}   {p.id_type_zh} {mask_id_number(p.id_number)}{phone}",
        )
        y -= 5.5 * mm
    y -= 2 * mm
    section("保险车辆 Vehicle")
    col = (right - left) / 2
    for i, (label, value) in enumerate(s.vehicle):
        x = left + 2 * mm + (i % 2) * col
        c.drawString(x, y, f"{label}：{value}")
        if i % 2 == 1 or i == len(s.vehicle) - 1:
            y -= 5.5 * mm
    y -= 2 * mm
    section("承保险种 Covers")
    xs = [left + 2 * mm, left + 80 * mm, left + 120 * mm, right - 2 * mm]
    c.setFont(font, 9)
    for x, text in zip(xs[:3], ("险种", "保险金额/责任限额", "免赔"), strict=True):
        c.drawString(x, y, text)
    c.drawRightString(xs[3], y, "保费（元）")
    y -= 5 * mm
    c.setFont(font, 9.5)
    for row in s.covers:
        c.drawString(xs[0], y, row.name_zh)
        c.drawString(xs[1], y, row.amount)
        c.drawString(xs[2], y, row.deductible)
        c.drawRightString(xs[3], y, fmt_money(row.premium))
        y -= 5.2 * mm
    y -= 2 * mm
    section("保费合计 Premium")
    for label, amount in (
        ("交强险保费 CTPL", s.ctpl_premium),
        ("商业险保费 Commercial", s.commercial_premium),
        ("代收车船税 Vehicle tax", s.tax),
    ):
        c.drawString(left + 2 * mm, y, label)
        c.drawRightString(right - 2 * mm, y, fmt_money(amount))
        y -= 5.2 * mm
    c.setFont(font, 11)
    c.drawString(left + 2 * mm, y, "合计 Total（人民币元）")
    c.drawRightString(right - 2 * mm, y, fmt_money(s.total))
    y -= 10 * mm

    # Signature box and QR code side by side.
    box_w, box_h = 70 * mm, 28 * mm
    c.setFont(font, 9)
    c.drawString(left, y, "投保人签名 Policyholder's signature")
    c.rect(left, y - box_h - 2 * mm, box_w, box_h)
    if s.signature:
        c.setLineWidth(1.2)
        for stroke in s.signature:
            pts = [(left + px * box_w, y - 2 * mm - py * box_h) for px, py in stroke]
            if len(pts) > 1:
                path = c.beginPath()
                path.moveTo(*pts[0])
                for pt in pts[1:]:
                    path.lineTo(*pt)
                c.drawPath(path, stroke=1, fill=0)
        c.setLineWidth(1)
    _draw_qr(c, f"{s.policy_number}|{s.verification_hash}", right - 30 * mm, y - 32 * mm, 30 * mm)
    size = 30 * mm
    c.setFont(font, 7)
    c.drawRightString(right, y - size - 5 * mm, f"验证码 {s.verification_hash[:16]}")

    c.setFont(font, 8)
    footer = f"费率表第 {s.rate_table_version} 版 · rate table v{s.rate_table_version}"
    if s.illustrative:
        footer += " · 示例费率表，商业险基准保费因保险公司而异 · illustrative rate table"
    c.drawString(left, 12 * mm, footer)
    c.drawRightString(right, 12 * mm, "第 1 页 / 共 1 页")
    c.showPage()
    c.save()
    return buf.getvalue()


def write_pdf(schedule: PolicySchedule, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_bytes(render_policy_pdf(schedule))
    tmp.replace(path)
    return path
