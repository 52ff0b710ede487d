"""Underwriting: the rate table's rules applied to a quote's facts (app/underwriting/decisions.py;
docs/rating.md). The rules live in a module of their own rather than here so that they can be
compiled with the engine (app/core/compiled.py): a compiled package `__init__` loses its
submodules when run away from the checkout."""

from app.underwriting.decisions import CTPL_ALONE, CTPL_WHILE_REFERRED, Decision, Fired, underwrite

__all__ = ["CTPL_ALONE", "CTPL_WHILE_REFERRED", "Decision", "Fired", "underwrite"]
