"""The desk's side of the LAN server: starting and stopping it for the window (`LanService`),
and the inbox the review list reads (`DeskPhoneInbox`): head office's applications, the ones
customers sent through the LAN page, and the yard's hand-offs, in one list.

While the LAN server runs, a new QR code for the customer points at it (the outlet chose the
LAN); otherwise at head office as before."""

from __future__ import annotations

import ipaddress
import threading
from dataclasses import dataclass, field
from typing import Any

from app.core.errors import ChudanError
from sync.client import HqClient
from sync.phone_inbox import (
    APPLICATION,
    POSTER_STOCK,
    Invitation,
    PhoneInbox,
    Rejected,
)
from sync.phone_keys import StoredKeys
from sync.phone_pending import HQ, LAN, YARD, PendingApplications, Received
from sync.phone_protocol import PhoneProtocolError
from yard.certificate import desk_certificate
from yard.devices import PAIRING_PERMISSION, YardDevices
from yard.relay import LocalRelay
from yard.server import LanServer
from yard.staff import Handoff, YardStaff, record_refusal
from yard.state import LanMemory

LAN_FOLDER = "lan"  # under the data directory: the certificate and its key
DEFAULT_PORT = 8443


class LanService:
    """The LAN server of one desk (`ctx` an AppContext): off until a supervisor or administrator
    starts it."""

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.devices = YardDevices(ctx.store, ctx.audit)
        self.server: LanServer | None = None
        self._inbox: PhoneInbox | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self.server is not None

    def start(self, actor: Any, host: str, port: int = DEFAULT_PORT) -> LanServer:
        from app.access.standing import require_standing
        from app.rating.installed import InstalledTables

        with self._lock:
            if self.server is not None:
                return self.server
            with self.ctx.store.write() as s:
                # The account as the store holds it now (not disabled since it logged in).
                require_standing(s, actor, PAIRING_PERMISSION)
            try:
                ipaddress.ip_address(host)
            except ValueError as exc:
                raise ChudanError(
                    f"{host!r} is not an IP address of this PC.", zh=f"“{host}”不是本机的 IP 地址。"
                ) from exc
            cert = desk_certificate(self.ctx.home / LAN_FOLDER, host)
            staff = YardStaff(
                self.ctx.store,
                self.ctx.audit,
                self.ctx.auth,
                self.devices,
                InstalledTables(self.ctx.home),
            )
            try:
                # The relay reads back what an earlier run left (docs/phone.md).
                relay = LocalRelay(memory=LanMemory(self.ctx.store))
                server = LanServer(host, port, cert, staff, relay=relay).start()
            except OSError as exc:
                raise ChudanError(
                    f"The LAN server cannot listen on {host}:{port} ({exc.strerror or exc}): the "
                    "port is taken, or the address is no longer this PC's.",
                    zh=f"局域网服务无法在 {host}:{port} 上监听（{exc.strerror or exc}）：端口已被占用，"
                    "或该地址已不属于本机。",
                ) from exc
            self.server = server
            self._inbox = PhoneInbox(
                HqClient(
                    server.url,
                    token=server.desk_token,
                    ca_file=cert.cert_file,
                    read_timeout=20.0,
                    attempts=1,
                ),
                page_base=server.url,
                # In the store: an application sent while the desk was closed still opens.
                keys=StoredKeys(self.ctx.store),
                pending=PendingApplications(self.ctx.store),
                source=LAN,
            )
            self.ctx.audit.log(actor.audit_name, "lan.start", "lan", "", f"{host}:{server.port}")
            return server

    def stop(self, actor: Any | None = None) -> None:
        with self._lock:
            server, self.server = self.server, None
            inbox, self._inbox = self._inbox, None
        if server is not None:
            server.stop()
            if actor is not None:
                self.ctx.audit.log(actor.audit_name, "lan.stop", "lan", "", "")
        if inbox is not None:
            inbox.client.close()

    def pairing_url(self, actor: Any) -> str:
        """The QR a device scans to pair (a one-time code, minutes long)."""
        if self.server is None:
            raise PhoneProtocolError("The LAN server is not running.", zh="局域网服务未启动。")
        return f"{self.server.url}/yard/#p={self.devices.new_pairing_code(actor)}"

    def lan_inbox(self) -> PhoneInbox | None:
        return self._inbox

    def handoffs(self) -> list[Handoff]:
        server = self.server
        return server.staff.take_handoffs() if server is not None else []


@dataclass
class DeskPhoneInbox:
    """What the review list reads (the same methods as `PhoneInbox`): head office's inbox (None
    while the desk is not provisioned) and, while it runs, the LAN server's."""

    hq: PhoneInbox | None
    lan: LanService
    _yard: set[str] = field(default_factory=set)
    _lan_ids: set[str] = field(default_factory=set)  # applications opened on the LAN server
    _listed: set[str] = field(default_factory=set)  # given to the review list in this run

    @property
    def pending(self) -> PendingApplications:
        return PendingApplications(self.lan.ctx.store)

    def _for(self, application_id: str) -> PhoneInbox:
        lan = self.lan.lan_inbox()
        if application_id in self._lan_ids:
            if lan is None:
                raise PhoneProtocolError(
                    "This application is no longer reachable: the LAN server was stopped.",
                    zh="局域网服务已停止，无法再联系该申请。",
                )
            return lan
        if self.hq is None:
            raise PhoneProtocolError(
                "This desk is not connected to head office.", zh="本机尚未开通总公司连接。"
            )
        return self.hq

    def _hq(self) -> PhoneInbox:
        if self.hq is None:
            raise PhoneProtocolError(
                "Signature links and the poster go through head office, and this desk is not "
                "connected to it: the customer signs at the desk's pad.",
                zh="签名链接和海报需经总公司转发，本机尚未开通总公司连接：请客户在出单台签名板上签名。",
            )
        return self.hq

    def invite(self, kind: str = APPLICATION) -> Invitation:
        if kind != APPLICATION:  # a signature link: head office's relay (docs/phone.md)
            return self._hq().invite(kind)
        lan = self.lan.lan_inbox()
        if lan is not None:
            invitation = lan.invite()
            self._lan_ids.add(invitation.application_id)
            return invitation
        if self.hq is None:
            raise PhoneProtocolError(
                "Neither head office (not provisioned) nor the LAN server (not started) is "
                "available for the customer's phone.",
                zh="本机尚未开通总公司连接，局域网服务也未启动，无法使用客户手机填写。",
            )
        return self.hq.invite()

    def fetch(self) -> tuple[list[Received], list[Rejected]]:
        """What is new for the review list: the applications the relays hold (each opened,
        kept in the store and acknowledged by its inbox), the yard's hand-offs (kept by the yard
        as they came) and, the first time, what an earlier run took but nobody continued or
        refused. All of it is read back from the store, in the order it was submitted."""
        rejected: list[Rejected] = []
        pending = self.pending
        for inbox in (self.hq, self.lan.lan_inbox()):
            if inbox is not None:
                got, bad = inbox.fetch()
                for g in got:  # an inbox without a store of its own (tests): kept here
                    pending.keep(g, LAN if inbox is not self.hq else HQ)
                rejected += bad
        self.lan.handoffs()  # they are in the store: the yard's count of waiting starts again
        received: list[Received] = []
        for kept in pending.unlisted(self._listed):
            self._listed.add(kept.application_id)
            if kept.source == LAN:
                self._lan_ids.add(kept.application_id)
            elif kept.source == YARD:
                self._yard.add(kept.application_id)
            received.append(kept)
        return received, rejected

    def continued(self, application_id: str) -> None:
        """The clerk continued it into a draft: no longer on the review list after a restart."""
        inbox = self.hq if self.pending.source(application_id) == HQ else None
        if inbox is None and application_id in self._lan_ids:
            inbox = self.lan.lan_inbox()
        if inbox is not None:
            inbox.continued(application_id)  # keeps its key in memory, for the signature
        self.pending.drop(application_id)

    def keep_reads(self, application_id: str, reads: list[tuple[str, dict[str, Any]]]) -> None:
        self.pending.save_reads(application_id, reads)

    def poster_url(self) -> str:
        return self._hq().poster_url()

    def stock_poster(self, target: int = POSTER_STOCK) -> int:
        return 0 if self.hq is None else self.hq.stock_poster(target)

    def signing_phone(self, application_id: str) -> str | None:
        return self._for(application_id).signing_phone(application_id)

    def send_schedule(self, application_id: str, phone_key: str, schedule: dict[str, Any]) -> str:
        if application_id in self._yard:
            raise PhoneProtocolError(
                "This application came from the yard: the customer signs at the desk's pad.",
                zh="该申请来自现场人员，请客户在出单台的签名板上签名。",
            )
        return self._for(application_id).send_schedule(application_id, phone_key, schedule)

    def signature(
        self, application_id: str, phone_key: str, schedule_hash: str
    ) -> list[list[tuple[float, float]]] | None:
        return self._for(application_id).signature(application_id, phone_key, schedule_hash)

    def refuse(self, application_id: str, code: str) -> None:
        if application_id in self._yard:
            self._yard.discard(application_id)
            # The device that handed it off is told at its next call (the server may be off
            # now: it is told once it runs again).
            record_refusal(LanMemory(self.lan.ctx.store), application_id, code)
            self.pending.drop(application_id)
            return
        self._for(application_id).refuse(application_id, code)
        self.pending.drop(application_id)
