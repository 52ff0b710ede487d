"""Every string the window shows has its Simplified Chinese translation, and the shipped .qm is
compiled from the committed .ts (so Chinese, the default, never falls back to English)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.support.paths import REPO

pytestmark = pytest.mark.live  # Qt's lupdate and lrelease

TS = REPO / "resources" / "translations" / "chudan_zh_CN.ts"


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (ctx.findtext("name"), m.findtext("source")): m.find("translation")
        for ctx in root.iter("context")
        for m in ctx.iter("message")
    }


def test_every_ui_string_is_translated(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "ui").rglob("*.py"))
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(lupdate), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    committed = _messages(TS)
    missing = [key for key in _messages(fresh) if key not in committed]
    assert not missing, f"run `make translations` and translate: {missing}"
    unfinished = [
        k
        for k, t in committed.items()
        if t is None or t.get("type") in ("unfinished", "vanished") or not t.text
    ]
    assert not unfinished, f"untranslated in {TS.name}: {unfinished}"


def test_shipped_qm_is_compiled_from_the_committed_ts(tmp_path):
    out = tmp_path / "check.qm"
    lrelease = Path(sys.executable).parent / "pyside6-lrelease"
    subprocess.run([str(lrelease), str(TS), "-qm", str(out)], check=True, capture_output=True)
    assert out.read_bytes() == TS.with_suffix(".qm").read_bytes(), "run `make translations`"
