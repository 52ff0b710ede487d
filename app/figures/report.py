"""A report: every figure of a period for one scope (an outlet, a clerk, or head office's
outlets), and the same figures as sections of typed rows, which the XLSX, CSV and PDF exports
write and the window shows. A row may carry a `Drill`: what to list when it is clicked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from app.core.money import fmt_amount
from app.figures.labels import (
    CHANNEL_NAMES,
    COMPLAINT_CATEGORIES,
    COMPLAINT_CHANNELS,
    COMPLAINT_TARGETS,
    COVER_NAMES,
    LABELS,
    STEP_NAMES,
    label,
)
from app.figures.measures import change, ratio
from app.figures.outcomes import ComplaintFigures, Funnel, Quality
from app.figures.period import Period
from app.figures.timing import Spread, Timing
from app.figures.volume import Totals, Volume

NONE = "—"  # a figure with nothing to divide by, or not measured: never 0 %


@dataclass(frozen=True)
class Drill:
    """What a clicked figure stands for: `kind` names the filter, `value` its argument
    (docs/reports.md lists them). The store turns it into the policies behind the figure."""

    kind: str
    value: str = ""


@dataclass(frozen=True)
class Column:
    key: str
    kind: str  # text | int | money | ratio | rate | minutes | date


@dataclass
class Section:
    key: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    drills: list[Drill | None] = field(default_factory=list)
    # The first column names a figure (a label key, shown translated); the policies sheet's
    # first column is a policy number, written as it is.
    first_is_label: bool = True

    def add(self, row: list[Any], drill: Drill | None = None) -> None:
        self.rows.append(row)
        self.drills.append(drill)


class PolicyLine(NamedTuple):
    """One policy behind the figures (the 明细 sheet; the window's drill-down list). A named
    tuple, not a frozen dataclass: an export makes a hundred thousand of them, and a tuple is
    made several times faster."""

    policy_id: str
    policy_number: str
    issued_on: date
    who: str
    channel: str
    state: str
    ctpl: Decimal
    commercial: Decimal
    tax: Decimal
    policyholder: str  # masked unless the reader may see it
    plate: str


@dataclass
class Report:
    period: Period
    scope: str  # "outlet" | "clerk" | "head_office"
    scope_name: str  # the outlet's code, the clerk's name, "all outlets"
    generated_at: datetime
    volume: Volume
    previous: Volume | None
    timing: Timing | None  # head office has no wizard events
    renewal: Funnel
    complaints: ComplaintFigures | None
    quality: Quality
    who_names: dict[str, str] = field(default_factory=dict)  # clerk id / outlet code → name
    who_kind: str = "clerk"  # clerk | outlet
    high_value_rule: str = ""  # how "high value" was decided, as set (shown with the figure)
    # What the figures were worked out from, so an export can tell whether the report the window
    # shows is still current (app.reports.export): the clerk in scope (None: the outlet) and the
    # outlet's last audit event then (every decision the figures count is audited).
    clerk_id: int | None = None
    audit_mark: int | None = None

    def who_name(self, who: str) -> str:
        return self.who_names.get(who, who)

    # -- the summary: each headline figure, the previous period's and the change ------------
    def headline(self) -> list[tuple[str, Any, Any, str, Drill | None]]:
        """(label key, this period, previous period, kind, drill) for the summary."""
        t = self.volume.totals
        p: Totals | None = self.previous.totals if self.previous else None
        rows: list[tuple[str, Any, Any, str, Drill | None]] = [
            ("policies", t.policies, p and p.policies, "int", Drill("issued")),
            ("premium", t.premium, p and p.premium, "money", Drill("issued")),
            ("ctpl_premium", t.ctpl, p and p.ctpl, "money", Drill("with_ctpl")),
            (
                "commercial_premium",
                t.commercial,
                p and p.commercial,
                "money",
                Drill("with_commercial"),
            ),
            ("tax", t.tax, p and p.tax, "money", Drill("issued")),
            ("average_premium", t.average_premium, p and p.average_premium, "money", None),
            (
                "ctpl_with_commercial",
                t.ctpl_with_commercial,
                p and p.ctpl_with_commercial,
                "ratio",
                Drill("with_both"),
            ),
            (
                "own_damage_rate",
                t.own_damage_rate,
                p and p.own_damage_rate,
                "ratio",
                Drill("cover", "vehicle_damage"),
            ),
            ("commercial_share", t.commercial_share, p and p.commercial_share, "ratio", None),
            (
                "high_value_share",
                t.high_value_share,
                p and p.high_value_share,
                "ratio",
                Drill("high_value"),
            ),
        ]
        if self.timing is not None:
            rows.append(
                (
                    "issuance_time",
                    _minutes(self.timing.total.median_s),
                    None,
                    "minutes",
                    Drill("timed"),
                )
            )
        rows += [
            ("renewal_rate", self.renewal.rate, None, "ratio", Drill("renewal", "renewed")),
            ("renewal_premium_rate", self.renewal.premium_rate, None, "ratio", None),
        ]
        if self.complaints is not None:
            rows += [
                ("complaints", self.complaints.received, None, "int", Drill("complaints")),
                ("per_10k_policies", self.complaints.per_10k_policies, None, "rate", None),
                ("per_100m_premium", self.complaints.per_100m_premium, None, "rate", None),
            ]
        q = self.quality
        rows += [
            ("endorsement_rate", q.endorsement_rate, None, "ratio", Drill("endorsed")),
            ("cancellation_rate", q.cancellation_rate, None, "ratio", Drill("cancelled")),
            ("rejection_rate", q.rejection_rate, None, "ratio", Drill("rejected")),
        ]
        return rows

    def sections(self, lang: str) -> list[Section]:
        """Every figure as typed rows, one section per sheet (the policies are added by whoever
        may list them: `policies_section`)."""
        out = [self._summary(), self._buckets(), self._who(), self._channels()]
        out += [self._covers(), self._limits()]
        if self.timing is not None:
            out.append(self._timing(lang))
        out.append(self._renewal(lang))
        if self.complaints is not None:
            out.append(self._complaints(lang))
        out.append(self._quality(lang))
        return out

    def _summary(self) -> Section:
        s = Section(
            "section_summary",
            [
                Column("figure", "text"),
                Column("value", "any"),
                Column("previous", "any"),
                Column("change", "ratio"),
            ],
        )
        for key, now, before, kind, drill in self.headline():
            s.add(
                [key, (kind, now), (kind, before), change(now, before) if before else None],
                drill,
            )
        return s

    @staticmethod
    def _totals_columns(first: str) -> list[Column]:
        return [
            Column(first, "text"),
            Column("policies", "int"),
            Column("with_ctpl", "int"),
            Column("with_commercial", "int"),
            Column("ctpl_premium", "money"),
            Column("commercial_premium", "money"),
            Column("tax", "money"),
            Column("premium", "money"),
            Column("average_premium", "money"),
            Column("ctpl_with_commercial", "ratio"),
            Column("high_value_share", "ratio"),
        ]

    @staticmethod
    def _totals_row(name: str, t: Totals) -> list[Any]:
        return [
            name,
            t.policies,
            t.with_ctpl,
            t.with_commercial,
            t.ctpl,
            t.commercial,
            t.tax,
            t.premium,
            t.average_premium,
            t.ctpl_with_commercial,
            t.high_value_share,
        ]

    def _buckets(self) -> Section:
        s = Section("section_buckets", self._totals_columns("bucket"))
        for key, t in self.volume.by_bucket.items():
            s.add(self._totals_row(key, t), Drill("bucket", key))
        return s

    def _who(self) -> Section:
        s = Section(f"section_who_{self.who_kind}", self._totals_columns(self.who_kind))
        for who, t in self.volume.by_who.items():
            s.add(self._totals_row(self.who_name(who), t), Drill("who", who))
        return s

    def _channels(self) -> Section:
        s = Section("section_channels", self._totals_columns("channel"))
        for ch, t in self.volume.by_channel.items():
            s.add(self._totals_row(ch, t), Drill("channel", ch))
        return s

    def _covers(self) -> Section:
        s = Section(
            "section_covers",
            [Column("cover", "text"), Column("count", "int"), Column("share", "ratio")],
        )
        base = self.volume.totals.with_commercial
        for code, n in self.volume.covers.items():
            s.add([code, n, ratio(n, base)], Drill("cover", code))
        return s

    def _limits(self) -> Section:
        s = Section(
            "section_limits",
            [Column("limit", "money"), Column("count", "int"), Column("share", "ratio")],
        )
        total = sum(self.volume.third_party_limits.values())
        for limit, n in self.volume.third_party_limits.items():
            s.add([limit, n, ratio(n, total)], Drill("tp_limit", str(limit)))
        return s

    def _timing(self, lang: str) -> Section:
        assert self.timing is not None
        s = Section(
            "section_timing",
            [
                Column("step", "text"),
                Column("measured", "int"),
                Column("median", "minutes"),
                Column("p90", "minutes"),
            ],
        )

        def row(name: str, sp: Spread) -> list[Any]:
            return [name, sp.count, _minutes(sp.median_s), _minutes(sp.p90_s)]

        s.add(row(label("whole_issuance", lang), self.timing.total), Drill("timed"))
        for step, sp in self.timing.steps.items():
            s.add(row(label(step, lang, STEP_NAMES), sp), Drill("timed"))
        return s

    def _renewal(self, lang: str) -> Section:
        f = self.renewal
        s = Section("section_renewal", [Column("figure", "text"), Column("value", "any")])
        s.add([label("expiring", lang), ("int", f.expiring)], Drill("renewal", "expiring"))
        s.add([label("contacted", lang), ("int", f.contacted)], Drill("renewal", "contacted"))
        s.add([label("quoted", lang), ("int", f.quoted)], Drill("renewal", "quoted"))
        s.add([label("renewed", lang), ("int", f.renewed)], Drill("renewal", "renewed"))
        s.add([label("lost", lang), ("int", f.lost)], Drill("renewal", "lost"))
        s.add([label("still_open", lang), ("int", f.still_open)], Drill("renewal", "open"))
        s.add([label("renewal_rate", lang), ("ratio", f.rate)])
        s.add([label("renewal_premium_rate", lang), ("ratio", f.premium_rate)])
        for reason, n in f.lost_reasons.items():
            s.add([f"{label('lost', lang)}: {reason}", ("int", n)], Drill("renewal", "lost"))
        return s

    def _complaints(self, lang: str) -> Section:
        c = self.complaints
        assert c is not None
        s = Section("section_complaints", [Column("figure", "text"), Column("value", "any")])
        s.add([label("complaints", lang), ("int", c.received)], Drill("complaints"))
        s.add([label("complaints_resolved", lang), ("int", c.resolved)])
        s.add([label("complaints_open", lang), ("int", c.open)])
        s.add([label("per_10k_policies", lang), ("rate", c.per_10k_policies)])
        s.add([label("per_100m_premium", lang), ("rate", c.per_100m_premium)])
        s.add(
            [
                f"{label('time_to_resolve', lang)} · {label('median', lang)}",
                ("hours", _hours(c.time_to_resolve.median_s)),
            ]
        )
        for key, n in c.by_category.items():
            s.add([label(key, lang, COMPLAINT_CATEGORIES), ("int", n)], Drill("complaints", key))
        for key, n in c.by_channel.items():
            s.add([label(key, lang, COMPLAINT_CHANNELS), ("int", n)])
        for key, n in c.by_target.items():
            s.add([label(key, lang, COMPLAINT_TARGETS), ("int", n)])
        return s

    def _quality(self, lang: str) -> Section:
        q = self.quality
        s = Section("section_quality", [Column("figure", "text"), Column("value", "any")])
        s.add([label("issued", lang), ("int", q.issued)], Drill("issued_all"))
        s.add([label("endorsed", lang), ("int", q.endorsed)], Drill("endorsed"))
        s.add([label("endorsement_rate", lang), ("ratio", q.endorsement_rate)])
        s.add([label("cancelled", lang), ("int", q.cancelled)], Drill("cancelled"))
        s.add([label("cancellation_rate", lang), ("ratio", q.cancellation_rate)])
        s.add([label("rejected", lang), ("int", q.rejected)], Drill("rejected"))
        s.add([label("rejection_rate", lang), ("ratio", q.rejection_rate)])
        for reason, n in q.rejection_reasons.items():
            s.add([f"{label('rejected', lang)}: {reason}", ("int", n)], Drill("rejected"))
        s.add([label("items_opened", lang), ("int", q.items_total)], Drill("items"))
        for kind, n in q.items_opened.items():
            s.add([f"{label('items_opened', lang)}: {kind}", ("int", n)], Drill("items", kind))
        s.add([label("items_resolved", lang), ("int", q.items_resolved)])
        s.add(
            [
                f"{label('time_to_resolve', lang)} · {label('median', lang)}",
                ("hours", _hours(q.time_to_resolve.median_s)),
            ]
        )
        r = q.recommendations
        if r is None:
            s.add([label("recommendations_taken", lang), ("text", label("not_recorded", lang))])
        else:
            s.add([label("recommendations_offered", lang), ("int", r.offered)])
            s.add([label("recommendations_taken", lang), ("int", r.taken)])
            s.add([label("recommendations_taken_rate", lang), ("ratio", r.taken_rate)])
        return s


def policies_section(lines: list[PolicyLine], who_kind: str, names: dict[str, str]) -> Section:
    s = Section(
        "section_policies",
        [
            Column("policy_number", "text"),
            Column("issued_on", "date"),
            Column(who_kind, "text"),
            Column("channel", "text"),
            Column("state", "text"),
            Column("ctpl_premium", "money"),
            Column("commercial_premium", "money"),
            Column("tax", "money"),
            Column("policyholder", "text"),
            Column("plate", "text"),
        ],
        first_is_label=False,
    )
    get = names.get
    s.rows = [
        [
            p.policy_number,
            p.issued_on,
            get(p.who, p.who),
            p.channel,
            p.state,
            p.ctpl,
            p.commercial,
            p.tax,
            p.policyholder,
            p.plate,
        ]
        for p in lines
    ]
    s.drills = [None] * len(lines)
    return s


def _minutes(seconds: float | None) -> Decimal | None:
    if seconds is None:
        return None
    return (Decimal(str(seconds)) / 60).quantize(Decimal("0.1"))


def _hours(seconds: float | None) -> Decimal | None:
    if seconds is None:
        return None
    return (Decimal(str(seconds)) / 3600).quantize(Decimal("0.1"))


def shown(kind: str, value: Any, lang: str) -> str:
    """A figure as people read it: the window and the PDF (XLSX and CSV keep numbers as
    numbers)."""
    if kind == "any" and isinstance(value, tuple):
        kind, value = value
    if value is None:
        return NONE
    if kind == "int":
        return f"{int(value):,}"
    if kind == "money":
        return fmt_amount(Decimal(value))
    if kind == "ratio":
        return f"{Decimal(value) * 100:.1f}%"
    if kind == "change":
        return f"{Decimal(value) * 100:+.1f}%"
    if kind == "rate":
        return f"{Decimal(value):,.2f}"
    if kind in ("minutes", "hours"):
        return f"{value} {label(kind, lang)}"
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    return str(value)


def column_title(key: str, lang: str) -> str:
    """A column's heading: the figures' own names first ("outlet" heads head office's column of
    outlets; as a channel code the same word means "at the desk")."""
    return label(key, lang) if key in LABELS else text_of(key, lang)


def text_of(key: str, lang: str) -> str:
    """A section's or column's name; cover, step and channel codes by their own tables."""
    for table in (COVER_NAMES, CHANNEL_NAMES):
        if key in table:
            return label(key, lang, table)
    return label(key, lang)
