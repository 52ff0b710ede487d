"""Who may do what: log-in, accounts, roles and permissions, revealing masked data, and the
hash-chained audit log that records each of them."""
