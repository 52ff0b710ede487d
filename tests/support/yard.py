"""The desk's LAN server for tests and the browser test: a real store with an administrator
and a clerk, the server on loopback (an ephemeral port, the desk's own self-signed
certificate), and an HTTPS session that trusts exactly that certificate."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import requests

from app.access.permissions import CurrentUser, Role
from yard.desk import DeskPhoneInbox, LanService

ADMIN = ("boss", "boss-pass-1")
CLERK = ("yardclerk", "yard-pass-1")


@dataclass
class LanDesk:
    ctx: Any
    service: LanService
    admin: CurrentUser
    http: requests.Session  # trusts the desk's certificate only
    inbox: DeskPhoneInbox  # what the review list reads

    @property
    def url(self) -> str:
        assert self.service.server is not None
        return self.service.server.url

    def post(self, action: str, body: dict[str, Any], session: str = "") -> requests.Response:
        headers = {"Authorization": f"Bearer {session}"} if session else {}
        return self.http.post(f"{self.url}/api/v1/yard/{action}", json=body, headers=headers)

    def paired_device(self, name: str = "tablet 1") -> str:
        """A device token, paired the way the page pairs."""
        code = self.service.pairing_url(self.admin).split("#p=", 1)[1]
        r = self.post("pair", {"code": code, "name": name})
        assert r.status_code == 200, r.text
        return str(r.json()["device_token"])

    def staff_session(self, device: str, who: tuple[str, str] = CLERK) -> str:
        r = self.post("login", {"device_token": device, "username": who[0], "password": who[1]})
        assert r.status_code == 200, r.text
        return str(r.json()["session"])


@contextmanager
def lan_desk(ctx: Any, login_rate: int | None = None) -> Iterator[LanDesk]:
    admin = ctx.auth.create_first_admin(ADMIN[0], ADMIN[1], ADMIN[0])
    ctx.users.add_user(admin, CLERK[0], CLERK[1], Role.CLERK, "现场员")
    service = LanService(ctx)
    server = service.start(admin, "127.0.0.1", 0)
    if login_rate is not None:
        server.staff.login_rate.per_minute = login_rate
    http = requests.Session()
    http.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise replace `verify`
    http.verify = str(server.certificate.cert_file)
    try:
        yield LanDesk(ctx, service, admin, http, DeskPhoneInbox(None, service))
    finally:
        http.close()
        service.stop(admin)
