"""Every run-time package that ships non-code files is placed in shipping/bundle_contents.py:
collected by the spec, collected by a PyInstaller hook, or left out with a reason. A dependency
that brings a data file nobody placed (as the OCR repair's dictionary once was, and `chudan ocr` then
died in the frozen app) fails here before it fails at an outlet."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from shipping import bundle_contents as bc
from shipping.notices import runtime_distributions
from tests.support.paths import REPO

CODE = re.compile(r"\.(py|pyc|pyi|so(\.[\d.]+)?|pyd|dll|dylib|typed|pxd|pyx|h|c)$")


def packages_with_data_files() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for dist in runtime_distributions(REPO / "requirements-desk.txt"):
        for f in dist.files or []:
            name = str(f)
            top = name.split("/")[0]
            if (
                name.startswith("..")  # console scripts in bin/
                or ".dist-info" in top
                or top.endswith(".libs")  # auditwheel's shared libraries: binaries
                or "__pycache__" in name
                or "/" not in name
                or CODE.search(name)
            ):
                continue
            found[top].append(name)
    return found


def test_every_package_with_data_files_is_placed():
    placed = set(bc.COLLECTED) | set(bc.BY_HOOK) | set(bc.NOT_NEEDED)
    unplaced = {p: files[:3] for p, files in packages_with_data_files().items() if p not in placed}
    assert not unplaced, (
        f"packages with data files not placed in shipping/bundle_contents.py: {unplaced}"
    )


def test_no_package_is_placed_twice_or_for_nothing():
    tables = [set(bc.COLLECTED), set(bc.BY_HOOK), set(bc.NOT_NEEDED)]
    assert not (tables[0] & tables[1] or tables[0] & tables[2] or tables[1] & tables[2])
    with_data = packages_with_data_files()
    stale = [p for t in tables for p in t if p not in with_data]
    assert not stale, f"placed but no longer shipping data files: {stale}"


def test_the_spec_collects_what_the_table_says():
    spec = (REPO / "build_installer.spec").read_text(encoding="utf-8")
    assert "for package in bc.COLLECTED:" in spec and "collect_data_files(package" in spec
    assert set(bc.COLLECTED_ONLY) <= set(bc.COLLECTED)
    assert "opencc" in bc.COLLECTED and "rapidocr" in bc.COLLECTED


def test_only_the_named_files_of_a_trimmed_package_ship():
    """OpenCC and python-stdnum ship many tables the desk never reads; their hooks collect all
    of them, so the spec drops what COLLECTED_ONLY does not name, and never their code."""
    out = bc.outside_collected_only
    assert not out("opencc/clib/share/opencc/t2s.json", "DATA")
    assert not out("opencc/clib/share/opencc/TSPhrases.ocd2", "DATA")
    assert out("opencc/clib/share/opencc/s2twp.json", "DATA")
    assert out("opencc/clib/bin/opencc", "BINARY") and out("opencc/clib/lib64/libopencc.a", "DATA")
    assert not out("opencc/clib/opencc_clib.cpython-311-x86_64-linux-gnu.so", "EXTENSION")
    assert not out("stdnum/cn/loc.dat", "DATA") and out("stdnum/oui.dat", "DATA")
    assert not out("rapidocr/models/PP-OCRv6_rec_small.onnx", "DATA")  # not a trimmed package


def test_the_opencc_files_kept_are_all_the_t2s_conversion_reads():
    """The OCR repair builds OpenCC("t2s") (app/ocr/engine.py): every dictionary its config names
    must survive the trimming, or `chudan ocr` fails in the frozen app only."""
    import json

    import opencc

    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    config = json.loads((share / "t2s.json").read_text(encoding="utf-8"))

    def files(node):
        if isinstance(node, dict):
            if "file" in node:
                yield node["file"]
            for value in node.values():
                yield from files(value)
        elif isinstance(node, list):
            for value in node:
                yield from files(value)

    named = ["t2s.json", *files(config)]
    assert len(named) >= 4
    for name in named:
        assert (share / name).is_file(), name
        assert not bc.outside_collected_only(f"opencc/clib/share/opencc/{name}", "DATA"), name
