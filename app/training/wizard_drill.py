"""A drill played in the real issuance wizard, scored from what the clerk did there
(docs/training.md): the issuance flow tells its observer what happens (app/issuance/flow.py
`IssuanceFlow.observer`: steps left or refused, fields edited, the premium's underwriting
outcome, the policy issued), and this turns it into the option the clerk took at the
scenario's checkpoints the wizard can see. The rest stay answered on the 实战演练 page.

What counts, per checkpoint (the expected handling is the scenario's):
- `refused_consent`: the consent box ticked for a customer who refused → `tick_anyway`; the
  drill ended with it never ticked → `explain_and_stop`.
- `expired_id`: the wizard stopped on the expired ID card; the desk lets no one past it without
  another card read, so the clerk's handling is asking for a valid one → `ask_valid_document`.
- `compare_scan`: once the 行驶证 was read, a field highlighted from it corrected before
  leaving the vehicle step → `compare_with_document`; the step left with none corrected →
  `accept`.
- `ctpl_alone`: after underwriting declined the commercial cover, CTPL alone issued →
  `offer_ctpl_only`; the drill ended without a policy → `refuse_all`.
- `referral_route`: a referred quote issued once its referral was decided (the clerk waited
  for the decision) → `ask_supervisor`."""

from __future__ import annotations

from typing import Any

from app.training.scenarios import Scenario


class WizardDrill:
    """Listens to one wizard's flow while a scenario is played; `did` is what it saw."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.ids = {c.id for c in scenario.checkpoints}
        self.seen: dict[str, str] = {}
        self.used = False  # the wizard told us anything at all
        self._consent = False
        self._expired = False
        self._corrected = False
        self._scanned_vehicle = False  # fields of the vehicle step highlighted from a scan
        self._declined = False
        self._referral = "none"
        self._issued_plan: str | None = None

    def observe(self, event: str, info: dict[str, Any]) -> None:
        """`IssuanceFlow.observer`."""
        self.used = True
        if event == "edited":
            if "policyholder.consent" in info.get("ticks", {}):
                self._consent = True
            if any(p.startswith("vehicle.") for p in info.get("corrected", [])):
                self._corrected = True
            if "to_check.vehicle" in info.get("paths", []):
                self._scanned_vehicle = True
        elif event == "blocked" and "policyholder.id_valid_until" in info.get("paths", []):
            self._expired = True
        elif (
            event == "arrived"
            and info.get("forward")
            and info.get("source") == "vehicle"
            and self._scanned_vehicle
        ):
            self._take("compare_scan", "compare_with_document" if self._corrected else "accept")
        elif event == "priced":
            if info.get("outcome") == "decline" or info.get("referral") == "declined":
                self._declined = True
            if info.get("referral") in ("approved", "declined"):
                self._referral = str(info["referral"])
        elif event == "issued" and info.get("state") not in (None, "", "referred"):
            self._issued_plan = str(info.get("plan") or "")

    def _take(self, checkpoint: str, option: str) -> None:
        # The first time the clerk met it counts: going back and forth does not undo a mistake.
        if checkpoint in self.ids:
            self.seen.setdefault(checkpoint, option)

    def did(self) -> dict[str, str]:
        """{checkpoint: option} the wizard saw, the drill being over."""
        if not self.used:
            return {}
        out = dict(self.seen)
        ids = self.ids
        if "refused_consent" in ids:
            out["refused_consent"] = "tick_anyway" if self._consent else "explain_and_stop"
        if "expired_id" in ids and self._expired:
            out["expired_id"] = "ask_valid_document"
        if "ctpl_alone" in ids and self._declined:
            out["ctpl_alone"] = (
                "offer_ctpl_only" if self._issued_plan == "ctpl_only" else "refuse_all"
            )
        if (
            "referral_route" in ids
            and self._referral == "approved"
            and self._issued_plan is not None
        ):
            out["referral_route"] = "ask_supervisor"
        return {k: v for k, v in out.items() if v in self.scenario.checkpoint(k).options}
