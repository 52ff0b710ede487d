"""Settings: the local file read before log-in (language), and the secrets and outlet-wide
values kept inside the encrypted store."""
