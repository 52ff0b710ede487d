"""A whole competition in the training sandbox (every shipped scenario played through the real
issuance and sync against the simulated head office, scored, ranked) beside a desk provisioned
with a real head office on loopback: afterwards the real data directory is byte for byte as it
was, its outbox holds what it held, and head office holds exactly the rows it held (every table
counted); no socket was opened during the competition."""

from __future__ import annotations

import hashlib
import socket

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from app.desk.context import AppContext
from app.desk.training import open_training, trainee
from app.training.results import ResultsLog, leaderboard
from app.training.scenarios import all_scenarios
from app.training.scoring import Answers, score
from app.training.standards import load_standards
from local_db.models import OutboxItem
from sync.sandbox import play
from tests.support.hq_data import migrated_engine, publish_demo
from tests.support.hq_server import RestartableHq
from tests.support.outlet import fast_worker, issue_real, provision

pytestmark = pytest.mark.slow


def _tree(home):
    return {
        str(p.relative_to(home)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(home.rglob("*"))
        if p.is_file() and "training" not in p.relative_to(home).parts
    }


def _hq_rows(engine) -> dict[str, int]:
    with Session(engine) as s:
        return {
            t: s.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one()
            for t in inspect(engine).get_table_names()
        }


def _outbox(home) -> int:
    with AppContext.open(home) as ctx, ctx.store.read() as s:
        return s.execute(select(func.count()).select_from(OutboxItem)).scalar_one()


@pytest.fixture
def real_hq(tmp_path):
    engine = migrated_engine(f"sqlite:///{tmp_path / 'hq.sqlite3'}")
    key = Ed25519PrivateKey.generate()
    publish_demo(engine, key)
    hq = RestartableHq(engine, key).start()
    try:
        yield hq, engine
    finally:
        hq.stop()
        engine.dispose()


def test_a_whole_competition_leaves_the_real_desk_and_head_office_unchanged(
    seeded_home, real_hq, monkeypatch
):
    hq, engine = real_hq
    with AppContext.open(seeded_home) as real:
        provision(real, hq.url, engine)
        issue_real(real, 2)
        assert fast_worker(real).run_once().upload.accepted == 2  # head office holds them
        issue_real(real, 1, start=2)  # and one waits in the outbox
    hq_before, outbox_before = _hq_rows(engine), _outbox(seeded_home)
    assert hq_before["policies"] >= 2 and outbox_before >= 3
    before = _tree(seeded_home)

    attempts: list[object] = []

    def refuse(self, address, *a, **k):  # a tripwire, not a stand-in (see test_sandbox.py)
        attempts.append(address)
        raise AssertionError(f"the training competition opened a connection to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    scenarios = all_scenarios()
    standards = load_standards(seeded_home)
    log = ResultsLog(seeded_home)
    ctx = open_training(seeded_home)
    try:
        for name in ("wang", "li"):
            clerk = trainee(ctx, name)
            for s in scenarios:
                if name == "wang":  # every scenario played once through issuance and sync
                    played = play(ctx, s, clerk)
                    number = played.policy_number
                    assert number is None or number.startswith("TR-")
                careful = {c.id: c.expected for c in s.checkpoints}
                sloppy = {c.id: c.trap or c.expected for c in s.checkpoints}
                answers = Answers(careful if name == "li" else sloppy)
                log.record(name, score(s, answers, standards), ctx.clock(), "final")
    finally:
        ctx.close()
    monkeypatch.undo()

    assert attempts == []
    board = leaderboard(log.runs(), "final")
    assert [row[0] for row in board] == ["li", "wang"]
    assert board[0][1] == board[0][2] == sum(s.max_points for s in scenarios)
    assert _tree(seeded_home) == before
    assert _outbox(seeded_home) == outbox_before
    assert _hq_rows(engine) == hq_before
