"""Which outlet and device this desk issues as: the device head office provisioned, once it has
one (a desk that ran the demo and was then provisioned for another outlet issues as that one);
before provisioning, the first device (the demo outlet)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.core.errors import ChudanError
from local_db.models import Device, Outlet

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
            "This desk belongs to no outlet yet: provision it (or run `chudan demo` to try Chudan).",
            zh="本设备尚未绑定网点：请先完成设备开通（或运行 `chudan demo` 试用）。",
        )
    return row[0], row[1]
