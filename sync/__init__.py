"""See docs/architecture.md and docs/sync.md for what lives here."""
