"""Where Chudan keeps its files: CHUDAN_HOME if set, else the platform's user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "chudan"


def data_dir(*, create: bool = True) -> Path:
    """The outlet's data directory (created if missing, unless `create` is False)."""
    env = os.environ.get("CHUDAN_HOME")
    path = (
        Path(env).expanduser()
        if env
        else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The shipped resources folder (rate tables, keys, fonts, translations)."""
    return Path(__file__).resolve().parents[2] / "resources"
