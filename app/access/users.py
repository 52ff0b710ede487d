"""Managing accounts: supervisors manage clerks; administrators manage everyone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.passwords import PasswordHashing
from app.access.permissions import CurrentUser, Permission, Role, require
from app.core.errors import InvalidInput, NotFound
from local_db.models import User
from local_db.store import Store
from local_db.types import utcnow


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    role: Role
    disabled: bool
    locked_until: datetime | None

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now

    def to_json(self) -> dict:
        return {
            "username": self.username,
            "display_name": self.display_name,
            "role": self.role.value,
            "disabled": self.disabled,
            "locked_until": self.locked_until.isoformat() if self.locked_until else None,
        }


def _info(u: User) -> UserInfo:
    return UserInfo(u.username, u.display_name, Role(u.role), u.disabled, u.locked_until)


class UserService:
    def __init__(
        self,
        store: Store,
        audit: AuditLog,
        passwords: PasswordHashing,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._store = store
        self._audit = audit
        self._passwords = passwords
        self._clock = clock

    def _require_manage(self, actor: CurrentUser, role: Role) -> None:
        require(
            actor, Permission.MANAGE_CLERKS if role == Role.CLERK else Permission.MANAGE_ALL_USERS
        )

    def _get(self, s: Session, username: str) -> User:
        user = s.execute(select(User).where(User.username == username)).scalar_one_or_none()
        if user is None:
            raise NotFound(
                f"There is no user called {username!r}; check the spelling.",
                zh=f"没有名为 {username} 的用户，请检查拼写。",
            )
        return user

    def list_users(self, actor: CurrentUser) -> list[UserInfo]:
        require(actor, Permission.MANAGE_CLERKS)
        with self._store.read() as s:
            return [_info(u) for u in s.execute(select(User).order_by(User.username)).scalars()]

    def add_user(
        self,
        actor: CurrentUser,
        username: str,
        password: str,
        role: Role | str,
        display_name: str = "",
    ) -> UserInfo:
        role = Role(role)
        self._require_manage(actor, role)
        username = username.strip()
        if not username or len(username) > 64 or any(c.isspace() for c in username):
            raise InvalidInput(
                "A user name is 1–64 characters without spaces.",
                zh="用户名为 1–64 个字符，不能包含空格。",
            )
        pw_hash = self._passwords.hash(password)
        with self._store.write() as s:
            if s.execute(select(User.id).where(User.username == username)).first():
                raise InvalidInput(
                    f"The user name {username!r} is taken; choose another.",
                    zh=f"用户名 {username} 已被使用，请换一个。",
                )
            user = User(
                username=username,
                display_name=display_name.strip() or username,
                role=role,
                password_hash=pw_hash,
            )
            s.add(user)
            s.flush()
            self._audit.record(
                s, actor.audit_name, "user.create", "user", user.id, f"{username} as {role.value}"
            )
            return _info(user)

    def set_disabled(self, actor: CurrentUser, username: str, disabled: bool) -> UserInfo:
        with self._store.write() as s:
            user = self._get(s, username)
            self._require_manage(actor, Role(user.role))
            if user.id == actor.user_id and disabled:
                raise InvalidInput(
                    "You cannot disable your own account.", zh="不能停用自己的账号。"
                )
            user.disabled = disabled
            self._audit.record(
                s,
                actor.audit_name,
                "user.disable" if disabled else "user.enable",
                "user",
                user.id,
                username,
            )
            return _info(user)

    def unlock(self, actor: CurrentUser, username: str) -> UserInfo:
        with self._store.write() as s:
            user = self._get(s, username)
            self._require_manage(actor, Role(user.role))
            user.locked_until = None
            user.failed_logins = 0
            self._audit.record(s, actor.audit_name, "user.unlock", "user", user.id, username)
            return _info(user)

    def set_password(self, actor: CurrentUser, username: str, new_password: str) -> None:
        pw_hash = self._passwords.hash(new_password)
        with self._store.write() as s:
            user = self._get(s, username)
            if user.id != actor.user_id:  # everyone may change their own password
                self._require_manage(actor, Role(user.role))
            user.password_hash = pw_hash
            user.failed_logins = 0
            self._audit.record(s, actor.audit_name, "user.password", "user", user.id, username)
