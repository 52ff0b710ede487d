"""Where head office keeps its database and signing key: CHUDAN_HQ_HOME, else the platform's
user data dir for "chudan-hq"."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import platformdirs


def hq_home() -> Path:
    env = os.environ.get("CHUDAN_HQ_HOME")
    path = Path(env) if env else Path(platformdirs.user_data_dir("chudan-hq", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    """CHUDAN_HQ_DB_URL or the configuration file (hq/config.py), else SQLite in the home."""
    from hq.config import configured_db_url

    return configured_db_url() or f"sqlite:///{hq_home() / 'hq.sqlite3'}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
