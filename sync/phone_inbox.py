"""The desk's side of the customer's phone (docs/phone.md): open a one-time
application at head office (the QR code's address), fetch what phones sent, open it with the
one-time private key, refuse what does not open or does not fit, and tell head office it has it
(so head office drops the ciphertext).

The one-time private key of each application still open is kept in the encrypted store
(`sync.phone_keys.StoredKeys`), so an application sent while the desk was closed opens after a
restart; it is deleted there when the application is taken or refused. A taken application's key
stays in memory for the rest of the run, for the remote signature. Nothing here writes the
plaintext anywhere; the caller gets the `PhoneApplication` and decides."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

from app.core.masking import mask_id_number
from app.core.money import fmt_amount
from app.issuance.schedule import canonical_hash, schedule_view
from sync.client import HqClient
from sync.phone_keys import KeyRing, MemoryKeys, StoredKeys
from sync.phone_pending import HQ, PendingApplications, Received
from sync.phone_protocol import (
    HELLO_PURPOSE,
    POSTER_KEY_LIFE,
    POSTER_KEYS_MAX,
    RETENTION,
    SIGN_MODE,
    Inbox,
    OpenAnswer,
    OpenRequest,
    PendingAnswer,
    PhonePaths,
    PhoneProtocolError,
    PosterAnswer,
    PosterKey,
    PosterKeysAnswer,
    PosterKeysRequest,
    PosterRequest,
    RefusalRequest,
    RemoteSchedule,
    RemoteSignature,
    ScheduleLine,
    SignatureAnswer,
    SignHello,
    b64url,
    new_desk_key,
    open_envelope,
    page_url,
    parse_application,
    poster_key_message,
    poster_url,
    public_b64url,
    seal_for_phone,
)
from sync.state import ca_path, device_token, load_device

# What a one-time application is for (kept with its key): the form the customer fills, or a
# signature link for an issuance started at the desk.
APPLICATION = "application"
SIGNATURE = "signature"
# The poster's signing key (kept for years: the printed poster carries its public half), and
# how many signed one-time keys the desk keeps waiting at head office for phones that scan it.
POSTER = "poster"
POSTER_PREFIX = "poster:"
POSTER_KEEP = timedelta(days=3650)
POSTER_STOCK = 20


def prekey_id(desk_key: str) -> str:
    """A poster key's row in the store, by its public half (the application id comes later)."""
    return "pk:" + hashlib.sha256(desk_key.encode("ascii")).hexdigest()[:32]


def sign_raw(sign_key: ec.EllipticCurvePrivateKey, desk_key: str) -> str:
    """ECDSA P-256 / SHA-256 over the poster message, as r||s (what Web Crypto verifies)."""
    der = sign_key.sign(poster_key_message(desk_key), ec.ECDSA(hashes.SHA256()))
    r, s_ = decode_dss_signature(der)
    return b64url(r.to_bytes(32, "big") + s_.to_bytes(32, "big"))


# How long a signature link's hello may wait at head office for the wizard that showed it; after
# that the wizard has gone, and the desk's inbox returns it to the phone.
HELLO_WAIT = timedelta(minutes=10)


def schedule_for_phone(schedule: dict[str, Any]) -> RemoteSchedule:
    """The rows the customer reads on the phone, in both languages, from the schedule exactly as
    `IssuanceService.sign` would store it; the hash is that schedule's."""
    view = schedule_view(schedule)
    lines: list[ScheduleLine] = []

    def add(zh: str, en: str, value_zh: str, value_en: str | None = None) -> None:
        lines.append(
            ScheduleLine(
                zh=zh, en=en, value_zh=value_zh, value_en=value_zh if value_en is None else value_en
            )
        )

    for p in view.parties:
        # The phone shows the customer their own name; the ID number's last four digits only.
        add(p.role("zh"), p.role("en"), f"{p.name} · {mask_id_number(p.id_number)}")
    for label, value in view.vehicle:
        if value("zh"):
            add(label("zh"), label("en"), value("zh"), value("en"))
    add("保险期间", "Period", view.period("zh"), view.period("en"))
    for c in view.covers:
        amount_zh, amount_en = c.amount("zh"), c.amount("en")
        add(
            c.name("zh"),
            c.name("en"),
            f"{amount_zh} · 保费 {fmt_amount(c.premium)}",
            f"{amount_en} · premium {fmt_amount(c.premium)}",
        )
    add("交强险保费", "CTPL premium", fmt_amount(view.ctpl_premium))
    add("商业险保费", "Commercial premium", fmt_amount(view.commercial_premium))
    add("代收车船税", "Vehicle tax (collected)", fmt_amount(view.tax))
    return RemoteSchedule(
        schedule_hash=canonical_hash(schedule), lines=lines, total=fmt_amount(view.total)
    )


def for_desk(ctx: Any) -> PhoneInbox | None:
    """The inbox of this desk (`ctx` an AppContext), or None while it is not provisioned."""
    device = load_device(ctx.store)
    if device is None or not device.hq_url:
        return None
    ca = ca_path(ctx.home)
    client = HqClient(
        device.hq_url,
        token=device_token(ctx.store),
        ca_file=ca if ca.exists() else None,
        read_timeout=20.0,
        attempts=1,
    )
    return PhoneInbox(
        client, keys=StoredKeys(ctx.store), pending=PendingApplications(ctx.store), source=HQ
    )


@dataclass(frozen=True)
class Invitation:
    """What the desk shows as a QR code."""

    application_id: str
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class Rejected:
    """An envelope that did not open or did not fit: refused on the phone with `code`."""

    application_id: str
    code: str
    reason: str


@dataclass
class PhoneInbox:
    client: HqClient
    page_base: str = ""  # where phones load the page (head office's public URL, or the LAN desk)
    # The keys of applications not taken yet (the store's, on a desk; memory in tests).
    keys: KeyRing = field(default_factory=MemoryKeys)
    # Where an application taken but not yet continued or refused is kept (the store's, on a
    # desk: written before the relay is told it may drop the ciphertext); none in tests.
    pending: PendingApplications | None = None
    source: str = HQ  # what `pending` records as the application's origin
    # The keys of applications taken in this run: the schedule to sign is sealed with them.
    _taken: dict[str, ec.EllipticCurvePrivateKey] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _key(self, application_id: str) -> ec.EllipticCurvePrivateKey | None:
        with self._lock:
            key = self._taken.get(application_id)
        if key is None and self.pending is not None:
            key = self.pending.desk_key(application_id)  # taken by an earlier run
        return key if key is not None else self.keys.get(application_id)

    def continued(self, application_id: str) -> None:
        """The clerk continued it into a draft: no longer kept for the review list (its key
        stays in this run's memory, for the schedule the customer signs on the phone)."""
        if self.pending is None:
            return
        key = self.pending.desk_key(application_id)
        if key is not None:
            with self._lock:
                self._taken[application_id] = key
        self.pending.drop(application_id)

    def keep_reads(self, application_id: str, reads: list[tuple[str, dict[str, Any]]]) -> None:
        if self.pending is not None:
            self.pending.save_reads(application_id, reads)

    def invite(self, kind: str = APPLICATION) -> Invitation:
        """A one-time application: the form for the customer to fill (`APPLICATION`), or a
        signature link (`SIGNATURE`) for an issuance started at the desk, whose page only
        gives the desk the phone's one-time key and waits for the schedule to sign."""
        key = new_desk_key()
        desk_key = public_b64url(key)
        r = self.client.request(
            "POST", PhonePaths.APPLICATIONS, json_body=OpenRequest(desk_key=desk_key).model_dump()
        )
        answer = OpenAnswer.model_validate(self.client._ok_json(r))
        self.keys.put(answer.application_id, key, kind)
        base = self.page_base or self.client.base_url
        mode = SIGN_MODE if kind == SIGNATURE else ""
        return Invitation(
            answer.application_id,
            page_url(base, answer.application_id, answer.token, desk_key, mode),
            answer.expires_at,
        )

    # -- the printed poster (docs/phone.md) ---------------------------------------------------

    def poster_url(self) -> str:
        """The address the outlet's poster carries: this desk's poster, registered at head
        office the first time (its signing key kept in the store, never leaving the desk)."""
        poster = self.keys.poster()
        if poster is None or self.keys.get(POSTER_PREFIX + poster["poster_id"]) is None:
            key = new_desk_key()
            sign_key = public_b64url(key)
            r = self.client.request(
                "POST", PhonePaths.POSTERS, json_body=PosterRequest(sign_key=sign_key).model_dump()
            )
            answer = PosterAnswer.model_validate(self.client._ok_json(r))
            self.keys.put(POSTER_PREFIX + answer.poster_id, key, POSTER, POSTER_KEEP)
            poster = {"poster_id": answer.poster_id, "code": answer.code, "sign_key": sign_key}
            self.keys.save_poster(poster)
        base = self.page_base or self.client.base_url
        return poster_url(base, poster["code"], poster["sign_key"])

    def stock_poster(self, target: int = POSTER_STOCK) -> int:
        """Deposit signed one-time keys at head office until `target` wait for phones that scan
        the poster; returns how many wait. Nothing to do before a poster was made."""
        poster = self.keys.poster()
        sign = self.keys.get(POSTER_PREFIX + poster["poster_id"]) if poster else None
        if poster is None or sign is None:
            return 0
        path = PhonePaths.POSTER_KEYS.format(poster_id=poster["poster_id"])

        def deposit(keys: list[PosterKey]) -> int:
            body = PosterKeysRequest(keys=keys).model_dump()
            r = self.client.request("POST", path, json_body=body)
            return PosterKeysAnswer.model_validate(self.client._ok_json(r)).unused

        unused = deposit([])
        if unused >= target:
            return unused
        fresh: list[PosterKey] = []
        for _ in range(min(target, POSTER_KEYS_MAX) - unused):
            key = new_desk_key()
            desk_key = public_b64url(key)
            self.keys.put(prekey_id(desk_key), key, APPLICATION, POSTER_KEY_LIFE + RETENTION)
            fresh.append(PosterKey(desk_key=desk_key, signature=sign_raw(sign, desk_key)))
        return deposit(fresh)

    def signing_phone(self, application_id: str) -> str | None:
        """For a signature link: the phone's one-time key once its page said hello (the schedule
        is then sealed to it, `send_schedule`), None until then. The hello is taken as an
        application is: head office drops it, and the key leaves the store for this run's
        memory."""
        key = self.keys.get(application_id)
        if key is None:
            with self._lock:
                if application_id in self._taken:
                    raise PhoneProtocolError(
                        "This signature link was answered already.", zh="该签名链接已被使用。"
                    )
            raise PhoneProtocolError(
                "This signature link is no longer known at this desk: show a new one.",
                zh="本机已不再保存该签名链接，请重新生成二维码。",
            )
        r = self.client.request("GET", PhonePaths.APPLICATION.format(application_id=application_id))
        item = PendingAnswer.model_validate(self.client._ok_json(r)).item
        if item is None:
            return None
        try:
            plain = open_envelope(item.envelope, key, application_id, HELLO_PURPOSE)
            SignHello.model_validate_json(plain)
        except (PhoneProtocolError, ValueError) as exc:
            self.refuse(application_id, "damaged")
            raise PhoneProtocolError(
                "The phone's answer did not open at this desk: show a new QR code.",
                zh="手机的应答无法在本机打开，请重新生成二维码。",
            ) from exc
        self.client._ok_json(
            self.client.request(
                "DELETE", PhonePaths.APPLICATION.format(application_id=application_id)
            )
        )
        with self._lock:
            self._taken[application_id] = key
        self.keys.drop(application_id)
        return item.envelope.epk

    def fetch(self) -> tuple[list[Received], list[Rejected]]:
        """Every application waiting at head office for this desk, opened; each one is
        acknowledged (received) or refused on the phone before this returns."""
        r = self.client.request("GET", PhonePaths.INBOX)
        inbox = Inbox.model_validate(self.client._ok_json(r))
        received: list[Received] = []
        rejected: list[Rejected] = []
        for item in inbox.items:
            if self.keys.kind(item.application_id) == SIGNATURE:
                # A signature link's hello: the wizard that showed it takes it
                # (`signing_phone`); one no wizard took within the token's life is returned.
                if item.submitted_at + HELLO_WAIT > datetime.now(UTC):
                    continue
                rejected.append(self._reject(item.application_id, "other", "not taken"))
                continue
            key = self._key(item.application_id)
            spent = ""  # a poster's key: known by its public half, not the application id
            if key is None and item.desk_key:
                spent = prekey_id(item.desk_key)
                key = self.keys.get(spent)
            if key is None:
                # Its key is gone (forgotten after RETENTION, or a store restored from a backup
                # older than the application): nothing opens it.
                rejected.append(self._reject(item.application_id, "other", "key gone"))
                continue
            try:
                application = parse_application(
                    open_envelope(item.envelope, key, item.application_id)
                )
            except PhoneProtocolError as exc:
                rejected.append(self._reject(item.application_id, "damaged", exc.message))
                if spent:
                    self.keys.drop(spent)  # one application per poster key, whatever it held
                continue
            got = Received(item.application_id, item.submitted_at, application, item.envelope.epk)
            if self.pending is not None:
                # Kept before the relay drops its copy: a desk closed now loses nothing.
                self.pending.keep(got, self.source, key)
            self.client._ok_json(
                self.client.request(
                    "DELETE", PhonePaths.APPLICATION.format(application_id=item.application_id)
                )
            )
            with self._lock:
                self._taken[item.application_id] = key
            # Taken: nothing more arrives sealed to it (a poster's key, by its public half).
            self.keys.drop(spent or item.application_id)
            received.append(got)
        return received, rejected

    def send_schedule(self, application_id: str, phone_key: str, schedule: dict[str, Any]) -> str:
        """The schedule as the customer would sign it at the desk, sealed to the phone's one-time
        key, for the customer to read and sign there; returns its hash (what the phone's
        signature must name)."""
        key = self._key(application_id)
        if key is None:
            raise PhoneProtocolError(
                "This application was opened by an earlier run of the desk: ask the customer to "
                "scan a new QR code.",
                zh="该申请由本机此前的运行接收，无法再次联系该手机：请客户重新扫码。",
            )
        remote = schedule_for_phone(schedule)
        envelope = seal_for_phone(
            remote.model_dump_json().encode("utf-8"), key, phone_key, application_id
        )
        self.client._ok_json(
            self.client.request(
                "POST",
                PhonePaths.SCHEDULE.format(application_id=application_id),
                json_body=envelope.model_dump(),
            )
        )
        return remote.schedule_hash

    def signature(
        self, application_id: str, phone_key: str, schedule_hash: str
    ) -> list[list[tuple[float, float]]] | None:
        """The customer's strokes once they signed on the phone, None until then. Refused
        (PhoneProtocolError) when it was not sealed by the phone that applied, or names another
        schedule than the one sent."""
        r = self.client.request("GET", PhonePaths.SCHEDULE.format(application_id=application_id))
        answer = SignatureAnswer.model_validate(self.client._ok_json(r))
        if answer.signature is None:
            return None
        key = self._key(application_id)
        # Only the phone that applied holds the private half of the key it applied with.
        if key is None or answer.signature.epk != phone_key:
            raise PhoneProtocolError(
                "The signature did not come from the customer's phone.",
                zh="该签名并非来自客户的手机。",
            )
        plain = open_envelope(answer.signature, key, application_id, "signature")
        try:
            signed = RemoteSignature.model_validate_json(plain)
        except ValueError as exc:
            raise PhoneProtocolError(
                "The signature from the phone does not match the protocol.",
                zh="手机传回的签名不符合协议。",
            ) from exc
        if signed.schedule_hash != schedule_hash:
            raise PhoneProtocolError(
                "The customer signed another schedule than the one sent last: send it again.",
                zh="客户签署的不是最近发送的报价单，请重新发送。",
            )
        return [[(float(x), float(y)) for x, y in stroke] for stroke in signed.strokes]

    def refuse(self, application_id: str, code: str) -> None:
        """The clerk refuses: the phone shows why (the code, in its language)."""
        self.client._ok_json(
            self.client.request(
                "POST",
                PhonePaths.REFUSAL.format(application_id=application_id),
                json_body=RefusalRequest(code=code).model_dump(),
            )
        )
        with self._lock:
            self._taken.pop(application_id, None)
        self.keys.drop(application_id)
        if self.pending is not None:
            self.pending.drop(application_id)

    def _reject(self, application_id: str, code: str, reason: str) -> Rejected:
        self.refuse(application_id, code)
        return Rejected(application_id, code, reason)
