"""The desk's own TLS certificate for the LAN server: self-signed (no public CA issues one for a
private address), made once with `cryptography` and kept in `<data>/lan/` with its key (mode
0600), made again when the address the server is bound to is not in it. Phones do not trust it
by themselves: docs/phone.md says what they show and how an outlet installs it."""

from __future__ import annotations

import hashlib
import ipaddress
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CERT_FILE = "desk-lan.crt"
KEY_FILE = "desk-lan.key"
# A phone that trusted it once should not have to again soon; a new address makes a new one.
VALID_FOR = timedelta(days=825)  # the longest validity Apple's devices accept for a TLS leaf


@dataclass(frozen=True)
class DeskCertificate:
    cert_file: Path
    key_file: Path
    fingerprint: str  # SHA-256 of the DER certificate, "AB:CD:..." as phones show it

    @property
    def pem(self) -> bytes:
        return self.cert_file.read_bytes()


def _fingerprint(cert: x509.Certificate) -> str:
    digest = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _covers(cert: x509.Certificate, host: str, now: datetime) -> bool:
    if cert.not_valid_after_utc - timedelta(days=30) < now:
        return False
    try:
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    try:
        return ipaddress.ip_address(host) in names.get_values_for_type(x509.IPAddress)
    except ValueError:
        return host in names.get_values_for_type(x509.DNSName)


def desk_certificate(folder: Path, host: str, outlet_name: str = "") -> DeskCertificate:
    """The certificate for `host` (an IP address or a name), made now if none covers it."""
    folder.mkdir(parents=True, exist_ok=True)
    cert_file, key_file = folder / CERT_FILE, folder / KEY_FILE
    now = datetime.now(UTC)
    if cert_file.exists() and key_file.exists():
        cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
        if _covers(cert, host, now):
            return DeskCertificate(cert_file, key_file, _fingerprint(cert))
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, f"Chudan desk {outlet_name or host}"[:64])]
    )
    alt: list[x509.GeneralName] = [x509.DNSName("localhost")]
    for h in dict.fromkeys([host, "127.0.0.1"]):
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(h)))
        except ValueError:
            alt.append(x509.DNSName(h))
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + VALID_FOR)
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        # A CA certificate for itself only, so Android and iOS let it be installed as the
        # outlet's trusted certificate (they install CA certificates, not leaves).
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(key_pem)
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return DeskCertificate(cert_file, key_file, _fingerprint(cert))
