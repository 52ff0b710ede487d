"""The SMS gateway for e-policies: the insurer's HTTP endpoint (a URL and a bearer token kept in
the encrypted settings), to which each text message is posted as JSON:

    POST <url>   Authorization: Bearer <token>   {"to": "13812345678", "text": "…", "sender": "…"}

Any 2xx answer means the gateway took the message. The standard library's HTTP client is used on
purpose: `app` does not import the network layer (`requests` belongs to `sync`, see the import
contracts), and one POST needs nothing more.

A gateway that cannot be reached, times out or answers 5xx is *unreachable*: the message stays
queued and the channel backs off (app.delivery.service). A 4xx answer is a *refusal* of this message (a
bad number, a bad token) and counts as a failed attempt. Neither error, nor any log line, carries
the phone number or the gateway's answer (which may echo it)."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from app.core.errors import InvalidInput
from app.core.limits import MAX_REFERENCE, MAX_SHORT_CODE, MAX_TIMEOUT_S, MAX_URL, text_problem
from app.core.masking import mask_phone

log = logging.getLogger(__name__)

SMS_SETTING_KEY = "sms"
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


class GatewayUnreachable(OSError):
    """Not reached, timed out, or down for now (5xx): keep the message queued and try later."""


class GatewayRefused(OSError):
    """The gateway answered and refused this message (4xx): a failed attempt."""


@dataclass(frozen=True)
class SmsSettings:
    url: str
    token: str
    sender: str = ""  # the signature the gateway prints (短信签名), if it wants one
    timeout_s: float = 10.0

    def __post_init__(self) -> None:
        for value, limit, en, zh in (
            (self.url, MAX_URL, "The SMS gateway's address", "短信网关地址"),
            (self.token, MAX_REFERENCE * 8, "The SMS gateway's token", "短信网关令牌"),
            (self.sender, MAX_SHORT_CODE, "The SMS signature", "短信签名"),
        ):
            problem = text_problem(value, limit)
            if problem is not None:
                raise InvalidInput(f"{en} {problem[0]}.", zh=f"{zh}{problem[1]}。")
        # Checked when it is set, not when the first text goes out: a timeout of -5 or NaN would
        # only fail then, as a raw error inside the delivery worker.
        timeout = self.timeout_s
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            timeout = float("nan")
        if not 0 < timeout <= MAX_TIMEOUT_S:  # False for NaN
            raise InvalidInput(
                f"The SMS gateway's timeout is a number of seconds above 0 and at most {MAX_TIMEOUT_S:.0f}.",
                zh=f"短信网关超时须为大于 0、不超过 {MAX_TIMEOUT_S:.0f} 的秒数。",
            )
        try:
            parts = urlsplit(self.url.strip())
            host = parts.hostname
        except ValueError:  # "https://[::1", a bracket left open
            host = None
        if host is None or parts.scheme not in ("https", "http"):
            raise InvalidInput(
                "Enter the SMS gateway's address as https://host/path.",
                zh="请填写短信网关地址（https://主机/路径）。",
            )
        if parts.scheme == "http" and host not in _LOOPBACK:
            raise InvalidInput(
                "The SMS gateway must be reached over https (http only on this machine).",
                zh="短信网关须使用 https 地址（仅本机可用 http）。",
            )
        if not self.token.strip():
            raise InvalidInput(
                "Enter the SMS gateway's access token.", zh="请填写短信网关的访问令牌。"
            )

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def load_sms(secure: Any) -> SmsSettings | None:
    """The outlet's SMS gateway from the encrypted settings, or None when not set up."""
    data = secure.get(SMS_SETTING_KEY)
    if not data:
        return None
    try:
        return SmsSettings(**data)
    except (TypeError, InvalidInput):
        return None  # an incomplete record is treated as not set up


def save_sms(secure: Any, actor: Any, sms: SmsSettings) -> None:
    secure.set(actor, SMS_SETTING_KEY, sms.to_json())


class HttpSmsGateway:
    """`app.delivery.service.SmsGateway` over the insurer's HTTP endpoint."""

    def __init__(self, settings: SmsSettings) -> None:
        self._settings = settings

    def send(self, phone: str, text: str) -> None:
        s = self._settings
        body = json.dumps(
            {"to": phone, "text": text, "sender": s.sender}, ensure_ascii=False
        ).encode("utf-8")
        request = urllib.request.Request(
            s.url,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Bearer {s.token}",
                "Content-Type": "application/json; charset=utf-8",
            },
        )
        shown = mask_phone(phone)
        try:
            with urllib.request.urlopen(request, timeout=s.timeout_s) as answer:  # noqa: S310 (scheme checked)
                answer.read()
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code >= 500:
                log.info("SMS gateway down (HTTP %s) for %s", exc.code, shown)
                raise GatewayUnreachable(
                    f"the SMS gateway is down for now (HTTP {exc.code})"
                ) from None
            log.warning("SMS gateway refused the message to %s (HTTP %s)", shown, exc.code)
            raise GatewayRefused(f"the SMS gateway refused the message (HTTP {exc.code})") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            log.info("SMS gateway unreachable for %s: %s", shown, type(reason).__name__)
            raise GatewayUnreachable(
                f"the SMS gateway cannot be reached ({type(reason).__name__})"
            ) from None
        log.info("SMS sent to %s", shown)


def sms_gateway(secure: Any) -> HttpSmsGateway | None:
    settings = load_sms(secure)
    return HttpSmsGateway(settings) if settings is not None else None
