"""A paper policy scanned into the book: the real OCR reads a printed first page, the clerk
confirms each field (and types what the page does not show), and the policy joins the book once,
checked by the import's rules (docs/renewals.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.core.errors import InvalidInput, PermissionDenied
from tests.support.book import paper_policy_page, person_id, vin


def _fields(today) -> dict[str, str]:
    return {
        "policy_number": "PDAA202611010000000123",
        "insurer": "中国人民财产保险股份有限公司",
        "start_date": (today - timedelta(days=340)).isoformat(),
        "end_date": (today + timedelta(days=24)).isoformat(),
        "plate": "京N8C2T6",
        "vin": vin(31),
        "covers": "ctpl;vehicle_damage;third_party",
        "holder_name": "李娜",  # typed by the clerk
        "holder_id_number": person_id(31),
    }


def test_confirmed_fields_join_the_book_once_and_bad_ones_are_refused(desk):
    r = desk.ctx.renewals
    today = desk.clock.today()
    row_id = r.add_paper_policy(desk.supervisor, _fields(today), image=b"jpeg", file_name="p.jpg")
    detail = r.detail(desk.supervisor, row_id)
    assert (detail.source, detail.state, detail.plate) == ("imported", "due", "京N8C2T6")
    assert [c["code"] for c in detail.covers] == ["ctpl", "vehicle_damage", "third_party"]
    assert detail.events[0].text == "scanned from paper"
    with pytest.raises(InvalidInput, match="in the book already"):
        r.add_paper_policy(desk.supervisor, _fields(today))
    bad = {**_fields(today), "policy_number": "X2", "vin": "LSVCC6A4BPN200000", "holder_name": ""}
    with pytest.raises(InvalidInput) as refused:
        r.add_paper_policy(desk.supervisor, bad)
    assert "vin" in refused.value.message and "holder_name" in refused.value.message
    with pytest.raises(PermissionDenied):  # a supervisor's, as importing a file is
        r.add_paper_policy(desk.clerk, {**_fields(today), "policy_number": "Y3"})


@pytest.mark.slow
def test_the_real_ocr_reads_a_printed_first_page(desk, tmp_path):
    from app.ocr import OcrService

    today = desk.clock.today()
    f = _fields(today)
    path = paper_policy_page(tmp_path / "policy.png", f)
    read = desk.ctx.renewals.scan_paper_policy(desk.supervisor, str(path), OcrService())
    got = {k: v.value for k, v in read.items()}
    for key in ("policy_number", "insurer", "start_date", "end_date", "plate", "vin"):
        assert got.get(key) == f[key], (key, got)
    assert got["covers"] == "vehicle_damage;third_party" and read["covers"].doubtful
    # the clerk confirms them, types the policyholder, and the policy joins the book
    confirmed = {**got, "holder_name": f["holder_name"], "holder_id_number": f["holder_id_number"]}
    assert desk.ctx.renewals.add_paper_policy(desk.supervisor, confirmed, image=path.read_bytes())
