"""The steps of an issuance, in order, by the keys drafts are saved under. Their flow (what each
checks, runs and leads to) is app/issuance/flow.py; this module stays small because the drafts
service, which the log-in window already needs, imports it."""

STEPS = ("customer", "vehicle", "coverage", "review", "payment")
# Older drafts were saved under a finer list of steps: each maps to where it is shown now.
OLD_STEPS = {"underwriting": "coverage", "bind": "payment"}
