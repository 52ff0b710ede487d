"""When head office confirms a bound policy, the outlet renders the formal policy (机动车保险单 with
the confirmation code, no longer 暂保单) and releases the e-policy to the customer (after bind,
head office's intake). Head office's answer is recorded here through the lifecycle as the sync worker
does; the e-mail goes through a real SMTP server on loopback."""

from __future__ import annotations

import copy
import subprocess
from email import message_from_bytes
from email.policy import default as default_policy

from sqlalchemy import select

from app.access.permissions import system_actor
from app.core.money import fmt_amount
from app.delivery.service import SmtpSettings
from app.issuance.lifecycle import Event, Lifecycle
from local_db.models import Delivery, Document, Policy
from tests.support.examples import POLICY_REQUEST


def _confirm(ctx, policy_id: str, code: str) -> None:
    with ctx.store.write() as s:
        policy = s.get(Policy, policy_id)
        policy.confirmation_code = code
        policy.confirmed_at = ctx.clock()
        Lifecycle(ctx.audit).apply(
            s, policy, Event.CONFIRM, system_actor("sync"), f"head office {code}"
        )


def _text(path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_confirmation_renders_the_formal_policy_and_mails_it_once(desk, smtp_server, tmp_path):
    ctx, clerk = desk
    inbox, port = smtp_server
    request = copy.deepcopy(POLICY_REQUEST)
    request["policyholder"]["email"] = "zhang.wei@example.com"
    r = ctx.issuance.issue(clerk, request)
    assert ctx.formal_policies.release([r.policy_id]) == []  # bound, not confirmed: nothing yet
    _confirm(ctx, r.policy_id, "HQ7K2M9Q")

    (path,) = ctx.formal_policies.release([r.policy_id])
    text = _text(path)
    assert "机动车保险单" in text and "暂保单" not in text and "HQ7K2M9Q" in text
    assert r.policy_number in text and fmt_amount(r.total) in text
    assert "110***********1238" in text and "110105198507231238" not in text
    # what CTPL requires on paper, as on the cover note: the limits in figures, the tax as its
    # certificate, the insurer and hotline, the clause set, and the float notice
    assert "依法定限额" not in text and "180,000.00" in text and "18,000.00" in text
    assert "代收车船税（完税凭证）" in text and "理赔报案电话 Claims hotline" in text
    assert "商业险适用条款 Commercial clauses：机动车商业保险示范条款（2020版）" in text
    assert "机动车交通事故责任强制保险费率浮动告知单" in text
    assert _text(r.pdf_path).count("暂保单") >= 1  # the cover note stays as it was printed
    assert ctx.formal_policies.release([r.policy_id]) == []  # never twice

    with ctx.store.read() as s:
        kinds = sorted(
            d.kind
            for d in s.execute(select(Document).where(Document.policy_id == r.policy_id)).scalars()
        )
        assert kinds == ["cover_note", "policy", "signature"]
        (delivery,) = s.execute(select(Delivery)).scalars()
        assert (delivery.channel, delivery.address, delivery.status) == (
            "email",
            "zhang.wei@example.com",
            "pending",
        )

    run = ctx.deliveries.send_pending(
        SmtpSettings(host="127.0.0.1", port=port, sender="policy@insurer.example", security="none")
    )
    assert run.sent == 1
    ((rcpt, raw),) = inbox.messages
    msg = message_from_bytes(raw, policy=default_policy)
    (attachment,) = list(msg.iter_attachments())
    saved = tmp_path / "mailed.pdf"
    saved.write_bytes(attachment.get_content())
    assert rcpt == ["zhang.wei@example.com"] and "HQ7K2M9Q" in _text(saved)
    assert any(e.action == "policy.formal_issued" for e in ctx.audit.recent(5))


def test_without_e_mail_the_e_policy_goes_by_text_message(desk):
    ctx, clerk = desk
    request = copy.deepcopy(POLICY_REQUEST)
    request["policyholder"].pop("email", None)
    r = ctx.issuance.issue(clerk, request)
    _confirm(ctx, r.policy_id, "HQ0000AA")
    ctx.formal_policies.release([r.policy_id])
    with ctx.store.read() as s:
        (delivery,) = s.execute(select(Delivery)).scalars()
        assert delivery.channel == "sms" and delivery.address == request["policyholder"]["phone"]


def test_a_confirmed_policy_left_without_its_formal_pdf_is_found_again(desk):
    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, copy.deepcopy(POLICY_REQUEST))
    assert ctx.formal_policies.pending() == []  # bound, not confirmed
    _confirm(ctx, r.policy_id, "HQ1111AA")  # ...and the process died before the formal PDF
    assert ctx.formal_policies.pending() == [r.policy_id]
    ctx.formal_policies.release(ctx.formal_policies.pending())
    assert ctx.formal_policies.pending() == []


def test_pdfs_outside_the_store_are_private_and_cleared_yet_always_there_when_opened(desk):
    """The store keeps each PDF encrypted; the plain copy a viewer needs sits in <data>/print,
    readable by the user alone, and goes when the window closes (or at the next start after a
    power cut). Opening the policy again writes it back from the store, the same bytes."""
    import stat

    from app.issuance.formal import clear_print_folder

    ctx, clerk = desk
    r = ctx.issuance.issue(clerk, copy.deepcopy(POLICY_REQUEST))
    printed = r.pdf_path.read_bytes()
    assert r.pdf_path.parent == ctx.home / "print"
    assert stat.S_IMODE(r.pdf_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(r.pdf_path.parent.stat().st_mode) == 0o700
    legacy = ctx.home / "policies" / "OLD-cover-note.pdf"  # what an earlier version left for good
    legacy.parent.mkdir()
    legacy.write_bytes(b"%PDF-1.4 old")

    assert clear_print_folder(ctx.home) == 2
    assert not r.pdf_path.exists() and not legacy.exists()
    again = ctx.policies.pdf_file(clerk, r.policy_id, "cover_note", ctx.home)
    assert again == r.pdf_path and again.read_bytes() == printed
