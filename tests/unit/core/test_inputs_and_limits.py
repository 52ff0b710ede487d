"""What comes in from outside is bounded in one place each: JSON (nesting, numbers), files a
person names (regular files up to a size), amounts (one rule), free text (length and printable
characters), and files written where a person says."""

from __future__ import annotations

import json
import os
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.errors import ChudanError, InvalidInput
from app.core.input_files import read_user_file
from app.core.json_input import nesting_depth, parse_json
from app.core.limits import MAX_ADDRESS, MAX_AMOUNT, MAX_JSON_DEPTH, text_problem
from app.core.money import FEN, check_amount, to_decimal
from app.core.output_files import checked_destination, replacing, write_new_file
from app.rating.signing import RateTableError


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet='[]{}"\\ab,:\u4e2d'),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=20,
)


@given(json_values)
def test_nesting_is_measured_as_the_parser_would_recurse(value):
    """Brackets inside strings (escaped quotes too) do not count."""
    assert nesting_depth(json.dumps(value)) == _depth(value)


@pytest.mark.parametrize("text", ['[[ {"a": "]]', '[[ {"a\\"": "]]'])
def test_a_string_left_open_ends_the_count(text):
    """With and without an escaped quote before it (the two ways the text is scanned)."""
    assert nesting_depth(text) == 3


def test_deep_nesting_is_refused_before_the_parser_recurses():
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(InvalidInput, match="nests 100000 levels deep"):
        parse_json(deep, what="the request")
    ok = "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH
    assert _depth(parse_json(ok, what="the request")) == MAX_JSON_DEPTH


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[1e999999]", "out of range"),
        ('{"amount": NaN}', "NaN is not a number JSON allows"),
        ("[-Infinity]", "-Infinity is not a number JSON allows"),
        ("1" * 5000, "not valid JSON"),
        ('{"a": 1', "not valid JSON"),
        (b"\x89PNG\r\n\x1a\n\xff", "not UTF-8"),
    ],
)
def test_numbers_no_one_could_mean_and_broken_files_are_refused(text, says):
    with pytest.raises(InvalidInput, match=says):
        parse_json(text, what="the request")


def test_the_error_is_the_callers_kind():
    """A rate table's loader refuses with RateTableError, which sync handles as a refused table."""
    with pytest.raises(RateTableError):
        parse_json("[" * 1000 + "]" * 1000, what="The rate table", error=RateTableError)


def _read_in_thread(path: Path, **kw) -> BaseException | bytes:
    """Read on a thread so that a reader that blocks fails the test instead of hanging it."""
    box: list = []

    def run() -> None:
        try:
            box.append(read_user_file(path, what="the photo", max_bytes=1024, **kw))
        except BaseException as exc:  # noqa: BLE001  (handed back to the test)
            box.append(exc)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(timeout=5)
    assert box, "the read blocked"
    return box[0]


def test_a_fifo_is_refused_at_once(tmp_path):
    fifo = tmp_path / "id.jpg"
    os.mkfifo(fifo)
    err = _read_in_thread(fifo)
    assert isinstance(err, InvalidInput) and "not a regular file" in str(err)


def test_a_link_to_dev_zero_is_refused_without_reading_it(tmp_path):
    link = tmp_path / "id.jpg"
    link.symlink_to("/dev/zero")
    err = _read_in_thread(link)
    assert isinstance(err, InvalidInput) and "not a regular file" in str(err)


def test_directories_missing_and_oversized_files_each_say_so(tmp_path):
    assert "is a folder" in str(_read_in_thread(tmp_path))
    assert "There is no file" in str(_read_in_thread(tmp_path / "nope.jpg"))
    big = tmp_path / "big.jpg"
    big.write_bytes(b"x" * 1025)
    assert "too large" in str(_read_in_thread(big))
    small = tmp_path / "small.jpg"
    small.write_bytes(b"x" * 1024)
    assert _read_in_thread(small) == b"x" * 1024


def test_the_error_class_is_the_callers(tmp_path):
    err = _read_in_thread(tmp_path / "nope", error=RateTableError)
    assert isinstance(err, RateTableError)


finite_or_not = st.decimals(allow_nan=True, allow_infinity=True) | st.sampled_from(
    [Decimal("1e999999"), Decimal("1e-999999"), Decimal("1e308"), Decimal("-0.01")]
)


@settings(max_examples=100)
@given(finite_or_not)
def test_an_amount_is_kept_whole_or_refused_with_a_reason(value):
    """Whatever Decimal comes in: accepted only when it is money the one rounding rule leaves
    alone; otherwise ValueError, never InvalidOperation or an overflow further on."""
    try:
        kept = check_amount(value)
    except ValueError as exc:
        assert str(exc)
        return
    assert Decimal(0) <= kept <= MAX_AMOUNT and kept.quantize(FEN) == kept


def test_the_money_parser_takes_strings_and_keeps_the_rule():
    assert to_decimal("950.00") == Decimal("950.00")
    for bad in ("1e999999", "NaN", "abc", "0.001"):
        with pytest.raises(ValueError):
            to_decimal(bad)


@given(st.text(max_size=300))
def test_free_text_is_refused_exactly_when_too_long_or_not_printable(text):
    import unicodedata

    problem = text_problem(text, MAX_ADDRESS)
    bad_char = any(
        unicodedata.category(c) in ("Cc", "Cf", "Cs") or c in "\u2028\u2029" for c in text
    )
    assert (problem is None) == (len(text) <= MAX_ADDRESS and not bad_char)


@pytest.mark.parametrize(
    "bad", ["北京\x00路", "gpj.\u202eexe", "a\u200bb", "\ud800", "a\nb", "\x1b[2J"]
)
def test_controls_and_invisible_characters_are_refused(bad):
    assert text_problem(bad, MAX_ADDRESS) is not None


def test_a_note_may_have_several_lines():
    assert text_problem("第一行\n第二行\t", 50, multiline=True) is None
    assert text_problem("北京市朝阳区建国路88号", MAX_ADDRESS) is None


@pytest.fixture
def data_home(tmp_path) -> Path:
    home = tmp_path / "home"
    (home / "backups").mkdir(parents=True)
    (home / "chudan.db").write_bytes(b"store")
    (home / "chudan.db.key").write_text("k" * 64)
    return home


def _dest(path: Path, home: Path, force: bool = False) -> Path:
    return checked_destination(
        path,
        home=home,
        force=force,
        what="a backup",
        protected=[home / "chudan.db", home / "chudan.db.key"],
        allowed_in_home=[home / "backups"],
    )


def test_the_store_and_its_key_are_never_a_destination_by_any_path(data_home, tmp_path):
    link = tmp_path / "innocent.db"
    link.symlink_to(data_home / "chudan.db.key")
    hard = tmp_path / "hard.db"
    os.link(data_home / "chudan.db.key", hard)
    for path in (data_home / "chudan.db.key", link, hard, data_home / ".." / "home" / "chudan.db"):
        with pytest.raises(InvalidInput, match="own chudan.db"):
            _dest(path, data_home, force=True)


def test_where_a_new_file_may_go(data_home, tmp_path):
    with pytest.raises(InvalidInput, match="inside the data directory"):
        _dest(data_home / "mine.db", data_home)
    assert (
        _dest(data_home / "backups" / "b.db", data_home)
        == (data_home / "backups" / "b.db").resolve()
    )
    with pytest.raises(InvalidInput, match="is a folder"):
        _dest(tmp_path, data_home, force=True)
    with pytest.raises(InvalidInput, match="not a regular file"):
        _dest(Path("/dev/null"), data_home, force=True)
    with pytest.raises(InvalidInput, match="does not exist"):
        _dest(tmp_path / "no" / "b.db", data_home)
    old = tmp_path / "old.db"
    old.write_bytes(b"keep")
    with pytest.raises(InvalidInput, match="--force"):
        _dest(old, data_home)
    assert _dest(old, data_home, force=True) == old.resolve()


def test_a_failed_write_leaves_nothing_beside_the_destination(tmp_path):
    dest = tmp_path / "b.db"
    with pytest.raises(RuntimeError), replacing(dest, "the backup") as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk gone")
    assert list(tmp_path.iterdir()) == []
    write_new_file(dest, b"whole", "the backup")
    assert [p.name for p in tmp_path.iterdir()] == ["b.db"] and dest.read_bytes() == b"whole"
    assert oct(dest.stat().st_mode & 0o777) == "0o600"


def test_an_unwritable_folder_is_one_line(tmp_path):
    with pytest.raises(ChudanError, match="Cannot write the backup in /proc"):
        with replacing(Path("/proc/chudan-backup.db"), "the backup"):
            pass


@settings(max_examples=300)
@given(st.text(max_size=40), st.booleans())
def test_text_problem_objects_exactly_to_controls_formats_and_line_breaks(value, multiline):
    """The printable shortcut agrees with the character-by-character rule."""
    import unicodedata

    from app.core.limits import text_problem

    allowed = {"\n", "\t"} if multiline else set()
    bad = any(
        ch not in allowed
        and (
            ch in {"\n", "\r", "\u2028", "\u2029", "\x85"}
            or unicodedata.category(ch) in {"Cc", "Cf", "Cs"}
        )
        for ch in value
    )
    assert (text_problem(value, 100, multiline=multiline) is not None) == bad
