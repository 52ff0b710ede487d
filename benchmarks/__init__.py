"""Benchmarks: `make bench` runs `python -m benchmarks`, prints a table and writes
benchmarks/results.json. Each `bench_*.py` module has `run(quick: bool) -> list[Figure]`."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Figure:
    area: str  # what the figure measures: startup, store, ocr, rating, issuance, pdf, wizard, sync, hq
    name: str
    value: float | None
    unit: str
    target: str = ""
    ok: bool | None = None  # None when there is no target or it could not be measured
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)
