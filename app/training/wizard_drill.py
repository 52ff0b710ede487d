"""A drill played in the real issuance wizard, scored from what the clerk did there
(docs/training.md): the issuance flow tells its observer what happens (app/issuance/flow.py
`IssuanceFlow.observer`: steps left or refused, fields edited, the checklist ticked, the
registry's answer, the premium's underwriting outcome and duplicate, the payment parts, the
signature, the policy issued), and this turns it into the option the clerk took at the
scenario's checkpoints the wizard can see. The rest stay answered on the 实战演练 page.

The sandbox makes the scenario's events happen in the wizard: the simulated head office answers
the look-ups (sync/sandbox.py), the card terminal declines over the card's limit (`card_limit`,
shown on the payment step) and the OCR result carries the scenario's misread (`misread`, at the
wizard's OCR-result boundary, not in the reader).

What counts, per checkpoint (the expected handling is the scenario's):
- `refused_consent`: the consent box ticked for a customer who refused → `tick_anyway`; the
  drill ended with it never ticked → `explain_and_stop`.
- `expired_id`: the wizard stopped on the expired ID card; the desk lets no one past it without
  another card read, so the clerk's handling is asking for a valid one → `ask_valid_document`.
- `compare_scan`: once the 行驶证 was read, a field highlighted from it corrected before
  leaving the vehicle step → `compare_with_document`; the step left with none corrected →
  `accept`. With a misread injected, the misread field holds the document's value when the
  customer signs → `compare_with_document`; still the misread → `accept`.
- `ctpl_alone`: after underwriting declined the commercial cover, CTPL alone issued →
  `offer_ctpl_only`; the drill ended without a policy → `refuse_all`.
- `referral_route`: a referred quote issued once its referral was decided (the clerk waited
  for the decision) → `ask_supervisor`.
- `failed_part`: the terminal declined the card; a failed card part recorded and the policy
  issued on the rest → `record_failed_then_qr`; a card part over the limit recorded as paid
  (money the terminal never took) → `issue_unpaid`.
- `mismatch_check`, `vin_recheck`: the registry named another model; the clerk went back to
  the vehicle step (or edited the vehicle) before the signature → `check_document` /
  `recheck_vin`; signed without → `ignore` / `skip`.
- `usage_rating`: the registry gave another usage nature; the last premium priced on the
  registry's usage nature → `registry_usage`; on the one entered against it → `customer_says`
  (settled by the quote: the registry's usage may well send it to underwriting).
- `duplicate_handling`: the platform holds CTPL for the days priced; the policy signed for the
  same VIN (the start moved past the other cover) → `start_after_other`; the VIN changed to get
  past it → `change_vin`.
- `aml_record` (the fleet's other policies paid in cash first, `sync.sandbox.fleet_paid_before`,
  so the wizard's cash takes the payer's day over the threshold): the cash taken in one part
  carrying the large-value record → `record_aml`; taken in two or more cash parts →
  `split_cash` (the desk asks for the record all the same).
- `review_with_customer`: the signature drawn with every line of the checklist ticked →
  `read_checklist`; drawn before → `sign_first`."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from app.training.scenarios import Scenario
from app.training.schema import MISREAD_FIELDS as TRUTH

# A misread field (app/training/schema.py names them): the OCR result's document kind and
# field, and the flow's path of it.
MISREAD_FIELDS = {
    "vin": ("vehicle-licence", "vin", "vehicle.vin"),
    "engine_number": ("vehicle-licence", "engine_number", "vehicle.engine_number"),
    "plate": ("vehicle-licence", "plate", "vehicle.plate"),
    "id_number": ("id-front", "id_number", "policyholder.id_number"),
}
assert set(MISREAD_FIELDS) == set(TRUTH)


class WizardDrill:
    """Listens to one wizard's flow while a scenario is played; `did` is what it saw."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.ids = {c.id for c in scenario.checkpoints}
        self.seen: dict[str, str] = {}
        self.used = False  # the wizard told us anything at all
        # The wizard's data as it stands (the page points it at the wizard's flow): read at the
        # signature to tell whether a misread was corrected; its values are never kept.
        self.probe: Callable[[], dict[str, Any]] | None = None
        events = {e["type"]: e.get("detail") or {} for e in scenario.events}
        misread = events.get("ocr_misread")
        self._misread: dict[str, Any] | None = (
            misread if misread and misread.get("field") in MISREAD_FIELDS else None
        )
        self._misread_injected = False
        self._misread_edited = False  # its field edited since it was read
        limit = events.get("card_limit_then_qr", {}).get("card_limit_fen")
        # The simulated card terminal's limit, in yuan: over it, a card part is declined.
        self.card_limit: Decimal | None = (
            (Decimal(int(limit)) / 100).quantize(Decimal("0.01")) if limit else None
        )
        self._consent = False
        self._expired = False
        self._corrected = False
        self._scanned_vehicle = False  # fields of the vehicle step highlighted from a scan
        self._declined = False
        self._referral = "none"
        self._issued_plan: str | None = None
        self._card_failed = False  # a card part recorded as failed
        self._card_unpaid = False  # a card part over the limit recorded as paid
        self._mismatch: set[str] = set()  # the registry's differences seen: model, usage
        self._vehicle_rechecked = False  # back to the vehicle step (or edited it) after one
        self._duplicate = False
        self._vin_changed = False  # after the duplicate was found
        self._all_ticked = False
        self._cash: str | None = None  # how the large cash was taken: record_aml | split_cash
        self._usage_rated: bool | None = None  # the last premium on the registry's usage nature

    # --- the scenario's events, made to happen in the wizard -------------------------------
    def misread(self, result: dict[str, Any]) -> dict[str, Any]:
        """The OCR result the wizard receives (`IssueWizard.ocr_result`), with the scenario's
        misread: one character of one field read as another, as confidently as the rest (not
        highlighted), so it is the clerk's to catch by comparing with the document."""
        m = self._misread
        if m is None:
            return result
        kind, name, _path = MISREAD_FIELDS[m["field"]]
        f = (result.get("fields") or {}).get(name) or {}
        value, pos = str(f.get("value") or ""), int(m["position"]) - 1
        if result.get("kind") != kind or not 0 <= pos < len(value):
            return result
        out = copy.deepcopy(result)
        out["fields"][name] = {
            **f,
            "value": value[:pos] + str(m["read"]) + value[pos + 1 :],
            "needs_review": False,
        }
        self._misread_injected, self._misread_edited = True, False
        return out

    # --- what the clerk does -----------------------------------------------------------------
    def observe(self, event: str, info: dict[str, Any]) -> None:
        """`IssuanceFlow.observer`."""
        self.used = True
        if event == "registry":
            self._mismatch |= set(info.get("differs", []))
        if event in ("registry", "priced", "signed") and "usage" in self._mismatch:
            # the vehicle as priced (or signed) now against the registry's usage nature
            self._usage_rated = "usage" not in info.get("differs", [])
        if event == "edited":
            paths = info.get("paths", [])
            if "policyholder.consent" in info.get("ticks", {}):
                self._consent = True
            if any(p.startswith("vehicle.") for p in info.get("corrected", [])):
                self._corrected = True
            if "to_check.vehicle" in paths:
                self._scanned_vehicle = True
            if self._mismatch and any(p.startswith("vehicle.") for p in paths):
                self._vehicle_rechecked = True
            if self._duplicate and "vehicle.vin" in paths:
                self._vin_changed = True
            if self._misread is not None and MISREAD_FIELDS[self._misread["field"]][2] in paths:
                self._misread_edited = True
            if "review.signature" in paths:
                self._take(
                    "review_with_customer", "read_checklist" if self._all_ticked else "sign_first"
                )
        elif event == "blocked" and "policyholder.id_valid_until" in info.get("paths", []):
            self._expired = True
        elif event == "arrived":
            if not info.get("forward") and info.get("target") == "vehicle" and self._mismatch:
                self._vehicle_rechecked = True
            if (
                info.get("forward")
                and info.get("source") == "vehicle"
                and self._scanned_vehicle
                and not self._misread_injected  # scored at the signature instead
            ):
                self._take("compare_scan", "compare_with_document" if self._corrected else "accept")
        elif event == "ticked":
            self._all_ticked = bool(info.get("all"))
        elif event == "priced":
            if info.get("outcome") == "decline" or info.get("referral") == "declined":
                self._declined = True
            if info.get("referral") in ("approved", "declined"):
                self._referral = str(info["referral"])
            if info.get("duplicate"):
                self._duplicate = True

        elif event == "paid":
            self._paid(info.get("parts", []))
        elif event == "signed":
            self._signed(info)
        elif event == "issued" and info.get("state") not in (None, "", "referred"):
            self._issued_plan = str(info.get("plan") or "")

    def _paid(self, parts: list[dict[str, Any]]) -> None:
        cash = [p for p in parts if p.get("method") == "cash" and not p.get("failed")]
        if len(cash) > 1:
            self._cash = "split_cash"  # the day's cash taken in pieces
        elif cash and cash[0].get("aml_record") and self._cash is None:
            self._cash = "record_aml"
        for p in parts:
            if p.get("method") != "card":
                continue
            if p.get("failed"):
                self._card_failed = True
            elif (
                self.card_limit is not None and Decimal(str(p.get("amount") or 0)) > self.card_limit
            ):
                self._card_unpaid = True

    def _signed(self, info: dict[str, Any]) -> None:
        """The customer signed: what was checked before it is settled."""
        if "model" in self._mismatch:
            self._take("mismatch_check", "check_document" if self._vehicle_rechecked else "ignore")
            self._take("vin_recheck", "recheck_vin" if self._vehicle_rechecked else "skip")
        if self._duplicate:
            self._take(
                "duplicate_handling", "change_vin" if self._vin_changed else "start_after_other"
            )
        if self._misread_injected and self._misread is not None:
            self._take(
                "compare_scan",
                "compare_with_document" if self._misread_corrected() else "accept",
            )

    def _misread_corrected(self) -> bool:
        """The misread field holds the document's value now (read through `probe`, compared
        and dropped); without a probe, whether the clerk edited it since it was read."""
        assert self._misread is not None
        field = self._misread["field"]
        if self.probe is None:
            return self._misread_edited
        section, key = MISREAD_FIELDS[field][2].split(".", 1)
        now = str((self.probe().get(section) or {}).get(key) or "").strip().upper()
        truth = self.scenario.customer if TRUTH[field] == "customer" else self.scenario.vehicle
        return now == str(truth.get(field) or "").strip().upper()

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
        if "usage_rating" in ids and self._usage_rated is not None:
            # The last premium's usage nature: a referral that follows the registry's is the
            # clerk's right handling too, so it is settled by the quote, not the signature.
            out["usage_rating"] = "registry_usage" if self._usage_rated else "customer_says"
        if "aml_record" in ids and self._cash is not None:
            out["aml_record"] = self._cash
        if "failed_part" in ids:
            if self._card_unpaid:
                out["failed_part"] = "issue_unpaid"
            elif self._card_failed and self._issued_plan is not None:
                out["failed_part"] = "record_failed_then_qr"
        return {k: v for k, v in out.items() if v in self.scenario.checkpoint(k).options}
