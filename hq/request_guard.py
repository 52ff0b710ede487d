"""What every request passes before a route sees it (a pure ASGI middleware, so nothing reads
the body before it has decided):

1. **The device first.** Every path except health and provisioning needs a device token. It is
   checked before a byte of the body is read, so a stranger can make head office neither
   buffer nor inflate anything, and a malformed body from a stranger is a 401, not a 422.
   Staff paths (under `staff_prefixes`, hq/accounts.py) need a staff token instead, looked up
   by a different function in a different table: a device token never opens a staff path and a
   staff token never opens a device path.
2. **Bounded bodies.** A declared length above `max_body` is refused at once (413); a body sent
   without one (chunked) is counted as it arrives and refused as soon as it passes the limit.
3. **Bounded inflation.** A gzip body is inflated in steps of at most what is still allowed, and
   refused (413) the moment the inflated size would pass `max_inflated`: a 1 MB body that would
   inflate to gigabytes costs head office at most `max_inflated` bytes.

The route then sees a plain body with a correct Content-Length and no Content-Encoding. The
device found is left in `request.state.device` so the route does not look it up again."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Collection, Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import AUTH_SCHEME, ErrorBody

Authenticate = Callable[[str], Any]  # token -> device, or None for an unknown or revoked one

STAFF_UNAUTHORIZED = ErrorBody(
    error="unauthorized",
    message="Log in as head-office staff first (POST /api/v1/staff/login); a staff token lasts "
    "15 minutes.",
    message_zh="请先以总部员工身份登录；员工令牌有效期 15 分钟。",
)

UNAUTHORIZED = ErrorBody(
    error="unauthorized",
    message="This device is unknown or has been revoked. Ask head office to provision it again.",
    message_zh="本设备未登记或已被吊销，请联系总部重新开通。",
)


class _Refused(Exception):
    def __init__(self, status: int, body: ErrorBody) -> None:
        super().__init__(body.message)
        self.status = status
        self.body = body


def _too_large(limit: int, what: str, zh: str) -> _Refused:
    return _Refused(
        413,
        ErrorBody(
            error="too_large",
            message=f"The request {what} is larger than head office accepts ({limit:,} bytes); "
            "send smaller batches.",
            message_zh=f"请求{zh}超过总部上限（{limit:,} 字节），请分批发送。",
        ),
    )


def _damaged() -> _Refused:
    return _Refused(
        400,
        ErrorBody(
            error="invalid_request",
            message="The gzip body is damaged; send the batch again.",
            message_zh="压缩的请求内容已损坏，请重新发送。",
        ),
    )


async def send_json(send: Send, status: int, body: ErrorBody) -> None:
    data = json.dumps(body.model_dump(), ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(data)).encode("ascii")),
            ],
        }
    )
    await send({"type": "http.response.body", "body": data})


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme == AUTH_SCHEME else ""
    return ""


class RequestGuard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        authenticate: Authenticate,
        public_paths: Collection[str],
        max_body: int,
        max_inflated: int,
        authenticate_staff: Authenticate | None = None,
        staff_prefixes: Collection[str] = (),
        larger_bodies: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self._authenticate = authenticate
        self._authenticate_staff = authenticate_staff
        self._staff_prefixes = tuple(staff_prefixes)
        self._public = frozenset(public_paths)
        self._max_body = max_body
        self._max_inflated = max_inflated
        # Paths allowed a larger body than the rest (the phone's sealed photos), by exact path.
        self._larger = dict(larger_bodies or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = list(scope.get("headers") or [])
        path = scope["path"]
        if path not in self._public:
            staff = path.startswith(self._staff_prefixes) if self._staff_prefixes else False
            check = self._authenticate_staff if staff else self._authenticate
            token = bearer_token(headers)
            # A token longer than any head office hands out is not looked up at all.
            who = (
                await run_in_threadpool(check, token)
                if check is not None and token and len(token) <= 256
                else None
            )
            if who is None:
                await send_json(send, 401, STAFF_UNAUTHORIZED if staff else UNAUTHORIZED)
                return
            scope.setdefault("state", {})["staff" if staff else "device"] = who
        try:
            limit = self._larger.get(scope["path"])
            scope, receive = await self._bounded(
                scope,
                receive,
                headers,
                self._max_body if limit is None else limit,
                self._max_inflated if limit is None else limit,
            )
        except _Refused as refused:
            await send_json(send, refused.status, refused.body)
            return
        await self.app(scope, receive, send)

    async def _bounded(
        self,
        scope: Scope,
        receive: Receive,
        headers: list[tuple[bytes, bytes]],
        max_body: int,
        max_inflated: int,
    ) -> tuple[Scope, Receive]:
        values = {name: value for name, value in headers}
        encoding = values.get(b"content-encoding", b"").decode("latin-1").strip().lower()
        declared = values.get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                raise _Refused(
                    400,
                    ErrorBody(error="invalid_request", message="Content-Length is not a number."),
                ) from None
            if length > max_body:
                raise _too_large(max_body, "body", "内容")
        if encoding not in ("", "identity", "gzip"):
            raise _Refused(
                415,
                ErrorBody(
                    error="invalid_request",
                    message=f"Content-Encoding {encoding!r} is not accepted; send gzip or plain JSON.",
                    message_zh="不支持该内容编码，请使用 gzip 或不压缩。",
                ),
            )
        if declared is None and b"transfer-encoding" not in values:
            return scope, receive  # no body at all (a GET)
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS) if encoding == "gzip" else None
        received = 0
        parts: list[bytes] = []
        produced = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                # The client went away: hand the disconnect on, the route will not run.
                return scope, _replay([message])
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > max_body:
                raise _too_large(max_body, "body", "内容")
            if inflater is not None:
                produced = self._inflate(inflater, chunk, parts, produced, max_inflated)
            elif chunk:
                parts.append(chunk)
            if not message.get("more_body", False):
                break
        if inflater is not None and (not inflater.eof or inflater.unused_data):
            raise _damaged()  # truncated, or something after the gzip member
        body = b"".join(parts)
        if inflater is None and len(body) > max_inflated:
            raise _too_large(max_inflated, "body", "内容")
        kept = [
            (k, v)
            for k, v in headers
            if k not in (b"content-encoding", b"content-length", b"transfer-encoding")
        ]
        kept.append((b"content-length", str(len(body)).encode("ascii")))
        scope = dict(scope)
        scope["headers"] = kept
        return scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive)

    def _inflate(
        self, inflater: Any, chunk: bytes, parts: list[bytes], produced: int, max_inflated: int
    ) -> int:
        data = chunk
        try:
            while data and not inflater.eof:
                # Never more than one byte past what is still allowed, whatever the ratio.
                room = max_inflated - produced + 1
                out = inflater.decompress(data, room)
                produced += len(out)
                if produced > max_inflated:
                    raise _too_large(max_inflated, "body once inflated", "解压后的内容")
                parts.append(out)
                data = inflater.unconsumed_tail
        except zlib.error:
            raise _damaged() from None
        if data and inflater.eof:
            raise _damaged()
        return produced


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    queue = list(messages)

    async def receive() -> Message:
        if queue:
            return queue.pop(0)
        if then is not None:
            return await then()  # e.g. the disconnect once the answer is sent
        return {"type": "http.disconnect"}

    return receive


__all__ = ["STAFF_UNAUTHORIZED", "RequestGuard", "UNAUTHORIZED", "bearer_token", "send_json"]
