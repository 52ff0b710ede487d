"""The training sandbox is isolated: a run plays through the real issuance service and the real
sync worker, on its own store and against the simulated head office, and afterwards the real
store (every byte of the data directory outside training/), its outbox and its key are as they
were; no socket is opened while it runs."""

from __future__ import annotations

import hashlib
import socket
import subprocess

import pytest
from sqlalchemy import func, select

from app.core.policy_number import TRAINING_WATERMARK, is_training_number, parse
from app.desk.context import AppContext
from app.desk.training import open_training, trainee
from app.training.scenarios import find_scenario
from app.training.scoring import Answers, score
from app.training.standards import load_standards
from local_db.keystore import key_file_for
from local_db.models import OutboxItem
from sync.sandbox import SANDBOX_URL, SimulatedHeadOffice, play
from tests.support.outlet import issue_real


def _tree(home):
    """Every file of the real data directory (the training folder aside) and its SHA-256."""
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file() and "training" not in p.relative_to(home).parts
    }


def _pdf_pages(pdf):
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def _outbox(home):
    with AppContext.open(home) as ctx, ctx.store.read() as s:
        return s.execute(select(func.count()).select_from(OutboxItem)).scalar_one()


@pytest.fixture
def no_network(monkeypatch):
    """A tripwire, not a stand-in: any attempt to open a connection (HTTP to head office, SMTP,
    the SMS gateway, a registry) fails the test. Nothing is simulated by it; the simulated head
    office is sync/sandbox.py's, which needs no socket."""
    attempts = []

    def refuse(self, address, *a, **k):
        attempts.append(address)
        raise AssertionError(f"a training session opened a connection to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.mark.slow
def test_a_training_session_leaves_the_real_desk_untouched_and_opens_no_socket(
    seeded_home, no_network
):
    with AppContext.open(seeded_home) as real:
        issue_real(real, 2)  # a real desk with policies waiting in its outbox
    outbox_before = _outbox(seeded_home)
    assert outbox_before >= 2
    before = _tree(seeded_home)

    ctx = open_training(seeded_home)
    try:
        clerk = trainee(ctx, "wang", "王")
        standards = load_standards(seeded_home)
        confirmed = play(ctx, find_scenario("underwriting-refers-beginner"), clerk)
        rejected = play(ctx, find_scenario("hq-rejects-premium-mismatch-beginner"), clerk)
        refused = play(ctx, find_scenario("consent-refused-beginner"), clerk)
        for sid in ("underwriting-refers-beginner", "hq-rejects-premium-mismatch-beginner"):
            s = find_scenario(sid)
            assert score(s, Answers({c.id: c.expected for c in s.checkpoints}), standards).passed
    finally:
        ctx.close()

    assert no_network == []
    # played through the real service and sync: numbered as training, answered as scripted
    assert confirmed.state == "confirmed" and "upload_batch" in confirmed.head_office_calls
    assert rejected.state == "rejected"
    assert refused.policy_number is None and "consent" in (refused.stopped or "")
    for number in (confirmed.policy_number, rejected.policy_number):
        assert number and is_training_number(number) and parse(number) is None

    # every page of every training document carries the watermark; no real one does
    training_pdfs = sorted((seeded_home / "training" / "print").glob("*.pdf"))
    assert len(training_pdfs) >= 3  # cover notes of both, the formal policy of the confirmed
    for pdf in training_pdfs:
        pages = _pdf_pages(pdf)
        assert pages and all(TRAINING_WATERMARK in page for page in pages), pdf.name
    real_pdfs = sorted((seeded_home / "print").glob("*.pdf"))
    assert real_pdfs
    assert not any(TRAINING_WATERMARK in page for page in _pdf_pages(real_pdfs[0]))

    assert _tree(seeded_home) == before
    assert _outbox(seeded_home) == outbox_before
    # its own store with its own key
    training_db = seeded_home / "training" / "chudan.db"
    assert training_db.is_file()
    real_key = key_file_for(seeded_home / "chudan.db").read_bytes()
    assert key_file_for(training_db).read_bytes() != real_key


def test_the_simulated_head_office_answers_nothing_but_the_sandbox():
    hq = SimulatedHeadOffice(find_scenario("duplicate-cover-beginner"))
    assert hq(SANDBOX_URL) is hq
    with pytest.raises(Exception, match="simulated"):
        hq("https://hq.example.com")
    vin = hq.scenario.vehicle["vin"]
    assert hq.prior_policies(vin).policies  # the duplicate the scenario plays
    assert not hq.prior_policies("X").policies  # on the scenario's vehicle, no other


@pytest.mark.slow
def test_a_training_session_sends_no_e_policy_or_text_whatever_its_store_was_given(
    chudan_home, no_network, monkeypatch
):
    """Mail and SMS accounts set up inside the training store (an administrator in training mode
    could) change nothing: the confirmed training policy's e-policy stays queued, no connection."""
    from app.access.permissions import system_actor
    from app.delivery.service import SmtpSettings, save_smtp
    from app.delivery.sms import SmsSettings, save_sms
    from app.training import requests as training_requests
    from local_db.models import Delivery

    def with_email(scenario, today):
        req = training_requests.scenario_request(scenario, today)
        req["policyholder"]["email"] = "trainee@example.com"
        return req

    monkeypatch.setattr("sync.sandbox.scenario_request", with_email)
    ctx = open_training(chudan_home)
    try:
        admin = system_actor("test")
        save_smtp(
            ctx.secure_settings,
            admin,
            SmtpSettings(host="127.0.0.1", port=2525, sender="desk@example.com"),
        )
        save_sms(ctx.secure_settings, admin, SmsSettings(url="https://sms.example.com", token="t"))
        report = play(ctx, find_scenario("id-expired-beginner"), trainee(ctx, "wang"))
        assert report.state == "confirmed"
        with ctx.store.read() as s:
            statuses = s.execute(select(Delivery.status)).scalars().all()
    finally:
        ctx.close()
    assert statuses and set(statuses) == {"pending"}
    assert no_network == []


@pytest.mark.parametrize(
    ("scenario_id", "decision"),
    [
        ("underwriting-refers-advanced", "approved"),
        ("underwriting-declines-commercial-advanced", "declined"),
    ],
)
def test_a_referral_sent_from_the_training_desk_is_decided_as_the_scenario_says(
    chudan_home, no_network, scenario_id, decision
):
    """The real queue and sync send the referral (as the wizard's 提交总公司核保 does); the
    simulated head office decides it as the scenario says."""
    import uuid

    from sync.protocol import ReferralSubmit
    from sync.queued_calls import QueuedCalls
    from sync.sandbox import training_worker

    scenario = find_scenario(scenario_id)
    ctx = open_training(chudan_home)
    try:
        hq = SimulatedHeadOffice(scenario, ctx.clock)
        worker = training_worker(ctx, hq)
        key = QueuedCalls(ctx.store).queue_referral(
            ReferralSubmit(
                referral_id=uuid.uuid4(),
                reasons=["UW_HIGH_VALUE"],
                quote_request={"vehicle": {"vin": scenario.vehicle["vin"]}},
            ),
            draft_id="training-draft",
        )
        assert worker.run_once().ok
        call = QueuedCalls(ctx.store).get(key)
    finally:
        ctx.close()
    assert "submit_referral" in hq.calls
    assert call is not None and call.answer["status"] == decision
    assert no_network == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("scenario_id", "ctpl_choice", "referral", "state", "plan"),
    [
        ("underwriting-refers-beginner", None, "approved", "confirmed", "standard"),
        ("underwriting-declines-commercial-beginner", None, "declined", "confirmed", "ctpl"),
        ("underwriting-declines-commercial-beginner", "refuse_all", "declined", None, None),
    ],
)
def test_headless_play_goes_through_the_referral_and_head_offices_decision(
    chudan_home, no_network, scenario_id, ctpl_choice, referral, state, plan
):
    """The scenario's customer history makes the real underwriting rules refer; the referral is
    sent through the real queue and sync, the simulated head office decides as the scenario
    says, and the same request then issues (approved) or is refused (declined: CTPL alone is
    issued if the clerk offers it, nothing if they refuse it)."""
    from local_db.models import Policy, WorkItem

    scenario = find_scenario(scenario_id)
    choices = {"ctpl_alone": ctpl_choice} if ctpl_choice else None
    ctx = open_training(chudan_home)
    try:
        report = play(ctx, scenario, trainee(ctx, "wang"), choices)
        with ctx.store.read() as s:
            referral_items = s.execute(
                select(WorkItem).where(WorkItem.kind == "referral")
            ).scalars()
            decided_by = [h.get("by") for i in referral_items for h in i.history]
            issued = (
                s.execute(select(Policy).where(Policy.policy_number == report.policy_number))
                .scalars()
                .first()
            )
            commercial = issued.premium_commercial if issued is not None else None
    finally:
        ctx.close()
    assert no_network == []
    assert "submit_referral" in report.head_office_calls
    assert "head-office" in decided_by  # decided by head office's answer, not by the play
    assert report.referral == referral
    assert report.state == state
    if plan == "standard":
        assert commercial > 0
    if plan == "ctpl":
        assert commercial == 0  # CTPL alone
        assert report.did == {"ctpl_alone": "offer_ctpl_only"}
    if ctpl_choice == "refuse_all":
        assert report.policy_number is None and report.did == {"ctpl_alone": "refuse_all"}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("choices", "endorsed", "did"),
    [
        (None, True, {"special_agreement": "written_endorsement", "premium_change": "reprice"}),
        (
            {"premium_change": "free"},
            False,
            {"special_agreement": "written_endorsement"} | {"premium_change": "free"},
        ),
        ({"special_agreement": "verbal_promise"}, False, {"special_agreement": "verbal_promise"}),
    ],
)
def test_the_special_agreement_is_played_through_the_real_endorsement_path(
    chudan_home, no_network, choices, endorsed, did
):
    """特约批改 headless: written, the agreement is an endorsement priced again, signed, paid and
    confirmed by the simulated head office; promised for free, the desk refuses it (见费出单);
    promised by word of mouth, there is no endorsement. Scored from what was done."""
    scenario = find_scenario("endorsement-special-agreement-advanced")
    ctx = open_training(chudan_home)
    try:
        report = play(ctx, scenario, trainee(ctx, "wang"), choices)
    finally:
        ctx.close()
    assert no_network == []
    assert report.state == "confirmed"  # the policy the agreement is for
    assert report.did == did
    if endorsed:
        assert report.endorsement is not None and report.endorsement["state"] == "confirmed"
        assert report.endorsement["number"].startswith("TR-")  # never a real 批单号
        assert float(report.endorsement["difference"]) > 0
        assert "POST /api/v1/changes/batch" in report.head_office_calls
    else:
        assert report.endorsement is None
    if choices == {"premium_change": "free"}:
        assert "见费出单" in (report.stopped or "") or "due" in (report.stopped or "")
    result = score(
        scenario,
        Answers({**{c.id: c.expected for c in scenario.checkpoints}, **report.did}),
        load_standards(chudan_home),
    )
    wrong = sorted(k for k, v in report.did.items() if v != scenario.checkpoint(k).expected)
    assert result.missed == wrong
    assert result.costly_mistakes == (1 if "special_agreement" in wrong else 0)


@pytest.mark.slow
@pytest.mark.parametrize("choice", ["record_aml", "split_cash"])
def test_the_fleet_customers_cash_is_played_and_the_record_is_asked_for_on_the_day_it_crosses(
    chudan_home, no_network, choice
):
    """large_cash_aml headless (docs/regulations.md §10.2, "in a day"): the fleet customer pays
    one vehicle's policy after another in cash the same day. No policy alone reaches 50,000; the
    one whose cash takes the day there needs the large-value record. Made, that policy is issued
    and carries it (the others do not); split into smaller cash parts instead, the desk refuses
    it all the same. The checkpoint is scored from what was done."""
    from decimal import Decimal

    from local_db.models import Payment, Policy

    scenario = find_scenario("large-cash-aml-advanced")
    ctx = open_training(chudan_home)
    try:
        report = play(ctx, scenario, trainee(ctx, "wang"), {"aml_record": choice})
        with ctx.store.read() as s:
            policies = s.execute(select(Policy).order_by(Policy.created_at)).scalars().all()
            paid = [
                (sum((p.amount for p in pol.payments if p.status == "succeeded"), Decimal(0)),
                 [bool(p.extra and p.extra.get("aml")) for p in pol.payments])
                for pol in policies
            ]  # fmt: skip
            cash = s.execute(select(Payment.method).distinct()).scalars().all()
    finally:
        ctx.close()
    assert no_network == []
    assert cash == ["cash"]
    assert all(total < Decimal("50000.00") for total, _ in paid)  # no single policy reaches it
    before = sum(total for total, _ in paid[:-1])
    assert before < Decimal("50000.00")  # the day so far is below the threshold
    assert report.did == {"aml_record": choice}
    if choice == "record_aml":
        assert before + paid[-1][0] >= Decimal("50000.00")  # the last one crossed it
        assert [marks for _, marks in paid] == [[False]] * (len(paid) - 1) + [[True]]
        assert report.state == "confirmed"
    else:
        assert report.policy_number is None and "50000.00" in (report.stopped or "")
        assert all(marks == [False] for _, marks in paid)  # the split cash was not taken
    result = score(
        scenario,
        Answers({**{c.id: c.expected for c in scenario.checkpoints}, **report.did}),
        load_standards(chudan_home),
    )
    assert result.missed == ([] if choice == "record_aml" else ["aml_record"])
    assert result.costly_mistakes == (0 if choice == "record_aml" else 1)


def test_before_a_large_cash_drill_in_the_wizard_the_fleet_has_paid_up_to_the_threshold(
    chudan_home, no_network
):
    """The wizard plays the scenario's own vehicle: the fleet's others are paid in cash first,
    each under the threshold, so the day's cash is what that one policy takes over it."""
    from decimal import Decimal

    from app.issuance.payments import AmlRecordNeeded
    from app.training.requests import fleet_request
    from sync.sandbox import fleet_paid_before

    scenario = find_scenario("large-cash-aml-beginner")
    ctx = open_training(chudan_home)
    try:
        clerk = trainee(ctx, "wang")
        assert fleet_paid_before(ctx, clerk, find_scenario("card-limit-then-qr-beginner")) == 0
        assert fleet_paid_before(ctx, clerk, scenario) >= 1
        payer = scenario.customer["id_number"]
        assert ctx.issuance.cash_paid_today(None, payer) < Decimal("50000.00")
        with pytest.raises(AmlRecordNeeded):  # the wizard's own policy in cash crosses it
            ctx.issuance.issue(clerk, fleet_request(scenario, ctx.clock().date(), 0, None))
    finally:
        ctx.close()
    assert no_network == []
