"""The head-office HTTP API (FastAPI). Routes are thin: each parses a `sync.protocol` schema,
calls the module that decides, and answers another schema."""

from __future__ import annotations

import base64
import hashlib
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.errors import InvalidInput, NotFound
from app.core.json_paths import json_path
from hq import (
    accounts,
    anchors,
    claims,
    devices,
    lookups,
    personal_data,
    probes,
    qr_payments,
    referrals,
)
from hq.change_routes import change_router
from hq.intake import Uploader, receive_batch
from hq.models import Device, RateTableVersion, writer_sessions
from hq.personal_data import DataKey
from hq.phone_routes import PUBLIC_PATHS as PHONE_PUBLIC_PATHS
from hq.phone_routes import phone_router
from hq.rates import TableCache, latest_version
from hq.request_guard import UNAUTHORIZED, RequestGuard
from hq.staff_routes import LOGIN, STAFF_PREFIXES, staff_router
from sync.phone_protocol import MAX_SUBMIT_BYTES, PhonePaths
from sync.protocol import (
    MAX_INFLATED_BYTES,
    MAX_REQUEST_BYTES,
    AnchorReport,
    BatchResult,
    ClaimsHistoryRequest,
    ErrorBody,
    Health,
    Paths,
    PolicyBatch,
    PriorPoliciesResponse,
    ProvisionRequest,
    ProvisionResponse,
    RateIndex,
    RateIndexEntry,
    ReferralSubmit,
    SigningKeyAnswer,
    SigningKeyRegistration,
    VehicleLookupResponse,
    ViolationsLookupResponse,
)
from sync.rate_limit import RateLimit


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, message_zh: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = ErrorBody(error=error, message=message, message_zh=message_zh)


@dataclass
class LookupSource:
    """How the stand-in third-party source behaves unless a settings row says otherwise
    (`chudan-hq lookups outage on|off`, `chudan-hq lookups delay MS`, read on every call)."""

    delay_ms: int = 0
    outage: bool = False


# Look-up parameters: a VIN or plate never holds control characters (a NUL reaches PostgreSQL as
# an error, not as a string): refused with 422 like any other malformed field.
NO_CONTROL = r"^[^\x00-\x1f\x7f]*$"


def _not_found(what: str, zh: str) -> ApiError:
    return ApiError(404, "not_found", what, zh)


def _where(loc: Any) -> str:
    """A validation error's place as a JSON path: `items[0].content_hash`, `query.vin`."""
    parts = list(loc)
    return json_path(parts[1:] if parts[:1] == ["body"] and len(parts) > 1 else parts)


SERVE_ENV = "CHUDAN_HQ_SERVE"


def app_from_environment() -> FastAPI:
    """The app for `serve --workers N`: each worker process builds its own from the settings the
    parent put in CHUDAN_HQ_SERVE (uvicorn starts workers from an import string)."""
    import json
    import os

    from hq.models import make_engine

    cfg = json.loads(os.environ[SERVE_ENV])
    return create_app(
        make_engine(cfg["db"]),
        public_key_b64=cfg["public_key_b64"],
        ca_cert_pem=cfg["ca_cert_pem"],
        hq_url=cfg["hq_url"],
        lookup_source=LookupSource(**cfg["lookup_source"]),
    )


def create_app(
    engine: Engine,
    *,
    public_key_b64: str,
    ca_cert_pem: str = "",
    hq_url: str = "",
    lookup_source: LookupSource | None = None,
    max_body: int = MAX_REQUEST_BYTES,
    max_inflated: int = MAX_INFLATED_BYTES,
    data_key: DataKey | None = None,
    password_cost: int = accounts.DEFAULT_COST,
    phone_rate: RateLimit | None = None,
) -> FastAPI:
    """`data_key` seals personal data (default: the data dir's, checked against the database);
    `password_cost` is the scrypt cost staff passwords are checked at when the name is unknown
    (tests lower it with the accounts they make); `phone_rate` limits the customer's phone's calls
    per client address (hq/phone_relay.py)."""
    factory: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
    writer = writer_sessions(engine)
    key = data_key or personal_data.data_key(engine)
    tables = TableCache()
    source = lookup_source or LookupSource()
    # No interactive docs: every path but health, provisioning and the probes answers a device
    # only.
    app = FastAPI(
        title="Chudan head office", version="1", docs_url=None, redoc_url=None, openapi_url=None
    )
    probes.add_probes(app, engine)  # /livez and /readyz for the supervisor (hq/probes.py)

    def authenticate(token: str) -> Device | None:
        with factory() as session:
            return devices.device_for_token(session, token)

    def authenticate_staff(token: str) -> accounts.Staff | None:
        with factory() as session:
            return accounts.staff_for_token(session, token)

    app.add_middleware(
        RequestGuard,
        authenticate=authenticate,
        authenticate_staff=authenticate_staff,
        staff_prefixes=STAFF_PREFIXES,
        public_paths=(Paths.HEALTH, Paths.PROVISION, probes.LIVE, probes.READY, LOGIN)
        + PHONE_PUBLIC_PATHS,
        max_body=max_body,
        max_inflated=max_inflated,
        larger_bodies={PhonePaths.SUBMIT: MAX_SUBMIT_BYTES},
    )

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        # The fields and rules broken, never the values sent (they may be personal data).
        errors = exc.errors()
        named = "; ".join(f"{_where(e.get('loc', ()))}: {e.get('msg', '')}" for e in errors[:3])
        more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
        body = ErrorBody(
            error="invalid_request",
            message=f"The request does not match protocol v1: {named}{more}. Update the outlet "
            "software or correct the request.",
            message_zh=f"请求不符合接口协议：{named}{more}。请升级网点软件或更正请求。",
        )
        return JSONResponse(body.model_dump(), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Starlette's own answers (unknown path, wrong method, a body that does not parse) in the
        # protocol's error shape.
        codes = {404: "not_found", 405: "method_not_allowed"}
        body = ErrorBody(
            error=codes.get(exc.status_code, "invalid_request"),
            message=f"{exc.detail}."
            if exc.status_code != 400
            else "The body is not JSON head "
            "office can read (damaged, or nested too deeply); send it again.",
        )
        return JSONResponse(body.model_dump(), status_code=exc.status_code)

    def _device(request: Request) -> Device:
        # Authenticated by the request guard before the body was read.
        device = getattr(request.state, "device", None)
        if device is None:
            raise ApiError(401, UNAUTHORIZED.error, UNAUTHORIZED.message, UNAUTHORIZED.message_zh)
        return device

    # Endorsements and cancellations: their own router (hq/change_routes.py).
    app.include_router(change_router(engine, tables, _device, key))
    # Head-office staff: the log-in and the reports API (hq/staff_routes.py).
    app.include_router(staff_router(engine, key, ApiError, password_cost=password_cost))
    # The customer's phone: a relay of sealed applications (hq/phone_routes.py).
    app.include_router(phone_router(factory, _device, phone_rate or RateLimit()))

    @app.get(Paths.HEALTH)
    def health() -> dict[str, Any]:
        with factory() as session:
            latest = latest_version(session)
        return Health(server_time=datetime.now(UTC), latest_rate_version=latest).model_dump(
            mode="json"
        )

    @app.post(Paths.PROVISION)
    def provision(body: ProvisionRequest) -> dict[str, Any]:
        with writer() as session:
            redeemed = devices.redeem_code(session, body.code)
            if redeemed is None:
                raise ApiError(
                    401,
                    "unauthorized",
                    "This enrolment code is unknown or already used. Ask head office for a new one.",
                    "开通码无效或已使用，请向总部索取新的开通码。",
                )
            device, token = redeemed
            answer = ProvisionResponse(
                device_id=device.id,
                outlet_code=device.outlet_code,
                device_number=device.device_number,
                token=token,
                hq_public_key=public_key_b64,
                ca_cert_pem=ca_cert_pem,
                hq_url=hq_url,
            )
            session.commit()
        return answer.model_dump(mode="json")

    @app.get(Paths.DEVICE)
    def device_state(request: Request) -> dict[str, Any]:
        device = _device(request)
        with factory() as session:
            return devices.state_of(session, device).model_dump(mode="json")

    @app.put(Paths.SIGNING_KEY)
    def signing_key(body: SigningKeyRegistration, request: Request) -> dict[str, Any]:
        device = _device(request)
        with writer() as session:
            if not devices.register_signing_key(session, device.id, body.public_key):
                raise ApiError(
                    409,
                    "conflict",
                    "Another document-signing key is registered for this device; provision the "
                    "desk again to use a new one.",
                    "本设备已登记其他单证签名公钥；如需更换，请重新开通本设备。",
                )
            session.commit()
        raw = base64.b64decode(body.public_key)
        return SigningKeyAnswer(
            device_id=device.id, fingerprint=hashlib.sha256(raw).hexdigest()
        ).model_dump(mode="json")

    @app.get(Paths.AUDIT_ANCHOR)
    def audit_anchor_state(request: Request) -> dict[str, Any]:
        device = _device(request)
        with factory() as session:
            return anchors.state_of(session, device).model_dump(mode="json")

    @app.post(Paths.AUDIT_ANCHOR)
    def audit_anchor(body: AnchorReport, request: Request) -> dict[str, Any]:
        device = _device(request)
        with writer() as session:
            answer = anchors.receive(session, device, key, body, datetime.now(UTC))
            session.commit()
        if isinstance(answer, anchors.Refused):
            raise ApiError(409, answer.reason_code, answer.message, answer.message_zh)
        return answer.model_dump(mode="json")

    @app.post(Paths.POLICIES)
    def upload(batch: PolicyBatch, request: Request) -> Response:
        device = _device(request)
        with factory() as session:
            uploader = Uploader(device.id, frozenset(devices.number_ranges(session, device)))
        result = BatchResult(
            results=receive_batch(
                engine, tables, uploader, batch, key, outlet_code=device.outlet_code
            )
        )
        # Serialised by pydantic directly: FastAPI's generic encoder costs more than the insert.
        return Response(result.model_dump_json(), media_type="application/json")

    # --- rate tables ---------------------------------------------------------------------

    @app.get(Paths.RATE_INDEX)
    def rate_index(request: Request) -> dict[str, Any]:
        _device(request)
        with factory() as session:
            rows = session.execute(
                select(
                    RateTableVersion.version, RateTableVersion.published_at, RateTableVersion.sha256
                ).order_by(RateTableVersion.version)
            ).all()
        index = RateIndex(
            latest=rows[-1][0] if rows else None,
            versions=[RateIndexEntry(version=v, published_at=at, sha256=h) for v, at, h in rows],
        )
        return index.model_dump(mode="json")

    @app.get(Paths.RATE_TABLE)
    def rate_table(version: Annotated[int, Path(ge=1, le=1_000_000)], request: Request) -> Response:
        _device(request)
        with factory() as session:
            text = session.scalar(
                select(RateTableVersion.signed_json).where(RateTableVersion.version == version)
            )
        if text is None:
            raise _not_found(
                f"Rate table version {version} was never published; check the index.",
                f"总部未发布第 {version} 版费率表，请查看费率表目录。",
            )
        # Served byte for byte as stored, so the index's sha256 is the hash of this body.
        return Response(text.encode("utf-8"), media_type="application/json")

    # --- look-ups ------------------------------------------------------------------------

    def _lookup_gate(session: Session) -> None:
        """Act like a slow or absent third-party source."""
        wait = lookups.delay_ms(session, source.delay_ms)
        if wait > 0:
            time.sleep(
                wait / 1000
            )  # a sync route runs in the thread pool: this blocks no other call
        if lookups.outage_on(session, source.outage):
            raise ApiError(
                503,
                "lookup_unavailable",
                "The registration and claims source is not answering. Continue without it; the look-up "
                "is queued and answered later.",
                "第三方查询服务暂不可用，稍后将自动重试。",
            )

    def _guard(func: Any, *args: Any) -> Any:
        try:
            return func(*args)
        except InvalidInput as exc:
            raise ApiError(422, "invalid_request", exc.message, exc.zh) from exc
        except personal_data.DataKeyError as exc:
            # Head office's own fault (a value it cannot open): the outlet tries again later.
            raise ApiError(
                503,
                "unavailable",
                "Head office cannot read this record right now; try again later.",
                "总部暂时无法读取该记录，请稍后重试。",
            ) from exc

    @app.get(Paths.VEHICLE_LOOKUP)
    def vehicle_lookup(
        request: Request,
        vin: Annotated[str, Query(max_length=17, pattern=NO_CONTROL)] = "",
        plate: Annotated[str, Query(max_length=16, pattern=NO_CONTROL)] = "",
    ) -> dict[str, Any]:
        _device(request)
        with factory() as session:
            _lookup_gate(session)
            record = _guard(lookups.vehicle, session, key, vin, plate)
        return VehicleLookupResponse(found=record is not None, vehicle=record).model_dump(
            mode="json"
        )

    @app.get(Paths.VIOLATIONS_LOOKUP)
    def violations_lookup(
        request: Request, plate: Annotated[str, Query(max_length=16, pattern=NO_CONTROL)]
    ) -> dict[str, Any]:
        _device(request)
        with factory() as session:
            _lookup_gate(session)
            found = lookups.violations(session, plate)
        return ViolationsLookupResponse(plate=plate, violations=found).model_dump(mode="json")

    @app.get(Paths.PRIOR_POLICIES_LOOKUP)
    def prior_policies_lookup(
        request: Request, vin: Annotated[str, Query(max_length=17, pattern=NO_CONTROL)]
    ) -> dict[str, Any]:
        _device(request)
        with factory() as session:
            _lookup_gate(session)
            found = lookups.prior_policies(session, vin)
        return PriorPoliciesResponse(vin=vin.strip().upper(), policies=found).model_dump(
            mode="json"
        )

    @app.post(Paths.CLAIMS_HISTORY_LOOKUP)
    def claims_history(body: ClaimsHistoryRequest, request: Request) -> dict[str, Any]:
        """The claims register's answer for a renewal (hq/claims.py): claims, claim-free years
        and the NCD level by the newest rate table's rules."""
        _device(request)
        with factory() as session:
            _lookup_gate(session)
            version = latest_version(session)
            table = tables.get(session, version) if version is not None else None
            answer = _guard(
                lambda: claims.history(
                    session,
                    key,
                    body.vin,
                    body.years,
                    as_of=datetime.now(claims.OUTLET_TZ).date(),
                    ncd=table.commercial.ncd if table is not None else None,
                    rate_version=version,
                )
            )
        return answer.model_dump(mode="json")

    # --- referrals -----------------------------------------------------------------------

    @app.post(Paths.REFERRALS)
    def referral_submit(body: ReferralSubmit, request: Request) -> dict[str, Any]:
        device = _device(request)
        with writer() as session:
            try:
                row = referrals.submit(session, device, body, key)
            except NotFound as exc:
                raise _not_found(exc.message, exc.zh) from exc
            session.commit()
            return referrals.status_of(row).model_dump(mode="json")

    @app.get(Paths.REFERRAL)
    def referral_status(referral_id: UUID, request: Request) -> dict[str, Any]:
        device = _device(request)
        with factory() as session:
            row = referrals.for_device(session, device.id, str(referral_id))
            if row is None:
                raise _not_found(
                    "This device has no referral with that id; submit it again.",
                    "本设备没有该转报记录，请重新提交。",
                )
            return referrals.status_of(row).model_dump(mode="json")

    @app.get(Paths.QR_PAYMENT)
    def qr_payment(
        reference: Annotated[str, Path(max_length=64)], request: Request
    ) -> dict[str, Any]:
        device = _device(request)
        with factory() as session:
            return qr_payments.status(session, device, reference).model_dump(mode="json")

    return app
