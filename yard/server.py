"""The desk's HTTPS server on the outlet's LAN (docs/phone.md, "The desk on the LAN"): the
standard library's ThreadingHTTPServer behind TLS with the desk's self-signed certificate.

- `/m/` and head office's phone paths (`sync.phone_protocol.PhonePaths`), answered by a
  `LocalRelay`: the customer's page works unchanged, and the desk's `PhoneInbox` reads the
  envelopes here with a per-run secret as its token.
- `/yard/` and `/api/v1/yard/...`: the staff page (`yard.staff`).

Off by default; started and stopped from 设置 by a supervisor or administrator. Every answer is
JSON with the same error body as head office's; request bodies are read only up to a limit, and
the logs hold the method, path and status only (never a body)."""

from __future__ import annotations

import json
import logging
import re
import secrets
import ssl
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from pydantic import ValidationError

from sync.phone_page import PAGE_FILE, YARD_PAGE_FILE, page_headers
from sync.phone_protocol import (
    MAX_SUBMIT_BYTES,
    Envelope,
    Inbox,
    OpenRequest,
    PhonePaths,
    RefusalRequest,
    SignatureAnswer,
    SignRequest,
    StatusRequest,
    SubmitRequest,
)
from sync.protocol import AUTH_HEADER, AUTH_SCHEME
from sync.rate_limit import RateLimit
from yard.answers import (
    BAD_REQUEST,
    NOT_FOUND,
    TOO_LARGE,
    TOO_OFTEN,
    UNAUTHORIZED,
    Answer,
    error_answer,
    json_answer,
    refused,
)
from yard.certificate import DeskCertificate
from yard.relay import LocalRelay, Refused, utc_now
from yard.staff import MAX_HANDOFF_BYTES, YardStaff

log = logging.getLogger(__name__)

CERT_PATH = "/desk-lan.crt"
# Anything but a submit or a hand-off is a few hundred bytes.
MAX_SMALL_BODY = 64 * 1024
_APPLICATION = re.compile(r"^/api/v1/phone/applications/([0-9a-f-]{36})(/refusal|/schedule)?$")


class LanServer:
    """One run of the LAN server. `desk_token`: the secret the desk's own `PhoneInbox` gives
    (made per run, never shown)."""

    def __init__(
        self,
        host: str,
        port: int,
        certificate: DeskCertificate,
        staff: YardStaff,
        *,
        relay: LocalRelay | None = None,
        phone_rate: RateLimit | None = None,
    ) -> None:
        self.host = host
        self.certificate = certificate
        self.staff = staff
        self.relay = relay or LocalRelay()
        self.phone_rate = phone_rate or RateLimit(120)
        self.desk_token = secrets.token_urlsafe(32)
        self._pages = {
            PhonePaths.PAGE: PAGE_FILE.read_bytes(),
            "/yard/": YARD_PAGE_FILE.read_bytes(),
        }
        self._headers = {path: page_headers(page) for path, page in self._pages.items()}
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(certificate.cert_file, certificate.key_file)
        self._httpd = ThreadingHTTPServer((host, port), _handler(self))
        self._httpd.daemon_threads = True
        # The handshake happens on the connection's own thread (at its first read), not in
        # accept(): a phone that connects and says nothing cannot hold up everyone else.
        self._httpd.socket = context.wrap_socket(
            self._httpd.socket, server_side=True, do_handshake_on_connect=False
        )
        self.port = self._httpd.server_address[1]
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}"

    def start(self) -> LanServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="lan-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # --- routing --------------------------------------------------------------------------

    def get(self, path: str, auth: str) -> Answer:
        if path in self._pages:
            return Answer(
                200, self._pages[path], "text/html; charset=utf-8", headers=self._headers[path]
            )
        if path == CERT_PATH:
            # For installing on a device (docs/phone.md): the fingerprint shown at the desk is
            # what makes a download over a not-yet-trusted connection safe to install.
            return Answer(
                200,
                self.certificate.pem,
                "application/x-x509-ca-cert",
                headers={"Content-Disposition": 'attachment; filename="chudan-desk.crt"'},
            )
        if path in ("/", "/yard"):
            return Answer(302, b"", headers={"Location": "/yard/"})
        if path == PhonePaths.INBOX and self._desk(auth):
            return Answer(200, Inbox(items=self.relay.inbox()).model_dump_json().encode())
        found = _APPLICATION.match(path)
        if found and found.group(2) == "/schedule" and self._desk(auth):
            try:
                signature = self.relay.signature_of(found.group(1))
            except Refused as exc:
                return refused(exc)
            return json_answer(SignatureAnswer(signature=signature).model_dump())
        return error_answer(*NOT_FOUND)

    def post(self, path: str, auth: str, client: str, body: dict[str, Any]) -> Answer:
        now = utc_now()
        try:
            if path in (PhonePaths.SUBMIT, PhonePaths.STATUS, PhonePaths.SIGN):
                if not self.phone_rate.allow(client):
                    return error_answer(*TOO_OFTEN, headers={"Retry-After": "60"})
                if path == PhonePaths.SUBMIT:
                    sub = SubmitRequest.model_validate(body)
                    self.relay.submit(sub.token, sub.application_id, sub.envelope, now)
                    return json_answer({"status": "submitted"})
                if path == PhonePaths.STATUS:
                    status = StatusRequest.model_validate(body)
                    return json_answer(self.relay.status(status.token, now).model_dump())
                sign = SignRequest.model_validate(body)
                self.relay.sign(sign.token, sign.envelope, now)
                return json_answer({"status": "signed"})
            if path.startswith("/api/v1/yard/"):
                return self.staff.post(path.removeprefix("/api/v1/yard/"), auth, client, body)
            if not self._desk(auth):
                return error_answer(*UNAUTHORIZED)
            if path == PhonePaths.APPLICATIONS:
                OpenRequest.model_validate(body)
                return json_answer(self.relay.open_application(now).model_dump(mode="json"))
            found = _APPLICATION.match(path)
            if found and found.group(2) == "/refusal":
                code = RefusalRequest.model_validate(body).code
                self.relay.refuse(found.group(1), code, now)
                return json_answer({"ok": True})
            if found and found.group(2) == "/schedule":
                self.relay.send_schedule(found.group(1), Envelope.model_validate(body))
                return json_answer({"ok": True})
        except Refused as exc:
            return refused(exc)
        except ValidationError:
            return error_answer(*BAD_REQUEST)
        return error_answer(*NOT_FOUND)

    def delete(self, path: str, auth: str) -> Answer:
        found = _APPLICATION.match(path)
        if not (found and found.group(2) is None and self._desk(auth)):
            return error_answer(*NOT_FOUND)
        try:
            self.relay.received(found.group(1), utc_now())
        except Refused as exc:
            return refused(exc)
        return json_answer({"ok": True})

    def body_limit(self, path: str) -> int:
        if path == PhonePaths.SUBMIT:
            return MAX_SUBMIT_BYTES
        if path == "/api/v1/yard/handoff":
            return MAX_HANDOFF_BYTES
        return MAX_SMALL_BODY

    def _desk(self, auth: str) -> bool:
        return secrets.compare_digest(auth, f"{AUTH_SCHEME} {self.desk_token}")


def _handler(server: LanServer) -> Callable[..., BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 30  # seconds a connection may stay silent (a slow phone still uploads)
        server_version = "chudan-desk"
        sys_version = ""

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            # The request line holds only the path (tokens travel in bodies and headers).
            log.info("lan %s", format % args)

        def _path(self) -> str:
            return self.path.split("?", 1)[0].split("#", 1)[0]

        def _send(self, answer: Answer) -> None:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            # Only this origin's pages use it; the phone must not carry it elsewhere.
            self.send_header("Strict-Transport-Security", "max-age=31536000")
            for name, value in (answer.headers or {}).items():
                if name != "Cache-Control":
                    self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(answer.body)

        def _auth(self) -> str:
            return self.headers.get(AUTH_HEADER, "")

        def do_GET(self) -> None:  # noqa: N802
            self._safely(lambda: self._send(server.get(self._path(), self._auth())))

        def do_DELETE(self) -> None:  # noqa: N802
            self._safely(lambda: self._send(server.delete(self._path(), self._auth())))

        def do_POST(self) -> None:  # noqa: N802
            self._safely(self._post)

        def _safely(self, work: Callable[[], None]) -> None:
            try:
                work()
            except (ConnectionError, ssl.SSLError):
                self.close_connection = True  # the phone went away mid-answer
            except Exception as exc:  # a bug must not kill the server's thread or leak data
                # The type only: a message could quote what the phone sent.
                log.error("lan server: %s answering %s", type(exc).__name__, self._path())
                self.close_connection = True
                self._send(error_answer(500, "internal", "The desk failed.", "出单台出错。"))

        def _post(self) -> None:
            path = self._path()
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                self.close_connection = True
                self._send(error_answer(411, "length_required", "Length required.", "需要长度。"))
                return
            if length > server.body_limit(path):
                self.close_connection = True  # the body is not read
                self._send(error_answer(*TOO_LARGE))
                return
            try:
                body = json.loads(self.rfile.read(length) or b"{}")
            except ValueError:
                self._send(error_answer(*BAD_REQUEST))
                return
            if not isinstance(body, dict):
                self._send(error_answer(*BAD_REQUEST))
                return
            self._send(server.post(path, self._auth(), self.client_address[0], body))

    return Handler
