"""See docs/architecture.md (the store) for what lives here."""

# Here rather than in store.py so that start-up can ask whether a store exists without importing
# SQLAlchemy (the log-in window is shown before the store opens).
DB_FILENAME = "chudan.db"
