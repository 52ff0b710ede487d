"""Head office's routes for the customer's phone (docs/phone.md): the desk opens
applications and reads its inbox with its device token; the phone submits and asks for the
status with the one-time token in the body; `/m/` serves the mobile page. The decisions are in
hq/phone_relay.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session, sessionmaker

from hq import phone_relay
from hq.models import Device, writer_sessions
from sync.phone_page import PAGE_FILE, page_headers
from sync.phone_protocol import (
    Envelope,
    Inbox,
    OpenRequest,
    PendingAnswer,
    PhonePaths,
    PosterKeysAnswer,
    PosterKeysRequest,
    PosterOpenRequest,
    PosterRequest,
    RefusalRequest,
    SignatureAnswer,
    SignRequest,
    StatusRequest,
    SubmitRequest,
)
from sync.protocol import ErrorBody
from sync.rate_limit import RateLimit

# Public paths the request guard lets through without a device token (exact paths).
PUBLIC_PATHS = (
    PhonePaths.SUBMIT,
    PhonePaths.STATUS,
    PhonePaths.SIGN,
    PhonePaths.POSTER,
    PhonePaths.PAGE,
)


def _refused(exc: phone_relay.Refused) -> JSONResponse:
    body = ErrorBody(error=exc.error, message=exc.message, message_zh=exc.message_zh)
    return JSONResponse(body.model_dump(), status_code=exc.status)


def _too_often() -> JSONResponse:
    body = ErrorBody(
        error="rate_limited",
        message="Too many attempts from this network; wait a minute and try again.",
        message_zh="该网络尝试次数过多，请一分钟后再试。",
    )
    return JSONResponse(body.model_dump(), status_code=429, headers={"Retry-After": "60"})


def phone_router(
    factory: sessionmaker[Session],
    device: Callable[[Request], Device],
    limit: RateLimit,
) -> APIRouter:
    router = APIRouter()
    writer = writer_sessions(factory.kw["bind"])
    page = PAGE_FILE.read_bytes() if PAGE_FILE.exists() else b""
    headers = page_headers(page)

    def _client(request: Request) -> str:
        return request.client.host if request.client else ""

    @router.get(PhonePaths.PAGE)
    def mobile_page() -> Response:
        return Response(page, media_type="text/html; charset=utf-8", headers=headers)

    @router.post(PhonePaths.APPLICATIONS)
    def open_application(body: OpenRequest, request: Request) -> dict[str, Any]:
        dev = device(request)
        with writer() as session:
            answer = phone_relay.open_application(session, dev, body.desk_key, datetime.now(UTC))
            session.commit()
        return answer.model_dump(mode="json")

    @router.get(PhonePaths.INBOX)
    def inbox(request: Request) -> Response:
        dev = device(request)
        with factory() as session:
            items = phone_relay.inbox(session, dev)
        return Response(Inbox(items=items).model_dump_json(), media_type="application/json")

    @router.get(PhonePaths.APPLICATION)
    def pending(application_id: str, request: Request) -> Any:
        dev = device(request)
        with factory() as session:
            try:
                item = phone_relay.pending_of(session, dev, application_id)
            except phone_relay.Refused as exc:
                return _refused(exc)
        return Response(PendingAnswer(item=item).model_dump_json(), media_type="application/json")

    @router.delete(PhonePaths.APPLICATION)
    def received(application_id: str, request: Request) -> Any:
        dev = device(request)
        with writer() as session:
            try:
                phone_relay.received(session, dev, application_id, datetime.now(UTC))
            except phone_relay.Refused as exc:
                return _refused(exc)
            session.commit()
        return {"ok": True}

    @router.post(PhonePaths.REFUSAL)
    def refuse(application_id: str, body: RefusalRequest, request: Request) -> Any:
        dev = device(request)
        with writer() as session:
            try:
                phone_relay.refuse(session, dev, application_id, body.code, datetime.now(UTC))
            except phone_relay.Refused as exc:
                return _refused(exc)
            session.commit()
        return {"ok": True}

    @router.post(PhonePaths.SCHEDULE)
    def send_schedule(application_id: str, body: Envelope, request: Request) -> Any:
        dev = device(request)
        with writer() as session:
            try:
                phone_relay.send_schedule(session, dev, application_id, body)
            except phone_relay.Refused as exc:
                return _refused(exc)
            session.commit()
        return {"ok": True}

    @router.get(PhonePaths.SCHEDULE)
    def signature(application_id: str, request: Request) -> Any:
        dev = device(request)
        with factory() as session:
            try:
                found = phone_relay.signature_of(session, dev, application_id)
            except phone_relay.Refused as exc:
                return _refused(exc)
        return SignatureAnswer(signature=found).model_dump()

    @router.post(PhonePaths.POSTERS)
    def register_poster(body: PosterRequest, request: Request) -> Any:
        dev = device(request)
        with writer() as session:
            answer = phone_relay.register_poster(session, dev, body.sign_key, datetime.now(UTC))
            session.commit()
        return answer.model_dump()

    @router.post(PhonePaths.POSTER_KEYS)
    def deposit_keys(poster_id: str, body: PosterKeysRequest, request: Request) -> Any:
        dev = device(request)
        with writer() as session:
            try:
                unused = phone_relay.deposit_keys(
                    session, dev, poster_id, body.keys, datetime.now(UTC)
                )
            except phone_relay.Refused as exc:
                return _refused(exc)
            session.commit()
        return PosterKeysAnswer(unused=unused).model_dump()

    @router.post(PhonePaths.POSTER)
    def poster_application(body: PosterOpenRequest, request: Request) -> Any:
        if not limit.allow(_client(request)):
            return _too_often()
        with writer() as session:
            try:
                answer = phone_relay.poster_application(session, body.code, datetime.now(UTC))
            except phone_relay.Refused as exc:
                return _refused(exc)
            session.commit()
        return answer.model_dump(mode="json")

    @router.post(PhonePaths.SIGN)
    def sign(body: SignRequest, request: Request) -> Any:
        if not limit.allow(_client(request)):
            return _too_often()
        with writer() as session:
            try:
                phone_relay.sign(session, body.token, body.envelope, datetime.now(UTC))
            except phone_relay.Refused as exc:
                return _refused(exc)
            session.commit()
        return {"status": "signed"}

    @router.post(PhonePaths.SUBMIT)
    def submit(body: SubmitRequest, request: Request) -> Any:
        if not limit.allow(_client(request)):
            return _too_often()
        with writer() as session:
            try:
                phone_relay.submit(
                    session, body.token, body.application_id, body.envelope, datetime.now(UTC)
                )
            except phone_relay.Refused as exc:
                return _refused(exc)
            session.commit()
        return {"status": "submitted"}

    @router.post(PhonePaths.STATUS)
    def status(body: StatusRequest, request: Request) -> Any:
        if not limit.allow(_client(request)):
            return _too_often()
        with factory() as session:
            try:
                return phone_relay.status(session, body.token, datetime.now(UTC)).model_dump()
            except phone_relay.Refused as exc:
                return _refused(exc)

    return router
