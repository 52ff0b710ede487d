"""Managing accounts: supervisors manage clerks; administrators manage everyone. Every change
checks the actor's account as it stands now (app.access.standing) and is audited.

Changing one's own password needs the old one; setting someone else's is a reset, a separate
action (`user.password_reset`) for whoever manages that account. Recovery (a desk whose
administrators cannot log in) proves knowledge of the store's key instead of a password and is
audited as `user.recovery`, which the next sync reports to head office."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.access.audit import AuditLog
from app.access.passwords import PasswordHashing
from app.access.permissions import ACCOUNT_ROLES, CurrentUser, Permission, Role, require
from app.access.standing import require_standing
from app.access.user_names import check_new_username, normalise_username
from app.core.errors import InvalidInput, NotFound, PermissionDenied
from app.core.limits import MAX_DISPLAY_NAME, escaped, text_problem
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

    @staticmethod
    def _manage_permission(role: Role) -> Permission:
        return Permission.MANAGE_CLERKS if role == Role.CLERK else Permission.MANAGE_ALL_USERS

    def _require_manage(self, s: Session, actor: CurrentUser, role: Role) -> None:
        require_standing(s, actor, self._manage_permission(role))

    def _get(self, s: Session, username: str) -> User:
        name = normalise_username(username)
        user = s.execute(select(User).where(User.username == name)).scalar_one_or_none()
        if user is None:
            raise NotFound(
                f"There is no user called {escaped(name)!r}; check the spelling.",
                zh=f"没有名为 {escaped(name)} 的用户，请检查拼写。",
            )
        return user

    @staticmethod
    def _display_name(display_name: str, username: str) -> str:
        shown = display_name.strip() or username
        problem = text_problem(shown, MAX_DISPLAY_NAME)
        if problem is not None:
            raise InvalidInput(f"The display name {problem[0]}.", zh=f"显示名称{problem[1]}。")
        return shown

    @staticmethod
    def _account_role(role: Role | str) -> Role:
        try:
            chosen = Role(role)
        except ValueError:
            chosen = None
        if chosen not in ACCOUNT_ROLES:
            names = ", ".join(r.value for r in ACCOUNT_ROLES)
            raise InvalidInput(
                f"A user's role is one of {names}.", zh="角色须为出单员、主管或管理员。"
            )
        assert chosen is not None
        return chosen

    def list_users(self, actor: CurrentUser) -> list[UserInfo]:
        with self._store.read() as s:
            require_standing(s, actor, Permission.MANAGE_CLERKS)
            return [_info(u) for u in s.execute(select(User).order_by(User.username)).scalars()]

    def add_user(
        self,
        actor: CurrentUser,
        username: str,
        password: str,
        role: Role | str,
        display_name: str = "",
    ) -> UserInfo:
        role = self._account_role(role)
        require(actor, self._manage_permission(role))
        with self._store.read() as s:
            username = check_new_username(username, s.execute(select(User.username)).scalars())
        shown = self._display_name(display_name, username)
        pw_hash = self._passwords.hash(password)
        with self._store.write() as s:
            self._require_manage(s, actor, role)
            # Checked again inside the write: another desk process may have added one meanwhile.
            check_new_username(username, s.execute(select(User.username)).scalars())
            user = User(
                username=username,
                display_name=shown,
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
            self._require_manage(s, actor, Role(user.role))
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
            self._require_manage(s, actor, Role(user.role))
            user.locked_until = None
            user.failed_logins = 0
            self._audit.record(s, actor.audit_name, "user.unlock", "user", user.id, username)
            return _info(user)

    def change_password(self, actor: CurrentUser, old_password: str, new_password: str) -> None:
        """Everyone changes their own password, knowing the current one."""
        pw_hash = self._passwords.hash(new_password)
        with self._store.write() as s:
            user = s.get(User, actor.user_id) if actor.user_id else None
            if user is None or user.disabled:
                raise PermissionDenied(
                    "Only a signed-in, enabled account changes its own password.",
                    zh="只有已登录且未停用的账号可以修改自己的密码。",
                )
            if not self._passwords.verify(user.password_hash, old_password):
                raise InvalidInput(
                    "The current password is wrong; nothing was changed. Type it again.",
                    zh="当前密码不正确，未做任何更改，请重新输入。",
                )
            user.password_hash = pw_hash
            user.failed_logins = 0
            self._audit.record(s, actor.audit_name, "user.password", "user", user.id, user.username)

    def reset_password(self, actor: CurrentUser, username: str, new_password: str) -> None:
        """A supervisor (for clerks) or an administrator sets another person's password: a
        separate, audited action. One's own password is changed with the old one instead."""
        pw_hash = self._passwords.hash(new_password)
        with self._store.write() as s:
            user = self._get(s, username)
            if user.id == actor.user_id:
                raise InvalidInput(
                    "That is your own account: change your password with the current one "
                    "(`chudan user passwd NAME --as NAME`), not by a reset.",
                    zh="这是您自己的账号：请输入当前密码修改密码，而不是重置。",
                )
            self._require_manage(s, actor, Role(user.role))
            user.password_hash = pw_hash
            user.failed_logins = 0
            user.locked_until = None
            self._audit.record(
                s, actor.audit_name, "user.password_reset", "user", user.id, user.username
            )

    def recover_admin(self, key_holder: str, username: str, new_password: str) -> UserInfo:
        """The desk's way back when no administrator can log in: `username` becomes an enabled,
        unlocked administrator with `new_password` (a new account if there is none by that name).
        The caller has proved it holds the store's key (the command line checks the key file);
        audited as `user.recovery`, which the next sync reports to head office."""
        pw_hash = self._passwords.hash(new_password)
        with self._store.write() as s:
            existing = s.execute(
                select(User).where(User.username == normalise_username(username))
            ).scalar_one_or_none()
            if existing is None:
                name = check_new_username(username, s.execute(select(User.username)).scalars())
                user = User(
                    username=name, display_name=name, role=Role.ADMIN, password_hash=pw_hash
                )
                s.add(user)
                s.flush()
                what = f"new administrator {name}"
            else:
                user = existing
                what = f"{user.username} (was {user.role}{', disabled' if user.disabled else ''}) made an enabled administrator, password set"
                user.role = Role.ADMIN
                user.disabled = False
                user.locked_until = None
                user.failed_logins = 0
                user.password_hash = pw_hash
            self._audit.record(
                s,
                key_holder,
                "user.recovery",
                "user",
                user.id,
                f"{what}; proved with the store key",
            )
            return _info(user)
