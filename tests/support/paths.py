"""Where the repository and its test data are."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
SPECIMEN_IMAGES = FIXTURES / "specimens" / "images"  # made-up documents with truth.json beside them
FROZEN_STORES = FIXTURES / "stores"  # a store from every released schema
EXAMPLES = REPO / "resources" / "examples"
