"""Outlet-side fixtures for the tests in this folder: the same ones the older tests/sync folder
uses (a real head office on loopback behind the fault proxy, a demo desk provisioned with it)."""

from __future__ import annotations

from tests.hq.conftest import hq_home, pg_url
from tests.sync.conftest import Link, desk, link

__all__ = ["Link", "desk", "hq_home", "link", "pg_url"]
