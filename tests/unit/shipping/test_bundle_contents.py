"""Every run-time package that ships non-code files is placed in shipping/bundle_contents.py:
collected by the spec, collected by a PyInstaller hook, or left out with a reason. A dependency
that brings a data file nobody placed (as the OCR repair's dictionary once was, and `chudan ocr` then
died in the frozen app) fails here before it fails at an outlet."""

from __future__ import annotations

import re
from collections import defaultdict

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
