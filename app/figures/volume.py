"""Volume and premium: policies, CTPL and commercial, tax, by bucket, by clerk (or outlet) and by
channel; the shares (交商套单率, 车损险投保率, commercial share, high-value share), average
premium, third-party limits and covers chosen. Definitions: docs/reports.md."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from app.core.money import round_fen
from app.figures.measures import fen_to_yuan, ratio
from app.figures.period import Period

# Cover codes counted by "covers chosen", in the order they are shown: the main covers, then the
# riders of the 2020 clauses (docs/regulations.md §2.1, §2.2). A code not listed is counted under
# its own name after these.
MAIN_COVERS = ("vehicle_damage", "third_party", "driver", "passenger")
RIDERS = (
    "deductible",
    "wheel",
    "new_equipment",
    "scratch",
    "repair_compensation",
    "engine_water_exclusion",
    "goods",
    "mental_distress",
    "holiday_double",
    "medical_outside_insurance",
    "value_added_service",
)
COVER_ORDER = (*MAIN_COVERS, *RIDERS)


@dataclass(frozen=True)
class IssuedGroup:
    """Policies issued (bound) on one local day by one clerk (at head office: one outlet) through
    one channel: one row of the store's GROUP BY. `rejected` rows are policies head office has
    refused: they are counted for the rejection rate, not in the volume."""

    day: date
    who: str
    channel: str
    rejected: bool
    policies: int
    ctpl_fen: int = 0
    commercial_fen: int = 0
    tax_fen: int = 0
    with_ctpl: int = 0
    with_commercial: int = 0
    with_both: int = 0
    own_damage: int = 0
    high_value: int = 0
    covers: dict[str, int] = field(default_factory=dict)  # code → policies with it


@dataclass
class Totals:
    policies: int = 0
    with_ctpl: int = 0
    with_commercial: int = 0
    with_both: int = 0
    own_damage: int = 0
    high_value: int = 0
    ctpl_fen: int = 0
    commercial_fen: int = 0
    tax_fen: int = 0

    def add(self, g: IssuedGroup) -> None:
        self.policies += g.policies
        self.with_ctpl += g.with_ctpl
        self.with_commercial += g.with_commercial
        self.with_both += g.with_both
        self.own_damage += g.own_damage
        self.high_value += g.high_value
        self.ctpl_fen += g.ctpl_fen
        self.commercial_fen += g.commercial_fen
        self.tax_fen += g.tax_fen

    # -- money, in yuan ---------------------------------------------------------------------
    @property
    def ctpl(self) -> Decimal:
        return fen_to_yuan(self.ctpl_fen)

    @property
    def commercial(self) -> Decimal:
        return fen_to_yuan(self.commercial_fen)

    @property
    def tax(self) -> Decimal:
        return fen_to_yuan(self.tax_fen)

    @property
    def premium(self) -> Decimal:
        """CTPL + commercial: the premium written (the vehicle tax is collected, not premium)."""
        return fen_to_yuan(self.ctpl_fen + self.commercial_fen)

    @property
    def collected(self) -> Decimal:
        """Premium and tax: what the customers paid."""
        return fen_to_yuan(self.ctpl_fen + self.commercial_fen + self.tax_fen)

    # -- shares -----------------------------------------------------------------------------
    @property
    def ctpl_with_commercial(self) -> Decimal | None:
        """交商套单率: of the policies with CTPL, the share that also carries commercial cover."""
        return ratio(self.with_both, self.with_ctpl)

    @property
    def own_damage_rate(self) -> Decimal | None:
        """车损险投保率: of the policies with commercial cover, the share with own damage."""
        return ratio(self.own_damage, self.with_commercial)

    @property
    def commercial_share(self) -> Decimal | None:
        """Commercial premium ÷ premium (CTPL + commercial)."""
        return ratio(self.commercial_fen, self.ctpl_fen + self.commercial_fen)

    @property
    def high_value_share(self) -> Decimal | None:
        return ratio(self.high_value, self.policies)

    @property
    def average_premium(self) -> Decimal | None:
        """Premium (CTPL + commercial) per policy, rounded to the fen."""
        if not self.policies:
            return None
        return round_fen(Decimal(self.ctpl_fen + self.commercial_fen) / 100 / self.policies)


@dataclass
class Volume:
    period: Period
    totals: Totals
    by_bucket: dict[str, Totals]  # every bucket of the period, empty ones included, in order
    by_who: dict[str, Totals]
    by_channel: dict[str, Totals]
    covers: dict[str, int]  # code → policies, COVER_ORDER first
    third_party_limits: dict[Decimal, int]  # limit in yuan → policies, ascending
    rejected: int  # issued in the period, refused by head office since


def volume(
    period: Period,
    groups: Iterable[IssuedGroup],
    third_party_limits: dict[int, int] | None = None,
) -> Volume:
    """Roll the store's groups up into the period's figures. `third_party_limits` is limit in
    fen → policies (a separate GROUP BY: one limit per policy)."""
    totals = Totals()
    buckets = {b.key: Totals() for b in period.buckets()}
    by_who: dict[str, Totals] = defaultdict(Totals)
    by_channel: dict[str, Totals] = defaultdict(Totals)
    covers: dict[str, int] = defaultdict(int)
    rejected = 0
    for g in groups:
        if not period.contains(g.day):
            continue
        if g.rejected:
            rejected += g.policies
            continue
        totals.add(g)
        buckets[period.key_of(g.day)].add(g)
        by_who[g.who].add(g)
        by_channel[g.channel].add(g)
        for code, n in g.covers.items():
            covers[code] += n
    ordered = {c: covers.get(c, 0) for c in COVER_ORDER}
    ordered.update({c: n for c, n in sorted(covers.items()) if c not in ordered})
    limits = {fen_to_yuan(limit): n for limit, n in sorted((third_party_limits or {}).items()) if n}
    return Volume(
        period,
        totals,
        buckets,
        dict(sorted(by_who.items())),
        dict(sorted(by_channel.items())),
        ordered,
        limits,
        rejected,
    )
