"""The outlet's HTTP client for head office: every call has a connect and a read timeout, is
retried on a broken link with exponential backoff and jitter, carries the device token, and is
checked against the provisioned CA (TLS is never switched off; plain HTTP only to loopback).

Errors a clerk may see say what to do: a revoked device (401) is `DeviceRevoked`; a link that
stays down after the retries is `sync.outbox.LinkDown`, which the worker turns into "offline"."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from pydantic import BaseModel, ValidationError

from app.core.errors import ChudanError
from sync.backoff import Backoff
from sync.outbox import ItemResult, LinkDown
from sync.protocol import (
    AUTH_HEADER,
    AUTH_SCHEME,
    AnchorReport,
    AnchorState,
    BatchResult,
    ClaimsHistoryRequest,
    ClaimsHistoryResponse,
    DeviceState,
    Health,
    Paths,
    PolicyUploadItem,
    PriorPoliciesResponse,
    ProvisionRequest,
    ProvisionResponse,
    QrPaymentStatus,
    RateIndex,
    ReferralStatus,
    ReferralSubmit,
    SigningKeyAnswer,
    SigningKeyRegistration,
    VehicleLookupResponse,
    ViolationsLookupResponse,
    content_hash,
    describe_errors,
)

_M = TypeVar("_M", bound=BaseModel)

# Status codes that mean "head office or something on the way is briefly unable": try again.
_TRANSIENT = {429, 502, 503, 504}
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}


class DeviceRevoked(ChudanError):
    """Head office does not know this device's token (revoked, or provisioned elsewhere)."""


class HqRefused(LinkDown):
    """Head office answered, but refused the request as a whole (not a per-item answer): the
    request is kept and tried again later; the message says why."""

    def __init__(self, message: str, status: int = 0, error: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.error = error


def is_loopback_host(host: str) -> bool:
    if host in _LOOPBACK_HOSTS:
        return True
    return host.startswith("127.")


def check_url(url: str) -> str:
    """The base URL without a trailing slash; refuses plain HTTP to anything but this machine."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ChudanError(
            f"{url!r} is not a head-office address; it looks like https://hq.example.cn:8443.",
            zh=f"{url} 不是有效的总公司地址，格式如 https://hq.example.cn:8443。",
        )
    if parts.scheme == "http" and not is_loopback_host(parts.hostname):
        raise ChudanError(
            f"Head office at {parts.hostname} must be reached over https; plain http is only for a head office "
            "on this same machine (tests and development).",
            zh=f"总公司地址 {parts.hostname} 必须使用 https；http 仅限本机测试。",
        )
    return url.strip().rstrip("/")


def _error_text(response: requests.Response) -> tuple[str, str, str]:
    """(error code, English message, Chinese message) from an ErrorBody, or from the status line."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and "message" in body:
        return str(body.get("error", "")), str(body["message"]), str(body.get("message_zh", ""))
    return "", f"head office answered HTTP {response.status_code}", ""


class HqClient:
    def __init__(
        self,
        base_url: str,
        *,
        token: str = "",
        ca_file: Path | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 30.0,
        attempts: int = 3,
        backoff: Backoff | None = None,
        sleep: Callable[[float], None] = time.sleep,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = check_url(base_url)
        self._token = token
        # requests' `verify` takes the CA bundle path; without a provisioned CA the system store
        # still verifies. Never False.
        self._verify: str | bool = str(ca_file) if ca_file else True
        self._timeout = (connect_timeout, read_timeout)
        self._attempts = max(1, attempts)
        self._backoff = backoff or Backoff(base_s=0.5, cap_s=8.0)
        self._sleep = sleep
        self._session = session or requests.Session()
        # An outlet behind a company proxy reaches head office through it (https: the proxy sees
        # only a tunnel); this machine itself is never reached through a proxy.
        host = urlsplit(self.base_url).hostname or ""
        self._session.trust_env = self.base_url.startswith("https://") and not is_loopback_host(
            host
        )

    def close(self) -> None:
        self._session.close()

    # -- the one request path ------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        data: bytes | None = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
    ) -> requests.Response:
        hdrs = {"Accept": "application/json", **(headers or {})}
        if auth:
            hdrs[AUTH_HEADER] = f"{AUTH_SCHEME} {self._token}"
        last = ""
        for attempt in range(1, self._attempts + 1):
            try:
                r = self._session.request(
                    method,
                    self.base_url + path,
                    json=json_body,
                    data=data,
                    params=params,
                    headers=hdrs,
                    timeout=self._timeout,
                    verify=self._verify,
                )
                # Read the whole body here, so a link cut mid-answer is a LinkDown and not a
                # half-parsed success later.
                _ = r.content
            except requests.exceptions.SSLError as exc:
                # A certificate that does not verify is not a flaky link: retrying cannot help.
                raise LinkDown(
                    f"head office's certificate does not verify against the provisioned CA ({exc})"
                ) from exc
            except (
                requests.exceptions.ConnectionError,
                requests.exceptions.Timeout,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
            ) as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                expected = r.headers.get("Content-Length")
                chunked = "chunked" in r.headers.get("Transfer-Encoding", "").lower()
                identity = r.headers.get("Content-Encoding", "identity").lower() == "identity"
                # http.client takes an answer cut inside its headers for a complete one with no
                # body, and a body cut short is not always noticed: head office always frames its
                # answers, so an unframed or short one is a broken link.
                bodiless = method == "HEAD" or r.status_code in (204, 304)
                unframed = not chunked and expected is None
                short = identity and expected is not None and expected != str(len(r.content))
                if not bodiless and (unframed or short):
                    last = f"answer cut off ({len(r.content)} of {expected or 'unknown'} bytes)"
                    if attempt < self._attempts:
                        self._sleep(self._backoff.delay_for(attempt))
                    continue
                if r.status_code == 401:
                    _, en, zh = _error_text(r)
                    raise DeviceRevoked(
                        f"Head office refused this device: {en} Until then policies stay queued here and nothing is lost.",
                        zh=(zh or "总公司拒绝了本设备，请联系总部重新开通。")
                        + "在此之前保单会保存在本机队列中，不会丢失。",
                    )
                if r.status_code not in _TRANSIENT and r.status_code < 500:
                    return r
                last = f"HTTP {r.status_code}: {_error_text(r)[1]}"
            if attempt < self._attempts:
                self._sleep(self._backoff.delay_for(attempt))
        raise LinkDown(f"head office unreachable after {self._attempts} attempts ({last})")

    def _ok_json(self, r: requests.Response) -> Any:
        if r.status_code >= 400:
            code, en, _ = _error_text(r)
            raise HqRefused(
                f"head office refused the request ({code or r.status_code}): {en}",
                r.status_code,
                code,
            )
        try:
            return r.json()
        except ValueError as exc:
            raise LinkDown("head office's answer was cut off or unreadable") from exc

    def _parse(self, model: type[_M], r: requests.Response) -> _M:
        try:
            return model.model_validate(self._ok_json(r))
        except ValidationError as exc:
            raise HqRefused(
                f"head office's answer does not match protocol v1 ({exc.error_count()} problem(s)); "
                "update the outlet software or tell head office",
                r.status_code,
            ) from exc

    # -- endpoints -----------------------------------------------------------------------------
    def health(self) -> Health:
        return self._parse(Health, self.request("GET", Paths.HEALTH, auth=False))

    def provision(self, code: str, device_name: str = "") -> ProvisionResponse:
        body = ProvisionRequest(code=code, device_name=device_name).model_dump(mode="json")
        try:
            r = self.request("POST", Paths.PROVISION, json_body=body, auth=False)
        except DeviceRevoked as exc:
            raise ChudanError(
                "Head office does not know this enrolment code, or it was used already; "
                "ask head office for a new one.",
                zh="开通码无效或已使用，请向总部索取新的开通码。",
            ) from exc
        return self._parse(ProvisionResponse, r)

    def register_signing_key(self, public_key_b64: str) -> SigningKeyAnswer:
        body = SigningKeyRegistration(public_key=public_key_b64).model_dump(mode="json")
        return self._parse(SigningKeyAnswer, self.request("PUT", Paths.SIGNING_KEY, json_body=body))

    def audit_anchor_state(self) -> AnchorState:
        return self._parse(AnchorState, self.request("GET", Paths.AUDIT_ANCHOR))

    def send_audit_anchor(self, report: AnchorReport) -> AnchorState:
        body = report.model_dump(mode="json")
        return self._parse(AnchorState, self.request("POST", Paths.AUDIT_ANCHOR, json_body=body))

    def upload_batch(self, compressed_body: bytes) -> BatchResult:
        r = self.request(
            "POST",
            Paths.POLICIES,
            data=compressed_body,
            headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
        )
        return self._parse(BatchResult, r)

    def device_state(self) -> DeviceState:
        return self._parse(DeviceState, self.request("GET", Paths.DEVICE))

    def rate_index(self) -> RateIndex:
        return self._parse(RateIndex, self.request("GET", Paths.RATE_INDEX))

    def rate_table(self, version: int) -> bytes:
        r = self.request("GET", Paths.RATE_TABLE.format(version=version))
        if r.status_code >= 400:
            self._ok_json(r)
        return r.content

    def vehicle(self, vin: str = "", plate: str = "") -> VehicleLookupResponse:
        r = self.request("GET", Paths.VEHICLE_LOOKUP, params={"vin": vin, "plate": plate})
        return self._parse(VehicleLookupResponse, r)

    def violations(self, plate: str) -> ViolationsLookupResponse:
        r = self.request("GET", Paths.VIOLATIONS_LOOKUP, params={"plate": plate})
        return self._parse(ViolationsLookupResponse, r)

    def prior_policies(self, vin: str) -> PriorPoliciesResponse:
        r = self.request("GET", Paths.PRIOR_POLICIES_LOOKUP, params={"vin": vin})
        return self._parse(PriorPoliciesResponse, r)

    def claims_history(self, vin: str, years: int = 3) -> ClaimsHistoryResponse:
        """Head office's claims register for a renewal (POST: the VIN never in a URL)."""
        body = ClaimsHistoryRequest(vin=vin, years=years).model_dump(mode="json")
        r = self.request("POST", Paths.CLAIMS_HISTORY_LOOKUP, json_body=body)
        return self._parse(ClaimsHistoryResponse, r)

    def submit_referral(self, referral: ReferralSubmit) -> ReferralStatus:
        r = self.request("POST", Paths.REFERRALS, json_body=referral.model_dump(mode="json"))
        return self._parse(ReferralStatus, r)

    def referral_status(self, referral_id: str) -> ReferralStatus:
        r = self.request("GET", Paths.REFERRAL.format(referral_id=referral_id))
        return self._parse(ReferralStatus, r)

    def qr_payment(self, reference: str) -> QrPaymentStatus:
        r = self.request("GET", Paths.QR_PAYMENT.format(reference=reference))
        return self._parse(QrPaymentStatus, r)


# -- the outbox's transport ------------------------------------------------------------------


def wire_content(payload: dict[str, Any]) -> dict[str, Any]:
    """The outbox row (as issuing wrote it) in protocol v1's PolicyContent shape. A pure function
    of the row, so a resend always hashes the same and head office answers "duplicate"."""
    premium = payload["premium"]
    content: dict[str, Any] = {
        "policy_number": payload["policy_number"],
        "rate_version": int(payload["rate_table_version"]),
        "quote_request": payload["quote_request"],
        "premium": {
            "total": premium["total"],
            "ctpl": premium.get("ctpl", "0.00"),
            "commercial": premium.get("commercial", "0.00"),
            "vehicle_tax": premium.get("tax", "0.00"),
        },
    }
    for key in (
        "outlet",
        "device",
        "schedule_hash",
        "period",
        "starts_at",
        "vehicle",
        "covers",
        "customer",
        "insured",
        "owner",
        # the policy's own rating data (protocol v1, optional): head office rebuilds the quote
        "region",
        "term",
        "history",
        "coverages",
        "pricing",
        "tax",
    ):
        if key in payload:
            content[key] = payload[key]
    if "class" not in content.get("vehicle", {"class": None}):
        # A row issued before policies carried their own rating facts: the vehicle as priced.
        content["vehicle"] = {**payload["quote_request"]["vehicle"], **content["vehicle"]}
    if "covers" not in content:
        content["covers"] = payload["quote_request"]["coverages"]
    if payload.get("bound_at"):
        content["issued_at"] = payload["bound_at"]
    return content


def wire_item(payload: dict[str, Any]) -> dict[str, Any]:
    content = wire_content(payload)
    return {
        "kind": "policy",
        "policy_id": str(payload["policy_id"]),
        "content_hash": content_hash(content),
        "content": content,
    }


def _not_sent(payload: Any, why: str) -> ItemResult:
    key = str(payload.get("policy_id", "")) if isinstance(payload, dict) else ""
    return ItemResult(
        key,
        "rejected",
        f"the outbox row does not make a valid policy for head office ({why}); it was not sent",
    )


class HqTransport:
    """`sync.outbox.Transport` over HTTP: translates outbox rows to protocol items, gzips them,
    and turns head office's BatchResult into per-row ItemResults."""

    def __init__(self, client: HqClient) -> None:
        self._client = client

    def upload(self, items: Sequence[dict[str, Any]], compressed_body: bytes) -> list[ItemResult]:
        wire: list[dict[str, Any]] = []
        local: list[ItemResult] = []
        for payload in items:
            try:
                item = wire_item(payload)
                # Checked here by the rules head office applies: a row that breaks them cannot
                # become valid by waiting, so a person looks at it instead of the batch failing.
                PolicyUploadItem.model_validate(item).parsed()
                wire.append(item)
            except ValidationError as exc:
                local.append(_not_sent(payload, describe_errors(exc)))
            except (KeyError, TypeError, ValueError) as exc:
                local.append(_not_sent(payload, f"{type(exc).__name__}: {exc}"))
        if not wire:
            return local
        body = gzip.compress(
            json.dumps({"items": wire}, ensure_ascii=False, separators=(",", ":")).encode("utf-8"),
            compresslevel=6,
        )
        answer = self._client.upload_batch(body)
        results = [
            ItemResult(
                str(o.policy_id),
                o.outcome,
                f"{o.reason_code}: {o.reason}" if o.reason_code else o.reason,
                {"confirmation_code": o.confirmation_code, "reason_code": o.reason_code},
            )
            for o in answer.results
        ]
        return results + local


__all__ = [
    "DeviceRevoked",
    "HqClient",
    "HqRefused",
    "HqTransport",
    "check_url",
    "wire_content",
    "wire_item",
]
