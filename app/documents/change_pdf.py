"""The 批单 (endorsement schedule) and the cancellation notice (退保批单), A4, in Chinese with
English glosses, the bundled CJK font embedded: what changed, before and after (personal values
masked by the caller), the premium difference and its worksheet with the days counted, the
effective date and moment, and whether the customer signed. Until head office confirms the change
it says so (cover-note wording); the formal one carries head office's confirmation code."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from app.documents.policy_pdf import _register_font, wrap
from app.documents.watermark import training_page_mark

W, H = A4
LEFT, RIGHT = 18 * mm, W - 18 * mm
TOP, BOTTOM = H - 22 * mm, 20 * mm
ROW = 5.2 * mm


@dataclass
class ChangeNote:
    cancellation: bool
    number: str  # 批单号
    policy_number: str
    kind_zh: str
    kind_en: str
    effective: str  # e.g. "2027-04-11 0:00"
    issued_at: str
    insurer: str
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # label, before, after
    worksheet: list[tuple[str, str]] = field(default_factory=list)  # text, figure
    difference: str = "0.00"  # + collected, − refunded
    signed: bool = False
    confirmation_code: str = ""  # empty: awaiting head office


def render_change_pdf(n: ChangeNote) -> bytes:
    buf = io.BytesIO()
    font = _register_font()
    c = canvas.Canvas(buf, pagesize=A4, pageCompression=1, initialFontName=font)
    c.setTitle(n.number)
    y = TOP
    page = 1

    def line(text: str, right: str = "", size: float = 10) -> None:
        nonlocal y, page
        for part in wrap(text, font, size, RIGHT - LEFT - (40 * mm if right else 0)) or [""]:
            if y < BOTTOM:
                c.drawRightString(RIGHT, 12 * mm, f"第 {page} 页")
                training_page_mark(c, font, n.policy_number)
                c.showPage()
                page += 1
                y = TOP
            c.setFont(font, size)
            c.drawString(LEFT, y, part)
            if right:
                c.drawRightString(RIGHT, y, right)
                right = ""
            y -= ROW

    title = "机动车保险退保批单" if n.cancellation else "机动车保险批单"
    title_en = "Cancellation notice" if n.cancellation else "Endorsement schedule"
    if not n.confirmation_code:
        title += "（暂）"
    c.setFont(font, 16)
    c.drawCentredString(W / 2, y, title)
    y -= 7 * mm
    c.setFont(font, 10)
    c.drawCentredString(W / 2, y, title_en)
    y -= 10 * mm
    line(f"承保公司 Insurer：{n.insurer}")
    line(f"批单号 Endorsement No.：{n.number}")
    line(f"保单号 Policy No.：{n.policy_number}")
    line(f"批改类型 Kind：{n.kind_zh}（{n.kind_en}）")
    line(f"生效时间 Effective：{n.effective}")
    line(f"出具时间 Issued：{n.issued_at}")
    y -= 3 * mm
    line("批改内容 What changes（原 before → 新 after）", size=11)
    for label, before, after in n.changed:
        line(f"  {label}：{before or '—'} → {after or '—'}")
    y -= 3 * mm
    line("保费计算 Worksheet", size=11)
    for text, figure in n.worksheet:
        line(f"  {text}", figure)
    y -= 3 * mm
    line("保费差额 Premium difference（正数补缴，负数退还）", n.difference, size=11)
    line(
        "投保人已签名确认 Signed by the policyholder"
        if n.signed
        else "本项批改无需投保人签名 No signature needed"
    )
    y -= 3 * mm
    if n.confirmation_code:
        line(f"总公司确认码 Confirmation code：{n.confirmation_code}")
    else:
        line(
            "本批单为暂保批单，待总公司确认后生效为正式批单；总公司如不确认，本批单所列变更不发生效力，"
            "已收保费予以退还。Provisional until head office confirms it.",
            size=9,
        )
    c.drawRightString(RIGHT, 12 * mm, f"第 {page} 页")
    training_page_mark(c, font, n.policy_number)
    c.showPage()
    c.save()
    return buf.getvalue()
