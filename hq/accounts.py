"""Head-office staff accounts: people who read head office's figures or run it (docs/hq.md).

- **Passwords** are kept as scrypt hashes (cryptography's Scrypt, already a head-office
  dependency: head office installs no argon2). The stored form names its parameters, so a later
  cost still checks older hashes.
- **Roles**: `reports` reads the reports API, `finance` records paid refunds (POST
  /api/v1/finance/changes/{批单号}/refund-paid), `admin` everything. `may(role, what)` is the one place that says who may do what.
- **Log-in** trades name and password for a random token, valid `TOKEN_TTL`, stored only as its
  SHA-256 in `staff_tokens`: a table devices' tokens never reach, so a device token is no staff
  token and a staff token no device token (hq/request_guard.py routes each path to one of them).
- **Rate limit**: after `MAX_FAILURES` failed log-ins for a name within `FAILURE_WINDOW`, that
  name is refused (even with the right password) until the window has passed since the last
  failure. Counted from the log-in audit, so every worker process agrees.
- **Audit**: every attempt is a `staff_logins` row: when, the name given, the outcome, the
  client's address. Never the password."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.core.errors import ChudanError, InvalidInput, NotFound
from hq.models import StaffLogin, StaffToken, StaffUser, utcnow

ROLES = ("reports", "finance", "admin")
PERMISSIONS = {
    "reports": frozenset({"reports"}),
    "finance": frozenset({"finance"}),
    "admin": frozenset({"reports", "finance"}),
}
TOKEN_TTL = timedelta(minutes=15)
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
MIN_PASSWORD = 12
MAX_PASSWORD = 256
NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-")

# scrypt with n=2**15, r=8 (32 MiB, about 0.1 s here): OWASP's floor for scrypt is n=2**17 with
# r=8 at p=1 or an equivalent; 2**15 with p=1 is what cryptography's docs show and keeps a
# log-in well under a second on head office's two cores. Tests pass a lower cost.
DEFAULT_COST = 2**15


@dataclass(frozen=True)
class Staff:
    """A staff member as a request sees them once their token was checked."""

    id: int
    name: str
    role: str

    def may(self, what: str) -> bool:
        return may(self.role, what)


def may(role: str, what: str) -> bool:
    return what in PERMISSIONS.get(role, frozenset())


def hash_password(password: str, *, cost: int = DEFAULT_COST) -> str:
    salt = secrets.token_bytes(16)
    digest = Scrypt(salt=salt, length=32, n=cost, r=8, p=1).derive(password.encode("utf-8"))
    b64 = base64.b64encode
    return f"scrypt${cost}$8$1${b64(salt).decode()}${b64(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        kdf = Scrypt(salt=base64.b64decode(salt), length=32, n=int(n), r=int(r), p=int(p))
        got = kdf.derive(password.encode("utf-8"))
    except ValueError:
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


# A hash of nothing, checked when the name is unknown so that an unknown name costs as long as a
# wrong password (the time does not tell which names exist).
_DUMMY: dict[int, str] = {}


def _dummy(cost: int) -> str:
    if cost not in _DUMMY:
        _DUMMY[cost] = hash_password(secrets.token_hex(8), cost=cost)
    return _DUMMY[cost]


def check_name(name: str) -> str:
    name = name.strip().lower()
    if not (2 <= len(name) <= 64) or not set(name) <= NAME_CHARS:
        raise InvalidInput(
            "A staff name is 2 to 64 characters: lower-case letters, digits, '.', '_' or '-'.",
            zh="员工账号为 2 至 64 个字符：小写字母、数字、“.”、“_” 或 “-”。",
        )
    return name


def check_new_password(password: str) -> None:
    if not (MIN_PASSWORD <= len(password) <= MAX_PASSWORD):
        raise InvalidInput(
            f"A staff password is {MIN_PASSWORD} to {MAX_PASSWORD} characters.",
            zh=f"员工密码长度应为 {MIN_PASSWORD} 至 {MAX_PASSWORD} 个字符。",
        )


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidInput(
            f"Unknown role {role[:20]!r}; one of: {', '.join(ROLES)}.",
            zh=f"角色应为：{', '.join(ROLES)}。",
        )
    return role


def _user(session: Session, name: str) -> StaffUser:
    user = session.scalar(select(StaffUser).where(StaffUser.name == check_name(name)))
    if user is None:
        raise NotFound(f"No staff account {name[:64]!r}.", zh="没有该员工账号。")
    return user


def add_user(
    session: Session, name: str, role: str, password: str, *, cost: int = DEFAULT_COST
) -> StaffUser:
    name, role = check_name(name), check_role(role)
    check_new_password(password)
    if session.scalar(select(StaffUser.id).where(StaffUser.name == name)) is not None:
        raise ChudanError(
            f"A staff account {name!r} exists already; `chudan-hq user passwd` changes its "
            "password.",
            zh="该员工账号已存在。",
        )
    user = StaffUser(name=name, role=role, password_hash=hash_password(password, cost=cost))
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, name: str, password: str, *, cost: int = DEFAULT_COST) -> None:
    """A new password; every token the account holds stops working."""
    check_new_password(password)
    user = _user(session, name)
    user.password_hash = hash_password(password, cost=cost)
    session.execute(delete(StaffToken).where(StaffToken.user_id == user.id))


def disable(session: Session, name: str) -> None:
    """The account can no longer log in, and its tokens stop working at once."""
    user = _user(session, name)
    if user.disabled_at is None:
        user.disabled_at = utcnow()
    session.execute(delete(StaffToken).where(StaffToken.user_id == user.id))


def list_users(session: Session) -> list[StaffUser]:
    return list(session.scalars(select(StaffUser).order_by(StaffUser.name)))


class LoginRefused(ChudanError):
    def __init__(self, throttled: bool) -> None:
        if throttled:
            super().__init__(
                "Too many failed log-ins for this account; try again in "
                f"{int(FAILURE_WINDOW.total_seconds() // 60)} minutes.",
                zh="该账号登录失败次数过多，请稍后再试。",
            )
        else:
            # One message for an unknown name, a wrong password and a disabled account.
            super().__init__(
                "The name or the password is wrong, or the account is disabled.",
                zh="账号或密码错误，或账号已停用。",
            )
        self.throttled = throttled


@dataclass(frozen=True)
class Login:
    token: str
    expires_at: datetime
    staff: Staff


def _recent_failures(session: Session, name: str, now: datetime) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(StaffLogin)
            .where(
                StaffLogin.name == name,
                StaffLogin.outcome.in_(("bad_password", "throttled")),
                StaffLogin.at > now - FAILURE_WINDOW,
            )
        )
        or 0
    )


def log_in(
    session: Session,
    name: str,
    password: str,
    *,
    client: str = "",
    now: datetime | None = None,
    cost: int = DEFAULT_COST,
) -> Login:
    """A token for the account, or LoginRefused. The attempt is audited either way; the caller
    commits (also when refused: the audit row is what the rate limit counts)."""
    now = now or utcnow()
    given = name.strip().lower()[:64]
    user = session.scalar(select(StaffUser).where(StaffUser.name == given))

    def audit(outcome: str) -> None:
        session.add(StaffLogin(at=now, name=given, outcome=outcome, client=client[:64]))

    # A refused attempt while throttled counts too: guessing on does not shorten the wait.
    if _recent_failures(session, given, now) >= MAX_FAILURES:
        audit("throttled")
        raise LoginRefused(throttled=True)
    if user is None:
        check_password(password, _dummy(cost))
        audit("unknown")
        raise LoginRefused(throttled=False)
    if not check_password(password, user.password_hash):
        audit("bad_password")
        raise LoginRefused(throttled=False)
    if user.disabled_at is not None:
        audit("disabled")
        raise LoginRefused(throttled=False)
    audit("ok")
    token = "staff_" + secrets.token_urlsafe(32)
    expires = now + TOKEN_TTL
    session.execute(delete(StaffToken).where(StaffToken.expires_at <= now))
    session.add(
        StaffToken(token_sha256=_sha(token), user_id=user.id, issued_at=now, expires_at=expires)
    )
    return Login(token, expires, Staff(user.id, user.name, user.role))


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def staff_for_token(session: Session, token: str, now: datetime | None = None) -> Staff | None:
    """The staff member a token stands for, or None: unknown, expired, or the account disabled."""
    now = now or utcnow()
    row = session.execute(
        select(StaffUser, StaffToken.expires_at)
        .join(StaffToken, StaffToken.user_id == StaffUser.id)
        .where(StaffToken.token_sha256 == _sha(token))
    ).first()
    if row is None:
        return None
    user, expires = row
    if expires.tzinfo is None:  # SQLite hands back naive UTC
        expires = expires.replace(tzinfo=UTC)
    if expires <= now or user.disabled_at is not None:
        return None
    return Staff(user.id, user.name, user.role)


def logins(session: Session, limit: int = 50) -> list[StaffLogin]:
    return list(session.scalars(select(StaffLogin).order_by(StaffLogin.id.desc()).limit(limit)))


__all__ = [
    "ROLES",
    "Login",
    "LoginRefused",
    "Staff",
    "add_user",
    "check_password",
    "disable",
    "hash_password",
    "list_users",
    "log_in",
    "may",
    "set_password",
    "staff_for_token",
]
