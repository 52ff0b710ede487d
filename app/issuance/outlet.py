"""Which outlet and device this desk issues as: the device head office provisioned, once it has
one (a desk that ran the demo and was then provisioned for another outlet issues as that one);
before provisioning, the first device (the demo outlet)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import ChudanError
from local_db.models import Device, Outlet
from local_db.store import Store

# Built once: every quote, signature and issue asks, and building the statement costs as much as
# running it.
_THIS_DESK = (
    select(Outlet, Device)
    .join(Device, Device.outlet_id == Outlet.id)
    .order_by(Device.hq_device_id.is_(None), Device.provisioned_at.desc(), Device.id)
)


def this_desk(session: Session) -> tuple[Outlet, Device]:
    row = session.execute(_THIS_DESK).first()
    if row is None:
        raise ChudanError(
            "This desk belongs to no outlet yet: an administrator sets it up on the Sync page "
            "(同步 → Provision this desk) before policies can be issued here.",
            zh="本设备尚未绑定网点：请管理员在“同步”页面完成设备开通后再出单。",
        )
    return row[0], row[1]


def desk_outlet(store: Store) -> Outlet | None:
    """The outlet this desk issues for, or None before it is set up (the 新建投保 page says so
    before the clerk scans anything)."""
    with store.read() as s:
        try:
            outlet, _device = this_desk(s)
        except ChudanError:
            return None
        s.expunge(outlet)
        return outlet
