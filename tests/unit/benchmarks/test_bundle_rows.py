"""`make bench` on a checkout without a built bundle: the bundle's rows say why they are empty and
the run ends with exit 2 (could not measure), not 1 (missed); with a bundle the cold start is
judged scaled to the reference machine like every other time (benchmarks/bench_bundle.py)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import Figure, bench_bundle
from benchmarks.__main__ import exit_code
from benchmarks.calibration import REFERENCE_US, Calibration


def _cal(us: float) -> Calibration:
    return Calibration(per_call_us={"1": us, "1000": us}, min_us=us, speed_us=us)


def test_without_a_bundle_every_row_says_why_and_the_run_is_not_a_miss(monkeypatch, tmp_path):
    monkeypatch.setattr(bench_bundle, "BUNDLE", tmp_path / "dist" / "chudan")
    rows = bench_bundle.run(quick=True)
    for row in rows:
        row.judge(_cal(REFERENCE_US))
    names = [r.name for r in rows]
    assert any("size" in n for n in names) and any("cold start" in n for n in names)
    assert any("OCR" in n for n in names)
    assert all(r.value is None and r.unmeasured for r in rows)
    assert all("make installer" in r.note for r in rows)
    assert exit_code(rows) == 2


def test_the_frozen_cold_start_is_judged_scaled():
    row = Figure("bundle", bench_bundle.COLD, 0.9, "s", at_most=bench_bundle.COLD_START_S)
    row.judge(_cal(REFERENCE_US / 2))  # a machine twice as fast: 0.9 s here is 1.8 s there
    assert row.scaled == 1.8 and row.ok is False


def test_the_largest_parts_split_qt_into_its_folders(tmp_path: Path):
    qt = tmp_path / "_internal" / "PySide6" / "Qt"
    for sub, size in (("lib", 3000), ("plugins", 2000), ("translations", 10)):
        (qt / sub).mkdir(parents=True)
        (qt / sub / "x").write_bytes(b"\0" * size)
    (tmp_path / "_internal" / "cv2").mkdir()
    (tmp_path / "_internal" / "cv2" / "cv2.abi3.so").write_bytes(b"\0" * 2500)
    (tmp_path / "chudan").write_bytes(b"\0" * 100)
    names = [name for name, _ in bench_bundle.parts(tmp_path)]
    assert names[:3] == [
        "_internal/PySide6/Qt/lib",
        "_internal/cv2",
        "_internal/PySide6/Qt/plugins",
    ]
