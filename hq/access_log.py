"""Head office's access log without the VINs and plates look-ups carry in their query strings
(`/api/v1/lookups/vehicle?vin=…`): uvicorn's access line keeps the path and the parameters'
names, and every value of a look-up's query is replaced by asterisks of its length, so the log
still shows what was asked and how often, never of which vehicle. `serve` runs uvicorn with
`log_config()`; `--no-access-log` still turns the access log off entirely."""

from __future__ import annotations

import copy
import logging
from typing import Any
from urllib.parse import parse_qsl, quote

from sync.protocol import API_PREFIX

LOOKUPS_PREFIX = f"{API_PREFIX}/lookups/"


def mask_path(full_path: str) -> str:
    """`/api/v1/lookups/vehicle?vin=LSV…&plate=京A…` → `/api/v1/lookups/vehicle?vin=*****…&plate=***…`
    (any path outside the look-ups is left as it is: none carries personal data in its URL)."""
    path, sep, query = full_path.partition("?")
    if not sep or not path.startswith(LOOKUPS_PREFIX):
        return full_path
    pairs = parse_qsl(query, keep_blank_values=True)
    return path + "?" + "&".join(f"{quote(k)}={'*' * len(v)}" for k, v in pairs)


class MaskLookups(logging.Filter):
    """On uvicorn's access logger: its record's args are (client, method, full path, HTTP
    version, status); the full path is masked before any handler formats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], mask_path(args[2]), args[3], args[4])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration with the filter on the access handler (a handler's
    filter, so it holds in every worker process uvicorn starts from this configuration)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["mask_lookups"] = {"()": "hq.access_log.MaskLookups"}
    config["handlers"]["access"]["filters"] = ["mask_lookups"]
    return config


__all__ = ["MaskLookups", "log_config", "mask_path"]
