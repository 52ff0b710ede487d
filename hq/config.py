"""Head office's configuration from the environment or a private file, never only from the
command line (argv is visible to every user in `ps`; a database password must not be).

The database URL, first found wins:
  1. `--db URL` (development; anything on the command line is public on the machine),
  2. the environment variable CHUDAN_HQ_DB_URL,
  3. `CHUDAN_HQ_DB_URL=...` in the configuration file: CHUDAN_HQ_CONFIG, else
     /etc/chudan-hq/hq.env if it exists. The file uses systemd's EnvironmentFile syntax
     (KEY=VALUE lines, # comments), so the unit can load the same file; it must be readable by
     its owner only (mode 0600), or it is refused,
  4. SQLite in CHUDAN_HQ_HOME (development and small trials).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from app.core.errors import ChudanError

DB_URL_ENV = "CHUDAN_HQ_DB_URL"
CONFIG_ENV = "CHUDAN_HQ_CONFIG"
DEFAULT_CONFIG = Path("/etc/chudan-hq/hq.env")


class ConfigError(ChudanError):
    pass


def config_path() -> Path | None:
    given = os.environ.get(CONFIG_ENV)
    if given:
        path = Path(given)
        if not path.exists():
            raise ConfigError(
                f"{CONFIG_ENV} names {path}, which does not exist. Create it (mode 0600) or unset "
                f"{CONFIG_ENV}.",
                zh=f"{CONFIG_ENV} 指定的配置文件 {path} 不存在，请创建（权限 0600）或取消该变量。",
            )
        return path
    return DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None


def read_config(path: Path) -> dict[str, str]:
    """KEY=VALUE lines; refuses a file other users can read or write."""
    mode = path.stat().st_mode
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigError(
            f"{path} can be read by other users (mode {stat.S_IMODE(mode):04o}) and may hold the "
            f"database password: run `chmod 600 {path}`.",
            zh=f"{path} 其他用户可读（权限 {stat.S_IMODE(mode):04o}），其中可能有数据库密码：请执行 chmod 600 {path}。",
        )
    values: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or not key.strip():
            raise ConfigError(
                f"{path} line {number} is not KEY=VALUE; fix or remove it.",
                zh=f"{path} 第 {number} 行不是 KEY=VALUE 格式，请修改或删除。",
            )
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def configured_db_url() -> str | None:
    """The database URL from the environment or the configuration file, or None."""
    url = os.environ.get(DB_URL_ENV)
    if url:
        return url
    path = config_path()
    if path is not None:
        return read_config(path).get(DB_URL_ENV) or None
    return None
