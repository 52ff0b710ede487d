"""Where head office keeps its database and signing key: CHUDAN_HQ_HOME, else the platform's
user data dir for "chudan-hq"."""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import platformdirs


def hq_home() -> Path:
    """The data dir, made 0700 when head office creates it (it holds the keys and the database;
    a folder given in CHUDAN_HQ_HOME that exists already keeps the mode its owner gave it)."""
    env = os.environ.get("CHUDAN_HQ_HOME")
    path = Path(env) if env else Path(platformdirs.user_data_dir("chudan-hq", appauthor=False))
    if not path.exists():
        try:
            path.mkdir(parents=True, mode=0o700)
            path.chmod(0o700)  # mkdir's mode is filtered by the umask
        except FileExistsError:
            pass  # another command made it at the same moment
    return path


def default_db_url() -> str:
    """CHUDAN_HQ_DB_URL or the configuration file (hq/config.py), else SQLite in the home."""
    from hq.config import configured_db_url

    return configured_db_url() or f"sqlite:///{hq_home() / 'hq.sqlite3'}"


def own_files(db_url: str | None = None) -> list[Path]:
    """Head office's own files, which nothing it writes for others may replace: the SQLite
    database (and its -wal and -shm), the signing key, the data key."""
    home = hq_home()
    files = [home / "hq.sqlite3", home / "hq_signing_key.pem", home / "hq_data_key"]
    url = db_url or default_db_url()
    if url.startswith("sqlite:///"):
        files.append(Path(url.removeprefix("sqlite:///")))
    return files


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
