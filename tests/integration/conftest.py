"""Fixtures the integration tests share: a real SMTP server on loopback."""

from __future__ import annotations

import pytest

from tests.support.smtp_inbox import smtp_inbox


@pytest.fixture
def smtp_server():
    """(inbox, port): an SMTP server on 127.0.0.1 that keeps every message it is given."""
    with smtp_inbox() as (inbox, port):
        yield inbox, port
