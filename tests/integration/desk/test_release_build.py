"""Release builds: no demo key, no `chudan demo`. The flag is the module `chudan_build_flavour`
that the bundle's build writes (shipping/flavour.py); here it is put on the path of a real
`chudan` process, or into sys.modules for in-process checks, exactly as the bundle carries it.
installer-check repeats the command-line checks on the frozen release bundle."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import types

import pytest

from app.core.build_flavour import DEMO_KEY_ID, is_release
from app.core.errors import ChudanError
from app.rating.installed import BUNDLED_TABLE, DEMO_PUBLIC_KEY, InstalledTables
from app.rating.signing import key_id, load_public_key
from shipping.flavour import write_flavour_module
from tests.support.paths import REPO


@pytest.fixture
def release_build(monkeypatch):
    module = types.ModuleType("chudan_build_flavour")
    module.FLAVOUR = "release"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "chudan_build_flavour", module)
    assert is_release()


def test_the_demo_key_id_in_the_code_is_the_bundled_demo_key():
    assert key_id(load_public_key(DEMO_PUBLIC_KEY.read_bytes())) == DEMO_KEY_ID


def test_a_release_desk_installs_no_table_before_provisioning(release_build, chudan_home):
    with pytest.raises(ChudanError, match="not provisioned"):
        InstalledTables(chudan_home).newest()
    assert not (chudan_home / "rates").exists()


def test_a_release_desk_refuses_a_demo_signed_table(release_build, chudan_home):
    """A head office that still signs with the demo key (its seed is public) is refused."""
    (chudan_home / "keys").mkdir()
    shutil.copy(DEMO_PUBLIC_KEY, chudan_home / "keys" / "hq_public.pem")
    with pytest.raises(ChudanError, match="public demo key"):
        InstalledTables(chudan_home).install_bytes(BUNDLED_TABLE.read_bytes())
    assert not (chudan_home / "rates").exists()


def test_a_development_desk_still_installs_the_demo_table(chudan_home):
    assert not is_release()
    assert InstalledTables(chudan_home).newest().illustrative


def _chudan(tmp_path, flavour: str | None, *args: str) -> subprocess.CompletedProcess:
    extra = []
    if flavour:
        extra = [str(write_flavour_module(tmp_path / flavour, flavour).parent)]
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "CHUDAN_HOME": str(home),
        "CHUDAN_KEYRING": "off",
        "PYTHONPATH": os.pathsep.join([*extra, str(REPO)]),
    }
    return subprocess.run(
        [sys.executable, "-m", "cli.launcher", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.live
def test_a_release_build_has_no_demo_command_and_says_what_it_is(tmp_path):
    r = _chudan(tmp_path, "release", "demo")
    assert r.returncode == 2 and "invalid choice: 'demo'" in r.stderr
    r = _chudan(tmp_path, "release", "--version")
    assert r.stdout.strip() == f"chudan {__import__('app').__version__}"
    r = _chudan(tmp_path, "release", "quote", str(REPO / "resources/examples/quote-request.json"))
    assert r.returncode == 1 and "not provisioned" in r.stderr and "Traceback" not in r.stderr
    r = _chudan(tmp_path, "development", "--version")
    assert r.stdout.strip().endswith("(development build)")
    r = _chudan(tmp_path, None, "demo", "--json")
    assert r.returncode == 0, r.stderr


def _demo_private_key():
    """The demo head office's key, from the script that signs the demo table (its seed is public)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "sign_demo_rates", REPO / "scripts" / "sign_demo_rates.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.demo_private_key()


def test_a_release_desk_refuses_provisioning_by_a_head_office_on_the_demo_key(
    release_build, app_ctx, tmp_path
):
    from app.access.permissions import system_actor
    from hq import provisioning_file as hq_file
    from sync.provisioning import Provisioner

    path = tmp_path / "desk.chudan-provisioning.json"
    hq_file.write(path, hq_file.build(_demo_private_key(), "dev-1", "DEMO01", "t" * 32))
    with pytest.raises(ChudanError, match="public demo key"):
        Provisioner(app_ctx).from_file(system_actor("tester"), path, region="110000")
    assert not (app_ctx.home / "keys" / "hq_public.pem").exists()
