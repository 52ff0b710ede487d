"""A policy issued before the CTPL limits were kept with it printed "see the table below" with no
table. Printed again (补打 through `reprint()`, or its formal policy made later), it prints its
limits in figures: those of its own rate table version where the desk still has it, else the
statutory set in force on its start date (docs/regulations.md §1.1). Real store, real PDFs read
back with poppler."""

from __future__ import annotations

import copy
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.documents.policy_pdf import render_policy_pdf
from app.issuance.schedule import build_schedule
from app.rating.ctpl import statutory_limits
from local_db.models import Document, Policy
from tests.support.changes import policy_request

START = date(2026, 12, 10)
LIMITS_HEADING = "交强险责任限额"


def _text(pdf: bytes, tmp_path: Path) -> str:
    f = tmp_path / "p.pdf"
    f.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-layout", str(f), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(out.split())  # one line: the table's columns in reading order


def _as_before_limits_were_kept(desk, policy_id: str, **columns) -> None:
    """The policy as the desk stored it before: no limits in what was signed and priced, and
    its cover note printed without them."""
    with desk.ctx.store.write() as s:
        policy = s.get(Policy, policy_id)
        stored = copy.deepcopy(policy.quote)
        stored["schedule"]["covers"]["ctpl"].pop("limits")
        stored["quote"]["ctpl"].pop("limits", None)
        policy.quote = stored
        for name, value in columns.items():
            setattr(policy, name, value)
        s.flush()
        old = render_policy_pdf(replace(build_schedule(s, policy, "cover_note"), ctpl_limits=None))
        note = s.execute(
            select(Document).where(Document.policy_id == policy_id, Document.kind == "cover_note")
        ).scalar_one()
        note.content = old


def test_statutory_sets_by_start_date():
    """From 2020-09-19 (银保监发〔2020〕41号): 180,000 / 18,000 / 2,000 at fault, a tenth of each
    not at fault; the day before, the 2008 set: 110,000 / 10,000 / 2,000 and 11,000 / 1,000 / 100."""
    new, old = statutory_limits(date(2020, 9, 19)), statutory_limits(date(2020, 9, 18))
    assert [str(v) for v in new.at_fault.model_dump().values()] == ["180000", "18000", "2000"]
    assert [str(v) for v in new.no_fault.model_dump().values()] == ["18000", "1800", "100"]
    assert [str(v) for v in old.at_fault.model_dump().values()] == ["110000", "10000", "2000"]
    assert [str(v) for v in old.no_fault.model_dump().values()] == ["11000", "1000", "100"]


def test_a_reprint_of_a_cover_note_without_limits_prints_its_table_s_limits(desk, tmp_path):
    """The demo table (the policy's own version, installed on this desk) states 180,000.00 /
    18,000.00 / 2,000.00 at fault and 18,000.00 / 1,800.00 / 100.00 not at fault."""
    r = desk.ctx.issuance.issue(desk.clerk, policy_request(START))
    # A cover note printed with its limits is given again as it was stored.
    same, _ = desk.ctx.changes.reprint(desk.clerk, r.policy_number, "cover_note", "损毁")
    assert same == r.pdf_path.read_bytes() and LIMITS_HEADING in _text(same, tmp_path)
    _as_before_limits_were_kept(desk, r.policy_id)
    with desk.ctx.store.read() as s:
        doc = s.execute(
            select(Document).where(Document.policy_id == r.policy_id, Document.kind == "cover_note")
        ).scalar_one()
        assert LIMITS_HEADING not in _text(doc.content, tmp_path)  # as it was printed then
    pdf, name = desk.ctx.changes.reprint(desk.clerk, r.policy_number, "cover_note", "遗失")
    text = _text(pdf, tmp_path)
    assert name.endswith(".pdf") and r.policy_number in text
    assert LIMITS_HEADING in text
    assert "180,000.00 18,000.00 2,000.00" in text
    assert "18,000.00 1,800.00 100.00" in text
    with desk.ctx.store.read() as s:
        copy_ = (
            s.execute(
                select(Document)
                .where(Document.policy_id == r.policy_id, Document.kind == "reprint")
                .order_by(Document.id.desc())
            )
            .scalars()
            .first()
        )
        assert copy_.content == pdf
        assert copy_.extracted["rendered_again"] == "the original lacked the CTPL limits"


def test_without_its_table_an_old_policy_prints_the_statutory_set_of_its_start(desk, tmp_path):
    """Priced with a table this desk no longer has (version 999), starting on 2020-06-01, before
    the 2020 reform: the 2008 set, 110,000.00 / 10,000.00 / 2,000.00 at fault and 11,000.00 /
    1,000.00 / 100.00 not at fault."""
    r = desk.ctx.issuance.issue(desk.clerk, policy_request(START))
    _as_before_limits_were_kept(
        desk, r.policy_id, rate_table_version=999, start_date=date(2020, 6, 1)
    )
    pdf, _ = desk.ctx.changes.reprint(desk.clerk, r.policy_number, "cover_note", "遗失")
    text = _text(pdf, tmp_path)
    assert "110,000.00 10,000.00 2,000.00" in text
    assert "11,000.00 1,000.00 100.00" in text
    assert "180,000.00" not in text


@pytest.mark.parametrize("document", ["endorsement"])
def test_an_endorsement_note_is_reprinted_as_it_was(desk, document):
    """A 批单 prints the change, not the CTPL limits: its copy is the stored PDF."""
    r = desk.ctx.issuance.issue(desk.clerk, policy_request(START, vehicle_plate=None))
    _as_before_limits_were_kept(desk, r.policy_id)
    v = desk.ctx.changes.endorse(
        desk.clerk, r.policy_number, {"kind": "plate", "plate": "京A67890"}
    )
    pdf, _ = desk.ctx.changes.reprint(desk.clerk, r.policy_number, document, "遗失", v.number)
    assert pdf == desk.ctx.changes.note_pdf(desk.clerk, v.id)
