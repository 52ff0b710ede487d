"""Provisioning a desk: once, online with a one-time enrolment code, or offline from head
office's signed provisioning file. Either way the desk ends up with its device id and token
(kept in the encrypted store), head office's address, head office's public key
(`<data>/keys/hq_public.pem`, which from then on verifies rate tables) and the CA head office's
TLS certificate is checked against (`<data>/keys/hq_ca.pem`).

Trust: online, the enrolment code is the secret and TLS (the CA given with `--ca`, else the
system's) protects the answer. A provisioning file carries the key that signed it, so its
signature only proves the file was not altered after signing; trusting the key itself is
trust-on-first-use. `--fingerprint` (printed by head office next to the file) closes that gap,
and a desk that already trusts a key never switches to another without `--force` AND a
matching fingerprint."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError
from sqlalchemy import func, select

from app.access.permissions import CurrentUser, Permission, require
from app.core.build_flavour import refuse_demo_key_in_release
from app.core.errors import ChudanError, InvalidInput
from app.core.input_files import read_user_file
from app.core.json_input import load_json_file
from app.core.limits import MAX_KEY_FILE_BYTES
from app.issuance.policy_numbers import provisioned
from app.rating.signing import RateTableError, load_document, verify_table
from local_db.models import Device, Outlet
from sync.client import DeviceRevoked, HqClient
from sync.outbox import LinkDown
from sync.protocol import ProvisioningFile, ProvisionRequest
from sync.signing_key import register_signing_key
from sync.state import (
    DEVICE_KEY,
    TOKEN_KEY,
    DeviceConfig,
    ca_path,
    iso,
    load_device,
    public_key_path,
)


@dataclass
class ProvisionResult:
    device_id: str
    outlet_code: str
    hq_url: str
    method: str
    key_fingerprint: str
    ca_installed: bool
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "device_id": self.device_id,
            "outlet_code": self.outlet_code,
            "hq_url": self.hq_url,
            "method": self.method,
            "key_fingerprint": self.key_fingerprint,
            "ca_installed": self.ca_installed,
            "notes": self.notes,
        }


def _raw_key(b64: str) -> bytes:
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ChudanError(
            "Head office's public key is not valid base64; ask head office for a new provisioning.",
            zh="总公司公钥格式错误，请联系总部重新开通。",
        ) from exc
    if len(raw) != 32:
        raise ChudanError(
            "Head office's public key is not an Ed25519 key; ask head office for a new provisioning.",
            zh="总公司公钥不是 Ed25519 公钥，请联系总部重新开通。",
        )
    return raw


def fingerprint(raw_key: bytes) -> str:
    """SHA-256 of the raw key, hex: what head office prints next to a provisioning file."""
    return hashlib.sha256(raw_key).hexdigest()


def _fingerprint_matches(raw_key: bytes, given: str) -> bool:
    wanted = "".join(ch for ch in given.lower() if ch in "0123456789abcdef")
    return len(wanted) >= 16 and fingerprint(raw_key).startswith(wanted)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _installed_key(home: Path) -> bytes | None:
    path = public_key_path(home)
    if not path.exists():
        return None
    key = serialization.load_pem_public_key(path.read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        return None
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def retire_untrusted_tables(home: Path, key: Ed25519PublicKey) -> list[int]:
    """Move installed tables the new key does not verify (the bundled demo table) to
    `rates/retired/`: they could price nothing any more, and left in place their version numbers
    would make head office's own tables look like a rollback."""
    rates = home / "rates"
    if not rates.exists():
        return []
    retired: list[int] = []
    for path in sorted(rates.glob("v*.json")):
        if not path.stem[1:].isdigit():
            continue
        try:
            verify_table(load_document(path.read_bytes()), key)
        except RateTableError:
            (rates / "retired").mkdir(exist_ok=True)
            target = rates / "retired" / path.name
            n = 1
            while target.exists():  # an earlier key's table of the same version is kept too
                target = rates / "retired" / f"{path.stem}.{n}.json"
                n += 1
            os.replace(path, target)
            retired.append(int(path.stem[1:]))
    return retired


def _free_device_number(s: Any, outlet_id: int, number: int, keep: Device) -> None:
    """Another local row of the outlet with the number head office just gave this desk (a demo
    device, or an earlier identity) steps aside: numbers are unique per outlet here too."""
    other = s.execute(
        select(Device).where(
            Device.outlet_id == outlet_id, Device.device_number == number, Device.id != keep.id
        )
    ).scalar_one_or_none()
    if other is not None:
        top = s.execute(
            select(func.max(Device.device_number)).where(Device.outlet_id == outlet_id)
        ).scalar_one()
        other.device_number = max(top, number) + 1
        s.flush()


class Provisioner:
    """`ctx` is an AppContext (home, store, audit, secure_settings)."""

    def __init__(self, ctx: Any, client_factory: Callable[..., HqClient] = HqClient) -> None:
        self._ctx = ctx
        self._client_factory = client_factory

    def _check_can(self, actor: CurrentUser, force: bool) -> None:
        require(actor, Permission.MANAGE_SETTINGS)
        existing = load_device(self._ctx.store)
        if existing is not None and not force:
            raise ChudanError(
                f"This desk is already provisioned (device {existing.device_id}, outlet {existing.outlet_code}). "
                "Provisioning again replaces its identity; add --force if that is what head office asked for.",
                zh=f"本设备已开通（设备 {existing.device_id}，网点 {existing.outlet_code}）。重新开通会替换设备身份，"
                "如确需重新开通请加 --force。",
            )

    def _need_region(self, region: str | None) -> None:
        # Checked before the one-time code is spent: a desk with no outlet yet must be told its region.
        with self._ctx.store.read() as s:
            has_outlet = s.execute(select(Outlet.id)).first() is not None
        if not has_outlet and not region:
            raise InvalidInput(
                "This desk has no outlet yet: give the outlet's region code (--region 110000).",
                zh="本设备尚无网点信息，请提供网点行政区划代码（--region 110000）。",
            )

    def online(
        self,
        actor: CurrentUser,
        url: str,
        code: str,
        *,
        ca_file: Path | None = None,
        force: bool = False,
        region: str | None = None,
        device_name: str = "",
    ) -> ProvisionResult:
        self._check_can(actor, force)
        self._need_region(region)
        try:  # the code as typed, checked before anything is sent
            ProvisionRequest(code=code, device_name=device_name)
        except ValidationError as exc:
            raise InvalidInput(
                "That is not an enrolment code: head office prints one of 16 letters and digits "
                "with `chudan-hq device provision`. Type it again.",
                zh="开通码格式不正确：总部打印的开通码为 16 位字母和数字，请重新输入。",
            ) from exc
        ca_pem_given = None
        if ca_file is not None:
            ca_pem_given = read_user_file(
                ca_file, what="the CA certificate", max_bytes=MAX_KEY_FILE_BYTES
            )
        client = self._client_factory(url, ca_file=ca_file)
        try:
            answer = client.provision(code, device_name)
        finally:
            client.close()
        ca_pem = answer.ca_cert_pem.encode() if answer.ca_cert_pem else ca_pem_given
        result = self._store(
            actor,
            hq_url=answer.hq_url or client.base_url,
            device_id=answer.device_id,
            outlet_code=answer.outlet_code,
            device_number=answer.device_number,
            token=answer.token,
            public_key_b64=answer.hq_public_key,
            ca_pem=ca_pem,
            method="online",
            region=region,
            force=force,
        )
        self._register_signing_key(answer.hq_url or client.base_url, answer.token, ca_file, result)
        return result

    def _register_signing_key(
        self, url: str, token: str, ca_file: Path | None, result: ProvisionResult
    ) -> None:
        """While head office is on the line: the key the desk's documents are signed with from
        now on. If this fails the next sync tries again; provisioning itself has succeeded."""
        ca = ca_path(self._ctx.home)
        client = self._client_factory(url, token=token, ca_file=ca if ca.exists() else ca_file)
        try:
            if not register_signing_key(self._ctx, client, self._ctx.clock()):
                result.notes.append("document-signing key not yet registered (next sync)")
        except (LinkDown, DeviceRevoked) as exc:
            result.notes.append(f"document-signing key not yet registered (next sync): {exc}")
        finally:
            client.close()

    def from_file(
        self,
        actor: CurrentUser,
        path: Path,
        *,
        force: bool = False,
        expected_fingerprint: str = "",
        url: str = "",
        region: str | None = None,
    ) -> ProvisionResult:
        self._check_can(actor, force)
        self._need_region(region)
        doc = load_json_file(path, what="the provisioning file", max_bytes=MAX_KEY_FILE_BYTES * 4)
        try:
            pf = ProvisioningFile.model_validate(doc)
        except ValidationError as exc:
            raise InvalidInput(
                f"{path} is not a Chudan provisioning file; ask head office for a new one.",
                zh=f"{path} 不是有效的开通文件，请向总部索取新的开通文件。",
            ) from exc
        raw = _raw_key(pf.payload.hq_public_key)
        try:
            Ed25519PublicKey.from_public_bytes(raw).verify(
                base64.b64decode(pf.signature, validate=True), pf.signed_bytes()
            )
        except (InvalidSignature, binascii.Error, ValueError) as exc:
            raise ChudanError(
                "The provisioning file has been altered or damaged (its signature does not match); "
                "nothing was changed. Ask head office for a new file.",
                zh="开通文件已被改动或损坏（签名不符），未做任何更改。请向总部索取新的开通文件。",
            ) from exc
        if expected_fingerprint and not _fingerprint_matches(raw, expected_fingerprint):
            raise ChudanError(
                f"The provisioning file was signed with key {fingerprint(raw)[:16]}…, not the one head office gave "
                "you; nothing was changed. Check the fingerprint with head office.",
                zh="开通文件的签名公钥与总部提供的指纹不符，未做任何更改，请与总部核对。",
            )
        installed = _installed_key(self._ctx.home)
        if (
            installed is not None
            and installed != raw
            and not _fingerprint_matches(raw, expected_fingerprint)
        ):
            raise ChudanError(
                "This file is signed by a different head-office key than the one this desk trusts; give --fingerprint "
                "(from head office) to switch keys. Nothing was changed.",
                zh="该开通文件的签名公钥与本设备已信任的公钥不同；如需更换，请提供总部给出的指纹（--fingerprint）。",
            )
        p = pf.payload
        return self._store(
            actor,
            hq_url=url or p.hq_url,
            device_id=p.device_id,
            outlet_code=p.outlet_code,
            device_number=p.device_number,
            token=p.token,
            public_key_b64=p.hq_public_key,
            ca_pem=p.ca_cert_pem.encode() if p.ca_cert_pem else None,
            method="file",
            region=region,
            force=force,
        )

    def _store(
        self,
        actor: CurrentUser,
        *,
        hq_url: str,
        device_id: str,
        outlet_code: str,
        device_number: int | None,
        token: str,
        public_key_b64: str,
        ca_pem: bytes | None,
        method: str,
        region: str | None,
        force: bool,
    ) -> ProvisionResult:
        notes: list[str] = []
        home: Path = self._ctx.home
        fp = ""
        if public_key_b64:
            raw = _raw_key(public_key_b64)
            fp = fingerprint(raw)
            refuse_demo_key_in_release(fp)
            pem = Ed25519PublicKey.from_public_bytes(raw).public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            _write_atomically(public_key_path(home), pem)
            retired = retire_untrusted_tables(home, Ed25519PublicKey.from_public_bytes(raw))
            if retired:
                notes.append(
                    "rate tables not signed by this head office were set aside: "
                    + ", ".join(f"v{v}" for v in retired)
                    + " (the next sync installs head office's)"
                )
        else:
            notes.append(
                "head office sent no public key: rate tables cannot be verified until it does"
            )
        if ca_pem:
            try:
                x509.load_pem_x509_certificate(ca_pem)
            except ValueError as exc:
                raise ChudanError(
                    "Head office's CA certificate is not a PEM certificate; ask head office.",
                    zh="总公司 CA 证书格式错误，请联系总部。",
                ) from exc
            _write_atomically(ca_path(home), ca_pem)
        elif hq_url.startswith("https"):
            notes.append(
                "no CA certificate given: head office's certificate is checked against the system's CAs"
            )
        now = self._ctx.clock()
        config = DeviceConfig(
            hq_url=hq_url,
            device_id=device_id,
            outlet_code=outlet_code,
            provisioned_at=iso(now),
            method=method,
        )
        self._ctx.secure_settings.set(actor, DEVICE_KEY, config.__dict__.copy())
        self._ctx.secure_settings.set(actor, TOKEN_KEY, token)
        with self._ctx.store.write() as s:
            outlet = s.execute(
                select(Outlet).where(Outlet.code == outlet_code)
            ).scalar_one_or_none()
            if outlet is None:
                other = s.execute(select(Outlet).order_by(Outlet.id)).scalars().first()
                outlet = Outlet(
                    code=outlet_code,
                    name=outlet_code,
                    region_code=region or (other.region_code if other else ""),
                )
                s.add(outlet)
                s.flush()
                notes.append(f"created outlet {outlet_code}")
            device = (
                s.execute(
                    select(Device)
                    .where(Device.outlet_id == outlet.id)
                    .order_by(Device.hq_device_id.is_(None), Device.device_number)
                )
                .scalars()
                .first()
            )
            if device is None:
                device = Device(outlet_id=outlet.id, device_number=device_number or 1, name="desk")
                s.add(device)
            elif device_number is not None and device.device_number != device_number:
                _free_device_number(s, outlet.id, device_number, device)
                device.device_number = device_number
            device.hq_device_id = device_id
            device.provisioned_at = now
            s.flush()
            # A new identity, a range of numbers no earlier store of this desk drew from.
            provisioned(s, device_number, now)
            self._ctx.audit.record(
                s,
                actor.audit_name,
                "device.provision",
                "device",
                device.id,
                f"{method}: outlet {outlet_code}, hq device {device_id}"
                + (f" (number {device_number:02d})" if device_number else "")
                + f", key {fp[:16]}"
                + (" (forced)" if force else ""),
            )
        # From now on the audit log is sealed with a key outside the store (app/access/audit.py).
        self._ctx.audit.start_seal()
        return ProvisionResult(device_id, outlet_code, hq_url, method, fp, bool(ca_pem), notes)


__all__ = ["ProvisionResult", "Provisioner", "fingerprint"]
