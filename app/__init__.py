"""Chudan's domain and application services. No Qt, no HTTP (see DESIGN.md)."""

__version__ = "0.1.0"
