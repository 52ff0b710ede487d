"""The simulated head office of the training sandbox (docs/training.md): an object with the
methods of `sync.client.HqClient` that the sync worker, the look-ups and the referrals call,
answering inside the process as the scenario says. It is handed to the real `SyncWorker` as its
client factory, so training runs the same sync, look-up and answer-applying code as real work;
only the head office is swapped (and the store, app/desk/training.py). No socket is opened.

`play` is a scenario played headless on the training store: the registry and prior-policy
look-ups, the issuance through the real service (with the scenario's customer and vehicle) and
a sync whose answer is the scenario's (confirmed, or rejected with its reason)."""

from __future__ import annotations

import gzip
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from app.core.errors import ChudanError
from app.training.requests import fleet_request, scenario_endorsement, scenario_request
from app.training.scenarios import Scenario
from local_db.models import Device
from local_db.types import utcnow
from sync.change_protocol import ChangeBatchResult, ChangeOutcome
from sync.outbox import LinkDown
from sync.protocol import (
    AnchorReport,
    AnchorState,
    BatchResult,
    DeviceState,
    Health,
    ItemOutcome,
    PriorPoliciesResponse,
    PriorPolicy,
    QrPaymentStatus,
    RateIndex,
    ReferralStatus,
    ReferralSubmit,
    SigningKeyAnswer,
    VehicleLookupResponse,
    VehicleRecord,
    ViolationsLookupResponse,
)
from sync.state import DEVICE_KEY, TOKEN_KEY, DeviceConfig

if TYPE_CHECKING:
    from sync.client import HqClient
    from sync.worker import SyncWorker

SANDBOX_URL = "sandbox://training"  # never a network address: only this module answers it
SANDBOX_DEVICE_ID = "training-device"
# The scenarios whose policy head office refuses on upload, with the reason code real intake
# gives (sync/protocol.py REJECT_REASONS).
_REFUSALS = {
    "hq_rejects_premium_mismatch": (
        "premium_mismatch",
        "re-pricing at head office differs from the desk's premium (training scenario)",
    ),
    "duplicate_cover": (
        "overlapping_cover",
        "the platform holds a CTPL policy of this vehicle for some of the days (training scenario)",
    ),
}


class _Answer:
    """What `HqClient.request` returns, for the one raw call the desk makes (change uploads)."""

    def __init__(self, payload: Any) -> None:
        self.status_code = 200
        self._payload = payload

    def json(self) -> Any:
        return self._payload


class SimulatedHeadOffice:
    """Head office as the scenario plays it. Call it like `HqClient(url, token=…)` (the worker's
    client factory); it returns itself. What it was asked is kept in `calls`."""

    def __init__(self, scenario: Scenario | None = None, clock: Any = utcnow) -> None:
        self.clock = clock
        self.play(scenario)
        self.calls: list[str] = []
        self.base_url = SANDBOX_URL
        self._confirmed = 0
        self._anchor = AnchorState(count=0)

    def play(self, scenario: Scenario | None) -> None:
        """From now on answer as `scenario` says; None: a head office with nothing unusual
        (the training window before a scenario is chosen)."""
        self.scenario = scenario
        self.events = {e["type"]: e for e in scenario.events} if scenario else {}

    def __call__(self, url: str, **_options: Any) -> SimulatedHeadOffice:
        if url != SANDBOX_URL:
            # The sandbox never talks to a real head office, whatever the store says.
            raise ChudanError(
                f"the training sandbox's head office is simulated, not {url[:60]}",
                zh="培训模式使用模拟总公司，不连接真实总公司。",
            )
        return self

    def close(self) -> None:
        pass

    # --- the desk and its audit ----------------------------------------------------------
    def health(self) -> Health:
        self.calls.append("health")
        return Health(server_time=self.clock())

    def device_state(self) -> DeviceState:
        self.calls.append("device_state")
        return DeviceState(device_id=SANDBOX_DEVICE_ID, outlet_code="TRAIN01", device_number=1)

    def register_signing_key(self, public_key_b64: str) -> SigningKeyAnswer:
        self.calls.append("register_signing_key")
        digest = hashlib.sha256(public_key_b64.encode()).hexdigest()
        return SigningKeyAnswer(device_id=SANDBOX_DEVICE_ID, fingerprint=digest)

    def audit_anchor_state(self) -> AnchorState:
        return self._anchor

    def send_audit_anchor(self, report: AnchorReport) -> AnchorState:
        self.calls.append("audit_anchor")
        self._anchor = AnchorState(
            count=report.count, head_hash=report.head_hash, acknowledged_at=self.clock()
        )
        return self._anchor

    def rate_index(self) -> RateIndex:
        # The sandbox prices with the table the desk has installed: no new table is published.
        return RateIndex(latest=None, versions=[])

    def rate_table(self, version: int) -> bytes:
        raise LinkDown("the simulated head office publishes no rate table")

    # --- policies and changes --------------------------------------------------------------
    def upload_batch(self, compressed_body: bytes) -> BatchResult:
        self.calls.append("upload_batch")
        items = json.loads(gzip.decompress(compressed_body))["items"]
        results = []
        for item in items:
            pid = item["policy_id"]
            refusal = next((r for ev, r in _REFUSALS.items() if ev in self.events), None)
            if refusal is not None:
                code, why = refusal
                results.append(
                    ItemOutcome(policy_id=pid, outcome="rejected", reason_code=code, reason=why)
                )
                continue
            self._confirmed += 1
            results.append(
                ItemOutcome(
                    policy_id=pid, outcome="accepted", confirmation_code=f"TR{self._confirmed:010d}"
                )
            )
        return BatchResult(results=results)

    def request(self, method: str, path: str, **_kw: Any) -> _Answer:
        """Endorsements and cancellations (sync/change_uploads.py): every one accepted."""
        self.calls.append(f"{method} {path}")
        body = json.loads(gzip.decompress(_kw["data"]))
        outcomes = [
            ChangeOutcome(
                change_id=i["change_id"], outcome="accepted", confirmation_code="TR-CHANGE"
            ).model_dump(mode="json")
            for i in body.get("items", [])
        ]
        return _Answer(
            ChangeBatchResult.model_validate({"results": outcomes}).model_dump(mode="json")
        )

    # --- look-ups, referrals, payments -----------------------------------------------------
    def vehicle(self, vin: str = "", plate: str = "") -> VehicleLookupResponse:
        self.calls.append("vehicle")
        if "lookup_delayed" in self.events:
            raise LinkDown("the registry has not answered yet (training scenario)")
        if self.scenario is None:
            return VehicleLookupResponse(found=False)
        v = self.scenario.vehicle
        model, usage = v["model"], v["usage"]
        if "registry_model_mismatch" in self.events:
            model = "registry: " + model[::-1]  # visibly another model than the licence's
        ev = self.events.get("registry_usage_mismatch")
        if ev is not None:
            usage = ev.get("detail", {}).get("registry", usage)
        return VehicleLookupResponse(
            found=True,
            vehicle=VehicleRecord(
                vin=v["vin"],
                plate=v["plate"],
                model=model,
                usage_nature=usage,
                owner_name_masked=self.scenario.customer["name"][:1] + "**",
                registered_on=v.get("registered", ""),
            ),
        )

    def violations(self, plate: str) -> ViolationsLookupResponse:
        self.calls.append("violations")
        return ViolationsLookupResponse(plate=plate, violations=[])

    def prior_policies(self, vin: str) -> PriorPoliciesResponse:
        self.calls.append("prior_policies")
        if "lookup_delayed" in self.events:
            raise LinkDown("the platform has not answered yet (training scenario)")
        policies = []
        ev = self.events.get("duplicate_cover")
        # The platform's other policy is on the scenario's vehicle: another VIN has none (a
        # clerk who changes the VIN to get past it is scored so, app/training/wizard_drill.py).
        if ev is not None and self.scenario is not None and vin == self.scenario.vehicle["vin"]:
            today = self.clock().date()
            policies.append(
                PriorPolicy(
                    policy_number="TR-OTHER-INSURER",
                    insurer="培训保险公司",
                    outlet_code="TRAIN02",
                    coverage="ctpl",
                    start=(today - timedelta(days=90)).isoformat(),
                    end=(today + timedelta(days=other_ends_in_days(self.scenario))).isoformat(),
                )
            )
        return PriorPoliciesResponse(vin=vin, policies=policies)

    def submit_referral(self, referral: ReferralSubmit) -> ReferralStatus:
        self.calls.append("submit_referral")
        return self.referral_status(str(referral.referral_id))

    def referral_status(self, referral_id: str) -> ReferralStatus:
        declined = "underwriting_declines_commercial" in self.events
        return ReferralStatus(
            referral_id=uuid.UUID(referral_id),
            status="declined" if declined else "approved",
            note="training scenario",
            decided_at=self.clock(),
        )

    def qr_payment(self, reference: str) -> QrPaymentStatus:
        self.calls.append("qr_payment")
        return QrPaymentStatus(reference=reference, paid=True, paid_at=self.clock())


def other_ends_in_days(scenario: Scenario) -> int:
    """When the platform's other CTPL of a `duplicate_cover` scenario ends, in days from the
    day it is played (275 when the scenario does not say)."""
    ev = next((e for e in scenario.events if e["type"] == "duplicate_cover"), None)
    return int(((ev or {}).get("detail") or {}).get("other_ends_in_days", 275))


def provision_sandbox(ctx: Any) -> None:
    """The training store provisioned to the simulated head office, as provisioning would write
    it (device settings, the device's head-office id and its numbering), with no key and no CA:
    nothing it says is ever sent anywhere."""
    from sqlalchemy import select

    from app.access.permissions import system_actor
    from app.issuance.policy_numbers import provisioned

    if not getattr(ctx, "training", False):
        raise ValueError("only a training context is provisioned to the simulated head office")
    actor = system_actor("training")
    with ctx.store.read() as s:
        done = s.execute(select(Device.id).where(Device.hq_device_id == SANDBOX_DEVICE_ID)).first()
    if done:
        return
    now = ctx.clock()
    config = DeviceConfig(SANDBOX_URL, SANDBOX_DEVICE_ID, "TRAIN01", now.isoformat(), "sandbox")
    ctx.secure_settings.set(actor, DEVICE_KEY, config.__dict__.copy())
    ctx.secure_settings.set(actor, TOKEN_KEY, "training")
    with ctx.store.write() as s:
        device = s.execute(select(Device).order_by(Device.id)).scalars().first()
        assert device is not None  # open_training made it
        device.hq_device_id = SANDBOX_DEVICE_ID
        device.provisioned_at = now
        provisioned(s, device.device_number, now)


@dataclass
class PlayReport:
    scenario: str
    policy_number: str | None = None
    state: str | None = None  # bound, confirmed, rejected … (None: nothing was issued)
    stopped: str | None = None  # why the desk issued nothing (its own message)
    lookups: dict[str, Any] = field(default_factory=dict)
    head_office_calls: list[str] = field(default_factory=list)
    referral: str | None = None  # head office's decision on a referred quote
    endorsement: dict[str, Any] | None = None  # the 特约批改 made: its number, difference, state
    # What the clerk did at the checkpoints the desk plays, as the desk saw it (scored so).
    did: dict[str, str] = field(default_factory=dict)


def training_worker(ctx: Any, hq: SimulatedHeadOffice) -> SyncWorker:
    """The real sync worker of the training context, its head office the simulated one (the
    window's sync runner uses it as `play` does)."""
    from sync.worker import SyncWorker

    provision_sandbox(ctx)
    # Duck-typed: it answers every HqClient method the worker, look-ups and referrals call.
    factory = cast("Callable[..., HqClient]", hq)
    return SyncWorker(
        ctx, client_factory=factory, clock=ctx.clock, on_confirmed=ctx.after_confirmation
    )


def _send_referral(ctx: Any, clerk: Any, policy_id: str) -> None:
    """A headless referral goes to head office's underwriters as the wizard's 提交总公司核保
    sends one: queued with the priced request (no personal data), marked on its 待处理 item;
    the next sync run sends it and records the decision (ReferralService)."""
    from sqlalchemy import select

    from app.work_items.queue import WorkItemKind
    from local_db.models import Policy, WorkItem
    from sync.protocol import ReferralSubmit
    from sync.queued_calls import QueuedCalls

    with ctx.store.read() as s:
        item = (
            s.execute(
                select(WorkItem)
                .where(
                    WorkItem.kind == WorkItemKind.REFERRAL.value,
                    WorkItem.policy_id == policy_id,
                    WorkItem.status == "open",
                )
                .order_by(WorkItem.id.desc())
            )
            .scalars()
            .first()
        )
        policy = s.get(Policy, policy_id)
        assert item is not None and policy is not None  # the issuance held it just now
        item_id, reasons = item.id, [r for r in item.reason.split("；") if r][:20]
        quote = policy.quote or {}
        total = str(policy.premium_total)
    referral_id = uuid.uuid4()
    QueuedCalls(ctx.store).queue_referral(
        ReferralSubmit(
            referral_id=referral_id,
            reasons=[r[:200] for r in reasons] or ["referred"],
            quote_request=quote.get("request") or {},
            quote_summary={"total": total},
        ),
        policy_id=policy_id,
    )
    ctx.referrals.sent_to_head_office(clerk, item_id, str(referral_id))


def play(
    ctx: Any, scenario: Scenario, clerk: Any, choices: dict[str, str] | None = None
) -> PlayReport:
    """The scenario on the training context `ctx` (app.desk.training.open_training) as `clerk`.
    `choices` are what the clerk does at the checkpoints the desk plays (the expected handling
    when not given): after head office declines the commercial cover, CTPL alone is issued
    (`offer_ctpl_only`) or nothing. What was done is in the report's `did`."""
    chosen = {c.id: c.expected for c in scenario.checkpoints} | dict(choices or {})
    hq = SimulatedHeadOffice(scenario, ctx.clock)
    worker = training_worker(ctx, hq)
    report = PlayReport(scenario.id)
    vin = scenario.vehicle["vin"]
    for call in ("vehicle", "prior_policies"):
        answer, queued = worker.ask(call, vin=vin, wait_s=0.1)
        report.lookups[call] = answer if answer is not None else {"queued": queued}
    request = scenario_request(scenario, ctx.clock().date())
    try:
        try:
            if scenario_has(scenario, "aml_record"):
                result = _fleet_in_cash(ctx, clerk, scenario, chosen, report)
            else:
                result = ctx.issuance.issue(clerk, request)
        except ChudanError:
            if not _declined_before(ctx, vin):
                raise
            # Head office declined exactly this schedule in an earlier run (a decision holds
            # for what was priced): it stands, and the clerk goes on from the decline.
            report.referral = "declined"
            result = _after_decision(ctx, clerk, scenario, request, "declined", chosen, report)
        else:
            if result.state == "referred" and result.policy_id:
                # Underwriting referred it: head office's underwriters decide (as the scenario
                # says) on the next sync; the same request then issues, or is refused.
                _send_referral(ctx, clerk, result.policy_id)
                worker.run_once()
                answered = _policy_state(ctx, result.policy_id)
                report.referral = answered
                result = _after_decision(ctx, clerk, scenario, request, answered, chosen, report)
    except ChudanError as exc:
        report.stopped = exc.message
        report.head_office_calls = list(hq.calls)
        return report
    if result is None:
        report.head_office_calls = list(hq.calls)
        return report
    report.policy_number = result.policy_number
    report.state = result.state
    if result.policy_number:
        worker.run_once()
        report.state = ctx.policies.get(clerk, result.policy_number).row.state
        if report.state == "confirmed" and scenario_has(scenario, "special_agreement"):
            _endorse(ctx, clerk, scenario, result.policy_number, chosen, report)
            worker.run_once()
            if report.endorsement:
                change = ctx.changes.view(clerk, report.endorsement["id"])
                report.endorsement["state"] = change.state
    report.head_office_calls = list(hq.calls)
    return report


# A bound on the fleet's vehicles, so a table whose threshold no day reaches ends the play.
MAX_FLEET = 30


def _fleet_in_cash(
    ctx: Any, clerk: Any, scenario: Scenario, chosen: dict[str, str], report: PlayReport
) -> Any:
    """large_cash_aml: the fleet customer pays its vehicles' policies in cash, one after another
    the same day, until the day's cash reaches the scenario's amount. The desk asks for the
    large-value record on the policy whose cash takes the day to the table's threshold
    (docs/regulations.md §10.2); the clerk makes it (`record_aml`), or splits that cash into
    smaller parts (`split_cash`), which the desk refuses all the same, so nothing more is issued.
    Returns the last policy issued (None when the desk stopped the play)."""
    from app.issuance.payments import AmlRecordNeeded

    event = next(e for e in scenario.events if e["type"] == "large_cash_aml")
    target = Decimal(event["detail"]["cash_fen"]) / 100
    today = ctx.clock().date()
    customer = scenario.customer
    record = {
        "id_number": customer["id_number"],
        "nationality": "中国",
        "occupation": "车队经营",
        "reason": "车队车辆保费",
    }
    result = None
    for k in range(MAX_FLEET):
        if ctx.issuance.cash_paid_today(None, customer["id_number"]) >= target:
            break
        try:
            result = ctx.issuance.issue(clerk, fleet_request(scenario, today, k, None))
        except AmlRecordNeeded:
            choice = chosen["aml_record"]
            report.did["aml_record"] = choice
            if choice == "record_aml":
                result = ctx.issuance.issue(clerk, fleet_request(scenario, today, k, record))
            else:
                ctx.issuance.issue(clerk, fleet_request(scenario, today, k, None, split=True))
                raise AssertionError(
                    "the desk took split cash past the large-value threshold"
                ) from None
    return result


def fleet_paid_before(ctx: Any, clerk: Any, scenario: Scenario) -> int:
    """A `large_cash_aml` drill played in the wizard: the fleet customer's other vehicles
    (`fleet_request`, k ≥ 1) paid in cash today on the training store first, each while it stays
    under the large-value threshold, so the day's cash of this payer is what the scenario's own
    policy, paid in cash in the wizard, takes over it: the real payment step then asks for the
    record (docs/regulations.md §10.2). Returns how many were issued (none for another
    scenario)."""
    from app.issuance.payments import AmlRecordNeeded

    if not any(e["type"] == "large_cash_aml" for e in scenario.events):
        return 0
    today = ctx.clock().date()
    issued = 0
    for k in range(1, MAX_FLEET):
        try:
            ctx.issuance.issue(clerk, fleet_request(scenario, today, k, None))
        except AmlRecordNeeded:
            break  # the next one takes the day over: the wizard's policy is it
        issued += 1
    return issued


def _endorse(
    ctx: Any,
    clerk: Any,
    scenario: Scenario,
    number: str,
    chosen: dict[str, str],
    report: PlayReport,
) -> None:
    """特约批改: the customer's special agreement, made as the clerk chose. Written, it is an
    endorsement through the real change path (priced again, signed, paid, sent to head office);
    a verbal promise leaves no endorsement. Taken for free, the desk refuses it (见费出单)."""
    if chosen["special_agreement"] != "written_endorsement":
        report.did["special_agreement"] = chosen["special_agreement"]
        return
    data = scenario_endorsement(scenario)
    free = scenario_has(scenario, "premium_change") and chosen["premium_change"] == "free"
    if free:
        data["payments"] = []  # the clerk promises the agreement at no charge
    try:
        change = ctx.changes.endorse(clerk, number, data)
    except ChudanError as exc:
        report.stopped = exc.message
        report.did["special_agreement"] = "written_endorsement"
        if free:
            report.did["premium_change"] = "free"
        return
    report.endorsement = {
        "id": change.id,
        "number": change.number,
        "difference": str(change.difference),
        "state": change.state,
    }
    report.did["special_agreement"] = "written_endorsement"
    if scenario_has(scenario, "premium_change"):
        report.did["premium_change"] = "reprice" if change.difference != 0 else "free"


def _declined_before(ctx: Any, vin: str) -> bool:
    """Whether head office declined a referred policy of this vehicle in an earlier run."""
    from sqlalchemy import select

    from local_db.models import Policy, Vehicle

    with ctx.store.read() as s:
        return (
            s.execute(
                select(Policy.id)
                .join(Vehicle, Vehicle.id == Policy.vehicle_id)
                .where(Vehicle.vin == vin, Policy.state == "declined")
            ).first()
            is not None
        )


def _policy_state(ctx: Any, policy_id: str) -> str:
    from local_db.models import Policy

    with ctx.store.read() as s:
        policy = s.get(Policy, policy_id)
        return policy.state if policy is not None else "none"


def _after_decision(
    ctx: Any,
    clerk: Any,
    scenario: Scenario,
    request: dict[str, Any],
    decided: str,
    chosen: dict[str, str],
    report: PlayReport,
) -> Any:
    """The same request again once head office decided: approved, it issues; declined, the
    commercial cover is refused, and the clerk issues CTPL alone or nothing (their choice)."""
    if decided == "approved":
        return ctx.issuance.issue(clerk, request)
    if decided != "declined":
        report.stopped = f"the referral is {decided}"
        return None
    try:
        ctx.issuance.issue(clerk, request)
    except ChudanError as exc:
        report.stopped = exc.message  # the desk refuses the declined commercial cover
    else:
        raise AssertionError("the desk issued a commercial cover head office declined")
    ctpl = scenario_has(scenario, "ctpl_alone")
    if ctpl and chosen["ctpl_alone"] != "offer_ctpl_only":
        report.did["ctpl_alone"] = chosen["ctpl_alone"]
        return None
    # CTPL alone costs less than the example's card parts: the customer pays it by QR.
    alone = {
        **request,
        "plan": "ctpl_only",
        "payments": [{"method": "qr", "amount": "rest", "reference": "QR-TRAINING-CTPL"}],
    }
    result = ctx.issuance.issue(clerk, alone)
    report.stopped = None
    if ctpl and result.policy_number:
        report.did["ctpl_alone"] = "offer_ctpl_only"
    return result


def scenario_has(scenario: Scenario, checkpoint: str) -> bool:
    return any(c.id == checkpoint for c in scenario.checkpoints)


__all__ = [
    "SANDBOX_URL",
    "PlayReport",
    "SimulatedHeadOffice",
    "play",
    "provision_sandbox",
    "training_worker",
]
