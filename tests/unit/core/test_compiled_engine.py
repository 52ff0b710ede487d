"""The compiled engine (app/core/compiled.py): an edited source is never shadowed by the old
compiled file without the test session and `python -m app.core.compiled` saying so."""

from __future__ import annotations

import json
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from app.core.compiled import DIGESTS, MODULES, ROOT, digest, source_of, stale


def _tree(tmp_path: Path) -> Path:
    """A copy of the compiled modules' sources, each with a (fake) compiled file beside it."""
    for m in MODULES:
        src = source_of(m)
        dst = source_of(m, tmp_path)
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(src.read_bytes())
        stem = "__init__" if dst.name == "__init__.py" else dst.stem
        dst.with_name(stem + EXTENSION_SUFFIXES[0]).write_bytes(b"\x7fELF")
    record = tmp_path / DIGESTS.relative_to(ROOT)
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({m: digest(source_of(m, tmp_path)) for m in MODULES}))
    return tmp_path


def test_a_source_edited_after_the_build_is_named_stale(tmp_path):
    root = _tree(tmp_path)
    assert stale(root) == []
    engine = source_of("app.rating.engine", root)
    engine.write_text(engine.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert stale(root) == ["app.rating.engine"]


def test_compiled_files_without_a_record_of_their_build_are_stale(tmp_path):
    root = _tree(tmp_path)
    (root / DIGESTS.relative_to(ROOT)).unlink()
    assert stale(root) == list(MODULES)


def test_python_sources_without_compiled_files_are_never_stale(tmp_path):
    root = _tree(tmp_path)
    for f in root.rglob("*" + EXTENSION_SUFFIXES[0]):
        f.unlink()
    source_of("app.core.money", root).write_text("# edited\n", encoding="utf-8")
    assert stale(root) == []
