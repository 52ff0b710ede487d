"""Payment QRs reported paid: `chudan-hq payments confirm` stands in for the payment gateway's
callback; the outlet that showed the QR learns it is paid, another outlet learns nothing."""

from __future__ import annotations

import json

import pytest
import requests

from hq.cli import main
from sync.protocol import Paths, QrPaymentStatus
from tests.support.hq_data import enrol
from tests.support.hq_server import LiveHq


def _ask(url: str, token: str, reference: str) -> QrPaymentStatus:
    r = requests.get(
        url + Paths.QR_PAYMENT.format(reference=reference),
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    r.raise_for_status()
    return QrPaymentStatus.model_validate(r.json())


def test_a_confirmed_qr_is_paid_for_its_outlet_only(
    live: LiveHq, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _, token = enrol(live.url, live.engine, "OUT01")
    _, other = enrol(live.url, live.engine, "OUT02")
    assert _ask(live.url, token, "QRA1B2C3D4E5F6").paid is False
    assert (
        main(
            [
                "payments",
                "confirm",
                "QRA1B2C3D4E5F6",
                "--amount",
                "2458.46",
                "--outlet",
                "OUT01",
                "--db",
                db_url,
                "--json",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == {
        "reference": "QRA1B2C3D4E5F6",
        "amount": "2458.46",
        "outlet": "OUT01",
    }
    paid = _ask(live.url, token, "QRA1B2C3D4E5F6")
    assert paid.paid and str(paid.amount) == "2458.46" and paid.paid_at is not None
    assert _ask(live.url, other, "QRA1B2C3D4E5F6").paid is False
    r = requests.get(live.url + Paths.QR_PAYMENT.format(reference="QRA1B2C3D4E5F6"), timeout=10)
    assert r.status_code == 401  # no token, no answer
