"""A renewal takes its NCD level from head office's claims register when head office answers
(a real head office on loopback, the desk provisioned with it), says so beside the premium, and
falls back to the estimate when head office cannot be asked (docs/renewals.md).

By hand (tests/support/claims_hq.py): head office knows two back-to-back policy years for the
vehicle and one claim 100 days ago: level 1 − 2 = −1, one claim in the last year. The desk's own
estimate, not knowing the claims, keeps last year's
level 0, to be verified."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from app.renewals.renewal import HeadOfficeRecord
from hq.cli import main as hq_main
from tests.support.book import issue_request, vin
from tests.support.claims_hq import head_office_knowing, provision_with_rates


@pytest.fixture
def hq(tmp_path, capsys):
    with head_office_knowing(tmp_path, vin(930)) as (url, engine):
        capsys.readouterr()
        yield url, engine


def _renewal_row(desk, i: int):
    today = desk.clock.today()
    desk.ctx.issuance.issue(
        desk.clerk, issue_request(vin(i), today + timedelta(days=1), history={"ncd_level": 0})
    )
    row = next(r for r in desk.ctx.renewals.work_list(desk.supervisor, due_within=366).rows)
    desk.clock.set_day(row.end_date - timedelta(days=20))
    return row


def test_online_the_level_is_head_offices_and_the_step_says_so(desk, hq):
    from sync.worker import SyncWorker

    url, engine = hq
    provision_with_rates(desk.ctx, url, engine)
    row = _renewal_row(desk, 930)
    answer = SyncWorker(desk.ctx).ask_now("claims_history", vin=vin(930))
    record = HeadOfficeRecord.from_answer(answer)
    assert record is not None
    assert (record.ncd_level, record.claims_last_year, record.continuous_years) == (-1, 1, 2)
    draft_id = desk.ctx.renewals.start_renewal(desk.clerk, row.id, record=record)
    _step, data = desk.ctx.drafts.load(desk.clerk, draft_id)
    assert data["history"] == {"ncd_level": -1, "ctpl_at_fault_claims_last_year": 1}
    req = desk.ctx.renewals.renewal_request(
        desk.clerk,
        row.id,
        {"consent": {"given": True}},
        record,
    )
    quote = desk.ctx.issuance.preview(req).quote
    en = [e for _zh, e in desk.ctx.renewals.explain(draft_id, quote)]
    zh = [z for z, _en in desk.ctx.renewals.explain(draft_id, quote)]
    assert "NCD moved from level 0 (coefficient 1.0) to -1 (coefficient 0.8)" in en
    assert any("from head office's claims register" in line for line in en)
    assert any("取自总部理赔记录" in line for line in zh)
    assert not any("estimates it from last year's record" in line for line in en)
    # The row's events say where the level came from.
    detail = desk.ctx.renewals.detail(desk.supervisor, row.id)
    assert any(
        "from head office's claims register" in json.dumps(e, default=str, ensure_ascii=False)
        for e in detail.events
    )


def test_offline_the_level_is_estimated_and_the_platform_record_wins(desk, hq):
    from sync.worker import SyncWorker

    url, engine = hq
    provision_with_rates(desk.ctx, url, engine)
    row = _renewal_row(desk, 931)
    engine.dispose()
    # Head office stops answering: its look-ups' source is switched off.
    assert hq_main(["lookups", "outage", "on", "--db", str(engine.url)]) == 0
    assert SyncWorker(desk.ctx).ask_now("claims_history", vin=vin(931)) is None
    draft_id = desk.ctx.renewals.start_renewal(desk.clerk, row.id, record=None)
    _step, data = desk.ctx.drafts.load(desk.clerk, draft_id)
    assert data["history"] == {"ncd_level": 0}  # claims unknown: last year's level, to verify
    req = desk.ctx.renewals.renewal_request(desk.clerk, row.id, {"consent": {"given": True}})
    quote = desk.ctx.issuance.preview(req).quote
    en = [e for _zh, e in desk.ctx.renewals.explain(draft_id, quote)]
    assert any("The platform's NCD level is binding" in line for line in en)
    assert not any("head office's claims register" in line for line in en)


def test_head_office_knowing_no_cover_gives_no_record():
    answer = {
        "ncd_level": None,
        "claims_last_year": 1,
        "claim_free_years": 0,
        "as_of": "2026-12-01",
    }
    assert HeadOfficeRecord.from_answer(answer) is None
    assert HeadOfficeRecord.from_answer(None) is None
