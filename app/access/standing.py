"""Whether the person acting still stands where their log-in put them. A window stays signed in
for hours; an account disabled (or a supervisor made a clerk) meanwhile must stop issuing, signing,
taking money and deciding at once, not at the next log-in. So every service write checks the
account as the store holds it now, inside the write's own transaction."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.access.permissions import CurrentUser, Permission, Role, require
from app.core.errors import PermissionDenied
from local_db.models import User


def require_standing(session: Session, actor: CurrentUser, permission: Permission) -> None:
    """`require(actor, permission)`, and for a person with an account: the account still exists,
    is enabled, and its role as stored now still grants `permission`. The application's own
    actors and the command line's operator have no account (user id 0): their role is all."""
    require(actor, permission)
    if not actor.user_id:
        return
    user = session.get(User, actor.user_id)
    if user is None or user.disabled:
        raise PermissionDenied(
            f"The account {actor.username} has been disabled since it logged in: nothing was "
            "stored. Log out; a supervisor or administrator can enable it again.",
            zh=f"账号 {actor.display_name} 在登录后已被停用，本次操作未保存。请退出登录，"
            "如需继续使用请联系主管或管理员启用。",
        )
    if Role(user.role) != actor.role:
        require(
            CurrentUser(actor.user_id, actor.username, actor.display_name, Role(user.role)),
            permission,
        )
