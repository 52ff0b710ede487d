"""The figures that are counts of what happened after issue: the renewal funnel, complaints, and
quality (endorsements, cancellations, head office's rejections, 待处理 items, recommendations).
Definitions: docs/reports.md, docs/regulations.md §11."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from app.figures.measures import HUNDRED_MILLION, TEN_THOUSAND, fen_to_yuan, per, ratio
from app.figures.timing import Spread


@dataclass(frozen=True)
class Funnel:
    """续保: 应续 (policies whose cover ends in the period), 已报价 (of those, quoted for renewal),
    已续 (renewed with us), 流失 (lost, with the reason), and the ones still open. 续保率 is
    已续 ÷ 应续, by count and by the expiring policies' premium; never 已续 ÷ 已报价."""

    expiring: int = 0
    expiring_premium_fen: int = 0
    contacted: int = 0  # 已联系 (the work-list records it)
    quoted: int = 0
    renewed: int = 0
    renewed_premium_fen: int = 0  # the expiring premium of the renewed ones
    lost: int = 0
    lost_reasons: dict[str, int] = field(default_factory=dict)
    source: str = "work-list"  # "work-list" (app.renewals) | "not at head office"

    @property
    def still_open(self) -> int:
        return max(self.expiring - self.renewed - self.lost, 0)

    @property
    def rate(self) -> Decimal | None:
        return ratio(self.renewed, self.expiring)

    @property
    def premium_rate(self) -> Decimal | None:
        return ratio(self.renewed_premium_fen, self.expiring_premium_fen)

    @property
    def expiring_premium(self) -> Decimal:
        return fen_to_yuan(self.expiring_premium_fen)

    @property
    def renewed_premium(self) -> Decimal:
        return fen_to_yuan(self.renewed_premium_fen)


@dataclass(frozen=True)
class ComplaintFigures:
    """Complaints received in the period, and the regulators' two measures: per 10,000 policies
    issued (万张保单投诉量) and per 100 million yuan of premium (亿元保费投诉量), both over the
    same period's policies and premium (CTPL + commercial)."""

    received: int = 0
    resolved: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_target: dict[str, int] = field(default_factory=dict)  # policy | clerk | outlet
    time_to_resolve: Spread = Spread(0, None, None)
    policies: int = 0
    premium_fen: int = 0

    @property
    def open(self) -> int:
        return self.received - self.resolved

    @property
    def per_10k_policies(self) -> Decimal | None:
        return per(self.received, self.policies, TEN_THOUSAND)

    @property
    def per_100m_premium(self) -> Decimal | None:
        # premium in yuan = fen / 100, so complaints per 1e8 yuan = n × 1e8 × 100 / fen
        return per(self.received, self.premium_fen, HUNDRED_MILLION * 100)


@dataclass(frozen=True)
class Recommendations:
    """The renewal recommendations decided in the period (app.renewals.recommendations): offered
    is every one decided, taken as shown, changed, or ignored."""

    offered: int = 0
    taken: int = 0
    changed: int = 0
    ignored: int = 0

    @property
    def taken_rate(self) -> Decimal | None:
        return ratio(self.taken, self.offered)


@dataclass(frozen=True)
class Quality:
    """Of the policies issued in the period: how many were endorsed, cancelled, and refused by
    head office (with the reasons); the 待处理 items opened in the period and how long the
    resolved ones took; the renewal recommendations taken (None until the desk records them)."""

    issued: int = 0  # every policy bound in the period, rejected ones included
    endorsed: int = 0
    cancelled: int = 0
    rejected: int = 0
    rejection_reasons: dict[str, int] = field(default_factory=dict)
    items_opened: dict[str, int] = field(default_factory=dict)  # kind → items
    items_resolved: int = 0
    time_to_resolve: Spread = Spread(0, None, None)
    recommendations: Recommendations | None = None

    @property
    def endorsement_rate(self) -> Decimal | None:
        return ratio(self.endorsed, self.issued)

    @property
    def cancellation_rate(self) -> Decimal | None:
        return ratio(self.cancelled, self.issued)

    @property
    def rejection_rate(self) -> Decimal | None:
        return ratio(self.rejected, self.issued)

    @property
    def items_total(self) -> int:
        return sum(self.items_opened.values())
