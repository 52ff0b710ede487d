"""The Linux bundle's ICU data keeps Chinese and English only (shipping/icu_data.py): the rewritten
library still sorts clerks' Chinese names in pinyin order through Qt, a language that was taken
out falls back instead of failing, and the rewrite loses nothing it keeps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import PySide6
import pytest

from shipping import icu_data

QT_LIB = Path(PySide6.__file__).parent / "Qt" / "lib"
ICU = sorted(QT_LIB.glob("libicudata.so.*"))

pytestmark = pytest.mark.skipif(not ICU, reason="this PySide6 wheel carries no ICU (not Linux)")

SORT = """
import functools
from PySide6.QtCore import QCollator, QLocale
zh = QCollator(QLocale("zh_CN"))
print(" ".join(sorted(["张伟", "李娜", "王芳", "赵磊", "安琪"], key=functools.cmp_to_key(zh.compare))))
de = QCollator(QLocale("de_DE"))
print(" ".join(sorted(["Zoe", "adam", "Émile"], key=functools.cmp_to_key(de.compare))))
"""


def test_repacking_keeps_every_kept_item_byte_for_byte():
    _, package = icu_data.read_package(ICU[0])
    header, items = icu_data.items(package)
    kept = [(n, d) for n, d in items if not icu_data.is_dropped(n)]
    again = icu_data.items(icu_data.pack(header, kept))[1]
    assert [n for n, _ in again] == [n for n, _ in kept]
    # Items are padded to 16 bytes; the data itself is unchanged.
    assert all(b[: len(a)] == a for (_, a), (_, b) in zip(kept, again, strict=True))
    names = {n.split("/", 1)[1] for n, _ in kept}
    assert {
        "zh.res",
        "zh_Hans_CN.res",
        "en.res",
        "root.res",
        "coll/zh.res",
        "brkitr/cjdict.dict",
    } <= names
    assert "fr.res" not in names and "coll/de.res" not in names and "res_index.res" in names


@pytest.mark.slow  # builds a 14 MB library and starts Qt in a child: 2-3 s
def test_qt_on_the_trimmed_data_sorts_chinese_names_by_pinyin(tmp_path):
    lib = tmp_path / ICU[0].name
    lib.write_bytes(ICU[0].read_bytes())
    dropped, before, after = icu_data.trim(lib)
    assert dropped > 2000 and after < before / 2
    # Loaded first, the trimmed library stands in for the wheel's (same soname, same symbol).
    env = {**os.environ, "LD_PRELOAD": str(lib), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", SORT], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    chinese, german = out.stdout.splitlines()
    assert chinese == "安琪 李娜 王芳 张伟 赵磊"  # an qi, li na, wang fang, zhang wei, zhao lei
    assert german.split() == ["adam", "Émile", "Zoe"]  # root's order: German's own is gone
