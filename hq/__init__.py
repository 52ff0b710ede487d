"""See docs/architecture.md and docs/hq.md for what lives here."""
