"""The yard staff page's calls (docs/phone.md, "The yard"): pairing a device, the staff log-in
on a paired device, the instant quote from the desk's engine, and the hand-off of what was
collected to the desk's review list.

- A log-in needs a paired, unrevoked device token and the staff member's own account, checked
  by the desk's `AuthService` (argon2; five wrong passwords lock the account) and limited per
  client address. The session lives in memory only (a desk restart asks for a new log-in, as
  the desk's own window does) and is checked against the device at every call, so a device
  revoked at the desk stops at once.
- The quote is `app.rating.request_quote.price_request`, exactly what `chudan quote` prices.
- A hand-off is the application as a customer's phone would send it (consent, mobile, e-mail,
  document photos, signature), checked by the same `parse_application`, plus photos of the
  vehicle and the instant quote shown to the customer, kept at once in the store's
  `phone_pending` table for the desk's review list (`yard.desk.DeskPhoneInbox`); the hand-offs
  the desk may still refuse and the refusals not yet told to their device are kept in the
  store's `lan_state` (`yard.state`), so a desk restart loses none of them."""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from app.access.audit import AuditLog
from app.access.auth import AuthService
from app.access.permissions import CurrentUser, Permission, require
from app.access.standing import require_standing
from app.core.errors import ChudanError
from app.core.masking import mask_phone
from app.issuance.outlet import desk_outlet
from app.rating.installed import InstalledTables
from app.rating.request_quote import price_request
from local_db.store import Store
from sync.phone_pending import YARD, PendingApplications, Received
from sync.phone_protocol import (
    MAX_PHOTO_BYTES,
    MAX_SUBMIT_BYTES,
    PhoneApplication,
    PhoneProtocolError,
    parse_application,
)
from sync.rate_limit import RateLimit
from yard.answers import TOO_OFTEN, Answer, error_answer, json_answer
from yard.devices import DeviceRefused, YardDevices
from yard.relay import KEEP
from yard.state import REFUSED, SENT, LanMemory

SESSION = timedelta(hours=10)  # a working day in the yard; the device keeps no password
MAX_VEHICLE_PHOTOS = 4
# A hand-off: what a phone's application may hold, and the vehicle's photos base64-encoded.
MAX_HANDOFF_BYTES = MAX_SUBMIT_BYTES + MAX_VEHICLE_PHOTOS * (MAX_PHOTO_BYTES * 4 // 3 + 8)
LOGINS_PER_MINUTE = 10
# Hand-offs waiting for the review list since the server started (each up to MAX_HANDOFF_BYTES):
# more waiting means nobody at the desk is taking them, and the yard is told so.
MAX_WAITING = 40
# The instant quote the page hands over with the application (the request and the total shown):
# a few hundred bytes; anything larger is not the page's.
MAX_QUOTE_BYTES = 8 * 1024
# What the yard page shows when the desk returns a hand-off, by the desk's refusal code: said to
# the staff member who collected it (the customer is usually still there).
REFUSAL_TEXTS: dict[str, tuple[str, str]] = {
    "photo_unreadable": (
        "A photo cannot be read: take it again.",
        "照片无法识别，请重新拍摄。",
    ),
    "documents_mismatch": (
        "The ID card and the vehicle licence do not match.",
        "身份证与行驶证信息不一致。",
    ),
    "document_expired": ("A document has expired.", "证件已过期。"),
    "not_insurable": ("The outlet cannot insure this vehicle.", "本网点无法为该车辆投保。"),
    "damaged": (
        "The hand-off did not arrive whole: send it again.",
        "提交内容已损坏，请重新提交。",
    ),
    "other": ("Come to the desk: the clerk will explain.", "请到出单台，由出单员说明原因。"),
}


@dataclass(frozen=True)
class Handoff:
    """What a staff member collected in the yard, for the desk's review list."""

    application_id: str
    submitted_at: datetime
    application: PhoneApplication
    vehicle_photos: list[bytes]
    staff: str  # the staff member's user name (who collected it)
    device_id: str


@dataclass
class _Session:
    user: CurrentUser
    device_id: str
    device_token: str
    expires_at: datetime


@dataclass
class YardStaff:
    store: Store
    audit: AuditLog
    auth: AuthService
    devices: YardDevices
    tables: InstalledTables
    login_rate: RateLimit = field(default_factory=lambda: RateLimit(LOGINS_PER_MINUTE))
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    _sessions: dict[str, _Session] = field(default_factory=dict)
    _handoffs: list[Handoff] = field(default_factory=list)  # not yet taken by the review list
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def memory(self) -> LanMemory:
        return LanMemory(self.store, self.clock)

    def take_handoffs(self) -> list[Handoff]:
        """For the desk's review list: every hand-off not taken yet (each is taken once)."""
        with self._lock:
            taken, self._handoffs = self._handoffs, []
        return taken

    def refuse(self, application_id: str, code: str) -> None:
        """The desk returned a hand-off: kept for its device's next `status` call."""
        record_refusal(self.memory, application_id, code)

    def _status(self, session: _Session) -> dict[str, Any]:
        """The refusals for this device not yet told (each is told once)."""
        memory = self.memory
        refused = []
        for key, row in memory.all(REFUSED).items():
            if row.get("device_id") == session.device_id:
                told = memory.pop(REFUSED, key)  # two calls at once: only one tells it
                if told is not None:
                    told.pop("device_id", None)
                    refused.append(told)
        return {"refused": refused}

    def post(self, action: str, auth: str, client: str, body: dict[str, Any]) -> Answer:
        try:
            if action in ("pair", "login"):
                if not self.login_rate.allow(client):
                    return error_answer(*TOO_OFTEN, headers={"Retry-After": "60"})
                if action == "pair":
                    device_id, token = self.devices.pair(_text(body, "code"), _text(body, "name"))
                    return json_answer({"device_id": device_id, "device_token": token})
                return json_answer(self._login(body))
            session = self._session(auth)
            if action == "logout":
                with self._lock:
                    self._sessions = {k: v for k, v in self._sessions.items() if v is not session}
                return json_answer({"ok": True})
            if action == "quote":
                require(session.user, Permission.ISSUE_POLICY)
                request = body.get("request")
                now = self.clock().astimezone()
                return json_answer(price_request(request, self.tables, now).to_json())
            if action == "handoff":
                return json_answer(self._handoff(session, body))
            if action == "status":
                return json_answer(self._status(session))
        except DeviceRefused as exc:
            status = 403 if exc.error == "device_revoked" else 401
            return error_answer(status, exc.error, exc.message, exc.zh)
        except _SessionGone:
            return error_answer(
                401,
                "session_expired",
                "Log in again on this device.",
                "请在此设备上重新登录。",
            )
        except ChudanError as exc:
            error = "login_failed" if action == "login" else "invalid_request"
            return error_answer(400 if action != "login" else 401, error, exc.message, exc.zh)
        return error_answer(404, "not_found", "No such page.", "没有这个页面。")

    def _login(self, body: dict[str, Any]) -> dict[str, Any]:
        device_token = _text(body, "device_token")
        device_id = self.devices.check(device_token)  # an unpaired device never tries a password
        user = self.auth.login(_text(body, "username"), _text(body, "password"), channel="yard")
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = self.clock()
            self._sessions = {k: v for k, v in self._sessions.items() if v.expires_at > now}
            self._sessions[token] = _Session(user, device_id, device_token, now + SESSION)
        # The quote form starts from the outlet's own region (empty before the desk is set up).
        outlet = desk_outlet(self.store)
        return {
            "session": token,
            "display_name": user.display_name,
            "role": str(user.role),
            "region": outlet.region_code if outlet is not None else "",
        }

    def _session(self, auth: str) -> _Session:
        scheme, _, token = auth.partition(" ")
        with self._lock:
            session = self._sessions.get(token) if scheme == "Bearer" and token else None
        if session is None or session.expires_at <= self.clock():
            raise _SessionGone
        try:
            self.devices.check(session.device_token)  # revoked at the desk: stops at once
        except DeviceRefused:
            with self._lock:
                self._sessions.pop(token, None)
            raise
        return session

    def _handoff(self, session: _Session, body: dict[str, Any]) -> dict[str, Any]:
        try:
            application = parse_application(json.dumps(body.get("application")).encode("utf-8"))
        except PhoneProtocolError as exc:
            raise ChudanError(exc.message, zh=exc.zh) from exc
        photos = body.get("vehicle_photos") or []
        if not isinstance(photos, list) or len(photos) > MAX_VEHICLE_PHOTOS:
            raise ChudanError(
                f"At most {MAX_VEHICLE_PHOTOS} photos of the vehicle.",
                zh=f"车辆照片最多 {MAX_VEHICLE_PHOTOS} 张。",
            )
        vehicle = [_jpeg(p) for p in photos]
        quote = _quote(body.get("quote"))
        handoff = Handoff(
            str(uuid.uuid4()),
            self.clock(),
            application,
            vehicle,
            session.user.username,
            session.device_id,
        )
        with self._lock:
            full = len(self._handoffs) >= MAX_WAITING
        if full:
            raise ChudanError(
                f"{MAX_WAITING} hand-offs are waiting at the desk already: ask the desk to "
                "open 客户手机填写 and review them.",
                zh=f"出单台已有 {MAX_WAITING} 份待审核的提交，请出单台打开「客户手机填写」审核后再提交。",
            )
        with self.store.write() as s:
            require_standing(s, session.user, Permission.ISSUE_POLICY)
            # Who handed what over, from which device: never the customer's data.
            self.audit.record(
                s,
                session.user.audit_name,
                "yard.handoff",
                "yard_device",
                session.device_id,
                f"{len(application.photos)} document and {len(vehicle)} vehicle photos",
            )
        # Kept before the yard is told it was handed off: a desk closed now loses nothing.
        PendingApplications(self.store, self.clock).keep(
            Received(handoff.application_id, handoff.submitted_at, application, ""),
            YARD,
            vehicle_photos=vehicle,
            staff=handoff.staff,
            device_id=handoff.device_id,
            quote=quote,
        )
        # Remembered (no customer data but the masked mobile) so a refusal reaches the device.
        self.memory.put(
            SENT,
            handoff.application_id,
            {
                "device_id": session.device_id,
                "submitted_at": handoff.submitted_at.isoformat(),
                "mobile": mask_phone(application.mobile) if application.mobile else "",
            },
            handoff.submitted_at + KEEP,
        )
        with self._lock:
            self._handoffs.append(handoff)
        return {"status": "handed_off", "application_id": handoff.application_id}


def record_refusal(memory: LanMemory, application_id: str, code: str) -> None:
    """A hand-off the desk returned, for its device's next `status` call (also when the LAN
    server is not running: it is told once the server runs again). Nothing happens for one
    refused already, or not from the yard."""
    sent = memory.pop(SENT, application_id)
    if sent is None:
        return
    en, zh = REFUSAL_TEXTS.get(code, REFUSAL_TEXTS["other"])
    memory.put(
        REFUSED,
        application_id,
        {
            "application_id": application_id,
            "submitted_at": sent["submitted_at"],
            "mobile": sent["mobile"],
            "code": code,
            "message": en,
            "message_zh": zh,
            "device_id": sent["device_id"],
        },
        memory.now() + KEEP,
    )


class _SessionGone(Exception):
    pass


def _text(body: dict[str, Any], key: str) -> str:
    value = body.get(key, "")
    if not isinstance(value, str) or len(value) > 256:
        raise ChudanError(f"{key} is not valid.", zh=f"{key} 无效。")
    return value


def _quote(data: Any) -> dict[str, Any] | None:
    """The instant quote shown to the customer: the request priced and the total shown (the
    desk prices the request again when the clerk continues, and says so if it differs)."""
    if data is None:
        return None
    ok = (
        isinstance(data, dict)
        and isinstance(data.get("request"), dict)
        and isinstance(data.get("total"), str)
        and len(json.dumps(data)) <= MAX_QUOTE_BYTES
    )
    if not ok:
        raise ChudanError("The quote is not valid.", zh="报价内容无效。")
    return {"request": data["request"], "total": data["total"]}


def _jpeg(data: Any) -> bytes:
    try:
        raw = base64.b64decode(data, validate=True) if isinstance(data, str) else b""
    except (binascii.Error, ValueError):
        raw = b""
    if not raw.startswith(b"\xff\xd8\xff") or len(raw) > MAX_PHOTO_BYTES:
        raise ChudanError(
            f"A vehicle photo is not a JPEG of at most {MAX_PHOTO_BYTES // 1024} KB.",
            zh=f"车辆照片须为不超过 {MAX_PHOTO_BYTES // 1024} KB 的 JPEG。",
        )
    return raw
