"""Sign the illustrative rate table with the DEMO head-office key.

    .venv/bin/python scripts/sign_demo_rates.py [--version N]

Reads resources/rates/demo-table.json (the editable source), writes resources/rates/default.json
(signed) and resources/keys/hq_demo_public.pem. The demo private key is derived from a published
seed, so it protects nothing: it exists only so a fresh install can quote before it is
provisioned. A real head office signs with its own key (`chudan-hq keys init`)."""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.rating.signing import sign_table  # noqa: E402

DEMO_SEED = "chudan demo head-office key - NOT FOR PRODUCTION"


def demo_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(DEMO_SEED.encode()).digest())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--version", type=int)
    args = ap.parse_args()
    source = json.loads((ROOT / "resources/rates/demo-table.json").read_text(encoding="utf-8"))
    if args.version:
        source["version"] = args.version
    key = demo_private_key()
    signed = sign_table(source, key)
    (ROOT / "resources/rates/default.json").write_text(
        json.dumps(signed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (ROOT / "resources/keys/hq_demo_public.pem").write_bytes(pem)
    print(f"signed version {signed['version']} with demo key {signed['signature']['key_id']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
