"""The repository stands alone: a person who clones it has every document the code and the docs
refer to. No tracked text file may name a document outside the repository (the first design
notes, the style notes or the domain notes the project started from, which now live in
docs/architecture.md and docs/regulations.md) or an issue-tracker number ("issue 6 step 3"):
say what is meant in words, or point at the page in docs/ that holds it.

A pure test: it reads `git ls-files` and the files, nothing else."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

# The patterns are assembled from parts so that this file does not match them itself.
_MD = r"\.md\b"
OUTSIDE_DOCUMENTS = re.compile(
    "|".join(
        [
            r"\.\./" + "shared" + r"\b",  # the folder beside the repository
            r"\b" + "shared" + r"/[\w.-]+",  # shared/DESIGN.md, shared/domain.md, …
            r"\b(?:" + "DESIGN" + "|" + "STYLE" + "|" + "domain" + ")" + _MD,
        ]
    )
)
TRACKER_NUMBERS = re.compile(
    "|".join(
        [
            # "issue 6", "Issue 4 figures", "issue #7", "issue-3 figure", "task 12", "ticket 5"
            r"\b(?:" + "issue" + "|" + "task" + "|" + "ticket" + r")s?[ \t_-]?#?\d+\b",
            # a bare "#12" or "(#12)" as a reference (not "PKCS#8", not a colour like "#1b5e20")
            r"(?:^|[\s(\[])" + "#" + r"\d{1,4}\b(?![\w-])",
        ]
    ),
    re.IGNORECASE,
)


def _repository() -> Path | None:
    git = shutil.which("git")
    if git is None:
        return None
    here = Path(__file__).resolve().parent
    r = subprocess.run(
        [git, "rev-parse", "--show-toplevel"], cwd=here, capture_output=True, text=True
    )
    return Path(r.stdout.strip()) if r.returncode == 0 else None


def _tracked_text_files(repo: Path) -> list[tuple[str, str]]:
    """(path, text) of every tracked file that is text (UTF-8 without NUL bytes)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=repo, capture_output=True, check=True
    ).stdout
    files = []
    for name in listed.decode("utf-8").split("\0"):
        path = repo / name
        if not name or not path.is_file():  # deleted in the work tree, or a submodule
            continue
        data = path.read_bytes()
        if b"\0" in data:
            continue
        try:
            files.append((name, data.decode("utf-8")))
        except UnicodeDecodeError:
            continue  # binary (images, fonts, compiled translations)
    return files


def _hits(pattern: re.Pattern[str], files: list[tuple[str, str]]) -> list[str]:
    me = Path(__file__).name
    found = []
    for name, text in files:
        if Path(name).name == me:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            m = pattern.search(line)
            if m:
                found.append(f"{name}:{number}: {m.group(0).strip()!r} in {line.strip()[:120]!r}")
    return found


@pytest.fixture(scope="module")
def tracked_files() -> list[tuple[str, str]]:
    repo = _repository()
    if repo is None:
        pytest.skip("not a git checkout (an installed copy): nothing to scan")
    return _tracked_text_files(repo)


def test_no_file_names_a_document_outside_the_repository(tracked_files):
    hits = _hits(OUTSIDE_DOCUMENTS, tracked_files)
    assert not hits, (
        "these name documents outside the repository; point at docs/architecture.md or "
        "docs/regulations.md (with its § number) instead:\n" + "\n".join(hits)
    )


def test_no_file_names_an_issue_tracker_number(tracked_files):
    hits = _hits(TRACKER_NUMBERS, tracked_files)
    assert not hits, (
        "these cite tracker numbers a reader of the repository cannot look up; say what "
        "they meant in words:\n" + "\n".join(hits)
    )


@pytest.mark.parametrize(
    "text",
    [
        "see ../" + "shared/" + "DESIGN.md",
        "domain" + ".md §5.1",
        "(" + "STYLE" + ".md: sync defensively)",
    ],
)
def test_the_outside_document_pattern_catches_what_it_is_for(text):
    assert OUTSIDE_DOCUMENTS.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "issue" + " 6 step 3",
        "Issue" + " 4 figures",
        "an issue" + "-3 figure",
        "issue" + " #7",
        "task" + " 12",
        "(" + "#" + "12)",
        "see " + "#" + "4 for why",
    ],
)
def test_the_tracker_pattern_catches_what_it_is_for(text):
    assert TRACKER_NUMBERS.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "issue the policy 2 days later",
        "the issue date 2024-03-01",
        "issued 3 policies",
        "reissue 2 cards",
        "PKCS#8 PEM",
        "color: #1b5e20;",
        "color: #c62828;",
        "issue_while_pending=False",
        "docs/regulations.md §7.1",
        "## 3. Heading",
        "tissue 5",
    ],
)
def test_the_patterns_leave_ordinary_text_alone(text):
    assert not OUTSIDE_DOCUMENTS.search(text)
    assert not TRACKER_NUMBERS.search(text)
