"""No-claim discount (无赔款优待系数), docs/regulations.md §3."""

from __future__ import annotations

from decimal import Decimal

from app.rating.table import NcdSection


def ncd_level(
    continuous_years: int,
    claims: int,
    *,
    new_or_transferred: bool = False,
    section: NcdSection | None = None,
) -> int:
    """The level as usually explained: claims − continuous insured years within the last three,
    kept in −4 … +5; four or more claim-free years give the best level; a new car, a change of
    owner or no previous policy give 0. (The platform's answer is binding; this is the estimate.)"""
    lo, hi, best = (
        (section.min_level, section.max_level, section.claim_free_years_for_best)
        if section
        else (-4, 5, 4)
    )
    if new_or_transferred or continuous_years <= 0:
        return 0
    if claims == 0 and continuous_years >= best:
        return lo
    return max(lo, min(hi, claims - min(continuous_years, 3)))


def ncd_coefficient(level: int, section: NcdSection) -> Decimal:
    return section.coefficients[str(level)]
