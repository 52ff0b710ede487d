"""Delivering e-policies to customers: the queue and its retries, e-mail over SMTP, and text
messages through the insurer's SMS gateway."""
