"""Opening Chudan: the data directory, logging, the encrypted store (upgraded if needed) and
the services, wired once and passed to whoever needs them (no global singletons)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from app.access.audit import AuditLog
from app.access.auth import AuthService
from app.access.passwords import PasswordHashing
from app.access.personal_data import PersonalDataService
from app.access.users import UserService
from app.core.errors import ChudanError
from app.core.logging_setup import configure_logging
from app.core.paths import data_dir
from app.issuance.drafts import DraftService
from app.issuance.policy_queries import PolicyQueries
from app.settings.local import SettingsService
from app.settings.secure import SecureSettings
from app.work_items.queue import WorkItemQueue
from local_db.migrate import UpgradeResult, upgrade
from local_db.store import Store, StoreError, open_store
from local_db.types import utcnow

if TYPE_CHECKING:
    from app.archive.service import ArchiveService
    from app.changes.service import ChangeService
    from app.delivery.service import DeliveryService
    from app.issuance.formal import FormalPolicies
    from app.issuance.referrals import ReferralService
    from app.issuance.service import IssuanceService
    from app.renewals.service import RenewalService
    from app.reports.complaints import ComplaintRegister
    from app.reports.export import ReportExports
    from app.reports.service import ReportService

log = logging.getLogger(__name__)


class StoreUnavailable(ChudanError):
    pass


class AppContext:
    # What `open` hashes passwords with unless told otherwise. Tests set cheap parameters here
    # (tests/conftest.py); one test asserts that the production ones reach the store.
    default_passwords: ClassVar[PasswordHashing] = PasswordHashing.production()

    def __init__(
        self,
        home: Path,
        store: Store,
        upgrade_result: UpgradeResult,
        clock: Callable[[], datetime] = utcnow,
        passwords: PasswordHashing | None = None,
    ) -> None:
        passwords = passwords or self.default_passwords
        self.home = home
        self.store = store
        self.upgrade_result = upgrade_result
        self.clock = clock
        self.audit = AuditLog(store, clock)
        self.auth = AuthService(store, self.audit, passwords, clock)
        self.users = UserService(store, self.audit, passwords, clock)
        self.settings = SettingsService(home / "settings.json", self.audit)
        self.personal_data = PersonalDataService(store, self.audit)
        self.work_items = WorkItemQueue(store, self.audit, clock)
        self.drafts = DraftService(store, self.audit, clock)
        self.secure_settings = SecureSettings(store, self.audit)
        self.policies = PolicyQueries(store)
        # True for the training sandbox's context (app/desk/training.py): the window watermarks
        # every page and document, and sync talks to the simulated head office (sync/sandbox.py).
        self.training = False

    # Built on first use: the log-in window needs neither, and they pull in the rating engine,
    # reportlab and smtplib (≈ 0.5 s of imports on a cold start).
    @cached_property
    def issuance(self) -> IssuanceService:
        from app.issuance.service import IssuanceService

        return IssuanceService(
            self.store, self.audit, self.work_items, self.home, self.clock, self.referrals
        )

    @cached_property
    def changes(self) -> ChangeService:
        from app.changes.service import ChangeService

        return ChangeService(
            self.store, self.audit, self.work_items, self.auth, self.home, self.clock
        )

    @cached_property
    def referrals(self) -> ReferralService:
        from app.issuance.referrals import ReferralService

        return ReferralService(self.store, self.audit, self.work_items, self.auth, self.clock)

    @cached_property
    def deliveries(self) -> DeliveryService:
        from app.delivery.service import DeliveryService

        return DeliveryService(self.store, self.audit, self.work_items, self.clock)

    @cached_property
    def renewals(self) -> RenewalService:
        from app.renewals.service import RenewalService

        return RenewalService(
            self.store,
            self.audit,
            self.secure_settings,
            self.home,
            self.clock,
            work_items=self.work_items,
            sends=not self.training,
        )

    @cached_property
    def formal_policies(self) -> FormalPolicies:
        from app.issuance.formal import FormalPolicies

        return FormalPolicies(self.store, self.audit, self.home, self.deliveries)

    @cached_property
    def reports(self) -> ReportService:
        from app.renewals.report_figures import RenewalReportFigures
        from app.reports.service import ReportService

        # The renewal funnel and recommendations as the work-list defines them (one definition).
        return ReportService(
            self.store, self.audit, self.clock, renewals=RenewalReportFigures(self.renewals.refresh)
        )

    @cached_property
    def report_exports(self) -> ReportExports:
        from app.reports.export import ReportExports

        return ReportExports(self.store, self.audit, self.reports, home=self.home)

    @cached_property
    def complaints(self) -> ComplaintRegister:
        from app.reports.complaints import ComplaintRegister

        return ComplaintRegister(self.store, self.audit, self.clock)

    @cached_property
    def archive(self) -> ArchiveService:
        from app.archive.service import ArchiveService

        return ArchiveService(self.store, self.audit, self.clock)

    def after_confirmation(self, policy_ids: list[str]) -> None:
        """What follows a sync run (the worker calls it after each one, in the window and from
        `chudan sync run`): the formal policy of every confirmed policy that lacks one, the
        e-policies (a mail server that is down only leaves them queued), and head office's
        decisions on referrals sent there, and the archive's documents past their retention
        period purged. E-policies by text go through the SMS gateway set up in
        the encrypted settings (app.delivery.sms); without one they wait."""
        from app.delivery.service import load_smtp
        from app.delivery.sms import sms_gateway

        formal = self.formal_policies
        formal.release(list(dict.fromkeys([*policy_ids, *formal.pending()])))
        if self.training:
            # A training session sends nothing to anyone (docs/training.md), whatever mail or
            # SMS account its store was given: its e-policies stay queued in the training store.
            self.deliveries.send_pending(None, None)
        else:
            self.deliveries.send_pending(
                load_smtp(self.secure_settings), sms_gateway(self.secure_settings)
            )
        self.referrals.apply_head_office_decisions()
        self.archive.purge_expired()  # retention periods (docs/archive.md); nothing when unset
        self._renewal_reminders()
        from datetime import timedelta

        from app.rating.installed import InstalledTables
        from app.rating.signing import RateTableError
        from app.work_items.lookup_delays import open_items_for_delayed_lookups

        try:
            wait = timedelta(minutes=InstalledTables(self.home).newest().lookups.max_wait_minutes)
        except RateTableError:
            return  # no usable table yet: nothing can be priced, nothing waits on a look-up
        open_items_for_delayed_lookups(self.store, self.work_items, wait, self.clock())

    def _renewal_reminders(self) -> None:
        """The renewal reminders due now (consent, lead times, quiet hours: app.renewals.reminders)
        go out with each sync run; a desk with no outlet yet has none."""
        from app.access.permissions import system_actor
        from app.core.errors import ChudanError

        if self.training:
            return  # no reminder leaves a training session
        try:
            self.renewals.remind(system_actor("reminders"))
        except ChudanError as exc:
            log.info("renewal reminders not run: %s", exc)

    @classmethod
    def open(
        cls,
        home: Path | None = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        extra_version_locations: tuple[Path, ...] = (),
        passwords: PasswordHashing | None = None,
    ) -> AppContext:
        home = home or data_dir()
        home.mkdir(parents=True, exist_ok=True)
        configure_logging(home)
        try:
            store = open_store(home)
            result = upgrade(
                store, home / "backups", extra_version_locations=extra_version_locations
            )
        except StoreError as exc:
            log.error("store unavailable: %s", exc)
            raise StoreUnavailable(str(exc), zh=f"无法打开数据库：{exc}") from exc
        if result.upgraded:
            log.info("store upgraded %s -> %s", result.from_revision, result.to_revision)
        return cls(home, store, result, clock, passwords)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> AppContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
