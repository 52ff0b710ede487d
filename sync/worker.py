"""The sync worker: one `run_once()` pulls rate tables, uploads the outbox and sends queued
look-ups and referrals; `status()` says online/offline, queue length, last success and last
error (persisted, so a restart shows them). No Qt here: the application calls `run_once()` from
a background thread on a timer, at start-up and when the network comes back; the window reads
`status()` for the status bar and the sync page."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from app.core.errors import ChudanError
from app.issuance.policy_numbers import learned_from_hq
from local_db.models import Device, OutboxItem
from local_db.types import utcnow
from sync.anchoring import AnchorResult, anchor_audit
from sync.backoff import Backoff
from sync.change_uploads import change_uploader, learn_paid_refunds
from sync.client import DeviceRevoked, HqClient, HqTransport
from sync.outbox import UPLOAD_KINDS, LinkDown, RunReport
from sync.protocol import MAX_BATCH_ITEMS, DeviceState
from sync.queued_calls import CallsReport, QueuedCalls
from sync.rates import PullReport, pull_rates, table_status
from sync.signing_key import register_signing_key
from sync.state import SyncStatus, ca_path, device_token, iso, load_device, load_status, save_status
from sync.uploads import SYNC_ACTOR, ConfirmedHook, PolicyAnswers, policy_uploader

log = logging.getLogger(__name__)

# Rows read per round: bounds the worker's memory whatever the backlog.
ROUND_ROWS = 1000


@dataclass
class RunSummary:
    ok: bool
    online: bool
    rates: PullReport | None = None
    anchor: AnchorResult | None = None
    upload: RunReport = field(default_factory=RunReport)
    calls: CallsReport = field(default_factory=CallsReport)
    confirmed: list[str] = field(default_factory=list)
    refunds_paid: int = 0  # refunds head office reported paid in this run
    poster_keys: int = 0  # one-time keys waiting at head office for the poster's customers
    error: str = ""
    error_zh: str = ""

    def to_json(self) -> dict[str, Any]:
        u = self.upload
        return {
            "ok": self.ok,
            "online": self.online,
            "error": self.error,
            "rates": self.rates.to_json() if self.rates else None,
            "anchor": self.anchor.to_json() if self.anchor else None,
            "upload": {
                "sent": u.sent,
                "accepted": u.accepted,
                "duplicates": u.duplicates,
                "rejected": u.rejected,
                "retry": u.retry,
            },
            "calls": {
                "answered": self.calls.answered,
                "submitted": self.calls.submitted,
                "refused": self.calls.refused,
            },
            "confirmed": len(self.confirmed),
            "refunds_paid": self.refunds_paid,
            "poster_keys": self.poster_keys,
        }


class SyncWorker:
    """`ctx` is an AppContext. One run at a time (a timer tick during a run is skipped)."""

    def __init__(
        self,
        ctx: Any,
        *,
        on_confirmed: ConfirmedHook | None = None,
        client_factory: Callable[..., HqClient] = HqClient,
        clock: Callable[[], datetime] = utcnow,
        backoff: Backoff | None = None,
        max_items: int = MAX_BATCH_ITEMS,
        client_options: dict[str, Any] | None = None,
    ) -> None:
        self._ctx = ctx
        self._on_confirmed = on_confirmed
        self._client_factory = client_factory
        self._clock = clock
        self._backoff = backoff or Backoff()
        self._max_items = max_items
        self._client_options = client_options or {}
        self._lock = threading.Lock()
        self.answers = PolicyAnswers(ctx)

    def _client(self, **overrides: Any) -> HqClient | None:
        device = load_device(self._ctx.store)
        if device is None or not device.hq_url:
            return None
        ca = ca_path(self._ctx.home)
        return self._client_factory(
            device.hq_url,
            token=device_token(self._ctx.store),
            ca_file=ca if ca.exists() else None,
            **{**self._client_options, **overrides},
        )

    def run_once(self) -> RunSummary:
        if not self._lock.acquire(blocking=False):
            return RunSummary(
                ok=False,
                online=bool(load_status(self._ctx.store).online),
                error="a sync run is already under way",
            )
        try:
            return self._run()
        finally:
            self._lock.release()

    def _run(self) -> RunSummary:
        status = load_status(self._ctx.store)
        status.last_attempt = iso(self._clock())
        try:
            client = self._client()
        except (
            ChudanError
        ) as exc:  # a stored address that is no longer acceptable (e.g. plain http)
            return self._finish(
                status, RunSummary(ok=False, online=False, error=exc.message, error_zh=exc.zh)
            )
        if client is None:
            summary = RunSummary(
                ok=False,
                online=False,
                error="This desk is not provisioned yet: an administrator provisions it on the "
                "Sync page. Policies stay queued here meanwhile.",
                error_zh="本设备尚未开通：请管理员在“同步”页面完成开通，保单会保存在本机队列中。",
            )
            return self._finish(status, summary)
        summary = RunSummary(ok=True, online=True)
        try:
            # First what head office holds of this device's numbers: a desk that must not draw
            # until it knows (restored from a backup) may issue again after this.
            self._learn_numbering(client.device_state())
            register_signing_key(self._ctx, client, self._clock())
            summary.rates = pull_rates(client, self._ctx.home, self._ctx.store)
            for refused in summary.rates.refused:
                log.warning("rate table v%s refused: %s", refused.version, refused.reason)
                self._ctx.audit.log(
                    "sync", "rates.refuse", "rate_table", refused.version, refused.reason
                )
            for version in summary.rates.installed:
                self._ctx.audit.log(
                    "sync", "rates.install", "rate_table", version, "from head office"
                )
            uploader = policy_uploader(
                self._ctx,
                HqTransport(client),
                self.answers,
                clock=self._clock,
                backoff=self._backoff,
                max_items=self._max_items,
            )
            while True:
                report = uploader.run_once(limit=ROUND_ROWS)
                _add(summary.upload, report)
                if report.link_error:
                    raise LinkDown(report.link_error)
                if report.sent < ROUND_ROWS:
                    break  # every row that was due has had its answer; the rest wait for their time
            # Endorsements and cancellations after the policies they change (sync/change_uploads.py).
            changes = change_uploader(
                self._ctx,
                client,
                clock=self._clock,
                backoff=self._backoff,
                max_items=self._max_items,
            )
            while True:
                report = changes.run_once(limit=ROUND_ROWS)
                _add(summary.upload, report)
                if report.link_error:
                    raise LinkDown(report.link_error)
                if report.sent < ROUND_ROWS:
                    break
            # After the changes' answers, so a refund requested in this very run is asked about.
            summary.refunds_paid = learn_paid_refunds(self._ctx, client)
            summary.poster_keys = self._stock_poster(client)
            summary.calls = QueuedCalls(self._ctx.store, self._clock, self._backoff).send_due(
                client
            )
            if summary.calls.link_error:
                # Head office answered everything else; a slow third-party source is not "offline".
                summary.error = f"look-ups waiting: {summary.calls.link_error}"
            # Last, so the head sent includes what this run recorded.
            summary.anchor = anchor_audit(self._ctx, client, self._clock())
            if summary.anchor.refused:
                summary.ok = False
                summary.error = f"audit log: {summary.anchor.refused}"
                summary.error_zh = summary.anchor.refused_zh
        except DeviceRevoked as exc:
            summary.ok, summary.error, summary.error_zh = False, exc.message, exc.zh
            status.revoked = True
        except LinkDown as exc:
            summary.ok, summary.online = False, False
            summary.error = f"Head office cannot be reached ({exc}); everything stays queued and is sent when the link is back."
            summary.error_zh = "无法连接总公司，所有数据保存在本机队列中，网络恢复后自动发送。"
        except ChudanError as exc:
            summary.ok, summary.error, summary.error_zh = False, exc.message, exc.zh
        finally:
            client.close()
            summary.confirmed = self.answers.take_confirmed()
        if summary.ok:
            status.revoked = False
        if summary.rates and summary.rates.refused and not summary.error:
            r = summary.rates.refused[0]
            summary.error, summary.error_zh = f"rate table refused: {r.reason}", r.reason_zh
        self._finish(status, summary)
        if self._on_confirmed:
            # After the commit: the formal PDF and e-policy release are the application's part.
            # Called after every run (the list may be empty), so the application can also pick up
            # policies confirmed before a crash that left their release undone.
            try:
                self._on_confirmed(summary.confirmed)
            except ChudanError as exc:
                log.error("after-confirmation step failed: %s", exc)
        return summary

    def _stock_poster(self, client: HqClient) -> int:
        """The printed poster's one-time keys topped up at head office on every run (docs/phone.md),
        so the poster keeps serving customers while nobody opens 手机填写. Nothing to do (and no
        request) before a poster was printed. A refusal here is logged, not the run's failure:
        the dialog tops up again and says why."""
        from sync.phone_inbox import PhoneInbox
        from sync.phone_keys import StoredKeys

        try:
            return PhoneInbox(client, keys=StoredKeys(self._ctx.store)).stock_poster()
        except DeviceRevoked:
            raise
        except ChudanError as exc:
            log.warning("poster keys not topped up: %s", exc.message)
            return 0

    def _learn_numbering(self, state: DeviceState) -> None:
        with self._ctx.store.write() as s:
            device = s.execute(
                select(Device).where(Device.hq_device_id == state.device_id)
            ).scalar_one_or_none()
            if device is None:
                return  # provisioned again meanwhile: the next run asks with the new token
            before = device.device_number
            if learned_from_hq(
                s, device, state.device_number, state.last_policy_number, self._clock()
            ):
                self._ctx.audit.record(
                    s,
                    SYNC_ACTOR.audit_name,
                    "device.number",
                    "device",
                    device.id,
                    f"head office assigned device number {state.device_number:02d} "
                    f"(was {before:02d})",
                )

    def _finish(self, status: SyncStatus, summary: RunSummary) -> RunSummary:
        status.online = summary.online
        now = iso(self._clock())
        if summary.ok:
            status.last_success = now
            if not summary.error:  # an error a successful run has put right is not shown again
                status.last_error = status.last_error_zh = ""
        if summary.error:
            status.last_error = f"{now} {summary.error}"
            status.last_error_zh = f"{now} {summary.error_zh or summary.error}"
        status.counts = self.queue_counts()
        save_status(self._ctx.store, status)
        return summary

    def ask(
        self,
        call: str,
        *,
        vin: str = "",
        plate: str = "",
        draft_id: str | None = None,
        wait_s: float = 5.0,
    ) -> tuple[dict[str, Any] | None, str | None]:
        """A look-up for the wizard: (answer, None) when head office answers at once, else
        (None, key) with the call queued for the next sync (`QueuedCalls.get(key)` shows the
        answer when it comes). Waits at most about `wait_s` for head office. Never raises for a
        broken link."""
        answer = self.ask_now(call, vin=vin, plate=plate, wait_s=wait_s)
        if answer is not None:
            return answer, None
        return None, self.queue(call, vin=vin, plate=plate, draft_id=draft_id)

    def ask_now(
        self, call: str, *, vin: str = "", plate: str = "", wait_s: float = 5.0
    ) -> dict[str, Any] | None:
        """Head office's answer if it gives one within about `wait_s`, else None. Network only:
        nothing is written (the window asks on its pool and queues on its write lane)."""
        calls = QueuedCalls(self._ctx.store, self._clock, self._backoff)
        try:
            client = self._client(read_timeout=wait_s, attempts=1)
        except ChudanError:
            return None
        if client is None:
            return None
        try:
            return calls.ask_now(client, call, vin=vin, plate=plate)
        except (LinkDown, DeviceRevoked) as exc:
            log.info("look-up %s not answered now: %s", call, exc)
            return None
        finally:
            client.close()

    def queue(
        self, call: str, *, vin: str = "", plate: str = "", draft_id: str | None = None
    ) -> str:
        """The look-up queued for the next sync (a store write); returns its key."""
        calls = QueuedCalls(self._ctx.store, self._clock, self._backoff)
        return calls.queue_lookup(call, vin=vin, plate=plate, draft_id=draft_id)

    def qr_payment(self, reference: str, wait_s: float = 3.0) -> dict[str, Any] | None:
        """Has the payment gateway reported this payment QR paid (through head office)? None when
        head office cannot be asked right now: the clerk can still confirm it by hand."""
        try:
            client = self._client(read_timeout=wait_s, attempts=1)
        except ChudanError:
            return None
        if client is None:
            return None
        try:
            return client.qr_payment(reference).model_dump(mode="json")
        except (LinkDown, ChudanError) as exc:
            log.info("QR payment %s not checked: %s", reference, type(exc).__name__)
            return None
        finally:
            client.close()

    def queue_counts(self) -> dict[str, int]:
        with self._ctx.store.read() as s:
            rows = s.execute(
                select(OutboxItem.kind, OutboxItem.status, func.count()).group_by(
                    OutboxItem.kind, OutboxItem.status
                )
            ).all()
        counts = {
            "policies_waiting": 0,
            "policies_rejected": 0,
            "calls_waiting": 0,
            "other_waiting": 0,
        }
        for kind, st, n in rows:
            if kind in UPLOAD_KINDS and st == "pending":
                counts["policies_waiting"] += n
            elif kind in UPLOAD_KINDS and st == "rejected":
                counts["policies_rejected"] += n
            elif kind in ("lookup", "referral") and st in ("pending", "submitted"):
                counts["calls_waiting"] += n
            elif st == "pending":
                counts["other_waiting"] += (
                    n  # endorsements and cancellations, until head office takes them
                )
        return counts

    def status(self) -> dict[str, Any]:
        """For the status bar and `chudan sync status`."""
        st = load_status(self._ctx.store)
        counts = self.queue_counts()
        device = load_device(self._ctx.store)
        table = table_status(
            self._ctx.home, self._clock().astimezone().date(), store=self._ctx.store
        )
        state = (
            "not_provisioned"
            if device is None
            else "revoked"
            if st.revoked
            else "never"
            if st.online is None
            else "online"
            if st.online
            else "offline"
        )
        return {
            "state": state,
            "online": bool(st.online),
            "provisioned": device is not None,
            "hq_url": device.hq_url if device else None,
            "device_id": device.device_id if device else None,
            "queue_length": counts["policies_waiting"]
            + counts["calls_waiting"]
            + counts["other_waiting"],
            **counts,
            "last_attempt": st.last_attempt or None,
            "last_success": st.last_success or None,
            "last_error": st.last_error or None,
            "last_error_zh": st.last_error_zh or None,
            "rate_table": table.to_json(),
        }


def _add(total: RunReport, part: RunReport) -> None:
    total.sent += part.sent
    total.accepted += part.accepted
    total.duplicates += part.duplicates
    total.rejected += part.rejected
    total.retry += part.retry
    total.link_error = part.link_error or total.link_error


__all__ = ["RunSummary", "SyncWorker"]
