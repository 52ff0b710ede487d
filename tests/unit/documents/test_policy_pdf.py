"""Render real policy PDFs with the existing renderer and read them back with poppler."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from app.core.money import fmt_amount
from app.documents.policy_pdf import (
    CoverRow,
    CtplLimits,
    Party,
    PolicySchedule,
    TaxCertificate,
    render_policy_pdf,
)

ID = "110101199003074514"


def _schedule(**kw: object) -> PolicySchedule:
    base = PolicySchedule(
        kind="cover_note",
        policy_number="P3101000120261125000017",
        outlet="上海浦东门店 310100",
        issued_at="2026-11-25 08:40",
        period="2026-11-26 00:00 至 2027-11-25 24:00",
        parties=[Party("投保人", "张伟", "居民身份证", ID, "13812345678")],
        vehicle=[("号牌", "沪A12345"), ("VIN", "LSVAU2180N2183294")],
        covers=[
            CoverRow("机动车损失保险", "150,000.00", "—", Decimal("2345.67")),
            CoverRow("第三者责任保险", "1,000,000.00", "—", Decimal("1234.50")),
        ],
        ctpl_premium=Decimal("950.00"),
        commercial_premium=Decimal("3580.17"),
        tax=Decimal("360.00"),
        total=Decimal("4890.17"),
        rate_table_version=3,
        illustrative=True,
        verification_hash="ab" * 32,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def _text(pdf: bytes, tmp_path: Path) -> str:
    f = tmp_path / "p.pdf"
    f.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_cover_note_text_shows_number_total_masked_id(tmp_path: Path) -> None:
    text = _text(render_policy_pdf(_schedule()), tmp_path)
    assert "P3101000120261125000017" in text
    assert "4,890.17" in text and "4890.17" not in text  # thousands separators
    assert ID not in text
    assert ID[:3] in text and "暂保单" in text


def test_formal_policy_has_confirmation_code_not_cover_note(tmp_path: Path) -> None:
    text = _text(render_policy_pdf(_schedule(kind="policy", confirmation_code="QX8H2K")), tmp_path)
    assert "QX8H2K" in text and "暂保单" not in text


def test_font_embedded_as_subset(tmp_path: Path) -> None:
    f = tmp_path / "p.pdf"
    f.write_bytes(render_policy_pdf(_schedule()))
    out = subprocess.run(["pdffonts", str(f)], capture_output=True, text=True, check=True).stdout
    cjk = [r for r in out.splitlines()[2:] if "WenQuanYi" in r]
    # Bundled CJK font: subset-tagged name (XXXXXX+) and emb=yes, sub=yes.
    assert cjk and all("+" in r.split()[0] and "yes yes" in r for r in cjk)


def test_signature_strokes_change_page(tmp_path: Path) -> None:
    plain = render_policy_pdf(_schedule())
    signed = render_policy_pdf(_schedule(signature=[[(0.1, 0.2), (0.5, 0.8), (0.9, 0.3)]]))
    assert plain != signed


def test_qr_carries_the_token_it_is_given_and_reads_back_at_150_dpi(tmp_path: Path) -> None:
    cv2 = pytest.importorskip("cv2")
    token = "CD1." + "x" * 230  # as long as a real signed token
    f = tmp_path / "p.pdf"
    f.write_bytes(render_policy_pdf(_schedule(qr_token=token)))
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", str(f), str(tmp_path / "p")], check=True
    )
    data, _, _ = cv2.QRCodeDetector().detectAndDecode(cv2.imread(str(tmp_path / "p.png")))
    assert data == token


def _pages(pdf: bytes, tmp_path: Path) -> list[str]:
    f = tmp_path / "p.pdf"
    f.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]  # poppler ends every page with a form feed


def _full_schedule(covers: int) -> PolicySchedule:
    """A schedule as the desk prints it: three parties, the seven vehicle rows, CTPL with its
    limits table, the tax certificate with a year of arrears, the QR code and the signature."""
    rows = [CoverRow("机动车交通事故责任强制保险", "分项责任限额见下表", "—", Decimal("950.00"))]
    rows += [
        CoverRow(f"附加险 {i + 1}", "100,000.00", "—", Decimal("100.00")) for i in range(covers - 1)
    ]
    person = ("张伟", "居民身份证", ID, "13812345678")
    return _schedule(
        parties=[Party("投保人", *person), Party("被保险人", *person), Party("车主", *person)],
        vehicle=[(f"项目{i}", "沪A12345") for i in range(7)],
        covers=rows,
        ctpl_premium=Decimal("950.00"),
        commercial_premium=Decimal(100 * (covers - 1)),
        tax=Decimal("465.50"),
        total=Decimal("950.00") + 100 * (covers - 1) + Decimal("465.50"),
        insurer_name="示例财产保险股份有限公司",
        claims_hotline="95500",
        ctpl_limits=CtplLimits(
            (Decimal("180000"), Decimal("18000"), Decimal("2000")),
            (Decimal("18000"), Decimal("1800"), Decimal("100")),
        ),
        tax_certificate=TaxCertificate(
            "张伟",
            2026,
            12,
            "1.0 升以上至 1.6 升（含）",
            Decimal("420"),
            Decimal("35"),
            Decimal("420"),
            (2025,),
            Decimal("10.50"),
            Decimal("465.50"),
        ),
        qr_token="CD1." + "x" * 230,
        signature=[[(0.1, 0.2), (0.5, 0.8), (0.9, 0.3)]],
    )


@pytest.mark.parametrize("covers", [2, 9, 12])
def test_the_signature_stays_on_the_page_of_the_totals(tmp_path: Path, covers: int) -> None:
    """Nine covers: CTPL 950.00 + eight at 100.00 = 800.00 commercial, tax 420.00 + 35.00 +
    10.50 = 465.50, total 950.00 + 800.00 + 465.50 = 2,215.50. The total and the signature box
    (with the QR code beside it) are read back on one page, whatever the number of covers."""
    pages = _pages(render_policy_pdf(_full_schedule(covers)), tmp_path)
    total = fmt_amount(Decimal("950.00") + 100 * (covers - 1) + Decimal("465.50"))
    if covers == 9:
        assert total == "2,215.50"
    [with_total] = [i for i, t in enumerate(pages) if "合计 Total（人民币元）" in t]
    [with_signature] = [i for i, t in enumerate(pages) if "投保人签名" in t]
    assert with_total == with_signature
    assert total in pages[with_total] and "扫码验真" in pages[with_signature]
    # Every cover is printed, each once, and the pages are numbered to the last.
    assert sum(t.count("附加险 ") for t in pages) == covers - 1
    assert f"第{len(pages)}页/共{len(pages)}页" in pages[-1].replace(" ", "")
    if covers == 2:
        assert with_total == 0  # a short schedule stays on one page
