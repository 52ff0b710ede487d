"""Development or release build.

A checkout and `chudan-dev` are development builds: they trust the bundled demo head-office key
(its private seed is public, in scripts/sign_demo_rates.py), install the illustrative table
signed with it and offer `chudan demo`. A release bundle carries a module `chudan_build_flavour`
written by the build (build_installer.spec) saying "release": it trusts only the key head office
hands over at provisioning, refuses a table or a provisioning signed with the demo key, and has
no `demo` command. The flag is compiled into the bundle, not read from the environment, so no
setting on an outlet PC can turn a release build back into a demo."""

from __future__ import annotations

import importlib

# The demo head office's key id (app.rating.signing.key_id of resources/keys/hq_demo_public.pem;
# a test keeps the two equal). Kept here because release bundles do not ship the key file.
DEMO_KEY_ID = "99cd4a6aabc06d0b"


def flavour() -> str:
    try:
        module = importlib.import_module("chudan_build_flavour")
    except ImportError:
        return "development"
    return "release" if getattr(module, "FLAVOUR", "") == "release" else "development"


def is_release() -> bool:
    return flavour() == "release"


def refuse_demo_key_in_release(key_id: str) -> None:
    """A release build never trusts the demo key: a head office still signing with it (a test
    set-up copied to production) is stopped at provisioning and at every rate table."""
    from app.core.errors import ChudanError

    if is_release() and key_id[: len(DEMO_KEY_ID)] == DEMO_KEY_ID:
        raise ChudanError(
            "Head office signs with the public demo key, which this release build does not trust: "
            "head office must create its own key (`chudan-hq keys init`) and provision this desk again.",
            zh="总公司仍在使用公开的演示签名密钥，正式版不予信任：请总公司生成自己的密钥"
            "（chudan-hq keys init）后重新开通本机。",
        )


def not_provisioned_error() -> Exception:
    from app.core.errors import ChudanError

    return ChudanError(
        "This desk is not provisioned yet, so it has no rate table: enrol it with head office "
        "(设置 → 同步, or `chudan sync provision`), then sync.",
        zh="本机尚未开通，还没有费率表：请先向总公司开通（设置 → 同步，或 chudan sync provision），再同步。",
    )
