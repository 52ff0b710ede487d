"""The policy PDF (reportlab): an A4 schedule in Chinese (labels glossed in English) with the
bundled CJK font embedded as a subset.

Page one onwards is the schedule: the insurer and its claims hotline; parties (ID numbers
masked); the vehicle; covers with sums insured, limits and deductibles; for CTPL the statutory
limits in figures; the premium; the vehicle and vessel tax as the withholding certificate (tax
year, amounts, late fee, or the exemption and its reason); the customer's signature drawn from
its strokes; and a QR code carrying the desk-signed token (app/core/policy_tokens.py) that
`chudan policy verify` and head office check. A schedule with CTPL is followed by the CTPL float
notice (交强险费率浮动告知单) on a page of its own. While the policy is bound but not confirmed
the title is 暂保单 and it says it awaits the insurer's confirmation.

Every amount is printed through app.core.money.fmt_amount (1,045.00). Content that does not fit
one page flows onto the next; pages are numbered "第 n 页 / 共 m 页". The totals, the tax certificate
and the signature are kept on one page: a long list of covers moves them on together."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from app.core.masking import mask_id_number, mask_phone
from app.core.money import fmt_amount
from app.core.paths import resources_dir
from app.documents.qr import qr_matrix
from app.documents.watermark import training_page_mark

FONT = "WQYMicroHei"
FONT_FILE = resources_dir() / "fonts" / "wqy-microhei.ttc"
NOT_STATED_HOTLINE = "未载明，请向出单网点查询 · not stated: ask the outlet"


@lru_cache(maxsize=1)
def _register_font() -> str:
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    return FONT


def load_font() -> None:
    """Parse and register the CJK font now (once a process; its tables are read in Python), so
    that the first PDF does not: the wizard calls it on its warm-up worker."""
    _register_font()


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
class CtplLimits:
    """Per accident, yuan: death and disability, medical costs, property (regulations §1.1)."""

    at_fault: tuple[Decimal, Decimal, Decimal]
    no_fault: tuple[Decimal, Decimal, Decimal]


@dataclass(frozen=True)
class TaxCertificate:
    """The vehicle and vessel tax as the CTPL insurer withholds it: these lines on the policy are
    the customer's tax certificate."""

    taxpayer: str
    tax_year: int
    first_month: int
    basis: str  # what the annual amount is for, in words; "" when exempt
    annual: Decimal
    current_year: Decimal
    arrears: Decimal
    arrears_years: tuple[int, ...]
    late_fee: Decimal
    total: Decimal
    exempt_reason: str | None = None


@dataclass(frozen=True)
class FloatNotice:
    """交强险费率浮动告知单: what floated the CTPL premium and why."""

    class_name: str
    region: str
    scheme: str
    float_code: str | None
    float_reason: str  # the factor in words, or why there is no float
    float_rate: Decimal
    surcharge_rate: Decimal
    surcharge_text: str  # how the drink-driving surcharge arose; "" when none
    base_premium: Decimal
    premium: Decimal
    formula: str  # 950.00 × (1 − 15%)
    query_code: str | None = None  # 投保查询码, where the platform gave one


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
    insurer_name: str = ""
    insurer_illustrative: bool = False
    claims_hotline: str = ""  # "" when the table does not state one: printed as not stated
    ctpl_limits: CtplLimits | None = None
    tax_certificate: TaxCertificate | None = None
    float_notice: FloatNotice | None = None
    qr_token: str = ""  # the signed token the QR code carries
    clauses: str = ""  # the commercial clause set priced under (NEV or ordinary), "" without one


def _draw_qr(c: canvas.Canvas, data: str, x: float, y: float, size: float) -> None:
    """The QR code as filled squares: no drawing library that would pull in a default font. A run
    of dark modules in a row is one rectangle, written as PDF operators directly (reportlab's path
    API formats every number through its slow generic routine: 20 ms a code, this 2 ms)."""
    matrix = qr_matrix(data)
    cell = size / len(matrix)
    ops = ["q 0 g"]
    for row, cells in enumerate(matrix):
        top = y + size - (row + 1) * cell
        col, n = 0, len(cells)
        while col < n:
            if not cells[col]:
                col += 1
                continue
            start = col
            while col < n and cells[col]:
                col += 1
            ops.append(f"{x + start * cell:.3f} {top:.3f} {(col - start) * cell:.3f} {cell:.3f} re")
    ops.append("f Q")
    c.addLiteral("\n".join(ops))


W, H = A4
LEFT, RIGHT = 18 * mm, W - 18 * mm
TOP, BOTTOM = H - 22 * mm, 20 * mm
ROW = 4.8 * mm


class _Pages:
    """A canvas with a running y that starts a new page when the next block does not fit."""

    def __init__(self, c: canvas.Canvas, s: PolicySchedule, total_pages: int) -> None:
        self.c = c
        self.s = s
        self.total = total_pages
        self.page = 1
        self.y = TOP
        self.font = _register_font()

    def footer(self) -> None:
        c, s = self.c, self.s
        c.setFont(self.font, 8)
        text = f"费率表第 {s.rate_table_version} 版 · rate table v{s.rate_table_version}"
        if s.illustrative:
            text += " · 示例费率表，商业险基准保费因保险公司而异 · illustrative rate table"
        c.drawString(LEFT, 12 * mm, text)
        c.drawRightString(RIGHT, 12 * mm, f"第 {self.page} 页 / 共 {self.total} 页")
        training_page_mark(c, self.font, s.policy_number)  # every page ends with its footer

    def new_page(self, continued: bool = True) -> None:
        self.footer()
        self.c.showPage()
        self.page += 1
        self.y = TOP
        if continued:
            self.c.setFont(self.font, 9)
            self.c.drawString(LEFT, self.y, f"保单号 Policy No.: {self.s.policy_number}（续页）")
            self.y -= 8 * mm

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def section(self, label: str, first_rows: int = 1) -> None:
        self.need(6.5 * mm + first_rows * ROW)
        c = self.c
        c.setFillColorRGB(0.92, 0.94, 0.97)
        c.rect(LEFT, self.y - 1.5 * mm, RIGHT - LEFT, 5.5 * mm, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setFont(self.font, 10.5)
        c.drawString(LEFT + 2 * mm, self.y, label)
        self.y -= 6.5 * mm
        c.setFont(self.font, 9.5)

    def line(self, text: str, right: str = "", size: float = 9.5, indent: float = 2 * mm) -> None:
        self.need(ROW)
        self.c.setFont(self.font, size)
        self.c.drawString(LEFT + indent, self.y, text)
        if right:
            self.c.drawRightString(RIGHT - 2 * mm, self.y, right)
        self.y -= ROW

    def paragraph(self, text: str, size: float = 9.5) -> None:
        for part in wrap(text, self.font, size, RIGHT - LEFT - 4 * mm):
            self.line(part, size=size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines no wider than `width`: Chinese breaks between any two characters, other text at
    spaces (reportlab's simpleSplit only knows spaces, so a Chinese sentence never wrapped)."""
    lines: list[str] = []
    for word in _chunks(text):
        if lines and pdfmetrics.stringWidth(lines[-1] + word, font, size) <= width:
            lines[-1] += word
        elif lines and not lines[-1].strip():
            lines[-1] = word.lstrip()
        else:
            if lines:
                lines[-1] = lines[-1].rstrip()
            if pdfmetrics.stringWidth(word, font, size) > width:  # a word wider than a line
                lines.extend(simpleSplit(word, font, size, width))
            else:
                lines.append(word.lstrip())
    return lines


def _chunks(text: str) -> list[str]:
    """Each CJK character alone, Latin words with the space before them."""
    out: list[str] = []
    for ch in text:
        cjk = ch >= "\u2e80"
        if cjk or not out or out[-1][-1] >= "\u2e80" or ch == " ":
            out.append(ch)
        else:
            out[-1] += ch
    return out


def _insurer(p: _Pages) -> None:
    s = p.s
    name = s.insurer_name + ("（示例 illustrative）" if s.insurer_illustrative else "")
    hotline = s.claims_hotline or NOT_STATED_HOTLINE
    if s.claims_hotline and s.insurer_illustrative:
        hotline += "（示例号码，非真实电话 · not a real number）"
    p.line(f"承保公司 Insurer：{name}")
    p.line(f"理赔报案电话 Claims hotline：{hotline}")
    if s.clauses:
        p.line(f"商业险适用条款 Commercial clauses：{s.clauses}")


def _limits(p: _Pages, limits: CtplLimits) -> None:
    xs = [LEFT + 2 * mm, LEFT + 56 * mm, LEFT + 100 * mm, LEFT + 140 * mm]
    p.need(3 * ROW + 2 * mm)
    c = p.c
    c.setFont(p.font, 9)
    c.drawString(xs[0], p.y, "交强险责任限额（元/每次事故）")
    for x, head in zip(
        xs[1:], ("死亡伤残 death/disability", "医疗费用 medical", "财产损失 property"), strict=True
    ):
        c.drawString(x, p.y, head)
    p.y -= ROW
    for label, row in (
        ("被保险人有责 at fault", limits.at_fault),
        ("被保险人无责 not at fault", limits.no_fault),
    ):
        c.drawString(xs[0] + 4 * mm, p.y, label)
        for x, value in zip(xs[1:], row, strict=True):
            c.drawString(x, p.y, fmt_amount(value))
        p.y -= ROW
    p.y -= 2 * mm


def _tax(p: _Pages, t: TaxCertificate, withholder: str) -> None:
    p.section("代收车船税（完税凭证）Vehicle and vessel tax withheld (tax certificate)", 4)
    period = f"{t.tax_year}-{t.first_month:02d}-01 至 {t.tax_year}-12-31"
    p.line(f"纳税人 Taxpayer：{t.taxpayer}", f"税款所属期 Tax period：{period}")
    if t.exempt_reason:
        p.line(f"减免税 Exemption：{t.exempt_reason}", "应纳税额 0.00")
    else:
        p.line(
            f"计税依据 Basis：{t.basis}" if t.basis else "计税依据 Basis：—",
            f"年税额 {fmt_amount(t.annual)}",
        )
        months = 12 - t.first_month + 1
        p.line(
            f"当年应缴 This year（{t.tax_year} 年"
            + (f"，{months} 个月" if months < 12 else "")
            + "）",
            fmt_amount(t.current_year),
        )
        if t.arrears_years or t.arrears:
            years = "、".join(str(y) for y in t.arrears_years)
            p.line(f"往年补缴 Arrears（{years} 年）", fmt_amount(t.arrears))
            p.line("滞纳金 Late fee", fmt_amount(t.late_fee))
    p.line(f"扣缴义务人 Withheld by：{withholder}", f"合计 Total {fmt_amount(t.total)}")
    p.y -= 2 * mm


def _schedule_pages(p: _Pages) -> None:
    s, c, font = p.s, p.c, p.font
    title = "机动车保险暂保单（投保确认前临时凭证）" if s.kind == "cover_note" else "机动车保险单"
    c.setFont(font, 18)
    c.drawCentredString(W / 2, p.y, title)
    p.y -= 7 * mm
    c.setFont(font, 9.5)
    if s.kind == "cover_note":
        c.setFillColorRGB(0.7, 0.1, 0.1)
        c.drawCentredString(W / 2, p.y, "待保险公司确认 · awaiting confirmation by the insurer")
        c.setFillColorRGB(0, 0, 0)
    else:
        c.drawCentredString(W / 2, p.y, f"投保确认码 confirmation code: {s.confirmation_code}")
    p.y -= 9 * mm
    c.setFont(font, 10)
    c.drawString(LEFT, p.y, f"保单号 Policy No.: {s.policy_number}")
    c.drawRightString(RIGHT, p.y, f"出单时间 Issued: {s.issued_at}")
    p.y -= 5.5 * mm
    c.drawString(LEFT, p.y, f"出单机构 Outlet: {s.outlet}")
    c.drawRightString(RIGHT, p.y, f"保险期间 Period: {s.period}")
    p.y -= 6 * mm
    _insurer(p)
    p.y -= 2 * mm

    p.section("当事人 Parties")
    for party in s.parties:
        phone = f"   电话 {mask_phone(party.phone)}" if party.phone else ""
        p.line(
            f"{party.role_zh}：{party.name}   {party.id_type_zh} {mask_id_number(party.id_number)}{phone}"
        )
    p.y -= 2 * mm
    p.section("保险车辆 Vehicle")
    col = (RIGHT - LEFT) / 2
    for i in range(0, len(s.vehicle), 2):
        p.need(ROW)
        for j, (label, value) in enumerate(s.vehicle[i : i + 2]):
            c.drawString(LEFT + 2 * mm + j * col, p.y, f"{label}：{value}")
        p.y -= ROW
    p.y -= 2 * mm
    p.section("承保险种 Covers", 2)
    xs = [LEFT + 2 * mm, LEFT + 80 * mm, LEFT + 120 * mm, RIGHT - 2 * mm]
    c.setFont(font, 9)
    for x, text in zip(xs[:3], ("险种", "保险金额/责任限额（元）", "免赔"), strict=True):
        c.drawString(x, p.y, text)
    c.drawRightString(xs[3], p.y, "保费（元）")
    p.y -= 5 * mm
    for row in s.covers:
        p.need(ROW)
        c.setFont(font, 9.5)
        c.drawString(xs[0], p.y, row.name_zh)
        c.drawString(xs[1], p.y, row.amount)
        c.drawString(xs[2], p.y, row.deductible)
        c.drawRightString(xs[3], p.y, fmt_amount(row.premium))
        p.y -= ROW
    p.y -= 1 * mm
    if s.ctpl_limits is not None:
        _limits(p, s.ctpl_limits)
    p.y -= 1 * mm
    # The totals, the tax certificate and the signature are one block: the customer signs under
    # the figures they agree to, so a long list of covers moves the whole block to the next page
    # rather than leaving the signature alone on it. Measured by drawing it on nothing first.
    probe = _Pages(_Measure(), s, 0)
    _totals_and_signature(probe)
    p.need(TOP - probe.y)
    _totals_and_signature(p)


def _totals_and_signature(p: _Pages) -> None:
    s, c, font = p.s, p.c, p.font
    p.section("保费合计 Premium", 4)
    for label, amount in (
        ("交强险保费 CTPL", s.ctpl_premium),
        ("商业险保费 Commercial", s.commercial_premium),
        ("代收车船税 Vehicle tax", s.tax),
    ):
        p.line(label, fmt_amount(amount))
    p.need(8 * mm)
    c.setFont(font, 11)
    c.drawString(LEFT + 2 * mm, p.y, "合计 Total（人民币元）")
    c.drawRightString(RIGHT - 2 * mm, p.y, fmt_amount(s.total))
    p.y -= 9 * mm
    if s.tax_certificate is not None:
        _tax(p, s.tax_certificate, s.insurer_name or s.outlet)

    # Signature box and QR code side by side.
    box_w, box_h, size = 70 * mm, 24 * mm, 32 * mm
    p.need(size + 4 * mm)
    c.setFont(font, 9)
    c.drawString(LEFT, p.y, "投保人签名 Policyholder's signature")
    c.rect(LEFT, p.y - box_h - 2 * mm, box_w, box_h)
    if s.signature:
        c.setLineWidth(1.2)
        for stroke in s.signature:
            pts = [(LEFT + px * box_w, p.y - 2 * mm - py * box_h) for px, py in stroke]
            if len(pts) > 1:
                path = c.beginPath()
                path.moveTo(*pts[0])
                for pt in pts[1:]:
                    path.lineTo(*pt)
                c.drawPath(path, stroke=1, fill=0)
        c.setLineWidth(1)
    if s.qr_token and not isinstance(c, _Measure):  # a pass that only measures skips the QR's
        _draw_qr(c, s.qr_token, RIGHT - size, p.y - size + 4 * mm, size)  # encoding (ms)
        c.setFont(font, 7)
        c.drawRightString(
            RIGHT, p.y - size + 1 * mm, "扫码验真 · scan to verify (chudan policy verify)"
        )
    c.setFont(font, 7)
    c.drawString(LEFT + box_w + 4 * mm, p.y - box_h, f"签署内容校验码 {s.verification_hash[:16]}")
    p.y -= size + 4 * mm


FLOAT_STATEMENT = (
    "根据《机动车交通事故责任强制保险费率浮动暂行办法》及本地区适用的交强险费率浮动方案，"
    "本车本期交强险保费按上列因素计算。浮动因素及保费以全国车险信息平台和保险公司核定为准；"
    "对浮动结果有异议的，请联系承保公司。",
    "The CTPL premium floats by the factors above under the region's scheme; the national "
    "platform's record and the insurer's confirmation are binding.",
)


def _float_notice_page(p: _Pages, n: FloatNotice) -> None:
    s, c, font = p.s, p.c, p.font
    c.setFont(font, 16)
    c.drawCentredString(W / 2, p.y, "机动车交通事故责任强制保险费率浮动告知单")
    p.y -= 6.5 * mm
    c.setFont(font, 9.5)
    c.drawCentredString(W / 2, p.y, "Notice of the CTPL premium float")
    p.y -= 10 * mm
    p.line(f"保单号 Policy No.：{s.policy_number}", f"出单时间 Issued：{s.issued_at}")
    p.line(
        f"承保公司 Insurer：{s.insurer_name}"
        + ("（示例 illustrative）" if s.insurer_illustrative else "")
    )
    if n.query_code:
        query = n.query_code
    elif s.kind == "cover_note":
        query = "未取得（离线出单；保险公司确认时由平台核定）· none yet (issued offline)"
    else:
        query = "平台未提供 · not supplied by the platform"
    p.line(f"投保查询码 Query code：{query}")
    if s.kind == "policy" and s.confirmation_code:
        p.line(f"投保确认码 Confirmation code：{s.confirmation_code}")
    vehicle = dict(s.vehicle)
    p.line(
        f"号牌号码：{vehicle.get('号牌号码', '')}",
        f"车辆识别代号 VIN：{vehicle.get('车辆识别代号', '')}",
    )
    p.line(f"车辆种类 Class：{n.class_name}", f"保险期间 Period：{s.period}")
    p.y -= 3 * mm
    p.section("浮动情况 How the premium floats", 6)
    p.line("基础保费 Base premium", fmt_amount(n.base_premium))
    code = f"{n.float_code} " if n.float_code else ""
    p.line(f"浮动因素 Factor：{code}{n.float_reason}")
    p.line(
        f"浮动方案 Scheme：{n.region}执行方案 {n.scheme}" if n.scheme else "浮动方案 Scheme：—",
        f"浮动比率 {_percent(n.float_rate)}",
    )
    if n.surcharge_text:
        p.line(f"酒驾上浮 Drink-driving：{n.surcharge_text}", _percent(n.surcharge_rate))
    else:
        p.line("酒驾上浮 Drink-driving：无记录 none", "0%")
    p.line(f"交强险保费 CTPL premium = {n.formula}", fmt_amount(n.premium))
    p.y -= 3 * mm
    for text in FLOAT_STATEMENT:
        p.paragraph(text, 9)
    p.y -= 8 * mm
    p.need(2 * ROW)
    c.setFont(font, 9.5)
    c.drawString(LEFT + 2 * mm, p.y, "投保人签章 Policyholder：______________________")
    c.drawRightString(RIGHT - 2 * mm, p.y, "日期 Date：______________")
    p.y -= ROW


def _percent(rate: Decimal) -> str:
    text = f"{abs(rate) * 100:f}".rstrip("0").rstrip(".") + "%"
    return ("−" if rate < 0 else "+" if rate > 0 else "") + text


class _Measure:
    """A canvas (and path) that draws nothing: the first pass only needs to know where pages
    break."""

    def __getattr__(self, _name: str) -> Any:
        return self._nothing

    def _nothing(self, *_args: Any, **_kwargs: Any) -> _Measure:
        return self


def _render(s: PolicySchedule, total_pages: int) -> tuple[bytes, int]:
    buf = io.BytesIO()
    measuring = total_pages == 0
    c: Any = (
        _Measure()
        if measuring
        else canvas.Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=_register_font())
    )
    c.setTitle(f"{s.policy_number}")
    p = _Pages(c, s, total_pages)
    _schedule_pages(p)
    if s.float_notice is not None:
        p.new_page(continued=False)
        _float_notice_page(p, s.float_notice)
    if measuring:
        return b"", p.page
    p.footer()
    c.showPage()
    c.save()
    return buf.getvalue(), p.page


def render_policy_pdf(s: PolicySchedule) -> bytes:
    # Laid out twice: the first pass counts the pages the footers name ("共 m 页").
    _, pages = _render(s, 0)
    pdf, _ = _render(s, pages)
    return pdf


def write_pdf(schedule: PolicySchedule, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    tmp.write_bytes(render_policy_pdf(schedule))
    tmp.replace(path)
    return path
