"""The head-office HTTP API (FastAPI). Routes are thin: each parses a `sync.protocol` schema,
calls the module that decides, and answers another schema."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from hq import devices
from hq.intake import receive_batch
from sync.protocol import (
    AUTH_SCHEME,
    BatchResult,
    ErrorBody,
    Health,
    Paths,
    PolicyBatch,
    ProvisionRequest,
    ProvisionResponse,
)


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, message_zh: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.body = ErrorBody(error=error, message=message, message_zh=message_zh)


def _unauthorized() -> ApiError:
    return ApiError(401, "unauthorized",
                    "This device is unknown or has been revoked. Ask head office to provision it again.",
                    "本设备未登记或已被吊销，请联系总部重新开通。")


def create_app(engine: Engine, *, public_key_b64: str = "", ca_cert_pem: str = "") -> FastAPI:
    factory: sessionmaker[Session] = sessionmaker(engine, expire_on_commit=False)
    app = FastAPI(title="Chudan head office", version="1")

    @app.middleware("http")
    async def _gunzip(request: Request, call_next: Any) -> Any:
        # Outlets gzip their batches over slow links; unpack before the JSON body is parsed.
        if request.headers.get("content-encoding", "").lower() == "gzip":
            raw = await request.body()
            try:
                body = gzip.decompress(raw)
            except (OSError, EOFError):
                return JSONResponse(ErrorBody(error="invalid_request", message="The gzip body is "
                                              "damaged; send the batch again.").model_dump(), status_code=400)
            request._body = body  # starlette reads the cached body from here
            headers = [(k, v) for k, v in request.scope["headers"]
                       if k not in (b"content-encoding", b"content-length")]
            headers.append((b"content-length", str(len(body)).encode()))
            request.scope["headers"] = headers
        return await call_next(request)

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(), status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    async def _bad_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        body = ErrorBody(error="invalid_request",
                         message=f"The request does not match protocol v1 ({len(exc.errors())} problem(s)); "
                                 "update the outlet software.")
        return JSONResponse(body.model_dump(), status_code=422)

    def _device_id(request: Request) -> str:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme != AUTH_SCHEME or not token:
            raise _unauthorized()
        with factory() as session:
            device = devices.device_for_token(session, token.strip())
            if device is None:
                raise _unauthorized()
            return device.id

    @app.get(Paths.HEALTH)
    def health() -> dict[str, Any]:
        return Health(server_time=datetime.now(UTC)).model_dump(mode="json")

    @app.post(Paths.PROVISION)
    def provision(body: ProvisionRequest) -> dict[str, Any]:
        with factory() as session:
            redeemed = devices.redeem_code(session, body.code)
            if redeemed is None:
                raise ApiError(401, "unauthorized",
                               "This enrolment code is unknown or already used. Ask head office for a new one.",
                               "开通码无效或已使用，请向总部索取新的开通码。")
            device, token = redeemed
            answer = ProvisionResponse(device_id=device.id, outlet_code=device.outlet_code, token=token,
                                       hq_public_key=public_key_b64, ca_cert_pem=ca_cert_pem)
            session.commit()
        return answer.model_dump(mode="json")

    @app.post(Paths.POLICIES)
    def upload(batch: PolicyBatch, request: Request) -> dict[str, Any]:
        device_id = _device_id(request)
        return BatchResult(results=receive_batch(factory, device_id, batch)).model_dump(mode="json")

    return app
