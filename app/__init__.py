"""Chudan's domain and application services. No Qt, no HTTP (see docs/architecture.md)."""

__version__ = "0.1.0"
