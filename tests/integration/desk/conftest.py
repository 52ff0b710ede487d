"""A demo desk made once per module and copied for each test: the bad-input battery and the
command-line account tests start every probe from the same desk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CHEAP_PASSWORDS


@pytest.fixture(scope="module")
def demo_desk_template(tmp_path_factory, store_template) -> Path:
    from app.access.passwords import PasswordHashing
    from app.desk.context import AppContext
    from tests.support.bad_input import make_desk
    from tests.support.stores import copy_store

    home = tmp_path_factory.mktemp("demo-desk") / "home"
    home.mkdir()
    copy_store(store_template, home)  # migrated once per session
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHUDAN_KEYRING", "off")
        mp.setattr(AppContext, "default_passwords", PasswordHashing(*CHEAP_PASSWORDS))
        make_desk(home)
    return home


@pytest.fixture
def demo_desk(demo_desk_template, tmp_path, monkeypatch) -> Path:
    """A copy of the demo desk (admin / supervisor / clerk, the demo passwords) as CHUDAN_HOME."""
    from tests.support.bad_input import copy_desk

    home = tmp_path / "desk"
    copy_desk(demo_desk_template, home)
    monkeypatch.setenv("CHUDAN_HOME", str(home))
    return home
