"""Policy PDF figure: median render time of a standard policy PDF (target ≤ 50 ms)."""

from __future__ import annotations

import statistics
import time
from decimal import Decimal

from benchmarks import Figure


def run(quick: bool) -> list[Figure]:
    from app.documents.policy_pdf import (
        CoverRow,
        CtplLimits,
        FloatNotice,
        Party,
        PolicySchedule,
        TaxCertificate,
        render_policy_pdf,
    )

    covers = [CoverRow(f"附加险 {i}", "100,000.00", "—", Decimal("123.45")) for i in range(10)]
    s = PolicySchedule(
        kind="cover_note",
        policy_number="P3101000120261125000017",
        outlet="上海浦东门店 310100",
        issued_at="2026-11-25 08:40",
        period="2026-11-26 00:00 至 2027-11-25 24:00",
        parties=[
            Party("投保人", "张伟", "居民身份证", "110101199003074514", "13812345678"),
            Party("被保险人", "张伟", "居民身份证", "110101199003074514"),
        ],
        vehicle=[
            ("号牌", "沪A12345"),
            ("VIN", "LSVAU2180N2183294"),
            ("厂牌型号", "大众 朗逸"),
            ("座位", "5"),
        ],
        covers=covers,
        ctpl_premium=Decimal("950.00"),
        commercial_premium=Decimal("1234.50"),
        tax=Decimal("360.00"),
        total=Decimal("2544.50"),
        rate_table_version=3,
        illustrative=True,
        verification_hash="ab" * 32,
        signature=[[(0.1, 0.2), (0.5, 0.8), (0.9, 0.3)]],
        insurer_name="示例保险股份有限公司",
        claims_hotline="000-0000-0000",
        ctpl_limits=CtplLimits(
            (Decimal(180000), Decimal(18000), Decimal(2000)),
            (Decimal(18000), Decimal(1800), Decimal(100)),
        ),
        tax_certificate=TaxCertificate(
            "张伟",
            2026,
            1,
            "乘用车，排量 1.5 升",
            *(Decimal(360),) * 2,
            Decimal(0),
            (),
            Decimal(0),
            Decimal(360),
        ),
        float_notice=FloatNotice(
            "家庭自用汽车",
            "上海市",
            "E",
            "A1",
            "上一年度未发生有责任道路交通事故",
            Decimal("-0.1"),
            Decimal(0),
            "",
            Decimal(950),
            Decimal("855.00"),
            "950.00 × (1 − 10%)",
        ),
        # as long as a provisioned desk's signed token (a version-11 QR code)
        qr_token="CD1." + "x" * 250,
    )
    render_policy_pdf(s)  # font registration happens once per process; not part of a render
    times = []
    for _ in range(10 if quick else 50):
        t0 = time.perf_counter()
        render_policy_pdf(s)
        times.append((time.perf_counter() - t0) * 1000)
    med = statistics.median(times)
    return [
        Figure(
            "pdf",
            "policy PDF render (10 covers, signature, signed-token QR, tax lines, float notice)",
            med,
            "ms",
            at_most=50,
            note=f"median of {len(times)}",
        )
    ]
