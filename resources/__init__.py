"""See docs/architecture.md (the repository) for what lives here."""
