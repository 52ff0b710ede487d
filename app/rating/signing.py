"""Signing and verifying rate tables: Ed25519 over the canonical encoding of the table without
its `signature` (sorted keys, no spaces, UTF-8). Head office signs with the same function."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pydantic import ValidationError

from app.core.errors import ChudanError
from app.core.json_input import parse_json
from app.core.problems import translate
from app.rating.table import RateTable


class RateTableError(ChudanError):
    """The table is refused; the message says why and what to do."""


def canonical_bytes(doc: dict[str, Any]) -> bytes:
    body = {k: v for k, v in doc.items() if k != "signature"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def sign_table(doc: dict[str, Any], private_key: Ed25519PrivateKey) -> dict[str, Any]:
    """Validate and sign; returns a new document with `signature`."""
    parse_table(doc)  # never sign what the engine would refuse
    sig = private_key.sign(canonical_bytes(doc))
    return {
        **{k: v for k, v in doc.items() if k != "signature"},
        "signature": {
            "alg": "Ed25519",
            "key_id": key_id(private_key.public_key()),
            "value": base64.b64encode(sig).decode("ascii"),
        },
    }


def parse_table(doc: Any) -> RateTable:
    """Validate a table document; the error names the JSON path of the first problem."""
    if not isinstance(doc, dict):
        raise RateTableError("A rate table must be a JSON object.", zh="费率表必须是 JSON 对象。")
    try:
        return RateTable.model_validate({k: v for k, v in doc.items() if k != "signature"})
    except ValidationError as exc:
        first = translate(exc.errors()[0])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        more_zh = f"（另有 {exc.error_count() - 1} 处）" if exc.error_count() > 1 else ""
        raise RateTableError(
            f"The rate table is malformed at {first.path}: {first.en}{more}. Ask head office for a corrected table.",
            zh=f"费率表格式错误，位置 {first.path}：{first.zh}{more_zh}。请向总公司索取正确的费率表。",
        ) from exc


def load_document(raw: bytes | str) -> dict[str, Any]:
    doc = parse_json(raw, what="The rate table", error=RateTableError)
    if not isinstance(doc, dict):
        raise RateTableError("A rate table must be a JSON object.", zh="费率表必须是 JSON 对象。")
    return doc


def verify_table(doc: dict[str, Any], public_key: Ed25519PublicKey) -> RateTable:
    """Check the signature against head office's key, then validate. Refuses unsigned or altered tables."""
    sig = doc.get("signature")
    if not isinstance(sig, dict) or "value" not in sig:
        raise RateTableError(
            "The rate table is not signed; only tables signed by head office can be used.",
            zh="费率表未签名，只能使用总公司签发的费率表。",
        )
    try:
        # The key id and algorithm are outside the signed bytes: they must name the trusted key.
        if (
            set(sig) != {"alg", "key_id", "value"}
            or sig["alg"] != "Ed25519"
            or sig["key_id"] != key_id(public_key)
        ):
            raise ValueError("the signature names another key or algorithm")
        public_key.verify(base64.b64decode(sig["value"], validate=True), canonical_bytes(doc))
    except (InvalidSignature, ValueError, TypeError) as exc:
        raise RateTableError(
            "The rate table's signature does not match head office's key: it was altered or comes from "
            "someone else. Do not use it; ask head office for the table.",
            zh="费率表签名校验失败：文件被改动或并非总公司签发，请勿使用，并向总公司索取。",
        ) from exc
    return parse_table(doc)


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise RateTableError(
            "Head office's key is not an Ed25519 public key.", zh="总公司公钥格式不正确。"
        )
    return key


def load_private_key(pem: bytes) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError) as exc:  # not PEM, damaged, or protected by a passphrase
        raise RateTableError(
            "The signing key is not an unencrypted PEM private key; give the Ed25519 key file "
            "head office signs with.",
            zh="签名私钥不是未加密的 PEM 私钥，请提供总公司签名用的 Ed25519 私钥文件。",
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise RateTableError(
            "The signing key is not an Ed25519 private key.", zh="签名私钥格式不正确。"
        )
    return key
