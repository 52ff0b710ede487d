"""Head-office fixtures for the tests in this folder: the same ones the older tests/hq folder
uses (a fresh CHUDAN_HQ_HOME, a throwaway PostgreSQL cluster, a live server on SQLite and
PostgreSQL with a signing key and the demo table published)."""

from __future__ import annotations

from tests.hq.conftest import LiveHq, db_url, engine, hq_home, live, pg_url

__all__ = ["LiveHq", "db_url", "engine", "hq_home", "live", "pg_url"]
