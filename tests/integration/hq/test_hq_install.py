"""Head office installs without the desk: shipping/hq/install.sh (what the Containerfile runs,
and the same packages as `pip install "chudan[hq]"`) into a fresh venv pulls neither Qt nor OCR
nor SQLCipher, and the installed `chudan-hq` migrates a database named only by the
environment. A real venv and real pip (packages from the index this machine uses)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib

import pytest

from tests.support.paths import REPO

DESK_ONLY = ("PySide6", "cv2", "onnxruntime", "rapidocr", "sqlcipher3", "keyring")


def test_the_hq_requirements_match_the_hq_extra():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = {
        line.split("#")[0].strip()
        for line in (REPO / "requirements-hq.txt").read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    }

    def name(spec: str) -> str:
        return spec.split(">")[0].split("=")[0].split("[")[0].lower()

    wanted = {name(s) for s in project["dependencies"] + project["optional-dependencies"]["hq"]}
    assert {name(s) for s in listed} == wanted
    assert not any(name(s) in {d.lower() for d in DESK_ONLY} for s in listed)


def _checkout_copy(dest):
    """The files git would commit: what a clone (and the container's build context) holds."""
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        src = REPO / name.decode()
        if src.is_file():
            (dest / name.decode()).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name.decode())


@pytest.mark.slow
@pytest.mark.live
def test_head_office_installs_and_runs_without_the_desk(tmp_path):
    source = tmp_path / "src"
    _checkout_copy(source)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    r = subprocess.run(
        ["sh", str(source / "shipping" / "hq" / "install.sh"), str(python), str(source)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().startswith("chudan-hq ")
    probe = f"import importlib.util as u; print([m for m in {DESK_ONLY!r} if u.find_spec(m)])"
    found = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert found.stdout.strip() == "[]", found.stdout + found.stderr
    env = {
        "PATH": os.environ.get("PATH", ""),
        "CHUDAN_HQ_HOME": str(tmp_path / "home"),
        "CHUDAN_HQ_DB_URL": f"sqlite:///{tmp_path / 'hq.sqlite3'}",
    }
    up = subprocess.run(
        [str(venv / "bin" / "chudan-hq"), "db", "upgrade"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert up.returncode == 0 and "Database at revision" in up.stdout, up.stdout + up.stderr
    assert (tmp_path / "hq.sqlite3").exists()
