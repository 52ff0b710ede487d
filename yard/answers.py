"""The LAN server's answers: JSON with head office's error body (`sync.protocol.ErrorBody`),
so the pages show the same refusals in the phone's language."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sync.protocol import ErrorBody
from yard.relay import Refused


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] | None = None


def json_answer(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    return Answer(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), headers=headers)


def error_answer(
    status: int, error: str, message: str, message_zh: str, headers: dict[str, str] | None = None
) -> Answer:
    body = ErrorBody(error=error, message=message, message_zh=message_zh).model_dump()
    return json_answer(body, status, headers or None)


def refused(exc: Refused) -> Answer:
    return error_answer(exc.status, exc.error, exc.message, exc.message_zh)


TOO_OFTEN = (
    429,
    "rate_limited",
    "Too many attempts from this network; wait a minute and try again.",
    "该网络尝试次数过多，请一分钟后再试。",
)
BAD_REQUEST = (400, "invalid_request", "The request is not valid.", "请求无效。")
NOT_FOUND = (404, "not_found", "No such page.", "没有这个页面。")
TOO_LARGE = (413, "too_large", "The request is too large.", "请求过大。")
UNAUTHORIZED = (401, "unauthorized", "Not allowed.", "无权访问。")
