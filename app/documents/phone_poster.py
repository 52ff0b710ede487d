"""The outlet's printable poster for 手机填写 (docs/phone.md): a large QR code for the customer's
phone and short instructions in Chinese and English, on one A4 page, in the bundled font.

The code is the poster's (many customers, one code): the page it opens asks head office for a
fresh one-time application made with a key this desk deposited and signed beforehand."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen import canvas

from app.documents.policy_pdf import _draw_qr, _register_font

TITLE_ZH = "扫码填写车险投保信息"
TITLE_EN = "Scan to fill in your motor insurance application"
STEPS = (
    ("用手机相机扫描二维码。", "Scan the code with your phone's camera."),
    (
        "拍摄身份证正反面和行驶证，填写手机号码和电子邮箱。",
        "Photograph both sides of your ID card and the vehicle licence; type your mobile and e-mail.",
    ),
    (
        "阅读个人信息处理说明，勾选同意后提交。",
        "Read the notice on personal information, tick both consents and submit.",
    ),
    (
        "到柜台告知工作人员，核对无误后为您出单。",
        "Tell the staff at the desk: they check it with you and issue the policy.",
    ),
)
PRIVACY_ZH = "您的信息在手机上加密，仅本网点可以查看；总部只转发无法读取的密文。"
PRIVACY_EN = "Encrypted on your phone for this outlet only; head office relays it unread."


def poster_pdf(url: str, outlet: str = "") -> bytes:
    """One A4 page: the title, the QR code of `url`, the steps in both languages, and the address
    itself in small print (for a phone whose camera does not read codes)."""
    font = _register_font()
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(f"{TITLE_ZH} · {TITLE_EN}")
    width, height = A4
    margin = 18 * mm
    y = height - margin - 12 * mm
    c.setFont(font, 26)
    c.drawCentredString(width / 2, y, TITLE_ZH)
    y -= 10 * mm
    c.setFont(font, 14)
    c.drawCentredString(width / 2, y, TITLE_EN)
    if outlet:
        y -= 8 * mm
        c.setFont(font, 12)
        c.drawCentredString(width / 2, y, outlet)
    size = 110 * mm
    y -= size + 8 * mm
    _draw_qr(c, url, (width - size) / 2, y, size)
    y -= 12 * mm
    text_width = width - 2 * margin
    for n, (zh, en) in enumerate(STEPS, start=1):
        c.setFont(font, 13)
        for line in simpleSplit(f"{n}. {zh}", font, 13, text_width):
            c.drawString(margin, y, line)
            y -= 6 * mm
        c.setFont(font, 10)
        for line in simpleSplit(f"    {en}", font, 10, text_width):
            c.drawString(margin, y, line)
            y -= 5 * mm
        y -= 1.5 * mm
    y -= 2 * mm
    c.setFont(font, 10)
    for line in (PRIVACY_ZH, PRIVACY_EN):
        c.drawString(margin, y, line)
        y -= 5 * mm
    # The address in small print, cut so no line runs off the page.
    c.setFont(font, 6.5)
    y = margin
    c.drawString(
        margin, y + 5 * mm, "无法扫码时，请在手机浏览器中输入以下地址 · Or open this address:"
    )
    chunk = 110
    for i in range(0, len(url), chunk):
        c.drawString(margin, y, url[i : i + chunk])
        y -= 3 * mm
    c.showPage()
    c.save()
    return out.getvalue()
