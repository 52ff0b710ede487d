"""Head office as its own process (`chudan-hq serve`), killed with SIGKILL while policies are
arriving, then started again on the same database: it ends up holding each policy once, and
every outlet row is acknowledged."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from app.access.permissions import system_actor
from local_db.models import OutboxItem, Policy
from sync.provisioning import Provisioner
from tests.support.fault_proxy import FaultProxy
from tests.support.hq_server import HqProcess
from tests.support.outlet import copy_bound_policies, demo_clerk, fast_worker, issue_real

pytestmark = [pytest.mark.live, pytest.mark.slow]  # chudan-hq as a process, killed mid-intake


def test_head_office_killed_mid_intake_and_restarted(app_ctx, tmp_path):
    hq = HqProcess(tmp_path / "hq")
    code = hq.set_up()
    hq.start()
    proxy = FaultProxy(hq.port, seed=3).start()
    try:
        demo_clerk(app_ctx)
        Provisioner(app_ctx).online(system_actor("test"), proxy.url, code)
        worker = fast_worker(app_ctx, max_items=25)
        assert worker.run_once().ok  # head office's rate table
        issued = issue_real(app_ctx, 2)
        copy_bound_policies(app_ctx, 198, issued)

        # Killed a moment after the third batch has gone to it: mid-transaction or just after.
        base = proxy.exchanges
        killer: list[threading.Timer] = []

        def kill_soon(n: int) -> None:
            if n == base + 4 and not killer:
                killer.append(threading.Timer(0.02, hq.kill))
                killer[0].start()

        proxy.on_exchange = kill_soon
        first = worker.run_once()
        killer[0].join()
        assert not first.online
        waiting = worker.queue_counts()["policies_waiting"]
        assert 0 < waiting < 200

        proxy.on_exchange = None
        hq.start()
        proxy.retarget(hq.port)
        for _ in range(20):
            if worker.run_once().ok and worker.queue_counts()["policies_waiting"] == 0:
                break
        stats = hq.cli("stats")
        assert stats["policies_accepted"] == 200
        with app_ctx.store.read() as s:
            assert dict(
                s.execute(select(Policy.state, func.count()).group_by(Policy.state)).all()
            ) == {"confirmed": 200}
            assert set(s.execute(select(OutboxItem.status)).scalars()) == {"acked"}
    finally:
        proxy.stop()
        hq.stop()
