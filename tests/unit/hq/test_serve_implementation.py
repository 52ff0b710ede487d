"""`chudan-hq serve` runs uvicorn on httptools and uvloop where they are installed (the hq extra
installs both, uvloop everywhere but Windows) and falls back to h11 and asyncio without them."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from hq import cli


def test_serve_uses_the_c_parser_and_libuv_loop_where_installed() -> None:
    assert cli.server_implementation() == {"http": "httptools", "loop": "uvloop"}


def test_on_windows_the_loop_is_asyncio_s_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert cli.server_implementation() == {"http": "httptools", "loop": "asyncio"}


def test_without_either_package_serve_still_runs_on_pure_python(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name in ("httptools", "uvloop") else found(name, *a),
    )
    chosen = cli.server_implementation()
    assert chosen == {"http": "h11", "loop": "asyncio"}
    import uvicorn.config

    # Both are names uvicorn knows without the packages.
    assert chosen["http"] in uvicorn.config.HTTP_PROTOCOLS
    assert chosen["loop"] in uvicorn.config.LOOP_FACTORIES
