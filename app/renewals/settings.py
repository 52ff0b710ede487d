"""The outlet's renewal settings, kept with the other outlet-wide settings in the encrypted store
(an administrator changes them; audited): how far ahead the work-list looks, when reminders go out
before a policy ends, and the quiet hours in which no reminder is sent."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from app.core.errors import InvalidInput

SETTING_KEY = "renewals"
WINDOWS = (30, 60, 90)  # the windows the page offers; any 1–366 may be set
MAX_LEADS = 5


_START = ("The quiet hours' start", "免打扰开始时间")
_END = ("The quiet hours' end", "免打扰结束时间")


def _clock_time(text: str, what: tuple[str, str]) -> time:
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise InvalidInput(
            f"{what[0]} is a time of day like 21:00, not {text[:10]!r}.",
            zh=f"{what[1]}须为 21:00 这样的时刻。",
        ) from None


@dataclass(frozen=True)
class RenewalSettings:
    window_days: int = 90
    reminder_lead_days: tuple[int, ...] = (30, 7)
    quiet_start: str = "21:00"  # local time: no reminder goes out from here …
    quiet_end: str = "08:30"  # … to here (the next morning when start > end)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.window_days, int) or not 1 <= self.window_days <= 366:
            raise InvalidInput(
                "The renewal window is a number of days from 1 to 366 (e.g. 90, 60 or 30).",
                zh="续保清单的时间窗须为 1–366 天（如 90、60 或 30 天）。",
            )
        leads = self.reminder_lead_days
        if (
            not isinstance(leads, tuple)
            or len(leads) > MAX_LEADS
            or any(not isinstance(d, int) or not 0 <= d <= 366 for d in leads)
            or len(set(leads)) != len(leads)
        ):
            raise InvalidInput(
                f"Reminder lead times are up to {MAX_LEADS} different numbers of days before the "
                "policy ends, each 0–366 (e.g. 30,7).",
                zh=f"提醒提前天数最多 {MAX_LEADS} 个、互不相同，每个 0–366 天（如 30,7）。",
            )
        _clock_time(self.quiet_start, _START)
        _clock_time(self.quiet_end, _END)

    @property
    def leads(self) -> tuple[int, ...]:
        """Largest first: the earliest reminder first."""
        return tuple(sorted(self.reminder_lead_days, reverse=True))

    def quiet_until(self, now: datetime) -> datetime | None:
        """When the quiet hours that `now` (local, aware) falls in end, or None outside them."""
        start = _clock_time(self.quiet_start, _START)
        end = _clock_time(self.quiet_end, _END)
        if start == end:
            return None  # no quiet hours
        t = now.timetz().replace(tzinfo=None)
        today_end = now.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
        if start < end:  # quiet within one day (e.g. 12:00–14:00)
            return today_end if start <= t < end else None
        if t >= start:  # after the evening start: quiet until tomorrow morning
            return today_end + timedelta(days=1)
        if t < end:  # early morning
            return today_end
        return None

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("extra")
        d["reminder_lead_days"] = list(self.reminder_lead_days)
        return d


def from_json(data: Any) -> RenewalSettings:
    if not isinstance(data, dict):
        return RenewalSettings()
    try:
        return RenewalSettings(
            window_days=int(data.get("window_days", 90)),
            reminder_lead_days=tuple(int(d) for d in data.get("reminder_lead_days", (30, 7))),
            quiet_start=str(data.get("quiet_start", "21:00")),
            quiet_end=str(data.get("quiet_end", "08:30")),
        )
    except (InvalidInput, TypeError, ValueError):
        return RenewalSettings()  # a damaged record: the defaults, and the settings say so


def load_settings(secure: Any) -> RenewalSettings:
    return from_json(secure.get(SETTING_KEY))


def save_settings(secure: Any, actor: Any, settings: RenewalSettings) -> None:
    secure.set(actor, SETTING_KEY, settings.to_json())
