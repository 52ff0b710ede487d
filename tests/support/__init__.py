"""Helpers tests and benchmarks share (not fixtures: those live in conftest.py files)."""
